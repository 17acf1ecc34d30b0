"""Shared fixtures: a four-article corpus and five places, written to a store in code.

Like datasette's ``fixtures.py``, the data is code: each article is an Arabic sentence or two
written for the tests, its mentions located by searching the text, so offsets always index
the original text exactly as the pipeline's would.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from extraction.document import DateMention, Document, Passage, PlaceMention, ProcessedDocument
from geo.store import Store

REPO = Path(__file__).resolve().parents[1]

# place_id: (English name, Arabic name, lat, lon, level, governorate P-code as in OCHA's boundaries)
PLACES = {
    "sy_homs": ("Homs", "حمص", 34.73, 36.71, "city", "SY04"),
    "sy_aleppo": ("Aleppo", "حلب", 36.2, 37.16, "city", "SY02"),
    "sy_damascus": ("Damascus", "دمشق", 33.51, 36.29, "city", "SY01"),
    "sy_idlib_gov": ("Idlib Governorate", "إدلب", 35.8, 36.6, "admin1", "SY07"),
}

# (doc_id, title, date, source, url, text, [(surface, place_id, sense, text date or None)], [(surface, value)])
ARTICLES = [
    ("homs_2017.txt", "قصف على حمص", "2017-07-22", "Desk A", "https://example.org/a1",
     "قصفت الطائرات مدينة حمص صباح اليوم. وقال سكان في حلب إن الاشتباكات توقفت.",
     [("حمص", "sy_homs", "literal", None), ("حلب", "sy_aleppo", "literal", None)], []),
    ("damascus_2017-07.txt", "دمشق ترد", "2017-07", "Desk B", "https://example.org/a2",
     "أعلنت دمشق أنها سترد على القصف. وفي 3 آب 2017 عاد الهدوء إلى حمص القديمة.",
     [("دمشق", "sy_damascus", "metonymic", None), ("حمص", "sy_homs", "literal", "2017-08-03")],
     [("3 آب 2017", "2017-08-03")]),
    ("aid_undated.txt", "<b>قافلة</b>", None, "Desk A", None,
     "وصلت قافلة مساعدات إلى <script>alert('x')</script> `${alert(2)}` حمص وإدلب.",
     [("حمص", "sy_homs", "literal", None), ("إدلب", "sy_idlib_gov", "literal", None)], []),
    ("homs_2012.txt", "معارك حمص", "2012", "Desk B", "https://example.org/a4",
     "شهدت حمص معارك عنيفة.",
     [("حمص", "sy_homs", "literal", None)], []),
]


def _passages(text: str) -> list[Passage]:
    """Sentences ending at a full stop, as the reader would show them."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == ".":
            out.append(Passage(start, i + 1))
            start = i + 2
    return out


def make_processed(doc_id: str, title: str | None, date: str | None, source: str | None, url: str | None,
                   text: str, places: list[tuple[str, str, str, str | None]],
                   dates: list[tuple[str, str]]) -> ProcessedDocument:
    """A processed document whose mentions are found by searching the text, left to right."""
    passages = _passages(text)
    found: list[PlaceMention] = []
    cursor = 0
    for surface, place_id, sense, text_date in places:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        passage = next(p for p in passages if p.start <= start < p.end)
        name, name_ar, lat, lon, level, governorate = PLACES[place_id]
        found.append(PlaceMention(
            start=start, end=cursor, text=surface, place_id=place_id, name=name, name_ar=name_ar, lat=lat, lon=lon,
            level=level, sense=sense, confidence=0.9, why="test gazetteer", passage_start=passage.start,
            passage_end=passage.end, date=text_date or date,
            date_source="text" if text_date else ("metadata" if date else "none"), governorate=governorate))
    date_mentions = [DateMention(text.index(s), text.index(s) + len(s), s, v) for s, v in dates]
    doc = Document(doc_id=doc_id, text=text, path=f"/corpus/{doc_id}", title=title, date=date,
                   date_source="metadata" if date else "none", source=source, url=url)
    return ProcessedDocument(doc, passages, found, date_mentions)


def write_fixture_store(path: str | Path) -> None:
    """Write the test corpus to a store file, as the pipeline would."""
    store = Store(path)
    try:
        for article in ARTICLES:
            store.write(make_processed(*article), content_hash=f"hash-{article[0]}")
    finally:
        store.close()


BACKENDS = ["sqlite", "postgresql"]


def postgres_url() -> str:
    """The tests' PostgreSQL server ($MAKAN_TEST_PG, set by ``make test`` from scripts/test_postgres.sh);
    skips without one, but fails in CI, where it must be there."""
    url = os.environ.get("MAKAN_TEST_PG", "")
    require(bool(url), "MAKAN_TEST_PG is not set (scripts/test_postgres.sh starts a server and prints it)")
    return url


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """A URL of the test server whose tables go in a schema of their own, dropped after the test."""
    import psycopg

    url = postgres_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as exc:
        require(False, f"no PostgreSQL at MAKAN_TEST_PG: {exc}")
    admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options={quote(f'-c search_path={schema},public')}"
    admin.execute(f"DROP SCHEMA {schema} CASCADE")
    admin.close()


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """An empty store's name on each backend: a SQLite file, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return tmp_path / "makan.sqlite"
    return request.getfixturevalue("fresh_postgres")


@pytest.fixture
def store(store_target: str | Path) -> Iterator[Store]:
    """A store holding the four-article corpus, on each backend."""
    write_fixture_store(store_target)
    opened = Store(store_target)
    yield opened
    opened.close()


@pytest.fixture
def corpus_db(store_target: str | Path) -> str | Path:
    """The name (a file's path or a URL) of a store holding the four-article corpus, on each backend."""
    write_fixture_store(store_target)
    return store_target


def shared_dir() -> Path:
    """The team's read-only material: $MAKAN_SHARED, else ../shared beside the repository."""
    env = os.environ.get("MAKAN_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def require(condition: bool, why: str) -> None:
    """Skip when a resource is missing locally, but fail in CI, where it must be there."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {why}")
    pytest.skip(why)


@pytest.fixture
def shared() -> Path:
    """The shared folder (seeds, gold, reference); fails under CI=true when missing."""
    path = shared_dir()
    require(path.is_dir(), f"{path} is missing")
    return path
