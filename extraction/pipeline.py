"""Where the stages meet: read → clean → passages → dates → places → resolve → sense.

Like datasette's ``cli.py`` wiring its app together, this is the one module that composes
``extraction`` with ``geo``: the library modules on either side stay independent (the place
finder is handed the gazetteer's names; the resolver is handed the gazetteer). The steps run in
the order of the first line, in ``Pipeline.process``; each is a plain function of the document.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from extraction.cleaning import clean_text
from extraction.dates import document_date, find_dates, governing_date
from extraction.document import DateMention, Document, PlaceMention, ProcessedDocument
from extraction.normalise import fold
from extraction.passages import passage_at, split_passages
from extraction.places import CommonWord, PlaceFinder
from extraction.readers import ReadError, read_documents
from extraction.sense import assign_senses
from geo.gazetteer import Gazetteer, Place, load_gazetteer
from geo.online import OnlineGeocoder
from geo.resolver import MentionContext, Resolver, can_be_actor, flag_countries
from geo.sites import place_sites

# Bump when the rules change (the gazetteer is fingerprinted apart), so stored documents are redone.
PIPELINE_VERSION = "6"  # 6: multiword names end at line breaks; 5: mastheads and dateline agencies; common words as minor places need a cue


@dataclass(frozen=True)
class Failure:
    """A file or row that could not be processed, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def content_hash(doc: Document, knowledge: str = "") -> str:
    """What a document's processing depends on: its text, its metadata, the pipeline version and
    ``knowledge`` (a fingerprint of the gazetteer), so a richer gazetteer reprocesses the corpus."""
    meta = {k: getattr(doc, k) for k in ("title", "date", "source", "url", "author")}
    payload = json.dumps([PIPELINE_VERSION, knowledge, doc.text, meta, doc.metadata], sort_keys=True,
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def gazetteer_fingerprint(gazetteer: Gazetteer) -> str:
    """A short digest of every place's id, names, level and coordinates."""
    digest = hashlib.sha256()
    for place in sorted(gazetteer, key=lambda p: p.id):
        digest.update(f"{place.id}|{'|'.join(place.names_ar)}|{place.level}|{place.lat}|{place.lon}\n".encode())
    return digest.hexdigest()[:16]


MINOR_LEVELS = {"village", "district"}


def minor_names(gazetteer: Gazetteer) -> dict[str, CommonWord | None]:
    """One-word names found only with a place cue: names borne only by villages or city quarters
    (None), and names borne only by places below city level whose surface, as written or as matched
    without its article, is a common ordinary word ("قنوات", "الميدان"): for those, why, the places
    around them whose mention in the text vouches for a weaker cue, and their levels. Decided once
    per name, when the finder is built."""
    from extraction.frequency import VERY_COMMON_NAME, common_word_reading
    from extraction.lexicon import PLACE_FIRST

    below_city = {"town", "village", "district", "region", "poi"}  # no country, admin1/2 or city reading

    def level(place: Place) -> str:
        """A region straddling countries or directly under one ("أوروبا", "الخليج", "سيناء") is no
        minor place: it counts as a country here."""
        parent = gazetteer.get(place.parent) if place.parent else None
        if place.level == "region" and (parent is None or parent.level == "country"):
            return "country"
        return place.level

    # The cities and provinces of each country: one of them named in the text makes its minor places
    # near ("في الطبقة" in a report that names Raqqa or Aleppo), unlike a country named in passing.
    centres: dict[str, set[str]] = {}
    for place in gazetteer:
        if place.level in ("admin1", "city") and place.country:
            centres.setdefault(place.country, set()).add(place.id)

    def around(place: Place) -> set[str]:
        """The place's parents below country level, and the cities and provinces of its country."""
        out, parent = set(centres.get(place.country, ())), gazetteer.get(place.parent) if place.parent else None
        while parent is not None and parent.level != "country" and parent.id not in out:
            out.add(parent.id)
            parent = gazetteer.get(parent.parent) if parent.parent else None
        return out

    levels: dict[str, set[str]] = {}
    spellings: dict[str, set[str]] = {}
    bearers: dict[str, list[Place]] = {}
    for name, place in gazetteer.names():
        if len(name.split()) == 1:
            key = fold(name)
            levels.setdefault(key, set()).add(level(place))
            spellings.setdefault(key, set()).add(name)
            bearers.setdefault(key, []).append(place)
    weak: dict[str, CommonWord | None] = {name: None for name, found in levels.items() if found <= MINOR_LEVELS}
    for key, found in levels.items():
        if not found <= below_city or key in PLACE_FIRST:
            continue
        found_as = [(key, spellings[key], (key,))]
        if key.startswith("ال") and levels.get(key[2:], set()) <= below_city and not weak.get(key[2:]):
            # the article-less variant the matcher also finds ("حوله" for "الحولة")
            found_as.append((key[2:], [s[2:] if s.startswith("ال") else s for s in spellings[key]], (key[2:],)))
        for form, written, matched in found_as:
            reading = common_word_reading(written, matched=matched)
            if reading is None:
                continue
            frequency, word = reading
            places = [p for k in {key, form} for p in bearers.get(k, ())]
            parents = [gazetteer.get(p.parent) for p in places if p.parent and p.level == "district"]
            weak[form] = CommonWord(
                f"«{word}» is a common word (word frequency {frequency:.1f})",
                near=frozenset().union(*map(around, places)), levels=frozenset(p.level for p in places),
                # the city a quarter is in ("الميدان في حلب")
                cities=frozenset(p.id for p in parents if p is not None and p.level == "city"),
                strict=frequency >= VERY_COMMON_NAME)
    return weak


class Pipeline:
    """Turns documents into processed documents; build once, reuse for a whole corpus."""

    def __init__(self, gazetteer: Gazetteer | None = None, online: OnlineGeocoder | None = None) -> None:
        """``online``: an optional fallback for names the gazetteer lacks (off unless given).

        The finder and the resolver are built on first use (``prepare``): a run over an unchanged
        corpus needs only ``knowledge``, and building them was a third of such a run (0.4 s of 1.1 s
        on SaudiNewsNet)."""
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.online = online
        self.knowledge = gazetteer_fingerprint(self.gazetteer)

    @cached_property
    def finder(self) -> PlaceFinder:
        return PlaceFinder(((name, place.id) for name, place in self.gazetteer.names()),
                           weak_names=minor_names(self.gazetteer))

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(self.gazetteer)

    def prepare(self) -> Pipeline:
        """Build the finder and the resolver now (before forking workers, so that they share them)."""
        _ = self.finder, self.resolver
        return self

    def process(self, doc: Document) -> ProcessedDocument:
        clean = clean_text(doc.text)
        doc.display_text = clean
        passages = split_passages(clean)
        date, date_source = document_date(doc.text, metadata_date=doc.date, url=doc.url)
        doc.date, doc.date_source = date, date_source
        dates = [DateMention(d.start, d.end, doc.text[d.start:d.end], d.value, d.part, d.kind, d.why)
                 for d in find_dates(clean, date)]
        tokens, findings = self.finder.find(clean)
        contexts = [MentionContext(f.keys, f.first_token, f.trigger_levels, surface=f.text,
                                   next_word=tokens[f.last_token + 1].norm if f.last_token + 1 < len(tokens) else "")
                    for f in findings]
        resolutions = self.resolver.resolve_document(contexts, flags=flag_countries(clean))
        actors = [r.place is not None and can_be_actor(r.place) for r in resolutions]
        senses = assign_senses(clean, tokens, findings, actors)
        places = []
        # Each mention looks only at the dates that start in its passage, found by bisection, in text order.
        by_start = sorted(range(len(dates)), key=lambda k: dates[k].start)
        date_starts = [dates[k].start for k in by_start]
        for f, r, (sense, sense_why) in zip(findings, resolutions, senses):
            passage = passage_at(passages, f.start)
            p_start, p_end = (passage.start, passage.end) if passage else (f.start, f.end)
            in_passage = [dates[k] for k in sorted(by_start[bisect_left(date_starts, p_start):
                                                             bisect_left(date_starts, p_end)])]
            when, when_source = governing_date(in_passage, p_start, p_end, f.start, date, date_source, text=clean)
            place = r.place
            evidence = "; ".join(f.evidence)
            mention = PlaceMention(
                start=f.start, end=f.end, text=doc.text[f.start:f.end],
                place_id=place.id if place else None, name=place.name if place else None,
                name_ar=place.name_ar if place else f.text, lat=place.lat if place else None,
                lon=place.lon if place else None, level=place.level if place else (f.trigger_levels or (None,))[0],
                sense=sense, confidence=round(f.confidence * (r.confidence if place else 1.0), 3),
                why=f"{r.why}" + (f"; {evidence}" if evidence else ""), sense_why=sense_why,
                passage_start=p_start, passage_end=p_end, date=when, date_source=when_source,
                governorate=place.governorate if place else None, district=place.district if place else None,
            )
            if place is None and self.online is not None:
                self._geocode_online(mention)
            places.append(mention)
        # Sites the gazetteer lacks take their host's coordinates; unknown compounds stay whole.
        return ProcessedDocument(doc, passages, place_sites(places, doc.text), dates, tokens)

    def _geocode_online(self, mention: PlaceMention) -> None:
        """Ask the optional online geocoder about a name the gazetteer lacks (cached; silent offline)."""
        found = self.online.geocode(mention.text) if self.online else None
        if found is not None:
            mention.lat, mention.lon = found.lat, found.lon
            mention.name = found.display_name
            mention.why += f"; coordinates from {found.provider} (online)"

    def run(self, paths: Iterable[str]) -> Iterator[ProcessedDocument | Failure]:
        """Process every document under ``paths``; unreadable ones yield a Failure and the rest go on."""
        for item in read_documents(paths):
            if isinstance(item, ReadError):
                yield Failure(item.path, item.reason)
                continue
            yield self.try_process(item)

    def try_process(self, doc: Document) -> ProcessedDocument | Failure:
        """``process``, with a failure named by file and document instead of an exception, so that
        one bad article (a metadata date that is not a date, or a bug it triggers) never stops a corpus."""
        where = doc.path if doc.path.endswith(doc.doc_id) else f"{doc.path} ({doc.doc_id})" if doc.path else doc.doc_id
        try:
            return self.process(doc)
        except ValueError as exc:
            return Failure(where, str(exc))
        except Exception as exc:  # noqa: BLE001 - reported with its type, the corpus goes on
            return Failure(where, f"could not be processed ({type(exc).__name__}: {exc})")
