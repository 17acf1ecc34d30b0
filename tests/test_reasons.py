"""The pipeline's reasons said in Arabic in the Arabic interface, every form it writes covered."""

from __future__ import annotations

import json
import zipfile
from itertools import islice
from pathlib import Path

import pytest

from extraction.document import Document
from extraction.pipeline import Pipeline
from extraction.readers import read_documents
from makan_ui.htmltext import passage_html
from makan_ui.i18n import set_language
from makan_ui.reasons import parts_without_form, reason_in
from tests.conftest import REPO, require, shared_dir


@pytest.mark.parametrize("english, arabic", [
    ("only candidate", "المكان الوحيد بهذا الاسم"),
    ("the text calls it a governorate (3 namesakes); governed by «محافظة»",
     "النص يسمّيه محافظة (الأماكن بهذا الاسم: 3)؛ معمولٌ لـ«محافظة»"),
    ("«وحمص» read as و + name (word frequency 2.1 against 4.0 for the stem)",
     "«وحمص» قُرئت و + اسم (تواتر الكلمة 2.1 مقابل 4.0 للجذع)"),
    ("«قنوات» is a common word (word frequency 3.9), a place by its cue and «إدلب» named in the text",
     "«قنوات» كلمة شائعة (تواترها 3.9)، ومكان بقرينته وبذكر «إدلب» في النص"),
    ("speaks through «بيان»: a party after a preposition", "يتكلم عبر «بيان»: طرف بعد حرف جر"),
    ("a site the gazetteer lacks, placed at «الرياض» (Riyadh), named beside it in the same sentence",
     "موقع لا يعرفه المعجم، وُضع في «الرياض» (Riyadh)، المذكور بجانبه في الجملة نفسها"),
])
def test_each_form_is_said_in_arabic_with_its_words_carried_over(english, arabic):
    assert reason_in("ar", english) == arabic
    assert reason_in("en", english) == english


def test_a_form_not_listed_stays_as_written_beside_the_parts_that_are():
    reason = "only candidate; a reason added to the pipeline later"
    assert reason_in("ar", reason) == "المكان الوحيد بهذا الاسم؛ a reason added to the pipeline later"
    assert parts_without_form(reason) == ["a reason added to the pipeline later"]


def _saudinewsnet(count: int) -> list[Document]:
    folder = shared_dir() / "bench" / "saudinewsnet"
    require(folder.is_dir(), f"{folder} (SaudiNewsNet) is missing")

    def articles():
        for archive in sorted(folder.glob("*.zip")):
            with zipfile.ZipFile(archive) as zf:
                for member in sorted(zf.namelist()):
                    yield from json.loads(zf.read(member))

    return [Document(doc_id=str(i), text=a.get("content") or "", title=a.get("title"), source=a.get("source"))
            for i, a in enumerate(islice(articles(), 0, 20 * count, 20))]  # one in 20: many days and outlets


def test_every_reason_the_pipeline_writes_has_its_arabic_form():
    """Over the demo corpus, the seeds and 600 SaudiNewsNet articles (all 199,410 mentions of
    SaudiNewsNet were checked once): a form written in the pipeline but missing here fails."""
    seeds = shared_dir() / "seeds"
    require(seeds.is_dir(), f"{seeds} is missing")
    documents = [d for d in read_documents([REPO / "data" / "demo", seeds]) if isinstance(d, Document)]
    documents += _saudinewsnet(600)
    pipeline = Pipeline().prepare()
    reasons = {reason for doc in documents for mention in pipeline.process(doc).places
               for reason in (mention.why, mention.sense_why) if reason}
    assert len(reasons) > 300
    assert {part for reason in reasons for part in parts_without_form(reason)} == set()


def test_the_reader_gives_the_reasons_in_arabic_right_to_left():
    row = {"date": "2017-01-02", "date_source": "text", "source": "Desk", "url": None, "title": "قصف",
           "doc_id": "a", "passage": "قصفت الطائرات حمص.", "marks": [(14, 17)], "why": "only candidate",
           "confidence": 0.9, "sense": "literal", "sense_why": "no sign of an actor"}
    try:
        set_language("ar")
        arabic = passage_html(row)
    finally:
        set_language("en")
    assert 'dir="rtl"' in arabic.split("<br><small", 2)[-1]
    assert "لماذا هنا: المكان الوحيد بهذا الاسم" in arabic and "لا قرينة على فاعل" in arabic
    english = passage_html(row)
    assert "why here: only candidate" in english and "no sign of an actor" in english
