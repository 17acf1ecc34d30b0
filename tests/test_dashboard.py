"""The dashboard as a user drives it (Streamlit AppTest) on a store the fixture writes."""

from __future__ import annotations

import json
import re
import time
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import Store
from makan_ui.identity import current_user
from tests.conftest import REPO, make_processed


def _app(monkeypatch, db, boundaries=None) -> AppTest:
    monkeypatch.setenv("MAKAN_DB", str(db))
    monkeypatch.delenv("MAKAN_CORPUS", raising=False)
    if boundaries:
        monkeypatch.setenv("MAKAN_BOUNDARIES", str(boundaries))
    else:
        monkeypatch.delenv("MAKAN_BOUNDARIES", raising=False)
    return AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()


def _summary(at: AppTest) -> str:
    return next(c.value for c in at.caption if "places ·" in c.value)


def _map_args(at: AppTest) -> dict:
    component = next(e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium"))
    return json.loads(component.proto.json_args)


def _marker_rows(at: AppTest) -> list[list]:
    """The places layer's rows ([lat, lon, radius, class, tooltip]) as the map receives them."""
    layer = _map_args(at)["feature_group"]
    return json.loads(re.search(r"(\[\[.*?\]\])\.forEach", layer, re.S).group(1))


def _passages(at: AppTest) -> list[str]:
    """The reader's entries (one HTML element holds the whole page, an entry per right-to-left block)."""
    return [entry for h in at.get("html") if h.proto.body.startswith('<div dir="rtl"')
            for entry in re.split(r'(?=<div dir="rtl")', h.proto.body) if entry]


@pytest.fixture
def app(monkeypatch, corpus_db) -> AppTest:
    at = _app(monkeypatch, corpus_db)
    assert not at.exception
    return at


def test_places_listed_literal_only_by_default(app):
    assert app.selectbox(key="place").options == ["حمص · Homs (4)", "حلب · Aleppo (1)", "إدلب · Idlib Governorate (1)"]
    assert _summary(app) == "3 places · 6 mentions in the selection"
    assert app.multiselect(key="senses").value == ["literal"]


def test_map_draws_every_place_in_one_layer_from_this_server(app):
    args = _map_args(app)
    rows = _marker_rows(app)
    assert [r[4].split("<br>")[0] for r in rows] == [  # rings (Idlib governorate) beneath points, biggest first
        "<b>إدلب · Idlib Governorate (1)</b>", "<b>حمص · Homs (4)</b>", "<b>حلب · Aleppo (1)</b>"]
    assert [r[3] for r in rows] == ["admin", "point", "point"]
    assert args["feature_group"].count("PlacesLayer") <= 2 and "L.circleMarker(" in args["feature_group"]
    assert "L.circleMarker(" not in args["script"]  # the base map never changes with the places
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert all((REPO / link.removeprefix("/app/")).is_file() for link in links)
    assert "https://" not in args["header"] + args["script"] + args["feature_group"]


def test_map_layer_switch_clusters_and_governorate_choropleth(app):
    app.radio(key="map_view").set_value("clusters").run()
    assert "L.markerClusterGroup(" in _map_args(app)["feature_group"]
    app.radio(key="map_view").set_value("governorate").run()
    layer = _map_args(app)["feature_group"]
    assert "L.geoJSON(" in layer and "حمص · Homs" in layer and "4 mentions" in layer
    assert "SY04" in layer  # each area keeps its P-code as its id


def test_tooltips_carry_names_and_counts_only(app):
    layer = _map_args(app)["feature_group"]
    assert "قصفت" not in layer and "alert" not in layer  # no article text: passages go to the reader
    assert "<small>حمص · Homs</small>" in layer  # the governorate by name, never its code


def test_sense_source_and_date_filters_change_counts(app):
    app.multiselect(key="senses").select("metonymic").run()
    assert _summary(app) == "4 places · 7 mentions in the selection"
    assert "دمشق · Damascus (1)" in app.selectbox(key="place").options
    app.multiselect(key="senses").unselect("metonymic").run()
    app.multiselect(key="sources").unselect("Desk A").run()
    assert _summary(app) == "1 places · 2 mentions in the selection"
    app.multiselect(key="sources").select("Desk A").run()
    # The slider spans the days mentions are dated to (2017-07-22 .. 2017-08-03), not 2012.
    assert app.slider(key="dates").value == (date(2017, 7, 22), date(2017, 8, 3))
    app.slider(key="dates").set_value((date(2017, 7, 22), date(2017, 7, 31))).run()
    app.checkbox(key="undated").uncheck().run()
    # 2017-07-22 (Homs, Aleppo) is in; Homs dated 2017-08-03 by its own text and 2012 are out.
    assert _summary(app) == "2 places · 2 mentions in the selection"


def test_reader_lists_passages_newest_first_highlighted_and_escaped(app):
    app.selectbox(key="place").set_value("sy_homs").run()
    passages = _passages(app)
    dates = [re.search(r"<small[^>]*><bdi>([^ <]+)", p).group(1) for p in passages]
    assert dates == ["2017-08-03", "2017-07-22", "2012", "undated"]
    assert all("<mark>حمص</mark>" in p for p in passages)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in passages[-1]
    assert "&lt;b&gt;قافلة&lt;/b&gt;" in passages[-1]
    assert not any("<script" in p or "<b>" in p for p in passages)
    assert all("why here: test gazetteer · confidence 0.90 · literal" in p for p in passages)


def test_user_corrects_a_document_date(app, corpus_db):
    app.selectbox(key="date_doc").set_value("aid_undated.txt").run()
    app.text_input(key="date_value:aid_undated.txt").input("2016-03").run()
    app.button(key="date_save").click().run()
    with Store(corpus_db) as store:
        assert store.documents().set_index("doc_id").loc["aid_undated.txt", "date"] == "2016-03"
        store.set_document_date("aid_undated.txt", "2016-04", "another-editor")  # from another process
    app.run()
    history = next(c.value for c in app.caption if "latest first" in c.value)
    assert history.index("2016-04 by another-editor") < history.index(f"2016-03 by {current_user()}")
    app.selectbox(key="place").set_value("sy_homs").run()
    assert "2016-04 (corrected)" in _passages(app)[-2]  # now dated, before the 2012 passage


def test_a_date_that_is_not_one_is_refused_and_nothing_is_stored(app, corpus_db):
    app.selectbox(key="date_doc").set_value("aid_undated.txt").run()
    app.text_input(key="date_value:aid_undated.txt").input("March 2016").run()
    app.button(key="date_save").click().run()
    assert any("Not an ISO date: 'March 2016'" in e.value for e in app.error)
    with Store(corpus_db) as store:
        assert store.documents().set_index("doc_id").loc["aid_undated.txt", "date"] is None
        assert store.date_history("aid_undated.txt").empty
    app.run()  # said once, for that click
    assert not any("Not an ISO date" in e.value for e in app.error)


def test_not_a_store_is_reported_with_its_name(monkeypatch, tmp_path):
    bad = tmp_path / "holiday.sqlite"
    bad.write_text("not a database\n" * 200)
    at = _app(monkeypatch, bad)
    assert any("holiday.sqlite" in e.value for e in at.error)


def test_boundaries_draw_outlines_and_name_governorates(monkeypatch, corpus_db, shared):
    bundled = _map_args(_app(monkeypatch, corpus_db))["script"]
    at = _app(monkeypatch, corpus_db, shared / "reference" / "boundaries" / "syr_admbnda_adm1_uncs_unocha.json")
    assert not at.exception
    script = _map_args(at)["script"]
    outlines = re.findall(r"/app/static/basemap/(governorates-[0-9a-f]+\.json)", script)
    assert outlines and outlines != re.findall(r"/app/static/basemap/(governorates-[0-9a-f]+\.json)", bundled)
    assert (REPO / "static" / "basemap" / outlines[0]).is_file()
    governorates = at.multiselect(key="governorates")
    assert "حمص · Homs" in governorates.options
    governorates.set_value(["SY02"]).run()
    assert _summary(at) == "1 places · 1 mentions in the selection"


def _keep_downloads(monkeypatch) -> dict[str, object]:
    """The data each download button of the page was given, by file name (a function for the
    selection's files: Streamlit calls it when the button is clicked)."""
    from streamlit.delta_generator import DeltaGenerator

    files: dict[str, object] = {}
    original = DeltaGenerator.download_button

    def keep(self, label, data, file_name=None, *args, **kwargs):
        files[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", keep)
    return files


def test_export_with_boundaries_names_governorate_and_district(monkeypatch, corpus_db, shared):
    files = _keep_downloads(monkeypatch)
    at = _app(monkeypatch, corpus_db, shared / "reference" / "boundaries")
    assert not at.exception
    assert "makan-selection.geojson" not in files  # no button until the export is asked for
    at.toggle(key="export").set_value(True).run()
    features = json.loads(files["makan-selection.geojson"]())["features"]
    homs = [f["properties"] for f in features if f["properties"]["text"] == "حمص"]
    assert homs and all(p["governorate_pcode"] == "SY04" and p["district_pcode"].startswith("SY04") for p in homs)


def test_export_holds_the_selection(monkeypatch, corpus_db):
    files = _keep_downloads(monkeypatch)
    at = _app(monkeypatch, corpus_db)
    at.toggle(key="export").set_value(True).run()
    at.multiselect(key="sources").unselect("Desk A").run()  # Desk B: Homs twice (Damascus is metonymic)
    features = json.loads(files["makan-selection.geojson"]())["features"]
    assert sorted(f["properties"]["doc_id"] for f in features) == ["damascus_2017-07.txt", "homs_2012.txt"]
    assert {f["properties"]["text"] for f in features} == {"حمص"}
    assert features[0]["geometry"]["coordinates"] == [36.71, 34.73]
    csv_text = files["makan-selection.csv"]().decode("utf-8")
    assert csv_text.startswith("\ufeff")  # Excel reads the Arabic as UTF-8
    assert csv_text.count("\n") == 3 and "حمص" in csv_text  # header and two mentions


def test_an_open_export_reads_nothing_until_a_button_is_clicked(monkeypatch, corpus_db):
    """The selection's files are made on a click, not on every run while the export is open: on all
    of SaudiNewsNet they took 18 s and 250 MB, and every click on the map made them again."""
    files = _keep_downloads(monkeypatch)
    reads = []
    for method in ("mentions", "mention_chunks"):
        original = getattr(Store, method)
        monkeypatch.setattr(Store, method, lambda self, *a, _read=original, **k: reads.append(a) or _read(self, *a, **k))
    at = _app(monkeypatch, corpus_db)
    at.toggle(key="export").set_value(True).run()
    at.multiselect(key="sources").unselect("Desk A").run()
    assert not at.exception and callable(files["makan-selection.csv"]) and reads == []
    assert files["makan-selection.csv"]().count(b"\n") == 3  # made now, from the selection of the run that drew it
    assert len(reads) == 1


def test_corpus_is_processed_and_bad_files_are_named(monkeypatch, tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "good.txt").write_text("قصفت الطائرات مدينة حمص صباح اليوم.", encoding="utf-8")
    (corpus / "rows.jsonl").write_text('{"text": broken\n', encoding="utf-8")
    monkeypatch.setenv("MAKAN_CORPUS", str(corpus))
    monkeypatch.setenv("MAKAN_DB", str(tmp_path / "store.sqlite"))
    monkeypatch.delenv("MAKAN_BOUNDARIES", raising=False)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120).run()
    for _ in range(240):  # processing runs in the background; each run shows what is stored so far
        if any(" processed, " in c.value for c in at.caption):
            break
        time.sleep(0.5)
        at.run()
    assert not at.exception
    assert any(str(corpus / "rows.jsonl") in t.value and "JSON" in t.value for t in at.text)
    assert any("Homs" in option for option in at.selectbox(key="place").options)


def test_governorates_listed_by_name_without_boundaries(app):
    assert sorted(app.multiselect(key="governorates").options) == [
        "إدلب · Idleb", "حلب · Aleppo", "حمص · Homs", "دمشق · Damascus"]


def _many_passages_store(path) -> None:
    """A store where Homs is mentioned in 60 articles, one a day, so the reader needs two pages."""
    with Store(path) as store:
        for day in range(60):
            store.write(make_processed(f"homs_{day:02}.txt", f"حمص {day}", f"2017-03-{day % 28 + 1:02}"
                                       if day < 28 else f"2017-04-{day % 28 + 1:02}", "Desk A", None,
                                       f"قصفت الطائرات مدينة حمص للمرة {day}.", [("حمص", "sy_homs", "literal", None)],
                                       []), f"h{day}")


def test_reader_pages_fifty_at_a_time_newest_first(monkeypatch, tmp_path):
    db = tmp_path / "many.sqlite"
    _many_passages_store(db)
    at = _app(monkeypatch, db)
    assert len(_passages(at)) == 50
    assert any(c.value == "50 of 60 passages, newest first" for c in at.caption)
    at.button(key="reader_more").click().run()
    passages = _passages(at)
    dates = [re.search(r"<small[^>]*><bdi>([^ <]+)", p).group(1) for p in passages]
    assert len(passages) == 60 and dates == sorted(dates, reverse=True)
    assert not [b for b in at.button if b.key == "reader_more"]  # nothing more to show


def test_dates_outside_the_bulk_are_counted_not_on_the_axis(monkeypatch, tmp_path):
    db = tmp_path / "many.sqlite"
    _many_passages_store(db)
    with Store(db) as store:  # 50 more on one day, and an article recalling 1817: 1 mention in 111
        for n in range(50):
            store.write(make_processed(f"more_{n}.txt", "حمص", "2017-04-01", "Desk B", None, "شهدت حمص معارك.",
                                       [("حمص", "sy_homs", "literal", None)], []), f"more{n}")
        store.write(make_processed("old.txt", "تاريخ", "1817-05-01", "Desk B", None, "شهدت حمص معارك عنيفة.",
                                   [("حمص", "sy_homs", "literal", None)], []), "old")
    at = _app(monkeypatch, db)
    lo, hi = at.slider(key="dates").value  # where the dates are dense: 1817 is out
    assert lo == date(2017, 3, 1) and (hi.year, hi.month) == (2017, 4)
    outside = next(e for e in at.expander if "outside" in e.label)
    assert re.match(r"[12] dated mention\(s\) outside Mar 1, 2017", outside.label)  # dates as the language writes them
    assert "1817-05-01" in outside.dataframe[0].value["date"].tolist()
