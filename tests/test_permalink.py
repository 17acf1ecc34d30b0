"""Links that reopen a view, and a selection that clicks, pans and reruns leave alone."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from makan_ui import costs
from makan_ui.permalink import params_from_view, view_from_params
from makan_ui.selection import follow_click
from tests.conftest import REPO


def _app(monkeypatch, db, **params: str | list[str]) -> AppTest:
    monkeypatch.setenv("MAKAN_DB", str(db))
    monkeypatch.delenv("MAKAN_CORPUS", raising=False)
    monkeypatch.delenv("MAKAN_BOUNDARIES", raising=False)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def _summary(at: AppTest) -> str:
    return next(c.value for c in at.caption if "places ·" in c.value)


def test_a_link_reopens_place_dates_filters_layer_and_language(monkeypatch, corpus_db):
    at = _app(monkeypatch, corpus_db, place="sy_aleppo", **{"from": "2017-07-22", "to": "2017-07-31"},
              layer="clusters", source="Desk A", sense=["literal", "metonymic"], undated="0", lang="en")
    assert at.selectbox(key="place").value == "sy_aleppo"
    assert at.slider(key="dates").value == (date(2017, 7, 22), date(2017, 7, 31))
    assert at.radio(key="map_view").value == "clusters"
    assert at.multiselect(key="sources").value == ["Desk A"]
    assert at.multiselect(key="senses").value == ["literal", "metonymic"]
    assert at.checkbox(key="undated").value is False
    assert _summary(at) == "2 places · 2 mentions in the selection"  # Homs and Aleppo on 2017-07-22
    assert not at.warning  # state set from a link never clashes with a widget's default


def test_changing_the_view_rewrites_the_link(monkeypatch, corpus_db):
    at = _app(monkeypatch, corpus_db)
    assert at.query_params == {"lang": "en", "place": "sy_homs"}  # defaults are left out
    at.multiselect(key="sources").unselect("Desk A").run()
    at.radio(key="map_view").set_value("governorate").run()
    at.slider(key="dates").set_value((date(2017, 7, 22), date(2017, 7, 30))).run()
    assert at.query_params == {"lang": "en", "place": "sy_homs", "source": "Desk B", "layer": "governorate",
                               "from": "2017-07-22", "to": "2017-07-30"}
    link = next(m.value for m in at.markdown if m.value.startswith("[Link to this view]("))
    assert link.endswith("?lang=en&place=sy_homs&layer=governorate&source=Desk+B&from=2017-07-22&to=2017-07-30)")
    at.multiselect(key="sources").select("Desk A").run()
    at.multiselect(key="senses").set_value([]).run()
    assert "source" not in at.query_params and at.query_params["sense"] == ""  # none chosen is kept as none


def test_a_hand_edited_link_opens_what_it_can(monkeypatch, corpus_db):
    at = _app(monkeypatch, corpus_db, place="nowhere", **{"from": "2017-13-01", "to": "x"}, layer="moon",
              source=["Desk Z", "Desk B"], lang="xx")
    assert at.selectbox(key="place").value == "sy_homs"  # the most mentioned place
    assert at.radio(key="map_view").value == "points"
    assert at.multiselect(key="sources").value == ["Desk B"]
    assert at.slider(key="dates").value == (date(2017, 7, 22), date(2017, 8, 3))


def test_params_round_trip():
    state = {"lang": "ar", "place": "sy_homs", "map_view": "points", "levels": ["city"], "senses": ["literal"],
             "search": "حمص"}
    defaults = {"map_view": "points", "levels": ["city", "admin1"], "senses": ["literal"]}
    params = params_from_view(state, defaults, date(2017, 1, 1), date(2017, 2, 1))
    assert params == {"lang": ["ar"], "place": ["sy_homs"], "q": ["حمص"], "level": ["city"],
                      "from": ["2017-01-01"], "to": ["2017-02-01"]}
    back = view_from_params(params)
    assert back == {"lang": "ar", "place": "sy_homs", "search": "حمص", "levels": ["city"],
                    "dates": (date(2017, 1, 1), date(2017, 2, 1))}


PLACES = pd.DataFrame({"place_id": ["sy_homs", "sy_aleppo"], "name": ["Homs", "Aleppo"], "name_ar": ["حمص", "حلب"],
                       "lat": [34.73, 36.2], "lon": [36.71, 37.16], "mentions": [4, 1]})


def _click(lat: float, lng: float, tooltip: str) -> dict:
    return {"last_object_clicked": {"lat": lat, "lng": lng}, "last_object_clicked_tooltip": tooltip}


def test_a_second_click_on_the_selected_marker_keeps_it():
    state: dict = {}
    follow_click(state, PLACES, _click(36.2001, 37.1601, "حلب · Aleppo (1)"))
    assert state["place"] == "sy_aleppo"
    follow_click(state, PLACES, _click(36.2003, 37.1598, "حلب · Aleppo (1)"))  # the same marker, a pixel away
    assert state["place"] == "sy_aleppo"
    state["place"] = "sy_homs"  # chosen in the reader: the map's unchanged last click must not undo it
    follow_click(state, PLACES, _click(36.2003, 37.1598, "حلب · Aleppo (1)"))
    assert state["place"] == "sy_homs"
    follow_click(state, PLACES, {"last_object_clicked": None})
    assert state["place"] == "sy_homs"


def test_a_click_on_the_pixel_of_the_last_one_is_a_new_click():
    """The map numbers its clicks: the marker clicked before a place was chosen in the reader,
    clicked again on the same pixel, is shown again; reruns carrying the same click change nothing."""
    state: dict = {}
    follow_click(state, PLACES, {**_click(36.2001, 37.1601, "حلب · Aleppo (1)"), "makan_click": 1})
    state["place"] = "sy_homs"  # chosen in the reader
    follow_click(state, PLACES, {**_click(36.2001, 37.1601, "حلب · Aleppo (1)"), "makan_click": 1})  # a rerun
    assert state["place"] == "sy_homs"
    follow_click(state, PLACES, {**_click(36.2001, 37.1601, "حلب · Aleppo (1)"), "makan_click": 2})
    assert state["place"] == "sy_aleppo"


def test_a_rerun_with_the_same_view_reads_nothing(monkeypatch, corpus_db):
    at = _app(monkeypatch, corpus_db)
    at.selectbox(key="place").set_value("sy_aleppo").run()
    costs.misses.clear()
    at.run()  # what a second click on the selected marker causes (panning and zooming cause no rerun)
    assert sum(costs.misses.values()) == 0 and at.selectbox(key="place").value == "sy_aleppo"
    at.selectbox(key="place").set_value("sy_homs").run()  # another place: only its passages are read
    assert set(costs.misses) <= {"passage_page", "passage_count"}, dict(costs.misses)  # no chart, no layer
    costs.misses.clear()
    at.radio(key="lang").set_value("ar").run()  # another language: only the labels are rebuilt
    assert dict(costs.misses) == {"places_rows": 1, "timeline_spec": 1}
    costs.misses.clear()
    lo, hi = at.slider(key="dates").value
    at.slider(key="dates").set_value((lo, lo)).run()  # a narrower range (a brush sets the same state)
    assert costs.misses["place_counts"] == 1  # the map follows it ...
    assert not {"timeline_spec", "date_counts", "undated_count"} & set(costs.misses)  # ... the chart has it as its brush


def test_the_chosen_place_comes_back_when_a_narrower_selection_let_it_go(monkeypatch, corpus_db):
    at = _app(monkeypatch, corpus_db)
    at.selectbox(key="place").set_value("sy_aleppo").run()
    at.multiselect(key="sources").set_value(["Desk B"]).run()  # Aleppo is only in Desk A: Homs is shown
    assert at.selectbox(key="place").value == "sy_homs"
    at.multiselect(key="sources").set_value(["Desk A", "Desk B"]).run()  # as a brush widens again
    assert at.selectbox(key="place").value == "sy_aleppo"


def test_a_link_with_a_search_reopens_it(monkeypatch, corpus_db):
    at = _app(monkeypatch, corpus_db, q="حمص", lang="ar")
    assert at.text_input(key="search").value == "حمص"
    assert any(s.value == "نتائج البحث" for s in at.subheader)
    at.run()  # a rerun in Arabic formats the search's place chooser in Arabic too
    assert not at.exception and at.query_params["q"] == "حمص"


def _results(at: AppTest) -> str:
    return next(c.value for c in at.caption if "matching passages" in c.value)


def test_a_search_typed_after_reading_a_place_lists_every_matching_passage(monkeypatch, corpus_db):
    """The session's first search too: the reader's place (Idlib, named in one of Homs' passages)
    is not carried into it, as on SaudiNewsNet, where a search for حلب listed one passage of Saudi Arabia."""
    at = _app(monkeypatch, corpus_db, lang="en")
    at.selectbox(key="place").set_value("sy_idlib_gov").run()
    at.text_input(key="search").input("حمص").run()
    assert not at.exception and at.selectbox(key="place").value == ""  # every matching passage
    assert _results(at) == "4 of 4 matching passages, newest first"
    at.selectbox(key="place").set_value("sy_idlib_gov").run()  # then a place chosen among the results stays
    assert _results(at) == "1 of 1 matching passages, newest first"
    at.run()
    assert at.selectbox(key="place").value == "sy_idlib_gov"


def test_a_link_with_a_search_and_a_place_keeps_the_place(monkeypatch, corpus_db):
    at = _app(monkeypatch, corpus_db, q="حمص", place="sy_idlib_gov", lang="en")
    assert at.selectbox(key="place").value == "sy_idlib_gov"
    assert _results(at) == "1 of 1 matching passages, newest first"
