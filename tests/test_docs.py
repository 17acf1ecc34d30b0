"""The README is the contract users and CI read: its commands must be the ones that exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in README and re.search(r"^make test$", ci, re.M)


def test_readme_names_the_contract_commands():
    assert "python -m extraction PATH [PATH ...] --jsonl" in README
    assert "streamlit run dashboard.py -- --corpus PATH" in README


def test_every_cli_option_is_documented():
    help_text = subprocess.run([sys.executable, "-m", "extraction", "--help"], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout
    options = set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help"}
    assert options and all(option in README for option in options), options - set(re.findall(r"--[a-z-]+", README))


def test_every_dashboard_option_is_documented():
    source = (REPO / "makan_ui" / "settings.py").read_text(encoding="utf-8")  # the page's arguments
    options = set(re.findall(r'add_argument\("(--[a-z-]+)"', source))
    assert options and all(option in README for option in options)
