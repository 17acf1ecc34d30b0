"""Makan's dashboard: a map, a timeline and a reader over the store.

``streamlit run dashboard.py`` opens the demo corpus (``data/demo/``);
``streamlit run dashboard.py -- --corpus PATH [--db PATH] [--boundaries PATH | --fetch-boundaries] [--online-tiles]``
opens yours. With ``--db`` and no ``--corpus`` it shows that store as it is. ``MAKAN_CORPUS``,
``MAKAN_DB`` and ``MAKAN_BOUNDARIES`` give the same settings through the environment.
``--hosted --roles FILE`` (what ``make serve`` passes, see ``makan_ui.serve``) puts the login of
``makan_ui.auth`` in front of everything, and each control behind the right of the user's role.

This file is the page; its parts live in ``makan_ui``. The dashboard never parses text: it runs
``python -m extraction`` in the background to bring the store up to date and reads only through
``geo.store``'s aggregate reads (places, areas and dates are counted by SQLite; passages come a page
at a time). Every read is cached by the store's version and the filters (``makan_ui.reads``), so a
rerun that changes nothing costs nothing. The map draws offline: Leaflet and the base map are
served by this server. ``streamlit run dashboard.py`` serves this page through ``st.App`` (the
``app`` at the end), whose server warms the first page's reads as it starts.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pandas as pd
import streamlit as st

from extraction.search_terms import SearchQuery
from geo.store import Filters, Store, StoreError
from makan_ui import page_style, permalink, processing, search
from makan_ui.admin import draw_admin
from makan_ui.basemap import BaseLayers
from makan_ui.auth import gate
from makan_ui.corrections import correction_editor, history_list, point_of
from makan_ui.date_editor import date_editor
from makan_ui.export import export_buttons
from makan_ui.filters import BRUSH_SEEN, DATES, default_filters, follow_brush, sidebar_filters
from makan_ui.i18n import day, labeller, language, number, t
from makan_ui.identity import current_user
from makan_ui.language import choose_language, in_chosen_language
from makan_ui.map_first import map_only, rest_waits_for_map
from makan_ui.map_layers import REPORTED, base_map, choropleth_geojson, focus_bounds, places_layer, view_of
from makan_ui.reader import draw_reader
from makan_ui.reads import (basemap, date_extent, db_version, governorate_names, place_labels, places_rows, read,
                            served_assets, timeline_spec, warm_on_start)
from makan_ui.roles import can
from makan_ui.selection import follow_click
from makan_ui.settings import HERE, Settings, parse_settings, script_arguments
from makan_ui.timeline import Extent, brushed_range, choose_unit
from makan_ui.upload import PAGE_VERSION, draw_upload

MAP_VIEWS = ("points", "clusters", "governorate", "district")  # labelled by t("map.<view>")
LOCAL_ROLE = "admin"  # make run: the one person at this machine may do everything


# --- processing ---------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def processing_run(corpus: tuple[str, ...], db: str) -> processing.Run:
    """One background run per server and corpus (``Reprocess`` clears it to start another)."""
    return processing.start(corpus, db, HERE)


# --- the page ---------------------------------------------------------------------------------

def show_processing(settings: Settings, role: str, controls: bool = True) -> None:
    """Progress of the background run (files, MB/s, time left) while the page reads the store;
    with ``controls``, the sidebar's Reprocess button for those allowed."""
    run = processing_run(settings.corpus, str(settings.db))

    @st.fragment(run_every=1.0 if not run.done else None)
    @in_chosen_language
    def status() -> None:
        if not run.done:
            progress = run.progress
            fraction = progress.fraction if progress else None
            text = progress.describe() if progress else t("processing.reading")
            st.progress(fraction or 0.0, text=t("processing.progress", progress=text))
            if progress and progress.docs_done and st.button(t("processing.show_stored"), key="refresh"):
                st.rerun(scope="app")
            st.session_state["_processing"] = True
            return
        if st.session_state.pop("_processing", False):
            st.rerun(scope="app")  # the run just ended: redraw everything from the complete store
        if run.summary:
            st.caption(processing.summary_text(run.summary))
        if run.errors:
            with st.expander(t("processing.failed", count=number(len(run.errors))), expanded=run.returncode != 0):
                for line in run.errors:
                    st.text(line)

    status()
    if controls and can(role, "reprocess") and st.sidebar.button(t("processing.reprocess"), key="reprocess"):
        with Store(settings.db) as store:
            store.record(current_user(), "reprocess", os.pathsep.join(settings.corpus))
        processing_run.clear()
        st.rerun()


