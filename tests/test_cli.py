"""The command-line contract that every outside check relies on: JSON lines, offsets, the store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PLACE_KEYS = {"type": str, "doc": str, "start": int, "end": int, "text": str, "place_id": (str, type(None)),
              "lat": (float, type(None)), "lon": (float, type(None)), "name": (str, type(None)), "name_ar": str,
              "level": (str, type(None)), "sense": str, "confidence": float, "passage_start": int,
              "passage_end": int, "date": (str, type(None)), "date_source": str}
LEVELS = {"country", "admin1", "admin2", "city", "town", "village", "district", "region", "poi", None}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extraction", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def shared_seeds() -> Path:
    from tests.conftest import require, shared_dir

    require((shared_dir() / "seeds").is_dir(), "../shared/seeds")
    return shared_dir()


@pytest.fixture(scope="module")
def seed_lines(shared_seeds: Path) -> list[dict]:
    shared = shared_seeds
    result = run_cli(str(shared / "seeds"), "--jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_place_line_keeps_the_contract(seed_lines, shared_seeds):
    shared = shared_seeds
    places = [r for r in seed_lines if r["type"] == "place"]
    assert len(places) > 100
    texts = {p.name: p.read_text(encoding="utf-8") for p in (shared / "seeds").glob("*.txt")}
    for row in places:
        for key, kind in PLACE_KEYS.items():
            assert isinstance(row[key], kind), (key, row)
        original = texts[row["doc"]]
        assert original[row["start"]:row["end"]] == row["text"]
        assert row["passage_start"] <= row["start"] < row["end"] <= row["passage_end"]
        assert row["level"] in LEVELS and row["sense"] in {"literal", "metonymic"}
        assert 0 <= row["confidence"] <= 1
        assert row["date_source"] in {"text", "metadata", "url", "none"}
        if row["place_id"]:
            assert -90 <= row["lat"] <= 90 and -180 <= row["lon"] <= 180


def test_date_lines_and_metadata_dates(seed_lines, shared_seeds):
    shared = shared_seeds
    dates = [r for r in seed_lines if r["type"] == "date"]
    texts = {p.name: p.read_text(encoding="utf-8") for p in (shared / "seeds").glob("*.txt")}
    assert dates
    for row in dates:
        assert texts[row["doc"]][row["start"]:row["end"]] == row["text"]
        assert len(row["value"]) in (4, 7, 10)
    places_004 = [r for r in seed_lines if r["type"] == "place" and r["doc"].startswith("004")]
    assert all(r["date"] for r in places_004)  # metadata gives 2017-07 to every undated passage
    assert {r["date_source"] for r in places_004} == {"text", "metadata"}
    assert any(r["date"] == "2017-07-22" and r["date_source"] == "text" for r in places_004)


def test_rows_of_jsonl_and_csv_are_documents_named_by_id_or_row(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "brief-1", "text": "قصف على مدينة حمص"}, ensure_ascii=False)
                                      + "\n" + json.dumps({"text": "وصلت قافلة إلى حلب"}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    result = run_cli(str(tmp_path / "a.jsonl"), "--jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines() if '"place"' in line]
    assert {(r["doc"], r["text"]) for r in rows} == {("brief-1", "حمص"), ("a.jsonl:2", "حلب")}


def test_bad_file_is_named_and_the_rest_processed(tmp_path):
    (tmp_path / "good.txt").write_text("قصف على حمص", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("headline\nنص\n", encoding="utf-8")
    result = run_cli(str(tmp_path), "--jsonl")
    assert result.returncode == 0
    assert "bad.csv" in result.stderr and "'text' column" in result.stderr
    assert any(json.loads(line)["doc"] == "good.txt" for line in result.stdout.splitlines())


def write_corpus(folder: Path, files: dict[str, str]) -> Path:
    """A corpus folder holding ``files`` (name → UTF-8 text)."""
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_store_skips_unchanged_and_reprocesses_a_changed_file_alone(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": "قصفت الطائرات مدينة حمص", "b.txt": "وصلت قافلة إلى حلب"})
    db = tmp_path / "makan.sqlite"
    first = run_cli(str(corpus), "--db", str(db))
    assert "2 processed, 0 unchanged" in first.stderr
    second = run_cli(str(corpus), "--db", str(db))
    assert "0 processed, 2 unchanged" in second.stderr
    (corpus / "b.txt").write_text("وصلت قافلة إلى حلب ثم إلى إدلب", encoding="utf-8")
    third = run_cli(str(corpus), "--db", str(db))
    assert "1 processed, 1 unchanged" in third.stderr

    from geo.store import Store

    with Store(db) as store:
        names = set(store.mentions()["text"])
    assert {"حمص", "حلب", "إدلب"} <= names


def test_usage_errors_exit_2():
    assert run_cli().returncode == 2


def test_bad_metadata_date_names_the_file_and_keeps_the_stored_version(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": "قصفت الطائرات مدينة حمص",
                                                "metadata.csv": "file,date\na.txt,2017-07-22\n"})
    db = tmp_path / "makan.sqlite"
    assert "1 processed" in run_cli(str(corpus), "--db", str(db)).stderr
    (corpus / "metadata.csv").write_text("file,date\na.txt,yesterday-ish\n", encoding="utf-8")
    result = run_cli(str(corpus), "--db", str(db))
    assert "a.txt" in result.stderr and "yesterday-ish" in result.stderr and "0 processed" in result.stderr

    from geo.store import Store

    with Store(db) as store:
        assert list(store.documents()["date"]) == ["2017-07-22"]  # the stored version is intact


def test_a_changed_gazetteer_changes_the_hash_so_stored_documents_are_redone():
    from extraction.document import Document
    from extraction.pipeline import content_hash, gazetteer_fingerprint
    from geo.gazetteer import Gazetteer
    from tests.helpers import SMALL_PLACES

    doc = Document("a.txt", "قصف على حمص")
    small, smaller = Gazetteer(SMALL_PLACES), Gazetteer(SMALL_PLACES[:-1])
    assert content_hash(doc, gazetteer_fingerprint(small)) == content_hash(doc, gazetteer_fingerprint(small))
    assert content_hash(doc, gazetteer_fingerprint(small)) != content_hash(doc, gazetteer_fingerprint(smaller))
