"""An event's scene: which of the article's place mentions is where it happened (clause, sentence, paragraph)."""

from __future__ import annotations

from rasd.doc import Doc
from rasd.model import Place, PlaceMention, Span
from rasd.stages.index import DocIndex
from rasd.text.normalise import norm
from rasd.text.place_context import DIRECTIONS, ENUMERATION, NAMED, PLACE_NOUNS, REFERENCE

# Precision rank of a place: the more specific, the better the event's place.
PLACE_RANK = {"site": 0, "neighbourhood": 1, "city": 2, "district": 3, "governorate": 4, "region": 5, "country": 6}
WIDE = frozenset({"country", "region"})

# Words before a place that make it a reference point for another ("عفرين شمال حلب", "قرب الحدود"), or a place
# left or passed through ("قادمين من", "عبر"), rather than the scene; with place_context's directions.
_NOT_SCENE = DIRECTIONS | frozenset(norm(w) for w in (
    "شمالا", "جنوبا", "شرقا", "غربا", "من", "عبر", "قرب", "بالقرب", "بعد", "مقابل", "باتجاه", "نحو",
))


def inside(span: Span, seg: Span) -> bool:
    return seg.start <= span.start and span.end <= seg.end


def _words_before(doc: Doc, pm: PlaceMention) -> list[str]:
    """The normalised words before a place name, its place nouns left out ("قادمة من مدينة المكلا": ... قادمة، من)."""
    before = doc.words.before(pm.span.start, 24)
    while before and before[-1] in PLACE_NOUNS:
        before.pop()
    return before


def reference_only(doc: Doc, pm: PlaceMention) -> bool:
    before = _words_before(doc, pm)
    return pm.role == REFERENCE or (bool(before) and before[-1] in _NOT_SCENE)


_NEAR = frozenset(norm(w) for w in ("قرب", "بالقرب", "قريبة", "قريب", "القريبة", "القريب", "مقربة"))


def _near_only(doc: Doc, pm: PlaceMention) -> bool:
    """Whether a place is told only as what the scene is near ("قرب مدينة إعزاز", "بالقرب من بلدة X"، "مواقع قريبة
    من الحسكة"): not the scene itself, but closer to it than the province told after it to locate that town, or than
    the country told as the scene ("غارات في سوريا ... قرب عين العرب")."""
    before = _words_before(doc, pm)
    if before and before[-1] == "من":
        before.pop()
    return bool(before) and before[-1] in _NEAR


def best_place(doc: Doc, cands: list[PlaceMention], anchor: int) -> PlaceMention | None:
    """The scene among the places of a scope: not a reference point, the most specific, the first told; a town the
    scene is near stands for it rather than the province told right after to locate that town, and rather than a
    country or region it lies in told as the only scene."""
    resolved = [p for p in cands if p.place is not None]
    if not resolved:
        return None
    scenes = [p for p in resolved if not reference_only(doc, p)] or resolved
    near = [p for p in resolved if _near_only(doc, p)]
    fine = [p for p in scenes if p.place is not None and p.place.precision not in WIDE] or [
        p for p in near if p.place is not None and p.place.precision not in WIDE
        and any(q.place is not None and within(q.place, p.place) for q in scenes)] or scenes
    nested = fine + [p for p in near if p not in fine]
    after = [p for p in fine if p.span.start >= anchor]
    if after:  # "قصف ... مناطق في X", "تحرير الرمادي": the place told after the trigger is its scene
        return innermost(after[0], nested)
    return innermost(fine[-1], nested)  # else the nearest before it


NESTING_GAP = 16  # characters between "X" and "في Y" (في اقليم، التابعة ل) for Y to be X's surroundings


def innermost(chosen: PlaceMention, cands: list[PlaceMention]) -> PlaceMention:
    """"منطقة ساريكاميس في اقليم كارس": the town, not the province told right after it to locate it."""
    assert chosen.place is not None
    for q in cands:
        if (q.place is not None and q.span.end <= chosen.span.start <= q.span.end + NESTING_GAP
                and PLACE_RANK[q.place.precision] < PLACE_RANK[chosen.place.precision]
                and within(chosen.place, q.place)):
            return q
    return chosen


def scenes(ix: DocIndex, seg: Span) -> list[PlaceMention]:
    """Distinct towns or provinces named as scenes (not reference points) in one clause."""
    out: list[PlaceMention] = []
    for pm in ix.scenes.inside(seg.start, seg.end):
        p = pm.place
        if p is None or reference_only(ix.doc, pm):
            continue
        if p.precision not in ("city", "district", "governorate", "site", "neighbourhood"):
            continue
        if all(abs(p.lat - q.place.lat) + abs(p.lon - q.place.lon) > 0.3 for q in out if q.place):
            out.append(pm)
    return out


def place_for(ix: DocIndex, clause: Span, sentence: int, anchor: int) -> PlaceMention | None:
    """The event's place: the learned choice among the article's place readings when one is active
    (rasd.stages.places_model), else the hand rule (hand_place)."""
    from rasd.stages.places_model import active_model, choose

    hand = hand_place(ix, clause, sentence, anchor)
    model = active_model()
    return hand if model is None else choose(model, ix, hand, clause, sentence, anchor)


