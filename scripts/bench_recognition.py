"""Benchmark: location recognition on outside test sets, and extraction speed and memory.

Prints, for ANERcorp (news sentences, LOC spans) and IDRISI (tweets, spans with coordinates),
the score line of ``shared/eval/score.py --all-docs``, plus documents per second and the peak
memory of the extraction process. Figures, not assertions: these machines are shared and noisy.

usage: python scripts/bench_recognition.py [--details]
"""

from __future__ import annotations

import json
import math
import resource
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import ROOT, extract_jsonl, score, shared_dir  # noqa: E402

SETS = {
    "ANERcorp LOC": ("reference/anercorp/anercorp_part1_docs.jsonl", "reference/anercorp/anercorp_part1_gold.jsonl"),
    "IDRISI dev": ("reference/idrisi/idrisi_dev_docs.jsonl", "reference/idrisi/idrisi_dev_gold.jsonl"),
    # Our own 40 paragraphs with gold (data/eval/), written as traps for a Syrian-news geoparser.
    "Makan team set": (ROOT / "data" / "eval" / "team_docs.jsonl", ROOT / "data" / "eval" / "team_gold.jsonl"),
    # A second set, annotated before the tool ever ran on it: held out until its first score.
    "Makan held-out set": (ROOT / "data" / "eval" / "heldout_docs.jsonl",
                           ROOT / "data" / "eval" / "heldout_gold.jsonl"),
}
# IDRISI's annotators mark each distinct toponym once per tweet (the first occurrence; repeated
# hashtags are not marked again), so we also report a figure with our output folded the same way.
ONCE_PER_DOC = {"IDRISI dev"}


def first_mention_per_doc(src: Path, dst: Path) -> None:
    """Keep the first place mention of each (document, place or surface) pair, as IDRISI annotates."""
    seen: set[tuple[str, str]] = set()
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        for line in fin:
            row = json.loads(line)
            if row.get("type") == "place":
                key = (row["doc"], row.get("place_id") or row["text"])
                if key in seen:
                    continue
                seen.add(key)
            fout.write(line)


def distances_km(gold: Path, pred: Path) -> list[float]:
    """Great-circle distance from each gold place with coordinates to the overlapping resolved prediction."""
    predictions: dict[str, list[dict]] = {}
    for line in pred.open(encoding="utf-8"):
        row = json.loads(line)
        if row.get("type") == "place" and row.get("lat") is not None:
            predictions.setdefault(row["doc"], []).append(row)
    out = []
    for line in gold.open(encoding="utf-8"):
        g = json.loads(line)
        if g.get("lat") is None:
            continue
        hit = next((p for p in predictions.get(g["doc"], []) if p["start"] < g["end"] and g["start"] < p["end"]), None)
        if hit is not None:
            out.append(_km(g["lat"], g["lon"], hit["lat"], hit["lon"]))
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def main() -> None:
    shared = shared_dir()
    details = "--details" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        for label, (docs, gold) in SETS.items():
            out = Path(tmp) / "out.jsonl"
            seconds = extract_jsonl([shared / docs], out)
            n_docs = sum(1 for line in (shared / docs).open(encoding="utf-8") if line.strip())
            report = score(shared / gold, out, "--all-docs").strip().splitlines()
            if details:
                print("\n".join(report[:-1]))
            print(f"{label}: {n_docs} docs in {seconds:.1f} s ({n_docs / seconds:.0f} docs/s incl. start-up)")
            print(f"{label}: {report[-1]}")
            km = sorted(distances_km(shared / gold, out))
            if km:
                print(f"{label}: {len(km)} resolved gold places, median distance {statistics.median(km):.0f} km, "
                      f"{sum(d <= 161 for d in km) / len(km):.0%} within 161 km")
            if label in ONCE_PER_DOC:
                folded = Path(tmp) / "once.jsonl"
                first_mention_per_doc(out, folded)
                line = score(shared / gold, folded, "--all-docs").strip().splitlines()[-1]
                print(f"{label} (first mention per place and tweet, the annotators' convention): {line}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of one extraction process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
