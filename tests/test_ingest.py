"""Ingesting corpora at scale: parallel output equal to serial, deleted files, progress, Dask."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from extraction.document import Document
from extraction.search_terms import index_terms
from extraction.signatures import RACY_NS, file_signature
from extraction.unique_ids import UniqueIds
from geo.store import Filters, Store
from tests.test_cli import REPO, run_cli, write_corpus

ARTICLES = {
    "a.txt": "قصفت الطائرات مدينة حمص صباح اليوم. وفي 3 آب 2017 عاد الهدوء.",
    "b.txt": "وصلت قافلة إلى حلب ثم إلى إدلب.",
    "c.txt": "أعلنت دمشق أنها سترد على القصف في درعا.",
}
ROWS = [{"id": f"row-{i}", "content": f"قصف على مدينة {city} يوم {i} تموز 2015.", "date_extracted": "2015-07-21 10:00:00"}
        for i, city in enumerate(["حمص", "حلب", "دمشق", "إدلب", "حماة", "اللاذقية", "درعا", "الرقة"] * 3)]
SUMMARY = re.compile(r"makan: (\d+) processed, (\d+) unchanged, (\d+) failed -> .*, (\d+) empty(?:, (\d+) missing)?")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three text files, a JSON array in a zip, with one empty article, and JSON lines."""
    folder = write_corpus(tmp_path / "corpus", ARTICLES)
    with zipfile.ZipFile(folder / "day.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("day.json", json.dumps(ROWS[:12] + [{"content": ""}], ensure_ascii=False))
    (folder / "more.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS[12:]),
                                       encoding="utf-8")
    return folder


def summary(stderr: str) -> tuple[int, ...]:
    found = SUMMARY.search(stderr)
    assert found, stderr
    return tuple(int(g) if g is not None else -1 for g in found.groups())


def test_two_jobs_write_the_same_lines_in_the_same_order_as_one(corpus):
    one = run_cli(str(corpus), "--jsonl", "--jobs", "1")
    two = run_cli(str(corpus), "--jsonl", "--jobs", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout.count("\n") > 30 and two.stdout == one.stdout
    assert summary(two.stderr) == (27, 0, 0, 1, -1)  # 3 files + 24 rows processed, the empty one counted


def test_empty_articles_are_counted_not_failed_and_the_rerun_processes_nothing(corpus, store_target):
    db = store_target  # a file, then a postgresql:// URL
    first = run_cli(str(corpus), "--db", str(db), "--jobs", "2")
    assert first.returncode == 0 and summary(first.stderr) == (27, 0, 0, 1, 0)
    assert "skipped" not in first.stderr
    again = run_cli(str(corpus), "--db", str(db), "--jobs", "2")
    assert summary(again.stderr) == (0, 27, 0, 1, 0)
    with Store(db) as store:
        assert len(store.documents()) == 27


def test_a_deleted_file_is_hidden_then_pruned_and_other_roots_are_left_alone(corpus, tmp_path, store_target):
    other = write_corpus(tmp_path / "other", {"z.txt": "قصف على مدينة حماة"})
    db = store_target
    assert run_cli(str(corpus), str(other), "--db", str(db)).returncode == 0
    with Store(db) as store:
        store.set_document_date("b.txt", "2016-03")
    (corpus / "b.txt").unlink()
    (corpus / "more.jsonl").unlink()
    hidden = run_cli(str(corpus), "--db", str(db))  # the other root is not given: its file stays
    assert "13 documents missing from the corpus (hidden; --prune deletes them)" in hidden.stderr
    assert summary(hidden.stderr)[-1] == 13
    with Store(db) as store:
        ids = set(store.documents()["doc_id"])
        assert "b.txt" not in ids and "row-12" not in ids and {"a.txt", "z.txt", "row-0"} <= ids
        assert "b.txt" not in set(store.mentions()["doc_id"])

    (corpus / "b.txt").write_text(ARTICLES["b.txt"], encoding="utf-8")  # back, unchanged: shown again
    back = run_cli(str(corpus), "--db", str(db))
    assert summary(back.stderr)[:2] == (0, 15) and summary(back.stderr)[-1] == 12
    with Store(db) as store:
        assert "b.txt" in set(store.documents()["doc_id"])
        assert store.documents().set_index("doc_id").loc["b.txt", "user_date"] == "2016-03"  # kept while hidden

    (corpus / "b.txt").unlink()
    pruned = run_cli(str(corpus), "--db", str(db), "--prune")
    assert "13 missing documents deleted (--prune)" in pruned.stderr and summary(pruned.stderr)[-1] == 0
    with Store(db) as store:
        assert store.stored_hashes(["b.txt", "row-12", "z.txt"]).keys() == {"z.txt"}
        assert store.documents()["user_date"].isna().all()  # its date correction went with it


def test_two_files_of_a_corpus_with_the_same_id_both_stay_and_keep_their_names_on_every_run(tmp_path, store_target):
    # Folders by date holding the same file names, and two exports that each number their rows from 1:
    # every article must reach the store (one used to replace the other, the run saying "4 processed").
    corpus = tmp_path / "corpus"
    write_corpus(corpus, {})
    write_corpus(corpus / "2017", {"1.txt": "قصفت الطائرات مدينة حمص."})
    write_corpus(corpus / "2018", {"1.txt": "وصلت قافلة إلى حلب."})
    (corpus / "x.csv").write_text("id,text\n7,زار الوفد دمشق\n", encoding="utf-8")
    (corpus / "y.csv").write_text("id,text\n7,وصل الوفد إلى إدلب\n", encoding="utf-8")
    db = store_target
    first = run_cli(str(corpus), "--db", str(db), "--jobs", "2")
    assert first.returncode == 0 and summary(first.stderr)[:3] == (4, 0, 0)
    assert f"{corpus / '2018' / '1.txt'}: the id '1.txt' is already that of {corpus / '2017' / '1.txt'}; " \
           "this document is named '2018/1.txt'" in first.stderr
    assert f"{corpus / 'y.csv'}: the id '7' is already that of {corpus / 'x.csv'}" in first.stderr
    expected = {"1.txt": "حمص", "2018/1.txt": "حلب", "7": "دمشق", "y.csv#7": "إدلب"}

    def stored() -> dict[str, str]:
        with Store(db) as store:
            return {doc_id: store.document_text(doc_id) for doc_id in store.documents()["doc_id"]}

    texts = stored()
    assert texts.keys() == expected.keys() and all(place in texts[doc_id] for doc_id, place in expected.items())
    lines = run_cli(str(corpus), "--jsonl", "--jobs", "1").stdout  # the same names without a store
    assert {json.loads(line)["doc"] for line in lines.splitlines()} == expected.keys()

    (corpus / "2018" / "1.txt").write_text("وصلت قافلة إلى حماة.", encoding="utf-8")
    (corpus / "y.csv").write_text("id,text\n7,وصل الوفد إلى درعا\n", encoding="utf-8")
    again = run_cli(str(corpus), "--db", str(db))  # the edited files' documents keep their names
    assert summary(again.stderr)[:3] == (2, 2, 0) and summary(again.stderr)[-1] == 0
    texts = stored()
    assert texts.keys() == expected.keys() and "حماة" in texts["2018/1.txt"] and "درعا" in texts["y.csv#7"]
    assert "حمص" in texts["1.txt"] and "دمشق" in texts["7"]


def test_a_stored_id_is_taken_over_only_when_its_file_is_gone_or_of_another_corpus(tmp_path):
    corpus, elsewhere = write_corpus(tmp_path / "corpus", {"a.txt": "حمص"}), tmp_path / "uploads" / "a.txt"
    (corpus / "day.zip").write_bytes(b"PK")
    stored = {"a.txt": str(corpus / "gone" / "a.txt"), "b.txt": str(elsewhere), "r1": str(corpus / "day.zip" / "day.json")}
    log: list[str] = []
    ids = UniqueIds([str(corpus)], log.append, lambda doc_ids: {i: stored[i] for i in doc_ids if i in stored})
    docs = [Document(doc_id="a.txt", text="حمص", path=str(corpus / "new" / "a.txt")),  # its old file was moved
            Document(doc_id="b.txt", text="حلب", path=str(corpus / "b.txt")),  # an upload's, outside the corpus
            Document(doc_id="r1", text="إدلب", path=str(corpus / "rows.jsonl"))]  # a zip member's, still there
    list(ids.batches([docs]))
    assert [d.doc_id for d in docs] == ["a.txt", "b.txt", "rows.jsonl#r1"] and len(log) == 1
    two_roots = UniqueIds([str(tmp_path / "2017"), str(tmp_path / "2018")], log.append)
    same_names = [Document(doc_id="1.txt", text="حمص", path=str(tmp_path / year / "1.txt")) for year in ("2017", "2018")]
    list(two_roots.batches([same_names]))
    assert [d.doc_id for d in same_names] == ["1.txt", os.path.join("2018", "1.txt")]


def test_an_unreadable_file_is_not_taken_for_deleted(corpus, tmp_path):
    db = tmp_path / "makan.sqlite"
    run_cli(str(corpus), "--db", str(db))
    (corpus / "day.zip").write_bytes(b"PK\x03\x04 damaged")
    result = run_cli(str(corpus), "--db", str(db))
    assert "day.zip" in result.stderr and summary(result.stderr)[-1] == 0
    with Store(db) as store:
        assert len(store.documents()) == 27


def _backdate(folder: Path) -> None:
    """Files last modified an hour ago: older than the racy window, so a run may record them."""
    for path in folder.iterdir():
        old = path.stat().st_mtime_ns - 3600 * 10**9
        os.utime(path, ns=(old, old))


def test_files_unchanged_since_the_last_run_are_not_read_and_every_change_is_seen(corpus, tmp_path):
    db = tmp_path / "makan.sqlite"
    _backdate(corpus)
    assert summary(run_cli(str(corpus), "--db", str(db)).stderr) == (27, 0, 0, 1, 0)
    again = run_cli(str(corpus), "--db", str(db))
    assert summary(again.stderr) == (0, 27, 0, 1, 0) and "5 files unchanged since the last run (not read)" in again.stderr
    assert again.stderr.splitlines()[-1].endswith(", 1 empty, 0 missing")  # the summary line keeps its format

    # Same size, old mtime given back (as cp -p or rsync -t would): its ctime moved, so it is read.
    b = corpus / "b.txt"
    before = b.stat()
    b.write_text(ARTICLES["b.txt"].replace("حلب", "حمص"), encoding="utf-8")
    os.utime(b, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert b.stat().st_size == before.st_size and b.stat().st_mtime_ns == before.st_mtime_ns
    changed = run_cli(str(corpus), "--db", str(db))
    assert summary(changed.stderr) == (1, 26, 0, 1, 0) and "4 files unchanged since the last run" in changed.stderr
    (corpus / "c.txt").unlink()  # deleted among unread files: hidden, and only it
    (corpus / "metadata.csv").write_text("file,title\na.txt,عنوان جديد\n", encoding="utf-8")  # a.txt's title
    after = run_cli(str(corpus), "--db", str(db))
    assert summary(after.stderr) == (1, 25, 0, 1, 1)
    with Store(db) as store:
        documents = store.documents().set_index("doc_id")
        assert len(documents) == 26 and "c.txt" not in documents.index
        assert documents.loc["a.txt", "title"] == "عنوان جديد"
        assert "حمص" in set(store.mentions(Filters(doc_ids=("b.txt",)))["text"])


def test_an_unchanged_corpus_is_passed_over_without_building_the_finder_or_forking(corpus, tmp_path, monkeypatch,
                                                                                    capsys):
    """Re-running on an unchanged corpus costs the listing: before, each re-run built the finder (0.4 s)
    and forked the workers, a third of an unchanged SaudiNewsNet run."""
    from extraction import __main__ as cli
    from extraction import pipeline

    db = tmp_path / "makan.sqlite"
    _backdate(corpus)
    assert cli.main([str(corpus), "--db", str(db), "--jobs", "1"]) == 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("built or forked for an unchanged corpus")

    monkeypatch.setattr(pipeline, "PlaceFinder", refuse)
    monkeypatch.setattr(cli, "local_executor", refuse)
    capsys.readouterr()
    assert cli.main([str(corpus), "--db", str(db), "--jobs", "2"]) == 0
    assert summary(capsys.readouterr().err) == (0, 27, 0, 1, 0)
    (corpus / "c.txt").unlink()  # a deleted file needs no worker either: it is hidden
    assert cli.main([str(corpus), "--db", str(db), "--jobs", "2"]) == 0
    assert summary(capsys.readouterr().err) == (0, 26, 0, 1, 1)


def test_a_file_modified_within_the_racy_window_gets_no_signature_nor_one_whose_metadata_is(tmp_path):
    folder = write_corpus(tmp_path / "corpus", {"a.txt": "نص", "b.jsonl": "{}"})
    _backdate(folder)
    a, b = folder / "a.txt", folder / "b.jsonl"
    now = time.time_ns()
    assert file_signature(a, now) is not None and file_signature(b, now) is not None
    assert file_signature(a, a.stat().st_mtime_ns + RACY_NS // 2) is None  # same tick as a write: untrusted
    (folder / "metadata.csv").write_text("file,title\na.txt,عنوان\n", encoding="utf-8")
    assert file_signature(a, now) is None and file_signature(b, now) is not None  # b has no metadata.csv
    _backdate(folder)
    with_metadata = file_signature(a, now)
    assert with_metadata is not None
    (folder / "metadata.csv").unlink()
    assert file_signature(a, now) != with_metadata


def test_progress_json_lines_parse_and_end_with_the_totals(corpus, tmp_path):
    result = run_cli(str(corpus), "--db", str(tmp_path / "makan.sqlite"), "--progress", "json")
    lines = [line for line in result.stderr.splitlines() if line.startswith("makan-progress ")]
    assert lines
    last = json.loads(lines[-1].removeprefix("makan-progress "))
    assert list(last) == ["docs_done", "bytes_done", "bytes_total", "files_done", "files_total", "mb_per_s", "eta_s"]
    total = sum(p.stat().st_size for p in corpus.iterdir())
    assert last == {**last, "docs_done": 27, "bytes_done": total, "bytes_total": total, "files_done": 5,
                    "files_total": 5, "eta_s": 0.0}
    assert isinstance(last["mb_per_s"], float)


def test_quiet_prints_only_errors(corpus, tmp_path):
    (corpus / "bad.csv").write_text("headline\nنص\n", encoding="utf-8")
    result = run_cli(str(corpus), "--db", str(tmp_path / "makan.sqlite"), "--quiet", "--progress", "json")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [line for line in result.stderr.splitlines() if "bad.csv" in line]
    assert len(result.stderr.splitlines()) == 1


def test_a_dask_cluster_of_two_workers_gives_the_single_process_output(corpus, tmp_path):
    single = run_cli(str(corpus), "--jsonl", "--jobs", "1")
    dask = run_cli(str(corpus), "--jsonl", "--workers", "2")
    assert dask.returncode == 0, dask.stderr
    assert dask.stdout == single.stdout


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and two one-thread workers started as the README says (``dask scheduler``,
    ``dask worker``), in their own processes; yields the scheduler's address."""
    from dask.distributed import Client

    info = tmp_path / "scheduler.json"
    common = ["--scheduler-file", str(info), "--no-dashboard"]
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", "0", *common], cwd=REPO, stderr=subprocess.DEVNULL)
    workers = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", "--nworkers", "2",
                                "--nthreads", "1", *common], cwd=REPO, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        with Client(scheduler_file=str(info), timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
            yield client.scheduler.address
    finally:
        for process in (workers, scheduler):
            process.terminate()
            process.wait(timeout=30)


def test_an_existing_dask_cluster_fills_the_store_as_one_process_would(corpus, tmp_path, dask_cluster,
                                                                       store_target):
    # on each backend, compared with one process writing a SQLite file
    on_cluster = run_cli(str(corpus), "--db", str(store_target), "--scheduler", dask_cluster)
    assert on_cluster.returncode == 0, on_cluster.stderr
    assert summary(on_cluster.stderr) == (27, 0, 0, 1, 0)
    run_cli(str(corpus), "--db", str(tmp_path / "one.sqlite"), "--jobs", "1")
    with Store(store_target) as dask, Store(tmp_path / "one.sqlite") as one:
        assert dask.mentions().equals(one.mentions()) and len(one.mentions()) > 20
        assert dask.documents().equals(one.documents())


def test_a_store_built_by_two_workers_equals_one_built_in_process(corpus, tmp_path):
    # the workers make the rows, search stems included, that one process would have written itself
    for jobs in ("1", "2"):
        assert run_cli(str(corpus), "--db", str(tmp_path / f"jobs{jobs}.sqlite"), "--jobs", jobs).returncode == 0
    tables = ("documents", "passages", "passage_terms", "place_mentions", "date_mentions")
    dumps = []
    for jobs in ("1", "2"):
        with sqlite3.connect(tmp_path / f"jobs{jobs}.sqlite") as conn:
            dumps.append({t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables})
            dumps[-1]["search"] = sorted(conn.execute(
                "SELECT doc_id, start FROM passage_terms WHERE id IN"
                " (SELECT rowid FROM passage_fts WHERE passage_fts MATCH ?)", [f'"{index_terms("حمص").split()[0]}"']))
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["passage_terms"]) > 20 and dumps[0]["search"]


def test_a_nul_in_an_article_is_stored_as_a_replacement_character_on_both_backends(tmp_path, store_target):
    """A NUL in a JSON string, or deep in a text file (past the first 4 KB, where NUL bytes would mark
    it binary), is no character of text: PostgreSQL refused it and stopped the whole ingest. It is
    read as U+FFFD, one for one, so the places after it keep their offsets; on SQLite as well."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rows.jsonl").write_text(json.dumps({"id": "n\u00001", "title": "قصف\u0000", "date": "2017-01-02",
                                                   "text": "قصف\u0000 على حمص اليوم."}) + "\n", encoding="utf-8")
    padding = "وعاد الهدوء إلى المدينة. " * 250  # 6 KB of text before the NUL
    (corpus / "late.txt").write_bytes((padding + "قصف\x00 على حلب.").encode("utf-8"))
    done = run_cli(str(corpus), "--db", str(store_target))
    assert done.returncode == 0 and summary(done.stderr) == (2, 0, 0, 0, 0), done.stderr
    with Store(store_target) as store:
        documents = store.documents()
        titles = dict(zip(documents["doc_id"], documents["title"].where(documents["title"].notna(), None)))
        assert titles == {"n\ufffd1": "قصف\ufffd", "late.txt": None}
        places = store.mentions()
        homs = places[places["place_id"] == "sy_homs"].iloc[0]
        assert (homs["start"], homs["end"]) == (9, 12)  # as in the text read: "قصف\ufffd على حمص"
        assert set(places["place_id"]) >= {"sy_homs", "sy_aleppo"}
