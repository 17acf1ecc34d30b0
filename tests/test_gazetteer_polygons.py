"""Coordinates must be right: every Syrian place lies in the governorate and district it claims.

Checked against OCHA's boundary polygons (read from ../shared, never copied), with a 2 km margin
for governorates (border crossings, coastal towns) and 3 km for districts.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.gazetteer import CURATED_DIR, Place
from geo.gazetteer_build import HEADER, build, read_table, table_order
from tests import conftest

GOVERNORATE_MARGIN_M = 2_000
DISTRICT_MARGIN_M = 3_000
METRIC_CRS = "EPSG:32637"  # UTM 37N covers Syria with small distortion


def shared_dir() -> Path:
    """../shared (or $MAKAN_SHARED) with its boundaries; missing fails on CI and skips elsewhere."""
    path = conftest.shared_dir()
    conftest.require((path / "reference" / "boundaries").is_dir(), f"shared reference data missing at {path}")
    return path


@pytest.fixture(scope="module")
def polygons() -> dict[str, object]:
    """P-code -> polygon in metres, for governorates and districts."""
    folder = shared_dir() / "reference" / "boundaries"
    out: dict[str, object] = {}
    for level in (1, 2):
        frame = gpd.read_file(folder / f"syr_admbnda_adm{level}_uncs_unocha.json").to_crs(METRIC_CRS)
        out.update(zip(frame[f"ADM{level}_PCODE"], frame.geometry))
    return out


def _metric_point(lat: float, lon: float) -> Point:
    return gpd.GeoSeries([Point(lon, lat)], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]


def misplaced(places: list[tuple[str, float, float, str | None, str | None]], polygons: dict) -> list[str]:
    """Descriptions of the places outside their governorate (or district) beyond the margin."""
    bad = []
    for pid, lat, lon, gov, dist in places:
        point = _metric_point(lat, lon)
        for code, margin in ((gov, GOVERNORATE_MARGIN_M), (dist, DISTRICT_MARGIN_M)):
            if not code:
                continue
            if code not in polygons:
                bad.append(f"{pid}: unknown P-code {code}")
                continue
            gap = polygons[code].distance(point)
            if gap > margin:
                bad.append(f"{pid} ({lat}, {lon}) is {gap / 1000:.1f} km outside {code}")
    return bad


def test_every_curated_syrian_row_lies_in_its_governorate_and_district(polygons: dict) -> None:
    rows = [(row["id"], float(row["lat"]), float(row["lon"]), row["governorate"] or None, row["district"] or None)
            for path in table_order(CURATED_DIR) for row in read_table(path)
            if row["country"] == "SY" and row["lat"] and row["lon"]]
    assert len(rows) > 500
    bad = misplaced(rows, polygons)
    assert not bad, f"{len(bad)} curated rows misplaced:\n" + "\n".join(bad[:60])


def test_every_syrian_place_in_the_index_lies_in_its_governorate_and_district(
        built: list[Place], polygons: dict) -> None:
    syrian = [(p.id, p.lat, p.lon, p.governorate, p.district) for p in built if p.country == "SY" and p.governorate]
    assert len(syrian) > 1000
    bad = misplaced(syrian, polygons)
    assert not bad, f"{len(bad)} places misplaced:\n" + "\n".join(bad[:60])


def test_every_syrian_place_below_the_country_has_a_governorate(built: list[Place]) -> None:
    missing = [p.id for p in built if p.country == "SY" and p.level != "country" and not p.governorate]
    assert missing == []


def test_the_curated_tables_share_one_header() -> None:
    for path in table_order(CURATED_DIR):
        with path.open(encoding="utf-8") as f:
            assert f.readline().strip().split(",") == HEADER, path


@pytest.fixture(scope="module")
def built() -> list[Place]:
    """The index as the build makes it (districts of GeoNames places come from the same polygons)."""
    shared_dir()
    return build()

