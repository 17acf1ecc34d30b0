"""Governorate and district boundaries: loading a user's file, point-in-polygon, an optional download.

No installable package ships Syria's governorates, so the user hands Makan a boundaries file
(GeoJSON, GeoPackage, a folder or a zip holding adm1/adm2 layers), or asks for the official
OCHA COD-AB layers to be downloaded once and cached. Files differ in how they name their
columns (OCHA ``ADM1_EN``/``ADM1_AR``/``ADM1_PCODE``, the newer ``adm1_name``/``adm1_name1``,
GADM ``NAME_1``/``NL_NAME_1``, geoBoundaries ``shapeName``...), so the columns are detected and
renamed to ``pcode``, ``name_en``, ``name_ar``. Without boundaries everything else still works:
mentions simply carry no governorate from geometry.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import geopandas

log = logging.getLogger(__name__)

CRS = "EPSG:4326"
# OCHA's Syria COD-AB on HDX: one zip holding syr_admin0..3.geojson (CC BY-IGO 3.0).
DEFAULT_BOUNDARIES_URL = (
    "https://data.humdata.org/dataset/356a63e9-90aa-4b9c-a938-58ef24469c00/resource/"
    "ab4b6f19-3854-4b2b-8f5c-b5dc474a4c0c/download/syr_admin_boundaries.geojson.zip")
DOWNLOAD_TIMEOUT_SECONDS = 60
LAYER_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")
_ARABIC = re.compile("[\u0600-\u06ff]")


def _candidates(level: int) -> dict[str, list[str]]:
    """Column names that may hold each field, most specific first (matched case-insensitively)."""
    n = level
    return {
        "pcode": [f"adm{n}_pcode", f"adm{n}_code", f"gid_{n}", f"admin{n}pcod", "shapeid", "shapeiso",
                  "pcode", "code", "id"],
        "name_en": [f"adm{n}_en", f"adm{n}_name", f"name_{n}", f"admin{n}name", "shapename", "name_en",
                    "name"],
        "name_ar": [f"adm{n}_ar", f"adm{n}_name1", f"nl_name_{n}", "name_ar", "shapename", "name"],
    }


@dataclass
class Boundaries:
    """Governorates (admin level 1) and, when given, districts (level 2); columns pcode, name_en, name_ar."""

    governorates: geopandas.GeoDataFrame
    districts: geopandas.GeoDataFrame | None = None


def _layer_level(name: str) -> int | None:
    """1 or 2 for a layer named like ``syr_admbnda_adm1_...``, ``syr_admin2``, ``geoBoundaries-SYR-ADM1``."""
    found = re.search(r"adm(?:in)?[_-]?([0-9])(?![0-9])", name, re.IGNORECASE)
    return int(found.group(1)) if found and found.group(1) in "12" else None


def _layers_in(path: Path) -> dict[int, str]:
    """The adm1/adm2 layers inside a folder or a zip, as paths GDAL can open."""
    if path.is_dir():
        names = sorted(str(p) for p in path.iterdir() if p.suffix.lower() in LAYER_SUFFIXES)
    else:
        with zipfile.ZipFile(path) as archive:
            names = sorted(f"/vsizip/{path.resolve()}/{member}" for member in archive.namelist()
                           if not member.endswith("/") and Path(member).suffix.lower() in LAYER_SUFFIXES)
    layers: dict[int, str] = {}
    for name in names:
        level = _layer_level(Path(name).stem)
        if level is not None:
            layers.setdefault(level, name)
    return layers


def _pick(frame: pd.DataFrame, names: list[str], arabic: bool | None) -> str | None:
    """The first column among ``names`` with values; ``arabic`` asks whether they are in Arabic script."""
    by_lower = {str(c).lower(): c for c in frame.columns if c != frame.geometry.name}
    for name in names:
        column = by_lower.get(name)
        if column is None:
            continue
        values = frame[column].dropna().astype(str)
        values = values[values.str.strip() != ""]
        if values.empty:
            continue
        in_arabic = bool(values.str.contains(_ARABIC).mean() >= 0.5)
        if arabic is not None and in_arabic != arabic:
            continue
        return column
    return None


def _read_level(source: str | Path, level: int) -> geopandas.GeoDataFrame:
    """One layer as a GeoDataFrame with pcode, name_en, name_ar and geometry in EPSG:4326."""
    import geopandas

    try:
        frame = geopandas.read_file(source)
    except Exception as exc:  # pyogrio raises several types; the user needs the file and the reason
        raise ValueError(f"{source}: cannot read boundaries ({exc})") from exc
    if frame.empty or frame.geometry.isna().all():
        raise ValueError(f"{source}: no boundary shapes in this file")
    found = {field: _pick(frame, names, arabic={"name_ar": True, "name_en": False}.get(field))
             for field, names in _candidates(level).items()}
    if found["name_en"] is None and found["name_ar"] is None:
        raise ValueError(f"{source}: no name column for admin level {level} among "
                         f"{[c for c in frame.columns if c != frame.geometry.name]}")
    out = geopandas.GeoDataFrame(
        {field: frame[column].astype(object).where(frame[column].notna(), None) if column else None
         for field, column in found.items()},
        geometry=frame.geometry.values, crs=frame.crs or CRS)
    return out.to_crs(CRS) if out.crs != CRS else out


def load_boundaries(path: str | Path, districts_path: str | Path | None = None) -> Boundaries:
    """Governorates from ``path`` (a file, or a folder/zip holding adm1 and maybe adm2 layers).

    Raises ValueError naming the file when it is missing, unreadable or has no name column.
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: boundaries file not found")
    governorates_source: str | Path = path
    districts_source: str | Path | None = districts_path
    if path.is_dir() or zipfile.is_zipfile(path):
        layers = _layers_in(path)
        if 1 not in layers:
            raise ValueError(f"{path}: no admin level 1 layer (a file named like *adm1*.geojson) inside")
        governorates_source = layers[1]
        districts_source = districts_path or layers.get(2)
    return Boundaries(governorates=_read_level(governorates_source, 1),
                      districts=_read_level(districts_source, 2) if districts_source else None)


