"""Error analysis by class: per document, the missed, spurious and fragmented events with their evidence, and the
argument errors of paired events, built on the referee's pairing (`rasd.evaluate.pair_events`).

A *fragment* is an unpaired prediction that fits a gold event already paired with another prediction: same type and
overlapping evidence, or the same place, or a date from the text that matches (one incident told as several events;
`fits` says which, one of FITS). A fragment is `pairable` when the referee's own rule (`rasd.evaluate.pair_fit`:
same type, and overlapping evidence or the same date and place) would pair it with one of the paired gold events, a
narrower reading of "fits". Every other unpaired prediction is *spurious*; every unpaired gold event is *missed*,
with where it was lost (its `cause`, one of MISSED_CAUSES, see `missed_causes`): set aside by the eventivity filter,
told inside an event that pairs with another gold event, merged into an event of its type whose evidence is
elsewhere, read as another type, or no prediction over its evidence at all. The summary counts each class by event
type, the missed by cause and type, and the fragments by fit and how many are pairable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from rasd.evaluate import COUNT_FIELDS, pair_events, pair_fit
from rasd.evaluate_match import (
    counts_match,
    dates_match,
    evidence_overlaps,
    evidence_text,
    is_run_of,
    name_tokens,
    places_match,
)

Doc = Mapping[str, Any]
EVIDENCE_CHARS = 160  # evidence shown per event in the text report


def _gold_place(gold_doc: Doc, gold_event: Doc) -> Any:
    key = gold_event.get("place")
    return (gold_doc.get("places") or {}).get(key) if key else None


def _text_date(pred: Doc) -> bool:
    """Whether a predicted date comes from words of the text (not the publication-week fallback)."""
    date = pred.get("date")
    return isinstance(date, str) or (isinstance(date, Mapping) and bool(date.get("text")))


# How a fragment tells the incident of the gold event it fits, strongest first: its evidence overlaps the gold
# event's; only its place is the gold event's; only a date from its text matches. Most held-out fragments fit by place
# or date alone: another event of the type at the same place or on the same day, which the annotators did not code
# apart, more often than the same words told again.
EVIDENCE_FIT = "evidence overlaps"
PLACE_FIT = "same place only"
DATE_FIT = "same text date only"
FITS = (EVIDENCE_FIT, PLACE_FIT, DATE_FIT)


def fit_kind(pred: Doc, gold: Doc, gold_doc: Doc) -> str | None:
    """How a prediction tells the incident of a gold event (one of FITS): same type and overlapping evidence, the same
    place, or a text date that matches; None when it tells another."""
    if pred.get("type") != gold.get("type"):
        return None
    if evidence_overlaps(pred, gold):
        return EVIDENCE_FIT
    gold_place = _gold_place(gold_doc, gold)
    if gold_place is not None and places_match(pred.get("place"), gold_place):
        return PLACE_FIT
    if bool(gold.get("date")) and _text_date(pred) and dates_match(pred.get("date"), gold.get("date")):
        return DATE_FIT
    return None


def fragment_of(pred: Doc, golds: list[Doc], paired: Iterable[int], gold_doc: Doc) -> tuple[int, str] | None:
    """(gold event, fit) for an unpaired prediction that fits one of the `paired` gold events (indices into
    `golds`): the one it fits most strongly (FITS order), the first of those; None when it fits none (spurious)."""
    fits = [(FITS.index(kind), j) for j in paired if (kind := fit_kind(pred, golds[j], gold_doc)) is not None]
    if not fits:
        return None
    rank, j = min(fits)
    return j, FITS[rank]


SET_ASIDE = "set aside by the filter"
SHARED = "inside an event that pairs with another"
MERGED = "merged into an event told elsewhere"
OTHER_TYPE = "read as another type"
NOTHING = "no prediction over its evidence"
MISSED_CAUSES = (SET_ASIDE, SHARED, MERGED, OTHER_TYPE, NOTHING)
MERGED_MIN_CHARS = 4  # shorter trigger words ("قتل" aside) are too common to say where a mention went


def _outside_evidence(trigger: Mapping[str, Any], event: Doc) -> bool:
    """Whether a trigger stands outside its event's evidence span (True when either has no offsets)."""
    evidence = event.get("evidence")
    start = trigger.get("start")
    if not isinstance(evidence, Mapping) or not isinstance(start, int):
        return True
    low, high = evidence.get("start"), evidence.get("end")
    return not (isinstance(low, int) and isinstance(high, int) and low <= start < high)


