"""The reader: the passages that mention the chosen place, newest first, 50 at a time.

Pages come from ``Store.passage_page`` by keyset: "Show more" adds the next page after the last
passage shown, so a place with 5,000 passages opens as fast as one with 5. Each page is cached
by store version, place, filters and key.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo.store import PAGE_SIZE, Filters, PageKey
from makan_ui.i18n import number, t
from makan_ui.selection import CHOOSER_PLACES, PLACE, chooser_labels, chosen, keep_chosen
from makan_ui.htmltext import passage_html
from makan_ui.repeats import fold_repeats

READER = "_reader_pages"

PageReader = Callable[[str | None, Filters, PageKey | None], tuple[pd.DataFrame, PageKey | None]]


def pages_so_far(state_key: str, place_id: str | None, filters: Filters, read_page: PageReader
                 ) -> tuple[pd.DataFrame, PageKey | None, list[PageKey | None]]:
    """The pages a user has opened for this place and selection (back to the first when either
    changes), the key of the next page, and the list a "Show more" button appends that key to.
    Pages are read by keyset, so the tenth costs what the first does."""
    pages = st.session_state.get(state_key)
    if not pages or pages["for"] != (place_id, filters):
        pages = st.session_state[state_key] = {"for": (place_id, filters), "keys": [None]}
    shown, next_key = [], None
    for key in pages["keys"]:
        page, next_key = read_page(place_id, filters, key)
        shown.append(page)
    return (pd.concat(shown, ignore_index=True) if shown else pd.DataFrame()), next_key, pages["keys"]


def folded_note(repeated: int) -> str:
    """What the count says of the passages folded under an earlier copy (``makan_ui.repeats``)."""
    if not repeated:
        return ""
    return " · " + t(f"reader.folded.{'one' if repeated == 1 else 'other'}", count=number(repeated))


def draw_reader(labels: dict[str, str], filters: Filters, read_page: PageReader, count: Callable[[str], int]
                ) -> pd.DataFrame:
    """The place chooser and its passages; returns the passages shown (the date editor offers
    their documents). ``labels`` maps place ids to their label, most mentioned first."""
    st.subheader(t("reader.title"))
    if not labels:
        st.caption(t("reader.empty"))
        return pd.DataFrame()
    keep_chosen(st.session_state, labels)
    listed = chooser_labels(labels, [st.session_state.get(PLACE)])
    place_id = st.selectbox(t("reader.place"), list(listed), format_func=listed.__getitem__, key=PLACE,
                            on_change=chosen, args=(st.session_state,))
    if len(listed) < len(labels):
        st.caption(t("reader.listed", listed=number(CHOOSER_PLACES), total=number(len(labels))))
    passages, next_key, keys = pages_so_far(READER, place_id, filters, read_page)
    total = count(place_id)
    folded = fold_repeats(passages.to_dict("records"))
    st.caption(t(f"reader.count.{'one' if total == 1 else 'other'}", shown=number(len(passages)), total=number(total))
               + folded_note(len(passages) - len(folded)))
    # One element for the whole list, as HTML rather than Markdown: the browser lays out one block, not
    # 50, and skips a Markdown parse of every passage (this matters on first load). Every piece of
    # article text in it is escaped by ``passage_html``; st.html sanitises it again.
    if folded:  # st.html refuses an empty string (the store changed between count and page)
        st.html("".join(passage_html(row, repeats) for row, repeats in folded))
    if next_key is not None and st.button(t("reader.more", count=number(min(PAGE_SIZE, total - len(passages)))),
                                       key="reader_more"):
        keys.append(next_key)
        st.rerun()
    return passages
