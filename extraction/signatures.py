"""File signatures: how a store run knows, without reading it, that a corpus file has not changed.

Reading and hashing every document of an unchanged corpus cost most of a re-run (2.8 of 4.1 s on
SaudiNewsNet), so a store run records, for each file it read completely and without error, a
signature of what the file system says about it; the next run with the same pipeline and
gazetteer passes over the files whose signature is the same (their stored documents count as seen).

A signature is size, mtime, ctime and inode. The ctime cannot be set by a program (unlike the mtime,
which ``cp -p``, ``rsync -t``, ``tar`` or ``touch -d`` restore), and any write to the file moves it,
so a file rewritten to the same size and given back its old mtime is still read again. A ``.txt``
or ``.html`` file also carries the signature of its folder's ``metadata.csv``, which supplies part
of its documents. As git does with its index ("racy git"), a file modified less than ``RACY_NS``
before the run started gets no signature: a write in the same clock tick as the stat could leave
its times unchanged, so such a file is read again next time (content hashes still spare it the
processing). Any write sets mtime and ctime together, so the mtime alone tells a recent write.
"""

from __future__ import annotations

import os
from pathlib import Path

from extraction.readers import HTML_SUFFIXES, METADATA_NAME, TEXT_SUFFIXES

RACY_NS = 2 * 10**9  # FAT's 2 s mtime granularity is the coarsest a corpus folder may have


def _stat_signature(path: Path, started_ns: int) -> str | None:
    """``size:mtime:ctime:inode`` of ``path``, "-" if it does not exist, None if it changed too recently."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "-"
    except OSError:
        return None
    if st.st_mtime_ns > started_ns - RACY_NS:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def file_signature(path: Path, started_ns: int) -> str | None:
    """The signature of a corpus file as of a run started at ``started_ns`` (``time.time_ns()``),
    or None when it cannot be trusted (changed within ``RACY_NS`` of the start, or unreadable)."""
    own = _stat_signature(path, started_ns)
    if own is None or own == "-":
        return None
    if path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
        metadata = _stat_signature(path.parent / METADATA_NAME, started_ns)
        return None if metadata is None else f"{own}+{metadata}"
    return own
