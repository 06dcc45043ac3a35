#!/usr/bin/env python3
"""Why the hand merge rule kept each held-out fragment apart from the incident it belongs to, counted by reason.

    python scripts/fragment_reasons.py [--shared ../shared] [--examples 3] [--event-rules]

Gold as scripts/crossval.py; the default pipeline (hand merge rule, nothing trained, so every prediction is held out).
A fragment is an unpaired prediction that fits an already-paired gold event (rasd.evaluate_errors.fragment_of: same
type and overlapping evidence, the gold place, or its text date). Its reason is the first test of the hand rule
(rasd.stages.events.why_apart) that fails between it and the prediction paired with that gold event, taken in text
order; tables by reason, by how the fragment is told (toll, claim, someone's account, anaphora, headline/lead,
retelling), and by how it fits the gold event (evidence overlap, place only, date only).

The other side of the rule, what it joins: each mention the rule merges into an earlier incident
(rasd.stages.incidents.rule_merge_trace), by how it was joined (refers back, a toll, the same or next sentence, a
farther mention sharing a named party and place) and by what the annotators did with the two (each mention aligned to
a gold event by the referee's fit, rasd.stages.incidents_fit.align): one gold event (a fragment saved), two gold
events (one of them lost, unless the incident's other mentions pair it), a mention of no gold event (a non-event or
a retelling folded in), or an incident of no gold event so far.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval import arguments, set_event_rules
from train_merge import load_gold, premerge_docs


def told_as(doc: Any, ev: Any) -> str:
    """How a fragment tells its incident."""
    from rasd.stages.eventivity import _CLAIM
    from rasd.stages.events import _toll_only, is_anaphoric
    from rasd.text.normalise import norm

    if _toll_only(ev):
        return "toll sentence or update"
    if _CLAIM.search(norm(ev.evidence.text)):
        return "responsibility claim"
    if all(t.pos == "noun" and is_anaphoric(doc, t) for t in ev.triggers):
        return "anaphoric mention"
    if ev.modality in ("reported", "alleged") or ev.sources:
        return "someone's account"
    return "headline or lead" if ev.sentence == 0 else "other retelling"


def tally(golds: list[Any], docs: dict[str, Any], examples: int) -> tuple[dict[str, Counter[str]], int, list[str]]:
    from rasd.evaluate import pair_events
    from rasd.evaluate_errors import fragment_of
    from rasd.output import event_dict
    from rasd.stages.events import why_apart
    from rasd.stages.incidents import MergeStage

    stage = MergeStage(rule=True, filter_events=False)
    tables: dict[str, Counter[str]] = {"reason": Counter(), "told as": Counter(), "fits by": Counter(),
                                       "reason x told as": Counter(), "type": Counter()}
    shown: list[str] = []
    predicted = 0
    for g in golds:
        premerged = docs[g.doc_id]
        gold_doc = {"doc_id": g.doc_id, **g.gold}
        events = stage(premerged).events
        preds = [event_dict(e) for e in events]
        predicted += len(preds)
        gold_events = list(g.gold.get("events") or [])
        pairs = pair_events(preds, gold_events, gold_doc)
        paired_pred = {j: i for i, j in pairs.items()}
        for i, (ev, pred) in enumerate(zip(events, preds, strict=True)):
            if i in pairs:
                continue
            fits = fragment_of(pred, gold_events, paired_pred, gold_doc)
            if fits is None:
                continue
            found = events[paired_pred[fits[0]]]
            a, b = (found, ev) if found.sentence <= ev.sentence else (ev, found)
            reason = why_apart(a, b) or "compatible now (merged state or order)"
            how = told_as(premerged, ev)
            tables["reason"][reason] += 1
            tables["told as"][how] += 1
            tables["reason x told as"][f"{reason} / {how}"] += 1
            tables["fits by"][fits[1]] += 1
            tables["type"][ev.type] += 1
            if len(shown) < examples * 10:
                shown.append(f"{g.doc_id} {ev.type} [{reason}] s{a.sentence}: {a.evidence.text[:80]} || "
                             f"s{b.sentence}: {b.evidence.text[:80]}")
    return tables, predicted, shown


JOIN_OUTCOMES = ("one gold event", "two gold events", "mention of no gold event", "incident of no gold event")


def _join_outcome(mine: int | None, incident_golds: set[int]) -> str:
    """What the annotators did with a mention and the incident it joined (one of JOIN_OUTCOMES), from the gold event
    the mention aligns to and those its incident's earlier mentions align to."""
    if mine is None:
        return JOIN_OUTCOMES[2]
    if mine in incident_golds:
        return JOIN_OUTCOMES[0]
    return JOIN_OUTCOMES[3] if not incident_golds else JOIN_OUTCOMES[1]


def joins(golds: list[Any], docs: dict[str, Any]) -> Counter[tuple[str, str]]:
    """(how the rule joined a mention, what the annotators did with the two) for each mention it merged."""
    from rasd.stages.incidents import NEW, rule_merge_trace
    from rasd.stages.incidents_fit import align

    out: Counter[tuple[str, str]] = Counter()
    for g in golds:
        premerged = docs[g.doc_id]
        mentions = list(premerged.events)
        gold_of = align(mentions, {"doc_id": g.doc_id, **g.gold})
        _, trace = rule_merge_trace(mentions, premerged)
        members: dict[int, set[int]] = {}  # incident -> the gold events of its mentions so far
        for k, (incident, how) in enumerate(trace):
            golds_so_far = members.setdefault(incident, set())
            if how != NEW:
                out[(how, _join_outcome(gold_of[k], golds_so_far))] += 1
            if gold_of[k] is not None:
                golds_so_far.add(gold_of[k])
    return out


def main() -> int:
    ap = arguments(__doc__.splitlines()[0], boot=0)
    ap.add_argument("--examples", type=int, default=0, help="example pairs (article text: do not commit)")
    args = ap.parse_args()
    if args.event_rules:
        set_event_rules(True)
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    docs = premerge_docs(golds)
    tables, predicted, shown = tally(golds, docs, args.examples)
    total = sum(tables["reason"].values())
    print(f"{len(golds)} articles; {predicted} predicted events; {total} fragments ({total / max(predicted, 1):.1%})")
    for name, counts in tables.items():
        print(f"\n| fragments by {name} | n |\n| --- | ---: |")
        for key, n in counts.most_common(25 if name == "reason x told as" else None):
            print(f"| {key} | {n} |")
    for line in shown:
        print(line)
    from rasd.stages.incidents import JOINS

    joined = joins(golds, docs)
    print("\n| the rule joined a mention by | " + " | ".join(JOIN_OUTCOMES) + " |")
    print("| --- |" + " ---: |" * len(JOIN_OUTCOMES))
    for how in JOINS:
        print(f"| {how} | " + " | ".join(str(joined[(how, o)]) for o in JOIN_OUTCOMES) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
