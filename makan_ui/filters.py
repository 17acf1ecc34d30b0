"""The sidebar: date range (in step with the timeline's brush), level, sense, source, governorate.

Choices come from ``Store.facet_values`` (a few distinct values), never from the mentions.
Governorates are listed by name, Arabic and English; a code no source names stays findable as
"governorate SY09" rather than a bare code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import streamlit as st

from geo.store import Filters
from makan_ui import permalink
from makan_ui.i18n import labeller, t
from makan_ui.map_layers import area_name
from makan_ui.timeline import Extent

DATES, BRUSH_SEEN = "dates", "_brush_seen"


def _choose(label: str, options: list[str], default: list[str], key: str,
            format_func: Callable[[str], str] = str, draw: bool = True) -> tuple[str, ...] | None:
    """A multiselect whose "everything chosen" means no filter, so rows without a value stay.

    While a corpus is being processed new values appear (a source, a sense): each one gets its
    default (sources are shown, metonymic mentions are not) and the user's other choices stay.
    A value the store does not have (from an old link) is dropped.
    """
    permalink.default(key, default)
    slot = st.sidebar.container()  # there on every run, so the widgets below never move (see the slider)
    seen_key = f"_{key}_options"
    previous = st.session_state.get(seen_key)
    st.session_state[seen_key] = options
    if not options:
        return None
    if key not in st.session_state:  # the state holds the choice, so no default is passed below
        st.session_state[key] = default
    elif previous is not None and previous != options:
        kept = [v for v in st.session_state[key] if v in options]
        st.session_state[key] = kept + [v for v in default if v not in previous and v not in kept]
    elif not set(st.session_state[key]) <= set(options):
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    chosen = slot.multiselect(label, options, key=key, format_func=format_func) if draw else st.session_state[key]
    return None if set(chosen) == set(options) else tuple(chosen)


def default_senses(senses: list[str]) -> list[str]:
    """The senses shown until the user chooses: literal mentions when there are any."""
    return [s for s in senses if s == "literal"] or senses


def default_filters(facets: Mapping[str, list[str]]) -> Filters:
    """The Filters of a page nobody has changed: what ``sidebar_filters`` returns on a fresh session."""
    senses = facets.get("sense", [])
    chosen = default_senses(senses)
    return Filters(senses=None if set(chosen) == set(senses) else tuple(chosen))


def follow_brush(brush: tuple[date, date] | None, extent: Extent | None) -> None:
    """Move the date slider to a new brush, clipped to the extent. Runs before the slider is drawn,
    as Streamlit requires for a widget's state. A cleared brush changes nothing: Vega clears it
    too when the chart's data change, so the slider (not the brush) is what resets the range."""
    if brush == st.session_state.get(BRUSH_SEEN) or extent is None:
        return
    st.session_state[BRUSH_SEEN] = brush
    if brush is None:
        return
    lo, hi = max(brush[0], extent.lo), min(brush[1], extent.hi)
    st.session_state[DATES] = (lo, max(lo, hi))


def sidebar_filters(facets: Mapping[str, list[str]], extent: Extent | None,
                    governorate_names: Mapping[str, str], draw: bool = True) -> Filters:
    """The user's selection as Filters; the slider's full extent means no date restriction (the
    mentions dated outside it included), any narrower range keeps only what overlaps it.

    Every widget takes its value from the session state, set here before it is drawn, so
    ``draw=False`` (a map-only first run, ``makan_ui.map_first``) returns the very Filters that the
    widgets drawn in the next run will: the map drawn first is the map the page keeps."""
    if draw:
        st.sidebar.header(t("filters.title"))
    # The slider's place exists on every run, dates or not: when the first dated article arrives the
    # widgets below it keep their places on the page. Shifted by one, the browser remounted the
    # undated checkbox with its own default (unticked) and sent that back (seen on a loaded machine
    # after an upload: the undated articles vanished from the map).
    dates_slot = st.sidebar.container()
    start = end = None
    if extent is not None and extent.lo < extent.hi:
        current = st.session_state.get(DATES)
        if current is None:  # the state holds the range (a brush sets it), so no value is passed below
            st.session_state[DATES] = (extent.lo, extent.hi)
        elif not (extent.lo <= current[0] <= current[1] <= extent.hi):
            st.session_state[DATES] = (max(extent.lo, min(current[0], extent.hi)),
                                       min(extent.hi, max(current[1], extent.lo)))
        picked = (dates_slot.slider(t("filters.dates"), min_value=extent.lo, max_value=extent.hi, key=DATES,
                                    format="YYYY-MM-DD") if draw else st.session_state[DATES])
        if tuple(picked) != (extent.lo, extent.hi):  # narrowed: mentions beyond the extent are out too
            start, end = picked
    st.session_state.setdefault("undated", True)  # the state holds it (a link may unset it), so no value below
    include_undated = st.sidebar.checkbox(t("filters.undated"), key="undated") if draw else st.session_state["undated"]
    levels, senses, sources = facets.get("level", []), facets.get("sense", []), facets.get("source", [])
    codes = facets.get("governorate", [])
    return Filters(
        start=start, end=end, include_undated=include_undated,
        levels=_choose(t("filters.level"), levels, levels, "levels", labeller("level"), draw),
        senses=_choose(t("filters.sense"), senses, default_senses(senses), "senses",
                       labeller("sense"), draw),
        sources=_choose(t("filters.source"), sources, sources, "sources", draw=draw),
        governorates=_choose(t("filters.governorate"), codes, codes, "governorates",
                             {code: area_name(code, governorate_names) for code in codes}.__getitem__, draw))
