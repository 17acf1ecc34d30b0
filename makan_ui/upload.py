"""Uploading articles from the dashboard: saved under names we choose, processed as the CLI would.

Files (txt, html, json, jsonl, csv, and zip archives of these) are written under the user's data
directory, one folder per upload in a folder per store, under names made here from the last part of
the browser's name (never a path it gave, never a zip member's path: zips are saved whole and read
member by member by ``extraction.readers``, with its bounds on entries and expanded size). Each file
is written to a temporary name and renamed, and the upload's manifest (who, when, which files) is
written last, so a crash while saving leaves no half upload. Then ``python -m extraction FOLDER --db
STORE --progress json`` runs in the background (``makan_ui.processing``), committing batch by batch:
if it is killed, the upload stays listed as unfinished and processing it again completes it.

The summary counts what the upload did to the store: new documents, changed ones (an id already
stored, with other content), unchanged ones, and the files or rows that failed, with their reasons.
Streamlit-free except ``draw_upload``, so tests drive the same functions the page does.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from hashlib import sha1
from pathlib import Path, PurePosixPath

from extraction.readers import SUPPORTED
from geo.dialect import is_url
from geo.store import Store, change_marker, data_dir
from makan_ui import processing

DEFAULT_LIMIT_MB = 200  # all the files of one upload together; MAKAN_UPLOAD_LIMIT_MB changes it
TYPES = sorted(s.lstrip(".") for s in SUPPORTED)  # what the file chooser offers
MANIFEST = "manifest.json"
FILES = "files"
_UNSAFE = re.compile(r"[^\w.\- ]+")  # \w keeps Arabic letters; anything else (/, \, <, >, ", :) goes
_SUMMARY = re.compile(r"(\d+) processed, (\d+) unchanged, (\d+) failed -> .*?, (\d+) empty")


class UploadError(Exception):
    """An upload refused as a whole (over the size limit, nothing usable); the message says why."""


@dataclass(frozen=True)
class Incoming:
    """One file as the browser sent it: its name (untrusted) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Batch:
    """One saved upload: its folder (``files/`` inside it is what is processed) and the files refused."""

    folder: Path
    refused: tuple[str, ...] = ()

    @property
    def files(self) -> Path:
        return self.folder / FILES

    def manifest(self) -> dict:
        return json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Outcome:
    """What an upload did to the store."""

    new: int
    changed: int
    unchanged: int
    empty: int
    failed: tuple[str, ...]  # "NAME: reason", one per file or row


def limit_bytes() -> int:
    """The most one upload may hold: ``MAKAN_UPLOAD_LIMIT_MB`` megabytes, else 200."""
    value = os.environ.get("MAKAN_UPLOAD_LIMIT_MB", "")
    try:
        megabytes = float(value) if value else DEFAULT_LIMIT_MB
    except ValueError:
        megabytes = DEFAULT_LIMIT_MB
    return int(megabytes * 2**20)


def uploads_root(db: str | Path) -> Path:
    """The uploads of one store: beside the user's other Makan data, one folder per store (a file or
    a PostgreSQL URL)."""
    name = str(db) if is_url(db) else str(Path(db).resolve())
    stem = "postgres" if is_url(db) else Path(db).stem
    return data_dir() / "uploads" / f"{_UNSAFE.sub('_', stem)[:40]}-{sha1(name.encode('utf-8')).hexdigest()[:10]}"


def safe_name(name: str, taken: set[str]) -> str:
    """A file name of our making from a browser's: its last part only, no character that means
    something to a shell, a path or HTML, no leading dot or dash, unique within the upload."""
    base = PurePosixPath(name.replace("\\", "/")).name
    suffix = PurePosixPath(base).suffix.lower()
    stem = _UNSAFE.sub("_", base[: len(base) - len(suffix)] if suffix else base).strip(" ._-")[:80] or "upload"
    candidate, n = f"{stem}{suffix}", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate)
    return candidate


