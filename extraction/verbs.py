"""Verbs by their shape: which word next to a state's name is a verb agreeing with it.

Arabic names of states and cities are feminine, so a verb they govern is feminine: past "…ت"
(نجحت، هنأت، اكتفت) or imperfect "ت…" (تشدد، تتقاسم). A list of common agent verbs
(lexicon.AGENT_VERBS) is checked first; the shape rules let unseen verbs count too, while nouns
of the same shape (بيت، وقت، تحرير، تعاون) are kept out.
"""

from __future__ import annotations

from extraction.lexicon import AGENT_VERBS
from extraction.normalise import fold
from extraction.tokens import Token

OBJECT_SUFFIXES = ("هما", "هم", "ها", "ه", "نا", "كم")


def verb_stem(norm: str) -> str:
    """Peel و/ف/س and an object pronoun so "وستبقى" and "قادتها" meet the verb list."""
    word = norm
    for prefix in ("وس", "فس", "و", "ف", "س"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3 and word[len(prefix):] in AGENT_VERBS:
            return word[len(prefix):]
    for suffix in OBJECT_SUFFIXES:
        if word.endswith(suffix) and word[: -len(suffix)] in AGENT_VERBS:
            return word[: -len(suffix)]
    return word


# Nouns and particles shaped like a feminine verb (ending in ت, or starting with ت): never verbs here.
_NOT_VERBS = frozenset(fold(w) for w in (
    "بيت وقت تحت صوت موت سبت زيت بنت أخت اخت ذات ثبوت سكوت نعت تابوت ياقوت كبريت انترنت إنترنت ليست "
    "كانت باتت ظلت أصبحت اصبحت تعد تزال تكاد تعاون تحالف تدخل تقدم توتر تبادل تنافس تواصل تراجع تفاهم "
    "تضامن تمويل تأثير تحرك تصريح تصريحات توقيت تاريخ تركيا تونس تركمان ثلاثة تسعة تمام").split())
_MASDAR_II = "ي"  # تفعيل: a ي before the last letter marks the verbal noun (تحرير، تقرير، تنظيم)


def looks_like_feminine_verb(clean: str, token: Token | None, present: bool = True) -> bool:
    """A verb that agrees with a state's (feminine) name: past "…ت" (نجحت، هنأت، اكتفت) or, with
    ``present``, imperfect "ت…" (تشدد، تتقاسم). Shape, not a list, so unseen verbs count too."""
    if token is None:
        return False
    if is_agent_verb(token):
        return True
    word = token.norm
    raw = clean[token.start:token.end]
    for prefix in ("وس", "فس", "و", "ف", "س"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            word = word[len(prefix):]
            break
    for suffix in OBJECT_SUFFIXES:
        if word.endswith("ت" + suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word in _NOT_VERBS or not 4 <= len(word) <= 7:
        return False
    if word.startswith("ال"):  # only form VIII verbs (التزمت، التقت) begin so; nouns (التوقيت) have ي before ت
        return word.startswith("الت") and word.endswith("ت") and word[-2] not in "اي"
    if word.endswith("ت") and (not word.endswith("ات") or raw.endswith(("أت", "ئت"))):  # هنأت، بدأت
        return True
    return present and word.startswith("ت") and not word.endswith(("ه", "ات", "ي", "ين", "ون")) \
        and word[-2] != _MASDAR_II


def is_agent_verb(token: Token | None) -> bool:
    return token is not None and verb_stem(token.norm) in AGENT_VERBS
