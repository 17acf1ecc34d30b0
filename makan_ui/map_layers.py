"""The map: a light base map, then one layer of places (points, clusters or a choropleth).

Everything drawn per place is built in the browser from one compact array handed to a single
layer, never one folium object per place; tooltips carry the name, English name and
count only, so the page stays light at thousands of places, and passages go to the reader.
The base map does not depend on the filters, so streamlit-folium keeps it (zoom and pan
included) and only swaps the places layer when a filter or a brush changes.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping

import folium
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from makan_ui.htmltext import esc
from makan_ui.i18n import plural, t

MIN_RADIUS, MAX_RADIUS = 3.0, 18.0  # px: the biggest marker is 36 px wide plus its border, at any count
DETAIL_ZOOM = 8  # city labels and district outlines from this zoom on
AREA_LEVELS = {"country", "region", "admin1", "admin2"}  # named areas, drawn as hollow rings
POINT_STYLE = {"color": "#ffffff", "weight": 0.8, "fillColor": "#c0392b", "fillOpacity": 0.6, "opacity": 0.9}
ADMIN_STYLE = {"color": "#5a189a", "weight": 2, "fill": False, "opacity": 0.75}  # governorates, districts
COUNTRY_STYLE = {"color": "#495057", "weight": 1.5, "fill": False, "opacity": 0.55, "dashArray": "4 3"}
CHOROPLETH = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"]  # light to dark, by quantile of mentions
SYRIA = (35.0, 38.5)
MAX_ZOOM = 18  # as OpenStreetMap's tiles
FOCUS_PAD = 3.0  # degrees added around where most mentions are


def marker_radius(counts: pd.Series, largest: int | None = None) -> pd.Series:
    """Radius on a squared log scale capped at ``MAX_RADIUS``: 1 mention is small, the most mentioned
    is 36 px wide, and a place with 50,000 mentions never covers a country. Squaring the log share
    keeps the long tail of places with tens of mentions small (on 31,000 articles a plain log scale
    gave them 10 px each, and two thousand of them merged into one blob)."""
    top = max(int(largest if largest is not None else counts.max() if len(counts) else 1), 1)
    scale = math.log1p(top)
    return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * counts.map(lambda c: (math.log1p(c) / scale) ** 2 if scale else 1.0)


def area_name(code: str, names: Mapping[str, str]) -> str:
    """``"حمص · Homs"`` for a P-code, else ``"governorate SY04"``: never a bare code."""
    return names.get(code) or t("area.unnamed", code=code)


def place_label(name_ar: str | None, name: str | None, mentions: int) -> str:
    """How a place is named in its tooltip and the reader's chooser (so a click maps back to it)."""
    return f"{name_ar or ''} · {name or ''} ({int(mentions)})"


def place_class(level: str | None) -> str:
    """Areas are hollow rings (countries grey and dashed, governorates and districts violet) so they
    never hide the towns inside them; everything else is a filled red point."""
    if level in ("country", "region"):
        return "country"
    return "admin" if level in AREA_LEVELS else "point"


STYLES = {"point": POINT_STYLE, "admin": ADMIN_STYLE, "country": COUNTRY_STYLE}
DRAW_ORDER = {"country": 0, "admin": 1, "point": 2}  # rings beneath points


def place_rows(places: pd.DataFrame, area_names: Mapping[str, str]) -> list[list[object]]:
    """One compact row per place, ``[lat, lon, radius, class, tooltip]``, rings first, then points
    biggest first, so a small place drawn over a big one stays on top and clickable. The tooltip
    is escaped HTML: the label, then the place's governorate by name (``area_names``)."""
    if places.empty:
        return []
    frame = places.assign(radius=marker_radius(places["mentions"]), kind=places["level"].map(place_class))
    frame = frame.assign(order=frame["kind"].map(DRAW_ORDER)).sort_values(["order", "mentions"],
                                                                           ascending=[True, False])
    rows = []
    for row in frame.itertuples(index=False):
        tip = f"<b>{esc(place_label(row.name_ar, row.name, row.mentions))}</b>"
        if row.governorate and row.governorate in area_names:
            tip += f"<br><small>{esc(area_names[row.governorate])}</small>"
        rows.append([round(row.lat, 5), round(row.lon, 5), round(row.radius, 1), row.kind, tip])
    return rows


