"""Place mentions as a careful reader finds them: names in context, not strings in a list.

``PlaceFinder`` runs the matcher, settles overlaps longest-first (so an organisation such
as "قوات سوريا الديمقراطية" swallows the country inside it), then reads each match's
neighbours:

* organisation and media heads or tails ("هيئة تحرير الشام", "القدس العربي") → not a place;
* a name that is also an ordinary word (تدمر "destroys", حضر "attended") → a place only with
  a place cue: a preposition or feature word before it, a ب/ل clitic, or a place beside it
  in a list;
* feature words (مدينة، محافظة، حي ...) → the kind of place meant, and higher confidence; an
  unknown name after one of them is still reported, unresolved, rather than lost;
* directions and outskirts ("شرقي دمشق", "أطراف حلب") → recorded as a qualifier;
* the head of a site ("مستشفى", "مرفأ") with a name the gazetteer lacks → an unplaced site;
* first names that are also towns (فلاديمير، ماري) need a place cue like any homograph, so
  "الرئيس فلاديمير بوتين" is a person; a hashtag is read as one unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress

from extraction.lexicon import (
    BLOCKED_NAMES,
    CUE_NAMES,
    DIRECTIONS,
    GENERIC_TRIGGERS,
    MEDIA_HEADS,
    NAME_PREFIXES,
    NAMING_TRIGGERS,
    NON_PLACE_PHRASES,
    NOT_A_NAME,
    ORG_AFTER,
    ORG_BEFORE,
    ORGANISATIONS,
    PLACE_FIRST,
    PLACE_GOVERNORS,
    POI_BLOCKERS,
    POI_HEADS,
    PREPOSITIONS,
    TRIGGER_LEVELS,
    VERB_PARTICLES,
    WEAK_NAMING_TRIGGERS,
)
from extraction.frequency import LANGUAGE_WORD, is_common_word, whole_word_reading, zipf
from extraction.mastheads import read_masthead
from extraction.matcher import GazetteerMatcher, NameMatch
from extraction.normalise import fold
from extraction.spans import longest_first
from extraction.tokens import NORM, Token, clitic_splits, only_space_between, original_prefix_length, tokenize

_NEWS_WORDS = frozenset(fold(w) for w in "أنباء الأنباء انباء الانباء أخبار الأخبار اخبار الاخبار".split())
_WORD_AFTER = re.compile(r"[ \t\u00a0]*[\u0621-\u064a]")  # a word follows on the same line
_OPENING_QUOTE = re.compile(r"\s*[«\"“„']\s*")
MASK_KEY = "\x00not-a-place"  # organisations and phrases that swallow the place inside them
_PERSON_HEADS = frozenset(fold(w) for w in "أبو ابو ابن بن بنت عبد آل".split())
_OUTSKIRTS = frozenset(fold(w) for w in "أطراف اطراف ضواحي محيط تخوم مشارف أرياف".split())


@dataclass
class Finding:
    """A place mention before resolution: where it is, what it may be, and the evidence."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...]  # candidate place ids (empty: a name the gazetteer lacks)
    first_token: int
    last_token: int
    trigger: str | None = None  # the feature word before it (folded), e.g. "مدينه"
    trigger_levels: tuple[str, ...] = ()
    qualifier: str | None = None  # "east", "outskirts" ...
    confidence: float = 0.7
    evidence: list[str] = field(default_factory=list)
    peel_note: str = ""  # what word frequency said about a peeled proclitic (reported, never a cue)


_DIRECTION_NAMES = {fold(k): v for k, v in (
    ("شرق", "east"), ("شرقي", "east"), ("غرب", "west"), ("غربي", "west"), ("شمال", "north"),
    ("شمالي", "north"), ("جنوب", "south"), ("جنوبي", "south"))}


_KNOWN_WORDS = (ORG_BEFORE | frozenset(TRIGGER_LEVELS) | DIRECTIONS | PREPOSITIONS | PLACE_GOVERNORS | POI_HEADS
                | VERB_PARTICLES)


