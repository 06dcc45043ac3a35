#!/usr/bin/env python3
"""The eventivity filter's operating point, held out: event F1 at each threshold, overall, by annotator set and
with the verbal or material types given a threshold of their own.

    python scripts/operating_point.py [--shared ../shared] [--k 5] [--boot 200]
                                      [--thresholds 0.2,0.25,0.3,0.35,0.4] [--offsets=-0.1,-0.05,0.05]
                                      [--json out.json]

The folds, models and gold are scripts/crossval.py's: each fold's merging and eventivity models are trained once on
the other folds, and every held-out article's merged events (the hand merge rule's) are scored by that fold's
eventivity model once. The decisions are then replayed without retraining: "chosen" keeps each event whose
probability reaches its fold's own threshold (the default pipeline's decision, crossval.py's "rule+eventivity"
predictions); "t=X" holds every fold at X; "verbal ±d" and "material ±d" move the fold's threshold by d for the
verbal types alone (those not in the referee's MATERIAL set) or for the material types other than ASSAULT. Each
variant is scored by the referee's figures (rasd.evaluate's per-document tallies), with a 95% bootstrap interval
over documents of its difference from "chosen" (paired: the same resamples). A threshold or an offset chosen by
reading this table is chosen on all the gold: its figure is not a held-out one until the folds choose it.

Last, the held-out calibration: every judged merged event by band of its probability, with the share the referee
pairs with a gold event when all are kept (the model's training label), which the README reports beside the
`eventivity` each event carries in the output.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crossval import bootstrap, calibration_table, per_document, render_calibration, summed
from train_merge import (
    DEFAULT_SHARED,
    EVENTS_DIR,
    eventivity_rows_for,
    fold_of,
    load_gold,
    premerge_docs,
    train_both,
)

from rasd.evaluate import MATERIAL  # the referee's material types; the others are verbal acts
from rasd.stages.eventivity import MIN_SENTENCES


@dataclass(frozen=True)
class Scored:
    """One held-out article: its document up to merging, its merged events, each one's eventivity probability
    (1.0 where the filter does not judge: fewer than MIN_SENTENCES sentences) and its fold's chosen threshold."""

    doc: Any
    events: tuple[Any, ...]
    probabilities: tuple[float, ...]
    threshold: float
    labels: tuple[int, ...] = ()  # 1 where the referee pairs the event with a gold event (every event kept)


Rule = Callable[[Any, float], float]  # (event, fold threshold) -> the threshold this event must reach


def scored_articles(golds: list[Any], docs: dict[str, Any], k: int) -> dict[str, Scored]:
    """Every article's merged events scored by the eventivity model of the fold that holds it out."""
    from rasd.stages.eventivity import probabilities
    from rasd.stages.incidents import rule_merge_events

    rows = eventivity_rows_for(golds, docs)
    out: dict[str, Scored] = {}
    for fold in range(k):
        rest = [g for g in golds if fold_of(g.doc_id, k) != fold]
        _, model = train_both(rest, docs, rows=rows)
        print(f"fold {fold}: eventivity threshold {model.threshold}", file=sys.stderr)
        for g in golds:
            if fold_of(g.doc_id, k) != fold:
                continue
            doc = docs[g.doc_id]
            merged = rule_merge_events(list(doc.events), doc)
            out[g.doc_id] = Scored(doc, tuple(merged), tuple(probabilities(merged, doc, model)), model.threshold,
                                   tuple(y for _, y in rows[g.doc_id][0]))
    return out


def predictions(scored: dict[str, Scored], rule: Rule) -> dict[str, dict[str, Any]]:
    """The reports the pipeline gives when each event must reach `rule(event, fold threshold)`; the others are set
    aside as the merge stage sets them aside."""
    from rasd.output import report_to_dict
    from rasd.pipeline import to_report
    from rasd.stages.incidents import MergeStage, judged

    stage = MergeStage()
    out = {}
    for doc_id, s in scored.items():
        events = judged(s.events, s.probabilities, lambda ev, s=s: rule(ev, s.threshold))
        report = report_to_dict(to_report(s.doc.assign(stage.name, stage.version, events=events)))
        report["doc_id"] = doc_id
        out[doc_id] = report
    return out


