"""A party joined by و to the one before it shares its particle; a capital told as where something happened is no
party; vocabulary of expelling fighters and of military aid (sentences written for these tests)."""

from __future__ import annotations

import pytest

from article_helpers import in_article
from rasd.stages.roles import assign_roles, coordinated_with, is_location


def _mention(doc, words: str):  # type: ignore[no-untyped-def]
    return next(m for m in doc.mentions if m.span.text == words)


def _hand_roles(doc, trigger_word: str) -> tuple[set[str], set[str]]:  # type: ignore[no-untyped-def]
    trig = next(t for t in doc.triggers if trigger_word in t.span.text)
    actors, recipients = assign_roles(doc, (trig,), list(doc.mentions), {})
    return {m.span.text for m in actors}, {m.span.text for m in recipients}


def test_a_party_joined_by_waw_to_a_target_is_a_target() -> None:
    doc = in_article("شن الجيش العراقي هجوما واسعا على مواقع تنظيم داعش والعشائر المتحالفة معه شمال الرمادي أمس.")
    assert coordinated_with(doc, _mention(doc, "العشائر")) is _mention(doc, "تنظيم داعش")
    actors, recipients = _hand_roles(doc, "هجوما")
    assert actors == {"الجيش العراقي"}
    assert {"تنظيم داعش", "العشائر"} <= recipients


def test_parties_apart_are_not_coordinated() -> None:
    doc = in_article("قال الجيش العراقي إن تنظيم داعش هاجم مواقع العشائر في الرمادي أمس.")
    assert coordinated_with(doc, _mention(doc, "تنظيم داعش")) is None


@pytest.mark.parametrize(("text", "word", "location"), [
    ("شنت طائرات التحالف غارات على مواقع عسكرية جنوب صنعاء يوم الخميس.", "صنعاء", True),
    ("وسقطت قذائف على أحياء في صنعاء أمس.", "صنعاء", True),
    ("وقالت صنعاء إن التحالف قصف مطار المدينة.", "صنعاء", False),
])
def test_a_capital_told_as_where_it_happened_is_no_party(text: str, word: str, location: bool) -> None:
    doc = in_article(text)
    assert is_location(doc, _mention(doc, word)) is location


@pytest.mark.parametrize(("text", "word", "kind"), [
    ("وتمكنت المقاومة من طرد المسلحين من مدينة زنجبار.", "طرد", "ASSAULT"),
    ("وطردت القوات الحكومية مسلحي التنظيم من الحي.", "وطردت", "ASSAULT"),
    ("وقال إن التحالف أرسل أسلحة حديثة إلى المقاتلين.", "أرسل أسلحة", "AID"),
    ("وتواصل الولايات المتحدة برنامج تدريب وتجهيز فصائل المعارضة.", "تدريب وتجهيز", "AID"),
])
def test_expelling_fighters_and_military_aid_are_triggers(text: str, word: str, kind: str) -> None:
    doc = in_article(text)
    assert next(t for t in doc.triggers if word in t.span.text).type == kind


def test_expelling_an_ambassador_stays_a_sanction() -> None:
    doc = in_article("وقررت الحكومة طرد السفير الإيراني أمس.")
    assert {t.type for t in doc.triggers if "طرد" in t.span.text} == {"SANCTION"}
