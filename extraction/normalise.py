"""Folding Arabic text for matching, with a map back to the original offsets.

Scraped news spells one name many ways: hamza-carrying alefs (إدلب/ادلب), alef maqsura
for ya (ى/ي), ta marbuta for ha (سورية/سوريه), diacritics and tatweel (حَلَب، حلــب),
Arabic-Indic digits. We fold all of these with camel-tools' own character maps, one
character at a time, so that every folded character remembers the original character it
came from (spaCy's "match normalised, report original"). Characters that fold to nothing
(diacritics, tatweel, zero-width marks) are dropped from the folded string. Each character's
fold is worked out once and kept in a ``str.translate`` table, so folding a text runs in C.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

# Invisible characters that scraped text carries inside words.
_INVISIBLE = {"\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"}
_TATWEEL = "\u0640"
_ARABIC_INDIC = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """The folded form of one character: '' for marks we ignore, else one character."""
    if char in _INVISIBLE or char == _TATWEEL:
        return ""
    if char in _ARABIC_INDIC:
        return _ARABIC_INDIC[char]
    out = dediac_ar(char)
    if not out:
        return ""
    out = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(out)))
    if out == "ؤ":
        out = "و"
    elif out == "ئ":
        out = "ي"
    return out


DROPPED = "\x00"  # what a character that folds to nothing becomes in ``fold_aligned``


class _FoldTable(dict[int, str]):
    """``str.translate`` table of ``fold_char``, filled in as new characters are met; a character
    that folds to nothing becomes ``dropped``.

    Every character folds to one character or none (checked here), so a text folded with
    ``dropped`` = ``DROPPED`` is as long as its original and shares its offsets."""

    def __init__(self, dropped: str) -> None:
        super().__init__()
        self.dropped = dropped

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if len(folded) > 1:
            raise ValueError(f"U+{code:04X} folds to {len(folded)} characters")
        self[code] = folded = folded or self.dropped
        return folded


_FOLD_TABLE = _FoldTable("")
_ALIGNED_TABLE = _FoldTable(DROPPED)


def fold(text: str) -> str:
    """Fold a whole string: the same as joining ``fold_char`` of each character, at C speed."""
    return text.translate(_FOLD_TABLE)


def fold_aligned(text: str) -> str:
    """``fold`` that keeps every offset: a character that folds to nothing becomes ``DROPPED``, so
    ``fold(text[i:j]) == fold_aligned(text)[i:j].replace(DROPPED, "")``."""
    return text.translate(_ALIGNED_TABLE)


@dataclass(frozen=True)
class FoldedText:
    """A folded copy of a text; ``offsets[i]`` is the original index of ``folded[i]``."""

    original: str
    folded: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the folded text back to the original text."""
        if start >= end:
            raise ValueError(f"empty span {start}:{end}")
        return self.offsets[start], self.offsets[end - 1] + 1


def fold_with_offsets(text: str) -> FoldedText:
    """Fold ``text`` and keep, for every folded character, its index in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, c in enumerate(text):
        f = fold_char(c)
        for piece in f:
            chars.append(piece)
            offsets.append(i)
    return FoldedText(text, "".join(chars), tuple(offsets))
