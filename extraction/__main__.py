"""``python -m extraction PATH [PATH ...] [--jsonl [--db DB --with-corrections]] [--db DB]``: the command-line contract.

With ``--jsonl``: one JSON object per line on stdout, places then dates per document, documents
in input order (the contract documented in the README); with ``--db DB --with-corrections`` too,
the place mentions as users corrected them in that store (see ``geo.corrections``). Without it: documents are written to the
SQLite store (``--db``, default in the user's data directory), unchanged ones skipped by content
hash, and documents whose file left the corpus hidden (``--prune`` deletes them). Documents are
processed in batches by ``--jobs`` forked processes, or on a Dask cluster (``--scheduler``,
``--workers``), with the same output. Unreadable files are reported on stderr, naming the file
and the reason; the others are still processed. Exit status: 0 when the run completed (even with
some bad files), 1 when nothing at all could be read, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from extraction.ingest import StorePlan, Tally, json_lines, plan_store_run, to_jsonl, to_store
from extraction.pipeline import Pipeline
from extraction.progress import Progress
from extraction.readers import ReadError
from extraction.runner import Executor, Finish, corpus_files, default_jobs, file_size, local_executor
from geo.dialect import is_url
from geo.store import document_rows


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m extraction",
                                     description="Find place and date mentions in Arabic news articles.")
    parser.add_argument("paths", nargs="+", help="files or folders (.txt, .html, .jsonl, .json, .csv, .zip)")
    parser.add_argument("--jsonl", action="store_true", help="print JSON lines to stdout instead of storing")
    parser.add_argument("--db", help="the store: a SQLite file, or a postgresql:// URL "
                                      "(default: $MAKAN_DB, else a file in the user's data directory)")
    parser.add_argument("--with-corrections", action="store_true",
                        help="with --jsonl: apply the place corrections recorded in --db (moved mentions "
                             "gain a 'correction' field; mentions marked 'not a place' are left out)")
    parser.add_argument("--prune", action="store_true",
                        help="delete stored documents whose file left the corpus (else they are only hidden)")
    parser.add_argument("--online", action="store_true",
                        help="geocode names the gazetteer lacks with an online service (cached; also "
                             "MAKAN_ONLINE=1); runs in one process, for the service's rate limit")
    parser.add_argument("--jobs", type=_positive, default=default_jobs(),
                        help="worker processes (default: all cores)")
    cluster = parser.add_mutually_exclusive_group()
    cluster.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on this Dask cluster")
    cluster.add_argument("--workers", type=_positive, help="run on a local Dask cluster of this many workers")
    parser.add_argument("--progress", choices=("auto", "bar", "json", "none"), default="auto",
                        help="progress on stderr: a bar when it is a terminal (auto), JSON lines, or none")
    parser.add_argument("--quiet", action="store_true", help="print nothing on stderr but errors")
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _executor(args: argparse.Namespace, pipeline: Pipeline) -> Executor:
    # Made by the workers, in parallel: JSON lines (but for --with-corrections, read after the fork and
    # applied by the parent) or the store's rows, search stems included.
    finish: Finish | None
    if args.jsonl:
        finish = None if args.with_corrections else json_lines
    else:
        finish = document_rows
    if args.scheduler or args.workers:
        from extraction.distributed import DaskExecutor

        return DaskExecutor(pipeline.knowledge, scheduler=args.scheduler, workers=args.workers, finish=finish)
    # The gazetteer, the finder and the libraries are loaded for good: keep their objects out of every
    # garbage collection (each full one re-walked them: 5% of a corpus run, 20% of a 10 MB document),
    # and let forked workers share their pages.
    pipeline.prepare()
    gc.freeze()
    return local_executor(pipeline, 1 if pipeline.online is not None else args.jobs, finish)


def _progress_mode(args: argparse.Namespace) -> str:
    if args.quiet:
        return "none"
    if args.progress == "auto":
        return "bar" if sys.stderr.isatty() else "none"
    return args.progress


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.with_corrections and not (args.jsonl and args.db):
        parser.error("--with-corrections needs --jsonl and the --db whose corrections to apply")
    if args.with_corrections and not is_url(args.db) and not Path(args.db).is_file():
        parser.error(f"--db {args.db}: no such store")
    started_ns = time.time_ns()
    from geo.online import OnlineGeocoder, OnlineSettings

    settings = OnlineSettings.from_env()
    if args.online:
        settings.enabled = True
    pipeline = Pipeline(online=OnlineGeocoder(settings) if settings.enabled else None)
    files = corpus_files(args.paths)
    sizes = [file_size(f) for f in files if not isinstance(f, ReadError)]
    # A store run first sets apart the files unchanged since the last run (the store is closed again
    # before any worker forks); when none is left to read, no worker is forked and the finder is
    # never built: an unchanged corpus costs the listing, not the gazetteer's automaton.
    plan = _store_plan(args, pipeline, files, started_ns) if not args.jsonl else None
    executor = _executor(args, pipeline) if plan is None or plan.read else None
    try:
        progress = Progress(_progress_mode(args), len(sizes), sum(sizes))
        try:
            tally, target = _run(args, pipeline, executor, files, plan, progress)
        finally:
            progress.close()
    finally:
        if executor is not None:
            executor.close()
    if not args.quiet:
        if tally.pruned:
            _log(f"makan: {tally.pruned} missing documents deleted (--prune)")
        if tally.files_unchanged:  # a line of its own: the summary line's format is a contract
            _log(f"makan: {tally.files_unchanged} files unchanged since the last run (not read)")
        if tally.missing:
            _log(f"makan: {tally.missing} documents missing from the corpus (hidden; --prune deletes them)")
        _log(tally.summary(target))
    return 1 if tally.failed and not (tally.processed or tally.unchanged or tally.empty) else 0


def _store_plan(args: argparse.Namespace, pipeline: Pipeline, files: list[Path | ReadError],
                started_ns: int) -> StorePlan:
    from geo.store import Store, default_db_path, prepare

    with Store(prepare(args.db or default_db_path())) as store:
        return plan_store_run(files, store.file_records(), pipeline.knowledge, args.paths, started_ns)


def _run(args: argparse.Namespace, pipeline: Pipeline, executor: Executor | None, files: list[Path | ReadError],
         plan: StorePlan | None, progress: Progress) -> tuple[Tally, str]:
    from geo.store import Store, default_db_path

    if plan is None:
        corrections = None
        if args.with_corrections:
            from geo.corrections import CorrectionSet

            with Store(args.db) as store:
                live = store.place_corrections(live_only=True).to_dict("records")
            corrections = CorrectionSet(live, pipeline.gazetteer)
        return to_jsonl(files, executor, sys.stdout, progress, _log, corrections, args.paths), "stdout"

    with Store(args.db or default_db_path()) as store:
        return to_store(plan, executor, store, args.paths, progress, _log, args.prune), store.name


if __name__ == "__main__":
    sys.exit(main())
