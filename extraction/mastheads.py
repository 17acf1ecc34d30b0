"""Outlets that page furniture and datelines name with a place's word: decided by where the name stands.

Two shapes (issue 10), each read from the text around a name rather than from a list of names:

* **A dateline's agency slot**: "الدوحة - قنا:", "عمان – بترا", "دمشق ـ سانا:", "بيروت (أ ف ب) -",
  "بيروت – «الحياة»:". A line opens with a place (one to three words), a dash or a parenthesis, and
  then the agency or outlet that filed the story. The word in that slot is no place even when it spells
  a town (بترا is Petra, قنا is Qena). The slot's word is an agency when the kept table
  (data/agencies.tsv) names it; an unknown short word there is one too when the story's text visibly
  starts after it (another dash, a colon, or the line's end), unless the story uses that name again.
  The dateline's own place is untouched: it stays a literal place.
* **A masthead "PLACE اليوم/الآن"** ("حلب اليوم", "دمشق الآن"): an outlet when it stands as a masthead
  (a line or header segment of its own, inside quotes, after an outlet head such as موقع/شبكة/قناة/
  صفحة/حساب, or as a source or credit: "المصدر: حلب اليوم", "نقلا عن دمشق الآن", "تصوير: ..."); in a
  sentence ("وصلت القوات إلى دمشق الآن") the place stays a place and the reason says why the time word
  did not make it an outlet.

``read_masthead`` is the one entry point the place finder calls for every name it matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from extraction.lexicon import DATA_DIR, MEDIA_HEADS, PREPOSITIONS
from extraction.lines import line_end, line_start
from extraction.normalise import fold
from extraction.tokens import Token, only_space_between


def _agencies(path: Path = DATA_DIR / "agencies.tsv") -> frozenset[str]:
    """Agency names and abbreviations as datelines write them, folded, spaces squeezed."""
    return frozenset(" ".join(fold(line.split("\t")[0]).split())
                     for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


AGENCIES = _agencies()


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


@dataclass(frozen=True)
class Reading:
    """What the place's surroundings say: ``outlet`` (no place at all) and why, or a note for a kept place."""

    outlet: bool = False
    why: str = ""


PLACE_READING = Reading()

# ---- 1. The agency slot of a dateline ------------------------------------------------------------

_WORD = r"[\u0621-\u063a\u0641-\u064a][\u0621-\u063a\u0640-\u0652]*"  # a word (never a lone tatweel)
_DASH = r"(?:[-–—]+|(?<=\s)ـ+(?=\s))"  # a tatweel is a dash only standing alone ("دمشق ـ سانا")
_DATELINE_HEAD = re.compile(
    rf"[ \t\u00a0]*(?P<place>{_WORD}(?:[ \t]+{_WORD}){{0,2}})[ \t\u00a0]*"
    rf"(?:{_DASH}[ \t\u00a0]*(?P<quote>[«\"“(]?)|(?P<paren>\())[ \t\u00a0]*"
    rf"(?P<inner>(?:{_WORD}[ \t]+){{0,2}})")  # words of a quoted outlet before the name ("«صوت بيروت»")
_CLOSERS = {"«": "»", "\"": "\"", "“": "”", "(": ")"}
# What ends the slot and starts the story: a colon, another dash, a line break (or the text's end).
_STORY_STARTS = re.compile(rf"[ \t\u00a0]*(?::|{_DASH}|\r?\n|$)")
_SHORT = 4  # letters: agency abbreviations are short (واس، قنا، بترا، سانا، كونا)


