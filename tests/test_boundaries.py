"""Boundaries: OCHA's governorates from ../shared, other column layouts, clear errors, a cached download."""

from __future__ import annotations

import http.server
import logging
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import geopandas
import pytest
from shapely.geometry import box

from geo.boundaries import Boundaries, assign_admin, fetch_boundaries, load_boundaries
from geo.frame import mentions_frame
from tests.conftest import require, shared_dir

HOMS_CITY = {"doc_id": "a.txt", "text": "حمص", "lat": 34.73, "lon": 36.71}
DAMASCUS = {"doc_id": "a.txt", "text": "دمشق", "lat": 33.51, "lon": 36.29}
BEIRUT = {"doc_id": "b.txt", "text": "بيروت", "lat": 33.89, "lon": 35.50}
UNPLACED = {"doc_id": "c.txt", "text": "الزعفرانة", "governorate": "Homs", "district": "Al-Rastan"}
ADMIN_COLUMNS = ["governorate_pcode", "governorate", "governorate_ar", "district_pcode", "district", "district_ar"]


@pytest.fixture(scope="module")
def ocha_dir() -> Path:
    """The shared folder of OCHA's adm0/1/2 GeoJSON files (read, never copied); CI fails without it."""
    folder = shared_dir() / "reference" / "boundaries"
    require(folder.is_dir(), f"{folder} is missing")
    return folder


@pytest.fixture(scope="module")
def ocha(ocha_dir: Path) -> Boundaries:
    """OCHA's governorates and districts, loaded once per module."""
    return load_boundaries(ocha_dir)


