"""The learned choice of an event's place: every reading of every place name in the article, ranked by a logistic
model over where the name stands, what the reading is and what the hand rule (rasd.stages.scene) chose."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from rasd.model import Place, PlaceMention, Span
from rasd.stages.index import DocIndex
from rasd.stages.logistic import LogisticModel, load_model, squash
from rasd.text.normalise import norm
from rasd.text.place_context import DATELINE, ENUMERATION, PLACE_NOUNS, REFERENCE, SEAT

MODEL_FILE = "places.json"
# Ship the learned choice as the default only when cross-validation shows it beats the hand rule (see the models
# README): today it does not, beyond the bootstrap noise, so it is off unless asked for.
DEFAULT_LEARNED = False
READINGS = 4  # the chosen reading of a name and its best rejected ones

# Readings of a name, and where the name stands in the article: the same for every event of the article.
STATIC = (
    "bias", "chosen_reading", "unresolved_name", "rejected_rank", "country", "region", "province", "city", "site",
    "log_population", "country_share", "mena", "curated", "near_other_place", "log_km_nearest", "log_mentions",
    "headline", "dateline", "seat", "reference", "enumeration", "after_fi", "after_bi", "after_place_noun",
    "common_word", "outside_countries", "ambiguous_or_short", "capital", "most_told_place", "first_told_place",
)
# Where the name stands relative to the event, and the hand rule's choice.
EVENT = (
    "hand_choice", "hand_place", "finer_than_hand", "no_hand_choice", "in_clause", "in_sentence", "in_prev_sentence",
    "in_paragraph", "after_trigger", "log_chars_from_trigger", "hand_wide", "wide_hand_most_told",
    "wide_hand_finer_in_sentence",
)
FEATURES = STATIC + EVENT
_MOST_TOLD = STATIC.index("most_told_place")
MENA = frozenset("SY IQ TR IR IL PS LB JO SA AE QA BH KW OM YE EG LY SD TN DZ MA MR SO AF PK".split())
_PRECISION = {"country": "country", "region": "region", "governorate": "province", "district": "province",
              "city": "city", "site": "site", "neighbourhood": "site"}
_FI = frozenset(norm(w) for w in ("في", "وفي", "داخل"))
_SCENE_RANK = {"site": 0, "neighbourhood": 1, "city": 2, "district": 3, "governorate": 4, "region": 5, "country": 6}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of one place name of the article, with its event-independent features."""

    mention: PlaceMention
    place: Place
    static: tuple[float, ...]


def km(a: Place, b: Place) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _readings(pm: PlaceMention) -> list[Place]:
    out = [pm.place] if pm.place is not None else []
    out += [r for r in pm.rejected if pm.place is None or r.id != pm.place.id]
    return out[:READINGS]


def candidates(ix: DocIndex) -> list[Candidate]:
    """Every reading of every place name of the article (computed once per document)."""
    cached: list[list[Candidate]] = ix.cache.setdefault("place_candidates", [])
    if cached:
        return cached[0]
    doc = ix.doc
    named = [pm for pm in doc.places if _readings(pm)]
    resolved = [pm for pm in doc.places if pm.place is not None]
    countries: dict[str, int] = {}
    for pm in resolved:
        assert pm.place is not None
        if pm.place.country:
            countries[pm.place.country] = countries.get(pm.place.country, 0) + 1
    n_resolved = max(1, len(resolved))
    told = [pm.place for pm in resolved if pm.role != DATELINE and pm.place is not None]
    counts = [sum(km(p, q) <= 25.0 for q in told) for p in told]
    most = max(counts, default=0)
    most_told = [p for p, c in zip(told, counts, strict=True) if c == most and most > 1]
    out: list[Candidate] = []
    for pm in named:
        before = doc.words.before(pm.span.start, 24)
        prev = before[-1] if before else ""
        reason = pm.reason or ""
        for rank, place in enumerate(_readings(pm)):
            others = [q.place for q in resolved if q is not pm and q.place is not None]
            dists = [km(place, q) for q in others]
            nearest = min(dists, default=5000.0)
            same = 1 + sum(d <= 25.0 for d in dists)
            precision = _PRECISION.get(place.precision, "city")
            values = [
                1.0, float(pm.place is not None and rank == 0), float(pm.place is None), rank / READINGS,
                *(float(precision == p) for p in ("country", "region", "province", "city", "site")),
                math.log10(place.population + 10) / 7, countries.get(place.country or "", 0) / n_resolved,
                float(place.country in MENA), float(place.id.startswith("rasd:")), float(nearest <= 50.0),
                math.log10(1 + nearest) / 4, math.log(same) / 2,
                float(pm.span.start < doc.headline_end), float(pm.role == DATELINE), float(pm.role == SEAT),
                float(pm.role == REFERENCE or _reference(before)), float(pm.role == ENUMERATION),
                float(prev in _FI), float(prev in ("ب", "وب") or doc.text[pm.span.start:pm.span.start + 1] == "ب"),
                float(prev in PLACE_NOUNS),
                float("common word" in reason or "ordinary word" in reason or "title" in reason
                      or "agency" in reason),
                float("outside the document" in reason), float("ambiguous" in reason or "short name" in reason),
                float(place.feature == "PPLC"), float(any(km(place, p) <= 25.0 for p in most_told)),
                float(bool(told) and km(place, told[0]) <= 25.0),
            ]
            out.append(Candidate(pm, place, tuple(values)))
    cached.append(out)
    return out


