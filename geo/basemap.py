"""The offline basemap: coastline, countries, Syria's governorates and districts, and their names.

Without internet the map has no tiles, so markers would float on an empty canvas. These layers,
built once by ``scripts/build_basemap.py`` and committed in ``data/basemap/`` (about 0.6 MB in all),
give a reader the coast, the borders and the names to find their way, and give every governorate
and district P-code its Arabic and English name even when no ``--boundaries`` file is passed.

Sources: OCHA COD-AB Syria (governorates and districts, simplified; CC BY-IGO) and Natural Earth
1:10m admin-0 countries 5.1.1 (countries and coastline, clipped to the region and simplified; public
domain); city labels come from Makan's gazetteer. See ``data/basemap/README.md``.

Everything is read once per process and cached: the dashboard may call these on every rerun. The
returned dicts are shared, so callers must not modify them (copy first).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

BASEMAP_DIR = Path(__file__).resolve().parents[1] / "data" / "basemap"
FILES = {
    "countries": "countries.geojson",
    "coastline": "coastline.geojson",
    "governorates": "syria_governorates.geojson",
    "districts": "syria_districts.geojson",
    "labels": "labels.csv",
}
LabelKind = Literal["governorate", "city", "capital", "country"]
LABEL_KINDS = ("governorate", "city", "capital", "country")
# Plain text with no character HTML treats specially, so it can go into Leaflet's attribution as is.
ATTRIBUTION = ("Boundaries of Syria: OCHA COD-AB (2020-12-17), simplified, CC BY-IGO · "
               "Countries and coastline: Natural Earth (public domain)")
SEPARATOR = " · "


@dataclass(frozen=True)
class Label:
    """A name to print on the map at a point: a governorate, a city, a capital or a country."""

    name_ar: str
    name_en: str
    lat: float
    lon: float
    kind: LabelKind


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so st.cache and lru_cache accept it
class Basemap:
    """The layers to draw beneath the markers, as GeoJSON FeatureCollections (EPSG:4326).

    ``countries``: properties ``name_ar``, ``name_en``, ``iso_a3``. ``coastline``: lines, no properties.
    ``governorates``: ``pcode``, ``name_ar``, ``name_en``. ``districts``: the same plus
    ``governorate_pcode``. ``attribution`` is HTML-safe text to show with the map.
    """

    countries: dict[str, Any]
    coastline: dict[str, Any]
    governorates: dict[str, Any]
    districts: dict[str, Any]
    labels: list[Label]
    attribution: str


def _read_geojson(name: str) -> dict[str, Any]:
    path = BASEMAP_DIR / FILES[name]
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    if collection.get("type") != "FeatureCollection":
        raise ValueError(f"{path}: not a GeoJSON FeatureCollection")
    return collection


def _read_labels() -> list[Label]:
    with open(BASEMAP_DIR / FILES["labels"], encoding="utf-8", newline="") as handle:
        return [Label(row["name_ar"], row["name_en"], float(row["lat"]), float(row["lon"]), row["kind"])
                for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def load_basemap() -> Basemap:
    """All the layers, read from ``data/basemap/`` once per process (tens of milliseconds)."""
    return Basemap(countries=_read_geojson("countries"), coastline=_read_geojson("coastline"),
                   governorates=_read_geojson("governorates"), districts=_read_geojson("districts"),
                   labels=_read_labels(), attribution=ATTRIBUTION)


def _names(layer: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {f["properties"]["pcode"]: (f["properties"]["name_ar"], f["properties"]["name_en"])
            for f in layer["features"]}


@lru_cache(maxsize=1)
def governorate_names() -> dict[str, tuple[str, str]]:
    """OCHA P-code → (Arabic, English) for Syria's 14 governorates (``SY04`` → ("حمص", "Homs")).

    From the committed basemap, so names are known with no boundaries file. Do not modify the result.
    """
    return _names(load_basemap().governorates)


@lru_cache(maxsize=1)
def district_names() -> dict[str, tuple[str, str]]:
    """OCHA P-code → (Arabic, English) for Syria's 62 districts (``SY0401`` → ("مركز حمص", "Homs"))."""
    return _names(load_basemap().districts)


def _label(names: dict[str, tuple[str, str]], pcode: str | None) -> str:
    if not pcode:
        return ""
    found = names.get(pcode)
    return SEPARATOR.join(found) if found else pcode


def governorate_label(pcode: str | None) -> str:
    """"حمص · Homs" for ``SY04``; the code itself when unknown, "" for no code."""
    return _label(governorate_names(), pcode)


def district_label(pcode: str | None) -> str:
    """"مركز حمص · Homs" for ``SY0401``; the code itself when unknown, "" for no code."""
    return _label(district_names(), pcode)
