"""Scraping debris is cleaned for display and matching without moving any offset."""

from extraction.cleaning import clean_text
from extraction.passages import passage_at, split_passages


def test_entity_debris_becomes_quotes_and_keeps_length():
    text = "قال لـrsquo;الوطنrsquo; إن القصف على حمص توقف"
    clean = clean_text(text)
    assert len(clean) == len(text)
    assert "rsquo" not in clean
    assert clean.index("حمص") == text.index("حمص")


def test_repeated_title_lines_are_blanked():
    title = "هدنة جديدة في ريف حماة الشمالي"
    text = f"{title}\n{title}{title}\n\n{title}\n\nوقال مصدر محلي إن الهدنة صمدت."
    clean = clean_text(text)
    assert clean.count(title) == 1
    assert clean.startswith(title)
    assert "وقال مصدر محلي" in clean


def test_passages_are_sentences_of_long_paragraphs_and_whole_short_ones():
    short = "قصف على دوما. سقط جرحى."
    long_para = ("أعلن المرصد أن الطيران شن غارات على مدن وبلدات الغوطة الشرقية صباح اليوم. " * 6).strip()
    text = f"{short}\n\n\n{long_para}"
    passages = split_passages(clean_text(text))
    assert text[passages[0].start:passages[0].end] == short
    assert len(passages) == 1 + 6
    assert all(not text[p.start:p.end].startswith(" ") for p in passages)
    pos = text.index("الغوطة", len(short) + 100)
    hit = passage_at(passages, pos)
    assert hit is not None and hit.start <= pos < hit.end
