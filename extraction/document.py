"""The records every stage passes along: documents, passages and mentions.

Offsets are the contract (as in spaCy's ``Doc.char_span``): every ``start``/``end``
indexes the document's *original* text exactly as Python read it, so that
``doc.text[m.start:m.end] == m.text`` always holds and a user can get back to the
exact words. Cleaning and normalisation happen on copies that map back to these
offsets; nothing here ever stores a modified text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extraction.tokens import Token


@dataclass
class Document:
    """One article: its untouched text plus whatever metadata came with it."""

    doc_id: str  # file name, or a JSONL/CSV row's id (else FILE:ROW)
    text: str  # original text; offsets index this string
    path: str = ""  # the file it came from
    title: str | None = None
    date: str | None = None  # ISO 8601, reduced precision allowed (2017, 2017-07, 2017-07-22)
    date_source: str = "none"  # metadata | url | text | none
    source: str | None = None  # publisher, e.g. "Al-Quds Al-Arabi"
    url: str | None = None
    author: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # The text as the reader shows it: scraping debris cleaned, *same length* as ``text`` so every
    # offset holds in both (see extraction.cleaning). None until the pipeline cleans it.
    display_text: str | None = None


@dataclass(frozen=True)
class Passage:
    """A sentence or short paragraph the reader shows; [start, end) of the original text."""

    start: int
    end: int


@dataclass(frozen=True)
class DateMention:
    """A temporal expression with its ISO value at the precision the text gives."""

    start: int
    end: int
    text: str
    value: str  # 2017-07-22 | 2017-07 | 2017
    part: str | None = None  # early | mid | late, for "بداية الشهر الجاري", "أواخر 2016"
    kind: str = "absolute"  # absolute | relative | hijri | weekday | year | reference (dates no place)
    why: str | None = None  # what decided the value when a rule overrode the plain reading

    def as_json(self, doc_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "date", "doc": doc_id, "start": self.start, "end": self.end,
                               "text": self.text, "value": self.value}
        if self.part:
            out["part"] = self.part
        if self.kind == "reference":  # a deadline or a memory ("بحلول عام 2030"): said, as it dates no place
            out["kind"] = self.kind
        if self.why:
            out["why"] = self.why
        return out


@dataclass
class PlaceMention:
    """A place name found in the text, with the place it was resolved to (if any)."""

    start: int
    end: int
    text: str
    place_id: str | None = None
    name: str | None = None  # canonical English name
    name_ar: str | None = None
    lat: float | None = None
    lon: float | None = None
    level: str | None = None
    sense: str = "literal"  # literal | metonymic
    confidence: float = 0.0
    why: str = ""  # one line: why this place (shown in the reader)
    sense_why: str = ""  # the evidence for the sense
    passage_start: int = 0
    passage_end: int = 0
    date: str | None = None
    date_source: str = "none"  # text | metadata | url | none
    governorate: str | None = None
    district: str | None = None

    def as_json(self, doc_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "place", "doc": doc_id}
        out.update(zip(_PLACE_FIELDS, _place_values(self)))  # all scalars: no deep copy needed
        return out


_PLACE_FIELDS = tuple(f.name for f in fields(PlaceMention))
_place_values = attrgetter(*_PLACE_FIELDS)  # the fields' values in order, at C speed


@dataclass
class ProcessedDocument:
    """A document with everything extraction and resolution found in it."""

    document: Document
    passages: list[Passage]
    places: list[PlaceMention]
    dates: list[DateMention]
    # The words of ``document.display_text`` as the place finder read them, so the store indexes them
    # for search without tokenizing the text again. Left out when pickled: a worker's results cross
    # to the parent as rows or lines, and one that crosses whole need not carry every word along.
    tokens: list[Token] | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "tokens": None}
