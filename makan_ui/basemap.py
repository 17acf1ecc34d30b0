"""The base map drawn beneath the places: countries, coastline, governorate and district outlines,
and labels, all offline.

Outlines come from ``geo.basemap`` (bundled with Makan) and, when the user gives ``--boundaries``,
from that file, whose governorates then replace the bundled ones. Each layer is written once per
server to ``static/basemap/`` under a name holding a hash of its content (a browser never keeps
a stale copy) and fetched by the map from this server, so the map's own script stays small and
the same across reruns.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from branca.element import MacroElement

from geo import basemap

from makan_ui.assets import STATIC
from makan_ui.map_layers import Labels, StaticGeoJson

BASEMAP_DIR = STATIC / "basemap"
STYLES = {
    "countries": ({"color": "#adb5bd", "weight": 1, "fillColor": "#f1efe9", "fillOpacity": 1}, 200),
    "coastline": ({"color": "#74a9cf", "weight": 1.2, "fill": False}, 210),
    "governorates": ({"color": "#6c757d", "weight": 1.2, "fill": False}, 230),
    "districts": ({"color": "#adb5bd", "weight": 0.6, "dashArray": "2 3", "fill": False}, 220),
}
CODE_KEYS = ("pcode", "ADM1_PCODE", "ADM2_PCODE", "admin1Pcode", "admin2Pcode")


@dataclass
class BaseLayers:
    """What the page needs from the base map: its layers, the outlines a choropleth fills, and
    governorate/district names by P-code (``"حمص · Homs"``)."""

    layers: list[MacroElement] = field(default_factory=list)
    outlines: dict[str, dict] = field(default_factory=dict)  # "governorate"/"district" -> GeoJSON with pcode
    names: dict[str, str] = field(default_factory=dict)
    attribution: str = ""


def with_pcode(geojson: dict) -> dict:
    """The features with their P-code copied to a ``pcode`` property, whatever the source calls it."""
    features = []
    for feature in geojson.get("features", []):
        props = feature.get("properties") or {}
        code = next((props[k] for k in CODE_KEYS if props.get(k)), None)
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": {"pcode": code}})
    return {"type": "FeatureCollection", "features": features}


def publish(name: str, geojson: dict, base_url: str, directory: Path = BASEMAP_DIR) -> str:
    """Write a layer to the static folder under a content-hashed name; returns its URL."""
    text = json.dumps(geojson, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}-{digest}.json"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return f"{base_url}/app/static/basemap/{path.name}"


def _bundled() -> tuple[dict[str, dict], list[tuple[float, float, tuple[str, ...], str]], dict[str, str], str]:
    """The layers, labels, names and attribution of ``geo.basemap`` (its dicts are shared: read only)."""
    bm = basemap.load_basemap()
    layers = {"countries": bm.countries, "coastline": bm.coastline, "governorates": bm.governorates,
              "districts": bm.districts}
    labels = [(label.lat, label.lon, tuple(n for n in (label.name_ar, label.name_en) if n), label.kind)  # Arabic above English
              for label in bm.labels]
    names = {code: " · ".join(n for n in pair if n) for code, pair in
             {**basemap.governorate_names(), **basemap.district_names()}.items()}
    return layers, labels, names, bm.attribution


def _from_boundaries(path: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """Governorate (and district) outlines simplified to about 1 km, and their names, from a user's file."""
    from geo.boundaries import load_boundaries

    found = load_boundaries(path)
    layers, names = {}, {}
    for key, frame in (("governorates", found.governorates), ("districts", found.districts)):
        if frame is None:
            continue
        light = frame[["pcode", "geometry"]].copy()
        light["geometry"] = light.geometry.simplify(0.01)
        layers[key] = json.loads(light.to_json())
        names.update({r.pcode: " · ".join(n for n in (r.name_ar, r.name_en) if n)
                      for r in frame.itertuples() if r.pcode})
    return layers, names


def base_layers(boundaries: Path | None, base_url: str = "") -> BaseLayers:
    """Every base-map layer, published to the static folder; labels on top of the outlines."""
    out = BaseLayers()
    geojson, labels, out.names, out.attribution = _bundled()
    if boundaries is not None:
        mine, names = _from_boundaries(boundaries)
        geojson.update(mine)
        out.names.update(names)
    for name, (style, z_index) in STYLES.items():
        data = geojson.get(name)
        if not data or not data.get("features"):
            continue
        url = publish(name, data, base_url)
        out.layers.append(StaticGeoJson(url, style, pane=f"makan-{name}", z_index=z_index))
        if name in ("governorates", "districts"):
            out.outlines[name.removesuffix("s")] = with_pcode(data)
    if labels:
        out.layers.append(Labels(labels))
    return out
