"""Serving the dashboard and driving Debian's chromium, for the dashboard benchmark and screenshot.

Playwright drives /usr/bin/chromium (it never downloads a browser). The SaudiNewsNet zips in
``shared/bench/saudinewsnet`` (research use; read from there, never copied into the repo) become
a JSONL file under a temporary folder, which ``python -m extraction`` turns into a store.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from _shared import ROOT, shared_dir

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def saudinewsnet_jsonl(out: Path, every: int = 1, limit: int | None = None) -> int:
    """Write SaudiNewsNet's articles (every ``every``-th, at most ``limit``) as Makan JSONL rows."""
    written = seen = 0
    with out.open("w", encoding="utf-8") as fh:
        for archive in sorted((shared_dir() / "bench" / "saudinewsnet").glob("*.zip")):
            with zipfile.ZipFile(archive) as zf:
                for name in zf.namelist():
                    for i, article in enumerate(json.loads(zf.read(name).decode("utf-8"))):
                        seen += 1
                        if (seen - 1) % every or (limit is not None and written >= limit):
                            continue
                        fh.write(json.dumps({
                            "id": f"{archive.stem}-{i}", "title": article.get("title"),
                            "date": (article.get("date_extracted") or "")[:10] or None,
                            "source": article.get("source"), "url": article.get("url"),
                            "author": article.get("author"), "text": article.get("content") or ""},
                            ensure_ascii=False) + "\n")
                        written += 1
    return written


def build_store(jsonl: Path, db: Path) -> float:
    """Process ``jsonl`` into ``db`` with the CLI; returns the wall time in seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extraction", str(jsonl), "--db", str(db)], cwd=ROOT, check=True,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def free_port() -> int:
    """A TCP port nobody listens on now, for one Streamlit server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit(script: Path, *args: str, cwd: Path = ROOT) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run SCRIPT -- ARGS`` on a free port until healthy; yields its URL and process."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false", "--", *args],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if server.poll() is not None:
                raise RuntimeError(f"streamlit exited early ({script})")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (Linux VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# True once the map holds a place marker (drawn on canvas, so there is no element to wait for).
HAS_MARKERS = """() => { if (!window.map || !window.L) return false; let found = false;
    window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.getTooltip()) found = true; });
    return found; }"""


# The visible screen point of a point-level marker other than the chosen place, with its tooltip text.
FIND_MARKER = """([skip, nth]) => { const found = [];
    window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.getTooltip() && l.options.fill !== false) {
        const text = l.getTooltip().getContent().replace(/<[^>]+>/g, ' ');
        if (!text.startsWith(skip)) found.push([l, text]); } });
    found.sort((a, b) => b[0].getRadius() - a[0].getRadius());
    const origin = document.getElementById('map_div').getBoundingClientRect();
    for (const [l, text] of found.slice(nth)) {
        const c = window.map.latLngToContainerPoint(l.getLatLng());
        for (let r = 0; r < l.getRadius(); r += 2) for (let a = 0; a < 360; a += 30) {
            const x = c.x + r * Math.cos(a * Math.PI / 180), y = c.y + r * Math.sin(a * Math.PI / 180);
            if (x < 5 || y < 5 || x > origin.width - 5 || y > origin.height - 5) continue;
            // no other marker may catch the click there (Leaflet counts half the stroke, and one more pixel)
            let other = false;
            window.map.eachLayer(o => { if (o !== l && o instanceof L.CircleMarker && o.getTooltip()
                && window.map.latLngToContainerPoint(o.getLatLng()).distanceTo([x, y])
                   <= o.getRadius() + (o.options.weight || 0) / 2 + 1) other = true; });
            if (!other) return [origin.left + x, origin.top + y, text.trim()]; } }
    return null; }"""


# Installed in every frame before its scripts run: in the map's frame, the moment (epoch ms) of the
# first animation frame after a place marker is on the map, i.e. when the browser could paint it.
# Playwright's own polling (HAS_MARKERS) reports later on a busy page, since its checks queue behind
# the page's work; both figures are printed, for the page and the floor alike.
PAINT_CLOCK = """(() => { const poll = setInterval(() => { try {
    if (!window.map || !window.L) return; let found = false;
    window.map.eachLayer(l => { if (l instanceof L.CircleMarker) found = true; });
    if (found) { clearInterval(poll);
        requestAnimationFrame(() => { window.__makanPaintedAt = performance.timeOrigin + performance.now(); }); }
    } catch (e) {} }, 5); })();"""


def painted_after_navigation(page) -> float:
    """Seconds from the page's navigation start to the first paint of a place marker (PAINT_CLOCK)."""
    painted = map_frame(page).wait_for_function("() => window.__makanPaintedAt", timeout=60_000).json_value()
    return (painted - page.evaluate("() => performance.timeOrigin")) / 1000


def map_frame(page):
    """The map's iframe as a Playwright Frame."""
    return page.locator(MAP_FRAME).element_handle().content_frame()


def wait_for_map(page, timeout_ms: int = 300_000) -> None:
    """Until the map's iframe holds at least one place marker."""
    page.locator(MAP_FRAME).wait_for(timeout=timeout_ms)
    map_frame(page).wait_for_function(HAS_MARKERS, timeout=timeout_ms)
