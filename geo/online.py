"""An optional online geocoder for names the gazetteer lacks: off by default, cached, rate limited.

Makan works offline; a user who allows it can look up the villages and neighbourhoods no
gazetteer lists. Public services ask for little: Nominatim's usage policy wants at most one
request a second, an identifying user agent and no repeated queries. So requests go through
geopy's ``RateLimiter``, and every answer, "not found" included, is kept in a JSON file in the
user's cache folder and never asked for again. Results are biased to Syria (``country_codes``)
and asked for in Arabic, the language of the articles.

A geocoder that is switched off, misconfigured or unreachable never raises into the pipeline:
it logs one warning saying why and then answers None for every name.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LANGUAGE = "ar"
_TRUE = {"1", "true", "yes", "on"}


def default_cache_path() -> Path:
    """$XDG_CACHE_HOME/makan/geocode-cache.json, else under ~/.cache."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "makan" / "geocode-cache.json"


@dataclass
class OnlineSettings:
    """Which service to ask and how politely; ``enabled`` is False unless the user opts in."""

    enabled: bool = False
    provider: str = "nominatim"  # any geopy service name: nominatim, photon, pelias...
    domain: str = "nominatim.openstreetmap.org"
    scheme: str = "https"
    user_agent: str = "makan-geoparser"
    min_delay_seconds: float = 1.0
    timeout: float = 5
    cache_path: Path | None = None  # None: default_cache_path()
    country_codes: str | None = "sy"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> OnlineSettings:
        """Settings from MAKAN_ONLINE, MAKAN_GEOCODER, MAKAN_GEOCODER_DOMAIN, MAKAN_GEOCODER_SCHEME,
        MAKAN_USER_AGENT, MAKAN_GEOCODER_MIN_DELAY, MAKAN_GEOCODER_TIMEOUT, MAKAN_GEOCODER_CACHE and
        MAKAN_GEOCODER_COUNTRIES (empty for no country bias); unset ones keep their defaults.

        Raises ValueError naming the variable when a number does not parse.
        """
        env = os.environ if environ is None else environ
        settings = cls(enabled=env.get("MAKAN_ONLINE", "").strip().lower() in _TRUE)
        for variable, attribute in (("MAKAN_GEOCODER", "provider"), ("MAKAN_GEOCODER_DOMAIN", "domain"),
                                    ("MAKAN_GEOCODER_SCHEME", "scheme"), ("MAKAN_USER_AGENT", "user_agent")):
            if env.get(variable):
                setattr(settings, attribute, env[variable])
        for variable, attribute in (("MAKAN_GEOCODER_MIN_DELAY", "min_delay_seconds"),
                                    ("MAKAN_GEOCODER_TIMEOUT", "timeout")):
            if env.get(variable):
                try:
                    setattr(settings, attribute, float(env[variable]))
                except ValueError as exc:
                    raise ValueError(f"{variable}={env[variable]!r} is not a number of seconds") from exc
        if env.get("MAKAN_GEOCODER_CACHE"):
            settings.cache_path = Path(env["MAKAN_GEOCODER_CACHE"])
        if "MAKAN_GEOCODER_COUNTRIES" in env:
            settings.country_codes = env["MAKAN_GEOCODER_COUNTRIES"] or None
        return settings


@dataclass(frozen=True)
class GeocodeResult:
    """What the service answered for a name; class/type let a caller tell a city from a shop."""

    lat: float
    lon: float
    display_name: str
    provider: str
    place_class: str | None = None  # OSM class, e.g. "place", "boundary"
    place_type: str | None = None  # OSM type, e.g. "village", "administrative"


