"""In-article incident resolution: mentions of one incident (lead, details, toll update, claim) become one event.

Two deciders: the hand rule (`rule_merge_events`, the default, as cross-validation found the model no better on event
F1), and a logistic model (resources/data/models/merge.json, trained by scripts/train_merge.py on pairs labelled by
aligning events to gold through the referee's fit): each event, in text order, joins the kept incident (within
MERGE_WINDOW) the model scores likeliest to be the same, when that probability reaches the model's threshold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Event
from rasd.pipeline import register
from rasd.stages.events import (
    MERGE_WINDOW,
    _bare_toll,
    _compatible,
    _merge,
    _named_ids,
    _toll_only,
    follows_attack,
    is_anaphoric,
    tells_toll_of_before,
    told_near,
)
from rasd.stages.index import DocIndex
from rasd.stages.logistic import LogisticModel, load_model
from rasd.stages.scene import inside, places_agree
from rasd.text.normalise import norm

MODEL_FILE = "merge.json"
# What the default pipeline uses (scripts/crossval.py; see the models' README). The eventivity filter after the hand
# rule raises cross-validated event F1 by +0.040 (paired 95% interval +0.031 to +0.049) and keeps GSR recall; what
# it rejects is set aside, not dropped, so incident fusion still reads it (its figures are unchanged).
DEFAULT_RULE = True
DEFAULT_FILTER = True
SET_ASIDE = "{type}: not a specific happening the article reports (eventivity model)"

FEATURES = (
    "bias", "rule", "rule_far", "same_sentence", "adjacent_sentence", "log_sentence_gap", "log_events_between",
    "same_paragraph_lead", "first_is_lead", "later_anaphoric", "later_bare_toll", "later_toll_only",
    "first_toll_only", "dates_equal", "dates_differ", "places_same", "places_agree", "places_conflict",
    "place_missing", "counts_equal", "later_count_larger", "counts_differ", "shared_named", "named_conflict",
    "role_swap", "modality_equal", "claim_cue", "assault", "verbal_type", "later_noun_only", "first_support",
    "later_support", "same_clause", "own_places_differ",
)
_VERBAL = frozenset({"CONSULT", "AGREE", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "CONCEDE"})
_CLAIM = re.compile("|".join(norm(w) for w in ("تبنى", "تبنت", "مسؤوليته", "مسؤوليتها", "مسئوليته", "مسئوليتها")))


def _text_day(ev: Event) -> Any:
    w = ev.when
    return w.start if w is not None and w.span.text and w.start is not None else None


def _count_pairs(a: Event, b: Event) -> tuple[bool, bool, bool]:
    """(some count equal, the later one larger: a toll update, some count differs)."""
    equal = larger = differ = False
    for kind in ("killed", "injured", "captured"):
        ca, cb = getattr(a, kind), getattr(b, kind)
        if ca is None or cb is None:
            continue
        if (ca.min, ca.max) == (cb.min, cb.max):
            equal = True
        else:
            differ = True
            larger = larger or cb.min > ca.min
    return equal, larger, differ


def pair_features(doc: Doc, a: Event, b: Event, between: int) -> list[float]:
    """Features of an earlier event (or incident kept so far) `a` and a later mention `b` of the same type."""
    back = all(is_anaphoric(doc, t) for t in b.triggers) or _bare_toll(b)
    gap = abs(b.sentence - a.sentence)
    ix = DocIndex.cached(doc)
    para_a = ix.paragraph(a.evidence.start, a.evidence).start
    para_b = ix.paragraph(b.evidence.start, b.evidence).start
    da, db = _text_day(a), _text_day(b)
    pa = a.place.place if a.place else None
    pb = b.place.place if b.place else None
    agree = pa is not None and pb is not None and places_agree(pa, pb)
    equal, larger, differ = _count_pairs(a, b)
    na, nb = _named_ids(a.actors) | _named_ids(a.recipients), _named_ids(b.actors) | _named_ids(b.recipients)
    nxa, nxb = _named_ids(a.actors), _named_ids(b.actors)
    swap = bool((nxa & _named_ids(b.recipients)) or (nxb & _named_ids(a.recipients)))
    values = {
        "bias": 1.0,
        "rule": float(_compatible(a, b)),
        "rule_far": float(_compatible(a, b, far=True)),
        "same_sentence": float(gap == 0),
        "adjacent_sentence": float(gap == 1),
        "log_sentence_gap": math.log1p(gap),
        "log_events_between": math.log1p(between),
        "same_paragraph_lead": float(para_a == para_b),
        "first_is_lead": float(a.sentence == 0),
        "later_anaphoric": float(back),
        "later_bare_toll": float(_bare_toll(b)),
        "later_toll_only": float(_toll_only(b)),
        "first_toll_only": float(_toll_only(a)),
        "dates_equal": float(da is not None and da == db),
        "dates_differ": float(da is not None and db is not None and da != db),
        "places_same": float(pa is not None and pb is not None and pa.id == pb.id),
        "places_agree": float(agree),
        "places_conflict": float(pa is not None and pb is not None and not agree),
        "place_missing": float(pa is None or pb is None),
        "counts_equal": float(equal),
        "later_count_larger": float(larger),
        "counts_differ": float(differ),
        "shared_named": float(bool(na & nb)),
        "named_conflict": float(bool(nxa) and bool(nxb) and not (nxa & nxb)),
        "role_swap": float(swap),
        "modality_equal": float(a.modality == b.modality),
        "claim_cue": float(bool(_CLAIM.search(doc.words.normalised(b.evidence.start, b.evidence.end)))),
        "assault": float(a.type == "ASSAULT"),
        "verbal_type": float(a.type in _VERBAL),
        "later_noun_only": float(all(t.pos == "noun" for t in b.triggers)),
        "first_support": a.confidence,
        "later_support": b.confidence,
        # one clause split by its scenes ("اشتباكات في X وY"): never one incident
        "same_clause": float(a.evidence.start == b.evidence.start and a.evidence.end == b.evidence.end),
        "own_places_differ": float(a.place is not None and b.place is not None and pa is not None and pb is not None
                                   and pa.id != pb.id and inside(a.place.span, a.evidence)
                                   and inside(b.place.span, b.evidence)),
    }
    return [values[name] for name in FEATURES]


@lru_cache(maxsize=1)
def shipped_model() -> LogisticModel:
    """The merging model shipped in the package."""
    return load_model(MODEL_FILE, FEATURES)


def learned_merge_events(events: Sequence[Event], doc: Doc, model: LogisticModel) -> tuple[Event, ...]:
    """Each event joins the kept incident the model finds likeliest to be the same, above its threshold."""
    out: list[Event] = []
    for ev in events:
        best, best_p = -1, model.threshold
        first = max(0, len(out) - MERGE_WINDOW)
        for i in range(first, len(out)):
            prev = out[i]
            if prev.type != ev.type or ("abduct" in prev.modes) != ("abduct" in ev.modes):
                continue
            p = model.probability(pair_features(doc, prev, ev, len(out) - 1 - i))
            if p >= best_p:
                best, best_p = i, p
        if best >= 0:
            out[best] = _merge(out[best], ev)
        else:
            out.append(ev)
    return tuple(out)


# How the hand rule placed a mention (`rule_merge_trace`): an incident of its own, or joined to an earlier one as a
# mention that refers back, a toll with no one named, a toll in a sentence after its attack, a mention in the same or
# the next sentence, or a farther one that shares a named party and its place (rasd.stages.events.why_apart).
NEW, ANAPHORIC, BARE_TOLL, TOLL_AFTER, NEAR, FAR = (
    "its own incident", "refers back", "a toll with no one named", "a toll after its attack",
    "same or next sentence", "farther, a named party and place shared")
JOINS = (ANAPHORIC, BARE_TOLL, TOLL_AFTER, NEAR, FAR)
Trace = list[tuple[int, str]]  # per mention: the index of its incident, and how it went there (NEW or one of JOINS)


def _join_kind(ev: Event, anaphoric: bool, back: bool, toll: bool, incident: Event) -> str:
    if anaphoric:
        return ANAPHORIC
    if back:
        return BARE_TOLL
    if toll:
        return TOLL_AFTER
    return NEAR if told_near(incident, ev) else FAR


def rule_merge_trace(events: Sequence[Event], doc: Doc | None = None) -> tuple[tuple[Event, ...], Trace]:
    """The hand rule with its trace: the incidents, and for each mention (in order) the incident it went to and how
    (NEW or one of JOINS). A mention joins the first earlier incident it is compatible with; one that refers back
    ("الهجوم", "هذه العملية") joins the latest earlier incident it fits, however far back."""
    out: list[Event] = []
    trace: Trace = []
    for ev in events:
        anaphoric = doc is not None and all(is_anaphoric(doc, t) for t in ev.triggers)
        back = anaphoric or (doc is not None and _bare_toll(ev))
        first = max(0, len(out) - MERGE_WINDOW)
        order = range(len(out) - 1, first - 1, -1) if back else range(first, len(out))
        told = doc is not None and tells_toll_of_before(doc, ev)  # a toll alone: once per mention
        for i in order:
            toll = told and doc is not None and follows_attack(doc, out[i], ev)
            if _compatible(out[i], ev, far=back, follow_up=toll):
                trace.append((i, _join_kind(ev, anaphoric, back, toll, out[i])))
                # a toll's "actor" is whoever told it or a side of the fight: the attack's actors stand
                out[i] = _merge(out[i], replace(ev, actors=()) if toll else ev)
                break
        else:
            trace.append((len(out), NEW))
            out.append(ev)
    return tuple(out), trace


def rule_merge_events(events: Sequence[Event], doc: Doc | None = None) -> tuple[Event, ...]:
    """The hand rule's incidents (`rule_merge_trace`)."""
    return rule_merge_trace(events, doc)[0]


