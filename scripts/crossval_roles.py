#!/usr/bin/env python3
"""k-fold cross-validation of the learned role labeller against the hand role rules, with bootstrap intervals.

    python scripts/crossval_roles.py [--k 5] [--boot 500] [--no-gsr] [--json out.json] [--no-annotations]

Gold and folds as scripts/crossval.py (dev + train + the project's annotations; `fold_of` from train_merge.py). The
default pipeline (hand roles) runs once over every article; for each fold the role models are trained on the other
folds' articles (rasd.stages.roles_fit) and relabel the held-out fold's events (rasd.stages.roles_model). The
held-out predictions of all folds are scored by the referee (../shared/eval/score.py); intervals are percentile
bootstraps over documents, the difference from the hand rules a paired bootstrap (scripts/crossval.py). Last, the
held-out calibration of the role probabilities, as the output shows them (through each fold's own calibration) and
as the models give them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval import (
    assault_protest_recall,
    bootstrap,
    calibration_table,
    gsr_gold,
    per_document,
    print_paired,
    render_calibration,
    scored_report,
    stage_setup,
)
from train_merge import GoldDoc, fold_of

SHOWN = ("event F1", "event P", "event R", "actors F1", "recipients F1", "place acc", "modality acc", "killed acc",
         "doc actors F1")


def hand_stages() -> tuple[str, ...]:
    """The default stages without the learned labeller: events with the hand rules' roles."""
    from rasd.config import DEFAULT_STAGES

    return tuple(s for s in DEFAULT_STAGES if s != LEARNED_STAGE)


LEARNED_STAGE = "roles@1"


