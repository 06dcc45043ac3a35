#!/usr/bin/env python3
"""k-fold cross-validation of the learned modality decision against the hand cue rule, with bootstrap intervals.

    python scripts/crossval_modality.py [--k 5] [--boot 500] [--no-gsr] [--json out.json] [--no-annotations]

Gold and folds as scripts/crossval.py (dev + train + the project's annotations; `fold_of` from train_merge.py). The
default pipeline without `modality@1` (the hand rule's modality, rasd.stages.claims) runs once over every article;
for each fold the modality models are trained on the other folds' articles (rasd.stages.modality_fit) and relabel
the held-out fold's events (rasd.stages.modality_model). The held-out predictions of all folds are scored by the
referee (../shared/eval/score.py); intervals are percentile bootstraps over documents, the difference from the hand
rule a paired bootstrap (scripts/crossval.py). Also printed: the confusion matrix (gold modality against predicted,
over the referee's one-to-one pairs) of both, the held-out calibration of the probability the output shows for the
models' class (`modality_p`, each fold's models with their own calibration), and GSR event recall with and without
the stage.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval import (
    assault_protest_recall,
    calibration_table,
    gsr_gold,
    print_paired,
    render_calibration,
    scored_report,
    stage_setup,
)
from crossval_roles import cached_pipeline_docs, pipeline_docs, prediction
from train_merge import GoldDoc, fold_of

LEARNED_STAGE = "modality@1"
SHOWN = ("event F1", "event P", "event R", "actors F1", "recipients F1", "place acc", "modality acc", "killed acc",
         "doc actors F1")


def hand_stages() -> tuple[str, ...]:
    """The default stages without the learned modality stage: events with the hand rule's modality."""
    from rasd.config import DEFAULT_STAGES

    return tuple(s for s in DEFAULT_STAGES if s != LEARNED_STAGE)


def cached_docs(golds: list[GoldDoc], cache: Path | None) -> dict[str, Any]:
    """The hand-rule pipeline's documents, kept in `cache` between runs when given (cached_pipeline_docs)."""
    return cached_pipeline_docs(golds, cache, hand_stages())


# "shown" (the probability the output shows) and "models' own" (the class's share, before the calibration) ->
# (held-out probability, the chosen class is the gold's) for each paired event the models decide
Calibration = dict[str, list[tuple[float, int]]]


def cross_validate(golds: list[GoldDoc], docs: dict[str, Any], k: int) -> tuple[dict[str, dict[str, Any]], Calibration]:
    """Held-out predictions of the hand rule and of the learned models ({variant: {doc id: prediction}}), and the
    held-out probabilities of the models' choices for the paired events they decide."""
    from rasd.stages.modality_fit import held_out_choices, modality_examples, train_modality
    from rasd.stages.modality_model import ModalityStage

    examples = {g.doc_id: modality_examples(g.doc_id, docs[g.doc_id], g.gold) for g in golds}
    preds: dict[str, dict[str, Any]] = {"rule": {}, "learned": {}}
    calibration: Calibration = {"shown": [], "models' own": []}
    for fold in range(k):
        held = [g.doc_id for g in golds if fold_of(g.doc_id, k) == fold]
        train = [x for g in golds if fold_of(g.doc_id, k) != fold for x in examples[g.doc_id]]
        models = train_modality(train)
        held_examples = [x for d in held for x in examples[d]]
        calibration["shown"] += held_out_choices(held_examples, models, shown=True)
        calibration["models' own"] += held_out_choices(held_examples, models)
        print(f"fold {fold}: {len(held)} held out, {len(train)} training events; classes "
              f"{sorted(models.models)}", file=sys.stderr)
        stage = ModalityStage(models=models)
        for doc_id in held:
            preds["rule"][doc_id] = prediction(doc_id, docs[doc_id])
            preds["learned"][doc_id] = prediction(doc_id, stage(docs[doc_id]))
    return preds, calibration


def confusion(gold: dict[str, Any], preds: dict[str, Any]) -> Counter[tuple[str, str]]:
    """(gold modality, predicted modality) counts over the referee's one-to-one pairs (gold events with a modality)."""
    from rasd.evaluate import pair_events

    out: Counter[tuple[str, str]] = Counter()
    for doc_id, g in gold.items():
        pevents, gevents = (preds.get(doc_id) or {}).get("events") or [], g.get("events") or []
        for i, j in pair_events(pevents, gevents, g).items():
            if gevents[j].get("modality"):
                out[(str(gevents[j]["modality"]), str(pevents[i].get("modality")))] += 1
    return out


def print_confusion(title: str, counts: Counter[tuple[str, str]]) -> None:
    from rasd.stages.modality_model import CLASSES

    total = sum(counts.values())
    right = sum(n for (g, p), n in counts.items() if g == p)
    print(f"\n{title}: {right}/{total} = {right / total if total else 0.0:.3f}")
    print("| gold \\ predicted | " + " | ".join(CLASSES) + " | recall |")
    print("| --- " * (len(CLASSES) + 2) + "|")
    for g in CLASSES:
        row = [counts[(g, p)] for p in CLASSES]
        n = sum(row)
        print(f"| {g} | " + " | ".join(str(x) for x in row) + f" | {counts[(g, g)] / n if n else 0.0:.3f} |")


def gsr_figures(shared: Path, ref: Any) -> dict[str, float]:
    """GSR (never trained on) ASSAULT+PROTEST recall without and with `modality@1` (the stage adds or drops no
    events, so it should not move) and modality accuracy where GSR gives one."""
    golds, gold = gsr_gold(shared, ref)
    out: dict[str, float] = {}
    for name, stages in (("rule", hand_stages()), ("learned", (*hand_stages(), LEARNED_STAGE))):
        preds = {d: prediction(d, doc) for d, doc in pipeline_docs(golds, stages).items()}
        scored = ref.score(gold, preds)
        out[f"{name} ASSAULT+PROTEST recall"] = assault_protest_recall(scored)
        out[f"{name} event F1"] = float(scored["events"]["f1"])
    return out


def main() -> int:
    args, ref, golds, docs = stage_setup(__doc__.splitlines()[0], "modality", cached_docs)
    preds, calibration = cross_validate(golds, docs, args.k)
    gold = {g.doc_id: g.gold for g in golds}
    report = scored_report(ref, gold, preds, args.k, args.boot)
    print_paired(report, SHOWN, ("hand rule (default)", "learned modality"))
    for v, title in (("rule", "hand rule, confusion over the referee's pairs (held out: the rule is not trained)"),
                     ("learned", "learned modality, confusion over the referee's pairs (held-out folds)")):
        counts = confusion(gold, preds[v])
        report.setdefault("confusion", {})[v] = {f"{g}->{p}": n for (g, p), n in sorted(counts.items())}
        print_confusion(title, counts)
    report["calibration"] = {name: calibration_table(pairs) for name, pairs in calibration.items()}
    for name, table in report["calibration"].items():
        print(f"\nHeld-out calibration of the learned modality's probability ({name}) over the paired events the "
              "models decide:")
        print(render_calibration(table, "share right"))
    sys.stdout.flush()
    if not args.no_gsr:
        report["gsr"] = gsr_figures(args.shared, ref)
        print("\nGSR, never trained on: " + ", ".join(f"{k} {x:.3f}" for k, x in report["gsr"].items()))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
