"""Distributional word classes: the file's format, its keys, the packaged file's integrity, and the eventivity keys
read through it (sentences written for these tests)."""

from __future__ import annotations

import gzip
import hashlib
from importlib import resources

import pytest

from rasd.text.normalise import norm
from rasd.text.word_classes import (
    CLASSES_FILE,
    Vocabulary,
    classes_header,
    key_classes,
    key_word,
    packaged,
    parse_classes,
    word_classes,
)


def test_parse_reads_the_header_and_rows_and_names_a_bad_line() -> None:
    header, classes = parse_classes(["# source: test", "# classes: 2,1", "قتل\t0\t0", "اصيب\t1\t0"])
    assert header == {"source": "test", "classes": "2,1"} and classes == {"قتل": ("2/0", "1/0"), "اصيب": ("2/1", "1/0")}
    with pytest.raises(ValueError, match=r"word_classes.tsv.gz line 4: expected a word and 2 class number\(s\) within"):
        parse_classes(["# classes: 2,1", "قتل\t0\t0", "جرح\t1\t0", "اصيب\t1"])
    with pytest.raises(ValueError, match="line 2: expected"):  # a class outside its grouping
        parse_classes(["# classes: 2,1", "قتل\t2\t0"])


def test_the_lazy_vocabulary_finds_words_by_bisection_and_names_a_bad_row() -> None:
    # sorted as the file is: a word before the longer words it begins (a tab sorts before every letter)
    v = Vocabulary(["# source: test", "# classes: 2,1", "اصيب\t1\t0", "قتل\t0\t0", "قتلى\t1\t0", "هجوم\t0"])
    assert len(v) == 4 and v.words() == ["اصيب", "قتل", "قتلى", "هجوم"]
    assert [v.row(w) for w in ("اصيب", "قتل", "قتلى", "قت", "", "يوم")] == [0, 1, 2, None, None, None]
    assert v.classes("قتل") == ("2/0", "1/0") and v.classes("قتلى") == ("2/1", "1/0") and v.classes("قت") == ()
    assert v.classes("قتل") == parse_classes(["# classes: 2,1", "قتل\t0\t0"])[1]["قتل"]  # as the full parse reads it
    with pytest.raises(ValueError, match="line 6: expected a word and 2 class number"):  # read when asked for
        v.classes("هجوم")
    with pytest.raises(ValueError, match="line 3: rows are not sorted"):
        Vocabulary(["# classes: 2,1", "قتل\t0\t0", "اصيب\t1\t0"])


def test_the_packaged_vocabulary_reads_as_the_full_parse_does() -> None:
    raw = gzip.decompress(resources.files("rasd").joinpath("resources", "data", CLASSES_FILE).read_bytes())
    header, classes = parse_classes(raw.decode("utf-8").splitlines())
    v = packaged()
    assert v.header == header and v.words() == list(classes)
    assert all(v.classes(w) == c for w, c in list(classes.items())[::97])


@pytest.mark.parametrize(("word", "key"), [
    ("وقتل", "قتل"),  # the conjunction is no part of the word
    ("فقتل", "قتل"),
    ("بدعم", "بدعم"),  # a preposition is
    ("«داعش»", "داعش"),  # letters only
    ("و", ""),  # too short to tell anything
    ("2015", ""),
])
def test_key_word(word: str, key: str) -> None:
    assert key_word(word) == key


def test_the_packaged_file_is_whole_and_says_where_it_came_from() -> None:
    raw = gzip.decompress(resources.files("rasd").joinpath("resources", "data", CLASSES_FILE).read_bytes())
    lines = raw.decode("utf-8").splitlines(keepends=True)
    body = "".join(line for line in lines if not line.startswith("#"))
    header = classes_header()
    assert hashlib.sha256(body.encode("utf-8")).hexdigest() == header["sha256"]
    assert "SaudiNewsNet" in header["source"] and "CC BY-NC-SA 4.0" in header["licence"]
    rows = [line.rstrip("\n").split("\t") for line in lines if not line.startswith("#")]
    assert len(rows) == int(header["words"]) and [r[0] for r in rows] == sorted(r[0] for r in rows)
    for i, size in enumerate(header["classes"].split(","), 1):  # every class of every grouping has words
        assert {int(r[i]) for r in rows} == set(range(int(size)))


def test_like_words_share_a_class_and_the_conjunction_changes_nothing() -> None:
    groupings = len(classes_header()["classes"].split(","))
    days = [word_classes(norm(w)) for w in ("الخميس", "الجمعة", "السبت", "الأحد")]
    assert all(len(c) == groupings for c in days) and len({c[0] for c in days}) == 1  # one fine class
    assert word_classes(norm("وقتل")) == word_classes(norm("قتل")) == key_classes("قتل") != ()
    assert word_classes("كلمةلاتوجد") == ()
