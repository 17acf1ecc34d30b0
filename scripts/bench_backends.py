"""Benchmark: the same ingest and the dashboard's reads on a SQLite file and on PostgreSQL.

Writes the first ``--limit`` SaudiNewsNet articles (or ``--corpus``, e.g. data/demo) in the shipped
layout to a temporary folder, runs ``python -m extraction --jobs N --db`` into a fresh SQLite file
and into a fresh schema of the PostgreSQL database at ``--pg`` (default $MAKAN_TEST_PG, as
``make postgres`` prints it), then times the aggregate reads the dashboard makes on each (median of
5). Prints wall seconds, articles per second and the CPU seconds of the CLI's processes (the
PostgreSQL server's own CPU is not in them). Figures, not assertions: the machine is shared.

usage: python scripts/bench_backends.py [--limit N | --corpus PATH] [--jobs N] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import ROOT, shared_dir  # noqa: E402
from bench_ingest import articles, write_corpus  # noqa: E402

from geo.store import Filters, Store  # noqa: E402


def ingest(corpus: Path, db: str, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds of one CLI run into ``db``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extraction", str(corpus), "--db", db, "--jobs", str(jobs), "--quiet"],
                   cwd=ROOT, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def median_ms(call: Callable[[], object]) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def reads(db: str) -> dict[str, float]:
    """Median milliseconds of the dashboard's reads, on a store opened once."""
    with Store(db) as store:
        top = store.place_counts().iloc[0]["place_id"]
        literal = Filters(senses=("literal",))
        return {"open": median_ms(lambda: Store(db).close()),
                "place_counts": median_ms(lambda: store.place_counts(literal)),
                "date_counts": median_ms(lambda: store.date_counts(literal)),
                "area_counts": median_ms(lambda: store.area_counts("governorate", literal)),
                "facet_values": median_ms(store.facet_values),
                "passage_page (top place)": median_ms(lambda: store.passage_page(top, literal)),
                "passage_count (top place)": median_ms(lambda: store.passage_count(top, literal))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=3000, help="SaudiNewsNet articles (default 3000)")
    parser.add_argument("--corpus", type=Path, help="a corpus folder instead of SaudiNewsNet")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pg", default=os.environ.get("MAKAN_TEST_PG"), help="a PostgreSQL URL")
    args = parser.parse_args()
    if not args.pg:
        sys.exit("no PostgreSQL: give --pg URL or set MAKAN_TEST_PG (make postgres prints one)")
    import psycopg

    with tempfile.TemporaryDirectory() as tmp, psycopg.connect(args.pg, autocommit=True) as admin:
        if args.corpus:
            corpus, label = args.corpus, str(args.corpus)
            count = sum(1 for _ in corpus.rglob("*") if _.is_file())
        else:
            corpus = Path(tmp) / "corpus"
            count, _ = write_corpus(corpus, islice(articles(shared_dir() / "bench" / "saudinewsnet"), args.limit))
            label = f"first {count} SaudiNewsNet articles"
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin.execute(f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in args.pg else "?"
        targets = {"SQLite": str(Path(tmp) / "bench.sqlite"),
                   "PostgreSQL": f"{args.pg}{separator}options={quote(f'-c search_path={schema},public')}"}
        try:
            print(f"{label}, --jobs {args.jobs}")
            for name, db in targets.items():
                wall, cpu = ingest(corpus, db, args.jobs)
                again, _ = ingest(corpus, db, args.jobs)
                print(f"{name}: ingest {wall:.1f} s wall ({count / wall:.0f} items/s), {cpu:.1f} s CPU of the CLI; "
                      f"unchanged re-run {again:.1f} s")
                print("  reads (median ms): " + ", ".join(f"{k} {v:.1f}" for k, v in reads(db).items()))
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
