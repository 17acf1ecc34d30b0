"""Split a document into the passages the reader shows: sentences, or short paragraphs.

A passage is a [start, end) slice of the original text with surrounding white space
trimmed. Paragraphs (lines) shorter than ``SHORT_PARAGRAPH`` stay whole, because a
two-sentence brief reads better in one piece; longer ones are cut at sentence ends
(. ! ? ؟ and the Arabic full stop ۔), and sentences so short they carry no context are
joined to the next.
"""

from __future__ import annotations

import re

from extraction.document import Passage

SHORT_PARAGRAPH = 320
MIN_SENTENCE = 40
_SENTENCE_END = re.compile(r"[.!?؟۔]+[\"'”’»)]*(?=\s)|[.!?؟۔]+[\"'”’»)]*$")
_LINE = re.compile(r"[^\n]+")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    merged: list[tuple[int, int]] = []
    for s, e in (t for t in (_trimmed(text, s, e) for s, e in spans) if t):
        if merged and merged[-1][1] - merged[-1][0] < MIN_SENTENCE:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def split_passages(clean: str) -> list[Passage]:
    """Passages of a cleaned text (``cleaning.clean_text``: same offsets as the original)."""
    passages: list[Passage] = []
    for line in _LINE.finditer(clean):
        span = _trimmed(clean, line.start(), line.end())
        if not span:
            continue
        if span[1] - span[0] <= SHORT_PARAGRAPH:
            passages.append(Passage(*span))
        else:
            passages.extend(Passage(s, e) for s, e in _sentences(clean, *span))
    return passages


def passage_at(passages: list[Passage], offset: int) -> Passage | None:
    """The passage holding ``offset`` (passages are sorted and disjoint)."""
    lo, hi = 0, len(passages)
    while lo < hi:
        mid = (lo + hi) // 2
        if passages[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(passages) and passages[lo].start <= offset < passages[lo].end:
        return passages[lo]
    return None
