"""What a place name does in its sentence: story place, landmark, dateline or seat (sentences written for them)."""

from __future__ import annotations

import datetime as dt

import pytest

from rasd.geocode import find_places
from rasd.model import Article
from rasd.output import report_to_dict
from rasd.pipeline import default_pipeline
from rasd.text.normalise import normalise
from rasd.text.place_context import DATELINE, NAMED, REFERENCE, SEAT, place_role


@pytest.mark.parametrize(("text", "name", "role"), [
    ("وصلت القوات أمس إلى الفلوجة، غرب بغداد، بعد معارك طويلة.", "بغداد", REFERENCE),
    ("انفجرت عبوة في بلدة تبعد (40 كم شمالي بغداد) صباح اليوم.", "بغداد", REFERENCE),
    ("تقدمت القوات في المناطق الساحلية شمالي العاصمة دمشق.", "دمشق", REFERENCE),
    ("تقع البلدة بالقرب من محافظة اللاذقية على الساحل.", "اللاذقية", REFERENCE),
    ("وتقع القرية بالقرب من الحدود مع تركيا.", "تركيا", NAMED),
    ("قصفت الطائرات مواقع في شمال حلب أمس.", "حلب", NAMED),
    ("اندلعت اشتباكات إلى الجنوب من الموصل.", "الموصل", NAMED),
    ("وأضاف المرصد ومقره بريطانيا أن القتلى مدنيون.", "بريطانيا", SEAT),
    ("قالت المنظمة ومقرها في جنيف إن المساعدات توقفت.", "جنيف", SEAT),
    ("قاتلت وحدات موالية للحكومة التي تزاول عملها من القاهرة.", "القاهرة", SEAT),
    ("أعلنت الحكومة المقيمة في عمّان عن خطة جديدة.", "عمّان", SEAT),
    ("وكالة الأخبار – بيروت  هاجم مسلحون حاجزاً للجيش.", "بيروت", DATELINE),
    ("عمّان - (خاص): أعلنت الحكومة إغلاق المعبر.", "عمّان", DATELINE),
    ("دارت اشتباكات عنيفة أمس في بيروت - وقال شهود إنها توقفت.", "بيروت", NAMED),
    ("قتل جندي في الحسكة برصاص قناص.", "الحسكة", NAMED),
])
def test_place_role(text: str, name: str, role: str) -> None:
    start = text.index(name)
    assert place_role(text, start, start + len(name)) == role


def _places(text: str) -> list[str]:
    pipe = default_pipeline()
    report = report_to_dict(pipe(Article(id="t", text=text, published=dt.date(2024, 3, 10))))
    return [p["name"] for p in report["places"]]


def test_landmark_dateline_and_seat_are_not_story_places() -> None:
    text = ("وكالة الأخبار – بيروت  قتل ثلاثة مدنيين في قصف على مدينة الفلوجة، غرب بغداد، صباح اليوم. "
            "وقال المرصد ومقره بريطانيا إن القصف استمر ساعتين.")
    names = _places(text)
    assert any("Fall" in n for n in names)
    assert not any(n in ("Beirut", "Baghdad", "United Kingdom") for n in names), names


def test_a_landmark_named_again_for_itself_is_listed() -> None:
    text = ("قتل ثلاثة مدنيين في قصف على مدينة الفلوجة، غرب بغداد، صباح اليوم. "
            "وفي بغداد تظاهر المئات احتجاجا على القصف.")
    assert "Baghdad" in _places(text)


def test_place_inside_a_person_name_is_not_a_place() -> None:
    text = "أصيب شقيق السياسي المعارض صلاح الدين دمرتاش في اشتباك مع الشرطة قرب مدينة ديار بكر."
    assert not any("Saladin" in n or "Salah" in n for n in _places(text))


def test_seat_is_never_an_event_scene() -> None:
    pipe = default_pipeline()
    text = "قتل خمسة مدنيين في غارة جوية على بلدة أريحا. وأضاف المرصد ومقره بريطانيا أن الغارة دمرت سوقاً."
    report = report_to_dict(pipe(Article(id="t", text=text, published=dt.date(2024, 3, 10))))
    scenes = {(e["place"] or {}).get("name") for e in report["events"]}
    assert "United Kingdom" not in scenes


def _scenes(text: str) -> list[str | None]:
    pipe = default_pipeline()
    report = report_to_dict(pipe(Article(id="t", text=text, published=dt.date(2024, 3, 10))))
    return [(e["place"] or {}).get("name") for e in report["events"]]


def test_town_in_province_is_the_scene_not_the_province() -> None:
    text = ("في بلدة بوزانتي في إقليم أضنة جنوب تركيا، كان عمال البلدية ينظفون الشارع حين انفجرت "
            "عبوة ناسفة قتلت اثنين منهم.")
    assert _scenes(text)[0] == "Pozantı"


