"""Running the pipeline over a corpus: read in order, process in batches, hand back in input order.

Like spaCy's ``nlp.pipe(texts, batch_size=..., n_process=...)``, speed comes from batches and
processes rather than from the per-document code: the parent reads documents (streaming, one file
at a time), groups them in batches and submits each batch to an ``Executor``, in this process, to
forked worker processes, or to a Dask cluster (``extraction.distributed``). At most
``executor.window`` batches are in flight, and results come back in submission order, so the
output of ``--jobs 4`` is the output of ``--jobs 1`` line for line, and memory stays bounded
whatever the size of the corpus.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from extraction.document import Document, ProcessedDocument
from extraction.pipeline import Pipeline
from extraction.readers import ZIP_LIMIT, ReadError, expand_paths, read_file

BATCH_SIZE = 32  # documents per batch: one task for a worker, one transaction for the store


@dataclass(frozen=True)
class FileDone:
    """Marks the end of a file's documents in the stream, so progress counts files and bytes in order."""

    path: str
    size: int


Item = Document | ReadError | FileDone  # what the reader yields (EmptyText is a ReadError)
# What a worker makes of a processed document before sending it back (JSON lines, say): work done in
# parallel, and far less to pickle and unpickle than the mention objects.
Finish = Callable[[ProcessedDocument], Any]
Result = Any  # a ProcessedDocument or a Failure, or what a Finish made of the ProcessedDocument
Outcome = Result | ReadError | FileDone


class Pending(Protocol):
    """A submitted batch (a ``concurrent.futures`` or Dask future): ``result`` waits for it."""

    def result(self) -> list[Result]: ...


class Executor(Protocol):
    """Processes batches of documents somewhere; ``submit`` returns the pending batch at once."""

    window: int  # batches submitted ahead of the one being collected

    def submit(self, docs: list[Document]) -> Pending: ...

    def close(self) -> None: ...


def corpus_files(paths: Iterable[str | Path]) -> list[Path | ReadError]:
    """The files to read (and the paths that cannot be), listed before reading so progress has totals."""
    return list(expand_paths(paths))


def read_items(files: Iterable[Path | ReadError], zip_limit: int = ZIP_LIMIT) -> Iterator[Item]:
    """Every document of ``files`` in order, each file followed by its ``FileDone``."""
    metadata_cache: dict[Path, dict[str, dict[str, str]]] = {}
    for file in files:
        if isinstance(file, ReadError):
            yield file
            continue
        yield from read_file(file, metadata_cache, zip_limit)
        yield FileDone(str(file), file_size(file))


def file_size(path: Path) -> int:
    """Bytes on disk (0 if the file has gone since it was listed: it is then reported as unreadable)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def batched(items: Iterable[Item], size: int = BATCH_SIZE) -> Iterator[list[Item]]:
    """Items grouped so that each group holds ``size`` documents (markers and errors ride along)."""
    batch: list[Item] = []
    docs = 0
    for item in items:
        batch.append(item)
        if isinstance(item, Document):
            docs += 1
            if docs == size:
                yield batch
                batch, docs = [], 0
    if batch:
        yield batch


def in_order(batches: Iterable[list[Item]], executor: Executor | None) -> Iterator[list[tuple[Item, Outcome]]]:
    """Each batch's items paired with their outcomes, batches in input order.

    Documents go to ``executor`` (a batch per task, ``executor.window`` tasks ahead); other items
    are their own outcome, so a caller skips a document by replacing it in the batch. A batch
    without documents is not submitted, so ``executor`` may be None when there are none at all.
    """
    pending: deque[tuple[list[Item], Pending]] = deque()
    window = executor.window if executor is not None else 0
    for batch in batches:
        docs = [i for i in batch if isinstance(i, Document)]
        if docs and executor is None:
            raise ValueError("documents to process, but no executor to process them")
        pending.append((batch, executor.submit(docs) if docs and executor is not None else _NOTHING))
        while len(pending) > window:
            yield _merge(*pending.popleft())
    while pending:
        yield _merge(*pending.popleft())


_NOTHING: Future[list[Result]] = Future()  # the outcome of a batch without documents
_NOTHING.set_result([])


def _merge(batch: list[Item], pending: Pending) -> list[tuple[Item, Outcome]]:
    results = iter(pending.result())
    return [(item, next(results) if isinstance(item, Document) else item) for item in batch]


def process_batch(pipeline: Pipeline, docs: list[Document], finish: Finish | None) -> list[Result]:
    """Each document processed, and made into what ``finish`` makes of it (failures as they are)."""
    results: list[Result] = []
    for doc in docs:
        result = pipeline.try_process(doc)
        results.append(finish(result) if finish is not None and isinstance(result, ProcessedDocument) else result)
    return results


class InProcess:
    """Batches processed here, one after the other (``--jobs 1``)."""

    window = 0

    def __init__(self, pipeline: Pipeline, finish: Finish | None = None) -> None:
        self._pipeline, self._finish = pipeline, finish

    def submit(self, docs: list[Document]) -> Future[list[Result]]:
        future: Future[list[Result]] = Future()
        future.set_result(process_batch(self._pipeline, docs, self._finish))
        return future

    def close(self) -> None:
        pass


_FORKED: tuple[Pipeline, Finish | None] | None = None  # set in the parent just before forking; workers inherit it


def _process_forked(docs: list[Document]) -> list[Result]:
    assert _FORKED is not None, "ForkPool workers must be forked from a parent holding a Pipeline"
    pipeline, finish = _FORKED
    return process_batch(pipeline, docs, finish)


def _die_with_parent(parent: int) -> None:
    """Make a forked worker end when its parent does (Linux's parent-death signal).

    A parent killed outright (SIGKILL, the OOM killer) cannot shut its pool down: its workers would
    wait for work forever, holding the parent's stderr open, so whoever reads it (the dashboard's
    processing) would never see the run end."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: workers outlive a killed parent there
        return
    prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


class ForkPool:
    """Batches processed by ``jobs`` forked worker processes (``--jobs N``).

    The workers are forked from a parent that already holds the built ``Pipeline``, so none of them
    reloads the gazetteer, and its memory is shared copy-on-write. A worker that dies (killed for
    memory, say) breaks the pool with an error rather than hanging the run; a parent that dies takes
    its workers with it.
    """

    def __init__(self, pipeline: Pipeline, jobs: int, finish: Finish | None = None) -> None:
        global _FORKED
        _FORKED = (pipeline.prepare(), finish)
        self.window = 2 * jobs
        self._pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_die_with_parent, initargs=(os.getpid(),))
        self._pool.submit(int).result()  # fork every worker now, before the caller starts threads or opens files

    def submit(self, docs: list[Document]) -> Future[list[Result]]:
        return self._pool.submit(_process_forked, docs)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def local_executor(pipeline: Pipeline, jobs: int, finish: Finish | None = None) -> Executor:
    """In this process for one job, else a pool of forked workers."""
    return InProcess(pipeline, finish) if jobs <= 1 else ForkPool(pipeline, jobs, finish)
