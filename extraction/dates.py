"""Dates in Arabic news: every temporal expression, the article's own date, and the date a place takes.

dateparser reads "22/07/2017" or "Sat, 22 Jul 2017" but not the Arabic press's own grammar:
month names from two calendars written as a pair ("يوليو/ تموز", "تموز (يوليو)"), ordinal
days ("الـ22 من", "في الثاني والعشرين من"), months relative to the article ("حزيران الماضي"),
"منذ ثلاثة أيام", Hijri dates. So that grammar is written here as regular expressions over a
folded copy of the text (hamza alefs, alef maqsura, ta marbuta, Arabic-Indic digits folded;
diacritics and tatweel dropped; a clitic و/ف and ب/ل allowed on the first word), and every
match is mapped back to offsets in the original text. Spans never include those clitics or
a leading "في".

Values are ISO 8601 at the precision the text gives. When the article date is coarser than an
expression needs ("أمس" in an article dated only "2017-07") the value keeps the article date's
precision rather than inventing a day; a weekday is only resolved against a full date.

Speed: the expressions that open with a word (all but the numeric dates) are not each run over
the whole text. One scan finds the word starts where any of them can begin (a digit or the first
word of one: a month, a weekday, "عام", "منذ" ...), and each expression is tried only there,
in order, the way ``finditer`` would meet it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TypeVar

from hijridate import Hijri

from extraction.arabic_numbers import COUNT_WORDS, ORDINAL_DAYS
from extraction.document import DateMention
from extraction.lines import line_start
from extraction.normalise import replace_all
from extraction.spans import longest_first

# ---------------------------------------------------------------- folding, with offsets back
_MARKS = frozenset(chr(c) for c in range(0x064B, 0x0660)) | {"\u0670", "\u0640"}  # harakat, tatweel
_INVISIBLE = frozenset("\u200c\u200d\u200e\u200f\u061c\ufeff\u00ad")
# آ is kept apart from ا so that "آب" (August) never matches inside "باب" (gate).
_FOLD = {"أ": "ا", "إ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
_FOLD |= {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
# A word-initial "لل" is ل + ال ("للعام الماضي"); the folded copy restores the alef, which maps to
# the first lam so that the span reads "للعام الماضي" rather than starting inside the word.
_LAM_LAM = re.compile(r"(?<!\w)[وف]?لل")
_FOLD_PAIRS = tuple(sorted(({c: "" for c in _MARKS | _INVISIBLE} | _FOLD).items()))  # nothing folds twice
_DROPPED = re.compile("[" + "".join(sorted(_MARKS | _INVISIBLE)) + "]+")


def _fold(text: str) -> str:
    """Fold a word list entry, a pattern or a text (every character to one or none, at C speed)."""
    return replace_all(text, _FOLD_PAIRS)


@dataclass(frozen=True)
class _Folded:
    """A folded copy of ``original`` and the way back to it.

    Folding drops runs of marks (``dropped``: the folded index after which each run was, and how
    many characters had been dropped by the end of it) and inserts an alef into each word-initial
    "لل" (``alefs``: the folded index of each alef; it maps to the first lam). Offsets are worked
    out by bisection when a span is asked for, rather than kept for every character."""

    original: str
    text: str
    dropped: tuple[list[int], list[int]]  # (folded index of the character after the run, dropped so far)
    alefs: list[int]
    scans: dict[re.Pattern[str], list[re.Match[str]]] = field(default_factory=dict, compare=False)  # _full_scan

    def offset(self, i: int) -> int:
        """The original index of folded character ``i``."""
        k = i - bisect_right(self.alefs, i)  # an inserted alef lands on the lam before it
        where, total = self.dropped
        runs = bisect_right(where, k)
        return k + (total[runs - 1] if runs else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of folded [start, end), taking in trailing diacritics ("غداً")."""
        o_start, o_end = self.offset(start), self.offset(end - 1) + 1
        while o_end < len(self.original) and self.original[o_end] in _MARKS:
            o_end += 1
        return o_start, o_end


_last_folded: list[_Folded] = []  # the last text folded: ``document_date`` and ``find_dates`` fold one text


def _fold_with_offsets(text: str) -> _Folded:
    cached = _last_folded[0] if _last_folded else None  # read once: another thread may replace it
    if cached is not None and cached.original == text:
        return cached
    folded = _fold_with_offsets_uncached(text)
    _last_folded[:] = [folded]
    return folded


def _fold_with_offsets_uncached(text: str) -> _Folded:
    where: list[int] = []
    total: list[int] = []
    gone = 0
    for m in _DROPPED.finditer(text):
        where.append(m.start() - gone)
        gone += m.end() - m.start()
        total.append(gone)
    folded = _fold(text)
    out, alefs, last = [], [], 0
    for end in _lam_lam_ends(folded):
        second_lam = end - 1
        out.append(folded[last:second_lam] + "ا")
        alefs.append(second_lam + len(alefs))
        last = second_lam
    out.append(folded[last:])
    return _Folded(text, "".join(out), (where, total), alefs)


_LAMS = re.compile("لل")


def _lam_lam_ends(folded: str) -> list[int]:
    """Where each match of ``_LAM_LAM.finditer(folded)`` ends, found from the letters "لل" (a literal the
    regex engine finds fast) rather than by trying the pattern at every character. A match ends with
    such a pair and begins at it or at the و/ف before it; no match can begin inside a pair (a lam
    before it is a letter), so the pairs met left to right are the matches' in turn."""
    ends = []
    for pair in _LAMS.finditer(folded):
        p = pair.start()
        if (p and (m := _LAM_LAM.match(folded, p - 1)) and m.end() == p + 2) or (
                (m := _LAM_LAM.match(folded, p)) and m.end() == p + 2):
            ends.append(p + 2)
    return ends


_V = TypeVar("_V")
REFERENCE = "reference"  # the kind of a year named as a deadline or a memory, not as the story's time

# ---------------------------------------------------------------- word lists (data)
GREGORIAN_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}
LEVANTINE_MONTHS = {
    "كانون الثاني": 1, "كانون ثاني": 1, "كانون 2": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4,
    "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين أول": 10,
    "تشرين 1": 10, "تشرين الثاني": 11, "تشرين ثاني": 11, "تشرين 2": 11, "كانون الأول": 12,
    "كانون أول": 12, "كانون 1": 12,
}
HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الآخر": 4, "ربيع الاخر": 4, "ربيع الثاني": 4,
    "جمادى الأولى": 5, "جمادى الأول": 5, "جمادى الآخرة": 6, "جمادى الاخرة": 6, "جمادى الثانية": 6,
    "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12,
    "ذي الحجة": 12,
}
WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5,
            "الأحد": 6}
