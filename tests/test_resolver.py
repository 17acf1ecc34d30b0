"""Namesakes resolved from context, with a confidence and a reason."""

from extraction.document import Document
from extraction.pipeline import Pipeline
from tests.helpers import small_gazetteer


def resolve(text: str) -> dict[str, tuple[str | None, str, float]]:
    doc = Pipeline(small_gazetteer()).process(Document("t.txt", text))
    return {m.text: (m.place_id, m.why, m.confidence) for m in doc.places}


def test_parent_named_nearby_picks_the_namesake():
    found = resolve("انتشرت الميليشيات في ريف حمص: الحميدية وقرى أخرى")
    assert found["الحميدية"][0] == "sy_hamidiyah_homs"
    assert "nearby" in found["الحميدية"][1]


def test_other_places_in_the_document_pick_the_namesake():
    found = resolve("قصف على طرطوس. وفي الحميدية سقط جرحى")
    assert found["الحميدية"][0] == "sy_hamidiyah_tartus"


def test_city_before_governorate_for_a_bare_name_and_every_choice_explained():
    found = resolve("عاد الهدوء إلى حمص")
    pid, why, confidence = found["حمص"]
    assert pid == "sy_homs" and why and 0 < confidence <= 1


def test_a_nisba_after_the_name_says_which_country():
    assert resolve("انتقلت العائلة إلى طرابلس اللبنانية")["طرابلس"][0] == "lb_tripoli"
    assert resolve("انتقلت العائلة إلى طرابلس الليبية")["طرابلس"][0] == "ly_tripoli"
