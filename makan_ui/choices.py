"""Labels of a select box's options that tell every option apart.

The browser sends a select box's choice back as its label, and Streamlit maps a label shared by
several options to the last of them: two mentions of «حمص» in one article, or two articles with the
same title and date, would let a user choose the first and correct the second. Repeats are numbered.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def distinct_labels(labels: Mapping[K, str]) -> dict[K, str]:
    """``labels`` in their order, the second and later of a shared label numbered ("… · 2", "… · 3")."""
    taken = set(labels.values())
    out: dict[K, str] = {}
    seen: set[str] = set()
    for key, label in labels.items():
        if label not in seen:
            seen.add(label)
            out[key] = label
            continue
        n = 2
        while f"{label} · {n}" in taken or f"{label} · {n}" in seen:
            n += 1
        seen.add(out.setdefault(key, f"{label} · {n}"))
    return out
