"""Learned modality: for each event, asserted / reported / alleged / speculative / denied / future, from one-vs-rest
logistic models over cue features and the words around the event (models/modality.json, trained by
scripts/train_modality.py).

The stage `modality@1` (in the default pipeline, after `merge@1`) relabels each merged event's modality; the hand
cue rule's class (`rasd.stages.claims.modality` and the claims stage's sources) is one of the features, and where
it rests on a cue word that marks its class (hedge, future, accusation, denial: `hand_kept`) it stands. Sources are
left as the claims stage found them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Cue, Event, Modality, Source, Span
from rasd.pipeline import register
from rasd.stages.claims import (
    _CONTINUATION,
    _TRAILING,
    DENIAL_VERBS,
    FRAME_WORDS,
    NEGATION_REACH,
    SPEECH_ACTS,
    _is_party,
    cue_source,
    is_unnamed_source,
    names_unnamed_source,
)
from rasd.stages.eventivity import named_spans, unnamed_words
from rasd.stages.index import DocIndex
from rasd.stages.logistic import (
    LogisticModel,
    calibration_pair,
    linear,
    package_json,
    recalibrate,
    squash,
    tail_weights,
)
from rasd.text.normalise import norm
from rasd.text.word_classes import key_classes, key_word

MODEL_FILE = "modality.json"
CLASSES: tuple[Modality, ...] = ("asserted", "reported", "alleged", "speculative", "denied", "future")
CUE_KINDS = ("attribution", "hedge", "negation", "future", "allegation")
# Where the hand cue rule's class stands and the models leave it alone: hedged and planned events are marked by their
# words (يبدو، من المحتمل، سوف، سـ ...), as the gold's definitions say, and the gold holds too few of them (6 and 44 of
# 1,450 paired events) for the models to learn; so are an accusation read from its verb (اتهم، زعم: the hand rule's
# "alleged" with a cue) and a denial, when its cue marks one (`marking_cue`): a denial verb (نفى، لا صحة:
# DENIAL_VERBS) or a particle right before the event's verb ("لم يهاجموا"). A particle further off negates another verb
# of the sentence ("لم يكن ... يقصف ... فحسب") and one before an exception affirms ("لم تقصف ... سوى ثلاث مرات"): held
# out, the hand rule's "denied" was right for none of 12 such paired events, so the models decide them, reading the
# hand class among their features. The models decide what rests on attribution: asserted, reported, alleged by a
# source. Cross-validation: see the models README.
HAND_KEPT: frozenset[str] = frozenset({"speculative", "future"})
_EXCEPTION = frozenset(norm(w) for w in ("سوى", "إلا", "الا"))


def hand_kept(hand: Modality, cue: Cue | None) -> bool:
    """Whether the hand rule's class stands: one of HAND_KEPT, or alleged or denied with a cue that marks it
    (`marking_cue`)."""
    return hand in HAND_KEPT or (cue is not None and hand in ("alleged", "denied"))


def marking_cue(doc: Doc, ix: DocIndex, ev: Event) -> Cue | None:
    """The cue the hand rule's class rests on (the event's `modality_cue`) where it marks that class: a negation only
    as a denial verb, or as a particle right before the event's first trigger with no exception word (سوى، إلا) after
    it in the sentence; None otherwise."""
    span = ev.modality_cue
    cue = None if span is None else next((c for c in ix.cues.starting(span.start, span.end) if c.span == span), None)
    if cue is None or ev.modality != "denied" or cue.value in DENIAL_VERBS:
        return cue
    if not ev.triggers:
        return None
    first = min(ev.triggers, key=lambda t: t.span.start)
    sent = _sentence(doc, ev)
    if doc.text[cue.span.end:first.span.start].strip() or any(
            w in _EXCEPTION for w in doc.words.between(first.span.end, sent.end)):
        return None
    return cue


# Who speaks: a party to the fighting (its word on its own operations or its enemy's losses is a claim: alleged) or
# a body that watches and tells (a monitor, agency or organisation: reported).
_COMBATANT = frozenset({"government", "military", "police", "intelligence", "armed_group", "militia", "party", "state",
                        "coalition"})
_WATCHER = frozenset({"media", "monitor", "ngo", "igo"})


FEATURES = (
    "bias",
    # the hand rule's decision (asserted is the base)
    "hand_reported", "hand_alleged", "hand_speculative", "hand_denied", "hand_future",
    # cue kinds in the event's sentence, before and after its first trigger
    *(f"{k}_before" for k in CUE_KINDS), *(f"{k}_after" for k in CUE_KINDS),
    # where the attribution stands and what kind it is
    "attribution_in_clause", "frame_attribution", "trailing_attribution", "unnamed_attribution",
    "negation_near", "denial_verb", "trigger_cue_future", "trigger_cue_hedge",
    # the sentence among its neighbours: a continued report ("وأضاف ..."), an attribution in the sentence before
    "continuation_opening", "prev_attribution", "quoted",
    # the claims stage's sources and who they are
    "has_source", "log_sources", "source_party", "source_combatant", "source_watcher", "source_person",
    "source_unnamed", "source_named", "source_recipient",
    # the event
    "verbal", "type_assault", "type_coerce", "type_protest", "lead_sentence", "in_headline",
    # the article: how much of it is attributed, and an agency dateline or sign-off
    "doc_attribution_share", "doc_agency", "framing_in_sentence",
    # the latest attribution at or before the event (this sentence or up to SPEAKER_BACK before): how far back, and
    # who speaks there (a report runs on over the sentences after its "قال")
    "attribution_back_1", "attribution_back_more", "lead_attributed", "speaker_combatant", "speaker_watcher",
    "speaker_person", "speaker_unnamed", "speaker_named", "has_casualties",
)
SPEAKER_BACK = 3
# After the features, each model reads keys (its open tail, named TAIL + key): the words of the event's sources
# ("src:"), of the attribution cues in its sentence ("att:") and in the sentence before ("patt:"), and of its sentence
# ("sent:"), each word (normalised, letters only: key_word) and its two distributional classes ("sent:1000/17";
# rasd.text.word_classes). Who tells and how ("أفاد ناشطون", "أعلن الجيش", "بحسب وكالة") is in these words more than
# in the cue kinds. Names of places and named parties are left out (eventivity.named_spans): they tell which town or
# group the training articles wrote about. The training keeps the keys at least KEY_MIN of its events have and
# penalises their weights by TAIL_L2 (many, each rare), the features' by modality_fit.L2.
TAIL = "key:"
KEY_MIN = 10
TAIL_L2 = 20.0


@dataclass(frozen=True)
class ModalityModels:
    """One logistic model per class over `FEATURES` and its keys (`modality_keys`, the open tail); an event takes
    the class of highest probability."""

    models: dict[str, LogisticModel]
    # (intercept, slope) over the logit of the chosen class's share (`decide`), fitted on out-of-fold events in
    # training (modality_fit.out_of_fold_choices): the probability shown for the models' class (`shown`)
    calibration: tuple[float, float] = (0.0, 1.0)
    # each key any model weighs -> its weight in each model (in `_order`, 0.0 where a model lacks it): one look-up
    # a key instead of one a key and a model
    by_key: dict[str, tuple[float, ...]] = field(init=False, repr=False, compare=False)
    _order: tuple[Modality, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        order = tuple(c for c in CLASSES if c in self.models)
        tails = [tail_weights(self.models[c], TAIL) for c in order]
        keys = sorted({k for t in tails for k in t})
        object.__setattr__(self, "_order", order)
        object.__setattr__(self, "by_key", {k: tuple(t.get(k, 0.0) for t in tails) for k in keys})

    def to_json(self) -> dict[str, Any]:
        return {"features": list(FEATURES), "classes": list(CLASSES),
                "models": {c: self.models[c].to_json() for c in CLASSES if c in self.models},
                "calibration": list(self.calibration)}

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str) -> ModalityModels:
        if tuple(data.get("features") or ()) != FEATURES:
            raise ValueError(f"{where}: its features are not this code's {list(FEATURES)}")
        raw = data.get("models") or {}
        unknown = set(raw) - set(CLASSES)
        if unknown or not raw:
            raise ValueError(f"{where}: model classes {sorted(raw)} are not among {list(CLASSES)}")
        return cls(models={c: LogisticModel.from_json(raw[c], FEATURES, f"{where} ({c})", open_tail=TAIL)
                           for c in CLASSES if c in raw},
                   calibration=calibration_pair(data.get("calibration", (0.0, 1.0)), where))

    def decide(self, values: Sequence[float], keys: Sequence[str] = ()) -> tuple[Modality, float]:
        """The likeliest class (ties: the earlier class in `CLASSES`) and its share of the classes' probabilities
        (one model a class, each against the rest: their probabilities need not sum to one), given the event's
        `features` and `modality_keys`."""
        best: tuple[Modality, float] = ("asserted", -1.0)
        rows = [w for w in map(self.by_key.get, keys) if w is not None]  # most of an event's keys no model weighs
        sums = [sum(col) for col in zip(*rows, strict=True)] if rows else [0] * len(self._order)
        total = 0.0
        for c, tail in zip(self._order, sums, strict=True):
            p = squash(linear(self.models[c], values) + tail)
            total += p
            if p > best[1]:
                best = (c, p)
        return best[0], best[1] / total if total > 0 else 0.0  # no model at all: asserted, nothing to weigh

    def shown(self, share: float) -> float:
        """The probability shown for the models' class: its share (`decide`) through the calibration."""
        return recalibrate(share, self.calibration)


