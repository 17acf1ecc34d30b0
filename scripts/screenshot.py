"""docs/dashboard.png: the dashboard on a real corpus, as a browser shows it, for the README.

Serves the dashboard on a store of SaudiNewsNet (a 3,000-article slice, built under a temporary
folder unless ``--db`` names a store), opens it in Debian's chromium, clicks the biggest town
marker so the reader shows its passages, and saves a palette PNG (under 400 KB).

usage: python scripts/screenshot.py [--db STORE] [--out docs/dashboard.png]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _dashboard import (CHROMIUM, CHROMIUM_ARGS, FIND_MARKER, MAP_FRAME, build_store,  # noqa: E402
                        map_frame, saudinewsnet_jsonl, streamlit, wait_for_map)
from _shared import ROOT  # noqa: E402

MAX_BYTES = 400_000
def compress(png: bytes, out: Path) -> int:
    """Save as a 256-colour PNG, halving the size until it fits ``MAX_BYTES``; returns its bytes."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    while True:
        buffer = io.BytesIO()
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", optimize=True)
        if buffer.tell() <= MAX_BYTES:
            out.write_bytes(buffer.getvalue())
            return buffer.tell()
        image = image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.Resampling.LANCZOS)


def shoot(db: Path, out: Path) -> int:
    """Serve ``db``, click the biggest town, screenshot the page; returns the PNG's size."""
    from playwright.sync_api import sync_playwright

    with streamlit(ROOT / "dashboard.py", "--db", str(db)) as (url, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1180})
            page.goto(url)
            wait_for_map(page)
            found = map_frame(page).evaluate(FIND_MARKER, ["\u0000", 0])  # the biggest visible town
            if found is not None:
                box = page.locator(MAP_FRAME).bounding_box()
                page.mouse.click(box["x"] + found[0], box["y"] + found[1])
                page.wait_for_timeout(3000)
                page.mouse.move(box["x"] + found[0], box["y"] + found[1])  # show its tooltip
            page.wait_for_timeout(2000)
            return compress(page.screenshot(), out)
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a store to show (else a SaudiNewsNet slice is built)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "dashboard.png")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="makan-shot-") as tmp:
        db = args.db
        if db is None:
            jsonl = Path(tmp) / "slice.jsonl"
            saudinewsnet_jsonl(jsonl, every=10, limit=3000)
            db = Path(tmp) / "slice.sqlite"
            build_store(jsonl, db)
        print(f"{args.out}: {shoot(db, args.out) / 1000:.0f} KB")


if __name__ == "__main__":
    main()