def save_upload(files: Sequence[Incoming], db: str | Path, user: str, limit: int | None = None) -> Batch:
    """Write the files of one upload under names we choose; the manifest last, naming who uploaded.

    Files of an unsupported type are refused by name (the others are kept); an upload over ``limit``
    bytes, or with nothing to process, is refused whole before anything is written."""
    limit = limit_bytes() if limit is None else limit
    total = sum(len(f.data) for f in files)
    if total > limit:
        raise UploadError(f"the upload holds {_size(total)}, more than the limit of {_size(limit)} "
                          "(MAKAN_UPLOAD_LIMIT_MB); upload fewer files at a time")
    refused = tuple(f"{f.name}: has an unsupported type '{PurePosixPath(f.name).suffix or 'none'}' "
                    f"(supported: {', '.join(TYPES)})" for f in files
                    if PurePosixPath(f.name).suffix.lower() not in SUPPORTED)
    usable = [f for f in files if PurePosixPath(f.name).suffix.lower() in SUPPORTED]
    if not usable:
        raise UploadError("; ".join(refused) or "no file was chosen")
    now = datetime.now(timezone.utc)
    folder = uploads_root(db) / f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    (folder / FILES).mkdir(parents=True)
    taken: set[str] = set()
    saved = []
    for incoming in usable:
        name = safe_name(incoming.name, taken)
        partial = folder / f".{name}.partial"  # outside files/: never read half written
        partial.write_bytes(incoming.data)
        os.replace(partial, folder / FILES / name)
        saved.append({"name": incoming.name, "stored": name, "bytes": len(incoming.data)})
    _write_json(folder / MANIFEST, {"user": user, "uploaded_at": now.isoformat(timespec="seconds"),
                                    "files": saved, "refused": list(refused), "processed_at": None})
    return Batch(folder, refused)


def _size(count: int) -> str:
    """Bytes as a person reads them: "250.3 MB", or "1,024 bytes" below a tenth of a megabyte."""
    return f"{count / 2**20:.1f} MB" if count >= 2**20 // 10 else f"{count:,} bytes"