def dateline_agency(clean: str, start: int, end: int, country: bool = False) -> str:
    """Why the name at [start, end) is the agency or outlet of a dateline, or "" when it is not in that slot.
    ``country``: the name is a country's, which after a city's dash is the dateline's own country
    ("بيروت - لبنان:"), never an unknown agency."""
    head = _DATELINE_HEAD.fullmatch(clean, line_start(clean, start), start)
    if head is None:
        return ""
    opener = "(" if head.group("paren") else head.group("quote")
    if head.group("inner") and not opener:
        return ""  # "حلب - ريف إدلب": a slot that starts before the name is not this name
    if opener:
        close = clean.find(_CLOSERS[opener], end, line_end(clean, end))
        if close < 0:
            return ""
        slot_end, after = close, close + 1
        slot = clean[head.start("inner"):slot_end].strip()
    else:
        slot_end = after = end
        slot = clean[start:end]
    slot_key = " ".join(fold(slot).split())
    story_follows = _STORY_STARTS.match(clean, after) is not None
    place = head.group("place")
    if slot_key in AGENCIES:
        return f"the agency «{slot}» of the dateline «{place}» (agency table)"
    if not story_follows or country:
        return ""
    words = slot_key.split()
    short = len(words) <= 3 if opener else (len(words) == 1 and len(words[0]) <= _SHORT)
    if not short or _named_again(clean, slot, start, slot_end):
        return ""
    return f"the word after the dateline «{place}» and its dash, before the story: its source, not a place"


def _named_again(clean: str, name: str, start: int, end: int) -> bool:
    """Whether the story writes the name again outside the slot (with or without a proclitic: "وإدلب"):
    then it is a place the story is about."""
    for found in re.finditer(rf"{re.escape(name)}(?![\w\u0640])", clean):
        word_start = found.start()
        while word_start and (clean[word_start - 1].isalnum() or clean[word_start - 1] == "\u0640"):
            word_start -= 1
        if not (start <= found.start() < end) and set(clean[word_start:found.start()]) <= set("وفبلك") \
                and found.start() - word_start <= 2:
            return True
    return False


# ---- 2. "PLACE اليوم/الآن" as a masthead ------------------------------------------------------------

TIME_WORDS = _folded("اليوم الآن الان")
# Heads that name an outlet or a feed: "موقع حلب اليوم", "صفحة دمشق الآن", "عبر حساب ...".
OUTLET_HEADS = MEDIA_HEADS | _folded("صفحة صفحات حساب حسابات منصة مدونة قنوات مواقع شبكات")
# Words that credit a source wherever they stand: "بحسب حلب اليوم", "تصوير دمشق الآن".
CREDIT_WORDS = _folded("تصوير بعدسة بحسب حسب وفق وفقا وفقًا نقلا نقلاً")
# Labels that credit only as a label, after a colon or opening a line ("المصدر: حلب اليوم"): in a
# sentence they govern the place ("تغيرت صورة حلب اليوم" is the picture of Aleppo, today).
CREDIT_LABELS = _folded("المصدر مصدر المصادر الصورة صورة الصور عدسة المراسل إعداد اعداد حقوق")
_FROM = fold("عن")
_QUOTED = (("«", "»"), ("\"", "\""), ("“", "”"), ("'", "'"))
_LETTERS = "\u0621-\u063a\u0641-\u064a"  # Arabic letters, as a character class's ranges
_SEPARATORS = "|•·"  # header furniture: "حلب اليوم | أخبار"
_ARABIC_LETTER = re.compile(f"[{_LETTERS}]")
_LETTER_OR_SEPARATOR = re.compile(f"[{re.escape(_SEPARATORS)}{_LETTERS}]")
_NOT_SPACE = re.compile(r"\S")


def _head_word(norm: str) -> str:
    """A head or label under its proclitics: و/ف, then ب/ل ("وعبر", "لموقع" → "موقع", "بحسب" stays)."""
    for word in (norm, norm[1:] if norm[:1] in "وف" else norm):
        if word in OUTLET_HEADS or word in CREDIT_WORDS or word in CREDIT_LABELS:
            return word
        if word[:1] in "بل" and word[1:] in OUTLET_HEADS:
            return word[1:]
    return norm


