"""The interface in Arabic and English: complete tables, no hard-coded interface string, Babel formats.

The scan below reads dashboard.py and makan_ui/ as Python syntax: any string literal (or f-string
with literal words) handed to a Streamlit call as its label, text, help or spinner, or to a chart's
title, fails it. ``st.button("Save")`` must be ``st.button(t("save"))`` with "save" in both tables.
"""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from makan_ui import i18n
from tests.conftest import REPO

SOURCES = [REPO / "dashboard.py", *sorted((REPO / "makan_ui").glob("*.py"))]
# Streamlit calls whose first argument (or these keywords) is text a user reads.
TEXT_CALLS = {"title", "header", "subheader", "caption", "markdown", "write", "text", "button", "download_button",
              "link_button", "form_submit_button", "radio", "selectbox", "multiselect", "slider", "select_slider",
              "checkbox", "toggle", "text_input", "text_area", "number_input", "date_input", "time_input",
              "file_uploader", "color_picker", "segmented_control", "pills", "feedback", "expander", "popover",
              "progress", "spinner", "error", "warning", "info", "success", "toast", "metric", "tabs",
              "set_page_config", "status", "dialog", "chat_input", "camera_input", "audio_input"}
TEXT_KEYWORDS = {"label", "help", "placeholder", "text", "body", "page_title", "caption", "value_label"}
ANY_CALL_KEYWORDS = {"show_spinner", "title"}  # a cache's spinner, a chart's axis, legend or tooltip title
WORD = re.compile(r"[A-Za-z\u0600-\u06ff]{2,}")
LOGGERS = {"LOG", "logger", "log", "logging"}  # LOG.error("..."): the server's log, read by whoever runs it


def _words(node: ast.AST) -> bool:
    """Whether a literal (a string, an f-string's fixed parts, a list of them) holds a word."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORD.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_words(item) for item in node.elts)
    return False


def hard_coded(source: str) -> list[tuple[int, str]]:
    """(line, call) of every interface string written in the code instead of taken from the tables."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        if (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                and node.func.value.id in LOGGERS):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        texts = [kw.value for kw in node.keywords
                 if kw.arg in ANY_CALL_KEYWORDS or (name in TEXT_CALLS and kw.arg in TEXT_KEYWORDS)]
        if name in TEXT_CALLS and node.args:
            texts.append(node.args[0])
        if any(_words(text) for text in texts):
            found.append((node.lineno, ast.unparse(node)[:80]))
    return found


def test_the_scan_catches_a_hard_coded_label():
    assert hard_coded('st.button("Save")') and hard_coded('st.sidebar.caption(f"{n} places")')
    assert hard_coded('left.download_button("Export CSV", data)') and hard_coded('x = alt.X("a:T", title="from")')
    assert hard_coded('@st.cache_resource(show_spinner="Drawing…")\ndef f(): pass')
    assert not hard_coded('st.button(t("save"), key="save")') and not hard_coded('st.caption(f"{a} · {b}")')
    assert not hard_coded('LOG.error("health: %s", problem)') and hard_coded('st.error("health failed")')


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_interface_string_outside_the_tables(path):
    assert hard_coded(path.read_text(encoding="utf-8")) == []


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_arabic_table_has_every_key_with_the_same_fields():
    en, ar = i18n.STRINGS["en"], i18n.STRINGS["ar"]
    assert set(ar) == set(en)
    for key, text in ar.items():  # a singular may spell its one out ("إشارة واحدة") instead of a count
        assert _fields(text) == _fields(en[key]) or (key.endswith(".one") and _fields(text) <= _fields(en[key])), key
        words = re.sub(r"\{[^}]*\}", " ", text)
        assert re.search(r"[\u0600-\u06ff]", words) or not WORD.search(words), f"{key} is not in Arabic: {text}"


def test_every_key_the_code_asks_for_exists():
    keys, prefixes = set(), set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("t", "plural") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant):
                    keys.add(arg.value + (".one" if node.func.id == "plural" else ""))
                elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                    prefixes.add(arg.values[0].value)
    assert keys and keys <= set(i18n.STRINGS["en"]), keys - set(i18n.STRINGS["en"])
    assert all(any(k.startswith(p) for k in i18n.STRINGS["en"]) for p in prefixes), prefixes


