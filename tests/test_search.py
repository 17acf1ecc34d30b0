"""Full-text search: folding and clitics as extraction reads them, phrases, Latin place names, input
that looks like FTS5 syntax, composition with every filter, and the index kept in step with the store."""

from __future__ import annotations

import pickle
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from extraction.search_terms import PlaceNames, hit_spans, index_terms, parse_query, passage_terms, stem
from geo.gazetteer import load_gazetteer
from geo.store import Filters, Store
from tests.conftest import make_processed

# (doc_id, title, date, source, url, text, mentions, dates) as conftest.make_processed takes them
DOCS = [
    ("a", "حمص", "2015-01-01", "Desk A", None, "اشتباكات عنيفة وبحمص اليوم.", [("حمص", "sy_homs", "literal", None)], []),
    ("b", "حلب", "2016-01-01", "Desk B", None, "وصلت المساعدات لحمص وحلب.",
     [("حمص", "sy_homs", "literal", None), ("حلب", "sy_aleppo", "literal", None)], []),
    ("c", "الغوطة", "2017-01-01", "Desk A", None, "قصف بالغوطة الشرقية قرب دمشق.",
     [("دمشق", "sy_damascus", "literal", None)], []),
    ("d", "دمشق", "2018-01-01", "Desk B", None, "زار الوفد الغوطة ثم الشرقية ودمشق.",
     [("دمشق", "sy_damascus", "metonymic", None)], []),
    ("e", "إدلب", None, "Desk A", None, "سقطت قذائفُ على إِدلــب في ٢٠١٥. وهدأت حلب.",
     [("إِدلــب", "sy_idlib_gov", "literal", None), ("حلب", "sy_aleppo", "literal", None)], []),
]


@pytest.fixture
def search_store(store_target: str | Path):
    """The documents above in a store, on each backend."""
    with Store(store_target) as store:
        for doc in DOCS:
            store.write(make_processed(*doc), f"h-{doc[0]}")
        yield store


def _docs(store: Store, text: str, filters: Filters = Filters()) -> set[str]:
    """The documents of the passages a search finds (through the reader's read)."""
    page, _ = store.passage_page(None, replace(filters, search=parse_query(text)), limit=100)
    return set(page["doc_id"])


def test_stems_fold_as_extraction_does():
    # alef forms, alef maqsura/ya, ta marbuta/ha, hamza seats, diacritics, tatweel, Arabic-Indic digits
    assert index_terms("إدلب أدلب") == index_terms("ادلب ادلب")
    assert index_terms("مستشفى سورية") == index_terms("مستشفي سوريه")
    assert index_terms("مؤتمر رئيس") == index_terms("موتمر رييس")
    assert index_terms("حَلَب حلــب") == "حلب حلب"
    assert index_terms("٢٠١٥ ۲۰۱۶") == "2015 2016"


def test_proclitics_are_peeled_the_same_way_at_index_and_query_time():
    for form in ("حمص", "وحمص", "بحمص", "لحمص", "وبحمص", "فلحمص", "كحمص", "الحمص"):
        assert stem(form) == "حمص", form
    assert stem("للغوطه") == stem("بالغوطه") == stem("الغوطه") == stem("وللغوطه") == "غوطه"
    assert stem("بحر") == "بحر"  # never cut below three letters: حر does not find بحر


def test_passages_are_indexed_as_if_each_were_tokenized_alone():
    # The store tokenizes a document once and slices its words by passage; a bound inside a word
    # (or inside a run of diacritics and tatweel) must still index the words the slice holds.
    text = "قصف بالغوطة الشرقية.\nوصلت المساعدات لحِمــص وحلب ٢٠١٥.\n\nإِدلب"
    second, last = text.index("وصلت"), text.index("إِدلب")
    bounds = [(0, 20), (second, last - 3), (last, len(text)), (2, 9), (second + 20, second + 24),
              (last + 1, last + 3), (0, len(text)), (5, 5)]
    assert passage_terms(text, bounds) == [index_terms(text[start:end]) for start, end in bounds]
    assert passage_terms(text, bounds[:3]) == ["قصف غوطه شرقيه", "صلت مساعدات حمص حلب 2015", "ادلب"]


