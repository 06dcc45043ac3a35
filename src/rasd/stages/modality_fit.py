"""Training the modality models: each predicted event the referee pairs with a gold event is one example, labelled by
the gold event's modality; its features are `modality_model.features` and its keys `modality_model.modality_keys`.

Events are paired with gold events as the referee pairs them (`rasd.evaluate.pair_events`, one to one); unpaired
events and gold events without a modality give no examples. One L2-penalised logistic regression per class (one
against the rest) over the features and the keys at least KEY_MIN training events have (one-hot, penalised by
TAIL_L2), fitted deterministically by Newton's method (`incidents_fit.fit_logistic`); numpy is needed only here. The
probability shown for the models' class is their share through a Platt calibration, fitted on the choices of models
trained without each article (`out_of_fold_choices`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rasd.doc import Doc
from rasd.evaluate import paired_gold
from rasd.model import Cue, Modality
from rasd.stages.incidents_fit import fit_calibration, fit_logistic, out_of_fold
from rasd.stages.index import DocIndex
from rasd.stages.logistic import LogisticModel, vocabulary
from rasd.stages.modality_model import (
    CLASSES,
    FEATURES,
    KEY_MIN,
    TAIL,
    TAIL_L2,
    ModalityModels,
    choose,
    features,
    hand_kept,
    marking_cue,
    modality_keys,
)

L2 = 1.0  # penalty on the weights (not the bias)
MIN_POSITIVES = 5  # a class with fewer training examples gets no model (it is never predicted)
CALIBRATION_FOLDS = 4  # inner folds (by article) whose out-of-fold choices the shown probability is fitted on


@dataclass(frozen=True)
class ModalityExample:
    """One paired event: its features, the gold modality and the hand rule's, and which (document, event) it is."""

    values: tuple[float, ...]
    gold: str
    hand: Modality
    where: tuple[str, int]
    hand_cue: Cue | None = None  # the hand rule's cue where it marks its class (marking_cue)
    keys: tuple[str, ...] = ()  # modality_keys


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
                                   where=(doc_id, i), hand_cue=marking_cue(doc, ix, ev),
                                   keys=modality_keys(doc, ix, ev)))
    return out


def held_out_choices(examples: Sequence[ModalityExample], models: ModalityModels,
                     shown: bool = False) -> list[tuple[float, int]]:
    """For each example whose modality the models decide (the hand rule's class does not stand: `hand_kept`): the
    share of the class they choose (`ModalityModels.decide`; with `shown`, the probability the output shows, through
    the calibration) and whether it is the gold class."""
    out = []
    for e in examples:
        if hand_kept(e.hand, e.hand_cue):
            continue
        mod, share = models.decide(e.values, e.keys)
        out.append((models.shown(share) if shown else share, int(mod == e.gold)))
    return out


def out_of_fold_choices(examples: Sequence[ModalityExample], l2: float = L2,
                        k: int = CALIBRATION_FOLDS) -> list[tuple[float, int]]:
    """held_out_choices for each example from models trained without its article (inner folds by article)."""
    return out_of_fold(examples, lambda e: e.where[0],
                       lambda rest, held: held_out_choices(held, train_modality(rest, l2=l2, calibrate=False)), k)


def train_modality(examples: Sequence[ModalityExample], meta: dict[str, Any] | None = None,
                   l2: float = L2, calibrate: bool = True) -> ModalityModels:
    """One-vs-rest models over `examples` (a class with under MIN_POSITIVES examples is left out); with `calibrate`,
    the shown probability's calibration from out-of-fold choices (out_of_fold_choices)."""
    if not examples:
        raise ValueError("no training events")
    counts = Counter(e.gold for e in examples)
    vocab = vocabulary((e.keys for e in examples), KEY_MIN)
    rows = [_row(e, vocab) for e in examples]
    names = (*FEATURES, *(TAIL + k for k in vocab))
    models: dict[str, LogisticModel] = {}
    for c in CLASSES:
        if counts[c] < MIN_POSITIVES:
            continue
        weights = fit_logistic([(r, int(e.gold == c)) for r, e in zip(rows, examples, strict=True)], l2,
                               tail=(len(FEATURES), TAIL_L2))
        models[c] = LogisticModel(features=names, weights=tuple(weights), threshold=0.5, meta={
            "what": f"rasd event modality, {c} against the rest (rasd.stages.modality_model)",
            "examples": len(examples), "positive_examples": counts[c], "l2": l2, "keys": len(vocab),
            "key_min": KEY_MIN, "tail_l2": TAIL_L2, **(meta or {})})
    calibration = fit_calibration(out_of_fold_choices(examples, l2)) if calibrate else (0.0, 1.0)
    return ModalityModels(models=models, calibration=calibration)


def _row(e: ModalityExample, vocab: Sequence[str]) -> list[float]:
    """The example's features followed by its keys, one-hot over the vocabulary."""
    present = set(e.keys)
    return [*e.values, *(float(k in present) for k in vocab)]


def accuracy(examples: Sequence[ModalityExample], models: ModalityModels) -> float:
    """Share of the examples whose gold modality the stage chooses (`modality_model.choose`)."""
    if not examples:
        return 0.0
    return sum(choose(models, e.values, e.hand, e.hand_cue, e.keys) == e.gold for e in examples) / len(examples)


__all__ = ["ModalityExample", "accuracy", "held_out_choices", "modality_examples", "out_of_fold_choices",
           "train_modality"]
