"""Learned roles: for each (event, party mention) near the event's triggers, whether the party is the event's
actor, its recipient or neither, from two logistic models (models/roles.json, trained by scripts/train_roles.py).

Besides the fixed FEATURES, each candidate has lexical keys read from the token layer: the word before the mention,
the word after it, and the trigger's lemma on the mention's side of it ("قصف" with the party after it). Each key
seen often enough in training is a feature of its own (the vocabulary is the training's, kept in the model file).

The stage `roles@1` (in the default pipeline, after `merge@1`) relabels every event's actors and recipients with the
models; the hand rules' (`rasd.stages.roles.assign_roles`) decision is one of the features.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Event, Mention, Trigger
from rasd.pipeline import register
from rasd.stages.index import DocIndex
from rasd.stages.logistic import (
    LogisticModel,
    calibration_pair,
    keyed_probability,
    package_json,
    recalibrate,
    tail_weights,
)
from rasd.stages.roles import (
    CASUALTY_LEMMAS,
    CLAUSE_BREAKS,
    WINDOW,
    _marker,
    _passive_plural,
    is_exposed_to,
    is_location,
    is_victim,
)
from rasd.text.normalise import norm
from rasd.text.tokens import without_conjunction

MODEL_FILE = "roles.json"
WORD = "w_"  # the prefix of the lexical features (their vocabulary is chosen by the training)
ROLES = ("actor", "recipient")
# How far (characters) from a trigger a party may stand to be a candidate (the hand rule's window, and a little more:
# the learned model may take a subject the rule's window cut).
REACH = WINDOW + 60

_SPEECH = frozenset(norm(w) for w in (
    "قال", "قالت", "أعلن", "أعلنت", "أفاد", "أفادت", "ذكر", "ذكرت", "أكد", "أكدت", "صرح", "أوضح", "أوضحت", "أضاف",
    "أضافت", "نقل", "نقلت", "بحسب", "حسب", "وفق", "وفقا", "عن", "أشار", "أشارت", "بيان", "متحدث", "المتحدث", "لسان",
    "يقول", "تقول", "أورد", "أوردت", "كشف", "كشفت", "نقلا",
))
_THAT = frozenset(norm(w) for w in ("إن", "أن", "ان", "بأن", "فإن"))
_CLAIM = tuple(norm(w) for w in ("تبنى", "تبنت", "يتبنى", "مسؤولية", "مسؤوليته", "مسؤوليتها", "مسئولية", "مسئوليته"))
_FOIL = tuple(norm(w) for w in ("أحبط", "أحبطت", "إحباط", "احباط", "تصدت", "تصدى", "صد", "أفشل", "افشال"))
_BY = frozenset(norm(w) for w in ("قبل", "يد", "أيدي", "بأيدي", "ايدي"))
_PARTITIVE = frozenset({"من"})
_SECURITY = frozenset({"military", "police", "government", "intelligence", "state"})
_VERBAL = frozenset({"CONSULT", "AGREE", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "CONCEDE"})
_DAMMA = "\u064f"
_RELATIVES = frozenset(norm(w) for w in ("التي", "الذي", "الذين", "اللتين", "اللذين", "التى"))
# Words of affiliation: the party after them is the patron of the one before ("القوات التابعة للنظام",
# "الميليشيات الموالية لإيران").
_AFFILIATION = frozenset(norm(w) for w in (
    "التابع", "التابعة", "تابع", "تابعة", "التابعين", "تابعين", "التابعون", "الموالي", "الموالية", "موال", "موالية",
    "الموالين", "موالين", "الموالون", "المدعوم", "المدعومة", "مدعوم", "مدعومة", "المدعومين", "المقرب", "المقربة",
    "المقربين", "مقرب", "مقربة",
))
# Things an attack hits (positions, camps, convoys, patrols, vehicles, depots, buildings): the party that owns one
# ("مواقع الحوثيين", "عربتين للحوثيين", "دوريتين لمليشيا الحوثي", "معسكر اللواء 55 التابع لميليشيات الحوثي") is the
# attack's target, not its agent.
_THINGS = frozenset(norm(w) for base in (
    "مواقع", "موقع", "موقعا", "معسكر", "معسكرا", "معسكرات", "رتل", "رتلا", "أرتال", "عربة", "عربات", "عربتين",
    "آلية", "آليات", "مقر", "مقرا", "مقرات", "حاجز", "حاجزا", "حواجز", "نقطة", "نقاط", "مخزن", "مخازن", "مستودع",
    "مستودعات", "وكر", "وكرا", "أوكار", "معقل", "معاقل", "تجمع", "تجمعات", "مركز", "مركزا", "مراكز", "منزل", "منازل",
    "دبابة", "دبابات", "طقم", "طقما", "أطقم", "سيارة", "سيارات", "مدرعة", "مدرعات", "قاعدة", "قواعد", "ثكنة",
    "ثكنات", "مخبأ", "مخابئ", "تحصينات", "دفاعات", "منشأة", "منشآت", "مدفعية", "قافلة", "قوافل", "طائرة",
    "سفينة", "زورق", "مبنى", "مباني", "دورية", "دوريات", "دوريتين", "موكب", "مواكب", "حافلة", "حافلات", "مركبة",
    "مركبات", "عجلة", "عجلات", "كتيبة", "مخفر", "مخافر", "سجن", "مطار", "مستشفى", "مدرسة",
) for w in (base, "ال" + base))
_OWN_PROCLITICS = frozenset({"ل", "لل", "ال", "وال", "ولل"})
# the accusatives after an indefinite thing ("رتلا عسكريا تابعا لـ"), which _AFFILIATION lacks
_AFFILIATED = frozenset(norm(w) for w in ("تابعا", "مواليا", "مدعوما"))

SHARED_FEATURES = (
    "bias", "hand_actor", "hand_recipient", "before", "after", "log_words", "same_clause", "in_window",
    "nearest_before", "nearest_after", "first_after_verb", "marker_target", "marker_agent", "marker_mutual",
    "by_before", "partitive_before", "speech_before", "that_after", "speech_between", "attribution_near",
    "is_source", "claim_near", "foil_near", "victim", "location", "counted", "kind_state", "kind_security",
    "kind_armed", "kind_agent", "kind_person", "unresolved", "in_headline", "trigger_verb", "casualty",
    "passive", "type_assault", "type_coerce", "type_protest", "type_verbal", "before_verb", "after_verb",
    "before_casualty", "after_casualty", "victim_assault", "hand_both_none", "mentions_in_reach",
    "other_sentence", "sentence_before", "lead_sentence", "log_key_count", "doc_actor_share",
    "doc_recipient_share", "armed_before", "state_before", "security_before", "named_after", "victim_after",
    "relative_between", "speech_verbal", "first_after_verbal", "second_after", "adjacent_after_noun",
    "patron_before", "owns_thing",
)
# A verbal event (a meeting, a call, an accusation) sets its parties out otherwise than an attack: "دعا X Y إلى"
# has the speaker first and whom it asks second, "ندد X بـY" the accused after a preposition. These features are
# also given again for verbal events alone, so each model learns how verbal events differ from the rest (feature
# augmentation: the shared weight holds for all, the verbal copy adds what differs).
VERBAL_COPIED = (
    "hand_actor", "hand_recipient", "before", "after", "log_words", "same_clause", "nearest_before",
    "nearest_after", "first_after_verb", "by_before", "partitive_before", "speech_before", "that_after",
    "is_source", "victim", "kind_state", "kind_security", "kind_armed", "kind_agent", "kind_person",
    "unresolved", "trigger_verb", "other_sentence", "second_after", "adjacent_after_noun",
)
_COPIED_AT = tuple(SHARED_FEATURES.index(f) for f in VERBAL_COPIED)
FEATURES = (*SHARED_FEATURES, *(f"verbal_{f}" for f in VERBAL_COPIED))


@dataclass(frozen=True)
class RoleModels:
    """The actor and recipient models (one-vs-rest logistic regressions over `FEATURES`). An event's likeliest
    party for a role takes it at the model's threshold; each further party needs `more` (most events have one)."""

    actor: LogisticModel
    recipient: LogisticModel
    actor_more: float = 0.5
    recipient_more: float = 0.5
    # (intercept, slope) over the logit of each model's probability, fitted on out-of-fold probabilities in training:
    # what the output shows as a party's `p` (the decisions read the models' own probabilities and thresholds)
    actor_calibration: tuple[float, float] = (0.0, 1.0)
    recipient_calibration: tuple[float, float] = (0.0, 1.0)

    def to_json(self) -> dict[str, Any]:
        return {"features": list(FEATURES), "actor": self.actor.to_json(), "recipient": self.recipient.to_json(),
                "actor_more": self.actor_more, "recipient_more": self.recipient_more,
                "actor_calibration": list(self.actor_calibration),
                "recipient_calibration": list(self.recipient_calibration)}

    def calibrated(self, pa: float, pr: float) -> tuple[float, float]:
        """The probabilities shown for a party: the models' (pa, pr) through their calibration."""
        return recalibrate(pa, self.actor_calibration), recalibrate(pr, self.recipient_calibration)

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str) -> RoleModels:
        for role in ROLES:
            if role not in data:
                raise ValueError(f"{where}: no {role!r} model")
        return cls(actor=LogisticModel.from_json(data["actor"], FEATURES, f"{where} (actor)", open_tail=WORD),
                   recipient=LogisticModel.from_json(data["recipient"], FEATURES, f"{where} (recipient)",
                                                     open_tail=WORD),
                   actor_more=float(data.get("actor_more", 0.5)),
                   recipient_more=float(data.get("recipient_more", 0.5)),
                   actor_calibration=calibration_pair(data.get("actor_calibration", (0.0, 1.0)), where),
                   recipient_calibration=calibration_pair(data.get("recipient_calibration", (0.0, 1.0)), where))

    @cached_property
    def lexical(self) -> tuple[dict[str, float], dict[str, float]]:
        """The actor and recipient models' weights of lexical keys, by key."""
        return lexical_weights(self.actor), lexical_weights(self.recipient)


