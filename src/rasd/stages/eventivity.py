"""Eventivity: whether an event candidate is a specific happening the article reports, or a generic, habitual,
planned, opinion or background statement, or a misread word. A logistic model over the candidate's clause
(resources/data/models/eventivity.json, trained by scripts/train_merge.py on events aligned to gold) drops candidates
below its threshold before incidents are merged."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from rasd.doc import Doc
from rasd.model import Event
from rasd.stages.events import _toll_only, is_anaphoric, is_purpose
from rasd.stages.index import DocIndex
from rasd.stages.logistic import LogisticModel, load_model
from rasd.stages.scene import inside
from rasd.text.normalise import norm

MODEL_FILE = "eventivity.json"
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = ("asserted", "reported", "alleged", "speculative", "denied", "future")
# Words of generic or habitual statements, aims and tallies over time (a feature, weighed by the model).
_GENERIC = re.compile(r"(?<!\w)(?:" + "|".join(norm(w) for w in (
    "عادة", "دائما", "غالبا", "كثيرا", "يمكن", "قد", "سوف", "يجب", "ينبغي", "بهدف", "من اجل", "منذ", "خلال الاشهر",
    "خلال الشهر", "خلال العام", "حصيلة", "اجمالي", "مجموع", "حتى الان", "سنوات", "اعوام", "تاريخ", "ظاهرة",
    "سياسة", "استراتيجية", "مشروع", "رأي", "اعتقد", "نعتقد", "أرى",
)) + r")(?!\w)")
FEATURES = (
    "bias", *(f"type_{t}" for t in TYPES), *(f"modality_{m}" for m in MODALITIES), "verb", "ambiguous", "anaphoric",
    "purpose", "support", "named_actor", "agent_actor", "recipient", "counts", "toll_only", "date_in_sentence",
    "date_gap", "place_in_sentence", "place_wide", "no_place", "sources", "log_sentence", "position", "log_words",
    "quote", "generic_words", "question", "log_doc_events", "doc_assault_share", "triggers", "first_sentence",
)


def event_features(doc: Doc, ev: Event, events: Sequence[Event]) -> list[float]:
    """Features of one event candidate in its article (`events`: all candidates of the article)."""
    ix = DocIndex.cached(doc)
    sent = ix.sentence(ev.sentence, ev.evidence)
    text = norm(ev.evidence.text)
    pub, when = doc.article.published, ev.when
    gap = (pub - when.end).days if pub and when and when.span.text and when.end else 0
    place = ev.place.place if ev.place else None
    length = max(1, len(doc.text))
    values = {
        "bias": 1.0,
        **{f"type_{t}": float(ev.type == t) for t in TYPES},
        **{f"modality_{m}": float(ev.modality == m) for m in MODALITIES},
        "verb": float(any(t.pos == "verb" for t in ev.triggers)),
        "ambiguous": float(all(t.ambiguous for t in ev.triggers)),
        "anaphoric": float(all(t.pos == "noun" and is_anaphoric(doc, t) for t in ev.triggers)),
        "purpose": float(any(is_purpose(t, doc) for t in ev.triggers)),
        "support": ev.confidence,
        "named_actor": float(any(m.actor is not None and m.actor.kind != "agent" for m in ev.actors)),
        "agent_actor": float(any(m.actor is not None and m.actor.kind == "agent" for m in ev.actors)),
        "recipient": float(bool(ev.recipients)),
        "counts": float(bool(ev.killed or ev.injured or ev.captured)),
        "toll_only": float(_toll_only(ev)),
        "date_in_sentence": float(bool(when and when.span.text and inside(when.span, sent))),
        "date_gap": math.log1p(max(0, gap)),
        "place_in_sentence": float(bool(ev.place and inside(ev.place.span, sent))),
        "place_wide": float(place is not None and place.precision in ("country", "region")),
        "no_place": float(place is None),
        "sources": float(bool(ev.sources)),
        "log_sentence": math.log1p(ev.sentence),
        "position": ev.evidence.start / length,
        "log_words": math.log1p(len(text.split())),
        "quote": float(any(q in ev.evidence.text for q in ('"', "«", "“"))),
        "generic_words": float(bool(_GENERIC.search(text))),
        "question": float("?" in text),
        "log_doc_events": math.log1p(len(events)),
        "doc_assault_share": sum(e.type == "ASSAULT" for e in events) / max(1, len(events)),
        "triggers": math.log1p(len(ev.triggers)),
        "first_sentence": float(ev.sentence == 0),
    }
    return [values[name] for name in FEATURES]


@lru_cache(maxsize=1)
def shipped_model() -> LogisticModel:
    """The eventivity model shipped in the package."""
    return load_model(MODEL_FILE, FEATURES)


def specific_events(events: Sequence[Event], doc: Doc, model: LogisticModel | None = None) -> list[Event]:
    """The candidates the model takes for specific happenings (probability at or above its threshold)."""
    model = model or shipped_model()
    return [ev for ev in events if model.probability(event_features(doc, ev, events)) >= model.threshold]
