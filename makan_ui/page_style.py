"""Page-wide style that Streamlit's theme does not offer.

While a script runs, Streamlit fades each element the run has not redrawn yet ("stale") to a third
of its opacity: a 1 s animation that starts 0.5 s into the run. An animation is drawn frame by
frame, about 60 a second, by the browser's compositor. A run takes longer than 0.5 s as soon as
several colleagues use one server, and then every open page animates. Measured in chromium with the
server held for 2 s during a search: the compositor used 0.22 s of CPU for the interaction with the
fade, 0.07-0.11 s with the step below. Here stale elements dim at once after the same 0.5 s: the
same signal for a slow run, nothing for a fast one, and one frame instead of sixty.
"""

from __future__ import annotations

import streamlit as st

STALE_STEP_CSS = '<style>[data-stale="true"] { transition: opacity 0s linear 0.5s !important; }</style>'


def apply() -> None:
    """Add the page-wide style to this run's page (every run: a page keeps only what its last run drew)."""
    st.html(STALE_STEP_CSS)