def lexical_weights(model: LogisticModel) -> dict[str, float]:
    """A model's weights of its lexical features, by key (the feature name without WORD)."""
    return tail_weights(model, WORD)


def lexical_keys(m: Mention, t: Trigger, prev_words: Sequence[str], next_word: str) -> tuple[str, ...]:
    """A candidate's lexical keys: the word before the mention, the word after it, and the trigger's lemma on the
    mention's side of the trigger."""
    side = "before" if m.span.end <= t.span.start else "after" if m.span.start >= t.span.end else "in"
    keys = [f"lemma:{t.lemma or t.type}:{side}"]
    if prev_words:
        keys.append(f"prev:{without_conjunction(prev_words[-1])}")  # "وشنت" and "شنت" are one key
    if next_word:
        keys.append(f"next:{without_conjunction(next_word)}")
    return tuple(keys)


def decide(scores: dict[str, tuple[float, float]], first: tuple[float, float], more: tuple[float, float],
           near: set[str] | None = None) -> tuple[list[str], list[str]]:
    """Actor and recipient parties of one event from each party's (actor, recipient) probabilities: per role, the
    likeliest party at the `first` threshold, further ones at `more`; a party is an actor only where its actor
    probability is at least its recipient one; the recipients are chosen among the rest. Parties named in the
    event's own sentences (`near`; all when None) come first; another sentence's party fills a role only when none of
    them does."""
    def pick(role: int, keys: list[str]) -> list[str]:
        chosen: list[str] = []
        for k in sorted(keys, key=lambda k: -scores[k][role]):
            p = scores[k][role]
            if p >= (more[role] if chosen else first[role]) and (role == 1 or p >= scores[k][1]):
                chosen.append(k)
        return chosen

    inner = [k for k in scores if near is None or k in near]
    outer = [k for k in scores if near is not None and k not in near]
    actors = pick(0, inner) or pick(0, outer)[:1]
    rest = [k for k in inner if k not in actors]
    recipients = pick(1, rest) or pick(1, [k for k in outer if k not in actors])[:1]
    return actors, recipients