def test_the_store_indexes_the_words_the_place_finder_read_as_it_would_tokenize_them():
    from extraction.document import Document
    from extraction.pipeline import Pipeline
    from geo.store import document_rows

    text = "قصفت الطائرات بالغوطة الشرقية.\n\nوصلت المساعدات لحِمــص وحلب في ٢٠١٥ ثم إلى إِدلب"
    processed = Pipeline().process(Document(doc_id="a", text=text, path="a.txt"))
    assert processed.tokens  # what the finder read, kept for the store
    crossed = pickle.loads(pickle.dumps(processed))  # as a worker's result reaches the parent
    assert crossed.tokens is None and crossed.places == processed.places
    rows = document_rows(processed)
    assert rows == document_rows(crossed)  # tokenized again: the same stems
    assert [terms for _, _, terms in rows.terms] == [index_terms(text[p.start:p.end]) for p in processed.passages]


def test_a_word_finds_its_clitic_forms(search_store):
    assert _docs(search_store, "حمص") == {"a", "b"}  # وبحمص، لحمص
    assert _docs(search_store, "إدلب") == {"e"}  # written إِدلــب
    assert _docs(search_store, "ادلب 2015") == {"e"}  # ٢٠١٥ in the text
    assert _docs(search_store, "حلب") == {"b", "e"}  # وحلب
    assert _docs(search_store, "حمصي") == set()


def test_words_all_match_anywhere_but_a_quoted_phrase_in_order(search_store):
    assert _docs(search_store, "الغوطة الشرقية") == {"c", "d"}
    assert _docs(search_store, '"الغوطة الشرقية"') == {"c"}  # بالغوطة الشرقية, not الغوطة ثم الشرقية
    assert _docs(search_store, "«غوطة الشرقية»") == {"c"}
    assert _docs(search_store, '"الشرقية الغوطة"') == set()


def test_matched_words_are_marked_in_the_passage():
    text = "قصف بالغوطة الشرقية ثم وبحمص."
    spans = hit_spans(text, parse_query('"الغوطة الشرقية" حمص'))
    assert [text[s:e] for s, e in spans] == ["بالغوطة الشرقية", "وبحمص"]


NASTY = ['"', '"حمص', 'حمص"', '*', 'حمص*', 'NEAR(حمص حلب)', 'حمص AND', 'OR', 'NOT حلب', '(', ')', '())',
         'حمص OR (حلب', "'", "a'b", ':', 'terms:حمص', '^حمص', '-', '+', '{', '"" ""', 'حمص \x00', ' ', '',
         'a' * 5000, 'حمص ' * 100, '\\', '%_', 'NEAR/3']


@pytest.mark.parametrize("text", NASTY)
def test_fts5_syntax_never_raises(search_store, text):
    query = parse_query(text)
    if query.empty:
        return  # the page says there is nothing to search for and keeps no such filter
    filters = Filters(search=query)
    search_store.place_counts(filters)
    search_store.date_counts(filters)
    search_store.area_counts("governorate", filters)
    search_store.passage_page(None, filters)
    search_store.passage_count(None, filters)
    search_store.mentions(filters)


def test_operators_and_lone_quotes_are_reported_and_read_as_words(search_store):
    query = parse_query('حمص AND "حلب')
    assert set(query.notes) == {"operators_ignored", "unmatched_quote"}
    assert [p.text for p in query.phrases] == ["حمص", "حلب"]
    assert _docs(search_store, 'حمص AND "حلب') == {"b"}
    assert parse_query('*()"').empty


