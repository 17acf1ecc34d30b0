"""Property-based tests (hypothesis) of extraction: it never raises on any string, and every offset
it reports indexes the original text exactly (``text == original[start:end]``)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction.document import Document
from extraction.pipeline import Failure, Pipeline

# Pieces that exercise the rules: names (with clitics and feature words), dates, Arabic and Hindi
# digits, diacritics, tatweel, bidi controls, markup and scraping debris, next to any character.
PIECES = ["حمص", "وحلب", "بدمشق", "لل", "مدينة ", "قرية ", "ريف ", "إدلب", "الرقة", "تدمر", "سوريا", "روسيا",
          "قالت موسكو", "في ", "إلى ", " 3 آب 2017", "٢٠١٥", "الأحد", "أمس", "اليوم", "عام 1967", "ـ", "ً",
          "\u202e", "\u2066", "\u200f", "<b>", "&amp;", "rsquo;", ".", "،", ":", " - ", "\n", "\n\n", " ", "#",
          "_", "(", ")", "\"", "1440هـ", "١٢/٠٣/٢٠١٧"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _check(pipeline: Pipeline, text: str, **meta: str | None) -> None:
    processed = pipeline.try_process(Document(doc_id="p", text=text, **meta)) if meta else \
        pipeline.process(Document(doc_id="p", text=text))
    if isinstance(processed, Failure):  # only a metadata date that is no date is refused, saying so
        assert "is not a date" in processed.reason and meta.get("date"), processed
        return
    for m in processed.places:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.text
        assert m.passage_start <= m.start and m.end <= m.passage_end <= len(text), m
    for d in processed.dates:
        assert 0 <= d.start < d.end <= len(text), d
        assert text[d.start:d.end] == d.text
    for p in processed.passages:
        assert 0 <= p.start <= p.end <= len(text)
    assert processed.document.display_text is None or len(processed.document.display_text) == len(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_extraction_never_raises_and_offsets_index_the_original(pipeline, text):
    _check(pipeline, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(), date=st.one_of(st.none(), st.text(max_size=12)), url=st.one_of(st.none(), st.text(max_size=30)))
def test_any_string_and_any_metadata_never_raise(pipeline, text, date, url):
    """Any text and metadata: processed, or (a date that is no date) a Failure that says so."""
    _check(pipeline, text, date=date, url=url)


@given(st.text(alphabet="ab\n", max_size=60), st.data())
def test_line_bounds_are_those_of_a_scan_from_the_position(text, data):
    """``extraction.lines`` answers as ``rfind``/``find`` do, for every position, as texts change."""
    from extraction.lines import line_end, line_start

    for pos in data.draw(st.lists(st.integers(0, len(text)), max_size=8)):
        assert line_start(text, pos) == text.rfind("\n", 0, pos) + 1
        found = text.find("\n", pos)
        assert line_end(text, pos) == (len(text) if found < 0 else found)