class OnlineGeocoder:
    """Looks names up through geopy; cheap to construct, connects only on the first uncached lookup."""

    def __init__(self, settings: OnlineSettings) -> None:
        self.settings = settings
        self.cache_path = settings.cache_path or default_cache_path()
        self._cache: dict[str, dict[str, Any] | None] | None = None
        self._lookup: Callable[..., Any] | None = None
        self._query_options: dict[str, Any] = {}
        self._stopped = False
        self._warned: set[str] = set()

    def _warn_once(self, kind: str, message: str, *args: object) -> None:
        if kind not in self._warned:
            self._warned.add(kind)
            log.warning(message, *args)

    def _stop(self, message: str, *args: object) -> None:
        """Answer None from now on; say why once."""
        self._stopped = True
        self._warn_once("stopped", message, *args)

    def _key(self, query: str) -> str:
        s = self.settings
        return "\t".join([s.provider, s.domain, s.country_codes or "", LANGUAGE, query])

    def _load_cache(self) -> dict[str, dict[str, Any] | None]:
        if self._cache is None:
            self._cache = {}
            if self.cache_path.is_file():
                try:
                    loaded = json.loads(self.cache_path.read_text(encoding="utf-8"))
                    self._cache = loaded if isinstance(loaded, dict) else {}
                except (OSError, ValueError) as exc:
                    self._warn_once("cache", "Geocoder cache %s unreadable (%s); starting a new one",
                                    self.cache_path, exc)
        return self._cache

    def _save_cache(self) -> None:
        """Rewrite the cache file whole, via a temporary file, so a crash never leaves half a file."""
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            fd, partial = tempfile.mkstemp(dir=self.cache_path.parent, prefix=".geocode-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(self._cache, out, ensure_ascii=False, indent=0)
            os.replace(partial, self.cache_path)
        except OSError as exc:
            self._warn_once("cache-write", "Geocoder cache %s not written (%s); lookups will be repeated",
                            self.cache_path, exc)

    def _connect(self) -> Callable[..., Any] | None:
        """The rate-limited geocode function, built once; None (after one warning) if the service is unusable."""
        if self._lookup is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import get_geocoder_for_service

            s = self.settings
            try:
                geocoder = get_geocoder_for_service(s.provider)(
                    domain=s.domain, scheme=s.scheme, user_agent=s.user_agent, timeout=s.timeout)
                accepted = inspect.signature(geocoder.geocode).parameters
                wanted = {"exactly_one": True, "language": LANGUAGE, "country_codes": s.country_codes}
                self._query_options = {k: v for k, v in wanted.items() if k in accepted and v is not None}
                # No retries: a failure stops lookups (see geocode), so the error wait never applies.
                self._lookup = RateLimiter(geocoder.geocode, min_delay_seconds=s.min_delay_seconds, max_retries=0,
                                           error_wait_seconds=max(s.min_delay_seconds, 0.0),
                                           swallow_exceptions=False)
            except Exception as exc:  # unknown provider, one needing an API key, bad delay: say so, carry on
                self._stop("Online geocoder %r unusable (%s); continuing with the gazetteer only", s.provider, exc)
                return None
        return self._lookup

    def geocode(self, name: str) -> GeocodeResult | None:
        """The service's best match for ``name``, from the cache when asked before; None when not found,
        disabled or unreachable (never an exception)."""
        query = " ".join(name.split())
        if not query or self._stopped:
            return None
        if not self.settings.enabled:
            self._stop("Online geocoding is off: names missing from the gazetteer stay unplaced "
                       "(set MAKAN_ONLINE=1 to look them up)")
            return None
        cache = self._load_cache()
        key = self._key(query)
        if key in cache:
            cached = cache[key]
            return GeocodeResult(**cached) if cached else None
        lookup = self._connect()
        if lookup is None:
            return None
        try:
            location = lookup(query, **self._query_options)
        except Exception as exc:  # geopy and its HTTP adapters raise many types; none may reach the pipeline
            self._stop("Online geocoder at %s://%s failed (%s); continuing with the gazetteer only",
                       self.settings.scheme, self.settings.domain, exc)
            return None
        result = None
        if location is not None:
            raw = location.raw if isinstance(location.raw, dict) else {}
            result = GeocodeResult(lat=float(location.latitude), lon=float(location.longitude),
                                   display_name=str(location.address or query), provider=self.settings.provider,
                                   place_class=raw.get("class"), place_type=raw.get("type"))
        cache[key] = asdict(result) if result else None
        self._save_cache()
        return result
