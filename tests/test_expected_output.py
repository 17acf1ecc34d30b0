"""The CLI's output, frozen: a speed-up (or any refactoring) must not move a single mention.

``tests/data/expected/`` holds ``python -m extraction PATH --jsonl`` as it was before the
ingest speed work, for the demo corpus, the team's two evaluation sets and the shared seeds
(read from ../shared, never copied; only our output is stored). A rule change that is meant to
alter the output regenerates these files in the same commit, so the diff shows what moved:

    python -m extraction data/demo --jsonl > tests/data/expected/demo.jsonl   (and so on)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, require, shared_dir

EXPECTED = REPO / "tests" / "data" / "expected"
CORPORA = {
    "demo.jsonl": lambda: REPO / "data" / "demo",
    "team_docs.jsonl": lambda: REPO / "data" / "eval" / "team_docs.jsonl",
    "heldout_docs.jsonl": lambda: REPO / "data" / "eval" / "heldout_docs.jsonl",
    "seeds.jsonl": lambda: shared_dir() / "seeds",
}


def first_difference(expected: list[str], actual: list[str]) -> str:
    """A message naming the first line that differs (or the first line one side lacks)."""
    for number, (want, got) in enumerate(zip(expected, actual), start=1):
        if want != got:
            return f"line {number} differs:\nexpected {want}\nactual   {got}"
    if len(expected) != len(actual):
        shorter = min(len(expected), len(actual))
        extra = (expected if len(expected) > shorter else actual)[shorter]
        side = "expected" if len(expected) > shorter else "actual"
        return f"{len(expected)} expected lines, {len(actual)} actual; first extra ({side}) line {shorter + 1}: {extra}"
    return ""


def test_first_difference_names_the_line() -> None:
    assert first_difference(["a", "b"], ["a", "b"]) == ""
    assert "line 2 differs" in first_difference(["a", "b"], ["a", "c"])
    assert "first extra (actual) line 2: c" in first_difference(["a"], ["a", "c"])


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_cli_output_is_unchanged(name: str) -> None:
    corpus = CORPORA[name]()
    require(corpus.exists(), f"{corpus} is missing")
    run = subprocess.run([sys.executable, "-m", "extraction", str(corpus), "--jsonl"], cwd=REPO,
                         capture_output=True, text=True, encoding="utf-8", check=True, timeout=300)
    expected = (EXPECTED / name).read_text(encoding="utf-8").splitlines()
    difference = first_difference(expected, run.stdout.splitlines())
    assert not difference, f"{name}: {difference}"
