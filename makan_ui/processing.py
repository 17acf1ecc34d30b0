"""Processing a corpus in the background while the page reads what is already stored.

The dashboard runs ``python -m extraction CORPUS --db STORE --progress json``: the CLI commits to
the store in batches and writes ``makan-progress {json}`` lines on stderr, which a thread reads
here. The page shows files done of total, MB/s and the time left, and reads the store meanwhile.
A CLI without ``--progress`` (argparse exits 2 naming it) is run again without the flag, and
then only its final summary is shown.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from geo.store import prepare
from makan_ui.i18n import number, t

PREFIX = "makan-progress "
SKIPPED = "makan: skipped "
SUMMARY = re.compile(r"makan: (?P<processed>\d+) processed, (?P<unchanged>\d+) unchanged, (?P<failed>\d+) failed"
                     r" -> (?P<target>.+), (?P<empty>\d+) empty(?:, (?P<missing>\d+) missing)?$")


@dataclass(frozen=True)
class Progress:
    """One ``makan-progress`` line; totals are None when the CLI cannot know them yet."""

    docs_done: int = 0
    bytes_done: int = 0
    bytes_total: int | None = None
    files_done: int = 0
    files_total: int | None = None
    mb_per_s: float = 0.0
    eta_s: float | None = None

    @property
    def fraction(self) -> float | None:
        """Share done, by bytes when known (files differ in size), else by files."""
        if self.bytes_total:
            return min(1.0, self.bytes_done / self.bytes_total)
        if self.files_total:
            return min(1.0, self.files_done / self.files_total)
        return None

    def describe(self) -> str:
        """"3 of 18 files · 2,965 articles · 0.6 MB/s · about 2 min left", in the chosen language."""
        files = (t("processing.files_of", done=number(self.files_done), total=number(self.files_total))
                 if self.files_total else t("processing.files", done=number(self.files_done)))
        text = t("processing.rate", files=files, articles=number(self.docs_done), mb_per_s=number(round(self.mb_per_s, 1)))
        return f"{text} · {t('processing.left', duration=_duration(self.eta_s))}" if self.eta_s is not None else text


def _duration(seconds: float) -> str:
    """"40 s", "3 min", "1.5 h": as precise as a person reading a progress bar needs."""
    if seconds < 90:
        return t("duration.seconds", n=number(max(1, round(seconds))))
    if seconds < 90 * 60:
        return t("duration.minutes", n=number(round(seconds / 60)))
    return t("duration.hours", n=number(round(seconds / 3600, 1)))


def summary_text(line: str) -> str:
    """The CLI's closing line (``makan: 70 processed, 0 unchanged, 0 failed -> DB, ...``) in the chosen
    language; a line of another shape is shown as the CLI wrote it."""
    found = SUMMARY.match(line)
    if not found:
        return line.removeprefix("makan: ")
    counts = {name: number(int(found[name])) for name in ("processed", "unchanged", "failed", "empty")}
    text = t("processing.summary", target=found["target"], **counts)
    return text + t("processing.missing", missing=number(int(found["missing"]))) if found["missing"] else text


def parse_progress(line: str) -> Progress | None:
    """A ``makan-progress {json}`` line as Progress; None for any other line or malformed JSON.

    Unknown fields are ignored and missing ones keep their defaults, so a CLI that adds or
    drops a field never breaks the page.
    """
    if not line.startswith(PREFIX):
        return None
    try:
        data = json.loads(line[len(PREFIX):])
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    out: dict[str, object] = {}
    for name, kind in (("docs_done", int), ("bytes_done", int), ("bytes_total", int), ("files_done", int),
                       ("files_total", int), ("mb_per_s", float), ("eta_s", float)):
        value = data.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[name] = kind(value)
    return Progress(**out)


@dataclass
class Run:
    """One background run of the CLI over a corpus; the reading thread fills it in."""

    corpus: tuple[str, ...]
    db: str
    progress: Progress | None = None
    errors: list[str] = field(default_factory=list)
    summary: str = ""
    returncode: int | None = None
    pid: int | None = None  # of the CLI process while it runs (a crash test kills it)

    @property
    def done(self) -> bool:
        """True once the CLI has exited (whatever its status)."""
        return self.returncode is not None

    def _command(self, progress: bool) -> list[str]:
        """The CLI's command line, with or without ``--progress json``."""
        return [sys.executable, "-m", "extraction", *self.corpus, "--db", self.db,
                *(["--progress", "json"] if progress else [])]

    def _read(self, process: subprocess.Popen) -> list[str]:
        """Follow the CLI's stderr to its end; returns the lines that were not progress."""
        other = []
        assert process.stderr is not None
        for line in process.stderr:
            line = line.rstrip("\n")
            progress = parse_progress(line)
            if progress is not None:
                self.progress = progress
            elif line.startswith(SKIPPED):
                self.errors.append(line.removeprefix(SKIPPED))
            elif line.strip():
                other.append(line)
        process.wait()
        return other

    def run(self, cwd: Path) -> None:
        """Run to the end (in the calling thread): with ``--progress json``, else without."""
        prepare(self.db)
        for with_progress in (True, False):
            process = subprocess.Popen(self._command(with_progress), cwd=cwd, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
            self.pid = process.pid
            other = self._read(process)
            if with_progress and process.returncode == 2 and any("--progress" in line for line in other):
                continue  # an older CLI: run again without the flag
            break
        self.summary = next((line for line in reversed(other) if " processed, " in line), "")
        if process.returncode != 0 and not self.errors:
            self.errors = other[-5:]
        self.returncode = process.returncode


def start(corpus: tuple[str, ...], db: str, cwd: Path) -> Run:
    """Start processing in a daemon thread and return at once; the page polls the Run."""
    run = Run(corpus, db)
    threading.Thread(target=run.run, args=(cwd,), name="makan-processing", daemon=True).start()
    return run
