"""``GET /health`` of the hosted server: what a monitor polls, without login.

Starts the server the way ``python -m makan_ui.serve`` does (``streamlit run makan_ui/hosted_app.py
-- ARGS``) on a store that is missing, then damaged, then written: the route answers 503 until the
store opens and 200 after, never says where the store is or what it holds, and the dashboard's own
files (Leaflet) are still served beside it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import REPO, write_fixture_store
from tests.test_browser import _free_port, _wait_until_serving


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_health_route_follows_the_store_and_tells_nothing_of_it(tmp_path):
    db = tmp_path / "private-name.sqlite"
    port, log = _free_port(), tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "makan_ui/hosted_app.py", "--server.headless", "true",
             "--server.port", str(port), "--browser.gatherUsageStats", "false", "--", "--db", str(db)],
            cwd=REPO, env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}, stdout=out,
            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, server, log)
        status, body = _get(f"{url}/health")
        assert (status, json.loads(body)) == (503, {"status": "error", "store": "cannot be read"})
        assert not db.exists()  # the check never creates an empty store

        db.write_bytes(b"not a database at all" * 100)
        status, body = _get(f"{url}/health")
        assert status == 503 and "private-name" not in body

        db.unlink()
        write_fixture_store(db)
        status, body = _get(f"{url}/health")
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        assert not any(word in body for word in ("حمص", "Homs", "places", str(tmp_path)))

        status, leaflet = _get(f"{url}/app/static/vendor/leaflet.js")  # the page's own files beside the route
        assert status == 200 and "Leaflet" in leaflet[:2000]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "private-name.sqlite: no such store" in log.read_text()  # the reason, for whoever runs it
