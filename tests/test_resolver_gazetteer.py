"""Namesakes in the real gazetteer: a name in several governorates picks the one the text points to."""

from __future__ import annotations

import pytest

from extraction.document import Document
from extraction.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def resolved(pipeline: Pipeline, text: str, surface: str) -> tuple[str | None, str | None, str]:
    for m in pipeline.process(Document("t.txt", text)).places:
        if m.text == surface:
            return m.place_id, m.governorate, m.why
    raise AssertionError(f"{surface} not found in {text}")


@pytest.mark.parametrize("text, surface, governorate", [
    ("سقطت قذائف على الحميدية في ريف طرطوس", "الحميدية", "SY10"),
    ("قصف على الحميدية بريف القنيطرة الشمالي", "الحميدية", "SY14"),
    ("انتشرت ميليشيات في ريف حمص: الحميدية وأم التين", "الحميدية", "SY04"),
    ("سيطرت القوات على بلدة الشيخ مسكين في ريف درعا", "الشيخ مسكين", "SY12"),
    ("معارك في حي الشيخ سعيد جنوب حلب", "الشيخ سعيد", "SY02"),
    ("قصفت الطائرات السفيرة في ريف حلب", "السفيرة", "SY02"),
    ("تقدمت القوات نحو مدينة الباب شرقي حلب", "الباب", "SY02"),
    ("سيطرت قوات سوريا الديمقراطية على مدينة تل أبيض قرب الحدود التركية", "تل أبيض", "SY11"),
    ("قصف على حضر في ريف القنيطرة", "حضر", "SY14"),
    ("وصلت التعزيزات إلى الحاضر جنوب حلب", "الحاضر", "SY02"),
])
def test_namesakes_follow_the_text(pipeline, text, surface, governorate):
    place_id, gov, why = resolved(pipeline, text, surface)
    assert gov == governorate, (place_id, why)
    assert why


def test_feature_words_pick_city_district_or_governorate(pipeline):
    assert resolved(pipeline, "دخل الجيش مدينة القصير قرب الحدود", "القصير")[0] == "sy_qusayr"
    assert resolved(pipeline, "تضم منطقة القصير عشرات القرى", "القصير")[0] == "sy_dist_qusayr"
    assert resolved(pipeline, "اجتمع وجهاء محافظة حمص", "حمص")[0] == "sy_gov_homs"
    assert resolved(pipeline, "اشتباكات في حي الحميدية وسط حمص", "الحميدية")[0] == "sy_homs_hamidiyah"


def test_a_country_and_a_capital_abroad(pipeline):
    assert resolved(pipeline, "عاد الوفد من موسكو إلى دمشق", "موسكو")[0] is not None
    assert resolved(pipeline, "عاد الوفد من موسكو إلى دمشق", "دمشق")[1] == "SY01"


def test_a_country_named_in_the_text_does_not_pull_a_far_namesake_into_it(pipeline):
    text = "قالت واشنطن إن الولايات المتحدة سترد، ووصل الوفد إلى موسكو"
    assert resolved(pipeline, text, "موسكو")[0] == "gn_524901"  # Moscow, not a small US namesake


@pytest.mark.parametrize("text, surface, place_id", [
    ("جددت عمّان دعوتها إلى عودة اللاجئين", "عمّان", "w_jo_amman"),
    ("أعلنت عُمان اليوم وساطة جديدة", "عُمان", "country_om"),
    ("زار الوزير سلطنة عمان", "سلطنة عمان", "country_om"),
    ("وصل الوفد إلى الكويت", "الكويت", "country_kw"),
    ("وصل الوفد إلى الإسكندرية", "الإسكندرية", "w_eg_alexandria"),
    ("طالبت القاهرة والرياض بوقف فوري للعمليات", "الرياض", "w_sa_riyadh"),
])
def test_vowel_marks_states_and_capitals(pipeline, text, surface, place_id):
    assert resolved(pipeline, text, surface)[0] == place_id