@lru_cache(maxsize=1)
def shipped_models() -> ModalityModels:
    """The models shipped in the package (read once, on first use)."""
    return ModalityModels.from_json(package_json(MODEL_FILE), MODEL_FILE)


def _sentence(doc: Doc, ev: Event) -> Span:
    return doc.sentences[ev.sentence] if doc.sentences else ev.evidence


@dataclass(frozen=True)
class _Article:
    """What does not depend on the event (computed once a document)."""

    attribution_share: float
    agency: bool
    attributed_sentences: frozenset[int]
    speakers: dict[int, str]  # sentence -> the kind of who speaks in its last attribution (`_source_kind`)


def _article(doc: Doc, ix: DocIndex) -> _Article:
    got = ix.cache.get("modality.article")
    if isinstance(got, _Article):
        return got
    attributed = frozenset(doc.sentence_of(c.span.start) for c in doc.cues if c.kind == "attribution") \
        if doc.sentences else frozenset()
    n = max(1, len(doc.sentences))
    # a dateline ("أنقرة - واس") or a sign-off ("(رويترز)"): an agency cue or a media party at the article's edges
    edges = [(0, min(len(doc.text), 80)), (max(0, len(doc.text) - 60), len(doc.text))]
    agency = any(c.agency for lo, hi in edges
                 for c in ix.cues.overlapping(lo, hi)) or any(
        m.actor is not None and m.actor.kind == "media" for lo, hi in edges for m in ix.mentions.inside(lo, hi))
    speakers: dict[int, str] = {}
    for c in doc.cues:
        if c.kind != "attribution" or not doc.sentences:
            continue
        i = doc.sentence_of(c.span.start)
        sent = doc.sentences[i]
        src = cue_source(doc, c, sent)  # as the claims stage reads it: unnamed sources ("مصادر محلية") are unnamed
        if src is not None:
            speakers[i] = _source_kind(src)
    got = _Article(attribution_share=len(attributed) / n, agency=agency, attributed_sentences=attributed,
                   speakers=speakers)
    ix.cache["modality.article"] = got
    return got


