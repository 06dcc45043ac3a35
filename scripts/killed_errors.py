#!/usr/bin/env python3
"""Killed-count accuracy by folds, with bootstrap intervals over documents, a paired comparison against saved
predictions, and the errors of chosen folds.

    python scripts/killed_errors.py [--folds 0,1,2] [--errors] [--save FILE] [--against FILE] [--boot 1000]

Predictions are the hand merge rule's (the "rule" column of scripts/crossval.py: nothing in it is trained, so they
are held-out on every fold). Folds are train_merge's `fold_of` (5 folds by doc-id hash). `--errors` lists, for the
chosen folds only, every paired event whose killed the referee scores wrong, and the paired events with a
prediction but no gold figure. `--save` writes the predictions; `--against` a saved file reports the difference
with a paired bootstrap (same resampled documents), for the chosen folds and for all five. Counting changes are
compared by saving the predictions with the old code and running the new code `--against` them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval import predict_fold, referee
from train_merge import DEFAULT_SHARED, EVENTS_DIR, fold_of, load_gold, premerge_docs

Tally = tuple[int, int, int, int, int]  # killed correct, killed scored, event tp, fp, fn


def tally(ref: Any, gold: dict[str, Any], pred: dict[str, Any]) -> Tally:
    """One document's killed and event tallies, by the referee."""
    r = ref.score({pred["doc_id"]: gold}, {pred["doc_id"]: pred})
    k = r.get("killed") or {"accuracy": 0.0, "n": 0}
    e = r["events"]
    return round(k["accuracy"] * k["n"]), k["n"], e["tp"], e["fp"], e["fn"]


def figures(rows: list[Tally]) -> tuple[float, float]:
    """Killed accuracy and event F1 of summed tallies."""
    c, n, tp, fp, fn = (sum(r[i] for r in rows) for i in range(5))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (c / n if n else 0.0), (2 * p * r / (p + r) if p + r else 0.0)


def interval(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return xs[int(0.025 * (len(xs) - 1))], xs[int(0.975 * (len(xs) - 1))]


def report(label: str, ids: list[str], now: dict[str, Tally], then: dict[str, Tally] | None, boot: int) -> None:
    rng = random.Random(20261204)
    draws: list[tuple[float, ...]] = []
    for _ in range(boot):
        idx = [ids[rng.randrange(len(ids))] for _ in ids]
        a = figures([now[d] for d in idx])
        b = figures([then[d] for d in idx]) if then is not None else (0.0, 0.0)
        draws.append((*a, a[0] - b[0], a[1] - b[1]))
    acc, f1 = figures([now[d] for d in ids])
    lo, hi = interval([x[0] for x in draws])
    flo, fhi = interval([x[1] for x in draws])
    print(f"{label}: {len(ids)} articles, {sum(now[d][1] for d in ids)} paired events with a gold killed")
    print(f"  killed accuracy {acc:.3f} ({lo:.3f}-{hi:.3f}); event F1 {f1:.4f} ({flo:.4f}-{fhi:.4f})")
    if then is not None:
        acc0, f10 = figures([then[d] for d in ids])
        dlo, dhi = interval([x[2] for x in draws])
        elo, ehi = interval([x[3] for x in draws])
        print(f"  against the saved predictions: killed {acc0:.3f} -> {acc:.3f}, paired {acc - acc0:+.3f} "
              f"({dlo:+.3f} to {dhi:+.3f}); event F1 {f10:.4f} -> {f1:.4f}, paired {f1 - f10:+.4f} "
              f"({elo:+.4f} to {ehi:+.4f})")


def errors(ref: Any, gold: dict[str, Any], pred: dict[str, Any]) -> list[str]:
    """Lines for each paired event whose killed is wrong, or predicted where the gold gives none."""
    pevs, gevs = list(pred.get("events") or []), list(gold.get("events") or [])
    out = []
    for i, j in sorted(ref.best_pairs(pevs, gevs, gold).items()):
        g, p = gevs[j].get("killed"), pevs[i].get("killed")
        if (g is None and p is None) or (g is not None and ref.counts_match(p, g)):
            continue
        shown = {k: p.get(k) for k in ("min", "max", "text")} if isinstance(p, dict) else p
        out.append(f"{pred['doc_id']} [{'wrong' if g is not None else 'no gold figure'}] gold={json.dumps(g)} "
                   f"pred={json.dumps(shown, ensure_ascii=False)}\n  gold: {ref.ev_text(gevs[j])[:300]}\n"
                   f"  pred: {ref.ev_text(pevs[i])[:300]}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--folds", default="0,1,2", help="folds (of 5) to report and to list errors for")
    ap.add_argument("--errors", action="store_true", help="list the killed errors of the chosen folds")
    ap.add_argument("--save", type=Path, help="write the predictions here (JSON)")
    ap.add_argument("--against", type=Path, help="saved predictions to compare with (paired bootstrap)")
    ap.add_argument("--boot", type=int, default=1000, help="bootstrap resamples")
    args = ap.parse_args()
    folds = {int(f) for f in args.folds.split(",")}

    ref = referee(args.shared)
    golds = load_gold(args.shared, True, EVENTS_DIR)
    from rasd.stages.incidents import MergeStage

    preds = predict_fold(premerge_docs(golds, set_aside=False), [g.doc_id for g in golds],
                         MergeStage(rule=True, filter_events=False))
    gold = {g.doc_id: g.gold for g in golds}
    if args.save:
        args.save.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    now = {d: tally(ref, gold[d], preds[d]) for d in gold}
    then = None
    if args.against:
        old = json.loads(args.against.read_text(encoding="utf-8"))
        then = {d: tally(ref, gold[d], old[d]) for d in gold}
    chosen = sorted(d for d in gold if fold_of(d, 5) in folds)
    report(f"folds {args.folds}", chosen, now, then, args.boot)
    report("all five folds", sorted(gold), now, then, args.boot)
    if args.errors:
        for d in chosen:
            for line in errors(ref, gold[d], preds[d]):
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
