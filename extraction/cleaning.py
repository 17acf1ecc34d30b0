"""Undo what scraping leaves behind, without moving a single offset.

Scraped Arabic news carries HTML entity debris with the ampersand lost (``rsquo;``,
``lsquo;``, ``quot;``, ``nbsp;``), titles pasted two or three times, and runs of blank
lines. We never edit the original text: ``clean_text`` returns a copy of *the same
length* in which debris becomes the character it stood for padded with spaces, and
repeated lines become spaces. Matching and display use that copy; every offset into
it is an offset into the original.
"""

from __future__ import annotations

import re
from math import isqrt

# Entity names whose leading '&' was stripped by a scraper, with what they stood for.
_ENTITY_DEBRIS = {
    "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "quot": '"', "nbsp": " ", "amp": "&",
    "hellip": "…", "ndash": "–", "mdash": "—", "laquo": "«", "raquo": "»", "apos": "'", "#39": "'",
}
_DEBRIS_RE = re.compile(r"&?(" + "|".join(re.escape(k) for k in _ENTITY_DEBRIS) + r");")


def _replace_debris(text: str) -> str:
    def same_length(match: re.Match[str]) -> str:
        token = match.group(0)
        return _ENTITY_DEBRIS[match.group(1)].ljust(len(token))

    # Every piece of debris ends with ";": a text without one is left as it is, unscanned.
    return _DEBRIS_RE.sub(same_length, text) if ";" in text else text


def _is_repeat(compact: str, seen: set[str]) -> bool:
    """True when ``compact`` (a line without spaces) is an earlier line, once or pasted n times.

    A line pasted n times begins with the earlier line, whose length divides its own: only those
    prefixes are looked up (found through the divisors up to the square root), never every earlier
    line, so a text of many lines is cleaned in linear time."""
    if compact in seen:
        return True
    if compact not in (compact + compact)[1:-1]:
        return False  # not a shorter string repeated (a string is one exactly when it occurs so)
    n = len(compact)
    for d in range(1, isqrt(n) + 1):
        if n % d == 0:
            for size in {d, n // d} - {n}:
                if size >= 10 and compact[:size] in seen and compact == compact[:size] * (n // size):
                    return True
    return False


def _blank_repeated_lines(text: str) -> str:
    """Blank every line that repeats an earlier one (scrapers paste titles two or three times)."""
    seen: set[str] = set()
    out: list[str] = []
    for line in text.split("\n"):
        compact = "".join(line.split())
        repeated = bool(compact) and _is_repeat(compact, seen)
        out.append(" " * len(line) if repeated else line)
        if compact and not repeated:
            seen.add(compact)
    return "\n".join(out)


def clean_text(text: str) -> str:
    """A same-length copy of ``text`` fit for matching and display (see module docstring)."""
    cleaned = _blank_repeated_lines(_replace_debris(text))
    assert len(cleaned) == len(text)
    return cleaned
