"""The dashboard's parts that need no browser: marker scale, tooltips, timeline bins and extent,
the brush's range, progress lines, and Leaflet's files derived for static serving."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from makan_ui.assets import ASSETS, derive_assets, leaflet_links
from makan_ui.basemap import base_layers
from makan_ui.map_layers import (MAX_RADIUS, MIN_RADIUS, base_map, choropleth_geojson, marker_radius, place_rows,
                                 places_layer, rows_json)
from makan_ui.processing import Progress, parse_progress
from makan_ui.timeline import (EXACT, MONTH_ONLY, YEAR_ONLY, bins, brushed_range, bulk_extent, chart, choose_unit,
                               vega_lite)


def test_marker_radius_is_capped_and_log_scaled():
    radius = marker_radius(pd.Series([1, 10, 100, 50_000]))
    assert radius.iloc[-1] == MAX_RADIUS and radius.iloc[0] >= MIN_RADIUS
    assert list(radius) == sorted(radius)
    assert radius.iloc[2] - radius.iloc[1] < radius.iloc[1] - radius.iloc[0] + 3  # log, not linear


def _places(**overrides) -> pd.DataFrame:
    row = {"place_id": "x", "name": "Homs", "name_ar": "حمص", "lat": 34.7, "lon": 36.7, "level": "city",
           "governorate": "SY04", "mentions": 3}
    return pd.DataFrame([{**row, **overrides}])


def test_tooltips_escape_names_and_name_the_governorate():
    rows = place_rows(_places(name="<img src=x onerror=alert(1)>`${x}`"), {"SY04": "حمص · Homs"})
    tip = rows[0][4]
    assert "<img" not in tip and "&lt;img" in tip and "`" not in tip and "${" not in tip
    assert tip.endswith("<small>حمص · Homs</small>")


def test_two_sessions_maps_from_the_shared_base_layers_each_name_their_own_map():
    from streamlit_folium import _get_map_string

    shared = base_layers(None).layers  # built once per server, drawn by every session
    first = base_map([], [], False, shared)
    second = base_map([], [], False, shared)  # another session draws while the first renders
    script = _get_map_string(first)
    assert second.get_name() not in script  # each layer is added to the map it is drawn on
    assert script.count("fetch(") == sum(1 for layer in shared if type(layer).__name__ == "StaticGeoJson")


def test_place_names_reach_the_map_as_written_never_as_template_code():
    from streamlit_folium import _get_feature_group_string

    names = ["{{ 1234 * 2 }}", "{% raw %}", "{#"]  # Jinja syntax in a (user's or gazetteer's) place name
    places = pd.concat([_places(place_id=str(i), name=name) for i, name in enumerate(names)])
    m = base_map([], [], False, base_layers(None).layers)
    script = _get_feature_group_string(places_layer("points", rows_json(place_rows(places, {})), None), m)
    assert all(name in script for name in names) and "2468" not in script


def test_countries_are_rings_beneath_points():
    places = pd.concat([_places(place_id="sa", level="country", mentions=900), _places(place_id="t", mentions=2)])
    assert [r[3] for r in place_rows(places, {})] == ["country", "point"]


def test_choropleth_classes_by_quantile_and_names_areas():
    outlines = {"features": [{"type": "Feature", "geometry": None, "properties": {"pcode": c}}
                             for c in ("SY01", "SY02", "SY03")]}
    areas = choropleth_geojson(outlines, {"SY01": 1, "SY02": 500}, {"SY01": "دمشق · Damascus"})
    fills = [f["properties"]["style"]["fillColor"] for f in areas["features"]]
    assert fills[2] == "#ffffff" and fills[0] != fills[1]  # no mention: blank; 1 and 500 differ
    assert areas["features"][0]["properties"]["tip"] == "<b>دمشق · Damascus</b><br>1 mention"
    assert areas["features"][1]["properties"]["tip"].startswith("<b>governorate SY02</b>")  # never a bare code


@pytest.mark.parametrize("lo, hi, unit", [
    (date(2017, 7, 1), date(2017, 7, 30), "day"), (date(2017, 1, 1), date(2017, 9, 1), "week"),
    (date(2010, 1, 1), date(2017, 1, 1), "month"), (date(1990, 1, 1), date(2020, 1, 1), "year")])
def test_bin_width_follows_the_span(lo, hi, unit):
    assert choose_unit(lo, hi) == unit


def test_extent_ignores_outliers_and_coarse_dates_keep_their_period():
    counts = pd.DataFrame({"date": ["1817", "2015-07", *[f"2015-07-{d:02}" for d in range(1, 31)], "2060-01-01"],
                           "mentions": [5, 40, *([10] * 30), 1]})
    extent = bulk_extent(counts)
    assert (extent.lo, extent.hi) == (date(2015, 7, 1), date(2015, 7, 30))
    assert set(extent.outside["date"]) == {"1817", "2060-01-01"} and extent.outside_mentions == 6
    bars = bins(counts, extent, "week")
    assert bars[bars["kind"] == EXACT]["mentions"].sum() == 300
    month = bars[bars["kind"] == MONTH_ONLY].iloc[0]
    assert (month["start"], month["end"], month["mentions"]) == (date(2015, 7, 1), date(2015, 7, 31), 40)
    assert YEAR_ONLY not in set(bars["kind"])  # 1817 is outside, not squeezed onto the axis


def test_timeline_spec_has_the_brush_and_no_default_view_size():
    counts = pd.DataFrame({"date": [f"2015-07-{d:02}" for d in range(1, 31)], "mentions": [10] * 30})
    extent = bulk_extent(counts)
    spec = vega_lite(chart(bins(counts, extent, "day"), extent, "day"))
    assert "continuousWidth" not in str(spec) and spec["height"] == 150  # the page's width, our height
    assert [p["name"] for p in spec["params"]] == ["brush"] and spec["params"][0]["select"]["encodings"] == ["x"]
    assert sum(row["mentions"] for rows in spec["datasets"].values() for row in rows) == 300


def test_extent_leaves_a_thin_tail_of_recalled_dates_out():
    """Three weeks of articles (1,000 mentions a day) recalling the past half year (5 a day): the
    timeline spans the three weeks, not the half year, and counts the rest as outside."""
    recalled = [(date(2015, 1, 1) + timedelta(days=d)).isoformat() for d in range(200)]
    published = [f"2015-07-{d:02}" for d in range(21, 32)] + [f"2015-08-{d:02}" for d in range(1, 12)]
    counts = pd.DataFrame({"date": recalled + published, "mentions": [5] * len(recalled) + [1000] * len(published)})
    extent = bulk_extent(counts)
    assert (extent.lo, extent.hi) == (date(2015, 7, 21), date(2015, 8, 11))
    assert extent.outside_mentions == 5 * 200
    assert choose_unit(extent.lo, extent.hi) == "day"


@pytest.mark.parametrize("event, expected", [
    ({"selection": {"brush": {"start": [1500681600000, 1501200000000]}}}, (date(2017, 7, 22), date(2017, 7, 28))),
    ({"selection": {"brush": {"start": ["2017-07-28T00:00:00", "2017-07-22T10:00:00"]}}},
     (date(2017, 7, 22), date(2017, 7, 28))),
    ({"selection": {"brush": {}}}, None), (None, None)])
def test_brushed_range(event, expected):
    assert brushed_range(event) == expected


@pytest.mark.parametrize("line, expected", [
    ('makan-progress {"docs_done": 10, "bytes_done": 5, "bytes_total": 20, "files_done": 1, "files_total": 4, '
     '"mb_per_s": 0.5, "eta_s": 30}', Progress(10, 5, 20, 1, 4, 0.5, 30.0)),
    ('makan-progress {"docs_done": 3, "bytes_total": null, "new_field": 1}', Progress(docs_done=3)),
    ("makan-progress {broken", None), ("makan: 3 processed, 0 unchanged", None), ('makan-progress [1]', None)])
def test_progress_lines_are_parsed_defensively(line, expected):
    assert parse_progress(line) == expected


def test_progress_describes_files_speed_and_time_left():
    progress = Progress(docs_done=2965, bytes_done=50, bytes_total=100, files_done=3, files_total=18,
                        mb_per_s=0.61, eta_s=150)
    assert progress.fraction == 0.5
    assert progress.describe() == "3 of 18 files · 2,965 articles · 0.6 MB/s · about 2 min left"


def test_leaflet_files_are_derived_from_folium_offline(tmp_path):
    written = derive_assets(tmp_path)
    assert sorted(p.name for p in written) == sorted(ASSETS)
    assert "a JS library for interactive maps" in (tmp_path / "leaflet.js").read_text()
    js, css = leaflet_links("/makan")
    assert js[0] == ("jquery.js", "/makan/app/static/vendor/jquery.js")
    assert all(url.startswith("/makan/app/static/vendor/") for _, url in css)


FAKE_CLI = """import sys
if "--progress" in sys.argv and "old" in sys.argv:
    sys.exit(sys.stderr.write("usage: extraction: error: unrecognized arguments: --progress json\\n") and 2)
