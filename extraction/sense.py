"""Literal place or actor: "قررت دمشق" is the government speaking, "في دمشق" is a spot on the map.

Only names that can stand for a state or a side (countries, capitals, supranational
regions: the composer says which) can be metonymic. The evidence we read, in order:

1. a preposition or a ب clitic right before the name → literal ("في سوريا", "بسوريا"), unless
   what governs the preposition makes the name a party: a passive agent or a source ("المدعومة
   من أنقرة", "دعم من روسيا"), a target of measures ("عقوبات على موسكو"), the aim of a policy
   ("انفتاح نحو بغداد"), a receiver of an advantage ("لأنقرة ورقة ضغط"), a capital's voices
   ("مصادر في باريس"), "إن لـX"; allies and partners ("حليفتا موسكو") are parties too, and a
   state that witnesses or suffers events ("يشهدها اليمن") is where they happen;
2. a governing agent noun, or "loyal/affiliated to" → metonymic ("دور إيران", "الموالي لإيران");
3. an agent verb right after it, past particles ("روسيا تقول", "دمشق لم تعد ترى") → metonymic;
4. an agent verb right before it, the verb-subject order of Arabic ("قالت روسيا",
   "تسعى إليه الولايات المتحدة") → metonymic;
5. the object of a verb of warning, supporting or accusing ("حذّر الرئيس واشنطن") → metonymic;
6. listed with a metonymic name or an actor ("روسيا وإيران وتركيا", "النظام السوري وإيران").
Otherwise literal. Every decision carries a one-line reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from extraction.lexicon import AGENT_NOUNS, PLACE_GOVERNORS, PREPOSITIONS
from extraction.normalise import fold
from extraction.places import Finding
from extraction.tokens import Token
from extraction.verbs import looks_like_feminine_verb, verb_stem

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
_INTERACTIONS |= frozenset(fold(w) for w in "وساطة الوساطة مصالحة المصالحة التقريب تقريب التوسط توسط".split())
_BETWEEN = fold("بين")
_ALONGSIDE = frozenset(fold(w) for w in "بجانب جانب".split())
_ACTORS = frozenset(fold(w) for w in "النظام المعارضة داعش الحكومة حزب الفصائل".split())
# A preposition that introduces an actor, not a spot: what precedes it says so. Each table pairs
# prepositions with the nouns (written bare: no article, no clitic) that make the name a party.
_FROM = frozenset(fold(w) for w in "من ومن".split())
_SOURCE_NOUNS = frozenset(fold(w) for w in (
    "دعم مساندة تمويل إسناد اسناد قرار قرارات أوامر اوامر أمر امر ضغوط ضغط ضوء طلب طلبات مبادرة مقترح "
    "عرض موافقة رفض تهديد تهديدات تحذير تحذيرات رسالة رسائل إشارة اشارة إشارات اشارات ضمانات تطمينات "
    "مدعومة مدعوم مدعومين مدعومون ممولة ممول مدفوعة مسنودة مفروضة مفروض موجهة مقدمة دعوة دعوات إملاءات "
    "املاءات توجيهات تعليمات").split())
_AGAINST = frozenset(fold(w) for w in "على وعلى ضد وضد".split())
_MEASURE_NOUNS = frozenset(fold(w) for w in (
    "عقوبات عقوبة ضغوط ضغط قيود رسوم تعريفات اتهامات انتقادات شروط").split())
# (Not "حملة" nor "حظر": an air campaign or a no-fly zone over a state strikes a place.)
_TOWARD = frozenset(fold(w) for w in "نحو تجاه إزاء ازاء حيال إلى الى ونحو وتجاه وإلى والى".split())
_STANCE_NOUNS = frozenset(fold(w) for w in (
    "انفتاح تقارب تطبيع سياسة سياسات موقف مواقف عداء رسائل رسالة مبادرة مبادرات انحياز ميل عداوة "
    "استدارة تحول موجهة موجه").split())
# "مصادر في باريس", "لا يبدو أحد في واشنطن": the voices of a capital speak for its government.
_IN = frozenset(fold(w) for w in "في وفي".split())
_VOICE_NOUNS = frozenset(fold(w) for w in (
    "مصادر مصدر مسؤولون مسؤولين مسؤول أوساط اوساط دوائر أحد احد صناع صانعي المسؤولين "
    "نظام حكومة سلطات قيادة حكام").split())  # "نظام الملالي بطهران", "الحكومة في دمشق"
# What one state gives another: "قدّم الاتفاق لأنقرة ورقة ضغط".
_GIFT_NOUNS = frozenset(fold(w) for w in (
    "ورقة أوراق اوراق ذريعة غطاء مكاسب مكسب تنازلات تنازل ضمانات نفوذ ميزة أفضلية افضلية يد "
    "شرعية حصانة امتيازات امتياز").split())
# Verbs between a noun and its source ("القرار جاء من طهران") and words that may follow the noun.
_LINK_VERBS = frozenset(fold(w) for w in "جاء جاءت صدر صدرت يأتي تأتي أتى اتى أتت اتت يصدر تصدر".split())
_PLAIN_ADJECTIVES = frozenset(fold(w) for w in (
    "مباشر مباشرة كبير كبيرة واسع واسعة قوي قوية جديد جديدة جديدا إضافي إضافية اضافي اضافية "
    "صارمة صارم علني علنية واضح واضحة أكبر اكبر متزايد متزايدة أخضر اخضر").split())
# Verbs whose object is a party: one warns, supports or accuses a state ("حذّر الرئيس واشنطن").
_OBJECT_VERBS = frozenset(fold(w) for w in (
    "حذر حذرت يحذر تحذر اتهم اتهمت يتهم تتهم دعم دعمت يدعم تدعم ساند ساندت يساند تساند أيد ايد "
    "أيدت ايدت يؤيد تؤيد ناشد ناشدت يناشد تناشد طالب طالبت يطالب تطالب حث حثت يحث تحث هنأ هنأت "
    "يهنئ تهنئ انتقد انتقدت ينتقد تنتقد أبلغ ابلغ أبلغت ابلغت يبلغ تبلغ "
    "دعا دعت يدعو تدعو شكر شكرت يشكر تشكر").split())
# "حمّل المصدر أنقرة المسؤولية": to blame, not to carry ("حمل المتظاهرون أعلام سوريا"), when the
# verb is written with its shadda or "responsibility" follows the name.
_BLAME = frozenset(fold(w) for w in "حمل حملت يحمل تحمل".split())
_RESPONSIBILITY = frozenset(fold(w) for w in "المسؤولية مسؤولية المسئولية مسئولية".split())
# A state that witnesses events is where they happen: "المعارك التي يشهدها اليمن".
_WITNESS = frozenset(fold(w) for w in "شهد شهدت يشهد تشهد عاش عاشت يعيش تعيش عانى عانت يعاني تعاني".split())
_QABL = fold("قبل")
_THAT = frozenset(fold(w) for w in "إن ان أن وإن وان".split())
# A battle or war of a state against another makes it a party ("معركة سورية مع التكفيريين").
_WARS = frozenset(fold(w) for w in "معركة حرب صراع مواجهة".split())
_AGAINST_WHOM = frozenset(fold(w) for w in "مع ضد".split())
_ALLY_HEADS = tuple(fold(w) for w in "حليف حلفاء حليفت شريك شركاء شريكت".split())
_STOPS = frozenset(fold(w) for w in "أن ان إن ان التي الذي الذين و ثم".split())


@lru_cache(maxsize=1 << 16)  # remembered per distinct word
def _readings(norm: str) -> frozenset[str]:
    """"وبالعقوبات" → "عقوبات", "دعما" → "دعم": the word with and without a conjunction, a
    preposition, the article and the accusative alef, to meet the bare tables. (A leading و may
    be the word's own letter: "ورقة", "وساطة".)"""
    out = set()
    for word in {norm, _strip_conj(norm)}:
        if len(word) > 4 and word.startswith(("بال", "لل")):
            word = word[3:] if word.startswith("بال") else word[2:]
        elif len(word) > 4 and word.startswith("ال"):
            word = word[2:]
        elif len(word) >= 4 and word[0] in "بل":
            out.add(word[1:])  # "بدعم", "بطلب", "لانفتاح"
        out.add(word)
        if len(word) >= 4 and word.endswith("ا") and not word.endswith(("اا", "ءا")):
            out.add(word[:-1])
    return frozenset(out)


def _in(token: Token, table: frozenset[str]) -> bool:
    return not _readings(token.norm).isdisjoint(table)


def _head_before(clean: str, tokens: Sequence[Token], i: int) -> Token | None:
    """The noun that governs a preposition at token ``i``: walk back over plain adjectives, nisba
    adjectives (عسكري، أوروبية) and linking verbs (جاء، صدر), never across a clause break."""
    j = i - 1
    while j >= 0 and i - j <= 4:
        tok = tokens[j]
        if _CLAUSE_BREAK & set(clean[tok.end:tokens[j + 1].start]):
            return None
        nisba = any(len(w) >= 4 and w.endswith(("ي", "يه")) for w in _readings(tok.norm))
        if _in(tok, _LINK_VERBS) or _in(tok, _PLAIN_ADJECTIVES) or (nisba and not _in(tok, _SOURCE_NOUNS)):
            j -= 1
            continue
        return tok
    return None


def _actor_after_preposition(clean: str, tokens: Sequence[Token], f: Finding, prev: Token | None,
                             clitic: str) -> str:
    """Why a name after a preposition is a party, or "": a passive agent or a source ("المدعومة من
    أنقرة", "القرار جاء من طهران"), the target of measures ("عقوبات على موسكو"), the aim of a policy
    ("انفتاح نحو بغداد"), or the receiver of an advantage ("لأنقرة ورقة ضغط")."""
    if clitic == "ل" or (prev is not None and prev.norm in (fold("ل"), fold("إلى"))):
        window = tokens[max(0, f.first_token - 3):f.first_token] + tokens[f.last_token + 1:f.last_token + 3]
        gift = next((t for t in window if _in(t, _GIFT_NOUNS)), None)
        if gift is not None:
            return f"receives «{clean[gift.start:gift.end]}»"
    if clitic == "ل" and prev is not None and prev.norm in _THAT:
        return f"has something: after «{clean[prev.start:prev.end]} ل»"
    if clitic == "ل":  # "اتهامات لإيران", "انفتاح لدمشق": the name itself carries the preposition
        head = _head_before(clean, tokens, f.first_token)
        if head is not None and (_in(head, _MEASURE_NOUNS) or _in(head, _STANCE_NOUNS)):
            return f"the aim of «{clean[head.start:head.end]}»"
    if clitic == "ب":  # "نظام الملالي بطهران": ب reads as في
        head = _head_before(clean, tokens, f.first_token)
        if head is not None and _in(head, _VOICE_NOUNS):
            return f"speaks through «{clean[head.start:head.end]}»"
    if prev is None or clitic:
        return ""
    tables = ((_FROM, _SOURCE_NOUNS, "the source of «{}»"), (_IN, _VOICE_NOUNS, "speaks through «{}»"),
              (_AGAINST, _MEASURE_NOUNS | _STANCE_NOUNS, "the target of «{}»"),
              (_TOWARD, _STANCE_NOUNS, "the aim of «{}»"))
    for preps, nouns, reason in tables:
        if prev.norm in preps:
            head = _head_before(clean, tokens, f.first_token - 1)
            if head is not None and _in(head, nouns):
                return reason.format(clean[head.start:head.end])
    return ""


def _object_of_address(clean: str, tokens: Sequence[Token], f: Finding) -> str:
    """"حذّر الرئيس الفرنسي واشنطن": the object of a verb of warning, supporting or accusing. An
    indefinite noun right before the name governs it instead ("دعم أبناء سوريا": Syria's sons)."""
    if f.first_token == 0:
        return ""
    prev = tokens[f.first_token - 1]
    blamed = any(t.norm in _RESPONSIBILITY for t in tokens[f.last_token + 1:f.last_token + 3])
    if not _strip_conj(prev.norm).startswith("ال") and not _in(prev, _OBJECT_VERBS) \
            and verb_stem(prev.norm) not in _OBJECT_VERBS and not _in(prev, _BLAME):
        return ""
    for j in range(f.first_token - 1, max(-1, f.first_token - 4), -1):
        tok = tokens[j]
        if _CLAUSE_BREAK & set(clean[tok.end:tokens[j + 1].start]) or tok.norm in PREPOSITIONS \
                or tok.norm in _STOPS:
            return ""
        stem = _strip_conj(tok.norm)
        if stem in _OBJECT_VERBS or verb_stem(tok.norm) in _OBJECT_VERBS or (
                stem in _BLAME and (blamed or "\u0651" in clean[tok.start:tok.end])):
            return f"object of «{clean[tok.start:tok.end]}»"
    return ""


def _witness_verb(token: Token | None) -> bool:
    if token is None:
        return False
    word = _strip_conj(token.norm)
    for suffix in ("ها", "ه"):
        if word.endswith(suffix) and word[: -len(suffix)] in _WITNESS:
            return True
    return word in _WITNESS


def _is_definite_adjective(token: Token) -> bool:
    """"الجديدة", "الرسمية": an adjective that may stand between a name and its verb."""
    return token.norm.startswith("ال") and token.norm.endswith(("يه", "ي", "ه")) and len(token.norm) >= 5


def _strip_prep(norm: str) -> str:
    """"بتحالف" → "تحالف": a preposition written onto a governing noun."""
    return norm[1:] if len(norm) > 3 and norm[0] in "بل" else norm


def _strip_conj(norm: str) -> str:
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm


def sense_of(clean: str, tokens: Sequence[Token], f: Finding,
             name_tokens: frozenset[int] = frozenset()) -> tuple[str, str]:
    """The sense of one actor-capable finding from its own context (rules 1–4). ``name_tokens``:
    the tokens of other place names, which are never read as verbs ("بيروت" is shaped like one)."""
    prev = tokens[f.first_token - 1] if f.first_token > 0 else None
    nxt_i = f.last_token + 1
    first_norm = tokens[f.first_token].norm
    clitic_prep = clean[f.start - 1:f.start] in ("ب", "ل") and first_norm[:1] in "بلوف"
    if prev is not None and prev.norm in _ALLEGIANCE:
        return METONYMIC, f"after «{clean[prev.start:prev.end]}»"
    if prev is not None and _strip_conj(prev.norm) in _ALONGSIDE:
        return METONYMIC, f"an ally: after «{clean[prev.start:prev.end]}»"
    if prev is not None and prev.norm in (_BETWEEN, _WITH) and any(
            t.norm in _INTERACTIONS or _strip_conj(t.norm) in _INTERACTIONS for t in tokens[max(0, f.first_token - 4):f.first_token - 1]):
        return METONYMIC, "a party to a conflict, talks or agreement"
    if f.last_token + 1 < len(tokens) and tokens[f.last_token + 1].norm in _ALLIES_AFTER:
        return METONYMIC, "a side with its allies"
    if prev is not None and prev.norm == _QABL and f.first_token >= 2 and tokens[f.first_token - 2].norm in _FROM:
        return METONYMIC, "a passive agent: after «من قبل»"  # "المدعومة من قبل تركيا"
    if prev is not None and _strip_conj(prev.norm).startswith(_ALLY_HEADS):
        return METONYMIC, f"an ally or partner: after «{clean[prev.start:prev.end]}»"
    if prev is not None and (prev.norm in PREPOSITIONS or _strip_conj(prev.norm) in PREPOSITIONS) or clitic_prep:
        actor = _actor_after_preposition(clean, tokens, f, prev, clean[f.start - 1] if clitic_prep else "")
        if actor:
            return METONYMIC, f"{actor}: a party after a preposition"
        return LITERAL, "after a preposition"
    after = nxt_i
    while after < len(tokens) and tokens[after].norm in _PARTICLES:
        after += 1  # "وكانت دمشق قد عانت"
    nxt = tokens[after] if after < len(tokens) else None
    if _witness_verb(prev) or _witness_verb(nxt):
        verb = prev if _witness_verb(prev) else nxt
        return LITERAL, f"where events happen: with «{clean[verb.start:verb.end]}»"
    if prev is not None and _strip_conj(prev.norm) in _WARS and nxt_i < len(tokens) \
            and tokens[nxt_i].norm in _AGAINST_WHOM:
        return METONYMIC, f"a party to «{clean[prev.start:prev.end]}» with another"
    if prev is not None and _strip_conj(prev.norm) in PLACE_GOVERNORS:
        return LITERAL, f"the place of «{clean[prev.start:prev.end]}»"  # "سكان دمشق", "دخول دمشق"
    if prev is not None and _strip_prep(_strip_conj(prev.norm)) in AGENT_NOUNS:
        return METONYMIC, f"governed by «{clean[prev.start:prev.end]}»"
    negated = False
    while nxt_i < len(tokens) and (tokens[nxt_i].norm in _PARTICLES or _is_definite_adjective(tokens[nxt_i])):
        negated = negated or tokens[nxt_i].norm in _PARTICLES
        nxt_i += 1  # "دمشق لم تعد ترى", "دمشق الجديدة تطلب"
    # after a negation or an auxiliary a short word in ت is a verb too ("موسكو لم تعد تثق")
    short_verb = negated and nxt_i < len(tokens) and len(tokens[nxt_i].norm) == 3 \
        and tokens[nxt_i].norm.startswith("ت")
    if nxt_i < len(tokens) and nxt_i not in name_tokens and (
            short_verb or looks_like_feminine_verb(clean, tokens[nxt_i])) and \
            not _CLAUSE_BREAK & set(clean[f.end:tokens[nxt_i].start]):
        verb = tokens[nxt_i]
        return METONYMIC, f"subject of «{clean[verb.start:verb.end]}»"
    before = prev
    before_i = f.first_token - 1
    if before is not None and before.norm in _PRONOUN_PREPS and f.first_token >= 2:
        before, before_i = tokens[f.first_token - 2], f.first_token - 2
    if before is not None and before_i not in name_tokens and looks_like_feminine_verb(clean, before) \
            and not _CLAUSE_BREAK & set(clean[before.end:f.start]):
        return METONYMIC, f"subject of «{clean[before.start:before.end]}»"
    addressed = _object_of_address(clean, tokens, f)
    if addressed:
        return METONYMIC, addressed
    return LITERAL, "no sign of an actor"


def assign_senses(clean: str, tokens: Sequence[Token], findings: Sequence[Finding],
                  actor_capable: Sequence[bool]) -> list[tuple[str, str]]:
    """Sense and reason for every finding; list neighbours share metonymy (rule 5)."""
    name_tokens = frozenset(i for f in findings for i in range(f.first_token, f.last_token + 1))
    senses = [sense_of(clean, tokens, f, name_tokens) if able else (LITERAL, "a place, not a state or capital")
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
    gap = "".join(clean[left.end:right.start].split())
    if right.first_token == left.last_token + 2 and fold(gap) in _OR:
        return True  # "في واشنطن أو بروكسل"
    if right.first_token != left.last_token + 1:
        return False
    return gap in ("و", "،", ",", "،و", ",و")


_OR = frozenset(fold(w) for w in "أو او وأو واو".split())
