"""The optional online fallback, wired into the pipeline: only names the gazetteer lacks are asked."""

from __future__ import annotations

from extraction.document import Document
from extraction.pipeline import Pipeline
from geo.online import OnlineGeocoder, OnlineSettings
from tests.helpers import small_gazetteer
from tests.test_online import nominatim  # noqa: F401  (the local Nominatim look-alike fixture)


def test_unknown_village_gets_online_coordinates_and_known_places_are_not_asked(nominatim, tmp_path):  # noqa: F811
    settings = OnlineSettings(enabled=True, scheme="http", domain=nominatim.domain, min_delay_seconds=0,
                              cache_path=tmp_path / "cache.json")
    pipeline = Pipeline(small_gazetteer(), online=OnlineGeocoder(settings))
    doc = pipeline.process(Document("t.txt", "قصفت الطائرات قرية الزعفرانة قرب حمص"))
    found = {m.text: m for m in doc.places}
    assert (found["الزعفرانة"].lat, found["الزعفرانة"].lon) == (34.9581, 36.8622)
    assert "online" in found["الزعفرانة"].why and found["الزعفرانة"].place_id is None
    assert [q["q"] for q in nominatim.queries] == ["الزعفرانة"]


def test_without_the_fallback_nothing_is_asked_and_the_name_stays_unplaced(nominatim):  # noqa: F811
    doc = Pipeline(small_gazetteer()).process(Document("t.txt", "قصفت الطائرات قرية الزعفرانة قرب حمص"))
    unplaced = [m for m in doc.places if m.text == "الزعفرانة"]
    assert unplaced and unplaced[0].lat is None
    assert nominatim.queries == []