def pipeline_docs(golds: list[GoldDoc], stages: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Each article run through the pipeline (the hand-role stages unless `stages`): {doc id: Doc}."""
    from rasd.cli_eval import article_from_record
    from rasd.config import Settings
    from rasd.pipeline import Pipeline

    # every merged event is scored: the shipped eventivity model, trained on all articles, would choose the held-out
    # fold's events with what it learned from them
    pipe = Pipeline.from_settings(Settings(stages=stages or hand_stages(), set_aside=False))
    return {g.doc_id: pipe.run(article_from_record(g.record, g.doc_id)) for g in golds}


def cached_pipeline_docs(golds: list[GoldDoc], cache: Path | None,
                         stages: tuple[str, ...] | None = None) -> dict[str, Any]:
    """`pipeline_docs(golds, stages)`, kept in `cache` (a pickle) between runs when given (a development convenience:
    delete it when the code of those stages changes)."""
    import pickle

    if cache is not None and cache.exists():
        docs: dict[str, Any] = pickle.loads(cache.read_bytes())
        if all(g.doc_id in docs for g in golds):
            return docs
    docs = pipeline_docs(golds, stages)
    if cache is not None:
        cache.write_bytes(pickle.dumps(docs))
    return docs


def cached_docs(golds: list[GoldDoc], cache: Path | None) -> dict[str, Any]:
    """The hand-role pipeline's documents (cached_pipeline_docs)."""
    return cached_pipeline_docs(golds, cache)


def prediction(doc_id: str, doc: Any) -> dict[str, Any]:
    from rasd.output import report_to_dict
    from rasd.pipeline import to_report

    return report_to_dict(to_report(doc)) | {"doc_id": doc_id}


def relabelled(doc: Any, models: Any) -> Any:
    from rasd.stages.roles_model import RolesStage

    return RolesStage(models=models)(doc)


# "actor"/"recipient" (the probabilities the output shows) and "actor, models' own"/"recipient, models' own" (before
# the calibration) -> (held-out probability, is a gold party of that role)
Calibration = dict[str, list[tuple[float, int]]]


def cross_validate(golds: list[GoldDoc], docs: dict[str, Any], k: int) -> tuple[dict[str, Any], Calibration]:
    """Held-out predictions of the hand rules and the learned labeller, and the held-out probabilities of every
    party the labeller weighs for an event paired with a gold event, each with whether gold names it in that role."""
    from rasd.stages.roles_fit import held_out_parties, role_examples, shown_parties, train_roles

    examples = {g.doc_id: role_examples(g.doc_id, docs[g.doc_id], g.gold) for g in golds}
    preds: dict[str, dict[str, Any]] = {"rule": {}, "learned": {}}
    calibration: Calibration = {"actor": [], "recipient": [], "actor, models' own": [], "recipient, models' own": []}
    for fold in range(k):
        held = [g.doc_id for g in golds if fold_of(g.doc_id, k) == fold]
        train = [x for g in golds if fold_of(g.doc_id, k) != fold for x in examples[g.doc_id]]
        models = train_roles(train)
        held_examples = [x for d in held for x in examples[d]]
        for own, rows in (("", shown_parties(held_examples, models)),
                          (", models' own", held_out_parties(held_examples, models))):
            for pa, pr, is_actor, is_recipient in rows:
                calibration["actor" + own].append((pa, is_actor))
                calibration["recipient" + own].append((pr, is_recipient))
        print(f"fold {fold}: {len(held)} held out, {len(train)} training candidates; thresholds actor "
              f"{models.actor.threshold}/{models.actor_more}, recipient {models.recipient.threshold}/"
              f"{models.recipient_more}", file=sys.stderr)
        for doc_id in held:
            preds["rule"][doc_id] = prediction(doc_id, docs[doc_id])
            preds["learned"][doc_id] = prediction(doc_id, relabelled(docs[doc_id], models))
    return preds, calibration


def candidate_ceiling(golds: list[GoldDoc], docs: dict[str, Any]) -> dict[str, float]:
    """Share of the gold actors / recipients of paired events that some candidate mention names (the most any
    labeller over these candidates can find)."""
    from rasd.evaluate import pair_events
    from rasd.evaluate_match import gold_names, names_match, prediction_names
    from rasd.output import event_dict, mention_dict
    from rasd.stages.index import DocIndex
    from rasd.stages.roles_model import candidates

    found = {"actors": [0, 0], "recipients": [0, 0]}
    for g in golds:
        doc, gevents = docs[g.doc_id], list(g.gold.get("events") or [])
        pairs = pair_events([event_dict(e) for e in doc.events], gevents, g.gold)
        ix = DocIndex.of(doc)
        for i, j in pairs.items():
            names = [prediction_names(mention_dict(c.mention)) for c in candidates(doc, ix, doc.events[i])]
            for role in found:
                for key in gevents[j].get(role) or []:
                    found[role][1] += 1
                    found[role][0] += any(names_match(n, gold_names(g.gold, key)) for n in names)
    return {role: (a / b if b else 0.0) for role, (a, b) in found.items()}


def _names_any(gold_doc: dict[str, Any], item: Any, keys: list[Any] | None) -> bool:
    from rasd.evaluate_match import gold_names, names_match, prediction_names

    return any(names_match(prediction_names(item), gold_names(gold_doc, k)) for k in keys or [])


def error_classes(gold: dict[str, Any], preds: dict[str, Any]) -> dict[str, int]:
    """Role errors over the referee's pairs, by class: a predicted actor (recipient) that is the gold event's
    recipient (actor) -- swapped; one that is among its sources -- the speaker taken as a party; any other wrong
    party; and gold parties missed."""
    from rasd.evaluate import pair_events

    out = {f"{role} {kind}": 0 for role in ("actors", "recipients")
           for kind in ("correct", "swapped", "source", "other wrong", "missed")}
    for doc_id, g in gold.items():
        pevents, gevents = (preds.get(doc_id) or {}).get("events") or [], g.get("events") or []
        for i, j in pair_events(pevents, gevents, g).items():
            pe, ge = pevents[i], gevents[j]
            for role, other in (("actors", "recipients"), ("recipients", "actors")):
                for item in pe.get(role) or []:
                    kind = ("correct" if _names_any(g, item, ge.get(role)) else
                            "swapped" if _names_any(g, item, ge.get(other)) else
                            "source" if _names_any(g, item, ge.get("sources")) else "other wrong")
                    out[f"{role} {kind}"] += 1
                for key in ge.get(role) or []:
                    if not any(_names_any(g, item, [key]) for item in pe.get(role) or []):
                        out[f"{role} missed"] += 1
    return out


def main() -> int:
    args, ref, golds, docs = stage_setup(__doc__.splitlines()[0], "roles", cached_docs)
    preds, calibration = cross_validate(golds, docs, args.k)
    gold = {g.doc_id: g.gold for g in golds}
    report = scored_report(ref, gold, preds, args.k, args.boot, candidate_ceiling=candidate_ceiling(golds, docs))
    print_paired(report, SHOWN, ("hand rules (default)", "learned labeller"))
    report["error_classes"] = {v: error_classes(gold, p) for v, p in preds.items()}
    print("| role error class (over the referee's pairs) | hand rules | learned |")
    print("| --- | --- | --- |")
    for cls in report["error_classes"]["rule"]:
        print(f"| {cls} | {report['error_classes']['rule'][cls]} | {report['error_classes']['learned'][cls]} |")
    ceiling = report["candidate_ceiling"]
    print(f"candidate ceiling (gold roles of paired events named by some candidate): actors "
          f"{ceiling['actors']:.3f}, recipients {ceiling['recipients']:.3f}")
    report["calibration"] = {role: calibration_table(pairs) for role, pairs in calibration.items()}
    for role, table in report["calibration"].items():
        print(f"\nHeld-out calibration of P({role}) over the parties weighed for paired events:")
        print(render_calibration(table, f"share gold names as {role.split(',')[0]}"))
    sys.stdout.flush()
    if not args.no_gsr:
        report["gsr"] = gsr_figures(args.shared, ref, args.boot)
        for v, figs in report["gsr"].items():
            print(f"GSR, never trained on ({ {'rule': 'hand rules', 'learned': 'shipped role models'}.get(v, v)}): "
                  + ", ".join(f"{k} {x:.3f}" if isinstance(x, float) else f"{k} {x[0]:+.3f} to {x[1]:+.3f}"
                              for k, x in figs.items()))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def gsr_figures(shared: Path, ref: Any, boot: int = 0) -> dict[str, Any]:
    """On GSR (never trained on): ASSAULT+PROTEST recall and actors / recipients F1 with the hand rules and with
    `roles@1` after them (roles add or drop no events, so recall should not move)."""
    golds, gold = gsr_gold(shared, ref)
    out: dict[str, Any] = {}
    rows = {}
    for name, stages in (("rule", hand_stages()), ("learned", (*hand_stages(), LEARNED_STAGE))):
        preds = {d: prediction(d, doc) for d, doc in pipeline_docs(golds, stages).items()}
        scored = ref.score(gold, preds)
        out[name] = {"ASSAULT+PROTEST recall": assault_protest_recall(scored), "actors F1": scored["actors"]["f1"],
                     "recipients F1": scored["recipients"]["f1"]}
        rows[name] = per_document(gold, preds)
    if boot:
        iv = bootstrap(rows, boot)["learned - rule"]
        out["learned - rule (paired 95%)"] = {f: iv[f] for f in ("actors F1", "recipients F1", "event R")}
    return out


if __name__ == "__main__":
    sys.exit(main())
