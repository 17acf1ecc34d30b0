"""Benchmark: extraction speed on real news, against the speed of the disk (``grep -F``).

Reads SaudiNewsNet (zips of one JSON array of articles, field ``content``) with zipfile and json,
runs ``Pipeline.process`` on every article, serialises its JSON lines and throws them away, and
prints MB/s (UTF-8 megabytes of article text, 10^6 bytes) and documents per second per core: from
the CPU time the process used, which other work on a shared machine disturbs far less than the
wall time (printed too). For scale it then times ``grep -F -o -f NAMES`` over the same text, with
the gazetteer's Arabic names written to a temporary file: about the fastest any tool finds those
names, so the ratio says how far from "the speed of the disk" we are. ``--scaling`` also times one
single-line document of 1 MB and of 10 MB made of the same articles: a linear pipeline takes about
ten times as long on the second. Figures, not assertions: these machines are shared and noisy.

usage: python scripts/bench_speed.py [ZIP_OR_FOLDER ...] [--limit-mb N] [--scaling]
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import ROOT, shared_dir  # noqa: E402

sys.path.insert(0, str(ROOT))
from extraction.document import Document  # noqa: E402
from extraction.pipeline import Pipeline  # noqa: E402

MB = 1_000_000


def zips(paths: list[Path]) -> list[Path]:
    """The zip files named, or found in the folders named, in order."""
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(path.glob("*.zip")) if path.is_dir() else [path])
    return out


def articles(paths: list[Path], limit_bytes: float) -> Iterator[Document]:
    """SaudiNewsNet articles with some text, as Documents, until ``limit_bytes`` of text were read."""
    seen = 0
    for path in zips(paths):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                for i, row in enumerate(json.loads(archive.read(member))):
                    text = row.get("content") or ""
                    if not text.strip():
                        continue
                    yield Document(doc_id=f"{path.name}:{i}", text=text, path=str(path), title=row.get("title"),
                                   source=row.get("source"), url=row.get("url"))
                    seen += len(text.encode("utf-8"))
                    if seen >= limit_bytes:
                        return


def extract(pipeline: Pipeline, docs: Iterator[Document], corpus: TextIO) -> tuple[int, int, float, float]:
    """Read, process and serialise every document, writing its text to ``corpus`` for grep;
    (documents, bytes of text, CPU seconds, wall seconds)."""
    n = size = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for doc in docs:
        processed = pipeline.process(doc)
        for mention in [*processed.places, *processed.dates]:
            json.dumps(mention.as_json(doc.doc_id), ensure_ascii=False)
        n += 1
        size += len(doc.text.encode("utf-8"))
        corpus.write(doc.text + "\n")
    return n, size, time.process_time() - cpu, time.perf_counter() - wall


def grep_seconds(pipeline: Pipeline, corpus: Path) -> float:
    """CPU time of ``grep -F -o -f NAMES CORPUS``, the gazetteer's names written to a temporary file."""
    with tempfile.TemporaryDirectory() as tmp:
        names = Path(tmp) / "names.txt"
        names.write_text("\n".join(sorted({name for name, _ in pipeline.gazetteer.names()})) + "\n", encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        # Read the output (GNU grep stops at the first match when it writes to /dev/null).
        subprocess.run(["grep", "-F", "-o", "-f", str(names), str(corpus)], stdout=subprocess.PIPE, check=False,
                       env={"LC_ALL": "C"})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def one_line_seconds(pipeline: Pipeline, corpus: Path, size: int) -> float:
    """CPU seconds to process one single-line document of ``size`` bytes: the corpus's first megabyte
    of articles with every line break made a space, over and over."""
    with corpus.open(encoding="utf-8") as fh:
        line = " ".join(fh.read(MB).split())
    while len(line.encode("utf-8")) < size:
        line = f"{line} {line}"
    text = line.encode("utf-8")[:size].decode("utf-8", "ignore")
    start = time.process_time()
    pipeline.process(Document(doc_id="one-line", text=text))
    return time.process_time() - start


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="zips or folders of zips (default: SaudiNewsNet)")
    parser.add_argument("--limit-mb", type=float, default=float("inf"), help="stop after this much text")
    parser.add_argument("--scaling", action="store_true", help="also time 1 MB and 10 MB single-line documents")
    args = parser.parse_args()
    paths = args.paths or [shared_dir() / "bench" / "saudinewsnet"]
    start = time.perf_counter()
    pipeline = Pipeline()
    gc.freeze()  # as `python -m extraction` does once the gazetteer is loaded
    print(f"start-up (gazetteer, matcher): {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.txt"
        with corpus.open("w", encoding="utf-8") as fh:
            n, size, seconds, wall = extract(pipeline, articles(paths, args.limit_mb * MB), fh)
        print(f"extraction: {n} documents, {size / MB:.1f} MB in {seconds:.1f} s of CPU ({wall:.1f} s wall): "
              f"{size / MB / seconds:.2f} MB/s, {n / seconds:.0f} docs/s per core; peak memory {peak_mb():.0f} MB")
        grep = grep_seconds(pipeline, corpus)
        print(f"grep -F -o -f NAMES: {grep:.1f} s ({size / MB / grep:.1f} MB/s); extraction takes {seconds / grep:.0f}x")
        if args.scaling:
            small, large = one_line_seconds(pipeline, corpus, MB), one_line_seconds(pipeline, corpus, 10 * MB)
            print(f"one-line document: 1 MB {small:.1f} s, 10 MB {large:.1f} s, ratio {large / small:.1f} "
                  f"(linear: 10); peak memory {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