def _source_kind(s: Source) -> str:
    """combatant, watcher, person or other by the dictionary; without it, unnamed ("مصادر محلية"، "ناشطون") or named
    (a body or person the dictionary does not know, named by its words: "خلية الإعلام الحربي")."""
    if s.actor is None:
        return "unnamed" if names_unnamed_source(s.name) else "named"
    if s.actor.kind == "person":
        return "person"
    if s.actor.kind in _COMBATANT:
        return "combatant"
    return "watcher" if s.actor.kind in _WATCHER else "other"


def features(doc: Doc, ix: DocIndex, ev: Event) -> tuple[float, ...]:
    """The event's feature values, in `FEATURES` order (the event as the claims stage left it)."""
    sent = _sentence(doc, ev)
    tpos = min((t.span.start for t in ev.triggers), default=ev.evidence.start)
    tend = max((t.span.end for t in ev.triggers), default=ev.evidence.end)
    cues = [c for c in ix.cues.starting(sent.start, sent.end) if c.kind in CUE_KINDS or c.kind == "framing"]
    on_trigger = [c for c in cues if any(c.span.overlaps(t.span) for t in ev.triggers)]
    around = [c for c in cues if c not in on_trigger or ev.type not in SPEECH_ACTS]
    before = {c.kind for c in around if c.span.start < tpos}
    after = {c.kind for c in around if c.span.start >= tend}
    attributions = [c for c in cues if c.kind == "attribution"]
    frame_end = sent.start + len(" ".join(doc.text[sent.start:sent.end].split()[:FRAME_WORDS]))
    trailing = False
    for c in attributions:
        if c.span.start >= tend:
            lead = doc.words.normalised(max(sent.start, c.span.start - 8), c.span.end)
            trailing = trailing or any(w in lead for w in _TRAILING)
    negations = [c for c in around if c.kind == "negation" and c.span.start < tpos]
    opening = doc.words.after(sent.start, 12)
    head = doc.text[sent.start:tpos]
    quoted = sum(head.count(q) for q in "«“") > sum(head.count(q) for q in "»”") or head.count('"') % 2 == 1
    art = _article(doc, ix)
    kinds = {_source_kind(s) for s in ev.sources}
    recipients = {m.actor.id for m in ev.recipients if m.actor is not None}
    hand = ev.modality
    back = next((k for k in range(SPEAKER_BACK + 1) if ev.sentence - k in art.attributed_sentences), None)
    speaker = art.speakers.get(ev.sentence - back, "") if back is not None else ""
    casualties = ev.killed is not None or ev.injured is not None
    party_source = any(_is_party(s, ev) for s in ev.sources)
    return (
        1.0,
        float(hand == "reported"), float(hand == "alleged"), float(hand == "speculative"), float(hand == "denied"),
        float(hand == "future"),
        *(float(k in before) for k in CUE_KINDS), *(float(k in after) for k in CUE_KINDS),
        float(any(ev.evidence.start <= c.span.start < ev.evidence.end for c in attributions)),
        float(any(c.span.start < frame_end and c.span.start <= tpos for c in attributions)),
        float(trailing),
        float(any(is_unnamed_source(c) for c in attributions)),
        float(any(tpos - c.span.end <= NEGATION_REACH for c in negations)),
        float(any(c.value in DENIAL_VERBS for c in negations)),
        float(any(c.kind == "future" for c in on_trigger)), float(any(c.kind == "hedge" for c in on_trigger)),
        float(bool(opening) and opening[0] in _CONTINUATION),
        float(bool(doc.sentences) and ev.sentence - 1 in art.attributed_sentences),
        float(quoted),
        float(bool(ev.sources)), math.log1p(len(ev.sources)),
        float(party_source),
        float("combatant" in kinds), float("watcher" in kinds), float("person" in kinds), float("unnamed" in kinds),
        float("named" in kinds),
        float(any(s.actor is not None and s.actor.id in recipients for s in ev.sources)),
        float(ev.type in SPEECH_ACTS), float(ev.type == "ASSAULT"), float(ev.type == "COERCE"),
        float(ev.type == "PROTEST"),
        float(ev.sentence == 0), float(tpos < doc.headline_end),
        art.attribution_share, float(art.agency),
        float(any(c.kind == "framing" for c in cues)),
        float(back == 1), float(back is not None and back > 1), float(0 in art.attributed_sentences),
        float(speaker == "combatant"), float(speaker == "watcher"), float(speaker == "person"),
        float(speaker == "unnamed"), float(speaker == "named"), float(casualties),
    )


