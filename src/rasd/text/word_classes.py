"""Distributional word classes: words that occur in like contexts of Arabic news share a class (الخميس، السبت، الأحد).

The classes are built from unlabelled news text by scripts/build_word_classes.py (see WORD_CLASSES_README.md) and
read by the learned decisions as features: a class stands for the many rare words a model never saw in training.
"""

from __future__ import annotations

import gzip
import re
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


@lru_cache(maxsize=1)
def _packaged() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    data = resources.files("rasd").joinpath("resources", "data", CLASSES_FILE)
    return parse_classes(gzip.decompress(data.read_bytes()).decode("utf-8").splitlines())


def word_classes(word: str) -> tuple[str, ...]:
    """The classes of a normalised word, one per grouping ("1000/17", "200/3"), read as key_word makes it (no
    conjunction, letters only); () when the vocabulary lacks it."""
    return _packaged()[1].get(key_word(word), ())


def key_classes(key: str) -> tuple[str, ...]:
    """The classes of a word already made a key by key_word (() when the vocabulary lacks it)."""
    return _packaged()[1].get(key, ())


def vocabulary() -> list[str]:
    """The words that have classes, in the file's order (sorted)."""
    return list(_packaged()[1])


def classes_header() -> dict[str, str]:
    """The packaged file's header: source, licence, build parameters, sha256 of the rows."""
    return dict(_packaged()[0])