QUALIFIERS = {  # month/week/year + word -> which occurrence, relative to the article date
    "الجاري": 0, "الجارية": 0, "الحالي": 0, "الحالية": 0,
    "الماضي": -1, "الماضية": -1, "المنصرم": -1, "المنصرمة": -1, "الفائت": -1, "الفائتة": -1,
    "المقبل": 1, "المقبلة": 1, "القادم": 1, "القادمة": 1,
}
PARTS = {"مطلع": "early", "بداية": "early", "بدايات": "early", "أوائل": "early", "مستهل": "early",
         "منتصف": "mid", "أواسط": "mid", "وسط": "mid",
         "أواخر": "late", "نهاية": "late", "نهايات": "late", "آخر": "late", "اخر": "late", "ختام": "late"}
# Words after which a bare month or a bare 4-digit number reads as a date.
DATE_CUES = ("في", "منذ", "حتى", "خلال", "قبل", "بعد", "بين", "عامي", "سنتي", "صيف", "شتاء", "ربيع", "خريف",
             *PARTS)
# "في 2000 مقاتل" is a count, not a year: the word after the number says so.
COUNTED_NOUNS = ("ألف", "آلاف", "مليون", "ملايين", "مليار", "شخص", "أشخاص", "مقاتل", "عنصر", "مدني", "قتيل",
                 "جريح", "لاجئ", "نازح", "عائل", "أسر", "طن", "متر", "كيلو", "كم", "دولار", "ليرة", "برميل",
                 "صاروخ", "قذيف", "غارة", "منزل", "جندي", "طفل", "امرأة", "معتقل", "سجين", "مسلح", "عسكري")
TIMES_OF_DAY = ("يوم", "مساء", "صباح", "ليلة", "ليل", "فجر", "ظهر", "ظهيرة", "عصر", "نهار")
# "قوى 14 آذار" is a Lebanese coalition, not a day: a day and month after these name a movement.
MOVEMENT_WORDS = ("قوى", "تحالف", "تيار", "حركة", "ائتلاف", "فريق")
# A bare weekday after these is an institution or a phrase, not a date ("صلاة الجمعة", "كلا الاثنين").
NOT_WEEKDAY_AFTER = ("صلاة", "خطبة", "خطيب", "أيام", "كل", "كلا", "هذين", "بين")
RELATIVE_DAYS = {"اليوم": 0, "أمس": -1, "الأمس": -1, "أول أمس": -2, "أول من أمس": -2, "أمس الأول": -2,
                 "غدا": 1, "يوم غد": 1, "بعد غد": 2}
UNITS = {  # word -> (unit, count the word itself carries; None when a number must say it)
    "يوم": ("day", 1), "يوما": ("day", None), "يومين": ("day", 2), "أيام": ("day", None),
    "أسبوع": ("week", 1), "أسبوعا": ("week", None), "أسبوعين": ("week", 2), "أسابيع": ("week", None),
    "شهر": ("month", 1), "شهرا": ("month", None), "شهرين": ("month", 2), "أشهر": ("month", None),
    "شهور": ("month", None), "عام": ("year", 1), "عاما": ("year", None), "عامين": ("year", 2),
    "أعوام": ("year", None), "سنة": ("year", 1), "سنتين": ("year", 2), "سنوات": ("year", None),
    "سنين": ("year", None),
}
PERIOD_WORDS = {"الأسبوع": "week", "الشهر": "month", "العام": "year", "السنة": "year"}
# A year named by a plan or a deadline looks forward ("بحلول عام 2030", "رؤية 2030"); one named by a
# war or an upheaval looks back ("حرب 1967"). Either is a date mention of kind "reference": it dates
# no place of its passage and never stretches the timeline. Forward words count only for a year after
# the article's, backward ones only for a year at least two before it (when the article date is known).
FORWARD_WORDS = ("بحلول", "حلول", "رؤية", "رؤيا", "خطة", "استراتيجية", "إستراتيجية", "أفق", "آفاق", "أجندة",
                 "مئوية")
BACKWARD_WORDS = ("حرب", "نكسة", "نكبة", "مجزرة", "مجازر", "أحداث", "انتفاضة", "ثورة", "انقلاب", "اتفاقية",
                  "اتفاق", "اتفاقيات", "دستور", "معاهدة", "هزيمة", "غزو", "اجتياح", "حركة", "مذبحة", "زلزال")
# A bare year in a date position: a copyright line ("© 2016 جميع الحقوق محفوظة").
COPYRIGHT_WORDS = ("©", "(c)", "copyright", "جميع الحقوق محفوظة", "الحقوق محفوظة", "حقوق النشر محفوظة",
                   "حقوق النشر", "حقوق الطبع", "حقوق الطبع والنشر")


def _table(words: dict[str, _V]) -> dict[str, _V]:
    """A word list keyed the way matched text is looked up: folded, no white space."""
    return {re.sub(r"\s+", "", _fold(k)): v for k, v in words.items()}


