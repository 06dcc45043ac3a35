#!/usr/bin/env python3
"""k-fold cross-validation of rasd over all gold, with 95% bootstrap intervals over documents.

    python scripts/crossval.py [--k 5] [--shared ../shared] [--boot 1000] [--json out.json] [--no-annotations]
                               [--hold-thresholds earlier.json] [--predictions-out held.jsonl --gold-out gold.jsonl]

Gold: dev + train of ../shared/eval and the project's own annotations (annotations/events, through
scripts/annotations.py; skipped cleanly when absent). Folds are fixed by a hash of the doc id. For every learned
component (the incident-merging model, rasd.stages.incidents, and the eventivity filter after the hand merge rule,
rasd.stages.eventivity) the script trains on k-1 folds and predicts the held-out fold; the held-out predictions of
all folds are concatenated and scored by the referee (../shared/eval/score.py). Intervals: percentile bootstrap
over documents (seeded), from per-document tallies (rasd.evaluate, which gives the referee's figures; checked
against it on the full set). The hand merge rule is
scored the same way, with a paired bootstrap of the difference. GSR ASSAULT+PROTEST recall is measured with the
default pipeline, and with each variant's models trained on all the gold articles (GSR is never trained on). The
default variant's held-out figures are also given by annotator set (dev, train, the project's own), with intervals
over each set's documents: train's two annotators are neither dev's nor the project's.

With --predictions-out and --gold-out the default variant's held-out predictions and the gold they are scored
against are written as JSON Lines (the referee's formats), so that the held-out errors can be read by class:
`rasd eval --gold gold.jsonl --predictions held.jsonl --errors`. These predictions stop at merging and the filter:
their parties and modality are the hand rules' (the learned role and modality stages are cross-validated by
scripts/crossval_roles.py and crossval_modality.py). Both files hold article text: keep them out of the repository.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_merge import DEFAULT_SHARED, EVENTS_DIR, eventivity_rows_for, fold_of, load_gold, premerge_docs, train_both

FIGURES = (
    ("event F1", "events", "f1"), ("event P", "events", "precision"), ("event R", "events", "recall"),
    ("material F1", "material_events", "f1"), ("fragmented share", "fragments", "share"),
    ("pairable fragments", "fragments", "pairable"),
    ("actors F1", "actors", "f1"), ("recipients F1", "recipients", "f1"), ("place acc", "place", "accuracy"),
    ("date acc", "date", "accuracy"), ("modality acc", "modality", "accuracy"), ("killed acc", "killed", "accuracy"),
    ("doc actors F1", "doc_actors", "f1"), ("doc places F1", "doc_places", "f1"), ("sources F1", "sources", "f1"),
)


def referee(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("referee_score", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict_fold(docs: dict[str, Any], ids: list[str], stage: Any) -> dict[str, dict[str, Any]]:
    from rasd.output import report_to_dict
    from rasd.pipeline import to_report

    out = {}
    for doc_id in ids:
        pred = report_to_dict(to_report(stage(docs[doc_id])))
        pred["doc_id"] = doc_id
        out[doc_id] = pred
    return out


VARIANTS = ("rule", "merge", "rule+eventivity")  # the hand merge rule; the learned merge; the rule + eventivity filter


def cross_validate(golds: list[Any], docs: dict[str, Any], k: int,
                   docs_off: dict[str, Any] | None = None, held: list[float] | None = None,
                   chosen: list[float] | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Held-out predictions of every variant: {variant: {doc id: prediction}}. `docs`: the articles as the default
    pipeline reads them up to merging; `docs_off`: as a run without the eventivity filter does (premerge_docs with
    set_aside=False), for the variants without it (default: `docs`). `held`: each fold's eventivity threshold, in
    place of the one its training chooses (to compare two trees with the operating point held); `chosen` receives
    the thresholds used."""
    from dataclasses import replace

    from rasd.stages.incidents import MergeStage

    docs_off = docs if docs_off is None else docs_off
    preds: dict[str, dict[str, dict[str, Any]]] = {v: {} for v in VARIANTS}
    rows = eventivity_rows_for(golds, docs)  # labels do not depend on training: computed once
    for fold in range(k):
        ids = [g.doc_id for g in golds if fold_of(g.doc_id, k) == fold]
        rest = [g for g in golds if fold_of(g.doc_id, k) != fold]
        merge, events = train_both(rest, docs_off, rows=rows)
        if held is not None:
            events = replace(events, threshold=held[fold])
        if chosen is not None:
            chosen.append(events.threshold)
        print(f"fold {fold}: {len(ids)} held out; thresholds: merge {merge.threshold}, eventivity "
              f"{events.threshold}{' (held)' if held is not None else ''}", file=sys.stderr)
        rule = MergeStage(rule=True, filter_events=False)
        learned = MergeStage(model=merge, rule=False, filter_events=False)
        filtered = MergeStage(eventivity=events, rule=True, filter_events=True)
        for variant, stage, read in (("rule", rule, docs_off), ("merge", learned, docs_off),
                                     ("rule+eventivity", filtered, docs)):
            preds[variant].update(predict_fold(read, ids, stage))
    return preds


