"""The store: the only module in Makan that speaks SQL (through ``geo.dialect``'s two backends).

A store is a SQLite file (the embedded default) or a PostgreSQL database named by a
``postgresql://`` URL (a hosted instance: several dashboard processes and the ingest share it);
the schema and every read and write behave the same on both. Like datasette's ``Database``, one
class owns the store. The pipeline writes processed
documents in batches, one transaction per batch (each document's rows replaced at once, so a
failure mid-way leaves the previous version intact, and a reader sees the batches already
stored while a long run goes on); the dashboard reads pandas DataFrames through ``Filters``.

A user's correction of a document's date lives in its own table and is applied when reading,
so reprocessing the document never loses it and removing it restores what extraction found.
Mentions dated by the text itself keep their own date: the correction only replaces dates that
were inherited from the document (metadata, URL or none).

Every write a person makes (a date correction here; place corrections, uploads and reprocessing
through ``record``) adds a row to the ``audit`` table naming who and when, in the same transaction
as the write itself, so the log never misses a change that was stored.

Corrections of places are kept the same way, apart from what extraction wrote, in an append-only
history (``place_corrections``): every read goes through ``_CORRECTED``, which gives each mention
the place and sense of its latest live correction at the most specific scope (this mention, then
this surface form in its document, then in the whole corpus). A correction copies the place's
names and point when it is made, so a gazetteer rebuild that drops the place cannot lose it.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from extraction.document import ProcessedDocument
from extraction.search_terms import SearchQuery, index_terms, passage_terms
from geo import dialect
from geo.corrections import PlaceCorrection
from geo.dialect import BackendError, Connection, connect, is_url, redacted

if TYPE_CHECKING:  # imported where a frame is made: a CLI run, which makes none, never loads pandas
    import pandas as pd

SCHEMA_VERSION = 5  # 2: documents.display_text; 3: missing_since; 4: passage_terms filled; 5: place_corrections
# (a table added later, as date_corrections and store_changes were, is created on open: no step needed)
_MAX_PARAMS = 900  # doc_ids per IN (...) query, under SQLite's oldest limit of 999 parameters

# Place corrections, append-only: a correction is never updated but to mark it undone. Its id orders
# them: of two editors' corrections of one target, the later recorded wins and both stay listed.
# A mention is targeted by its offsets (they do not move when a re-run finds another mention before
# it, as its index would); a document or the corpus by the mention's text, the surface form.
_PLACE_CORRECTIONS = ("""
CREATE TABLE IF NOT EXISTS place_corrections (
    id INTEGER PRIMARY KEY, scope TEXT NOT NULL CHECK (scope IN ('mention', 'document', 'corpus')),
    doc_id TEXT, start INTEGER, "end" INTEGER, surface TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('move', 'not_place', 'sense')),
    place_id TEXT, name TEXT, name_ar TEXT, lat REAL, lon REAL, level TEXT, governorate TEXT, district TEXT,
    sense TEXT, editor TEXT NOT NULL, created_at TEXT NOT NULL, undone_at TEXT, undone_by TEXT);""",
    "CREATE INDEX IF NOT EXISTS place_corrections_live ON place_corrections (undone_at, scope);")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, text TEXT NOT NULL, path TEXT,
    title TEXT, date TEXT, date_source TEXT, source TEXT, url TEXT, author TEXT, metadata TEXT,
    display_text TEXT, missing_since TEXT);
CREATE TABLE IF NOT EXISTS passages (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx));
CREATE TABLE IF NOT EXISTS place_mentions (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, place_id TEXT, name TEXT, name_ar TEXT, lat REAL, lon REAL, level TEXT,
    sense TEXT, confidence REAL, why TEXT, sense_why TEXT, passage_start INTEGER, passage_end INTEGER,
    date TEXT, date_source TEXT, governorate TEXT, district TEXT, PRIMARY KEY (doc_id, idx));
CREATE INDEX IF NOT EXISTS place_mentions_place ON place_mentions (place_id);
CREATE TABLE IF NOT EXISTS date_mentions (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, value TEXT NOT NULL, part TEXT, kind TEXT, PRIMARY KEY (doc_id, idx));
CREATE TABLE IF NOT EXISTS date_overrides (doc_id TEXT PRIMARY KEY, date TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS date_corrections (
    seq INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, date TEXT, editor TEXT, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS date_corrections_doc ON date_corrections (doc_id, seq);
CREATE TABLE IF NOT EXISTS store_changes (id INTEGER NOT NULL UNIQUE, counter INTEGER NOT NULL);
-- Full-text search: each passage's words as stems (extraction.search_terms), one row per passage,
-- written with the passages and deleted with them; each backend indexes it its own way (below).
CREATE TABLE IF NOT EXISTS passage_terms (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, start INTEGER NOT NULL, terms TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS passage_terms_doc ON passage_terms (doc_id, start);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT,
    detail TEXT);
CREATE TABLE IF NOT EXISTS corpus_files (
    path TEXT PRIMARY KEY, signature TEXT NOT NULL, knowledge TEXT NOT NULL, documents INTEGER NOT NULL,
    empty INTEGER NOT NULL);
""" + "\n".join(_PLACE_CORRECTIONS)
AUDIT_COLUMNS = ["at", "actor", "action", "target", "detail"]

# The mentions as corrected: the latest live correction of each target, by kind (a move or "not a
# place" sets the place, a sense correction the sense, so one never undoes the other), and for each
# mention the most specific target that has one. Mentions that a user said are no place are left out
# of every read. Used in place of ``place_mentions`` only while some correction is live.
_CORRECTED = """(
WITH latest AS (
    SELECT scope, doc_id, start, "end", surface, MAX(CASE WHEN action != 'sense' THEN id END) AS place_fix,
           MAX(CASE WHEN action = 'sense' THEN id END) AS sense_fix
    FROM place_corrections WHERE undone_at IS NULL GROUP BY scope, doc_id, start, "end", surface)
SELECT m.doc_id, m.idx, m.start, m."end", m.text,
       CASE WHEN p.id IS NULL THEN m.place_id ELSE p.place_id END AS place_id,
       CASE WHEN p.id IS NULL THEN m.name ELSE p.name END AS name,
       CASE WHEN p.id IS NULL THEN m.name_ar ELSE p.name_ar END AS name_ar,
       CASE WHEN p.id IS NULL THEN m.lat ELSE p.lat END AS lat,
       CASE WHEN p.id IS NULL THEN m.lon ELSE p.lon END AS lon,
       CASE WHEN p.id IS NULL THEN m.level ELSE p.level END AS level,
       COALESCE(s.sense, m.sense) AS sense, m.confidence,
       CASE WHEN p.id IS NULL THEN m.why ELSE 'corrected by ' || p.editor || ' at ' || p.created_at END AS why,
       CASE WHEN s.id IS NULL THEN m.sense_why ELSE 'corrected by ' || s.editor || ' at ' || s.created_at END
           AS sense_why,
       m.passage_start, m.passage_end, m.date, m.date_source,
       CASE WHEN p.id IS NULL THEN m.governorate ELSE p.governorate END AS governorate,
       CASE WHEN p.id IS NULL THEN m.district ELSE p.district END AS district
FROM place_mentions m
LEFT JOIN latest km ON km.scope = 'mention' AND km.doc_id = m.doc_id AND km.start = m.start AND km."end" = m."end"
LEFT JOIN latest kd ON kd.scope = 'document' AND kd.doc_id = m.doc_id AND kd.surface = m.text
LEFT JOIN latest kc ON kc.scope = 'corpus' AND kc.surface = m.text
LEFT JOIN place_corrections p ON p.id = COALESCE(km.place_fix, kd.place_fix, kc.place_fix)
LEFT JOIN place_corrections s ON s.id = COALESCE(km.sense_fix, kd.sense_fix, kc.sense_fix)
WHERE p.action IS NULL OR p.action <> 'not_place')"""

