"""Normalise Arabic text for matching, keeping a map from every normalised character back to the original."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Characters removed for matching: harakat, Quranic marks, superscript alef, tatweel, bidi controls.
_DROP = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\ufeff"]
)

# One-to-one replacements: letter forms, digits, punctuation.
_MAP: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "ي": "ي",
    "،": ",", "؛": ";", "؟": "?", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
    "٪": "%", "٫": ".", "٬": ",", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Persian / Urdu


def _presentation_forms() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFE: glyph shapes that text copied from PDFs and some old
    sites is written in, "ﺟﺮﺣﻰ" for "جرحى") read as the letters they show, by their Unicode compatibility decomposition
    normalised as above: one letter each (replacements), several (the lam-alef ligatures "ﻻ" and the word ligatures
    "ﷲ": expansions), or none (isolated harakat: dropped)."""
    one: dict[str, str] = {}
    many: dict[str, str] = {}
    drop: set[str] = set()
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)):
        ch = chr(code)
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed == ch:
            continue  # unassigned, or no decomposition
        letters = "".join(_MAP.get(x, x) for x in decomposed if x not in _DROP)
        letters = " ".join(letters.split())
        if not letters:
            drop.add(ch)
        elif len(letters) == 1:
            one[ch] = letters
        else:
            many[ch] = letters
    return one, many, frozenset(drop)


_FORMS, _EXPAND, _FORMS_DROPPED = _presentation_forms()
_MAP.update(_FORMS)
_DROP = _DROP | _FORMS_DROPPED
_EXPAND_RE = re.compile("[" + "".join(sorted(_EXPAND)) + "]")

_SPACE = re.compile(r"\s")
_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]")


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """One translate table for every one-to-one change; whitespace other than newlines becomes a plain space."""
    spaces = {chr(c): " " for c in range(0x3100) if chr(c).isspace() and chr(c) != "\n"}
    return str.maketrans({**spaces, "\u3000": " ", **_MAP})


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised copy of `original` and, for each of its characters, the index it came from."""

    original: str
    text: str
    index: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to the span of the original it covers."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalised text of length {len(self.text)}")
        if start == end:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1

    def prefix(self, end: int) -> Normalised:
        """The normalised form of `original[:end]`, cut from this one (nothing normalised again)."""
        cut = bisect_left(self.index, end)
        return Normalised(original=self.original[:end], text=self.text[:cut], index=self.index[:cut])

    def original_text(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]


def normalise_char(ch: str) -> str:
    """The normalised form of one character ('' where it is dropped)."""
    if ch in _DROP:
        return ""
    return _MAP.get(ch) or _EXPAND.get(ch, ch)


def normalise(text: str) -> Normalised:
    """Normalise `text` for matching: drop diacritics and tatweel, unify letter forms, digits, punctuation."""
    kept: list[str] = []
    index: Sequence[int]
    pos = 0
    pieces: list[range] = []
    for m in _DROP_RE.finditer(text):
        if m.start() > pos:
            kept.append(text[pos:m.start()])
            pieces.append(range(pos, m.start()))
        pos = m.end()
    if not pieces and pos == 0:
        index = range(len(text))  # nothing dropped: the map is the identity
        kept = [text]
    else:
        kept.append(text[pos:])
        pieces.append(range(pos, len(text)))
        flat: list[int] = []
        for r in pieces:
            flat.extend(r)
        index = flat
    out = "".join(kept).translate(_table())
    if _EXPAND_RE.search(out):
        out, index = _expanded(out, index)
    return Normalised(original=text, text=out, index=index)


def _expanded(text: str, index: Sequence[int]) -> tuple[str, list[int]]:
    """`text` with each ligature written out ("ﻻ" -> "لا"), every letter of it mapped to the ligature's offset."""
    chars: list[str] = []
    where: list[int] = []
    for ch, i in zip(text, index, strict=True):
        letters = _EXPAND.get(ch, ch)
        chars.append(letters)
        where.extend([i] * len(letters))
    return "".join(chars), where


# normalise_char for every character at once: dropped characters map to None, ligatures to their letters, the rest
# as in _MAP.
_CHAR_TABLE: dict[int, Any] = {**str.maketrans(_MAP), **{ord(c): v for c, v in _EXPAND.items()},
                               **{ord(c): None for c in _DROP}}


def fold(text: str) -> str:
    """Every character normalised as `normalise_char` does (dropped ones removed); whitespace left as it is."""
    return text.translate(_CHAR_TABLE)


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """The normalised string alone (for dictionary keys and patterns); whitespace collapsed."""
    return " ".join(fold(text).split())