def _strip_conjunction(norm: str) -> str:
    """A word without a و/ف written onto it, unless the word itself is one we know ("فيلق", "فندق")."""
    if norm in _KNOWN_WORDS or norm in _PERSON_HEADS or norm in _OUTSKIRTS:
        return norm
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm


# Cue words that a preposition may be written onto: "بمدينة حمص", "لنادي حلب", "وبمستشفى الرازي".
# (Of the organisation heads, not those that are also verbs or governing nouns: "لتحرير حلب" is "to free
# Aleppo", not "for the Tahrir of Aleppo".)
_PROCLITIC_ORGS = ORG_BEFORE - PLACE_GOVERNORS - {fold("فتح")}
_PROCLITIC_CUES = (_PROCLITIC_ORGS | MEDIA_HEADS | frozenset(TRIGGER_LEVELS) | POI_HEADS | PLACE_GOVERNORS
                   | _OUTSKIRTS)


@lru_cache(maxsize=1 << 16)  # called for every word: remembered per distinct word
def _cue_word(norm: str) -> str:
    """The cue word under its proclitics: و/ف, then one of ب/ل/ك ("وبمدينة" → "مدينة", "بالمدينة" →
    "المدينة"); a ب/ل/ك is peeled only when what remains is a cue word we know, so "بلدة" stays whole."""
    word = _strip_conjunction(norm)
    if len(norm) == 3 and norm[0] in "وف" and norm[1:] in _PROCLITIC_CUES:
        return norm[1:]  # "وحي", "فسد": a two-letter cue word with its conjunction
    if word in _KNOWN_WORDS or len(word) < 4 or word[0] not in "بلك":
        return word
    return word[1:] if word[1:] in _PROCLITIC_CUES else word


def _announcing_words() -> frozenset[str]:
    """Every folded word whose cue word is a naming trigger or a site head: the trigger itself, or it
    under one or two proclitic letters (``_cue_word`` peels no more), as ``_cue_word`` reads them."""
    triggers = NAMING_TRIGGERS | POI_HEADS
    clitics = ["", *"وفبلك", *(a + b for a in "وفبلك" for b in "وفبلك")]
    return frozenset(word for t in triggers for c in clitics if _cue_word(word := c + t) in triggers)


_ANNOUNCING = _announcing_words()


@dataclass(frozen=True)
class CommonWord:
    """A one-word name of minor places that is a common word ("قنوات" channels): why, and what the
    finder needs to read it as a place. With a weak cue only (a preposition, a clitic, a governing
    noun), a very common one is a place when one of the places ``near`` it is named in the same
    text ("في الطبقة" in news from Raqqa or Aleppo)."""

    why: str
    near: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()  # of its places: a feature word is a cue when it fits one
    cities: frozenset[str] = frozenset()  # the cities its quarters are in: "الميدان في حلب" is a place
    strict: bool = True  # so common that a preposition, a clitic or a governing noun is no cue by itself