def figures(result: dict[str, Any], fragments: tuple[int, int, int]) -> dict[str, float]:
    """The referee's figures (`result`) by FIGURES label, and the shares of predictions that are fragments and that are
    fragments the referee's rule would pair (`fragments`: fragments, predictions, pairable fragments)."""
    out = {}
    for label, head, field in FIGURES:
        if head == "fragments":
            part = fragments[2] if field == "pairable" else fragments[0]
            out[label] = part / fragments[1] if fragments[1] else 0.0
        else:
            out[label] = float((result.get(head) or {}).get(field, 0.0))
    return out


def per_document(gold: dict[str, Any], preds: dict[str, Any]) -> list[tuple[Any, tuple[int, int, int]]]:
    """Per document, the referee's tally and (fragments, predictions, pairable fragments)."""
    from rasd.evaluate import document_tally
    from rasd.evaluate_errors import document_errors

    rows = []
    for doc_id, g in gold.items():
        p = preds.get(doc_id, {})
        errs = document_errors({"doc_id": doc_id, **g}, p)
        pairable = sum(1 for e in errs["fragmented"] if e["pairable"])
        rows.append((document_tally(g, p), (len(errs["fragmented"]), errs["predicted"], pairable)))
    return rows


def summed(rows: list[tuple[Any, tuple[int, int, int]]]) -> dict[str, float]:
    from rasd.evaluate import combine

    frag = (sum(r[1][0] for r in rows), sum(r[1][1] for r in rows), sum(r[1][2] for r in rows))
    return figures(combine([r[0] for r in rows]), frag)


Intervals = dict[str, dict[str, tuple[float, float]]]


def bootstrap(variants: dict[str, list[Any]], n: int, seed: int = 20261203) -> Intervals:
    """95% percentile intervals per variant and figure, and of each variant's difference from the rule (same
    resamples: a paired bootstrap) when "rule" is among the variants."""
    rng = random.Random(seed)
    size = len(next(iter(variants.values())))
    paired = "rule" in variants
    names = [*variants, *(f"{v} - rule" for v in variants if v != "rule" and paired)]
    draws: dict[str, dict[str, list[float]]] = {v: {} for v in names}
    for _ in range(n):
        idx = [rng.randrange(size) for _ in range(size)]
        got = {v: summed([rows[i] for i in idx]) for v, rows in variants.items()}
        for v in variants:
            if v != "rule" and paired:
                got[f"{v} - rule"] = {f: got[v][f] - got["rule"][f] for f in got[v]}
        for v, figs in got.items():
            for f, x in figs.items():
                draws[v].setdefault(f, []).append(x)
    out: Intervals = {}
    for v, figs in draws.items():
        out[v] = {}
        for f, xs in figs.items():
            xs.sort()
            out[v][f] = (xs[int(0.025 * (n - 1))], xs[int(0.975 * (n - 1))])
    return out


# by annotator set: the figures the default variant's held-out predictions carry (parties and modality there are the
# hand rules', cross-validated by their own scripts)
ORIGIN_FIGURES = ("event F1", "event P", "event R", "fragmented share", "pairable fragments", "place acc", "date acc",
                  "killed acc")


def by_origin(golds: list[Any], rows: list[Any], boot: int) -> dict[str, dict[str, Any]]:
    """Per annotator set (GoldDoc.origin), the figures of its documents' rows (`rows`: per_document's, in the order
    of `golds`) with bootstrap intervals over that set's documents."""
    out: dict[str, dict[str, Any]] = {}
    for origin in dict.fromkeys(g.origin for g in golds):
        mine = [r for g, r in zip(golds, rows, strict=True) if g.origin == origin]
        out[origin] = {"articles": len(mine), "figures": summed(mine),
                       "interval95": bootstrap({origin: mine}, boot)[origin]}
    return out


