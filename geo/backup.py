"""Back up and restore a store while the server runs: ``python -m geo.backup``.

``python -m geo.backup STORE COPY`` writes a consistent copy of STORE (SQLite's online backup: one
snapshot, even mid-write, corrections and the audit log included); ``python -m geo.backup --restore
COPY STORE`` checks that COPY is a Makan store this version reads, then puts its content in STORE.
The articles themselves are files the store can be rebuilt from; what only the store holds is
what people did: date corrections and the audit log. That is why a hosted server backs it up.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.store import Store, StoreError


def backup(store: Path, copy: Path) -> None:
    """Copy ``store`` to ``copy`` (replaced); the store must exist (an empty one is never made)."""
    if not store.is_file():
        raise StoreError(f"{store}: no such store")
    with Store(store) as source:
        source.backup(copy)


def restore(copy: Path, store: Path) -> None:
    """Replace the content of ``store`` with ``copy``, after checking that ``copy`` is a readable store."""
    if not copy.is_file():
        raise StoreError(f"{copy}: no such backup")
    with Store(copy) as source:  # raises StoreError naming the file if it is not a store we read
        source.backup(store)


def main(argv: list[str] | None = None) -> int:
    """Exit 0 on success; 1 with the reason (naming the file) otherwise."""
    parser = argparse.ArgumentParser(prog="python -m geo.backup", description=__doc__.splitlines()[0])
    parser.add_argument("--restore", action="store_true", help="restore: SOURCE is a backup, TARGET the store")
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    try:
        (restore if args.restore else backup)(args.source, args.target)
    except StoreError as exc:
        print(f"makan backup: {exc}", file=sys.stderr)
        return 1
    print(f"makan backup: {args.source} -> {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
