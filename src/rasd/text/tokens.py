"""The token layer: an article's words, computed once, each with its offsets in the original text, its normalised
form and its clitics split off. Every stage reads words through it instead of re-normalising slices of the text.

The text is normalised once (rasd.text.normalise: diacritics and tatweel dropped, letter forms and digits unified, every
kind of space a space) with a map from each normalised character back to the original. A word is a run of non-space
characters of that form. Slicing the layer is exact: the words of any range of original offsets are what `norm` gives
for that slice of the original, a word cut at either end included, so a rule that looks at "the words in the 20
characters before a name" reads the words it always read, without normalising them again.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rasd.text.normalise import normalise

_WORD = re.compile(r"\S+")  # in the normalised text, where every kind of space is a space

# Proclitics, outermost first: a conjunction, then a preposition, then the article.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")
ARTICLE = "ال"
MIN_BASE = 2  # a proclitic is split off only when at least this many letters remain


def split_clitics(word: str) -> tuple[str, str]:
    """A normalised word's proclitics and its base: "وبالمدينة" -> ("وبال", "مدينة"), "للجيش" -> ("لل", "جيش").

    Letters are split off only where at least MIN_BASE letters remain, so this reads a word's likely shape, not its
    morphology: "ولد" keeps its و here and a caller that needs the root consults a lexicon."""
    prefix, rest = "", word
    if len(rest) > MIN_BASE + 1 and rest[0] in _CONJUNCTIONS:
        prefix, rest = prefix + rest[0], rest[1:]
    if rest.startswith("لل") and len(rest) >= MIN_BASE + 2:  # ل + ال with the alef elided
        return prefix + "لل", rest[2:]
    if len(rest) > MIN_BASE + 1 and rest[0] in _PREPOSITIONS and rest[1:].startswith(ARTICLE):
        prefix, rest = prefix + rest[0], rest[1:]
    elif len(rest) > MIN_BASE + 1 and rest[0] in _PREPOSITIONS and prefix:
        prefix, rest = prefix + rest[0], rest[1:]
    if rest.startswith(ARTICLE) and len(rest) >= MIN_BASE + 2:
        prefix, rest = prefix + ARTICLE, rest[2:]
    return prefix, rest


def without_conjunction(word: str) -> str:
    """A normalised word without its conjunction و or ف ("وشنت" -> "شنت"); prepositions and the article stay.
    (What split_clitics splits first, read without splitting the rest: the role labeller asks this of every word.)"""
    return word[1:] if len(word) > MIN_BASE + 1 and word[0] in _CONJUNCTIONS else word


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its span in the original text, its normalised form, and that form's proclitics and base."""

    start: int
    end: int
    norm: str
    proclitics: str
    base: str


class Tokens:
    """The words of one text: its normalised form, computed once with a map back to the original, and the words of
    any range of original offsets read from it by slicing (logarithmic time; nothing is normalised again)."""

    __slots__ = ("_starts", "_words", "nt")

    def __init__(self, text: str) -> None:
        self.nt = normalise(text)
        self._words: tuple[Token, ...] | None = None
        self._starts: list[int] = []  # each word's start, for `at` (made with the words)

    @property
    def text(self) -> str:
        return self.nt.original

    @property
    def words(self) -> tuple[Token, ...]:
        """Every word, in order (made on first use: most rules only slice)."""
        if self._words is None:
            words: list[Token] = []
            for m in _WORD.finditer(self.nt.text):
                form = m.group()
                words.append(Token(*self._original(m), form, *split_clitics(form)))
            self._words = tuple(words)
            self._starts = [t.start for t in words]
        return self._words

    def __len__(self) -> int:
        return len(self.words)

    def _at_or_after(self, pos: int) -> int:
        """The first position of the normalised text whose character comes from original offset `pos` or later."""
        index = self.nt.index
        if isinstance(index, range):
            return min(max(pos, 0), len(index))
        return bisect_left(index, pos)

    def normalised(self, start: int, end: int) -> str:
        """The normalised text of original offsets start..end, whitespace collapsed: exactly `norm(text[start:end])`
        (a word cut by either end gives its part)."""
        return " ".join(self.between(start, end))

    def between(self, start: int, end: int) -> list[str]:
        """The normalised words of original offsets start..end: exactly `norm(text[start:end]).split()`."""
        if start >= end:
            return []
        return self.nt.text[self._at_or_after(start):self._at_or_after(end)].split()

    def before(self, pos: int, reach: int) -> list[str]:
        """The normalised words of the `reach` characters before offset `pos` (the first may be cut)."""
        return self.between(pos - reach, pos)

    def after(self, pos: int, reach: int) -> list[str]:
        """The normalised words of the `reach` characters from offset `pos` (the last may be cut)."""
        return self.between(pos, pos + reach)

    def located(self, start: int, end: int, whole: bool = False) -> list[tuple[int, int, str]]:
        """The words of original offsets start..end as `between` gives them, each with its original start and end
        (a word cut by either end gives its part; `whole`: the whole word, as `words` has it), without making the
        whole text's Token objects."""
        if start >= end:
            return []
        text = self.nt.text
        i, j = self._at_or_after(start), self._at_or_after(end)
        if whole and i > 0 and not text[i - 1].isspace() and (
                (i < len(text) and not text[i].isspace()) or self._end(i) > start):
            # `start` falls inside the word before i (in its letters, or in the diacritics after its last one)
            while i > 0 and not text[i - 1].isspace():
                i -= 1
        if whole:
            while 0 < j < len(text) and not text[j].isspace() and not text[j - 1].isspace():
                j += 1
        return [(*self._original(m), m.group()) for m in _WORD.finditer(text, i, j)]

    def _original(self, m: re.Match[str]) -> tuple[int, int]:
        """The original offsets of a word matched in the normalised text: it ends where the next kept character
        starts (diacritics after its last letter are its own)."""
        return self.nt.index[m.start()], self._end(m.end())

    def _end(self, i: int) -> int:
        """The original offset where a word of the normalised text that ends at position i ends."""
        index = self.nt.index
        return index[i] if i < len(index) else len(self.nt.original)

    def at(self, pos: int) -> Token | None:
        """The word holding original offset `pos`, if any."""
        words = self.words
        i = bisect_right(self._starts, pos) - 1
        return words[i] if i >= 0 and pos < words[i].end else None
