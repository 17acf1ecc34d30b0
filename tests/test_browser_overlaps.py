"""Markers that overlap on the map can each be reached, in a real browser.

Its own small corpus: Damascus (3 articles) with Jaramana (1) 7 km away, so at the first view the
small Jaramana marker lies over the big Damascus one, and Aleppo alone in the north. Driven by
Debian's chromium as in ``test_browser.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, POINT_ON, TOOLTIPS, _map, served_dashboard

pytestmark = pytest.mark.browser

ARTICLES = [("d1", "دمشق"), ("d2", "دمشق"), ("d3", "دمشق"), ("j1", "جرمانا"), ("a1", "حلب")]

# The point of a marker's centre in the map's frame, and the names of every marker whose disc holds that point.
CENTRE_OF = """(name) => { const markers = [];
    window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.getTooltip()) markers.push(l); });
    const mine = markers.find(l => String(l.getTooltip().getContent()).includes(name));
    const origin = document.getElementById("map_div").getBoundingClientRect();
    const c = window.map.latLngToContainerPoint(mine.getLatLng());
    const under = markers.filter(l => window.map.latLngToContainerPoint(l.getLatLng()).distanceTo(c)
                                      <= l.getRadius() + (l.options.weight || 0) / 2);
    return [origin.left + c.x, origin.top + c.y, under.length]; }"""
LISTED = """() => Array.from(document.querySelectorAll('.leaflet-popup .makan-overlaps li'))
    .map(li => li.textContent)"""


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("overlaps")
    corpus = tmp / "articles.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "title": f"خبر {i}", "date": "2017-01-02", "source": "Desk",
                                          "text": f"قصفت الطائرات مدينة {city} صباح اليوم."}, ensure_ascii=False) + "\n"
                              for i, city in ARTICLES), encoding="utf-8")
    with served_dashboard(corpus, tmp) as url:
        yield url


def _open(playwright, url: str, locale: str = "en-US"):
    from playwright.sync_api import expect

    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale=locale)
    page.goto(url)
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=240_000)
    _map(page).wait_for_function(f"() => ({TOOLTIPS})().length === 3", timeout=60_000)
    return browser, page


def _click_in_map(page, x: float, y: float) -> None:
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_every_place_under_a_click_is_listed_and_each_opens_the_reader(dashboard):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser, page = _open(p, dashboard)
        try:
            chooser = page.get_by_role("combobox", name="Place", exact=True)
            x, y, under = _map(page).evaluate(CENTRE_OF, "جرمانا")
            assert under == 2  # the small Jaramana marker lies over the big Damascus one
            _click_in_map(page, x, y)
            # The click opens the topmost place, as always, and lists both, the most mentioned first.
            expect(chooser).to_have_value(re.compile(r"جرمانا · Jaramana \(1\)"), timeout=15_000)
            _map(page).wait_for_function(f"() => ({LISTED})().length === 2", timeout=10_000)
            listed = _map(page).evaluate(LISTED)
            assert [item.split(" · ")[0] for item in listed] == ["دمشق", "جرمانا"]
            assert "2 places under the pointer" in _map(page).locator(".makan-overlaps-head").inner_text()
            # The popup outlives the rerun that opened the reader (the layer is not redrawn).
            page.wait_for_timeout(1500)
            assert len(_map(page).evaluate(LISTED)) == 2
            # Damascus from the list: the reader follows, the popup closes.
            _map(page).locator(".makan-overlaps li a", has_text="Damascus (3)").click()
            expect(chooser).to_have_value(re.compile(r"دمشق · Damascus \(3\)"), timeout=15_000)
            _map(page).wait_for_function(f"() => ({LISTED})().length === 0", timeout=5_000)  # faded out
            # And back to Jaramana through the list, which a click could no longer reach alone if
            # Damascus were on top: each listed place is reached however the markers lie.
            _click_in_map(page, x, y)
            _map(page).wait_for_function(f"() => ({LISTED})().length === 2", timeout=10_000)
            _map(page).locator(".makan-overlaps li a", has_text="Jaramana").click()
            expect(chooser).to_have_value(re.compile(r"جرمانا · Jaramana \(1\)"), timeout=15_000)
        finally:
            browser.close()


def test_a_marker_alone_opens_no_list_and_a_click_elsewhere_closes_it(dashboard):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser, page = _open(p, dashboard)
        try:
            chooser = page.get_by_role("combobox", name="Place", exact=True)
            _click_in_map(page, *_map(page).evaluate(POINT_ON, "حلب"))  # Aleppo's marker and no other
            expect(chooser).to_have_value(re.compile(r"حلب · Aleppo \(1\)"), timeout=15_000)
            page.wait_for_timeout(500)
            assert _map(page).evaluate(LISTED) == []  # one marker under the pointer: no list
            x, y, _ = _map(page).evaluate(CENTRE_OF, "جرمانا")
            _click_in_map(page, x, y)
            _map(page).wait_for_function(f"() => ({LISTED})().length === 2", timeout=10_000)
            _click_in_map(page, 20, 200)  # the empty map, beneath the zoom buttons
            _map(page).wait_for_function(f"() => ({LISTED})().length === 0", timeout=10_000)
        finally:
            browser.close()


def test_the_list_is_in_arabic_in_the_arabic_interface(dashboard):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page = _open(p, dashboard, locale="ar-SY")
        try:
            x, y, _ = _map(page).evaluate(CENTRE_OF, "جرمانا")
            _click_in_map(page, x, y)
            _map(page).wait_for_function(f"() => ({LISTED})().length === 2", timeout=15_000)
            assert _map(page).locator(".makan-overlaps-head").inner_text() == "الأماكن تحت المؤشر: 2"
        finally:
            browser.close()
