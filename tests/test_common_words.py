"""Names of minor places that are common Arabic words (issue 10), on sentences we wrote.

A Saudi corpus once showed Syrian villages everywhere: "قنوات" (channels) read as Qanawat, "كسب"
(earn) as Kasab, "الميدان" (the field) as an Aleppo quarter. Word frequency (``wordfreq``) now says
when a one-word name of places below city level is a common word; such a name is a place only with
a place cue, while rare names of towns and the cues of Syrian news still work.
"""

from __future__ import annotations

import pytest

from extraction.document import Document
from extraction.pipeline import Pipeline, minor_names
from geo.gazetteer import Gazetteer
from tests.helpers import place

pytest.importorskip("wordfreq")

PLACES = [
    place("country_sy", "Syria", "سوريا", "country", 35.0, 38.5),
    place("sy_gov_aleppo", "Aleppo Governorate", "حلب", "admin1", 36.2, 37.1, parent="country_sy"),
    place("sy_aleppo", "Aleppo", "حلب", "city", 36.2, 37.13, parent="sy_gov_aleppo"),
    place("sy_alp_midan", "Al-Midan", "الميدان", "district", 36.22, 37.16, parent="sy_aleppo"),
    place("sy_azaz", "Azaz", "إعزاز|اعزاز", "town", 36.58, 37.05, parent="sy_gov_aleppo"),
    place("sy_gov_suwayda", "Suwayda Governorate", "السويداء", "admin1", 32.7, 36.6, parent="country_sy"),
    place("sy_qanawat", "Qanawat", "قنوات|القنوات", "town", 32.75, 36.62, parent="sy_gov_suwayda"),
    place("sy_gov_latakia", "Latakia Governorate", "اللاذقية", "admin1", 35.6, 35.9, parent="country_sy"),
    place("sy_kasab", "Kasab", "كسب", "town", 35.92, 35.99, parent="sy_gov_latakia"),
    place("sy_gov_raqqa", "Raqqa Governorate", "الرقة", "admin1", 35.9, 38.9, parent="country_sy"),
    place("sy_raqqa", "Raqqa", "الرقة", "city", 35.95, 39.0, parent="sy_gov_raqqa"),
    place("sy_tabqa", "Al-Tabqa", "الطبقة|الثورة", "town", 35.84, 38.55, parent="sy_gov_raqqa"),
    place("sy_gov_rif_dimashq", "Rif Dimashq", "ريف دمشق", "admin1", 33.5, 36.5, parent="country_sy"),
    place("sy_zabadani", "Zabadani", "الزبداني", "town", 33.72, 36.1, parent="sy_gov_rif_dimashq"),
    place("sy_gov_idlib", "Idlib Governorate", "إدلب", "admin1", 35.8, 36.6, parent="country_sy"),
    place("sy_kafriya", "Kafriya", "كفريا", "town", 35.99, 36.69, parent="sy_gov_idlib"),
    place("sy_fuah", "Al-Fuah", "الفوعة", "town", 35.97, 36.7, parent="sy_gov_idlib"),
    place("sy_gov_daraa", "Daraa Governorate", "درعا", "admin1", 32.75, 36.2, parent="country_sy"),
    place("sy_daraa", "Daraa", "درعا", "city", 32.62, 36.1, parent="sy_gov_daraa"),
    place("sy_hirak", "Al-Hirak", "الحراك", "town", 32.75, 36.3, parent="sy_gov_daraa"),
    place("sy_gov_hama", "Hama Governorate", "حماة", "admin1", 35.13, 36.75, parent="country_sy"),
    place("sy_kawkab", "Al-Kawkab", "كوكب|الكوكب", "village", 35.2, 36.8, parent="sy_gov_hama"),
    place("region_europe", "Europe", "أوروبا|اوروبا", "region", 50.0, 10.0, ""),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(PLACES)


@pytest.fixture(scope="module")
def pipeline(gazetteer: Gazetteer) -> Pipeline:
    return Pipeline(gazetteer)


def found(pipeline: Pipeline, text: str) -> list[tuple[str, str | None]]:
    out = pipeline.process(Document("t.txt", text)).places
    for m in out:
        assert text[m.start:m.end] == m.text
    return [(m.text, m.place_id) for m in out]


def test_word_frequency_marks_the_common_names_once_when_the_finder_is_built(gazetteer):
    weak = minor_names(gazetteer)
    assert "word frequency" in weak["قنوات"].why and weak["قنوات"].strict
    assert weak["الميدان"].cities == {"sy_aleppo"}  # a quarter, named as in its city
    assert "sy_gov_raqqa" in weak["الطبقه"].near and "sy_aleppo" in weak["الطبقه"].near
    assert "country_sy" not in weak["الطبقه"].near  # a country named in passing vouches for nothing
    assert not weak["الحراك"].strict  # about as common as a town name gets: a preposition still counts
    # rare names, cities and regions spanning countries are not touched
    for name in ("كفريا", "الفوعة", "الزبداني", "إعزاز", "حلب", "درعا", "أوروبا"):
        assert name not in weak, name


@pytest.mark.parametrize("text", [
    "تبحث الشركة عن قنوات جديدة للتسويق",
    "يسعى الموظف إلى كسب ثقة مديره",
    "نزل الفريق إلى الميدان في الشوط الثاني",
    "رصد الفلكيون كوكب المشتري هذا الأسبوع",
    "يواجه سكان الكوكب أزمة المناخ",
    "تنتمي العائلة إلى الطبقة الوسطى",
    "ذهبت الجائزة إلى قنوات الأطفال",
])
def test_common_words_without_a_place_cue_are_no_places(pipeline, text):
    assert [pid for _, pid in found(pipeline, text) if pid and pid.startswith("sy_")] == []


def test_a_feature_word_must_fit_the_kind_of_place(pipeline):
    assert found(pipeline, "التقى الوزير ممثلي دول كسب الثقة") == []  # a country word is no cue for a town


@pytest.mark.parametrize("text, surface, pid", [
    ("سيطر مقاتلون على بلدة كسب الحدودية", "كسب", "sy_kasab"),  # a feature word that fits
    ("اشتباكات عنيفة في حي الميدان منذ الصباح", "الميدان", "sy_alp_midan"),
    ("سقطت قذائف على الميدان في حلب", "الميدان", "sy_alp_midan"),  # named as in its city
    ("تقدمت القوات غرب الحراك فجرا", "الحراك", "sy_hirak"),  # a direction
    ("قصفت المدفعية قنوات بريف السويداء", "قنوات", "sy_qanawat"),  # the area it lies in
    ("قتل شخصان في قنوات في ريف السويداء", "قنوات", "sy_qanawat"),
    ("انقطعت الكهرباء في الطبقة بعد أن قصفت الطائرات الرقة", "الطبقة", "sy_tabqa"),  # its province named
    ("دخلت القوات إلى الحراك قبل أن تتقدم نحو درعا", "الحراك", "sy_hirak"),  # less common: a preposition
])
def test_common_words_with_a_place_cue_are_places(pipeline, text, surface, pid):
    assert (surface, pid) in found(pipeline, text)


def test_the_word_frequency_is_reported_in_why(pipeline):
    [midan] = [m for m in pipeline.process(Document("t.txt", "اشتباكات في حي الميدان")).places]
    assert "«الميدان» is a common word (word frequency" in midan.why


@pytest.mark.parametrize("text, expected", [
    ("حاصر المسلحون الزبداني منذ أشهر", [("الزبداني", "sy_zabadani")]),
    ("قصفت الطائرات إعزاز وكفريا والفوعة", [("إعزاز", "sy_azaz"), ("كفريا", "sy_kafriya"),
                                             ("الفوعة", "sy_fuah")]),
    ("سافر الوفد إلى أوروبا أمس", [("أوروبا", "region_europe")]),
])
def test_rare_town_names_and_large_regions_need_no_cue(pipeline, text, expected):
    assert found(pipeline, text) == expected
