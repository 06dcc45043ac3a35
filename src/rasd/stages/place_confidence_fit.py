"""Training the place confidence model: each predicted event with a place that the referee pairs with a gold event
that has one is an example, labelled 1 when the two places match as the referee decides (the same GeoNames id, or
within 25 km). One L2-penalised logistic regression (`incidents_fit.fit_logistic`, Newton's method, deterministic;
numpy only here) over `place_confidence.FEATURES`; the probability shown goes through a Platt calibration fitted on
the probabilities of models trained without each article (`out_of_fold_probabilities`, inner folds by article)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rasd.doc import Doc
from rasd.evaluate import paired_gold
from rasd.evaluate_match import places_match
from rasd.output import place_dict
from rasd.stages.incidents_fit import fit_calibration, fit_logistic, out_of_fold
from rasd.stages.logistic import LogisticModel
from rasd.stages.place_confidence import FEATURES, PlaceConfidence, article_places, features

L2 = 1.0
CALIBRATION_FOLDS = 4


@dataclass(frozen=True)
class PlaceExample:
    """One paired event's place: its features, whether it matches the gold place, and which article it is from."""

    values: tuple[float, ...]
    label: int
    doc_id: str


def place_examples(doc_id: str, doc: Doc, gold_doc: Mapping[str, Any]) -> list[PlaceExample]:
    """The labelled places of one article (see the module's docstring)."""
    places = gold_doc.get("places") or {}
    art = article_places(doc)
    out = []
    for i, gold in paired_gold(doc.events, gold_doc):
        gold_place = places.get(gold.get("place") or "")
        values = features(doc, doc.events[i], art)
        if gold_place is None or values is None:
            continue
        out.append(PlaceExample(values, int(places_match(place_dict(doc.events[i].place), gold_place)), doc_id))
    return out


def _fit(examples: Sequence[PlaceExample], l2: float, meta: dict[str, Any] | None = None) -> LogisticModel:
    weights = fit_logistic([(list(e.values), e.label) for e in examples], l2)
    return LogisticModel(features=FEATURES, weights=tuple(weights), meta={
        "what": "rasd place confidence: the probability that an event's place matches the annotators' "
                "(rasd.stages.place_confidence)",
        "examples": len(examples), "positive_examples": sum(e.label for e in examples), "l2": l2, **(meta or {})})


def out_of_fold_probabilities(examples: Sequence[PlaceExample], l2: float = L2,
                              k: int = CALIBRATION_FOLDS) -> list[tuple[float, int]]:
    """(the model's own probability, label) for each example, from a model trained without its article."""
    def score(rest: Sequence[PlaceExample], held: Sequence[PlaceExample]) -> list[tuple[float, int]]:
        model = PlaceConfidence(_fit(rest, l2))
        return [(model.raw(e.values), e.label) for e in held]

    return out_of_fold(examples, lambda e: e.doc_id, score, k)


def train_place_confidence(examples: Sequence[PlaceExample], meta: dict[str, Any] | None = None,
                           l2: float = L2) -> PlaceConfidence:
    """The model over all `examples`, with the calibration of out-of-fold probabilities."""
    if len({e.label for e in examples}) < 2:
        raise ValueError("place confidence needs examples of right and of wrong places")
    return PlaceConfidence(_fit(examples, l2, meta), fit_calibration(out_of_fold_probabilities(examples, l2)))


def auc(pairs: Sequence[tuple[float, int]]) -> float:
    """The area under the ROC curve of (probability, label) pairs: the chance a right place is ranked above a wrong
    one (ties count half); 0.5 where one label is missing."""
    pos = sorted(p for p, y in pairs if y)
    neg = sorted(p for p, y in pairs if not y)
    if not pos or not neg:
        return 0.5
    from bisect import bisect_left, bisect_right

    wins = sum(bisect_left(neg, p) + 0.5 * (bisect_right(neg, p) - bisect_left(neg, p)) for p in pos)
    return wins / (len(pos) * len(neg))


__all__ = ["PlaceExample", "auc", "out_of_fold_probabilities", "place_examples", "train_place_confidence"]
