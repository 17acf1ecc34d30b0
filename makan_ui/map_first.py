"""The map first: on a browser's first visit the page draws the map alone, then the rest.

Measured on SaudiNewsNet (``make bench-dashboard``), the map's first render took 2-4x the floor page
(the same stack with 10 markers) when the timeline (Vega) and the reader (50 passages) were drawn in
the same run: the browser parsed, sanitised and laid them out on the main thread the map's iframe
shares, while Leaflet was still loading, and the server read their data before the map's run ended.
Drawn without them, the map renders in about the floor's time; drawn without the controls too
(``map_only``), closer still. So the first run of a session draws the title, the count and the map,
holds the search box's place at its height (the layer switch sits under the map), leaves the sidebar
empty, and mounts a tiny script that reports when Leaflet has drawn the map (or,
at the latest, after ``WAIT_MS``); that report reruns the page with the timeline and the reader.

Without a browser (Streamlit's AppTest, bare mode) nothing could report the map drawn, so every
run draws everything, as a browser's later runs do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

DRAWN = "_map_drawn"  # session state: this browser has drawn the map once
WAIT_MS = 8000  # the rest of the page never waits longer than this for the map
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

# Runs in the page: waits until the map's iframe has its Leaflet map (streamlit-folium adds the
# places layer in the same task that creates it), lets it paint, then reports once.
_JS = """
export default function (component) {
    const { setTriggerValue, data } = component;
    const started = performance.now();
    let finished = false;
    function report() {
        if (finished) return;
        finished = true;
        setTriggerValue("drawn", true);
    }
    function check() {
        if (finished) return;
        const frame = document.querySelector(data.frame);
        let map = null;
        try { map = frame && frame.contentWindow && frame.contentWindow.map; } catch (e) { map = null; }
        if (map) {
            frame.contentWindow.requestAnimationFrame(() => setTimeout(report, 0));
        } else if (performance.now() - started > data.wait_ms) {
            report();
        } else {
            setTimeout(check, 50);
        }
    }
    check();
    return () => { finished = true; };
}
"""



@functools.cache
def _signal() -> Callable[..., object]:
    """The signal's component, declared on first use: in a script run, once the runtime serves it."""
    return st.components.v2.component("makan_map_drawn", js=_JS)


def map_only() -> bool:
    """Whether this run is a browser's first, which draws the map and leaves out every control
    (the sidebar's and the upload stay empty; the search box's place is held at its height, so the
    map does not move when the box arrives; the layer switch under the map comes with the rest).

    Measured on 3,000 SaudiNewsNet articles in chromium, the map's first paint came 1.4-1.6x the
    floor's with the controls drawn in the same run and 1.15-1.3x without them. Streamlit's React
    renders every element on the main thread the map's iframe shares, and a widget's label loads
    its Markdown renderer and syntax highlighter (about 250 ms) before the map has its first
    marker. The controls' values come from the session state either way, so the next run draws
    them around the same map."""
    return not st.session_state.get(DRAWN) and bool(st.context.headers)


def _mark_drawn() -> None:
    st.session_state[DRAWN] = True


def rest_waits_for_map() -> bool:
    """Whether this run leaves the timeline and the reader out; if so, mounts the script whose
    report reruns the page with them. Call it after the map is drawn."""
    if not map_only():
        return False
    _signal()(key="map_drawn", data={"frame": MAP_FRAME, "wait_ms": WAIT_MS}, on_drawn_change=_mark_drawn)
    return True
