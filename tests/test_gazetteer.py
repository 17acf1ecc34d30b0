"""The gazetteer knows the places Syrian news names, completely, under every spelling; builds are reproducible."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import geopandas as gpd
import pytest

import geo.gazetteer as gazetteer
from geo.gazetteer import (
    LEVELS,
    Gazetteer,
    Place,
    load_gazetteer,
    read_index,
    write_index,
)
from geo.gazetteer_build import (
    AdminLocator,
    Candidate,
    build,
    clean_arabic_names,
    fold_ar,
    merge,
    read_curated,
)
from tests import conftest


def shared_dir() -> Path:
    """../shared (or $MAKAN_SHARED) with its boundaries; missing fails on CI and skips elsewhere."""
    path = conftest.shared_dir()
    conftest.require((path / "reference" / "boundaries").is_dir(), f"shared reference data missing at {path}")
    return path


def place(pid: str, names: tuple[str, ...], level: str = "town", lat: float = 34.0, lon: float = 36.0,
          parent: str | None = None, population: int | None = None, source: str = "curated") -> Place:
    return Place(id=pid, name=pid.title(), name_ar=names[0], names_ar=names, level=level, lat=lat, lon=lon,
                 country="SY", governorate="SY04", district="SY0401", population=population, parent=parent,
                 source=source)


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    return Gazetteer(build())


def by_name(gaz: Gazetteer, name: str) -> list[Place]:
    key = fold_ar(name)
    return [p for n, p in gaz.names() if fold_ar(n) == key]


# ---------------------------------------------------------------- the Gazetteer class

def test_lookups_by_id_name_and_parent() -> None:
    homs = place("sy_homs", ("حمص",), level="city")
    waer = place("sy_homs_waer", ("الوعر", "حي الوعر"), level="district", parent="sy_homs")
    gaz = Gazetteer([homs, waer])
    assert gaz.get("sy_homs") == homs and gaz.get("nowhere") is None
    assert len(gaz) == 2 and set(gaz) == {homs, waer}
    assert sorted(n for n, _ in gaz.names()) == ["الوعر", "حمص", "حي الوعر"]
    assert gaz.children("sy_homs") == [waer] and gaz.children("sy_homs_waer") == []


def test_a_duplicate_id_is_refused() -> None:
    with pytest.raises(ValueError, match="sy_homs"):
        Gazetteer([place("sy_homs", ("حمص",)), place("sy_homs", ("حمص",))])


def test_index_round_trips_and_names_the_file_it_cannot_read(tmp_path: Path) -> None:
    places = [place("sy_b", ("ب",)), place("sy_a", ("أ", "ا"))]
    write_index(places, tmp_path / "g.jsonl.gz")
    assert sorted(read_index(tmp_path / "g.jsonl.gz"), key=lambda p: p.id) == sorted(places, key=lambda p: p.id)
    (tmp_path / "bad.jsonl.gz").write_text("not gzip")
    with pytest.raises(ValueError, match="bad.jsonl.gz"):
        read_index(tmp_path / "bad.jsonl.gz")


def test_loader_builds_a_missing_index_and_rebuilds_a_stale_one(tmp_path: Path, monkeypatch) -> None:
    import geo.gazetteer_build as builder

    source = tmp_path / "table.csv"
    source.write_text("x")
    index = tmp_path / "index.jsonl.gz"
    monkeypatch.setattr(gazetteer, "DEFAULT_INDEX", index)
    monkeypatch.setattr(gazetteer, "_sources", lambda: [source])
    monkeypatch.setattr(builder, "build", lambda: [place("sy_one", ("واحد",))])
    assert [p.id for p in load_gazetteer()] == ["sy_one"]  # missing: built
    monkeypatch.setattr(builder, "build", lambda: [place("sy_two", ("اثنان",))])
    assert [p.id for p in load_gazetteer()] == ["sy_one"]  # fresh: read as it is
    os.utime(source, (index.stat().st_mtime + 10, index.stat().st_mtime + 10))
    assert [p.id for p in load_gazetteer()] == ["sy_two"]  # a source changed: rebuilt


# ---------------------------------------------------------------- building blocks

@pytest.mark.parametrize(("a", "b"), [("البو كمال", "البوكمال"), ("إدلب", "ادلب"), ("حماة", "حماه"),
                                      ("دير الزّور", "ديرالزور"), ("سورية", "سوريه")])
def test_spellings_of_one_name_fold_together(a: str, b: str) -> None:
    assert fold_ar(a) == fold_ar(b)


@pytest.mark.parametrize(("raw", "kept"), [
    (["حمص", "Homs"], ("حمص",)),                       # Latin dropped
    (["حمص", "حِمص"], ("حمص", "حِمص")),                 # marks are a spelling, kept raw
    (["کرمانشاه", "كرمانشاه"], ("كرمانشاه",)),         # Persian kaf: not Arabic
    (["محافظة حمص", "حمص"], ("حمص",)),                 # the governorate's name is not the town's
    (["سوريا", "تلدو"], ("تلدو",)),                     # a country's name filed under a village
    (["ح", "  تلدو  "], ("تلدو",)),                     # too short; spaces trimmed
])
def test_noisy_geonames_arabic_names_are_cleaned(raw: list[str], kept: tuple[str, ...]) -> None:
    assert clean_arabic_names(raw, foreign={fold_ar("سوريا")}) == kept


def test_curated_and_geonames_rows_for_one_town_become_one_place() -> None:
    curated = place("sy_bukamal", ("البوكمال",), lat=34.4536, lon=40.9367)
    near = Candidate(1, place("gn_1", ("البو كمال",), lat=34.46, lon=40.93, population=50000, source="geonames:1"))
    far = Candidate(2, place("gn_2", ("البوكمال",), lat=35.5, lon=40.0, population=10, source="geonames:2"))
    merged = {p.id: p for p in merge([curated], [near, far], AdminLocator([], None), {"SY04": "sy_gov_homs"})}
    assert set(merged) == {"sy_bukamal", "gn_2"}
    one = merged["sy_bukamal"]
    assert (one.name_ar, one.level, one.population, one.source) == ("البوكمال", "town", 50000, "curated+geonames:1")


def test_a_later_table_adds_spellings_to_a_known_place(tmp_path: Path) -> None:
    header = "id,level,name_en,name_ar,alt_ar,alt_en,lat,lon,country,governorate,district,population,parent,source\n"
    (tmp_path / "syria_admin.csv").write_text(header + "sy_x,town,X,تلدو,,,34.875,36.52,SY,SY04,,,,curated\n")
    (tmp_path / "zz_more.csv").write_text(header + "sy_x,town,,,تل دو,,,,SY,,,,,curated\n"
                                          + "sy_y,town,Y,تلدو,,,34.876,36.521,SY,SY04,,,,curated\n")
    [only] = read_curated(tmp_path)
    assert only.id == "sy_x" and only.names_ar == ("تلدو", "تل دو")


def test_a_table_with_the_wrong_header_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "syria_admin.csv").write_text("id,name\nx,y\n")
    with pytest.raises(ValueError, match="syria_admin.csv"):
        read_curated(tmp_path)


# ---------------------------------------------------------------- the built index

def test_build_is_deterministic(tmp_path: Path, built: Gazetteer) -> None:
    write_index(list(built), tmp_path / "a.jsonl.gz")
    write_index(build(), tmp_path / "b.jsonl.gz")
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()


def test_at_least_1200_syrian_entries(built: Gazetteer) -> None:
    assert sum(p.country == "SY" for p in built) >= 1200


def test_every_entry_is_complete(built: Gazetteer) -> None:
    pcode = re.compile(r"SY\d\d")
    for p in built:
        assert p.id and p.name and p.name_ar in p.names_ar and p.level in LEVELS and p.source, p
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180 and not math.isnan(p.lat), p
        assert p.parent is None or built.get(p.parent) is not None, p
        assert all(fold_ar(n) for n in p.names_ar), p
        if p.country == "SY" and p.level != "country":
            assert pcode.fullmatch(p.governorate or "") and re.fullmatch(r"SY\d{4}", p.district or ""), p
            assert p.district.startswith(p.governorate), p


def test_all_governorates_and_ocha_districts_are_there(built: Gazetteer) -> None:
    folder = shared_dir() / "reference" / "boundaries"
    expected = {level: set(gpd.read_file(folder / f"syr_admbnda_adm{n}_uncs_unocha.json")[f"ADM{n}_PCODE"])
                for level, n in (("admin1", 1), ("admin2", 2))}
    assert len(expected["admin1"]) == 14 and len(expected["admin2"]) == 62
    assert {p.governorate for p in built if p.level == "admin1" and p.country == "SY"} == expected["admin1"]
    assert {p.district for p in built if p.level == "admin2" and p.country == "SY"} == expected["admin2"]


@pytest.mark.parametrize("name", [
    "دمشق", "حلب", "حمص", "حماة", "حماه", "اللاذقية", "إدلب", "ادلب", "الحسكة", "دير الزور", "ديرالزور", "طرطوس",
    "الرقة", "درعا", "السويداء", "القنيطرة", "ريف دمشق"])
def test_every_governorate_by_its_arabic_names(built: Gazetteer, name: str) -> None:
    assert any(p.level == "admin1" for p in by_name(built, name))


@pytest.mark.parametrize(("name", "level", "governorate"), [
    ("البوكمال", "town", "SY09"), ("البو كمال", "town", "SY09"), ("الرستن", "town", "SY04"),
    ("تلبيسة", "town", "SY04"), ("المعضمية", "town", "SY03"), ("ببيلا", "town", "SY03"),
    ("عين ترما", "town", "SY03"), ("أثريا", "village", "SY05"), ("السعن", "village", "SY05"),
    ("خان شيخون", "town", "SY07"), ("معرة النعمان", "town", "SY07"), ("كفرنبل", "town", "SY07"),
    ("داريا", "town", "SY03"), ("الزبداني", "town", "SY03"), ("مضايا", "town", "SY03"), ("القصير", "town", "SY04"),
    ("الحولة", "region", "SY04"), ("تدمر", "town", "SY04"), ("دوما", "city", "SY03"),
    ("أم التين", "village", "SY04"), ("أم العمد", "village", "SY04"),
    ("معبر باب الهوى", "poi", "SY07"), ("مطار الشعيرات", "poi", "SY04"), ("مخيم الركبان", "poi", "SY03"),
    ("حمص القديمة", "district", "SY04"), ("الوعر", "district", "SY04"), ("بابا عمرو", "district", "SY04"),
    ("الخالدية", "district", "SY04"), ("عكرمة", "district", "SY04"), ("القرابيص", "district", "SY04"),
    ("قرابيص", "district", "SY04"), ("جوبر", "district", "SY01"), ("برزة", "district", "SY01"),
    ("القابون", "district", "SY01"), ("اليرموك", "district", "SY01"), ("الشيخ مقصود", "district", "SY02"),
    ("صلاح الدين", "district", "SY02"), ("الشعار", "district", "SY02"),
    ("الغوطة الشرقية", "region", "SY03"), ("غوطة الشرقية", "region", "SY03"), ("ريف حمص", "region", "SY04"),
    ("ريف حمص الشمالي", "region", "SY04"), ("ريف حمص الشرقي", "region", "SY04"),
    ("ريف حلب الشمالي الشرقي", "region", "SY02"), ("القلمون", "region", "SY03"), ("سهل الغاب", "region", "SY05"),
    ("جبل الزاوية", "region", "SY07"), ("الجولان", "region", "SY14"), ("وادي بردى", "region", "SY03"),
])
def test_places_the_news_names(built: Gazetteer, name: str, level: str, governorate: str) -> None:
    assert any(p.level == level and p.governorate == governorate for p in by_name(built, name)), by_name(built, name)


def test_hadar_is_the_quneitra_village_not_aleppos_hader(built: Gazetteer) -> None:
    [hadar] = [p for p in by_name(built, "حضر") if p.country == "SY"]
    assert hadar.governorate == "SY14" and abs(hadar.lat - 33.28) < 0.05 and abs(hadar.lon - 35.85) < 0.05


def test_the_homs_countryside_hamidiyah_is_a_village_and_the_neighbourhood_is_in_the_city(built: Gazetteer) -> None:
    hamidiyahs = {p.level: p for p in by_name(built, "الحميدية") if p.governorate == "SY04"}
    assert hamidiyahs["district"].parent == "sy_homs"
    assert hamidiyahs["village"].lon > 36.8  # east of the city, in the countryside


def test_neighbourhoods_hang_under_their_city(built: Gazetteer) -> None:
    assert {"الوعر", "بابا عمرو", "حمص القديمة"} <= {p.name_ar for p in built.children("sy_homs")}
    assert {"جوبر", "برزة"} <= {p.name_ar for p in built.children("sy_damascus")}


def test_arsal_and_its_outskirts_are_in_lebanon(built: Gazetteer) -> None:
    assert {p.country for p in by_name(built, "عرسال")} == {"LB"}
    assert {p.country for p in by_name(built, "جرود عرسال")} == {"LB"}


@pytest.mark.parametrize(("name", "code"), [
    ("سوريا", "SY"), ("سورية", "SY"), ("الأردن", "JO"), ("روسيا", "RU"), ("روسيا الاتحادية", "RU"),
    ("الولايات المتحدة", "US"), ("الولايات المتحدة الأمريكية", "US"), ("أميركا", "US"), ("إيران", "IR"),
    ("العراق", "IQ"), ("لبنان", "LB"), ("إسرائيل", "IL"), ("فلسطين", "PS"), ("السعودية", "SA"),
    ("المملكة العربية السعودية", "SA"), ("قطر", "QA"), ("مصر", "EG"), ("الإمارات", "AE"), ("بريطانيا", "GB"),
    ("المملكة المتحدة", "GB"), ("فرنسا", "FR"), ("ألمانيا", "DE"), ("الصين", "CN"), ("تركيا", "TR"),
    ("البرازيل", "BR"), ("اليابان", "JP"),  # CLDR's own names, typed by nobody here
])
def test_countries_by_their_arabic_names(built: Gazetteer, name: str, code: str) -> None:
    assert any(p.level == "country" and p.country == code for p in by_name(built, name))


def test_world_cities_and_regions(built: Gazetteer) -> None:
    assert any(p.country == "RU" and p.level == "city" for p in by_name(built, "موسكو"))
    assert any(p.country == "IR" and p.level == "city" for p in by_name(built, "طهران"))
    assert any(p.country == "IQ" for p in by_name(built, "الموصل"))
    [gulf] = by_name(built, "الخليج")
    assert gulf.level == "region" and gulf.country == ""


# ---------------------------------------------------------------- the region beyond Syria (issue 10)
@pytest.mark.parametrize(("name", "code"), [
    ("ذيبان", "JO"), ("أم قيس", "JO"),  # Jordanian villages from GeoNames' cities500
    ("عجلتون", "LB"), ("الأشرفية", "LB"), ("الحمرا", "LB"),  # a Lebanese town; Beirut's quarters
    ("الكرادة", "IQ"), ("مدينة الصدر", "IQ"),  # Baghdad's quarters
    ("السيدة زينب", "EG"), ("مصر الجديدة", "EG"), ("المعادي", "EG"),  # Cairo's
    ("جبل عمان", "JO"), ("الشميساني", "JO"), ("ديرة", "AE"), ("مطرح", "OM"),
])
def test_towns_and_quarters_of_the_region(built: Gazetteer, name: str, code: str) -> None:
    assert any(p.country == code for p in by_name(built, name))


def test_a_quarter_abroad_hangs_under_its_city(built: Gazetteer) -> None:
    [beirut] = {p.id for p in by_name(built, "بيروت") if p.level == "city" and p.country == "LB"}
    assert {"الأشرفية", "الحمرا"} <= {p.name_ar for p in built.children(beirut)}
    [cairo] = {p.id for p in by_name(built, "القاهرة") if p.level == "city" and p.country == "EG"}
    assert "السيدة زينب" in {p.name_ar for p in built.children(cairo)}


def test_a_small_place_abroad_keeps_no_name_that_is_an_ordinary_word(built: Gazetteer) -> None:
    # GeoNames has a Jordanian village "سوف" ("will") and a Palestinian "الفصايل" ("the factions")
    assert not any(p.country in ("JO", "PS") for p in by_name(built, "سوف"))
    assert not any(p.country == "PS" for p in by_name(built, "الفصائل"))


def test_small_places_abroad_take_their_level_from_their_size(built: Gazetteer) -> None:
    # a village needs a cue to be found, as Syria's villages do
    assert {p.level for p in by_name(built, "أم قيس") if p.country == "JO"} <= {"village", "town"}