def test_latin_place_names_search_their_mentions_through_the_gazetteer(search_store):
    names = PlaceNames.of(load_gazetteer())
    homs = names.parse("Homs")
    assert homs.places and "sy_homs" in homs.places[0].place_ids and not homs.phrases
    page, _ = search_store.passage_page(None, Filters(search=homs))
    assert set(page["doc_id"]) == {"a", "b"}
    text = page.set_index("doc_id").loc["a", "passage"]
    assert [text[s:e] for s, e in hit_spans(text, homs)] == ["وبحمص"]  # its Arabic name marked
    dez = names.parse("Deir ez-Zor")
    assert "sy_deir_ez_zor" in dez.places[0].place_ids
    assert "sy_aleppo" in names.parse("aleppo").places[0].place_ids
    # a Latin place name and an Arabic word: both must hold in the passage
    assert set(search_store.passage_page(None, Filters(search=names.parse("Homs حلب")))[0]["doc_id"]) == {"b"}
    assert names.parse("Qwertyville").phrases  # no place by that name: searched as a word


def test_a_latin_place_name_finds_the_mentions_as_corrected(search_store):
    from geo.corrections import PlaceCorrection
    from tests.helpers import place

    names = PlaceNames.of(load_gazetteer())
    homs = place("sy_homs", "Homs", "حمص", "city", 34.73, 36.71)

    def found(name: str) -> set[str]:
        return set(search_store.passage_page(None, Filters(search=names.parse(name)))[0]["doc_id"])

    assert found("Homs") == {"a", "b"} and found("Damascus") == {"c", "d"}
    moved = search_store.correct_place(PlaceCorrection("mention", "move", "دمشق", "ana", doc_id="c",
                                                       start=DOCS[2][5].index("دمشق"), end=DOCS[2][5].index("دمشق") + 4,
                                                       place=homs))
    assert found("Homs") == {"a", "b", "c"} and found("Damascus") == {"d"}  # the map and the search agree
    search_store.correct_place(PlaceCorrection("document", "not_place", "حمص", "ana", doc_id="a"))
    assert found("Homs") == {"b", "c"}
    search_store.undo_correction(moved, "ana")
    assert found("Homs") == {"b"} and found("Damascus") == {"c", "d"}


def test_search_composes_with_every_filter(search_store):
    homs = parse_query("حمص")
    assert _docs(search_store, "حمص", Filters(sources=("Desk B",))) == {"b"}
    assert _docs(search_store, "حمص", Filters(start=date(2015, 6, 1))) == {"b"}
    assert _docs(search_store, "دمشق", Filters(senses=("literal",))) == {"c"}
    assert _docs(search_store, "حلب", Filters(include_undated=False)) == {"b"}
    assert _docs(search_store, "حلب", Filters(levels=("admin1",))) == set()  # e's Idlib is in another passage
    counts = search_store.place_counts(Filters(search=homs)).set_index("place_id")["mentions"].to_dict()
    assert counts == {"sy_homs": 2, "sy_aleppo": 1}  # the map: only places in matching passages
    dates = search_store.date_counts(Filters(search=homs))
    assert list(dates["date"]) == ["2015-01-01", "2016-01-01"]  # the timeline: only their dates
    assert search_store.passage_count(None, Filters(search=homs)) == 2
    assert search_store.passage_count("sy_aleppo", Filters(search=homs)) == 1
    assert set(search_store.mentions(Filters(search=homs))["doc_id"]) == {"a", "b"}  # the export
    assert search_store.undated_count(Filters(search=parse_query("ادلب"))) == 1


def test_results_are_newest_first_and_paged(search_store):
    filters = Filters(search=parse_query("حلب"))
    first, key = search_store.passage_page(None, filters, limit=1)
    assert list(first["doc_id"]) == ["b"] and key is not None
    second, key = search_store.passage_page(None, filters, after=key, limit=1)
    assert list(second["doc_id"]) == ["e"] and key is None  # undated last


