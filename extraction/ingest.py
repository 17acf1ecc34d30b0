"""Where a run's results go: JSON lines on stdout, or the store, batch by batch.

Like ``pipeline.py`` this module composes stages (the runner and ``geo.store``); the CLI in
``__main__`` only parses arguments and calls ``to_jsonl`` or ``to_store``.

The store run passes over the files unchanged since the last run (``extraction.signatures``:
their stored documents count as seen, unread), skips documents whose content hash is stored
already (looked up a batch at a time), writes each batch of results in one transaction as it arrives (so the dashboard sees the
part already stored), and at the end hides the documents of the given corpus roots that were
not seen: their file was deleted. ``--prune`` deletes them instead.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from extraction.document import Document, ProcessedDocument
from extraction.pipeline import PIPELINE_VERSION, Failure, content_hash
from extraction.progress import Progress
from extraction.readers import EmptyText, ReadError
from extraction.runner import Executor, FileDone, Item, Outcome, Result, batched, file_size, in_order, read_items
from extraction.signatures import file_signature
from extraction.unique_ids import UniqueIds
from geo.corrections import CorrectionSet
from geo.store import DocumentRows, FileRecord, Store

Log = Callable[[str], None]


@dataclass(frozen=True)
class Unchanged:
    """A document whose stored version has the same content hash: not processed again."""

    doc_id: str
    missing: bool  # stored as missing (its file had gone), so it must be shown again


@dataclass
class Tally:
    """What a run did, for the summary line."""

    processed: int = 0
    unchanged: int = 0
    failed: int = 0
    empty: int = 0
    missing: int | None = None  # documents of the corpus roots whose file is gone (store runs only)
    pruned: int = 0
    files_unchanged: int | None = None  # files not read, unchanged since the last run (store runs only)

    def summary(self, target: str) -> str:
        line = (f"makan: {self.processed} processed, {self.unchanged} unchanged, {self.failed} failed -> {target}, "
                f"{self.empty} empty")
        return line + (f", {self.missing} missing" if self.missing is not None else "")


def _account(outcome: Outcome | Unchanged, tally: Tally, progress: Progress, log: Log) -> Result | None:
    """Count one outcome and report failures; the processed document (or what the executor's
    ``finish`` made of it), if that is what it is."""
    if isinstance(outcome, FileDone):
        progress.file_done(outcome.size)
    elif isinstance(outcome, EmptyText):
        tally.empty += 1
    elif isinstance(outcome, (ReadError, Failure)):
        log(f"makan: skipped {outcome}")
        tally.failed += 1
    elif isinstance(outcome, Unchanged):
        tally.unchanged += 1
        progress.doc_done()
    else:
        tally.processed += 1
        progress.doc_done()
        return outcome
    return None


@dataclass(frozen=True)
class JsonLines:
    """A processed document as its JSON lines, places then dates, each ending in a newline."""

    text: str


_encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps's bytes, without an encoder per line


def encode_lines(processed: ProcessedDocument, corrections: CorrectionSet | None = None) -> str:
    """A processed document's JSON lines, places then dates; with ``corrections``, place mentions
    as a user corrected them (those said to be no place left out)."""
    doc_id = processed.document.doc_id
    lines = []
    for place in processed.places:
        line = place.as_json(doc_id)
        if corrections is not None and (line := corrections.apply(line)) is None:
            continue
        lines.append(_encode(line) + "\n")
    lines.extend(_encode(date.as_json(doc_id)) + "\n" for date in processed.dates)
    return "".join(lines)


def json_lines(processed: ProcessedDocument) -> JsonLines:
    """The ``finish`` of a JSON lines run: encoded by the worker that processed the document, in
    parallel, and sent back as one string instead of mention objects (a sixth of the parent's work
    at ``--jobs 2`` was unpickling and encoding those)."""
    return JsonLines(encode_lines(processed))


def to_jsonl(files: Iterable[Path | ReadError], executor: Executor, out: TextIO, progress: Progress,
             log: Log, corrections: CorrectionSet | None = None, roots: Sequence[str] = ()) -> Tally:
    """Place then date mentions of each document as JSON lines, documents in input order; with
    ``corrections``, place mentions as a user corrected them (those said to be no place left out).
    Documents the executor finished with ``json_lines`` are written as the worker encoded them;
    corrections are loaded after the workers are forked, so they apply here, to ProcessedDocuments.
    A document whose id an earlier file of ``roots`` holds is renamed (``UniqueIds``)."""
    tally = Tally()
    for batch in in_order(UniqueIds(roots, log).batches(batched(read_items(files))), executor):
        for _, outcome in batch:
            result = _account(outcome, tally, progress, log)
            if isinstance(result, JsonLines):
                out.write(result.text)
            elif result is not None:
                out.write(encode_lines(result, corrections))
    return tally


@dataclass
class _Seen:
    """What the reader met: document ids, and files that could not be read (whose documents stay visible)."""

    doc_ids: set[str] = field(default_factory=set)
    unreadable: list[str] = field(default_factory=list)


def _skip_unchanged(batches: Iterable[list[Item]], store: Store, knowledge: str, digests: dict[int, str],
                    seen: _Seen) -> Iterator[list[Item | Unchanged]]:
    """Batches with unchanged documents replaced by ``Unchanged``; the others' hashes go to ``digests``,
    keyed by the document object's id (it stays in its batch until written), computed before processing."""
    for batch in batches:
        stored = store.stored_hashes([i.doc_id for i in batch if isinstance(i, Document)])
        out: list[Item | Unchanged] = []
        for item in batch:
            if isinstance(item, Document):
                seen.doc_ids.add(item.doc_id)
                digest = content_hash(item, knowledge)
                old = stored.get(item.doc_id)
                if old is not None and old[0] == digest:
                    out.append(Unchanged(item.doc_id, old[1]))
                    continue
                digests[id(item)] = digest
            elif isinstance(item, ReadError) and not isinstance(item, EmptyText):
                seen.unreadable.append(_file_of(item.path))
            out.append(item)
        yield out


