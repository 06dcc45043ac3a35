"""The events stage and "no one was hurt": a toll of 0 kept on the attack it follows, never backing an event on its
own (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt

from rasd.doc import Doc
from rasd.model import Article, Event
from rasd.pipeline import default_pipeline

PUB = dt.date(2015, 7, 25)


def _events(text: str, after: str = "events") -> tuple[Event, ...]:
    """The events of one short article after the stage named `after` (by default the events stage, before the
    merge; "merge": the hand merge rule's incidents, set-aside events included)."""
    doc = Doc(article=Article(id="t", text=text, published=PUB))
    for stage in default_pipeline().stages:
        doc = stage(doc)
        if stage.name == after:
            return doc.events
    raise AssertionError(f"no {after} stage")


def _killed(ev: Event) -> int | None:
    return ev.killed.min if ev.killed is not None else None


def _assaults(text: str) -> list[Event]:
    return [e for e in _events(text) if e.type == "ASSAULT"]


def test_none_hurt_is_a_zero_toll_of_the_attack() -> None:
    evs = _assaults("سقطت قذائف أطلقتها الميليشيات على قرية حدودية أمس دون وقوع إصابات.")
    assert evs and any(_killed(e) == 0 for e in evs)


def test_none_hurt_alone_backs_no_event() -> None:
    # no trigger, only "no one was hurt": nothing happened to report
    assert not _assaults("وأكد المتحدث أن الوضع هادئ في المدينة دون وقوع إصابات.")


def test_an_event_takes_its_own_toll_before_a_toll_over_several_happenings() -> None:
    # one sentence, two counts: the day's total over separate incidents, then this attack's own toll
    evs = _assaults("قتل 8 مسلحين في الهجوم على الحاجز ضمن حوادث أمنية متفرقة أودت بحياة 28 شخصا.")
    assert evs and all(e.killed is None or not e.killed.aggregate for e in evs)


def test_merging_two_mentions_keeps_the_incident_own_toll() -> None:
    from rasd.model import Count, Span
    from rasd.stages.events import _toll

    own = Count(span=Span(start=0, end=1, text="8"), kind="killed", min=8, max=8)
    total = Count(span=Span(start=5, end=6, text="28"), kind="killed", min=28, max=28, aggregate=True)
    assert _toll(total, own) is own and _toll(own, total) is own and _toll(total, None) is total


def _merged(text: str) -> tuple[Event, ...]:
    return _events(text, after="merge")


def test_a_toll_told_in_the_next_sentence_joins_its_attack() -> None:
    # the dead are the attack's targets, told by a channel of theirs: one incident, whose actor is the attacker
    text = ("ضربت مقاتلات التحالف ثكنة للحوثيين شرق مديرية نهم فجر أمس. "
            "وأقرت قناة تابعة للحوثيين بأن 9 من مقاتليها قتلوا في الضربة.")
    evs = [e for e in _merged(text) if e.type == "ASSAULT"]
    assert len(evs) == 1
    assert _killed(evs[0]) == 9
    assert [m.span.text for m in evs[0].actors] == ["مقاتلات التحالف"]


def test_a_toll_with_its_own_killer_or_far_away_stays_apart() -> None:
    # a killer of its own: another attack, whatever its toll
    named = ("اندلعت اشتباكات عنيفة بين قوات المقاومة الشعبية والحوثيين في مديرية صرواح أمس. "
             "وفي محافظة أخرى قتل تنظيم القاعدة ثلاثة جنود في كمين.")
    assert len([e for e in _merged(named) if e.type == "ASSAULT"]) == 2
    # three sentences later: not a follow-up toll
    far = ("اندلعت اشتباكات عنيفة بين قوات المقاومة الشعبية والحوثيين في مديرية صرواح أمس. "
           "وتستمر المفاوضات السياسية في العاصمة العمانية. ويزور المبعوث الأممي الرياض غدا. "
           "وأعلن الجيش أن 12 جنديا قتلوا.")
    assert len([e for e in _merged(far) if e.type == "ASSAULT"]) == 2
