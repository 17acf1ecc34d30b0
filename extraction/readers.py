"""Read articles from files into ``Document`` records; errors name the file and the problem.

Accepted: ``.txt`` (UTF-8, UTF-8/UTF-16 with a BOM, or Windows-1256, detected), ``.jsonl`` and
``.csv`` (column ``text``, optional ``id``, ``title``, ``date``, ``url``, ``source``, ``author``),
``.html``/``.htm`` (visible text only). A ``metadata.csv`` beside ``.txt``/``.html`` files
(columns ``file``, ``date``, ``source``, ``title``, ``url``, ``author``) supplies their metadata.

A document's ``text`` is exactly what Python reads (for HTML: the visible text we extract), so
offsets into it stay valid for every later stage.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from extraction.document import Document

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
TABLE_SUFFIXES = {".jsonl", ".csv"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES
METADATA_NAME = "metadata.csv"
_META_FIELDS = ("title", "date", "source", "url", "author")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")

csv.field_size_limit(2**31 - 1)


class ReadError(Exception):
    """A file (or one row of it) that could not be read; the message names it and says why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


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
    if b"\x00" in data[:4096]:
        raise ReadError(path, "looks binary (NUL bytes) and has no UTF-16 byte-order mark")
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
    for key in _META_FIELDS:
        value = (meta.get(key) or "").strip()
        if value:
            setattr(doc, key, value)
    doc.metadata.update({k: v for k, v in meta.items() if k not in _META_FIELDS and k != "file" and v})
    return doc


def read_txt(path: Path, meta: dict[str, str] | None = None) -> Document:
    raw = read_text_file(path)
    doc = Document(doc_id=path.name, text=raw.text, path=str(path), metadata={"encoding": raw.encoding})
    return _apply_metadata(doc, meta or {})


def read_html(path: Path, meta: dict[str, str] | None = None) -> Document:
    raw = read_text_file(path)
    text, title = html_to_text(raw.text)
    doc = Document(doc_id=path.name, text=text, path=str(path), title=title, metadata={"encoding": raw.encoding})
    return _apply_metadata(doc, meta or {})


def _row_document(path: Path, row_number: int, row: dict[str, object]) -> Document:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError(f"{path}:{row_number}", "has no 'text' (or it is empty)")
    doc_id = str(row.get("id") or "").strip() or f"{path.name}:{row_number}"
    doc = Document(doc_id=doc_id, text=text, path=str(path))
    meta = {k: str(v) for k, v in row.items() if k not in ("text", "id") and v not in (None, "")}
    return _apply_metadata(doc, meta)


def read_jsonl(path: Path) -> Iterator[Document | ReadError]:
    """One document per JSON line; a bad line is reported and the others still read."""
    raw = read_text_file(path)
    for number, line in enumerate(raw.text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(f"{path}:{number}", f"is not valid JSON ({exc.msg})")
            continue
        if not isinstance(row, dict):
            yield ReadError(f"{path}:{number}", "is not a JSON object")
            continue
        try:
            yield _row_document(path, number, row)
        except ReadError as exc:
            yield exc


def read_csv(path: Path) -> Iterator[Document | ReadError]:
    """One document per CSV row (header required, with a ``text`` column)."""
    raw = read_text_file(path)
    reader = csv.DictReader(io.StringIO(raw.text, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise ReadError(path, f"has no 'text' column (columns: {', '.join(reader.fieldnames or []) or 'none'})")
    for number, row in enumerate(reader, start=1):
        try:
            yield _row_document(path, number, dict(row))
        except ReadError as exc:
            yield exc


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


def read_documents(paths: Iterable[str | Path]) -> Iterator[Document | ReadError]:
    """Every document under ``paths``, in a stable order; unreadable files yield a ``ReadError`` instead."""
    metadata_cache: dict[Path, dict[str, dict[str, str]]] = {}
    for item in expand_paths(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        suffix = item.suffix.lower()
        try:
            if suffix in TABLE_SUFFIXES:
                yield from (read_jsonl(item) if suffix == ".jsonl" else read_csv(item))
                continue
            folder = item.parent
            if folder not in metadata_cache:
                try:
                    metadata_cache[folder] = load_metadata(folder)
                except ReadError as exc:  # reported once; the articles are still read, without metadata
                    metadata_cache[folder] = {}
                    yield exc
            meta = metadata_cache[folder].get(item.name)
            yield read_txt(item, meta) if suffix in TEXT_SUFFIXES else read_html(item, meta)
        except ReadError as exc:
            yield exc