def draw_map(db: str, version: float, settings: Settings, base: BaseLayers, filters: Filters,
             places: pd.DataFrame, names: dict[str, str], view_filters: Filters, controls: bool = True) -> None:
    """The base map (the same on every rerun, so streamlit-folium keeps it), one places layer, and
    under the map the layer switch (without ``controls``, its state alone chooses the layer).

    The switch is under the map, not over it: the map-only first run (``makan_ui.map_first``) leaves
    it out, and above the map its arrival pushed the map down under the user's pointer."""
    views = [v for v in MAP_VIEWS if v in ("points", "clusters") or v in base.outlines]
    if st.session_state.get("map_view") not in views:  # a link may name a layer this map lacks
        st.session_state["map_view"] = views[0]
    permalink.default("map_view", views[0])
    view = st.session_state["map_view"]
    from streamlit_folium import st_folium  # a component: imported once the server runs (see the end)

    js, css = served_assets()
    m = base_map(js, css, settings.online_tiles, base.layers)
    # Where most mentions are as the page first shows them (not the user's filters, so a filter never
    # moves the view): the same read as a fresh page's places, so that first page reads them once.
    center, zoom = view_of(focus_bounds(read(db, version, "place_counts", view_filters)))
    area_json = None
    if view in base.outlines:
        counts = read(db, version, "area_counts", filters, view)
        area_json = choropleth_geojson(base.outlines[view], dict(zip(counts["code"], counts["mentions"])), names)
    layer = places_layer(view, places_rows(db, version, filters, tuple(sorted(names.items())), language()), area_json)
    result = st_folium(m, height=540, use_container_width=True, key="map", feature_group_to_add=layer,
                       center=center, zoom=zoom,
                       returned_objects=list(REPORTED))
    if controls:
        st.radio(t("map.label"), views, format_func=labeller("map"), horizontal=True, key="map_view",
                 label_visibility="collapsed")
    if base.attribution:
        st.caption(base.attribution)
    follow_click(st.session_state, places, result)


def draw_timeline(db: str, version: float, filters: Filters, extent: Extent | None, undated: int) -> None:
    """Mentions over the bulk of the dates; brushing it sets the date range of everything else. A low
    strip with one caption under it: each element is the browser's work on every click's run."""
    undated_note = t("timeline.undated", count=number(undated))
    if extent is None:
        st.caption(f"**{t('timeline.title')}** · {t('timeline.empty')} {undated_note}")
        return
    unit = choose_unit(extent.lo, extent.hi)
    st.vega_lite_chart(timeline_spec(db, version, filters, extent, language()), on_select="rerun",
                       key="timeline", selection_mode="brush", width="stretch")
    st.caption(f"**{t('timeline.title')}** · {t('timeline.help', unit=t(f'unit.{unit}'))} {undated_note}")
    if extent.outside_mentions:
        with st.expander(t("timeline.outside", count=number(extent.outside_mentions), lo=day(extent.lo),
                           hi=day(extent.hi))):
            st.dataframe(extent.outside, hide_index=True,
                         column_config={"date": t("timeline.column.date"),
                                        "mentions": t("timeline.column.mentions")})


def main() -> None:
    """The page: processing status, filters, then map and timeline beside the reader; the view is
    read from the link when a session opens and written back to it on every run."""
    permalink.restore(st.session_state)
    st.set_page_config(page_title=t("app.title"), layout="wide")
    page_style.apply()
    # A browser's first run draws the map without the controls (makan_ui.map_first); a search from
    # a link changes what follows the search box, so that run draws them all.
    controls = not map_only() or search.requested()
    choose_language(draw=controls)
    settings = parse_settings(script_arguments())
    role = gate(settings.roles) if settings.hosted else LOCAL_ROLE  # before anything reads the store
    st.title(t("app.title"))
    if settings.corpus:
        show_processing(settings, role, controls)
    db = str(settings.db)
    try:
        version = db_version(settings.db)
        facets = read(db, version, "facet_values")
    except StoreError as exc:
        st.error(t("store.error", error=exc))
        return
    st.session_state[PAGE_VERSION] = version  # an upload's status reruns the page until this is current
    if controls and can(role, "upload"):
        draw_upload(settings.db, HERE, current_user())
    try:
        with st.spinner(t("basemap.drawing")):
            base = basemap(str(settings.boundaries) if settings.boundaries else None)
    except ValueError as exc:
        st.warning(t("basemap.no_outlines", error=exc))
        base = BaseLayers()
    names = governorate_names(db, version, base)

    # The slider and the timeline span the bulk of the store's dates, whatever the filters. A map-only
    # run needs them only to read a date range from a link: without one, its dates are all dates.
    dates_needed = controls or DATES in st.session_state
    extent = date_extent(db, version) if dates_needed else None
    follow_brush(brushed_range(st.session_state.get("timeline")), extent)
    query = search.search_box(draw=controls)
    filters = sidebar_filters(facets, extent, names, draw=controls)
    if query is not None:  # the map, timeline, counts and export read only the matching passages
        filters = replace(filters, search=query)
    places = read(db, version, "place_counts", filters)
    mentions = int(places["mentions"].sum()) if len(places) else 0
    st.caption(t("summary", places=number(len(places)), mentions=number(mentions)))
    st.session_state[FULL_RUN] = True
    map_and_reader(settings, db, version, base, facets, filters, query, places, names, extent, role, controls)