class PlaceFinder:
    """Finds place mentions in one text; built once from the gazetteer's (name, place id) pairs."""

    def __init__(self, names: Iterable[tuple[str, str]], weak_names: Iterable[str] = ()) -> None:
        """``names``: (name, key) pairs to find; ``weak_names``: one-word names that need a place cue
        like homographs do (the composer passes names only small villages and quarters bear, which
        the news rarely writes bare and which often double as ordinary words), or a mapping of such
        names to a ``CommonWord`` (None for a plain weak name)."""
        self.one_word_cue_names = CUE_NAMES | frozenset(fold(n) for n in weak_names)
        # A ``weak_names`` mapping may say why a name is weak: a common word ("قنوات" channels) needs
        # more than a preposition, which heads the ordinary phrase as often ("إلى الميدان").
        self.common_words: dict[str, CommonWord] = {
            fold(n): common for n, common in weak_names.items() if common} if isinstance(weak_names, dict) else {}
        names = ((name, key) for name, key in names if fold(name).split()[:1] != [] and
                 fold(name).split()[0] not in GENERIC_TRIGGERS)
        masks = ((phrase, MASK_KEY) for phrase in ORGANISATIONS + NON_PLACE_PHRASES)
        self.matcher = GazetteerMatcher([*names, *masks])

    def find(self, clean: str) -> tuple[list[Token], list[Finding]]:
        """Tokens of ``clean`` and the place findings in it, sorted by start."""
        tokens = tokenize(clean)
        matches = longest_first(self.matcher.find(clean, tokens))
        places = [m for m in matches if MASK_KEY not in m.keys
                  and (not self._is_blocked(m) or _after_feature_word(clean, tokens, m))]
        findings: list[Finding] = []
        accepted: set[int] = set()
        pending_homographs: list[NameMatch] = []
        weakly_cued: list[tuple[NameMatch, Finding, CommonWord]] = []
        for m in places:
            finding = self._read_context(clean, tokens, m)
            if finding is None:
                continue
            common = self._common_word(m)
            if common and common.strict and _in_an_area(clean, tokens, m):
                area = tokens[m.last_token + 1: m.last_token + 3]
                finding.evidence.append(f"located «{clean[area[0].start:area[-1].end]}»")
            if self._is_homograph(m) and not (_place_cue(finding, common) if common and common.strict
                                                 else finding.evidence):
                if common and finding.evidence:
                    weakly_cued.append((m, finding, common))  # decided once every cued place is known
                else:
                    pending_homographs.append(m)
                continue
            if common:
                finding.evidence.append(f"{common.why}, a place by its cue")
            if finding.peel_note:
                finding.evidence.append(finding.peel_note)
            findings.append(finding)
            accepted.update(range(m.first_token, m.last_token + 1))
        named = {key: f.text for f in findings for key in f.keys}  # the places taken so far
        starting = {match.first_token: match for match in places}
        for m, finding, common in weakly_cued:
            listed = starting.get(m.last_token + 1)  # "على الزراعة وحماة": a place listed right after it
            beside = {key: clean[listed.start:listed.end] for key in listed.keys} \
                if listed is not None and listed.clitics.startswith("و") else {}
            near = sorted(common.near & (named.keys() | beside.keys()))
            if near:  # "سد الفرات في الطبقة" in a report from Raqqa
                where = {**beside, **named}[near[0]]
                finding.evidence.append(f"{common.why}, a place by its cue and «{where}» named in the text")
                if finding.peel_note:
                    finding.evidence.append(finding.peel_note)
                findings.append(finding)
                accepted.update(range(m.first_token, m.last_token + 1))
            else:
                pending_homographs.append(m)
        keys_at = {i: f.keys for f in findings for i in range(f.first_token, f.last_token + 1)}
        findings.extend(self._homographs_in_lists(clean, tokens, pending_homographs, accepted, keys_at))
        taken = {i for f in findings for i in range(f.first_token, f.last_token + 1)}
        taken.update(i for m in matches for i in range(m.first_token, m.last_token + 1))
        findings.extend(self._unknown_after_triggers(clean, tokens, taken))
        return tokens, sorted(_outside_compound_hashtags(clean, findings), key=lambda f: f.start)

    def _is_homograph(self, m: NameMatch) -> bool:
        cue_names = self.one_word_cue_names if m.first_token == m.last_token else CUE_NAMES
        return m.key in cue_names or (m.bare and "ال" + m.key in cue_names)

    def _common_word(self, m: NameMatch) -> CommonWord | None:
        """Why a one-word name is read as an ordinary word unless a place cue says otherwise (None if not)."""
        if m.first_token != m.last_token:
            return None
        return self.common_words.get(m.key) or (self.common_words.get("ال" + m.key) if m.bare else None)

    @staticmethod
    def _is_blocked(m: NameMatch) -> bool:
        """A one-word name that is an ordinary word far more often than a place ("مدينة", "وقف")."""
        one_word = m.first_token == m.last_token
        return one_word and (m.key in BLOCKED_NAMES or (m.bare and "ال" + m.key in BLOCKED_NAMES))

    def _read_context(self, clean: str, tokens: list[Token], m: NameMatch) -> Finding | None:
        """A Finding with its cues, or None when the context says this is not a place."""
        prev = tokens[m.first_token - 1] if m.first_token > 0 else None
        nxt = tokens[m.last_token + 1] if m.last_token + 1 < len(tokens) else None
        prev_norm = _cue_word(prev.norm) if prev else ""
        masthead = read_masthead(clean, tokens, m.first_token, m.last_token, m.start, m.end, m.clitics, m.keys)
        if masthead.outlet:
            return None  # a dateline's agency ("الدوحة - قنا:"), a masthead ("المصدر: حلب اليوم")
        joined_prev = prev is not None and only_space_between(clean, prev, tokens[m.first_token]) and not m.clitics
        if nxt is not None and nxt.norm in ORG_AFTER and only_space_between(clean, tokens[m.last_token], nxt):
            return None
        org_head = prev_norm in ORG_BEFORE and (prev_norm in _PROCLITIC_ORGS or prev_norm == _strip_conjunction(prev.norm))
        if joined_prev and (org_head or prev_norm in _PERSON_HEADS):
            return None
        if prev is not None and prev_norm in MEDIA_HEADS and _OPENING_QUOTE.fullmatch(clean, prev.end, m.start):
            return None  # a masthead in quotes: 'صحيفة "بابل"', "قناة «حلب اليوم»"
        if joined_prev and prev_norm in _NEWS_WORDS and m.first_token >= 2 \
                and _cue_word(tokens[m.first_token - 2].norm) in MEDIA_HEADS:
            return None  # "وكالة أنباء الشرق الأوسط", "شبكة أخبار حمص"
        if nxt is not None and nxt.norm == "24" and only_space_between(clean, tokens[m.last_token], nxt) \
                and not _WORD_AFTER.match(clean, nxt.end) and prev_norm not in PREPOSITIONS:
            return None  # an outlet named "X 24" ("لبنان 24"), not "24 قتيلا في X"
        if prev is not None and prev_norm in PLACE_FIRST.get(m.key, ()):
            return None  # "صلاة المغرب": the ordinary word
        peel_why = ""
        if m.clitics:
            word, stems = _peeled_word(clean, tokens[m.first_token], m)
            if whole_word_reading(word, stems):
                return None  # "برس" is no ب + "رس", "كمان" no ك + "مان": the whole word is common
            if zipf(word):
                peel_why = f"«{word}» read as {m.clitics} + name (word frequency {zipf(word):.1f} against " \
                           f"{max(zipf(s) for s in stems):.1f} for the stem)"
        if clean[m.start:m.end].endswith(("ً", "ًا")) or clean[m.end:m.end + 2].startswith(("ً", "اً", "ًا")):
            return None  # accusative tanwin makes an adverb or adjective: "الممول تركياً"
        after = clean[m.end:m.end + 3].lstrip()
        if clean[m.start - 1:m.start] in "«\"" and after[:2] in ("»:", "\":"):
            return None  # the outlet in a dateline: "لندن – «الشرق الأوسط»:"
        if m.bare and m.first_token == m.last_token and self._is_homograph(m):
            return None  # an ordinary word written without the article ("تضامن")
        finding = Finding(m.start, m.end, clean[m.start:m.end], m.keys, m.first_token, m.last_token,
                          confidence=0.6 if m.bare else 0.75)
        if clean[m.start - 1:m.start] == "#":
            finding.evidence.append("hashtag")
        if _opens_a_dateline(clean, m):
            finding.evidence.append("dateline")
        if prev is not None and joined_prev and prev_norm in PLACE_GOVERNORS:
            finding.evidence.append(f"governed by «{clean[prev.start:prev.end]}»")
        finding.peel_note = peel_why  # not a place cue: added to the reason once the finding is kept
        finding.peel_note += ("; " if peel_why and masthead.why else "") + masthead.why
        if any(c in "بلك" for c in m.clitics):
            finding.evidence.append(f"clitic {m.clitics}")
            finding.confidence += 0.1
        if prev is not None and (joined_prev or m.clitics == ""):
            if prev_norm in TRIGGER_LEVELS:
                finding.trigger = prev_norm
                finding.trigger_levels = TRIGGER_LEVELS[prev_norm]
                finding.evidence.append(f"after «{clean[prev.start:prev.end]}»")
                finding.confidence += 0.2
            elif prev_norm in DIRECTIONS or prev.norm in DIRECTIONS:
                finding.qualifier = _DIRECTION_NAMES.get(prev_norm.lstrip("ب"), "direction")
                finding.evidence.append(f"direction «{clean[prev.start:prev.end]}»")
                finding.confidence += 0.1
            elif prev_norm in _OUTSKIRTS:
                finding.qualifier = "outskirts"
                finding.evidence.append(f"outskirts «{clean[prev.start:prev.end]}»")
                finding.confidence += 0.1
            elif prev_norm in PREPOSITIONS or prev.norm in PREPOSITIONS:
                finding.evidence.append(f"after «{clean[prev.start:prev.end]}»")
                finding.confidence += 0.1
        if self._is_homograph(m) and prev is not None and prev_norm in VERB_PARTICLES:
            return None
        finding.confidence = min(finding.confidence, 0.99)
        return finding

    def _homographs_in_lists(self, clean: str, tokens: list[Token], pending: list[NameMatch],
                             accepted: set[int], keys_at: dict[int, tuple[str, ...]]) -> list[Finding]:
        """Accept a cue-less homograph only when a place stands right beside it in a list ("حمص وتدمر"),
        or a quarter named as in its city ("الميدان في حلب")."""
        out: list[Finding] = []
        changed = True
        while changed:  # a list may chain homographs: "درعا وحلب وحماة"
            changed = False
            for m in [m for m in pending if m.first_token not in accepted]:
                left = m.first_token - 1
                if left >= 1 and left not in accepted and _is_adjective(tokens[left]) and left - 1 in accepted:
                    left -= 1  # "وطرطوس البحرية وحماة": an adjective may follow the previous member
                before = left in accepted and (
                    m.clitics.startswith("و") or _list_gap(clean, tokens[m.first_token - 1], tokens[m.first_token]))
                nxt = m.last_token + 1
                after = nxt in accepted and (
                    tokens[nxt].norm[:1] in "وب" or _list_gap(clean, tokens[m.last_token], tokens[nxt]))
                # "السفيرة في ريف حلب", "الحميدية بريف طرطوس": located by the area that follows
                after = after or (nxt in accepted and tokens[nxt].norm.startswith(_IN_COUNTRYSIDE)) or (
                    nxt + 1 in accepted and tokens[nxt].norm == _IN and tokens[nxt + 1].norm.startswith(_COUNTRYSIDE)
                    and only_space_between(clean, tokens[m.last_token], tokens[nxt]))
                common = self._common_word(m)
                in_city = common is not None and nxt + 1 in keys_at and tokens[nxt].norm == _IN \
                    and bool(common.cities & set(keys_at[nxt + 1])) \
                    and only_space_between(clean, tokens[m.last_token], tokens[nxt])
                if in_city:
                    city = clean[tokens[nxt + 1].start:tokens[nxt + 1].end]
                    out.append(Finding(m.start, m.end, clean[m.start:m.end], m.keys, m.first_token, m.last_token,
                                       confidence=0.6, evidence=[f"in «{city}», its city; {common.why}"]))
                    accepted.update(range(m.first_token, m.last_token + 1))
                    changed = True
                elif before or after:
                    out.append(Finding(m.start, m.end, clean[m.start:m.end], m.keys, m.first_token, m.last_token,
                                       confidence=0.6, evidence=["listed with other places"]))
                    accepted.update(range(m.first_token, m.last_token + 1))
                    changed = True
        return out

    def _unknown_after_triggers(self, clean: str, tokens: list[Token], taken: set[int]) -> list[Finding]:
        """Names the gazetteer lacks, reported because a feature word ("قرية", "بلدة") or the head of
        a site ("مستشفى", "مرفأ") announces them; a site is reported with its head ("مستشفى الرازي")."""
        out = []
        # Only the words whose cue word names or heads something are visited (picked at C speed).
        for i in compress(range(len(tokens) - 1), map(_ANNOUNCING.__contains__, map(NORM, tokens))):
            tok = tokens[i]
            trigger = _cue_word(tok.norm)
            poi = trigger in POI_HEADS
            if i + 1 in taken or i in taken:
                continue
            if poi and i > 0 and tokens[i - 1].norm in POI_BLOCKERS:
                continue
            first = tokens[i + 1]
            if not only_space_between(clean, tok, first) or not _looks_like_name(first, clean):
                continue
            if trigger in WEAK_NAMING_TRIGGERS and is_common_word(clean[first.start:first.end], LANGUAGE_WORD):
                continue  # "منطقة عازلة", "منطقة الحدود": an ordinary phrase
            if poi and _indefinite_feminine_nisba(first):
                continue  # "مدرسة إعدادية", "مستشفى جامعية": an adjective, however rare the word
            last, j = first, i + 1
            if first.norm in NAME_PREFIXES | _PERSON_HEADS and i + 2 < len(tokens) and i + 2 not in taken \
                    and only_space_between(clean, first, tokens[i + 2]) and _looks_like_name(tokens[i + 2], clean):
                last, j = tokens[i + 2], i + 2
            # a site is reported with its head, less the clitics written onto it ("ومستشفى", "بمستشفى")
            clitics = len(tok.norm) - len(trigger)
            begin = (tok.start + original_prefix_length(clean[tok.start:tok.end], clitics)) if poi else first.start
            levels = ("poi",) if poi else TRIGGER_LEVELS.get(trigger, ())
            out.append(Finding(begin, last.end, clean[begin:last.end], (), i if poi else i + 1, j,
                               trigger=trigger, trigger_levels=levels, confidence=0.45,
                               evidence=[f"unknown name after «{clean[tok.start:tok.end]}»"]))
        return out


