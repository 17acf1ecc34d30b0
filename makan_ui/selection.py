"""Which place is selected, and how a click on the map changes it.

streamlit-folium reruns the page only when a value it returns changes: we ask for the last click
and its tooltip alone, so panning and zooming never rerun the page, and a second click on the same
marker maps back to the same place, leaving the selection and the reader where they were. The
click st_folium returns stays the same on reruns caused by other widgets, so only a click that
differs from the last one handled may move the selection (else choosing a place in the reader
would be undone by the old click); each click the map reports carries its number
(``map_layers.CLICK_ID``), so a click on the very pixel of the last one is a new click too.

The place the user chose (in the reader, on the map or in a link) is remembered apart from the one
shown: while a brush is dragged or a filter narrows the selection, the chosen place may drop out
of it for a moment and the reader shows the most mentioned place instead; as soon as the chosen
place is back in the selection, the reader returns to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from itertools import islice

import pandas as pd

from makan_ui.map_layers import CLICK_ID, place_label

CHOOSER_PLACES = 500  # places a chooser lists; all of SaudiNewsNet has 5,050
NEAR_DEGREES = 0.1  # a click this close to a marker's centre (about 10 km) is a click on it
PLACE, LAST_CLICK, WANTED = "place", "last_click", "_place_wanted"


def clicked_place(places: pd.DataFrame, result: dict | None) -> str | None:
    """The place whose marker was clicked: by its tooltip's first line, else the marker nearest the click.

    st_folium reports where the click landed (not the marker's centre) and the tooltip's text.
    """
    click = (result or {}).get("last_object_clicked")
    if not click or places.empty:
        return None
    tooltip = " ".join(str((result or {}).get("last_object_clicked_tooltip") or "").split())
    for row in places.itertuples():
        if tooltip.startswith(place_label(row.name_ar, row.name, row.mentions)):
            return row.place_id
    distance = (places["lat"] - click["lat"]).abs() + (places["lon"] - click["lng"]).abs()
    best = distance.idxmin()
    return places.loc[best, "place_id"] if distance[best] < NEAR_DEGREES else None


def follow_click(state: MutableMapping[str, object], places: pd.DataFrame, result: dict | None) -> None:
    """Select the clicked place when the map reports a click not handled before."""
    click = (result or {}).get("last_object_clicked")
    if not click:
        return
    this_click = {**click, CLICK_ID: (result or {}).get(CLICK_ID)}
    if this_click == state.get(LAST_CLICK):
        return
    state[LAST_CLICK] = this_click
    clicked = clicked_place(places, result)
    if clicked:
        state[PLACE] = state[WANTED] = clicked


def chosen(state: MutableMapping[str, object]) -> None:
    """The reader's chooser changed: that is the user's place now."""
    state[WANTED] = state.get(PLACE)


def keep_chosen(state: MutableMapping[str, object], labels: Mapping[str, str]) -> None:
    """Before the chooser is drawn: the user's place if the selection holds it, else the place shown
    if it still does, else the first (most mentioned) one."""
    if state.get(WANTED) in labels:
        state[PLACE] = state[WANTED]
    elif state.get(PLACE) not in labels:
        state[PLACE] = next(iter(labels))


def chooser_labels(labels: Mapping[str, str], chosen: Iterable[str | None]) -> dict[str, str]:
    """What a place chooser lists: the ``CHOOSER_PLACES`` most mentioned places of ``labels`` (which
    run most mentioned first), and the ``chosen`` ones wherever they rank (a click on the map, a link).

    The chooser is sent to the browser on every click; with 5,050 places it took a sixth of a click's
    time on all of SaudiNewsNet (median 0.52 s against 0.43 s with 300). A place further down is
    reached by its marker or by searching its name."""
    if len(labels) <= CHOOSER_PLACES:
        return dict(labels)
    shown = dict(islice(labels.items(), CHOOSER_PLACES))
    for place_id in chosen:
        if place_id in labels:
            shown.setdefault(place_id, labels[place_id])
    return shown