FULL_RUN = "_full_run"  # session state: the page's run is drawing the fragment below (not a rerun of it alone)


@st.fragment
@in_chosen_language
def map_and_reader(settings: Settings, db: str, version: float, base: BaseLayers, facets: dict[str, list[str]],
                   filters: Filters, query: SearchQuery | None, places: pd.DataFrame, names: dict[str, str],
                   extent: Extent | None, role: str, controls: bool) -> None:
    """The map and the timeline beside the reader, its editors and the link to the view.

    A fragment: a click on a marker, a place chosen in the reader, a layer switch or another page of
    passages reruns this part alone with what the page's last run read (the filters, the counts), and
    the browser leaves the title, the search box and the sidebar's widgets as they are instead of
    laying them out again on every click. What changes those (a brush on the timeline, a write to the
    store by anyone, the map's first report) reruns the whole page."""
    if (not st.session_state.pop(FULL_RUN, False) and _page_is_stale(settings, version, controls)
            and not _button_clicked(st.session_state)):
        st.rerun(scope="app")
    map_col, reader_col = st.columns([3, 2])
    with map_col:
        draw_map(db, version, settings, base, filters, places, names, default_filters(facets), controls)
        if rest_waits_for_map():  # a browser's first run: the map alone, then the rest
            return
    with reader_col:
        # The reader and each editor under it get a box of their own. Streamlit's browser knows an
        # element by its place among its parent's children: drawn straight into the column, the date
        # editor's place moved whenever the reader drew a passage more or a form above it opened, and
        # the browser then drew it anew, closed, with the date just typed gone from view.
        reading, correcting, corrected, dating, exporting, auditing = (st.container() for _ in range(6))
    with reading:
        labels = place_labels(db, version, filters)

        def read_page(place: str | None, f: Filters, key: object) -> tuple[pd.DataFrame, object]:
            return read(db, version, "passage_page", f, place, key)

        def count(place: str | None) -> int:
            return read(db, version, "passage_count", filters, place)

        if query is not None:
            shown = search.draw_results(query, labels, filters, read_page, count)
        else:
            shown = draw_reader(labels, filters, read_page, count)
    # The timeline under the map once the reader is sent: a click on a marker changes the reader, and
    # the browser shows it without waiting for the chart to be built (50-100 ms on 31,030 articles).
    with map_col:
        # the timeline shows the date range as its brush: its bars are counted without the range, so
        # a brush or the slider reads and draws no new chart
        undated_filters = replace(filters, start=None, end=None)
        draw_timeline(db, version, undated_filters, extent, read(db, version, "undated_count", undated_filters))
    if query is None and can(role, "correct"):
        with correcting:  # the reader's marks are its place's mentions (a search's are the words it found)
            correction_editor(db, shown, point_of(places, st.session_state.get("place")))
    if can(role, "correct"):
        with corrected:
            history_list(db, version)
        with dating:
            date_editor(db, version, shown)
    with exporting:
        if can(role, "export"):
            export_buttons(db, filters, settings.boundaries)
    with auditing:
        if can(role, "audit"):
            draw_admin(db, settings.roles if settings.hosted else None)
        permalink.copy_link(permalink.update(filters.start, filters.end))  # here: a rerun of this part changes it


# The buttons drawn in the fragment that act in the page's body. A click reruns the fragment carrying
# the button's trigger, and Streamlit resets triggers when a run ends, even one that st.rerun stopped:
# a run that reran the page before reaching the button lost the click. Such a run draws the fragment
# from what the page read last. (The buttons that write to the store act in on_click callbacks,
# which run before anything else, and are not listed: the write makes the page stale, which reruns it.)
FRAGMENT_BUTTONS = ("reader_more", "search_more")


def _button_clicked(state) -> bool:
    """Whether this run carries a click on one of the fragment's buttons."""
    return any(value is True and key.startswith(FRAGMENT_BUTTONS) for key, value in state.items())


def _page_is_stale(settings: Settings, version: float, controls: bool) -> bool:
    """Whether what the page's last run read no longer holds: the timeline was brushed since (the
    filters take its range), the store changed, or the map it drew alone has reported itself drawn."""
    return (brushed_range(st.session_state.get("timeline")) != st.session_state.get(BRUSH_SEEN)
            or db_version(settings.db) != version or (not controls and not map_only()))


if __name__ == "__main__":  # Streamlit runs the page as __main__, on every rerun
    main()
else:  # `streamlit run dashboard.py` imports this file first, finds the app (this page served by
    # st.App) and starts its server, which warms the first page's reads (makan_ui.reads). That
    # import comes before Streamlit's runtime exists, so components (streamlit-folium's map, the
    # map-drawn signal) are declared later, in a script run: declared now, their files went unserved.
    app = st.App(__file__, lifespan=warm_on_start)
