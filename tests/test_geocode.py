"""Tests of context-aware place finding (sentences written for these tests)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from rasd.geocode import find_places
from rasd.model import PlaceMention
from rasd.text.normalise import normalise

SHARED = Path(__file__).resolve().parents[2] / "shared"


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def places(text: str) -> list[PlaceMention]:
    return [m for m in find_places(normalise(text)) if m.place]


def find(text: str, word: str) -> PlaceMention:
    for m in places(text):
        if word in m.span.text:
            return m
    raise AssertionError(f"{word} not found in {[m.span.text for m in places(text)]}")


def test_aqaba_adjective_picks_jordan() -> None:
    m = find("وصلت السفينة إلى ميناء العقبة الأردنية صباح اليوم.", "العقبة")
    assert m.place.country == "JO"
    assert any(p.country == "YE" for p in m.rejected)
    assert "JO" in (m.reason or "")


def test_aqaba_document_country() -> None:
    text = "قال مسؤول في عمّان إن الأردن سيستضيف المؤتمر. وسيعقد الاجتماع في مدينة العقبة الأسبوع المقبل."
    assert find(text, "العقبة").place.country == "JO"


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [("سري كانيه", 36.85, 40.07), ("كري سبي", 36.70, 38.95), ("كوباني", 36.89, 38.35), ("قامشلو", 37.05, 41.22)],
)
def test_kurdish_names(name: str, lat: float, lon: float) -> None:
    m = find(f"اندلعت اشتباكات قرب {name} أمس.", name)
    assert km((m.place.lat, m.place.lon), (lat, lon)) < 25


def test_camp_prison_and_city() -> None:
    text = "هاجم مسلحون سجن غويران في الحسكة، بينما نقل عشرات إلى مخيم الهول شرقي المدينة."
    ms = places(text)
    kinds = {m.place.id: m.place for m in ms}
    assert "rasd:ghwayran-prison" in kinds and kinds["rasd:ghwayran-prison"].precision == "site"
    assert "rasd:hol-camp" in kinds
    hasakah = find(text, "الحسكة").place
    assert hasakah.country == "SY" and hasakah.precision == "city"
    assert km((hasakah.lat, hasakah.lon), (36.50, 40.75)) < 10


def test_clitics_and_original_spans() -> None:
    text = "وصل الوفد وبالحسكة التقى المحافظ ثم توجه لحلب."
    ms = places(text)
    assert [m.place.name for m in ms][:2] and all(m.place.country == "SY" for m in ms)
    for m in ms:
        assert text[m.span.start:m.span.end] == m.span.text
    assert {m.span.text for m in ms} >= {"الحسكة", "حلب"}


def test_countryside_is_governorate() -> None:
    m = find("قصفت الطائرات قرى في ريف حلب الشمالي.", "حلب")
    assert m.place.precision == "governorate" and m.place.country == "SY"


def test_governorate_trigger() -> None:
    m = find("أعلنت السلطات حظر التجول في محافظة الأنبار غربي العراق.", "الأنبار")
    assert m.place.feature == "ADM1" and m.place.country == "IQ"


def test_regions() -> None:
    text = "تسيطر القوات على شمال شرق سوريا، وتتواصل الغارات على قطاع غزة والضفة الغربية."
    ids = {m.place.id for m in places(text)}
    assert {"rasd:northeast-syria", "rasd:gaza-strip", "rasd:west-bank"} <= ids
    assert all(m.place.precision == "region" for m in places(text))


@pytest.mark.parametrize(
    "text",
    [
        "قال مسؤول الأمن إن الوضع مستقر.",
        "وقع الحادث أمس يوم الجمعة بعد الصلاة.",
        "دعا الرئيس إلى السلام وأكد أن النصر قريب.",
        "أصدرت الحكومة بيانا قالت فيه إن التحالف مستمر.",
    ],
)
def test_common_words_not_geocoded(text: str) -> None:
    assert places(text) == []


def test_linear_time_on_long_text() -> None:
    import time

    text = "قصفت الطائرات مواقع في ريف إدلب ومدينة حلب وسجن غويران. " * 2000
    t = time.perf_counter()
    ms = find_places(normalise(text))
    assert len(ms) >= 6000
    assert time.perf_counter() - t < 10


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "eval" / "inputs" / "seed.jsonl").exists(), reason="needs ../shared")
def test_seed_document_places() -> None:
    doc = json.loads((SHARED / "eval" / "inputs" / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])
    names = {m.place.id for m in places(doc["text"])}
    assert "rasd:ghwayran-prison" in names and "rasd:hol-camp" in names


def place_ids(text: str) -> set[str]:
    return {m.place.id for m in places(text)}


@pytest.mark.parametrize(
    "text",
    [
        # an adjective after an ordinary word makes a noun phrase, not a place (الحكومة، حربية، ملكة are stop-listed)
        "أعلنت الحكومة اليمنية أمس عن خطة جديدة.",
        "أسقطت طائرات حربية تركية عدة قنابل.",
        # short words that GeoNames also spells as towns (له، أن، وأن، سن)
        "قال له المسؤول إن الاجتماع انتهى.",
        "وأن القوات التركية لم تتحرك بعد.",
        "لا يقل سن المجندين عن خمسة عشر عاما.",
        # a title before a name: a person (الملكة إليزابيث)
        "استقبلت الملكة إليزابيث الضيوف في القصر.",
        # a news agency's name (فرانس برس)
        "ذكرت وكالة فرانس برس أن الاجتماع تأجل.",
        # an ordinary word after a place noun that is not a town noun (مديرية أمن، أحياء المدينة)
        "أعلنت مديرية أمن المحافظة القبض على مطلوبين.",
        "تجول المحافظ في أحياء المدينة القديمة.",
        # surnames that are also Iraqi places need a place noun
        "قال وزير الدفاع خالد العبيدي إن العملية نجحت.",
        "ظهر زعيم التنظيم أبو بكر البغدادي في تسجيل.",
        # names the supplement gives to small places, as ordinary words (a cue makes them places)
        "قال إن الأيام الطوال مرت بصعوبة على الأهالي.",
        "قررت الحكومة التأميم الكامل لشركات النفط.",
    ],
)
def test_ordinary_words_names_and_agencies_not_geocoded(text: str) -> None:
    assert places(text) == []


@pytest.mark.parametrize(
    ("text", "word", "place_id"),
    [
        ("اندلعت اشتباكات في منطقة العبيدي شرقي بغداد.", "العبيدي", "rasd:ubaidi-baghdad"),
        ("سيطر المسلحون على ناحية البغدادي غربي الرمادي.", "البغدادي", "rasd:baghdadi-anbar"),
        ("انفجرت عبوة في منطقة سبع البور شمالي العاصمة العراقية.", "سبع البور", "rasd:sab-al-bour"),
        ("تقدمت القوات نحو جزيرة الخالدية في الأنبار.", "جزيرة الخالدية", "rasd:khalidiya-island"),
        # towns and spellings the press uses that GeoNames' extract lacks
        ("انفجرت شاحنة مفخخة في سوق خان بني سعد بمحافظة ديالى.", "خان بني سعد", "rasd:khan-bani-saad"),
        ("اشتباكات في مديرية أرحب شمال صنعاء.", "أرحب", "rasd:arhab"),
        ("قصفت الطائرات مواقع في البوكمال.", "البوكمال", "gn:174448"),
        ("هجوم على مركز للدرك في دوغوبيازيد بولاية أغري.", "دوغوبيازيد", "gn:316411"),
        ("قصفت فصائل المعارضة بلدتي الفوعة وكفريا في ريف إدلب.", "كفريا", "rasd:kafriya"),
        ("سقطت قذائف على مركز ظهران الجنوب في منطقة عسير.", "ظهران الجنوب", "rasd:dhahran-al-janub"),
        ("بدأت الطائرات الأميركية الوصول إلى إنجرليك جنوب تركيا.", "إنجرليك", "rasd:incirlik-air-base"),
        ("اشتبكت المقاومة مع المسلحين في جبل صبر المطل على تعز.", "جبل صبر", "rasd:jabal-sabir"),
        ("أحبطت القوات هجوما على منفذ الطوال الحدودي مع اليمن.", "منفذ الطوال", "rasd:tuwal"),
        ("قصفت الطائرات بلدة سرمدا قرب الحدود التركية.", "سرمدا", "rasd:sarmada"),
        ("تقدمت الفصائل في جبل الأكراد بريف اللاذقية.", "جبل الأكراد", "rasd:jabal-akrad"),
        ("اقتحم المسلحون حي الجحملية في تعز.", "الجحملية", "rasd:juhmailia-taiz"),
        ("دارت اشتباكات في حي التأميم جنوب الرمادي.", "التأميم", "rasd:tamim-ramadi"),
        ("سقطت قذائف على حي الجراف في صنعاء.", "الجراف", "rasd:jiraf-sanaa"),
        ("هاجم مسلحون مركزا للشرطة في ليجي بولاية ديار بكر.", "ليجي", "gn:305089"),
        # "مدينة زنجبار" is also a GeoNames name of Zanzibar: read as زنجبار after its place noun, it keeps both
        ("سيطرت القوات الحكومية على مدينة زنجبار عاصمة محافظة أبين في جنوب اليمن.", "زنجبار", "gn:69426"),
        ("وصل الوفد إلى مدينة زنجبار في تنزانيا أمس.", "زنجبار", "gn:148730"),
    ],
)
def test_supplement_places_and_names_the_story_means(text: str, word: str, place_id: str) -> None:
    assert find(text, word).place.id == place_id


@pytest.mark.parametrize(
    ("text", "word", "country"),
    [
        # a short name of a big city of the document's country stands alone
        ("قصفت الطائرات عدن مجددا، وقال مسؤول في اليمن إن القتال مستمر في اليمن.", "عدن", "YE"),
        # a title before a country is an office, and the country still counts
        ("وصل أمير قطر إلى العاصمة.", "قطر", "QA"),
        # a country word right after an ordinary-looking name still supports it (العقبة)
        ("رست السفينة في العقبة الأردنية.", "العقبة", "JO"),
    ],
)
def test_short_names_titles_and_country_words(text: str, word: str, country: str) -> None:
    assert find(text, word).place.country == country


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a village not in the gazetteer shares its name with a small town of another country: not that town
        ("قصفت الطائرات السورية قرية قصر البريج في ريف حلب، وقال المرصد السوري إن سوريا تشهد تصعيدا.", "البريج"),
        ("سقطت قذائف على بلدة الطيبة في الغوطة الغربية بريف دمشق في سوريا.", "الطيبة"),
    ],
)
def test_small_foreign_town_needs_document_country(text: str, word: str) -> None:
    found = [m for m in places(text) if word in m.span.text]
    assert all(m.place.country == "SY" for m in found)


def test_cue_for_another_country_is_no_cue() -> None:
    # "X في سوريا": the country word supports Syrian candidates only, not a homonym elsewhere
    text = "قال إن له أقارب في سوريا."
    assert place_ids(text) == {"gn:163843"}


@pytest.mark.parametrize(("text", "word", "capital"), [
    ("سيطر المسلحون على عدة مواقع في محافظة أبين جنوب البلاد.", "أبين", (13.13, 45.38)),  # Zinjibar
    ("أعلنت الشرطة اعتقال خلية في محافظة الأنبار غربي العراق.", "الأنبار", (33.42, 43.31)),  # Ramadi
])
def test_a_governorate_is_placed_at_its_capital(text: str, word: str, capital: tuple[float, float]) -> None:
    m = find(text, word)
    assert m.place.precision == "governorate"
    assert km((m.place.lat, m.place.lon), capital) < 10


def test_a_place_noun_governs_the_list_after_it() -> None:
    got = {m.span.text: m for m in places("عثرت الشرطة على جثتين في منطقتي المنصور والشعلة غربي بغداد.")}
    assert got["المنصور"].place is not None and got["الشعلة"].place is not None
    assert "Mansour" in got["المنصور"].place.name


def test_a_plural_province_noun_makes_each_listed_city_its_province() -> None:
    got = [m for m in places("استهدفت الغارات مواقع في محافظات حماه وحلب وحمص السورية.") if m.place]
    assert [m.place.precision for m in got if m.place.country == "SY" and m.span.text != "السورية"] == [
        "governorate"] * 3


@pytest.mark.parametrize("text", [
    "يعيش الناس في الأمن والأمان منذ سنوات.",
    "تابع المراقبون المشهد السياسي في البلاد.",
    "شاركت القوات البحرية في المناورة.",
])
def test_a_name_that_takes_no_article_written_with_one_is_a_common_word(text: str) -> None:
    assert places(text) == []


def test_the_flag_is_not_a_town() -> None:
    assert places("رفع المتظاهرون العلم العراقي فوق المبنى.") == []


@pytest.mark.parametrize("text", [
    "رست أول سفينة تحمل مساعدات في الميناء.",
    "لم تحرز القوات تقدما كبيرا في الهجوم.",
])
def test_future_and_comparison_prefixes_make_no_place(text: str) -> None:
    assert places(text) == []


@pytest.mark.parametrize("text", [
    "وقال البيت الأبيض إن الرئيس سيزور المنطقة.",
    "وتحل السيارة الجديدة محل طراز سابق استخدم منذ سنوات.",
    "أقيم الحفل في ميدان العرض العسكري.",
])
def test_words_that_are_also_towns_abroad_are_not_places(text: str) -> None:
    assert places(text) == []


def test_guantanamo_is_the_prison() -> None:
    m = find("نقل المعتقل إلى غوانتانامو عام 2002 ولم يحاكم.", "غوانتانامو")
    assert m.place.feature == "PRISON"


def test_a_big_city_abroad_stands_alone() -> None:
    assert find("عقد المؤتمر الأمني في ميونيخ الأسبوع الماضي.", "ميونيخ").place.country == "DE"


@pytest.mark.parametrize(("text", "word", "name"), [
    ("قتل 32 شخصا في تفجير انتحاري استهدف تجمعا لشبان في سروج قرب الحدود السورية.", "سروج", "Suruç"),
    ("فرضت السلطات حظر التجول في جزرة بعد اشتباكات مع مسلحين.", "جزرة", "Cizre"),
    ("قتل جنديان في هجوم على مخفر في ليجة جنوب شرق البلاد.", "ليجة", "Lice"),
])
def test_border_towns_geonames_names_only_in_latin(text: str, word: str, name: str) -> None:
    m = find(text, word)
    assert (m.place.name, m.place.country) == (name, "TR")


def test_a_capital_geonames_names_only_in_latin_is_the_capital() -> None:
    """واشنطن is Washington, D.C. (the supplement's capitals), not the Utah or Illinois towns GeoNames names so."""
    places = [pm.place for pm in find_places(normalise("قال مسؤول في واشنطن إن الوفد وصل")) if pm.place]
    assert [(p.name, p.country, p.geonameid) for p in places] == [("Washington", "US", 4140963)]


@pytest.mark.parametrize(("text", "name", "precision"), [
    ("قتل ثلاثة في ولاية هلمند جنوب أفغانستان", "Helmand Province", "governorate"),
    ("غارة أمريكية في بكتيكا", "Paktika Province", "governorate"),
    ("في ولاية قندوز", "Kunduz Province", "governorate"),
    ("في مدينة قندوز", "Kunduz", "city"),  # the bare name of a province's capital stays the city
])
def test_afghan_provinces(text: str, name: str, precision: str) -> None:
    places = [pm.place for pm in find_places(normalise(text)) if pm.place]
    assert (places[0].name, places[0].precision) == (name, precision)


def test_a_country_after_a_direction_adjective_is_a_place_even_when_the_state_acts_elsewhere() -> None:
    """"جنوبي إيران": the direction makes إيران a place (the state as an actor is read only without a locative)."""
    import datetime as dt

    from rasd.doc import Doc
    from rasd.model import Article
    from rasd.pipeline import default_pipeline

    doc = Doc(article=Article(id="t", text="قتل ثلاثة جنود في هجوم على نقطة تفتيش جنوبي إيران أمس.",
                              published=dt.date(2015, 7, 30)))
    for stage in default_pipeline().stages:
        doc = stage(doc)
        if stage.name == "places":
            break
    assert [(p.span.text, p.place.name if p.place else None) for p in doc.places] == [("إيران", "Iran")]


def test_a_name_and_a_place_noun_before_it_are_not_matched_as_one_place() -> None:
    from rasd.gazetteer import matched_names

    assert matched_names(["العين", "مدينة العين"]) == ["العين"]  # the bare name stays, the one with its noun goes
    assert matched_names(["مدينة الكويت"]) == ["مدينة الكويت"]  # kept where the bare name is not this place's


def test_diyarbakir_written_as_one_word() -> None:
    pm = find("قتل شرطي في هجوم في أحد أحياء دياربكر كبرى مدن جنوب شرق تركيا.", "دياربكر")
    assert pm.place is not None and pm.place.name == "Diyarbakır"


def test_a_comparative_is_no_town() -> None:
    assert not places("هذا أرحب مكان للاجئين في المنطقة.")


def test_a_short_name_inside_the_province_named_after_it() -> None:
    # a three-letter town is no place on its own ("كرش" is also a word), but the text puts it in the province its
    # gazetteer entry lies in
    assert not [m for m in places("وقعت مواجهات في كرش أمس.") if "كرش" in m.span.text]
    m = find("سيطرت القوات على معسكر لبوزة في كرش بمحافظة لحج بعد مواجهات.", "كرش")
    assert m.place.name == "Kirsh" and "inside the division" in (m.reason or "")
    # another province named after it is no such cue
    assert not [m for m in places("سيطرت القوات على معسكر في كرش بمحافظة تعز.") if "كرش" in m.span.text]


@pytest.mark.parametrize(("text", "region"), [
    ("تواصل القصف على مواقع التنظيم شمالي سوريا منذ الفجر.", "rasd:north-syria"),
    ("وتدور معارك عنيفة جنوبي اليمن بين الطرفين.", "rasd:south-yemen"),
    ("نفذت الطائرات غارات على أهداف شمالي العراق.", "rasd:north-iraq"),
])
def test_a_direction_with_the_adjective_ending_names_the_region(text: str, region: str) -> None:
    """"شمالي سوريا" as "شمال سوريا": the region, not the country after a direction."""
    assert region in {m.place.id for m in places(text)}


@pytest.mark.parametrize(("text", "word", "capital"), [
    ("قتل شرطيان في انفجار عبوة ناسفة في العاصمة اليمنية أمس.", "العاصمة اليمنية", "Sanaa"),
    ("وشهدت العاصمة العراقية سلسلة تفجيرات أوقعت قتلى.", "العاصمة العراقية", "Baghdad"),
    # bare, the capital of the country the article's places lie in
    ("الكويت - قتل ثلاثة أشخاص في انفجار سيارة مفخخة في العاصمة، حسبما أفادت الشرطة.", "العاصمة", "Kuwait City"),
    ("تواصلت الاشتباكات في محافظة تعز. وقال سكان إن غارات استهدفت مواقع بالعاصمة أمس.", "العاصمة", "Sanaa"),
])
def test_the_capital_is_the_capital_of_its_country(text: str, word: str, capital: str) -> None:
    m = find(text, word)
    assert m.span.text == word and m.place is not None and m.place.name == capital


@pytest.mark.parametrize("text", [
    "قتل ثلاثة أشخاص في انفجار في العاصمة.",  # no country named: which capital is unknown
    "وقال محافظ العاصمة في اليمن إن الوضع هادئ.",  # a title: the governor
    "سيطرت المقاومة على أحياء في العاصمة المؤقتة في اليمن.",  # another qualifier: not the capital
    "اشتباكات في سوريا والعراق، وانفجار في العاصمة.",  # a tie between the article's countries
])
def test_the_capital_unread_where_its_country_is_unknown_or_it_is_qualified(text: str) -> None:
    assert not [m for m in places(text) if "عاصم" in m.span.text]


def test_the_capital_named_after_it_is_one_mention() -> None:
    found = places("قتل ثلاثة أشخاص في انفجار في العاصمة اليمنية صنعاء أمس.")
    assert [(m.span.text, m.place.name) for m in found] == [("صنعاء", "Sanaa")]