def _key(matched: str) -> str:
    return re.sub(r"\s+", "", matched)


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of folded words, longest first, spaces matching any white space."""
    folded = sorted({_fold(w) for w in words}, key=len, reverse=True)
    patterns = (re.escape(w).replace(r"\ و", r"\s+و\s*").replace(r"\ ", r"\s+") for w in folded)
    return "(?:" + "|".join(patterns) + r")(?!\w)"


_MONTHS = _table(GREGORIAN_MONTHS | LEVANTINE_MONTHS)
_HIJRI = _table(HIJRI_MONTHS)
_WEEKDAYS = _table(WEEKDAYS)
_QUALS = _table(QUALIFIERS)
_PARTS = _table(PARTS)
_ORDINALS = _table(ORDINAL_DAYS)
_COUNTS = _table(COUNT_WORDS)
_UNITS = _table(UNITS)
_REL_DAYS = _table(RELATIVE_DAYS)
_PERIODS = _table(PERIOD_WORDS)

# ---------------------------------------------------------------- grammar
_CLITIC = r"(?<!\w)(?:[وف]?[بل]?)"
_MONTH_NAME = _alt(list(GREGORIAN_MONTHS) + list(LEVANTINE_MONTHS))
_MONTH = (rf"(?P<m1>{_MONTH_NAME})(?:\s*/\s*(?P<m2>{_MONTH_NAME})|\s*\(\s*(?P<m3>{_MONTH_NAME})\s*\)"
          rf"|\s+[-–]\s+(?P<m4>{_MONTH_NAME}))?")
_QUAL = rf"\s+(?P<q>{_alt(QUALIFIERS)})"
_YEAR_AFTER = r"\s*[,،]?\s*(?:من\s+)?(?:(?:ال)?(?:عام|سنه)\s+)?(?P<y>(?:19|20)\d\d)(?!\d)(?:م(?!\w))?"
_DAY = rf"(?:(?P<dd>(?:ال\s?)?\d{{1,2}})(?!\d)\s+(?:من\s+)?|(?P<do>{_alt(ORDINAL_DAYS)})\s+من\s+)"
_HIJRI_YEAR = (r"\s*[,،]?\s*(?:من\s+)?(?:(?:ال)?(?:عام|سنه)\s+)?(?P<y>1[34]\d\d)(?!\d)"
               r"(?:\s*(?:ه|هجري|هجريه|للهجره)(?!\w))?")
_COUNT = rf"(?:\d{{1,3}}|{_alt(COUNT_WORDS)})"
_NOT_ALONE_AFTER = rf"(?!\s+(?:{_MONTH_NAME}|{_alt(HIJRI_MONTHS)}|{_alt(WEEKDAYS)}|\d))"


def _rx(core: str, tail: str = "") -> re.Pattern[str]:
    """Clitics, then the expression as group ``x`` ending at a word boundary, then a guard."""
    return re.compile(_fold(_CLITIC + "(?P<x>" + core + r")(?!\w)" + tail))


_P_DAY_MONTH = _rx(rf"{_DAY}(?:شهر\s+)?{_MONTH}(?:{_QUAL}|{_YEAR_AFTER})?")
_P_MONTH = _rx(rf"(?P<shahr>شهر\s+)?{_MONTH}(?:{_QUAL}|{_YEAR_AFTER})?")
_P_HIJRI = _rx(rf"(?:(?P<dd>\d{{1,2}})(?!\d)\s+|(?P<do>{_alt(ORDINAL_DAYS)})\s+من\s+)?(?:شهر\s+)?"
               rf"(?P<hm>{_alt(HIJRI_MONTHS)}){_HIJRI_YEAR}")
# The separator may stand between single spaces when it is a slash ("15 / 03 / 2016", as some sites
# print dates); both separators must be written alike.
_P_NUMERIC = re.compile(r"(?<![\d/.\-])(?P<x>(?P<d>\d{1,2})(?P<s>[/.\-]| / )(?P<m>\d{1,2})(?P=s)(?P<y>(?:19|20)\d\d))"
                        r"(?!\d|[/\-]\d|\.\d|\w)")
_P_ISO = re.compile(r"(?<![\d/.\-])(?P<x>(?P<y>(?:19|20)\d\d)(?P<s>[/.\-]| / )(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2}))"
                    r"(?!\d|[/\-]\d|\.\d|\w)")
_P_DAY_OF_PERIOD = _rx(rf"{_DAY}(?:(?P<u>الشهر)\s+(?P<q>{_alt(QUALIFIERS)})|(?:هذا)\s+(?P<u2>الشهر))")
_P_YEAR = _rx(r"(?:ال)?(?:عام|سنه)\s+(?P<y>(?:19|20)\d\d)(?!\d)(?:م)?")
_P_HIJRI_YEAR = _rx(r"(?:ال)?(?:عام|سنه)\s+(?P<y>1[34]\d\d)(?!\d)\s*(?:ه|هجري|هجريه|للهجره)")
_P_BARE_YEAR = _rx(r"(?P<y>(?:19|20)\d\d)(?!\d)(?:م)?")
# "الخميس , مارس 3 , 2016": month, day, year, as some sites print a dateline.
_P_MONTH_DAY_YEAR = _rx(rf"{_MONTH}\s+(?P<dd>\d{{1,2}})(?!\d)\s*[,،]?\s*(?P<y>(?:19|20)\d\d)(?!\d)")
_P_REFERENCE_YEAR = _rx(rf"(?:(?P<fw>{_alt(FORWARD_WORDS)})|(?P<bw>{_alt(BACKWARD_WORDS)}))"
                        rf"(?:\s+(?![\d]|عام|سنه|العام|السنه)\w+)?\s+"
                        r"(?P<yy>(?:(?:ال)?(?:عام|سنه)\s+)?(?P<y>(?:19|20)\d\d)(?!\d)(?:م(?!\w))?)")
_OUTLET_SUFFIXES = ("بوست", "برس", "نت", "تايمز", "نيوز", "تي في", "أونلاين", "اونلاين")


def _outlet_names() -> list[str]:
    """Outlets, agencies and channels from extraction/data/outlets.tsv (clubs left out), folded."""
    from extraction.lexicon import DATA_DIR

    rows = (line.split("\t") for line in (DATA_DIR / "outlets.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return [_fold(row[0].strip()) for row in rows if len(row) > 1 and row[1].strip() != "club"]


# "عنب بلدي 2016", "X بوست - 2016": a year right after an outlet's name, at the end of its line.
_OUTLETS = "|".join(re.escape(n).replace("\\ ", r"\s+") for n in sorted(_outlet_names(), key=len, reverse=True))
_P_MASTHEAD_YEAR = re.compile(
    rf"(?:(?<!\w)(?:{_OUTLETS})|(?<!\w)\w+\s+{_alt(_OUTLET_SUFFIXES)})"
    r"\s*[-–|:,،]?\s*(?P<x>(?:19|20)\d\d)(?!\d)(?=\s*(?:$|\n|[-–|.,،:]))", re.MULTILINE)
_COPYRIGHT = "|".join(re.escape(_fold(w)).replace(r"\ ", r"\s+") for w in
                      sorted(COPYRIGHT_WORDS, key=len, reverse=True))
_P_COPYRIGHT_YEAR = re.compile(rf"(?i)(?:{_COPYRIGHT})[^\n\d]{{0,40}}?(?P<x>(?:19|20)\d\d)(?!\d)"
                               rf"|(?P<x2>(?:19|20)\d\d)(?!\d)\s*(?:{_COPYRIGHT})")
# "اليوم الأول", "اليوم نفسه": a day of some other event; "إلى" (folded "الي") and a weekday
# ("أمس الجمعة") are not such words.
_P_REL_DAY = _rx(rf"(?P<w>{_alt(RELATIVE_DAYS)})", rf"(?!\s+(?!{_alt(WEEKDAYS)})(?:ال(?!ي(?!\w))\w|نفس|ذات))")
_P_PERIOD = _rx(rf"(?:(?P<u>{_alt(PERIOD_WORDS)})\s+(?P<q>{_alt(QUALIFIERS)})"
                rf"|(?:هذا|هذه)\s+(?P<u2>{_alt(PERIOD_WORDS)}))")
_P_AGO = _rx(rf"(?P<dir>منذ|قبل)\s+(?:(?P<n>{_COUNT})\s+)?(?P<u>{_alt(UNITS)})(?:\s+واحده?)?", _NOT_ALONE_AFTER)
# "قبل ثلاثة أيام من الانتخابات" counts back from an event, not from the article date.
_FROM_AN_EVENT = re.compile(_fold(r"\s+(?:من|على)(?!\w)"))
_P_WEEKDAY = _rx(rf"(?:(?P<tod>{_alt(TIMES_OF_DAY)})\s+)?(?P<wd>{_alt(WEEKDAYS)})(?:\s+(?P<q>{_alt(QUALIFIERS)}))?")
# Where an expression built by ``_rx`` can begin: the clitics, then the first word of its core, or a
# digit (each expression's core opens with one of these, so this is a necessary condition for all of
# them; a superset of the places where one begins is enough, as each is tried there). The first words
# are one alternation shaped as a tree of their letters, which the regex engine walks far faster than
# a list of words each tried in turn.
def _letter_tree(words: Iterable[str]) -> str:
    """A regex matching exactly ``words`` (folded, no spaces), each as a whole word, as a letter tree."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [r"(?!\w)" if char == "" else re.escape(char) + pattern(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(tree)


