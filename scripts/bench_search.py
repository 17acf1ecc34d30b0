"""Search latency on all of SaudiNewsNet: every read the page makes for a search, as the page makes it.

Builds (or reuses) a store of the 31,030 articles with ``python -m extraction ... --db --jobs 2``;
opening a store written before search indexes it first (the migration's time is printed). Then, for
a set of realistic queries (common and rare words, clitic forms, quoted phrases, Latin place names),
times the dashboard's reads under the default filters (literal mentions), each through a freshly
opened store as ``makan_ui.reads.read`` does: place counts (the map), date counts and undated count (the
timeline), passage count and first page (the reader). Prints per query and the median and maximum
of a whole search (the sum of those reads) and of a single read; each figure is the median of
``--repeat`` runs.

    python scripts/bench_search.py [--db /tmp/makan-bench/saudinewsnet.sqlite] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts._shared import shared_dir  # noqa: E402

from extraction.search_terms import PlaceNames  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.store import Filters, Store  # noqa: E402

QUERIES = ["حمص", "سوريا", "السعودية", "الرياض", "مجلس الأمن", '"وزارة الداخلية"', '"الغوطة الشرقية"', "داعش",
           "انفجار", "الحوثيين", "اليمن عدن", "٢٠١٥", "بالرياض", '"خادم الحرمين الشريفين"', "مكة المكرمة", "النفط",
           "Homs", "Riyadh", "Deir ez-Zor", "Aleppo"]
READS = ("place_counts", "date_counts", "undated_count", "passage_count", "passage_page")


def build(db: Path) -> None:
    """The store of all SaudiNewsNet, unless it is already there."""
    if db.exists():
        print(f"reusing {db}")
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extraction", str(shared_dir() / "bench" / "saudinewsnet"), "--db", str(db),
                    "--jobs", "2", "--progress", "none"], cwd=ROOT, check=True)
    print(f"built {db} in {time.perf_counter() - start:.1f} s")


def timed_read(db: Path, what: str, filters: Filters) -> tuple[float, object]:
    """One read through a store opened for it, as the dashboard's cached ``read`` does on a miss."""
    start = time.perf_counter()
    with Store(db) as store:
        if what in ("passage_count", "passage_page"):
            result = getattr(store, what)(None, filters)
        else:
            result = getattr(store, what)(filters)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/makan-bench/saudinewsnet.sqlite"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    build(args.db)
    start = time.perf_counter()
    with Store(args.db) as store:  # a store from before search is indexed here, once
        passages = store._conn.execute("SELECT COUNT(*) FROM passage_terms").fetchone()[0]
    print(f"opened (and indexed if needed) in {time.perf_counter() - start:.1f} s: {passages:,} passages indexed, "
          f"store {args.db.stat().st_size / 1e6:.0f} MB")
    names = PlaceNames.of(load_gazetteer())
    searches, singles = [], []
    print(f"{'query':<28} {'passages':>8} {'places':>6}  " + "  ".join(f"{r:>13}" for r in READS) + "   search s")
    for text in QUERIES:
        filters = Filters(senses=("literal",), search=names.parse(text))
        times = {what: [] for what in READS}
        for _ in range(args.repeat):
            for what in READS:
                seconds, result = timed_read(args.db, what, filters)
                times[what].append(seconds)
                if what == "passage_count":
                    count = result
                elif what == "place_counts":
                    places = len(result)
        median = {what: statistics.median(v) for what, v in times.items()}
        total = sum(median.values())
        searches.append(total)
        singles.extend(median.values())
        print(f"{text:<28} {count:>8,} {places:>6}  " + "  ".join(f"{median[r]:>13.3f}" for r in READS)
              + f"   {total:.3f}")
    print(f"\n{len(QUERIES)} queries, median of {args.repeat} runs each")
    print(f"a whole search (the {len(READS)} reads): median {statistics.median(searches):.3f} s, "
          f"max {max(searches):.3f} s")
    print(f"a single read: median {statistics.median(singles):.3f} s, max {max(singles):.3f} s")


if __name__ == "__main__":
    main()