def merge_events(events: Sequence[Event], doc: Doc, model: LogisticModel | None = None) -> tuple[Event, ...]:
    """One event per incident: with the learned model (the shipped one unless given)."""
    return learned_merge_events(events, doc, model or shipped_model())


def judged(events: Sequence[Event], probabilities: Sequence[float],
           cut: Callable[[Event], float]) -> tuple[Event, ...]:
    """Each event with its eventivity probability, set aside (saying why) where that falls under `cut(event)`."""
    return tuple(replace(ev, eventivity=p) if p >= cut(ev)
                 else replace(ev, eventivity=p, set_aside=SET_ASIDE.format(type=ev.type))
                 for ev, p in zip(events, probabilities, strict=True))


@dataclass(frozen=True)
class MergeStage:
    """After claims are known: mentions are merged into one event per incident (a hedged threat stays apart from the
    attack it threatens), then incidents the eventivity model rejects are set aside: not events of the article, but
    still reports of their incident for fusion (an article that tells an attack as background links to it)."""

    model: LogisticModel | None = None  # the merging model; None: the shipped one
    eventivity: LogisticModel | None = None  # None: the shipped one
    rule: bool = DEFAULT_RULE  # the hand merge rule instead of the model
    filter_events: bool = DEFAULT_FILTER  # apply the eventivity model
    threshold: float | None = None  # the probability an event must reach to stay; None: the model's own
    name: str = "merge"
    version: str = "5"  # 5: each judged event carries the eventivity model's probability; 4: a toll told in one of
    # the next sentences joins its attack (events.follows_attack)
    requires: tuple[str, ...] = ("events",)
    assigns: tuple[str, ...] = ("events",)

    def __call__(self, doc: Doc) -> Doc:
        from rasd.stages.eventivity import MIN_SENTENCES, probabilities, shipped_model

        events = list(doc.events)
        merged = rule_merge_events(events, doc) if self.rule else merge_events(events, doc, self.model)
        if self.filter_events and len(doc.sentences) >= MIN_SENTENCES:  # one sentence: no article to judge it in
            model = self.eventivity or shipped_model()
            cut = model.threshold if self.threshold is None else self.threshold
            merged = judged(merged, probabilities(merged, doc, model), lambda ev: cut)
        version = self.version if self.threshold is None else f"{self.version};threshold={self.threshold:g}"
        return doc.assign(self.name, version, events=merged)


@register("merge@1")
def _merge_stage(settings: Settings) -> MergeStage:
    return MergeStage(filter_events=settings.set_aside, threshold=settings.eventivity_threshold)


__all__ = ["FEATURES", "JOINS", "MERGE_WINDOW", "NEW", "MergeStage", "judged", "merge_events", "pair_features",
           "rule_merge_events", "rule_merge_trace"]
