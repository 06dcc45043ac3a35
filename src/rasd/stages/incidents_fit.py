"""Training the incident-merging and eventivity models: examples labelled from gold by the referee, and logistic
regressions.

Merging: each event before merging is aligned to the gold event it fits best (the referee's rule,
`rasd.evaluate.pair_fit`: same type, and overlapping evidence or matching date and place; more shared arguments fit
better), many to one. The events are then
merged in text order as the model would see them, each joining the incident that holds its gold event (an oracle);
every candidate pair met on the way is an example, positive when both tell the same gold event, negative when they
tell different ones, left out when either fits none. Eventivity: each event after merging is an example, positive
when the referee pairs it with a gold event (a fragment of an incident already paired, a non-event or a wrong type
is negative); the threshold comes from an inner cross-validation for event F1. Training is deterministic (Newton's
method on an L2-penalised log-likelihood) and takes seconds on CPU; numpy is needed only here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from rasd.doc import Doc
from rasd.evaluate import pair_fit
from rasd.model import Event
from rasd.output import event_dict
from rasd.stages.events import _merge
from rasd.stages.incidents import FEATURES, MERGE_WINDOW, pair_features
from rasd.stages.logistic import LogisticModel, logit

Example = tuple[list[float], int]
E = TypeVar("E")  # a training example (out_of_fold)
R = TypeVar("R")  # what scoring one gives
L2 = 1.0  # penalty on the weights (not the bias), in units of one example's log-likelihood


def align(events: Sequence[Event], gold_doc: Mapping[str, Any]) -> list[int | None]:
    """For each event, the index of the gold event it fits best, or None."""
    golds = list(gold_doc.get("events") or [])
    out: list[int | None] = []
    for ev in events:
        pred = event_dict(ev)
        fits = [(f, -j) for j, g in enumerate(golds) if (f := pair_fit(pred, g, gold_doc)) is not None]
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


def fit_logistic(examples: Iterable[Example], l2: float = L2, iterations: int = 50,
                 tail: tuple[int, float] | None = None) -> list[float]:
    """Weights of an L2-penalised logistic regression (bias first, unpenalised), by Newton's method. `tail`: (n, l2')
    penalises the weights of the features from the n-th on by l2' instead."""
    import numpy as np

    rows = list(examples)
    if not rows:
        raise ValueError("no training pairs")
    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    if tail is not None:
        penalty[tail[0]:] = tail[1]
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


def fit_calibration(pairs: Sequence[tuple[float, int]]) -> tuple[float, float]:
    """Platt scaling: the (intercept, slope) of a logistic regression of the labels on the probabilities' logits;
    (0, 1), no change, when the pairs hold one label only."""
    if len({y for _, y in pairs}) < 2:
        return (0.0, 1.0)
    rows = [([1.0, logit(p)], y) for p, y in pairs]
    a, b = fit_logistic(rows, 1e-3)
    return (round(a, 6), round(b, 6))


def train_model(examples: Sequence[Example], meta: dict[str, Any] | None = None, l2: float = L2,
                features: Sequence[str] = FEATURES, tail: tuple[int, float] | None = None) -> LogisticModel:
    weights = fit_logistic(examples, l2, tail=tail)
    positives = sum(label for _, label in examples)
    info = {"examples": len(examples), "positive_examples": positives, "l2": l2,
            **({"tail_l2": tail[1]} if tail else {}), **(meta or {})}
    return LogisticModel(features=tuple(features), weights=tuple(weights), threshold=0.5, meta=info)



MERGE_THRESHOLDS = (0.5, 0.65, 0.8)
# Steps of 0.025 (0.05 until stop 30): when noise moves the one-standard-error choice to a neighbouring threshold, the
# filter's operating point moves half as far (cross-validated: event F1 +0.001, precision +0.010, +0.006 to +0.014).
EVENTIVITY_THRESHOLDS = tuple(round(0.025 * i, 3) for i in range(2, 37))  # 0.05, 0.075 ... 0.90
INNER_K = 4  # folds of the inner cross-validation that chooses the eventivity threshold
# per article: its merged events' labelled features, its number of gold events, each event's keys (event_keys)
Rows = dict[str, tuple[list[Example], int, list[tuple[str, ...]]]]