@lru_cache(maxsize=1)
def shipped_models() -> RoleModels:
    """The models shipped in the package (read once, on first use)."""
    return RoleModels.from_json(package_json(MODEL_FILE), MODEL_FILE)


@dataclass(frozen=True)
class Candidate:
    """A party mention near one event, with its features."""

    mention: Mention
    trigger: Trigger
    values: tuple[float, ...]
    own: bool = True  # in the sentence of one of the event's triggers
    words: tuple[str, ...] = ()  # lexical keys (`lexical_keys`)


def _kind(m: Mention) -> str:
    if m.actor is None:
        return "unresolved"
    if m.actor.kind == "agent":
        return "agent"
    if m.actor.kind in ("armed_group", "militia"):
        return "armed"
    if m.actor.kind == "person":
        return "person"
    if m.actor.kind == "state":
        return "state"
    return "security" if m.actor.kind in _SECURITY else "other"


def _nearest(m: Mention, triggers: Sequence[Trigger]) -> Trigger:
    return min(triggers, key=lambda t: (abs(m.span.start - t.span.start), t.span.start))


def candidates(doc: Doc, ix: DocIndex, ev: Event) -> list[Candidate]:
    """Party mentions near the event's triggers: within REACH in a trigger's sentence, and anywhere in the sentence
    before it and in the lead sentence (cross-validation found the sentence after it adds more noise than parties);
    the hand rule's own actors and recipients are always among them."""
    from rasd.stages.events import _party

    triggers = ev.triggers or (Trigger(span=ev.evidence, type=ev.type),)
    seen: dict[tuple[int, int], Mention] = {}
    own: set[int] = set()
    for t in triggers:
        if not doc.sentences:
            for m in ix.mentions.inside(max(0, t.span.start - REACH), t.span.end + REACH):
                seen.setdefault((m.span.start, m.span.end), m)
            continue
        s = doc.sentence_of(t.span.start)
        own.add(s)
        sent = doc.sentences[s]
        for m in ix.mentions.inside(max(sent.start, t.span.start - REACH), min(sent.end, t.span.end + REACH)):
            seen.setdefault((m.span.start, m.span.end), m)
        for other in {s - 1, 0} - {s}:
            if 0 <= other < len(doc.sentences):
                span = doc.sentences[other]
                for m in ix.mentions.inside(span.start, span.end):
                    seen.setdefault((m.span.start, m.span.end), m)
    for m in (*ev.actors, *ev.recipients):
        seen.setdefault((m.span.start, m.span.end), m)
    parties = [m for m in seen.values() if _party(m)]
    # "مسلحون من تنظيم داعش" folded by the hand rule stands for its "مسلحون" and its "تنظيم داعش"
    folded = [x.span for x in (*ev.actors, *ev.recipients) if x.via == "possessive"]
    ms = sorted((m for m in parties if not any(f.contains(m.span) and f != m.span for f in folded)),
                key=lambda m: (m.span.start, m.span.end))
    hand_a = {(m.span.start, m.span.end) for m in ev.actors}
    hand_r = {(m.span.start, m.span.end) for m in ev.recipients}
    sides: dict[int, _Sides] = {}
    out = []
    for m in ms:
        t = _nearest(m, triggers)
        side = sides.get(t.span.start)
        if side is None:
            side = sides[t.span.start] = _sides(doc, ms, t)
        facts = _facts(doc, ix, m)
        is_own = facts.sentence in own or not doc.sentences
        out.append(Candidate(mention=m, trigger=t, own=is_own,
                             values=_features(doc, ev, m, t, side, facts, hand_a, hand_r, is_own),
                             words=lexical_keys(m, t, facts.prev_words, facts.next_word)))
    return out


