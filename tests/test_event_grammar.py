"""The ل after تعرض names what befell the subject, not an aim; an armed group taking captives is an abduction; the
vocabulary of clearing, flight and praise (sentences written for these tests)."""

from __future__ import annotations

import pytest

from article_helpers import in_article
from rasd.stages.events import is_purpose
from rasd.stages.roles import is_exposed_to


def _trigger(doc, word: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc.triggers if word in t.span.text)


@pytest.mark.parametrize(("text", "word", "exposed"), [
    ("تعرض مركز حدودي في منطقة جازان لقذائف أطلقت من داخل الأراضي اليمنية أمس.", "لقذائف", True),
    ("وتعرضت دورية للشرطة لهجوم مسلح قرب مدينة العريش فجر اليوم.", "لهجوم", True),
    ("وأكد أن الحي يتعرض للقصف منذ ثلاثة أيام.", "للقصف", True),
    ("وقال إن الجيش يحشد قواته لاقتحام المدينة خلال أيام.", "لاقتحام", False),
    # a comma closes the clause of تعرض: the ل-word after it is an aim again
    ("تعرض الموكب لإطلاق نار، وحشد الجيش قواته لاقتحام الحي.", "لاقتحام", False),
])
def test_what_befell_the_subject_is_not_an_aim(text: str, word: str, exposed: bool) -> None:
    doc = in_article(text)
    trig = _trigger(doc, word)
    assert is_exposed_to(trig, doc) is exposed
    assert is_purpose(trig, doc) is not exposed


def test_an_attack_told_with_taarrada_is_an_event() -> None:
    doc = in_article("تعرضت دورية للشرطة لهجوم مسلح قرب مدينة العريش فجر اليوم أسفر عن مقتل جنديين.")
    events = [e for e in doc.events if e.set_aside is None or "eventivity" in e.set_aside]
    assert [e.type for e in events][:1] == ["ASSAULT"]
    assert events[0].killed is not None and events[0].killed.min == 2


@pytest.mark.parametrize("text", [
    "واعتقلت المقاومة الشعبية في عدن خمسة من عناصر الحوثيين أمس.",      # fighters taken captive by a militia
    "واحتجز مسلحو جبهة النصرة ثلاثة صحفيين في ريف إدلب أمس.",          # civilians taken by an armed group
])
def test_an_armed_group_taking_captives_is_an_abduction(text: str) -> None:
    events = [e for e in in_article(text).events if e.triggers[0].span.text.endswith(("اعتقلت", "احتجز"))]
    assert events and events[0].type == "ASSAULT" and "abduct" in events[0].modes


def test_a_police_arrest_stays_coercion() -> None:
    events = in_article("واعتقلت الشرطة التركية خمسة أشخاص في إسطنبول أمس.").events
    assert [e.type for e in events if e.triggers[0].span.text == "واعتقلت"] == ["COERCE"]


@pytest.mark.parametrize(("text", "word", "kind"), [
    ("وواصلت القوات تطهير المدينة من المسلحين.", "تطهير", "ASSAULT"),
    ("وأكد شهود هروب عشرات المسلحين من المعسكر.", "هروب", "RETREAT"),
    ("وشكر الوزير الحكومة السعودية على دعمها.", "وشكر", "SUPPORT"),
    ("وأعربت الجزائر عن تضامنها مع تركيا.", "تضامنها", "SUPPORT"),
    ("وقال مشيدا بدور الوسطاء في الإفراج عن الرهائن.", "مشيدا", "SUPPORT"),
])
def test_clearing_flight_and_praise_are_triggers(text: str, word: str, kind: str) -> None:
    assert _trigger(in_article(text), word).type == kind


@pytest.mark.parametrize("text", [
    "وهنا توقع الوزير أدوارا إيجابية للأمم المتحدة.",         # هنا (here), the normalised form of هنأ
    "وقال سامح شكري وزير الخارجية إن الوضع خطير.",            # a name, not thanks
    "وفرضت الوزارة عقوبات على القيادي فؤاد شكر أمس.",           # a name
    "وسجد اللاعبون شكرا لله بعد الفوز.",                        # a thank-you, no act of support
])
def test_here_names_and_a_thank_you_are_not_praise(text: str) -> None:
    assert not [t for t in in_article(text).triggers if t.type == "SUPPORT"]


def test_the_subject_of_taarrada_is_who_the_attack_befell() -> None:
    doc = in_article("تعرضت دورية للجيش المصري لهجوم مسلح من عناصر تنظيم داعش قرب مدينة العريش أمس.")
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert "Egyptian armed forces" in {m.actor.name for m in ev.recipients if m.actor}
    assert "Islamic State" in {m.actor.name for m in ev.actors if m.actor}
