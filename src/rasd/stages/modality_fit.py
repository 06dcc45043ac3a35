"""Training the modality models: each predicted event the referee pairs with a gold event is one example, labelled by
the gold event's modality.

Events are paired with gold events as the referee pairs them (`rasd.evaluate.pair_events`, one to one); unpaired
events and gold events without a modality give no examples. One L2-penalised logistic regression per class (one
against the rest), fitted deterministically by Newton's method (`incidents_fit.fit_logistic`); numpy is needed only
here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rasd.doc import Doc
from rasd.evaluate import paired_gold
from rasd.model import Modality, Span
from rasd.stages.incidents_fit import fit_logistic
from rasd.stages.index import DocIndex
from rasd.stages.logistic import LogisticModel
from rasd.stages.modality_model import CLASSES, FEATURES, ModalityModels, choose, features

L2 = 1.0  # penalty on the weights (not the bias)
MIN_POSITIVES = 5  # a class with fewer training examples gets no model (it is never predicted)


@dataclass(frozen=True)
class ModalityExample:
    """One paired event: its features, the gold modality and the hand rule's, and which (document, event) it is."""

    values: tuple[float, ...]
    gold: str
    hand: Modality
    where: tuple[str, int]
    hand_cue: Span | None = None  # the hand rule's cue


def modality_examples(doc_id: str, doc: Doc, gold_doc: Mapping[str, Any]) -> list[ModalityExample]:
    """Labelled events of one article (see the module's docstring)."""
    pairs = paired_gold(doc.events, gold_doc)
    if not pairs:
        return []
    ix = DocIndex.of(doc)
    out = []
    for i, gold in pairs:
        label = gold.get("modality")
        if label not in CLASSES:
            continue
        ev = doc.events[i]
        out.append(ModalityExample(values=features(doc, ix, ev), gold=str(label), hand=ev.modality,
                                   where=(doc_id, i), hand_cue=ev.modality_cue))
    return out


def train_modality(examples: Sequence[ModalityExample], meta: dict[str, Any] | None = None,
                   l2: float = L2) -> ModalityModels:
    """One-vs-rest models over `examples` (a class with under MIN_POSITIVES examples is left out)."""
    if not examples:
        raise ValueError("no training events")
    counts = Counter(e.gold for e in examples)
    models: dict[str, LogisticModel] = {}
    for c in CLASSES:
        if counts[c] < MIN_POSITIVES:
            continue
        weights = fit_logistic([(list(e.values), int(e.gold == c)) for e in examples], l2)
        models[c] = LogisticModel(features=FEATURES, weights=tuple(weights), threshold=0.5, meta={
            "what": f"rasd event modality, {c} against the rest (rasd.stages.modality_model)",
            "examples": len(examples), "positive_examples": counts[c], "l2": l2, **(meta or {})})
    return ModalityModels(models=models)


def accuracy(examples: Sequence[ModalityExample], models: ModalityModels) -> float:
    """Share of the examples whose gold modality the stage chooses (`modality_model.choose`)."""
    if not examples:
        return 0.0
    return sum(choose(models, e.values, e.hand, e.hand_cue) == e.gold for e in examples) / len(examples)


__all__ = ["ModalityExample", "accuracy", "modality_examples", "train_modality"]
