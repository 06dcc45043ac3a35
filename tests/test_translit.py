"""Consonant skeletons and the geocoder's Latin-name fallback (names and sentences written for these tests)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rasd.gazetteer import Gazetteer
from rasd.geocode import find_places
from rasd.text.normalise import normalise
from rasd.text.translit import arabic_skeleton, latin_skeleton


@pytest.mark.parametrize(("arabic", "latin"), [
    ("ساريكاميس", "Sarıkamış"),
    ("بوزانتي", "Pozantı"),
    ("نصيبين", "Nusaybin"),
    ("ديار بكر", "Diyarbakır"),
    ("شرناق", "Şırnak"),
    ("جيلانبينار", "Ceylanpınar"),
    ("بنقردان", "Ben Gardane"),
    ("الخالدية", "Al Khalidiyah"),
])
def test_arabic_and_latin_spellings_share_a_skeleton(arabic: str, latin: str) -> None:
    assert arabic_skeleton(arabic) == latin_skeleton(latin)


@pytest.mark.parametrize(("arabic", "latin"), [("بيروت", "Tripoli"), ("حلب", "Halfeti"), ("ماردين", "Mersin")])
def test_different_names_differ(arabic: str, latin: str) -> None:
    assert arabic_skeleton(arabic) != latin_skeleton(latin)


def _found(text: str, gazetteer: Gazetteer | None = None) -> dict[str, tuple[str, str | None, str]]:
    found = [m for m in find_places(normalise(text), gazetteer=gazetteer) if m.place]
    return {m.span.text: (m.place.name, m.place.country, m.reason or "") for m in found if m.place}


def test_a_town_named_only_in_latin_is_found_after_a_place_noun() -> None:
    got = _found("انفجرت عبوة على سكة الحديد قرب منطقة ساريكاميس في ولاية كارس التركية مساء أمس.")
    name, country, reason = got["ساريكاميس"]
    assert (name, country) == ("Sarıkamış", "TR")
    assert "skeleton" in reason


def test_the_bigger_town_wins_between_equal_skeletons() -> None:
    got = _found("تظاهر العشرات في بلدة ريحانلي التابعة لولاية هاتاي جنوب تركيا.")
    assert got["ريحانلي"][0] == "Reyhanlı"


def test_no_fallback_without_a_place_noun_or_outside_the_documents_countries() -> None:
    assert "ساريكاميس" not in _found("وصل ساريكاميس إلى كارس التركية أمس.")
    assert "ساريكاميس" not in _found("قصف الطيران منطقة ساريكاميس في ريف إدلب السوري.")


def test_ordinary_words_after_a_place_noun_are_not_towns() -> None:
    got = _found("شهدت مدينة الحسكة السورية ومنطقة أخرى قال الأهالي إنها آمنة اشتباكات عنيفة.")
    assert set(got) <= {"الحسكة", "السورية", "مدينة الحسكة"}, got


SENTENCE = "تبنى مسلحون أمس قتل شرطيين في مدينة جيلان بينار التركية قرب الحدود مع سوريا."


def test_a_curated_latin_only_town_is_found_by_its_arabic_name() -> None:
    got = _found(SENTENCE)
    assert "جيلان" not in got  # Gjilan, a town of Kosovo with an Arabic name in GeoNames
    assert got["جيلان بينار"][:2] == ("Ceylanpınar", "TR")


def test_a_longer_transliterated_name_beats_a_one_word_namesake_abroad() -> None:
    # the shipped gazetteer as it was before Ceylanpınar got its Arabic names: GeoNames gives it in Latin only
    shipped = Gazetteer.load()
    rows = [replace(r, names=(), flags=frozenset({"latin_only"})) if r.place.name == "Ceylanpınar" else r
            for r in shipped.all_rows()]
    got = _found(SENTENCE, Gazetteer(rows=rows, meta=shipped.meta))
    assert "جيلان" not in got
    assert got["جيلان بينار"][:2] == ("Ceylanpınar", "TR")
    assert "skeleton" in got["جيلان بينار"][2]


def test_a_namesake_in_the_story_country_keeps_its_name() -> None:
    got = _found("سقطت قذائف على مدينة حلب بينما كان السكان نائمين في سوريا.")
    assert got["حلب"][1] == "SY"
