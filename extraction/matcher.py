"""Find gazetteer names in text: folded token sequences, clitics peeled, longest first.

``GazetteerMatcher`` is built once from (name, key) pairs handed in by whoever composes the
stages (extraction never imports the gazetteer). Names are folded with the same normaliser
as the text and indexed without spaces, so "البو كمال" and "البوكمال" are one name. A name
that begins with the article is also indexed without it when it is long enough to be
unambiguous ("غوطة الشرقية", "قرابيص"), because Arabic drops the article in construct
phrases and headlines.

Most words begin no name, so ``find`` first asks, once per distinct word, which of its clitic
readings are a name or begin a name written in several words (a set of those names' prefixes), and
follows only those readings into the next tokens, only while they still spell such a beginning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress

from extraction.normalise import fold
from extraction.tokens import NORM, Token, clitic_readings, only_space_between, original_prefix_length

ARTICLE = "ال"
MIN_BARE_LETTERS = 5  # an article-less variant of a one-word name needs this many letters
MEMO_WORDS = 100_000  # at most this many distinct words have their name-beginning readings remembered


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




class _Readings(dict[str, tuple]):
    """The clitic readings of a folded word whose stem is a name's key or begins the key of a name
    written in several words, remembered per word,
    and, when none of those stems is a name (each only begins longer ones), the stems, which only the
    next word can carry on; ``()`` when no reading begins a name."""

    def __init__(self, prefixes: set[str], names: dict[str, int]) -> None:
        super().__init__()
        self.names = names
        self.known = prefixes | names.keys()  # every stem worth a reading

    def __missing__(self, norm: str) -> tuple:
        if len(self) >= MEMO_WORDS:
            self.clear()
        # Every stem ``clitic_readings`` may give is one of these five: most words are settled by
        # looking them up, without building their readings.
        known = self.known
        if not (norm in known or norm[1:] in known or norm[2:] in known or "ا" + norm[1:] in known
                or "ا" + norm[2:] in known):
            self[norm] = ()
            return ()
        found = tuple(r for r in clitic_readings(norm) if r[1] in known)
        unnamed = () if any(stem in self.names for _, stem in found) else tuple(stem for _, stem in found)
        self[norm] = entry = (found, unnamed) if found else ()
        return entry


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
        # Only a name written in several words can run over several tokens, so only its key's
        # prefixes are followed into the next token: "في" or "من" begin one-word names ("فيينا",
        # "منبج") but no longer one, and most words of a text are then passed over at C speed.
        self._prefixes = {key[:n] for key, words in self._words.items() if words > 1 for n in range(1, len(key) + 1)}
        self._readings = _Readings(self._prefixes, self._words)

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self._index

    def find(self, clean: str, tokens: list[Token]) -> list[NameMatch]:
        """The longest name starting at each token (overlaps are settled later by a span policy)."""
        found: list[NameMatch] = []
        readings, prefixes, last = self._readings, self._prefixes, len(tokens) - 1
        # Only the words with a reading that begins a name are visited (picked at C speed); a word
        # none of whose readings is a name needs the next word to carry one of them on.
        for i in compress(range(len(tokens)), map(readings.__getitem__, map(NORM, tokens))):
            word_readings, stems = readings[tokens[i].norm]
            if stems:
                if i == last:
                    continue
                following = tokens[i + 1].norm
                for stem in stems:
                    if stem + following in prefixes:
                        break
                else:
                    continue
            match = self._longest_at(clean, tokens, i, word_readings)
            if match:
                found.append(match)
        return found

    def _longest_at(self, clean: str, tokens: list[Token], i: int,
                    readings: tuple[tuple[str, str], ...]) -> NameMatch | None:
        """The name over the most tokens from token ``i`` (on a tie, the most literal clitic reading,
        then the name as written before its article-less variant). Each reading is followed token by
        token, along white space only, while it still spells the beginning of a known name."""
        best: tuple[int, str, str, bool] | None = None  # (last token, clitics, key, bare)
        for clitics, stem in readings:
            key, j = stem, i
            while True:
                for table, bare in ((self._index, False), (self._bare, True)):
                    if key in table and j - i + 1 <= self._words[key] and (best is None or j > best[0]):
                        best = (j, clitics, key, bare)
                        break
                if j + 1 >= len(tokens) or j + 1 - i >= self.max_tokens:
                    break
                longer = key + tokens[j + 1].norm
                if longer not in self._prefixes or not only_space_between(clean, tokens[j], tokens[j + 1]):
                    break
                j, key = j + 1, longer
        if best is None:
            return None
        j, clitics, key, bare = best
        first = tokens[i]
        prefix = original_prefix_length(clean[first.start:first.end], len(clitics)) if clitics else 0
        table = self._bare if bare else self._index
        return NameMatch(first.start + prefix, tokens[j].end, i, j, key, tuple(sorted(table[key])), clitics, bare)
