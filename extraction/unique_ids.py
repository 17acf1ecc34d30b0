"""One id per document within a corpus, so that no article silently replaces another.

A text file's document is named by its file name and a CSV or JSONL row by its id column, so two
files of one corpus can bring the same id: ``2017/07/1.txt`` and ``2018/01/1.txt``, or two exports
that each number their rows from 1. The store keeps one document per id, so the later one used to
replace the earlier without a word (the run said "4 processed" and stored 2).

Now the first file to hold an id keeps it: the first read in this run, or the one it is stored
from, when that file lies under the run's folders and still exists. A later file's document is
named by its path under the folder it was found in (``2018/01/1.txt``; a row as ``y.csv#7``) and
the run says so. The choice is the same on every run, so an unchanged document is still found
unchanged. A document stored from a file outside the run's folders, or from a file that has gone,
is the same article come again (an upload of an edited article, a corpus moved): it replaces the
stored one, as before. Repeats within one file are refused by the readers, with both rows named.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from extraction.document import Document

StoredPaths = Callable[[list[str]], dict[str, str]]  # doc ids -> the path each is stored from, if stored
Log = Callable[[str], None]
T = TypeVar("T")


class UniqueIds:
    """Renames, batch by batch, the documents whose id another file of the corpus holds."""

    def __init__(self, roots: Sequence[str | os.PathLike[str]], log: Log, stored: StoredPaths | None = None) -> None:
        self.roots = [os.path.abspath(r) for r in roots]
        self.log = log
        self.stored = stored
        self.claims: dict[str, str] = {}  # doc_id -> the file (absolute) that holds it in this run

    def batches(self, batches: Iterable[list[T]]) -> Iterator[list[T]]:
        """``batches`` with each document's id made unique (documents are renamed in place)."""
        for batch in batches:
            docs = [item for item in batch if isinstance(item, Document)]
            stored = self.stored([d.doc_id for d in docs]) if self.stored and docs else {}
            for doc in docs:
                self._claim(doc, stored)
            yield batch

    def _claim(self, doc: Document, stored: dict[str, str]) -> None:
        file = os.path.abspath(doc.path)
        original = doc.doc_id
        for doc_id in self._candidates(doc):
            if doc_id not in stored and doc_id != original and self.stored:  # a made-up name: rarely stored
                stored = {**stored, **self.stored([doc_id])}
            if self._free(doc_id, file, stored.get(doc_id)):
                break
        self.claims[doc_id] = file
        if doc_id != original:
            doc.doc_id = doc_id
            self.log(f"makan: {doc.path}: the id '{original}' is already that of "
                     f"{self._holder(original, stored)}; this document is named '{doc_id}'")

    def _candidates(self, doc: Document) -> Iterator[str]:
        """The document's own id, then names made from its path under its root."""
        yield doc.doc_id
        root, where = self._under_root(os.path.abspath(doc.path))
        if doc.doc_id == os.path.basename(doc.path):
            # a file at the top of its folder is named with the folder (two folders given, each with 1.txt)
            base = where if where != doc.doc_id else os.path.join(os.path.basename(root), where)
        else:
            base = f"{where}#{doc.doc_id}"
        if base != doc.doc_id:
            yield base
        n = 2
        while True:
            yield f"{base}~{n}"
            n += 1

    def _free(self, doc_id: str, file: str, stored_from: str | None) -> bool:
        """Whether ``doc_id`` may name a document of ``file``: no other file holds it in this run,
        nor in the store from a file under the run's folders that still exists."""
        claimed = self.claims.get(doc_id)
        if claimed is not None:
            return claimed == file
        if not stored_from:
            return True
        holder = os.path.abspath(stored_from)
        return holder == file or not self._inside_roots(holder) or not _exists(holder)

    def _holder(self, doc_id: str, stored: dict[str, str]) -> str:
        return self.claims.get(doc_id) or stored.get(doc_id) or "another file"

    def _under_root(self, file: str) -> tuple[str, str]:
        """The folder of the run ``file`` lies in, and ``file`` relative to it (a file given itself:
        its folder and its name)."""
        for root in self.roots:
            if file == root:
                return os.path.dirname(root), os.path.basename(root)
            if file.startswith(root.rstrip(os.sep) + os.sep):
                return root, os.path.relpath(file, root)
        return os.path.dirname(file), file

    def _inside_roots(self, path: str) -> bool:
        return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in self.roots)


def _exists(path: str) -> bool:
    """Whether the file a document was read from is still there (a zip member's path,
    ``day.zip/day.json``, lies within its archive: the archive must be)."""
    while not os.path.exists(path):
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent
    return os.path.isfile(path)
