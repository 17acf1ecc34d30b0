"""Where a run's results go: JSON lines on stdout, or the store, batch by batch.

Like ``pipeline.py`` this module composes stages (the runner and ``geo.store``); the CLI in
``__main__`` only parses arguments and calls ``to_jsonl`` or ``to_store``.

The store run skips documents whose content hash is stored already (looked up a batch at a
time), writes each batch of results in one transaction as it arrives (so the dashboard sees the
part already stored), and at the end hides the documents of the given corpus roots that were
not seen: their file was deleted. ``--prune`` deletes them instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from extraction.document import Document, ProcessedDocument
from extraction.pipeline import Failure, content_hash
from extraction.progress import Progress
from extraction.readers import EmptyText, ReadError
from extraction.runner import Executor, FileDone, Item, Outcome, batched, in_order, read_items
from geo.corrections import CorrectionSet
from geo.store import Store

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

    def summary(self, target: str) -> str:
        line = (f"makan: {self.processed} processed, {self.unchanged} unchanged, {self.failed} failed -> {target}, "
                f"{self.empty} empty")
        return line + (f", {self.missing} missing" if self.missing is not None else "")


def _account(outcome: Outcome | Unchanged, tally: Tally, progress: Progress, log: Log) -> ProcessedDocument | None:
    """Count one outcome and report failures; the processed document, if that is what it is."""
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


def to_jsonl(files: Iterable[Path | ReadError], executor: Executor, out: TextIO, progress: Progress,
             log: Log, corrections: CorrectionSet | None = None) -> Tally:
    """Place then date mentions of each document as JSON lines, documents in input order; with
    ``corrections``, place mentions as a user corrected them (those said to be no place left out)."""
    tally = Tally()
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps's bytes, without an encoder per line
    for batch in in_order(batched(read_items(files)), executor):
        for _, outcome in batch:
            processed = _account(outcome, tally, progress, log)
            if processed is None:
                continue
            doc_id = processed.document.doc_id
            for place in processed.places:
                line = place.as_json(doc_id)
                if corrections is not None and (line := corrections.apply(line)) is None:
                    continue
                out.write(encode(line) + "\n")
            for date in processed.dates:
                out.write(encode(date.as_json(doc_id)) + "\n")
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


def to_store(files: Iterable[Path | ReadError], executor: Executor, store: Store, knowledge: str,
             roots: list[str], progress: Progress, log: Log, prune: bool = False) -> Tally:
    """Process changed documents into ``store`` batch by batch, then hide (or prune) the deleted ones."""
    tally = Tally()
    digests: dict[int, str] = {}
    seen = _Seen()
    batches = _skip_unchanged(batched(read_items(files)), store, knowledge, digests, seen)
    for batch in in_order(batches, executor):  # type: ignore[arg-type]  # Unchanged rides along like a marker
        written: list[tuple[ProcessedDocument, str]] = []
        present: list[str] = []
        for item, outcome in batch:
            if isinstance(item, Document):
                digest = digests.pop(id(item))
            processed = _account(outcome, tally, progress, log)
            if processed is not None:
                written.append((processed, digest))
            elif isinstance(outcome, Unchanged) and outcome.missing:
                present.append(outcome.doc_id)
        if written or present:
            store.write_batch(written, present)
    missing = _gone(store, roots, seen)
    store.mark_missing(missing, datetime.now(timezone.utc).isoformat(timespec="seconds"))
    tally.pruned = store.prune_missing(missing) if prune else 0
    tally.missing = len(missing) - tally.pruned
    return tally


def _gone(store: Store, roots: list[str], seen: _Seen) -> list[str]:
    """Stored documents whose path lies under one of ``roots`` but that this run did not see.

    Documents of other roots are never touched, nor those under a file that could not be read
    (an unreadable or vanished path is not evidence that its articles were deleted).
    """
    under = [os.path.abspath(r) for r in roots]
    kept = [os.path.abspath(p) for p in seen.unreadable]

    def inside(path: str, folders: list[str]) -> bool:
        return any(path == f or path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)

    gone = []
    for doc_id, path, _ in store.document_paths():
        if doc_id in seen.doc_ids or not path:
            continue
        where = os.path.abspath(path)
        if inside(where, under) and not inside(where, kept):
            gone.append(doc_id)
    return gone