def _train_f1(stage: Any, docs: Sequence[Doc], golds: Sequence[Mapping[str, Any]]) -> float:
    from rasd.evaluate import document_tally

    tp = fp = fn = 0
    for d, g in zip(docs, golds, strict=True):  # events alone: the document-level lists do not count here
        events = document_tally(g, {"events": [event_dict(e) for e in stage(d).events]}).events
        tp, fp, fn = tp + events["tp"], fp + events["fp"], fn + events["fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose_merge_threshold(merge: LogisticModel, docs: Sequence[Doc],
                           golds: Sequence[Mapping[str, Any]]) -> LogisticModel:
    """The threshold of the merging model that gives the best event F1 on the training articles: a wrong merge
    costs a found event while a right one only removes a spurious one, so 0.5 is seldom best."""
    from dataclasses import replace

    from rasd.stages.incidents import MergeStage

    top = (-1.0, MERGE_THRESHOLDS[0])
    for t in MERGE_THRESHOLDS:
        f1 = _train_f1(MergeStage(model=replace(merge, threshold=t), rule=False, filter_events=False), docs, golds)
        if f1 > top[0] + 1e-9:
            top = (f1, t)
    return replace(merge, threshold=top[1], meta={**merge.meta, "threshold_train_f1": round(top[0], 4)})


def eventivity_rows(items: Mapping[str, tuple[Doc, Mapping[str, Any]]], stage: Any) -> Rows:
    """Per article ({id: (Doc run up to merging, gold record)}), its events as merged by `stage`, each labelled 1
    when the referee pairs it with a gold event (`rasd.evaluate.pair_events`), and its number of gold events."""
    from rasd.evaluate import pair_events
    from rasd.stages.eventivity import clause_words, event_features, event_keys, named_spans

    out = {}
    for key, (premerged, gold) in items.items():
        doc = stage(premerged)
        events = doc.events
        gold_events = list(gold.get("events") or [])
        pairs = pair_events([event_dict(e) for e in events], gold_events, {"doc_id": key, **gold})
        names = named_spans(doc)
        words = [clause_words(doc, ev, names) for ev in events]  # read by both the features and the keys
        out[key] = ([(event_features(doc, ev, events, w), int(i in pairs))
                     for i, (ev, w) in enumerate(zip(events, words, strict=True))],
                    len(gold_events), [event_keys(doc, ev, names, w) for ev, w in zip(events, words, strict=True)])
    return out


def _f1_at(scored: Sequence[tuple[float, int]], gold_events: int, t: float) -> float:
    """Event F1 when the events scoring below `t` are dropped."""
    tp = sum(label for p, label in scored if p >= t)
    kept = sum(1 for p, _ in scored if p >= t)
    return 2 * tp / (kept + gold_events) if tp else 0.0


def best_threshold(scored: Sequence[tuple[float, int]], gold_events: int) -> tuple[float, float]:
    """(F1, threshold): the threshold of EVENTIVITY_THRESHOLDS giving the best event F1 when the events scoring
    below it are dropped (`scored`: probability and label of each event; `gold_events`: how many there are)."""
    best = (-1.0, EVENTIVITY_THRESHOLDS[0])
    for t in EVENTIVITY_THRESHOLDS:
        f1 = _f1_at(scored, gold_events, t)
        if f1 > best[0] + 1e-9:
            best = (f1, t)
    return best


SE_RESAMPLES = 200  # bootstrap resamples of the inner cross-validation's articles for the F1's standard error