def merged_elsewhere(events: Iterable[Doc], gold: Doc) -> bool:
    """Whether an event of the gold event's type has a trigger, outside its own evidence, whose words stand in the
    gold evidence: the mention was found and merged into an incident told in other words (the hand merge rule, or a
    toll joined to its attack). By words, as the gold gives its evidence as text, not offsets: the same word told
    twice in the article can pass for it."""
    gold_words = name_tokens(evidence_text(gold))
    for event in events:
        if event.get("type") != gold.get("type"):
            continue
        for trigger in event.get("triggers") or ():
            if not isinstance(trigger, Mapping) or not _outside_evidence(trigger, event):
                continue
            text = trigger.get("text")
            if text and len(str(text)) >= MERGED_MIN_CHARS and is_run_of(gold_words, name_tokens(text)):
                return True
    return False


def missed_causes(preds: list[Doc], aside: list[Doc], golds: list[Doc], gold_doc: Doc,
                  missed: list[int]) -> dict[int, str]:
    """Where each missed gold event (an index into `golds`) was lost, one of MISSED_CAUSES: an event the eventivity
    filter set aside (`aside`, a report's `set_aside`) pairs with it as the referee would pair them; an event of its
    type, kept or set aside, is over its evidence but pairs with another gold event (two incidents told as one);
    a trigger of an event of its type stands in its evidence, the event told by other words (`merged_elsewhere`);
    only events of other types are over its evidence; or none is (no trigger there)."""
    by_aside = {missed[j] for j in pair_events(aside, [golds[j] for j in missed], gold_doc).values()}
    out = {}
    for j in missed:
        if j in by_aside:
            out[j] = SET_ASIDE
            continue
        over = [p for p in (*preds, *aside) if evidence_overlaps(p, golds[j])]
        if any(p.get("type") == golds[j].get("type") for p in over):
            out[j] = SHARED
        elif merged_elsewhere((*preds, *aside), golds[j]):
            out[j] = MERGED
        else:
            out[j] = OTHER_TYPE if over else NOTHING
    return out


def _brief(event: Doc) -> dict[str, Any]:
    text = str(evidence_text(event))
    place = event.get("place")
    place_name = place.get("name") if isinstance(place, Mapping) else place
    return {"type": event.get("type"), "evidence": text[:EVIDENCE_CHARS] + ("…" if len(text) > EVIDENCE_CHARS else ""),
            "place": place_name}


def _argument_errors(pred: Doc, gold: Doc, gold_doc: Doc) -> list[str]:
    wrong = []
    gold_place = _gold_place(gold_doc, gold)
    if gold_place is not None and not places_match(pred.get("place"), gold_place):
        wrong.append("place")
    if gold.get("date") and not dates_match(pred.get("date"), gold.get("date")):
        wrong.append("date")
    for field in COUNT_FIELDS:
        if gold.get(field) is not None and not counts_match(pred.get(field), gold.get(field)):
            wrong.append(field)
    if gold.get("modality") and pred.get("modality") != gold.get("modality"):
        wrong.append(f"modality ({pred.get('modality')} for {gold.get('modality')})")
    return wrong


def document_errors(gold_doc: Doc, pred_doc: Doc) -> dict[str, Any]:
    """One document's errors: missed, spurious and fragmented events, and wrong arguments of paired ones."""
    preds = [e for e in (pred_doc.get("events") or []) if isinstance(e, Mapping)]
    golds = list(gold_doc.get("events") or [])
    pairs = pair_events(preds, golds, gold_doc)
    paired_gold = set(pairs.values())
    unpaired = [j for j in range(len(golds)) if j not in paired_gold]
    aside = [e for e in (pred_doc.get("set_aside") or []) if isinstance(e, Mapping)]
    causes = missed_causes(preds, aside, golds, gold_doc, unpaired)
    missed = [{**_brief(golds[j]), "cause": causes[j]} for j in unpaired]
    spurious, fragments = [], []
    for i, pred in enumerate(preds):
        if i in pairs:
            continue
        found = fragment_of(pred, golds, paired_gold, gold_doc)
        if found is None:
            spurious.append(_brief(pred))
        else:
            pairable = any(pair_fit(pred, golds[j], gold_doc) is not None for j in paired_gold)
            fragments.append({**_brief(pred), "of": _brief(golds[found[0]]), "fits": found[1],
                              "pairable": pairable})
    arguments = []
    for i, j in sorted(pairs.items()):
        wrong = _argument_errors(preds[i], golds[j], gold_doc)
        if wrong:
            arguments.append({**_brief(preds[i]), "wrong": wrong})
    return {"doc_id": gold_doc.get("doc_id"), "predicted": len(preds), "gold": len(golds), "paired": len(pairs),
            "missed": missed, "spurious": spurious, "fragmented": fragments, "arguments": arguments}


