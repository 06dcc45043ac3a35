#!/usr/bin/env python3
"""Held-out false positives and misses of event extraction by class, for the default and with the eventivity filter.

    python scripts/eventivity_errors.py [--k 5] [--shared ../shared] [--examples 3]

Gold and folds as scripts/crossval.py. The default (hand merge rule) has nothing trained, so its predictions are
held out as they are; the filter of each fold is trained on the other folds (scripts/train_merge.py's
`train_both`). Each unpaired prediction gets the first class that fits, in this order: a fragment of an incident
already paired (by how it is told: toll, claim, someone's account, anaphora, headline, other), a wrong type (its
evidence is a gold event of another type), a duplicate, old background, an aim or plan, generic/habitual/statistic
words, an article with no gold event, a claim or statement, other. Each unpaired gold event: a candidate existed
before merging (lost in merging or dropped by the filter), found only with another type, no candidate.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval import arguments, set_event_rules
from train_merge import eventivity_rows_for, fold_of, load_gold, premerge_docs, train_both


def fp_class(doc: Any, ev: Any, pred: dict[str, Any], gold_doc: dict[str, Any], paired: set[int]) -> str:
    """The class of one unpaired prediction (see the module's docstring)."""
    from rasd.evaluate import pair_fit
    from rasd.evaluate_errors import fragment_of
    from rasd.evaluate_match import evidence_overlaps
    from rasd.stages.eventivity import _CLAIM, _HABITUAL, _MODAL, _STATISTIC
    from rasd.stages.events import _toll_only, is_anaphoric, is_purpose
    from rasd.text.normalise import norm

    golds = list(gold_doc.get("events") or [])
    text = norm(ev.evidence.text)
    pub = doc.article.published
    gap = (pub - ev.when.end).days if pub and ev.when and ev.when.span.text and ev.when.end else 0
    if fragment_of(pred, golds, paired, gold_doc) is not None:
        if _toll_only(ev):
            return "fragment: toll sentence or update"
        if _CLAIM.search(text):
            return "fragment: responsibility claim"
        if ev.modality in ("reported", "alleged") or ev.sources:
            return "fragment: someone's account"
        if all(t.pos == "noun" and is_anaphoric(doc, t) for t in ev.triggers):
            return "fragment: anaphoric mention"
        return "fragment: headline or lead" if ev.sentence == 0 else "fragment: other retelling"
    if any(g.get("type") != pred["type"] and evidence_overlaps(pred, g) for g in golds):
        return "wrong type"
    if any(pair_fit(pred, g, gold_doc) is not None for g in golds):
        return "duplicate of a gold event paired with a better prediction"
    if gap > 365:
        return "non-event: old background"
    if ev.modality == "future" or any(is_purpose(t, doc) for t in ev.triggers):
        return "non-event: aim, plan, future"
    if _HABITUAL.search(text) or _STATISTIC.search(text) or _MODAL.search(text):
        return "non-event: generic, habitual, statistic words"
    if not golds:
        return "article with no gold event"
    if ev.modality in ("reported", "alleged", "speculative", "denied"):
        return "non-event: claim or statement"
    return "other spurious"


def miss_class(premerged: Any, gold: dict[str, Any], gold_doc: dict[str, Any]) -> str:
    from rasd.evaluate import pair_fit
    from rasd.evaluate_match import evidence_overlaps
    from rasd.output import event_dict

    candidates = [event_dict(e) for e in premerged.events]
    if any(pair_fit(p, gold, gold_doc) is not None for p in candidates):
        return "a candidate existed (lost in merging or dropped by the filter)"
    if any(p["type"] != gold.get("type") and evidence_overlaps(p, gold) for p in candidates):
        return "found only with another type"
    return f"no candidate: {gold.get('type')}"


def tally(golds: list[Any], docs: dict[str, Any], stage_of: Any, examples: int) -> tuple[Counter[str], Counter[str],
                                                                                         int, dict[str, list[str]]]:
    from rasd.evaluate import pair_events
    from rasd.output import event_dict
    from rasd.pipeline import to_report

    fps: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    predicted = 0
    for g in golds:
        premerged = docs[g.doc_id]
        gold_doc = {"doc_id": g.doc_id, **g.gold}
        events = to_report(stage_of(g.doc_id)(premerged)).events  # what the filter sets aside is no event
        preds = [event_dict(e) for e in events]
        predicted += len(preds)
        gold_events = list(g.gold.get("events") or [])
        pairs = pair_events(preds, gold_events, gold_doc)
        paired = set(pairs.values())
        for i, (ev, pred) in enumerate(zip(events, preds, strict=True)):
            if i not in pairs:
                cls = fp_class(premerged, ev, pred, gold_doc, paired)
                fps[cls] += 1
                if len(shown.setdefault(cls, [])) < examples:
                    shown[cls].append(f"{g.doc_id} {ev.type}: {ev.evidence.text[:100]}")
        for j, gold in enumerate(gold_events):
            if j not in paired:
                misses[miss_class(premerged, gold, gold_doc)] += 1
    return fps, misses, predicted, shown


def main() -> int:
    ap = arguments(__doc__.splitlines()[0], boot=0)
    ap.add_argument("--examples", type=int, default=0, help="example evidence per class (article text: do not commit)")
    args = ap.parse_args()
    if args.event_rules:
        set_event_rules(True)
    from rasd.stages.incidents import MergeStage

    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    docs = premerge_docs(golds)
    rows = eventivity_rows_for(golds, docs)
    rule = MergeStage(rule=True, filter_events=False)
    filters = {}
    for fold in range(args.k):
        _, model = train_both([g for g in golds if fold_of(g.doc_id, args.k) != fold], docs, rows=rows)
        filters[fold] = MergeStage(rule=True, eventivity=model, filter_events=True)
    results = {"hand merge rule alone": tally(golds, docs, lambda _: rule, args.examples),
               "with the eventivity filter (held out)": tally(golds, docs,
                                                              lambda d: filters[fold_of(d, args.k)], args.examples)}
    names = list(results)
    print(f"{len(golds)} articles, {args.k} folds")
    for what, index in (("false positives", 0), ("misses", 1)):
        keys = sorted({k for r in results.values() for k in r[index]}, key=lambda k: -results[names[0]][index][k])
        print(f"\n| {what} by class | " + " | ".join(names) + " |")
        print("| --- |" + " ---: |" * len(names))
        print("| all | " + " | ".join(str(sum(r[index].values())) + (f" (of {r[2]} predicted)" if index == 0 else "")
                                      for r in results.values()) + " |")
        for k in keys:
            print(f"| {k} | " + " | ".join(str(r[index][k]) for r in results.values()) + " |")
    if args.examples:
        for name, r in results.items():
            print(f"\n{name}:")
            for cls, lines in r[3].items():
                print(f"  {cls}:")
                for line in lines:
                    print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