def _join(points: geopandas.GeoDataFrame, areas: geopandas.GeoDataFrame) -> pd.DataFrame:
    """pcode/name_en/name_ar of the area holding each point (first match on a shared border)."""
    import geopandas

    joined = geopandas.sjoin(points, areas.to_crs(points.crs), how="left", predicate="intersects")
    joined = joined[~joined.index.duplicated(keep="first")]
    return joined[["pcode", "name_en", "name_ar"]].reindex(points.index)


def assign_admin(gdf: geopandas.GeoDataFrame, boundaries: Boundaries) -> geopandas.GeoDataFrame:
    """Add governorate_pcode, governorate, governorate_ar, district_pcode, district, district_ar.

    Found by point-in-polygon: a point outside every shape (Beirut, Moscow) gets None. Rows
    without a point, and the district columns when no district layer was loaded, keep whatever
    they had (the gazetteer's governorate, say), since geometry has nothing to say about them.
    """
    import geopandas

    out = gdf.copy()
    geometry = out.geometry
    has_point = (geometry.notna() & ~geometry.is_empty).to_numpy()
    points = geopandas.GeoDataFrame(geometry=geometry[has_point].reset_index(drop=True), crs=gdf.crs or CRS)
    for prefix, areas in (("governorate", boundaries.governorates), ("district", boundaries.districts)):
        columns = {f"{prefix}_pcode": "pcode", prefix: "name_en", f"{prefix}_ar": "name_ar"}
        for column in columns:
            if column not in out.columns:
                out[column] = None
            out[column] = pd.Series(out[column].astype(object).where(out[column].notna(), None),
                                    index=out.index, dtype=object)
        if areas is None or not has_point.any():
            continue
        found = _join(points, areas)
        for column, field in columns.items():
            values = found[field].astype(object).where(found[field].notna(), None).to_numpy()
            column_values = out[column].to_numpy(copy=True)
            column_values[has_point] = values
            out[column] = pd.Series(column_values, index=out.index, dtype=object)
    return out


def _cache_name(url: str) -> str:
    """A file name for the download, from the URL's last path part."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", url.split("?")[0].rstrip("/").rsplit("/", 1)[-1])
    return name or "boundaries.geojson"


def fetch_boundaries(cache_dir: Path, url: str = DEFAULT_BOUNDARIES_URL, *, online: bool) -> Path | None:
    """The boundaries file at ``url``, downloaded once into ``cache_dir`` and reused afterwards.

    Returns None, with one logged message saying how to proceed, when offline and nothing is
    cached yet, or when the download fails; a failed download leaves no partial file behind.
    """
    target = Path(cache_dir) / _cache_name(url)
    if target.is_file():
        return target
    if not online:
        log.warning("Boundaries not downloaded: online access is off. Pass --boundaries PATH, "
                    "or allow online access to fetch them once from %s", url)
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=target.parent, prefix=".download-")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            while chunk := response.read(1 << 16):
                out.write(chunk)
        if Path(partial).stat().st_size == 0:
            raise OSError("empty response")
        os.replace(partial, target)
    except OSError as exc:  # URLError, HTTPError and timeouts are all OSErrors
        Path(partial).unlink(missing_ok=True)
        log.warning("Boundaries download from %s failed (%s); continuing without boundaries. "
                    "Pass --boundaries PATH to use a local file.", url, exc)
        return None
    return target
