"""Correcting places in the dashboard (Streamlit AppTest): from the reader's mention to the map, and Undo."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from geo.store import Store
from tests.test_dashboard import _app, _marker_rows


def _homs_in_reader(at: AppTest) -> AppTest:
    at.selectbox(key="place").set_value("sy_homs")
    at.toggle(key="corr_open").set_value(True)
    return at.toggle(key="corr_history").set_value(True).run()


def test_moving_every_homs_to_hama_redraws_the_map_and_undo_restores_it(monkeypatch, corpus_db):
    at = _homs_in_reader(_app(monkeypatch, corpus_db))
    assert not at.exception
    assert any("حمص" in label for label in at.selectbox(key="corr_mention").options)
    at.radio(key="corr_action").set_value("move").run()
    at.text_input(key="corr_query").input("حماه").run()
    candidates = at.selectbox(key="corr_place").options
    assert candidates[0].startswith("حماة · Hama")  # folded Arabic finds حماة; nearest to Homs first
    at.selectbox(key="corr_place").set_value("sy_hama")
    at.radio(key="corr_scope").set_value("corpus").run()
    assert "every «حمص» in the corpus" in at.radio(key="corr_scope").options
    at.button(key="corr_apply").click().run()
    assert not at.exception
    tooltips = " ".join(row[4] for row in _marker_rows(at))
    assert "حماة · Hama (4)" in tooltips and "Homs" not in tooltips
    with Store(corpus_db) as store:
        row = store.place_corrections().iloc[0]
    assert (row["scope"], row["surface"], row["place_id"]) == ("corpus", "حمص", "sy_hama")
    assert row["editor"].startswith("local")
    assert any("«حمص» moved to حماة · Hama (in the whole corpus) by local" in t.value for t in at.text)
    at.button(key=f"corr_undo:{row['id']}").click().run()
    tooltips = " ".join(row[4] for row in _marker_rows(at))
    assert "Homs (4)" in tooltips and "Hama" not in tooltips
    assert any("undone by local" in t.value for t in at.text)


def test_not_a_place_for_one_mention_leaves_the_others(monkeypatch, corpus_db):
    at = _homs_in_reader(_app(monkeypatch, corpus_db))
    at.radio(key="corr_action").set_value("not_place").run()
    at.radio(key="corr_scope").set_value("mention").run()
    at.button(key="corr_apply").click().run()
    assert not at.exception
    assert "Homs (3)" in " ".join(row[4] for row in _marker_rows(at))


def test_the_first_of_two_same_mentions_in_an_article_is_the_one_corrected(monkeypatch, tmp_path):
    """Both mentions read «حمص» in the same article: the browser sends the choice back as its label,
    so each needs its own, or the correction lands on the other one."""
    from tests.conftest import make_processed

    text = "قصفت الطائرات حمص. وعاد الهدوء إلى حمص مساء."
    db = tmp_path / "twice.sqlite"
    with Store(db) as store:
        store.write(make_processed("twice.txt", "حمص مرتين", "2017-05-01", "Desk A", None, text,
                                   [("حمص", "sy_homs", "literal", None), ("حمص", "sy_homs", "literal", None)], []),
                    content_hash="hash-twice")
    at = _homs_in_reader(_app(monkeypatch, db))
    chooser = at.selectbox(key="corr_mention")
    first = (("twice.txt", text.index("حمص"), text.index("حمص") + 3))
    assert len(set(chooser.options)) == 2, chooser.options  # two labels, one per mention
    chooser.set_value(first)
    at.radio(key="corr_action").set_value("not_place").run()
    at.radio(key="corr_scope").set_value("mention").run()
    at.button(key="corr_apply").click().run()
    assert not at.exception
    with Store(db) as store:
        row = store.place_corrections().iloc[0]
    assert (row["doc_id"], row["start"], row["end"]) == first