def test_a_province_noun_before_a_city_name_means_the_province() -> None:
    got = [p for p in find_places(normalise("تقدم الجيش في إقليم كارس التركي.")) if p.place]
    assert got[0].place is not None and got[0].place.precision == "governorate"


def test_place_after_from_and_a_place_noun_is_not_the_scene() -> None:
    text = "دمرت غارة جوية أمس سيارة قادمة من مدينة المكلا عند وصولها إلى بلدة المحفد اليمنية."
    assert _scenes(text)[0] != "Mukalla"


def test_enumerated_places_are_a_summary_not_story_places() -> None:
    from rasd.text.place_context import enumerated
    text = "قتل المئات في غارات على محافظات حماه وحلب وحمص والرقة، وفي إدلب قتل خمسة."
    words = ["حماه", "حلب", "حمص", "الرقة", "إدلب"]
    spans = [(text.index(w), text.index(w) + len(w)) for w in words]
    assert enumerated(text, spans) == {0, 1, 2, 3}
    assert enumerated("بين حلب وحمص فقط", [(4, 7), (9, 12)]) == set()
    tally = "يعمل في المكتب 40 موظفا في بغداد و12 في البصرة و9 في الموصل."
    spans = [(tally.index(w), tally.index(w) + len(w)) for w in ("بغداد", "البصرة", "الموصل")]
    assert enumerated(tally, spans) == {0, 1, 2}


def test_a_tally_over_many_provinces_is_placed_in_their_country() -> None:
    text = ("قال المرصد إن غارات التحالف قتلت خلال عام أكثر من ألف مسلح من التنظيم في محافظات حماه وحلب وحمص "
            "والرقة ودير الزور في سوريا.")
    assert _scenes(text)[0] == "Syria"
    assert "Homs" not in " ".join(_places(text))


def test_country_of_the_events_is_a_story_place() -> None:
    text = "قتل ثلاثة جنود في هجوم على حاجز في مدينة ماردين أمس. ويعيش في تركيا ملايين اللاجئين السوريين."
    assert "Turkey" in _places(text)


@pytest.mark.parametrize(("text", "listed"), [
    # a country the article names twice, though no event happens in it, is a place of the story; once, a passing name
    ("قتل ثلاثة جنود في هجوم على حاجز في مدينة ماردين أمس. ونقل الجرحى إلى قطر للعلاج، ويقيم في قطر أقارب لهم.", True),
    ("قتل ثلاثة جنود في هجوم على حاجز في مدينة ماردين أمس. ونقل الجرحى إلى قطر للعلاج.", False),
])
def test_a_country_named_twice_is_listed(text: str, listed: bool) -> None:
    assert ("Qatar" in _places(text)) is listed


def test_a_place_after_b_inside_a_body_name_is_the_scene() -> None:
    assert _scenes("اعتقلت قوات الأمن بشمال سيناء عشرة مطلوبين في حملة أمنية أمس.")[0] == "North Sinai Governorate"


@pytest.mark.parametrize(("text", "scene"), [
    # sentences written for this test: strikes in a country near a town are placed at the town
    ("وقال الجيش إن طائرات التحالف شنت ست غارات في سوريا استهدفت مواقع قريبة من مدينة الحسكة.", "Al Ḩasakah"),
    ("شنت الطائرات عشر غارات في سوريا تركزت أربع منها قرب مدينة منبج.", "Manbij"),
    ("قصفت الطائرات مواقع في اليمن قرب الحدود.", "Yemen"),  # no town named: the country stays
])
def test_a_town_the_strikes_are_near_is_finer_than_the_country(text: str, scene: str) -> None:
    assert _scenes(text)[0] == scene


@pytest.mark.parametrize("text", [
    # a place noun before them is no cue: أشار (he pointed out) is a village in Iran, البلاد (the country) a Yemeni town
    "وصل الوفد الإيراني إلى طهران. وعن الوضع في المدينة أشار المسؤول إلى أن المحادثات بدأت.",
    "قال مصدر في عدن إن المعارك تتواصل في تعز، ثالث أكبر مدن البلاد.",
])
def test_ordinary_words_that_name_small_towns_are_not_places(text: str) -> None:
    assert not [p for p in find_places(normalise(text)) if p.place and p.span.text in ("أشار", "البلاد")]


@pytest.mark.parametrize(("text", "scene"), [
    # sentences written for this test: a province as the scene gives way to the one town in it named beside it
    ("قصفت الطائرات الحربية مواقع في محافظة اللاذقية أمس. وقال مراسل إن الدخان تصاعد فوق مدينة جبلة.", "Jablah"),
    # two towns there: the province stays
    ("قصفت الطائرات الحربية مواقع في محافظة اللاذقية أمس. وقال مراسل إن الدخان تصاعد فوق جبلة والقرداحة.",
     "Latakia Governorate"),
])
def test_a_province_as_the_scene_gives_way_to_the_one_town_named_beside_it(text: str, scene: str) -> None:
    assert _scenes(text)[0] == scene