def hand_place(ix: DocIndex, clause: Span, sentence: int, anchor: int) -> PlaceMention | None:
    """The hand rule's place for an event (see find_place); a place found in a list of many ("في محافظات حماه وحلب
    وحمص") stands for the country they share, as a tally over several provinces has no one scene."""
    found = find_place(ix, clause, sentence, anchor)
    if found is None or found.role != ENUMERATION or found.place is None:
        return finer_nearby(ix, found, sentence)
    country = found.place.country
    return next((p for p in ix.scenes if p.place is not None and p.place.precision == "country"
                 and p.place.country == country), found)


# A province, region or country as an event's scene gives way to the one town inside it that its sentence or the
# sentence before or after names for itself: the most specific place given ("غارات على مواقع في محافظة مأرب" told
# after "قتل ثلاثة في صرواح"). Two towns or more there, and the wide place stays.
FINER_REACH = 1  # sentences either side
_GIVES_WAY = WIDE | {"governorate"}
SAME_SPOT = 0.05  # degrees (lat + lon): one town named twice, or a town and its site


def finer_nearby(ix: DocIndex, found: PlaceMention | None, sentence: int) -> PlaceMention | None:
    """The one finer place inside `found` named within FINER_REACH sentences of the event's (see FINER_REACH)."""
    doc = ix.doc
    if found is None or found.place is None or found.place.precision not in _GIVES_WAY or not doc.sentences:
        return found
    lo = doc.sentences[max(0, sentence - FINER_REACH)].start
    hi = doc.sentences[min(len(doc.sentences) - 1, sentence + FINER_REACH)].end
    inner: list[PlaceMention] = []
    for p in ix.scenes.inside(lo, hi):
        if p.place is None or p.role != NAMED or reference_only(doc, p) or finer(found, p) is found:
            continue  # finer gives p only when p is more precise than found and lies inside it
        if not any(q.place is not None and _same_spot(q.place, p.place) for q in inner):
            inner.append(p)
    return inner[0] if len(inner) == 1 else found


def _same_spot(a: Place, b: Place) -> bool:
    return a.id == b.id or abs(a.lat - b.lat) + abs(a.lon - b.lon) <= SAME_SPOT


def find_place(ix: DocIndex, clause: Span, sentence: int, anchor: int) -> PlaceMention | None:
    """The event's place: its clause first, then its sentence, then the nearest earlier place in the paragraph."""
    doc = ix.doc
    sent = ix.sentence(sentence, clause)
    found = best_place(doc, ix.scenes.inside(clause.start, clause.end), anchor)
    if found:
        return found
    # outside its clause, the sentence's place told before the event (its setting) comes first
    in_sentence = ix.scenes.inside(sent.start, sent.end)
    found = best_place(doc, [p for p in in_sentence if p.span.start < anchor], anchor)
    if found:
        return found
    para = ix.paragraph(anchor, sent)
    # then the sentence before, within the paragraph (further back, a place belongs to another story); only then a
    # place told after the event in another clause of its sentence, which is more often that clause's own scene
    prev = doc.sentences[sentence - 1] if doc.sentences and sentence > 0 else sent
    floor = max(para.start, prev.start)
    earlier = ix.scenes.last_before(anchor, lambda p: p.place is not None, floor=floor)
    if earlier:
        return earlier
    found = best_place(doc, in_sentence, anchor)
    if found:
        return found
    earlier = ix.scenes.last_before(anchor, lambda p: p.place is not None and p.place.precision not in WIDE)
    if earlier:
        return earlier
    return dominant_country(ix)


def dominant_country(ix: DocIndex) -> PlaceMention | None:
    """The country most of the article's places lie in, when the article names it: the coarsest honest place."""
    cached: list[PlaceMention | None] = ix.cache.setdefault("dominant_country", [])
    if cached:
        return cached[0]
    votes: dict[str, int] = {}
    for p in ix.scenes:
        if p.place is not None and p.place.country:
            votes[p.place.country] = votes.get(p.place.country, 0) + 1
    top = max(votes, key=lambda c: votes[c]) if votes else None
    named = [p for p in ix.scenes if p.place is not None and p.place.precision == "country" and p.place.country == top]
    cached.append(named[0] if named else None)
    return cached[0]


def places_agree(pa: Place, pb: Place) -> bool:
    """Two places that can be the scene of one incident: the same spot, or a town and the province around it."""
    if pa.id == pb.id or abs(pa.lat - pb.lat) + abs(pa.lon - pb.lon) <= 0.3:
        return True
    for wide, narrow in ((pa, pb), (pb, pa)):
        if wide.precision in ("governorate", "region") and narrow.admin1 and narrow.admin1 == wide.admin1:
            return True
    return False


def within(wide: Place, narrow: Place) -> bool:
    """Whether `narrow` can lie in `wide`: its province, its country, or a wide region (جنوب اليمن) around it."""
    if places_agree(wide, narrow):
        return True
    if not wide.country or wide.country != narrow.country:
        return False
    return wide.precision == "country" or (
        wide.precision == "region" and abs(wide.lat - narrow.lat) + abs(wide.lon - narrow.lon) <= 3.0)


def finer(p: PlaceMention | None, q: PlaceMention | None) -> PlaceMention | None:
    """Of the places two mentions of one incident give, the more precise one inside the other: a lede's "جنوب
    اليمن" gives way to the town a later sentence names."""
    if p is None or p.place is None:
        return q if q is not None and q.place is not None else p
    if q is None or q.place is None:
        return p
    if PLACE_RANK[q.place.precision] < PLACE_RANK[p.place.precision] and within(p.place, q.place):
        return q
    return p