@dataclass(frozen=True)
class _Facts:
    """What does not depend on the event: a mention's words around it and its party (computed once a document)."""

    prev_words: tuple[str, ...]
    next_word: str
    owns_thing: bool  # the owner of a thing an attack hits: "مواقع الحوثيين", "آليات تابعة للتنظيم"
    mark: str | None
    kind: str
    victim: bool
    location: bool
    attribution: bool
    counted: bool
    claim_near: bool
    foil_near: bool
    sentence: int
    key_count: int  # how often the article names the party
    actor_share: float  # share of the article's events that the hand rules give the party as actor
    recipient_share: float  # ... as recipient


def _facts(doc: Doc, ix: DocIndex, m: Mention) -> _Facts:
    cache: dict[tuple[int, int, str], _Facts] = ix.cache.setdefault("roles.facts", {})
    got = cache.get((m.span.start, m.span.end, m.key))
    if got is not None:
        return got
    counts, as_actor, as_recipient = _party_tallies(doc, ix)
    n_events = max(1, len(doc.events))
    around = doc.words.normalised(m.span.start - 50, m.span.end + 50)
    prev = tuple(doc.words.before(m.span.start, 40)[-4:])
    nxt = doc.words.after(m.span.end, 12)[:1]
    got = _Facts(
        prev_words=prev[-3:], next_word=nxt[0] if nxt else "", owns_thing=_owns_thing(doc, m, prev),
        mark=_marker(doc, m), kind=_kind(m), victim=is_victim(m), location=is_location(doc, m),
        attribution=any(c.kind == "attribution" for c in ix.cues.overlapping(max(0, m.span.start - 30), m.span.end)),
        counted=any(c.whose and c.span.overlaps(m.span) for c in ix.counts.overlapping(m.span.start, m.span.end)),
        claim_near=any(w in around for w in _CLAIM), foil_near=any(w in around for w in _FOIL),
        sentence=doc.sentence_of(m.span.start) if doc.sentences else 0, key_count=counts[m.key],
        actor_share=as_actor[m.key] / n_events, recipient_share=as_recipient[m.key] / n_events)
    cache[(m.span.start, m.span.end, m.key)] = got
    return got


