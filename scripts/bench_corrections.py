"""What place corrections cost the dashboard's reads: each read timed on a store without corrections,
then with a few corpus-wide ones (and one per scope), on a copy of the store (the original is untouched).

    python scripts/bench_corrections.py --db STORE [--corrections 5] [--repeat 5]

Build a SaudiNewsNet store first: ``python -m extraction ../shared/bench/saudinewsnet --db STORE``.
Prints the median milliseconds of each read before and after.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.corrections import PlaceCorrection  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.store import Filters, Store  # noqa: E402


def _median_ms(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def _reads(store: Store, place_id: str) -> dict[str, object]:
    literal = Filters(senses=("literal",))
    return {
        "place_counts": lambda: store.place_counts(literal),
        "area_counts": lambda: store.area_counts("governorate", literal),
        "date_counts": lambda: store.date_counts(literal),
        "undated_count": lambda: store.undated_count(literal),
        "facet_values": store.facet_values,
        "passage_page": lambda: store.passage_page(place_id, literal),
        "passage_count": lambda: store.passage_count(place_id, literal),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--corrections", type=int, default=5, help="corpus-wide corrections to record")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store.sqlite"
        source, target_db = sqlite3.connect(args.db), sqlite3.connect(copy)
        source.backup(target_db)  # a consistent copy, the WAL's pages included
        source.close()
        target_db.close()
        with Store(copy) as store:
            counts = store.place_counts()
            top = counts.iloc[0]["place_id"]
            mentions = store.mentions(Filters(place_ids=tuple(counts["place_id"].head(40))))
            print(f"store: {len(store.documents())} documents, {int(counts['mentions'].sum())} mentions with a point, "
                  f"{len(counts)} places")
            before = {name: _median_ms(call, args.repeat) for name, call in _reads(store, top).items()}
            gazetteer = load_gazetteer()
            target = gazetteer.get("sy_hama")
            surfaces = [s for s in mentions["text"].value_counts().index][: args.corrections]
            moved = int(mentions["text"].isin(surfaces).sum())
            for surface in surfaces:
                store.correct_place(PlaceCorrection("corpus", "move", surface, "bench", place=target))
            first = mentions.iloc[0]
            store.correct_place(PlaceCorrection("document", "sense", first["text"], "bench", doc_id=first["doc_id"],
                                                sense="metonymic"))
            store.correct_place(PlaceCorrection("mention", "not_place", first["text"], "bench",
                                                doc_id=first["doc_id"], start=int(first["start"]),
                                                end=int(first["end"])))
            print(f"corrections: {len(surfaces)} corpus-wide moves of the most frequent names "
                  f"({moved} of the top places' mentions), one document sense, one mention 'not a place'")
            after = {name: _median_ms(call, args.repeat) for name, call in _reads(store, "sy_hama").items()}
        print(f"{'read':<16}{'none (ms)':>12}{'corrected (ms)':>16}")
        for name in before:
            print(f"{name:<16}{before[name]:>12.1f}{after[name]:>16.1f}")


if __name__ == "__main__":
    main()
