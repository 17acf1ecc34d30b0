"""Reading real corpora as shipped: JSON arrays, zip archives (hostile ones too), field aliases."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from extraction import readers
from extraction.readers import EmptyText, ReadError, read_documents, read_zip

ARTICLES = [
    {"source": "okaz", "url": "https://example.org/1", "date_extracted": "2015-07-21 10:00:00", "title": "خبر",
     "author": "", "content": "قصفت الطائرات مدينة حمص صباح اليوم."},
    {"source": "okaz", "url": "https://example.org/2", "date_extracted": "2015-07-22 09:30:00", "title": "فارغ",
     "author": "", "content": ""},
    {"id": "x-3", "published": "2015-07-23", "body": "وصلت قافلة إلى حلب."},
]


def _split(items: list) -> tuple[list, list, list]:
    docs = [i for i in items if not isinstance(i, ReadError)]
    empty = [i for i in items if isinstance(i, EmptyText)]
    errors = [i for i in items if isinstance(i, ReadError) and not isinstance(i, EmptyText)]
    return docs, empty, errors


def test_json_array_reads_aliases_and_counts_empty_articles_apart(tmp_path):
    (tmp_path / "day.json").write_text(json.dumps(ARTICLES, ensure_ascii=False, indent=1), encoding="utf-8")
    docs, empty, errors = _split(list(read_documents([tmp_path])))
    assert not errors
    assert [d.doc_id for d in docs] == ["day.json:1", "x-3"]
    assert [d.date for d in docs] == ["2015-07-21", "2015-07-23"]  # the date part of a timestamp
    assert docs[0].text == ARTICLES[0]["content"] and docs[0].source == "okaz" and docs[0].title == "خبر"
    assert docs[1].text == ARTICLES[2]["body"]
    assert [e.path for e in empty] == [f"{tmp_path / 'day.json'}:2"]


def test_json_array_is_parsed_across_chunk_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_CHUNK", 7)  # every article straddles several reads
    (tmp_path / "day.json").write_text(json.dumps(ARTICLES, ensure_ascii=False), encoding="utf-8")
    docs, empty, errors = _split(list(read_documents([tmp_path / "day.json"])))
    assert (len(docs), len(empty), errors) == (2, 1, [])


def test_json_file_of_json_lines_and_a_truncated_array_named(tmp_path):
    (tmp_path / "lines.json").write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES),
                                         encoding="utf-8")
    (tmp_path / "broken.json").write_text(json.dumps(ARTICLES, ensure_ascii=False)[:-40], encoding="utf-8")
    docs, _, errors = _split(list(read_documents([tmp_path])))
    assert "lines.json:1" in [d.doc_id for d in docs]
    assert [d.doc_id for d in docs if d.path.endswith("broken.json")] == ["broken.json:1"]  # read up to the cut
    assert len(errors) == 1 and "broken.json" in str(errors[0])


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_zip_members_are_read_in_memory_and_named_zip_slash_member(tmp_path):
    archive = _zip(tmp_path / "2015-07-21.zip", {
        "2015-07-21.json": json.dumps(ARTICLES, ensure_ascii=False),
        "notes/brief.txt": "قصف على حمص",
        "image.png": "not an article",
    })
    docs, empty, errors = _split(list(read_documents([tmp_path])))
    assert not errors and len(empty) == 1
    assert [d.doc_id for d in docs] == ["2015-07-21.zip/2015-07-21.json:1", "x-3", "2015-07-21.zip/notes/brief.txt"]
    assert docs[0].path == f"{archive}/2015-07-21.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2015-07-21.zip"]  # nothing extracted


@pytest.mark.parametrize("name, why", [("../evil.txt", "'..'"), ("/etc/evil.txt", "absolute"),
                                       ("a/../../evil.txt", "'..'")])
def test_hostile_member_names_are_refused_naming_the_zip_and_member(tmp_path, name, why):
    _zip(tmp_path / "hostile.zip", {name: "قصف على حمص", "good.txt": "وصلت قافلة إلى حلب"})
    docs, _, errors = _split(list(read_documents([tmp_path])))
    assert [d.doc_id for d in docs] == ["hostile.zip/good.txt"]
    assert len(errors) == 1 and "hostile.zip" in str(errors[0]) and name in str(errors[0]) and why in str(errors[0])
    assert not (tmp_path.parent / "evil.txt").exists()


def test_an_archive_expanding_beyond_the_limit_is_refused_naming_the_file(tmp_path):
    archive = _zip(tmp_path / "bomb.zip", {"a.txt": "حمص " * 5000, "b.txt": "حلب " * 5000})
    with pytest.raises(ReadError, match="bomb.zip.*zip bomb"):
        list(read_zip(archive, limit=20_000))
    items = list(read_documents([archive], zip_limit=20_000))  # the corpus run reports it and goes on
    assert len(items) == 1 and "bomb.zip" in str(items[0])


def test_understated_sizes_never_expand_past_what_is_declared(tmp_path, monkeypatch):
    archive = _zip(tmp_path / "liar.zip", {"a.txt": "حمص " * 5000})
    real = zipfile.ZipFile.infolist

    def understated(self):  # headers claiming a tiny size, as a crafted bomb would
        infos = real(self)
        for info in infos:
            info.file_size = 10
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", understated)
    items = list(read_documents([archive], zip_limit=20_000))
    assert len(items) == 1 and isinstance(items[0], ReadError) and "liar.zip/a.txt" in str(items[0])


def test_a_corrupt_zip_is_named(tmp_path):
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    items = list(read_documents([tmp_path]))
    assert len(items) == 1 and "bad.zip" in str(items[0]) and "zip" in str(items[0])