def _first_words(*lists: Iterable[str]) -> set[str]:
    return {_fold(entry).split()[0] for words in lists for entry in words}


_WORD_START = re.compile(r"(?<!\w)(?=[وف]?[بل]?(?:\d|ال\s?\d|" + _letter_tree(_first_words(
    ORDINAL_DAYS, GREGORIAN_MONTHS, LEVANTINE_MONTHS, HIJRI_MONTHS, RELATIVE_DAYS, PERIOD_WORDS, TIMES_OF_DAY,
    WEEKDAYS, FORWARD_WORDS, BACKWARD_WORDS, ["شهر", "عام", "العام", "سنة", "السنة", "هذا", "هذه", "منذ", "قبل"])) + "))")

_CUE_BEFORE = re.compile(_fold(rf"(?<!\w)[وف]?[بل]?{_alt(DATE_CUES)}\s+$"))
_YEAR_RANGE_BEFORE = re.compile(r"(?<!\d)(?:19|20)\d\d\s*(?:-|–|و|الي|حتي)\s*$")
_YEAR_RANGE_AFTER = re.compile(r"\s*(?:-|–|الي|حتي)\s*(?:19|20)\d\d(?!\d)")
_MOVEMENT_BEFORE = re.compile(_fold(rf"(?<!\w)[وف]?[بل]?{_alt(MOVEMENT_WORDS)}\s+$"))
_COUNTED_AFTER = re.compile(_fold(rf"\s+(?:{'|'.join(COUNTED_NOUNS)})"))
_PART_BEFORE = re.compile(_fold(rf"(?<!\w)[وف]?[بل]?(?P<p>{_alt(PARTS)})\s+(?:من\s+)?$"))
_NOT_WEEKDAY_BEFORE = re.compile(_fold(rf"(?<!\w)[وف]?{_alt(NOT_WEEKDAY_AFTER)}\s+$"))
_BETWEEN_DAY_WORD_AND_DATE = re.compile(_fold(r"[\s,،]*(?:الموافق\s+)?(?:في\s+)?"))


# ---------------------------------------------------------------- ISO values at a precision
@dataclass(frozen=True)
class _Ref:
    """The article date that relative expressions are resolved against."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def as_date(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        return _iso(self.year, self.month, self.day)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    out = f"{year:04d}"
    if month is not None:
        out += f"-{month:02d}"
        if day is not None:
            out += f"-{day:02d}"
    return out


_ISO_LIKE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?"
                       r"(?:[T ]\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?")


def _parse_iso(value: str) -> _Ref | None:
    """'2017', '2017-7', '2017-07-02' (also with a time) as a checked date; None when not ISO-like."""
    m = _ISO_LIKE.fullmatch(_fold(value.strip()))
    if not m:
        return None
    year = int(m.group(1))
    month, day = (int(g) if g else None for g in m.groups()[1:])
    date(year, month or 1, day or 1)  # raises ValueError for month 13, 30 February...
    return _Ref(year, month, day)


def _shift_days(ref: _Ref, days: int) -> str:
    if ref.day is None:
        return ref.iso()
    return (ref.as_date + timedelta(days=days)).isoformat()


def _shift_months(ref: _Ref, months: int) -> str:
    if ref.month is None:
        return ref.iso()
    index = ref.year * 12 + ref.month - 1 + months
    return _iso(index // 12, index % 12 + 1)


def _week(ref: _Ref, weeks: int) -> str:
    """A week's month: the month of its Monday (an ISO week number is not a date users read)."""
    if ref.day is None:
        return ref.iso()
    monday = ref.as_date - timedelta(days=ref.as_date.weekday()) + timedelta(weeks=weeks)
    return _iso(monday.year, monday.month)


def _shift(ref: _Ref, unit: str, n: int) -> str:
    if unit == "day":
        return _shift_days(ref, n)
    if unit == "week":
        return _shift_days(ref, 7 * n)
    if unit == "month":
        return _shift_months(ref, n)
    return _iso(ref.year + n)


