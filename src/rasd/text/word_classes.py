"""Distributional word classes: words that occur in like contexts of Arabic news share a class (الخميس، السبت، الأحد).

The classes are built from unlabelled news text by scripts/build_word_classes.py (see WORD_CLASSES_README.md) and
read by the learned decisions as features: a class stands for the many rare words a model never saw in training.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_left
from functools import lru_cache
from importlib import resources
from operator import getitem

from rasd.text.tokens import without_conjunction

CLASSES_FILE = "word_classes.tsv.gz"
_NOT_LETTER = re.compile(r"[^\u0621-\u064a]")  # in a normalised word: anything but an Arabic letter


@lru_cache(maxsize=65536)
def key_word(word: str) -> str:
    """A normalised word as the classes (and the models' word keys) know it: without a conjunction, letters only;
    '' when too short to tell anything."""
    key = _NOT_LETTER.sub("", without_conjunction(word))
    return key if len(key) >= 2 else ""


def parse_classes(lines: list[str]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(header {key: value}, {word: its class in each grouping}) of the file's lines: `# key: value` lines, then
    `word<TAB>class<TAB>class...`, one class per grouping the header's `classes` lists (1000,200: a fine and a coarse
    one). A class is named by its grouping's size and its number: "1000/17"."""
    header: dict[str, str] = {}
    classes: dict[str, tuple[str, ...]] = {}
    names: list[list[str]] = []  # each grouping's class names, made once (40,000 rows share them)
    rows: dict[str, tuple[str, ...]] = {}  # each distinct run of class numbers, read once (40,000 rows have 9,000)
    for n, line in enumerate(lines, 1):
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            header[key.strip()] = value.strip()
            continue
        if not names:
            sizes = header.get("classes", "").split(",")
            names = [[f"{k}/{c}" for c in range(int(k))] if k.isdigit() else [] for k in sizes]
        word, _, numbers = line.partition("\t")
        found = rows.get(numbers) if word else None
        if found is None:
            cols = numbers.split("\t")
            try:
                if not word or len(cols) != len(names):
                    raise ValueError
                found = rows[numbers] = tuple(map(getitem, names, map(int, cols)))  # lengths checked above
            except (ValueError, IndexError):
                raise ValueError(f"{CLASSES_FILE} line {n}: expected a word and {len(names)} class number(s) within "
                                 f"the header's 'classes: {header.get('classes', '')}', got {line[:60]!r}; rebuild it "
                                 "with scripts/build_word_classes.py") from None
        classes[word] = found
    return header, classes


class Vocabulary:
    """The packaged classes read lazily: the file's rows are sorted by word (checked once, 40,000 comparisons), so a
    word is found by bisection and only its row is parsed, when asked for (`key_classes` keeps the words in use).
    Parsing all 40,000 rows up front (`parse_classes`) took 0.06-0.16 s of every process's start-up; an article asks
    for a few hundred words."""

    def __init__(self, lines: list[str]) -> None:
        body = 0
        while body < len(lines) and lines[body].startswith("#"):
            body += 1
        self.header, _ = parse_classes(lines[:body])
        self._first_line = body + 1  # the file's line number of the first row, for errors
        self._rows = lines[body:]
        unsorted = next((i for i in range(1, len(self._rows)) if self._rows[i - 1] >= self._rows[i]), None)
        if unsorted is not None:
            raise ValueError(f"{CLASSES_FILE} line {self._first_line + unsorted}: rows are not sorted by word (this "
                             "row sorts before the one above it, or repeats it); rebuild it with "
                             "scripts/build_word_classes.py")
        sizes = self.header.get("classes", "").split(",")
        self._names = [[f"{k}/{c}" for c in range(int(k))] if k.isdigit() else [] for k in sizes]

    def __len__(self) -> int:
        return len(self._rows)

    def row(self, word: str) -> int | None:
        """The word's row number (its place in the sorted vocabulary, as the word vectors are stored), or None."""
        probe = word + "\t"  # a tab sorts before every letter, so a word's row sorts where the word does
        i = bisect_left(self._rows, probe)
        return i if word and i < len(self._rows) and self._rows[i].startswith(probe) else None

    def classes(self, word: str) -> tuple[str, ...]:
        """The word's class in each grouping; () when the vocabulary lacks it (parsed on each call: `key_classes`
        keeps the words in use)."""
        i = self.row(word)
        if i is None:
            return ()
        cols = self._rows[i].partition("\t")[2].split("\t")
        try:
            if len(cols) != len(self._names):
                raise ValueError
            return tuple(map(getitem, self._names, map(int, cols)))
        except (ValueError, IndexError):
            raise ValueError(f"{CLASSES_FILE} line {self._first_line + i}: expected a word and {len(self._names)} "
                             f"class number(s) within the header's 'classes: {self.header.get('classes', '')}', "
                             f"got {self._rows[i][:60]!r}; rebuild it with scripts/build_word_classes.py") from None

    def words(self) -> list[str]:
        """Every word, in the file's (sorted) order."""
        return [line.partition("\t")[0] for line in self._rows]


@lru_cache(maxsize=1)
def packaged() -> Vocabulary:
    """The packaged classes (read once per process)."""
    data = resources.files("rasd").joinpath("resources", "data", CLASSES_FILE)
    return Vocabulary(gzip.decompress(data.read_bytes()).decode("utf-8").splitlines())


def word_classes(word: str) -> tuple[str, ...]:
    """The classes of a normalised word, one per grouping ("1000/17", "200/3"), read as key_word makes it (no
    conjunction, letters only); () when the vocabulary lacks it."""
    return key_classes(key_word(word))


@lru_cache(maxsize=65536)
def key_classes(key: str) -> tuple[str, ...]:
    """The classes of a word already made a key by key_word (() when the vocabulary lacks it)."""
    return packaged().classes(key)


def vocabulary() -> list[str]:
    """The words that have classes, in the file's order (sorted)."""
    return packaged().words()


def classes_header() -> dict[str, str]:
    """The packaged file's header: source, licence, build parameters, sha256 of the rows."""
    return dict(packaged().header)
