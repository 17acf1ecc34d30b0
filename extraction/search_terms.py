"""Full-text search terms: one pure function of the text for the index and for the query.

The news writes a word many ways: with hamza seats or not, with diacritics and tatweel, with
Arabic-Indic digits, and with the proclitics و ف ب ل ك and the article ال glued on (وبحمص،
لحمص، بالغوطة، للغوطة). The index holds, for every word of a passage, a *stem*: the word folded
as extraction folds it (``extraction.normalise``) with those proclitics peeled off in grammar
order (conjunction, preposition, article; لل read as ل + ال). One stem per word keeps word
positions, so quoted phrases still line up.

Peeling is greedy and so sometimes wrong (لبنان → بنان), but it is the *same* function at
index and query time, and a query word is expanded to the stems of every clitic form of it
(حمص → the stems of وحمص، بحمص، الحمص، للحمص ...): whatever clitics the text glued on, its
stem is among them. The store turns a ``SearchQuery`` into its own engine's syntax (FTS5 for
SQLite), so no user input ever reaches that syntax: quotes, ``*``, ``NEAR``, ``AND`` and
parentheses are words or separators here, never operators.

A Latin word run that names a gazetteer place (``Homs``, ``Deir ez-Zor``) searches for that
place's mentions instead; the caller passes the gazetteer's names (``latin_key`` → place ids).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import TYPE_CHECKING

from extraction.lexicon import CONJUNCTIONS, PREPOSITION_CLITICS
from extraction.tokens import NORM, Token, tokenize

if TYPE_CHECKING:
    from geo.gazetteer import Place

MIN_STEM = 3  # a clitic is peeled only when this many letters remain: بحر stays بحر, not حر
MAX_TERMS = 12  # words or phrases in one query; the rest are reported, not searched
MAX_VARIANTS = 32  # stem combinations tried for one phrase
_ARTICLE = "ال"
_QUOTES = '"«»“”„'
# Search-engine operators typed in capitals: every term must match anyway, so they are left out (and said so).
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’]*(?:[\s\-–]+[A-Za-z][A-Za-z0-9'’]*)*")


def stem(norm: str) -> str:
    """The index form of one folded word: lower case, and و/ف, then ب/ل/ك, then ال peeled off while
    at least ``MIN_STEM`` letters remain (لل + word reads as ل + ال + word, the alef elided)."""
    return _STEMS[norm]


class _Stems(dict[str, str]):
    """``stem`` of each folded word met, remembered (at most ``MAX_STEMS``): the store looks up every
    word of every passage, and a dict lookup mapped at C speed costs half an ``lru_cache`` call."""

    def __missing__(self, norm: str) -> str:
        if len(self) >= MAX_STEMS:
            self.clear()
        self[norm] = found = _peel(norm)
        return found


MAX_STEMS = 200_000
_STEMS = _Stems()


def _peel(norm: str) -> str:
    """``stem`` worked out."""
    word = norm.lower()
    if len(word) > MIN_STEM and word[0] in CONJUNCTIONS:
        word = word[1:]
    if len(word) > MIN_STEM and word[0] in PREPOSITION_CLITICS:
        word = ("ا" + word[1:]) if word.startswith("لل") else word[1:]
    if len(word) >= MIN_STEM + len(_ARTICLE) and word.startswith(_ARTICLE):
        word = word[len(_ARTICLE):]
    return word


def index_terms(text: str) -> str:
    """The stems of a passage's words in order, space separated: what the index stores for it."""
    return " ".join(map(_STEMS.__getitem__, map(NORM, tokenize(text))))