@pytest.mark.parametrize("header, expected", [
    ("ar-SY,ar;q=0.9,en;q=0.8", "ar"), ("en-US,en;q=0.9,ar;q=0.8", "en"), ("fr-FR,ar;q=0.5", "ar"),
    ("en;q=0.2,ar;q=0.7", "ar"), ("ar_SA", "ar"), ("", "en"), (None, "en"), ("de, fr;q=bad", "en")])
def test_browser_language_picks_the_first_we_speak(header, expected):
    assert i18n.preferred(header) == expected


def test_numbers_and_dates_follow_the_language():
    i18n.set_language("ar")
    try:
        assert i18n.day(date(2015, 7, 12)) == "12 يوليو 2015"
        assert i18n.t("summary", places=i18n.number(3), mentions=i18n.number(1234)).startswith("الأماكن: 3")
        assert i18n.plural("map.area_mentions", 1) == "إشارة واحدة" and i18n.is_rtl()
    finally:
        i18n.set_language("en")
    assert i18n.day(date(2015, 7, 12)) == "Jul 12, 2015" and i18n.number(1234) == "1,234" and not i18n.is_rtl()
    assert i18n.plural("map.area_mentions", 2) == "2 mentions"


def test_an_iso_date_among_arabic_words_comes_after_a_left_to_right_mark():
    """After an Arabic letter the bidi rules read a date's digits as Arabic numbers, which hyphens do
    not join: "وجده الاستخراج: 2020-02-06" was drawn 06-02-2020 until a mark came before the date,
    and so was a date after an article's Arabic title in the English interface."""
    i18n.set_language("ar")
    try:
        found = i18n.t("dates.found", date="2020-02-06", source="metadata")
        assert found == "وجده الاستخراج: \u200e2020-02-06 (metadata)"
        line = i18n.t("corr.undone", user="a@example.org", at="2026-12-03T16:50:02+00:00")
        assert "\u200e2026-12-03T16:50:02+00:00" in line and "\u200ea@example.org" not in line
        assert "\u200e" not in i18n.t("reader.more", count="12")  # a number is no date
    finally:
        i18n.set_language("en")
    # in English too: after an article's Arabic title the date was drawn (17-11-2015)
    assert i18n.t("dates.document_label", title="قصف حمص", date="2015-11-17") == "قصف حمص (\u200e2015-11-17)"


def _labels(at: AppTest) -> list[str]:
    """Every label, heading, caption and button text of the page."""
    out = [e.value for kind in ("title", "header", "subheader", "caption") for e in at.get(kind)]
    out += [e.label for kind in ("radio", "selectbox", "multiselect", "slider", "checkbox", "toggle", "button",
                                 "expander", "text_input") for e in at.get(kind)]
    return out


def test_the_page_in_arabic_has_no_english_label(monkeypatch, corpus_db):
    monkeypatch.setenv("MAKAN_DB", str(corpus_db))
    monkeypatch.delenv("MAKAN_CORPUS", raising=False)
    monkeypatch.delenv("MAKAN_BOUNDARIES", raising=False)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "ar"
    at.run()
    assert not at.exception
    attribution = {c.value for c in at.caption if "OCHA" in c.value}  # the data's licence, quoted as given
    labels = [text for text in _labels(at) if text not in attribution]
    assert len(labels) > 15
    english = [text for text in labels if not re.search(r"[\u0600-\u06ff]", text)
               or re.search(r"\b(the|of|and|or|in|mentions?|places?|date|dates)\b", text)]
    assert english == []
    assert at.multiselect(key="senses").format_func("literal") == "حرفي"
    assert at.radio(key="map_view").format_func("clusters") == "تجمّعات"


def test_the_timeline_chart_speaks_the_language():
    from makan_ui.timeline import bins, bulk_extent, chart

    counts = pd.DataFrame({"date": ["2017-07-22", "2017-07-23", "2017-07"], "mentions": [3, 2, 1]})
    extent = bulk_extent(counts)
    i18n.set_language("ar")
    try:
        spec = str(chart(bins(counts, extent, "day"), extent, "day").to_dict())
    finally:
        i18n.set_language("en")
    assert "الإشارات في كل يوم" in spec and "مؤرّخة داخل العمود" in spec and "الشهر فقط" in spec
    assert "'format': '%Y-%m-%d'" in spec and "dated within the bar" not in spec
