"""Phrase matching with clitics, article-stripped variants, suffixes and leftmost-longest choice."""

from __future__ import annotations

import pytest

from rasd.text.matcher import PhraseMatcher
from rasd.text.normalise import norm

M = PhraseMatcher([("قسد", "SDF"), ("قوات سوريا الديمقراطية", "SDF"), ("الحوثيين", "HOUTHI"), ("داعش", "ISIS"),
                   ("تنظيم داعش", "ISIS"), ("سوريا", "SY"), ("هجوم", "ATTACK")], suffixes=["ا", "ات"])


@pytest.mark.parametrize(("text", "expected"), [
    ("وبقسد", ["SDF"]),
    ("لداعش", ["ISIS"]),
    ("للحوثيين", ["HOUTHI"]),
    ("والحوثيين", ["HOUTHI"]),
    ("قوات سوريا الديمقراطية", ["SDF"]),  # longest wins over سوريا
    ("وتنظيم داعش", ["ISIS"]),
    ("هجوما وهجمات", ["ATTACK"]),  # a suffix listed: هجوما; not listed for هجمات (a broken plural)
    ("قسدي", []),  # no suffix allowed for names ending a word
    ("مقسد", []),  # not a clitic
])
def test_find(text: str, expected: list[str]) -> None:
    got = [v for m in M.find(norm(text)) for v in m.values]
    assert got == expected


def test_offsets_cover_clitics() -> None:
    t = norm("قالت وبقسد")
    (m,) = M.find(t)
    assert t[m.start:m.end] == "وبقسد" and t[m.phrase_start:m.end] == "قسد"


def test_empty_matcher() -> None:
    assert PhraseMatcher([]).find("نص") == []


def test_plain_phrase_wins_over_stripped_variant_whatever_the_order() -> None:
    for entries in ([("القامشلو", "A"), ("قامشلو", "B")], [("قامشلو", "B"), ("القامشلو", "A")]):
        m = PhraseMatcher(entries)
        assert [v for x in m.find(norm("في قامشلو")) for v in x.values] == ["B"]
        assert [v for x in m.find(norm("في القامشلو")) for v in x.values] == ["A"]


SHORT = PhraseMatcher([("فر", "FLEE"), ("لم", "NOT"), ("يقصف", "SHELL"), ("شن", "LAUNCH")], suffixes=["وا", "ات", "ا"])


@pytest.mark.parametrize(("text", "expected"), [
    ("فر", ["FLEE"]),
    ("وفر المسلحون", ["FLEE"]),
    ("كفر", []),  # a two-letter phrase stands alone: not with ك
    ("الفرات", []),  # nor with the article and a suffix
    ("فروا", []),  # nor with a suffix (list the forms instead)
    ("لشن", ["LAUNCH"]),  # but with a preposition
    ("وبشن", ["LAUNCH"]),
    ("سلمان", []),  # the future سـ stands only before an imperfect verb
    ("سيقصف", ["SHELL"]),
    ("وسيقصف", ["SHELL"]),
])
def test_short_phrases_and_the_future_prefix(text: str, expected: list[str]) -> None:
    assert [v for m in SHORT.find(norm(text)) for v in m.values] == expected


def test_the_reading_with_the_shorter_proclitic_wins() -> None:
    m = PhraseMatcher([("بحث", "SEARCH"), ("حثا", "URGED")], suffixes=["ا"])
    (found,) = m.find(norm("بحثا"))
    assert found.values == ("SEARCH",)  # بحث + ا, not ب + حثا


def test_a_listed_form_beats_a_shorter_one_with_a_suffix() -> None:
    m = PhraseMatcher([("اضاف", "ADD"), ("اضافوا", "ADDED")], suffixes=["وا"])
    (found,) = m.find(norm("أضافوا"))
    assert found.phrase == "اضافوا" and found.values == ("ADDED",)