def _squares(path: Path, columns: dict[str, list[str]], crs: str = "EPSG:4326") -> Path:
    """Two unit squares side by side, at (0,0) and (1,0), with the given attribute columns."""
    frame = geopandas.GeoDataFrame(columns, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326")
    frame.to_crs(crs).to_file(path)
    return path


def _admin(gdf: geopandas.GeoDataFrame) -> list[dict[str, str | None]]:
    return gdf[ADMIN_COLUMNS].to_dict("records")


def test_ocha_folder_gives_fourteen_governorates_with_both_names(ocha: Boundaries) -> None:
    assert len(ocha.governorates) == 14
    homs = ocha.governorates[ocha.governorates["pcode"] == "SY04"].iloc[0]
    assert (homs["name_en"], homs["name_ar"]) == ("Homs", "حمص")
    assert ocha.districts is not None and len(ocha.districts) == 62
    assert ocha.governorates.crs.to_epsg() == 4326


def test_points_get_their_governorate_and_district(ocha: Boundaries) -> None:
    rows = _admin(assign_admin(mentions_frame([HOMS_CITY, DAMASCUS]), ocha))
    assert rows[0] == {"governorate_pcode": "SY04", "governorate": "Homs", "governorate_ar": "حمص",
                       "district_pcode": "SY0401", "district": "Homs", "district_ar": "مركز حمص"}
    assert rows[1]["governorate_pcode"] == "SY01" and rows[1]["governorate"] == "Damascus"
    assert rows[1]["governorate_ar"] == "دمشق"


def test_a_point_outside_syria_gets_no_governorate(ocha: Boundaries) -> None:
    beirut = mentions_frame([dict(BEIRUT, governorate="Beirut")])
    assert set(_admin(assign_admin(beirut, ocha))[0].values()) == {None}


def test_mentions_without_coordinates_are_kept_with_what_they_had(ocha: Boundaries) -> None:
    out = assign_admin(mentions_frame([UNPLACED, HOMS_CITY]), ocha)
    assert len(out) == 2
    assert out.loc[0, "governorate"] == "Homs" and out.loc[0, "district"] == "Al-Rastan"
    assert out.loc[0, "governorate_pcode"] is None


def test_single_files_load_with_an_explicit_districts_file(ocha_dir: Path) -> None:
    folder = ocha_dir
    loaded = load_boundaries(folder / "syr_admbnda_adm1_uncs_unocha.json")
    assert loaded.districts is None and len(loaded.governorates) == 14
    both = load_boundaries(folder / "syr_admbnda_adm1_uncs_unocha.json",
                           districts_path=folder / "syr_admbnda_adm2_uncs_unocha.json")
    assert both.districts is not None and "SY0401" in set(both.districts["pcode"])


def test_without_a_district_layer_the_gazetteer_district_stays(tmp_path: Path) -> None:
    path = _squares(tmp_path / "gov.geojson", {"NAME_1": ["Alpha", "Beta"], "NL_NAME_1": ["ألفا", "بيتا"],
                                                "GID_1": ["X.1_1", "X.2_1"]})
    mentions = mentions_frame([{"doc_id": "d", "lon": 1.5, "lat": 0.5, "district": "Old quarter"}])
    row = assign_admin(mentions, load_boundaries(path)).iloc[0]
    assert (row["governorate_pcode"], row["governorate"], row["governorate_ar"]) == ("X.2_1", "Beta", "بيتا")
    assert row["district"] == "Old quarter" and row["district_pcode"] is None


@pytest.mark.parametrize(("columns", "expected"), [
    ({"shapeName": ["Alpha", "Beta"], "shapeID": ["G1", "G2"]}, ("G1", "Alpha", None)),  # geoBoundaries
    ({"name": ["ألفا", "بيتا"], "code": ["A", "B"]}, ("A", None, "ألفا")),  # generic, Arabic only
    ({"name_en": ["Alpha", "Beta"], "name_ar": ["ألفا", "بيتا"]}, (None, "Alpha", "ألفا")),  # no codes
])
def test_other_column_layouts_are_detected(tmp_path: Path, columns: dict[str, list[str]],
                                           expected: tuple[str | None, ...]) -> None:
    gov = load_boundaries(_squares(tmp_path / "gov.gpkg", columns)).governorates
    assert tuple(gov.iloc[0][["pcode", "name_en", "name_ar"]]) == expected


def test_projected_boundaries_are_brought_to_wgs84(tmp_path: Path) -> None:
    path = _squares(tmp_path / "gov.gpkg", {"ADM1_EN": ["Alpha", "Beta"], "ADM1_PCODE": ["A", "B"]},
                    crs="EPSG:3857")
    mentions = mentions_frame([{"doc_id": "d", "lon": 0.5, "lat": 0.5}])
    assert assign_admin(mentions, load_boundaries(path)).iloc[0]["governorate_pcode"] == "A"


def test_the_cod_ab_zip_layout_loads_both_levels(tmp_path: Path) -> None:
    gov = _squares(tmp_path / "syr_admin1.geojson", {"adm1_name": ["Alpha", "Beta"],
                                                      "adm1_name1": ["ألفا", "بيتا"], "adm1_pcode": ["A", "B"]})
    dist = _squares(tmp_path / "syr_admin2.geojson", {"adm2_name": ["One", "Two"], "adm2_name1": ["واحد", "اثنان"],
                                                       "adm2_pcode": ["A01", "B01"], "adm1_name": ["Alpha", "Beta"]})
    archive = tmp_path / "syr_admin_boundaries.geojson.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(gov, gov.name)
        out.write(dist, dist.name)
    loaded = load_boundaries(archive)
    assert list(loaded.governorates["name_ar"]) == ["ألفا", "بيتا"]
    assert loaded.districts is not None and list(loaded.districts["name_en"]) == ["One", "Two"]


def test_unusable_files_raise_value_errors_naming_them(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("not json at all", encoding="utf-8")
    nameless = _squares(tmp_path / "nameless.geojson", {"area": ["1", "2"]})
    for path in (garbage, nameless, tmp_path / "missing.geojson", tmp_path):
        with pytest.raises(ValueError, match=str(path.name)):
            load_boundaries(path)


class _Server:
    """A local HTTP server serving fixed bodies and counting requests; stands in for HDX."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append(self.path)
                body = bodies.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def hdx(tmp_path: Path) -> Iterator[_Server]:
    source = _squares(tmp_path / "source.geojson", {"ADM1_EN": ["Alpha", "Beta"], "ADM1_AR": ["ألفا", "بيتا"],
                                                     "ADM1_PCODE": ["A", "B"]})
    server = _Server({"/cod-ab/syr_adm1.geojson": source.read_bytes()})
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def test_download_happens_once_then_the_cache_serves(tmp_path: Path, hdx: _Server) -> None:
    url = f"{hdx.url}/cod-ab/syr_adm1.geojson"
    first = fetch_boundaries(tmp_path / "cache", url, online=True)
    assert first is not None and first.parent == tmp_path / "cache"
    assert list(load_boundaries(first).governorates["pcode"]) == ["A", "B"]
    assert fetch_boundaries(tmp_path / "cache", url, online=True) == first
    assert fetch_boundaries(tmp_path / "cache", url, online=False) == first
    assert hdx.requests == ["/cod-ab/syr_adm1.geojson"]


def test_offline_without_a_cache_returns_none_with_one_message(tmp_path: Path, hdx: _Server,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="geo.boundaries"):
        assert fetch_boundaries(tmp_path, f"{hdx.url}/cod-ab/syr_adm1.geojson", online=False) is None
    assert len(caplog.records) == 1 and "--boundaries" in caplog.records[0].getMessage()
    assert hdx.requests == []


def test_a_failed_download_returns_none_and_leaves_no_file(tmp_path: Path, hdx: _Server,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="geo.boundaries"):
        assert fetch_boundaries(tmp_path / "cache", f"{hdx.url}/missing.geojson", online=True) is None
    assert len(caplog.records) == 1 and "failed" in caplog.records[0].getMessage()
    assert list((tmp_path / "cache").iterdir()) == []

