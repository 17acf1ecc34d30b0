"""A user's corrections of place mentions: what one says, and how it changes an extracted mention.

Extraction is never edited: a correction is a separate record (kept by ``geo.store`` in an
append-only history) applied on top of what extraction found, whenever the mentions are read or
exported. So reprocessing a document, or rebuilding the gazetteer, cannot lose one.

A correction targets one mention (by its offsets), every mention of a surface form in one
document, or every mention of it in the corpus. It moves the mention to another gazetteer place,
says it is not a place, or changes its sense. For each mention the most specific target with a live
correction wins, and among corrections of one target the latest recorded (place and sense apart,
so changing the sense of a moved mention keeps the move). The store applies this rule in SQL; this
module applies the same rule to JSON lines for ``python -m extraction --jsonl --with-corrections``.

A moved mention carries the place's names and point as they were when it was corrected: a
gazetteer that no longer has the place leaves the mention where the user put it, shown as
"unresolved", never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from geo.gazetteer import Gazetteer, Place

SCOPES = ("mention", "document", "corpus")
ACTIONS = ("move", "not_place", "sense")
SENSES = ("literal", "metonymic")
# What a move copies from the place onto the mention (the store's columns and the JSON lines' keys).
PLACE_FIELDS = ("place_id", "name", "name_ar", "lat", "lon", "level", "governorate", "district")


@dataclass(frozen=True)
class PlaceCorrection:
    """One correction as a user makes it; ``created_at`` is set by the store when left empty.

    Only the target fields of its scope are kept: a document-wide correction has no offsets, a
    corpus-wide one no document, so two corrections of one target always compare equal targets.
    """

    scope: str
    action: str
    surface: str  # the mention's text, as extracted: what a document or corpus correction matches
    user: str
    doc_id: str | None = None
    start: int | None = None
    end: int | None = None
    place: Place | None = None  # for a move
    sense: str | None = None  # for a sense correction
    created_at: str | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.scope not in SCOPES:
            problems.append(f"scope must be one of {', '.join(SCOPES)}, not {self.scope!r}")
        if self.action not in ACTIONS:
            problems.append(f"action must be one of {', '.join(ACTIONS)}, not {self.action!r}")
        if not self.surface:
            problems.append("the mention's text (surface form) is empty")
        if not self.user:
            problems.append("no user recorded")
        if self.scope in ("mention", "document") and not self.doc_id:
            problems.append(f"a {self.scope} correction needs its document")
        if self.scope == "mention" and (self.start is None or self.end is None):
            problems.append("a mention correction needs the mention's start and end")
        if self.action == "move" and self.place is None:
            problems.append("a move needs the place to move to")
        if self.action == "sense" and self.sense not in SENSES:
            problems.append(f"sense must be one of {', '.join(SENSES)}, not {self.sense!r}")
        if problems:
            raise ValueError("place correction: " + "; ".join(problems))
        if self.scope != "mention":
            object.__setattr__(self, "start", None)
            object.__setattr__(self, "end", None)
        if self.scope == "corpus":
            object.__setattr__(self, "doc_id", None)
        if self.action != "move":
            object.__setattr__(self, "place", None)
        if self.action != "sense":
            object.__setattr__(self, "sense", None)


def is_unresolved(row: Mapping[str, Any], gazetteer: Gazetteer) -> bool:
    """Whether a recorded move points at a place the current gazetteer no longer has."""
    return row.get("action") == "move" and gazetteer.get(str(row.get("place_id"))) is None


class CorrectionSet:
    """The live corrections of a store, applied to extracted mentions as JSON objects.

    ``rows`` are the store's live correction records (``Store.place_corrections(live_only=True)``
    as records); the same precedence as the store's reads: most specific target first, then the
    latest recorded, place and sense apart.
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]], gazetteer: Gazetteer | None = None) -> None:
        self._latest: dict[tuple[Any, ...], dict[str, Mapping[str, Any]]] = {}
        self._gazetteer = gazetteer
        for row in sorted(rows, key=lambda r: int(r["id"])):
            kind = "sense" if row["action"] == "sense" else "place"
            self._latest.setdefault(_target(row), {})[kind] = row

    def __len__(self) -> int:
        return len(self._latest)

    def _find(self, doc_id: str, record: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
        text = record["text"]
        for key in (("mention", doc_id, record["start"], record["end"]), ("document", doc_id, text),
                    ("corpus", text)):
            found = self._latest.get(key, {}).get(kind)
            if found is not None:
                return found
        return None

    def apply(self, record: dict[str, Any]) -> dict[str, Any] | None:
        """The place mention ``record`` (a ``--jsonl`` line) as corrected, or None when a user said
        it is no place. A corrected mention gains ``correction``: who changed what, where and when."""
        doc_id = record["doc"]
        moved, sensed = self._find(doc_id, record, "place"), self._find(doc_id, record, "sense")
        if moved is None and sensed is None:
            return record
        if moved is not None and moved["action"] == "not_place":
            return None
        out = dict(record)
        applied = []
        if moved is not None:
            out.update({f: _plain(moved[f]) for f in PLACE_FIELDS})
            applied.append(_describe(moved, self._gazetteer))
        if sensed is not None:
            out["sense"] = sensed["sense"]
            applied.append(_describe(sensed, self._gazetteer))
        out["correction"] = applied
        return out


def _target(row: Mapping[str, Any]) -> tuple[Any, ...]:
    if row["scope"] == "mention":
        return ("mention", row["doc_id"], int(row["start"]), int(row["end"]))
    if row["scope"] == "document":
        return ("document", row["doc_id"], row["surface"])
    return ("corpus", row["surface"])


def _plain(value: Any) -> Any:
    """A value read through pandas as a JSON scalar (NaN is a missing value, numpy numbers plain)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def _describe(row: Mapping[str, Any], gazetteer: Gazetteer | None) -> dict[str, Any]:
    out = {"id": int(row["id"]), "action": row["action"], "scope": row["scope"], "by": row["editor"],
           "at": row["created_at"]}
    if gazetteer is not None and is_unresolved(row, gazetteer):
        out["unresolved"] = True  # the place left the gazetteer: kept where the user put it
    return out
