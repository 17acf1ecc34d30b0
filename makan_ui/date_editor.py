"""The editor of a document's date, under the reader: set, correct or remove the date a document
takes, which survives reprocessing and is recorded with its editor in the history.

Its buttons write in ``on_click`` callbacks, which Streamlit calls before the run that carries the
click executes any of the page. A write made in the page's body instead (``if st.button(...)``) was
lost whenever another rerun (the map's late report, another editor's write) stopped that run before
it reached the button: on a loaded 2-core machine, a Save the user clicked saved nothing.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.store import Filters, Store, date_period
from makan_ui.choices import distinct_labels
from makan_ui.i18n import t, value_label
from makan_ui.identity import current_user
from makan_ui.reads import read

REFUSED = "_date_refused"  # session state: why the last Save was refused, shown once
KEPT = "_date_doc_kept"  # session state: the document chosen in the editor


def _value_key(doc_id: str) -> str:
    return f"date_value:{doc_id}"  # one field per document: no stale value


def save_date(db: str, doc_id: str) -> None:
    """Store the date typed for ``doc_id`` (the document the editor showed when Save was clicked)."""
    value = str(st.session_state.get(_value_key(doc_id), "")).strip()
    if date_period(value) is None:
        st.session_state[REFUSED] = t("dates.not_iso", value=repr(value))
        return
    with Store(db) as store:
        store.set_document_date(doc_id, value, current_user())


def remove_date(db: str, doc_id: str) -> None:
    """Drop the user's date of ``doc_id``: it takes the extracted one again (the history keeps both)."""
    with Store(db) as store:
        store.set_document_date(doc_id, None, current_user())


def date_editor(db: str, version: float, shown: pd.DataFrame) -> None:
    """Let a user set or correct the date of a document the reader shows; it survives reprocessing."""
    with st.expander(t("dates.title")):
        if shown.empty:
            st.caption(t("dates.choose_place"))
            return
        wanted = list(dict.fromkeys(shown["doc_id"]))
        # The choice is also kept apart, for the selectbox to start from: the browser sends a select
        # box's choice back as its label, which names the document's date, so once a Save changed
        # that date the next run's choice is a label no document has; and Streamlit forgets the
        # value of a widget that a run did not draw.
        picked, kept = st.session_state.get("date_doc"), st.session_state.get(KEPT)
        remembered = [d for d in dict.fromkeys((picked, kept)) if d is not None and d not in wanted]
        documents = read(db, version, "documents_by_id", Filters(), tuple(remembered + wanted)).set_index("doc_id")
        chosen = picked if picked in documents.index else kept if kept in documents.index else None
        if chosen is not None and chosen not in wanted:
            # the document being corrected stays chosen when its new date (or anyone's write) moves
            # it off the reader's page, instead of the editor jumping to another document
            wanted.insert(0, chosen)
        ids = [d for d in wanted if d in documents.index]
        labels = distinct_labels({d: t("dates.document_label", title=documents.at[d, "title"] or d,
                                       date=documents.at[d, "date"] or t("dates.undated")) for d in ids})
        doc_id = st.selectbox(t("dates.document"), ids, index=ids.index(chosen) if chosen in ids else 0,
                              format_func=labels.__getitem__, key="date_doc")
        st.session_state[KEPT] = doc_id
        current = documents.loc[doc_id]
        st.caption(t("dates.found", date=current["extracted_date"] or t("dates.none"),
                     source=value_label("date_source", current["extracted_date_source"])))
        history = read(db, version, "date_history", Filters(), doc_id)
        # always one element here, so the field below keeps its place (and the browser its focus)
        # when a first Save adds the history
        with st.container():
            if not history.empty:  # every editor's correction, so a later one never hides an earlier one
                st.caption("  \n".join([t("dates.history")] + [
                    t("dates.history_line", date=row.date or t("dates.removed"), editor=row.editor or "?",
                      at=row.at[:19])
                    for row in history.iloc[::-1].itertuples()]))
        st.text_input(t("dates.value"), value=current["user_date"] or "", key=_value_key(doc_id))
        if refused := st.session_state.pop(REFUSED, None):
            st.error(refused)
        save, remove = st.columns(2)
        save.button(t("dates.save"), key="date_save", on_click=save_date, args=(db, doc_id))
        remove.button(t("dates.remove"), key="date_remove", disabled=current["user_date"] is None,
                      on_click=remove_date, args=(db, doc_id))
