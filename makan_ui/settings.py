"""The dashboard's settings: where the articles and the store are, and how the map is drawn.

Read from the arguments after ``--`` (``streamlit run dashboard.py -- --corpus PATH ...``), else
from ``MAKAN_CORPUS``, ``MAKAN_DB`` and ``MAKAN_BOUNDARIES``, else the demo corpus. Apart from the
page so that the hosted server's health route (``makan_ui.hosted_app``) checks the very store the
page reads.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from geo.boundaries import fetch_boundaries
from geo.store import data_dir

HERE = Path(__file__).resolve().parents[1]
DEMO_CORPUS = HERE / "data" / "demo"
SCRIPTS = ("dashboard.py", "hosted_app.py")  # what sys.argv[0] names when our arguments follow it


@dataclass(frozen=True)
class Settings:
    """Where the articles and the store are, and how the map is drawn."""

    corpus: tuple[str, ...]  # empty: show the store as it is
    db: str | Path  # a SQLite file or a postgresql:// URL
    boundaries: Path | None
    online_tiles: bool
    hosted: bool = False  # behind the login, each control behind its right
    roles: Path | None = None


def corpus_db_path(corpus: tuple[str, ...]) -> Path:
    """One store per corpus in the user's data directory, so two corpora never mix."""
    key = "\n".join(sorted(str(Path(p).resolve()) for p in corpus))
    return data_dir() / f"makan-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}.sqlite"


def parse_settings(argv: list[str], fetch: bool = True) -> Settings:
    """Arguments after ``--`` win over the environment; with neither, the demo corpus. ``fetch``
    False never downloads boundaries (``--fetch-boundaries``), for a caller that needs only the store."""
    parser = argparse.ArgumentParser(prog="streamlit run dashboard.py --")
    parser.add_argument("--corpus", nargs="+", help="folders or files of articles")
    parser.add_argument("--db", help="the store: a SQLite file or a postgresql:// URL "
                                      "(default: one file per corpus in the data directory)")
    parser.add_argument("--boundaries", type=Path, help="GeoJSON of governorate outlines to draw")
    parser.add_argument("--online-tiles", action="store_true", help="add OpenStreetMap tiles (needs internet)")
    parser.add_argument("--fetch-boundaries", action="store_true",
                        help="download OCHA's open Syria boundaries once (cached) when no --boundaries is given")
    parser.add_argument("--hosted", action="store_true",
                        help="require an OpenID Connect login (see python -m makan_ui.serve)")
    parser.add_argument("--roles", type=Path, help="TOML file of roles by e-mail address or domain (hosted mode)")
    args = parser.parse_args(argv)
    env_corpus = os.environ.get("MAKAN_CORPUS")
    env_db = os.environ.get("MAKAN_DB")
    db = args.db or env_db or None
    if args.corpus:
        corpus = tuple(args.corpus)
    elif env_corpus:
        corpus = tuple(env_corpus.split(os.pathsep))
    else:
        corpus = () if db else (str(DEMO_CORPUS),)
    boundaries = args.boundaries or (Path(os.environ["MAKAN_BOUNDARIES"]) if os.environ.get("MAKAN_BOUNDARIES")
                                     else None)
    if boundaries is None and args.fetch_boundaries and fetch:
        boundaries = fetch_boundaries(data_dir() / "boundaries", online=True)  # None, said once, when offline
    roles = args.roles or (Path(os.environ["MAKAN_ROLES"]) if os.environ.get("MAKAN_ROLES") else None)
    return Settings(corpus, db or corpus_db_path(corpus), boundaries, args.online_tiles, args.hosted, roles)


def script_arguments() -> list[str]:
    """The arguments given after ``--`` to ``streamlit run`` (none when run another way, e.g. tests)."""
    return sys.argv[1:] if Path(sys.argv[0]).name in SCRIPTS else []
