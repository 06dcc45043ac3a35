"""scripts/operating_point.py: the eventivity decision replayed from stored probabilities, per type family."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import operating_point as op  # noqa: E402
from train_merge import GoldDoc, premerge_docs  # noqa: E402

# two happenings of our own: an air strike (material) and a condemnation (verbal)
TEXT = ("قصفت طائرات حربية مواقع للمسلحين في مدينة الرمادي صباح أمس. "
        "وأدانت وزارة الخارجية الأردنية الهجوم على السفارة في بيان أمس.")


@pytest.fixture(scope="module")
def scored() -> op.Scored:
    from rasd.stages.incidents import rule_merge_events

    gold = GoldDoc(doc_id="t-1", gold={"events": []}, record={"id": "t-1", "published": "2015-07-30", "text": TEXT},
                   origin="rasd")
    doc = premerge_docs([gold])["t-1"]
    merged = tuple(rule_merge_events(list(doc.events), doc))
    types = [ev.type for ev in merged]
    assert "ASSAULT" in types and "ACCUSE" in types, types
    probs = tuple(0.31 if ev.type == "ACCUSE" else 0.6 for ev in merged)  # the verbal event just under 0.325
    return op.Scored(doc, merged, probs, 0.325)


def _kept(scored: op.Scored, rule: op.Rule) -> list[str]:
    report = op.predictions({"t-1": scored}, rule)["t-1"]
    return sorted(ev["type"] for ev in report["events"])


def test_the_folds_own_threshold_sets_aside_what_falls_under_it(scored: op.Scored) -> None:
    rules = op.variants([0.3], [-0.05])
    assert "ACCUSE" not in _kept(scored, rules["chosen"])
    assert "ASSAULT" in _kept(scored, rules["chosen"])
    report = op.predictions({"t-1": scored}, rules["chosen"])["t-1"]
    assert any(ev["type"] == "ACCUSE" for ev in report["set_aside"])  # set aside, not lost


def test_a_family_offset_moves_only_its_types(scored: op.Scored) -> None:
    rules = op.variants([], [-0.05, 0.3])
    assert "ACCUSE" in _kept(scored, rules["verbal -0.05"])  # 0.31 >= 0.275
    assert "ACCUSE" not in _kept(scored, rules["material -0.05"])
    assert "ASSAULT" in _kept(scored, rules["verbal +0.3"])  # ASSAULT is material: its threshold stays
    assert "ASSAULT" in _kept(scored, rules["material +0.3"])  # ... and the material offset spares ASSAULT


def test_a_fixed_threshold_holds_every_fold(scored: op.Scored) -> None:
    rules = op.variants([0.3, 0.7], [])
    assert _kept(scored, rules["t=0.3"]) == sorted(ev.type for ev in scored.events)
    assert _kept(scored, rules["t=0.7"]) == []


def test_bad_lists_are_named() -> None:
    import argparse

    assert op._floats("0.2, 0.3") == [0.2, 0.3]
    with pytest.raises(argparse.ArgumentTypeError, match=r"0\.2;0\.3"):
        op._floats("0.2;0.3")


def test_calibration_counts_each_judged_event_in_its_band(scored: op.Scored) -> None:
    from dataclasses import replace

    labelled = replace(scored, labels=tuple(0 if ev.type == "ACCUSE" else 1 for ev in scored.events))
    table = {row["band"]: row for row in op.calibration({"t-1": labelled})}
    assert sum(row["events"] for row in table.values()) == len(scored.events)
    assert table["0.3-0.4"]["matched"] == 0.0 and table["0.6-0.7"]["matched"] == 1.0
    assert table["0.0-0.1"]["events"] == 0 and table["0.0-0.1"]["matched"] is None
    assert "| 0.6-0.7 |" in op.render_calibration(list(table.values()), "matched")


def test_calibration_needs_the_labels(scored: op.Scored) -> None:
    with pytest.raises(ValueError, match="labels"):
        op.calibration({"t-1": scored})
