"""Overlap policies: which of several overlapping matches to keep.

Kept apart from the matcher (as spaCy keeps ``first_longest_spans_filter``) so that the
policy is a named, swappable function and not a side effect of the search order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class Span(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=Span)


def longest_first(spans: Sequence[S]) -> list[S]:
    """Keep the longest spans, earlier first on ties, dropping any that overlap a kept one; sorted by start."""
    kept: list[S] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= s or span.start >= e for s, e in taken):
            kept.append(span)
            taken.append((span.start, span.end))
    return sorted(kept, key=lambda s: s.start)
