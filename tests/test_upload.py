"""Uploads: names we choose, the size limit, the new/changed/unchanged/failed summary, and crash safety
through the dashboard's upload processing (the browser test is in ``tests/test_browser_upload.py``)."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import pytest

from makan_ui import upload
from makan_ui.upload import Incoming, UploadError, safe_name, save_upload, unfinished
from tests.conftest import REPO
from tests.test_crash import (assert_no_process_left, assert_whole_documents, kill_when_stored, stored_rows,
                              write_crash_corpus)
from tests.test_cli import run_cli

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.mark.parametrize("given, ours", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\x\\news.jsonl", "news.jsonl"),
    ('<img src=x onerror="alert(1)">.TXT', "img src_x onerror_alert_1.txt"),
    (".bashrc.csv", "bashrc.csv"),
    ("-rf --db.zip", "rf --db.zip"),
    ("/", "upload"),
    ("تقرير حمص.html", "تقرير حمص.html"),
])
def test_files_are_saved_under_names_we_choose(given, ours):
    assert safe_name(given, set()) == ours


def test_a_name_given_twice_is_kept_apart():
    taken: set[str] = set()
    assert [safe_name(n, taken) for n in ("a.txt", "x/a.txt", "a.txt")] == ["a.txt", "a-2.txt", "a-3.txt"]


def test_an_upload_over_the_limit_is_refused_whole(tmp_path, data_home):
    files = [Incoming("a.txt", "قصف على حمص".encode()), Incoming("b.txt", b"x" * 2000)]
    with pytest.raises(UploadError, match="holds 2,020 bytes, more than the limit of 1,024 bytes"):
        save_upload(files, tmp_path / "s.sqlite", "local:test", limit=1024)
    assert not data_home.exists()  # nothing written


def test_saved_files_stay_inside_the_upload_folder_with_a_manifest(tmp_path):
    batch = save_upload([Incoming("../../evil.txt", "قصف على حمص".encode()), Incoming("photo.png", PNG)],
                        tmp_path / "s.sqlite", "local:test")
    assert [p.name for p in batch.files.iterdir()] == ["evil.txt"]
    assert batch.refused == ("photo.png: has an unsupported type '.png' (supported: csv, htm, html, json, jsonl, "
                             "txt, zip)",)
    manifest = batch.manifest()
    assert manifest["user"] == "local:test" and manifest["processed_at"] is None
    assert manifest["files"] == [{"name": "../../evil.txt", "stored": "evil.txt", "bytes": len("قصف على حمص".encode())}]
    assert not (tmp_path / "evil.txt").exists() and not list(tmp_path.glob("**/.*partial"))


def _process(files: list[Incoming], db: Path) -> upload.UploadRun:
    run = upload.UploadRun(save_upload(files, db, "local:test"), db)
    run.process(REPO)
    return run


def test_summary_counts_new_changed_unchanged_and_names_the_failures(tmp_path):
    db = tmp_path / "s.sqlite"
    rows = "\n".join(json.dumps({"id": f"r{i}", "text": f"قصف على مدينة {c}."}, ensure_ascii=False)
                     for i, c in enumerate(["حلب", "دمشق"]))
    first = [Incoming("a.txt", "قصفت الطائرات مدينة حمص.".encode()), Incoming("rows.jsonl", rows.encode()),
             Incoming("picture.txt", PNG), Incoming("empty.txt", b"")]
    one = _process(first, db)
    assert one.run.returncode == 0
    assert one.outcome.new == 3 and (one.outcome.changed, one.outcome.unchanged, one.outcome.empty) == (0, 0, 1)
    assert one.outcome.failed == ("picture.txt: is a PNG image, not text",)  # the name the user gave
    again = _process(first[:2], db)
    assert (again.outcome.new, again.outcome.changed, again.outcome.unchanged, again.outcome.failed) == (0, 0, 3, ())
    edited = _process([Incoming("a.txt", "قصفت الطائرات مدينة حماة.".encode())], db)
    assert (edited.outcome.new, edited.outcome.changed, edited.outcome.unchanged) == (0, 1, 0)
    assert unfinished(db) == []


def test_upload_processing_killed_mid_way_is_completed_when_processed_again(tmp_path):
    corpus = write_crash_corpus(tmp_path / "corpus")
    data = (corpus / "news.jsonl").read_bytes()
    clean_db = tmp_path / "clean.sqlite"
    assert run_cli(str(corpus), "--db", str(clean_db), "--jobs", "2").returncode == 0
    clean = stored_rows(clean_db)
    db = tmp_path / "upload.sqlite"
    batch = save_upload([Incoming("news.jsonl", data)], db, "local:test")
    killed = upload.UploadRun(batch, db)
    worker = threading.Thread(target=killed.process, args=(REPO,))
    worker.start()
    while killed.run is None or killed.run.pid is None:
        assert not killed.finished.wait(0.02), "the upload ended before its process started"
    seen = kill_when_stored(killed.run.pid, db, killed.finished.wait)
    worker.join(timeout=600)  # the run's end is seen: no worker of the killed CLI holds its stderr open
    assert not worker.is_alive(), "the upload never saw its killed run end"
    assert_no_process_left(db)
    assert killed.run.returncode == -signal.SIGKILL
    kept = assert_whole_documents(db, clean)
    assert seen <= len(kept) < len(clean["documents"])
    assert [b.folder for b in unfinished(db)] == [batch.folder]  # offered again in the page
    resumed = upload.UploadRun(unfinished(db)[0], db)
    resumed.process(REPO)
    assert resumed.run.returncode == 0
    assert resumed.outcome.unchanged == len(kept) and resumed.outcome.failed == ()
    assert stored_rows(db) == clean and unfinished(db) == []
    assert os.listdir(batch.files) == ["news.jsonl"]
