"""Crash safety: the ingest killed with SIGKILL in the middle of a corpus, then run again.

The store must open (``PRAGMA integrity_check``), hold no half document (every stored document has
exactly the rows a clean run gives it), keep everything stored before the kill, and the rerun must
complete the rest so that the store equals a clean run's. Done through the CLI here and through
the dashboard's upload processing in ``tests/test_upload.py``.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_cli import run_cli
from tests.test_ingest import summary

CITIES = ["حمص", "حلب", "دمشق", "إدلب", "حماة", "اللاذقية", "درعا", "الرقة", "تدمر", "منبج"]
TABLES = {"documents": "doc_id, content_hash, text, title, date, date_source, source, url, display_text",
          "passages": "*", "place_mentions": "*", "date_mentions": "*"}


def write_crash_corpus(folder: Path, articles: int = 2000) -> Path:
    """JSON lines of short articles, each naming two cities and a date: many batches of 32."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "news.jsonl").open("w", encoding="utf-8") as out:
        for i in range(articles):
            a, b = CITIES[i % len(CITIES)], CITIES[(i * 7 + 3) % len(CITIES)]
            text = (f"قصفت الطائرات مدينة {a} صباح اليوم {i % 28 + 1} آب 2017. وقال سكان في {b} إن "
                    f"الاشتباكات توقفت بعد ساعات، وإن القافلة رقم {i} وصلت إلى {a} مساء.")
            out.write(json.dumps({"id": f"n{i}", "title": f"خبر {i}", "date": "2017-08-01", "text": text},
                                 ensure_ascii=False) + "\n")
    return folder


def stored_rows(db: Path) -> dict[str, set[tuple]]:
    """Every row of the store's content tables (read-only), by table; documents without their path,
    so a corpus stored from another folder (an upload's) compares equal."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {table: set(conn.execute(f"SELECT {columns} FROM {table}")) for table, columns in TABLES.items()}
    finally:
        conn.close()


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet, or locked for a moment
        return 0


def kill_when_stored(pid: int, db: Path, wait, at_least: int = 64) -> int:
    """SIGKILL ``pid`` once ``at_least`` documents are stored; ``wait(seconds)`` returns True once
    the process has ended on its own. The number stored just before the kill."""
    while True:
        count = stored_count(db)
        if count >= at_least:
            os.kill(pid, signal.SIGKILL)
            return count
        if wait(0.05):
            pytest.fail(f"the run ended before {at_least} documents were stored ({count})")


def assert_no_process_left(db: Path) -> None:
    """No process of the killed run lingers: its forked workers die with it (they would otherwise
    wait for work forever, holding the pipes of whoever started the run)."""
    def left() -> list[int]:
        out = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and str(db).encode() in (proc / "cmdline").read_bytes():
                    if (proc / "stat").read_text().split(")")[-1].split()[0] != "Z":  # a zombie holds nothing
                        out.append(int(proc.name))
            except OSError:
                continue
        return out

    for _ in range(600):  # the kernel delivers the parent-death signal at once; allow a loaded machine
        if not left():
            return
        threading.Event().wait(0.1)
    pytest.fail(f"processes of the killed run are still running: {left()}")


def assert_whole_documents(db: Path, clean: dict[str, set[tuple]]) -> set[str]:
    """The store opens and passes its integrity check, and each document it holds has all of its
    rows as in the clean run and nothing else: no half document. Returns the stored ids."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    rows = stored_rows(db)
    ids = {r[0] for r in rows["documents"]}
    for table in TABLES:
        mine = {r for r in clean[table] if r[0] in ids}
        assert rows[table] == mine, f"{table}: rows differ from a clean run for the stored documents"
    return ids


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory) -> tuple[Path, dict[str, set[tuple]]]:
    """The corpus, and the rows of a clean, uninterrupted run over it."""
    tmp = tmp_path_factory.mktemp("crash")
    corpus = write_crash_corpus(tmp / "corpus")
    clean = run_cli(str(corpus), "--db", str(tmp / "clean.sqlite"), "--jobs", "2")
    assert clean.returncode == 0, clean.stderr
    return corpus, stored_rows(tmp / "clean.sqlite")


def test_sigkill_mid_corpus_then_rerun_completes_it(crash_corpus, tmp_path):
    corpus, clean = crash_corpus
    total = len(clean["documents"])
    db = tmp_path / "killed.sqlite"
    process = subprocess.Popen([sys.executable, "-m", "extraction", str(corpus), "--db", str(db), "--jobs", "2"],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ended(seconds: float) -> bool:
        try:
            process.wait(timeout=seconds)
            return True
        except subprocess.TimeoutExpired:
            return False

    seen = kill_when_stored(process.pid, db, ended)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert_no_process_left(db)
    kept = assert_whole_documents(db, clean)
    assert seen <= len(kept) < total  # everything committed before the kill is kept; the rest is not there
    rerun = run_cli(str(corpus), "--db", str(db), "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert summary(rerun.stderr) == (total - len(kept), len(kept), 0, 0, 0)
    assert stored_rows(db) == clean
