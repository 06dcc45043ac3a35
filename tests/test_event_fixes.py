"""Whole-word cause-of-death filter, dateline against a scene named later, a lone town in a short text, and the span
index that keeps the events stage linear in article length (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from rasd.model import Article, Span
from rasd.output import report_to_dict
from rasd.pipeline import default_pipeline
from rasd.stages.events import _NON_VIOLENT
from rasd.text.normalise import norm
from rasd.text.place_context import DATELINE, NAMED, place_role
from rasd.text.spans import SpanIndex

PUB = dt.date(2015, 7, 25)


def _report(text: str) -> dict:  # type: ignore[type-arg]
    return report_to_dict(default_pipeline()(Article(id="t", text=text, published=PUB)))


@pytest.mark.parametrize(("text", "fires"), [
    ("هاجمت المقاومة مواقع الانقلابيين في المدينة أمس", False),   # the Houthi/Saleh forces, not a car overturning
    ("تقدمت قوات الانقلاب نحو الساحل", False),                     # the coup, not an accident
    ("قتل حميد الحمادي في كمين", False),                            # a name holding حمى
    ("استهدفت الغارة معسكر حميميم", False),
    ("توفي طفلان بالحمى في المخيم", True),
    ("لقي خمسة حتفهم في انقلاب سيارتهم على الطريق", True),
    ("مات ثلاثة غرقا قبالة الساحل", True),
    ("وفاة أربعة في حادث سير", True),
    ("انتشار الكوليرا في المدينة", True),
    ("مصرع عشرة بمرض الحصبة", True),
])
def test_non_violent_causes_match_whole_words(text: str, fires: bool) -> None:
    assert bool(_NON_VIOLENT.search(norm(text))) is fires


def test_the_houthi_forces_word_keeps_the_attack() -> None:
    events = _report("هاجمت المقاومة الشعبية مواقع الانقلابيين في مدينة تعز أمس وقتلت خمسة منهم.")["events"]
    assert [e["type"] for e in events] == ["ASSAULT"]


@pytest.mark.parametrize(("text", "name", "role"), [
    ("بغداد ـ «الحياة» هاجم مسلحون نقطة تفتيش.", "بغداد", DATELINE),
    ("الرياض/ واس: أعلنت الوزارة إغلاق المعبر.", "الرياض", DATELINE),
    ("قصفت الطائرات مواقع في حلب/ والقرى حولها.", "حلب", NAMED),  # far into a sentence: no dateline
])
def test_dateline_marks(text: str, name: str, role: str) -> None:
    start = text.index(name)
    assert place_role(text, start, start + len(name)) == role


@pytest.mark.parametrize(("text", "scene"), [
    ("بغداد ـ «الحياة» هاجم مسلحون مجهولون نقطة تفتيش للجيش. ووقع الهجوم قرب قضاء الطارمية وأسفر عن مقتل جنديين.",
     "Aţ Ţārmīyah"),
    ("بغداد: هاجم مسلحون نقطة تفتيش. وقالت الشرطة إن الهجوم وقع في قضاء الطارمية.", "Aţ Ţārmīyah"),
])
def test_dateline_city_is_not_the_scene_named_later(text: str, scene: str) -> None:
    # kept or set aside (on a two-sentence text of our own the eventivity model's decision is a near tie)
    report = _report(text)
    assert [(e["place"] or {}).get("name") for e in (*report["events"], *report["set_aside"])] == [scene]


@pytest.mark.parametrize(("text", "place"), [
    ("قتل شرطي وأصيب اثنان آخران بهجوم مسلح على حاجز في تكريت أمس", "Tikrīt"),
    ("انفجرت سيارة مفخخة بتكريت صباح اليوم", "Tikrīt"),
])
def test_a_short_text_with_no_country_still_gets_its_town(text: str, place: str) -> None:
    events = _report(text)["events"]
    assert events and (events[0]["place"] or {}).get("name") == place


def test_a_common_word_does_not_become_a_lone_town() -> None:
    assert _report("قال الرئيس إن الوضع في ميدان صعب")["places"] == []


def test_span_index_queries_match_a_scan() -> None:
    spans = [Span(start=s, end=s + n, text="") for s, n in ((0, 5), (3, 2), (3, 9), (10, 1), (12, 4), (20, 3))]
    ix = SpanIndex(spans, key=lambda s: s)
    for lo, hi in ((0, 5), (3, 12), (4, 30), (11, 13), (25, 30)):
        assert ix.inside(lo, hi) == [s for s in spans if lo <= s.start and s.end <= hi]
        assert ix.overlapping(lo, hi) == [s for s in spans if s.start < hi and s.end > lo]
        assert ix.containing(lo, hi) == [s for s in spans if s.start <= lo and s.end >= hi]
        assert ix.starting(lo, hi) == [s for s in spans if lo <= s.start < hi]
    assert ix.last_before(12, lambda s: s.end - s.start > 3) == spans[2]
    assert ix.last_before(12, lambda s: True, floor=11) is None


@pytest.mark.parametrize(("text", "name"), [
    ("قال مصدر في قيادة عمليات الأنبار إن الهدوء يسود مدينة الرمادي منذ يومين.", "قيادة عمليات الأنبار"),
    ("أعلن مركز الملك سلمان للإغاثة والأعمال الإنسانية افتتاح مكتب جديد في عدن.",
     "مركز الملك سلمان للإغاثة والأعمال الإنسانية"),
    ("وصل بايدن إلى العاصمة الألمانية مساء اليوم.", "بايدن"),  # the name, not بـ + أيدن (SUPPORT)
])
def test_a_trigger_word_inside_a_name_is_no_event(text: str, name: str) -> None:
    doc = default_pipeline().run(Article(id="t", text=text, published=PUB))
    assert doc.events == ()
    reasons = [d.reason for d in doc.dropped if "name" in d.reason]  # "names the people affected" would show too
    assert len(reasons) == 1 and f"a word of the name «{name}»" in reasons[0]


def test_an_attack_noun_that_opens_the_mention_stays_a_trigger() -> None:
    # "الغارات التركية" names the strikes and who made them: the word is the mention's head, not part of a name
    doc = default_pipeline().run(Article(id="t", text="استهدفت الغارات التركية قرية في ريف الحسكة أمس وقتلت ثلاثة "
                                         "مدنيين.", published=PUB))
    assert [e.type for e in doc.events] == ["ASSAULT"]
    assert "الغارات" in [t.span.text for t in doc.events[0].triggers]


def test_the_attack_of_a_group_named_by_a_trigger_word_keeps_its_own_verb() -> None:
    doc = default_pipeline().run(Article(id="t", text="قال ناشطون إن مسلحين من الفصائل المقاتلة هاجموا حاجزا للجيش "
                                         "في ريف حماة أمس.", published=PUB))
    assert [[t.span.text for t in e.triggers] for e in doc.events] == [["هاجموا"]]