def passage_terms(text: str, bounds: Iterable[tuple[int, int]], tokens: list[Token] | None = None) -> list[str]:
    """``index_terms(text[start:end])`` for each passage's bounds, the text tokenized once (or
    ``tokens``, ``tokenize(text)`` already made): a store writes every passage of every document, and
    tokenizing each passage again cost as much as writing it. A passage whose bound cuts a word is
    tokenized on its own, as the slice reads."""
    if tokens is None:
        tokens = tokenize(text)
    starts = [tok.start for tok in tokens]
    stems = list(map(_STEMS.__getitem__, map(NORM, tokens)))
    terms = []
    for start, end in bounds:
        first, stop = bisect_left(starts, start), bisect_left(starts, end)
        if (first and tokens[first - 1].end > start) or (stop and tokens[stop - 1].end > end):
            terms.append(index_terms(text[start:end]))
        else:
            terms.append(" ".join(stems[first:stop]))
    return terms


@lru_cache(maxsize=4096)
def query_stems(norm: str) -> tuple[str, ...]:
    """The stems a folded query word may be indexed as: its own and those of every form the text may
    give it with proclitics (و/ف, then ب/ل/ك, then ال), sorted."""
    if not _ARABIC_LETTER.match(norm):  # Latin words and numbers take no Arabic clitics
        return (stem(norm),)
    bases = [norm] if norm.startswith(_ARTICLE) else [norm, _ARTICLE + norm]
    forms = set()
    for base, conj, prep in product(bases, ("", *CONJUNCTIONS), ("", *PREPOSITION_CLITICS)):
        joined = "ل" + base[1:] if prep == "ل" and base.startswith(_ARTICLE) else prep + base  # ل + الغوطة = للغوطة
        forms.add(conj + joined)
    return tuple(sorted({stem(form) for form in forms}))


def latin_key(name: str) -> str:
    """A Latin place name compared loosely: lower case, words only (``Deir ez-Zor`` = ``deir ez zor``),
    a qualifier in parentheses and a leading article (al-, el-) left out."""
    name = re.sub(r"\([^)]*\)", " ", name)
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", name)]
    if len(words) > 1 and words[0] in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an"):
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Phrase:
    """Words that must stand in this order; each word as the stems it may be indexed as."""

    text: str
    words: tuple[tuple[str, ...], ...]

    def variants(self) -> list[tuple[str, ...]]:
        """The stem sequences the index may hold for the phrase (at most ``MAX_VARIANTS``)."""
        out = []
        for combo in product(*self.words):
            out.append(combo)
            if len(out) == MAX_VARIANTS:
                break
        return out


@dataclass(frozen=True)
class PlaceTerm:
    """A Latin place name: passages holding a mention of any of these places."""

    text: str
    place_ids: tuple[str, ...]
    highlight: tuple[Phrase, ...] = ()  # the places' Arabic names, to mark them in a passage


