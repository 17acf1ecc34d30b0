"""Sites the gazetteer lacks are placed at their host (geo/sites.py), on sentences we wrote."""

from __future__ import annotations

import pytest

from extraction.document import Document
from extraction.pipeline import Pipeline
from geo.sites import place_sites
from tests.helpers import small_gazetteer


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(small_gazetteer())


def placed(pipeline: Pipeline, text: str) -> dict[str, object]:
    doc = pipeline.process(Document("t.txt", text))
    out = place_sites(doc.places, doc.document.display_text)
    for m in out:
        assert text[m.start:m.end] == m.text
    return {m.text: m for m in out}


@pytest.mark.parametrize("text, site, host", [
    ("أسعف المصابون إلى مستشفى النور في حمص مساء", "مستشفى النور", "sy_homs"),
    ("احترقت مدرسة الفاروق بمدينة حلب", "مدرسة الفاروق", "sy_aleppo"),
    ("احتشد الأهالي في ساحة الساعة وسط حمص", "ساحة الساعة", "sy_homs"),
    ("دفن القتلى في مقبرة الدحداح بدمشق", "مقبرة الدحداح", "sy_damascus"),
    ("أقيمت المباراة على ملعب العباسيين في دمشق", "ملعب العباسيين", "sy_damascus"),
    ("في حلب تضرر سد الشهباء بعد الأمطار", "سد الشهباء", "sy_aleppo"),  # the host before the site
    ("اعتصم المحتجون أمام سفارة روسيا في دمشق", "سفارة روسيا", "sy_damascus"),  # a mission is a building
])
def test_a_site_is_placed_at_the_place_named_in_its_sentence(pipeline, text, site, host):
    m = placed(pipeline, text)[site]
    assert m.place_id == f"site:{host}:{site}"
    assert m.level == "poi" and m.lat is not None and m.lon is not None
    assert "named beside it in the same sentence" in m.why


def test_a_site_is_less_certain_than_its_host(pipeline):
    found = placed(pipeline, "أسعف المصابون إلى مستشفى النور في حمص مساء")
    assert found["مستشفى النور"].confidence < found["حمص"].confidence
    assert (found["مستشفى النور"].lat, found["مستشفى النور"].lon) == (found["حمص"].lat, found["حمص"].lon)


def test_a_settlement_hosts_before_a_country(pipeline):
    found = placed(pipeline, "قصفت الطائرات مستشفى الشفاء في حلب شمال سوريا")
    assert found["مستشفى الشفاء"].place_id == "site:sy_aleppo:مستشفى الشفاء"


def test_the_documents_only_settlement_hosts_a_site_named_elsewhere(pipeline):
    found = placed(pipeline, "عاد الهدوء إلى حمص. وفتح مستشفى الأمل أبوابه")
    assert found["مستشفى الأمل"].place_id == "site:sy_homs:مستشفى الأمل"
    assert "the only settlement the document names" in found["مستشفى الأمل"].why


def test_no_host_no_coordinates(pipeline):
    found = placed(pipeline, "عاد الهدوء إلى حمص وحلب. وفتح مستشفى الأمل أبوابه")
    assert found["مستشفى الأمل"].place_id is None and found["مستشفى الأمل"].lat is None


def test_a_mission_without_a_host_stays_the_state(pipeline):
    found = placed(pipeline, "طالبت سفارة روسيا رعاياها بالحذر")
    assert found["روسيا"].place_id == "country_ru"


def test_an_adjective_after_a_site_head_is_no_name(pipeline):
    found = placed(pipeline, "افتتحت مدرسة إعدادية في حمص")
    assert [t for t in found if t.startswith("مدرسة")] == []


@pytest.mark.parametrize("text, whole, first", [
    ("داهمت الدورية قرية حلب الجديدة فجرا", "حلب الجديدة", "حلب"),  # a village whose name begins like Aleppo
    ("نزح السكان من حي دمشق الغربية إلى الريف", "دمشق الغربية", "دمشق"),
    ("وصلت المساعدات إلى مزرعة لبنان الخضراء", "لبنان الخضراء", "لبنان"),
])
def test_an_unknown_compound_after_a_cue_is_kept_whole(pipeline, text, whole, first):
    found = placed(pipeline, text)
    assert first not in found
    m = found[whole]
    assert m.place_id is None and m.lat is None and "kept whole" in m.why


@pytest.mark.parametrize("text, name, pid", [
    ("قصفت الطائرات بلدة حلب الشرقية", "حلب", "sy_aleppo"),  # a city may be a بلدة
    ("دخلت القوات قرية تلبيسة في الصباح", "تلبيسة", "sy_talbiseh"),  # a preposition ends the name
    ("عاد الأهالي إلى حي الوعر المحاصر", "الوعر", "sy_waer"),  # the name is a quarter: nothing to keep
])
def test_a_known_name_after_a_cue_is_left_alone(pipeline, text, name, pid):
    assert placed(pipeline, text)[name].place_id == pid


def test_a_street_named_after_a_state_is_a_street(pipeline):
    found = placed(pipeline, "أغلق المحتجون شارع لبنان وسط حمص")
    assert "لبنان" not in found
    assert found["شارع لبنان"].place_id == "site:sy_homs:شارع لبنان"
    alone = placed(pipeline, "أغلق المحتجون شارع لبنان")
    assert alone["شارع لبنان"].place_id is None  # no host: a street, not Lebanon


def test_a_state_after_a_preposition_is_still_the_state(pipeline):
    assert placed(pipeline, "عاد اللاجئون من لبنان إلى حمص")["لبنان"].place_id == "country_lb"
