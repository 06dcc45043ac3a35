"""The hand merge rule's compatibility test: accounts of one incident (outlet, monitor, a party's claim) merge, and
only resolved identities keep two mentions apart. Events built by hand for these tests."""

from __future__ import annotations

import pytest

from rasd.model import Actor, Event, Mention, Span
from rasd.stages import events as ev_mod
from rasd.stages.events import _compatible
from rasd.stages.incidents import NEAR, NEW, rule_merge_events, rule_merge_trace


@pytest.fixture(autouse=True)
def _rules_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both rules ship off by default (rasd.stages.events.MERGE_ACCOUNTS, RESOLVED_CONFLICTS); tests turn them on."""
    monkeypatch.setattr(ev_mod, "MERGE_ACCOUNTS", True)
    monkeypatch.setattr(ev_mod, "RESOLVED_CONFLICTS", True)


ISIS = Actor(id="ISIS", name="Islamic State", kind="armed_group")
ARMY = Actor(id="IRQ.MIL", name="Iraqi army", kind="military")


def _span(start: int, text: str = "هجوم") -> Span:
    return Span(start=start, end=start + len(text), text=text)


def _mention(start: int, text: str, actor: Actor | None) -> Mention:
    return Mention(span=_span(start, text), actor=actor, unresolved=None if actor else "not in the dictionary")


def _event(sentence: int, modality: str = "asserted", actors: tuple[Mention, ...] = ()) -> Event:
    return Event(type="ASSAULT", modality=modality, actors=actors, evidence=_span(100 * sentence), sentence=sentence)  # type: ignore[arg-type]


def test_a_claim_of_an_incident_the_outlet_reports_is_the_same_incident() -> None:
    told, claimed = _event(0), _event(1, "alleged")
    assert _compatible(told, claimed)
    assert len(rule_merge_events([told, claimed])) == 1
    assert _compatible(_event(0, "reported"), _event(1, "alleged"))


@pytest.mark.parametrize("other", ["speculative", "denied", "future"])
def test_hedged_denied_and_planned_mentions_stay_apart(other: str) -> None:
    assert not _compatible(_event(0), _event(1, other))
    assert not _compatible(_event(0, "alleged"), _event(1, other))


def test_accounts_merge_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ev_mod, "MERGE_ACCOUNTS", False)
    assert not _compatible(_event(0), _event(1, "alleged"))
    assert _compatible(_event(0), _event(1, "reported"))


def test_unresolved_names_do_not_keep_mentions_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    a = _event(0, actors=(_mention(0, "مارتن ديمبسي", None),))
    b = _event(1, actors=(_mention(100, "ديمبسي", None),))
    assert _compatible(a, b)
    monkeypatch.setattr(ev_mod, "RESOLVED_CONFLICTS", False)
    assert not _compatible(a, b)


def test_different_resolved_attackers_are_different_incidents() -> None:
    a = _event(0, actors=(_mention(0, "داعش", ISIS),))
    b = _event(1, actors=(_mention(100, "الجيش العراقي", ARMY),))
    assert not _compatible(a, b)
    assert len(rule_merge_events([a, b])) == 2
    # one side's attacker is the other's target: a counter-attack
    c = Event(type="ASSAULT", actors=(_mention(200, "الجيش العراقي", ARMY),), recipients=(_mention(220, "داعش", ISIS),),
              evidence=_span(200), sentence=2)
    d = Event(type="ASSAULT", actors=(_mention(300, "داعش", ISIS),), recipients=(_mention(320, "الجيش", ARMY),),
              evidence=_span(300), sentence=3)
    assert not _compatible(c, d)


def test_the_trace_says_where_each_mention_went_and_how() -> None:
    a = _event(0, actors=(_mention(0, "داعش", ISIS),))
    claim = _event(1, "alleged")
    other = _event(2, actors=(_mention(200, "الجيش العراقي", ARMY),))
    incidents, trace = rule_merge_trace([a, claim, other])
    assert len(incidents) == 2
    assert trace == [(0, NEW), (0, NEAR), (1, NEW)]
    assert rule_merge_events([a, claim, other]) == incidents
