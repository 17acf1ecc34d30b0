"""How many store reads actually ran (cache misses), by kind of read.

Every read the page makes is cached by the store's version and the filters; a rerun caused by a
click on the selected marker, or a switch of language, must be served from the cache. The page
counts here each read that reached the store, so a test can check that such a rerun read nothing
(a count, not a timing, so it holds on a loaded machine).
"""

from __future__ import annotations

from collections import Counter

misses: Counter[str] = Counter()