def variants(thresholds: Sequence[float], offsets: Sequence[float]) -> dict[str, Rule]:
    """The decisions compared: the folds' own thresholds first, then fixed thresholds, then the family offsets."""
    rules: dict[str, Rule] = {"chosen": lambda ev, t: t}
    for x in thresholds:
        rules[f"t={x:g}"] = lambda ev, t, x=x: x
    for d in offsets:
        rules[f"verbal {d:+g}"] = lambda ev, t, d=d: t + (0.0 if ev.type in MATERIAL else d)
        rules[f"material {d:+g}"] = lambda ev, t, d=d: t + (d if ev.type in MATERIAL and ev.type != "ASSAULT" else 0.0)
    return rules


def compare(golds: list[Any], scored: dict[str, Scored], rules: dict[str, Rule], boot: int) -> dict[str, Any]:
    """Each variant's figures, overall and by annotator set, and its paired difference from the first variant."""
    gold = {g.doc_id: g.gold for g in golds}
    origin = [g.origin for g in golds]
    report: dict[str, Any] = {}
    base: list[Any] | None = None
    for name, rule in rules.items():
        rows = per_document(gold, predictions(scored, rule))
        got: dict[str, Any] = {"figures": summed(rows), "by_set": {}}
        for o in dict.fromkeys(origin):
            got["by_set"][o] = summed([r for r, oo in zip(rows, origin, strict=True) if oo == o])["event F1"]
        if base is None:
            base = rows
        else:  # crossval's paired bootstrap: the first variant plays its "rule"
            got["difference95"] = bootstrap({"rule": base, name: rows}, boot)[f"{name} - rule"]
        report[name] = got
    return report


def calibration(scored: dict[str, Scored], bands: int = 10) -> list[dict[str, Any]]:
    """Held-out reliability: the judged events (an article of MIN_SENTENCES sentences or more) by probability band,
    with the share the referee pairs with a gold event when every event is kept (the model's training label: a
    fragment of an incident already found counts as no match)."""
    pairs: list[tuple[float, int]] = []
    for s in scored.values():
        if len(s.labels) != len(s.probabilities):
            raise ValueError("scored articles without labels: built by scored_articles")
        if len(s.doc.sentences) >= MIN_SENTENCES:
            pairs += zip(s.probabilities, s.labels, strict=True)
    return calibration_table(pairs, bands)


def render(report: dict[str, Any]) -> str:
    sets = list(next(iter(report.values()))["by_set"])
    lines = ["| variant | event F1 | P / R | fragmented | " + " | ".join(f"{s} F1" for s in sets)
             + " | F1 − chosen (95%) |", "| --- " * (5 + len(sets)) + "|"]
    base = next(iter(report.values()))["figures"]["event F1"]
    for name, got in report.items():
        f = got["figures"]
        diff = ""
        if "difference95" in got:
            lo, hi = got["difference95"]["event F1"]
            diff = f"{f['event F1'] - base:+.3f} ({lo:+.3f} to {hi:+.3f})"
        lines.append(f"| {name} | {f['event F1']:.3f} | {f['event P']:.3f} / {f['event R']:.3f} | "
                     f"{f['fragmented share']:.1%} | " + " | ".join(f"{got['by_set'][s]:.3f}" for s in sets)
                     + f" | {diff} |")
    return "\n".join(lines)


def _floats(text: str) -> list[float]:
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text!r}") from e


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--boot", type=int, default=200, help="bootstrap resamples")
    ap.add_argument("--thresholds", type=_floats, default=[0.2, 0.25, 0.3, 0.35, 0.4],
                    help="fixed thresholds to hold every fold at (comma-separated)")
    ap.add_argument("--offsets", type=_floats, default=[-0.1, -0.05, 0.05],
                    help="moves of the fold's threshold for one family of types (comma-separated; a list that "
                    "starts with a minus is written with =: --offsets=-0.05,0.05)")
    ap.add_argument("--json", type=Path, help="also write every figure here")
    args = ap.parse_args()
    if not (args.shared / "eval").is_dir():
        raise SystemExit(f"operating_point: {args.shared}: no eval/ folder (the shared gold is needed)")
    golds = load_gold(args.shared, True, EVENTS_DIR)
    scored = scored_articles(golds, premerge_docs(golds), args.k)
    report = compare(golds, scored, variants(args.thresholds, args.offsets), args.boot)
    print(f"{args.k}-fold held-out event figures over {len(golds)} articles by the eventivity decision; "
          f"intervals: {args.boot} paired resamples over documents")
    print(render(report))
    table = calibration(scored)
    print("\nHeld-out calibration of the eventivity probability (every merged event of the held-out articles):")
    print(render_calibration(table, "share matching a gold event"))
    if args.json:
        args.json.write_text(json.dumps({**report, "calibration": table}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
