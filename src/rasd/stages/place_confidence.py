"""How sure an event's place is: the probability that the annotators would place the event there (within the
referee's 25 km), from what the geocoder and the scene rule saw of it (models/place_confidence.json, trained by
scripts/train_place_confidence.py).

The stage `place_p@1` (in the default pipeline, last) sets `Event.place_p` on each event with a place: a logistic
model's probability through a Platt calibration fitted on out-of-fold events in training. It moves no decision: the
place is the one the scene rule chose. A low value marks a geocode to check (a far-off mention, a rare reading of an
ambiguous name, an article told across several countries).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Event, PlaceMention
from rasd.pipeline import register
from rasd.stages.logistic import LogisticModel, calibration_pair, linear, package_json, recalibrate, squash

MODEL_FILE = "place_confidence.json"
PRECISIONS = ("site", "neighbourhood", "city", "district", "governorate", "region", "country")
FEATURES = (
    "bias",
    # how fine the place is (a country is right more often than a village: it holds more)
    *(f"precision_{p}" for p in PRECISIONS),
    # where its name stands: in the event's evidence, its sentence, or how far off; told as a place of the story
    "in_evidence", "in_sentence", "log_chars_away", "named_role", "in_lead",
    # the name's readings: how many the geocoder rejected, a short name, one written for rasd (curated)
    "log_rejected", "short_name", "curated",
    # the article: the share of its places in this place's country, several countries, how often this place is told
    # and whether it is the most told
    "country_share", "several_countries", "log_told", "most_told",
)
SHORT = 3  # letters: a name this short is often another word or another place


@dataclass(frozen=True)
class PlaceConfidence:
    """The logistic model over `FEATURES` and the calibration of its probability."""

    model: LogisticModel
    calibration: tuple[float, float] = (0.0, 1.0)

    def to_json(self) -> dict[str, Any]:
        return {**self.model.to_json(), "calibration": list(self.calibration)}

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str) -> PlaceConfidence:
        return cls(model=LogisticModel.from_json(data, FEATURES, where),
                   calibration=calibration_pair(data.get("calibration", (0.0, 1.0)), where))

    def raw(self, values: tuple[float, ...]) -> float:
        """The model's own probability."""
        return squash(linear(self.model, values))

    def probability(self, values: tuple[float, ...]) -> float:
        """The probability shown: the model's through the calibration."""
        return recalibrate(self.raw(values), self.calibration)


@lru_cache(maxsize=1)
def shipped_model() -> PlaceConfidence:
    """The model shipped in the package (read once, on first use)."""
    return PlaceConfidence.from_json(package_json(MODEL_FILE), MODEL_FILE)


@dataclass(frozen=True)
class ArticlePlaces:
    """What does not depend on the event: the article's resolved places by country and by id."""

    countries: Counter[str]
    told: Counter[str]
    resolved: int
    most_told: int  # how often the most told place is told (0: none resolved)


def article_places(doc: Doc) -> ArticlePlaces:
    """The article's resolved place mentions counted by country and by place (made once a document)."""
    places = [pm.place for pm in doc.places if pm.place is not None]
    told = Counter(p.id for p in places)
    return ArticlePlaces(countries=Counter(p.country or "" for p in places), told=told, resolved=len(places),
                         most_told=max(told.values(), default=0))


def features(doc: Doc, ev: Event, art: ArticlePlaces | None = None) -> tuple[float, ...] | None:
    """The event's place's feature values in `FEATURES` order; None when it has no place."""
    pm: PlaceMention | None = ev.place
    if pm is None or pm.place is None:
        return None
    art = art or article_places(doc)
    place, span, evidence = pm.place, pm.span, ev.evidence
    sent = doc.sentences[ev.sentence] if doc.sentences and ev.sentence < len(doc.sentences) else evidence
    away = 0 if evidence.start <= span.start < evidence.end else min(abs(span.start - evidence.end),
                                                                      abs(evidence.start - span.end))
    told = art.told[place.id]
    lead_end = doc.sentences[0].end if doc.sentences else 0
    return (
        1.0,
        *(float(place.precision == p) for p in PRECISIONS),
        float(evidence.start <= span.start < evidence.end), float(sent.start <= span.start < sent.end),
        math.log1p(away), float(pm.role == "named"), float(span.start < lead_end),
        math.log1p(len(pm.rejected)), float(len(span.text.replace(" ", "")) <= SHORT),
        float(place.id.startswith("rasd:")),
        art.countries[place.country or ""] / max(1, art.resolved), float(len(art.countries) > 1), math.log1p(told),
        float(told > 0 and told == art.most_told),
    )


def relabel(doc: Doc, events: tuple[Event, ...], model: PlaceConfidence) -> tuple[Event, ...]:
    """Each event with `place_p` set (None where it has no place)."""
    art = article_places(doc)
    out = []
    for ev in events:
        values = features(doc, ev, art)
        p = None if values is None else round(model.probability(values), 4)
        out.append(ev if p == ev.place_p else replace(ev, place_p=p))
    return tuple(out)


@dataclass(frozen=True)
class PlaceConfidenceStage:
    """Sets each event's `place_p` (`place_p@1`, last in the default pipeline)."""

    model: PlaceConfidence | None = None  # None: the shipped one
    name: str = "place_p"
    version: str = "1"
    requires: tuple[str, ...] = ("events", "places")
    assigns: tuple[str, ...] = ("events",)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.events:
            return doc.assign(self.name, self.version, events=doc.events)
        return doc.assign(self.name, self.version, events=relabel(doc, doc.events, self.model or shipped_model()))


@register("place_p@1")
def _place_confidence_stage(settings: Settings) -> PlaceConfidenceStage:
    del settings
    return PlaceConfidenceStage()


__all__ = ["FEATURES", "MODEL_FILE", "ArticlePlaces", "PlaceConfidence", "PlaceConfidenceStage", "article_places",
           "features", "relabel", "shipped_model"]
