"""The selection as GeoJSON and CSV files, made when their button is clicked.

On all of SaudiNewsNet the selection holds 199,410 mentions: reading them took 3.3 s, the frame
1.5 s, the GeoJSON 11.1 s (177 MB) and the CSV 2.1 s (70 MB). Made in the page's run, as they were,
that was 18 s and a quarter of a gigabyte held for the session on every run while the export was
open, a click on the map included. Given a function as a download's data, Streamlit calls it only
when the button is clicked, in a thread of its own: a run now only hands over the two functions,
which read the selection as it is when clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas
import streamlit as st

from geo.boundaries import assign_admin, load_boundaries
from geo.frame import mentions_frame, to_csv, to_geojson
from geo.store import Filters, Store
from makan_ui.i18n import t


@st.cache_resource(show_spinner=False)
def admin_boundaries(path: str) -> geopandas.GeoDataFrame:
    """Governorate and district polygons for point-in-polygon, loaded once per server."""
    return load_boundaries(path)


def selection_frame(db: str, filters: Filters, polygons: geopandas.GeoDataFrame | None) -> geopandas.GeoDataFrame:
    """Every mention the filters select, one row each; with ``polygons``, its governorate and district."""
    with Store(db) as store:  # opened here: the download's thread cannot share the run's connection
        selection = store.mentions(filters)
    frame = mentions_frame(selection.drop(columns=["date_start", "date_end"]))
    return assign_admin(frame, polygons) if polygons is not None else frame


def file_maker(write: Callable[[geopandas.GeoDataFrame], str], db: str, filters: Filters,
               polygons: geopandas.GeoDataFrame | None) -> Callable[[], str]:
    """What a download button calls when clicked: the selection read then, written by ``write``."""
    return lambda: write(selection_frame(db, filters, polygons))


def export_buttons(db: str, filters: Filters, boundaries: Path | None) -> None:
    """On request, buttons that download the selection as GeoJSON (the mentions with a point) and CSV;
    with boundaries, each mention carries its governorate and district."""
    if not st.toggle(t("export.toggle"), key="export"):
        return
    polygons = admin_boundaries(str(boundaries)) if boundaries is not None else None
    left, right = st.columns(2)
    left.download_button(t("export.geojson"), file_maker(to_geojson, db, filters, polygons),
                         file_name="makan-selection.geojson", mime="application/geo+json", key="export_geojson",
                         on_click="ignore")
    right.download_button(t("export.csv"), file_maker(to_csv, db, filters, polygons),
                          file_name="makan-selection.csv", mime="text/csv", key="export_csv", on_click="ignore")