# While corrections are live, a mention's place is computed, so no index finds a place's mentions.
# A read of some places first narrows the mentions to the documents they can be in, found through
# indexes on what is stored: a mention stored at one of the places, or named as a live corpus-wide
# move to one of them names, or a document where a mention or name was moved to one of them. The
# read's own condition on the corrected place still decides which of their mentions it keeps.
_CANDIDATES = """m.doc_id IN (
    SELECT doc_id FROM place_mentions WHERE place_id IN ({marks})
    UNION SELECT doc_id FROM place_mentions WHERE text IN (
        SELECT surface FROM place_corrections WHERE undone_at IS NULL AND scope = 'corpus' AND action = 'move'
        AND place_id IN ({marks}))
    UNION SELECT doc_id FROM place_corrections WHERE undone_at IS NULL AND scope <> 'corpus' AND action = 'move'
        AND place_id IN ({marks}))"""

# The search index. SQLite: FTS5 over passage_terms as external content, kept in step in the writing
# transaction: new rows are indexed by ``_INDEX_NEW_TERMS`` once a batch is inserted (one statement
# indexes them in half the time a trigger fired per row took: 1.0 s against 2.0 s for 33,619 passages),
# deleted ones by a trigger. PostgreSQL: a GIN index on the stems as a text-search vector ('simple':
# no stemming or stop words of its own, the stems are already what to match).
_SEARCH_INDEX = {
    "sqlite": """
CREATE VIRTUAL TABLE IF NOT EXISTS passage_fts USING fts5(
    terms, content='passage_terms', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
DROP TRIGGER IF EXISTS passage_terms_insert;
CREATE TRIGGER IF NOT EXISTS passage_terms_delete AFTER DELETE ON passage_terms BEGIN
    INSERT INTO passage_fts (passage_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END;
""",
    "postgresql": """
CREATE INDEX IF NOT EXISTS passage_terms_search ON passage_terms USING gin (to_tsvector('simple', terms));
""",
}
# The rows of passage_terms above an id, inserted since it was read, into the index (PostgreSQL's
# index keeps itself up to date). A new row's id is above every id the table holds at its insert.
_INDEX_NEW_TERMS = {
    "sqlite": "INSERT INTO passage_fts (rowid, terms) SELECT id, terms FROM passage_terms WHERE id > ?",
    "postgresql": None,
}

# Effective dates: a user's correction replaces every date not read from the text itself.
_MENTIONS_SQL = """
SELECT m.doc_id, m.idx, m.start, m."end", m.text, m.place_id, m.name, m.name_ar, m.lat, m.lon,
       m.level, m.sense, m.confidence, m.why, m.sense_why, m.passage_start, m.passage_end,
       CASE WHEN o.date IS NOT NULL AND m.date_source != 'text' THEN o.date ELSE m.date END AS date,
       CASE WHEN o.date IS NOT NULL AND m.date_source != 'text' THEN 'user' ELSE m.date_source END
           AS date_source,
       m.governorate, m.district, d.title, d.source, d.url, COALESCE(o.date, d.date) AS doc_date
FROM {mentions} m JOIN documents d USING (doc_id) LEFT JOIN date_overrides o USING (doc_id)
WHERE d.missing_since IS NULL
"""

# The aggregate reads below share this: a mention's effective date (as in _MENTIONS_SQL) and the
# rows every read starts from, documents removed from the corpus left out.
_DATE = "(CASE WHEN o.date IS NOT NULL AND m.date_source != 'text' THEN o.date ELSE m.date END)"
_FROM = """FROM {mentions} m JOIN documents d USING (doc_id) LEFT JOIN date_overrides o USING (doc_id)
WHERE d.missing_since IS NULL"""
# An ISO date at any precision; anything else is undated, as ``date_period`` reads it.
_ISO_DATE = "GLOB '[0-9][0-9][0-9][0-9]*'"
_DATED = f"(COALESCE({_DATE}, '') {_ISO_DATE})"

# What the dashboard's aggregate reads group and sort by, so none of them scans every mention.
_READ_INDEXES = """
CREATE INDEX IF NOT EXISTS place_mentions_place_date ON place_mentions (place_id, date);
CREATE INDEX IF NOT EXISTS place_mentions_date ON place_mentions (date);
CREATE INDEX IF NOT EXISTS place_mentions_governorate ON place_mentions (governorate);
-- a read of one place while corrections are live finds the mentions moved to it by their name
CREATE INDEX IF NOT EXISTS place_mentions_text ON place_mentions (text);
-- a search's matching passages find their mentions directly, not every mention of their documents
CREATE INDEX IF NOT EXISTS place_mentions_passage ON place_mentions (doc_id, passage_start);
-- covering: the join to documents never reads their text (stored before missing_since, in overflow pages)
CREATE INDEX IF NOT EXISTS documents_live ON documents (doc_id, missing_since, source, date);
"""

# With PostGIS in reach (its types on the search path), each mention's point is also a geometry with
# a spatial index, for GIS tools reading the database; Makan's own reads use lat/lon on both backends.
_POSTGIS = """
ALTER TABLE place_mentions ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326) GENERATED ALWAYS AS
    (CASE WHEN lat IS NOT NULL AND lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED;
CREATE INDEX IF NOT EXISTS place_mentions_geom ON place_mentions USING gist (geom);
"""

# A store's schema is what this code creates: a PostgreSQL store set up by this very code is not set up again
_CODE_FINGERPRINT = hashlib.sha1(b"".join(Path(m).read_bytes() for m in (__file__, dialect.__file__))).hexdigest()

PAGE_SIZE = 50  # the reader's passages per page


@dataclass(frozen=True)
class PageKey:
    """Where a page of passages ended: the next page starts strictly after it (keyset paging).

    Passages run newest first (``sort_date`` descending, undated ``""`` last), then by document
    and position, so a key names one passage exactly and the next page costs the same as the first.
    """

    sort_date: str
    doc_id: str
    passage_start: int


class FileRecord(NamedTuple):
    """A corpus file as the last run that read it whole left it: its signature
    (``extraction.signatures``), the pipeline and gazetteer it was processed with, and how many
    documents and empty articles it held. A run finding the same signature and knowledge skips it."""

    signature: str
    knowledge: str
    documents: int
    empty: int


class DocumentRows(NamedTuple):
    """A processed document as the rows the store keeps of it, its content hash aside: plain tuples,
    which a parallel run makes in the worker that processed the document (``document_rows``, search
    stems included) and sends to the one writer, since mention objects cost the writer more to
    unpickle than to store."""

    doc_id: str
    document: tuple[object, ...]  # the documents row after doc_id and content_hash
    passages: list[tuple[object, ...]]
    terms: list[tuple[object, ...]]  # each passage's search stems
    places: list[tuple[object, ...]]
    dates: list[tuple[object, ...]]


