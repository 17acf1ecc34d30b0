"""Sites the gazetteer lacks, placed at the place named beside them.

A hospital, school, embassy, dam, cemetery, stadium or square ("مستشفى الرازي في حلب", "سفارة فرنسا
في عمّان") is found by its head word but is in no gazetteer. Rather than leave it off the map, it takes
the coordinates of its host: the place named in the same sentence (the nearest after it, else the
nearest before it; a settlement before a country), else the document's focus city when the text
names a single settlement. It keeps level ``poi``, gets a lower confidence than its host, an id of
its own (``site:HOST:NAME``, so the same site in several articles is one marker), and a reason that
says where the coordinates came from.

Before that, ``keep_compounds_whole`` keeps an unknown compound name after a settlement cue whole
("قرية البصرة الجديدة"), rather than resolving its first word as another place.

``place_sites`` works on the pipeline's resolved mentions, after resolution:
``places = place_sites(places, clean)`` in ``Pipeline.process``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from extraction.document import PlaceMention

SETTLEMENTS = ("city", "town", "village", "district", "admin2", "admin1")
HOSTS = SETTLEMENTS + ("region", "country")
# A settlement in the same sentence is a surer host than the whole document's focus.
HOST_FACTOR, FOCUS_FACTOR = 0.8, 0.6
_SENTENCE_END = re.compile(r"[.!?؟۔\n]")
# Heads of a state's missions: "سفارة فرنسا" is a building in the host city, not France.
_MISSION = re.compile(r"(?<!\w)[وف]?[بل]?(?P<head>(?:ال|ل)?(?:سفار|قنصلي|ممثلي)[ةه])\s+$")


def _sentence(ends: Sequence[int], size: int, at: int) -> tuple[int, int]:
    """The sentence around ``at``, from the ends of every sentence (``_sentence_ends``) by bisection:
    a long text has many sites, and scanning it from the start for each one was quadratic."""
    i = bisect_right(ends, at)
    k = bisect_left(ends, at + 1)
    return (ends[i - 1] if i else 0), (ends[k] - 1 if k < len(ends) else size)


def _sentence_ends(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def _is_site(m: PlaceMention) -> bool:
    return m.level == "poi" and m.lat is None


# Streets and squares named after a state: "شارع الأردن" is a street, "ميدان مصر" a square.
_STREET = re.compile(r"(?<!\w)[وف]?[بل]?(?P<head>(?:ال)?(?:شارع|جادة|جاده|ميدان|ساحة|ساحه|دوار|طريق))\s+#?$")


def _country_as_site(m: PlaceMention, text: str, head_rx: re.Pattern[str], reach: int, sense_why: str,
                     **changes: object) -> PlaceMention | None:
    """A country named right after a site's head word (within ``reach`` characters before it), as
    that site: head and name together, unplaced until a host is found."""
    head = head_rx.search(text, max(0, m.start - reach), m.start) if m.level == "country" else None
    if head is None:
        return None
    start = head.start("head")
    return replace(m, start=start, text=text[start:m.end], place_id=None, name=None, lat=None, lon=None,
                   name_ar=text[start:m.end], level="poi", sense="literal", sense_why=sense_why,
                   governorate=None, district=None, **changes)


def _as_street(m: PlaceMention, text: str) -> PlaceMention | None:
    """"شارع الأردن": a country named after a street's head, as the street."""
    return _country_as_site(m, text, _STREET, 12, "a street is a place", confidence=0.45,
                            why=f"not in the gazetteer; a street named after «{m.text}»")


def _as_mission(m: PlaceMention, text: str) -> PlaceMention | None:
    """"سفارة فرنسا": a country named after a mission's head, as the site."""
    return _country_as_site(m, text, _MISSION, 16, "a state's mission is a building",
                            why=f"the mission of «{m.text}» ({m.name})")


def _focus(mentions: Sequence[PlaceMention]) -> PlaceMention | None:
    """The one settlement a document is about: every literal settlement mention names it."""
    settled = [m for m in mentions if m.lat is not None and m.level in SETTLEMENTS and m.sense == "literal"
               and m.level != "poi"]
    places = Counter(m.place_id for m in settled)
    if len(places) != 1:
        return None
    return next(m for m in settled if m.place_id in places)