def _place_cue(finding: Finding, common: CommonWord) -> bool:
    """A cue that says place even before a very common word: a feature word that fits the kind of
    place ("بلدة قنوات", not "دول هامة", "قاعدة عريضة" or "حي الجزيرة" for a region), a direction or
    outskirts ("غرب الحراك"), the area it lies in after it ("في ريف درعا"), a dateline or a hashtag;
    not a preposition, a clitic or a governing noun alone ("إلى كسب", "سكان الكوكب"): those need a
    place around it named in the text."""
    if finding.trigger:
        return bool(set(finding.trigger_levels) & common.levels)
    return bool(finding.qualifier) or any(e in ("hashtag", "dateline") or e.startswith("located")
                                          for e in finding.evidence)


def _in_an_area(clean: str, tokens: list[Token], m: NameMatch) -> bool:
    """Followed by the area it lies in: "حضر في ريف القنيطرة", "قنوات بريف السويداء", "في محافظة"."""
    nxt = m.last_token + 1
    if nxt >= len(tokens) or not only_space_between(clean, tokens[m.last_token], tokens[nxt]):
        return False
    return tokens[nxt].norm.startswith(_IN_COUNTRYSIDE) or (
        tokens[nxt].norm == _IN and nxt + 1 < len(tokens) and tokens[nxt + 1].norm.startswith(_COUNTRYSIDE))


