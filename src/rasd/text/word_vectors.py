"""Distributional word vectors: where a word stands among the words of like use in Arabic news, as a few numbers.

The vectors are the ones scripts/build_word_classes.py groups into the word classes (rasd.text.word_classes): the
positive pointwise mutual information of each word's neighbours in unlabelled news, reduced by a randomised SVD, each
word's vector of unit length; the first `dims` components are kept, each stored as one signed byte (see
WORD_CLASSES_README.md). Where a class says only which group a word falls in, the vector says where it falls, so a
linear model can weigh words no training article had ("ندد" lies near "أدان", "استهداف" near "قصف") without a key of
their own.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from array import array
from functools import lru_cache
from importlib import resources
from typing import Any

from rasd.text.word_classes import CLASSES_FILE, packaged

VECTORS_FILE = "word_vectors.i8.gz"


def checked_vectors(raw: bytes, count: int) -> tuple[dict[str, Any], array]:
    """(header, the rows' signed bytes) of a vectors file that holds `count` rows, checked: one JSON header line
    (dims, scale, words, sha256 of the bytes), then `count` rows of `dims` signed bytes, in the order of the word
    classes' rows (sorted by word)."""
    head, sep, body = raw.partition(b"\n")
    try:
        header = json.loads(head)
        dims, expected = int(header["dims"]), int(header["words"])
    except (ValueError, KeyError, TypeError):
        raise ValueError(f"{VECTORS_FILE}: the first line is not a JSON header with 'dims' and 'words'; rebuild it "
                         "with scripts/build_word_classes.py") from None
    if not sep or count != expected or len(body) != dims * count:
        raise ValueError(f"{VECTORS_FILE}: expected {count} rows of {dims} bytes (the words of {CLASSES_FILE}), "
                         f"got {len(body)} bytes for {expected} words; rebuild both with scripts/build_word_classes.py")
    if header.get("sha256") != hashlib.sha256(body).hexdigest():
        raise ValueError(f"{VECTORS_FILE}: its rows do not match the header's sha256; rebuild it with "
                         "scripts/build_word_classes.py")
    return header, array("b", body)


@lru_cache(maxsize=1)
def _loaded() -> tuple[int, float, array]:
    data = resources.files("rasd").joinpath("resources", "data", VECTORS_FILE)
    header, values = checked_vectors(gzip.decompress(data.read_bytes()), len(packaged()))
    return int(header["dims"]), 1.0 / float(header["scale"]), values


def dimensions() -> int:
    """How many numbers each vector has."""
    return _loaded()[0]


@lru_cache(maxsize=16384)  # a vector as floats takes about 1 KB: 16 MB for the words in use, not 40 MB for all
def key_vector(key: str) -> tuple[float, ...] | None:
    """The vector of a word already made a key by word_classes.key_word; None when the vocabulary lacks it."""
    dims, inverse, values = _loaded()
    row = packaged().row(key)
    if row is None:
        return None
    return tuple(v * inverse for v in values[row * dims:(row + 1) * dims])


def mean_vector(keys: list[str] | set[str] | tuple[str, ...]) -> tuple[float, ...]:
    """The mean of the vectors of those keys that have one (zeros when none has)."""
    found = [v for v in map(key_vector, sorted(keys)) if v is not None]
    if not found:
        return (0.0,) * dimensions()
    n = len(found)
    return tuple([total / n for total in map(sum, zip(*found, strict=True))])
