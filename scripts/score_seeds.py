"""Score the extraction on the visible gold (three seed articles) and print the score line.

usage: python scripts/score_seeds.py [--details]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import extract_jsonl, score, shared_dir  # noqa: E402


def main() -> None:
    shared = shared_dir()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seeds.jsonl"
        seconds = extract_jsonl([shared / "seeds"], out)
        report = score(shared / "gold" / "seeds_places.jsonl", out)
    lines = report.strip().splitlines()
    if "--details" in sys.argv:
        print("\n".join(lines[:-1]))
    print(f"extraction of {len(list((shared / 'seeds').glob('*.txt')))} seeds took {seconds:.1f} s")
    print(lines[-1])


if __name__ == "__main__":
    main()
