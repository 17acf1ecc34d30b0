"""The store's two SQL backends, SQLite (the embedded default) and PostgreSQL (a shared, hosted store).

Only ``geo.store`` uses this module. The store writes its SQL once, in SQLite's spelling with ``?``
parameters; a ``Connection`` runs it on either backend. For PostgreSQL the few SQLite forms the
store relies on are rewritten once per statement (and cached): ``?`` becomes ``%s``, ``x GLOB
'pattern'`` becomes a regular expression match, ``INSERT OR IGNORE`` becomes ``ON CONFLICT DO
NOTHING``, and in table definitions ``REAL`` becomes a double (PostgreSQL's ``real`` has 6 digits),
``TEXT`` sorts by code point as SQLite's does (``COLLATE "C"``, whatever the database's locale)
and ``INTEGER PRIMARY KEY`` numbers its rows. What cannot be rewritten word for word (a grouped
query's bare columns) is asked of the connection by name (``any_value``, ``scan_group``) or
written twice in the store.

A store is named by a path (SQLite) or a ``postgresql://`` URL; ``is_url`` tells them apart.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:  # imported by the reads that make a frame: a CLI run, which makes none, never loads it
    import pandas as pd

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(target: object) -> bool:
    """True when ``target`` names a PostgreSQL database rather than a SQLite file."""
    return str(target).startswith(URL_SCHEMES)


def redacted(target: str) -> str:
    """``target`` fit for a message or a log: a URL's password replaced by ``***``."""
    if not is_url(target):
        return target
    parts = urlsplit(target)
    if parts.password is None:
        return target
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class BackendError(Exception):
    """The database cannot be opened or used; the store adds which one."""


