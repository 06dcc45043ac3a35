#!/usr/bin/env python3
"""k-fold cross-validation of the learned place choice (rasd.stages.places_model) against the hand rule.

    python scripts/crossval_places.py [--k 5] [--shared ../shared] [--boot 500] [--json out.json] [--no-gsr]

Same gold and folds as scripts/crossval.py (fold_of over dev + train + the project's annotations). For each fold the
place model is trained on the other four (scripts/train_places.py's labels) and the held-out articles are run
through the whole default pipeline with it; the held-out predictions of all folds are concatenated and scored by
the referee. The hand rule is the default pipeline run the same way. Intervals: percentile bootstrap over documents
and a paired bootstrap of the difference (scripts/crossval.py). Also printed: place errors by class, before and
after, and GSR ASSAULT+PROTEST recall with the model trained on all gold (GSR is never trained on).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval import FIGURES, arguments, bootstrap, interval_cell, per_document, referee, summed
from train_merge import fold_of, load_gold, premerge_docs
from train_places import all_groups, train

VARIANTS = ("rule", "learned")


def final_predictions(docs: Mapping[str, Any]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Predictions of the premerged docs after the default merge stage: ({doc id: prediction}, {doc id: Doc})."""
    from rasd.output import report_to_dict
    from rasd.pipeline import default_pipeline, to_report

    # every merged event is scored (the shipped eventivity model was trained on the held-out folds too)
    merge = replace(next(s for s in default_pipeline().stages if s.name == "merge"), filter_events=False)
    preds, finals = {}, {}
    for doc_id, doc in docs.items():
        final = merge(doc)
        pred = report_to_dict(to_report(final))
        pred["doc_id"] = doc_id
        preds[doc_id], finals[doc_id] = pred, final
    return preds, finals


def error_classes(ref: Any, gold: Mapping[str, Any], preds: Mapping[str, Any], finals: Mapping[str, Any]) -> Counter:
    """Place outcomes of paired events with a gold place: right, or the class of the error."""
    from rasd.model import PlaceMention
    from rasd.output import place_dict

    out: Counter[str] = Counter()
    for doc_id, g in gold.items():
        gdoc = {"doc_id": doc_id, **g}
        pevs = list(preds[doc_id].get("events") or [])
        gevs = list(g.get("events") or [])
        doc = finals[doc_id]
        readings = [(pm, r) for pm in doc.places for r in ([pm.place] if pm.place else []) + list(pm.rejected)]
        for i, j in ref.best_pairs(pevs, gevs, gdoc).items():
            gp = ref.gold_place(gdoc, gevs[j])
            if gp is None:
                continue
            pp = pevs[i].get("place")
            if ref.places_match(pp, gp):
                out["right"] += 1
            elif pp is None:
                out["no place given"] += 1
            elif any(r2 is not None and ref.places_match(place_dict(PlaceMention(span=pm.span, place=r2)), gp)
                     for pm, r2 in readings if pm.span.start == pp.get("start")):
                out["right name, wrong reading (namesake abroad, common word)"] += 1
            elif pp.get("precision") in ("country", "region"):
                out["country or region given, gold is a place in it" if pp.get("country") == gp.get("country")
                    else "wrong country or region"] += 1
            elif any(ref.places_match(place_dict(PlaceMention(span=pm.span, place=r2)), gp) for pm, r2 in readings):
                out["another name of the article was right" + (" (dateline given)" if pp.get("role") == "dateline"
                                                              else "")] += 1
            else:
                out["gold place among no reading of the article"] += 1
    return out


def main() -> int:
    ap = arguments(__doc__.splitlines()[0], boot=500)
    args = ap.parse_args()
    from rasd.stages.places_model import using_model

    ref = referee(args.shared)
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    origins = Counter(g.origin for g in golds)
    with using_model(None):
        docs = premerge_docs(golds)
    groups = all_groups(golds, docs, args.shared)
    preds: dict[str, dict[str, Any]] = {}
    finals: dict[str, dict[str, Any]] = {}
    preds["rule"], finals["rule"] = final_predictions(docs)
    preds["learned"], finals["learned"] = {}, {}
    for fold in range(args.k):
        held = [g for g in golds if fold_of(g.doc_id, args.k) == fold]
        model = train([grp for g in golds if fold_of(g.doc_id, args.k) != fold for grp in groups[g.doc_id]])
        print(f"fold {fold}: {len(held)} held out; trained on {model.meta['events']} events", file=sys.stderr)
        with using_model(model):
            p, f = final_predictions(premerge_docs(held))
        preds["learned"].update(p)
        finals["learned"].update(f)
    gold = {g.doc_id: g.gold for g in golds}
    rows = {v: per_document(gold, preds[v]) for v in VARIANTS}
    intervals = bootstrap(rows, args.boot)
    report: dict[str, Any] = {"articles": len(golds), "by_set": dict(origins), "k": args.k, "boot": args.boot,
                              "variants": {}}
    n_groups = [grp for grps in groups.values() for grp in grps]
    report["aligned_events_with_gold_place"] = len(n_groups)
    report["with_a_right_candidate"] = sum(any(y for _, y in grp) for grp in n_groups)
    for v in VARIANTS:
        official = ref.score(gold, preds[v])
        mine = summed(rows[v])
        report["variants"][v] = {"figures": mine, "events": official["events"], "place": official["place"]
                                 if "place" in official else None, "interval95": intervals[v],
                                 "place_outcomes": dict(error_classes(ref, gold, preds[v], finals[v]))}
    report["variants"]["learned - rule"] = {"interval95": intervals["learned - rule"]}
    print(f"{args.k}-fold cross-validation over {len(golds)} articles {dict(origins)}; 95% bootstrap intervals over "
          f"documents ({args.boot} resamples); learned place model trained on the other folds")
    print(f"events aligned to a gold event with a place (hand-rule run): {report['aligned_events_with_gold_place']}, "
          f"of which {report['with_a_right_candidate']} have a right reading among the article's place names")
    print("| figure | hand rule | learned | learned - rule (paired) |")
    print("| --- | --- | --- | --- |")
    for label, _, _ in FIGURES:
        cells = []
        for v in VARIANTS:
            cells.append(interval_cell(report["variants"][v]["figures"][label], intervals[v][label]))
        lo, hi = intervals["learned - rule"][label]
        diff = report["variants"]["learned"]["figures"][label] - report["variants"]["rule"]["figures"][label]
        cells.append(f"{diff:+.3f} ({lo:+.3f} to {hi:+.3f})")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\nplace outcomes of paired events with a gold place:")
    classes = sorted({c for v in VARIANTS for c in report["variants"][v]["place_outcomes"]})
    print("| outcome | hand rule | learned |\n| --- | --- | --- |")
    for c in classes:
        print(f"| {c} | " + " | ".join(str(report["variants"][v]["place_outcomes"].get(c, 0)) for v in VARIANTS)
              + " |")
    sys.stdout.flush()
    if not args.no_gsr:
        from crossval import gsr_recall

        model = train([grp for grps in groups.values() for grp in grps])
        with using_model(model):
            report["gsr_assault_protest_recall_learned"] = gsr_recall(args.shared, ref)
        with using_model(None):
            report["gsr_assault_protest_recall_rule"] = gsr_recall(args.shared, ref)
        print(f"GSR ASSAULT+PROTEST recall (never trained on GSR): hand rule "
              f"{report['gsr_assault_protest_recall_rule']:.3f}, learned "
              f"{report['gsr_assault_protest_recall_learned']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
