"""Progress of a run: a tqdm bar for people, JSON lines for the dashboard, or nothing.

``--progress json`` writes, on stderr, at most every half second and once at the end::

    makan-progress {"docs_done": 12, "bytes_done": 1048576, "bytes_total": 8388608, "files_done": 1,
                    "files_total": 8, "mb_per_s": 0.42, "eta_s": 17.0}

Bytes are those of the corpus files on disk (a zip counts its compressed size), counted when
the last document of a file is done; MB are 10^6 bytes. The dashboard parses these lines: the
field names and types are a contract.
"""

from __future__ import annotations

import json
import sys
import time
from typing import TextIO

PREFIX = "makan-progress "
INTERVAL_S = 0.5


class Progress:
    """Counts documents, files and bytes done, and reports them in the chosen ``mode``.

    ``mode``: ``bar`` (tqdm, for a terminal), ``json`` (machine-readable lines) or ``none``.
    """

    def __init__(self, mode: str, files_total: int | None, bytes_total: int | None,
                 stream: TextIO | None = None) -> None:
        self.mode = mode
        self.files_total, self.bytes_total = files_total, bytes_total
        self.docs_done = self.files_done = self.bytes_done = 0
        self._stream = stream or sys.stderr
        self._start = self._last = time.monotonic()
        self._bar = None
        if mode == "bar":
            from tqdm import tqdm

            self._bar = tqdm(total=bytes_total, unit="B", unit_scale=True, desc="makan", file=self._stream,
                             dynamic_ncols=True, leave=False)

    def doc_done(self) -> None:
        self.docs_done += 1
        self._report()

    def file_done(self, size: int) -> None:
        self.files_done += 1
        self.bytes_done += size
        if self._bar is not None:
            self._bar.update(size)
        self._report()

    def close(self) -> None:
        """The final report (always written in ``json`` mode); the bar is cleared for the summary line."""
        if self.mode == "json":
            self._emit()
        if self._bar is not None:
            self._bar.close()

    def snapshot(self) -> dict[str, int | float | None]:
        """The figures of a ``makan-progress`` line."""
        elapsed = max(time.monotonic() - self._start, 1e-9)
        rate = self.bytes_done / elapsed
        left = None if self.bytes_total is None else max(self.bytes_total - self.bytes_done, 0)
        eta = None if left is None or (left and not rate) else round(left / rate, 1) if left else 0.0
        return {"docs_done": self.docs_done, "bytes_done": self.bytes_done, "bytes_total": self.bytes_total,
                "files_done": self.files_done, "files_total": self.files_total,
                "mb_per_s": round(rate / 1e6, 3), "eta_s": eta}

    def _report(self) -> None:
        now = time.monotonic()
        if now - self._last < INTERVAL_S:
            return
        self._last = now
        if self.mode == "json":
            self._emit()
        elif self._bar is not None:
            self._bar.set_postfix_str(f"{self.docs_done} docs, {self.files_done}/{self.files_total} files")

    def _emit(self) -> None:
        self._stream.write(PREFIX + json.dumps(self.snapshot()) + "\n")
        self._stream.flush()
