"""Dictionary phrase matching over normalised Arabic text: Aho-Corasick, word boundaries and proclitics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from rasd.loading import gc_paused
from rasd.text.normalise import norm

T = TypeVar("T")

# Proclitic sequences that may stand before a name inside the same orthographic word.
PROCLITICS: frozenset[str] = frozenset(
    ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك", "س", "وس", "فس"]
)
# Letters that open an imperfect verb: the only words the future prefix سـ stands before.
IMPERFECT_PREFIXES = frozenset("يتنا")
# Phrases this short (letters) take no suffix and no proclitic but و ف ب ل: with a suffix, the article, ك or سـ
# they are mostly other words (كفر، الفرات، لنا).
SHORT_KEY = 2
SHORT_PROCLITICS: frozenset[str] = frozenset({"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"})
# Sequences ending in the article, for patterns indexed without their leading ال.
ARTICLE_PROCLITICS: frozenset[str] = frozenset(
    ["ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فلل", "وبال", "فبال"]
)

_CLITIC_LETTERS = frozenset("".join(PROCLITICS | ARTICLE_PROCLITICS))
_LONGEST_PREFIX = max(map(len, PROCLITICS | ARTICLE_PROCLITICS))


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def word_before(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the word before `pos` (skipping spaces), or (pos, pos) when there is none."""
    end = pos
    while end > 0 and text[end - 1] == " ":
        end -= 1
    start = end
    while start > 0 and is_word_char(text[start - 1]) and end - start < 40:
        start -= 1
    return (start, end) if start < end else (pos, pos)


def word_after(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the word after `pos` (skipping spaces), or (pos, pos) when there is none."""
    start = pos
    while start < len(text) and text[start] == " ":
        start += 1
    end = start
    while end < len(text) and is_word_char(text[end]) and end - start < 40:
        end += 1
    return (start, end) if start < end else (pos, pos)


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A dictionary phrase found in normalised text: [start, end) covers the phrase, clitics included."""

    start: int  # start of the orthographic word, proclitics included
    end: int
    phrase_start: int  # where the phrase itself starts (after proclitics)
    phrase: str
    values: tuple[T, ...]


class PhraseMatcher(Generic[T]):
    """Finds the longest non-overlapping dictionary phrases in normalised text, with clitics and suffixes."""

    @gc_paused
    def __init__(self, entries: Iterable[tuple[str, T]], *, suffixes: Iterable[str] = ()) -> None:
        table: dict[str, list[T]] = {}
        for phrase, value in entries:
            key = norm(phrase)
            if key:
                table.setdefault(key, []).append(value)
        self._suffixes = tuple(sorted({s for s in suffixes if s}, key=len, reverse=True))
        self._auto = ahocorasick.Automaton()
        # A phrase as written wins over another phrase's article-stripped form ("قامشلو" vs "القامشلو").
        keys: dict[str, tuple[str, bool]] = {key: (key, False) for key in table}
        for key in table:
            if key.startswith("ال") and len(key) > 3:
                keys.setdefault(key[2:], (key, True))
        for indexed, (key, stripped) in keys.items():
            self._auto.add_word(indexed, (indexed, key, stripped))
        self._table = {k: tuple(v) for k, v in table.items()}
        self._empty = not keys
        if keys:
            self._auto.make_automaton()

    def __len__(self) -> int:
        return len(self._table)

    def lookup(self, phrase: str) -> tuple[T, ...]:
        return self._table.get(norm(phrase), ())

    def _end_ok(self, text: str, end: int) -> int | None:
        """Return the end of the word when the phrase may end at `end` (optionally followed by a suffix)."""
        if end >= len(text) or not is_word_char(text[end]):
            return end
        for suf in self._suffixes:
            stop = end + len(suf)
            if text.startswith(suf, end) and (stop >= len(text) or not is_word_char(text[stop])):
                return stop
        return None

    def find(self, text: str) -> list[Match[T]]:
        """All longest, leftmost, non-overlapping matches in the normalised `text`."""
        if self._empty:
            return []
        cands: list[tuple[int, int, int, str, int]] = []  # word start, end, phrase start, key, suffix length
        for last, (indexed, key, stripped) in self._auto.iter(text):
            pstart = last - len(indexed) + 1
            word_start = pstart  # back over at most a proclitic's letters: a longer run is inside another word
            while word_start > 0 and pstart - word_start < _LONGEST_PREFIX and text[word_start - 1] in _CLITIC_LETTERS:
                word_start -= 1
            if word_start > 0 and is_word_char(text[word_start - 1]):
                continue
            prefix = text[word_start:pstart]
            if stripped:
                if prefix not in ARTICLE_PROCLITICS:
                    continue
            elif prefix not in PROCLITICS and prefix not in ARTICLE_PROCLITICS:
                continue
            if prefix.endswith("س") and key[0] not in IMPERFECT_PREFIXES:
                continue  # the future سـ stands only before an imperfect verb (not "سفر" from فر, "سلمان" from لم)
            stop = self._end_ok(text, last + 1)
            if stop is None:
                continue
            if len(key) <= SHORT_KEY and (stop > last + 1 or prefix not in SHORT_PROCLITICS):
                continue  # a two-letter phrase takes no suffix, article, ك or سـ ("فر", "لشن"; not "كفر", "الفرات")
            cands.append((word_start, stop, pstart, key, stop - last - 1))
        # leftmost, then longest, then the reading with the fewest letters taken as clitics: the shorter proclitic
        # ("بحثا" is بحث + ا, not ب + حثا), then the shorter suffix (أضافوا is listed, not أضاف + وا)
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2] - c[0], c[4]))
        out: list[Match[T]] = []
        taken_until = -1
        for start, stop, pstart, key, _ in cands:  # leftmost-longest
            if start >= taken_until:
                out.append(Match(start, stop, pstart, key, self._table[key]))
                taken_until = stop
        return out
