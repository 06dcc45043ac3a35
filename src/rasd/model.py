"""The record types every stage, store and interface shares: frozen, keyword-only, offsets into the original text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
Modality = Literal["asserted", "reported", "alleged", "speculative", "denied", "future"]
Precision = Literal["day", "week", "month", "year"]
GeoPrecision = Literal["site", "neighbourhood", "city", "district", "governorate", "country", "region"]
CountKind = Literal["killed", "injured", "captured"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Span:
    """A half-open character range [start, end) of the original article text, with the text it covers."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, kw_only=True, slots=True)
class Article:
    """One news article as read: the text is never changed after reading."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    source: str | None = None  # where it was read from: "file.jsonl:12", a URL, a WARC record id


@dataclass(frozen=True, kw_only=True, slots=True)
class Actor:
    """An identity from the actor dictionary (or a generic agent such as civilians)."""

    id: str
    name: str
    name_ar: str | None = None
    kind: str = "unknown"  # state, government, military, police, intelligence, armed_group, ... agent, person
    country: str | None = None
    parent: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Mention:
    """Words in the text naming an actor: resolved to an Actor, or kept unresolved with the reason."""

    span: Span
    actor: Actor | None = None
    label: str = "ORG"  # ORG, PERS, AGENT, GPE (state used as actor)
    via: str = "dictionary"  # dictionary, possessive, anaphora, tagger
    framing: tuple[str, ...] = ()  # the outlet's loaded words attached to it: الإرهابي، الاحتلال ...
    unresolved: str | None = None  # why it has no actor, when actor is None

    @property
    def key(self) -> str:
        return self.actor.id if self.actor else "?" + self.span.text


@dataclass(frozen=True, kw_only=True, slots=True)
class Place:
    """A gazetteer entry."""

    id: str
    name: str
    name_ar: str | None = None
    lat: float
    lon: float
    country: str | None = None
    admin1: str | None = None
    feature: str | None = None  # GeoNames feature code or our own: PRISON, CAMP, REGION
    population: int = 0
    precision: GeoPrecision = "city"
    geonameid: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class PlaceMention:
    """Words naming a place, the place chosen and the candidates rejected (with why)."""

    span: Span
    place: Place | None = None
    rejected: tuple[Place, ...] = ()
    reason: str | None = None  # why this candidate (or why none)
    role: str = "named"  # named; or reference, dateline, seat (rasd.text.place_context): not a place of the story


@dataclass(frozen=True, kw_only=True, slots=True)
class When:
    """A date interval with its precision, from words in the text (resolved against the publication date)."""

    span: Span
    start: dt.date | None = None
    end: dt.date | None = None
    precision: Precision = "day"
    relative: bool = False  # the words are relative to the publication date (أمس، الخميس الماضي)
    resolved: bool = True  # False when relative and no publication date was known
    time_of_day: str | None = None  # فجر، مساء، ليلة

    @property
    def iso(self) -> str | None:
        if not self.start:
            return None
        if self.precision == "month":
            return self.start.strftime("%Y-%m")
        if self.precision == "year":
            return str(self.start.year)
        return self.start.isoformat()


@dataclass(frozen=True, kw_only=True, slots=True)
class Count:
    """A casualty or capture count: a range (max None for open ranges) and whose casualties."""

    span: Span
    kind: CountKind
    min: int
    max: int | None
    whose: str | None = None  # the words naming the victims: مدنيين، مقاتلي قسد
    whose_actor: str | None = None  # actor id when resolved
    total: bool = True  # False for a part of a breakdown
    cue: Span | None = None  # the casualty word (قتيل، مقتل ...)
    aggregate: bool = False  # a toll over several happenings (حوادث متفرقة، 4 هجمات، منذ 20 يوليو), not one incident's


@dataclass(frozen=True, kw_only=True, slots=True)
class Cue:
    """A cue word: attribution (source), hedge, negation, future, allegation, framing."""

    span: Span
    kind: Literal["attribution", "hedge", "negation", "future", "allegation", "framing"]
    value: str | None = None
    speech: bool = False  # attribution by a verb of saying (قال، أكد، كشف): after it, ل marks whom it was said to
    agency: bool = False  # attribution to a news agency, channel, paper or correspondent (وكالة، مراسل، قناة)


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    """Whom the article attributes a claim to."""

    name: str
    span: Span | None = None
    actor: Actor | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Trigger:
    """Words that signal an event, with the PLOVER type and mode they carry."""

    span: Span
    type: str
    modes: tuple[str, ...] = ()
    lemma: str | None = None
    pos: str = "noun"  # noun, verb
    ambiguous: bool = False  # often not an event (عملية، ضربة، حملة): kept only with support from its clause


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    """One event in one article, each field backed by spans of the text."""

    type: str
    modes: tuple[str, ...] = ()
    actors: tuple[Mention, ...] = ()
    recipients: tuple[Mention, ...] = ()
    place: PlaceMention | None = None
    # how sure the place is: the probability that the annotators would place the event there, calibrated (None: no
    # place, or the place_p stage did not run; rasd.stages.place_confidence)
    place_p: float | None = None
    when: When | None = None
    killed: Count | None = None
    injured: Count | None = None
    captured: Count | None = None
    modality: Modality = "asserted"
    modality_cue: Span | None = None
    # the modality models' probability for the modality they chose, calibrated (None: the hand rule's cue decided, as
    # for a hedge, a plan, an accusation or a denial verb, or the models did not run)
    modality_p: float | None = None
    sources: tuple[Source, ...] = ()
    evidence: Span
    triggers: tuple[Trigger, ...] = ()
    sentence: int = 0
    confidence: float = 1.0
    # the eventivity model's probability that this is a specific happening the article reports (None: not judged, as
    # in an input of one sentence or with the filter off); an event under the threshold is set aside
    eventivity: float | None = None
    # the role labeller's (party key, P(actor), P(recipient)) for each party it chose, calibrated (empty: the hand
    # rules chose the parties, as for a set-aside event)
    party_probabilities: tuple[tuple[str, float, float], ...] = ()
    # why the article's events leave it out (the eventivity model: background, an aim, a generic statement); such an
    # event is still a report of its incident for incident fusion (Report.set_aside), never an event of the output
    set_aside: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Dropped:
    """Something a stage saw and did not keep, with why: never a silent None."""

    stage: str
    span: Span | None
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """What rasd found in one article."""

    article: Article
    events: tuple[Event, ...] = ()
    mentions: tuple[Mention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    dates: tuple[When, ...] = ()
    counts: tuple[Count, ...] = ()
    cues: tuple[Cue, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    versions: dict[str, str] = field(default_factory=dict)
    set_aside: tuple[Event, ...] = ()  # what the article tells of an incident in passing: read by fusion only


@dataclass(frozen=True, kw_only=True, slots=True)
class Incident:
    """One real-world event fused from the reports of many outlets or days."""

    id: str
    type: str
    events: tuple[tuple[str, int], ...]  # (article id, event index)
    claims: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # field -> (article id, value)
