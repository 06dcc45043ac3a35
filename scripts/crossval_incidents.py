#!/usr/bin/env python3
"""Cross-validate the learned link decision of incident fusion against the hand rule, on the project's incident
annotations, with the referee's figures; then score both on the shared gold as a held-out test.

    python scripts/crossval_incidents.py [--db STORE] [--shared ../shared] [--annotations annotations/incidents]
                                         [--k 5] [--bootstrap 1000] [--json FILE]

Folds by annotated incident (`fold_of` of scripts/train_merge.py over the incident id: all reports of an incident in
one fold; distractors by their doc id). For each fold the model is trained (scripts/train_fuse.py's way: pairs
labelled from the other folds' incidents, threshold chosen on them), fusion is replayed with it over the whole
subset, and the referee (../shared/eval/score_incidents.py) scores the fold's incidents and distractors, as it scores
the hand rule's incidents. Intervals: 95% percentile bootstrap over held-out incidents; the model's difference from
the hand rule is a paired bootstrap (same resamples), and so is the hand rule's difference from the previous hand
rule (`fuse@3`: no day-span guard, inherited towns count only for their province; "hand - hand@3"). The shared
gold is never trained or tuned on. Besides link precision/recall/F1: `killed_range_covers`, the share of held-out
incidents (of those whose annotated reports give an exact killed figure) whose matched record's killed low..high
covers every such figure, with its count ("21 of 44").
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_fuse import (
    ANNOTATIONS,
    DEFAULT_SHARED,
    brief,
    choose,
    hand_pairs,
    referee,
    score,
    subset_store,
)
from train_merge import fold_of

from rasd.fuse import decide
from rasd.fuse.fit import examples, read_annotations, read_gold, train
from rasd.fuse.model import LinkModel
from rasd.fuse.replay import load_reports, replay

# (shared, matched, gold, all articles of the match, killed range covers: 1 yes, 0 no, -1 no figure) of one incident
Row = tuple[int, int, int, int, int]


def figures(rows: list[Row]) -> dict[str, float]:
    shared, matched, gold, every = (sum(r[i] for r in rows) for i in range(4))
    p = shared / matched if matched else 0.0
    r = shared / gold if gold else 0.0
    with_figures = [row[4] for row in rows if row[4] >= 0]
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "strict_precision": shared / every if every else 0.0,
            # of the incidents whose outlets give an exact killed figure: low..high covers every one of them
            "killed_range_covers": sum(with_figures) / len(with_figures) if with_figures else 0.0}


def rows_of(fig: dict[str, Any]) -> list[Row]:
    return [(x["shared"], x["matched_articles"], x["gold_articles"], x["match_all_articles"],
             -1 if x["killed_range_covers"] is None else int(bool(x["killed_range_covers"])))
            for x in fig["per_incident"]]


def bootstrap(variants: dict[str, list[Row]], n: int, seed: int = 20261203) -> dict[str, dict[str, list[float]]]:
    """95% percentile intervals per variant and figure, and of model - hand (paired: same resamples)."""
    rng = random.Random(seed)
    size = len(variants["hand"])
    draws: dict[str, dict[str, list[float]]] = {}
    for _ in range(n):
        idx = [rng.randrange(size) for _ in range(size)]
        got = {v: figures([rows[i] for i in idx]) for v, rows in variants.items()}
        got["model - hand"] = {f: got["model"][f] - got["hand"][f] for f in got["hand"]}
        if "hand@3" in got:
            got["hand - hand@3"] = {f: got["hand"][f] - got["hand@3"][f] for f in got["hand"]}
        for v, figs in got.items():
            for f, x in figs.items():
                draws.setdefault(v, {}).setdefault(f, []).append(x)
    out: dict[str, dict[str, list[float]]] = {}
    for v, per_figure in draws.items():
        out[v] = {}
        for f, xs in per_figure.items():
            xs.sort()
            out[v][f] = [round(xs[int(0.025 * (n - 1))], 3), round(xs[int(0.975 * (n - 1))], 3)]
    return out


def fuse3(reports: list[Any]) -> dict[str, list[Any]]:
    """The incidents the previous hand rule (fuse@3) makes: the day-span guard off, inherited towns not credited."""
    span, inherited = decide.DAY_SPAN, decide.INHERITED_TOWN
    decide.DAY_SPAN, decide.INHERITED_TOWN = None, False
    try:
        return replay(reports)
    finally:
        decide.DAY_SPAN, decide.INHERITED_TOWN = span, inherited


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=None, help="A store holding the ingested conflict subset.")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--json", type=Path, default=None, help="Also write the figures here.")
    a = ap.parse_args()
    ref = referee(a.shared)
    try:
        ann = read_annotations(a.annotations)
    except ValueError as e:
        print(f"crossval_incidents: {e}", file=sys.stderr)
        return 2
    if len(ann.incidents) < a.k:
        print(f"crossval_incidents: {a.annotations}: {len(ann.incidents)} incidents, fewer than k={a.k}",
              file=sys.stderr)
        return 2
    gold = read_gold(a.shared / "eval/gold/incidents.jsonl", a.shared / "eval/gold/incidents_distractors.txt")
    with subset_store(a.db, a.shared) as store:
        reports = load_reports(store)
    pairs, hand = hand_pairs(reports)
    previous = fuse3(reports)
    variants: dict[str, list[Row]] = {"hand": [], "model": [], "hand@3": []}
    per_incident: list[dict[str, Any]] = []
    folds = []
    for f in range(a.k):
        test_ids = {i["incident_id"] for i in ann.incidents if fold_of(i["incident_id"], a.k) == f}
        test_dis = {d for d in ann.distractors if fold_of(d, a.k) == f}
        train_ann = ann.subset({i["incident_id"] for i in ann.incidents} - test_ids, set(ann.distractors) - test_dis)
        test_ann = ann.subset(test_ids, test_dis)
        if not test_ann.incidents:
            continue
        rows = examples(pairs, train_ann)
        model, _, _ = choose(ref, reports, train(rows), train_ann, hand)
        fig_m = score(ref, test_ann, replay(reports, LinkModel(model)))
        fig_h = score(ref, test_ann, hand)
        variants["hand"] += rows_of(fig_h)
        variants["hand@3"] += rows_of(score(ref, test_ann, previous))
        variants["model"] += rows_of(fig_m)
        for xh, xm in zip(fig_h["per_incident"], fig_m["per_incident"], strict=True):
            per_incident.append({"fold": f, "incident": xh["incident"], "gold": xh["gold_articles"],
                                 "hand": [xh["shared"], xh["matched_articles"], xh["killed_range_covers"]],
                                 "model": [xm["shared"], xm["matched_articles"], xm["killed_range_covers"]]})
        folds.append({"fold": f, "incidents": len(test_ann.incidents), "train_examples": len(rows),
                      "threshold": model.threshold, "hand": brief(fig_h), "model": brief(fig_m)})
        print(f"fold {f}: {len(test_ann.incidents)} incidents, {len(rows)} training pairs, threshold "
              f"{model.threshold}: hand {brief(fig_h)} model {brief(fig_m)}", file=sys.stderr)
    pooled = {v: {k: round(x, 3) for k, x in figures(rows).items()} for v, rows in variants.items()}
    covers = {v: f"{sum(r[4] == 1 for r in rows)} of {sum(r[4] >= 0 for r in rows)}" for v, rows in variants.items()}
    intervals = bootstrap(variants, a.bootstrap)
    # the held-out test: a model trained on every annotated incident, scored on the shared gold
    rows = examples(pairs, ann)
    final, _, _ = choose(ref, reports, train(rows), ann, hand)
    shared_gold = {"hand": brief(score(ref, gold, hand)), "hand@3": brief(score(ref, gold, previous)),
                   "model": brief(score(ref, gold, replay(reports, LinkModel(final))))}
    out = {"annotated_incidents": len(ann.incidents), "distractors": len(ann.distractors), "k": a.k,
           "held_out_incidents": len(variants["hand"]), "pooled": pooled, "killed_range_covers": covers,
           "intervals_95": intervals,
           "folds": folds, "per_incident": per_incident, "shared_gold_held_out": shared_gold,
           "final_threshold": final.threshold}
    text = json.dumps(out, ensure_ascii=False, indent=1)
    if a.json:
        a.json.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({k: out[k] for k in ("annotated_incidents", "distractors", "held_out_incidents", "pooled",
                                          "killed_range_covers",
                                          "intervals_95", "shared_gold_held_out", "final_threshold")},
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
