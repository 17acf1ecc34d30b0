"""Benchmark: the dashboard on SaudiNewsNet in a real browser, beside a floor page.

For each store (all 31,030 articles, and a 3,000-article slice), with the store already built,
one Chromium session measures:

- first render: page opened -> first place drawn on the map, on a fresh server (cold: its imports
  and caches) and again on a new page (warm), each beside the floor page in the same state (the
  same Streamlit + streamlit-folium stack with 10 markers, ``scripts/bench_floor_page.py``, on its
  own fresh server: its first page, then its later ones); as Playwright sees it, and as the page's
  own clock saw its first paint (Playwright's checks queue behind a busy page's work, so they
  report later); and page complete: until the reader and the timeline, which a browser's first run
  draws after the map (``makan_ui.map_first``), are shown. "cold first paint / warm floor" compares
  a fresh server with a warm floor, as this script did until 2026-12-01;
- marker click -> the reader shows that place;
- brush on the timeline, and a sidebar filter (adding metonymic mentions) -> the map redrawn;
- the Streamlit server's peak resident memory.

Targets (issue 8): first render <= 1.3x the floor, click and filter/brush <= 1 s, peak RSS <= 1 GB.
Figures, not assertions: these machines are shared and noisy.

usage: python scripts/bench_dashboard.py [--db ALL.sqlite] [--slice-db SLICE.sqlite] [--repeat 3]
Without ``--db``/``--slice-db`` the stores are built first under a temporary folder (minutes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _dashboard import (CHROMIUM, CHROMIUM_ARGS, FIND_MARKER, MAP_FRAME, PAINT_CLOCK, build_store,  # noqa: E402
                        map_frame, painted_after_navigation, peak_rss_mb, saudinewsnet_jsonl, streamlit,
                        wait_for_map)
from _shared import ROOT  # noqa: E402

TARGETS = {"cold first paint / floor": 1.3, "warm first paint / floor": 1.3, "click -> reader (s)": 1.0,
           "brush -> map (s)": 1.0, "filter -> map (s)": 1.0, "peak RSS (MB)": 1024}

# streamlit-folium appends each places layer it adds to window.feature_group (removing the old one
# from the map): remember the current one, then wait for another on the map.
MARK_OLD = "() => { window.__old_layer = (window.feature_group || []).slice(-1)[0]; }"
NEW_LAYER = """() => { const layer = (window.feature_group || []).slice(-1)[0];
    return !!layer && layer !== window.__old_layer && window.map.hasLayer(layer); }"""
def first_render(browser, url: str, complete: list[float] | None = None,
                 painted: list[float] | None = None) -> float:
    """Seconds from opening the page to the first place drawn on its map, as Playwright sees it.
    With ``painted``, also appends the seconds to the marker's first paint as the page's own clock
    saw it (``PAINT_CLOCK``); with ``complete``, the seconds until the reader and the timeline,
    drawn after the map, are shown."""
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.add_init_script(PAINT_CLOCK)
    try:
        start = time.perf_counter()
        page.goto(url)
        wait_for_map(page)
        took = time.perf_counter() - start
        if painted is not None:
            painted.append(painted_after_navigation(page))
        if complete is not None:
            page.get_by_role("combobox", name="Place", exact=True).wait_for(timeout=300_000)
            page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=300_000)
            complete.append(time.perf_counter() - start)
        return took
    finally:
        page.close()


def map_redrawn_after(page, action) -> float:
    """Seconds from ``action()`` to new place layers on the map (the old ones are marked first)."""
    frame = map_frame(page)
    frame.evaluate(MARK_OLD)
    start = time.perf_counter()
    action()
    frame.wait_for_function(NEW_LAYER, timeout=60_000)
    return time.perf_counter() - start


def clicks(page, repeat: int) -> list[float]:
    """Click ``repeat`` different markers; seconds until the reader's chooser names each."""
    from playwright.sync_api import expect

    chooser = page.get_by_role("combobox", name="Place", exact=True)
    times = []
    for nth in range(repeat):
        current = (chooser.input_value() or "").split(" (")[0]
        found = map_frame(page).evaluate(FIND_MARKER, [current or "\u0000", nth])
        if found is None:
            break
        x, y, text = found
        box = page.locator(MAP_FRAME).bounding_box()
        label = text.split(")")[0] + ")"
        start = time.perf_counter()
        page.mouse.click(box["x"] + x, box["y"] + y)
        expect(chooser).to_have_value(label, timeout=60_000)
        times.append(time.perf_counter() - start)
    return times


