"""Find gazetteer places by name for a user moving a mention: Arabic (folded) or English, nearest first.

A user correcting "حمص" that should have been the Homs governorate, or a village the resolver put
in the wrong country, types part of a name in either script. Arabic is compared folded (hamza
forms, taa marbuta, diacritics), as the place finder reads names, and English without case. The
places near the mention's current place come first: the right one is usually a namesake nearby.
"""

from __future__ import annotations

import math
from functools import lru_cache

from extraction.normalise import fold
from geo.gazetteer import Gazetteer, Place

_EXACT, _PREFIX, _INSIDE = 0, 1, 2


@lru_cache(maxsize=4)
def _names(gazetteer: Gazetteer) -> tuple[tuple[Place, str, tuple[str, ...]], ...]:
    """Every place with its English name lower-cased and its Arabic names folded, once per gazetteer."""
    return tuple((p, p.name.lower(), tuple({fold(n) for n in p.names_ar})) for p in gazetteer)


def _match(query_ar: str, query_en: str, english: str, arabic: tuple[str, ...]) -> int | None:
    """How well a place's names match: exactly, by a prefix, or inside a name; None if not at all."""
    best = None
    for name, query in ((english, query_en), *((n, query_ar) for n in arabic)):
        if not query or query not in name:
            continue
        rank = _EXACT if name == query else _PREFIX if name.startswith(query) else _INSIDE
        best = rank if best is None else min(best, rank)
    return best


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def search_places(gazetteer: Gazetteer, query: str, near: tuple[float, float] | None = None,
                  limit: int = 20) -> list[Place]:
    """Places whose Arabic or English name contains ``query``: whole-name matches, then those the query
    starts, then the others; within each, nearest to ``near`` first (when given), then bigger places."""
    query = " ".join(query.split())
    if not query:
        return []
    query_ar, query_en = fold(query), query.lower()
    found = []
    for place, english, arabic in _names(gazetteer):
        rank = _match(query_ar, query_en, english, arabic)
        if rank is None:
            continue
        far = distance_km(near[0], near[1], place.lat, place.lon) if near is not None else 0.0
        found.append((rank, far, -(place.population or 0), place.id, place))
    found.sort(key=lambda f: f[:4])
    return [f[-1] for f in found[:limit]]
