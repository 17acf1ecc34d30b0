"""Correcting places in a real browser: from a mention in the reader to the map, and back with Undo.

The same dashboard and corpus as ``test_browser`` (Damascus in 60 articles, Homs in 4, Aleppo in
6), its own server and store, so these corrections never reach the other browser tests.
"""

from __future__ import annotations

import re

import pytest

from tests import test_browser
from tests.test_browser import TOOLTIPS, _map

dashboard, page = test_browser.dashboard, test_browser.page  # its fixtures, for a server of this module's own

pytestmark = pytest.mark.browser


def _wait_for_markers(page, *expected: str, absent: str | None = None) -> None:
    """Until the map's tooltips name every ``expected`` label and not ``absent``."""
    check = (f"() => {{ const t = ({TOOLTIPS})().join(' | '); return {list(expected)!r}.every(e => t.includes(e))"
             + (f" && !t.includes({absent!r})" if absent else "") + "; }")
    _map(page).wait_for_function(check, timeout=60_000)


def _read_place(page, label: str) -> None:
    """Choose the reader's place (again if a rerun redrew the chooser while its list was open)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    chooser = page.get_by_role("combobox", name="Place", exact=True)
    for attempt in range(3):
        try:
            chooser.click()
            page.get_by_role("option", name=re.compile(re.escape(label))).click(timeout=10_000)
            expect(chooser).to_have_value(re.compile(re.escape(label.split(" (")[0])), timeout=10_000)
            return
        except AssertionError:
            if attempt == 2:
                raise
        except PlaywrightTimeout as error:
            if attempt == 2:
                raise AssertionError(f"could not choose {label} in the reader") from error
            page.keyboard.press("Escape")


def _switch_on(page, name: str) -> None:
    """Turn on one of the toggles that show the correction form and the history (they stay on)."""
    from playwright.sync_api import expect

    switch = page.get_by_role("switch", name=re.compile("^" + re.escape(name)))
    if not switch.is_checked():
        page.locator("label", has=switch).first.click()  # the label, drawn over the input, takes the click
    expect(switch).to_be_checked(timeout=30_000)


def _choose(page, option: str) -> None:
    """Pick a radio option and wait until the page has taken it."""
    from playwright.sync_api import expect

    page.get_by_role("radiogroup").get_by_text(option, exact=True).click()
    expect(page.get_by_role("radio", name=option, exact=True)).to_be_checked(timeout=30_000)


def test_move_every_homs_to_hama_then_undo(page):
    from playwright.sync_api import expect

    _read_place(page, "حمص · Homs (4)")
    expect(page.locator("div[dir=rtl] mark", has_text="حمص").first).to_be_visible(timeout=30_000)
    _switch_on(page, "Correct a place")
    _choose(page, "Move to another place")
    search = page.get_by_label("Find the place (Arabic or English name)")
    search.fill("حماه")  # folded: finds حماة
    search.press("Enter")
    expect(page.get_by_role("combobox", name="Place (nearest first)")).to_have_value(
        re.compile("^حماة · Hama"), timeout=30_000)
    _choose(page, "every «حمص» in the corpus")
    page.get_by_role("button", name="Apply the correction").click()
    _wait_for_markers(page, "حماة · Hama (4)", absent="Homs")
    expect(page.get_by_text("3 places · 70 mentions in the selection")).to_be_visible(timeout=30_000)
    _read_place(page, "حماة · Hama (4)")  # the reader shows the moved mentions, with who moved them
    expect(page.locator("div[dir=rtl]", has_text="corrected by local").first).to_be_visible(timeout=30_000)
    _switch_on(page, "Corrections made")
    expect(page.get_by_text(re.compile("«حمص» moved to حماة · Hama \\(in the whole corpus\\) by local"))
           ).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Undo").click()
    _wait_for_markers(page, "حمص · Homs (4)", absent="Hama")
    expect(page.get_by_text(re.compile("«حمص» moved to .* undone by local"))).to_be_visible(timeout=30_000)
    page.screenshot(path="/tmp/makan-corrections.png")


def test_not_a_place_and_a_sense_change_leave_the_map(page):
    from playwright.sync_api import expect

    _read_place(page, "حلب · Aleppo (6)")
    _switch_on(page, "Correct a place")
    _choose(page, "Not a place")
    _choose(page, "this mention only")
    page.get_by_role("button", name="Apply the correction").click()
    _wait_for_markers(page, "حلب · Aleppo (5)")
    # Metonymic mentions are filtered out by default: a sense correction takes Damascus's away.
    _read_place(page, "دمشق · Damascus (60)")
    _switch_on(page, "Correct a place")
    _choose(page, "Change its sense")
    _choose(page, "its government or people (metonymic)")
    _choose(page, "this mention only")
    page.get_by_role("button", name="Apply the correction").click()
    _wait_for_markers(page, "دمشق · Damascus (59)")
    expect(page.get_by_text("3 places · 68 mentions in the selection")).to_be_visible(timeout=30_000)
