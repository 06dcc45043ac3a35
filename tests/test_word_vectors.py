"""Distributional word vectors: the file's format and integrity checks, the packaged file, and what the vectors say
of words (words chosen for these tests)."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from importlib import resources

import pytest

from rasd.text.normalise import norm
from rasd.text.word_classes import classes_header, key_word, vocabulary
from rasd.text.word_vectors import VECTORS_FILE, checked_vectors, dimensions, key_vector, mean_vector


def _file(rows: bytes, dims: int, words: int, sha: str | None = None) -> bytes:
    header = {"dims": dims, "words": words, "scale": 100.0, "sha256": sha or hashlib.sha256(rows).hexdigest()}
    return json.dumps(header).encode() + b"\n" + rows


def test_the_check_reads_the_rows_in_order_and_names_what_is_wrong() -> None:
    header, values = checked_vectors(_file(bytes([1, 2, 254, 0]), 2, 2), 2)
    assert header["dims"] == 2 and list(values) == [1, 2, -2, 0]
    with pytest.raises(ValueError, match=r"expected 3 rows of 2 bytes \(the words of word_classes.tsv.gz\)"):
        checked_vectors(_file(bytes(4), 2, 2), 3)  # another classes file's words
    with pytest.raises(ValueError, match="expected 2 rows of 2 bytes"):
        checked_vectors(_file(bytes(3), 2, 2), 2)  # cut short
    with pytest.raises(ValueError, match="do not match the header's sha256"):
        checked_vectors(_file(bytes(4), 2, 2, sha="0" * 64), 2)
    with pytest.raises(ValueError, match="not a JSON header with 'dims' and 'words'"):
        checked_vectors(b"dims 2\n" + bytes(4), 2)


def test_the_packaged_file_goes_with_the_packaged_classes() -> None:
    raw = gzip.decompress(resources.files("rasd").joinpath("resources", "data", VECTORS_FILE).read_bytes())
    header = json.loads(raw.partition(b"\n")[0])
    assert header["classes_sha256"] == classes_header()["sha256"] and header["words"] == len(vocabulary())
    assert "SaudiNewsNet" in header["source"] and "CC BY-NC-SA 4.0" in header["licence"]
    assert dimensions() == header["dims"] == 32


def _cosine(a: str, b: str) -> float:
    u, v = key_vector(key_word(norm(a))), key_vector(key_word(norm(b)))
    assert u is not None and v is not None
    return sum(x * y for x, y in zip(u, v, strict=True)) / math.sqrt(sum(x * x for x in u) * sum(y * y for y in v))


def test_words_of_like_use_lie_close() -> None:
    assert _cosine("قصف", "غارات") > 0.7 and _cosine("الخميس", "السبت") > 0.8 and _cosine("مقتل", "استشهاد") > 0.7
    assert _cosine("قصف", "اجتماع") < 0.4  # a strike is not a meeting
    assert key_vector(key_word(norm("وقصف"))) == key_vector("قصف")  # the conjunction changes nothing
    assert key_vector("كلمةلاتوجد") is None


def test_the_mean_vector_skips_unknown_words_and_is_zero_for_none() -> None:
    both = mean_vector({"قصف", "غارات", "كلمةلاتوجد"})
    one, two = key_vector("قصف"), key_vector("غارات")
    assert one is not None and two is not None
    assert all(math.isclose(m, (a + b) / 2) for m, a, b in zip(both, one, two, strict=True))
    assert mean_vector(set()) == mean_vector({"كلمةلاتوجد"}) == (0.0,) * dimensions()
