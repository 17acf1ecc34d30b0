"""The page's cached reads of the store, and the warm-up that fills them as a server starts.

Every read the page makes goes through ``read`` (or ``places_rows``), cached by the store's
version and the filters, so a rerun that changes nothing reads nothing. They live in this module,
not in the page, so that ``warm`` can fill the very same caches from the server's own thread.

A fresh server's first page used to do all of its work in the browser's sight: import the page's
libraries, then count facets, governorates and places in SQLite (0.2 s each on all 31,030
SaudiNewsNet articles) before the map could be drawn. ``warm_on_start`` (the lifespan of
the Streamlit app in ``dashboard.py`` and ``makan_ui.hosted_app``) starts ``warm`` in a thread as
the server starts: it reads what a fresh page's first run reads, for the store the page will open,
while the browser is still loading Streamlit. A page that comes sooner computes what is not cached
yet itself; a warm-up that fails only logs why, and the page then reports the problem as always.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

from geo.dialect import is_url
from geo.store import Filters, Store, change_marker
from makan_ui import costs
from makan_ui.assets import ensure_assets, leaflet_links
from makan_ui.basemap import BaseLayers, base_layers
from makan_ui.i18n import LANGUAGES, set_language
from makan_ui.map_layers import place_label, place_rows, rows_json
from makan_ui.timeline import Extent, bins, bulk_extent, chart, choose_unit, vega_lite

LOG = logging.getLogger("makan.warm")


@st.cache_resource(show_spinner=False)
def served_assets() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Leaflet's files in ``static/vendor`` (derived once if setup did not), as URLs on this server."""
    ensure_assets()
    return leaflet_links(st.get_option("server.baseUrlPath"))


@st.cache_resource(show_spinner=False)
def basemap(boundaries: str | None) -> BaseLayers:
    """The base map's layers, published once per server under its base path."""
    base_path = st.get_option("server.baseUrlPath").strip("/")
    return base_layers(Path(boundaries) if boundaries else None, f"/{base_path}" if base_path else "")


def db_version(db: str | Path) -> float:
    """Changes whenever the store does, whichever process wrote: the cache key."""
    return change_marker(db)


@st.cache_data(show_spinner=False, max_entries=512)
def read(db: str, version: float, what: str, filters: Filters = Filters(), *args: object) -> object:
    """One aggregate store read (``what`` names the method), cached until the store changes."""
    costs.misses[what] += 1
    with Store(db) as store:
        method = getattr(store, what)
        if what == "facet_values":
            return method()
        if what in ("documents_by_id", "date_history"):
            return method(*args)
        return method(*args[:1], filters, *args[1:])  # e.g. passage_page(place_id, filters, after)


@st.cache_data(show_spinner=False, max_entries=64)
def places_rows(db: str, version: float, filters: Filters, names: tuple[tuple[str, str], ...],
                lang: str) -> str:
    """The places layer's rows for one selection, as JSON: built once per store version, filters
    and language."""
    costs.misses["places_rows"] += 1
    return rows_json(place_rows(read(db, version, "place_counts", filters), dict(names)))


@st.cache_data(show_spinner=False, max_entries=16)
def date_extent(db: str, version: float) -> Extent | None:
    """The dates the slider and the timeline span (``bulk_extent`` of every dated mention)."""
    costs.misses["date_extent"] += 1
    return bulk_extent(read(db, version, "date_counts"))


@st.cache_data(show_spinner=False, max_entries=128, hash_funcs={Extent: lambda e: (e.lo, e.hi)})
def timeline_spec(db: str, version: float, filters: Filters, extent: Extent, lang: str) -> dict:
    """The timeline's Vega-Lite spec for one selection. Altair builds and validates a chart in about
    0.15 s (with the binning, on 31,030 articles): half of a page's rerun when built on every click,
    so it is built once per store version, filters, extent and language."""
    costs.misses["timeline_spec"] += 1
    unit = choose_unit(extent.lo, extent.hi)
    return vega_lite(chart(bins(read(db, version, "date_counts", filters), extent, unit), extent, unit))


@st.cache_data(show_spinner=False, max_entries=64)
def place_labels(db: str, version: float, filters: Filters) -> dict[str, str]:
    """The reader's chooser: place ids and their labels, most mentioned first."""
    costs.misses["place_labels"] += 1
    places = read(db, version, "place_counts", filters)
    return {r.place_id: place_label(r.name_ar, r.name, r.mentions) for r in places.itertuples()}


def governorate_names(db: str, version: float, base: BaseLayers) -> dict[str, str]:
    """Governorate and district names by P-code: the base map's and the user's boundaries, else
    the governorates the articles themselves mention by name (level admin1 carries its code)."""
    places = read(db, version, "place_counts", Filters(levels=("admin1",)))
    from_articles = {r.governorate: " · ".join(n for n in (r.name_ar, r.name) if n)
                     for r in places.itertuples() if r.governorate}
    return {**from_articles, **base.names}


def base_or_none(boundaries: str | None) -> BaseLayers:
    """``basemap``, or an empty base map when the user's boundaries cannot be read (the page says why)."""
    try:
        return basemap(boundaries)
    except ValueError:
        return BaseLayers()


def warm(db: str, boundaries: str | None) -> None:
    """Read what a fresh page's first run reads (the facets, the governorates' names, the places of
    the default filters and their rows in each language), so it finds them cached. A store that does
    not exist yet is left alone: the page's processing creates it. (streamlit-folium is not imported
    here: a component is registered only when declared in a script run, so imported in this thread
    its map would never be served.)"""
    from makan_ui.filters import default_filters

    if not is_url(db) and not Path(db).exists():
        return
    served_assets()
    version = db_version(db)
    facets = read(db, version, "facet_values")
    names = governorate_names(db, version, base_or_none(boundaries))
    filters = default_filters(facets)
    read(db, version, "place_counts", filters)
    for lang in LANGUAGES:
        set_language(lang)  # this thread's own language: a context variable
        places_rows(db, version, filters, tuple(sorted(names.items())), lang)


def _warm_quietly() -> None:
    from makan_ui.settings import parse_settings, script_arguments

    try:
        settings = parse_settings(script_arguments(), fetch=False)
        warm(str(settings.db), str(settings.boundaries) if settings.boundaries else None)
    except Exception as exc:  # noqa: BLE001  the page reads (and reports) everything itself
        LOG.warning("warm-up skipped: %s", exc)


@asynccontextmanager
async def warm_on_start(app: object) -> AsyncIterator[None]:
    """The Streamlit app's lifespan: start ``warm`` beside the server, which answers at once."""
    threading.Thread(target=_warm_quietly, name="makan-warm-up", daemon=True).start()
    yield