def _owns_thing(doc: Doc, m: Mention, prev: Sequence[str]) -> bool:
    """Whether the party owns a thing named right before it: in construct ("مواقع الحوثيين"), with ل ("عربتين
    للحوثيين", "حاجز رئيسي للحوثيين") or through a word of affiliation ("معسكر اللواء 55 التابع لميليشيات الحوثي")."""
    words = [without_conjunction(w) for w in prev]
    with_lam = m.span.start > 0 and doc.text[m.span.start - 1] == "ل"
    if words and words[-1] in _OWN_PROCLITICS:
        words = words[:-1]  # the mention's own proclitic, cut from it: "للحوثيين" read as "حوثيين"
    if not words:
        return False
    if words[-1] in _THINGS:
        return True
    if with_lam and len(words) > 1 and words[-2] in _THINGS:
        return True
    return (words[-1] in _AFFILIATION or words[-1] in _AFFILIATED) and any(w in _THINGS for w in words[:-1])


@dataclass(frozen=True)
class _Sides:
    """Where the candidates stand around one trigger: the start of the last one before it, of the first and second
    after it, and how many are within REACH."""

    last_before: int
    first_after: int
    second_after: int
    near: int
    sentence: int  # the trigger's sentence
    passive: bool  # its subject is who it befell: قتلوا، أصيبوا، قُتل، تعرض ... لهجوم


def _sides(doc: Doc, ms: Sequence[Mention], t: Trigger) -> _Sides:
    before = [x.span.start for x in ms if x.span.end <= t.span.start]
    after = sorted(x.span.start for x in ms if x.span.start >= t.span.end)
    return _Sides(last_before=max(before, default=-1), first_after=after[0] if after else -1,
                  second_after=next((x for x in after if x > after[0]), -1) if after else -1,
                  near=sum(1 for x in ms if abs(x.span.start - t.span.start) <= REACH),
                  sentence=doc.sentence_of(t.span.start) if doc.sentences else 0,
                  passive=_passive_plural(t) or _DAMMA in t.span.text[:3] or is_exposed_to(t, doc))


