"""The online geocoder against a local Nominatim look-alike: answers, on-disk cache, rate limit, failures."""

from __future__ import annotations

import http.server
import json
import logging
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from geopy.extra.rate_limiter import RateLimiter

from geo.online import GeocodeResult, OnlineGeocoder, OnlineSettings

# What Nominatim's /search?format=json answers, trimmed to the fields geopy reads.
ANSWERS = {
    "الزعفرانة": [{"place_id": 1, "lat": "34.9581", "lon": "36.8622", "display_name": "الزعفرانة، حمص، سوريا",
                    "class": "place", "type": "village", "importance": 0.3}],
}


class _Nominatim:
    """A Nominatim stand-in on 127.0.0.1 (random free port) that records every query it gets."""

    def __init__(self) -> None:
        self.queries: list[dict[str, str]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                url = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(url.query))
                server.queries.append(params)
                body = json.dumps(ANSWERS.get(params.get("q", ""), []) if url.path == "/search" else {})
                self.send_response(200 if url.path == "/search" else 404)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.end_headers()
                self.wfile.write(body.encode("utf-8"))

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.domain = f"127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def nominatim() -> Iterator[_Nominatim]:
    server = _Nominatim()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The rate limiter's clock and sleep, faked: sleeping advances the clock and is recorded, never waited."""
    slept: list[float] = []
    now = [0.0]

    def sleep(_self: RateLimiter, seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(RateLimiter, "_clock", lambda _self: now[0])
    monkeypatch.setattr(RateLimiter, "_sleep", sleep)
    return slept


def _settings(domain: str, tmp_path: Path, **changes: object) -> OnlineSettings:
    options: dict[str, object] = {"enabled": True, "scheme": "http", "domain": domain,
                                  "cache_path": tmp_path / "cache" / "geocode.json", "min_delay_seconds": 60}
    options.update(changes)
    return OnlineSettings(**options)  # type: ignore[arg-type]


def _ours(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The messages Makan's geocoder logged."""
    return [r.getMessage() for r in caplog.records if r.name == "geo.online"]


def test_a_name_is_found_in_arabic_biased_to_syria(nominatim: _Nominatim, tmp_path: Path,
                                                   fake_time: list[float]) -> None:
    result = OnlineGeocoder(_settings(nominatim.domain, tmp_path)).geocode("الزعفرانة")
    assert result == GeocodeResult(lat=34.9581, lon=36.8622, display_name="الزعفرانة، حمص، سوريا",
                                   provider="nominatim", place_class="place", place_type="village")
    (query,) = nominatim.queries
    assert query["q"] == "الزعفرانة" and query["format"] == "json"
    assert query["countrycodes"] == "sy" and query["accept-language"] == "ar"


def test_repeated_names_come_from_the_disk_cache_found_or_not(nominatim: _Nominatim, tmp_path: Path,
                                                              fake_time: list[float]) -> None:
    geocoder = OnlineGeocoder(_settings(nominatim.domain, tmp_path))
    first = geocoder.geocode("الزعفرانة")
    assert geocoder.geocode("مكان لا يعرفه أحد") is None
    assert len(nominatim.queries) == 2
    assert geocoder.geocode(" الزعفرانة ") == first
    assert geocoder.geocode("مكان لا يعرفه أحد") is None
    later_run = OnlineGeocoder(_settings(nominatim.domain, tmp_path))  # a new process, same cache file
    assert later_run.geocode("الزعفرانة") == first
    assert later_run.geocode("مكان لا يعرفه أحد") is None
    assert len(nominatim.queries) == 2


def test_requests_are_spaced_by_the_rate_limiter(nominatim: _Nominatim, tmp_path: Path,
                                                 fake_time: list[float]) -> None:
    geocoder = OnlineGeocoder(_settings(nominatim.domain, tmp_path, min_delay_seconds=60))
    geocoder.geocode("الزعفرانة")
    assert fake_time == []
    geocoder.geocode("تلدو")
    assert fake_time == [60]
    geocoder.geocode("تلدو")  # cached: no request, so no wait
    assert fake_time == [60]


def test_disabled_does_nothing_and_says_so_once(nominatim: _Nominatim, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    geocoder = OnlineGeocoder(_settings(nominatim.domain, tmp_path, enabled=False))
    with caplog.at_level(logging.WARNING, logger="geo.online"):
        assert geocoder.geocode("الزعفرانة") is None
        assert geocoder.geocode("تلدو") is None
    assert nominatim.queries == []
    (warning,) = _ours(caplog)
    assert "MAKAN_ONLINE" in warning
    assert not (tmp_path / "cache").exists()


def test_an_unreachable_server_gives_none_and_one_warning(tmp_path: Path, fake_time: list[float],
                                                          caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as probe:  # a port nobody listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    geocoder = OnlineGeocoder(_settings(f"127.0.0.1:{port}", tmp_path))
    with caplog.at_level(logging.WARNING, logger="geo.online"):
        assert geocoder.geocode("الزعفرانة") is None
        assert geocoder.geocode("تلدو") is None
    (warning,) = _ours(caplog)  # requests' own retry messages may come before it
    assert f"127.0.0.1:{port}" in warning
    assert not (tmp_path / "cache" / "geocode.json").exists()  # a failure is not a "not found"


def test_an_unknown_provider_gives_none_and_one_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    geocoder = OnlineGeocoder(_settings("127.0.0.1:9", tmp_path, provider="no-such-service"))
    with caplog.at_level(logging.WARNING, logger="geo.online"):
        assert geocoder.geocode("الزعفرانة") is None
        assert geocoder.geocode("تلدو") is None
    (warning,) = _ours(caplog)
    assert "no-such-service" in warning


def test_a_corrupt_cache_file_is_replaced_not_fatal(nominatim: _Nominatim, tmp_path: Path,
                                                    fake_time: list[float]) -> None:
    settings = _settings(nominatim.domain, tmp_path)
    settings.cache_path.parent.mkdir(parents=True)
    settings.cache_path.write_text("{not json", encoding="utf-8")
    assert OnlineGeocoder(settings).geocode("الزعفرانة") is not None
    assert OnlineGeocoder(settings).geocode("الزعفرانة") is not None
    assert len(nominatim.queries) == 1


def test_settings_come_from_the_environment() -> None:
    settings = OnlineSettings.from_env({
        "MAKAN_ONLINE": "1", "MAKAN_GEOCODER_DOMAIN": "geo.example.org", "MAKAN_USER_AGENT": "newsroom-map",
        "MAKAN_GEOCODER_MIN_DELAY": "2.5", "MAKAN_GEOCODER_COUNTRIES": "", "MAKAN_GEOCODER_CACHE": "/tmp/g.json"})
    assert settings.enabled and settings.domain == "geo.example.org" and settings.user_agent == "newsroom-map"
    assert settings.min_delay_seconds == 2.5 and settings.country_codes is None
    assert settings.cache_path == Path("/tmp/g.json")
    defaults = OnlineSettings.from_env({})
    assert not defaults.enabled and defaults.provider == "nominatim" and defaults.country_codes == "sy"
    with pytest.raises(ValueError, match="MAKAN_GEOCODER_TIMEOUT"):
        OnlineSettings.from_env({"MAKAN_GEOCODER_TIMEOUT": "soon"})
