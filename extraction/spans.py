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
    """Keep the longest spans, earlier first on ties, dropping any that overlap a kept one; sorted by start.

    Spans are non-empty. The characters kept spans cover are marked in a bytearray as long as the
    text they index, so each overlap test costs the span's length, not the number of spans kept.
    """
    kept: list[S] = []
    covered = bytearray(max((s.end for s in spans), default=0))
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if 1 not in covered[span.start:span.end]:
            kept.append(span)
            covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    return sorted(kept, key=lambda s: s.start)
