"""The dashboard's parts: assets, map layers, timeline, reader, filters and processing.

``dashboard.py`` is the page and composes them. These modules are the only ones (with the page)
that import Streamlit or folium; they read the store only through ``geo.store`` and never parse text.
"""
