"""Where the line around a position starts and ends, in time that does not grow with the line.

Context rules look back to the start of a mention's line (a dateline, a masthead standing alone).
``text.rfind("\\n", 0, start)`` scans back to the line's start for every mention, so a document that
is one long line (scraped dumps often are) made them quadratic: 2.1 s of the 12.9 s a 10 MB
single-line document took. The line breaks of the text being read are found once, and each lookup
is a binary search.
"""

from __future__ import annotations

from bisect import bisect_left

# The last text asked about and its line breaks: one document is read at a time per thread, and the
# pair is replaced as a whole, so another thread never sees one text's breaks with another text.
_last: list[tuple[str, list[int]]] = [("", [])]


def _breaks(text: str) -> list[int]:
    cached, breaks = _last[0]
    if cached is not text:
        breaks, at = [], text.find("\n")
        while at >= 0:
            breaks.append(at)
            at = text.find("\n", at + 1)
        _last[0] = (text, breaks)
    return breaks


def line_start(text: str, pos: int) -> int:
    """The index after the last line break before ``pos`` (0 on the first line):
    ``text.rfind("\\n", 0, pos) + 1``."""
    breaks = _breaks(text)
    i = bisect_left(breaks, pos)
    return breaks[i - 1] + 1 if i else 0


def line_end(text: str, pos: int) -> int:
    """The index of the first line break at or after ``pos``, or the text's length when there is none."""
    breaks = _breaks(text)
    i = bisect_left(breaks, pos)
    return breaks[i] if i < len(breaks) else len(text)
