"""The dashboard in a real browser, offline: the map draws, a click on Homs opens its passages.

Starts ``streamlit run dashboard.py`` on the shared seed articles and drives Debian's chromium
with Playwright (never a downloaded browser). Every request the page makes is recorded: any
host other than this machine means the map would not draw without internet.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import REPO, require

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
HOMS = "حمص · Homs ("  # the city's label in marker tooltips and the reader's chooser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    """Poll Streamlit's health endpoint until it answers (or the server dies)."""
    for _ in range(600):
        if server.poll() is not None:
            pytest.fail(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return
        except OSError:
            try:
                server.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
    pytest.fail(f"streamlit never answered:\n{log.read_text()}")


@pytest.fixture
def dashboard(shared: Path, tmp_path: Path) -> Iterator[str]:
    """The dashboard serving the seed articles (governorate outlines drawn) on a free port; yields its URL."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    port, db, log = _free_port(), tmp_path / "seeds.sqlite", tmp_path / "streamlit.log"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(port), "--browser.gatherUsageStats", "false",
             "--", "--corpus", str(shared / "seeds"), "--db", str(db),
             "--boundaries", str(shared / "reference" / "boundaries" / "syr_admbnda_adm1_uncs_unocha.json")],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server, log)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_map_draws_offline_and_homs_marker_opens_its_passages(dashboard):
    from playwright.sync_api import expect, sync_playwright

    url = dashboard
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(url)
            frame = page.frame_locator(MAP_FRAME)
            markers = frame.locator("path.leaflet-interactive")
            expect(markers.first).to_be_visible(timeout=180_000)  # first start runs the pipeline
            page.screenshot(path="/tmp/makan-map.png")

            # First the keyboard way to another place, so the click below has something to change.
            chooser = page.get_by_role("combobox", name="Place", exact=True)
            chooser.click()
            page.get_by_role("option").filter(has_not_text=HOMS).first.click()
            expect(chooser).not_to_have_value(re.compile(re.escape(HOMS)), timeout=60_000)

            # A visible point of the Homs marker (others, e.g. its governorate, may sit on top of its
            # centre): the first point on its disc whose topmost element is that marker.
            point = page.locator(MAP_FRAME).element_handle().content_frame().evaluate(
                """(name) => { let homs = null;
                   window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.getTooltip()
                       && String(l.getTooltip().getContent()).includes(name)) homs = l; });
                   if (!homs) return null;
                   const centre = window.map.latLngToContainerPoint(homs.getLatLng());
                   const origin = document.getElementById("map_div").getBoundingClientRect();
                   for (let r = homs.getRadius() - 2; r >= 0; r -= 2)
                       for (let a = 0; a < 360; a += 15) {
                           const x = centre.x + r * Math.cos(a * Math.PI / 180), y = centre.y + r * Math.sin(a * Math.PI / 180);
                           if (document.elementFromPoint(origin.left + x, origin.top + y) === homs._path)
                               return [origin.left + x, origin.top + y]; }
                   return null; }""", HOMS)
            assert point is not None, "no visible marker drawn at Homs"
            box = page.locator(MAP_FRAME).bounding_box()
            page.mouse.click(box["x"] + point[0], box["y"] + point[1])
            expect(chooser).to_have_value(re.compile(re.escape(HOMS)), timeout=60_000)
            excerpt = page.locator("div[dir=rtl] mark", has_text="حمص").first
            expect(excerpt).to_be_visible(timeout=60_000)
            page.screenshot(path="/tmp/makan-reader.png")
        finally:
            browser.close()

    remote = sorted({urlparse(u).hostname for u in requests
                     if urlparse(u).scheme in ("http", "https", "ws", "wss")} - LOCAL_HOSTS)
    assert remote == [], f"the page fetched from the internet: {remote}"
