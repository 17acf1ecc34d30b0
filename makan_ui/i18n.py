"""The interface's words in Arabic and English: every label, button, caption and message.

No string shown by the interface is written anywhere else: the page and its parts call ``t(key)``
(with ``str.format`` fields) and the language comes from the sidebar's switch, Arabic by default when
the browser asks for Arabic. Numbers and dates are formatted for the chosen language with Babel.
Article text is never translated, only the interface around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LANGUAGES = {"en": "English", "ar": "العربية"}
DEFAULT = "en"

# key -> text; the Arabic table has every key of the English one (a test checks it).
STRINGS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "app.title": "Makan · مكان",
    },
    "ar": {
        "app.title": "مكان · Makan",
    },
}

_current = DEFAULT


def set_language(language: str) -> None:
    """Choose the language of every later ``t`` call in this script run."""
    global _current
    _current = language if language in STRINGS else DEFAULT


def language() -> str:
    """The language of this run: ``"en"`` or ``"ar"``."""
    return _current


def is_rtl() -> bool:
    """Whether the interface is laid out right to left."""
    return _current == "ar"


def t(key: str, **fields: object) -> str:
    """The text of ``key`` in the current language (English if a table lacks it), fields filled in."""
    text = STRINGS[_current].get(key) or STRINGS[DEFAULT][key]
    return text.format(**fields) if fields else text


def number(value: float) -> str:
    """A count or figure written the way the chosen language writes numbers."""
    return format_decimal(value, locale=_current)


def day(value: date) -> str:
    """A date written for the chosen language (``12 يوليو 2015``, ``Jul 12, 2015``)."""
    return format_date(value, format="medium", locale=_current)
