"""Benchmark: ingest speed and memory on SaudiNewsNet (../shared/bench/saudinewsnet), as the CLI runs.

For ``--jobs 1``, ``--jobs 2`` and a local Dask cluster of two workers, each both to JSON lines
and to a fresh store, prints the wall time, documents per second, MB of article text per second
(UTF-8 bytes of the articles processed; the zips on disk are about 3.5 times smaller) and the peak
memory of the process tree. Then the time of a re-run on the unchanged corpus against the first
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
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
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


def run(corpus: Path, *args: str) -> tuple[float, tuple[int, int, int], PeakMemory]:
    """``python -m extraction CORPUS ARGS``: wall time, (processed, unchanged, failed), peak memory."""
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
    return elapsed, tuple(int(g) for g in found.groups()), memory  # type: ignore[return-value]


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
        print(f"{'run':<36} {'time s':>8} {'docs/s':>8} {'MB/s':>7} {'peak MB (all/largest)':>23}")
        modes = [("jobs1", "--jobs 1", ["--jobs", "1"]), ("jobs2", "--jobs 2", ["--jobs", "2"])]
        if not args.no_dask:
            modes.append(("dask2", "Dask, 2 local workers", ["--workers", "2"]))
        first_store: dict[str, float] = {}
        for key, label, flags in modes:
            for target, out in (("JSON lines", ["--jsonl"]), ("store", ["--db", str(work / f"{key}.db")])):
                elapsed, (processed, _, failed), memory = run(work / "corpus", *out, *flags)
                if target == "store":
                    first_store[key] = elapsed
                print(f"{label + ' → ' + target:<36} {elapsed:8.1f} {processed / elapsed:8.1f} {mb / elapsed:7.3f} "
                      f"{memory.total / 2**20:11.0f} / {memory.largest / 2**20:.0f}"
                      + (f"  ({failed} failed)" if failed else ""))
        again, (processed, unchanged, _), _ = run(work / "corpus", "--db", str(work / "jobs2.db"), "--jobs", "2")
        print(f"unchanged re-run (--jobs 2 → store): {again:.1f} s, {again / first_store['jobs2']:.1%} of the "
              f"first run ({processed} processed, {unchanged} unchanged)")

        if args.rss_docs:
            written, rss_bytes = write_corpus(work / "copies", copies(source, args.rss_docs))
            elapsed, (processed, _, _), memory = run(work / "copies", "--db", str(work / "copies.db"), "--jobs", "2")
            print(f"memory at {written} articles ({rss_bytes / 1e6:.0f} MB of text, --jobs 2 → store): peak "
                  f"{memory.total / 2**20:.0f} MB over all processes (PSS), {memory.largest / 2**20:.0f} MB the "
                  f"largest (RSS); "
                  f"{elapsed:.0f} s, {processed / elapsed:.1f} docs/s")


if __name__ == "__main__":
    main()