def rows_json(rows: list[list[object]]) -> str:
    """``place_rows`` as the layer's script holds them (30 ms for 5,052 places: done once per
    selection, by the page's cache, not on every rerun)."""
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def choropleth_geojson(outlines: dict, counts: Mapping[str, int], names: Mapping[str, str]) -> dict:
    """Area outlines (features with a ``pcode`` property) filled by their number of mentions,
    in five quantile classes so one busy governorate does not wash out the others."""
    values = sorted(v for v in counts.values() if v > 0)
    cuts = [values[min(len(values) - 1, int(len(values) * q))] for q in (0.2, 0.4, 0.6, 0.8)] if values else []
    features = []
    for feature in outlines.get("features", []):
        code = feature.get("properties", {}).get("pcode")
        count = int(counts.get(code, 0))
        colour = CHOROPLETH[sum(count > c for c in cuts)] if count else "#ffffff"
        tip = f"<b>{esc(area_name(code or '?', names))}</b><br>{esc(plural('map.area_mentions', count))}"
        style = {"color": "#6c757d", "weight": 1, "fillColor": colour, "fillOpacity": 0.75 if count else 0.15}
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": {"id": code, "tip": tip, "style": style}})
    return {"type": "FeatureCollection", "features": features}


class Rendered(Element):
    """Text already rendered, kept as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Rendered"
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


class PlainMacro(MacroElement):
    """A folium element whose rendered header, html and script join the figure as they are.

    branca's ``MacroElement.render`` wraps each in ``Element(text)``, which compiles the text as a
    Jinja template. For the places layer that meant Jinja's lexer going over every row on every
    rerun: 30 ms of streamlit-folium's 54 ms on 5,052 places, before the map could be sent.
    """

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
        macros = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            if part in macros:
                target.add_child(Rendered(macros[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class StyledGeoJson(PlainMacro):
    """Areas drawn by Leaflet alone, each feature with the Leaflet style in its ``style`` property
    and the (already escaped) HTML tooltip in ``tip``: one element for every area of a choropleth."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            style: function (f) { return f.properties.style; },
            onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.tip, {direction: "top"}); }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data: dict) -> None:
        super().__init__()
        self._name = "StyledGeoJson"
        self.data = json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# Reports a marker click to Streamlit at once. streamlit-folium listens on the layer too, records
# the click and its tooltip in ``__GLOBAL_DATA__``, and reports them 250 ms later (its debounce, meant
# for panning); measured in chromium on 31,030 articles, those 250 ms were a quarter of a click's way
# to the reader. This handler runs after streamlit-folium's (setTimeout: Leaflet calls the layer's
# handlers in order, and streamlit-folium adds its own after ours) and sends the value that
# streamlit-folium would send, marked as sent, so its late report finds nothing new and the page
# reruns once. The value carries the click's number (``CLICK_ID``): streamlit-folium sends only a
# value that differs from its last, so a click on the very pixel of the last one (the marker the
# user clicked before choosing another place in the reader) changed nothing. The fast path is taken
# only when the map returns exactly the click and its tooltip (``REPORTED``); if streamlit-folium's
# globals are missing (another version), nothing happens and its own report still arrives.
REPORTED = ("last_object_clicked", "last_object_clicked_tooltip")
CLICK_ID = "makan_click"
REPORT_CLICK_NOW = """function () { setTimeout(function () {
    var d = window.__GLOBAL_DATA__, s = window.Streamlit, map = window.map, wanted = %s;
    if (!d || !s || !map || !d.returned_objects || d.returned_objects.length !== wanted.length
        || wanted.some(function (k) { return d.returned_objects.indexOf(k) < 0; })) return;
    var at = d.last_object_clicked && d.wrap_longitude ? map.wrapLatLng(d.last_object_clicked) : d.last_object_clicked;
    var value = {last_object_clicked: at, last_object_clicked_tooltip: d.last_object_clicked_tooltip};
    d.previous_data = value;
    window.makanClicks = (window.makanClicks || 0) + 1;
    var sent = Object.assign({}, value); sent[%s] = window.makanClicks;
    s.setComponentValue(sent);
}, 0); }""" % (json.dumps(list(REPORTED)), json.dumps(CLICK_ID))

