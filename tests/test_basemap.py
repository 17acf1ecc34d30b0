"""The offline basemap: small files, faithful outlines, the names a reader needs, and exports by name."""

from __future__ import annotations

import html
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from geo import basemap
from geo.basemap import (BASEMAP_DIR, FILES, LABEL_KINDS, Basemap, Label, district_label, district_names,
                         governorate_label, governorate_names, load_basemap)
from geo.frame import ADMIN_NAME_COLUMNS, mentions_frame, to_csv, to_geojson

from tests.conftest import REPO, require

ARABIC = set(chr(c) for c in range(0x0600, 0x0700))
MAX_FILE_BYTES = 400_000  # each layer: a backdrop, not a survey
MAX_TOTAL_BYTES = 1_000_000


def _arabic(text: str) -> bool:
    return bool(text) and any(ch in ARABIC for ch in text)


def _reference(shared: Path, level: int):
    import geopandas

    path = shared / "reference" / "boundaries" / f"syr_admbnda_adm{level}_uncs_unocha.json"
    require(path.is_file(), f"{path} is missing")
    return geopandas.read_file(path)


def test_files_are_small_and_load_without_the_gis_stack() -> None:
    """Small files read as plain JSON, once: the dashboard calls the loader on every rerun. How fast that
    is goes in the benchmarks (timed assertions fail on a loaded machine); what keeps it fast is tested."""
    sizes = {name: (BASEMAP_DIR / file).stat().st_size for name, file in FILES.items()}
    assert all(0 < size <= MAX_FILE_BYTES for size in sizes.values()), sizes
    assert sum(sizes.values()) <= MAX_TOTAL_BYTES, sizes
    code = ("import sys; from geo.basemap import load_basemap; load_basemap(); "
            "print(sorted(m for m in ('geopandas', 'shapely', 'pyogrio', 'pandas') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"
    assert load_basemap() is load_basemap()  # cached


def test_basemap_shape_matches_the_contract() -> None:
    b = load_basemap()
    assert isinstance(b, Basemap)
    with pytest.raises(AttributeError):
        b.attribution = "x"  # type: ignore[misc]
    for layer in (b.countries, b.coastline, b.governorates, b.districts):
        assert layer["type"] == "FeatureCollection" and layer["features"]
    assert all(isinstance(label, Label) and label.kind in LABEL_KINDS for label in b.labels)
    assert {label.kind for label in b.labels} == set(LABEL_KINDS)
    assert all(_arabic(label.name_ar) and label.name_en for label in b.labels)
    assert all(-90 <= label.lat <= 90 and -180 <= label.lon <= 180 for label in b.labels)


def test_attribution_names_both_sources_and_is_html_safe() -> None:
    text = load_basemap().attribution
    assert "OCHA" in text and "CC BY-IGO" in text and "Natural Earth" in text
    assert html.escape(text) == text


def test_fourteen_governorates_with_names_and_valid_polygons() -> None:
    features = load_basemap().governorates["features"]
    assert len(features) == 14
    codes = [f["properties"]["pcode"] for f in features]
    assert sorted(codes) == [f"SY{n:02d}" for n in range(1, 15)]
    for f in features:
        assert _arabic(f["properties"]["name_ar"]) and f["properties"]["name_en"].isascii()
        geometry = shape(f["geometry"])
        assert geometry.geom_type in ("Polygon", "MultiPolygon") and geometry.is_valid and geometry.area > 0
    names = governorate_names()
    assert names["SY04"] == ("حمص", "Homs") and names["SY01"] == ("دمشق", "Damascus")
    assert len(names) == 14


def test_districts_match_the_reference_and_nest_in_their_governorates(shared: Path) -> None:
    reference = _reference(shared, 2)
    features = load_basemap().districts["features"]
    assert len(features) == len(reference) == 62
    assert {f["properties"]["pcode"] for f in features} == set(reference["ADM2_PCODE"])
    parents = dict(zip(reference["ADM2_PCODE"], reference["ADM1_PCODE"]))
    governorates = {f["properties"]["pcode"]: shape(f["geometry"]) for f in load_basemap().governorates["features"]}
    for f in features:
        props, geometry = f["properties"], shape(f["geometry"])
        assert props["governorate_pcode"] == parents[props["pcode"]]
        assert _arabic(props["name_ar"]) and props["name_en"]
        assert geometry.is_valid and geometry.area > 0
        assert geometry.difference(governorates[props["governorate_pcode"]]).area < 1e-6 * max(geometry.area, 1)
    assert len(district_names()) == 62


@pytest.mark.parametrize("level,layer,bound", [(1, "governorates", 0.02), (2, "districts", 0.03)])
def test_simplified_outlines_stay_close_to_ocha(shared: Path, level: int, layer: str, bound: float) -> None:
    reference = _reference(shared, level).set_index(f"ADM{level}_PCODE").geometry
    mine = {f["properties"]["pcode"]: shape(f["geometry"]) for f in getattr(load_basemap(), layer)["features"]}
    assert set(mine) == set(reference.index)
    off = {code: mine[code].symmetric_difference(reference[code]).area / reference[code].area for code in mine}
    worst = max(off, key=off.get)
    assert off[worst] < bound, (worst, off[worst])


def test_simplification_actually_simplified(shared: Path) -> None:
    reference = _reference(shared, 2)
    mine = [shape(f["geometry"]) for f in load_basemap().districts["features"]]
    assert shapely.get_num_coordinates(mine).sum() < 0.2 * shapely.get_num_coordinates(reference.geometry.values).sum()


def test_governorate_names_need_no_boundaries_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # geo.basemap never reads ../shared: pointing shared elsewhere changes nothing.
    monkeypatch.setenv("MAKAN_SHARED", str(tmp_path))
    assert governorate_label("SY04") == "حمص · Homs"
    assert governorate_label("SY02") == "حلب · Aleppo"
    assert governorate_label("SY99") == "SY99"
    assert governorate_label(None) == "" and governorate_label("") == ""
    assert district_label("SY0401") == "مركز حمص · Homs"
    assert district_label("XX") == "XX"


def test_city_and_governorate_labels_for_the_main_places() -> None:
    labels = load_basemap().labels
    by_name = {(label.name_en, label.kind): label for label in labels}
    damascus = by_name[("Damascus", "capital")]
    assert damascus.name_ar == "دمشق" and damascus.lat == pytest.approx(33.51, abs=0.05)
    assert by_name[("Aleppo", "city")].name_ar == "حلب"
    assert by_name[("Homs", "city")].name_ar == "حمص"
    governorate_labels = [label for label in labels if label.kind == "governorate"]
    assert len(governorate_labels) == 14
    outlines = {f["properties"]["name_en"]: shape(f["geometry"]) for f in load_basemap().governorates["features"]}
    for label in governorate_labels:  # each governorate's name is printed inside it
        assert outlines[label.name_en].contains(shapely.Point(label.lon, label.lat)), label
    capitals = {label.name_en for label in labels if label.kind == "capital"}
    assert {"Damascus", "Beirut", "Amman", "Baghdad", "Ankara", "Cairo", "Riyadh", "Tehran"} <= capitals


def test_neighbouring_countries_with_arabic_names_cover_the_region() -> None:
    features = load_basemap().countries["features"]
    by_iso = {f["properties"]["iso_a3"]: f for f in features}
    expected = {"TUR": "تركيا", "IRQ": "العراق", "JOR": "الأردن", "LBN": "لبنان", "ISR": "إسرائيل",
                "PSE": "فلسطين", "EGY": "مصر", "SAU": "السعودية", "SYR": "سوريا", "IRN": "إيران", "CYP": "قبرص"}
    for iso, name_ar in expected.items():
        assert by_iso[iso]["properties"]["name_ar"] == name_ar, iso
    for f in features:
        assert _arabic(f["properties"]["name_ar"]) and f["properties"]["name_en"]
        assert shape(f["geometry"]).is_valid
    land = shapely.union_all([shape(f["geometry"]) for f in features])
    minx, miny, maxx, maxy = land.bounds
    assert minx <= 24 and miny <= 10 and maxx >= 63 and maxy >= 43
    # Natural Earth's Syria and OCHA's mostly agree (the same country under two sources).
    ocha = shapely.union_all([shape(f["geometry"]) for f in load_basemap().governorates["features"]])
    syria = shape(by_iso["SYR"]["geometry"])
    assert syria.symmetric_difference(ocha).area / ocha.area < 0.03
    country_labels = {label.name_en for label in load_basemap().labels if label.kind == "country"}
    assert {"Turkey", "Iraq", "Jordan", "Lebanon", "Egypt", "Saudi Arabia"} <= country_labels


def test_coastline_follows_the_levant_coast() -> None:
    coastline = load_basemap().coastline
    lines = shapely.union_all([shape(f["geometry"]) for f in coastline["features"]])
    assert not lines.is_empty and lines.length > 50  # degrees of coast: Mediterranean, Red Sea, Gulf...
    # Latakia and Tartus are on the sea; Homs and Damascus are not.
    assert lines.distance(shapely.Point(35.79, 35.53)) < 0.1
    assert lines.distance(shapely.Point(35.89, 34.89)) < 0.1
    assert lines.distance(shapely.Point(36.71, 34.73)) > 0.5
    assert lines.distance(shapely.Point(36.28, 33.51)) > 0.5


MENTIONS = [
    {"doc_id": "a.txt", "start": 0, "end": 3, "text": "حمص", "place_id": "sy_homs", "name": "Homs",
     "name_ar": "حمص", "lat": 34.73, "lon": 36.71, "governorate": "SY04", "district": "SY0401"},
    {"doc_id": "a.txt", "start": 10, "end": 16, "text": "بيروت", "place_id": "gn_276781", "name": "Beirut",
     "name_ar": "بيروت", "lat": 33.89, "lon": 35.5, "governorate": None, "district": None},
]


def test_frame_and_exports_carry_admin_names_beside_the_codes() -> None:
    gdf = mentions_frame(MENTIONS)
    assert list(gdf["governorate"]) == ["SY04", None] and list(gdf["district"]) == ["SY0401", None]
    assert list(gdf["governorate_name_ar"]) == ["حمص", None]
    assert list(gdf["governorate_name_en"]) == ["Homs", None]
    assert list(gdf["district_name_ar"]) == ["مركز حمص", None]
    assert list(gdf["district_name_en"]) == ["Homs", None]
    back = pd.read_csv(io.StringIO(to_csv(gdf, excel=False)))
    assert set(ADMIN_NAME_COLUMNS) <= set(back.columns)
    assert back.loc[0, "governorate"] == "SY04" and back.loc[0, "governorate_name_ar"] == "حمص"
    assert back.loc[0, "district_name_en"] == "Homs" and pd.isna(back.loc[1, "governorate_name_en"])
    features = json.loads(to_geojson(gdf))["features"]
    assert features[0]["properties"]["governorate_name_ar"] == "حمص"
    assert features[0]["properties"]["governorate_name_en"] == "Homs"
    assert features[0]["properties"]["district_name_ar"] == "مركز حمص"
    assert features[1]["properties"]["governorate_name_ar"] is None


def test_exports_name_the_codes_that_point_in_polygon_assigned() -> None:
    # geo.boundaries.assign_admin writes the English name into `governorate` and the code into
    # `governorate_pcode`; the names still follow the code.
    gdf = mentions_frame(MENTIONS[:1])
    gdf["governorate"], gdf["governorate_pcode"] = "Aleppo", "SY02"
    gdf["district"], gdf["district_pcode"] = "Jebel Saman", "SY0200"
    features = json.loads(to_geojson(gdf))["features"]
    assert features[0]["properties"]["governorate_name_ar"] == "حلب"
    assert features[0]["properties"]["district_name_en"] == district_names()["SY0200"][1]
    back = pd.read_csv(io.StringIO(to_csv(gdf, excel=False)))
    assert back.loc[0, "governorate_pcode"] == "SY02" and back.loc[0, "governorate_name_en"] == "Aleppo"


def test_store_frame_exports_names(store) -> None:  # noqa: ANN001 (the conftest fixture)
    gdf = mentions_frame(store.mentions())
    homs = gdf[gdf["governorate"] == "SY04"]
    assert len(homs) and (homs["governorate_name_en"] == "Homs").all()
    assert (gdf.loc[gdf["governorate"].isna(), "governorate_name_ar"].isna()).all()


def test_build_script_documents_its_sources() -> None:
    text = (REPO / "scripts" / "build_basemap.py").read_text(encoding="utf-8")
    assert "Natural Earth" in text and "COD-AB" in text and "--natural-earth" in text
    readme = (BASEMAP_DIR / "README.md").read_text(encoding="utf-8")
    assert "CC BY-IGO" in readme and "public domain" in readme
    assert basemap.ATTRIBUTION in readme.replace("\n", " ")
