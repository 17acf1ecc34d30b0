"""Folding Arabic text for matching, with a map back to the original offsets.

Scraped news spells one name many ways: hamza-carrying alefs (إدلب/ادلب), alef maqsura
for ya (ى/ي), ta marbuta for ha (سورية/سوريه), diacritics and tatweel (حَلَب، حلــب),
Arabic-Indic digits. We fold all of these with camel-tools' own character maps, one
character at a time, so that every folded character remembers the original character it
came from (spaCy's "match normalised, report original"). Characters that fold to nothing
(diacritics, tatweel, zero-width marks) are dropped from the folded string. Each character's
fold is worked out once and kept in a table of replacements, so folding a text runs in C.

The table is worked out from camel-tools once per installed version and kept beside the
gazetteer's index (``data/build/fold_table.json``): importing camel-tools' character sets
takes about 0.45 s (it classifies every Unicode character), which every process that folds
paid at start: the dashboard's first page, each command, each worker.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

FOLD_TABLE = Path(__file__).resolve().parent.parent / "data" / "build" / "fold_table.json"

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
    from camel_tools.utils.dediac import dediac_ar  # slow to import: see FOLD_TABLE
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar

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


def changes_from_camel_tools() -> dict[str, str]:
    """The characters ``fold_char`` changes: camel-tools' Arabic diacritics and alef, alef maqsura
    and ta marbuta forms, and ours; every other character folds to itself (tests/test_normalise.py
    checks every character of the Basic Multilingual Plane)."""
    from camel_tools.utils.charsets import AR_DIAC_CHARSET

    candidates = (_INVISIBLE | {_TATWEEL} | set(_ARABIC_INDIC) | set(AR_DIAC_CHARSET)
                  | {chr(c) for r in ((0x0600, 0x0700), (0x0750, 0x0780), (0x08A0, 0x0900), (0xFB50, 0xFE00),
                                      (0xFE70, 0xFF00)) for c in range(*r)})
    return {c: fold_char(c) for c in sorted(candidates) if fold_char(c) != c}


def load_changes(table: Path = FOLD_TABLE) -> dict[str, str]:
    """``changes_from_camel_tools()``, read from ``table`` when it was written for the camel-tools
    installed now, else worked out and written there (atomically; a read-only install just works
    it out each time). A damaged or stale table is replaced, never trusted."""
    version = metadata.version("camel-tools")
    try:
        kept = json.loads(table.read_text(encoding="utf-8"))
        if kept["camel_tools"] == version and isinstance(kept["changes"], dict):
            return kept["changes"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    changes = changes_from_camel_tools()
    try:
        table.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=table.parent, prefix=table.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"camel_tools": version, "changes": changes}, out, ensure_ascii=False)
        os.chmod(tmp, 0o644)  # readable by every user of a shared install, as the index is
        os.replace(tmp, table)
    except OSError:
        pass
    return changes


# Each character folds to one character or none, and none folds to a character that is changed
# in turn, so the order of replacement does not matter.
_CHANGED = load_changes()
if any(len(f) > 1 or f in _CHANGED for f in _CHANGED.values()):
    raise ValueError("a character folds to more than one character, or to one that folds again")
FOLD_CHANGES = _CHANGED  # every character that folding changes, and what it becomes ('' for none)
_FOLD_PAIRS = tuple(_CHANGED.items())
_ALIGNED_PAIRS = tuple((c, f or DROPPED) for c, f in _CHANGED.items())


def replace_all(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """``text`` with each character of ``pairs`` replaced: one ``str.replace`` per character present,
    many times faster than ``str.translate`` with a table of Arabic characters, which makes an object
    for every character of the text."""
    for char, folded in pairs:
        if char in text:
            text = text.replace(char, folded)
    return text


def fold(text: str) -> str:
    """Fold a whole string: the same as joining ``fold_char`` of each character, at C speed."""
    return replace_all(text, _FOLD_PAIRS)


def fold_aligned(text: str) -> str:
    """``fold`` that keeps every offset: a character that folds to nothing becomes ``DROPPED``, so
    ``fold(text[i:j]) == fold_aligned(text)[i:j].replace(DROPPED, "")``."""
    return replace_all(text, _ALIGNED_PAIRS)


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
        f = _CHANGED.get(c, c)
        for piece in f:
            chars.append(piece)
            offsets.append(i)
    return FoldedText(text, "".join(chars), tuple(offsets))
