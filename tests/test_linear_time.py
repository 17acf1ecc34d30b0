"""Processing time grows with the length of a document, not with its square.

A scraped article can arrive as one endless line (a whole feed pasted into one paragraph) or as
thousands of lines, and every stage that compares each mention (or line) with every other, or
looks back from each mention to the start of its line, turns that into minutes. Absolute times
are noisy on shared machines, so we compare a document with one eight times as long: a linear
pipeline takes about eight times as long, a quadratic one sixty-four; the bound leaves generous
room for noise.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from extraction.document import Document
from extraction.pipeline import Pipeline

SENTENCES = [
    "قصفت الطائرات الحربية مدينة حمص وريف حماة الشمالي صباح يوم الثلاثاء 22 تموز 2017،",
    "وقال ناشطون في بلدة تلبيسة إن الاشتباكات امتدت إلى أطراف حلب الشرقية وحي الوعر.",
    "وأعلنت دمشق أنها سترد، فيما قالت روسيا وإيران وتركيا إن المفاوضات في جنيف مستمرة منذ ثلاثة أيام.",
    "ووصلت قافلة مساعدات إلى دوما في الغوطة الشرقية ثم إلى قرية كفرنبل بريف إدلب الجنوبي أمس،",
    "ونزح آلاف المدنيين من دير الزور والرقة نحو الحسكة والقامشلي في أواخر الشهر الماضي.",
]
BASE_REPEATS = 60  # about 27,000 characters; the long document is eight times that
SIZE_RATIO = 8
DATE = "2017-07-23"  # so that "أمس" and "منذ ثلاثة أيام" are dated too
SLACK = 2.5  # allowed: up to 2.5 times the size ratio (a quadratic stage gives eight times that)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _one_paragraph(repeats: int) -> str:
    """A single-line document: the sentences over and over, with no line break anywhere."""
    return " ".join(SENTENCES * repeats)


def _many_lines(repeats: int) -> str:
    """One sentence a line, each numbered so that no line repeats an earlier one (repeats are blanked)."""
    return "\n".join(f"{sentence} ({i})" for i, sentence in enumerate(SENTENCES * repeats))


def _seconds(pipeline: Pipeline, text: str) -> float:
    """The best of three runs in CPU time of this process: the other processes of a shared machine
    (wall time doubled under their load in one CI run) and a passing spike stay out of the figure."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        processed = pipeline.process(Document(doc_id="long.txt", text=text, date=DATE))
        best = min(best, time.process_time() - start)
    assert processed.places and processed.dates  # the document really is full of mentions
    return best


@pytest.mark.parametrize("layout", [_one_paragraph, _many_lines], ids=["one paragraph", "many lines"])
def test_time_grows_linearly_with_length(pipeline: Pipeline, layout: Callable[[int], str]) -> None:
    short = _seconds(pipeline, layout(BASE_REPEATS))
    long = _seconds(pipeline, layout(BASE_REPEATS * SIZE_RATIO))
    assert long / short <= SLACK * SIZE_RATIO, (
        f"{SIZE_RATIO}x the text took {long / short:.1f}x the time ({short:.2f} s -> {long:.2f} s)")


def test_mentions_of_a_long_paragraph_keep_their_offsets(pipeline: Pipeline) -> None:
    text = _one_paragraph(BASE_REPEATS)
    processed = pipeline.process(Document(doc_id="long.txt", text=text, date=DATE))
    once = pipeline.process(Document(doc_id="one.txt", text=_one_paragraph(1), date=DATE))
    assert len(processed.places) == len(once.places) * BASE_REPEATS
    assert len(processed.dates) == len(once.dates) * BASE_REPEATS
    for mention in [*processed.places, *processed.dates]:
        assert text[mention.start:mention.end] == mention.text
