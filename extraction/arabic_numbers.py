"""Arabic number words that dates are written with, as data.

Days of the month are often spelled as ordinals ("في الثاني والعشرين من تموز") and
relative expressions count with words ("منذ ثلاثة أيام"). Neither dateparser nor
camel-tools reads these, so the words live here as plain tables; keys are written in
ordinary spelling and folded by the caller together with the text.
"""

from __future__ import annotations

_ORDINAL_UNITS = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")
# "One" in a compound ordinal: الحادي عشر، الحادي والعشرين (also الواحد والعشرين in the press).
_ONE_IN_COMPOUNDS = ("الحادي", "الواحد")
# Tens take either case ending in news copy: الثاني والعشرين / الثاني والعشرون.
_TENS = {20: ("العشرين", "العشرون"), 30: ("الثلاثين", "الثلاثون")}


def _ordinal_days() -> dict[str, int]:
    """Every spelling of the ordinals 1..31 as used for days of the month."""
    days: dict[str, int] = {word: n for n, word in enumerate(_ORDINAL_UNITS, start=1)}
    days["العاشر"] = 10
    for n in range(1, 10):
        unit_words = _ONE_IN_COMPOUNDS if n == 1 else (_ORDINAL_UNITS[n - 1],)
        for unit in unit_words:
            days[f"{unit} عشر"] = 10 + n
    for tens, words in _TENS.items():
        for word in words:
            days[word] = tens
            for n in range(1, 10 if tens == 20 else 2):
                unit_words = _ONE_IN_COMPOUNDS if n == 1 else (_ORDINAL_UNITS[n - 1],)
                for unit in unit_words:
                    days[f"{unit} و{word}"] = tens + n
    return days


ORDINAL_DAYS: dict[str, int] = _ordinal_days()

# Cardinal words that count days, weeks, months or years ("ثلاثة أيام", "خمس سنوات").
COUNT_WORDS: dict[str, int] = {
    "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6,
    "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "ثمان": 8, "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
}