class Connection:
    """One connection, on either backend, running the store's SQLite-spelled SQL."""

    kind: str
    errors: tuple[type[Exception], ...]  # what the driver raises when the SQL or the database is wrong

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        """Run one statement; the result iterates over tuples and has ``fetchone``/``fetchall``."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        raise NotImplementedError

    def executescript(self, script: str) -> None:
        """Run several ``;``-separated statements without parameters (the schema)."""
        raise NotImplementedError

    def execute_ddl(self, statement: str) -> None:
        """One table definition or change, inside the caller's transaction (a migration step)."""
        raise NotImplementedError

    @contextmanager
    def setup(self, fingerprint: str) -> Iterator[bool]:
        """Where the store creates or upgrades its schema, one process at a time; yields whether it
        must (SQLite: always, its ``IF NOT EXISTS`` checks cost nothing and lock nothing)."""
        yield True

    def read(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        """A query's rows as a DataFrame with the query's column names."""
        raise NotImplementedError

    def read_chunks(self, sql: str, params: Sequence[object], size: int) -> Iterator[pd.DataFrame]:
        """A query's rows as DataFrames of at most ``size`` rows each, one empty DataFrame when there
        are none (an export of every mention, read a part at a time)."""
        raise NotImplementedError

    def relax_durability(self) -> None:
        """This connection's commits need not reach the disk before they return (a bulk writer's):
        the database stays consistent after a crash, but the last commits may be lost."""
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        raise NotImplementedError
        yield

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        """Statements sent without waiting for each one's answer (their errors come at the block's end):
        a batch's hundreds of writes cost one round trip to a server, not one each."""
        yield

    def close(self) -> None:
        raise NotImplementedError

    def backup(self, dest: str) -> None:
        """A consistent copy of the whole database in the SQLite file ``dest`` (replaced)."""
        raise BackendError("a PostgreSQL store is backed up with pg_dump and restored with pg_restore")

    # SQL that differs by backend beyond what ``_postgres_sql`` rewrites.
    def any_value(self, column: str) -> str:
        """A grouped query's column that is the same on every row of its group."""
        return column

    def scan_group(self, column: str) -> str:
        """A GROUP BY term that lets the planner scan rather than look each group up by index."""
        return column


class SqliteConnection(Connection):
    """A SQLite file in WAL mode: readers never wait for the writer, writers wait up to 10 s."""

    kind = "sqlite"
    errors = (sqlite3.DatabaseError,)

    def __init__(self, path: str) -> None:
        try:
            self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA busy_timeout=10000")
        except sqlite3.DatabaseError as exc:
            raise BackendError(str(exc)) from exc

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._conn.executemany(sql, rows)

    def executescript(self, script: str) -> None:
        try:
            self._conn.executescript(script)
        except sqlite3.DatabaseError as exc:
            raise BackendError(str(exc)) from exc

    def execute_ddl(self, statement: str) -> None:
        self._conn.execute(statement)

    def read(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        import pandas as pd

        return pd.read_sql_query(sql, self._conn, params=list(params))

    def read_chunks(self, sql: str, params: Sequence[object], size: int) -> Iterator[pd.DataFrame]:
        import pandas as pd

        yield from pd.read_sql_query(sql, self._conn, params=list(params), chunksize=size)

    def relax_durability(self) -> None:
        self._conn.execute("PRAGMA synchronous=NORMAL")  # in WAL mode: fsync at checkpoints only

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")  # the write lock now, not at the first write
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def scan_group(self, column: str) -> str:
        return f"+{column}"  # SQLite: an expression, so no index lookup per group

    def backup(self, dest: str) -> None:
        """SQLite's online backup: one snapshot, even while others write (the WAL's commits included)."""
        target = sqlite3.connect(dest)
        try:
            self._conn.backup(target)
        except sqlite3.DatabaseError as exc:
            raise BackendError(str(exc)) from exc
        finally:
            target.close()


_QUOTED = re.compile(r"('(?:[^']|'')*'|\"[^\"]*\")")
_GLOB = re.compile(r"\bGLOB\s+'((?:[^']|'')*)'")
_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)


def _glob_to_regex(pattern: str) -> str:
    """A GLOB pattern (``*``, ``?``, ``[...]``) as an anchored POSIX regular expression."""
    out, i = ["^"], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "[":
            end = pattern.index("]", i + 1)
            out.append(pattern[i:end + 1])
            i = end + 1
            continue
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    regex = "".join(out)
    return regex[:-2] if regex.endswith(".*") else regex + "$"


@lru_cache(maxsize=512)
def _postgres_sql(sql: str) -> str:
    """A statement in SQLite's spelling rewritten for PostgreSQL (see the module's docstring)."""
    sql = _GLOB.sub(lambda m: f"~ '{_glob_to_regex(m.group(1))}'", sql)
    ignore = bool(_INSERT_OR_IGNORE.match(sql))
    if ignore:
        sql = _INSERT_OR_IGNORE.sub("INSERT INTO", sql)
    pieces = _QUOTED.split(sql)  # odd pieces are quoted: leave their ? alone
    for i in range(0, len(pieces), 2):
        pieces[i] = pieces[i].replace("%", "%%").replace("?", "%s")
    for i in range(1, len(pieces), 2):
        pieces[i] = pieces[i].replace("%", "%%")
    sql = "".join(pieces)
    return sql.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING" if ignore else sql


def postgres_ddl(script: str) -> str:
    """Table definitions in SQLite's spelling for PostgreSQL (see the module's docstring)."""
    script = re.sub(r"\bINTEGER PRIMARY KEY(?: AUTOINCREMENT)?", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                    script)
    script = re.sub(r"\bREAL\b", "DOUBLE PRECISION", script)
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', script)


CHUNKS_CURSOR = "makan_chunks"  # the server-side cursor that ``read_chunks`` reads through


class _IdleConnections:
    """Connections of closed stores kept open for the next store on the same URL, in this process.

    The dashboard opens a store for each read it has not cached; a new PostgreSQL connection with
    password authentication costs 25-40 ms, a kept one a ``SELECT 1``. At most ``size`` are kept (the
    oldest closed first), each checked before reuse (the server may have closed it) and reset
    (``RESET ALL``) when given back; one that a forked child inherited is never used by the child.
    """

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._kept: list[tuple[str, int, Any]] = []  # (url, pid, connection), oldest first

    def borrow(self, url: str) -> Any | None:
        """A kept connection to ``url`` that still answers, else None."""
        while True:
            with self._lock:
                found = next((i for i in range(len(self._kept) - 1, -1, -1)
                              if self._kept[i][0] == url and self._kept[i][1] == os.getpid()), None)
                if found is None:
                    return None
                conn = self._kept.pop(found)[2]
            try:
                conn.execute("SELECT 1")
                return conn
            except Exception:  # noqa: BLE001 (a connection the server closed: try another, or open one)
                conn.close()

    def give_back(self, url: str, conn: Any) -> None:
        """Keep ``conn`` for the next store on ``url`` if it is idle; else close it."""
        from psycopg.pq import TransactionStatus

        if conn.closed or conn.info.transaction_status != TransactionStatus.IDLE:
            conn.close()
            return
        try:
            conn.execute("RESET ALL")  # what a caller SET is not passed on
        except Exception:  # noqa: BLE001 (the connection is broken: not kept)
            conn.close()
            return
        with self._lock:
            self._kept.append((url, os.getpid(), conn))
            evicted = self._kept[:-self._size] if len(self._kept) > self._size else []
            del self._kept[:len(evicted)]
        for _, pid, old in evicted:
            if pid == os.getpid():
                old.close()


_idle = _IdleConnections()

_SETUP_LOCK = 0x6D616B616E  # "makan": the advisory lock held while the schema is set up


class PostgresConnection(Connection):
    """A PostgreSQL database through psycopg 3, in autocommit but for the store's write transactions."""

    kind = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self._psycopg = psycopg
        self.errors = (psycopg.Error,)
        self._url = url
        self._conn = _idle.borrow(url) or self._connect(url)

    def _connect(self, url: str) -> Any:
        try:
            return self._psycopg.connect(url, autocommit=True, connect_timeout=10)
        except self._psycopg.Error as exc:
            raise BackendError(str(exc).strip()) from exc

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        return self._conn.execute(_postgres_sql(sql), list(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        rows = list(rows)
        if rows:
            with self._conn.cursor() as cursor:
                cursor.executemany(_postgres_sql(sql), rows)

    def executescript(self, script: str) -> None:
        try:
            self._conn.execute(postgres_ddl(script).encode())  # bytes: no placeholders, several statements
        except self._psycopg.Error as exc:
            raise BackendError(str(exc).strip()) from exc

    def execute_ddl(self, statement: str) -> None:
        self._conn.execute(postgres_ddl(statement).encode())

    @contextmanager
    def setup(self, fingerprint: str) -> Iterator[bool]:
        # PostgreSQL locks a table for CREATE INDEX IF NOT EXISTS (and ALTER TABLE) before it finds the
        # index there, which would make every dashboard's open wait for the ingest's batch: the schema is
        # set up once per ``fingerprint`` (this Makan's store code, PostGIS or not) and then left alone.
        # Looked up in the schema the tables are created in, not anywhere on the search path: a store in
        # its own schema is not taken as set up because another one in "public" is.
        setup, postgis = self._conn.execute(
            "SELECT to_regclass(format('%I.store_setup', current_schema()))::text, "
            "to_regtype('geometry') IS NOT NULL").fetchone()
        key = f"{fingerprint}:postgis={postgis}"
        if setup and self._conn.execute(f"SELECT key FROM {setup}").fetchone() == (key,):
            yield False
            return
        # CREATE TABLE IF NOT EXISTS run by two processes at once can collide in PostgreSQL's catalog
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", [_SETUP_LOCK])
            yield True
            self._conn.execute("CREATE TABLE IF NOT EXISTS store_setup (key TEXT NOT NULL)")
            self._conn.execute("DELETE FROM store_setup")
            self._conn.execute("INSERT INTO store_setup VALUES (%s)", [key])

    def read(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        import pandas as pd

        cursor = self._conn.execute(_postgres_sql(sql), list(params))
        columns = [c.name for c in cursor.description or ()]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns, coerce_float=True)

    def read_chunks(self, sql: str, params: Sequence[object], size: int) -> Iterator[pd.DataFrame]:
        import pandas as pd

        # A server-side cursor (a named one, in a transaction of its own): the server holds the result
        # and sends ``size`` rows a time. A client cursor's fetchmany only cut up the whole result,
        # which libpq had already received into this process.
        with self._conn.transaction(), self._conn.cursor(name=CHUNKS_CURSOR) as cursor:
            cursor.execute(_postgres_sql(sql), list(params))
            columns = [c.name for c in cursor.description or ()]
            rows = cursor.fetchmany(size)
            yield pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)  # as pandas does for SQLite
            while rows := cursor.fetchmany(size):
                yield pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)

    def relax_durability(self) -> None:
        self._conn.execute("SET synchronous_commit TO OFF")  # this session only

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        with self._conn.pipeline():
            yield

    def close(self) -> None:
        _idle.give_back(self._url, self._conn)

    def any_value(self, column: str) -> str:
        return f"MIN({column})"  # PostgreSQL refuses bare columns in a grouped query


def connect(target: str) -> Connection:
    """A connection to the store named by ``target``: a ``postgresql://`` URL, else a SQLite path."""
    return PostgresConnection(target) if is_url(target) else SqliteConnection(target)