def _host(m: PlaceMention, by_start: Sequence[PlaceMention], starts: Sequence[int], sentence: tuple[int, int],
          but: PlaceMention) -> PlaceMention | None:
    """The nearest literal place in the site's sentence: a settlement after it, else before it, else
    any host level the same way. ``by_start`` are the document's mentions sorted by ``starts``."""
    lo, hi = sentence
    near = [h for h in by_start[bisect_left(starts, lo):bisect_right(starts, hi)]
            if h is not but and h.lat is not None and h.level in HOSTS and h.sense == "literal"
            and h.end <= hi and (h.end <= m.start or h.start >= m.end)]
    for levels in (SETTLEMENTS, HOSTS):
        pool = [h for h in near if h.level in levels]
        after = [h for h in pool if h.start >= m.end]
        before = [h for h in pool if h.end <= m.start]
        if after:
            return min(after, key=lambda h: h.start)
        if before:
            return max(before, key=lambda h: h.end)
    return None


# A settlement cue, and the levels a name after it cannot have: "قرية البصرة الجديدة" is a village
# whose name begins like Basra; Basra itself is no village.
_SETTLEMENT_CUES = {"قرية": ("village", {"country", "admin1", "region", "city"}),
                    "مزرعة": ("village", {"country", "admin1", "region", "city"}),
                    "حي": ("district", {"country", "admin1", "region", "city"}),
                    "بلدة": ("town", {"country", "admin1", "region"})}
_CUE_BEFORE = re.compile(r"(?<!\w)[وف]?[بل]?(?P<cue>قري[ةه]|مزرع[ةه]|حي|بلد[ةه])\s+$")
_NEXT_WORD = re.compile(r" (?P<w>[\u0621-\u064A]{3,})(?!\w)")
_NOT_CONTINUING = frozenset("في من إلى الى على عن منذ حتى قرب بين نحو التي الذي الذين وهي وهو حيث".split())


def keep_compounds_whole(mentions: Sequence[PlaceMention], text: str) -> list[PlaceMention]:
    """An unknown compound name after a settlement cue stays one unplaced name: its first word is
    not resolved as another place when that place cannot be what the cue says ("قرية البصرة
    الجديدة" is no city of Basra)."""
    out = []
    starts = {o.start for o in mentions}
    for m in mentions:
        cue = _CUE_BEFORE.search(text, max(0, m.start - 12), m.start)
        nxt = _NEXT_WORD.match(text, m.end)
        if cue is None or nxt is None or m.place_id is None:
            out.append(m)
            continue
        level, impossible = _SETTLEMENT_CUES[cue.group("cue").replace("ه", "ة") if cue.group("cue") != "حي"
                                             else "حي"]
        word = nxt.group("w")
        if m.level not in impossible or word in _NOT_CONTINUING or word.startswith(("و", "ف")) \
                or nxt.start("w") in starts:
            out.append(m)
            continue
        end = nxt.end("w")
        out.append(replace(m, end=end, text=text[m.start:end], place_id=None, name=None, name_ar=text[m.start:end],
                           lat=None, lon=None, level=level, confidence=0.45, governorate=None, district=None,
                           sense="literal", sense_why="a place, not a state or capital",
                           why=f"not in the gazetteer; unknown name after «{cue.group('cue')}» kept whole "
                               f"(«{m.text}» alone is {m.name}, a {m.level}, not a {level})"))
    return out


def place_sites(mentions: Sequence[PlaceMention], text: str) -> list[PlaceMention]:
    """The mentions, with every unplaced site given its host's coordinates (see the module doc).
    ``text`` is the text the offsets index (the pipeline's cleaned copy). A country after a mission's
    head ("سفارة فرنسا") becomes the site when a host is named; else it stays the country."""
    mentions = [_as_street(m, text) or m for m in keep_compounds_whole(mentions, text)]
    focus = _focus(mentions)
    by_start = sorted(mentions, key=lambda h: h.start)
    starts = [h.start for h in by_start]
    ends = _sentence_ends(text)
    placed = []
    for m in mentions:
        site = _as_mission(m, text) or (m if _is_site(m) else None)
        host = (_host(site, by_start, starts, _sentence(ends, len(text), site.start), but=m)
                if site is not None else None)
        factor, how = HOST_FACTOR, "named beside it in the same sentence"
        if site is not None and host is None and focus is not None and site is m:
            host, factor, how = focus, FOCUS_FACTOR, "the only settlement the document names"
        if site is None or host is None:
            placed.append(m)
            continue
        key = re.sub(r"\s+", " ", site.name_ar or site.text).strip()
        placed.append(replace(
            site, place_id=f"site:{host.place_id}:{key}", name=f"{key} ({host.name})", lat=host.lat, lon=host.lon,
            confidence=round(min(site.confidence or host.confidence, host.confidence) * factor, 3),
            why=f"a site the gazetteer lacks, placed at «{host.text}» ({host.name}), {how}; {site.why}",
            governorate=host.governorate, district=host.district))
    return placed
