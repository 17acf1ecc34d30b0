"""Processing batches on a Dask cluster (``--scheduler tcp://HOST:PORT``, or ``--workers N`` locally).

The client (the ``python -m extraction`` process) reads the corpus and submits batches of
documents as tasks; each worker process builds its ``Pipeline`` once, on its first task, and
keeps it; results come back to the client in submission order (``runner.in_order``), which alone
writes the store or prints JSON lines, so the output is the single-process output.

Workers need Makan installed (``pip install``) and the same gazetteer index
(``data/build/gazetteer.jsonl.gz``, built by ``python -m geo.gazetteer_build``): each batch's
result carries the worker's gazetteer fingerprint, and a worker with another index stops the run
with an error rather than mixing two gazetteers in one store.
"""

from __future__ import annotations

import threading
from typing import Any

from extraction.document import Document
from extraction.pipeline import Pipeline
from extraction.runner import Finish, Result, process_batch

_pipeline: Pipeline | None = None
_lock = threading.Lock()


def _worker_pipeline() -> Pipeline:
    """This worker process's Pipeline, built on first use (a worker may run several threads)."""
    global _pipeline
    with _lock:
        if _pipeline is None:
            _pipeline = Pipeline().prepare()  # under the lock: the worker's threads share one
        return _pipeline


def process_on_worker(docs: list[Document], finish: Finish | None = None) -> tuple[str, list[Result]]:
    """A batch's results (``runner.process_batch``), with the fingerprint of the gazetteer that produced them."""
    pipeline = _worker_pipeline()
    return pipeline.knowledge, process_batch(pipeline, docs, finish)


class GazetteerMismatch(RuntimeError):
    """A worker's gazetteer index differs from the client's."""


class _Checked:
    """A batch's task on the cluster; its results once the worker's gazetteer is checked to be ours."""

    def __init__(self, task: Any, knowledge: str) -> None:
        self._task, self._knowledge = task, knowledge

    def result(self) -> list[Result]:
        knowledge, results = self._task.result()
        if knowledge != self._knowledge:
            raise GazetteerMismatch(
                f"a Dask worker's gazetteer index (fingerprint {knowledge}) differs from this one "
                f"({self._knowledge}): install the same data/build/gazetteer.jsonl.gz on every worker")
        return results


class DaskExecutor:
    """Submits batches to a Dask cluster: an existing one (``scheduler``) or a local one of ``workers``."""

    def __init__(self, knowledge: str, scheduler: str | None = None, workers: int | None = None,
                 finish: Finish | None = None) -> None:
        from dask.distributed import Client, LocalCluster

        self._knowledge, self._finish = knowledge, finish
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler, timeout="30s")
        else:
            self._cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        self.window = 2 * max(sum(self._client.nthreads().values()), 1)

    def submit(self, docs: list[Document]) -> _Checked:
        return _Checked(self._client.submit(process_on_worker, docs, self._finish, pure=False), self._knowledge)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