@dataclass(frozen=True)
class SearchQuery:
    """A parsed search: every phrase and every place term must hold in a passage (AND).

    ``notes`` says what was left out of the search and why (an unmatched quote, too many terms),
    for the page to report; nothing a user types raises."""

    text: str
    phrases: tuple[Phrase, ...] = ()
    places: tuple[PlaceTerm, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing searchable was typed (only punctuation or operators' symbols)."""
        return not self.phrases and not self.places


def _phrase(text: str) -> Phrase | None:
    """The phrase of a piece of typed text (its words as tokens, folded), or None if it has no word."""
    words = tuple(query_stems(tok.norm.lower()) for tok in tokenize(text))
    return Phrase(" ".join(text.split()), words) if words else None


def _words(text: str) -> list[Phrase]:
    """Each word of unquoted text as a phrase of its own."""
    return [p for tok in tokenize(text) if (p := _phrase(text[tok.start:tok.end]))]


def _split_quotes(text: str) -> tuple[list[tuple[str, bool]], list[str]]:
    """(piece, quoted) pieces of the typed text; an unmatched quote is ignored and noted."""
    for q in _QUOTES[1:]:
        text = text.replace(q, '"')
    pieces = text.split('"')
    notes = []
    if len(pieces) % 2 == 0:  # an odd number of quotes: the last one opens nothing
        notes.append("unmatched_quote")
        pieces[-2:] = [pieces[-2] + " " + pieces[-1]]
    return [(piece, i % 2 == 1) for i, piece in enumerate(pieces) if piece.strip()], notes


def parse_query(text: str, latin_places: Callable[[str], Iterable[str]] = lambda key: (),
                arabic_names: Callable[[str], Iterable[str]] = lambda place_id: ()) -> SearchQuery:
    """Parse what a user typed: words and "quoted phrases" (all must match), Latin place names.

    ``latin_places(latin_key(name))`` gives the ids of the places with that English name (none
    when it is no place: the words are then searched as written); ``arabic_names(place_id)`` their
    Arabic names, used only to highlight them.
    """
    pieces, notes = _split_quotes(text or "")
    phrases: list[Phrase] = []
    places: list[PlaceTerm] = []

    def add_place(name: str) -> bool:
        ids = tuple(sorted(set(latin_places(latin_key(name))))) if latin_key(name) else ()
        if not ids:
            return False
        marks = (_phrase(n) for place_id in ids for n in arabic_names(place_id))
        places.append(PlaceTerm(" ".join(name.split()), ids, tuple(dict.fromkeys(m for m in marks if m))))
        return True

    for piece, quoted in pieces:
        if quoted:
            if not (_LATIN_RUN.fullmatch(piece.strip()) and add_place(piece)):
                found = _phrase(piece)
                if found:
                    phrases.append(found)
            continue
        cursor = 0
        for run in _LATIN_RUN.finditer(piece):
            phrases.extend(_words(piece[cursor:run.start()]))
            words = list(_LATIN_WORD.finditer(run.group()))
            if any(w.group() in _OPERATORS for w in words):
                notes.append("operators_ignored")
                words = [w for w in words if w.group() not in _OPERATORS]
            i = 0
            while i < len(words):  # the longest run of words from here that names a place
                for j in range(len(words), i, -1):
                    if add_place(run.group()[words[i].start():words[j - 1].end()]):
                        i = j
                        break
                else:
                    phrases.extend(p for p in [_phrase(words[i].group())] if p)
                    i += 1
            cursor = run.end()
        phrases.extend(_words(piece[cursor:]))
    notes = list(dict.fromkeys(notes))
    terms = list(dict.fromkeys(phrases))
    if len(terms) + len(places) > MAX_TERMS:
        notes.append("too_many_terms")
        terms = terms[:max(0, MAX_TERMS - len(places))]
        places = places[:MAX_TERMS]
    return SearchQuery(" ".join((text or "").split()), tuple(terms), tuple(places), tuple(notes))


def hit_spans(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    """``[start, end)`` of the words of ``text`` that the query's phrases (and its places' Arabic
    names) match, as the index would match them: for highlighting a passage."""
    tokens = tokenize(text)
    stems = [stem(tok.norm) for tok in tokens]
    phrases = [*query.phrases, *(p for place in query.places for p in place.highlight)]
    spans = set()
    for phrase in phrases:
        n = len(phrase.words)
        for i in range(len(tokens) - n + 1):
            if all(stems[i + k] in phrase.words[k] for k in range(n)):
                spans.add((tokens[i].start, tokens[i + n - 1].end))
    return sorted(spans)


@dataclass(frozen=True)
class PlaceNames:
    """The gazetteer's names a query needs: place ids by ``latin_key`` of the English name, and each
    place's Arabic names (to highlight them). Built once from the places; parses queries."""

    ids: dict[str, tuple[str, ...]]
    arabic: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, places: Iterable[Place]) -> PlaceNames:
        """From the gazetteer's places."""
        ids: dict[str, list[str]] = {}
        arabic: dict[str, tuple[str, ...]] = {}
        for place in places:
            key = latin_key(place.name)
            if key:
                ids.setdefault(key, []).append(place.id)
            arabic[place.id] = tuple(place.names_ar)
        return cls({k: tuple(v) for k, v in ids.items()}, arabic)

    def parse(self, text: str) -> SearchQuery:
        """``parse_query`` with these names."""
        return parse_query(text, lambda key: self.ids.get(key, ()), lambda place_id: self.arabic.get(place_id, ()))
