"""Fusion without a store: features, the pairwise decision and its guards, clustering order, the incident record."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from rasd.fuse.cluster import Clusterer, incident_id
from rasd.fuse.decide import IncidentState, compatible, score, word_weight
from rasd.fuse.features import features, tokens
from rasd.fuse.record import build, casualties, member

sys.path.insert(0, str(Path(__file__).parent))
from fuse_helpers import event, scenario


def _f(doc: str, ev: dict, seq: int = 1, idx: int = 0, outlet: str = "o", published: str = "2024-03-15"):
    return features(doc, idx, seq, published, outlet, None, ev)


def _incident(*evs: dict) -> tuple[IncidentState, Clusterer]:
    c = Clusterer()
    for i, ev in enumerate(evs):
        c.replay("inc-x", _f(f"x{i}", ev, seq=i + 1))
    return c.by_id["inc-x"], c


def test_tokens_cut_clitics_and_function_words() -> None:
    assert tokens("وقال المرصد إن التفجير في بلدة الشدادي") >= {"مرصد", "تفجير", "بلده", "شدادي"} - {"بلده"}
    assert "في" not in tokens("في الشدادي") and "قال" not in tokens("وقال")


def test_place_in_clause_is_local_else_inherited() -> None:
    ev = event()
    assert _f("a", ev).place_local
    ev["place"]["start"] = 500  # named far from the event's clause: inherited from the article
    assert not _f("a", ev).place_local


@pytest.mark.parametrize(("other", "apart"), [
    (event(), False),                                                   # same town, day, toll, words
    (event(day="2024-03-19"), True),                                    # five days later: another incident
    (event(town="qamishli"), True),                                     # another town in the same province
    (event(town="baghdad"), True),                                      # another country
    (event(killed=(2, 2), evidence="هجوم", actors=("PKK",), recipients=("POLICE",)), True),  # same town and day only
])
def test_guards_keep_distinct_incidents_apart(other: dict, apart: bool) -> None:
    inc, c = _incident(event(), event(killed=(8, 8)))
    s = score(_f("n", other, seq=9), inc, c.df, c.n)
    assert (s is None or s < 5.5) == apart, s


def test_small_tolls_that_differ_are_a_strong_sign_of_two_incidents() -> None:
    inc, c = _incident(event(killed=(1, 1), evidence="مقتل شرطي في دياربكر"))
    same = score(_f("n", event(killed=(1, 1), evidence="مقتل شرطي في دياربكر")), inc, c.df, c.n)
    other = score(_f("n", event(killed=(2, 2), evidence="مقتل شرطي في دياربكر")), inc, c.df, c.n)
    assert same is not None and other is not None and same - other >= 3


def test_word_weight_favours_rare_words() -> None:
    assert word_weight(0, 100000) == 1.0 and word_weight(20000, 100000) == 0.0
    assert 0 < word_weight(300, 100000) < 1


def test_clustering_links_outlets_and_keeps_look_alikes_apart() -> None:
    c = Clusterer()
    got = {}
    for seq, rec in enumerate(scenario(), start=1):
        for idx, ev in enumerate(rec.report["events"]):
            r = features(rec.article.id, idx, seq, rec.article.published, rec.article.outlet, None, ev)
            got[rec.article.id] = c.assign(r)
    assert got["a1"] == got["b1"] == got["c1"] == got["d1"] == "inc-a1-0"
    assert len({got["a1"], got["q1"], got["a2"], got["g1"], got["p1"]}) == 5


def test_incident_id_comes_from_the_first_report() -> None:
    assert incident_id(_f("snn-00005", event(), idx=3)) == "inc-snn-00005-3"


def test_casualties_low_best_high_and_rule() -> None:
    reports = [
        {"doc_id": "a", "outlet": "x", "published": "2024-03-15", "killed": {"min": 41, "max": 41}},
        {"doc_id": "b", "outlet": "y", "published": "2024-03-15", "killed": {"min": 17, "max": 17}},
        {"doc_id": "c", "outlet": "x", "published": "2024-03-18", "killed": {"min": 102, "max": None}},
        {"doc_id": "d", "outlet": "z", "published": "2024-03-16", "killed": None},
    ]
    k = casualties(reports, "killed")
    assert (k["low"], k["high"]) == (17, 102)
    assert k["best"] == 60 and "median" in k["rule"] and "2 outlets" in k["rule"]  # latest of x (102), y (17)
    assert casualties(reports[3:], "killed")["best"] is None


def test_record_keeps_every_claim_and_lists_contradictions() -> None:
    members = [
        member("a1", 0, event(killed=(7, 7)), "t", dt.date(2024, 3, 15), "wakala", 1),
        member("b1", 0, event(killed=(4, 4), actor_words="خلايا داعش"), "t", dt.date(2024, 3, 15), "qanat", 2),
        member("c1", 0, event(killed=(11, 11), actors=("OTHER",)), "t", dt.date(2024, 3, 16), "sawt", 3),
        member("d1", 0, event(killed=None, modality="denied"), "t", dt.date(2024, 3, 16), "nafi", 4),
    ]
    inc = build("inc-a1-0", members, "fuse@test").to_dict()
    assert [r["doc_id"] for r in inc["reports"]] == ["a1", "b1", "c1", "d1"]
    assert inc["killed"]["low"] == 4 and inc["killed"]["high"] == 11
    assert inc["date"] == {"start": "2024-03-14", "end": "2024-03-14", "precision": "day"}
    assert inc["place"]["name"] == "Ash Shaddadi" and inc["n_outlets"] == 4
    fields = {c["field"] for c in inc["contradictions"]}
    assert fields == {"killed", "actor", "modality"}
    isis = next(a for a in inc["actors"] if a["id"] == "ISIS")
    assert {(w["outlet"], w["text"]) for w in isis["words"]} >= {("wakala", "تنظيم داعش"), ("qanat", "خلايا داعش")}
    assert [e["doc_id"] for e in inc["toll_evolution"]] == ["a1", "b1", "c1"]


def test_counts_that_agree_within_rounding_are_no_contradiction() -> None:
    members = [member("a", 0, event(killed=(100, 100)), "t", dt.date(2024, 3, 15), "x", 1),
               member("b", 0, event(killed=(105, None)), "t", dt.date(2024, 3, 15), "y", 2)]
    inc = build("inc-a-0", members, "v").to_dict()
    assert not [c for c in inc["contradictions"] if c["field"] == "killed"]


def test_a_report_linking_two_incidents_merges_them_under_the_earlier_id() -> None:
    c = Clusterer()
    first = c.assign(_f("a", event(town=None, evidence="تفجير حاجز الشدادي المفخخ", killed=(7, 7)), seq=1))
    second = c.assign(_f("b", event(evidence="هجوم على دورية", killed=None, actors=(), recipients=()), seq=2))
    assert first != second  # little in common yet
    bridge = c.assign(_f("c", event(evidence="تفجير حاجز الشدادي المفخخ", killed=(7, 7)), seq=3))
    assert bridge == first == "inc-a-0" and c.merged == {"inc-b-0": "inc-a-0"}
    merged = c.by_id["inc-b-0"]
    assert merged.id == "inc-a-0" and [m.article_id for m in merged.members] == ["a", "b", "c"]
    nxt = c.assign(_f("d", event(killed=(7, 7)), seq=4))
    assert nxt == "inc-a-0"  # candidates found through the merged-away incident lead to the kept one


def test_incidents_on_other_days_or_towns_are_not_merged() -> None:
    a, _ = _incident(event())
    b, _ = _incident(event(day="2024-03-18"))
    q, _ = _incident(event(town="qamishli"))
    same, _ = _incident(event(killed=(9, 9)))
    assert not compatible(a, b) and not compatible(a, q) and compatible(a, same)


def _inherited(ev: dict) -> dict:
    ev["place"]["start"] = 500  # the town is named outside the event's clause: inherited from the article
    return ev


def test_an_inherited_town_counts_as_the_reports_own(monkeypatch: pytest.MonkeyPatch) -> None:
    inc, c = _incident(event(), event(killed=(8, 8)))
    own = score(_f("n", event(killed=None)), inc, c.df, c.n)
    inherited = score(_f("n", _inherited(event(killed=None))), inc, c.df, c.n)
    assert own is not None and inherited == own  # the incident's own town, as if named in the clause
    far = score(_f("n", _inherited(event(town="qamishli", killed=None))), inc, c.df, c.n)
    assert far is not None and far <= own - 2.5  # a far inherited town: no guard, but no town credit either
    monkeypatch.setattr("rasd.fuse.decide.INHERITED_TOWN", False)  # fuse@3: the province only
    before = score(_f("n", _inherited(event(killed=None))), inc, c.df, c.n)
    assert before is not None and before == own - 2.5


def test_an_incident_does_not_stretch_over_more_than_three_days(monkeypatch: pytest.MonkeyPatch) -> None:
    inc, c = _incident(event(day="2024-03-14"), event(day="2024-03-15"), event(day="2024-03-15"))
    assert inc.anchor_day == dt.date(2024, 3, 15).toordinal() and inc.day_lo == dt.date(2024, 3, 14).toordinal()
    late = _f("n", event(day="2024-03-17"), published="2024-03-17")
    assert score(late, inc, c.df, c.n) is None  # 2 days from the anchor, but 3 from the incident's first day
    assert score(_f("n", event(day="2024-03-16")), inc, c.df, c.n) is not None
    monkeypatch.setattr("rasd.fuse.decide.DAY_SPAN", None)  # fuse@3: only the (drifting) anchor counts
    assert score(late, inc, c.df, c.n) is not None


def test_two_incidents_that_would_stretch_over_four_days_are_not_merged(monkeypatch: pytest.MonkeyPatch) -> None:
    a, _ = _incident(event(day="2024-03-14"), event(day="2024-03-15"), event(day="2024-03-15"))
    b, _ = _incident(event(day="2024-03-17"))
    near, _ = _incident(event(day="2024-03-16"))
    assert not compatible(a, b) and compatible(a, near)
    monkeypatch.setattr("rasd.fuse.decide.DAY_SPAN", None)
    assert compatible(a, b)


def test_a_toll_over_several_happenings_is_shown_apart_and_not_compared() -> None:
    """A day's total over separate attacks (aggregate) is not this incident's toll: not in low..high, not a
    contradiction, not evidence for linking; the report shows it as aggregate_killed."""
    day_total = event(killed=(30, 30))
    day_total["killed"]["aggregate"] = True
    members = [member("a", 0, event(killed=(7, 7)), "t", dt.date(2024, 3, 15), "x", 1),
               member("b", 0, day_total, "t", dt.date(2024, 3, 15), "y", 2)]
    inc = build("inc-a-0", members, "v").to_dict()
    assert (inc["killed"]["low"], inc["killed"]["high"]) == (7, 7)
    assert not [c for c in inc["contradictions"] if c["field"] == "killed"]
    b = next(r for r in inc["reports"] if r["doc_id"] == "b")
    assert b["killed"] is None and b["aggregate_killed"] == {"min": 30, "max": 30}
    assert _f("b", day_total).killed is None and _f("a", event(killed=(7, 7))).killed == (7, 7)