def one_se_threshold(by_doc: Sequence[tuple[Sequence[tuple[float, int]], int]], seed: int = 20261204
                     ) -> tuple[float, float, float]:
    """(F1, threshold, standard error): the highest threshold of EVENTIVITY_THRESHOLDS whose event F1 is within one
    standard error of the best one's (the one-standard-error rule), the error a bootstrap over articles (`by_doc`: each
    article's scored events and gold event count). On a flat stretch of the F1 curve the choice keeps fewer events,
    and noise in the fit no longer flips it between neighbouring thresholds."""
    import random
    import statistics

    scored = [x for events, _ in by_doc for x in events]
    gold = sum(n for _, n in by_doc)
    best_f1, best_t = best_threshold(scored, gold)
    rng = random.Random(seed)
    samples = []
    for _ in range(SE_RESAMPLES):
        pick = [by_doc[rng.randrange(len(by_doc))] for _ in by_doc]
        samples.append(_f1_at([x for events, _ in pick for x in events], sum(n for _, n in pick), best_t))
    se = statistics.stdev(samples)
    t = max(t for t in EVENTIVITY_THRESHOLDS if t >= best_t and _f1_at(scored, gold, t) >= best_f1 - se)
    return _f1_at(scored, gold, t), t, se


def inner_fold(doc_id: str, k: int) -> int:
    """A training article's fold in the inner cross-validation (a hash independent of the outer folds')."""
    import hashlib

    return int(hashlib.sha256(f"{doc_id}/inner".encode()).hexdigest(), 16) % k


def out_of_fold(examples: Sequence[E], article: Callable[[E], str],
                score: Callable[[Sequence[E], Sequence[E]], list[R]], k: int) -> list[R]:
    """`score(rest, held)` over the k inner folds by article (`inner_fold`) that have both: each example scored by a
    model trained without its article (the data a calibration of the shown probabilities is fitted on)."""
    out: list[R] = []
    for fold in range(k):
        rest = [e for e in examples if inner_fold(article(e), k) != fold]
        held = [e for e in examples if inner_fold(article(e), k) == fold]
        if rest and held:
            out += score(rest, held)
    return out


def train_eventivity(ids: Sequence[str], rows: Rows, meta: dict[str, Any] | None = None,
                     k: int = INNER_K) -> LogisticModel:
    """The eventivity model fitted on the articles `ids`; its threshold chosen by the one-standard-error rule
    (one_se_threshold) over the out-of-fold probabilities of an inner k-fold cross-validation on those articles
    alone."""
    from dataclasses import replace

    from rasd.stages import eventivity

    vocabulary = eventivity.key_vocabulary(keys for d in ids for keys in rows[d][2])
    features = (*eventivity.FEATURES, *(eventivity.TAIL + key for key in vocabulary))
    # the lemmas weigh as the features do (as before the clause words came); the many rare words are held closer to 0
    lemmas = sum(1 for key in vocabulary if key.startswith(eventivity.LEMMA_KEY))
    tail = (len(eventivity.FEATURES) + lemmas, eventivity.TAIL_L2)

    def examples(some: Sequence[str]) -> list[Example]:
        return [(eventivity.with_keys(x, keys, vocabulary), y)
                for d in some for (x, y), keys in zip(rows[d][0], rows[d][2], strict=True)]

    by_doc: list[tuple[list[tuple[float, int]], int]] = []
    for inner in range(k):
        model = train_model(examples([d for d in ids if inner_fold(d, k) != inner]), features=features, tail=tail)
        by_doc += [([(model.probability(x), y) for x, y in examples([d])], rows[d][1])
                   for d in ids if inner_fold(d, k) == inner]
    f1, t, se = one_se_threshold(by_doc)
    model = train_model(examples(ids), features=features, tail=tail,
                        meta={"what": "rasd eventivity: logistic regression over the events of an article after "
                                      "merging (rasd.stages.eventivity)", **(meta or {}),
                              "threshold_inner_cv_f1": round(f1, 4), "threshold_rule": "one standard error",
                              "threshold_inner_cv_f1_se": round(se, 4)})
    return replace(model, threshold=t)


__all__ = ["FEATURES", "align", "best_threshold", "choose_merge_threshold", "eventivity_rows", "fit_calibration",
           "fit_logistic", "inner_fold", "one_se_threshold", "out_of_fold", "pair_examples", "train_eventivity",
           "train_model"]
