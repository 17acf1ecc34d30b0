"""Leaflet, jQuery and MarkerCluster served by Streamlit itself, so the map draws with no internet.

folium's elements name CDN URLs. folium-offline ships the same files inside its Python code and
inlines them when a map of its own is rendered; we render such a map through its public API once,
cut the inlined files out by their licence headers and write them to ``static/vendor/``, which
Streamlit serves at ``/app/static/vendor/...`` (``[server] enableStaticServing = true``). The map's
iframe then loads them from this server: no request leaves 127.0.0.1, and a folium-offline
release that reorganises its internals changes nothing here as long as it still renders a map.
"""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"
VENDOR = STATIC / "vendor"
URL = "app/static/vendor"  # under the server's base path; the map's iframe comes from the same server

# file name -> a phrase found near the top of that file and nowhere else in a rendered map
ASSETS = {
    "leaflet.js": "a JS library for interactive maps",
    "jquery.js": "jQuery v3",
    "leaflet.markercluster.js": "Leaflet.markercluster",
    "leaflet.css": ".leaflet-pane",
    "MarkerCluster.css": ".leaflet-cluster-anim",
    "MarkerCluster.Default.css": ".marker-cluster-small",
}
JS = ("jquery.js", "leaflet.js", "leaflet.markercluster.js")  # load order: branca's popups need jQuery
CSS = ("leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css")


def derive_assets(dest: Path = VENDOR) -> list[Path]:
    """Write the files to ``dest`` from a folium-offline map rendered with a marker cluster.

    Raises RuntimeError naming any file it could not find, so setup fails loudly instead of the
    map drawing blank later.
    """
    import offlinefolium
    from offlinefolium import plugins

    m = offlinefolium.Map(tiles=None)
    plugins.MarkerCluster().add_to(m)
    blocks = [body for _, body in re.findall(r"<(script|style)>(.*?)</\1>", m.get_root().render(), flags=re.S)]
    dest.mkdir(parents=True, exist_ok=True)
    written, missing = [], []
    for name, phrase in ASSETS.items():
        body = next((b for b in blocks if phrase in b[:400]), None)
        if body is None:
            missing.append(name)
            continue
        (dest / name).write_text(body.strip() + "\n", encoding="utf-8")
        written.append(dest / name)
    if missing:
        raise RuntimeError(f"folium-offline {offlinefolium.__version__} no longer renders {', '.join(missing)}")
    return written


def ensure_assets(dest: Path = VENDOR) -> None:
    """Derive the files once if any is missing (setup normally does it)."""
    if not all((dest / name).is_file() for name in ASSETS):
        derive_assets(dest)


def leaflet_links(base_path: str = "") -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, URL) lists for a folium map's ``default_js``/``default_css``: our served copies,
    absolute on this server (``base_path`` is Streamlit's ``server.baseUrlPath``)."""
    prefix = "/" + "/".join(p for p in (base_path.strip("/"), URL) if p)
    return ([(name, f"{prefix}/{name}") for name in JS], [(name, f"{prefix}/{name}") for name in CSS])


if __name__ == "__main__":
    for path in derive_assets():
        print(path)