def time_word_masthead(clean: str, tokens: list[Token], first: int, last: int, start: int,
                       clitics: str) -> Reading | None:
    """The reading of a place followed by اليوم/الآن (tokens ``first``..``last``, the name from ``start``
    past its ``clitics``); None when no time word follows it."""
    nxt = last + 1
    if nxt >= len(tokens) or tokens[nxt].norm not in TIME_WORDS or not only_space_between(
            clean, tokens[last], tokens[nxt]) or "_" in clean[tokens[last].end:tokens[nxt].start]:
        return None  # (a compound hashtag "#الكويت_الآن" is one unit, read as such by the place finder)
    begin, stop = start, tokens[nxt].end
    name = clean[begin:stop]
    before, after = clean[max(0, begin - 3):begin].rstrip(), clean[stop:stop + 3].lstrip()
    if any(before.endswith(o) and after.startswith(c) for o, c in _QUOTED):
        return Reading(True, f"the masthead «{name}» in quotes")
    if any(c in "بلك" for c in clitics):  # "لحلب اليوم": a preposition makes it the place, today
        return Reading(False, f"«{name}» after a preposition: the time word is no masthead")
    prev = tokens[first - 1] if first > 0 else None
    gap = clean[prev.end:begin] if prev else ""
    if prev is not None and set(gap) <= set(" \t\u00a0:：-–«\"“"):
        head = _head_word(prev.norm)
        if head in OUTLET_HEADS and ":" not in gap:
            return Reading(True, f"the outlet «{name}» after «{clean[prev.start:prev.end]}»")
        if head in CREDIT_WORDS or (head in CREDIT_LABELS and (":" in gap or _opens_line(clean, prev))):
            return Reading(True, f"the source «{name}» credited after «{clean[prev.start:prev.end]}»")
        if prev.norm == _FROM and _credit_from(clean, tokens, first - 1):
            return Reading(True, f"the source «{name}» credited after «{clean[prev.start:prev.end]}»")
    if _alone_before(clean, line_start(clean, begin), begin) and _alone_after(clean, stop, line_end(clean, stop)):
        return Reading(True, f"the masthead «{name}» standing as a line or header of its own")
    if prev is not None and prev.norm in PREPOSITIONS and only_space_between(clean, prev, tokens[first]):
        return Reading(False, f"«{name}» after «{clean[prev.start:prev.end]}»: the time word is no masthead")
    if prev is not None and only_space_between(clean, prev, tokens[first]):  # a verb, a noun: "تشهد درعا اليوم"
        return Reading(False, f"«{name}» after «{clean[prev.start:prev.end]}», inside a sentence: "
                              "the time word is no masthead")
    return Reading(False, f"«{name}» inside a sentence: the time word is no masthead")


def _credit_from(clean: str, tokens: list[Token], i: int) -> bool:
    """"عن" crediting a source: opening a line ("عن دمشق الآن"), or after "نقلا" ("نقلا عن ...")."""
    return _opens_line(clean, tokens[i]) or i > 0 and _head_word(tokens[i - 1].norm) in _folded("نقلا نقلاً")


def _opens_line(clean: str, token: Token) -> bool:
    """Nothing but white space between the line's start and the token."""
    return not _NOT_SPACE.search(clean, line_start(clean, token.start), token.start)


# Each looks only as far as the nearest letter or separator: slicing to the line's edge cost the
# whole line for every name, and a document of one long line made that quadratic.
def _alone_before(clean: str, begin_of_line: int, begin: int) -> bool:
    """No word of a sentence between the line's start or a header separator ("|", "•") and ``begin``."""
    for i in range(begin - 1, begin_of_line - 1, -1):
        if clean[i] in _SEPARATORS:
            return True
        if _ARABIC_LETTER.match(clean, i):
            return False
    return True


def _alone_after(clean: str, stop: int, end_of_line: int) -> bool:
    """No word of a sentence between ``stop`` and the line's end or a header separator."""
    found = _LETTER_OR_SEPARATOR.search(clean, stop, end_of_line)
    return found is None or found.group() in _SEPARATORS


def read_masthead(clean: str, tokens: list[Token], first: int, last: int, start: int, end: int,
                  clitics: str, keys: tuple[str, ...] = ()) -> Reading:
    """The place finder's one call per matched name: an outlet (drop it) or a place, with a note for its reason.
    ``keys``: the name's candidate place ids (a country's start "country_", as the gazetteer builds them)."""
    why = dateline_agency(clean, start, end, country=any(k.startswith("country_") for k in keys))
    if why:
        return Reading(True, why)
    return time_word_masthead(clean, tokens, first, last, start, clitics) or PLACE_READING
