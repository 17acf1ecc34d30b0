"""A document about another country keeps its local names there (geo/resolver.py), on sentences we wrote.

The gazetteer below is made for the trap: every local name exists both in Syria and abroad, and the
Syrian namesake is the bigger one, so only the document's evidence can pull the name abroad.
"""

from __future__ import annotations

import pytest

from extraction.document import Document
from extraction.pipeline import Pipeline
from geo.gazetteer import Gazetteer
from geo.resolver import MentionContext, Resolver, flag_countries
from tests.helpers import place

PLACES = [
    place("country_sy", "Syria", "سوريا", "country", 35.0, 38.5),
    place("country_jo", "Jordan", "الأردن", "country", 31.0, 36.0, "JO"),
    place("country_lb", "Lebanon", "لبنان", "country", 33.9, 35.9, "LB"),
    place("country_om", "Oman", "عمان|عُمان|سلطنة عمان", "country", 21.0, 57.0, "OM"),
    place("country_sa", "Saudi Arabia", "السعودية", "country", 24.0, 45.0, "SA"),
    place("country_kw", "Kuwait", "الكويت", "country", 29.3, 47.7, "KW"),
    place("region_gulf", "Persian Gulf region", "الخليج|دول الخليج", "region", 26.0, 51.0, ""),
    place("jo_amman", "Amman", "عمان|عمّان", "city", 31.95, 35.93, "JO", population=4000000),
    place("lb_beirut", "Beirut", "بيروت", "city", 33.9, 35.5, "LB", population=2000000),
    place("sy_damascus", "Damascus", "دمشق", "city", 33.5, 36.3, population=1700000),
    place("sy_nuzha", "Al-Nuzha (Homs)", "النزهة", "district", 34.7, 36.7, population=50000),
    place("jo_nuzha", "Al-Nuzha (Amman)", "النزهة", "district", 31.97, 35.93, "JO", parent="jo_amman"),
    place("sy_dhiban", "Dhiban (Deir ez-Zor)", "ذيبان", "town", 35.0, 40.5, population=20000),
    place("jo_dhiban", "Dhiban (Madaba)", "ذيبان", "town", 31.5, 35.78, "JO", population=15000),
    place("sy_ashrafiyah", "Al-Ashrafiyah (Aleppo)", "الأشرفية", "district", 36.22, 37.15, population=60000),
    place("lb_ashrafieh", "Achrafieh", "الأشرفية", "district", 33.89, 35.52, "LB", parent="lb_beirut"),
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Gazetteer(PLACES))


def resolved(pipeline: Pipeline, text: str) -> dict[str, tuple[str | None, str]]:
    return {m.text: (m.place_id, m.why) for m in pipeline.process(Document("t.txt", text)).places}


@pytest.mark.parametrize("text, name, pid, because", [
    # the country named in the document
    ("غمرت السيول بلدة ذيبان جنوب الأردن", "ذيبان", "jo_dhiban", "الأردن"),
    ("#الأردن سيول جارفة في ذيبان صباح اليوم", "ذيبان", "jo_dhiban", "الأردن"),
    # its capital
    ("أمطار غزيرة في عمّان وانقطاع الطرق في ذيبان", "ذيبان", "jo_dhiban", "عمّان"),
    # the Syrian namesake when the document is Syrian
    ("قصفت الطائرات بلدة ذيبان شرق سوريا وقرب دمشق", "ذيبان", "sy_dhiban", ""),
    ("قصفت الطائرات بلدة ذيبان", "ذيبان", "sy_dhiban", ""),
])
def test_a_documents_country_keeps_its_local_names(pipeline, text, name, pid, because):
    place_id, why = resolved(pipeline, text)[name]
    assert place_id == pid, why
    assert because in why


def test_a_flag_is_evidence_of_the_country():
    assert flag_countries("سيول 🇯🇴 في الجنوب 🇱🇧") == ["JO", "LB"]
    resolver = Resolver(Gazetteer(PLACES))
    ctx = [MentionContext(("sy_dhiban", "jo_dhiban"), 3, surface="ذيبان")]
    assert resolver.resolve_document(ctx)[0].place.id == "sy_dhiban"
    found = resolver.resolve_document(ctx, flags=flag_countries("🇯🇴 سيول في ذيبان"))[0]
    assert found.place.id == "jo_dhiban" and "flag JO" in found.why


def test_a_quarter_takes_the_city_named_beside_it(pipeline):
    assert resolved(pipeline, "انقطعت الكهرباء في الأشرفية ببيروت")["الأشرفية"][0] == "lb_ashrafieh"


@pytest.mark.parametrize("text, pid, because", [
    ("اجتمع وزراء دول الخليج في عمان", "country_om", "الخليج"),
    ("وقعت السعودية والكويت وعمان مذكرة تفاهم", "country_om", "listed with other states"),
    ("تظاهر المئات في عمان وطالبوا الحكومة في الأردن بخفض الأسعار", "jo_amman", "الأردن"),
])
def test_the_gulf_states_tell_oman_from_amman(pipeline, text, pid, because):
    place_id, why = resolved(pipeline, text)["عمان"]
    assert place_id == pid, why
    assert because in why


@pytest.fixture(scope="module")
def full() -> Pipeline:
    return Pipeline()  # the built gazetteer (data/build)


@pytest.mark.parametrize("text, name, country", [
    ("#الأردن انجراف الطرق في ذيبان بعد العاصفة", "ذيبان", "JO"),
    ("سقط صاروخ على حي الأشرفية في بيروت", "الأشرفية", "LB"),
    ("سقط صاروخ على حي الأشرفية في حلب", "الأشرفية", "SY"),
    ("تظاهرات في حي السيدة زينب بالقاهرة", "السيدة زينب", "EG"),
    ("زار الوفد مقام السيدة زينب جنوب دمشق", "السيدة زينب", "SY"),
])
def test_local_names_abroad_with_the_built_gazetteer(full, text, name, country):
    found = {m.text: m for m in full.process(Document("t.txt", text)).places}
    assert found[name].place_id is not None
    assert full.gazetteer.get(found[name].place_id).country == country, found[name].why
