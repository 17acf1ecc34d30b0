"""The language switch and the right-to-left layout that goes with Arabic.

The switch sits at the top of the sidebar. Its first value is the link's ``lang=`` (see
``permalink``), else the browser's language (``navigator.language``, then Accept-Language), so an
Arabic browser opens the dashboard in Arabic. In Arabic the page's text runs right to left; the map,
the charts, the slider and code (a link) stay left to right, as their axes and coordinates read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from makan_ui import i18n

P, R = ParamSpec("P"), TypeVar("R")
KEY, PREVIOUS = "lang", "_lang_previous"
# Widgets whose options are named in the chosen language. The browser sends back a choice by its
# name, so on a switch their values are carried over from the state before they are drawn.
NAMED_OPTIONS = ("levels", "senses", "sources", "governorates", "map_view", "place", "date_doc", "corr_mention",
                 "corr_action", "corr_place", "corr_sense", "corr_scope")
RTL_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebar"] { direction: rtl; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"],
[data-testid="stSidebar"] [data-testid="stMarkdownContainer"],
[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3,
[data-testid="stSidebar"] h1, [data-testid="stSidebar"] h2 { text-align: right; }
[data-testid="stVegaLiteChart"], [data-testid="stCustomComponentV1"], iframe, [data-testid="stSlider"],
[data-testid="stDataFrame"] { direction: ltr; }
</style>"""


def browser_language() -> str:
    """Arabic when the browser asks for Arabic first, else English."""
    locale = st.context.locale
    if locale:
        return i18n.preferred(locale)
    return i18n.preferred(st.context.headers.get("Accept-Language"))


def choose_language(draw: bool = True) -> str:
    """Draw the switch, set the language of this run and lay the page out for it; returns it.
    ``draw=False`` (a map-only first run, ``makan_ui.map_first``) sets the same language from the
    state the switch will show, without drawing it."""
    if st.session_state.get(KEY) not in i18n.LANGUAGES:
        st.session_state[KEY] = browser_language()
    chosen = (st.sidebar.radio(i18n.t("language"), list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.__getitem__,
                               key=KEY, horizontal=True) if draw else st.session_state[KEY])
    i18n.set_language(chosen)
    previous = st.session_state.get(PREVIOUS)
    if previous is not None and previous != chosen:
        for key in NAMED_OPTIONS:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
    st.session_state[PREVIOUS] = chosen
    if i18n.is_rtl():
        st.html(RTL_CSS)
    return chosen


def in_chosen_language(fragment: Callable[P, R]) -> Callable[P, R]:
    """For a fragment (put it under ``@st.fragment``): sets the session's language before the body.

    A fragment's own rerun (a click on a marker, the layer switch, a progress poll) runs its body
    alone, not the page's ``choose_language``, and the language is a context variable of the run:
    without this, the map and the reader were redrawn in English beside an Arabic sidebar."""
    @functools.wraps(fragment)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        i18n.set_language(st.session_state.get(KEY, i18n.DEFAULT))
        return fragment(*args, **kwargs)
    return run
