"""Consonant skeletons that let an Arabic spelling meet a place's Latin name (ساريكاميس ~ Sarıkamış).

GeoNames gives thousands of towns in Turkey, Iran and the Maghreb no Arabic name, while Arabic news writes them out
letter by letter. Both spellings are reduced to the consonants Arabic writes, in coarse classes (ب/p/b, ق/ك/k/q,
س/ص/ش/ث/s/ş/sh ...), vowels and weak letters dropped. A skeleton is a weak key: the geocoder looks one up only after a
place noun (مدينة، بلدة، منطقة ...) and only among the document's countries.
"""

from __future__ import annotations

import re
import unicodedata

from rasd.text.normalise import norm

MIN_SKELETON = 4  # shorter skeletons collide too often to name a town

_ARABIC = {
    "ب": "b", "ت": "t", "ط": "t", "ث": "s", "ج": "j", "ح": "h", "ه": "h", "خ": "k", "د": "d", "ض": "d", "ذ": "z",
    "ز": "z", "ظ": "z", "ر": "r", "س": "s", "ص": "s", "ش": "s", "غ": "k", "ف": "f", "ق": "k", "ك": "k", "ل": "l",
    "م": "m", "ن": "n",
}  # ا و ي ى ة ء ع and hamza carriers are vowels or dropped in Latin spellings
_LATIN_DIGRAPHS = (("sh", "s"), ("ch", "s"), ("kh", "k"), ("gh", "k"), ("th", "s"), ("dh", "z"), ("ph", "f"),
                   ("ck", "k"), ("ts", "s"))
_LATIN = {
    "b": "b", "p": "b", "t": "t", "c": "j", "j": "j", "h": "h", "k": "k", "q": "k", "d": "d", "z": "z", "r": "r",
    "s": "s", "g": "k", "f": "f", "v": "f", "l": "l", "m": "m", "n": "n", "x": "ks",
}  # a e i o u y w and ğ (silent in Turkish) drop out
_TURKISH = str.maketrans({"ı": "i", "ş": "s", "ç": "c", "ğ": "", "ö": "o", "ü": "u", "İ": "i"})
_ARTICLE_LATIN = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez)[\s\-‘’'`]+")


def _collapse(s: str) -> str:  # doubled consonants are written once in Arabic
    return re.sub(r"(.)\1+", r"\1", s)


def latin_skeleton(name: str) -> str:
    """The skeleton of a Latin place name: 'Sarıkamış' -> 'srkms', 'Pozantı' -> 'bznt'."""
    s = name.translate(_TURKISH).casefold()
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = _ARTICLE_LATIN.sub("", s)
    s = re.sub(r"[^a-z]", "", s)
    s = re.sub(r"(?<=[aeiou])h$", "", s)  # -ah, -iyah: a ta marbuta, which Arabic skeletons drop too
    for a, b in _LATIN_DIGRAPHS:
        s = s.replace(a, b.upper())  # upper case keeps a digraph's result from being read again
    return _collapse("".join(_LATIN.get(c, c.lower() if c.isupper() else "") for c in s))


def arabic_skeleton(words: str) -> str:
    """The skeleton of an Arabic spelling: 'ساريكاميس' -> 'srkms'; a leading article is dropped."""
    key = norm(words).replace(" ", "")
    key = key.removeprefix("ال") if len(key) > 4 else key
    key = key.removesuffix("ه")  # ta marbuta, or a final vowel (كوله ~ Köle)
    return _collapse("".join(_ARABIC.get(c, "") for c in key))