def _peeled_word(clean: str, token: Token, m: NameMatch) -> tuple[str, tuple[str, ...]]:
    """The whole word a proclitic was peeled from, and the stem(s) it leaves ("للغوطة" → "لغوطة",
    read "الغوطة")."""
    word = clean[token.start:token.end]
    stem = clean[m.start:token.end]
    return word, ((stem, "ا" + stem) if stem.startswith("ل") and m.clitics.endswith("ل") else (stem,))


def _opens_a_dateline(clean: str, m: NameMatch) -> bool:
    """"حلب-سانا:", "دمشق – «الوطن»:": a name opening a line, then a dash or colon."""
    before = m.start
    while before and clean[before - 1] != "\n" and clean[before - 1].isspace():
        before -= 1  # back over the line's indentation only, never over the whole text before it
    return (before == 0 or clean[before - 1] == "\n") and clean[m.end:m.end + 3].lstrip()[:1] in ("-", "–", "—", "ـ", ":", "(")


_IN = fold("في")
_COUNTRYSIDE = (fold("ريف"), fold("محافظة"), fold("منطقة"))
_IN_COUNTRYSIDE = tuple("ب" + word for word in _COUNTRYSIDE)
_LIST_PUNCTUATION = set("،,:؛;\"'«»“”()-–")


