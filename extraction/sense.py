"""Literal place or actor: "قررت دمشق" is the government speaking, "في دمشق" is a spot on the map.

Only names that can stand for a state or a side (countries, capitals, supranational
regions: the composer says which) can be metonymic. The evidence we read, in order:

1. a preposition or a ب clitic right before the name → literal ("في سوريا", "بسوريا");
2. a governing agent noun, or "loyal/affiliated to" → metonymic ("دور إيران", "الموالي لإيران");
3. an agent verb right after it, past particles ("روسيا تقول", "دمشق لم تعد ترى") → metonymic;
4. an agent verb right before it, the verb-subject order of Arabic ("قالت روسيا",
   "تسعى إليه الولايات المتحدة") → metonymic;
5. listed with a metonymic name or an actor ("روسيا وإيران وتركيا", "النظام السوري وإيران").
Otherwise literal. Every decision carries a one-line reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from extraction.lexicon import AGENT_NOUNS, PLACE_GOVERNORS, PREPOSITIONS
from extraction.normalise import fold
from extraction.places import Finding
from extraction.tokens import Token
from extraction.verbs import looks_like_feminine_verb

LITERAL = "literal"
METONYMIC = "metonymic"

# Particles and auxiliaries that may stand between a subject and its verb ("دمشق لم تعد ترى").
_PARTICLES = frozenset(fold(w) for w in "لم لن قد لا ما تزال لاتزال مازالت زالت سوف تعد يعد عادت باتت بات "
                                        "أصبحت اصبحت ظلت كانت كان تكاد".split())
_PRONOUN_PREPS = frozenset(fold(w) for w in "إليه اليه إليها اليها عنه عنها له لها عليه عليها منه منها به بها فيه فيها "
                                            "لهم لهن عليهم منهم بهم فيهم عنهم إليهم اليهم "
                                            "أيضا ايضا اليوم أمس امس مجددا بدورها بدوره".split())
# "أميركا وحلفاؤها": a name with its allies or partners is a side.
_ALLIES_AFTER = frozenset(fold(w) for w in "وحلفاؤها وحلفائها وحلفاءها وحلفاؤه وحلفائه وشركاؤها وشركائها "
                                           "وأتباعها واتباعها ووكلاؤها ووكلائها".split())
_WITH = fold("مع")
# Verbs whose object is a party too: one state congratulates, accuses or urges another. (Not verbs
# of force: in "قصفت إسرائيل دمشق" Damascus is the place struck.)
_ADDRESS_VERBS = frozenset(fold(w) for w in "هنأت تهنئ اتهمت تتهم حملت تحمل طالبت تطالب دعت تدعو حثت تحث "
                                           "حذرت تحذر ناشدت تناشد أبلغت ابلغت تبلغ شكرت تشكر انتقدت تنتقد "
                                           "أدانت ادانت تدين دعمت تدعم".split())
_CLAUSE_BREAK = set("،,.;:؛!?؟\n")
_ALLEGIANCE = frozenset(fold(w) for w in "الموالي الموالية الموالين الموالون التابعة التابع التابعين المدعومة "
                                         "موالية موال موالين تابعة مدعومة المدعوم المدعومين الحليف الحليفة "
                                         "المقربة المقرب".split())
# Nouns of interaction: "الصراع بين إيران وداعش" makes the names parties, not places.
_INTERACTIONS = frozenset(fold(w) for w in "الصراع صراع الخلاف خلاف الخلافات خلافات اتفاق الاتفاق التنسيق تنسيق "
                                           "الحرب حرب المواجهة مواجهة التوتر توتر العلاقات علاقات المفاوضات "
                                           "مفاوضات التعاون تعاون التنافس تنافس الاتفاقية اتفاقية المحادثات محادثات "
                                           "التقارب تقارب القطيعة النزاع نزاع الحوار حوار الحديث التفاوض التواصل "
                                           "الاتصالات المباحثات مباحثات الشراكة شراكة العلاقة علاقة".split())
_BETWEEN = fold("بين")
_ALONGSIDE = frozenset(fold(w) for w in "بجانب جانب".split())
_ACTORS = frozenset(fold(w) for w in "النظام المعارضة داعش الحكومة حزب الفصائل".split())
def _is_definite_adjective(token: Token) -> bool:
    """"الجديدة", "الرسمية": an adjective that may stand between a name and its verb."""
    return token.norm.startswith("ال") and token.norm.endswith(("يه", "ي", "ه")) and len(token.norm) >= 5


def _strip_prep(norm: str) -> str:
    """"بتحالف" → "تحالف": a preposition written onto a governing noun."""
    return norm[1:] if len(norm) > 3 and norm[0] in "بل" else norm


def _strip_conj(norm: str) -> str:
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm


def sense_of(clean: str, tokens: Sequence[Token], f: Finding) -> tuple[str, str]:
    """The sense of one actor-capable finding from its own context (rules 1–4)."""
    prev = tokens[f.first_token - 1] if f.first_token > 0 else None
    nxt_i = f.last_token + 1
    first_norm = tokens[f.first_token].norm
    clitic_prep = clean[f.start - 1:f.start] in ("ب", "ل") and first_norm[:1] in "بلوف"
    if prev is not None and prev.norm in _ALLEGIANCE:
        return METONYMIC, f"after «{clean[prev.start:prev.end]}»"
    if prev is not None and _strip_conj(prev.norm) in _ALONGSIDE:
        return METONYMIC, f"an ally: after «{clean[prev.start:prev.end]}»"
    if prev is not None and prev.norm in (_BETWEEN, _WITH) and any(
            _strip_conj(t.norm) in _INTERACTIONS for t in tokens[max(0, f.first_token - 4):f.first_token - 1]):
        return METONYMIC, "a party to a conflict, talks or agreement"
    if f.last_token + 1 < len(tokens) and tokens[f.last_token + 1].norm in _ALLIES_AFTER:
        return METONYMIC, "a side with its allies"
    if prev is not None and (prev.norm in PREPOSITIONS or _strip_conj(prev.norm) in PREPOSITIONS) or clitic_prep:
        return LITERAL, "after a preposition"
    if prev is not None and _strip_conj(prev.norm) in PLACE_GOVERNORS:
        return LITERAL, f"the place of «{clean[prev.start:prev.end]}»"  # "سكان دمشق", "دخول دمشق"
    if prev is not None and _strip_prep(_strip_conj(prev.norm)) in AGENT_NOUNS:
        return METONYMIC, f"governed by «{clean[prev.start:prev.end]}»"
    while nxt_i < len(tokens) and (tokens[nxt_i].norm in _PARTICLES or _is_definite_adjective(tokens[nxt_i])):
        nxt_i += 1  # "دمشق لم تعد ترى", "دمشق الجديدة تطلب"
    if nxt_i < len(tokens) and looks_like_feminine_verb(clean, tokens[nxt_i]) and \
            not _CLAUSE_BREAK & set(clean[f.end:tokens[nxt_i].start]):
        verb = tokens[nxt_i]
        return METONYMIC, f"subject of «{clean[verb.start:verb.end]}»"
    before = prev
    if before is not None and before.norm in _PRONOUN_PREPS and f.first_token >= 2:
        before = tokens[f.first_token - 2]
    if before is not None and looks_like_feminine_verb(clean, before) \
            and not _CLAUSE_BREAK & set(clean[before.end:f.start]):
        return METONYMIC, f"subject of «{clean[before.start:before.end]}»"
    return LITERAL, "no sign of an actor"


def assign_senses(clean: str, tokens: Sequence[Token], findings: Sequence[Finding],
                  actor_capable: Sequence[bool]) -> list[tuple[str, str]]:
    """Sense and reason for every finding; list neighbours share metonymy (rule 5)."""
    senses = [sense_of(clean, tokens, f) if able else (LITERAL, "a place, not a state or capital")
              for f, able in zip(findings, actor_capable)]
    for i in range(1, len(findings)):  # "عادوا من ألمانيا والسويد ستمنح…": the list's preposition governs
        if senses[i][1].startswith("subject of") and senses[i - 1][1] == "after a preposition" \
                and _listed_together(clean, findings[i - 1], findings[i]):
            senses[i] = (LITERAL, "listed after a preposition")
    changed = True
    while changed:
        changed = False
        for i, f in enumerate(findings):
            if not actor_capable[i] or senses[i][0] == METONYMIC:
                continue
            shared = _shares_an_actors_clause(clean, tokens, findings, senses, i)
            if shared:
                senses[i] = (METONYMIC, shared)
                changed = True
                continue
            if senses[i][1] == "after a preposition":
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(findings) and senses[j][0] == METONYMIC and _listed_together(
                        clean, findings[min(i, j)], findings[max(i, j)]):
                    senses[i] = (METONYMIC, f"listed with «{findings[j].text}»")
                    changed = True
                    break
            else:
                actors = [t for t in tokens[max(0, f.first_token - 2):f.first_token] if t.norm in _ACTORS]
                if actors and clean[f.start - 1:f.start] == "و":
                    senses[i] = (METONYMIC, f"listed with «{clean[actors[-1].start:actors[-1].end]}»")
    return senses


def _shares_an_actors_clause(clean: str, tokens: Sequence[Token], findings: Sequence[Finding],
                             senses: list[tuple[str, str]], i: int) -> str:
    """The reason when a state acts on or with another ("هنأت موسكو دمشق", "تتقاسم طهران مع موسكو")."""
    f = findings[i]
    if i == 0:
        return ""
    left = findings[i - 1]
    if senses[i - 1][0] != METONYMIC:
        return ""
    verb = tokens[left.first_token - 1] if left.first_token else None
    if verb is not None and _strip_conj(verb.norm) in _ADDRESS_VERBS and left.last_token + 1 == f.first_token \
            and not clean[left.end:f.start].strip():
        return f"addressed by «{left.text}» ({clean[verb.start:verb.end]})"
    prev = tokens[f.first_token - 1] if f.first_token else None
    if prev is not None and prev.norm == _WITH and left.last_token >= f.first_token - 4:
        return f"acting together with «{left.text}»"
    return ""


def _listed_together(clean: str, left: Finding, right: Finding) -> bool:
    """True when ``right`` follows ``left`` directly, joined by و or a list comma."""
    if right.first_token != left.last_token + 1:
        return False
    gap = "".join(clean[left.end:right.start].split())
    return gap in ("و", "،", ",", "،و", ",و")
