"""``python -m extraction PATH [PATH ...] [--jsonl] [--db DB]``: the command-line contract.

With ``--jsonl``: one JSON object per line on stdout, places then dates per document (the
contract documented in the README). Without it: documents are written to the SQLite store
(``--db``, default in the user's data directory), unchanged ones skipped by content hash.
Unreadable files are reported on stderr, naming the file and the reason; the others are
still processed. Exit status: 0 when the run completed (even with some bad files), 1 when
nothing at all could be read, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extraction.pipeline import Failure, Pipeline, content_hash
from extraction.readers import ReadError, read_documents


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m extraction",
                                     description="Find place and date mentions in Arabic news articles.")
    parser.add_argument("paths", nargs="+", help="files or folders (.txt, .html, .jsonl, .csv)")
    parser.add_argument("--jsonl", action="store_true", help="print JSON lines to stdout instead of storing")
    parser.add_argument("--db", type=Path, help="SQLite store (default: in the user's data directory)")
    parser.add_argument("--online", action="store_true",
                        help="geocode names the gazetteer lacks with an online service (cached; also MAKAN_ONLINE=1)")
    return parser


def _print_jsonl(pipeline: Pipeline, paths: list[str]) -> tuple[int, int]:
    ok = failed = 0
    out = sys.stdout
    for item in pipeline.run(paths):
        if isinstance(item, Failure):
            print(f"makan: skipped {item}", file=sys.stderr)
            failed += 1
            continue
        ok += 1
        doc_id = item.document.doc_id
        for place in item.places:
            out.write(json.dumps(place.as_json(doc_id), ensure_ascii=False) + "\n")
        for date in item.dates:
            out.write(json.dumps(date.as_json(doc_id), ensure_ascii=False) + "\n")
    return ok, failed


def _store(pipeline: Pipeline, paths: list[str], db: Path | None) -> tuple[int, int]:
    from geo.store import Store, default_db_path

    path = db or default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(path)
    ok = failed = skipped = 0
    try:
        for item in read_documents(paths):
            if isinstance(item, ReadError):
                print(f"makan: skipped {item}", file=sys.stderr)
                failed += 1
                continue
            digest = content_hash(item, pipeline.knowledge)
            if store.content_hash(item.doc_id) == digest:
                skipped += 1
                continue
            processed = pipeline.try_process(item)
            if isinstance(processed, Failure):
                print(f"makan: skipped {processed}", file=sys.stderr)
                failed += 1
                continue
            store.write(processed, digest)
            ok += 1
    finally:
        store.close()
    print(f"makan: {ok} processed, {skipped} unchanged, {failed} failed -> {path}", file=sys.stderr)
    return ok + skipped, failed


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from geo.online import OnlineGeocoder, OnlineSettings

    settings = OnlineSettings.from_env()
    if args.online:
        settings.enabled = True
    pipeline = Pipeline(online=OnlineGeocoder(settings) if settings.enabled else None)
    ok, failed = _print_jsonl(pipeline, args.paths) if args.jsonl else _store(pipeline, args.paths, args.db)
    return 1 if failed and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
