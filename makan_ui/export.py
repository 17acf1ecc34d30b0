"""The selection as GeoJSON and CSV files, made when their button is clicked, a part at a time.

On all of SaudiNewsNet the selection holds 199,410 mentions: reading them took 3.3 s, the frame
1.5 s, the GeoJSON 11.1 s (177 MB) and the CSV 2.1 s (70 MB). Made in the page's run, as they were,
that was 18 s and a quarter of a gigabyte held for the session on every run while the export was
open, a click on the map included. Given a function as a download's data, Streamlit calls it only
when the button is clicked, in a thread of its own: a run now only hands over the two functions,
which read the selection as it is when clicked. They read and write it ``PART`` mentions at a time
(``Store.mention_chunks``): read whole, the selection alone took 786 MB at its peak, and its
GeoJSON nearly 2 GB.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import streamlit as st

from geo.boundaries import assign_admin, load_boundaries
from geo.frame import mentions_frame, write_csv, write_geojson
from geo.store import Filters, Store
from makan_ui.i18n import t

if TYPE_CHECKING:
    import geopandas  # imported by geo.frame when a file is made, not when the page starts


@st.cache_resource(show_spinner=False)
def admin_boundaries(path: str) -> geopandas.GeoDataFrame:
    """Governorate and district polygons for point-in-polygon, loaded once per server."""
    return load_boundaries(path)


PART = 20_000  # mentions read and written at a time


def selection_frames(db: str, filters: Filters,
                     polygons: geopandas.GeoDataFrame | None) -> Iterator[geopandas.GeoDataFrame]:
    """Every mention the filters select, ``PART`` rows at a time; with ``polygons``, each with its
    governorate and district."""
    with Store(db) as store:  # opened here: the download's thread cannot share the run's connection
        for selection in store.mention_chunks(filters, PART):
            frame = mentions_frame(selection.drop(columns=["date_start", "date_end"]))
            yield assign_admin(frame, polygons) if polygons is not None else frame


def file_maker(write: Callable[[Iterator[geopandas.GeoDataFrame], BinaryIO], None], db: str, filters: Filters,
               polygons: geopandas.GeoDataFrame | None) -> Callable[[], bytes]:
    """What a download button calls when clicked: the selection read then, written by ``write``."""
    def make() -> bytes:
        out = io.BytesIO()
        write(selection_frames(db, filters, polygons), out)
        return out.getvalue()
    return make


def export_buttons(db: str, filters: Filters, boundaries: Path | None) -> None:
    """On request, buttons that download the selection as GeoJSON (the mentions with a point) and CSV;
    with boundaries, each mention carries its governorate and district."""
    if not st.toggle(t("export.toggle"), key="export"):
        return
    polygons = admin_boundaries(str(boundaries)) if boundaries is not None else None
    left, right = st.columns(2)
    left.download_button(t("export.geojson"), file_maker(write_geojson, db, filters, polygons),
                         file_name="makan-selection.geojson", mime="application/geo+json", key="export_geojson",
                         on_click="ignore")
    right.download_button(t("export.csv"), file_maker(write_csv, db, filters, polygons),
                          file_name="makan-selection.csv", mime="text/csv", key="export_csv", on_click="ignore")
