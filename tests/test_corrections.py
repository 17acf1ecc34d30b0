"""Corrections of places: each scope, undo, two editors, reprocessing, a gazetteer without the place,
every read and the export, and the gazetteer search a user moves a mention with."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from geo.corrections import CorrectionSet, PlaceCorrection, is_unresolved
from geo.gazetteer import Gazetteer
from geo.place_search import search_places
from geo.store import SCHEMA_VERSION, Filters, Store
from tests.conftest import ARTICLES, REPO, make_processed
from tests.helpers import place, small_gazetteer

GONE = place("sy_gone", "Gone", "مكان زائل", "town", 35.0, 36.0, governorate="SY05")  # in no real gazetteer
HAMA = place("sy_hama", "Hama", "حماة|حماه", "city", 35.13, 36.75, governorate="SY05")


def _mention(store: Store, doc_id: str, surface: str) -> dict:
    rows = store.mentions(Filters(doc_ids=(doc_id,)))
    return rows[rows["text"] == surface].iloc[0].to_dict()


def _move(store: Store, scope: str, doc_id: str | None, surface: str, to=HAMA, user: str = "ana",
          start: int | None = None, end: int | None = None) -> int:
    return store.correct_place(PlaceCorrection(scope, "move", surface, user, doc_id=doc_id, start=start, end=end,
                                               place=to))


def _homs_count(store: Store) -> int:
    counts = store.place_counts().set_index("place_id")["mentions"]
    return int(counts.get("sy_homs", 0))


def test_mention_correction_moves_only_that_mention_everywhere_it_is_read(store):
    homs = _mention(store, "homs_2017.txt", "حمص")
    before = _homs_count(store)
    _move(store, "mention", "homs_2017.txt", "حمص", start=homs["start"], end=homs["end"])
    counts = store.place_counts().set_index("place_id")
    assert counts.loc["sy_hama", "mentions"] == 1
    assert counts.loc["sy_hama", "name_ar"] == "حماة"
    assert counts.loc["sy_hama", "lat"] == pytest.approx(35.13)
    assert _homs_count(store) == before - 1
    areas = store.area_counts("governorate").set_index("code")
    assert areas.loc["SY05", "mentions"] == 1
    page, _ = store.passage_page("sy_hama")
    assert list(page["doc_id"]) == ["homs_2017.txt"]
    assert page.iloc[0]["why"].startswith("corrected by ana at ")
    assert store.passage_count("sy_hama") == 1
    assert store.mentions(Filters(place_ids=("sy_hama",)))["doc_id"].tolist() == ["homs_2017.txt"]
    assert "SY05" in store.facet_values()["governorate"]
    assert store.documents().set_index("doc_id").loc["homs_2017.txt", "mentions"] == 2


def test_one_place_reader_reads_follow_moves_to_and_away_at_every_scope(store):
    """The reader of one place narrows by what is stored: a mention moved to the place at any scope
    must still be found, one moved away (or said to be no place) must not."""
    homs = _mention(store, "homs_2017.txt", "حمص")
    _move(store, "mention", "homs_2017.txt", "حمص", start=homs["start"], end=homs["end"])
    _move(store, "document", "aid_undated.txt", "حمص")
    palmyra = small_gazetteer().get("sy_palmyra")
    _move(store, "corpus", None, "حمص", to=palmyra)
    for place_id in ("sy_hama", "sy_palmyra", "sy_homs"):
        expected = store.mentions(Filters(place_ids=(place_id,), include_undated=True))
        passages = expected[["doc_id", "passage_start"]].drop_duplicates()
        assert store.passage_count(place_id) == len(passages), place_id
        page, _ = store.passage_page(place_id, limit=1000)
        assert sorted(zip(page["doc_id"], page["passage_start"])) == sorted(
            zip(passages["doc_id"], passages["passage_start"])), place_id
    assert store.passage_count("sy_hama") == 2
    assert store.passage_count("sy_palmyra") >= 1
    assert store.passage_count("sy_homs") == 0


def test_document_and_corpus_scopes_and_the_most_specific_wins(store):
    total = _homs_count(store)
    _move(store, "document", "aid_undated.txt", "حمص")
    assert _homs_count(store) == total - 1
    assert _mention(store, "aid_undated.txt", "حمص")["place_id"] == "sy_hama"
    _move(store, "corpus", None, "حمص", to=small_gazetteer().get("sy_palmyra"))
    mentions = store.mentions()
    homs = mentions[mentions["text"] == "حمص"].set_index("doc_id")["place_id"]
    # the document's own correction is more specific than the later corpus-wide one
    assert homs["aid_undated.txt"] == "sy_hama"
    assert (homs.drop("aid_undated.txt") == "sy_palmyra").all()
    assert _homs_count(store) == 0
    assert set(store.date_counts()["mentions"].index) and store.undated_count() == 2  # dates unchanged


def test_not_a_place_leaves_every_read_and_sense_is_kept_apart_from_moves(store):
    damascus = _mention(store, "damascus_2017-07.txt", "دمشق")
    store.correct_place(PlaceCorrection("corpus", "not_place", "إدلب", "ana"))
    assert "sy_idlib_gov" not in set(store.place_counts()["place_id"])
    assert "SY07" not in set(store.area_counts("governorate")["code"])
    assert "إدلب" not in set(store.mentions()["text"])
    store.correct_place(PlaceCorrection("mention", "sense", "دمشق", "ana", doc_id="damascus_2017-07.txt",
                                        start=damascus["start"], end=damascus["end"], sense="literal"))
    _move(store, "document", "damascus_2017-07.txt", "دمشق")
    row = _mention(store, "damascus_2017-07.txt", "دمشق")
    assert (row["place_id"], row["sense"]) == ("sy_hama", "literal")  # the later move kept the sense
    assert store.place_counts(Filters(senses=("literal",))).set_index("place_id").loc["sy_hama", "mentions"] == 1


def test_undo_restores_the_previous_correction_and_keeps_the_history(store):
    first = _move(store, "corpus", None, "حلب")
    second = _move(store, "corpus", None, "حلب", to=small_gazetteer().get("sy_palmyra"), user="ben")
    assert _mention(store, "homs_2017.txt", "حلب")["place_id"] == "sy_palmyra"
    assert store.undo_correction(second, "ana")
    assert not store.undo_correction(second, "ana")  # undone once only
    assert _mention(store, "homs_2017.txt", "حلب")["place_id"] == "sy_hama"
    assert store.undo_correction(first, "ana")
    assert _mention(store, "homs_2017.txt", "حلب")["place_id"] == "sy_aleppo"
    history = store.place_corrections()
    assert list(history["id"]) == [second, first]
    assert list(history["editor"]) == ["ben", "ana"]
    assert history["undone_at"].notna().all() and list(history["undone_by"]) == ["ana", "ana"]
    assert history["created_at"].str.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00").all()
    assert store.place_corrections(live_only=True).empty
    audit = store.audit_log()  # every correction and undo is in the audit log, with who did it
    assert list(audit["action"]) == ["place correction undone"] * 2 + ["place correction: move"] * 2
    assert list(audit["actor"]) == ["ana", "ana", "ben", "ana"]


def test_two_editors_at_once_both_kept_the_later_wins(corpus_db):
    with Store(corpus_db) as one, Store(corpus_db) as two:
        _move(one, "document", "homs_2017.txt", "حمص", user="one")
        _move(two, "document", "homs_2017.txt", "حمص", to=small_gazetteer().get("sy_palmyra"), user="two")
        for store in (one, two):
            assert _mention(store, "homs_2017.txt", "حمص")["place_id"] == "sy_palmyra"
            assert list(store.place_corrections()["editor"]) == ["two", "one"]


def test_corrections_survive_reprocessing_and_a_gazetteer_without_the_place(store):
    homs = _mention(store, "homs_2017.txt", "حمص")
    _move(store, "mention", "homs_2017.txt", "حمص", start=homs["start"], end=homs["end"])
    store.write(make_processed(*ARTICLES[0]), "hash-reprocessed")  # every row of the document replaced
    assert _mention(store, "homs_2017.txt", "حمص")["place_id"] == "sy_hama"
    rebuilt = Gazetteer(p for p in small_gazetteer() if p.id != "sy_hama")
    history = store.place_corrections()
    assert [is_unresolved(r, rebuilt) for r in history.to_dict("records")] == [True]
    assert not is_unresolved(history.iloc[0].to_dict(), small_gazetteer())
    row = store.place_counts().set_index("place_id").loc["sy_hama"]  # still where the user put it
    assert (row["name"], row["mentions"]) == ("Hama", 1)


def test_a_store_of_schema_3_gains_the_history(tmp_path):
    path = tmp_path / "old.sqlite"
    with Store(path) as store:
        store.write(make_processed(*ARTICLES[0]), "h")
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE place_corrections")
    conn.execute("UPDATE schema_version SET version = 3")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert len(store.mentions()) == 2
        _move(store, "corpus", None, "حمص")
        assert _mention(store, "homs_2017.txt", "حمص")["place_id"] == "sy_hama"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_bad_corrections_say_what_is_wrong():
    with pytest.raises(ValueError, match="a move needs the place"):
        PlaceCorrection("corpus", "move", "حمص", "ana")
    with pytest.raises(ValueError, match="needs the mention's start and end"):
        PlaceCorrection("mention", "not_place", "حمص", "ana", doc_id="a")
    with pytest.raises(ValueError, match="sense must be one of"):
        PlaceCorrection("document", "sense", "حمص", "ana", doc_id="a", sense="ironic")
    with pytest.raises(ValueError, match="scope must be one of"):
        PlaceCorrection("world", "not_place", "حمص", "ana")
    assert PlaceCorrection("corpus", "not_place", "حمص", "ana", doc_id="a", start=1, end=2).doc_id is None


def test_correction_set_applies_the_store_rule_to_json_lines(store):
    homs = _mention(store, "homs_2017.txt", "حمص")
    _move(store, "corpus", None, "حمص")
    _move(store, "mention", "homs_2017.txt", "حمص", to=small_gazetteer().get("sy_palmyra"),
          start=homs["start"], end=homs["end"])
    store.correct_place(PlaceCorrection("corpus", "not_place", "إدلب", "ana"))
    fixes = CorrectionSet(store.place_corrections(live_only=True).to_dict("records"),
                          Gazetteer(p for p in small_gazetteer() if p.id != "sy_hama"))
    line = {"type": "place", "doc": "homs_2017.txt", "start": homs["start"], "end": homs["end"], "text": "حمص",
            "place_id": "sy_homs", "name": "Homs", "sense": "literal"}
    moved = fixes.apply(line)
    assert (moved["place_id"], moved["name"], moved["lat"]) == ("sy_palmyra", "Palmyra", 34.56)
    assert moved["correction"][0]["scope"] == "mention" and moved["correction"][0]["by"] == "ana"
    other = fixes.apply({**line, "doc": "homs_2012.txt", "start": 5, "end": 8})
    assert other["place_id"] == "sy_hama" and other["correction"][0]["unresolved"] is True
    assert fixes.apply({**line, "text": "إدلب", "doc": "aid_undated.txt"}) is None
    untouched = {**line, "text": "حلب", "start": 40, "end": 43}
    assert fixes.apply(untouched) is untouched


def test_search_finds_arabic_folded_or_english_nearest_first():
    gazetteer = small_gazetteer()
    homs = gazetteer.get("sy_homs")
    assert [p.id for p in search_places(gazetteer, "حماه")] == ["sy_hama"]
    assert [p.id for p in search_places(gazetteer, "حماة")] == ["sy_hama"]
    assert search_places(gazetteer, "hama")[0].id == "sy_hama"
    near_homs = [p.id for p in search_places(gazetteer, "الحميدية", near=(homs.lat, homs.lon))]
    assert near_homs == ["sy_hamidiyah_homs", "sy_hamidiyah_tartus"]
    assert [p.id for p in search_places(gazetteer, "tripoli", near=(34.7, 36.7))][0] == "lb_tripoli"
    assert search_places(gazetteer, "  ") == []


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extraction", *args, "--jobs", "1", "--quiet"], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_cli_exports_the_corrected_lines_as_the_store_reads_them(tmp_path):
    doc = str(REPO / "data" / "demo" / "2012-03-01_homs_baba_amr.txt")
    db = tmp_path / "store.sqlite"
    assert _cli(doc, "--db", str(db)).returncode == 0
    with Store(db) as store:
        mentions = store.mentions()
        first = mentions[mentions["text"] == "حمص"].iloc[0]
        store.correct_place(PlaceCorrection("mention", "not_place", "حمص", "ana", doc_id=first["doc_id"],
                                            start=int(first["start"]), end=int(first["end"])))
        store.correct_place(PlaceCorrection("corpus", "move", "بابا عمرو", "ana", place=GONE))
        corrected = store.mentions()
    plain = _cli(doc, "--jsonl")
    fixed = _cli(doc, "--jsonl", "--db", str(db), "--with-corrections")
    assert fixed.returncode == 0, fixed.stderr
    before = [json.loads(line) for line in plain.stdout.splitlines()]
    after = [json.loads(line) for line in fixed.stdout.splitlines()]
    places = [line for line in after if line["type"] == "place"]
    assert len(after) == len(before) - 1  # the mention that is no place is left out
    assert [p["place_id"] for p in places] == list(corrected["place_id"])
    assert [(p["start"], p["end"]) for p in places] == list(zip(corrected["start"], corrected["end"]))
    baba = next(p for p in places if p["text"] == "بابا عمرو")
    assert (baba["place_id"], baba["name"], baba["lat"], baba["governorate"]) == ("sy_gone", "Gone", 35.0, "SY05")
    assert baba["correction"] == [{"id": 2, "action": "move", "scope": "corpus", "by": "ana",
                                   "at": baba["correction"][0]["at"], "unresolved": True}]
    untouched = [line for line in after if "correction" not in line]
    assert all(line in before for line in untouched)
    assert [line for line in before if line["type"] == "date"] == [line for line in after if line["type"] == "date"]
    # forked workers hand the documents back unencoded when the parent applies the corrections
    forked = subprocess.run([sys.executable, "-m", "extraction", doc, "--jsonl", "--db", str(db),
                             "--with-corrections", "--jobs", "2", "--quiet"], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert forked.returncode == 0 and forked.stdout == fixed.stdout, forked.stderr


def test_cli_refuses_corrections_without_a_store(tmp_path):
    doc = str(REPO / "data" / "demo" / "2012-03-01_homs_baba_amr.txt")
    result = _cli(doc, "--jsonl", "--with-corrections")
    assert result.returncode == 2 and "--with-corrections needs --jsonl and the --db" in result.stderr
    result = _cli(doc, "--jsonl", "--with-corrections", "--db", str(tmp_path / "none.sqlite"))
    assert result.returncode == 2 and "none.sqlite: no such store" in result.stderr
