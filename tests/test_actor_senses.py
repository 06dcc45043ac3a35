""""القاعدة" as al-Qaeda or as a military base: by the words around it and by what the article names."""

from __future__ import annotations

import datetime as dt

import pytest

from rasd.actor_senses import BaseSenses, sense_of_base
from rasd.actors import ActorDictionary, find_actor_mentions
from rasd.text.normalise import norm, normalise

DAY = dt.date(2015, 8, 4)


@pytest.fixture(scope="module")
def d() -> ActorDictionary:
    return ActorDictionary.load()


def ids(text: str, d: ActorDictionary) -> list[tuple[str, str | None]]:
    return [(m.span.text, m.actor.id if m.actor else None) for m in find_actor_mentions(normalise(text), DAY,
                                                                                         dictionary=d)]


# Sentences written for these tests.
@pytest.mark.parametrize(("text", "sense"), [
    ("سيطرت القوات على القاعدة الجوية", "base"),  # an adjective of a base
    ("وصلت التعزيزات إلى القاعدة العسكرية الأمريكية", "base"),
    ("انسحب المسلحون من محيط القاعدة", "base"),  # a word that takes a place
    ("وتعرضت هذه القاعدة لقصف", "base"),
    ("أعلن تنظيم القاعدة مسؤوليته", "organisation"),
    ("قتل عناصر القاعدة جنديين", "organisation"),
    ("قالت القاعدة في بيان", None),  # nothing around it says
])
def test_the_words_around_one_mention(text: str, sense: str | None) -> None:
    t = normalise(text).text
    at = t.index(norm("القاعدة"))
    assert sense_of_base(t, at, at + len(norm("القاعدة"))) == sense


def test_a_base_by_its_adjective_is_no_actor(d: ActorDictionary) -> None:
    assert "AQ" not in [i for _, i in ids("سيطر الحوثيون على القاعدة الجوية بعد معارك", d)]
    assert "AQ" in [i for _, i in ids("سيطر تنظيم القاعدة على القاعدة الجوية بعد معارك", d)]


def test_an_article_about_a_base_means_the_base_by_the_bare_word(d: ActorDictionary) -> None:
    text = "استعادت القوات قاعدة العند بعد معارك عنيفة، ثم انسحب المتمردون نحو الشمال وتقدمت القوات إلى القاعدة."
    assert not [m for m in ids(text, d) if m[1] == "AQ"]
    assert BaseSenses(normalise(text).text).document_base


def test_an_article_that_names_the_organisation_keeps_it(d: ActorDictionary) -> None:
    text = "هاجم تنظيم القاعدة القاعدة الجوية، وقالت القاعدة في بيان إن عناصرها نفذوا العملية."
    got = ids(text, d)
    assert [m for m in got if m[1] == "AQ"] == [("تنظيم القاعدة", "AQ"), ("القاعدة", "AQ")]  # not the air base
    assert ids("قصفت الطائرات مواقع القاعدة في شبوة", d) == [("القاعدة", "AQ")]


def test_the_regime_is_syrian_only_in_a_syrian_article(d: ActorDictionary) -> None:
    syrian = "قصفت قوات النظام مدينة داريا في ريف دمشق، وقال النظام إن الغارات استهدفت مسلحين."
    assert ("النظام", "SYR.GOV.ASSAD") in ids(syrian, d)
    # an article about Yemen: its "النظام" is not Assad's
    assert "SYR.GOV.ASSAD" not in [i for _, i in ids("حمّل الحوثيون النظام مسؤولية الأزمة في اليمن", d)]


@pytest.mark.parametrize("phrase", ["النظام العام", "النظام الدولي", "النظام العراقي", "النظام البرلماني"])
def test_a_system_or_another_states_regime_is_not_the_syrian_regime(phrase: str, d: ActorDictionary) -> None:
    text = f"قصفت قوات النظام مدينة داريا في ريف دمشق، وقال مسؤول إن الغارات تهدد {phrase}."
    got = ids(text, d)
    assert ("قوات النظام", "SYR.MIL.SAA") in got
    assert "SYR.GOV.ASSAD" not in [i for t, i in got if t == "النظام"]


# Sentences written for these tests: the bare "طالب" is a student or the verb "demanded".
@pytest.mark.parametrize("text", [
    "وطالب المجلس المحلي الحكومة بإرسال فرق الإغاثة",  # after و: the verb, its subject after it
    "كما طالب الوزير الدول المانحة بزيادة الدعم",
    "طالب بعقوبات على المسؤولين عن القصف",  # a ب phrase
    "وزير الدفاع طالب البرلمان بتمرير القانون",  # subject before the verb
])
def test_the_verb_demanded_is_no_student(text: str, d: ActorDictionary) -> None:
    assert "AGENT.STUDENT" not in [i for _, i in ids(text, d)]


@pytest.mark.parametrize("text", [
    "قتل طالب جامعي في انفجار عبوة ناسفة",  # a nisba adjective
    "أصيب طالب في المرحلة الثانوية بجروح",  # a place of study
    "أطلق طالب سوداني النار في الحرم الجامعي",
])
def test_a_student_stays_a_student(text: str, d: ActorDictionary) -> None:
    assert ("طالب", "AGENT.STUDENT") in ids(text, d)
