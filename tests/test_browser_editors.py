"""Editors correcting dates in real browsers while others write to the same store.

Its own server and store (the fixtures of ``tests.test_browser``, instantiated for this module), so
the dates changed here never reach the other browser tests.
"""

from __future__ import annotations

import re

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, after_its_run, dashboard, page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def _open_date_editor(page):
    from playwright.sync_api import expect

    page.get_by_text("Correct a document's date").click()
    field = page.get_by_label("Date (YYYY, YYYY-MM or YYYY-MM-DD)")
    expect(field).to_be_visible(timeout=60_000)
    return field


def _type_date(page, field, value: str) -> None:
    """Type ``value`` and send it with Enter, so it reaches the server before Save is pressed; once
    that run is over the field must still hold it (a run that drops a typed value is a bug)."""
    from playwright.sync_api import expect

    field.fill(value)
    after_its_run(page, lambda: field.press("Enter"))
    expect(field).to_have_value(value)


def test_the_corrected_document_stays_chosen_when_its_new_date_moves_it_off_the_page(page):  # noqa: F811
    """Damascus has 60 passages, newest first, 50 a page: dated 1990, a document leaves the page."""
    from playwright.sync_api import expect

    field = _open_date_editor(page)
    newest = page.locator('a[href^="https://example.org/dam59/"]')
    expect(newest).to_have_count(1)  # the first document offered is the reader's newest
    _type_date(page, field, "1990-05")
    page.get_by_role("button", name="Save date").click()
    # the editor still shows that document's corrections, though the reader no longer lists it
    expect(page.get_by_text(re.compile(r"1990-05 by local"))).to_be_visible(timeout=60_000)
    expect(newest).to_have_count(0)


def test_a_save_clicked_after_another_editor_wrote_is_kept(page, dashboard):  # noqa: F811
    """The other editor's write makes this page stale; the click on Save must still save."""
    from playwright.sync_api import expect

    field = _open_date_editor(page)
    _type_date(page, field, "2001-02")
    other = page.context.browser.new_page(viewport={"width": 1400, "height": 1100})
    other.goto(dashboard)
    expect(other.get_by_text("3 places · 70 mentions in the selection")).to_be_visible(timeout=60_000)
    their_field = _open_date_editor(other)
    other.get_by_role("combobox", name="Document", exact=True).click()
    other.keyboard.press("ArrowDown")
    after_its_run(other, lambda: other.keyboard.press("Enter"))
    _type_date(other, their_field, "2002-03")
    other.get_by_role("button", name="Save date").click()
    expect(other.get_by_text(re.compile(r"2002-03 by local"))).to_be_visible(timeout=60_000)
    other.close()

    page.get_by_role("button", name="Save date").click()
    expect(page.get_by_text(re.compile(r"2001-02 by local"))).to_be_visible(timeout=60_000)


def test_a_save_followed_at_once_by_another_click_is_kept(page):  # noqa: F811
    """Another click right after Save (here a layer switch) stops the run that carries the Save before
    it reaches the editor at the page's foot, and its own run draws the map alone: the date must be
    saved all the same, and the editor must still show that document and its correction."""
    from playwright.sync_api import expect

    field = _open_date_editor(page)
    _type_date(page, field, "1991-07")
    page.get_by_role("button", name="Save date").click()
    page.get_by_text("Clusters", exact=True).click()
    expect(page.get_by_text(re.compile(r"1991-07 by local"))).to_be_visible(timeout=60_000)
    # and once every run is over: the browser sent the choice back as its old label, dated before the Save
    after_its_run(page, lambda: page.get_by_text("Points", exact=True).click())
    expect(page.get_by_role("combobox", name="Document", exact=True)).to_have_value(re.compile(r"\(\u200e1991-07\)$"))
    expect(page.get_by_text(re.compile(r"1991-07 by local"))).to_be_visible()


def test_a_form_opened_above_the_date_editor_leaves_it_open_with_the_date_typed(page):  # noqa: F811
    """The browser knows an element by its place among its parent's children: when the correction
    form above opened, the date editor's place moved and it was drawn anew, closed, the date typed
    in it gone from view."""
    from playwright.sync_api import expect

    field = _open_date_editor(page)
    _type_date(page, field, "1993-04")
    after_its_run(page, lambda: page.get_by_text("Correct a place", exact=True).click())
    expect(field).to_be_visible()
    expect(field).to_have_value("1993-04")
    page.get_by_role("button", name="Save date").click()
    expect(page.get_by_text(re.compile(r"1993-04 by local"))).to_be_visible(timeout=60_000)
