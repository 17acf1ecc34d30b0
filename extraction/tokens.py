"""Word tokens with their offsets, and the proclitic splits a word allows.

Arabic writes the conjunctions و/ف and the prepositions ب/ل/ك onto the next word
(وحمص، بحمص، لتلبيسة، وبالرقة، للغوطة). ``clitic_splits`` lists the readings of a word
from the most literal (no clitic) to the most stripped; the matcher accepts a stripped
reading only when the gazetteer knows the stem, so بانياس، لبنان، كفرنبل are never cut.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, islice, repeat
from operator import itemgetter
from dataclasses import dataclass
from typing import NamedTuple

from extraction.lexicon import CONJUNCTIONS, PREPOSITION_CLITICS
from extraction.normalise import DROPPED, FOLD_CHANGES, fold, fold_aligned

_WORD = re.compile(r"[\u0621-\u063A\u0640-\u065F\u0670-\u06D3\u06F0-\u06F9\u0660-\u0669A-Za-z0-9]+")
_BETWEEN_WORDS = re.compile("(" + _WORD.pattern + ")")  # split: runs between words, then each word
_BETWEEN_FOLDED_WORDS = re.compile("([" + _WORD.pattern[1:-2] + DROPPED + "]+)")  # the same, on fold_aligned
# Characters whose folded form is a word character when they are not, or the reverse (and DROPPED itself).
_FOLD_MOVES_BOUNDARIES = tuple(sorted({DROPPED} | {
    char for char, folded in FOLD_CHANGES.items()
    if bool(_WORD.fullmatch(char)) != bool(_BETWEEN_FOLDED_WORDS.fullmatch(folded or DROPPED))}))
_new_tuple = tuple.__new__
_START = itemgetter(0)  # Token.start
NORM = itemgetter(2)  # Token.norm, for mapping over tokens at C speed
_DROPPED_RUN = re.compile(DROPPED + "+")
# White space within a line: a multiword name never runs across a line break, where passages end.
_SPACE_ONLY = re.compile(r"(?:[^\S\n]|[_\u0640\u200c\u200d\u200e\u200f])*")  # "_" joins words in hashtags


class Token(NamedTuple):
    """A word of the cleaned text: [start, end) in the original, and its folded form.

    A named tuple rather than a dataclass: a long article has hundreds of thousands of tokens,
    and a tuple is built several times faster."""

    start: int
    end: int
    norm: str


@dataclass(frozen=True)
class CliticSplit:
    """One reading of a word: ``prefix`` letters of the original are clitics; ``stem`` is folded."""

    prefix: int  # number of original characters that are clitics
    stem: str
    clitics: str  # the folded clitic letters, e.g. "وب"


def tokenize(clean: str) -> list[Token]:
    """Word tokens of a cleaned text; punctuation and spaces are not tokens.

    The text is folded once, keeping its offsets; each token's folded form is a slice of that copy,
    less the diacritics and tatweel that fold to nothing (a token of nothing else is no token)."""
    folded = fold_aligned(clean)
    # Built at C speed (no Python code per word): the text split into words and the runs between
    # them, the offsets by accumulating their lengths, each word's folded form a slice of the copy.
    # Folding keeps every character a word character or not (a dropped mark stays one, as DROPPED),
    # save the invisible ones it drops, so without those the folded copy splits into the same runs,
    # and its words are the folded forms.
    if any(char in clean for char in _FOLD_MOVES_BOUNDARIES):
        parts = _BETWEEN_WORDS.split(clean)
        norms = None
    else:
        parts = _BETWEEN_FOLDED_WORDS.split(folded)
        norms = parts[1::2]
    offsets = list(accumulate(map(len, parts)))  # run before, word, run, word ... run after: each's end
    del parts  # (a long text's runs need not wait for its tokens)
    if norms is None:
        norms = map(folded.__getitem__, map(slice, islice(offsets, 0, None, 2), islice(offsets, 1, None, 2)))
    tokens = list(map(_new_tuple, repeat(Token), zip(islice(offsets, 0, None, 2), islice(offsets, 1, None, 2), norms)))
    del offsets, norms
    if DROPPED not in folded:
        return tokens
    # Only the words holding a dropped mark are redone (found by bisection from each run of marks).
    # A run may reach over several words: "هـ" with a zero-width joiner between its letters is the
    # word "ه", the joiner (no word character) and the word "ـ", and both folded marks are one run.
    empty = False
    for run in _DROPPED_RUN.finditer(folded):
        k = max(bisect_right(tokens, run.start(), key=_START) - 1, 0)
        while k < len(tokens) and tokens[k].start < run.end():
            if DROPPED in (tok := tokens[k]).norm:
                norm = tok.norm.replace(DROPPED, "")
                tokens[k] = Token(tok.start, tok.end, norm)
                empty = empty or not norm
            k += 1
    return [tok for tok in tokens if tok.norm] if empty else tokens


def only_space_between(clean: str, left: Token, right: Token) -> bool:
    """True when nothing but white space separates two tokens (multiword names never span punctuation)."""
    return _SPACE_ONLY.fullmatch(clean, left.end, right.start) is not None


def original_prefix_length(original_word: str, folded_letters: int) -> int:
    """How many original characters carry the first ``folded_letters`` folded letters (tatweel, marks included)."""
    seen = 0
    for i, char in enumerate(original_word):
        if fold(char):
            if seen == folded_letters:
                return i
            seen += 1
    return len(original_word)


def clitic_readings(norm: str) -> list[tuple[str, str]]:
    """(clitic letters, stem) readings of a folded word: itself, then with و/ف, ب/ل/ك and لل→ال peeled off."""
    readings: list[tuple[str, str]] = [("", norm)]
    bases = [("", norm)]
    if len(norm) >= 3 and norm[0] in CONJUNCTIONS:
        bases.append((norm[0], norm[1:]))
        readings.append((norm[0], norm[1:]))
    for clitics, rest in bases:
        if len(rest) >= 3 and rest[0] in PREPOSITION_CLITICS:
            readings.append((clitics + rest[0], rest[1:]))
            if rest[0] == "ل" and rest[1] == "ل":
                # لل + name = ل + ال + name with the article's alef elided (للغوطة = ل + الغوطة)
                readings.append((clitics + "ل", "ا" + rest[1:]))
    return readings


def clitic_splits(word: str) -> list[CliticSplit]:
    """Readings of an original word (``clitic_readings``), with how many original characters are clitics."""
    out = []
    for clitics, stem in clitic_readings(fold(word)):
        prefix = original_prefix_length(word, len(clitics)) if clitics else 0
        out.append(CliticSplit(prefix, stem, clitics))
    return out
