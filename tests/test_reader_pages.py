"""The reader and the search results when the store changes between counting and reading a page.

Another editor's date correction can land between the two reads: the count still has passages that
the page no longer holds. The page must show the count and no passages, not Streamlit's exception
for an empty ``st.html``, which a 20-session benchmark hit."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _reader_with_an_empty_page() -> None:
    import pandas as pd

    from geo.store import Filters
    from makan_ui.reader import draw_reader

    draw_reader({"p1": "حمص · Homs (2)"}, Filters(), lambda place, filters, key: (pd.DataFrame(), None),
                lambda place: 2)


def _results_with_an_empty_page() -> None:
    import pandas as pd

    from extraction.search_terms import parse_query
    from geo.store import Filters
    from makan_ui.search import draw_results

    draw_results(parse_query("قصف"), {"p1": "حمص · Homs (2)"}, Filters(),
                 lambda place, filters, key: (pd.DataFrame(), None), lambda place: 2)


def test_reader_shows_the_count_without_passages():
    at = AppTest.from_function(_reader_with_an_empty_page).run()
    assert not at.exception
    assert any("of 2" in caption.value for caption in at.caption)


def test_search_results_show_the_count_without_passages():
    at = AppTest.from_function(_results_with_an_empty_page).run()
    assert not at.exception
    assert any("2" in caption.value for caption in at.caption)