def stage_setup(description: str, stage: str, cached_docs: Any) -> tuple[Any, Any, list[Any], dict[str, Any]]:
    """The common start of a learned stage's cross-validation: options (with --cache), the referee, the gold and
    the pipeline's documents before `stage`: (args, referee, golds, docs)."""
    from train_merge import load_gold

    ap = arguments(description, boot=500)
    ap.add_argument("--cache", type=Path, help="keep the pipeline's documents in this pickle between runs (a "
                    f"development convenience; delete it when the code before the {stage} stage changes)")
    args = ap.parse_args()
    ref = referee(args.shared)
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    return args, ref, golds, cached_docs(golds, args.cache)


def scored_report(ref: Any, gold: dict[str, Any], preds: dict[str, dict[str, Any]], k: int, boot: int,
                  **extra: Any) -> dict[str, Any]:
    """Each variant's held-out predictions scored by the referee, with bootstrap intervals over documents (paired
    for the "a - b" variants) and a heading printed: the common part of the learned stages' cross-validations."""
    rows = {v: per_document(gold, p) for v, p in preds.items()}
    report: dict[str, Any] = {"articles": len(gold), "k": k, "boot": boot, "variants": {}, **extra}
    for v, p in preds.items():
        report["variants"][v] = {"figures": figures(ref.score(gold, p), (0, 0, 0))}
    for v, iv in bootstrap(rows, boot).items():
        report["variants"].setdefault(v, {})["interval95"] = iv
    print(f"{k}-fold cross-validation over {len(gold)} articles; 95% bootstrap intervals over documents "
          f"({boot} resamples)")
    return report


def interval_cell(x: float, interval: tuple[float, float]) -> str:
    """A figure and its 95% interval as the tables print them: "0.541 (0.520-0.562)"."""
    return f"{x:.3f} ({interval[0]:.3f}-{interval[1]:.3f})"


def print_paired(report: dict[str, Any], labels: list[str] | tuple[str, ...], names: tuple[str, str]) -> None:
    """A Markdown table: each figure for the "rule" and "learned" variants and their paired difference."""
    print(f"| figure | {names[0]} | {names[1]} | learned - hand (paired) |")
    print("| --- | --- | --- | --- |")
    variants = report["variants"]
    for label in labels:
        cells = []
        for v in ("rule", "learned"):
            cells.append(interval_cell(variants[v]["figures"][label], variants[v]["interval95"][label]))
        lo, hi = variants["learned - rule"]["interval95"][label]
        diff = variants["learned"]["figures"][label] - variants["rule"]["figures"][label]
        cells.append(f"{diff:+.3f} ({lo:+.3f} to {hi:+.3f})")
        print(f"| {label} | " + " | ".join(cells) + " |")


def gsr_recall(shared: Path, ref: Any, merge: Any = None) -> float:
    """GSR ASSAULT+PROTEST recall of the default pipeline, its merge stage replaced by `merge` when given."""
    from dataclasses import replace

    from rasd.cli_eval import predict, read_inputs
    from rasd.pipeline import default_pipeline

    pipe = default_pipeline()
    if merge is not None:
        pipe = replace(pipe, stages=tuple(merge if s.name == "merge" else s for s in pipe.stages))
    preds = {str(p["doc_id"]): p for p in predict(read_inputs(shared / "eval" / "inputs" / "gsr.jsonl"), pipe)}
    return assault_protest_recall(ref.score(ref.load(str(shared / "eval" / "gold" / "gsr.jsonl")), preds))


def calibration_table(pairs: Iterable[tuple[float, int]], bands: int = 10) -> list[dict[str, Any]]:
    """Reliability of held-out probabilities: (probability, label) pairs by band of width 1/bands, each band's count,
    mean probability and share of labels 1 (None for an empty band)."""
    rows: list[list[tuple[float, int]]] = [[] for _ in range(bands)]
    for p, y in pairs:
        rows[min(bands - 1, int(p * bands))].append((p, y))
    return [{"band": f"{i / bands:.1f}-{(i + 1) / bands:.1f}", "events": len(r),
             "mean_probability": sum(p for p, _ in r) / len(r) if r else None,
             "matched": sum(y for _, y in r) / len(r) if r else None} for i, r in enumerate(rows)]


def calibration_error(table: list[dict[str, Any]]) -> float:
    """The expected calibration error of a calibration_table: the gap between each band's mean probability and its
    share of labels 1, weighted by the band's count."""
    n = sum(r["events"] for r in table)
    return sum(r["events"] * abs(r["mean_probability"] - r["matched"]) for r in table if r["events"]) / n if n else 0.0


