"""Makan's dashboard: a map, a timeline and a reader over the store.

``streamlit run dashboard.py`` opens the demo corpus (``data/demo/``);
``streamlit run dashboard.py -- --corpus PATH [--db PATH] [--boundaries PATH | --fetch-boundaries] [--online-tiles]``
opens yours. With ``--db`` and no ``--corpus`` it shows that store as it is. ``MAKAN_CORPUS``,
``MAKAN_DB`` and ``MAKAN_BOUNDARIES`` give the same settings through the environment.

The dashboard never parses text: it runs ``python -m extraction`` to bring the store up to date
(unchanged files are skipped) and reads only through ``geo.store``. Article text is untrusted,
so every piece of it is HTML-escaped before it reaches a popup or the reader. The map draws
offline: Leaflet comes from the installed ``folium-offline`` package, and map tiles are only
fetched when ``--online-tiles`` is asked for.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import altair as alt
import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import Boundaries, assign_admin, fetch_boundaries, load_boundaries
from geo.frame import mentions_frame, to_csv, to_geojson
from geo.store import Filters, Store, StoreError, data_dir, date_period

HERE = Path(__file__).resolve().parent
DEMO_CORPUS = HERE / "data" / "demo"
SYRIA = (35.0, 38.5)
EXCERPTS_IN_POPUP = 3
EXCERPT_CONTEXT = 60  # characters either side of the place in a popup excerpt
NEAR_DEGREES = 0.1  # a click this close to a marker's centre (about 10 km) is a click on it
RTL = 'dir="rtl" style="text-align:right;font-size:1.05em;line-height:1.7"'


@dataclass(frozen=True)
class Settings:
    """Where the articles and the store are, and how the map is drawn."""

    corpus: tuple[str, ...]  # empty: show the store as it is
    db: Path
    boundaries: Path | None
    online_tiles: bool


def corpus_db_path(corpus: tuple[str, ...]) -> Path:
    """One store per corpus in the user's data directory, so two corpora never mix."""
    key = "\n".join(sorted(str(Path(p).resolve()) for p in corpus))
    return data_dir() / f"makan-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}.sqlite"


def parse_settings(argv: list[str]) -> Settings:
    """Arguments after ``--`` win over the environment; with neither, the demo corpus."""
    parser = argparse.ArgumentParser(prog="streamlit run dashboard.py --")
    parser.add_argument("--corpus", nargs="+", help="folders or files of articles")
    parser.add_argument("--db", type=Path, help="SQLite store (default: one per corpus in the data directory)")
    parser.add_argument("--boundaries", type=Path, help="GeoJSON of governorate outlines to draw")
    parser.add_argument("--online-tiles", action="store_true", help="add OpenStreetMap tiles (needs internet)")
    parser.add_argument("--fetch-boundaries", action="store_true",
                        help="download OCHA's open Syria boundaries once (cached) when no --boundaries is given")
    args = parser.parse_args(argv)
    env_corpus = os.environ.get("MAKAN_CORPUS")
    env_db = os.environ.get("MAKAN_DB")
    db = args.db or (Path(env_db) if env_db else None)
    if args.corpus:
        corpus = tuple(args.corpus)
    elif env_corpus:
        corpus = tuple(env_corpus.split(os.pathsep))
    else:
        corpus = () if db else (str(DEMO_CORPUS),)
    boundaries = args.boundaries or (Path(os.environ["MAKAN_BOUNDARIES"]) if os.environ.get("MAKAN_BOUNDARIES")
                                     else None)
    if boundaries is None and args.fetch_boundaries:
        boundaries = fetch_boundaries(data_dir() / "boundaries", online=True)  # None, said once, when offline
    return Settings(corpus, db or corpus_db_path(corpus), boundaries, args.online_tiles)


# --- processing and cached reads -----------------------------------------------------------

@st.cache_resource(show_spinner="Reading the articles…")
def process_corpus(corpus: tuple[str, ...], db: str) -> tuple[int, list[str], str]:
    """Bring the store up to date once per server; returns exit code, per-file errors, summary."""
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([sys.executable, "-m", "extraction", *corpus, "--db", db], cwd=HERE,
                         capture_output=True, text=True, check=False)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    errors = [line.removeprefix("makan: skipped ") for line in lines if line.startswith("makan: skipped ")]
    summary = next((line for line in reversed(lines) if " processed, " in line), "")
    if run.returncode != 0 and not errors:
        errors = lines[-5:]
    return run.returncode, errors, summary


