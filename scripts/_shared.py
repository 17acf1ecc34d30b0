"""Locating ../shared and running the extraction CLI for the scoring and benchmark scripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The shared folder beside the repo (or $MAKAN_SHARED); exits with a clear message when absent."""
    path = Path(os.environ.get("MAKAN_SHARED", ROOT.parent / "shared"))
    if not path.is_dir():
        sys.exit(f"shared data not found at {path} (set MAKAN_SHARED)")
    return path


def extract_jsonl(inputs: list[Path], out: Path) -> float:
    """Run ``python -m extraction INPUTS --jsonl`` into ``out``; return the wall time in seconds."""
    import time

    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        subprocess.run([sys.executable, "-m", "extraction", *map(str, inputs), "--jsonl"], cwd=ROOT, stdout=fh,
                       check=True)
    return time.perf_counter() - start


def score(gold: Path, pred: Path, *extra: str) -> str:
    """The output of ``shared/eval/score.py`` (its last line is the score line)."""
    result = subprocess.run([sys.executable, str(shared_dir() / "eval" / "score.py"), str(gold), str(pred), *extra],
                            capture_output=True, text=True)
    return result.stdout