def _party_tallies(doc: Doc, ix: DocIndex) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """How often the article names each party, and in how many of its events the hand rules make it the actor and
    the recipient (computed once per document)."""
    def make() -> tuple[Counter[str], Counter[str], Counter[str]]:
        return (Counter(m.key for m in doc.mentions),
                Counter(k for ev in doc.events for k in {m.key for m in ev.actors}),
                Counter(k for ev in doc.events for k in {m.key for m in ev.recipients}))

    return ix.memo("roles.tallies", make)


def _features(doc: Doc, ev: Event, m: Mention, t: Trigger, side: _Sides, f: _Facts,
              hand_a: set[tuple[int, int]], hand_r: set[tuple[int, int]], own: bool) -> tuple[float, ...]:
    """The candidate's values of FEATURES: SHARED_FEATURES, then their verbal copies (zero for other events)."""
    verbal = ev.type in _VERBAL
    shared = _shared_features(doc, ev, m, t, side, f, hand_a, hand_r, own, verbal)
    return (*shared, *((shared[i] if verbal else 0.0) for i in _COPIED_AT))


def _shared_features(doc: Doc, ev: Event, m: Mention, t: Trigger, side: _Sides, f: _Facts,
                     hand_a: set[tuple[int, int]], hand_r: set[tuple[int, int]], own: bool,
                     verbal: bool) -> tuple[float, ...]:
    text = doc.text
    key = (m.span.start, m.span.end)
    before = m.span.end <= t.span.start
    after = m.span.start >= t.span.end
    gap = text[m.span.end:t.span.start] if before else text[t.span.end:m.span.start] if after else ""
    gap_start = m.span.end if before else t.span.end
    gap_words = doc.words.between(gap_start, gap_start + min(300, len(gap))) if gap else []
    trig_sentence = side.sentence
    nearest_before = before and m.span.start == side.last_before
    nearest_after = after and m.span.start == side.first_after
    prev_words = f.prev_words
    verb = t.pos == "verb"
    casualty = t.lemma in CASUALTY_LEMMAS
    passive = side.passive
    kind = f.kind
    victim = f.victim
    speech_before = any(w in _SPEECH for w in prev_words[-2:])
    is_source = any(s.span is not None and s.span.overlaps(m.span) for s in ev.sources) or (
        m.actor is not None and any(s.actor is not None and s.actor.id == m.actor.id for s in ev.sources))
    return (
        1.0,  # bias
        float(key in hand_a), float(key in hand_r), float(before), float(after), math.log1p(len(gap_words)),
        float(CLAUSE_BREAKS.isdisjoint(gap)),  # same_clause
        float(abs(m.span.start - t.span.start) <= WINDOW),  # in_window
        float(nearest_before), float(nearest_after), float(nearest_after and verb),
        float(f.mark == "target"), float(f.mark == "agent"), float(f.mark == "mutual"),
        float(bool(prev_words) and prev_words[-1] in _BY), float(bool(prev_words) and prev_words[-1] in _PARTITIVE),
        float(speech_before), float(f.next_word in _THAT),
        float(before and any(w in _SPEECH for w in gap_words)),  # speech_between
        float(f.attribution), float(is_source), float(f.claim_near), float(f.foil_near), float(victim),
        float(f.location), float(f.counted),
        float(kind == "state"), float(kind == "security"), float(kind == "armed"), float(kind == "agent"),
        float(kind == "person"), float(kind == "unresolved"),
        float(m.span.start < doc.headline_end), float(verb), float(casualty), float(passive),
        float(ev.type == "ASSAULT"), float(ev.type == "COERCE"), float(ev.type == "PROTEST"), float(verbal),
        float(before and verb), float(after and verb), float(before and casualty), float(after and casualty),
        float(victim and ev.type in ("ASSAULT", "COERCE")),  # victim_assault
        float(key not in hand_a and key not in hand_r),  # hand_both_none
        math.log1p(side.near),  # mentions_in_reach
        float(not own), float(not own and f.sentence < trig_sentence), float(not own and f.sentence == 0),
        math.log1p(f.key_count), f.actor_share, f.recipient_share,
        float(before and kind == "armed"), float(before and kind == "state"), float(before and kind == "security"),
        float(after and kind in ("armed", "state", "security", "person")), float(after and victim),
        float(any(w in _RELATIVES for w in gap_words)),  # relative_between
        float(verbal and speech_before), float(nearest_after and verb and verbal),
        float(after and m.span.start == side.second_after),  # second_after
        float(after and not verb and not gap_words),  # adjacent_after_noun
        float(any(without_conjunction(w) in _AFFILIATION for w in prev_words[-2:])),  # patron_before
        float(f.owns_thing),
    )


