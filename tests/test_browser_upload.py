"""The sidebar's upload in a real browser: files chosen, processed with progress, summary, map redrawn.

Starts the dashboard on an empty store (``--db``, no corpus) with an earlier upload whose processing
never finished, processes it again from the sidebar, then uploads two good files, one binary file
named ``.txt`` and one empty file, and checks the summary (new, changed, unchanged, failed with the
name the user gave), then uploads the same files again: all unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from makan_ui.upload import Incoming, save_upload
from tests.conftest import REPO, require
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, TOOLTIPS, _free_port, _wait_until_serving

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)


def start_dashboard(tmp: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """``streamlit run dashboard.py -- ARGS`` on a free port with its own data directory."""
    port, log = _free_port(), tmp / "streamlit.log"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp / "data")}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(port), "--browser.gatherUsageStats", "false", "--", *args],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server, log)
    except BaseException:
        server.terminate()
        raise
    return server, url


def _click_until_started(sidebar, button: str, done) -> None:
    """Click ``button`` until its processing shows (the progress bar, or already ``done``).

    On a loaded machine (load 6 on 2 cores) about one click in ten on a sidebar button reached no
    handler: the browser sent the server nothing, and the page waited as a user would before
    clicking again. That is what this does, at most three times, so the test is about the upload."""
    from playwright.sync_api import expect

    started = sidebar.locator('[data-testid="stProgress"]').or_(done)
    for attempt in range(3):
        sidebar.get_by_role("button", name=button).click()
        try:
            expect(started.first).to_be_visible(timeout=20_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


@pytest.fixture
def empty_dashboard(tmp_path, monkeypatch) -> Iterator[str]:
    """The dashboard on an empty store, with one earlier upload saved but never processed (killed)."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    save_upload([Incoming("idlib.txt", "قصفت الطائرات مدينة إدلب صباح اليوم.".encode())], tmp_path / "store.sqlite",
                "local:test")
    server, url = start_dashboard(tmp_path, "--db", str(tmp_path / "store.sqlite"))
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _files(folder: Path) -> list[Path]:
    folder.mkdir()
    rows = "\n".join(json.dumps({"id": f"r{i}", "title": f"خبر {c}", "date": f"2017-07-2{i}",
                                 "text": f"قصفت الطائرات مدينة {c} صباح اليوم."}, ensure_ascii=False)
                     for i, c in enumerate(["حلب", "دمشق"]))
    (folder / "rows.jsonl").write_text(rows, encoding="utf-8")
    (folder / "homs.txt").write_text("قصفت الطائرات مدينة حمص صباح اليوم.", encoding="utf-8")
    (folder / "picture.txt").write_bytes(PNG)
    (folder / "empty.txt").write_bytes(b"")
    return sorted(folder.iterdir())


def test_upload_processes_files_and_summarises_them(empty_dashboard, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    files = _files(tmp_path / "mine")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(empty_dashboard)
            expect(page.get_by_role("heading", name="Reader")).to_be_visible(timeout=60_000)  # the page is complete
            sidebar = page.locator('[data-testid="stSidebar"]')
            sidebar.get_by_text("Upload articles").click()
            expect(sidebar.get_by_text("1 earlier upload(s) were not processed to the end: idlib.txt")).to_be_visible(
                timeout=30_000)
            done = sidebar.get_by_text("Upload processed: 1 new, 0 changed, 0 unchanged, 0 failed, 0 empty")
            _click_until_started(sidebar, "Process them again", done)
            expect(done).to_be_visible(timeout=180_000)
            expect(sidebar.get_by_text("were not processed to the end")).to_have_count(0)
            sidebar.locator('input[type="file"]').set_input_files([str(f) for f in files])
            for f in files:
                expect(sidebar.get_by_text(f.name, exact=True)).to_be_visible(timeout=30_000)
            done = sidebar.get_by_text("Upload processed: 3 new, 0 changed, 0 unchanged, 1 failed, 1 empty")
            _click_until_started(sidebar, "Process the upload", done)
            expect(done).to_be_visible(timeout=180_000)
            expect(sidebar.get_by_text("picture.txt: is a PNG image, not text")).to_be_visible()
            expect(page.get_by_text("4 places · 4 mentions in the selection")).to_be_visible(timeout=60_000)
            # the first dated article put the date slider above it: the user's choice stays as it was
            expect(sidebar.get_by_role("checkbox", name="Include undated mentions")).to_be_checked()
            frame = page.locator(MAP_FRAME).element_handle().content_frame()
            frame.wait_for_function(f"() => ({TOOLTIPS})().length === 4", timeout=60_000)
            done = sidebar.get_by_text("Upload processed: 0 new, 0 changed, 3 unchanged, 1 failed, 1 empty")
            _click_until_started(sidebar, "Process the upload", done)  # the same files again
            expect(done).to_be_visible(timeout=180_000)
            page.screenshot(path="/tmp/makan-upload.png")
        finally:
            browser.close()
