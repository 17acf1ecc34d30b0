"""Correcting places from the reader: move a mention, say it is no place, or change its sense.

The user picks one of the mentions the reader shows, what to do with it, and how far the
correction reaches (this mention, every mention of the same words in its document, or in the
whole corpus). A move picks its place from the gazetteer by Arabic or English name, the places
nearest the mention's current one first. Every correction is recorded with who made it
(``identity.current_user``) and when, in the store's history; the history lists them, newest
first, each with Undo. Nothing here changes what extraction stored (see ``geo.corrections``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.corrections import SCOPES, SENSES, PlaceCorrection, is_unresolved
from geo.gazetteer import Gazetteer, Place, load_gazetteer
from geo.place_search import search_places
from geo.store import Filters, Store
from makan_ui.choices import distinct_labels
from makan_ui.i18n import labeller, t
from makan_ui.identity import current_user

HISTORY_SHOWN = 50  # the newest corrections listed with Undo
ACTIONS = ("move", "not_place", "sense")


@st.cache_resource(show_spinner=False)
def gazetteer() -> Gazetteer:
    """The gazetteer a mention is moved within, loaded once per server."""
    return load_gazetteer()


@st.cache_data(show_spinner=False, max_entries=16)
def history(db: str, version: float) -> pd.DataFrame:
    """Every correction recorded in the store, newest first (a short table), until the store changes."""
    with Store(db) as store:
        return store.place_corrections()


def mention_choices(shown: pd.DataFrame) -> dict[tuple[str, int, int], str]:
    """The reader's mentions, ``(doc_id, start, end)`` in the order shown, each labelled by its words
    and document (a second mention of the same words in a document numbered, so each can be chosen)."""
    out: dict[tuple[str, int, int], str] = {}
    for row in shown.to_dict("records"):
        for start, end in row["marks"]:
            words = row["passage"][start:end]
            title = " ".join(str(row["title"] or row["doc_id"]).split())
            when = row["date"] or t("corr.undated")
            out[(row["doc_id"], row["passage_start"] + start, row["passage_start"] + end)] = t(
                "corr.mention", words=words, title=title, date=when)
    return distinct_labels(out)


def point_of(places: pd.DataFrame, place_id: str | None) -> tuple[float, float] | None:
    """The point of the reader's place in ``place_counts``, to list the places near it first."""
    row = places[places["place_id"] == place_id] if place_id is not None and len(places) else places.head(0)
    return (float(row.iloc[0]["lat"]), float(row.iloc[0]["lon"])) if len(row) else None


def place_label(place: Place) -> str:
    """A candidate as the user reads it: both names, its level and country."""
    return f"{place.name_ar} · {place.name} ({place.level}, {place.country or '—'})"


def correction_editor(db: str, shown: pd.DataFrame, near: tuple[float, float] | None) -> None:
    """The form under the reader; ``near`` is the current place's point, to list nearby places first."""
    # A toggle rather than an expander: its state survives the reruns a correction causes, so the
    # form stays open for the next one.
    if not st.toggle(t("corr.title"), key="corr_open"):
        return
    with st.container(border=True):
        choices = mention_choices(shown) if not shown.empty else {}
        if not choices:
            st.caption(t("corr.none"))
            return
        target = st.selectbox(t("corr.which"), list(choices), format_func=choices.__getitem__, key="corr_mention")
        surface = mention_words(db, *target)
        if surface is None:
            st.caption(t("corr.none"))
            return
        action = st.radio(t("corr.action"), ACTIONS, format_func=labeller("corr.action"), key="corr_action",
                          horizontal=True)
        place = None  # the fields are read by ``apply_correction`` from the session state
        if action == "move":
            query = st.text_input(t("corr.search"), key="corr_query")
            candidates = {p.id: p for p in search_places(gazetteer(), query, near=near)} if query.strip() else {}
            if query.strip() and not candidates:
                st.caption(t("corr.no_match", query=query))
            if candidates:
                chosen = st.selectbox(t("corr.place"), list(candidates),
                                      format_func=lambda pid: place_label(candidates[pid]), key="corr_place")
                place = candidates[chosen]
        elif action == "sense":
            st.radio(t("corr.sense"), SENSES, format_func=labeller("corr.sense"), key="corr_sense", horizontal=True)
        scopes = {s: t(f"corr.scope.{s}", words=surface) for s in SCOPES}  # in this run's language
        st.radio(t("corr.scope"), SCOPES, format_func=scopes.__getitem__, key="corr_scope")
        st.button(t("corr.apply"), key="corr_apply", disabled=action == "move" and place is None,
                  on_click=apply_correction, args=(db,))


