"""Training the incident-merging model: labelled pairs from gold by the referee's fit, and a logistic regression.

Labels: each event before merging is aligned to the gold event it fits best (the referee's `_fit`: same type, and
overlapping evidence or matching date and place; more shared arguments fit better), many to one. The events are then
merged in text order as the model would see them, each joining the incident that holds its gold event (an oracle);
every candidate pair met on the way is an example, positive when both tell the same gold event, negative when they
tell different ones, left out when either fits none. Training is deterministic (Newton's method on an L2-penalised
log-likelihood) and takes seconds on CPU; numpy is needed only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rasd.doc import Doc
from rasd.evaluate import _fit
from rasd.model import Event
from rasd.output import event_dict
from rasd.stages.events import _merge
from rasd.stages.incidents import FEATURES, MERGE_WINDOW, pair_features
from rasd.stages.logistic import LogisticModel

Example = tuple[list[float], int]
L2 = 1.0  # penalty on the weights (not the bias), in units of one example's log-likelihood


def align(events: Sequence[Event], gold_doc: Mapping[str, Any]) -> list[int | None]:
    """For each event, the index of the gold event it fits best, or None."""
    golds = list(gold_doc.get("events") or [])
    out: list[int | None] = []
    for ev in events:
        pred = event_dict(ev)
        fits = [(f, -j) for j, g in enumerate(golds) if (f := _fit(pred, g, gold_doc)) is not None]
        out.append(-max(fits)[1] if fits else None)
    return out


def pair_examples(doc: Doc, events: Sequence[Event], gold_doc: Mapping[str, Any]) -> list[Example]:
    """Labelled candidate pairs of one article's events before merging (see the module's docstring)."""
    gold_of = align(events, gold_doc)
    kept: list[tuple[Event, int | None]] = []
    examples: list[Example] = []
    for ev, g in zip(events, gold_of, strict=True):
        target = -1
        first = max(0, len(kept) - MERGE_WINDOW)
        for i in range(first, len(kept)):
            prev, pg = kept[i]
            if prev.type != ev.type or ("abduct" in prev.modes) != ("abduct" in ev.modes):
                continue
            if g is not None or pg is not None:
                # a mention of no gold event joining a found incident only removes a spurious event (1); a found
                # event joining one that fits no gold event is lost with it (0)
                label = int(pg is not None and g in (pg, None))
                examples.append((pair_features(doc, prev, ev, len(kept) - 1 - i), label))
            if g is not None and pg == g:
                target = i
        if target >= 0:
            kept[target] = (_merge(kept[target][0], ev), g)
        else:
            kept.append((ev, g))
    return examples


def fit_logistic(examples: Iterable[Example], l2: float = L2, iterations: int = 50) -> list[float]:
    """Weights of an L2-penalised logistic regression (bias first, unpenalised), by Newton's method."""
    import numpy as np

    rows = list(examples)
    if not rows:
        raise ValueError("no training pairs")
    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 1e-6
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return [float(v) for v in w]


def train_model(examples: Sequence[Example], meta: dict[str, Any] | None = None, l2: float = L2,
                features: Sequence[str] = FEATURES) -> LogisticModel:
    weights = fit_logistic(examples, l2)
    positives = sum(label for _, label in examples)
    info = {"examples": len(examples), "positive_examples": positives, "l2": l2, **(meta or {})}
    return LogisticModel(features=tuple(features), weights=tuple(weights), threshold=0.5, meta=info)





MERGE_THRESHOLDS = (0.5, 0.65, 0.8)
EVENTIVITY_THRESHOLDS = (0.25, 0.4, 0.55)


def event_examples(doc: Doc, events: Sequence[Event], gold_doc: Mapping[str, Any]) -> list[Example]:
    """Each candidate event, labelled 1 when it fits a gold event (a specific happening the annotators kept)."""
    from rasd.stages.eventivity import event_features

    return [(event_features(doc, ev, events), int(g is not None))
            for ev, g in zip(events, align(events, gold_doc), strict=True)]


def _train_f1(stage: Any, docs: Sequence[Doc], golds: Sequence[Mapping[str, Any]]) -> float:
    from rasd.evaluate import document_tally

    tp = fp = fn = 0
    for d, g in zip(docs, golds, strict=True):  # events alone: the document-level lists do not count here
        events = document_tally(g, {"events": [event_dict(e) for e in stage(d).events]}).events
        tp, fp, fn = tp + events["tp"], fp + events["fp"], fn + events["fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose_thresholds(merge: LogisticModel, eventivity: LogisticModel | None, docs: Sequence[Doc],
                      golds: Sequence[Mapping[str, Any]]) -> tuple[LogisticModel, LogisticModel | None]:
    """Thresholds that give the best event F1 on the training articles, eventivity first, then merging: a wrong
    merge costs a found event while a right one only removes a spurious one, so 0.5 is seldom best."""
    from dataclasses import replace

    from rasd.stages.incidents import MergeStage

    def best(candidates: Sequence[float], make: Any) -> tuple[float, float]:
        top = (-1.0, candidates[0])
        for t in candidates:
            f1 = _train_f1(make(t), docs, golds)
            if f1 > top[0] + 1e-9:
                top = (f1, t)
        return top

    if eventivity is not None:
        f1, t = best(EVENTIVITY_THRESHOLDS,
                     lambda t: MergeStage(model=merge, eventivity=replace(eventivity, threshold=t), rule=False,
                                          filter_events=True))
        eventivity = replace(eventivity, threshold=t, meta={**eventivity.meta, "threshold_train_f1": round(f1, 4)})
    f1, t = best(MERGE_THRESHOLDS, lambda t: MergeStage(model=replace(merge, threshold=t), eventivity=eventivity,
                                                        rule=False, filter_events=eventivity is not None))
    merge = replace(merge, threshold=t, meta={**merge.meta, "threshold_train_f1": round(f1, 4)})
    return merge, eventivity


__all__ = ["FEATURES", "align", "choose_thresholds", "event_examples", "fit_logistic", "pair_examples", "train_model"]