def render_calibration(table: list[dict[str, Any]], label: str) -> str:
    """A calibration_table as Markdown, and its calibration_error; `label` names what the share counts."""
    lines = [f"| probability | n | mean probability | {label} |", "| --- | ---: | ---: | ---: |"]
    for r in table:
        if r["events"]:
            lines.append(f"| {r['band']} | {r['events']} | {r['mean_probability']:.3f} | {r['matched']:.3f} |")
    lines.append(f"expected calibration error {calibration_error(table):.3f}")
    return "\n".join(lines)


def assault_protest_recall(scored: dict[str, Any]) -> float:
    """The recall of gold ASSAULT and PROTEST events together, from the referee's per-type figures."""
    per_type = scored["per_type"]
    tp = sum(per_type.get(t, {}).get("tp", 0) for t in ("ASSAULT", "PROTEST"))
    n = sum(per_type.get(t, {}).get("gold", 0) for t in ("ASSAULT", "PROTEST"))
    return tp / n if n else 0.0


def gsr_gold(shared: Path, ref: Any) -> tuple[list[Any], Any]:
    """The GSR sentences as gold documents for a pipeline run (no gold of their own here) and the GSR gold."""
    from train_merge import GoldDoc, _jsonl

    records = list(_jsonl(shared / "eval" / "inputs" / "gsr.jsonl"))
    golds = [GoldDoc(str(r.get("id") or r.get("doc_id")), {}, r, "gsr") for r in records]
    return golds, ref.load(str(shared / "eval" / "gold" / "gsr.jsonl"))