if "--progress" in sys.argv:
    sys.stderr.write('makan-progress {"docs_done": 5, "files_done": 1, "files_total": 2, "mb_per_s": 1.5}\\n')
sys.stderr.write("makan: skipped a.txt: not UTF-8\\nmakan: 5 processed, 0 unchanged, 1 failed -> db\\n")
"""


@pytest.mark.parametrize("cli, progress", [("new", Progress(docs_done=5, files_done=1, files_total=2, mb_per_s=1.5)),
                                           ("old", None)])  # a CLI without --progress is run again without it
def test_background_run_follows_progress_and_degrades(monkeypatch, tmp_path, cli, progress):
    import sys

    from makan_ui import processing

    script = tmp_path / "cli.py"
    script.write_text(FAKE_CLI)
    monkeypatch.setattr(processing.Run, "_command",
                        lambda self, with_progress: [sys.executable, str(script), cli,
                                                     *(["--progress", "json"] if with_progress else [])])
    run = processing.Run(("corpus",), str(tmp_path / "store.sqlite"))
    run.run(tmp_path)
    assert (run.done, run.returncode, run.progress) == (True, 0, progress)
    assert run.errors == ["a.txt: not UTF-8"] and run.summary.startswith("makan: 5 processed")


def test_reader_entries_never_hold_a_blank_line():
    from makan_ui.htmltext import passage_html

    row = {"date": "2017", "date_source": "text", "source": "s", "url": "javascript:alert(1)", "doc_id": "d",
           "title": "a\n\nb", "passage": "حمص\n\n[x](javascript:alert(1)) *y*", "marks": [(0, 3)]}
    entry = passage_html(row)
    assert "\n" not in entry and "<mark>حمص</mark><br><br>" in entry
    assert "href" not in entry  # a javascript: URL is never a link


def test_a_passage_dated_otherwise_than_its_article_names_the_articles_date():
    from makan_ui.htmltext import passage_html

    row = {"date": "2015-11-17", "date_source": "text", "source": "alyaum", "url": None, "doc_id": "d",
           "title": "معادن", "passage": "في نوفمبر القادم في السعودية", "marks": [(17, 25)],
           "article_date": "2015-07-27"}
    from makan_ui.i18n import set_language

    set_language("en")
    assert "2015-11-17</bdi> · <bdi>in an article of \u200e2015-07-27</bdi> · <bdi>alyaum" in passage_html(row)
    for same in ({**row, "article_date": "2015-11-17"}, {**row, "article_date": None}, {**row, "date": None}):
        assert "in an article of" not in passage_html(same)
    set_language("ar")  # the date after a left-to-right mark among Arabic words, not drawn 27-07-2015
    assert "<bdi>في مقال بتاريخ \u200e2015-07-27</bdi>" in passage_html(row)
    set_language("en")


def _filters_page(draw: bool, link_state: dict | None = None) -> None:
    """A page that keeps what sidebar_filters returns, drawn or not, beside the default Filters."""
    from datetime import date

    import pandas as pd
    import streamlit as st

    from makan_ui.filters import default_filters, sidebar_filters
    from makan_ui.i18n import set_language
    from makan_ui.timeline import Extent

    set_language("en")
    for key, value in (link_state or {}).items():
        st.session_state.setdefault(key, value)
    facets = {"level": ["city", "country"], "sense": ["literal", "metonymic"], "source": ["a", "b"],
              "governorate": ["SY04"]}
    extent = Extent(date(2017, 1, 1), date(2017, 6, 30), pd.DataFrame({"date": [], "mentions": []}))
    st.session_state["got"] = sidebar_filters(facets, extent, {"SY04": "حمص · Homs"}, draw=draw)
    st.session_state["default"] = default_filters(facets)


@pytest.mark.parametrize("link_state", [None, {"senses": ["metonymic"], "undated": False,
                                               "dates": (date(2017, 2, 1), date(2017, 3, 1))}])
def test_filters_without_widgets_are_the_filters_the_widgets_give(link_state):
    """The map-only first run (makan_ui.map_first) reads the filters from the state without drawing
    a widget; the next run draws them and must give the same Filters, or the map would be redrawn.
    A fresh page's Filters are ``default_filters``, which the map's view is read with."""
    from streamlit.testing.v1 import AppTest

    results = []
    for draw in (False, True):
        app = AppTest.from_function(_filters_page, args=(draw, link_state)).run()
        assert not app.exception
        results.append((app.session_state["got"], app.session_state["default"]))
        assert len(app.sidebar.multiselect) == (4 if draw else 0)
    assert results[0][0] == results[1][0]
    if link_state is None:
        assert results[0][0] == results[0][1]
        assert results[0][0].senses == ("literal",)
    else:
        assert results[0][0].senses == ("metonymic",) and results[0][0].include_undated is False
        assert (results[0][0].start, results[0][0].end) == (date(2017, 2, 1), date(2017, 3, 1))


def test_the_place_chooser_lists_the_most_mentioned_and_every_chosen_place():
    from makan_ui.selection import CHOOSER_PLACES, chooser_labels

    labels = {f"p{i}": f"place {i}" for i in range(CHOOSER_PLACES + 100)}  # most mentioned first
    listed = chooser_labels(labels, ["p550", None, "nowhere", "p3"])
    assert list(listed)[:CHOOSER_PLACES] == [f"p{i}" for i in range(CHOOSER_PLACES)]
    assert list(listed)[CHOOSER_PLACES:] == ["p550"] and listed["p550"] == "place 550"  # clicked on the map
    few = {"a": "A", "b": "B"}
    assert chooser_labels(few, ["b"]) == few


def test_base_map_labels_cannot_close_the_map_script():
    """Label names come from a user's boundaries file too: written into the map's script, no name
    may end the script or open a tag, and each comes back as the text it was."""
    import json

    from makan_ui.map_layers import Labels, base_map

    hostile = '</script><img src=x onerror=alert(1)>'
    m = base_map([], [], False, [Labels([(34.7, 36.7, (hostile, "Homs & co"), "city")])])
    html = m.get_root().render()
    assert "</script><img" not in html and "<img src=x" not in html
    rows = json.loads(Labels([(34.7, 36.7, (hostile, "Homs & co"), "city")]).labels)
    assert rows == [[34.7, 36.7, [hostile, "Homs & co"], "city"]]


def test_shared_labels_are_numbered_and_never_meet_another_label():
    from makan_ui.choices import distinct_labels

    labels = distinct_labels({"d1": "قصف دمشق (2017-03-01)", "d2": "قصف دمشق (2017-03-01)", "d3": "حلب",
                              "d4": "قصف دمشق (2017-03-01) · 2"})
    assert labels == {"d1": "قصف دمشق (2017-03-01)", "d2": "قصف دمشق (2017-03-01) · 3", "d3": "حلب",
                      "d4": "قصف دمشق (2017-03-01) · 2"}
    assert len(set(labels.values())) == len(labels)
