"""Reading folders and files: encodings, metadata, tables, HTML, and clear errors."""

import json

import pytest

from extraction.readers import ReadError, html_to_text, read_documents

ARTICLE = "قصفت الطائرات مدينة حمص صباح اليوم."


def _docs(paths):
    items = list(read_documents(paths))
    return [i for i in items if not isinstance(i, ReadError)], [i for i in items if isinstance(i, ReadError)]


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1256", b""),
                                           ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_txt_encodings_detected(tmp_path, encoding, bom):
    (tmp_path / "a.txt").write_bytes(bom + ARTICLE.encode(encoding))
    docs, errors = _docs([tmp_path])
    assert not errors
    assert docs[0].text == ARTICLE


def test_metadata_csv_supplies_dates_and_sources(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,date,source,title\na.txt,2017-07,Test Desk,عنوان\n", encoding="utf-8")
    docs, _ = _docs([tmp_path])
    assert len(docs) == 1  # metadata.csv itself is not an article
    assert (docs[0].date, docs[0].source, docs[0].title) == ("2017-07", "Test Desk", "عنوان")


def test_jsonl_and_csv_rows_with_ids_or_row_numbers(tmp_path):
    rows = [{"id": "n1", "text": ARTICLE, "date": "2016-12-22", "source": "X"}, {"text": "خبر عن دمشق"}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    (tmp_path / "b.csv").write_text('text,title\n"خبر عن حلب، وإدلب",عنوان\n', encoding="utf-8")
    docs, errors = _docs([tmp_path])
    assert not errors
    assert [d.doc_id for d in docs] == ["n1", "a.jsonl:2", "b.csv:1"]
    assert docs[0].date == "2016-12-22" and docs[2].text == "خبر عن حلب، وإدلب"


def test_escaped_titles_of_scraped_exports_are_decoded_but_never_the_text(tmp_path):
    """SaudiNewsNet's titles hold ``&#8220;``, ``&quot;`` and ``&#39;``: the reader showed them as typed."""
    text = "قال &quot;المصدر&quot; إن حمص هادئة."
    rows = [{"id": "s1", "title": "توزيع &#8220;موسوعة&#8221; في &#39;سيناء&#39; &amp; &quot;حمص&quot;",
             "source": "Okaz &amp; Co", "url": "http://example.org/?a=1&amp;b=2", "text": text}]
    (tmp_path / "a.jsonl").write_text(json.dumps(rows[0], ensure_ascii=False), encoding="utf-8")
    docs, errors = _docs([tmp_path])
    assert not errors
    assert docs[0].title == "توزيع “موسوعة” في 'سيناء' & \"حمص\""
    assert (docs[0].source, docs[0].url) == ("Okaz & Co", "http://example.org/?a=1&b=2")
    assert docs[0].text == text  # mentions' offsets point into the text as the file holds it


def test_html_keeps_visible_text_only(tmp_path):
    page = ("<html><head><title>عنوان الخبر</title><style>p{}</style><script>var x='حلب';</script></head>"
            "<body><nav>الرئيسية أخبار</nav><article><p>قصف على <b>حمص</b> اليوم.</p></article>"
            "<footer>حقوق</footer></body></html>")
    text, title = html_to_text(page)
    assert text == "قصف على حمص اليوم."
    assert title == "عنوان الخبر"


def test_bad_files_are_named_and_others_still_read(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (tmp_path / "rows.jsonl").write_text('{"text": "خبر"}\nnot json\n{"id": "x"}\n', encoding="utf-8")
    (tmp_path / "table.csv").write_text("headline\nخبر\n", encoding="utf-8")
    docs, errors = _docs([tmp_path, tmp_path / "missing.txt"])
    assert [d.doc_id for d in docs] == ["good.txt", "rows.jsonl:1"]
    messages = sorted(str(e) for e in errors)
    assert any("binary.txt" in m and "binary" in m for m in messages)
    assert any("rows.jsonl:2" in m and "JSON" in m for m in messages)
    assert any("rows.jsonl:3" in m and "text" in m for m in messages)
    assert any("table.csv" in m and "'text' column" in m for m in messages)
    assert any("missing.txt" in m and "does not exist" in m for m in messages)