def db_version(db: Path) -> float:
    """Changes whenever the store does (WAL mode writes the -wal file first): the cache key."""
    files = [db, db.with_name(db.name + "-wal")]
    return max((f.stat().st_mtime for f in files if f.exists()), default=0.0)


@st.cache_data(show_spinner=False)
def read(db: str, version: float, what: str, filters: Filters = Filters(), place_id: str = "") -> pd.DataFrame:
    """One store read (``what`` names the method), cached until the store changes."""
    with Store(db) as store:
        if what == "passages_for_place":
            return store.passages_for_place(place_id, filters)
        return getattr(store, what)(filters) if what != "documents" else store.documents()


# --- text to HTML: everything from an article is escaped here -------------------------------

def esc(text: str) -> str:
    """HTML-escape article text, plus the characters that would end or interpolate the JavaScript
    template literals folium wraps popups and tooltips in (backtick, ``$``, backslash)."""
    return html.escape(text).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def highlight(text: str, marks: list[tuple[int, int]]) -> str:
    """The passage as HTML with the place marked; every slice of article text is escaped."""
    out, cursor = [], 0
    for start, end in sorted(marks):
        if start < cursor:
            continue
        out.append(esc(text[cursor:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        cursor = end
    out.append(esc(text[cursor:]))
    return "".join(out)


def safe_link(url: str | None) -> str:
    """An escaped link, only for http(s): a ``javascript:`` URL from an article must not run."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return ""
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(url)}</a>'


def passage_html(row: pd.Series) -> str:
    """One reader entry: title, date, source and link above the passage, right to left."""
    when = esc(row["date"] or "undated")
    if row["date_source"] == "user":
        when += " (corrected)"
    meta = " · ".join(f"<bdi>{x}</bdi>" for x in (when, esc(row["source"] or ""), safe_link(row["url"])) if x)
    title = esc(row["title"] or row["doc_id"])  # <bdi>: a Latin file name keeps its order in RTL text
    why = ""
    if row.get("why"):  # the resolver's and the sense reader's one-line reasons, as evidence for the user
        confidence = f" · confidence {float(row['confidence']):.2f}" if row.get("confidence") is not None else ""
        sense = f" · {esc(row['sense'])}: {esc(row['sense_why'] or '')}" if row.get("sense") else ""
        why = f'<br><small dir="ltr" style="color:#666">why here: {esc(row["why"])}{confidence}{sense}</small>'
    return (f'<div {RTL}><strong><bdi>{title}</bdi></strong><br><small>{meta}</small>'
            f'<p>{highlight(row["passage"], row["marks"])}{why}</p></div>')


def excerpt(text: str, marks: list[tuple[int, int]], context: int = EXCERPT_CONTEXT) -> tuple[str, list]:
    """A window of ``context`` characters either side of the first mark, the marks moved with it,
    so a popup stays small however long the passage."""
    if not marks:
        return text[:2 * context], []
    start = max(0, marks[0][0] - context)
    end = min(len(text), marks[0][1] + context)
    kept = [(s - start, e - start) for s, e in marks if s >= start and e <= end]
    before, after = ("…" if start > 0 else ""), ("…" if end < len(text) else "")
    return before + text[start:end] + after, [(s + len(before), e + len(before)) for s, e in kept]


def popup_html(place: pd.Series, passages: pd.DataFrame) -> str:
    """Marker popup: Arabic and English names, the count and the first excerpts."""
    excerpts = "".join(f"<li>{highlight(*excerpt(r['passage'], r['marks']))}</li>"
                       for _, r in passages.head(EXCERPTS_IN_POPUP).iterrows())
    count = int(place["mentions"])
    return (f'<div {RTL}><strong>{esc(place["name_ar"] or "")}</strong> · '
            f'{esc(place["name"] or "")}<br><bdi>{count} mention{"s" if count != 1 else ""}</bdi>'
            f"<ul>{excerpts}</ul></div>")


# --- the map ----------------------------------------------------------------------------------

def _data_url(mime: str, url: str) -> str:
    from offlinefolium.elements import _res  # the CDN files, embedded in the folium-offline package

    return f"data:{mime};base64,{base64.b64encode(_res[url].encode('utf-8')).decode('ascii')}"


@st.cache_resource
def offline_leaflet() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Leaflet's script and stylesheet (and jQuery) as data: URLs from folium-offline, in place of the CDN.

    streamlit-folium's frontend loads each ``default_js``/``default_css`` URL of the map into
    its iframe (it bundles no Leaflet of its own), so data: URLs make the map draw offline.
    """
    js = dict(folium.Map.default_js)
    css = dict(folium.Map.default_css)["leaflet_css"]
    # jQuery too: branca builds every popup's content with $(...).
    return ([(name, _data_url("text/javascript", js[name])) for name in ("jquery", "leaflet")],
            [("leaflet_css", _data_url("text/css", css))])


@st.cache_resource(show_spinner=False)
def load_outlines(path: str) -> tuple[str, dict[str, str]]:
    """Governorate outlines as light GeoJSON (simplified to about 1 km), and their names by P-code."""
    governorates = load_boundaries(path).governorates
    outlines = governorates[["geometry"]].copy()
    outlines["geometry"] = outlines.geometry.simplify(0.01)
    names = {r.pcode: " · ".join(n for n in (r.name_ar, r.name_en) if n)
             for r in governorates.itertuples() if r.pcode}
    return outlines.to_json(), names


def build_map(places: pd.DataFrame, popups: list[str], outlines: str | None, online_tiles: bool) -> folium.Map:
    """CircleMarkers sized by mention count, on outlines (offline) or OpenStreetMap tiles.

    Markers go biggest first, so a small place drawn at the same point stays clickable on top.
    """
    m = folium.Map(location=SYRIA, zoom_start=6, tiles="OpenStreetMap" if online_tiles else None,
                   control_scale=True)
    m.default_js, m.default_css = offline_leaflet()
    if outlines is not None:
        folium.GeoJson(outlines, name="governorates",
                       style_function=lambda _: {"color": "#555", "weight": 1, "fill": True, "fillColor": "#f4f1ea",
                                                 "fillOpacity": 0.6}).add_to(m)
    for (_, place), popup in zip(places.iterrows(), popups):
        folium.CircleMarker(
            location=(place["lat"], place["lon"]), radius=5 + 3 * math.sqrt(place["mentions"]),
            color="#9b2226", weight=1, fill=True, fill_color="#ae2012", fill_opacity=0.7,
            tooltip=esc(place_label(place)),
            popup=folium.Popup(popup, max_width=380)).add_to(m)
    if len(places):
        m.fit_bounds(focus_bounds(places), max_zoom=9)
    return m


def focus_bounds(places: pd.DataFrame) -> list[list[float]]:
    """Where most mentions are: countries and a stray far-off namesake must not zoom the map out to
    the whole world, so the view spans the central 90% of mentions below country level."""
    local = places[places["level"] != "country"]
    local = local if len(local) else places
    weighted = local.loc[local.index.repeat(local["mentions"].astype(int))]
    lat, lon = weighted["lat"], weighted["lon"]
    return [[lat.quantile(0.05), lon.quantile(0.05)], [lat.quantile(0.95), lon.quantile(0.95)]]


def place_label(place: pd.Series) -> str:
    """How a place is named in the marker tooltip and the reader's chooser (so a click maps back)."""
    return f"{place['name_ar'] or ''} · {place['name'] or ''} ({place['mentions']})"


def clicked_place(places: pd.DataFrame, result: dict | None) -> str | None:
    """The place whose marker was clicked: by its tooltip, else the marker nearest the click.

    st_folium reports where the click landed (not the marker's centre) and the tooltip's text.
    """
    click = (result or {}).get("last_object_clicked")
    if not click or places.empty:
        return None
    tooltip = " ".join(str((result or {}).get("last_object_clicked_tooltip") or "").split())
    by_label = [r["place_id"] for _, r in places.iterrows() if place_label(r) == tooltip]
    if by_label:
        return by_label[0]
    distance = (places["lat"] - click["lat"]).abs() + (places["lon"] - click["lng"]).abs()
    best = distance.idxmin()
    return places.loc[best, "place_id"] if distance[best] < NEAR_DEGREES else None


# --- the page ---------------------------------------------------------------------------------

def _choose(label: str, options: list[str], default: list[str], key: str,
            names: dict[str, str] | None = None) -> tuple[str, ...] | None:
    """A multiselect whose "everything chosen" means no filter, so rows without a value stay."""
    chosen = st.sidebar.multiselect(label, options, default=default, key=key,
                                    format_func=lambda v: (names or {}).get(v, v))
    return None if set(chosen) == set(options) else tuple(chosen)


def governorate_names_from(mentions: pd.DataFrame) -> dict[str, str]:
    """Names for governorate codes when no boundaries file is given: the governorates the articles
    mention by name (level admin1) carry their own code."""
    admin1 = mentions[(mentions["level"] == "admin1") & mentions["governorate"].notna()]
    return {r.governorate: " · ".join(n for n in (r.name_ar, r.name) if n) for r in admin1.itertuples()}


def sidebar_filters(everything: pd.DataFrame, governorate_names: dict[str, str]) -> Filters:
    """Date range, level, sense, source and governorate, from the values the store holds."""
    st.sidebar.header("Filters")
    starts = everything["date_start"].dropna()
    start = end = None
    if not starts.empty:
        lo, hi = min(starts), max(everything["date_end"].dropna()) - timedelta(days=1)
        if lo < hi:
            picked = st.sidebar.slider("Date range", min_value=lo, max_value=hi, value=(lo, hi), key="dates",
                                       format="YYYY-MM-DD")
            start, end = (picked[0] if picked[0] > lo else None), (picked[1] if picked[1] < hi else None)
    include_undated = st.sidebar.checkbox("Include undated mentions", value=True, key="undated")

    def values(column: str) -> list[str]:
        return sorted(v for v in everything[column].dropna().unique())

    senses = values("sense")
    return Filters(
        start=start, end=end, include_undated=include_undated,
        levels=_choose("Place level", values("level"), values("level"), "levels"),
        senses=_choose("Sense", senses, [s for s in senses if s == "literal"] or senses, "senses"),
        sources=_choose("Source", values("source"), values("source"), "sources"),
        governorates=(_choose("Governorate", values("governorate"), values("governorate"), "governorates",
                              governorate_names)
                      if everything["governorate"].notna().any() else None))


def draw_timeline(bars: pd.DataFrame, undated: pd.DataFrame) -> None:
    """Mentions over time; a month- or year-only date is a bar as wide as its month or year."""
    st.subheader("Timeline")
    if bars.empty:
        st.caption("No dated mentions in this selection.")
    else:
        data = bars.assign(date_start=pd.to_datetime(bars["date_start"]), date_end=pd.to_datetime(bars["date_end"]))
        base = alt.Chart(data).encode(
            x=alt.X("date_start:T", title="date"), y=alt.Y("mentions:Q", title="mentions"),
            color=alt.Color("precision:N", title="precision",
                            scale=alt.Scale(domain=["day", "month", "year"], range=["#9b2226", "#0a9396", "#ee9b00"])),
            tooltip=["date:N", "precision:N", "mentions:Q"])
        # A day is a rule (a bar one day wide would vanish over years); a month or a year spans its width.
        days = base.transform_filter(alt.datum.precision == "day").mark_rule(strokeWidth=3).encode(y2=alt.datum(0))
        spans = base.transform_filter(alt.datum.precision != "day").mark_bar(opacity=0.6).encode(
            x2="date_end:T", y2=alt.datum(0))
        chart = alt.layer(spans, days)
        st.altair_chart(chart, width="stretch")
    st.caption(f"Undated mentions (not on the timeline): {len(undated)}")
    if len(undated):
        with st.expander("Undated mentions"):
            st.dataframe(undated[["text", "name", "doc_id", "title"]], hide_index=True)


def draw_reader(db: str, version: float, places: pd.DataFrame, filters: Filters) -> None:
    """Every passage mentioning the chosen place, newest first, the place highlighted."""
    st.subheader("Reader")
    if places.empty:
        st.caption("No place in this selection.")
        return
    labels = {r["place_id"]: place_label(r) for _, r in places.iterrows()}
    if st.session_state.get("place") not in labels:
        st.session_state["place"] = places.iloc[0]["place_id"]
    place_id = st.selectbox("Place", list(labels), format_func=labels.__getitem__, key="place")
    passages = read(db, version, "passages_for_place", filters, place_id)
    st.caption(f"{len(passages)} passage{'s' if len(passages) != 1 else ''}, newest first")
    for _, row in passages.iterrows():
        st.markdown(passage_html(row), unsafe_allow_html=True)


def date_editor(db: str, documents: pd.DataFrame) -> None:
    """Let a user set or correct a document's date; it survives reprocessing."""
    with st.expander("Correct a document's date"):
        if documents.empty:
            st.caption("No documents yet.")
            return
        labels = {r.doc_id: f"{r.title or r.doc_id} ({r.date or 'undated'})" for r in documents.itertuples()}
        doc_id = st.selectbox("Document", list(labels), format_func=labels.__getitem__, key="date_doc")
        current = documents.set_index("doc_id").loc[doc_id]
        st.caption(f"Found by extraction: {current['extracted_date'] or 'none'} ({current['extracted_date_source']})")
        value = st.text_input("Date (YYYY, YYYY-MM or YYYY-MM-DD)", value=current["user_date"] or "",
                              key=f"date_value:{doc_id}")  # one field per document: no stale value
        save, remove = st.columns(2)
        if save.button("Save date", key="date_save"):
            if date_period(value.strip()) is None:
                st.error(f"Not an ISO date: {value!r}")
                return
            with Store(db) as store:
                store.set_document_date(doc_id, value.strip())
            st.rerun()
        if remove.button("Remove correction", key="date_remove", disabled=current["user_date"] is None):
            with Store(db) as store:
                store.set_document_date(doc_id, None)
            st.rerun()


@st.cache_resource(show_spinner=False)
def load_admin_boundaries(path: str) -> Boundaries:
    """Governorate and district polygons for point-in-polygon, loaded once per server."""
    return load_boundaries(path)


def export_buttons(selection: pd.DataFrame, boundaries: Path | None) -> None:
    """Download the selected mentions as GeoJSON (those with a point) and CSV (all of them); with
    boundaries, each mention carries the governorate and district its point falls in."""
    frame = mentions_frame(selection.drop(columns=["date_start", "date_end"]))
    if boundaries is not None:
        frame = assign_admin(frame, load_admin_boundaries(str(boundaries)))
    left, right = st.columns(2)
    left.download_button("Export GeoJSON", to_geojson(frame), file_name="makan-selection.geojson",
                         mime="application/geo+json", key="export_geojson")
    right.download_button("Export CSV", to_csv(frame), file_name="makan-selection.csv",
                          mime="text/csv", key="export_csv")


def main() -> None:
    """The page: processing status, filters, then map and timeline beside the reader."""
    st.set_page_config(page_title="Makan · مكان", layout="wide")
    argv = sys.argv[1:] if Path(sys.argv[0]).name == "dashboard.py" else []
    settings = parse_settings(argv)
    st.title("Makan · مكان")
    if settings.corpus:
        code, errors, summary = process_corpus(settings.corpus, str(settings.db))
        if summary:
            st.caption(summary.removeprefix("makan: "))
        if errors:
            with st.expander(f"{len(errors)} file(s) could not be processed", expanded=code != 0):
                for line in errors:
                    st.text(line)
        if st.sidebar.button("Reprocess the corpus", key="reprocess"):
            process_corpus.clear()
            st.rerun()
    db = str(settings.db)
    try:
        version = db_version(settings.db)
        everything = read(db, version, "mentions")
    except StoreError as exc:
        st.error(str(exc))
        return
    outlines, governorate_names = None, {}
    if settings.boundaries is not None:
        try:
            outlines, governorate_names = load_outlines(str(settings.boundaries))
        except ValueError as exc:
            st.warning(f"Map drawn without outlines: {exc}")
    filters = sidebar_filters(everything, {**governorate_names_from(everything), **governorate_names})
    places = read(db, version, "places", filters)
    selection = read(db, version, "mentions", filters)
    st.caption(f"{len(places)} places · {len(selection)} mentions in the selection")

    map_col, reader_col = st.columns([3, 2])
    with map_col:
        by_place = dict(tuple(read(db, version, "passages", filters).groupby("place_id", sort=False)))
        popups = [popup_html(p, by_place[p["place_id"]]) for _, p in places.iterrows()]
        result = st_folium(build_map(places, popups, outlines, settings.online_tiles), height=520,
                           use_container_width=True, key="map",
                           returned_objects=["last_object_clicked", "last_object_clicked_tooltip"])
        click = (result or {}).get("last_object_clicked")
        if click and click != st.session_state.get("last_click"):  # a new click, not the last one again
            st.session_state["last_click"] = click
            clicked = clicked_place(places, result)
            if clicked:
                st.session_state["place"] = clicked
        draw_timeline(read(db, version, "timeline", filters), read(db, version, "undated", filters))
    with reader_col:
        draw_reader(db, version, places, filters)
        date_editor(db, read(db, version, "documents"))
        export_buttons(selection, settings.boundaries)


main()