def test_index_follows_reprocessing_replacement_and_removal(search_store):
    search_store.write(make_processed("a", "x", "2015-01-01", "Desk A", None, "هدوء في حلب.",
                                      [("حلب", "sy_aleppo", "literal", None)], []), "h-a2")
    assert _docs(search_store, "حمص") == {"b"}
    assert _docs(search_store, "هدوء") == {"a"}
    search_store.write(make_processed(*DOCS[0]), "h-a3")  # the same document again: no duplicate rows
    assert search_store.passage_count(None, Filters(search=parse_query("حمص"))) == 2
    assert _docs(search_store, "هدوء") == set()
    # The last document written holds the highest ids; its new rows take them again.
    search_store.write(make_processed("e", "x", None, "Desk A", None, "هدنة في إدلب.",
                                      [("إدلب", "sy_idlib_gov", "literal", None)], []), "h-e2")
    assert _docs(search_store, "هدنة") == {"e"} and _docs(search_store, "قذائف") == set()
    search_store.mark_missing(["b"], "2026-11-30")
    assert _docs(search_store, "حمص") == {"a"}  # hidden with its document
    assert search_store.prune_missing(["b"]) == 1
    terms = search_store._conn.execute("SELECT COUNT(*) FROM passage_terms WHERE doc_id = 'b'").fetchone()[0]
    assert terms == 0
    if search_store.backend == "sqlite":  # the FTS5 index agrees with its content table (raises if not)
        search_store._conn.execute("INSERT INTO passage_fts (passage_fts, rank) VALUES ('integrity-check', 1)")


def test_a_store_written_before_search_is_indexed_when_opened(tmp_path):
    path = tmp_path / "v3.sqlite"
    with Store(path) as store:
        for doc in DOCS:
            store.write(make_processed(*doc), f"h-{doc[0]}")
    conn = sqlite3.connect(path)  # make it look like a store written before schema 4
    conn.executescript("DROP TABLE passage_fts; DROP TABLE passage_terms; UPDATE schema_version SET version = 3;")
    conn.close()
    with Store(path) as store:
        assert _docs(store, "حمص") == {"a", "b"}
        assert _docs(store, '"الغوطة الشرقية"') == {"c"}
        assert len(store.documents()) == len(DOCS)


def test_a_store_that_indexed_by_trigger_indexes_each_new_passage_once_when_opened(tmp_path):
    path = tmp_path / "trigger.sqlite"
    with Store(path) as store:
        store.write(make_processed(*DOCS[0]), "h-a")
    conn = sqlite3.connect(path)  # as Makan wrote it before 2026-12-02
    conn.execute("""CREATE TRIGGER passage_terms_insert AFTER INSERT ON passage_terms BEGIN
                    INSERT INTO passage_fts (rowid, terms) VALUES (new.id, new.terms); END""")
    conn.close()
    with Store(path) as store:
        store.write(make_processed(*DOCS[1]), "h-b")
        assert _docs(store, "حمص") == {"a", "b"}
        store._conn.execute("INSERT INTO passage_fts (passage_fts, rank) VALUES ('integrity-check', 1)")
        rows = store._conn.execute("SELECT COUNT(*) FROM passage_fts WHERE passage_fts MATCH 'حلب'").fetchone()[0]
        assert rows == 1


def test_a_search_made_before_a_write_finds_what_the_write_added(search_store):
    # the matching passages are found once per store state and reused by the page's reads
    filters = Filters(search=parse_query("حمص"))
    assert search_store.passage_count(None, filters) == 2
    doc = ("f", "حمص", "2019-01-01", "Desk A", None, "عاد الهدوء إلى حمص.", [("حمص", "sy_homs", "literal", None)], [])
    search_store.write(make_processed(*doc), "h-f")
    assert search_store.passage_count(None, filters) == 3  # same connection, at once
    with Store(search_store.path) as other:  # another connection, as each dashboard read opens
        assert other.passage_count(None, filters) == 3
        assert set(other.place_counts(filters)["place_id"]) == {"sy_homs", "sy_aleppo"}
    search_store.mark_missing(["f"], "2026-11-30")
    assert _docs(search_store, "حمص") == {"a", "b"}