def modality_keys(doc: Doc, ix: DocIndex, ev: Event) -> tuple[str, ...]:
    """The event's keys (see TAIL): each once, sorted."""
    keys = set(_sentence_keys(doc, ix, ev))
    for s in ev.sources:
        keys.update(_keys("src", doc.words.between(s.span.start, s.span.end) if s.span is not None
                          else norm(s.name).split()))
    return tuple(sorted(keys))


def _keys(kind: str, words: Iterable[str]) -> set[str]:
    """Each word's key and its classes' keys."""
    out: set[str] = set()
    for w in words:
        out.update(_word_keys(kind, w))
    return out


@lru_cache(maxsize=8192)
def _word_keys(kind: str, word: str) -> tuple[str, ...]:
    """A normalised word's key and its classes' keys, as `kind` reads them (none for a word too short: key_word)."""
    w = key_word(word)
    return (f"{kind}:{w}", *(f"{kind}:{c}" for c in key_classes(w))) if w else ()


def _sentence_keys(doc: Doc, ix: DocIndex, ev: Event) -> frozenset[str]:
    """The keys of the event's sentence and of the attribution cues in it and in the one before (made once per
    sentence: the events of a sentence share them)."""
    made: dict[tuple[int, int], frozenset[str]] = ix.memo("modality.sentence_keys", dict)
    sent = _sentence(doc, ev)
    got = made.get((sent.start, sent.end))
    if got is not None:
        return got
    names = ix.memo("modality.names", lambda: named_spans(doc))
    keys: set[str] = set()
    for kind, lo, hi in (("att", sent.start, sent.end), ("patt", *_previous(doc, ev))):
        for c in ix.cues.starting(lo, hi):
            if c.kind == "attribution":
                keys.update(_keys(kind, doc.words.between(c.span.start, c.span.end)))
    keys.update(_keys("sent", unnamed_words(doc, sent.start, sent.end, names)))
    got = made[(sent.start, sent.end)] = frozenset(keys)
    return got