def document_rows(processed: ProcessedDocument) -> DocumentRows:
    """The rows of ``processed`` for ``Store.write_rows``."""
    doc = processed.document
    doc_id = doc.doc_id
    cleaned = doc.display_text if doc.display_text and len(doc.display_text) == len(doc.text) else None
    shown = cleaned or doc.text  # what the reader shows is what search finds and marks
    tokens = processed.tokens if cleaned is not None else None  # the finder's words are the display text's
    # Stored only where cleaning changed something (7 of 3,960 SaudiNewsNet articles): every read
    # takes COALESCE(display_text, text), and a second copy of each text was a fifth of the store.
    display = cleaned if cleaned != doc.text else None
    return DocumentRows(
        doc_id,
        (doc.text, doc.path, doc.title, doc.date, doc.date_source, doc.source, doc.url, doc.author,
         json.dumps(doc.metadata, ensure_ascii=False, default=str), display),
        [(doc_id, i, p.start, p.end) for i, p in enumerate(processed.passages)],
        [(doc_id, p.start, terms) for p, terms in
         zip(processed.passages, passage_terms(shown, [(p.start, p.end) for p in processed.passages], tokens))],
        [(doc_id, i, m.start, m.end, m.text, m.place_id, m.name, m.name_ar, m.lat, m.lon, m.level, m.sense,
          m.confidence, m.why, m.sense_why, m.passage_start, m.passage_end, m.date, m.date_source, m.governorate,
          m.district) for i, m in enumerate(processed.places)],
        [(doc_id, i, d.start, d.end, d.text, d.value, d.part, d.kind) for i, d in enumerate(processed.dates)])


class StoreError(Exception):
    """The store file cannot be used; the message names the file and the reason."""


def _now() -> str:
    """When a correction is made or undone: UTC, to the second, ISO 8601."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def data_dir() -> Path:
    """Where Makan keeps its data: $XDG_DATA_HOME/makan, else ~/.local/share/makan."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "makan"


def default_db_path() -> str | Path:
    """The store the CLI and the dashboard share by default: $MAKAN_DB (a path or a URL), else in
    ``data_dir()``."""
    env = os.environ.get("MAKAN_DB")
    if env and is_url(env):
        return env
    return Path(env) if env else data_dir() / "makan.sqlite"


def prepare(target: str | Path) -> str:
    """A store named on a command line made ready to open: a file's folder is created; a URL is kept."""
    if not is_url(target):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    return str(target)


def change_marker(target: str | Path) -> float:
    """A number that changes whenever the store does, for caching its reads: a SQLite file's
    modification time (WAL mode writes the -wal file first), without opening it; a PostgreSQL
    store's ``Store.version()``, the counter every write raises, whichever process wrote."""
    if is_url(target):
        with Store(target) as store:
            return float(store.version())
    # A SQLite file's counter too: two commits within one tick of the file system's clock leave the
    # modification time as it was, and a page read between them would stay cached (an upload's last
    # batch went missing from the map that way). Read-only, without Store's set-up: this runs on every rerun.
    path = Path(target)
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return float(conn.execute("SELECT counter FROM store_changes").fetchone()[0])
    except (sqlite3.Error, TypeError, OSError):  # no file yet, or a store written before the counter
        files = [path, path.with_name(path.name + "-wal")]
        return max((f.stat().st_mtime for f in files if f.exists()), default=0.0)


@dataclass(frozen=True)
class Filters:
    """What the dashboard's selection keeps; ``None`` means no restriction on that field.

    ``start``/``end`` are inclusive days; a reduced-precision date (``2017-07``) is kept when
    its month or year overlaps the range. Undated mentions are kept only if ``include_undated``.
    """

    start: date | None = None
    end: date | None = None
    include_undated: bool = True
    levels: tuple[str, ...] | None = None
    senses: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None
    governorates: tuple[str, ...] | None = None
    place_ids: tuple[str, ...] | None = None
    doc_ids: tuple[str, ...] | None = None
    search: SearchQuery | None = None  # only mentions in the passages that match it


def date_period(value: str | None) -> tuple[date, date, str] | None:
    """``[first day, day after last)`` and precision (day/month/year) of an ISO date, else None.

    A month-only date covers its whole month, so the timeline draws it as a month-wide bar
    instead of pretending it happened on the 1st.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1), "year"
        if len(parts) == 2:
            days = calendar.monthrange(parts[0], parts[1])[1]
            first = date(parts[0], parts[1], 1)
            return first, first + timedelta(days=days), "month"
        if len(parts) == 3:
            day = date(parts[0], parts[1], parts[2])
            return day, day + timedelta(days=1), "day"
    except ValueError:
        return None
    return None


def _read(conn: Connection, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    """A query as a DataFrame whose missing text is None (pandas would make it NaN), as stored."""
    return _none_for_missing(conn.read(sql, params or []))


def _none_for_missing(df: pd.DataFrame) -> pd.DataFrame:
    """Missing text as None, so callers test one thing (pandas reads NULL text as NaN)."""
    import pandas as pd

    for column in df.columns:
        if not pd.api.types.is_numeric_dtype(df[column]):
            df[column] = df[column].astype(object).where(df[column].notna(), None)
    return df


def _with_periods(df: pd.DataFrame) -> pd.DataFrame:
    periods = [date_period(v) for v in df["date"]]
    df["date_start"] = [p[0] if p else None for p in periods]
    df["date_end"] = [p[1] if p else None for p in periods]
    df["precision"] = [p[2] if p else None for p in periods]
    return df


def _dated_within(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows whose date period meets the filters' range (and the undated ones, if included)."""
    import pandas as pd

    dated = df["date_start"].notna()
    keep = dated.copy() if not filters.include_undated else pd.Series(True, index=df.index)
    if filters.start is not None:
        keep &= ~dated | df["date_end"].map(lambda d: d is not None and d > filters.start)
    if filters.end is not None:
        keep &= ~dated | df["date_start"].map(lambda d: d is not None and d <= filters.end)
    return df[keep].reset_index(drop=True)


def _in(column: str, values: Iterable[str] | None, where: list[str], params: list[object]) -> None:
    if values is None:
        return
    values = list(values)
    where.append(f"{column} IN ({','.join('?' * len(values))})" if values else "1 = 0")
    params.extend(values)


def _field_conditions(filters: Filters, search: Callable[[SearchQuery], tuple[str, list[object]]]
                      ) -> tuple[list[str], list[object]]:
    """The conditions of ``filters`` on fields (level, sense, source, governorate, place, document)
    and its search (as ``search`` writes it); dates are left to the caller, which reads them with or
    without their precision."""
    where: list[str] = []
    params: list[object] = []
    _in("m.level", filters.levels, where, params)
    _in("m.sense", filters.senses, where, params)
    _in("d.source", filters.sources, where, params)
    _in("m.governorate", filters.governorates, where, params)
    _in("m.place_id", filters.place_ids, where, params)
    _in("m.doc_id", filters.doc_ids, where, params)
    if filters.search is not None:
        condition, values = search(filters.search)
        where.append(condition)
        params.extend(values)
    return where, params


def _of_place(filters: Filters, place_id: str | None) -> Filters:
    """``filters`` narrowed to one place, or as they are for None (every passage they keep)."""
    return filters if place_id is None else replace(filters, place_ids=(place_id,))


def fts5_match(query: SearchQuery) -> str:
    """The query's phrases as an SQLite FTS5 expression: every stem in double quotes (so nothing typed
    is ever read as FTS5 syntax), a word's or phrase's stem variants joined by OR, the terms by AND."""
    terms = []
    for phrase in query.phrases:
        variants = ['"' + " ".join(stem.replace('"', '""') for stem in v) + '"' for v in phrase.variants()]
        terms.append(variants[0] if len(variants) == 1 else "(" + " OR ".join(variants) + ")")
    return " AND ".join(terms)


