"""Benchmark: ingest speed and memory on SaudiNewsNet (../shared/bench/saudinewsnet), as the CLI runs.

For ``--jobs 1``, ``--jobs 2`` and a local Dask cluster of two workers, each both to JSON lines
and to a fresh store, prints the wall time, documents per second, MB of article text per second
(UTF-8 bytes of the articles processed; the zips on disk are about 3.5 times smaller), the CPU
time of the process tree (the figure to compare on a shared machine, where wall time depends on the
neighbours) and its peak memory. Then the time of a re-run on the unchanged corpus against the first
run, and the peak memory of a store run over ``--rss-docs`` articles (SaudiNewsNet over again with
changed ids, to 100,000 by default). The corpus is rewritten, in the shipped layout (one zip of one
JSON array per day), into a temporary folder, limited to the first ``--limit`` articles.

Figures, not assertions: the machines are shared and noisy.

usage: python scripts/bench_ingest.py [--limit N] [--rss-docs N] [--no-dask]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import ROOT, shared_dir  # noqa: E402

SUMMARY = re.compile(r"makan: (\d+) processed, (\d+) unchanged, (\d+) failed")


def articles(source: Path) -> Iterator[tuple[str, dict]]:
    """(day, article) for every article of the shipped zips, in order, one day's array at a time."""
    for archive in sorted(source.glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for member in sorted(zf.namelist()):
                for article in json.loads(zf.read(member)):
                    yield archive.stem, article


def write_corpus(folder: Path, rows: Iterator[tuple[str, dict]]) -> tuple[int, int]:
    """Rows written as one zip of one JSON array per day; (articles, UTF-8 bytes of their text)."""
    folder.mkdir(parents=True)
    count = text_bytes = 0
    for day, group in itertools.groupby(rows, key=lambda row: row[0]):
        batch = [article for _, article in group]
        count += len(batch)
        text_bytes += sum(len((a.get("content") or "").encode("utf-8")) for a in batch)
        with zipfile.ZipFile(folder / f"{day}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{day}.json", json.dumps(batch, ensure_ascii=False))
    return count, text_bytes


def copies(source: Path, total: int) -> Iterator[tuple[str, dict]]:
    """SaudiNewsNet over and over, each copy's articles given new ids, until ``total`` articles."""
    for copy in itertools.count():
        for number, (day, article) in enumerate(articles(source)):
            if total <= 0:
                return
            total -= 1
            yield f"c{copy}-{day}", {**article, "id": f"copy{copy}-{day}-{number}"}


class PeakMemory:
    """Samples the memory of a process and its children: ``total``, their summed proportional set
    size (pages shared after a fork counted once), and ``largest``, the largest one's resident size."""

    def __init__(self, pid: int) -> None:
        self._root = psutil.Process(pid)
        self.total = self.largest = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.2):
            try:
                procs = [self._root, *self._root.children(recursive=True)]
                shares = [p.memory_full_info() for p in procs]
            except psutil.Error:
                continue
            self.total = max(self.total, sum(m.pss for m in shares))
            self.largest = max(self.largest, max(m.rss for m in shares))

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


@dataclass
class Run:
    """One ``python -m extraction`` run as measured."""

    wall: float  # seconds
    cpu: float  # seconds of CPU over the process tree: on a shared machine, the figure that does not lie
    processed: int
    unchanged: int
    failed: int
    memory: PeakMemory


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(corpus: Path, *args: str) -> Run:
    """``python -m extraction CORPUS ARGS``, timed and sampled."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "extraction", str(corpus), *args, "--progress", "none"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(proc.pid)
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - start
    memory.stop()
    found = SUMMARY.search(stderr)
    if proc.returncode != 0 or not found:
        sys.exit(f"python -m extraction {corpus} {' '.join(args)} failed ({proc.returncode}):\n{stderr}")
    processed, unchanged, failed = (int(g) for g in found.groups())
    return Run(elapsed, _children_cpu() - cpu, processed, unchanged, failed, memory)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="first N articles only (default: all 31,030)")
    parser.add_argument("--rss-docs", type=int, default=100_000, help="articles in the memory run (0: skip it)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    args = parser.parse_args()
    source = shared_dir() / "bench" / "saudinewsnet"
    if not source.is_dir():
        sys.exit(f"{source} is missing")

    with tempfile.TemporaryDirectory(prefix="makan-bench-") as tmp:
        work = Path(tmp)
        rows = articles(source)
        count, text_bytes = write_corpus(work / "corpus", itertools.islice(rows, args.limit) if args.limit else rows)
        mb = text_bytes / 1e6
        print(f"SaudiNewsNet: {count} articles, {mb:.1f} MB of text, "
              f"{sum(p.stat().st_size for p in (work / 'corpus').iterdir()) / 1e6:.1f} MB of zips")
        print(f"{'run':<36} {'wall s':>7} {'CPU s':>7} {'docs/s':>7} {'MB/s':>6} {'peak MB (all/largest)':>22}")
        modes = [("jobs1", "--jobs 1", ["--jobs", "1"]), ("jobs2", "--jobs 2", ["--jobs", "2"])]
        if not args.no_dask:
            modes.append(("dask2", "Dask, 2 local workers", ["--workers", "2"]))
        first_store: dict[str, float] = {}
        for key, label, flags in modes:
            for target, out in (("JSON lines", ["--jsonl"]), ("store", ["--db", str(work / f"{key}.db")])):
                done = run(work / "corpus", *out, *flags)
                if target == "store":
                    first_store[key] = done.wall
                print(f"{label + ' → ' + target:<36} {done.wall:7.1f} {done.cpu:7.1f} {done.processed / done.wall:7.1f} "
                      f"{mb / done.wall:6.3f} {done.memory.total / 2**20:11.0f} / {done.memory.largest / 2**20:.0f}"
                      + (f"  ({done.failed} failed)" if done.failed else ""))
        again = run(work / "corpus", "--db", str(work / "jobs2.db"), "--jobs", "2")
        print(f"unchanged re-run (--jobs 2 → store): {again.wall:.1f} s, {again.wall / first_store['jobs2']:.1%} of "
              f"the first run ({again.processed} processed, {again.unchanged} unchanged)")

        if args.rss_docs:
            written, rss_bytes = write_corpus(work / "copies", copies(source, args.rss_docs))
            done = run(work / "copies", "--db", str(work / "copies.db"), "--jobs", "2")
            print(f"memory at {written} articles ({rss_bytes / 1e6:.0f} MB of text, --jobs 2 → store): peak "
                  f"{done.memory.total / 2**20:.0f} MB over all processes (PSS), {done.memory.largest / 2**20:.0f} MB "
                  f"the largest (RSS); {done.wall:.0f} s, {done.processed / done.wall:.1f} docs/s")


if __name__ == "__main__":
    main()
