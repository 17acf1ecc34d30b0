"""The bundled demo corpus is what a new user runs first, so it must stay complete and well formed.

Read with the standard library only, so a broken reader cannot hide a broken corpus (or the reverse).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})_[a-z0-9_]+\.txt$")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")

# Places the demo is meant to show on the map: cities, multiword names and a governorate's countryside.
PLACES = [
    "درعا", "حماة", "حمص", "دمشق", "حلب", "الرقة", "إدلب", "تدمر", "دير الزور", "الغوطة الشرقية",
    "جسر الشغور", "خان شيخون", "منبج", "عفرين", "داريا", "مضايا", "القصير", "البوكمال", "الباغوز",
    "رأس العين", "سراقب", "كوباني", "تل أبيض", "ريف حلب الشمالي",
]


def _briefs() -> list[Path]:
    return sorted(DEMO.glob("*.txt"))


def _metadata() -> dict[str, dict[str, str]]:
    with (DEMO / "metadata.csv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _parse_iso(value: str) -> date:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD (reduced precision is allowed) and reject impossible dates."""
    assert ISO_DATE.match(value), f"not an ISO date: {value!r}"
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _corpus_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in _briefs())


def test_there_are_enough_briefs() -> None:
    assert len(_briefs()) >= 20


def test_metadata_lists_exactly_the_briefs() -> None:
    assert set(_metadata()) == {p.name for p in _briefs()}


def test_metadata_columns_match_what_the_reader_expects() -> None:
    with (DEMO / "metadata.csv").open(encoding="utf-8", newline="") as handle:
        assert csv.DictReader(handle).fieldnames == ["file", "date", "source", "title", "url"]


@pytest.mark.parametrize("name", [p.name for p in _briefs()])
def test_metadata_date_is_iso_and_agrees_with_file_name(name: str) -> None:
    row = _metadata()[name]
    _parse_iso(row["date"])
    match = FILE_NAME.match(name)
    assert match, f"file name should be YYYY-MM-DD_slug.txt: {name}"
    _parse_iso(match.group(1))
    assert match.group(1).startswith(row["date"]), f"{name}: metadata date {row['date']} disagrees with name"


def test_dates_span_at_least_three_years() -> None:
    years = {_parse_iso(row["date"]).year for row in _metadata().values()}
    assert len(years) >= 3, years


def test_some_dates_use_reduced_precision() -> None:
    assert any(len(row["date"]) < 10 for row in _metadata().values())


def test_urls_are_fake_and_carry_the_date() -> None:
    rows = [row for row in _metadata().values() if row["url"]]
    assert rows, "a few briefs should have a URL to exercise that column"
    for row in rows:
        assert row["url"].startswith("https://example.org/news/"), row["url"]
        assert row["date"].replace("-", "/") in row["url"], row["url"]


@pytest.mark.parametrize("name", [p.name for p in _briefs()])
def test_brief_is_utf8_arabic_with_headline_and_body(name: str) -> None:
    raw = (DEMO / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM: offsets must start at the first letter"
    text = raw.decode("utf-8")  # strict: raises on invalid UTF-8
    letters = [c for c in text if unicodedata.category(c).startswith("L")]
    arabic = sum(1 for c in letters if ARABIC_LETTER.match(c))
    assert arabic / len(letters) > 0.9, f"{name} is not mostly Arabic"
    headline, blank, *body = text.split("\n")
    assert headline.strip() and blank == "" and body, f"{name}: expected headline, blank line, body"
    assert _metadata()[name]["title"] == headline
    words = len(" ".join(body).split())
    assert 60 <= words <= 180, f"{name}: body has {words} words"


@pytest.mark.parametrize("place", PLACES)
def test_place_appears_in_corpus(place: str) -> None:
    assert place in _corpus_text()


def test_corpus_covers_at_least_twelve_places() -> None:
    text = _corpus_text()
    assert len({p for p in PLACES if p in text}) >= 12