def tsquery_match(query: SearchQuery) -> str:
    """The same as a PostgreSQL ``to_tsquery`` expression: each stem a quoted lexeme, ``<->`` between
    a phrase's words, ``|`` between variants, ``&`` between terms."""
    terms = []
    for phrase in query.phrases:
        variants = [" <-> ".join("'" + stem.replace("'", "''") + "'" for stem in v) for v in phrase.variants()]
        terms.append("(" + " | ".join(f"({v})" for v in variants) + ")")
    return " & ".join(terms)


_MATCHING = {  # the passages (as passage_terms rows) whose stems match the query's phrases
    "sqlite": "id IN (SELECT rowid FROM passage_fts WHERE passage_fts MATCH ?)",
    "postgresql": "to_tsvector('simple', terms) @@ to_tsquery('simple', ?)",
}


def _search_passages(query: SearchQuery, backend: str, mentions: str = "place_mentions"
                     ) -> tuple[str, list[object]] | None:
    """The (doc_id, passage start) of every passage matching every term of the query: the words and
    phrases through the full-text index, each Latin place name through mentions of its places in the
    same passage, taken from ``mentions`` (as corrected, while a correction is live: a mention moved
    to Homs is found by "Homs", one said to be no place is not); None when nothing can match."""
    parts: list[str] = []
    params: list[object] = []
    if query.phrases:
        parts.append(f"SELECT doc_id, start FROM passage_terms WHERE {_MATCHING[backend]}")
        params.append(fts5_match(query) if backend == "sqlite" else tsquery_match(query))
    for place in query.places:
        parts.append(f"SELECT m.doc_id, m.passage_start FROM {mentions} m "
                     f"WHERE m.place_id IN ({','.join('?' * len(place.place_ids))})")
        params.extend(place.place_ids)
    if not parts:
        return None
    return " INTERSECT ".join(parts), params


def _search_condition(query: SearchQuery, backend: str, mentions: str) -> tuple[str, list[object]]:
    """A mention is kept when its passage matches every term of the query (``_search_passages``)."""
    passages = _search_passages(query, backend, mentions)
    if passages is None:
        return "1 = 0", []
    return f"(m.doc_id, m.passage_start) IN ({passages[0]})", passages[1]


# A SQLite search's matching passages, found once per store state and query and reused by every read
# of the page: the dashboard makes five reads per search (map, timeline, undated count, reader's
# count and page), each on a connection of its own, and finding the passages (the full-text match,
# then each match's row for its document and offset) cost as much as a read's own counting (0.05 to
# 0.15 s each for a word in 10,000 passages). The key holds the store's version (which every write
# raises, and which a file's modification time would not do within its clock tick), so a write makes
# every entry stale; the few most recent queries are kept.
_SEARCH_HITS: OrderedDict[tuple[str, int, str, tuple[object, ...]], list[tuple[str, int]]] = OrderedDict()
_SEARCH_HITS_KEPT = 16
_SEARCH_HITS_LOCK = threading.Lock()
_SEARCH_HITS_TABLE = """CREATE TEMP TABLE IF NOT EXISTS search_hits (
    query INTEGER NOT NULL, doc_id TEXT NOT NULL, start INTEGER NOT NULL, PRIMARY KEY (query, doc_id, start))
    WITHOUT ROWID"""