def _reference(before: list[str]) -> bool:
    from rasd.stages.scene import _NOT_SCENE

    words = list(before)
    while words and words[-1] in PLACE_NOUNS:
        words.pop()
    return bool(words) and words[-1] in _NOT_SCENE


def event_features(ix: DocIndex, cand: Candidate, hand: PlaceMention | None, clause: Span, sentence: int,
                   anchor: int) -> tuple[float, ...]:
    """Where the candidate's name stands relative to the event (its clause, sentence, trigger) and the hand rule."""
    doc = ix.doc
    pm, place = cand.mention, cand.place
    sent = ix.sentence(sentence, clause)
    prev = doc.sentences[sentence - 1] if doc.sentences and sentence > 0 else sent
    para = ix.paragraph(anchor, sent)
    start = pm.span.start
    hp = hand.place if hand is not None else None
    is_hand = hand is not None and hp is not None and hand.span.start == start and hp.id == place.id
    same_place = hp is not None and (hp.id == place.id or km(hp, place) <= 25.0)
    finer = hp is not None and _SCENE_RANK.get(place.precision, 2) < _SCENE_RANK.get(hp.precision, 2) and (
        hp.country == place.country and (hp.precision == "country" or km(hp, place) <= 150.0))
    wide = hp is not None and hp.precision in ("country", "region", "governorate")
    in_sentence = sent.start <= start < sent.end
    return (
        float(is_hand), float(same_place), float(finer), float(hp is None),
        float(clause.start <= start < clause.end), float(in_sentence),
        float(prev.start <= start < prev.end and prev is not sent), float(para.start <= start < para.end),
        float(start >= anchor), math.log10(1 + abs(start - anchor)) / 4,
        float(wide), float(wide and cand.static[_MOST_TOLD] == 1.0), float(wide and finer and in_sentence),
    )


def rows(ix: DocIndex, hand: PlaceMention | None, clause: Span, sentence: int,
         anchor: int) -> list[tuple[Candidate, list[float]]]:
    """Each candidate with its full feature vector (STATIC + EVENT), for training and explanation."""
    return [(c, [*c.static, *event_features(ix, c, hand, clause, sentence, anchor)]) for c in candidates(ix)]


def choose(model: LogisticModel, ix: DocIndex, hand: PlaceMention | None, clause: Span, sentence: int,
           anchor: int) -> PlaceMention | None:
    """The candidate the model ranks first (the hand rule's choice when the article names no place)."""
    cands = candidates(ix)
    if not cands:
        return hand
    n = len(STATIC)
    ws, we = model.weights[:n], model.weights[n:]
    by_model: dict[int, list[float]] = ix.cache.setdefault("place_static_scores", {})
    statics = by_model.get(id(model))
    if statics is None:
        statics = by_model[id(model)] = [sum(w * x for w, x in zip(ws, c.static, strict=True)) for c in cands]
    best: tuple[float, Candidate] | None = None
    for c, static in zip(cands, statics, strict=True):
        z = static + sum(w * x for w, x in zip(we, event_features(ix, c, hand, clause, sentence, anchor),
                                               strict=True))
        if best is None or z > best[0]:
            best = (z, c)
    assert best is not None
    z, c = best
    pm = c.mention
    if hand is not None and hand.place is not None and hand.span == pm.span and hand.place.id == c.place.id:
        return hand
    p = squash(z)
    rejected = tuple(r for r in _readings(pm) if r.id != c.place.id)
    return replace(pm, place=c.place, rejected=rejected,
                   reason=f"learned place choice (p={p:.2f}); hand rule: {_name(hand)}; name: {pm.reason or ''}")


def _name(pm: PlaceMention | None) -> str:
    return "none" if pm is None or pm.place is None else f"{pm.place.name} at {pm.span.start}"


_ACTIVE: list[LogisticModel | None] = []  # an override set by using_model (cross-validation), innermost last
_SHIPPED: list[LogisticModel] = []


def active_model() -> LogisticModel | None:
    """The model place_for uses: an override, else the shipped one when the learned choice is the default."""
    if _ACTIVE:
        return _ACTIVE[-1]
    if not DEFAULT_LEARNED:
        return None
    if not _SHIPPED:
        _SHIPPED.append(load_model(MODEL_FILE, FEATURES))
    return _SHIPPED[0]


@contextmanager
def using_model(model: LogisticModel | None) -> Iterator[None]:
    """Within the block, events get their place from `model` (None: the hand rule)."""
    _ACTIVE.append(model)
    try:
        yield
    finally:
        _ACTIVE.pop()


def shipped() -> LogisticModel:
    return load_model(MODEL_FILE, FEATURES)


__all__: Sequence[str] = ("FEATURES", "Candidate", "active_model", "candidates", "choose", "rows", "shipped",
                          "using_model")