def _month_year(ref: _Ref, month: int, day: int | None, direction: int | None) -> int | None:
    """The year of a month named without one; None when the article date is too coarse to tell."""
    if direction == 0:
        return ref.year
    if ref.month is None:
        return ref.year if direction is None else None
    if direction == -1:
        return ref.year if month < ref.month else ref.year - 1
    if direction == 1:
        return ref.year if month > ref.month else ref.year + 1
    if day is None or ref.day is None:
        return ref.year - 1 if month > ref.month else ref.year
    return ref.year - 1 if (month, day) > (ref.month, ref.day) else ref.year


def _checked(year: int, month: int, day: int | None) -> str | None:
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return _iso(year, month, day)


# ---------------------------------------------------------------- candidates
@dataclass(frozen=True)
class _Candidate:
    """A match in folded coordinates; ``value`` None when the article date is needed and missing."""

    start: int
    end: int
    value: str | None
    kind: str
    period: bool = False  # names a whole month or year, so "بداية"/"أواخر" may attach
    part: str | None = None
    leads: bool = False  # a day word ("أمس", "يوم الثلاثاء") that an explicit date may follow
    days_before_article: int | None = None  # "أمس ... 18 آذار": the article is one day later
    why: str | None = None  # what decided the value, when a rule overrode the plain reading


_Handler = Callable[[re.Match[str], _Folded, "_Ref | None"], "_Candidate | None"]


def _candidate(m: re.Match[str], value: str | None, kind: str, period: bool = False, leads: bool = False,
               days_before_article: int | None = None) -> _Candidate:
    return _Candidate(m.start("x"), m.end("x"), value, kind, period, leads=leads,
                      days_before_article=days_before_article)