def arguments(description: str, boot: int) -> argparse.ArgumentParser:
    """The options every cross-validation script shares (gold, folds, bootstrap, output)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--boot", type=int, default=boot, help="bootstrap resamples")
    ap.add_argument("--json", type=Path, help="also write every figure and interval here")
    ap.add_argument("--no-annotations", action="store_true", help="dev and train only")
    ap.add_argument("--annotations", type=Path, default=EVENTS_DIR, help="folder of annotation files")
    ap.add_argument("--no-gsr", action="store_true", help="skip the GSR recall run")
    ap.add_argument("--hold-thresholds", type=Path, metavar="JSON", help="a --json report of an earlier run: each "
                    "fold's eventivity threshold is held at that run's (scripts/crossval.py only), so that a change is "
                    "compared with the operating point fixed; the one-standard-error rule's choice can flip between "
                    "neighbouring thresholds on a flat F1 curve and move precision and recall by itself")
    ap.add_argument("--event-rules", action="store_true", help="turn on the issue-10 event rules (off by default: "
                    "COMPLEMENTS, MERGE_ACCOUNTS, RESOLVED_CONFLICTS in rasd.stages.events)")
    return ap


EVENT_RULES = ("COMPLEMENTS", "MERGE_ACCOUNTS", "RESOLVED_CONFLICTS")


def set_event_rules(on: bool) -> None:
    """Turn the issue-10 event rules of rasd.stages.events on or off (module constants, read at each call)."""
    from rasd.stages import events

    for name in EVENT_RULES:
        setattr(events, name, on)


def held_thresholds(path: Path, k: int) -> list[float]:
    """Each fold's eventivity threshold recorded in an earlier run's --json report."""
    try:
        got = json.loads(path.read_text(encoding="utf-8")).get("eventivity_thresholds")
    except (OSError, ValueError) as e:
        raise SystemExit(f"crossval: --hold-thresholds {path}: cannot read it as a --json report ({e})") from e
    if not isinstance(got, list) or len(got) != k or not all(isinstance(t, (int, float)) for t in got):
        raise SystemExit(f"crossval: --hold-thresholds {path}: no eventivity_thresholds for {k} folds in it "
                         "(a report of scripts/crossval.py --json from stop 31 on)")
    return [float(t) for t in got]


def main() -> int:
    ap = arguments(__doc__.splitlines()[0], boot=1000)
    ap.add_argument("--predictions-out", type=Path, metavar="JSONL", help="write the default variant's held-out "
                    "predictions here (each fold's from models trained without it)")
    ap.add_argument("--gold-out", type=Path, metavar="JSONL", help="write the gold they are scored against here "
                    "(dev, train and the project's annotations, with their evidence text)")
    args = ap.parse_args()
    if args.event_rules:
        set_event_rules(True)

    ref = referee(args.shared)
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    origins: dict[str, int] = {}
    for g in golds:
        origins[g.origin] = origins.get(g.origin, 0) + 1
    docs = premerge_docs(golds)
    held = held_thresholds(args.hold_thresholds, args.k) if args.hold_thresholds else None
    chosen: list[float] = []
    preds = cross_validate(golds, docs, args.k, premerge_docs(golds, set_aside=False), held, chosen)
    gold = {g.doc_id: g.gold for g in golds}
    if args.predictions_out or args.gold_out:
        from rasd.cli_eval import write_predictions  # JSON Lines, as `rasd eval --predictions-out` writes them

        if args.predictions_out:
            write_predictions(args.predictions_out, [preds[VARIANTS[-1]][g.doc_id] for g in golds])
        if args.gold_out:
            write_predictions(args.gold_out, [{"doc_id": g.doc_id, **g.gold} for g in golds])

    report: dict[str, Any] = {"articles": len(golds), "by_set": origins, "k": args.k, "boot": args.boot,
                              "gold_events": sum(len(g.gold.get("events") or []) for g in golds), "variants": {},
                              "eventivity_thresholds": chosen, "thresholds_held": held is not None}
    rows = {v: per_document(gold, p) for v, p in preds.items()}
    for v, p in preds.items():
        official = ref.score(gold, p)
        mine = summed(rows[v])
        if abs(official["events"]["f1"] - mine["event F1"]) > 1e-9:
            raise SystemExit(f"rasd.evaluate and the referee disagree on {v}: {mine['event F1']} vs "
                             f"{official['events']['f1']}")
        own = {f: mine[f] for f in ("fragmented share", "pairable fragments")}
        report["variants"][v] = {"figures": figures(official, (0, 0, 0)) | own,
                                 "events": official["events"]}
    intervals = bootstrap(rows, args.boot)
    for v, iv in intervals.items():
        report["variants"].setdefault(v, {})["interval95"] = iv
    print(f"{args.k}-fold cross-validation over {len(golds)} articles {origins}, {report['gold_events']} gold events;"
          f" 95% bootstrap intervals over documents ({args.boot} resamples)")
    print("| figure | " + " | ".join(VARIANTS) + " | " + " | ".join(f"{v} - rule" for v in VARIANTS[1:]) + " |")
    print("| --- " * (2 * len(VARIANTS)) + "|")
    for label, _, _ in FIGURES:
        cells = []
        for v in VARIANTS:
            cells.append(interval_cell(report["variants"][v]["figures"][label],
                                       report["variants"][v]["interval95"][label]))
        for v in VARIANTS[1:]:
            lo, hi = report["variants"][f"{v} - rule"]["interval95"][label]
            diff = report["variants"][v]["figures"][label] - report["variants"]["rule"]["figures"][label]
            cells.append(f"{diff:+.3f} ({lo:+.3f} to {hi:+.3f})")
        print(f"| {label} | " + " | ".join(cells) + " |")
    report["by_origin"] = by_origin(golds, rows[VARIANTS[-1]], args.boot)
    print(f"\n{VARIANTS[-1]}, held out, by who annotated the articles (dev: the dev set's annotators; train: two other"
          " annotators; rasd: the project's own); 95% bootstrap intervals over each set's documents")
    print("| set | articles | " + " | ".join(ORIGIN_FIGURES) + " |")
    print("| --- | ---: " + "| --- " * len(ORIGIN_FIGURES) + "|")
    for origin, got in report["by_origin"].items():
        cells = [interval_cell(got["figures"][f], got["interval95"][f]) for f in ORIGIN_FIGURES]
        print(f"| {origin} | {got['articles']} | " + " | ".join(cells) + " |")
    sys.stdout.flush()
    if not args.no_gsr:
        from rasd.stages.incidents import MergeStage

        report["gsr_assault_protest_recall"] = gsr_recall(args.shared, ref)
        print(f"GSR ASSAULT+PROTEST recall (default pipeline, never trained on GSR): "
              f"{report['gsr_assault_protest_recall']:.3f}")
        _, events = train_both(golds, docs)
        for variant, stage in (("rule", MergeStage(rule=True, filter_events=False)),
                               ("rule+eventivity", MergeStage(eventivity=events, rule=True, filter_events=True))):
            report[f"gsr_assault_protest_recall_{variant}"] = got = gsr_recall(args.shared, ref, stage)
            print(f"GSR ASSAULT+PROTEST recall, {variant} (models trained on all {len(golds)} articles): {got:.3f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
