"""Read articles from files into ``Document`` records; errors name the file and the problem.

Accepted: ``.txt`` (UTF-8, UTF-8/UTF-16 with a BOM, or Windows-1256, detected), ``.jsonl``,
``.json`` (an array of article objects, or JSON lines) and ``.csv`` (text in ``text``, ``content``
or ``body``; optional ``id``, ``title``, ``date`` (or ``date_extracted``, ``published``), ``url``,
``source``, ``author``), ``.html``/``.htm`` (visible text only), and ``.zip`` archives of these,
read in memory. A ``metadata.csv`` beside ``.txt``/``.html`` files (columns ``file``, ``date``,
``source``, ``title``, ``url``, ``author``) supplies their metadata.

Everything streams: files one at a time, JSON arrays and lines one article at a time, so a corpus
of any size is read in bounded memory.

A document's ``text`` is exactly what Python reads (for HTML: the visible text we extract), so
offsets into it stay valid for every later stage.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, TextIO

from extraction.document import Document

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
TABLE_SUFFIXES = {".jsonl", ".json", ".csv"}
MEMBER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES  # what is read inside a zip
SUPPORTED = MEMBER_SUFFIXES | {".zip"}
METADATA_NAME = "metadata.csv"
TEXT_KEYS = ("text", "content", "body")  # first present wins
DATE_KEYS = ("date", "date_extracted", "published")
ZIP_LIMIT = 4 * 2**30  # bytes an archive may expand to; a larger one is refused as a possible zip bomb
ZIP_MEMBERS = 100_000  # entries an archive may hold; more is refused (a bomb of millions of tiny members)
_CHUNK = 2**20
_MAX_VALUE = 64 * 2**20  # characters one JSON article may span
_WHITESPACE = re.compile(r"[ \t\r\n]*")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d")
_META_FIELDS = ("title", "date", "source", "url", "author")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
# What a file that is not text starts with: named in the message, so a user sees what they gave.
_MAGIC = ((b"\x89PNG", "a PNG image"), (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a zip archive"),
          (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"\x7fELF", "a program (ELF)"),
          (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
          (b"\xd0\xcf\x11\xe0", "an old Office document"))
_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON's "\\ud800" escapes decode to these; no store can hold them
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # never in text (\t\n\v\f\r and ESC aside)

csv.field_size_limit(2**31 - 1)


class ReadError(Exception):
    """A file (or one row of it) that could not be read; the message names it and says why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class EmptyText(ReadError):
    """An article with no text (some scraped corpora hold many): counted and reported, never processed.

    A ``ReadError`` so that code which only knows read errors still skips it."""


@dataclass(frozen=True)
class RawFile:
    """A file's decoded text and the encoding it was read with."""

    text: str
    encoding: str