def _write_json(path: Path, data: dict) -> None:
    """Replace a JSON file whole (written beside it, then renamed), so it is never read half written."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


def unfinished(db: str | Path) -> list[Batch]:
    """Uploads of this store saved whole but not processed to the end (the run was killed or failed)."""
    root = uploads_root(db)
    out = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # saving never finished: nothing of it was processed
        if not manifest.get("processed_at"):
            out.append(Batch(folder, tuple(manifest.get("refused", ()))))
    return out


def _stored_hashes(db: str | Path, under: str | None = None) -> dict[str, str]:
    """``doc_id -> content hash`` of the documents stored (only those whose file is under ``under``)."""
    if not is_url(db) and not Path(db).exists():
        return {}
    with Store(db) as store:
        ids = [doc_id for doc_id, path, _ in store.document_paths() if under is None or path.startswith(under)]
        return {doc_id: digest for doc_id, (digest, _) in store.stored_hashes(ids).items()}


@dataclass
class UploadRun:
    """One upload being processed in the background; ``outcome`` is set when it ends."""

    batch: Batch
    db: str | Path
    run: processing.Run | None = None
    outcome: Outcome | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def done(self) -> bool:
        return self.finished.is_set()

    def process(self, cwd: Path) -> None:
        """Run the CLI over the upload (in the calling thread) and count what it did."""
        before = _stored_hashes(self.db)
        self.run = processing.Run((str(self.batch.files),), str(self.db))
        try:
            self.run.run(cwd)
            self.outcome = self._count(before)
            if self.run.returncode == 0:
                manifest = self.batch.manifest()
                manifest["processed_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
                _write_json(self.batch.folder / MANIFEST, manifest)
        finally:
            self.finished.set()

    def _count(self, before: dict[str, str]) -> Outcome:
        """New and changed documents are those this run stored from the upload's files (their content
        hash differs from before), split by whether their id was stored before; unchanged and empty
        ones as the CLI counted them."""
        assert self.run is not None
        after = _stored_hashes(self.db, str(self.batch.files) + os.sep)
        written = {doc_id for doc_id, digest in after.items() if before.get(doc_id) != digest}
        counts = _SUMMARY.search(self.run.summary)
        unchanged, empty = (int(counts.group(2)), int(counts.group(4))) if counts else (0, 0)
        failed = tuple(self._named(e) for e in (*self.batch.refused, *self.run.errors))
        return Outcome(len(written - before.keys()), len(written & before.keys()), unchanged, empty, failed)

    def _named(self, error: str) -> str:
        """An error as the user knows the file: the name they uploaded, not where we saved it."""
        names = {f["stored"]: f["name"] for f in self.batch.manifest()["files"]}
        prefix = str(self.batch.files) + os.sep
        if not error.startswith(prefix):
            return error
        rest = error[len(prefix):]
        stored = next((s for s in sorted(names, key=len, reverse=True) if rest.startswith(s)), None)
        return f"{names[stored]}{rest[len(stored):]}" if stored else rest


def start(batch: Batch, db: str | Path, cwd: Path) -> UploadRun:
    """Process ``batch`` into ``db`` in a daemon thread; the page polls the returned run."""
    upload = UploadRun(batch, db)
    threading.Thread(target=upload.process, args=(cwd,), name="makan-upload", daemon=True).start()
    return upload


# --- the page's part ------------------------------------------------------------------------------

RUN_KEY = "_upload_run"
PAGE_VERSION = "_page_store_version"  # the store version the page was last drawn from (dashboard.py sets it)


def draw_upload(db: str | Path, cwd: Path, user: str) -> None:
    """The sidebar's upload: choose files, process them with a progress bar, then the summary.

    Unfinished uploads of this store (the processing was killed) are offered again, to complete them."""
    import streamlit as st

    from makan_ui.i18n import t

    limit = limit_bytes()
    with st.sidebar.expander(t("upload.title"), expanded=RUN_KEY in st.session_state):
        chosen = st.file_uploader(t("upload.choose"), type=TYPES, accept_multiple_files=True, key="upload_files")
        st.caption(t("upload.limit", mb=f"{limit / 2**20:g}"))
        if st.button(t("upload.process"), key="upload_go", disabled=not chosen):
            try:
                batch = save_upload([Incoming(f.name, f.getvalue()) for f in chosen or []], db, user, limit)
            except UploadError as exc:
                st.error(t("upload.refused", reason=str(exc)))
            else:
                with Store(db) as store:  # the audit log names who uploaded what
                    store.record(user, "upload", batch.folder.name,
                                 ", ".join(f["name"] for f in batch.manifest()["files"]))
                st.session_state[RUN_KEY] = start(batch, db, cwd)
        current: UploadRun | None = st.session_state.get(RUN_KEY)
        waiting = unfinished(db) if current is None or current.done else []  # this session's killed one too
        if waiting:
            names = ", ".join(f["name"] for b in waiting for f in b.manifest()["files"])
            st.warning(t("upload.unfinished", count=len(waiting), names=names))
            if st.button(t("upload.resume"), key="upload_resume"):  # the oldest first; then the next is offered
                st.session_state[RUN_KEY] = current = start(waiting[0], db, cwd)
        if current is not None:
            _upload_status(current)


def _page_behind(db: str | Path) -> bool:
    """Whether the page on screen was drawn from an older state of the store than it has now."""
    import streamlit as st

    return st.session_state.get(PAGE_VERSION) != change_marker(db)


def _upload_status(upload: UploadRun) -> None:
    """Progress while the upload is processed; the summary and the failures once it is done."""
    import streamlit as st

    from makan_ui.i18n import t
    from makan_ui.language import in_chosen_language

    # Polled until the page has been drawn from the store as the upload left it: a page run that began
    # mid-way (a click, the map's first draw) can end after the upload and show part of it.
    @st.fragment(run_every=None if upload.done and not _page_behind(upload.db) else 1.0)
    @in_chosen_language
    def status() -> None:
        if not upload.done:
            progress = upload.run.progress if upload.run else None
            text = progress.describe() if progress else t("upload.reading")
            st.progress((progress.fraction if progress else None) or 0.0, text=t("upload.progress", text=text))
            return
        if _page_behind(upload.db):
            st.rerun(scope="app")  # redraw the map and reader from the store the upload filled
        outcome = upload.outcome
        if outcome is None:
            return
        st.success(t("upload.summary", new=outcome.new, changed=outcome.changed, unchanged=outcome.unchanged,
                     failed=len(outcome.failed), empty=outcome.empty))
        if upload.run is not None and upload.run.returncode not in (0, None):
            st.error(t("upload.stopped"))
        if outcome.failed:
            st.markdown(f"**{t('upload.failed', count=len(outcome.failed))}**")
            for line in outcome.failed:
                st.text(line)

    status()
