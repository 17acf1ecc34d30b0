"""Benchmark: what the page spends on the reruns a user causes without changing the view.

On a built store (e.g. all of SaudiNewsNet), the dashboard is run by Streamlit's AppTest, which
executes the page as the server does, and for each step prints the wall time of the run and how
many store reads missed the cache (``makan_ui.costs``):

- first run (cold caches), then a place chosen in the reader;
- the same view again: what a second click on the selected marker causes (panning and zooming
  cause no rerun at all);
- the language switched to Arabic, and back;
- a new session opening a permalink (place, dates, layer) on the warm server.

Figures, not assertions: these machines are shared and noisy.

usage: python scripts/bench_selection.py --db STORE.sqlite [--place PLACE_ID]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from makan_ui import costs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def step(name: str, at: AppTest, action) -> AppTest:
    """Run one step, print its time and cache misses."""
    costs.misses.clear()
    start = time.perf_counter()
    at = action(at)
    seconds = time.perf_counter() - start
    if at.exception:
        sys.exit(f"{name}: the page raised {at.exception[0].message}")
    print(f"{name:<44} {seconds:7.2f} s   store reads run: {sum(costs.misses.values()):3d}  {dict(costs.misses)}")
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a built store")
    parser.add_argument("--place", help="the place id to choose (default: the second most mentioned)")
    args = parser.parse_args()
    os.environ["MAKAN_DB"] = str(args.db)
    os.environ.pop("MAKAN_CORPUS", None)
    new = lambda: AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)  # noqa: E731
    at = step("first run (cold caches)", new(), lambda a: a.run())
    chooser = at.selectbox(key="place")
    at = step("a place chosen in the reader", at, lambda a: (chooser.set_value(args.place) if args.place
                                                             else chooser.select_index(1)).run())
    at = step("same view again (second click on its marker)", at, lambda a: a.run())
    at = step("switch to Arabic", at, lambda a: a.radio(key="lang").set_value("ar").run())
    at = step("back to English", at, lambda a: a.radio(key="lang").set_value("en").run())
    link = dict(at.query_params)
    dates = at.slider(key="dates").value if at.get("slider") else None
    if dates:
        span = (dates[1] - dates[0]) // 4
        link.update({"from": (dates[0] + span).isoformat(), "to": (dates[1] - span).isoformat()})
    link["layer"] = "clusters"

    def open_link(_: AppTest) -> AppTest:
        fresh = new()
        for name, value in link.items():
            fresh.query_params[name] = value
        return fresh.run()

    at = step(f"a new session opening a permalink ({len(link)} params)", at, open_link)
    print(f"place restored: {at.selectbox(key='place').value == link.get('place')}, "
          f"layer: {at.radio(key='map_view').value}, dates: {at.slider(key='dates').value if dates else None}")


if __name__ == "__main__":
    main()
