"""No injected script runs: the hostile corpus in the map, the reader, search results and the audit page.

Article titles, text, sources, URLs and file names carry ``<script>``, ``onerror=``, ``<svg onload>``,
template-literal breakers and ``javascript:`` links that would set ``window.__pwned`` or open a dialog.
The test opens the map (tooltips), each place in the reader, searches, uploads a file named as
markup and opens the audit page that records it, and asserts that no dialog opened
and that the flag is unset in the page and in every frame (the map is an iframe), while the markup
is shown as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import require
from tests.hostile_corpus import EXPECTED_ERRORS, HOSTILE_NAME, write_hostile_corpus
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, TOOLTIPS
from tests.test_browser_upload import start_dashboard

pytestmark = pytest.mark.browser
PWNED = "() => window.__pwned === undefined"


@pytest.fixture(scope="module")
def hostile_dashboard(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("hostile-browser")
    corpus = write_hostile_corpus(tmp / "corpus", long_line_mb=0.5)
    server, url = start_dashboard(tmp, "--corpus", str(corpus), "--db", str(tmp / "store.sqlite"))
    try:
        yield url, corpus
    finally:
        server.terminate()
        server.wait(timeout=30)


def _clean(page) -> None:
    for frame in page.frames:
        assert frame.evaluate(PWNED), f"injected script ran in {frame.url}"


def test_no_injected_script_runs_in_the_map_the_reader_or_search(hostile_dashboard):
    import re

    from playwright.sync_api import expect, sync_playwright

    url, corpus = hostile_dashboard
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(url)
            summary = re.compile(rf"\d+ processed, \d+ unchanged, {len(EXPECTED_ERRORS)} failed")
            expect(page.get_by_text(summary)).to_be_visible(timeout=240_000)
            frame = page.locator(MAP_FRAME).element_handle().content_frame()
            frame.wait_for_function(f"() => ({TOOLTIPS})().length >= 5", timeout=60_000)
            tooltips = frame.evaluate(TOOLTIPS)
            assert any("حمص" in t for t in tooltips)
            _clean(page)
            chooser = page.get_by_role("combobox", name="Place", exact=True)
            chooser.click()
            options = page.get_by_role("option").all_inner_texts()
            page.keyboard.press("Escape")
            assert len(options) >= 5, options
            for option in options:
                chooser.click()
                page.get_by_role("option", name=option, exact=True).click()
                expect(page.locator("div[dir=rtl] mark").first).to_be_visible(timeout=30_000)
                _clean(page)
            # Homs last read holds the scripted titles and onerror text: shown as text, not run.
            chooser.click()
            page.get_by_role("option", name=re.compile("^حمص")).first.click()
            expect(page.get_by_text("<script>window.__pwned=1;alert('xss')</script>", exact=False).first
                   ).to_be_visible(timeout=30_000)
            expect(page.locator("a[href^='javascript']")).to_have_count(0)
            _clean(page)
            # The search results list the same passages and titles, the words marked.
            search = page.get_by_label("Search the passages")
            for word in ("حلب", "دمشق", "حمص"):  # Homs last: its results hold the scripted title
                search.fill(word)
                search.press("Enter")
                # this search's own results, not the last one's still on the page: the link names it
                expect(page.get_by_role("link", name="Link to this view")).to_have_attribute(
                    "href", re.compile(re.escape(f"q={quote(word)}")), timeout=60_000)
                if word == "دمشق":  # only in "أعلنت دمشق": the government speaking, left out as not literal
                    expect(page.get_by_text("No passage matches this search and the filters.")).to_be_visible()
                    continue
                expect(page.get_by_text(re.compile(r"\d+ of \d+ matching passages"))).to_be_visible(timeout=60_000)
                expect(page.locator("div[dir=rtl] mark").first).to_be_visible(timeout=30_000)
                _clean(page)
            expect(page.get_by_text("<script>window.__pwned=1;alert('xss')</script>", exact=False).first
                   ).to_be_visible(timeout=30_000)
            # A file named as markup, uploaded: its name reaches the upload summary and the audit page.
            sidebar = page.locator('[data-testid="stSidebar"]')
            sidebar.get_by_text("Upload articles").click()
            sidebar.locator('input[type="file"]').set_input_files([str(corpus / HOSTILE_NAME),
                                                                   str(corpus / "xss.jsonl")])
            sidebar.get_by_role("button", name="Process the upload").click()
            expect(sidebar.get_by_text(re.compile("^Upload processed: "))).to_be_visible(timeout=180_000)
            page.get_by_text("Audit log: who changed what").click()
            expect(page.locator('[data-testid="stDataFrame"]').last).to_be_visible(timeout=30_000)
            _clean(page)
            page.screenshot(path="/tmp/makan-hostile.png")
        finally:
            browser.close()
    assert dialogs == []
