"""Folding for matching: every spelling a scraper produces meets one key, offsets map back."""

import pytest

from extraction.normalise import DROPPED, fold, fold_aligned, fold_with_offsets
from extraction.tokens import tokenize


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


@pytest.mark.parametrize("raw", ["حَلَــب", "قصفٌ على حم\u200cص", "إدلب ٢٢", "لا شيء يسقط", "ــ ً"])
def test_aligned_fold_keeps_every_offset(raw):
    aligned = fold_aligned(raw)
    assert len(aligned) == len(raw)
    assert aligned.replace(DROPPED, "") == fold(raw)
    for i in range(len(raw)):
        for j in range(i, len(raw) + 1):
            assert aligned[i:j].replace(DROPPED, "") == fold(raw[i:j])


@pytest.mark.parametrize("text, expected", [
    ("قصف حمص", [(0, 3, "قصف"), (4, 7, "حمص")]),
    ("قصفٌ على حَلَــب", [(0, 4, "قصف"), (5, 8, "علي"), (9, 16, "حلب")]),  # marks inside a token stay in its span
    ("حمص ـــ ً حلب", [(0, 3, "حمص"), (10, 13, "حلب")]),  # a run of marks alone is no token
    ("الـ٢٢ من أيار", [(0, 5, "ال22"), (6, 8, "من"), (9, 13, "ايار")]),
])
def test_tokens_keep_original_offsets_and_folded_forms(text, expected):
    assert [tuple(t) for t in tokenize(text)] == expected


def test_fold_by_replacement_is_fold_char_of_every_character():
    """``fold`` replaces only the characters it lists; every character of the Basic Multilingual Plane
    (and some beyond it) folds as ``fold_char`` says, and ``fold_aligned`` keeps the length."""
    from extraction.normalise import DROPPED, fold_aligned, fold_char

    chars = [chr(c) for c in [*range(0xD800), *range(0xE000, 0x10000), *range(0x1F000, 0x1F700)]]
    text = "".join(chars)
    assert fold(text) == "".join(fold_char(c) for c in chars)
    assert fold_aligned(text) == "".join(fold_char(c) or DROPPED for c in chars)


def test_tokens_split_from_the_folded_copy_are_the_tokens_of_the_text():
    """Tokens are split from the folded copy unless the text holds a character whose folding moves a
    word boundary (the invisible ones); either way they are the words of the text, folded."""
    from extraction.tokens import _WORD, Token

    def by_regex(clean: str) -> list[Token]:
        folded = fold_aligned(clean)
        spans = (m.span() for m in _WORD.finditer(clean))
        return [Token(s, e, n) for s, e in spans if (n := folded[s:e].replace(DROPPED, ""))]

    for text in ["", "ـــ", "َحلب", "x ً y", "حلب ـ", "ـ", "حل\u200cب و\u200d", "a\x00b", "\u00adحلب", "حلب\ufeff",
                 "وَصَلَ إلى حَلَبَ، ثم إِدْلِب... ١٢٣ و2015م؛ «الرقة»", "مدينةُ حمص\nوحماة ـ 12/3",
                 "1438ه\u200dـ. وفي", "ه\u200dـ", "ـ\u200cـ حمص"]:  # marks folded away on both sides of a joiner
        assert tokenize(text) == by_regex(text), text
    # and any mix of letters, marks, tatweel, joiners and spaces (a seeded draw: the same every run)
    import random

    alphabet = ["ه", "ح", "ا", "1", "\u0640", "\u064e", "\u0651", "\u200c", "\u200d", "\u200f", "\xad", " ", "."]
    draw = random.Random(7)
    for _ in range(3000):
        text = "".join(draw.choices(alphabet, k=draw.randint(1, 12)))
        assert tokenize(text) == by_regex(text), repr(text)
        assert all(DROPPED not in token.norm and token.norm for token in tokenize(text)), repr(text)


def test_the_kept_fold_table_is_camel_tools_own_and_a_bad_one_is_replaced(tmp_path):
    """The table read at import (so no process pays camel-tools' slow import) is what camel-tools
    says today; a damaged table, or one written for another camel-tools, is worked out again."""
    import json

    from extraction.normalise import FOLD_CHANGES, changes_from_camel_tools, load_changes

    assert FOLD_CHANGES == changes_from_camel_tools()
    assert FOLD_CHANGES["\u0623"] == "\u0627" and FOLD_CHANGES["\u064e"] == ""  # hamza-alef, fatha
    table = tmp_path / "build" / "fold_table.json"
    assert load_changes(table) == FOLD_CHANGES and table.exists()  # written when missing
    for bad in ("{not json", json.dumps({"camel_tools": "0.0", "changes": {"\u0623": "x"}}),
                json.dumps({"camel_tools": json.loads(table.read_text())["camel_tools"], "changes": []})):
        table.write_text(bad, encoding="utf-8")
        assert load_changes(table) == FOLD_CHANGES
        assert json.loads(table.read_text(encoding="utf-8"))["changes"] == FOLD_CHANGES
