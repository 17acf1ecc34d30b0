"""The benchmark's floor: the same Streamlit + streamlit-folium stack drawing 10 markers, nothing else.

Run by ``scripts/bench_dashboard.py`` from a temporary folder whose ``static`` links to Makan's,
so this page loads Leaflet from the same server as the dashboard does.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from makan_ui.assets import leaflet_links

st.set_page_config(page_title="floor", layout="wide")
st.title("floor")
m = folium.Map(location=(35.0, 38.5), zoom_start=6, tiles=None)
m.default_js, m.default_css = leaflet_links()
for i in range(10):
    folium.CircleMarker((33.0 + i * 0.4, 36.0 + i * 0.3), radius=8, tooltip=f"place {i}").add_to(m)
st_folium(m, height=540, use_container_width=True, key="map")
