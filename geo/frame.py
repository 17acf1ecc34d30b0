"""Place mentions as one GeoDataFrame (EPSG:4326), and its GeoJSON and CSV exports.

As in geopandas, one structure carries the mentions from the store to the map and to the
exports. A mention the resolver could not place is still a finding a user wants to see in a
table or fix later, so rows without coordinates are kept, with a missing geometry, and only
the GeoJSON export (which has nowhere to draw them) leaves them out.

Wherever a governorate or district P-code appears, the frame and both exports also carry its
Arabic and English names (``governorate_name_ar``, ``governorate_name_en``, ``district_name_ar``,
``district_name_en``, from ``geo.basemap``), so an exported file is readable without OCHA's
tables; the code columns stay as they were.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any, BinaryIO

import pandas as pd

from extraction.document import PlaceMention
from geo.basemap import district_names, governorate_names

if TYPE_CHECKING:
    import geopandas

CRS = "EPSG:4326"
MENTION_COLUMNS = ["doc_id"] + [f.name for f in fields(PlaceMention)]
_TEXT_COLUMNS = {"doc_id"} | {f.name for f in fields(PlaceMention) if str(f.type).startswith("str")}
BOM = "\ufeff"  # lets Excel open the CSV as UTF-8 instead of mangling the Arabic
ADMIN_NAME_COLUMNS = ["governorate_name_ar", "governorate_name_en", "district_name_ar", "district_name_en"]


def _with_admin_names(df: pd.DataFrame) -> pd.DataFrame:
    """Add (or refresh) the governorate and district names for the P-codes each row carries.

    The code is read from ``governorate_pcode``/``district_pcode`` when ``geo.boundaries.assign_admin``
    has filled them (it puts the English name in ``governorate``), else from ``governorate``/``district``.
    A row without a known code gets None. Names are derived, so they are recomputed on every call.
    """
    for prefix, names in (("governorate", governorate_names()), ("district", district_names())):
        if prefix not in df.columns and f"{prefix}_pcode" not in df.columns:
            continue
        codes = pd.Series(None, index=df.index, dtype=object)
        for column in (prefix, f"{prefix}_pcode"):  # the later, more specific column wins
            if column in df.columns:
                values = df[column].astype(object)
                codes = values.where(values.isin(list(names)), codes)
        for i, language in enumerate(("ar", "en")):
            df[f"{prefix}_name_{language}"] = pd.Series(
                [names[c][i] if isinstance(c, str) else None for c in codes], index=df.index, dtype=object)
    return df


def _df_to_geodf(df: pd.DataFrame, lon: str = "lon", lat: str = "lat") -> geopandas.GeoDataFrame:
    """Turn lon/lat columns into points; a row missing either (or not a number) gets no geometry."""
    import geopandas
    from shapely.geometry import Point

    x = pd.to_numeric(df[lon], errors="coerce")
    y = pd.to_numeric(df[lat], errors="coerce")
    points = [Point(a, b) if pd.notna(a) and pd.notna(b) else None for a, b in zip(x, y)]
    return geopandas.GeoDataFrame(df, geometry=geopandas.GeoSeries(points, index=df.index, crs=CRS), crs=CRS)


def mentions_frame(rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> geopandas.GeoDataFrame:
    """One row per mention (``PlaceMention`` columns plus ``doc_id``), a point where it has coordinates.

    Accepts the store's DataFrame or plain mappings (e.g. ``PlaceMention.as_json``); extra columns
    (title, source...) are kept, and missing mention columns are added empty so consumers can rely
    on them.
    """
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if "doc" in df.columns:  # PlaceMention.as_json names it "doc"
        df["doc_id"] = df["doc_id"].fillna(df["doc"]) if "doc_id" in df.columns else df["doc"]
        df = df.drop(columns=["doc"])
    for column in MENTION_COLUMNS:
        if column not in df.columns:
            df[column] = None
        elif column in _TEXT_COLUMNS:  # missing text is None, not NaN, so callers test one thing
            df[column] = df[column].astype(object).where(df[column].notna(), None)
    return _df_to_geodf(_with_admin_names(df))


def _located(gdf: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """The rows that have a point to draw."""
    geometry = gdf.geometry
    return gdf[geometry.notna() & ~geometry.is_empty]


def to_geojson(gdf: geopandas.GeoDataFrame) -> str:
    """A FeatureCollection of the mentions that have coordinates, Arabic kept readable (not \\u-escaped).

    Escaping for HTML is the job of whoever puts this into a page; JSON itself is safe as it is.
    """
    out = io.BytesIO()
    write_geojson([gdf], out)
    return out.getvalue().decode("utf-8")


def write_geojson(frames: Iterable[geopandas.GeoDataFrame], out: BinaryIO) -> None:
    """``to_geojson`` of the frames' mentions together, one feature at a time into ``out`` (UTF-8):
    the text geopandas writes for them as one frame, without holding them all, nor all their
    features as dictionaries, at once (nearly 2 GB for the 199,410 mentions of SaudiNewsNet)."""
    out.write(b'{"type": "FeatureCollection", "features": [')
    separator = b""
    for gdf in frames:
        located = _with_admin_names(_located(gdf.to_crs(CRS) if gdf.crs and gdf.crs != CRS else gdf).copy())
        for feature in located.iterfeatures(na="null", show_bbox=False):
            out.write(separator + json.dumps(feature, ensure_ascii=False, default=str).encode("utf-8"))
            separator = b", "
    out.write(b"]}")


def to_csv(gdf: geopandas.GeoDataFrame, *, excel: bool = True) -> str:
    """All mentions as CSV with ``lat``/``lon`` columns (empty where unknown) and no geometry column.

    With ``excel`` the text starts with a UTF-8 byte-order mark, so Excel shows the Arabic
    instead of mojibake; pandas and csv readers opening the file with ``utf-8-sig`` drop it.
    """
    df = _with_admin_names(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)))
    points = gdf.geometry
    has_point = points.notna() & ~points.is_empty
    if "lat" not in df.columns:
        df["lat"] = points.y.where(has_point)
    if "lon" not in df.columns:
        df["lon"] = points.x.where(has_point)
    buffer = io.StringIO()
    df.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return (BOM if excel else "") + buffer.getvalue()


def write_csv(frames: Iterable[geopandas.GeoDataFrame], out: BinaryIO) -> None:
    """``to_csv`` of the frames' mentions together (one header, the byte-order mark first) into ``out``
    as UTF-8, a frame at a time, each with the first frame's columns (parts of one selection)."""
    header, columns = True, None
    for gdf in frames:
        columns = list(gdf.columns) if columns is None else columns
        text = to_csv(gdf.reindex(columns=columns), excel=header)
        out.write((text if header else text.split("\n", 1)[1]).encode("utf-8"))
        header = False