def _day_of(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    if groups.get("dd"):
        return int(groups["dd"].removeprefix("ال").strip())
    if groups.get("do"):
        return _ORDINALS[_key(groups["do"])]
    return None


def _direction(m: re.Match[str]) -> int | None:
    """-1, 0 or 1 for a qualifier like الماضي/الجاري/المقبل; None when there is none."""
    word = m.groupdict().get("q")
    return _QUALS[_key(word)] if word else None


def _month_match(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    month, day, direction, year = _MONTHS[_key(m.group("m1"))], _day_of(m), _direction(m), m.group("y")
    paired = any(m.group(g) for g in ("m2", "m3", "m4"))
    if day is None and not (year or direction is not None or paired or m.groupdict().get("shahr")):
        if not _CUE_BEFORE.search(f.text, max(0, m.start() - 30), m.start()):
            return None  # "مارس" the verb, "نيسان" a name: a lone month needs a cue
    if day is not None and not year and _MOVEMENT_BEFORE.search(f.text, max(0, m.start() - 20), m.start()):
        return None
    if year:
        value = _checked(int(year), month, day)
        return _candidate(m, value, "absolute", day is None) if value else None
    if ref is None:
        return _candidate(m, None, "relative")
    resolved = _month_year(ref, month, day, direction)
    if resolved is None:
        return _candidate(m, ref.iso(), "relative")
    value = _checked(resolved, month, day)
    return _candidate(m, value, "relative", day is None) if value else None


def _hijri(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    month, year, day = _HIJRI[_key(m.group("hm"))], int(m.group("y")), _day_of(m)
    try:
        if day is not None:
            return _candidate(m, Hijri(year, month, day).to_gregorian().isoformat(), "hijri")
        mid = Hijri(year, month, 15).to_gregorian()  # the Gregorian month holding most of it
    except (ValueError, OverflowError):
        return None
    return _candidate(m, _iso(mid.year, mid.month), "hijri")


def _numeric(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    value = _checked(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _candidate(m, value, "absolute") if value else None


def _year(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    return _candidate(m, m.group("y"), "year", True)


def _hijri_year(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    try:
        mid = Hijri(int(m.group("y")), 7, 1).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return _candidate(m, str(mid.year), "hijri", True)


def _bare_year(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    cued = (_CUE_BEFORE.search(f.text, max(0, m.start() - 30), m.start())
            or _YEAR_RANGE_BEFORE.search(f.text, max(0, m.start("x") - 12), m.start("x"))
            or _YEAR_RANGE_AFTER.match(f.text, m.end()))
    if not cued or _COUNTED_AFTER.match(f.text, m.end()):
        return None
    return _candidate(m, m.group("y"), "year", True)


def _reference_year(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    """"بحلول عام 2030", "حرب 1967": the year alone (its noun is not part of the span), kind "reference"
    when the year lies on the side its noun looks to; else an ordinary year (a plan for this year)."""
    year = int(m.group("y"))
    forward = m.group("fw") is not None
    if ref is not None and (year <= ref.year if forward else year >= ref.year - 1):
        kind = "year"  # "خطة 2017" in 2017, "ثورة 2011" told in 2012: the story's own time
    else:
        kind = REFERENCE
    return _Candidate(m.start("yy"), m.end("yy"), m.group("y"), kind, period=kind == "year")


def _copyright_year(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    """A year in a copyright line or after an outlet's name: the year the page speaks of."""
    group = "x" if m.groupdict().get("x") else "x2"
    return _Candidate(m.start(group), m.end(group), m.group(group), "year")


def _relative_day(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    word = _key(m.group("w"))
    if word == "غدا":  # without tanween "غدا" is mostly the verb "became"
        s, e = f.span(m.start("x"), m.end("x"))
        if "\u064b" not in f.original[s:e] and not re.match(r"\s*(?:[.,،؛!؟]|$)", f.text[m.end():]):
            return None
    n = _REL_DAYS[word]
    return _candidate(m, _shift_days(ref, n) if ref else None, "relative", leads=True, days_before_article=-n)


def _period(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    unit, n = _PERIODS[_key(m.group("u") or m.group("u2"))], _direction(m) or 0
    if ref is None:
        return _candidate(m, None, "relative")
    value = _week(ref, n) if unit == "week" else _shift(ref, unit, n)
    return _candidate(m, value, "relative", unit != "week")


def _day_of_period(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    """"في التاسع من الشهر الجاري", "22 من الشهر الماضي": a day of a month named relatively."""
    if ref is None:
        return _candidate(m, None, "relative")
    if ref.month is None:
        return _candidate(m, ref.iso(), "relative")
    month = _shift_months(ref, _direction(m) or 0)
    value = _checked(int(month[:4]), int(month[5:]), _day_of(m))
    return _candidate(m, value, "relative") if value else None


def _ago(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    if m.group("dir") == "قبل" and _FROM_AN_EVENT.match(f.text, m.end()):
        return None
    unit, carried = _UNITS[_key(m.group("u"))]
    count = m.group("n")
    n = (int(count) if count.isdigit() else _COUNTS[_key(count)]) if count else carried
    if not n:
        return None  # "منذ أيام": no number, no date
    return _candidate(m, _shift(ref, unit, -n) if ref else None, "relative")


def _weekday(m: re.Match[str], f: _Folded, ref: _Ref | None) -> _Candidate | None:
    if not m.group("tod") and _NOT_WEEKDAY_BEFORE.search(f.text, max(0, m.start() - 20), m.start()):
        return None
    if ref is None or ref.day is None:
        return _candidate(m, None, "weekday", leads=True)  # kept only to merge with an explicit date after it
    target, direction = _WEEKDAYS[_key(m.group("wd"))], _direction(m)
    back = (ref.as_date.weekday() - target) % 7
    if direction == 1:
        day = ref.as_date + timedelta(days=(target - ref.as_date.weekday()) % 7 or 7)
    else:
        day = ref.as_date - timedelta(days=back or (7 if direction == -1 else 0))
    return _candidate(m, day.isoformat(), "weekday", leads=True)


def _starts(text: str) -> tuple[list[int], list[int]]:
    """Where an expression may begin (``_WORD_START``), and those of them where no digit begins the word."""
    starts = [m.start() for m in _WORD_START.finditer(text)]
    return starts, [start for start in starts if not text[start].isdecimal()]  # what \d matches


def _matches(rx: re.Pattern[str], f: _Folded, starts: list[int]) -> Iterable[re.Match[str]]:
    """``rx.finditer(f.text)``, trying only ``starts`` when ``rx`` opens with a word (``_rx``)."""
    if rx in _SCANNED_IN_FULL:
        yield from _full_scan(rx, f)
        return
    if rx is _P_REFERENCE_YEAR and not _full_scan(_YEAR, f):
        return  # no year, no reference to one
    text, end = f.text, 0
    for start in starts:
        if start >= end and (m := rx.match(text, start)):
            end = m.end()
            yield m


_YEAR = re.compile(r"(?:19|20)\d\d")
_LINE_END_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)(?=\s*(?:$|\n|[-–|.,،:]))", re.MULTILINE)  # as in _P_MASTHEAD_YEAR
_COPYRIGHT_WORD = re.compile(rf"(?i){_COPYRIGHT}")
_COPYRIGHT_LATIN = re.compile(r"(?i)\(c\)|copyright")
if not all("©" in w or "حقوق" in w or _COPYRIGHT_LATIN.fullmatch(w) for w in map(_fold, COPYRIGHT_WORDS)):
    raise ValueError("a copyright word _may_hold_copyright does not look for")


def _may_hold_copyright(text: str) -> bool:
    """Whether ``text`` may hold a copyright word: one of its marks, cheaper to find than the words."""
    return "©" in text or "حقوق" in text or _COPYRIGHT_LATIN.search(text) is not None


# The last word of each outlet's name and of each outlet suffix: a masthead year comes after one.
_MASTHEAD_LAST_WORDS = tuple({name.split()[-1] for name in [*_outlet_names(), *map(_fold, _OUTLET_SUFFIXES)]})
_MASTHEAD_SEPARATORS = "-–|:,،"  # as in _P_MASTHEAD_YEAR


def _may_hold_masthead(text: str) -> bool:
    """Whether a year at the end of its line comes after the last word of an outlet's name or of an
    outlet suffix, with only white space and at most one separator between them, as in
    ``_P_MASTHEAD_YEAR`` (a necessary condition, far cheaper than the pattern's alternation of names)."""
    for year in _LINE_END_YEAR.finditer(text):
        before = _after_last_word(text, year.start())
        if text.endswith(_MASTHEAD_LAST_WORDS, 0, before):
            return True
        if before and text[before - 1] in _MASTHEAD_SEPARATORS \
                and text.endswith(_MASTHEAD_LAST_WORDS, 0, _after_last_word(text, before - 1)):
            return True
    return False


def _after_last_word(text: str, i: int) -> int:
    """``i`` moved back over the white space (what ``\\s`` matches) before it."""
    while i and text[i - 1].isspace():
        i -= 1
    return i


_NUMBER_BEFORE_SEPARATOR = re.compile(r"\d+(?=[/.\-]| / )")


def _full_scan(rx: re.Pattern[str], f: _Folded) -> list[re.Match[str]]:
    """``list(rx.finditer(f.text))`` for an expression scanned in full, remembered with the folded text.

    Each of them holds a year (19xx or 20xx), so a text without one is not scanned; a copyright year
    needs a copyright word and a masthead year a year at the end of its line, which are cheaper to look
    for first. A numeric date can only begin at a run of digits followed by its separator (its
    look-behind rules out a digit before it), so it is tried only there, the way finditer meets them."""
    found = f.scans.get(rx)
    if found is not None:
        return found
    text = f.text
    if rx is _YEAR:
        found = [m] if (m := _YEAR.search(text)) else []  # whether there is one
    elif rx is _NUMBER_BEFORE_SEPARATOR:
        found = list(rx.finditer(text))  # where both numeric expressions may begin
    elif not _full_scan(_YEAR, f) or (rx is _P_COPYRIGHT_YEAR and not _may_hold_copyright(text)) \
            or (rx is _P_MASTHEAD_YEAR and not _may_hold_masthead(text)):
        found = []
    elif rx is _P_NUMERIC or rx is _P_ISO:
        found, end = [], 0
        for run in _full_scan(_NUMBER_BEFORE_SEPARATOR, f):
            if run.start() >= end and (m := rx.match(text, run.start())):
                end = m.end()
                found.append(m)
    else:
        found = list(rx.finditer(text))
    f.scans[rx] = found
    return found


# Scanned in full: digits may begin inside a word ("م22/7/2017"); a copyright sign or an outlet's name
# opens no expression the word-start scan knows.
_SCANNED_IN_FULL = frozenset({_P_NUMERIC, _P_ISO, _P_COPYRIGHT_YEAR, _P_MASTHEAD_YEAR})
# The expressions built by ``_rx`` whose core may open with a digit; the others are not tried where a
# digit begins the word (no clitic is a digit, and none of their first words begins with one).
_DIGIT_LED = frozenset({_P_DAY_MONTH, _P_DAY_OF_PERIOD, _P_HIJRI, _P_BARE_YEAR})
_GRAMMAR: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_P_REFERENCE_YEAR, _reference_year), (_P_COPYRIGHT_YEAR, _copyright_year), (_P_MASTHEAD_YEAR, _copyright_year),
    (_P_MONTH_DAY_YEAR, _month_match), (_P_DAY_MONTH, _month_match), (_P_MONTH, _month_match), (_P_DAY_OF_PERIOD, _day_of_period),
    (_P_HIJRI, _hijri), (_P_NUMERIC, _numeric), (_P_ISO, _numeric), (_P_YEAR, _year),
    (_P_HIJRI_YEAR, _hijri_year), (_P_BARE_YEAR, _bare_year),
    (_P_REL_DAY, _relative_day), (_P_PERIOD, _period), (_P_AGO, _ago), (_P_WEEKDAY, _weekday),
)


def _merge_day_words(f: _Folded, found: list[_Candidate]) -> list[_Candidate]:
    """"أمس الجمعة 18 آذار 2011", "يوم الثلاثاء 22 تموز": one expression.

    The explicit date, when there is one, is the value; else the relative day word's ("أمس الجمعة"),
    which needs no weekday arithmetic.
    """
    out: list[_Candidate] = []
    for c in found:
        prev = out[-1] if out else None
        if not (prev and prev.leads and _BETWEEN_DAY_WORD_AND_DATE.fullmatch(f.text, prev.end, c.start)):
            out.append(c)
        elif c.kind == "weekday" and prev.value and c.value and prev.value != c.value \
                and (prev.days_before_article or 0) >= 0:
            # "اليوم الثلاثاء" in an article dated a Wednesday: the weekday the text names decides
            # (the nearest such day on or before the article date); kind "weekday" says so.
            out[-1] = replace(prev, end=c.end, value=c.value, kind="weekday", days_before_article=None,
                              why=f"the weekday named decides: {c.value}, the nearest such day on or before "
                                  f"the article date, not {prev.value}")
        elif c.kind == "weekday":
            out[-1] = replace(prev, end=c.end, value=prev.value or c.value)
        elif c.value and len(c.value) == 10 and not c.leads:
            out[-1] = replace(c, start=prev.start, days_before_article=prev.days_before_article)
        else:
            out.append(c)
    return out


def _attach_parts(f: _Folded, found: list[_Candidate]) -> list[_Candidate]:
    """"بداية 2011", "أواخر الشهر الماضي": the period, with which part of it."""
    out = []
    for c in found:
        m = _PART_BEFORE.search(f.text, max(0, c.start - 20), c.start) if c.period else None
        out.append(replace(c, start=m.start("p"), part=_PARTS[_key(m.group("p"))]) if m else c)
    return out


def find_dates(text: str, reference: str | None) -> list[DateMention]:
    """All temporal expressions in `text`, offsets into `text` (text[start:end] == m.text), sorted by start.

    `reference` is the document date (ISO, maybe reduced precision '2017', '2017-07', '2017-07-22' or None)
    used to resolve relative expressions; when it is None, relative expressions that need it are not
    returned. Raises ValueError for a reference that is not such a date.
    """
    found = [mention for mention, _ in _find(text, reference)]
    _last_folded.clear()  # the text's dates are found: its folded copy need not outlive them
    return found


def _find(text: str, reference: str | None) -> list[tuple[DateMention, int | None]]:
    """The mentions, each with how many days before the article it says it is ("أمس ..." -> 1), if it says."""
    ref = None
    if reference is not None:
        ref = _parse_iso(reference)
        if ref is None:
            raise ValueError(f"reference date {reference!r} is not an ISO date (2017, 2017-07 or 2017-07-22)")
    f = _fold_with_offsets(text)
    starts, word_starts = _starts(f.text)
    candidates = [c for rx, handler in _GRAMMAR for m in _matches(rx, f, starts if rx in _DIGIT_LED else word_starts)
                  if (c := handler(m, f, ref))]
    out = []
    for c in _attach_parts(f, _merge_day_words(f, longest_first(candidates))):
        if c.value is not None:
            start, end = f.span(c.start, c.end)
            out.append((DateMention(start, end, text[start:end], c.value, c.part, c.kind, c.why),
                        c.days_before_article))
    return out


# ---------------------------------------------------------------- the article's own date
_URL_DATES = (
    re.compile(r"(?<!\d)((?:19|20)\d\d)[/_\-](\d{1,2})[/_\-](\d{1,2})(?!\d)"),  # /2017/08/23/, 2017-07-25
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)"),  # /20170725/
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})(?=[/?#]|$)()"),  # /2017/08/ -> 2017-08
)
TOP_OF_TEXT = 400  # a dateline sits in the first lines; further down a full date is an event


def date_from_url(url: str | None) -> str | None:
    """ISO date found in a URL: /2017/08/23/, 2017-07-25, /20170725/, /2017/08/ (-> '2017-08'); None if none."""
    if not url:
        return None
    for rx in _URL_DATES:
        for m in rx.finditer(url):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
            if value := _checked(year, month, day):
                return value
    return None


def normalise_date(value: str) -> str:
    """A metadata date as ISO at its own precision ('2017-7-2' -> '2017-07-02', '22/07/2017', '22 تموز 2017').

    Raises ValueError naming the value when it is not a date: a wrong date must stop the document,
    not silently place its events in another month.
    """
    text = str(value).strip()
    try:
        ref = _parse_iso(text)
    except ValueError:
        raise ValueError(f"metadata date {value!r} is not a valid date") from None
    if ref is not None:
        return ref.iso()
    written = find_dates(text, None)
    if len(written) == 1 and written[0].text == text and written[0].kind in ("absolute", "hijri", "year"):
        return written[0].value
    parsed = _dateparser_date(text)
    if parsed is None:
        raise ValueError(f"metadata date {value!r} is not a date (expected e.g. 2017-07-22, 2017-07 or 2017)")
    return parsed


def _dateparser_date(text: str) -> str | None:
    """dateparser for the formats feeds use ('Sat, 22 Jul 2017 10:00 GMT', 'July 2017'); absolute only."""
    from dateparser.date import DateDataParser  # slow to import; only odd metadata needs it

    for parts, width in ((["day", "month", "year"], 10), (["month", "year"], 7)):
        parser = DateDataParser(languages=["ar", "en"], settings={
            "PARSERS": ["custom-formats", "absolute-time"], "DATE_ORDER": "DMY", "REQUIRE_PARTS": parts})
        found = parser.get_date_data(text).date_obj
        if found is not None:
            return found.date().isoformat()[:width]
    return None


def document_date(text: str, *, metadata_date: str | None = None, url: str | None = None) -> tuple[str | None, str]:
    """The document date and where it came from: metadata, else url, else a dateline/explicit full date near
    the top of the text (first ~400 chars, which holds the first lines), else (None, 'none').

    In the text, a full date anchored to the article ("اليوم الأحد 27 آذار 2016", "أمس الجمعة 18 آذار
    2011" -> the 19th) wins over a bare one, which may be an event's date.

    Source is one of 'metadata', 'url', 'text', 'none'. Reduced precision is kept as such. Metadata dates
    are validated and normalised ('2017-7-2' -> '2017-07-02'); one that is not a date raises ValueError.
    """
    if metadata_date is not None and str(metadata_date).strip():
        return normalise_date(metadata_date), "metadata"
    if from_url := date_from_url(url):
        return from_url, "url"
    full = [(m, before) for m, before in _find(text[:TOP_OF_TEXT + 40], None)  # slack: a date at the edge stays whole
            if m.start < TOP_OF_TEXT and m.kind in ("absolute", "hijri") and len(m.value) == 10]
    # "اليوم الأحد 27 آذار 2016" dates the article itself, wherever it sits in the top; an unanchored
    # full date does only in a dateline's place ("دمشق - 22 تموز 2017"), not inside a sentence.
    for m, before in sorted(full, key=lambda pair: pair[1] is None):
        if before is not None or _is_dateline(text, m.start):
            return (date.fromisoformat(m.value) + timedelta(days=before or 0)).isoformat(), "text"
    # No full date: a year in a date position (a masthead's, a copyright line's) gives the year.
    folded = _fold_with_offsets(text)  # the text ``find_dates`` folds next, and scans with these too
    for rx in (_P_MASTHEAD_YEAR, _P_COPYRIGHT_YEAR):
        if found := _full_scan(rx, folded):
            return found[0].group("x") or found[0].group("x2"), "text"
    return None, "none"


_DATELINE_LEAD_MAX = 40
_DATELINE_LEAD = re.compile(rf"[^\n.،,؛]{{0,{_DATELINE_LEAD_MAX}}}")
_PREPOSITION_BEFORE = re.compile(_fold(r"(?<!\w)[وف]?(?:في|منذ|حتى|قبل|بعد|خلال|من)\s*$"))


def _is_dateline(text: str, start: int) -> bool:
    """A date near the start of its line, not governed by a preposition (an event date is)."""
    lead = text[max(line_start(text, start), start - _DATELINE_LEAD_MAX - 1):start]  # longer: not a dateline
    return bool(_DATELINE_LEAD.fullmatch(lead)) and not _PREPOSITION_BEFORE.search(_fold(lead))


# ---------------------------------------------------------------- the date a place takes
_SENTENCE_END = re.compile(r"[.!?؟۔]+(?=\s|$)|\n")
_CLAUSE_END = re.compile(r"[.!?؟۔،,؛;:]+(?=\s|$)|\n")


def _bounds(text: str | None, lo: int, hi: int, at: int, ends: re.Pattern[str]) -> tuple[int, int]:
    """The [start, end) of the sentence or clause around ``at`` inside [lo, hi)."""
    if text is None:
        return lo, hi
    starts, stops = _ends_between(text, lo, hi, ends)
    # The last end at or before ``at``, and the first start at or after it (the matches are in order
    # and disjoint: at most one holds ``at`` inside it, and it bounds neither side).
    k = bisect_right(stops, at)
    j = bisect_left(starts, at)
    return (stops[k - 1] if k else lo), (starts[j] if j < len(starts) else hi)


_ends_cache: list[tuple[str, dict]] = [("", {})]  # the last text, and its ends by (pattern, lo, hi)


def _ends_between(text: str, lo: int, hi: int, ends: re.Pattern[str]) -> tuple[list[int], list[int]]:
    """Starts and ends of ``ends.finditer(text, lo, hi)``, remembered for the text's mentions (several
    mentions share a passage and a sentence)."""
    cached_text, table = _ends_cache[0]  # read once: another thread may replace it
    if cached_text is not text:
        table = {}
        _ends_cache[0] = (text, table)
    found = table.get((ends, lo, hi))
    if found is None:
        spans = [m.span() for m in ends.finditer(text, lo, hi)]
        found = table[(ends, lo, hi)] = ([s for s, _ in spans], [e for _, e in spans])
    return found


def governing_date(dates: list[DateMention], passage_start: int, passage_end: int, mention_start: int,
                   doc_date: str | None, doc_date_source: str, *, text: str | None = None) -> tuple[str | None, str]:
    """The date a place mention at `mention_start` takes.

    The date expression that governs its clause or sentence when there is one (same sentence, prefer the
    nearest preceding one in the clause), else the nearest one in its passage when the passage holds a single
    distinct date value (single event), else the document date. Returns (value, source) with source 'text'
    when it came from the text, else doc_date_source. Pass the document `text` to tell sentences and clauses
    apart inside a passage; without it the passage is taken as one sentence. A reference ("بحلول عام
    2030", "حرب 1967", kind "reference") dates no place, so it never stretches the timeline.
    """
    inside = [d for d in dates if passage_start <= d.start and d.end <= passage_end and d.kind != REFERENCE]
    sentence = _bounds(text, passage_start, passage_end, mention_start, _SENTENCE_END)
    clause = _bounds(text, *sentence, mention_start, _CLAUSE_END)
    for lo, hi in (clause, sentence):
        here = [d for d in inside if lo <= d.start and d.end <= hi]
        before = [d for d in here if d.end <= mention_start]
        after = [d for d in here if d.start >= mention_start]
        if before or after:
            chosen = max(before, key=lambda d: d.end) if before else min(after, key=lambda d: d.start)
            return chosen.value, "text"
    if len({d.value for d in inside}) == 1:
        return inside[0].value, "text"
    return doc_date, doc_date_source
