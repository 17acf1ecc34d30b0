"""The pipeline's reasons ("why here", and why literal or metonymic) in the reader's language.

Extraction writes each reason in English, in parts joined by "; " ("the text calls it a city (3
namesakes); governed by «مدينة»"), and they are stored, exported and scored as written. The Arabic
interface showed them as they are, beside Arabic labels. Here each part is matched against the
forms the pipeline writes and said in Arabic, its quoted words («...»), names and numbers carried
over; a part of a form not listed (one added to the pipeline later) stays in English rather than
be guessed. A test runs the pipeline over the demo corpus, the seeds and SaudiNewsNet articles and
asserts that every part it writes has a form here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# What the resolver calls a place ("the text calls it a governorate"), as an Arabic reader would.
LEVELS_AR = {
    "country": "دولة", "region": "منطقة جغرافية", "governorate": "محافظة", "district": "منطقة",
    "neighbourhood": "حيّ", "city": "مدينة", "town": "بلدة", "village": "قرية", "site": "موقع",
    "subdistrict": "ناحية", "capital": "عاصمة", "admin1": "محافظة", "admin2": "منطقة", "poi": "موقع",
}

_Q = "«([^»]*)»"  # a quoted word or name, carried over as written
_N = r"(\d+(?:\.\d+)?)"  # a number
_PART = "(?P<part>.+)"  # a part of its own, said in Arabic in turn


def _level(word: str) -> str:
    return LEVELS_AR.get(word, word)


# (the English form, its Arabic): ``{1}``, ``{2}`` ... are the form's groups in order; ``{part}`` is
# the named group said in Arabic in turn; ``{level:1}`` is group 1 as a kind of place.
FORMS: list[tuple[str, str]] = [
    # how the place was chosen among its namesakes (geo.resolver)
    (rf"{_PART} \({_N} namesakes\)", "{part} (الأماكن بهذا الاسم: {2})"),
    ("only candidate", "المكان الوحيد بهذا الاسم"),
    ("most prominent of its namesakes", "الأبرز بين الأماكن بهذا الاسم"),
    (r"the text says which country \((.+)\)", "النص يذكر البلد ({1})"),
    ("spelled with the same vowel marks", "مكتوب بالتشكيل نفسه"),
    (r"the text calls it an? (.+)", "النص يسمّيه {level:1}"),
    ("inside a place named nearby", "داخل مكان مذكور بقربه"),
    ("in the same area as other places in the text", "في منطقة أماكن أخرى يذكرها النص"),
    (r"the document is about ([A-Z]{2}) \((.+)\)", "المقال عن {1} ({2})"),
    ("listed with other states", "مذكور مع دول أخرى"),
    ("not in the gazetteer", "ليس في المعجم الجغرافي"),
    (r"flag ([A-Z]{2})", "علم {1}"),
    (r"coordinates from (.+) \(online\)", "الإحداثيات من {1} (عبر الإنترنت)"),
    # what the text around the name says (extraction.places, extraction.frequency)
    (rf"located {_Q}", "محدَّد بـ«{1}»"),
    (rf"{_PART}, a place by its cue and {_Q} named in the text", "{part}، ومكان بقرينته وبذكر «{2}» في النص"),
    (rf"{_PART}, a place by its cue", "{part}، ومكان بقرينته"),
    (rf"{_Q} is a common word \(word frequency {_N}\)", "«{1}» كلمة شائعة (تواترها {2})"),
    (rf"{_Q} is a word of its own \(word frequency {_N} against {_N} for the stem\)",
     "«{1}» كلمة قائمة بذاتها (تواترها {2} مقابل {3} للجذع)"),
    (rf"{_Q} read as (\S+) \+ name \(word frequency {_N} against {_N} for the stem\)",
     "«{1}» قُرئت {2} + اسم (تواتر الكلمة {3} مقابل {4} للجذع)"),
    ("hashtag", "وسم"),
    ("dateline", "مطلع الخبر"),
    (rf"governed by {_Q}", "معمولٌ لـ«{1}»"),
    (r"clitic (\S+)", "سابقة {1}"),
    (rf"after {_Q}", "بعد «{1}»"),
    (rf"direction {_Q}", "اتجاه «{1}»"),
    (rf"outskirts {_Q}", "أطراف «{1}»"),
    (rf"in {_Q}, its city", "في «{1}»، مدينته"),
    ("listed with other places", "مذكور مع أماكن أخرى"),
    (rf"unknown name after {_Q}", "اسم غير معروف بعد «{1}»"),
    # datelines and mastheads (extraction.mastheads)
    (rf"the agency {_Q} of the dateline {_Q} \(agency table\)", "الوكالة «{1}» في مطلع الخبر «{2}» (جدول الوكالات)"),
    (rf"the word after the dateline {_Q} and its dash, before the story: its source, not a place",
     "الكلمة بعد مطلع الخبر «{1}» وشرطته، قبل الخبر: مصدره، لا مكان"),
    (rf"{_Q} after a preposition: the time word is no masthead", "«{1}» بعد حرف جر: كلمة الزمن ليست ترويسة"),
    (rf"{_Q} after {_Q}, inside a sentence: the time word is no masthead",
     "«{1}» بعد «{2}»، داخل جملة: كلمة الزمن ليست ترويسة"),
    (rf"{_Q} after {_Q}: the time word is no masthead", "«{1}» بعد «{2}»: كلمة الزمن ليست ترويسة"),
    (rf"{_Q} inside a sentence: the time word is no masthead", "«{1}» داخل جملة: كلمة الزمن ليست ترويسة"),
    # sites the gazetteer lacks (geo.sites)
    (rf"a street named after {_Q}", "شارع يحمل اسم «{1}»"),
    (rf"the mission of {_Q} \((.+)\)", "بعثة «{1}» ({2})"),
    (rf"unknown name after {_Q} kept whole \({_Q} alone is (.+), an? (.+), not an? (.+)\)",
     "اسم غير معروف بعد «{1}» أُخذ كاملًا («{2}» وحده {3}، {level:4}، لا {level:5})"),
    (rf"a site the gazetteer lacks, placed at {_Q} \((.+)\), named beside it in the same sentence",
     "موقع لا يعرفه المعجم، وُضع في «{1}» ({2})، المذكور بجانبه في الجملة نفسها"),
    (rf"a site the gazetteer lacks, placed at {_Q} \((.+)\), the only settlement the document names",
     "موقع لا يعرفه المعجم، وُضع في «{1}» ({2})، البلدة الوحيدة التي يذكرها المقال"),
    ("a state's mission is a building", "بعثة الدولة مبنى"),
    ("a street is a place", "الشارع مكان"),
    # literal or metonymic (extraction.sense)
    ("a place, not a state or capital", "مكان، لا دولة ولا عاصمة"),
    ("no sign of an actor", "لا قرينة على فاعل"),
    ("after a preposition", "بعد حرف جر"),
    ("listed after a preposition", "مذكور بعد حرف جر"),
    (rf"{_PART}: a party after a preposition", "{part}: طرف بعد حرف جر"),
    (rf"speaks through {_Q}", "يتكلم عبر «{1}»"),
    (rf"the source of {_Q}", "مصدر «{1}»"),
    (rf"the target of {_Q}", "هدف «{1}»"),
    (rf"the aim of {_Q}", "غاية «{1}»"),
    (rf"receives {_Q}", "يتلقى «{1}»"),
    (rf"has something: after {_Q}", "له شيء: بعد «{1}»"),
    (rf"subject of {_Q}", "فاعل «{1}»"),
    (rf"object of {_Q}", "مفعول «{1}»"),
    ("a party to a conflict, talks or agreement", "طرف في نزاع أو محادثات أو اتفاق"),
    (rf"a party to {_Q} with another", "طرف في «{1}» مع آخر"),
    ("a side with its allies", "طرف مع حلفائه"),
    (rf"listed with {_Q}", "مذكور مع «{1}»"),
    (rf"the place of {_Q}", "مكان «{1}»"),
    (rf"where events happen: with {_Q}", "حيث تجري الأحداث: مع «{1}»"),
    (rf"an ally: after {_Q}", "حليف: بعد «{1}»"),
    (rf"an ally or partner: after {_Q}", "حليف أو شريك: بعد «{1}»"),
    (rf"a passive agent: after {_Q}", "فاعل في المبني للمجهول: بعد «{1}»"),
    (rf"acting together with {_Q}", "يعمل مع «{1}»"),
    (rf"addressed by {_Q} \((.+)\)", "مخاطَب من «{1}» ({2})"),
]
_COMPILED = [(re.compile(english), arabic) for english, arabic in FORMS]
_FIELD = re.compile(r"\{(part|level:\d+|\d+)\}")


def _said(arabic: str, match: re.Match[str], say: Callable[[str], str | None]) -> str | None:
    """``arabic`` with the match's groups in it; None when a part in it has no form."""
    out = []
    last = 0
    for field in _FIELD.finditer(arabic):
        out.append(arabic[last:field.start()])
        name = field.group(1)
        if name == "part":
            inner = say(match.group("part"))
            if inner is None:
                return None
            out.append(inner)
        elif name.startswith("level:"):
            out.append(_level(match.group(int(name[6:]))))
        else:
            out.append(match.group(int(name)))
        last = field.end()
    out.append(arabic[last:])
    return "".join(out)


def part_in_arabic(part: str) -> str | None:
    """One part of a reason in Arabic, or None when the pipeline wrote it in a form not listed."""
    for pattern, arabic in _COMPILED:
        if match := pattern.fullmatch(part):
            return _said(arabic, match, part_in_arabic)
    return None


def reason_in(language: str, reason: str) -> str:
    """``reason`` as the reader shows it in ``language`` ("ar" or "en"): in Arabic, each part said in
    Arabic where its form is known, else as written."""
    if language != "ar" or not reason:
        return reason
    return "؛ ".join(part_in_arabic(part) or part for part in reason.split("; "))


def parts_without_form(reason: str) -> list[str]:
    """The parts of ``reason`` that ``reason_in`` leaves in English (for tests)."""
    return [part for part in reason.split("; ") if part and part_in_arabic(part) is None]
