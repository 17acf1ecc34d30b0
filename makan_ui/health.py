"""Is the hosted dashboard up? ``python -m makan_ui.health [--url URL] [--db STORE]`` for a monitor.

Streamlit answers ``GET /_stcore/health`` with ``ok`` once its server runs, without login, which
an HTTP monitor can poll as it is. That says nothing of the store, so this command asks that URL
and also opens the store (schema checked, nothing read), for monitors that run a command (a
container's HEALTHCHECK, systemd, Nagios). It prints ``ok`` or the problem and exits 0 or 1, and
never prints anything of the corpus.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from pathlib import Path

from geo.store import Store, StoreError, is_url


def problems(url: str, db: str | None, timeout: float = 5.0) -> list[str]:
    """What is wrong with the server at ``url`` and the store ``db``; empty when both are well."""
    found = []
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=timeout) as response:
            body = response.read(100).decode("utf-8", "replace").strip()
        if body != "ok":
            found.append(f"{url}: health answered {body!r}")
    except OSError as exc:
        found.append(f"{url}: no answer ({exc})")
    return found + (store_problems(db) if db is not None else [])


def store_problems(db: str) -> list[str]:
    """What stops ``db`` from being read: missing, not a store, a schema from another version, or
    a database that does not answer; empty when it opens."""
    if not is_url(db) and not Path(db).is_file():  # opening would create an empty one
        return [f"{db}: no such store"]
    try:
        Store(db).close()
    except StoreError as exc:
        return [str(exc)]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m makan_ui.health", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501", help="the server (default http://127.0.0.1:8501)")
    parser.add_argument("--db", help="the store the server reads (a file or a postgresql:// URL)")
    args = parser.parse_args(argv)
    found = problems(args.url, args.db)
    for problem in found:
        print(f"makan health: {problem}", file=sys.stderr)
    if not found:
        print("ok")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
