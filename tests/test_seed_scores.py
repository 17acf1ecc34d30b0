"""Floors on the visible gold, held a little below today's measured figures (see README, `make score`).

A change that loses recall on clitics, confuses namesakes or mislabels actors fails here, scored by
the project's own judge (``../shared/eval/score.py``) exactly as outside checks score us.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import require, shared_dir

REPO = Path(__file__).resolve().parents[1]
FLOORS = {"F1": 0.95, "resolution": 0.98, "sense": 0.93}


def test_visible_gold_scores_hold_their_floors(tmp_path):
    shared = shared_dir()
    require((shared / "gold" / "seeds_places.jsonl").is_file(), "../shared/gold")
    out = tmp_path / "seeds.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        subprocess.run([sys.executable, "-m", "extraction", str(shared / "seeds"), "--jsonl"], cwd=REPO, stdout=fh,
                       check=True, timeout=300)
    report = subprocess.run([sys.executable, str(shared / "eval" / "score.py"),
                             str(shared / "gold" / "seeds_places.jsonl"), str(out)],
                            capture_output=True, text=True).stdout
    line = report.strip().splitlines()[-1]
    figures = {k: float(v) for k, v in re.findall(r"(F1|resolution|sense)=([0-9.]+)", line)}
    assert "negatives_hit=0" in line, report
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, f"{name} {figures[name]} < {floor}\n{report}"
