"""The events stage and "no one was hurt": a toll of 0 kept on the attack it follows, never backing an event on its
own (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt

from rasd.doc import Doc
from rasd.model import Article, Event
from rasd.pipeline import default_pipeline

PUB = dt.date(2015, 7, 25)


def _events(text: str) -> tuple[Event, ...]:
    """The events stage's events (before the merge) for one short article."""
    doc = Doc(article=Article(id="t", text=text, published=PUB))
    for stage in default_pipeline().stages:
        doc = stage(doc)
        if stage.name == "events":
            return doc.events
    raise AssertionError("no events stage")


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