# Lists every place under a click when markers overlap, so that each one can be reached. At the first
# view of all SaudiNewsNet, 1,546 of the 2,562 points on screen lay wholly under others (small towns
# around Riyadh and Damascus, places sharing one spot), and a click reaches only the topmost. The click
# is reported as before (the reader opens on the topmost place); a popup at the pointer then lists the
# places under it, most mentioned first, each a link that fires a click on its own marker, which takes the
# same way to the reader. The links show the markers' own tooltips (escaped where they are made).
# Leaflet closes the popup at the next click on the map (its ``preclick``, fired before this click
# reached the layer), and this layer closes it when a rerun replaces the layer.
OVERLAPS_SHOWN = 50  # places listed under one click; beyond them the popup says how many more
LIST_OVERLAPS = """function (e) {
    if (e.makanChosen || !this._map) return;
    var map = this._map, at = map.latLngToLayerPoint(e.latlng), under = [], texts = %s;
    this.eachLayer(function (m) {  // in the order drawn: the last is the topmost
        var reach = m.getRadius() + (m.options.weight || 0) / 2;  // as Leaflet's own hit test
        if (map.latLngToLayerPoint(m.getLatLng()).distanceTo(at) <= reach) under.unshift(m);
    });
    if (under.length < 2) return;
    // The most mentioned (biggest) first: under the city of Riyadh lie 202 places, most of them sites
    // placed at the city; the city would be the last listed in the order drawn. Equal ones topmost first.
    under.sort(function (a, b) { return b.getRadius() - a.getRadius(); });
    if (!document.getElementById("makan-overlaps-style")) {  // the layer's script is all streamlit-folium sends
        var style = L.DomUtil.create("style", "", document.head);
        style.id = "makan-overlaps-style";
        style.textContent = ".makan-overlaps ul{list-style:none;margin:4px 0 0;padding:0}"
            + ".makan-overlaps li a{display:block;padding:3px 2px;border-top:1px solid #eee;color:#1f2d3d;"
            + "text-decoration:none;font-size:12px}.makan-overlaps li a:hover{background:#f1f3f5}"
            + ".makan-overlaps-head,.makan-overlaps-more{color:#6c757d}";
    }
    var box = L.DomUtil.create("div", "makan-overlaps");
    box.dir = "auto";
    L.DomUtil.create("div", "makan-overlaps-head", box).textContent = texts.head.replace("{count}", under.length);
    var list = L.DomUtil.create("ul", "", box);
    under.slice(0, %d).forEach(function (m) {
        var link = L.DomUtil.create("a", "", L.DomUtil.create("li", "", list));
        link.href = "#";
        link.dir = "auto";  // each name in its own direction, as its tooltip
        link.innerHTML = m.getTooltip().getContent();
        L.DomEvent.on(link, "click", function (ev) {
            L.DomEvent.stop(ev);
            map.closePopup();
            m.fire("click", {latlng: m.getLatLng(), makanChosen: true}, true);
        });
    });
    if (under.length > %d) {
        L.DomUtil.create("div", "makan-overlaps-more", box).textContent =
            texts.more.replace("{count}", under.length - %d);
    }
    L.popup({maxHeight: 260, minWidth: 180}).setLatLng(e.latlng).setContent(box).openOn(map);
}"""


class PlacesLayer(PlainMacro):
    """Every place in one layer, its circle markers built in the browser from compact rows and a
    handful of shared styles; in a marker cluster group when ``cluster`` is set.

    Clicks on a marker reach the layer (Leaflet groups pass their members' events on), which is
    where streamlit-folium listens, and it reports the marker's tooltip; ``REPORT_CLICK_NOW``
    sends that report without streamlit-folium's 250 ms wait.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var styles = {{ this.styles }};
            var group = {{ "L.markerClusterGroup({maxClusterRadius: 40})" if this.cluster else "L.featureGroup()" }};
            {{ this.rows }}.forEach(function (r) {
                L.circleMarker([r[0], r[1]], Object.assign({radius: r[2]}, styles[r[3]]))
                 .bindTooltip(r[4], {direction: "top"}).addTo(group);
            });
            group.on("click", {{ this.report_click }});
            {% if not this.cluster %}
            group.on("click", {{ this.list_overlaps }});  // clusters spread their own overlaps
            group.on("remove", function () { if (this._map) this._map.closePopup(); });
            {% endif %}
            return group;
        })().addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, rows: str, cluster: bool = False) -> None:
        super().__init__()
        self._name = "PlacesLayer"
        self.rows = rows
        self.styles = json.dumps(STYLES, separators=(",", ":"))
        self.cluster = cluster
        self.report_click = REPORT_CLICK_NOW
        texts = json.dumps({"head": t("map.overlaps"), "more": t("map.overlaps_more")}, ensure_ascii=False)
        self.list_overlaps = LIST_OVERLAPS % (texts, OVERLAPS_SHOWN, OVERLAPS_SHOWN, OVERLAPS_SHOWN)


def places_layer(view: str, rows: str, area_json: dict | None) -> folium.FeatureGroup:
    """The one layer of places for the chosen view: ``points`` or ``clusters`` of ``rows_json``'s
    rows, or a choropleth."""
    group = folium.FeatureGroup(name="places")
    if area_json is not None:
        StyledGeoJson(area_json).add_to(group)
    else:
        PlacesLayer(rows, cluster=view == "clusters").add_to(group)
    return group


class StaticGeoJson(PlainMacro):
    """A base-map layer fetched from this server's static files into a pane beneath the places:
    the map's script stays small and the same on every rerun, and nothing leaves 127.0.0.1."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            if (!map.getPane("{{ this.pane }}")) {
                map.createPane("{{ this.pane }}").style.zIndex = {{ this.z_index }};
                map.getPane("{{ this.pane }}").style.pointerEvents = "none";
            }
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (data) {
                L.geoJSON(data, {pane: "{{ this.pane }}", interactive: false,
                                 style: function () { return {{ this.style|tojson }}; }}).addTo(map);
                // The layer may arrive while the frame is still being sized or the view moved:
                // realign every renderer and label with the view as it is now.
                map.fire("viewreset");
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str, style: dict, pane: str, z_index: int) -> None:
        super().__init__()
        self._name = "StaticGeoJson"
        self.url, self.style, self.pane, self.z_index = url, style, pane, z_index