def _file_of(where: str) -> str:
    """``FILE:ROW`` → ``FILE``: a bad row protects its whole file from being taken for deleted."""
    head, _, row = where.rpartition(":")
    return head if head and row.isdigit() else where


@dataclass(frozen=True)
class StorePlan:
    """A store run's files: those to read, and those passed over because their signature and the
    pipeline's knowledge are those recorded by the last run that read them whole."""

    knowledge: str  # the gazetteer fingerprint (content hashes include it)
    read: list[Path | ReadError]
    signatures: dict[str, str]  # absolute path of a file to read -> its signature, if it can be trusted
    unchanged: dict[str, tuple[int, FileRecord]]  # absolute path -> (size on disk, its record)
    forget: list[str]  # recorded files under the run's roots that are not passed over this time

    def reads_documents(self) -> bool:
        """Whether any file is to be read (else no pipeline or worker is needed)."""
        return any(isinstance(f, Path) for f in self.read)


def plan_store_run(files: list[Path | ReadError], records: dict[str, FileRecord], knowledge: str,
                   roots: list[str], started_ns: int) -> StorePlan:
    """Split ``files`` into those to read and those unchanged since ``records`` were written
    (``started_ns``: when this run started, ``time.time_ns()``)."""
    read: list[Path | ReadError] = []
    signatures: dict[str, str] = {}
    unchanged: dict[str, tuple[int, FileRecord]] = {}
    for file in files:
        if isinstance(file, Path):
            where = os.path.abspath(file)
            signature = file_signature(file, started_ns)
            record = records.get(where)
            if signature is not None and record is not None and record.signature == signature \
                    and record.knowledge == _versioned(knowledge):
                unchanged[where] = (file_size(file), record)
                continue
            if signature is not None:
                signatures[where] = signature
        read.append(file)
    under = [os.path.abspath(r) for r in roots]
    forget = [path for path in records if path not in unchanged and _inside(path, under)]
    return StorePlan(knowledge, read, signatures, unchanged, forget)


# The store is written in transactions of this many documents, or of what came within this many
# seconds: on SaudiNewsNet, one transaction per batch of 32 spent a third of the write in commits
# (3,960 articles: 4.8 s in batches of 32, 3.2 s in batches of 256). A kill loses at most that
# much work, which the next run does again; the dashboard shows new documents within the seconds.
WRITE_DOCUMENTS = 256
WRITE_SECONDS = 1.0


def _versioned(knowledge: str) -> str:
    """What a file's documents were processed with: the pipeline's rules and the gazetteer."""
    return f"{PIPELINE_VERSION}:{knowledge}"


@dataclass
class _FileTally:
    """What the reader met in the file being read, to record it once its last document is stored."""

    documents: int = 0
    empty: int = 0
    whole: bool = True  # no unreadable row, no document that failed


