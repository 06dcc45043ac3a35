"""A verbal act's complement is not an event of its own: the ASSAULT inside "اتهم ... بقصف", "هدد بشن هجمات" or
"دعا إلى وقف القتال" is what the accusation, threat or call is about. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from rasd.doc import Doc
from rasd.model import Article
from rasd.pipeline import default_pipeline
from rasd.stages import events as ev_mod
from rasd.stages.complements import complement_head
from rasd.stages.index import DocIndex

PUB = dt.date(2015, 7, 25)


@pytest.fixture(autouse=True)
def _complements_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule ships off by default (see rasd.stages.events.COMPLEMENTS); these tests turn it on."""
    monkeypatch.setattr(ev_mod, "COMPLEMENTS", True)


def _run(text: str) -> Doc:
    doc = Doc(article=Article(id="t", text=text, published=PUB))
    for stage in default_pipeline().stages:
        doc = stage(doc)
    return doc


def _types(doc: Doc) -> list[str]:
    return sorted(e.type for e in doc.events)


@pytest.mark.parametrize(("text", "head_type"), [
    ("اتهمت الحكومة اليمنية الحوثيين بقصف الأحياء السكنية في مدينة تعز أمس.", "ACCUSE"),
    ("هدد تنظيم داعش بشن هجمات جديدة على مدينة بغداد.", "THREATEN"),
    ("دعا المبعوث الأممي الأطراف اليمنية إلى وقف القتال في مدينة عدن.", "REQUEST"),
])
def test_the_act_a_verbal_act_is_about_is_not_an_event(text: str, head_type: str) -> None:
    doc = _run(text)
    assert _types(doc) == [head_type]
    assert any(d.stage == "events" and "complement" in d.reason and "ASSAULT" in d.reason for d in doc.dropped)


def test_an_attack_told_in_its_own_clause_stays_an_event() -> None:
    doc = _run("اتهمت الحكومة المتمردين بخرق الهدنة، وقصفت طائرات حربية مواقعهم في مدينة تعز أمس.")
    assert "ASSAULT" in _types(doc)
    doc = _run("قصفت طائرات حربية قرية في محافظة مأرب أمس، وطالب الأهالي بحمايتهم.")
    assert "ASSAULT" in _types(doc)


def test_a_head_too_far_back_or_behind_another_verb_does_not_govern() -> None:
    text = "دعا الرئيس أمس الحكومة وقادة الأحزاب والنقابات والجمعيات في العاصمة والمحافظات الشمالية كلها إلى قصف"
    doc = _run(text + " المواقع.")
    ix = DocIndex.of(doc)
    far = [t for t in doc.triggers if t.type == "ASSAULT"]
    assert far and complement_head(ix, far[0]) is None
    near = _run("دعا الرئيس الحكومة إلى قصف المواقع.")
    ix = DocIndex.of(near)
    assert [complement_head(ix, t) for t in near.triggers if t.type == "ASSAULT"] == ["دعا"]


def test_off_the_attack_inside_an_accusation_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ev_mod, "COMPLEMENTS", False)
    doc = _run("اتهمت الحكومة اليمنية الحوثيين بقصف الأحياء السكنية في مدينة تعز أمس.")
    assert "ASSAULT" in _types(doc)


def test_a_call_to_protest_keeps_the_protest() -> None:
    doc = _run("دعت النقابات العمالية أمس إلى الإضراب العام في مدينة تونس احتجاجا على رفع الأسعار.")
    assert "PROTEST" in _types(doc)
