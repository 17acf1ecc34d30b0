"""Mentions as a GeoDataFrame: every mention kept, points in EPSG:4326, exports that keep the Arabic."""

from __future__ import annotations

import io
from pathlib import Path

import geopandas
import pandas as pd
import pytest
from shapely.geometry import Point

from extraction.document import PlaceMention
from geo.frame import BOM, mentions_frame, to_csv, to_geojson, write_csv, write_geojson
from geo.dialect import CHUNKS_CURSOR
from geo.store import Filters, Store
from tests.conftest import write_fixture_store

HOMS = {"doc_id": "a.txt", "start": 14, "end": 17, "text": "حمص", "place_id": "sy_homs", "name": "Homs",
        "name_ar": "حمص", "lat": 34.73, "lon": 36.71}
UNRESOLVED = {"doc_id": "a.txt", "start": 30, "end": 36, "text": "الزعفرانة", "place_id": None}


def test_store_mentions_become_points_in_wgs84(store: Store) -> None:
    mentions = store.mentions()
    gdf = mentions_frame(mentions)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(mentions)
    homs = gdf[gdf["place_id"] == "sy_homs"]
    assert len(homs) == 4
    assert all(p.equals(Point(36.71, 34.73)) for p in homs.geometry)  # x is longitude


@pytest.mark.parametrize("size", [1, 3, 1000])
def test_the_selection_read_and_written_in_parts_is_the_selection_written_whole(store: Store, size: int) -> None:
    """The export reads and writes a large selection a part at a time (``Store.mention_chunks``,
    ``write_csv``, ``write_geojson``): the files are those of the whole selection, byte for byte."""
    for filters in (Filters(), Filters(sources=["Desk B"]), Filters(include_undated=False)):
        whole = store.mentions(filters)
        parts = list(store.mention_chunks(filters, size))
        assert _rows(pd.concat(parts)) == _rows(whole)
        assert all(len(part) <= size for part in parts)
        frames = [mentions_frame(part.drop(columns=["date_start", "date_end"])) for part in parts]
        one = mentions_frame(whole.drop(columns=["date_start", "date_end"]))
        geojson, csv_file = io.BytesIO(), io.BytesIO()
        write_geojson(frames, geojson)
        write_csv(frames, csv_file)
        assert geojson.getvalue().decode("utf-8") == to_geojson(one)
        assert csv_file.getvalue().decode("utf-8") == to_csv(one)


def _rows(df: pd.DataFrame) -> list[tuple]:
    """The frame's index and values, a missing value as None whatever its dtype made of it."""
    return list(zip(df.index, df.astype(object).where(df.notna(), None).values.tolist()))


def test_on_postgresql_the_parts_come_from_the_server_a_part_at_a_time(fresh_postgres: str) -> None:
    """A hosted export of every mention must not hold the whole result in the dashboard's process:
    the parts are fetched through a server-side cursor, which is open while they are read and gone
    once the reading ends or is given up (a download stopped), leaving the connection usable."""
    write_fixture_store(fresh_postgres)
    with Store(fresh_postgres) as store:
        connection = store._conn._conn  # psycopg's own, to ask the server what this session holds open
        cursors = "SELECT name, statement FROM pg_cursors WHERE name = %s"
        parts = store.mention_chunks(Filters(), 2)
        first = next(parts)
        held = connection.execute(cursors, [CHUNKS_CURSOR]).fetchall()
        assert len(first) == 2 and len(held) == 1 and "ORDER BY m.doc_id, m.idx" in held[0][1]
        parts.close()  # given up after one part
        assert connection.execute(cursors, [CHUNKS_CURSOR]).fetchall() == []
        assert len(pd.concat(store.mention_chunks(Filters(), 2))) == len(store.mentions())


def test_an_empty_selection_in_parts_is_one_empty_part(store: Store) -> None:
    parts = list(store.mention_chunks(Filters(sources=["nobody"]), 10))
    assert len(parts) == 1 and parts[0].empty and "place_id" in parts[0].columns
    out = io.BytesIO()
    write_csv([mentions_frame(parts[0].drop(columns=["date_start", "date_end"]))], out)
    assert out.getvalue().decode("utf-8").startswith(BOM + "doc_id,") and out.getvalue().count(b"\n") == 1


def test_mentions_without_coordinates_are_kept_with_no_geometry() -> None:
    gdf = mentions_frame([HOMS, UNRESOLVED, dict(UNRESOLVED, start=40, lat="", lon="")])
    assert list(gdf["text"]) == ["حمص", "الزعفرانة", "الزعفرانة"]
    assert gdf.geometry.iloc[0].equals(Point(36.71, 34.73))
    assert gdf.geometry.iloc[1:].isna().all()


def test_place_mention_json_rows_are_accepted_and_columns_completed() -> None:
    mention = PlaceMention(start=3, end=6, text="حلب", place_id="sy_aleppo", lat=36.2, lon=37.16)
    gdf = mentions_frame([mention.as_json("b.txt"), {"doc_id": "c.txt", "start": 0, "end": 2, "text": "هنا"}])
    assert list(gdf["doc_id"]) == ["b.txt", "c.txt"]
    assert gdf.loc[1, "sense"] is None and gdf.loc[1, "governorate"] is None


def test_empty_input_gives_an_empty_frame_with_the_mention_columns() -> None:
    gdf = mentions_frame([])
    assert gdf.empty
    assert {"doc_id", "start", "end", "text", "place_id", "lat", "lon"} <= set(gdf.columns)


def test_geojson_round_trips_through_geopandas_without_the_unlocated(tmp_path: Path) -> None:
    path = tmp_path / "mentions.geojson"
    path.write_text(to_geojson(mentions_frame([HOMS, UNRESOLVED])), encoding="utf-8")
    back = geopandas.read_file(path)
    assert len(back) == 1
    assert back.crs.to_epsg() == 4326
    assert back.loc[0, "text"] == "حمص" and back.loc[0, "doc_id"] == "a.txt"
    assert back.geometry.iloc[0].equals(Point(36.71, 34.73))


def test_geojson_keeps_arabic_readable() -> None:
    text = to_geojson(mentions_frame([HOMS]))
    assert "حمص" in text and "\\u062d" not in text


def test_csv_keeps_arabic_and_coordinates_for_excel_and_pandas(tmp_path: Path) -> None:
    text = to_csv(mentions_frame([HOMS, UNRESOLVED]))
    assert text.startswith(BOM)
    path = tmp_path / "mentions.csv"
    path.write_text(text, encoding="utf-8")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert list(back["text"]) == ["حمص", "الزعفرانة"]
    assert back.loc[0, "lat"] == pytest.approx(34.73) and back.loc[0, "lon"] == pytest.approx(36.71)
    assert back.loc[1, ["lat", "lon"]].isna().all()
    assert "geometry" not in back.columns


def test_csv_takes_coordinates_from_geometry_when_lat_lon_were_dropped() -> None:
    gdf = mentions_frame([HOMS, UNRESOLVED]).drop(columns=["lat", "lon"])
    back = pd.read_csv(io.StringIO(to_csv(gdf, excel=False)))
    assert back.loc[0, "lon"] == pytest.approx(36.71) and back.loc[0, "lat"] == pytest.approx(34.73)
    assert back.loc[1, ["lat", "lon"]].isna().all()
