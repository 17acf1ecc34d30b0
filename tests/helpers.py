"""Tiny hand-made gazetteers for tests (round coordinates, a handful of places), as geopandas' fixtures."""

from __future__ import annotations

from geo.gazetteer import Gazetteer, Place


def place(pid: str, name: str, names_ar: str, level: str, lat: float, lon: float, country: str = "SY",
          governorate: str | None = None, parent: str | None = None, population: int | None = None) -> Place:
    """A Place; ``names_ar`` is '|'-separated, the first being the canonical Arabic name."""
    names = tuple(names_ar.split("|"))
    return Place(pid, name, names[0], names, level, lat, lon, country, governorate, None, population, parent,
                 "test")


SMALL_PLACES = [
    place("country_sy", "Syria", "سوريا|سورية", "country", 35.0, 38.5),
    place("country_ru", "Russia", "روسيا", "country", 61.5, 90.0, "RU"),
    place("country_ir", "Iran", "إيران", "country", 32.4, 53.7, "IR"),
    place("country_tr", "Turkey", "تركيا", "country", 39.0, 35.0, "TR"),
    place("country_lb", "Lebanon", "لبنان", "country", 33.85, 35.86, "LB"),
    place("country_us", "United States", "الولايات المتحدة|الولايات المتحدة الأمريكية|أمريكا|أميركا", "country",
          39.8, -98.6, "US"),
    place("sy_gov_homs", "Homs Governorate", "حمص", "admin1", 34.7, 36.7, governorate="SY04"),
    place("sy_homs", "Homs", "حمص", "city", 34.73, 36.71, governorate="SY04", parent="sy_gov_homs",
          population=775000),
    place("sy_old_homs", "Old Homs", "حمص القديمة", "district", 34.73, 36.72, governorate="SY04", parent="sy_homs"),
    place("sy_waer", "Al-Waer", "الوعر", "district", 34.74, 36.66, governorate="SY04", parent="sy_homs"),
    place("sy_homs_countryside_n", "Northern Homs countryside", "ريف حمص الشمالي", "region", 34.88, 36.73,
          governorate="SY04", parent="sy_gov_homs"),
    place("sy_homs_countryside", "Homs countryside", "ريف حمص", "region", 34.75, 36.9, governorate="SY04",
          parent="sy_gov_homs"),
    place("sy_talbiseh", "Talbiseh", "تلبيسة", "town", 34.84, 36.73, governorate="SY04", parent="sy_gov_homs"),
    place("sy_palmyra", "Palmyra", "تدمر", "city", 34.56, 38.27, governorate="SY04", parent="sy_gov_homs"),
    place("sy_gov_damascus", "Damascus Governorate", "دمشق", "admin1", 33.51, 36.29, governorate="SY01"),
    place("sy_damascus", "Damascus", "دمشق", "city", 33.51, 36.28, governorate="SY01", population=1700000),
    place("sy_eastern_ghouta", "Eastern Ghouta", "الغوطة الشرقية|الغوطة", "region", 33.55, 36.4,
          governorate="SY03"),
    place("sy_gov_aleppo", "Aleppo Governorate", "حلب", "admin1", 36.2, 37.1, governorate="SY02"),
    place("sy_aleppo", "Aleppo", "حلب", "city", 36.2, 37.13, governorate="SY02", population=1600000),
    place("sy_raqqa", "Raqqa", "الرقة", "city", 35.95, 39.0, governorate="SY11"),
    place("sy_hama", "Hama", "حماة|حماه", "city", 35.13, 36.75, governorate="SY05"),
    place("sy_hadar", "Hadar", "حضر", "town", 33.28, 35.85, governorate="SY14"),
    place("sy_banias", "Baniyas", "بانياس", "city", 35.18, 35.95, governorate="SY10"),
    place("sy_kafranbel", "Kafranbel", "كفرنبل|كفر نبل", "town", 35.61, 36.56, governorate="SY07"),
    place("sy_jisr", "Jisr al-Shughur", "جسر الشغور", "city", 35.81, 36.32, governorate="SY07"),
    place("sy_bukamal", "Al-Bukamal", "البوكمال|البو كمال", "city", 34.45, 40.92, governorate="SY09"),
    place("sy_qarabis", "Al-Qarabis", "القرابيص", "district", 34.74, 36.70, governorate="SY04", parent="sy_homs"),
    place("sy_hamidiyah_homs", "Al-Hamidiyah (Homs)", "الحميدية", "village", 34.75, 36.9, governorate="SY04",
          parent="sy_gov_homs"),
    place("sy_hamidiyah_tartus", "Al-Hamidiyah (Tartus)", "الحميدية", "village", 34.72, 35.93,
          governorate="SY10", population=8000),
    place("sy_gov_tartus", "Tartus Governorate", "طرطوس", "admin1", 34.89, 35.89, governorate="SY10"),
    place("city_jerusalem", "Jerusalem", "القدس", "city", 31.77, 35.21, "PS", population=800000),
    place("city_washington", "Washington", "واشنطن", "city", 38.9, -77.04, "US", population=690000),
    place("country_iq", "Iraq", "العراق", "country", 33.0, 44.0, "IQ"),
    place("city_moscow", "Moscow", "موسكو", "city", 55.75, 37.62, "RU", population=10000000),
    place("sy_bab", "Al-Bab", "الباب", "city", 36.37, 37.52, governorate="SY02"),
    place("dxb", "Dubai", "دبي", "city", 25.2, 55.27, "AE", population=3000000),
    place("lb_tripoli", "Tripoli (Lebanon)", "طرابلس", "city", 34.44, 35.83, "LB", population=230000),
    place("ly_tripoli", "Tripoli (Libya)", "طرابلس", "city", 32.89, 13.19, "LY", population=1100000),
    place("sy_ziraa", "Al-Ziraa", "الزراعة", "village", 35.2, 36.6, governorate="SY05"),
    place("sy_levant", "Levant (al-Sham)", "الشام|بلاد الشام", "region", 33.5, 36.3, ""),
]


def small_gazetteer() -> Gazetteer:
    return Gazetteer(SMALL_PLACES)
