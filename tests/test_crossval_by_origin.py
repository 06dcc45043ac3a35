"""scripts/crossval.py's held-out figures by annotator set: each set's own documents, with its own intervals."""

from __future__ import annotations

import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import crossval  # noqa: E402
from train_merge import GoldDoc  # noqa: E402

TEXT = "قصفت طائرات مواقع في المدينة أمس"


def _gold(doc_id: str, events: int) -> dict:
    return {"doc_id": doc_id, "events": [{"type": "ASSAULT", "evidence": TEXT, "actors": [], "recipients": []}
                                         for _ in range(events)], "entities": {}, "places": {}}


def _pred(doc_id: str, found: bool) -> dict:
    events = [{"type": "ASSAULT", "evidence": {"start": 0, "end": len(TEXT), "text": TEXT}}] if found else []
    return {"doc_id": doc_id, "events": events}


def test_each_set_is_scored_on_its_own_documents() -> None:
    docs = {"a1": ("dev", 1, True), "a2": ("dev", 1, True), "b1": ("train", 1, False), "b2": ("train", 2, True)}
    golds = [GoldDoc(doc_id=d, gold=_gold(d, n), record={}, origin=o) for d, (o, n, _) in docs.items()]
    gold = {g.doc_id: g.gold for g in golds}
    preds = {d: _pred(d, found) for d, (_, _, found) in docs.items()}
    rows = crossval.per_document(gold, preds)
    got = crossval.by_origin(golds, rows, boot=50)
    assert list(got) == ["dev", "train"]
    assert got["dev"]["articles"] == 2
    assert got["dev"]["figures"]["event R"] == 1.0
    assert got["train"]["figures"]["event R"] == 1 / 3  # one of three gold events found
    assert got["train"]["figures"]["event P"] == 1.0
    lo, hi = got["train"]["interval95"]["event R"]
    assert 0.0 <= lo <= 1 / 3 <= hi <= 0.5


def test_bootstrap_without_the_rule_gives_no_difference() -> None:
    golds = [GoldDoc(doc_id="a", gold=_gold("a", 1), record={}, origin="dev")]
    rows = crossval.per_document({"a": golds[0].gold}, {"a": _pred("a", True)})
    intervals = crossval.bootstrap({"dev": rows}, 10)
    assert list(intervals) == ["dev"]
    assert intervals["dev"]["event F1"] == (1.0, 1.0)


def test_fragments_and_those_the_referee_would_pair_are_shares_of_predictions() -> None:
    """One gold attack told three times: two fragments, one of them over the gold words (the referee would pair it)
    and one told elsewhere at the gold event's place only, with no date (it would not)."""
    gold = {**_gold("a", 1), "places": {"Raqqa": {"aliases": ["الرقة"], "lat": 35.95, "lon": 39.01}}}
    gold["events"][0]["place"] = "Raqqa"
    raqqa = {"name": "Raqqa", "lat": 35.95, "lon": 39.01}
    elsewhere = "وارتفعت الحصيلة لاحقا"
    pred = {"doc_id": "a", "events": [
        *_pred("a", True)["events"], *_pred("a", True)["events"],
        {"type": "ASSAULT", "place": raqqa, "evidence": {"start": 0, "end": len(elsewhere), "text": elsewhere}}]}
    rows = crossval.per_document({"a": gold}, {"a": pred})
    assert rows[0][1] == (2, 3, 1)
    figures = crossval.summed(rows)
    assert figures["fragmented share"] == 2 / 3 and figures["pairable fragments"] == 1 / 3