class Store:
    """One store of processed documents (a SQLite file or a PostgreSQL database); cheap to open,
    safe to read while another process writes."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.name = redacted(self.path)  # for messages: a URL's password is never shown
        self._hit_tables: dict[tuple[str, int, str, tuple[object, ...]], int] = {}  # see _search_condition
        try:
            self._conn = connect(self.path)
        except BackendError as exc:
            raise StoreError(f"{self.name}: cannot open the store ({exc})") from exc
        try:
            with self._conn.setup(_CODE_FINGERPRINT) as needed:
                if needed:
                    self._set_up()
        except self._conn.errors + (BackendError,) as exc:
            self._conn.close()
            raise StoreError(f"{self.name}: not a Makan store ({exc})") from exc
        except StoreError:
            self._conn.close()
            raise

    def _set_up(self) -> None:
        """Create the schema, or bring an older one up to date; refuse one from a newer Makan."""
        self._conn.executescript(_SCHEMA)
        self._conn.executescript(_SEARCH_INDEX[self.backend])  # before a migration fills it
        row = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        if row[0] is None:
            self._conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        elif row[0] < SCHEMA_VERSION:
            self._migrate(row[0])
        elif row[0] > SCHEMA_VERSION:
            raise StoreError(f"{self.name}: written by a newer Makan (schema {row[0]}, this one reads "
                             f"{SCHEMA_VERSION}); upgrade Makan or use another --db")
        self._conn.execute("INSERT OR IGNORE INTO store_changes VALUES (1, 0)")
        self._conn.executescript(_READ_INDEXES)  # after any migration: they index its columns
        if self.has_postgis():
            self._conn.executescript(_POSTGIS)

    def has_postgis(self) -> bool:
        """True on a PostgreSQL store that can use PostGIS (the extension created in its database)."""
        return self.backend == "postgresql" and self._conn.execute(
            "SELECT to_regtype('geometry') IS NOT NULL").fetchone()[0]

    def _migrate(self, version: int) -> None:
        """Bring an older store up to this schema in place; what it holds is kept as it is."""
        steps = {1: "ALTER TABLE documents ADD COLUMN display_text TEXT",  # documents show as read
                 2: "ALTER TABLE documents ADD COLUMN missing_since TEXT",  # every stored file is present
                 3: self._index_stored_passages,  # search finds what was stored before it existed
                 4: _PLACE_CORRECTIONS[0]}  # no corrections yet
        with self._conn.transaction():
            for step in range(version, SCHEMA_VERSION):
                if callable(steps[step]):
                    steps[step]()
                else:
                    self._conn.execute_ddl(steps[step])
            self._conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))

    def _index_stored_passages(self) -> None:
        """Fill the search index from the passages already stored (inside the migration's transaction),
        a few hundred documents at a time."""
        self._conn.execute("DELETE FROM passage_terms")
        doc_ids = [row[0] for row in self._conn.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
        for i in range(0, len(doc_ids), _MAX_PARAMS):
            part = doc_ids[i:i + _MAX_PARAMS]
            rows = self._conn.execute(
                f"""SELECT p.doc_id, p.start, substr(COALESCE(d.display_text, d.text), p.start + 1, p."end" - p.start)
                    FROM passages p JOIN documents d USING (doc_id)
                    WHERE p.doc_id IN ({','.join('?' * len(part))})""", part).fetchall()
            self._insert_terms([(doc_id, start, index_terms(text)) for doc_id, start, text in rows])

    def _insert_terms(self, rows: Sequence[tuple[object, ...]]) -> None:
        """Insert ``(doc_id, start, terms)`` rows into passage_terms and the search index (inside the
        caller's transaction, after any delete of this transaction: a new row's id may reuse a deleted one's)."""
        index = _INDEX_NEW_TERMS[self.backend]
        last = self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM passage_terms").fetchone()[0] if index else 0
        self._conn.executemany("INSERT INTO passage_terms (doc_id, start, terms) VALUES (?,?,?)", rows)
        if index:
            self._conn.execute(index, (last,))

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._conn.kind

    def version(self) -> int:
        """A number every committed write raises: a reader's cache key that works across processes
        and machines (a SQLite file's modification time would not say when a PostgreSQL one changed)."""
        return int(self._conn.execute("SELECT counter FROM store_changes").fetchone()[0])

    def close(self) -> None:
        """Release the connection (SQLite checkpoints the WAL when the last connection closes)."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------

    def content_hash(self, doc_id: str) -> str | None:
        """The hash the document was stored with, so unchanged files can be skipped; None if absent."""
        row = self._conn.execute("SELECT content_hash FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def stored_hashes(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, bool]]:
        """``doc_id -> (content hash, missing)`` for those of ``doc_ids`` already stored: one query
        per batch of documents instead of one per document."""
        found: dict[str, tuple[str, bool]] = {}
        for i in range(0, len(doc_ids), _MAX_PARAMS):
            part = doc_ids[i:i + _MAX_PARAMS]
            rows = self._conn.execute(
                f"SELECT doc_id, content_hash, missing_since IS NOT NULL FROM documents "
                f"WHERE doc_id IN ({','.join('?' * len(part))})", part)
            found.update((doc_id, (digest, bool(missing))) for doc_id, digest, missing in rows)
        return found

    def stored_paths(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """``doc_id -> path`` (the file it was read from) for those of ``doc_ids`` already stored, so
        a run can tell a new version of a document from another file's document with the same id."""
        found: dict[str, str] = {}
        for i in range(0, len(doc_ids), _MAX_PARAMS):
            part = doc_ids[i:i + _MAX_PARAMS]
            found.update(self._conn.execute(
                f"SELECT doc_id, COALESCE(path, '') FROM documents WHERE doc_id IN ({','.join('?' * len(part))})", part))
        return found

    def file_records(self) -> dict[str, FileRecord]:
        """Every recorded corpus file by absolute path (see ``FileRecord``)."""
        rows = self._conn.execute("SELECT path, signature, knowledge, documents, empty FROM corpus_files")
        return {path: FileRecord(*rest) for path, *rest in rows}

    def record_files(self, done: Sequence[tuple[str, FileRecord]], forget: Iterable[str]) -> None:
        """Record the files a run read whole, and forget those it found changed, unreadable or gone,
        in one transaction (called once the run's documents are stored)."""
        with self._transaction():
            self._conn.executemany("DELETE FROM corpus_files WHERE path = ?",
                                   [(path,) for path in forget] + [(path,) for path, _ in done])
            self._conn.executemany("INSERT INTO corpus_files VALUES (?,?,?,?,?)",
                                   [(path, *record) for path, record in done])

    def write(self, processed: ProcessedDocument, content_hash: str) -> None:
        """Replace every row of the document in one transaction: all of the new version or none of it."""
        self.write_batch([(processed, content_hash)])

    def write_batch(self, documents: Sequence[tuple[ProcessedDocument, str]], present: Iterable[str] = ()) -> None:
        """``write_rows`` of processed documents."""
        self.write_rows([(document_rows(processed), digest) for processed, digest in documents], present)

    def write_rows(self, documents: Sequence[tuple[DocumentRows, str]], present: Iterable[str] = ()) -> None:
        """Replace every row of each document (its rows and content hash), and mark ``present``
        (unchanged, seen again) documents as no longer missing, in one transaction: a batch is stored
        whole or not at all, so a reader sees each document either as it was or as it is now, never
        half of it. A document given twice is stored as given last."""
        latest = {rows.doc_id: (rows, digest) for rows, digest in documents}
        conn = self._conn
        with self._transaction(), conn.pipeline():
            ids = [(doc_id,) for doc_id in latest]
            for table in ("documents", "passages", "place_mentions", "date_mentions", "passage_terms"):
                conn.executemany(f"DELETE FROM {table} WHERE doc_id = ?", ids)
            conn.executemany(
                "INSERT INTO documents (doc_id, content_hash, text, path, title, date, date_source, source, url,"
                " author, metadata, display_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(rows.doc_id, digest, *rows.document) for rows, digest in latest.values()])
            conn.executemany("INSERT INTO passages VALUES (?,?,?,?)",
                             [row for rows, _ in latest.values() for row in rows.passages])
            self._insert_terms([row for rows, _ in latest.values() for row in rows.terms])
            conn.executemany("INSERT INTO place_mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             [row for rows, _ in latest.values() for row in rows.places])
            conn.executemany("INSERT INTO date_mentions VALUES (?,?,?,?,?,?,?,?)",
                             [row for rows, _ in latest.values() for row in rows.dates])
            conn.executemany("UPDATE documents SET missing_since = NULL WHERE doc_id = ?",
                             [(doc_id,) for doc_id in present])

    def relax_durability(self) -> None:
        """For a long ingest: commits are no longer flushed to disk one by one (an fsync of 4 ms per
        batch here). The store stays intact after a power cut but may lack the last batches, whose
        documents the next run processes again (their content hashes went with them)."""
        self._conn.relax_durability()

    def document_paths(self) -> Iterator[tuple[str, str, bool]]:
        """``(doc_id, path, missing)`` of every stored document, for finding those whose file is gone."""
        yield from self._conn.execute(
            "SELECT doc_id, COALESCE(path, ''), missing_since IS NOT NULL FROM documents ORDER BY doc_id")

    def mark_missing(self, doc_ids: Sequence[str], since: str) -> None:
        """Hide documents whose file left the corpus (every read skips them); kept until ``prune_missing``."""
        with self._transaction():
            self._conn.executemany("UPDATE documents SET missing_since = ? WHERE doc_id = ? AND missing_since IS NULL",
                                   [(since, doc_id) for doc_id in doc_ids])

    def prune_missing(self, doc_ids: Sequence[str]) -> int:
        """Delete those of ``doc_ids`` marked missing, with all their rows and date corrections; how many."""
        with self._transaction():
            gone = [doc_id for doc_id in doc_ids if self._conn.execute(
                "SELECT 1 FROM documents WHERE doc_id = ? AND missing_since IS NOT NULL", (doc_id,)).fetchone()]
            for table in ("documents", "passages", "place_mentions", "date_mentions", "date_overrides",
                          "date_corrections", "passage_terms"):
                self._conn.executemany(f"DELETE FROM {table} WHERE doc_id = ?", [(d,) for d in gone])
        return len(gone)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back if it raises; it raises
        ``version()`` last, so the counter's row is locked only for the commit."""
        with self._conn.transaction():
            yield
            self._conn.execute("UPDATE store_changes SET counter = counter + 1")

    def set_document_date(self, doc_id: str, value: str | None, user: str | None = None) -> None:
        """Record ``user``'s date for a document (ISO, reduced precision allowed); None removes it.

        Every correction is kept in ``date_history`` and the latest one applies: when two editors
        correct the same document at once, the one committed last wins and neither is lost. The
        current date is written before the history row, so the row lock it takes orders both. The
        audit log gets a row in the same transaction.
        """
        if value is not None and date_period(value) is None:
            raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
        with self._transaction():
            if value is None:
                self._conn.execute("DELETE FROM date_overrides WHERE doc_id = ?", (doc_id,))
            else:
                self._conn.execute("INSERT INTO date_overrides VALUES (?, ?) "
                                   "ON CONFLICT (doc_id) DO UPDATE SET date = excluded.date", (doc_id, value))
            self._conn.execute("INSERT INTO date_corrections (doc_id, date, editor, at) VALUES (?, ?, ?, ?)",
                               (doc_id, value, user, datetime.now(timezone.utc).isoformat(timespec="microseconds")))
            self._audit(user or "unknown", "date correction" if value is not None else "date correction removed",
                        doc_id, value)

    def date_history(self, doc_id: str) -> pd.DataFrame:
        """Every date correction of a document, oldest first: ``date`` (None: removed), ``editor``, ``at``."""
        return _read(self._conn, "SELECT date, editor, at FROM date_corrections WHERE doc_id = ? ORDER BY seq",
                     [doc_id])

    def _audit(self, actor: str, action: str, target: str | None, detail: str | None) -> None:
        """One audit row, inside the caller's transaction."""
        self._conn.execute("INSERT INTO audit (at, actor, action, target, detail) VALUES (?,?,?,?,?)",
                           (datetime.now(timezone.utc).isoformat(timespec="seconds"), actor, action, target, detail))

    def record(self, actor: str, action: str, target: str | None = None, detail: str | None = None) -> None:
        """Add a write that is not a row of this store (an upload, a reprocess) to the audit log."""
        with self._transaction():
            self._audit(actor, action, target, detail)

    def audit_log(self, limit: int | None = None) -> pd.DataFrame:
        """Who changed what and when, newest first (all of it unless ``limit``)."""
        sql = f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit ORDER BY id DESC"
        return _read(self._conn, sql + (" LIMIT ?" if limit else ""), [limit] if limit else [])

    def backup(self, dest: str | Path) -> None:
        """A consistent copy of the whole store in the file ``dest`` (replaced), taken while others read
        and write (SQLite's online backup; a PostgreSQL store says to use pg_dump)."""
        try:
            self._conn.backup(str(dest))
        except BackendError as exc:
            raise StoreError(f"{self.name}: cannot back up to {dest} ({exc})") from exc

    def correct_place(self, correction: PlaceCorrection) -> int:
        """Record a user's correction of a place mention (appended, never replacing another); its id.

        Ids come from one sequence: of two editors' corrections of one mention, the one recorded later
        (the higher id) wins, and both stay in the history."""
        c = correction
        place = c.place
        target = f"{c.doc_id}:{c.start}-{c.end}" if c.scope == "mention" else c.doc_id if c.scope == "document" else None
        detail = f"«{c.surface}» ({c.scope}) → " + (c.place.id if c.place is not None else c.sense or "not a place")
        with self._transaction():
            self._audit(c.user, f"place correction: {c.action}", target, detail)
            return int(self._conn.execute(
                """INSERT INTO place_corrections (scope, doc_id, start, "end", surface, action, place_id, name,
                       name_ar, lat, lon, level, governorate, district, sense, editor, created_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id""",
                (c.scope, c.doc_id, c.start, c.end, c.surface, c.action,
                 *((place.id, place.name, place.name_ar, place.lat, place.lon, place.level, place.governorate,
                    place.district) if place is not None else (None,) * 8),
                 c.sense, c.user, c.created_at or _now())).fetchall()[0][0])

    def undo_correction(self, correction_id: int, user: str) -> bool:
        """Mark a correction undone (it stays in the history); False if it was undone already or is unknown."""
        with self._transaction():
            row = self._conn.execute(
                "UPDATE place_corrections SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL "
                "RETURNING id", (_now(), user, correction_id)).fetchall()
            if row:
                self._audit(user, "place correction undone", None, f"correction {correction_id}")
        return bool(row)

    def place_corrections(self, live_only: bool = False) -> pd.DataFrame:
        """The history of place corrections, newest first, undone ones included unless ``live_only``."""
        where = " WHERE undone_at IS NULL" if live_only else ""
        return _read(self._conn, f"SELECT * FROM place_corrections{where} ORDER BY id DESC")

    def _mentions(self) -> str:
        """What reads take the mentions from: as corrected while any correction is live, else as stored
        (so a store nobody corrected reads at the speed it always did)."""
        live = self._conn.execute("SELECT 1 FROM place_corrections WHERE undone_at IS NULL LIMIT 1").fetchone()
        return _CORRECTED if live else "place_mentions"

    def _from(self) -> str:
        return _FROM.format(mentions=self._mentions())

    # --- reading -------------------------------------------------------------------------

    def documents(self) -> pd.DataFrame:
        """One row per document with its effective date, what extraction found, and its mention count."""
        return _read(
            self._conn,
            f"""SELECT d.doc_id, d.title, COALESCE(o.date, d.date) AS date,
                      CASE WHEN o.date IS NOT NULL THEN 'user' ELSE d.date_source END AS date_source,
                      d.date AS extracted_date, d.date_source AS extracted_date_source, o.date AS user_date,
                      d.source, d.url, d.path, d.author,
                      (SELECT COUNT(*) FROM {self._mentions()} m WHERE m.doc_id = d.doc_id) AS mentions
               FROM documents d LEFT JOIN date_overrides o USING (doc_id)
               WHERE d.missing_since IS NULL ORDER BY d.doc_id""")

    def document_text(self, doc_id: str, display: bool = False) -> str | None:
        """The original text of a document, which every offset indexes; with ``display``, the cleaned
        copy of the same length that the reader shows (the original when there is none)."""
        column = "COALESCE(display_text, text)" if display else "text"
        row = self._conn.execute(f"SELECT {column} FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def mentions(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Place mentions kept by ``filters``, with document title/source/url and date periods."""
        sql, params = self._mentions_query(filters)
        return _dated_within(_with_periods(_read(self._conn, sql, params)), filters)

    def mention_chunks(self, filters: Filters, size: int) -> Iterator[pd.DataFrame]:
        """``mentions(filters)`` a part of at most ``size`` rows at a time, in the same order and
        numbered on from part to part, at least one (empty when none is kept): the export of all of
        SaudiNewsNet (199,410 mentions) held 786 MB at its peak to read them at once."""
        sql, params = self._mentions_query(filters)
        numbered = 0
        for chunk in self._conn.read_chunks(sql, params, size):
            kept = _dated_within(_with_periods(_none_for_missing(chunk)), filters)
            kept.index += numbered
            numbered += len(kept)
            yield kept

    def _mentions_query(self, filters: Filters) -> tuple[str, list[object]]:
        where, params = _field_conditions(filters, self._search_condition)
        sql = (_MENTIONS_SQL.format(mentions=self._mentions()) + "".join(f" AND {w}" for w in where)
               + " ORDER BY m.doc_id, m.idx")
        return sql, params

    def places(self, filters: Filters = Filters()) -> pd.DataFrame:
        """One row per resolved place with its mention and document counts, most mentioned first."""
        import pandas as pd

        df = self.mentions(filters)
        df = df[df["place_id"].notna() & df["lat"].notna() & df["lon"].notna()]
        columns = ["place_id", "name", "name_ar", "lat", "lon", "level", "governorate", "mentions", "documents",
                   "first_date", "last_date"]
        if df.empty:
            return pd.DataFrame(columns=columns)
        grouped = df.groupby("place_id", sort=False)
        out = grouped.agg(name=("name", "first"), name_ar=("name_ar", "first"), lat=("lat", "first"),
                          lon=("lon", "first"), level=("level", "first"), governorate=("governorate", "first"),
                          mentions=("idx", "size"), documents=("doc_id", "nunique"),
                          first_date=("date_start", "min"), last_date=("date_start", "max")).reset_index()
        return out.sort_values(["mentions", "place_id"], ascending=[False, True]).reset_index(drop=True)[columns]

    def passages(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Every passage mentioning each resolved place, newest first per place (undated last).

        One row per (place, passage): its text, document title/date/source/url, and ``marks``,
        the mentions' ``(start, end)`` relative to the passage text, so the reader can highlight
        exactly the words the pipeline matched. One read serves every marker's popup.
        """
        import pandas as pd

        df = self.mentions(filters)
        df = df[df["place_id"].notna()]
        columns = ["place_id", "doc_id", "title", "date", "date_source", "source", "url", "passage_start",
                   "passage_end", "passage", "marks", "date_start", "why", "confidence", "sense", "sense_why"]
        if df.empty:
            return pd.DataFrame(columns=columns)
        texts = {d: self.document_text(d, display=True) or "" for d in df["doc_id"].unique()}
        rows = []
        keys = ["place_id", "doc_id", "passage_start", "passage_end"]
        for (place_id, doc_id, p_start, p_end), group in df.groupby(keys, sort=False):
            first = group.iloc[0]
            marks = sorted({(int(s) - p_start, int(e) - p_start) for s, e in zip(group["start"], group["end"])})
            rows.append({"place_id": place_id, "doc_id": doc_id, "title": first["title"], "date": first["date"],
                         "date_source": first["date_source"], "source": first["source"], "url": first["url"],
                         "passage_start": int(p_start), "passage_end": int(p_end),
                         "passage": texts[doc_id][p_start:p_end], "marks": marks, "date_start": first["date_start"],
                         "why": first["why"], "confidence": first["confidence"], "sense": first["sense"],
                         "sense_why": first["sense_why"]})
        out = _none_for_missing(pd.DataFrame(rows, columns=columns))
        out["_undated"] = out["date_start"].isna()
        out["_key"] = out["date_start"].map(lambda d: d.toordinal() if d is not None else 0)
        out = out.sort_values(["place_id", "_undated", "_key", "doc_id", "passage_start"],
                              ascending=[True, True, False, True, True])
        return out.drop(columns=["_undated", "_key"]).reset_index(drop=True)

    def passages_for_place(self, place_id: str, filters: Filters = Filters()) -> pd.DataFrame:
        """``passages`` of one place, newest first."""
        return self.passages(replace(filters, place_ids=(place_id,)))

    def timeline(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Dated mentions counted per date value: one bar per (start, end) period at its own precision."""
        import pandas as pd

        df = self.mentions(filters)
        df = df[df["date_start"].notna()]
        columns = ["date", "precision", "date_start", "date_end", "mentions"]
        if df.empty:
            return pd.DataFrame(columns=columns)
        out = df.groupby(["date", "precision", "date_start", "date_end"]).size().reset_index(name="mentions")
        return out.sort_values("date_start").reset_index(drop=True)[columns]

    def undated(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Mentions with no usable date, which the timeline cannot place; listed apart."""
        df = self.mentions(replace(filters, start=None, end=None, include_undated=True))
        return df[df["date_start"].isna()].reset_index(drop=True)

    # --- aggregate reads: what the dashboard draws, counted by SQLite --------------------------

    def _where(self, filters: Filters, dates: bool = True) -> tuple[str, list[object]]:
        """``filters`` as SQL conditions (to follow ``_FROM``); ``dates=False`` leaves the date range out.

        A reduced-precision date overlaps a day range when it lies between the range's ends cut to
        its own length: "2017-07" is kept for 2017-07-15..2017-09-01 because "2017-07" >= "2017-07".
        """
        where, params = _field_conditions(filters, self._search_condition)
        if filters.place_ids and len(filters.place_ids) <= _MAX_PARAMS // 3 and self._mentions() is _CORRECTED:
            where.append(_CANDIDATES.format(marks=",".join("?" * len(filters.place_ids))))
            params.extend(list(filters.place_ids) * 3)
        if dates:
            if not filters.include_undated:
                where.append(_DATED)
            if filters.start is not None:
                where.append(f"(NOT {_DATED} OR {_DATE} >= substr(?, 1, length({_DATE})))")
                params.append(filters.start.isoformat())
            if filters.end is not None:
                where.append(f"(NOT {_DATED} OR {_DATE} <= substr(?, 1, length({_DATE})))")
                params.append(filters.end.isoformat())
        return "".join(f" AND {w}" for w in where), params

    def _search_condition(self, query: SearchQuery) -> tuple[str, list[object]]:
        """``_search_condition`` for this store: on SQLite, the matching passages are found once per
        store state and query (``_SEARCH_HITS``) and joined from a temporary table of this connection,
        in (doc_id, start) order, so each read drives from them into the mentions' passage index."""
        mentions = self._mentions() if query.places else "place_mentions"
        if self.backend != "sqlite":
            return _search_condition(query, self.backend, mentions)
        passages = _search_passages(query, self.backend, mentions)
        if passages is None:
            return "1 = 0", []
        key = (self.path, self.version(), passages[0], tuple(passages[1]))  # the version before the match
        with _SEARCH_HITS_LOCK:
            hits = _SEARCH_HITS.get(key)
            if hits is not None:
                _SEARCH_HITS.move_to_end(key)
        if hits is None:
            hits = [(doc_id, int(start)) for doc_id, start in self._conn.execute(*passages).fetchall()]
            with _SEARCH_HITS_LOCK:
                _SEARCH_HITS[key] = hits
                while len(_SEARCH_HITS) > _SEARCH_HITS_KEPT:
                    _SEARCH_HITS.popitem(last=False)
        number = self._hit_tables.get(key)
        if number is None:
            number = len(self._hit_tables)
            self._conn.execute(_SEARCH_HITS_TABLE)
            self._conn.execute("INSERT OR IGNORE INTO temp.search_hits SELECT ?, value ->> 0, value ->> 1 "
                               "FROM json_each(?)", [number, json.dumps(hits)])  # one statement, not one each
            self._hit_tables[key] = number
        return ("(m.doc_id, m.passage_start) IN (SELECT doc_id, start FROM temp.search_hits WHERE query = ?)",
                [number])

    def place_counts(self, filters: Filters = Filters()) -> pd.DataFrame:
        """One row per resolved place with a point: its names, level, governorate and mention count,
        most mentioned first; grouped by SQLite, so the map never sees mentions. (A place's names and
        point are the same on all its rows: SQLite takes them from any one.)"""
        where, params = self._where(filters)
        same = ", ".join(f"{self._conn.any_value(f'm.{c}')} AS {c}"
                         for c in ("name", "name_ar", "lat", "lon", "level", "governorate"))
        return _read(self._conn, f"""
            SELECT m.place_id, {same}, COUNT(*) AS mentions
            {self._from()} AND m.place_id IS NOT NULL AND m.lat IS NOT NULL AND m.lon IS NOT NULL{where}
            GROUP BY {self._conn.scan_group('m.place_id')} ORDER BY mentions DESC, m.place_id""",
                     params)  # scan_group: one scan, not 150,000 index lookups

    def area_counts(self, column: str, filters: Filters = Filters()) -> pd.DataFrame:
        """Mentions and places per governorate (``column="governorate"``) or district code, for a choropleth."""
        if column not in ("governorate", "district"):
            raise ValueError(f"not an area column: {column!r}")
        where, params = self._where(filters)
        return _read(self._conn, f"""
            SELECT m.{column} AS code, COUNT(*) AS mentions, COUNT(DISTINCT m.place_id) AS places
            {self._from()} AND m.{column} IS NOT NULL{where} GROUP BY m.{column} ORDER BY mentions DESC""", params)

    def date_counts(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Dated mentions counted per effective date value (``2017``, ``2017-07``, ``2017-07-22``):
        a few thousand rows at most however many mentions, from which the timeline bins and its
        extent are drawn. The date range of ``filters`` is ignored: the timeline shows it as a brush."""
        where, params = self._where(filters, dates=False)
        return _read(self._conn, f"""
            SELECT {_DATE} AS date, COUNT(*) AS mentions {self._from()} AND {_DATED}{where}
            GROUP BY 1 ORDER BY 1""", params)

    def undated_count(self, filters: Filters = Filters()) -> int:
        """How many mentions kept by ``filters`` (date range aside) have no usable date."""
        where, params = self._where(filters, dates=False)
        return int(self._conn.execute(f"SELECT COUNT(*) {self._from()} AND NOT {_DATED}{where}", params).fetchone()[0])

    def facet_values(self) -> dict[str, list[str]]:
        """The distinct levels, senses, sources and governorate codes present, for the filters' choices."""
        combos = self._conn.execute(f"SELECT m.level, m.sense, m.governorate {self._from()} GROUP BY 1, 2, 3").fetchall()
        out = {name: sorted({c[i] for c in combos if c[i] is not None})
               for i, name in enumerate(("level", "sense", "governorate"))}  # one scan, not three
        rows = self._conn.execute("SELECT DISTINCT source FROM documents WHERE missing_since IS NULL "
                                  "AND source IS NOT NULL ORDER BY 1")
        out["source"] = [r[0] for r in rows]
        return out

    def passage_page(self, place_id: str | None, filters: Filters = Filters(), after: PageKey | None = None,
                     limit: int = PAGE_SIZE) -> tuple[pd.DataFrame, PageKey | None]:
        """One page of the passages mentioning a place (any kept place for None), newest first, and the key of the next page
        (None on the last). Paged by keyset with LIMIT: a place with 5,000 passages costs what one
        with 5 does, and only the page's passage texts leave SQLite.

        Columns as ``passages``: ``marks`` are the mentions' ``(start, end)`` within the passage; the
        date, source and reasons are those of the passage's newest mention; ``article_date`` is the
        article's own (the user's, if corrected), which the reader shows beside a passage's other date
        (an event announced for November, in an article of July).
        """
        where, params = self._where(_of_place(filters, place_id))
        page_where, page_params = "", []
        if after is not None:
            page_where = ("WHERE sort_date < ? OR (sort_date = ? AND (doc_id > ? OR (doc_id = ? AND "
                          "passage_start > ?)))")
            page_params = [after.sort_date, after.sort_date, after.doc_id, after.doc_id, after.passage_start]
        # The documents' title and text (stored in overflow pages) are read only for the page's rows.
        df = _read(self._conn, f"""
            SELECT p.doc_id, p.sort_date, p.date, p.date_source, t.title, t.source, t.url, p.passage_start,
                   p.passage_end, substr(COALESCE(t.display_text, t.text), p.passage_start + 1,
                                         p.passage_end - p.passage_start) AS passage,
                   p.marks, p.why, p.confidence, p.sense, p.sense_why, COALESCE(a.date, t.date) AS article_date
            FROM (SELECT * FROM ({self._passage_rows(where)}) g
                  {page_where} ORDER BY sort_date DESC, doc_id, passage_start LIMIT ?) p
            JOIN documents t USING (doc_id) LEFT JOIN date_overrides a USING (doc_id)
            ORDER BY p.sort_date DESC, p.doc_id, p.passage_start""",
                   [*params, *page_params, limit + 1])
        more = len(df) > limit
        df = df.head(limit).copy()
        df["marks"] = [sorted({(int(s) - p, int(e) - p) for s, e in (pair.split(":") for pair in marks.split(","))})
                       for marks, p in zip(df["marks"], df["passage_start"])]
        if not more or df.empty:
            return df.reset_index(drop=True), None
        last = df.iloc[-1]
        return df.reset_index(drop=True), PageKey(last["sort_date"], last["doc_id"], int(last["passage_start"]))

    def _passage_rows(self, where: str) -> str:
        """One row per passage of the mentions kept by ``where``: its newest date (``sort_date``, ""
        when undated), its mentions' ``start:end`` pairs, and the rest from its newest mention.

        A date in a later year than the article's own (a plan, a forecast: "السعودية 2050" in an
        article of 2015) sorts as the article's date: the reader runs newest reported first, and such
        passages opened the reader of Saudi Arabia on all of SaudiNewsNet, ahead of every article.
        ("Next week" stays where it is, a few days on, and so does an article dated only roughly.)"""
        reported = "COALESCE(o.date, d.date)"
        sort = (f"CASE WHEN NOT {_DATED} THEN '' WHEN substr({_DATE}, 1, 4) > substr({reported}, 1, 4) "
                f"AND {reported} {_ISO_DATE} THEN {reported} ELSE {_DATE} END")
        date_source = "CASE WHEN o.date IS NOT NULL AND m.date_source != 'text' THEN 'user' ELSE m.date_source END"
        marks = "m.start || ':' || m.\"end\""
        if self.backend == "sqlite":  # with one MAX() in a grouped query, SQLite takes the bare columns from its row
            return f"""SELECT m.doc_id, MAX({sort}) AS sort_date, {_DATE} AS date, {date_source} AS date_source,
                              m.passage_start, m.passage_end, group_concat({marks}) AS marks,
                              m.why, m.confidence, m.sense, m.sense_why
                       {self._from()}{where} GROUP BY m.doc_id, m.passage_start, m.passage_end"""
        passage = "PARTITION BY m.doc_id, m.passage_start, m.passage_end"
        return f"""SELECT doc_id, sort_date, date, date_source, passage_start, passage_end, marks, why, confidence,
                          sense, sense_why
                   FROM (SELECT m.doc_id, MAX({sort}) OVER w AS sort_date, {_DATE} AS date,
                                {date_source} AS date_source, m.passage_start, m.passage_end,
                                string_agg(({marks})::text, ',') OVER w AS marks,
                                m.why, m.confidence, m.sense, m.sense_why,
                                ROW_NUMBER() OVER ({passage} ORDER BY {sort} DESC, m.idx) AS newest
                         {self._from()}{where} WINDOW w AS ({passage})) r
                   WHERE newest = 1"""

    def passage_count(self, place_id: str | None, filters: Filters = Filters()) -> int:
        """How many passages mention the place (any kept place for None) under ``filters`` (what the reader's pages add up to)."""
        where, params = self._where(_of_place(filters, place_id))
        return int(self._conn.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 {self._from()}{where} GROUP BY m.doc_id, m.passage_start, m.passage_end) g",
            params).fetchone()[0])

    def documents_by_id(self, doc_ids: Iterable[str]) -> pd.DataFrame:
        """``documents()`` for the given ids only (the reader's page), without their mention counts."""
        import pandas as pd

        ids = list(doc_ids)
        if not ids:
            return pd.DataFrame(columns=["doc_id", "title", "date", "extracted_date", "extracted_date_source",
                                         "user_date"])
        return _read(
            self._conn,
            f"""SELECT d.doc_id, d.title, COALESCE(o.date, d.date) AS date, d.date AS extracted_date,
                       d.date_source AS extracted_date_source, o.date AS user_date
                FROM documents d LEFT JOIN date_overrides o USING (doc_id)
                WHERE d.missing_since IS NULL AND d.doc_id IN ({','.join('?' * len(ids))})""", ids)
