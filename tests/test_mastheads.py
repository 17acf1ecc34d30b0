"""Datelines' agencies and mastheads "PLACE اليوم/الآن" (extraction/mastheads.py), on sentences we wrote.

A town's name in a dateline's agency slot ("عمان – بترا:") or standing as a masthead ("المصدر: حلب
اليوم") is an outlet, not a place; the same words inside a sentence stay a place, with the reason.
"""

from __future__ import annotations

import pytest

from extraction.document import Document
from extraction.mastheads import AGENCIES, dateline_agency
from extraction.normalise import fold
from extraction.pipeline import Pipeline
from geo.gazetteer import Gazetteer
from tests.helpers import place

PLACES = [
    place("country_jo", "Jordan", "الأردن", "country", 31.2, 36.5, "JO"),
    place("country_lb", "Lebanon", "لبنان", "country", 33.85, 35.86, "LB"),
    place("jo_amman", "Amman", "عمان|عمّان", "city", 31.95, 35.93, "JO", population=4000000),
    place("jo_petra", "Petra", "بترا|البتراء", "town", 30.32, 35.44, "JO", population=30000),
    place("qa_doha", "Doha", "الدوحة", "city", 25.29, 51.53, "QA", population=1500000),
    place("eg_qena", "Qena", "قنا", "city", 26.16, 32.72, "EG", population=200000),
    place("sa_riyadh", "Riyadh", "الرياض", "city", 24.71, 46.68, "SA", population=7000000),
    place("sa_was", "Was (test village)", "واس", "village", 24.0, 45.0, "SA"),
    place("lb_beirut", "Beirut", "بيروت", "city", 33.89, 35.5, "LB", population=2000000),
    place("sy_damascus", "Damascus", "دمشق", "city", 33.51, 36.28, population=1700000),
    place("sy_idlib", "Idlib", "إدلب|ادلب", "city", 35.93, 36.63, population=160000),
    place("sy_homs", "Homs", "حمص", "city", 34.73, 36.71, population=775000),
    place("sy_hama", "Hama", "حماة", "city", 35.13, 36.75, population=700000),
    place("sy_daraa", "Daraa", "درعا", "city", 32.62, 36.1, population=100000),
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Gazetteer(PLACES))


def found(pipeline: Pipeline, text: str) -> dict[str, tuple[str | None, str]]:
    """surface → (place id, why) of every place mention."""
    out = pipeline.process(Document("t.txt", text)).places
    for m in out:
        assert text[m.start:m.end] == m.text
    return {m.text: (m.place_id, m.why) for m in out}


# ---- 1. A dateline's agency ------------------------------------------------------------------------

@pytest.mark.parametrize("text, dateline, agency", [
    ("عمان – بترا: افتتحت وزارة التربية ثلاث مدارس في الأغوار", "عمان", "بترا"),
    ("الدوحة - قنا: استقبل أمير البلاد وفدا برلمانيا", "الدوحة", "قنا"),
    ("الرياض – واس\nوافق مجلس الوزراء في جلسته على نظام جديد للنقل", "الرياض", "واس"),
    ("دمشق ـ سانا: وصل إلى المرفأ أمس قمح مستورد", "دمشق", "سانا"),
    ("عمان – بترا وقعت الحكومة اتفاقية قرض جديدة", "عمان", "بترا"),  # a known agency needs no colon
    ("الدوحة (قنا) - انطلقت أمس بطولة الشطرنج", "الدوحة", "قنا"),  # the agency in parentheses
    ("  الرياض-واس: بدأ موسم الأمطار مبكرا", "الرياض", "واس"),  # indented, no spaces round the dash
])
def test_the_agency_after_a_datelines_dash_is_no_place(pipeline, text, dateline, agency):
    places = found(pipeline, text)
    assert agency not in places
    assert dateline in places and "dateline" in places[dateline][1]  # the dateline's place stays a place