class Labels(PlainMacro):
    """Place names on the base map (countries, capitals, governorates, main cities), Arabic above
    English; city names wait until the map is zoomed in to ``detail_zoom``.

    All of them are drawn on one canvas (a Leaflet canvas renderer of their own, which follows pans
    and zoom animations as the outline canvases do), not as one element per label. The browser puts
    an element painted over a composited canvas (the outlines beneath) on a compositor layer of its
    own: the ~90 label elements made 25 of the page's 43 layers, rebuilt on every repaint, each frame
    of each click; with the labels left out, a click in the reader cost a page 17% less CPU (chromium
    without a GPU, as ``scripts/bench_hosted.py`` runs 20 such pages on the server's two cores).
    The layer records what it drew last (``drawn``: text and point in the map's container) for tests."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var pane = map.createPane("makan-labels");
            pane.style.zIndex = 390;  // above the outlines, beneath the places
            pane.style.pointerEvents = "none";
            var styles = {{ this.styles }};
            var LabelCanvas = L.Canvas.extend({
                _draw: function () {  // L.Canvas translated the context to the layer's pixel bounds
                    var ctx = this._ctx, bounds = this._bounds, zoomedOut = map.getZoom() < {{ this.detail_zoom }};
                    var drawn = [];
                    ctx.save();
                    ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
                    {{ this.labels }}.forEach(function (l) {
                        if (zoomedOut && l[3] === "city") return;
                        var style = styles[l[3]] || styles[""], lines = l[2];
                        var at = map.latLngToLayerPoint([l[0], l[1]]), height = style[0] * 1.2;
                        if (!bounds.contains(at)) return;  // beyond the view and its padding
                        ctx.font = style[1] + " " + style[0] + "px sans-serif";
                        lines.forEach(function (text, i) {
                            var y = at.y + (i - (lines.length - 1) / 2) * height;
                            ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)";
                            ctx.strokeText(text, at.x, y);
                            ctx.fillStyle = style[2]; ctx.fillText(text, at.x, y);
                        });
                        var point = map.layerPointToContainerPoint(at);
                        drawn.push([lines.join(" "), point.x, point.y]);
                    });
                    ctx.restore();
                    this.drawn = drawn;
                }
            });
            window.makanLabels = new LabelCanvas({pane: "makan-labels", padding: 0.2}).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    # per kind: font size (px), weight, colour
    STYLES = {"": (11, "normal", "#343a40"), "city": (11, "normal", "#343a40"),
              "capital": (11, "600", "#343a40"), "governorate": (11, "600", "#5a189a"),
              "country": (12, "normal", "#868e96")}

    def __init__(self, labels: list[tuple[float, float, tuple[str, ...], str]], detail_zoom: int = DETAIL_ZOOM) -> None:
        super().__init__()
        self._name = "Labels"
        self.detail_zoom = detail_zoom
        self.styles = script_json(self.STYLES)
        self.labels = script_json([[lat, lon, list(lines), kind] for lat, lon, lines, kind in labels])


def script_json(value: object) -> str:
    """JSON to write into a page's script: ``<``, ``>`` and ``&`` as escapes, so text from a user's
    boundaries file can never close the script or open a tag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class ZoomClass(PlainMacro):
    """Marks the map ``makan-zoomed-out`` below ``detail_zoom``, so CSS can hide detail (district
    outlines; the labels' canvas leaves city names out itself) on the country-wide view without
    Python redrawing anything."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
        .makan-zoomed-out .leaflet-makan-districts-pane { display: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            function byZoom() {
                map.getContainer().classList.toggle("makan-zoomed-out", map.getZoom() < {{ this.detail_zoom }});
            }
            map.on("zoomend", byZoom); byZoom();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, detail_zoom: int = DETAIL_ZOOM) -> None:
        super().__init__()
        self._name = "ZoomClass"
        self.detail_zoom = detail_zoom


def base_map(js: list[tuple[str, str]], css: list[tuple[str, str]], online_tiles: bool,
             layers: list[MacroElement]) -> folium.Map:
    """The map without places: offline Leaflet, optional OpenStreetMap tiles, base-map layers.

    It depends on nothing the data or the filters change, so its script is the same on every rerun
    and streamlit-folium never rebuilds it (the view is moved with ``view_of`` instead).
    Vector layers draw on canvas (one per pane), not as one SVG element per marker or outline:
    thousands of places then cost one bitmap, and Leaflet still finds the marker under a click.

    ``layers`` are shared by every session of the server, so each map gets its own copy of them:
    adding an element to a map makes that map its parent, and with the shared element a session
    drawing at the same moment as another rendered the other's map name ("map_… is not defined",
    then "Map container is already initialized" on every rerun; seen with 20 sessions at once).

    The map sets its own ``maxZoom``: offline there is no tile layer to lend it one, and the marker
    clusters need it. Without it, adding the clusters threw ("Map has no maxZoom specified") after
    they were drawn, before streamlit-folium recorded the layer, so it was never removed: the
    clusters stayed on the map under the next layer chosen.
    """
    m = folium.Map(location=SYRIA, zoom_start=6, tiles="OpenStreetMap" if online_tiles else None,
                   control_scale=True, prefer_canvas=True, maxZoom=MAX_ZOOM)
    m.default_js, m.default_css = js, css
    ZoomClass().add_to(m)
    for layer in layers:
        copy.copy(layer).add_to(m)  # leaf elements: a shallow copy has its own parent
    return m


def view_of(bounds: list[list[float]] | None, width: int = 620, height: int = 540) -> tuple[tuple[float, float], int]:
    """Centre and zoom that show ``bounds`` in a map of about ``width`` x ``height`` pixels."""
    if bounds is None:
        return SYRIA, 6
    (south, west), (north, east) = bounds
    lon_span = max(east - west, 0.05)
    y = [math.log(math.tan(math.pi / 4 + math.radians(max(min(v, 85), -85)) / 2)) for v in (south, north)]
    lat_span = max(y[1] - y[0], 0.001)
    zoom = min(math.log2(width * 360 / (256 * lon_span)), math.log2(height * 2 * math.pi / (256 * lat_span)))
    return ((south + north) / 2, (west + east) / 2), int(max(2, min(9, math.floor(zoom))))


def focus_bounds(places: pd.DataFrame) -> list[list[float]] | None:
    """Where most mentions are: countries and far-off places must not zoom the map out to the whole
    world, so the view spans the middle half of mentions below country level (by latitude and by
    longitude), plus ``FOCUS_PAD`` degrees around. The central 80% was too wide: in 31,000 Saudi
    articles a tenth of the local mentions are American and European cities, which put the view's
    centre in the Mediterranean and Riyadh off its edge."""
    local = places[~places["level"].isin(("country", "region"))]
    local = local if len(local) else places
    if local.empty:
        return None
    order = local.sort_values("lat")
    weights = order["mentions"].cumsum() / order["mentions"].sum()
    lat = (order["lat"][weights >= 0.25].iloc[0], order["lat"][weights >= 0.75].iloc[0])
    order = local.sort_values("lon")
    weights = order["mentions"].cumsum() / order["mentions"].sum()
    lon = (order["lon"][weights >= 0.25].iloc[0], order["lon"][weights >= 0.75].iloc[0])
    pad = FOCUS_PAD  # a corpus about one city still shows its neighbours
    return [[lat[0] - pad, lon[0] - pad], [lat[1] + pad, lon[1] + pad]]
