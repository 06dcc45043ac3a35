#!/usr/bin/env python3
"""Held-out paired comparison of the issue-10 event rules against the default, without and with the eventivity filter.

    python scripts/crossval_fragment_rules.py [--k 5] [--shared ../shared] [--boot 500] [--json out.json]

The rules (off by default, constants in rasd.stages.events): COMPLEMENTS (a verbal act's complement is not an event,
rasd.stages.complements), MERGE_ACCOUNTS (asserted, reported and alleged mentions of an incident merge) and
RESOLVED_CONFLICTS (only resolved identities keep two mentions apart). Gold and folds as scripts/crossval.py. For the
default and for the rules on, the pipeline runs to the merge stage; the hand merge rule has nothing trained, and the
eventivity filter of each fold is trained on the other folds (scripts/train_merge.py's `train_both`, on that
setting's events). Figures from the referee's tallies (rasd.evaluate); 95% percentile bootstrap over documents, each
difference from the same resamples (paired).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval import arguments, bootstrap, per_document, predict_fold, set_event_rules, summed
from train_merge import eventivity_rows_for, fold_of, load_gold, premerge_docs, train_both

SHOWN = ("event F1", "event P", "event R", "fragmented share", "material F1", "actors F1", "recipients F1",
         "place acc", "date acc", "modality acc", "killed acc", "doc actors F1", "doc places F1")


def held_out(golds: list[Any], k: int, rules: bool) -> dict[str, dict[str, Any]]:
    """Held-out predictions of the hand rule and of the hand rule + eventivity filter, with the rules on or off."""
    from rasd.stages.incidents import MergeStage

    set_event_rules(rules)
    docs = premerge_docs(golds)
    rows = eventivity_rows_for(golds, docs)
    out: dict[str, dict[str, Any]] = {"rule": {}, "rule+eventivity": {}}
    for fold in range(k):
        held = [g.doc_id for g in golds if fold_of(g.doc_id, k) == fold]
        _, model = train_both([g for g in golds if fold_of(g.doc_id, k) != fold], docs, rows=rows)
        print(f"rules {'on' if rules else 'off'}, fold {fold}: eventivity threshold {model.threshold}",
              file=sys.stderr)
        out["rule"].update(predict_fold(docs, held, MergeStage(rule=True, filter_events=False)))
        out["rule+eventivity"].update(predict_fold(docs, held, MergeStage(rule=True, eventivity=model,
                                                                          filter_events=True)))
    return out


def main() -> int:
    ap = arguments(__doc__.splitlines()[0], boot=500)
    args = ap.parse_args()
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    gold = {g.doc_id: g.gold for g in golds}
    try:
        before, after = held_out(golds, args.k, False), held_out(golds, args.k, True)
    finally:
        set_event_rules(False)
    rows = {f"{v}, rules {state}": per_document(gold, preds[v]) for state, preds in (("off", before), ("on", after))
            for v in ("rule", "rule+eventivity")}
    report: dict[str, Any] = {"articles": len(golds), "k": args.k, "boot": args.boot, "figures": {}, "differences": {}}
    print(f"{args.k}-fold cross-validation over {len(golds)} articles; {args.boot} paired bootstrap resamples\n")
    print("| figure | " + " | ".join(rows) + " |\n| --- |" + " --- |" * len(rows))
    sums = {name: summed(r) for name, r in rows.items()}
    for f in SHOWN:
        print(f"| {f} | " + " | ".join(f"{sums[n][f]:.3f}" for n in rows) + " |")
    report["figures"] = sums
    pairs = (("rule, rules off", "rule, rules on"), ("rule+eventivity, rules off", "rule+eventivity, rules on"),
             ("rule, rules off", "rule+eventivity, rules on"))
    for base, other in pairs:
        iv = bootstrap({"rule": rows[base], "other": rows[other]}, args.boot)
        print(f"\n{other} - {base} (paired):")
        diffs = {}
        for f in SHOWN:
            lo, hi = iv["other - rule"][f]
            diffs[f] = (sums[other][f] - sums[base][f], lo, hi)
            print(f"  {f}: {diffs[f][0]:+.3f} ({lo:+.3f} to {hi:+.3f})")
        report["differences"][f"{other} - {base}"] = diffs
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