def _previous(doc: Doc, ev: Event) -> tuple[int, int]:
    """The sentence before the event's (an empty span when it is the first)."""
    if not doc.sentences or ev.sentence == 0:
        return (0, 0)
    s = doc.sentences[ev.sentence - 1]
    return (s.start, s.end)


# The cue kinds that show a class (as the claims stage: a reported event's attribution is in its sources, no cue).
_CUE_FOR: dict[str, tuple[str, ...]] = {"alleged": ("allegation",), "speculative": ("hedge",), "denied": ("negation",),
                                        "future": ("future",)}


def _cue(doc: Doc, ix: DocIndex, ev: Event, mod: Modality) -> Span | None:
    """The cue that shows the chosen class: the hand rule's when it chose the same, else the nearest cue of the
    class's kind in the event's sentence (None for asserted, or when there is none)."""
    if mod == ev.modality:
        return ev.modality_cue
    sent = _sentence(doc, ev)
    tpos = min((t.span.start for t in ev.triggers), default=ev.evidence.start)
    found: list[Cue] = [c for c in ix.cues.starting(sent.start, sent.end) if c.kind in _CUE_FOR.get(mod, ())]
    if not found:
        return None
    return min(found, key=lambda c: (abs(c.span.start - tpos), c.span.start)).span


def choose(models: ModalityModels, values: Sequence[float], hand: Modality, cue: Cue | None = None,
           keys: Sequence[str] = ()) -> Modality:
    """An event's modality: the hand rule's where it stands (`hand_kept`), else the models' likeliest class."""
    if hand_kept(hand, cue):
        return hand
    return models.decide(values, keys)[0]


def relabel(doc: Doc, ix: DocIndex, ev: Event, models: ModalityModels) -> Event:
    """The event with the models' modality, the cue that shows it and its probability (`ModalityModels.shown`); the
    hand rule's cue classes stay, with no probability."""
    if hand_kept(ev.modality, marking_cue(doc, ix, ev)):
        return ev
    mod, share = models.decide(features(doc, ix, ev), modality_keys(doc, ix, ev))
    cue = ev.modality_cue if mod == ev.modality else _cue(doc, ix, ev, mod)
    return replace(ev, modality=mod, modality_cue=cue, modality_p=models.shown(share))


@dataclass(frozen=True)
class ModalityStage:
    """Relabels each event's modality with the learned models (`modality@1`, after `merge@1`). The models were
    trained on merged incidents, and the merging (its hand rule and its models) on the hand rule's modality: run
    ahead of merging (as scripts/train_merge.py runs the stages up to it), the stage leaves the events as they are."""

    models: ModalityModels | None = None  # None: the shipped models
    name: str = "modality"
    # 2: unnamed sources and agencies read from the cues' words (their values were never matched); 3: an agency read
    # from the cue list's `agency` flag (the words' test took وكالة's first letter for the conjunction); 4: the
    # models read the words around the event (`modality_keys`), and a particle's denial stands only right before the
    # event's verb (`marking_cue`); 5: the models' class carries its probability (`Event.modality_p`)
    version: str = "5"
    requires: tuple[str, ...] = ("events", "cues", "mentions")
    assigns: tuple[str, ...] = ("events",)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.events or "merge" not in doc.versions:
            return doc.assign(self.name, self.version, events=doc.events)
        models = self.models or shipped_models()
        ix = DocIndex.cached(doc)
        return doc.assign(self.name, self.version, events=tuple(relabel(doc, ix, ev, models) for ev in doc.events))


@register("modality@1")
def _modality_stage(settings: Settings) -> ModalityStage:
    del settings
    return ModalityStage()


__all__ = ["CLASSES", "FEATURES", "HAND_KEPT", "KEY_MIN", "MODEL_FILE", "TAIL", "TAIL_L2",
           "ModalityModels", "ModalityStage", "choose", "features", "hand_kept", "marking_cue", "modality_keys",
           "relabel", "shipped_models"]