def error_report(gold_docs: Mapping[str, Doc], pred_docs: Mapping[str, Doc]) -> dict[str, Any]:
    """Errors of every document and a summary by class (and by event type within each class)."""
    docs = [document_errors({"doc_id": doc_id, **gold}, pred_docs.get(doc_id, {}))
            for doc_id, gold in gold_docs.items()]
    summary: dict[str, Any] = {}
    predicted = sum(d["predicted"] for d in docs)
    for cls in ("missed", "spurious", "fragmented"):
        by_type = Counter(str(e["type"]) for d in docs for e in d[cls])
        summary[cls] = {"n": sum(by_type.values()), "by_type": dict(by_type.most_common())}
    summary["fragmented"]["share_of_predictions"] = summary["fragmented"]["n"] / predicted if predicted else 0.0
    pairable = sum(1 for d in docs for e in d["fragmented"] if e["pairable"])
    summary["fragmented"]["pairable"] = pairable
    summary["fragmented"]["pairable_share_of_predictions"] = pairable / predicted if predicted else 0.0
    causes = Counter(str(e["cause"]) for d in docs for e in d["missed"])
    summary["missed"]["by_cause"] = {c: causes[c] for c in MISSED_CAUSES if causes[c]}
    by_cause_type = Counter((str(e["cause"]), str(e["type"])) for d in docs for e in d["missed"])
    summary["missed"]["by_cause_and_type"] = {
        c: {t: n for (cc, t), n in by_cause_type.most_common() if cc == c} for c in MISSED_CAUSES if causes[c]}
    fits = Counter(str(e["fits"]) for d in docs for e in d["fragmented"])
    summary["fragmented"]["by_fit"] = {f: fits[f] for f in FITS if fits[f]}
    wrong = Counter(w.split(" ")[0] for d in docs for e in d["arguments"] for w in e["wrong"])
    summary["argument_errors"] = dict(wrong.most_common())
    summary["predicted"] = predicted
    summary["gold"] = sum(d["gold"] for d in docs)
    return {"summary": summary, "documents": [d for d in docs if d["missed"] or d["spurious"] or d["fragmented"]
                                              or d["arguments"]]}


TOP_TYPES = 3  # event types shown beside each cause of the missed events in the text report


def _top(by_type: Mapping[str, int]) -> str:
    """The commonest event types of one class of errors, as "ASSAULT 200, CONSULT 53, …"."""
    shown = ", ".join(f"{t} {n}" for t, n in list(by_type.items())[:TOP_TYPES])
    return shown + (", …" if len(by_type) > TOP_TYPES else "")


def render_errors(report: Mapping[str, Any]) -> str:
    """The error report as text: the summary by class, then each document's errors with their evidence."""
    s = report["summary"]
    lines = [f"errors over {s['predicted']} predicted and {s['gold']} gold events:"]
    for cls in ("missed", "spurious", "fragmented"):
        types = ", ".join(f"{t} {n}" for t, n in s[cls]["by_type"].items())
        extra = f" ({s[cls]['share_of_predictions']:.1%} of predictions)" if cls == "fragmented" else ""
        lines.append(f"  {cls:<11} {s[cls]['n']:>4}{extra}  {types}")
        if cls == "missed" and s[cls].get("by_cause"):
            lines.append(f"  {'':<11}       lost: " + "; ".join(
                f"{c} {n} ({_top(s[cls]['by_cause_and_type'][c])})" for c, n in s[cls]["by_cause"].items()))
        if cls == "fragmented" and s[cls].get("by_fit"):
            lines.append(f"  {'':<11}       fit the gold event by: "
                         + ", ".join(f"{f} {n}" for f, n in s[cls]["by_fit"].items()))
            lines.append(f"  {'':<11}       the referee's rule would pair {s[cls]['pairable']} of them with a paired "
                         f"gold event ({s[cls]['pairable_share_of_predictions']:.1%} of predictions)")
    lines.append("  wrong arguments of paired events: "
                 + (", ".join(f"{k} {n}" for k, n in s["argument_errors"].items()) or "none"))
    for d in report["documents"]:
        lines.append("")
        lines.append(f"{d['doc_id']}: {d['paired']} paired of {d['predicted']} predicted, {d['gold']} gold")
        for cls in ("missed", "spurious", "fragmented"):
            for e in d[cls]:
                lines.append(f"  {cls:<10} {e['type']:<9} {e['evidence']}")
                if cls == "missed":
                    lines.append(f"  {'':<10} {'lost':<9} {e['cause']}")
                if cls == "fragmented":
                    pairs = "; pairable by the referee's rule" if e["pairable"] else ""
                    lines.append(f"  {'':<10} {'of':<9} {e['of']['evidence']} ({e['fits']}{pairs})")
        for e in d["arguments"]:
            lines.append(f"  {'argument':<10} {e['type']:<9} wrong {', '.join(e['wrong'])}: {e['evidence']}")
    return "\n".join(lines)
