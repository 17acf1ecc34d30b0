"""The store: round trips, atomic re-writes, date corrections that survive, filters, bad files."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from geo.store import SCHEMA_VERSION, Filters, Store, StoreError, date_period, default_db_path
from tests.conftest import ARTICLES, make_processed


def _article(doc_id: str) -> tuple:
    return next(a for a in ARTICLES if a[0] == doc_id)


def test_round_trip_keeps_offsets_into_the_original_text(store):
    mentions = store.mentions()
    assert len(mentions) == sum(len(a[6]) for a in ARTICLES)
    for row in mentions.itertuples():
        text = store.document_text(row.doc_id)
        assert text[row.start:row.end] == row.text
        assert row.passage_start <= row.start < row.end <= row.passage_end
    docs = store.documents().set_index("doc_id")
    assert docs.loc["homs_2017.txt", "title"] == "قصف على حمص"
    assert docs.loc["homs_2017.txt", "url"] == "https://example.org/a1"
    assert store.content_hash("homs_2017.txt") == "hash-homs_2017.txt"
    assert store.content_hash("absent.txt") is None


def test_rewrite_replaces_every_row_of_the_document(store):
    doc_id, title, day, source, url, *_ = _article("homs_2017.txt")
    store.write(make_processed(doc_id, title, day, source, url, "اشتباكات في حلب.",
                               [("حلب", "sy_aleppo", "literal", None)], []), "hash-2")
    rows = store.mentions(Filters(doc_ids=(doc_id,)))
    assert list(rows["place_id"]) == ["sy_aleppo"]
    assert store.document_text(doc_id) == "اشتباكات في حلب."
    assert store.content_hash(doc_id) == "hash-2"
    assert len(store.documents()) == len(ARTICLES)


def test_failing_write_leaves_previous_version_intact(store):
    doc_id, title, day, source, url, *_ = _article("homs_2017.txt")
    before = store.mentions(Filters(doc_ids=(doc_id,)))
    broken = make_processed(doc_id, title, day, source, url, "اشتباكات في حلب.",
                            [("حلب", "sy_aleppo", "literal", None)], [])
    broken.places.append(object())  # not a PlaceMention: fails after the old rows were deleted
    with pytest.raises(AttributeError):
        store.write(broken, "hash-broken")
    assert store.content_hash(doc_id) == "hash-homs_2017.txt"
    assert store.mentions(Filters(doc_ids=(doc_id,))).equals(before)
    store.write(make_processed(*_article("homs_2017.txt")), "hash-again")  # the store still works
    assert store.content_hash(doc_id) == "hash-again"


def test_date_correction_applies_to_inherited_dates_and_survives_rewrite(store):
    doc_id = "damascus_2017-07.txt"
    store.set_document_date(doc_id, "2017-06-30")
    store.write(make_processed(*_article(doc_id)), "hash-reprocessed")
    doc = store.documents().set_index("doc_id").loc[doc_id]
    assert (doc["date"], doc["date_source"], doc["extracted_date"]) == ("2017-06-30", "user", "2017-07")
    dates = dict(zip(store.mentions(Filters(doc_ids=(doc_id,)))["text"],
                     store.mentions(Filters(doc_ids=(doc_id,)))["date"]))
    assert dates == {"دمشق": "2017-06-30", "حمص": "2017-08-03"}  # the text's own date is kept
    store.set_document_date(doc_id, None)
    assert store.documents().set_index("doc_id").loc[doc_id, "date"] == "2017-07"


def test_date_correction_rejects_non_iso(store):
    with pytest.raises(ValueError, match="ISO"):
        store.set_document_date("homs_2017.txt", "22/07/2017")


def test_filters_by_sense_level_source_governorate_and_place(store):
    assert set(store.mentions(Filters(senses=("metonymic",)))["text"]) == {"دمشق"}
    assert set(store.mentions(Filters(levels=("admin1",)))["place_id"]) == {"sy_idlib_gov"}
    assert set(store.mentions(Filters(sources=("Desk B",)))["doc_id"]) == {"damascus_2017-07.txt", "homs_2012.txt"}
    assert set(store.mentions(Filters(governorates=("SY02",)))["place_id"]) == {"sy_aleppo"}
    assert store.mentions(Filters(place_ids=())).empty


def test_date_range_keeps_overlapping_reduced_precision_dates(store):
    july = Filters(start=date(2017, 7, 25), end=date(2017, 7, 31), include_undated=False)
    # 2017-07-22 is outside; the month-only 2017-07 overlaps; the text's 2017-08-03 is outside.
    assert list(store.mentions(july)["text"]) == ["دمشق"]
    whole_2012 = Filters(start=date(2012, 6, 1), end=date(2012, 6, 1), include_undated=False)
    assert list(store.mentions(whole_2012)["doc_id"]) == ["homs_2012.txt"]
    with_undated = Filters(start=date(2012, 6, 1), end=date(2012, 6, 1))
    assert set(store.mentions(with_undated)["doc_id"]) == {"homs_2012.txt", "aid_undated.txt"}


def test_places_counts_mentions_per_place(store):
    places = store.places(Filters(senses=("literal",))).set_index("place_id")
    assert places.loc["sy_homs", "mentions"] == 4
    assert places.loc["sy_homs", "documents"] == 4
    assert places.loc["sy_homs", "name_ar"] == "حمص"
    assert "sy_damascus" not in places.index
    assert places.index[0] == "sy_homs"  # most mentioned first


def test_passages_for_place_newest_first_with_marks(store):
    passages = store.passages_for_place("sy_homs")
    assert list(passages["date"]) == ["2017-08-03", "2017-07-22", "2012", None]
    for row in passages.itertuples():
        assert [row.passage[s:e] for s, e in row.marks] == ["حمص"]
    assert passages.iloc[0]["passage"] == "وفي 3 آب 2017 عاد الهدوء إلى حمص القديمة."


def test_timeline_bars_span_their_precision_and_undated_apart(store):
    bars = store.timeline().set_index("date")
    assert bars.loc["2017-07", "precision"] == "month"
    assert (bars.loc["2017-07", "date_start"], bars.loc["2017-07", "date_end"]) == (date(2017, 7, 1), date(2017, 8, 1))
    assert (bars.loc["2012", "date_start"], bars.loc["2012", "date_end"]) == (date(2012, 1, 1), date(2013, 1, 1))
    assert bars.loc["2017-07-22", "mentions"] == 2
    undated = store.undated()
    assert set(undated["text"]) == {"حمص", "إدلب"}


@pytest.mark.parametrize("value, expected", [
    ("2016", (date(2016, 1, 1), date(2017, 1, 1), "year")),
    ("2016-02", (date(2016, 2, 1), date(2016, 3, 1), "month")),
    ("2016-12-31", (date(2016, 12, 31), date(2017, 1, 1), "day")),
    ("2016-13", None), ("", None), (None, None), ("late 2016", None),
])
def test_date_period(value, expected):
    assert date_period(value) == expected


def test_not_sqlite_file_is_named_in_the_error(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.sqlite"):
        Store(bad)


def test_newer_schema_is_refused_with_the_file_name(tmp_path):
    path = tmp_path / "future.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="future.sqlite.*newer"):
        Store(path)


def test_memory_store_and_default_path(monkeypatch, tmp_path):
    with Store(":memory:") as mem:
        assert mem.documents().empty
        assert mem.places().empty
    monkeypatch.delenv("MAKAN_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "makan" / "makan.sqlite"
    monkeypatch.setenv("MAKAN_DB", str(tmp_path / "x.sqlite"))
    assert default_db_path() == tmp_path / "x.sqlite"


def test_passages_for_every_place_in_one_read(store):
    passages = store.passages(Filters(senses=("literal",)))
    counts = passages.groupby("place_id").size().to_dict()
    assert counts == {"sy_aleppo": 1, "sy_homs": 4, "sy_idlib_gov": 1}
    homs = passages[passages["place_id"] == "sy_homs"].reset_index(drop=True)
    assert homs.drop(columns="place_id").equals(store.passages_for_place("sy_homs", Filters(senses=("literal",)))
                                                  .drop(columns="place_id"))


def test_reader_shows_the_cleaned_text_while_offsets_keep_the_original(tmp_path):
    from extraction.document import Document
    from extraction.pipeline import Pipeline
    from tests.helpers import small_gazetteer

    text = "قال قائد في حمص لـrsquo;الصحيفةrsquo; إن الهدنة صامدة."
    processed = Pipeline(small_gazetteer()).process(Document("debris.txt", text))
    with Store(tmp_path / "s.sqlite") as store:
        store.write(processed, "h1")
        assert store.document_text("debris.txt") == text
        shown = store.passages_for_place("sy_homs")
        assert "rsquo" not in shown.iloc[0]["passage"] and "’" in shown.iloc[0]["passage"]
        (start, end), = shown.iloc[0]["marks"]
        assert shown.iloc[0]["passage"][start:end] == "حمص"


def test_only_a_text_that_cleaning_changed_is_stored_twice(tmp_path):
    """A second copy of every text was a fifth of the store, though cleaning changes few articles:
    the shown copy is stored only where it differs, and reads come out the same either way."""
    from extraction.document import Document
    from extraction.pipeline import Pipeline
    from tests.helpers import small_gazetteer

    plain, debris = "اشتباكات في حمص اليوم.", "قال قائد في حمص لـrsquo;الصحيفةrsquo; إن الهدنة صامدة."
    pipeline = Pipeline(small_gazetteer())
    with Store(tmp_path / "s.sqlite") as store:
        for name, text in (("plain.txt", plain), ("debris.txt", debris)):
            store.write(pipeline.process(Document(name, text)), name)
        assert store.document_text("plain.txt", display=True) == plain
        assert "rsquo" not in store.document_text("debris.txt", display=True)
        assert len(store.passages_for_place("sy_homs")) == 2  # the reader finds both
    conn = sqlite3.connect(tmp_path / "s.sqlite")
    stored = dict(conn.execute("SELECT doc_id, display_text IS NOT NULL FROM documents"))
    conn.close()
    assert stored == {"plain.txt": 0, "debris.txt": 1}


def test_a_schema_1_store_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);"
        "CREATE TABLE documents (doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, text TEXT NOT NULL, "
        "path TEXT, title TEXT, date TEXT, date_source TEXT, source TEXT, url TEXT, author TEXT, metadata TEXT);"
        "INSERT INTO documents (doc_id, content_hash, text) VALUES ('a.txt', 'h', 'نص');")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.document_text("a.txt", display=True) == "نص"
        store.write(make_processed(*ARTICLES[0]), "h2")
        assert len(store.documents()) == 2


def test_a_schema_2_store_gains_missing_since_and_keeps_its_documents(tmp_path):
    path = tmp_path / "v2.sqlite"
    with Store(path) as store:
        store.write(make_processed(*ARTICLES[0]), "h1")
    conn = sqlite3.connect(path)  # make it look like a store written before schema 3
    conn.executescript("DROP INDEX documents_live; ALTER TABLE documents DROP COLUMN missing_since; "
                       "UPDATE schema_version SET version = 2;")
    conn.close()
    with Store(path) as store:
        assert len(store.documents()) == 1
        assert len(store.mentions()) == len(ARTICLES[0][6])
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT missing_since FROM documents").fetchall() == [(None,)]
    conn.close()


def test_documents_marked_missing_are_hidden_but_kept(store):
    doc_id = ARTICLES[0][0]
    store._conn.execute("UPDATE documents SET missing_since = '2026-11-30' WHERE doc_id = ?", (doc_id,))
    assert doc_id not in set(store.documents()["doc_id"])
    assert doc_id not in set(store.mentions()["doc_id"])
    assert store.document_text(doc_id) is not None  # kept until pruned


# --- aggregate reads: each must agree with the row-by-row reads it replaces in the dashboard -----

FILTER_CASES = [
    Filters(),
    Filters(senses=("literal",)),
    Filters(sources=("Desk B",), include_undated=False),
    Filters(start=date(2017, 7, 25), end=date(2017, 7, 31)),
    Filters(start=date(2012, 6, 1), end=date(2012, 6, 1), include_undated=False),
    Filters(end=date(2016, 12, 31)),
    Filters(governorates=("SY04", "SY07")),
]


@pytest.mark.parametrize("filters", FILTER_CASES)
def test_place_counts_agree_with_grouping_every_mention(store, filters):
    grouped = store.place_counts(filters).set_index("place_id")
    expected = store.places(filters).set_index("place_id")
    assert list(grouped.index) == list(expected.index)
    for column in ("mentions", "name_ar", "level", "lat"):
        assert list(grouped[column]) == list(expected[column]), column


@pytest.mark.parametrize("filters", FILTER_CASES)
def test_date_counts_and_undated_count_agree_with_the_mentions(store, filters):
    undated_range = Filters(**{**filters.__dict__, "start": None, "end": None, "include_undated": True})
    mentions = store.mentions(undated_range)
    dated = mentions[mentions["date_start"].notna()]
    assert dict(store.date_counts(filters).itertuples(index=False)) == dated["date"].value_counts().to_dict()
    assert store.undated_count(filters) == int(mentions["date_start"].isna().sum())


def test_area_counts_per_governorate(store):
    counts = store.area_counts("governorate", Filters(senses=("literal",))).set_index("code")
    assert counts.loc["SY04", "mentions"] == 4 and counts.loc["SY04", "places"] == 1
    assert "SY01" not in counts.index  # Damascus is only mentioned metonymically
    with pytest.raises(ValueError):
        store.area_counts("title; DROP TABLE documents")


def test_facet_values_list_what_the_store_holds(store):
    facets = store.facet_values()
    assert facets["sense"] == ["literal", "metonymic"]
    assert facets["source"] == ["Desk A", "Desk B"]
    assert facets["governorate"] == ["SY01", "SY02", "SY04", "SY07"]


def test_passage_pages_follow_each_other_newest_first_without_overlap(store):
    first, key = store.passage_page("sy_homs", limit=2)
    assert list(first["date"]) == ["2017-08-03", "2017-07-22"] and key is not None
    second, last_key = store.passage_page("sy_homs", after=key, limit=2)
    assert list(second["date"]) == ["2012", None] and last_key is None
    assert store.passage_count("sy_homs") == 4
    whole, _ = store.passage_page("sy_homs")
    expected = store.passages_for_place("sy_homs")
    assert list(whole["passage"]) == list(expected["passage"])
    assert list(whole["marks"]) == list(expected["marks"])


def test_a_passage_about_a_later_year_is_read_where_its_article_was_reported(store):
    # "Syria 2030" in an article of 2012 is a plan, not the newest news: it sorts as of its article
    store.write(make_processed("plan_2012.txt", "خطة", "2012", "Desk A", None, "خطة حمص 2030 للإعمار.",
                               [("حمص", "sy_homs", "literal", "2030")], [("2030", "2030")]), "h-plan")
    page, _ = store.passage_page("sy_homs")
    assert list(page["date"]) == ["2017-08-03", "2017-07-22", "2012", "2030", None]  # its own date is shown
    assert list(page["doc_id"])[2:4] == ["homs_2012.txt", "plan_2012.txt"]
    assert list(page["article_date"])[2:4] == ["2012", "2012"]  # the reader names the article's date beside 2030
    assert store.date_counts().set_index("date").loc["2030", "mentions"] == 1  # the timeline keeps its date


def test_passage_page_reads_the_cleaned_text_and_the_users_date(store):
    store.set_document_date("aid_undated.txt", "2016-03")
    page, _ = store.passage_page("sy_homs", Filters(sources=("Desk A",)))
    corrected = page[page["doc_id"] == "aid_undated.txt"].iloc[0]
    assert (corrected["date"], corrected["date_source"], corrected["article_date"]) == ("2016-03", "user", "2016-03")
    assert [corrected["passage"][s:e] for s, e in corrected["marks"]] == ["حمص"]


def test_aggregates_leave_out_documents_marked_missing(store):
    store._conn.execute("UPDATE documents SET missing_since = '2026-01-01' WHERE doc_id = 'homs_2012.txt'")
    assert store.place_counts().set_index("place_id").loc["sy_homs", "mentions"] == 3
    assert "2012" not in set(store.date_counts()["date"])
    assert store.passage_count("sy_homs") == 3


def test_reads_have_their_indexes(store):
    query = "SELECT COUNT(*) FROM place_mentions WHERE place_id = ? AND date > ?"
    if store.backend == "sqlite":
        plan = " ".join(row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {query}", ("x", "2")))
    else:  # four rows: PostgreSQL would rather scan them, unless told not to
        store._conn.execute("SET enable_seqscan = off")
        plan = " ".join(row[0] for row in store._conn.execute(f"EXPLAIN {query}", ("x", "2")))
    assert "place_mentions_place_date" in plan


def test_documents_by_id_reads_only_those_with_their_corrected_date(store):
    store.set_document_date("aid_undated.txt", "2016-03")
    docs = store.documents_by_id(["aid_undated.txt", "homs_2012.txt", "nope"]).set_index("doc_id")
    assert sorted(docs.index) == ["aid_undated.txt", "homs_2012.txt"]
    assert (docs.loc["aid_undated.txt", "date"], docs.loc["aid_undated.txt", "user_date"]) == ("2016-03", "2016-03")
    assert docs.loc["aid_undated.txt", "extracted_date"] is None
    assert store.documents_by_id([]).empty