def brush(page) -> float:
    """Drag across the middle third of the timeline; seconds until the map shows the new range."""
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.55

    def drag() -> None:
        page.mouse.move(box["x"] + box["width"] * 0.45, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=8)
        page.mouse.up()

    took = map_redrawn_after(page, drag)
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    return took


def add_metonymic(page) -> float:
    """Add metonymic mentions in the sidebar's Sense filter; seconds from choosing the option (the
    list opened first: opening it changes nothing) until the map is redrawn. Until 2026-12-01 the
    clock also ran while Playwright opened the list, about 0.3 s of the figure."""
    page.get_by_role("combobox", name="Sense").click()
    option = page.get_by_role("option", name="metonymic")
    option.wait_for()
    took = map_redrawn_after(page, option.click)
    page.keyboard.press("Escape")
    return took


def bench(db: str | Path, floor_dir: Path, repeat: int) -> dict[str, float]:
    """Every figure for one store, in one browser, beside a floor server started afresh for it."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with streamlit(floor_dir / "floor.py", cwd=floor_dir) as (floor_url, _), \
            streamlit(ROOT / "dashboard.py", "--db", str(db)) as (url, server), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            floor_paint: list[float] = []
            out["floor cold first render (s)"] = first_render(browser, floor_url, painted=floor_paint)
            floor_cold_paint = floor_paint.pop()
            out["floor first render (s)"] = statistics.median(first_render(browser, floor_url, painted=floor_paint)
                                                              for _ in range(repeat))
            complete: list[float] = []
            paint: list[float] = []
            out["cold first render (s)"] = first_render(browser, url, complete, paint)
            out["warm first render (s)"] = statistics.median(first_render(browser, url, complete, paint)
                                                             for _ in range(repeat))
            out["cold page complete (s)"] = complete[0]
            out["warm page complete (s)"] = statistics.median(complete[1:])
            out["cold render / floor"] = out["cold first render (s)"] / out["floor cold first render (s)"]
            out["warm render / floor"] = out["warm first render (s)"] / out["floor first render (s)"]
            out["floor cold first paint (s)"] = floor_cold_paint
            out["floor first paint (s)"] = statistics.median(floor_paint)
            out["cold first paint (s)"] = paint[0]
            out["warm first paint (s)"] = statistics.median(paint[1:])
            out["cold first paint / floor"] = paint[0] / floor_cold_paint
            out["warm first paint / floor"] = out["warm first paint (s)"] / out["floor first paint (s)"]
            out["cold first paint / warm floor"] = paint[0] / out["floor first paint (s)"]
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.goto(url)
            wait_for_map(page)
            out["click -> reader (s)"] = max(clicks(page, repeat))
            out["brush -> map (s)"] = brush(page)
            out["filter -> map (s)"] = add_metonymic(page)
        finally:
            browser.close()
        out["peak RSS (MB)"] = peak_rss_mb(server.pid)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a store of all SaudiNewsNet articles, a file or a postgresql:// URL (else built)")
    parser.add_argument("--slice-db", help="a store of a 3,000-article slice, a file or a URL (else built)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="makan-bench-") as tmp:
        tmp_path = Path(tmp)
        stores = {}
        for name, given, every, limit in (("SaudiNewsNet 3,000", args.slice_db, 10, 3000),
                                          ("SaudiNewsNet all", args.db, 1, None)):
            if given is None:
                jsonl = tmp_path / f"{every}.jsonl"
                rows = saudinewsnet_jsonl(jsonl, every, limit)
                given = tmp_path / f"{every}.sqlite"
                print(f"built {name}: {rows} articles in {build_store(jsonl, given):.0f} s", flush=True)
            stores[name] = given
        floor_dir = tmp_path / "floor"
        (floor_dir / ".streamlit").mkdir(parents=True)
        (floor_dir / ".streamlit" / "config.toml").write_text("[server]\nenableStaticServing = true\n")
        (floor_dir / "static").symlink_to(ROOT / "static")
        (floor_dir / "floor.py").write_text((ROOT / "scripts" / "bench_floor_page.py").read_text())
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        for name, db in stores.items():
            figures = bench(db, floor_dir, args.repeat)
            print(f"\n{name} ({db})")
            for key, value in figures.items():
                target = TARGETS.get(key)
                verdict = "" if target is None else (" ok" if value <= target else f" OVER (target {target})")
                print(f"  {key:30} {value:8.2f}{verdict}")


if __name__ == "__main__":
    main()
