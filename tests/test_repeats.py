"""A passage that ran word for word in several articles is read once, with where else it ran."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from makan_ui.htmltext import repeats_html
from makan_ui.repeats import fold_repeats
from tests.test_cli import run_cli

WIRE = "قصفت الطائرات مدينة حمص صباح اليوم وأفاد سكان بسقوط قتلى."


def _row(doc_id: str, passage: str, **fields: object) -> dict:
    return {"doc_id": doc_id, "passage": passage, "date": "2017-01-02", "source": "Desk", "url": None,
            "title": doc_id, **fields}


def test_copies_fold_under_the_first_in_order_white_space_aside():
    rows = [_row("a", WIRE), _row("b", "خبر آخر عن حلب."), _row("c", WIRE.replace(" ", "  ") + "\n"), _row("d", WIRE)]
    folded = fold_repeats(rows)
    assert [(row["doc_id"], [r["doc_id"] for r in repeats]) for row, repeats in folded] == [
        ("a", ["c", "d"]), ("b", [])]


def test_where_else_it_ran_is_escaped_and_links_only_to_web_pages():
    line = repeats_html([_row("x", WIRE, source="<script>alert(1)</script>", url="javascript:alert(1)",
                              title="<img src=x onerror=alert(2)>"),
                         _row("y", WIRE, source="Desk B", url="https://example.org/y")])
    assert "<script>" not in line and "<img" not in line and "javascript:" not in line
    assert "&lt;script&gt;" in line and "&lt;img src=x onerror=alert(2)&gt;" in line
    assert 'href="https://example.org/y"' in line and "the same words in 2 other articles:" in line


def _reader(db: str) -> None:
    from geo.store import Filters, Store
    from makan_ui.reader import draw_reader

    def page(place, filters, key):
        with Store(db) as store:
            return store.passage_page(place, filters, key)

    def count(place):
        with Store(db) as store:
            return store.passage_count(place, Filters())

    draw_reader({"sy_homs": "حمص · Homs (4)"}, Filters(), page, count)


def test_the_reader_shows_a_wire_story_once_and_names_the_outlets_that_ran_it(tmp_path: Path):
    articles = [("w1", "2017-01-03", "Outlet A", WIRE), ("w2", "2017-01-02", "Outlet B", WIRE),
                ("w3", "2017-01-02", "Outlet C", "  ".join(WIRE.split(" "))),
                ("own", "2017-01-01", "Outlet A", "زار الوفد حمص واجتمع بالمحافظ.")]
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "title": f"خبر {i}", "date": d, "source": s, "text": text,
                                          "url": f"https://example.org/{i}"}, ensure_ascii=False) + "\n"
                              for i, d, s, text in articles), encoding="utf-8")
    db = tmp_path / "store.sqlite"
    assert run_cli(str(corpus), "--db", str(db)).returncode == 0
    at = AppTest.from_function(_reader, args=(str(db),)).run()
    assert not at.exception
    caption = " ".join(c.value for c in at.caption)
    assert "4 of 4 passages" in caption and "2 passages repeat others word for word" in caption
    html = at.get("html")[0].proto.body
    assert html.count("<mark>حمص</mark>") == 2  # the newest copy (w1) and the other article
    assert html.index("خبر w1") < html.index("the same words in 2 other articles:") < html.index("خبر own")
    assert "Outlet B" in html and "Outlet C" in html and 'href="https://example.org/w3" target="_blank" rel="noopener noreferrer">خبر w3</a>' in html
