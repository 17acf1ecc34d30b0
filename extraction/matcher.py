"""Find gazetteer names in text: folded token sequences, clitics peeled, longest first.

``GazetteerMatcher`` is built once from (name, key) pairs handed in by whoever composes the
stages (extraction never imports the gazetteer). Names are folded with the same normaliser
as the text and indexed without spaces, so "البو كمال" and "البوكمال" are one name. A name
that begins with the article is also indexed without it when it is long enough to be
unambiguous ("غوطة الشرقية", "قرابيص"), because Arabic drops the article in construct
phrases and headlines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from extraction.normalise import fold
from extraction.tokens import Token, clitic_splits, only_space_between

ARTICLE = "ال"
MIN_BARE_LETTERS = 5  # an article-less variant of a one-word name needs this many letters


@dataclass(frozen=True)
class NameMatch:
    """A run of tokens that spells a known name: [start, end) in the original text."""

    start: int
    end: int
    first_token: int  # index of the first token
    last_token: int  # index of the last token (inclusive)
    key: str  # the folded name matched, without spaces
    keys: tuple[str, ...]  # what the composer handed in for that name (e.g. place ids)
    clitics: str  # folded proclitic letters peeled off the first token ("", "و", "ب", "وب" ...)
    bare: bool  # matched through the article-less variant of the name


def name_key(name: str) -> str:
    """The lookup key of a name: folded, spaces removed."""
    return "".join(fold(name).split())


class GazetteerMatcher:
    """Looks up token runs against a fixed set of names."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self._index: dict[str, set[str]] = defaultdict(set)
        self._bare: dict[str, set[str]] = defaultdict(set)
        # Most words a name is written with: text may join a name's words ("البوكمال" for "البو كمال")
        # but never split one ("فارس أن" is not "فرسان").
        self._words: dict[str, int] = defaultdict(int)
        self.max_tokens = 1
        for name, key in names:
            words = fold(name).split()
            if not words:
                continue
            self.max_tokens = max(self.max_tokens, len(words))
            joined = "".join(words)
            self._index[joined].add(key)
            self._words[joined] = max(self._words[joined], len(words))
            first = words[0]
            if first.startswith(ARTICLE) and (len(words) > 1 or len(first) - 2 >= MIN_BARE_LETTERS):
                bare = "".join([first[2:], *words[1:]])
                self._bare[bare].add(key)
                self._words[bare] = max(self._words[bare], len(words))

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self._index

    def find(self, clean: str, tokens: list[Token]) -> list[NameMatch]:
        """The longest name starting at each token (overlaps are settled later by a span policy)."""
        found: list[NameMatch] = []
        for i, first in enumerate(tokens):
            match = self._longest_at(clean, tokens, i)
            if match:
                found.append(match)
        return found

    def _longest_at(self, clean: str, tokens: list[Token], i: int) -> NameMatch | None:
        last = i
        while last + 1 < len(tokens) and last + 1 - i < self.max_tokens \
                and only_space_between(clean, tokens[last], tokens[last + 1]):
            last += 1
        splits = clitic_splits(clean[tokens[i].start:tokens[i].end])
        for j in range(last, i - 1, -1):
            rest = "".join(t.norm for t in tokens[i + 1:j + 1])
            for split in splits:
                key = split.stem + rest
                for table, bare in ((self._index, False), (self._bare, True)):
                    if key in table and j - i + 1 <= self._words[key]:
                        return NameMatch(tokens[i].start + split.prefix, tokens[j].end, i, j, key,
                                         tuple(sorted(table[key])), split.clitics, bare)
        return None
