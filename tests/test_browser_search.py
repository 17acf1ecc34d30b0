"""Search in a real browser: the box narrows the map and lists the matching passages with the words marked.

Its own small corpus (Homs twice, once as وبحمص; Eastern Ghouta beside Damascus; Damascus; Aleppo),
its own dashboard, driven by Debian's chromium as in ``test_browser.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, TOOLTIPS, _map, served_dashboard

pytestmark = pytest.mark.browser

ARTICLES = [  # (id, date, source, text)
    ("h1", "2017-01-02", "Desk A", "وصلت المساعدات إلى حمص صباح اليوم."),
    ("h2", "2017-01-03", "Desk B", "اشتباكات عنيفة وبحمص هذا المساء."),
    ("g1", "2017-02-01", "Desk B", "قصفت الطائرات بلدات بالغوطة الشرقية قرب دمشق."),
    ("d1", "2017-03-01", "Desk B", "زار الوفد دمشق واجتمع بالمسؤولين في الشرقية."),
    ("a1", "2017-06-01", "Desk B", "عاد الهدوء إلى حلب بعد أسبوع من القصف."),
]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("search")
    corpus = tmp / "articles.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "title": f"خبر {i}", "date": d, "source": source, "text": text},
                                         ensure_ascii=False) + "\n" for i, d, source, text in ARTICLES),
                      encoding="utf-8")
    with served_dashboard(corpus, tmp) as url:
        yield url


@pytest.fixture
def page(dashboard):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(dashboard)
            expect(page.get_by_text(re.compile(r"5 processed"))).to_be_visible(timeout=240_000)
            _map(page).wait_for_function(f"() => ({TOOLTIPS})().length === 4", timeout=60_000)
            yield page
        finally:
            browser.close()


def _search(page, text: str) -> None:
    box = page.get_by_label("Search the passages")
    box.fill(text)
    box.press("Enter")


def _marked(page) -> list[str]:
    return sorted(page.locator("div[dir=rtl] mark").all_inner_texts())


def test_search_marks_the_words_counts_the_passages_and_narrows_the_map(page):
    from playwright.sync_api import expect

    _search(page, "حمص")
    expect(page.get_by_text("2 of 2 matching passages, newest first")).to_be_visible(timeout=60_000)
    _map(page).wait_for_function(f"() => ({TOOLTIPS})().length === 1", timeout=60_000)
    assert "حمص" in " ".join(_map(page).evaluate(TOOLTIPS))
    expect(page.locator("div[dir=rtl] mark")).to_have_count(2, timeout=30_000)
    assert _marked(page) == ["حمص", "وبحمص"]
    assert page.locator("div[dir=rtl]").first.inner_text().startswith("خبر h2")  # newest first
    page.screenshot(path="/tmp/makan-search.png")

    _search(page, "حِمْص")  # diacritics typed: folded away
    expect(page.get_by_text("2 of 2 matching passages, newest first")).to_be_visible(timeout=60_000)

    _search(page, "Homs")  # a Latin name: the place's mentions, through the gazetteer
    expect(page.get_by_text(re.compile("Place names searched as places.*Homs"))).to_be_visible(timeout=60_000)
    expect(page.get_by_text("2 of 2 matching passages, newest first")).to_be_visible(timeout=60_000)
    expect(page.locator("div[dir=rtl] mark")).to_have_count(2, timeout=30_000)

    _search(page, '"الغوطة الشرقية')  # a lone quote: reported, the words still searched
    expect(page.get_by_text("A quote mark without its pair was ignored.")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("1 of 1 matching passages, newest first")).to_be_visible(timeout=60_000)
    _map(page).wait_for_function(f"() => ({TOOLTIPS})().length === 2", timeout=60_000)  # the Ghouta and Damascus
    expect(page.locator("div[dir=rtl] mark")).to_have_count(2, timeout=30_000)
    assert _marked(page) == ["الشرقية", "بالغوطة"]

    _search(page, "الغوطة الشرقية")  # both words, anywhere in the passage: d1 names الشرقية alone
    expect(page.get_by_text("1 of 1 matching passages, newest first")).to_be_visible(timeout=60_000)
    _search(page, "الشرقية")
    expect(page.get_by_text("2 of 2 matching passages, newest first")).to_be_visible(timeout=60_000)
    _search(page, '"الشرقية الغوطة"')  # a quoted phrase: in this order only
    expect(page.get_by_text("No passage matches this search and the filters.")).to_be_visible(timeout=60_000)
    _search(page, '"الغوطة الشرقية"')
    expect(page.get_by_text("1 of 1 matching passages, newest first")).to_be_visible(timeout=60_000)
    expect(page.locator("div[dir=rtl] mark")).to_have_count(1, timeout=30_000)
    assert _marked(page) == ["بالغوطة الشرقية"]


def test_a_link_with_a_search_and_a_source_composes_them(page, dashboard):
    from playwright.sync_api import expect

    page.goto(f"{dashboard}/?{urlencode({'q': 'حمص', 'source': 'Desk A'})}")
    expect(page.get_by_text("1 of 1 matching passages, newest first")).to_be_visible(timeout=60_000)
    expect(page.get_by_label("Search the passages")).to_have_value("حمص")
    _map(page).wait_for_function(f"() => ({TOOLTIPS})().length === 1", timeout=60_000)
    expect(page.locator("div[dir=rtl] mark")).to_have_count(1, timeout=30_000)  # the passages come after their count
    assert _marked(page) == ["حمص"]  # h1 (Desk A), not h2's وبحمص (Desk B)


def test_fts5_syntax_in_the_box_never_breaks_the_page(page):
    from playwright.sync_api import expect

    operators = "AND, OR, NOT and NEAR are not operators here: every word must match."
    for text, shown in [("NEAR(حلب", "1 of 1 matching passages, newest first"),
                        ('*"', "Nothing to search for"),
                        ("حمص AND (دمشق", "No passage matches this search and the filters."),
                        ("حلب)", "1 of 1 matching passages, newest first"),
                        (")", "Nothing to search for")]:
        _search(page, text)
        expect(page.get_by_text(re.compile(re.escape(shown)))).to_be_visible(timeout=60_000)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        if "AND" in text or "NEAR" in text:
            expect(page.get_by_text(operators)).to_be_visible()
    _map(page).wait_for_function(f"() => ({TOOLTIPS})().length === 4", timeout=60_000)  # no search: every place