def _after_feature_word(clean: str, tokens: list[Token], m: NameMatch) -> bool:
    """True right after "بلدة", "معبر", "محافظة" ...: then even an ordinary word is a name ("معبر المصنع");
    a feature word itself never is ("أحياء مدينة الرقة")."""
    if m.first_token == 0 or m.clitics or m.key in TRIGGER_LEVELS:
        return False
    prev = tokens[m.first_token - 1]
    return _cue_word(prev.norm) in TRIGGER_LEVELS and only_space_between(clean, prev, tokens[m.first_token])


# A tag is letters, digits and the "_" that joins its words: punctuation, emoji and the bidi
# controls that clients wrap around tags ("⁧#حمص⁩", "#حمص:") end it and are no part of it.
_HASHTAG = re.compile(r"#[\w\u0640\u200c\u200d]+")


def _outside_compound_hashtags(clean: str, findings: list[Finding]) -> list[Finding]:
    """A hashtag is one unit: "#بيروت" names Beirut, but "#انفجار_بيروت" names an event, so a place
    that is only part of a hashtag is not reported (as IDRISI's annotators, and readers, take it)."""
    tags = [(m.start() + 1, m.end()) for m in _HASHTAG.finditer(clean)]
    return [f for f in findings
            if not any(s <= f.start and f.end <= e and (f.start, f.end) != (s, e) for s, e in tags)]


