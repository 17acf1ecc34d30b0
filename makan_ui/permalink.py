"""The view in the address bar: a link that reopens the same place, dates, filters, search, map
layer and language, kept up to date as the user changes them.

The link is read once, when a session starts, into the widgets' state (before they are drawn, as
Streamlit requires); from then on the widgets are the truth and every run writes them back to
``st.query_params`` (only what differs from the defaults, so a plain view has a short link).
Values the store no longer has (a source, a place) are dropped by the widgets themselves.

Parameters: ``lang``, ``place``, ``from``/``to`` (ISO days), ``undated=0``, ``level``, ``sense``,
``source``, ``gov`` (repeated, or empty for none), ``q`` (search) and ``layer``.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date
from urllib.parse import urlencode, urlsplit

import streamlit as st

from makan_ui import i18n
from makan_ui.selection import WANTED

RESTORED = "_permalink_restored"
LINKED_SEARCH = "_linked_search"  # session state: the search the link opened with (None without one)
# URL parameter -> session state key of a multiselect (a list of values)
LISTS = {"level": "levels", "sense": "senses", "source": "sources", "gov": "governorates"}
# URL parameter -> session state key of a single value
SINGLE = {"lang": "lang", "place": "place", "q": "search", "layer": "map_view"}
DATES = "dates"
DEFAULTS = "_defaults"  # session state: key -> the default a widget had this run (written by the filters)


def _day(text: str | None) -> date | None:
    """An ISO day from a link, or None when it is not one (a hand-edited link must not break the page)."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def view_from_params(params: Mapping[str, list[str]]) -> dict[str, object]:
    """The widgets' state a link asks for (parameters as lists of values, as a URL repeats them)."""
    state: dict[str, object] = {}
    for name, key in SINGLE.items():
        values = params.get(name) or []
        if values and values[0]:
            state[key] = values[0]
    for name, key in LISTS.items():
        if name in params:
            state[key] = [v for v in params[name] if v]
    lo, hi = _day((params.get("from") or [None])[0]), _day((params.get("to") or [None])[0])
    if lo and hi:
        state[DATES] = (min(lo, hi), max(lo, hi))
    if (params.get("undated") or [""])[0] == "0":
        state["undated"] = False
    return state


def params_from_view(state: Mapping[str, object], defaults: Mapping[str, object],
                     start: date | None, end: date | None) -> dict[str, list[str]]:
    """The link's parameters for the current view: what differs from the defaults, plus the language."""
    params: dict[str, list[str]] = {}
    for name, key in SINGLE.items():
        value = state.get(key)
        if value and value != defaults.get(key):
            params[name] = [str(value)]
    if "lang" in state:  # always written: the link opens in the language it was copied in
        params["lang"] = [str(state["lang"])]
    for name, key in LISTS.items():
        if key in state and key in defaults and set(state[key]) != set(defaults[key]):  # type: ignore[arg-type]
            params[name] = list(state[key]) or [""]  # type: ignore[arg-type]
    if start and end:
        params["from"], params["to"] = [start.isoformat()], [end.isoformat()]
    if state.get("undated") is False:
        params["undated"] = ["0"]
    return params


def restore(state: MutableMapping[str, object]) -> None:
    """On a session's first run, put the link's view into the widgets' state."""
    if state.get(RESTORED):
        return
    state[RESTORED] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    view = view_from_params(params)
    state.update(view)
    state[LINKED_SEARCH] = view.get("search")
    if "place" in view:
        state[WANTED] = view["place"]


def default(key: str, value: object) -> None:
    """Record a widget's default for this run, so the link leaves it out when unchanged."""
    st.session_state.setdefault(DEFAULTS, {})[key] = value


def update(start: date | None, end: date | None) -> str:
    """Write the view to the address bar (only the parameters that changed); returns the link."""
    state = st.session_state
    wanted = params_from_view(state, state.get(DEFAULTS, {}), start, end)
    ours = [*SINGLE, *LISTS, "from", "to", "undated"]
    for name in ours:
        if name not in wanted and name in st.query_params:
            del st.query_params[name]
        elif name in wanted and st.query_params.get_all(name) != wanted[name]:
            st.query_params[name] = wanted[name]
    base = (st.context.url or "").split("?")[0]
    if base and not urlsplit(base).path:
        base += "/"  # as the address bar writes it
    return f"{base}?{urlencode(wanted, doseq=True)}" if wanted else base


def copy_link(link: str) -> None:
    """The view's address as a link (the browser's menu copies it; the address bar holds it too).
    Not a code block with a copy button: ``st.code`` loads Streamlit's syntax highlighter, which
    held 4 MB of the page's JavaScript heap (32.4 MB live, 27.4 MB without it, in chromium on the
    demo corpus), memory the browser's garbage collector walks again after the clicks."""
    st.markdown(f"[{i18n.t('link.title')}]({link})", help=i18n.t("link.help"))