def test_an_unknown_short_word_in_the_agency_slot_is_the_source_when_the_story_starts_after_it(pipeline):
    # "حمص" standing for an imagined local agency: dash, short word, colon, then the story
    assert "حمص" not in found(pipeline, "درعا – حمص: أعلن المجلس المحلي فتح الطريق")
    assert "قنا" not in found(pipeline, "بيروت – «قنا»: التقى الوزيران في العاصمة")  # a quoted outlet
    why = dateline_agency("درعا – حماة\nأعلن المجلس", 7, 11)
    assert "dateline «درعا»" in why and "not a place" in why


@pytest.mark.parametrize("text, kept", [
    ("زار وفد سياحي بترا ثم عاد إلى عمان", "بترا"),  # no dateline: Petra
    ("وصل المحافظ إلى قنا صباحا", "قنا"),
    ("بيروت - لبنان: انطلق المؤتمر السنوي للمصارف", "لبنان"),  # a country after the city's dash
    ("حمص – إدلب: طريق مقطوع\nقال سكان إن الطريق إلى إدلب مغلق", "إدلب"),  # the story names it again
    ("دمشق – حماة وحمص تحت المطر", "حماة"),  # no colon or line end: a sentence goes on
])
def test_a_town_outside_the_agency_slot_stays_a_place(pipeline, text, kept):
    assert kept in found(pipeline, text)


def test_the_agency_table_is_language_data_with_sources():
    assert {fold("بترا"), fold("قنا"), fold("واس"), fold("سانا"), fold("أ ف ب")} <= AGENCIES


# ---- 2. "PLACE اليوم/الآن" as a masthead ------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("حمص اليوم\nافتتحت البلدية سوقا شعبيا جديدا", "حمص"),  # a line of its own
    ("إدلب الآن | الأخبار العاجلة", "إدلب"),  # a header segment
    ("نشرت صفحة «درعا الآن» صورا للدمار", "درعا"),  # in quotes
    ("بثت قناة حمص اليوم تقريرا عن الأسواق", "حمص"),  # after an outlet head
    ("وذكرت شبكة إدلب الآن أن الطريق مقطوع", "إدلب"),
    ("نشر حساب درعا الآن مقطعا مصورا", "درعا"),
    ("المصدر: حمص اليوم", "حمص"),  # a source line
    ("تصوير: درعا الآن", "درعا"),  # a photo credit
    ("قتل ثلاثة مدنيين بحسب إدلب الآن", "إدلب"),
    ("نقلا عن حمص اليوم، وصلت قافلة المساعدات", "حمص"),
    ("عن إدلب الآن\nتستمر حملة التلقيح في المخيمات", "إدلب"),  # "عن" opening a credit line
])
def test_a_place_with_a_time_word_standing_as_a_masthead_is_the_outlet(pipeline, text, name):
    assert name not in found(pipeline, text)


@pytest.mark.parametrize("text, name, said", [
    ("سقطت قذائف على حمص اليوم وأصيب طفلان", "حمص", "after «على»"),
    ("يصل الوفد إلى إدلب الآن بعد تأخير طويل", "إدلب", "after «إلى»"),
    ("تشهد درعا اليوم إضرابا عاما", "درعا", "inside a sentence"),
    ("وقال مسؤول لحمص اليوم إن الطريق آمن", "حمص", "after a preposition"),
    ("تحدث الوزير عن إدلب الآن وعن مستقبلها", "إدلب", "after «عن»"),  # "عن" inside a sentence
])
def test_a_place_with_a_time_word_inside_a_sentence_stays_a_place_and_says_why(pipeline, text, name, said):
    places = found(pipeline, text)
    assert name in places
    why = places[name][1]
    assert "the time word is" in why and said in why


def test_a_credit_label_credits_only_as_a_label(pipeline):
    assert "حمص" not in found(pipeline, "الصورة: حمص اليوم")
    assert "حمص" not in found(pipeline, "المصدر حمص اليوم")  # a label opening its line
    places = found(pipeline, "تغيرت صورة حمص اليوم كثيرا عما كانت عليه")  # the picture of Homs, today
    assert "حمص" in places and "inside a sentence" in places["حمص"][1]
