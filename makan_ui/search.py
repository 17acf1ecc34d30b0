"""The search box and its results: the passages whose words match, highlighted, newest first, paged.

What the user types is parsed by ``extraction.search_terms`` (folded and stemmed as the index is)
and becomes ``Filters.search``, so the map, the timeline, the counts and the export all read only
the mentions in matching passages, composed with every other filter. The reader then lists the
matching passages themselves (all of them, or those of the place chosen or clicked on the map),
with the matched words marked. Nothing typed can raise: what is left out is said under the box.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from extraction.search_terms import PlaceNames, SearchQuery, hit_spans
from geo.gazetteer import load_gazetteer
from geo.store import PAGE_SIZE, Filters
from makan_ui.htmltext import passage_html
from makan_ui.i18n import number, t
from makan_ui.permalink import LINKED_SEARCH
from makan_ui.reader import PageReader, folded_note, pages_so_far
from makan_ui.repeats import fold_repeats
from makan_ui.selection import PLACE, chooser_labels, chosen

ALL = ""  # the place chooser's "every matching passage"
PAGES, SEEN = "_search_pages", "_search_seen"


@st.cache_resource(show_spinner=False)
def place_names() -> PlaceNames:
    """The gazetteer's English and Arabic names, loaded once per server, for Latin place names."""
    return PlaceNames.of(load_gazetteer())


def requested() -> bool:
    """Whether the session holds a search (typed, or from a link) before the box is drawn."""
    return bool(str(st.session_state.get("search") or "").strip())


# The field's place has the field's height (its label's line and the box: 68 px in chromium, in
# English and Arabic alike) whether the field is drawn, held for it, or still loading its code (a
# 40 px skeleton for half a second), so the map under it never moves; a browser test checks it. A
# container's height is laid out at once (a style sheet given with st.html waits for st.html's code).
FIELD_HEIGHT = 68


def search_box(draw: bool = True) -> SearchQuery | None:
    """The search field; the parsed query, or None when nothing searchable was typed.
    ``draw=False`` (a map-only first run with no search, ``makan_ui.map_first``) only holds the
    field's place, at its height: held empty, the map under it moved down by 136 px a second after
    it appeared, and a click aimed at a marker in that second landed beside it and was lost."""
    place = st.container(height=FIELD_HEIGHT, border=False)
    if not draw:
        return None
    text = place.text_input(t("search.label"), key="search", placeholder=t("search.placeholder"))
    if not text.strip():
        return None
    query = place_names().parse(text)
    for note in query.notes:
        st.caption(t(f"search.note.{note}"))
    if query.empty:
        st.caption(t("search.nothing"))
        return None
    if query.places:
        st.caption(t("search.places", names=", ".join(p.text for p in query.places)))
    return query


def draw_results(query: SearchQuery, labels: dict[str, str], filters: Filters, read_page: PageReader,
                 count: Callable[[str | None], int]) -> pd.DataFrame:
    """The matching passages, every one or those of one place (the map's click chooses it too),
    50 at a time with the matched words marked; returns the passages shown."""
    st.subheader(t("search.results"))
    state = st.session_state
    # A search typed anew starts from all its passages, the session's first included: the reader's
    # place before it (Saudi Arabia, on SaudiNewsNet) narrowed a search for حلب to the one passage
    # naming both. A link's search keeps the link's place, and a click's place is kept, if it has any.
    if state.get(SEEN, state.get(LINKED_SEARCH)) != query.text or (state.get(PLACE) != ALL
                                                                  and state.get(PLACE) not in labels):
        state[PLACE] = ALL
    state[SEEN] = query.text
    listed = chooser_labels(labels, [state.get(PLACE)])
    options = [ALL, *listed]
    every = t("search.all")  # named in this run's language, however late Streamlit formats the options
    place = st.selectbox(t("search.place"), options, key=PLACE, on_change=chosen, args=(state,),
                         format_func=lambda p: every if p == ALL else listed[p])
    place_id = place or None
    passages, next_key, keys = pages_so_far(PAGES, place_id, filters, read_page)
    total = count(place_id)
    if total == 0:
        st.caption(t("search.none"))
        return passages
    folded = fold_repeats(passages.to_dict("records"))
    st.caption(t("search.count", shown=number(len(passages)), total=number(total))
               + folded_note(len(passages) - len(folded)))
    rows = []
    for row, repeats in folded:
        hits = hit_spans(row["passage"], query)
        row["marks"] = sorted(set(hits) | (set(row["marks"]) if place_id else set()))
        rows.append(passage_html(row, repeats))
    if rows:  # st.html refuses an empty string (the store changed between count and page)
        st.html("".join(rows))
    if next_key is not None and st.button(t("search.more", n=number(min(PAGE_SIZE, total - len(passages)))),
                                          key="search_more"):
        keys.append(next_key)
        st.rerun()
    return passages
