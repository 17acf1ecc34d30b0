"""A hostile corpus, generated on demand (never committed as blobs): ``write_hostile_corpus(folder)``.

Every file here is something a real corpus or a malicious upload may hold: script and ``onerror=``
in titles and text, ``javascript:`` URLs, bidi overrides, a 10 MB single line, binary files named
``.txt``, empty files, invalid UTF-8, deeply nested HTML, broken CSV quoting, bad JSON lines,
duplicate ids in one file, path-like names, and a zip with members that climb out of it. The
articles that can be read name Syrian cities, so they reach the map, the reader and search.

``EXPECTED_ERRORS`` says, for each file that must be reported, what its message must name; the
tests hold the CLI and the upload to them. ``python -m tests.hostile_corpus FOLDER`` writes it.
"""

from __future__ import annotations

import json
import random
import sys
import zipfile
from pathlib import Path

# Anything that runs sets this flag or opens a dialog: a browser test asserts neither happens.
PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN};alert('xss')</script>"
ONERROR = f'<img src=x onerror="{PWN};alert(1)">'
SVG = f"<svg onload={PWN}>"
TEMPLATE = "`${" + PWN + "}`"  # ends a JavaScript template literal if unescaped
JS_URL = f"javascript:{PWN}"
RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"  # right-to-left override, left-to-right isolate, its end
HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">.txt'  # a file name that is markup

# (id, title, text): each names a city, so it is drawn on the map and read in the reader.
ROWS = [
    ("xss-1", f"قصف {SCRIPT} على حمص", f"قصفت الطائرات مدينة حمص صباح اليوم {ONERROR} وقال سكان إن الاشتباكات توقفت."),
    ("xss-2", f"{RLO}txt.exe{LRI}حلب{PDI}", f"وصلت قافلة مساعدات إلى حلب {SVG} {TEMPLATE} مساء أمس."),
    ("../../etc/passwd", f"{ONERROR}", f"أعلنت دمشق {SCRIPT} أنها سترد على القصف."),
]

# file name -> what the error message for it must contain (besides the file name itself).
EXPECTED_ERRORS = {
    "binary.txt": "PNG image",
    "noise.txt": "binary",
    "latin1.txt": "not UTF-8",
    "broken.csv:2": "broken CSV quoting",
    "bad.jsonl:2": "not valid JSON",
    "bad.jsonl:3": "not a JSON object",
    "bad.jsonl:4": "not text",
    "bad.jsonl:6": "repeats the id 'dup'",
    "bad.jsonl:7": "unpaired surrogate",
    "climb.zip/../evil.txt": "'..'",
    "climb.zip//etc/evil.txt": "absolute",
}
EMPTY = ["empty.txt", "blank.txt"]  # counted as empty articles, not failures


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def write_hostile_corpus(folder: Path, long_line_mb: float = 10.0) -> Path:
    """Write every hostile file into ``folder`` (created) and return it; ``long_line_mb`` sizes the
    single-line document (10 MB by default, smaller where a test only needs the others)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(12)
    rows = [{"id": i, "title": title, "text": text, "source": SVG, "url": JS_URL, "date": "2017-07-22"}
            for i, title, text in ROWS]
    (folder / "xss.jsonl").write_text(_jsonl(rows), encoding="utf-8")
    (folder / "page.html").write_text(
        f"<html><head><title>&lt;script&gt;{PWN}&lt;/script&gt; حماة</title><script>{PWN}</script></head>"
        f"<body><p>{ONERROR}</p><p>قصف على مدينة حماة &lt;img src=x onerror=&quot;{PWN}&quot;&gt; اليوم.</p>"
        f"<a href=\"{JS_URL}\">رابط</a></body></html>", encoding="utf-8")
    (folder / "nested.html").write_text("<div>" * 50_000 + "قصف على مدينة إدلب" + "</div>" * 50_000, encoding="utf-8")
    (folder / "bidi.txt").write_text(f"{RLO}قصف على مدينة درعا{LRI} 3 آب 2017{PDI} وعاد الهدوء.", encoding="utf-8")
    (folder / HOSTILE_NAME).write_text("قصف على مدينة اللاذقية صباح اليوم.", encoding="utf-8")
    (folder / "-rf --db x.txt").write_text("قصف على مدينة طرطوس.", encoding="utf-8")  # an option-like name
    (folder / "metadata.csv").write_text(
        f"file,title,url,source\nbidi.txt,\"{SCRIPT}\",{JS_URL},\"{ONERROR}\"\n", encoding="utf-8")
    filler = "وقال المتحدث إن الاجتماع ناقش الأوضاع الاقتصادية والتعليمية في المنطقة، "
    line = filler * 40 + "ثم وصل الوفد إلى حمص. "  # a place every few kilobytes, as in a long report
    repeat = int(long_line_mb * 2**20 / len(line.encode("utf-8"))) + 1
    (folder / "long_line.txt").write_text(line * repeat, encoding="utf-8")  # one line, no newline
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000)))
    (folder / "noise.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4000)).replace(b"\x00", b"\x01"))
    (folder / "latin1.txt").write_bytes("Café déjà vu, naïve façade.".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (folder / "broken.csv").write_text(
        'id,title,text\ncsv-1,عنوان,"قصف على مدينة الرقة."\ncsv-2,عنوان,"قصف على حمص\ncsv-3,عنوان,"قصف على حلب."\n',
        encoding="utf-8")
    (folder / "bad.jsonl").write_text(
        _jsonl([{"id": "ok-1", "text": "قصف على مدينة حمص."}]) + "{not json\n[1, 2]\n"
        + _jsonl([{"id": "num", "text": 5}, {"id": "dup", "text": "قصف على حلب."},
                  {"id": "dup", "text": "قصف على دمشق."}]) + '{"id": "sur", "text": "حمص \\ud800"}\n',
        encoding="utf-8")
    with zipfile.ZipFile(folder / "climb.zip", "w") as archive:
        archive.writestr("../evil.txt", "قصف على حمص")
        archive.writestr("/etc/evil.txt", "قصف على حمص")
        archive.writestr("inside.txt", "قصف على مدينة حماة.")
    return folder


if __name__ == "__main__":
    print(write_hostile_corpus(Path(sys.argv[1])))