def probability(model: LogisticModel, values: Sequence[float], lexical: dict[str, float] | None = None,
                 words: Sequence[str] = ()) -> float:
    """As `LogisticModel.probability` over the values and the lexical keys' one-hot features, faster (the stage
    scores every candidate of every event)."""
    return keyed_probability(model, values, lexical or {}, words)


def relabel(doc: Doc, ix: DocIndex, ev: Event, models: RoleModels) -> Event:
    """The event with actors and recipients chosen by the models (`decide`); per party (actor id), the mention the
    models are surest about (highest probability of either role) stands for it, in text order."""
    scores: dict[str, tuple[float, float]] = {}
    shown: dict[str, Mention] = {}
    near: set[str] = set()
    lex_a, lex_r = models.lexical
    for c in candidates(doc, ix, ev):
        if c.own:
            near.add(c.mention.key)
        pa = probability(models.actor, c.values, lex_a, c.words)
        pr = probability(models.recipient, c.values, lex_r, c.words)
        k = c.mention.key
        if k not in scores or max(pa, pr) > max(scores[k]):
            scores[k] = (pa, pr)
            shown[k] = c.mention
    actors, recipients = decide(scores, (models.actor.threshold, models.recipient.threshold),
                                (models.actor_more, models.recipient_more), near)

    def mentions(keys: list[str]) -> tuple[Mention, ...]:
        return tuple(sorted((shown[k] for k in keys), key=lambda m: m.span.start))

    chosen = dict.fromkeys(actors + recipients)  # a party takes one role: each once
    return replace(ev, actors=mentions(actors), recipients=mentions(recipients),
                   party_probabilities=tuple((k, *models.calibrated(*scores[k])) for k in chosen))


@dataclass(frozen=True)
class RolesStage:
    """Relabels each event's actors and recipients with the learned models (off unless `roles@1` is in
    `Settings.stages`, after `merge@1`). Events the eventivity model set aside (told in passing, kept only as reports
    for incident fusion) keep the hand rules' parties: that halves the stage's cost, and on the 88 annotated
    incidents fusion links as well with them (docs/results_history.md, stop 30)."""

    models: RoleModels | None = None  # None: the shipped models
    name: str = "roles"
    version: str = "2"  # 2: set-aside events keep the hand rules' parties
    requires: tuple[str, ...] = ("events", "mentions", "counts", "cues")
    assigns: tuple[str, ...] = ("events",)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.events:
            return doc.assign(self.name, self.version, events=doc.events)
        models = self.models or shipped_models()
        ix = DocIndex.cached(doc)
        return doc.assign(self.name, self.version,
                          events=tuple(ev if ev.set_aside else relabel(doc, ix, ev, models) for ev in doc.events))


@register("roles@1")
def _roles_stage(settings: Settings) -> RolesStage:
    del settings
    return RolesStage()


__all__ = ["FEATURES", "MODEL_FILE", "WORD", "Candidate", "RoleModels", "RolesStage", "candidates", "decide",
           "lexical_keys", "lexical_weights", "probability", "relabel", "shipped_models"]
