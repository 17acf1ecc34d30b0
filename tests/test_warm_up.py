"""The server's warm-up (makan_ui.reads.warm) reads what a fresh page reads first, with the same keys."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from makan_ui import costs
from makan_ui.reads import warm

from .conftest import REPO


def test_a_page_after_the_warm_up_reads_no_facet_place_or_layer_again(monkeypatch, corpus_db):
    """After ``warm``, a fresh page's facets, governorate names, places and layer rows come from
    the cache: if the warm-up's reads drifted from the page's (other filters, other arguments),
    the page would read them again and this count would say so."""
    warm(str(corpus_db), None)
    costs.misses.clear()
    monkeypatch.setenv("MAKAN_DB", str(corpus_db))
    monkeypatch.delenv("MAKAN_CORPUS", raising=False)
    monkeypatch.delenv("MAKAN_BOUNDARIES", raising=False)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert {k: costs.misses[k] for k in ("facet_values", "place_counts", "places_rows")} == \
        {"facet_values": 0, "place_counts": 0, "places_rows": 0}, dict(costs.misses)
    assert costs.misses["date_counts"] > 0  # the rest of the page still reads for itself


def test_the_warm_up_leaves_a_missing_store_alone(tmp_path):
    warm(str(tmp_path / "not-yet.sqlite"), None)  # the page's processing will create it
    assert not (tmp_path / "not-yet.sqlite").exists()

