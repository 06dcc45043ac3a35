"""Training the role models: candidate mentions labelled by aligning events to gold with the referee's pairing.

Each predicted event of an article (the default pipeline's, after merging) is paired with a gold event as the
referee pairs them (`rasd.evaluate.pair_events`); for a paired event every candidate mention (`roles_model.candidates`)
is an actor example when its names match one of the gold event's actors (the referee's name rule), a recipient
example when they match one of its recipients, and neither otherwise. Unpaired events give no examples. Each
lexical key (`roles_model.lexical_keys`) of at least WORD_MIN training candidates becomes a feature of its own. Training
is deterministic (Newton's method, `incidents_fit.fit_logistic`); numpy is needed only here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rasd.doc import Doc
from rasd.evaluate import paired_gold
from rasd.evaluate_match import gold_names, names_match, prediction_names
from rasd.output import mention_dict
from rasd.stages.incidents_fit import fit_calibration, fit_logistic, out_of_fold
from rasd.stages.index import DocIndex
from rasd.stages.logistic import LogisticModel, vocabulary
from rasd.stages.roles_model import FEATURES, WORD, RoleModels, candidates, decide, lexical_weights, probability

# the penalty on the weights (not the bias): 0.1 and 10 gave the same cross-validated figures, and 3 and 10 with the
# lexical keys
L2 = 1.0
WORD_MIN = 10  # a lexical key becomes a feature when at least this many training candidates have it


@dataclass(frozen=True)
class RoleExample:
    """One candidate mention of one paired event: features, labels, and which (document, event, party) it is."""

    values: tuple[float, ...]
    actor: int
    recipient: int
    group: tuple[str, int, str]  # (doc id, event index, party key): a party counts once per event
    gold_keys: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())  # gold actors, recipients named
    gold_sizes: tuple[int, int] = (0, 0)  # how many actors and recipients the gold event has
    own: bool = True  # the mention is in the sentence of one of the event's triggers
    words: tuple[str, ...] = ()  # lexical keys


def role_examples(doc_id: str, doc: Doc, gold_doc: Mapping[str, Any]) -> list[RoleExample]:
    """Labelled candidates of one article (see the module's docstring)."""
    pairs = paired_gold(doc.events, gold_doc)
    if not pairs:
        return []
    ix = DocIndex.cached(doc)
    out = []
    for i, gold in pairs:
        actor_keys = [gold_names(gold_doc, k) for k in gold.get("actors") or []]
        recipient_keys = [gold_names(gold_doc, k) for k in gold.get("recipients") or []]
        for c in candidates(doc, ix, doc.events[i]):
            names = prediction_names(mention_dict(c.mention))
            a = frozenset(n for n, g in enumerate(actor_keys) if names_match(names, g))
            r = frozenset(n for n, g in enumerate(recipient_keys) if names_match(names, g))
            out.append(RoleExample(values=c.values, actor=int(bool(a)), recipient=int(bool(r)),
                                   group=(doc_id, i, c.mention.key), gold_keys=(a, r),
                                   gold_sizes=(len(actor_keys), len(recipient_keys)), own=c.own, words=c.words))
    return out


FIRST = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
MORE = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
Party = tuple[float, float, frozenset[int], frozenset[int]]
Scored = dict[tuple[str, int], tuple[dict[str, Party], tuple[int, int], set[str]]]


def _scored(examples: Sequence[RoleExample], actor: LogisticModel, recipient: LogisticModel) -> Scored:
    """Per event: per party, the (actor, recipient) probabilities of its surest mention (as `roles_model.relabel`)
    and the gold keys it names;
    and the gold event's numbers of actors and recipients."""
    out: Scored = {}
    lex_a, lex_r = lexical_weights(actor), lexical_weights(recipient)
    for e in examples:
        doc_id, i, key = e.group
        parties, _, near = out.setdefault((doc_id, i), ({}, e.gold_sizes, set()))
        if e.own:
            near.add(key)
        pa, pr = probability(actor, e.values, lex_a, e.words), probability(recipient, e.values, lex_r, e.words)
        a0, r0, ka, kr = parties.get(key, (-1.0, -1.0, frozenset(), frozenset()))
        if max(pa, pr) <= max(a0, r0):
            pa, pr = a0, r0
        parties[key] = (pa, pr, ka | e.gold_keys[0], kr | e.gold_keys[1])
    return out


def held_out_parties(examples: Sequence[RoleExample], models: RoleModels) -> list[tuple[float, float, int, int]]:
    """Per (event, party) of `examples`: the models' P(actor), P(recipient) of its surest mention (before the
    calibration the output applies: `shown_parties`) and whether the gold event names it as actor, as recipient."""
    return [(pa, pr, int(bool(ka)), int(bool(kr)))
            for parties, _, _ in _scored(examples, models.actor, models.recipient).values()
            for pa, pr, ka, kr in parties.values()]


def shown_parties(examples: Sequence[RoleExample], models: RoleModels) -> list[tuple[float, float, int, int]]:
    """As held_out_parties, with the probabilities the output shows (through the models' calibration)."""
    return [(*models.calibrated(pa, pr), ya, yr) for pa, pr, ya, yr in held_out_parties(examples, models)]


def _row(e: RoleExample, index: Mapping[str, int]) -> list[float]:
    """An example's values followed by its lexical keys one-hot over the vocabulary (`index`: key -> position)."""
    tail = [0.0] * len(index)
    for w in e.words:
        if w in index:
            tail[index[w]] = 1.0
    return [*e.values, *tail]


def role_f1(scored: Scored, first: tuple[float, float], more: tuple[float, float]) -> tuple[float, float]:
    """Actor and recipient F1 as the referee counts them (each gold party matched once) over the events, with the
    parties `roles_model.decide` chooses."""
    tally = [[0, 0, 0], [0, 0, 0]]
    for parties, sizes, near in scored.values():
        chosen = decide({k: (v[0], v[1]) for k, v in parties.items()}, first, more, near)
        for r in range(2):
            taken: set[int] = set()
            for k in chosen[r]:
                named = parties[k][2] if r == 0 else parties[k][3]
                free = sorted(named - taken)
                if free:
                    taken.add(free[0])
            tally[r][0] += len(taken)
            tally[r][1] += len(chosen[r]) - len(taken)
            tally[r][2] += sizes[r] - len(taken)
    return tuple(2 * tp / (2 * tp + fp + fn) if tp else 0.0 for tp, fp, fn in tally)  # type: ignore[return-value]


CALIBRATION_FOLDS = 4  # inner folds (by article) whose out-of-fold probabilities the shown probabilities are fitted on


def _fit(examples: Sequence[RoleExample], meta: dict[str, Any] | None, l2: float,
         word_min: int) -> dict[str, LogisticModel]:
    """The actor and recipient models (threshold 0.5) over the features and the lexical keys of >= word_min examples."""
    words = vocabulary((e.words for e in examples), word_min) if word_min else ()
    index = {w: i for i, w in enumerate(words)}
    features = (*FEATURES, *(WORD + w for w in words))
    models = {}
    for role in ("actor", "recipient"):
        rows = [(_row(e, index), e.actor if role == "actor" else e.recipient) for e in examples]
        weights = fit_logistic(rows, l2)
        info = {"what": f"rasd role labeller ({role} vs rest): logistic regression over (event, party mention) "
                        "candidates (rasd.stages.roles_model)", "examples": len(rows),
                "positive_examples": sum(r[1] for r in rows), "l2": l2, "lexical_min": word_min, **(meta or {})}
        models[role] = LogisticModel(features=features, weights=tuple(weights), threshold=0.5, meta=info)
    return models


def out_of_fold_parties(examples: Sequence[RoleExample], l2: float = L2, word_min: int = WORD_MIN,
                        k: int = CALIBRATION_FOLDS) -> list[tuple[float, float, int, int]]:
    """Per (event, party) of `examples`: its P(actor), P(recipient) from models trained without its article (inner
    folds by article) and its gold roles, as held_out_parties gives them."""

    def score(rest: Sequence[RoleExample], held: Sequence[RoleExample]) -> list[tuple[float, float, int, int]]:
        m = _fit(rest, None, l2, word_min)
        return held_out_parties(held, RoleModels(actor=m["actor"], recipient=m["recipient"]))

    return out_of_fold(examples, lambda e: e.group[0], score, k)


def train_roles(examples: Sequence[RoleExample], meta: dict[str, Any] | None = None, l2: float = L2,
                word_min: int = WORD_MIN, calibrate: bool = True) -> RoleModels:
    """Both role models (the lexical keys of at least `word_min` examples as features; 0: none); thresholds (first
    party, further parties) from a small grid, the best F1 on the training examples (actor first, then recipient);
    with `calibrate`, the shown probabilities' calibration from out-of-fold probabilities (out_of_fold_parties)."""
    if not examples:
        raise ValueError("no role examples: no predicted event paired with a gold event")
    models = _fit(examples, meta, l2, word_min)
    scored = _scored(examples, models["actor"], models["recipient"])
    grid = [(f, m) for f in FIRST for m in MORE if m >= f]
    a_first, a_more = max(grid, key=lambda g: (role_f1(scored, (g[0], 0.5), (g[1], 0.9))[0], -abs(g[0] - 0.5)))
    r_first, r_more = max(grid, key=lambda g: (role_f1(scored, (a_first, g[0]), (a_more, g[1]))[1],
                                               -abs(g[0] - 0.5)))
    f1 = role_f1(scored, (a_first, r_first), (a_more, r_more))
    oof = out_of_fold_parties(examples, l2, word_min) if calibrate else []
    return RoleModels(
        actor=replace(models["actor"], threshold=a_first, meta={**models["actor"].meta, "threshold_train_f1":
                                                                round(f1[0], 4)}),
        recipient=replace(models["recipient"], threshold=r_first,
                          meta={**models["recipient"].meta, "threshold_train_f1": round(f1[1], 4)}),
        actor_more=a_more, recipient_more=r_more,
        actor_calibration=fit_calibration([(pa, ya) for pa, _, ya, _ in oof]),
        recipient_calibration=fit_calibration([(pr, yr) for _, pr, _, yr in oof]))


__all__ = ["RoleExample", "held_out_parties", "out_of_fold_parties", "role_examples", "role_f1",
           "shown_parties", "train_roles"]
