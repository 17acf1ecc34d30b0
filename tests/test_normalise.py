"""Folding for matching: every spelling a scraper produces meets one key, offsets map back."""

import pytest

from extraction.normalise import fold, fold_with_offsets


@pytest.mark.parametrize("raw, expected", [
    ("إدلب", "ادلب"),  # hamza below
    ("أميركا", "اميركا"),  # hamza above
    ("آذار", "اذار"),  # madda
    ("سورية", "سوريه"),  # ta marbuta
    ("مستشفى", "مستشفي"),  # alef maqsura
    ("حَلَب", "حلب"),  # diacritics
    ("حلــب", "حلب"),  # tatweel
    ("الـ٢٢", "ال22"),  # tatweel and Arabic-Indic digits
    ("۲۰۱۷", "2017"),  # Persian digits
    ("حم\u200cص", "حمص"),  # zero-width non-joiner inside a word
    ("مؤتمر", "موتمر"),
    ("الرئيس", "الرييس"),
])
def test_fold_table(raw, expected):
    assert fold(raw) == expected


def test_variants_share_a_key():
    assert fold("الأردن") == fold("الاردن")
    assert fold("إسرائيل") == fold("اسرائيل")
    assert fold("سورية") != fold("سوريا")  # a real spelling variant: the gazetteer lists both


def test_offsets_point_back_to_original_characters():
    text = "قصفٌ على حَلَــب اليوم"
    folded = fold_with_offsets(text)
    i = folded.folded.index("حلب")
    start, end = folded.original_span(i, i + 3)
    assert text[start:end] == "حَلَــب"
    assert len(folded.folded) == len(folded.offsets)
