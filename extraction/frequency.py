"""How common an Arabic word is, from the word-frequency lists that the ``wordfreq`` package ships.

Evidence for two decisions a list of exceptions cannot make in general:

* a proclitic peeled off a word ("برس" → ب + "رس", "كمان" → ك + "مان") is only a reading when the
  stem is more plausible than the whole word: the whole word being about as common as the stem says
  it is a word of its own;
* a word right after a feature word that is a common adjective ("مستشفى ميداني", "قرى تركية") is
  no name.

The small list (words of Zipf frequency ≥ 3, i.e. once per million words or more) is loaded once,
lazily, on the first question; without the package every answer is "unknown" (0.0) and the
callers fall back to their other rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

# A peeled reading is refused when the whole word is about as common as its stem or more (Zipf
# units; 1.0 is a factor of ten). A clitic form is rarer than its stem: "بريف" 3.8 against "ريف" 4.2,
# "ببلدة" 3.4 against "بلدة" 4.8; an ordinary word is not: "كمان" 4.4 against "مان" 4.3, "برس" 4.3
# against a stem "رس" the list lacks.
CLITIC_MARGIN = 0.2
# A word at least this common is an ordinary word of the language (e.g. "دولي" 4.5, "ميداني" 3.6),
# well above the names of villages and quarters, which the small list mostly lacks.
COMMON_WORD = 3.3


@lru_cache(maxsize=1)
def _zipf_function():
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the package is optional at run time: no evidence, no decision
        return None
    return zipf_frequency


@lru_cache(maxsize=50_000)
def zipf(word: str) -> float:
    """Zipf frequency of an Arabic word in wordfreq's small list (0.0 when absent or unknown)."""
    function = _zipf_function()
    return function(word, "ar", wordlist="small") if function is not None else 0.0


def whole_word_reading(word: str, stems: tuple[str, ...]) -> str | None:
    """Why ``word`` should stay whole rather than be read as a proclitic plus one of ``stems``
    (None when peeling is plausible): the whole word is about as common as the stem or more."""
    whole = zipf(word)
    if not whole:
        return None
    stem = max(zipf(s) for s in stems)
    if whole >= stem - CLITIC_MARGIN:
        return f"«{word}» is a word of its own (word frequency {whole:.1f} against {stem:.1f} for the stem)"
    return None


# Any word the small list holds at this frequency or more is a word of the language: after a cue
# word that heads ordinary phrases as often as names ("منطقة عازلة", "منطقة الحدود"), such a word is
# taken for the phrase; the names of quarters and villages are rarer ("الدعية", "كفرزيتا": absent).
LANGUAGE_WORD = 3.0


def is_common_word(word: str, floor: float = COMMON_WORD) -> bool:
    return zipf(word) >= floor


# A one-word name of places below city level (towns, villages, quarters, regions) whose surface is
# this common is read as the ordinary word unless a place cue says otherwise: "قنوات" (channels, 4.6),
# "كسب" (earn, 4.4), "الميدان" (the field, 4.6), "الحراك" (the movement, 4.1) are words first. The
# regions and towns the Syrian news writes bare are rarer: "الغوطة" 3.9, "الجولان" 3.9, "البادية"
# 3.8, "القلمون" 3.4, "الحولة" 3.2, "كوباني" 3.3; names of villages and towns absent from the list
# ("كفريا", "الفوعة", "إعزاز") are 0. Chosen by measuring 3.6 to 4.4 on the gold sets and on 3,000
# SaudiNewsNet articles: below 4.0 the held-out and IDRISI sets lose real places, above it the
# ordinary words come back ("كسب" 4.4, "عبادة" 4.2, "حارة" 4.2, "الحراك" 4.1).
COMMON_NAME = 4.0
# From this frequency on, the ordinary word is so common that a preposition or a ب/ل clitic before
# it ("في الميدان", "إلى كسب", "لكسب") says nothing: a feature word that fits, a direction, a
# dateline, or a place around it named in the same text must vouch for it.
VERY_COMMON_NAME = 4.3


def _article_toggled(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else "ال" + word


def common_word_reading(spellings: Iterable[str], matched: Iterable[str] = (),
                        floor: float = COMMON_NAME) -> tuple[float, str] | None:
    """How common a one-word name is as an ordinary word, when it is at least ``floor``: the word
    frequency of the most common of its ``spellings`` with and without the article, and of the forms
    it is ``matched`` as in text (folded: "حوله" for "حولة", the article-less variant of "الحولة",
    is "around it"), and that form. None when less common."""
    forms = [form for spelling in spellings for form in (spelling, _article_toggled(spelling))]
    best, word = max(((zipf(form), form) for form in [*forms, *matched]), default=(0.0, ""))
    return (best, word) if best >= floor else None