def mention_words(db: str, doc_id: str, start: int, end: int) -> str | None:
    """The words of a stored mention as extracted (what a document or corpus correction matches);
    None when the mention is no longer stored."""
    with Store(db) as store:
        mentions = store.mentions(Filters(doc_ids=(doc_id,)))
    found = mentions[(mentions["start"] == start) & (mentions["end"] == end)]
    return None if found.empty else str(found.iloc[0]["text"])


def apply_correction(db: str) -> None:
    """Apply button: called by Streamlit before the run that carries the click draws anything, so no
    other rerun (the map's late report, another editor's write) can stop that run before it writes.
    It reads the form's fields as the click found them (the browser sends them with it), not as the
    last run drew them: a scope chosen just before the click counts even if no run has redrawn since."""
    state = st.session_state
    if not isinstance(target := state.get("corr_mention"), tuple):
        return  # a label the browser kept from before the reader changed: no mention the user saw
    doc_id, start, end = target
    action, scope = state["corr_action"], state["corr_scope"]
    place = gazetteer().get(state.get("corr_place") or "") if action == "move" else None
    surface = mention_words(db, doc_id, start, end)
    if surface is None or (action == "move" and place is None):
        return  # the mention is gone, or no place was chosen: the form says so once redrawn
    sense = state.get("corr_sense") if action == "sense" else None
    with Store(db) as store:
        store.correct_place(PlaceCorrection(scope, action, surface, current_user(), doc_id=doc_id, start=start,
                                            end=end, place=place, sense=sense))


def undo_correction(db: str, correction_id: int) -> None:
    """Undo button: a callback, like ``apply_correction``."""
    with Store(db) as store:
        store.undo_correction(correction_id, current_user())


def describe(row: dict, places: Gazetteer) -> str:
    """One history line: what was done to which words, how far, by whom and when, and its state."""
    if row["action"] == "move":
        what = t("corr.did.move", place=f"{row['name_ar'] or ''} · {row['name'] or ''}")
    elif row["action"] == "sense":
        what = t("corr.did.sense", sense=t(f"corr.sense.{row['sense']}"))
    else:
        what = t("corr.did.not_place")
    line = t("corr.line", words=row["surface"], what=what, scope=t(f"corr.reach.{row['scope']}"),
             user=row["editor"], at=row["created_at"])
    if is_unresolved(row, places):
        line += " · " + t("corr.unresolved")
    if row["undone_at"]:
        line += " · " + t("corr.undone", user=row["undone_by"], at=row["undone_at"])
    return line


def history_list(db: str, version: float) -> None:
    """The corrections made so far, newest first, each live one with its Undo button."""
    rows = history(db, version)
    if not st.toggle(t("corr.history", count=len(rows)), key="corr_history"):
        return
    with st.container(border=True):
        if rows.empty:
            st.caption(t("corr.history_empty"))
            return
        places = gazetteer()
        for row in rows.head(HISTORY_SHOWN).to_dict("records"):
            text, button = st.columns([5, 1])
            text.text(describe(row, places))  # the words are article text: shown as plain text
            if not row["undone_at"]:
                button.button(t("corr.undo"), key=f"corr_undo:{row['id']}", on_click=undo_correction,
                              args=(db, int(row["id"])))