def to_store(plan: StorePlan, executor: Executor | None, store: Store, roots: list[str], progress: Progress,
             log: Log, prune: bool = False) -> Tally:
    """Process changed documents into ``store`` batch by batch, then hide (or prune) the deleted ones
    and record the files read whole. ``executor`` must finish its documents with
    ``geo.store.document_rows``; it may be None when the plan reads no file."""
    store.relax_durability()
    tally = Tally(files_unchanged=len(plan.unchanged))
    for size, record in plan.unchanged.values():
        tally.unchanged += record.documents
        tally.empty += record.empty
        progress.file_done(size)
        for _ in range(record.documents):
            progress.doc_done()
    digests: dict[int, str] = {}
    seen = _Seen()
    listing_errors = {id(f) for f in plan.read if isinstance(f, ReadError)}
    current, done = _FileTally(), []
    named = UniqueIds(roots, log, store.stored_paths).batches(batched(read_items(plan.read)))
    batches = _skip_unchanged(named, store, plan.knowledge, digests, seen)
    written: list[tuple[DocumentRows, str]] = []
    present: list[str] = []
    last_write = time.monotonic()
    for batch in in_order(batches, executor):  # type: ignore[arg-type]  # Unchanged rides along like a marker
        for item, outcome in batch:
            if isinstance(item, Document):
                digest = digests.pop(id(item))
            processed = _account(outcome, tally, progress, log)
            if processed is not None:
                written.append((processed, digest))
            elif isinstance(outcome, Unchanged) and outcome.missing:
                present.append(outcome.doc_id)
            current = _follow(item, outcome, current, listing_errors, plan, done)
        if (written or present) and (len(written) + len(present) >= WRITE_DOCUMENTS
                                     or time.monotonic() - last_write >= WRITE_SECONDS):
            store.write_rows(written, present)
            written, present, last_write = [], [], time.monotonic()
    if written or present:
        store.write_rows(written, present)
    missing = _gone(store, roots, seen, set(plan.unchanged))
    store.mark_missing(missing, datetime.now(timezone.utc).isoformat(timespec="seconds"))
    tally.pruned = store.prune_missing(missing) if prune else 0
    tally.missing = len(missing) - tally.pruned
    store.record_files(done, plan.forget)
    return tally


def _follow(item: Item | Unchanged, outcome: Outcome | Unchanged, current: _FileTally, listing_errors: set[int],
            plan: StorePlan, done: list[tuple[str, FileRecord]]) -> _FileTally:
    """Count ``item`` in the file being read; at its end (``FileDone``) the file's record goes to
    ``done`` if it was read whole with a trusted signature, and the next file starts."""
    if isinstance(item, (Document, Unchanged)):
        current.documents += 1
        current.whole = current.whole and not isinstance(outcome, Failure)
    elif isinstance(item, EmptyText):
        current.empty += 1
    elif isinstance(item, ReadError) and id(item) not in listing_errors:
        current.whole = False
    elif isinstance(item, FileDone):
        where = os.path.abspath(item.path)
        signature = plan.signatures.get(where)
        if current.whole and signature is not None:
            done.append((where, FileRecord(signature, _versioned(plan.knowledge), current.documents, current.empty)))
        return _FileTally()
    return current


def _gone(store: Store, roots: list[str], seen: _Seen, unchanged: set[str]) -> list[str]:
    """Stored documents whose path lies under one of ``roots`` but that this run did not see.

    Documents of other roots are never touched, nor those under a file that could not be read
    (an unreadable or vanished path is not evidence that its articles were deleted), nor those of
    the ``unchanged`` files passed over unread (their documents are those stored).
    """
    under = [os.path.abspath(r) for r in roots]
    kept = [os.path.abspath(p) for p in seen.unreadable]
    decided: dict[str, bool] = {}  # per path: a file's thousands of articles share one (a third of an unchanged run)
    gone = []
    for doc_id, path, _ in store.document_paths():
        if doc_id in seen.doc_ids or not path:
            continue
        if (hidden := decided.get(path)) is None:
            where = os.path.abspath(path)
            hidden = decided[path] = (_inside(where, under) and not _inside(where, kept)
                                      and not _in_file(where, unchanged))
        if hidden:
            gone.append(doc_id)
    return gone


def _inside(path: str, folders: list[str]) -> bool:
    return any(path == f or path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def _in_file(path: str, files: set[str]) -> bool:
    """Whether ``path`` is one of ``files`` or lies within one (a zip member ``/c/day.zip/day.json``):
    a set lookup per level of the path, not a scan of every file."""
    while path not in files:
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent
    return True