def decode_bytes(data: bytes, path: str | Path) -> RawFile:
    """Decode article bytes: BOMs first, then strict UTF-8, then Windows-1256 (common in Arabic sites)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return RawFile(data.decode("utf-8-sig"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return RawFile(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(path, f"has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from exc
    if why := _binary(data[:4096]):
        raise ReadError(path, why)
    try:
        return RawFile(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError as exc:
        raise ReadError(path, "is neither UTF-8 nor Windows-1256 text") from exc
    if not _ARABIC_LETTER.search(text):
        raise ReadError(path, "is not UTF-8, and read as Windows-1256 it holds no Arabic")
    return RawFile(text, "cp1256")


def _binary(head: bytes) -> str | None:
    """Why the bytes a file starts with are not text (a known format, NUL or control bytes), else None.

    Windows-1256 decodes almost any bytes, so without this a picture renamed ``.txt`` would be read
    as a page of Arabic-looking noise."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"is {what}, not text"
    if b"\x00" in head:
        return "looks binary (NUL bytes) and has no UTF-16 byte-order mark"
    if len(_CONTROL.findall(head)) > max(2, len(head) // 100):
        return "looks binary (control bytes), not text"
    return None


def read_text_file(path: Path) -> RawFile:
    """Read a whole text file, detecting its encoding."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot be opened ({exc.strerror or exc})") from exc
    return decode_bytes(data, path)


class _VisibleText(HTMLParser):
    """Collects the text a reader sees: no scripts, styles, navigation, headers, footers or forms."""

    _HIDDEN = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg",
               "iframe", "button", "select", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section",
              "blockquote", "title", "figcaption", "td", "dd", "dt", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self._hidden_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self._HIDDEN:
            self._hidden_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._HIDDEN and self._hidden_depth:
            self._hidden_depth -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.title:
            self.title = " ".join(data.split()) or None
        if not self._hidden_depth:
            self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [" ".join(line.split()) for line in joined.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text of an HTML page, one block per line, and its <title>."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    return parser.text(), parser.title


def load_metadata(folder: Path) -> dict[str, dict[str, str]]:
    """Rows of ``folder/metadata.csv`` keyed by file name; {} when there is none."""
    path = folder / METADATA_NAME
    if not path.is_file():
        return {}
    raw = read_text_file(path)
    reader = csv.DictReader(io.StringIO(raw.text))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise ReadError(path, "has no 'file' column (expected columns: file, date, source, title, url, author)")
    return {row["file"].strip(): {k: (v or "").strip() for k, v in row.items() if k} for row in reader
            if row.get("file")}


def _apply_metadata(doc: Document, meta: dict[str, str]) -> Document:
    """Set the document's title, date, source, url and author from ``meta``; the rest goes to its
    metadata. Scraped exports often keep these fields HTML-escaped (SaudiNewsNet: 226 titles of one
    day's file hold ``&#8220;`` or ``&quot;``), which the reader then showed as typed: their
    character references are decoded. The article's text is never touched: offsets point into it."""
    for key in _META_FIELDS:
        value = html.unescape(meta.get(key) or "").strip()
        if value:
            setattr(doc, key, value)
    doc.metadata.update({k: v for k, v in meta.items() if k not in _META_FIELDS and k != "file" and v})
    return doc


def _require_text(text: str, path: Path | str) -> None:
    """An empty or blank file is an empty article (counted apart, like an empty row), not a document."""
    if not text.strip():
        raise EmptyText(path, "has no text (empty article)")


def read_txt(path: Path, meta: dict[str, str] | None = None) -> Document:
    raw = read_text_file(path)
    _require_text(raw.text, path)
    doc = Document(doc_id=path.name, text=raw.text, path=str(path), metadata={"encoding": raw.encoding})
    return _apply_metadata(doc, meta or {})


def read_html(path: Path, meta: dict[str, str] | None = None) -> Document:
    raw = read_text_file(path)
    text, title = html_to_text(raw.text)
    _require_text(text, path)
    doc = Document(doc_id=path.name, text=text, path=str(path), title=title, metadata={"encoding": raw.encoding})
    return _apply_metadata(doc, meta or {})


def _row_document(path: Path | str, row_number: int, row: dict[str, object], name: str | None = None) -> Document:
    """A table row as a Document: text from ``text|content|body``, date from ``date|date_extracted|published``.

    ``name`` is how the file is named in a generated doc_id (the file name, or ``ZIP/MEMBER``).
    An article whose text is missing or blank raises ``EmptyText``: counted, not processed.
    """
    where = f"{path}:{row_number}"
    key = next((k for k in TEXT_KEYS if k in row), None)
    text = row.get(key) if key else None
    if text is not None and not isinstance(text, str):
        raise ReadError(where, f"has a '{key}' that is not text")
    if not text or not text.strip():
        raise EmptyText(where, "has no text (empty article)")
    for field_name, value in row.items():
        if isinstance(value, str) and _SURROGATE.search(value):
            raise ReadError(where, f"has an unpaired surrogate escape (\\ud800-\\udfff) in '{field_name}', "
                                   "which is not text")
    doc_id = str(row.get("id") or "").strip() or f"{name or Path(path).name}:{row_number}"
    doc = Document(doc_id=doc_id, text=text, path=str(path))
    date_key = next((k for k in DATE_KEYS if row.get(k) not in (None, "")), None)
    consumed = {key, "id", *DATE_KEYS}
    meta = {k: str(v) for k, v in row.items() if k not in consumed and v not in (None, "")}
    if date_key:
        meta["date"] = _date_part(str(row[date_key]))
    return _apply_metadata(doc, meta)


def _date_part(value: str) -> str:
    """``2015-07-21 10:00:00`` → ``2015-07-21``: the pipeline reads dates, not timestamps."""
    value = value.strip()
    return value[:10] if _TIMESTAMP.match(value) else value


Seen = dict[str, str]  # doc_id -> where it was first read (FILE:ROW), for one file or archive


def _first_time(doc: Document, where: str, seen: Seen) -> Document | ReadError:
    """The document, or an error naming both rows when its id was already read from the same file.

    A second row with the same id would replace the first in the store without a word; the first
    is kept and the repeat refused, so the user can give each article its own id."""
    first = seen.setdefault(doc.doc_id, where)
    if first == where:
        return doc
    return ReadError(where, f"repeats the id '{doc.doc_id}' of {first} (skipped: the first is kept; "
                            "give each article its own id)")


def _rows(items: Iterable[tuple[int, object]], path: Path | str, name: str | None,
          seen: Seen | None = None) -> Iterator[Document | ReadError]:
    """Documents from (row number, parsed JSON value) pairs; a bad row is reported and the rest still read."""
    seen = {} if seen is None else seen
    for number, row in items:
        if isinstance(row, ReadError):
            yield row
        elif not isinstance(row, dict):
            yield ReadError(f"{path}:{number}", "is not a JSON object")
        else:
            try:
                yield _first_time(_row_document(path, number, row, name), f"{path}:{number}", seen)
            except ReadError as exc:
                yield exc


def _json_lines(stream: BinaryIO, path: Path | str) -> Iterator[tuple[int, object]]:
    """Parsed JSON lines, one at a time, each line's encoding detected like a text file's."""
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ReadError(path, "is UTF-16; JSON lines must be UTF-8 (or Windows-1256)")
        try:
            line = decode_bytes(raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw, f"{path}:{number}").text
        except ReadError as exc:
            yield number, exc
            continue
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, ReadError(f"{path}:{number}", f"is not valid JSON ({exc.msg})")


class _JsonStream:
    """A text stream read in chunks, from which JSON values are decoded one at a time.

    Only the current value and one chunk are held, so a JSON array of any length is read in
    bounded memory; a value longer than ``_MAX_VALUE`` characters is refused rather than buffered.
    """

    def __init__(self, text: TextIO, path: Path | str) -> None:
        self._text, self._path = text, path
        self._buffer, self._pos = "", 0
        self._decoder = json.JSONDecoder()

    def _more(self) -> bool:
        try:
            chunk = self._text.read(_CHUNK)
        except UnicodeDecodeError as exc:
            raise ReadError(self._path, f"is not UTF-8 JSON ({exc.reason})") from exc
        self._buffer, self._pos = self._buffer[self._pos:] + chunk, 0
        return bool(chunk)

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            self._pos = _WHITESPACE.match(self._buffer, self._pos).end()
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._more():
                return ""

    def advance(self) -> None:
        self._pos += 1

    def value(self, number: int) -> object:
        """The next JSON value; ReadError naming the row when it is invalid, truncated or too long."""
        self.peek()
        while True:
            try:
                value, self._pos = self._decoder.raw_decode(self._buffer, self._pos)
                return value
            except json.JSONDecodeError as exc:
                if len(self._buffer) - self._pos > _MAX_VALUE:
                    raise ReadError(f"{self._path}:{number}", f"is not valid JSON within "
                                                              f"{_MAX_VALUE // 2**20} M characters") from exc
                if not self._more():
                    raise ReadError(f"{self._path}:{number}", f"is not valid JSON ({exc.msg})") from exc


def _json_array(stream: BinaryIO, path: Path | str) -> Iterator[tuple[int, object]]:
    """The elements of a top-level JSON array, numbered from 1, parsed one by one as the file is read."""
    source = _JsonStream(io.TextIOWrapper(stream, encoding="utf-8-sig"), path)
    if source.peek() != "[":
        raise ReadError(path, "is neither a JSON array nor JSON lines")
    source.advance()
    if source.peek() == "]":
        return
    for number in itertools.count(1):
        yield number, source.value(number)
        separator = source.peek()
        if separator == "]":
            return
        if separator != ",":
            raise ReadError(f"{path}:{number}", "is not followed by ',' or ']' (truncated JSON array?)")
        source.advance()


def _json_rows(stream: BinaryIO, path: Path | str) -> Iterator[tuple[int, object]]:
    """A ``.json`` file is an array of objects when it starts with '[', else JSON lines."""
    start = stream.peek(64)[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]  # type: ignore[attr-defined]
    return _json_array(stream, path) if start == b"[" else _json_lines(stream, path)


def _read_csv_text(text: str, path: Path | str, name: str | None = None,
                   seen: Seen | None = None) -> Iterator[Document | ReadError]:
    """One document per CSV row (header required, with a ``text``, ``content`` or ``body`` column).

    Quoting is read strictly: an unclosed quote would otherwise swallow every later row into one
    article's text. The rows before a broken one are kept; the error names its row and line."""
    seen = {} if seen is None else seen
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise ReadError(path, f"has a broken CSV header ({exc})") from exc
    if not fieldnames or not set(TEXT_KEYS) & set(fieldnames):
        raise ReadError(path, f"has no 'text' column (columns: {', '.join(fieldnames or []) or 'none'})")
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReadError(f"{path}:{number + 1}", f"has broken CSV quoting ({exc}); "
                                                    "the rows before it were read, the rest were not") from exc
        number += 1
        try:
            yield _first_time(_row_document(path, number, dict(row), name), f"{path}:{number}", seen)
        except ReadError as exc:
            yield exc


def read_jsonl(path: Path) -> Iterator[Document | ReadError]:
    """One document per JSON line, streamed; a bad line is reported and the others still read."""
    with _open(path) as stream:
        yield from _rows(_json_lines(stream, path), path, None)


def read_json(path: Path) -> Iterator[Document | ReadError]:
    """A JSON array of article objects (streamed element by element), or JSON lines."""
    with _open(path) as stream:
        yield from _rows(_json_rows(stream, path), path, None)


def read_csv(path: Path) -> Iterator[Document | ReadError]:
    """One document per CSV row."""
    yield from _read_csv_text(read_text_file(path).text, path)


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise ReadError(path, f"cannot be opened ({exc.strerror or exc})") from exc


def _refuse_bomb(path: Path, declared: int, limit: int) -> None:
    """Refuse an archive whose members would expand beyond ``limit`` bytes, before reading any.

    The sizes checked are those the archive declares; ``zipfile`` never decompresses a member past
    its declared size (a member that tries fails its CRC check), so they bound what is read.
    """
    if declared > limit:
        raise ReadError(path, f"expands to more than {limit / 2**20:g} MB "
                              "(refused as a possible zip bomb; unzip it if it is genuine)")


def _unsafe_member(name: str) -> str | None:
    """Why a member name is refused (absolute, a drive, or climbing out with '..'), else None."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "has an absolute name"
    if ".." in re.split(r"[/\\]", name):
        return "has '..' in its name"
    return None


def read_zip(path: Path, limit: int = ZIP_LIMIT) -> Iterator[Document | ReadError]:
    """The articles of a zip archive, read member by member in memory (nothing is extracted to disk).

    Members of the supported types are read in name order (others, folders and ``metadata.csv``
    are passed over); a member whose name is absolute or contains ``..`` is refused, and the
    archive as a whole may hold at most ``ZIP_MEMBERS`` entries and expand to at most ``limit`` bytes.
    A row id repeated anywhere in the archive is refused like one repeated in a file.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ReadError(path, f"is not a readable zip archive ({exc})") from exc
    with archive:
        if len(archive.infolist()) > ZIP_MEMBERS:
            raise ReadError(path, f"holds {len(archive.infolist()):,} entries, more than {ZIP_MEMBERS:,} "
                                  "(refused as a possible zip bomb; unzip it if it is genuine)")
        members = sorted((m for m in archive.infolist() if not m.is_dir()), key=lambda m: m.filename)
        wanted = [m for m in members if Path(m.filename).suffix.lower() in MEMBER_SUFFIXES
                  and Path(m.filename).name != METADATA_NAME]
        _refuse_bomb(path, sum(m.file_size for m in wanted), limit)
        seen: Seen = {}
        for member in wanted:
            label = f"{path}/{member.filename}"
            if why := _unsafe_member(member.filename):
                yield ReadError(label, f"{why} (refused)")
                continue
            yield from _read_member(archive, member, label, f"{path.name}/{member.filename}", seen)


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, name: str,
                 seen: Seen) -> Iterator[Document | ReadError]:
    """One zip member's documents; ``label`` (ZIP/MEMBER with the zip's path) is each document's path."""
    suffix = Path(member.filename).suffix.lower()
    try:
        with archive.open(member) as stream:
            if suffix in (".json", ".jsonl"):
                rows = _json_rows(stream, label) if suffix == ".json" else _json_lines(stream, label)
                yield from _rows(rows, label, name, seen)
                return
            raw_text = decode_bytes(stream.read(), label)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ReadError(label, f"cannot be decompressed ({exc})") from exc
    if suffix == ".csv":
        yield from _read_csv_text(raw_text.text, label, name, seen)
        return
    text, title = (raw_text.text, None) if suffix in TEXT_SUFFIXES else html_to_text(raw_text.text)
    _require_text(text, label)
    yield Document(doc_id=name, text=text, path=label, title=title, metadata={"encoding": raw_text.encoding})


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Files to read: folders are walked (sorted, hidden files skipped); metadata.csv is not an article."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED and child.name != METADATA_NAME \
                        and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED:
                yield ReadError(path, f"has an unsupported type '{path.suffix or 'none'}' "
                                      f"(supported: {', '.join(sorted(SUPPORTED))})")
            else:
                yield path
        else:
            yield ReadError(path, "does not exist")


def read_file(path: Path, metadata_cache: dict[Path, dict[str, dict[str, str]]],
              zip_limit: int = ZIP_LIMIT) -> Iterator[Document | ReadError]:
    """The documents of one file from ``expand_paths``; a problem with the whole file is yielded last.

    ``metadata_cache`` holds each folder's ``metadata.csv`` once read, shared across calls.
    """
    for item in _read_file(path, metadata_cache, zip_limit):
        yield item if isinstance(item, ReadError) else _without_nul(item)


NUL, REPLACEMENT = "\x00", "\ufffd"


def _without_nul(doc: Document) -> Document:
    """The document with every NUL character as U+FFFD, the replacement character, one for one, so
    every offset still points at the same character. NUL is no text, and PostgreSQL refuses it in a
    text column: one in a JSON string (``\\u0000``) or deep in a text file (past the first 4 KB, where
    a NUL means a binary file) stopped a whole ingest into a shared store."""
    for name in ("doc_id", "text", "title", "source", "url", "author"):
        if isinstance(value := getattr(doc, name), str):
            setattr(doc, name, value.replace(NUL, REPLACEMENT))
    doc.metadata = {k: v.replace(NUL, REPLACEMENT) if isinstance(v, str) else v for k, v in doc.metadata.items()}
    return doc


def _read_file(path: Path, metadata_cache: dict[Path, dict[str, dict[str, str]]],
               zip_limit: int) -> Iterator[Document | ReadError]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".zip":
            yield from read_zip(path, zip_limit)
        elif suffix in TABLE_SUFFIXES:
            yield from {".jsonl": read_jsonl, ".json": read_json, ".csv": read_csv}[suffix](path)
        else:
            folder = path.parent
            if folder not in metadata_cache:
                try:
                    metadata_cache[folder] = load_metadata(folder)
                except ReadError as exc:  # reported once; the articles are still read, without metadata
                    metadata_cache[folder] = {}
                    yield exc
            meta = metadata_cache[folder].get(path.name)
            yield read_txt(path, meta) if suffix in TEXT_SUFFIXES else read_html(path, meta)
    except ReadError as exc:
        yield exc


def read_documents(paths: Iterable[str | Path], zip_limit: int = ZIP_LIMIT) -> Iterator[Document | ReadError]:
    """Every document under ``paths``, in a stable order; unreadable files yield a ``ReadError`` instead."""
    metadata_cache: dict[Path, dict[str, dict[str, str]]] = {}
    for item in expand_paths(paths):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_file(item, metadata_cache, zip_limit)