def _list_gap(clean: str, left: Token, right: Token) -> bool:
    """True when two tokens are separated only by list punctuation (commas, quotes, a colon) or و."""
    gap = "".join(clean[left.end:right.start].split())
    return gap == "و" or (bool(gap) and set(gap) <= _LIST_PUNCTUATION)


def _is_adjective(token: Token) -> bool:
    """A definite nisba-like adjective (البحرية، الشمالي، السورية) that may qualify a list member."""
    return token.norm.startswith("ال") and token.norm.endswith(("يه", "ي")) and len(token.norm) >= 5


_PRONOUN_ENDINGS = ("هما", "ها", "هم")


def _is_common_adjective_or_verb(word: str) -> bool:
    """"ميداني", "تجارية", "هجرها": an indefinite nisba adjective, or a verb or noun carrying an object
    pronoun, that word frequency says is an ordinary word of the language (so "كفرزيتا", which the
    list lacks, stays a name)."""
    if word.startswith("ال"):
        return False
    if word.endswith(("ي", "ية")) and is_common_word(word):
        return True
    return any(word.endswith(p) and len(word) - len(p) >= 3 and is_common_word(word[: -len(p)])
               for p in _PRONOUN_ENDINGS)


def _indefinite_feminine_nisba(token: Token) -> bool:
    """An indefinite word in "-ية" after a site head is its adjective: the names the gazetteer
    knows were matched before this fallback runs, and an unknown site's name is rarely so shaped."""
    return not token.norm.startswith("ال") and token.norm.endswith("يه") and len(token.norm) >= 5


def _looks_like_name(token: Token, clean: str = "") -> bool:
    """Whether the word after a feature word or a site head can begin a name."""
    if clean and _is_common_adjective_or_verb(clean[token.start:token.end]):
        return False  # "مستشفى ميداني", "ميناء تجاري", "قرية هجرها أهلها"
    norm = token.norm
    if norm.startswith(("لل", "لا")):  # "مخيم للاجئين", "ساحة لاختبار": for the …, not a name
        return False
    if len(norm) < 3 or not ("\u0621" <= norm[0] <= "\u064a") or norm in NOT_A_NAME:
        return False
    if norm in PREPOSITIONS or norm in VERB_PARTICLES or norm in TRIGGER_LEVELS or _cue_word(norm) in POI_HEADS:
        return False  # a cue word starts no name: "التابع لجامعة"
    stem = clitic_splits(norm)[-1].stem
    return stem not in NOT_A_NAME
