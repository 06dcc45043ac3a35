"""The events stage: triggers become PLOVER events with actor, recipient, place, date and counts from their clause."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Count, Dropped, Event, Mention, Place, PlaceMention, Span, Trigger, When
from rasd.pipeline import register
from rasd.stages.roles import CASUALTY_LEMMAS, assign_roles, is_victim
from rasd.text.normalise import norm
from rasd.text.place_context import DATELINE, DIRECTIONS, ENUMERATION, PLACE_NOUNS, REFERENCE, SEAT
from rasd.text.segment import MIN_CLAUSE_WORDS, clauses

# Event types whose trigger is itself a casualty word: a count of the dead implies an attack.
CASUALTY_TYPE = "ASSAULT"
# Kinds of actors that are sources of claims rather than parties to events.
SOURCE_KINDS = frozenset({"media", "monitor"})
# Precision rank of a place: the more specific, the better the event's place.
_PLACE_RANK = {"site": 0, "neighbourhood": 1, "city": 2, "district": 3, "governorate": 4, "region": 5, "country": 6}


# Nouns that name the people an event affects (detainees, the wounded), not the event: counts carry them.
PARTICIPANT_NOUNS = frozenset(norm(w) for w in (
    "معتقل", "معتقلين", "معتقلون", "موقوف", "موقوفين", "موقوفون", "أسرى", "أسير", "رهائن", "رهينة", "جرحى",
    "قتلى", "قتيل", "مصابين", "مصابون", "سجناء", "محتجزين", "محتجزون", "مختطفين", "مختطفون", "شهداء", "شهيد",
    "ضحايا", "المعتقلين", "أسيرا",
))
DEMONSTRATIVES = frozenset(norm(w) for w in ("هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين"))
# Future and intention cues that let a purpose noun (لاستهداف، لشن هجوم) stand as a planned event.
SUPPORT_THRESHOLD = 1.4
# Causes of death that are not violence: with no weapon or attack word, such casualties are no ASSAULT.
_NON_VIOLENT = re.compile("|".join(norm(w) for w in (
    "حمى", "وباء", "الكوليرا", "كورونا", "مرض", "الامراض", "حادث سير", "حوادث السير", "حادث مروري", "انقلاب",
    "غرق", "زلزال", "فيضان", "فيضانات", "سيول", "الحر الشديد", "موجة حر", "صاعقة", "انهيار مبنى", "تسمم",
    "الحصبة", "شلل الأطفال", "الملاريا", "حمى الضنك", "الإيبولا", "الانفلونزا", "سوء التغذية", "المجاعة",
)))
# Words of ongoing fighting, which news tells for several towns at once (one event per town).
FIGHTING = tuple(norm(w) for w in ("اشتباك", "معارك", "معركة", "مواجه", "قتال", "يحارب", "تحارب", "حارب", "اقتتال"))


def is_fighting(trig: Trigger) -> bool:
    text = norm(trig.span.text)
    return any(w in text for w in FIGHTING)
# An event dated this long before publication is background, not the news the article reports.
BACKGROUND_DAYS = 45
PROTEST_BONUS = 0.8
# Nouns of some types mostly name ideas rather than happenings ("الدعم", "وقف إطلاق النار", "المساعدات").
TYPE_PRIOR = {"RETREAT": -0.4, "SUPPORT": -0.4, "AID": -0.3, "COOPERATE": -0.4, "CONSULT": -0.2}


def _word(text: str) -> str:
    """The normalised first word of a trigger, proclitic و/ف stripped."""
    words = norm(text).split()
    w = words[0] if words else ""
    return w[1:] if len(w) > 3 and w[0] in "وف" else w


def is_participant(trig: Trigger) -> bool:
    """A noun naming the people an event affects; for a light verb, the noun it takes ("يجري ... الموقوفين")."""
    words = norm(trig.span.text).split()
    w = _word(trig.span.text) if trig.pos == "noun" else (words[-1] if len(words) > 1 else "")
    return bool(w) and (w in PARTICIPANT_NOUNS or (w.startswith("ال") and w[2:] in PARTICIPANT_NOUNS))


def is_purpose(trig: Trigger, doc: Doc | None = None) -> bool:
    """ل + verbal noun (لاستهداف، للاستيلاء، لشن هجوم، لإيصال المساعدات): an aim, not something that happened."""
    w = _word(trig.span.text)
    if w.startswith("ل") and not w.startswith("لقي") and len(w) > 4 and (trig.pos == "noun" or w.startswith("لشن")):
        return True
    if doc is None or trig.pos != "noun":
        return False
    before = doc.words_before(trig.span.start, 14)
    return bool(before) and before[-1].startswith("ل") and not before[-1].startswith("لل") and len(before[-1]) >= 5


def is_anaphoric(doc: Doc, trig: Trigger) -> bool:
    """الهجوم، هذه العملية: a noun that refers back to an event told before."""
    words = norm(trig.span.text).split()
    if trig.pos != "noun":
        # a light verb with a definite noun refers back too: "وشن الهجوم"
        return len(words) > 1 and words[-1].startswith("ال")
    w = _word(trig.span.text)
    before = doc.words_before(trig.span.start, 12)
    return w.startswith("ال") or bool(before and before[-1] in DEMONSTRATIVES)


@dataclass(frozen=True, slots=True)
class Segment:
    """Where a group of triggers sits: its sentence index and the span of words that back it."""

    sentence: int
    span: Span


def _segment(doc: Doc, trig: Trigger) -> Segment:
    si = doc.sentence_of(trig.span.start)
    sent = doc.sentences[si] if doc.sentences else doc.span(0, len(doc.text))
    for s, e in clauses(doc.text, sent.start, sent.end):
        if s <= trig.span.start < e:
            if len(doc.text[s:e].split()) < MIN_CLAUSE_WORDS:
                return Segment(si, sent)
            return Segment(si, doc.span(s, e))
    return Segment(si, sent)


def _inside(span: Span, seg: Span) -> bool:
    return seg.start <= span.start and span.end <= seg.end


# Words before a place that make it a reference point for another ("عفرين شمال حلب", "قرب الحدود"), or a place
# left or passed through ("قادمين من", "عبر"), rather than the scene; with place_context's directions.
_NOT_SCENE = DIRECTIONS | frozenset(norm(w) for w in (
    "شمالا", "جنوبا", "شرقا", "غربا", "من", "عبر", "قرب", "بالقرب", "بعد", "مقابل", "باتجاه", "نحو",
))


def _reference_only(doc: Doc, pm: PlaceMention) -> bool:
    before = doc.words_before(pm.span.start, 24)
    while before and before[-1] in PLACE_NOUNS:  # "قادمة من مدينة المكلا": the preposition stands before the noun
        before.pop()
    return pm.role == REFERENCE or (bool(before) and before[-1] in _NOT_SCENE)


def _scene_candidates(doc: Doc) -> list[PlaceMention]:
    """Place mentions that can be an event's scene: not a report's dateline or an organisation's seat."""
    return [p for p in doc.places if p.role not in (DATELINE, SEAT)]


def _best_place(doc: Doc, cands: list[PlaceMention], anchor: int) -> PlaceMention | None:
    """The scene among the places of a scope: not a reference point, the most specific, the first told."""
    resolved = [p for p in cands if p.place is not None]
    if not resolved:
        return None
    scenes = [p for p in resolved if not _reference_only(doc, p)] or resolved
    fine = [p for p in scenes if p.place is not None and p.place.precision not in ("country", "region")] or scenes
    after = [p for p in fine if p.span.start >= anchor]
    if after:  # "قصف ... مناطق في X", "تحرير الرمادي": the place told after the trigger is its scene
        return _innermost(after[0], fine)
    return _innermost(fine[-1], fine)  # else the nearest before it


NESTING_GAP = 16  # characters between "X" and "في Y" (في اقليم، التابعة ل) for Y to be X's surroundings


def _innermost(chosen: PlaceMention, cands: list[PlaceMention]) -> PlaceMention:
    """"منطقة ساريكاميس في اقليم كارس": the town, not the province told right after it to locate it."""
    assert chosen.place is not None
    for q in cands:
        if (q.place is not None and q.span.end <= chosen.span.start <= q.span.end + NESTING_GAP
                and _PLACE_RANK[q.place.precision] < _PLACE_RANK[chosen.place.precision]
                and _within(chosen.place, q.place)):
            return q
    return chosen


def _scenes(doc: Doc, seg: Segment) -> list[PlaceMention]:
    """Distinct towns or provinces named as scenes (not reference points) in one clause."""
    out: list[PlaceMention] = []
    for pm in _scene_candidates(doc):
        p = pm.place
        if p is None or not _inside(pm.span, seg.span) or _reference_only(doc, pm):
            continue
        if p.precision not in ("city", "district", "governorate", "site", "neighbourhood"):
            continue
        if all(abs(p.lat - q.place.lat) + abs(p.lon - q.place.lon) > 0.3 for q in out if q.place):
            out.append(pm)
    return out


def _place_for(doc: Doc, seg: Segment, anchor: int) -> PlaceMention | None:
    """The event's place (see _find_place); a place found in a list of many ("في محافظات حماه وحلب وحمص") stands
    for the country they share, as a tally over several provinces has no one scene."""
    places = _scene_candidates(doc)
    found = _find_place(doc, seg, anchor, places)
    if found is None or found.role != ENUMERATION or found.place is None:
        return found
    country = found.place.country
    return next((p for p in places if p.place is not None and p.place.precision == "country"
                 and p.place.country == country), found)


def _find_place(doc: Doc, seg: Segment, anchor: int, places: list[PlaceMention]) -> PlaceMention | None:
    """The event's place: its clause first, then its sentence, then the nearest earlier place in the paragraph."""
    sent = doc.sentences[seg.sentence] if doc.sentences else seg.span
    found = _best_place(doc, [p for p in places if _inside(p.span, seg.span)], anchor)
    if found:
        return found
    # outside its clause, the sentence's place told before the event (its setting) comes first
    before = [p for p in places if _inside(p.span, sent) and p.span.start < anchor]
    found = _best_place(doc, before, anchor)
    if found:
        return found
    para = doc.paragraphs[doc.paragraph_of(anchor)] if doc.paragraphs else sent
    # then the sentence before, within the paragraph (further back, a place belongs to another story); only then a
    # place told after the event in another clause of its sentence, which is more often that clause's own scene
    prev = doc.sentences[seg.sentence - 1] if doc.sentences and seg.sentence > 0 else sent
    floor = max(para.start, prev.start)
    earlier = [p for p in places if p.place is not None and floor <= p.span.start < anchor]
    if earlier:
        return earlier[-1]
    found = _best_place(doc, [p for p in places if _inside(p.span, sent)], anchor)
    if found:
        return found
    earlier = [p for p in places if p.place is not None and p.span.start < anchor
               and p.place.precision not in ("country", "region")]
    if earlier:
        return earlier[-1]
    return _dominant_country(places)


def _dominant_country(places: list[PlaceMention]) -> PlaceMention | None:
    """The country most of the article's places lie in, when the article names it: the coarsest honest place."""
    votes: dict[str, int] = {}
    for p in places:
        if p.place is not None and p.place.country:
            votes[p.place.country] = votes.get(p.place.country, 0) + 1
    if not votes:
        return None
    top = max(votes, key=lambda c: votes[c])
    named = [p for p in places if p.place is not None and p.place.precision == "country" and p.place.country == top]
    return named[0] if named else None


def _when_for(doc: Doc, seg: Segment, anchor: int, settings: Settings) -> When | None:
    """The event's date: its clause, its sentence, the nearest earlier date in its paragraph, else a marked fallback."""
    dated = [w for w in doc.dates if w.start is not None]
    sent = doc.sentences[seg.sentence] if doc.sentences else seg.span
    for scope in (seg.span, sent):
        inside = [w for w in dated if _inside(w.span, scope)]
        if inside:
            return min(inside, key=lambda w: abs(w.span.start - anchor))
    para = doc.paragraphs[doc.paragraph_of(anchor)] if doc.paragraphs else sent
    pub = doc.article.published
    # a date told for the background ("منذ نوفمبر 2014") is not lent to the sentences after it
    earlier = [w for w in dated if para.start <= w.span.start < anchor
               and (pub is None or w.end is None or (pub - w.end).days <= BACKGROUND_DAYS)]
    if earlier:
        return earlier[-1]
    if pub is None:
        return None
    # No date cue: the week before publication, marked relative and with an empty span so no one mistakes it
    # for words in the text.
    return When(span=Span(start=0, end=0, text=""), start=pub - dt.timedelta(days=settings.date_fallback_days),
                end=pub, precision="week", relative=True, resolved=True, time_of_day=None)


def _counts_for(doc: Doc, seg: Segment) -> dict[str, Count]:
    sent = doc.sentences[seg.sentence] if doc.sentences else seg.span
    out: dict[str, Count] = {}
    for scope in (seg.span, sent):
        for c in doc.counts:
            if _inside(c.span, scope) and c.kind not in out and c.total:
                out[c.kind] = c
    return out


def _modes_for(doc: Doc, seg: Segment, triggers: tuple[Trigger, ...]) -> tuple[str, ...]:
    modes: list[str] = [m for t in triggers for m in t.modes]
    modes += [mode for span, mode in doc.modes if _inside(span, seg.span)]
    return tuple(dict.fromkeys(modes))


def _party(m: Mention) -> bool:
    """Whether a mention can take part in an event: media, monitors and unnamed sources only tell of it."""
    return not (m.actor is not None and (m.actor.kind in SOURCE_KINDS or m.actor.id.startswith("AGENT.SOURCE.")
                                         or m.actor.id == "AGENT.WITNESS"))


def _future_before(doc: Doc, trig: Trigger) -> bool:
    sent = doc.sentences[doc.sentence_of(trig.span.start)] if doc.sentences else trig.span
    return any(c.kind == "future" and sent.start <= c.span.start < trig.span.start for c in doc.cues)


def _usable(doc: Doc, trig: Trigger) -> str | None:
    """Why a trigger cannot start an event (None when it can)."""
    if trig.span.start < doc.headline_end:
        return "in the headline"
    if is_participant(trig):
        return "names the people affected, not an event"
    if is_purpose(trig, doc) and not _future_before(doc, trig):
        return "an aim (ل + verbal noun), not an event"
    if is_stative(doc, trig):
        return "who holds a place (التي يسيطر عليها), a state, not an event"
    if trig.type == "PROTEST" and _word(trig.span.text).lstrip("ال").startswith(_PROTESTERS):
        before = doc.words_before(trig.span.start, 8)
        sent = doc.sentences[doc.sentence_of(trig.span.start)] if doc.sentences else trig.span
        acted_on = any(t.type in ("COERCE", "ASSAULT") and sent.start <= t.span.start < trig.span.start
                       for t in doc.triggers)
        if before and before[-1] == "من" and acted_on:
            return "names protesters as those an act befell (اعتقلت عددا من المحتجين), not a protest"
    return None


_PROTESTERS = tuple(norm(w) for w in ("محتج", "متظاهر"))


_RELATIVES = frozenset(norm(w) for w in ("التي", "الذي", "الذين", "اللتين", "اللذين", "التى"))
_CONTROL = tuple(norm(w) for w in ("يسيطر", "تسيطر", "يسيطرون", "تحتل", "يحتل", "تحتلها", "يحتلها", "سيطرة"))


def is_stative(doc: Doc, trig: Trigger) -> bool:
    """"المدينة التي يسيطر عليها التنظيم": control told as a standing state in a relative clause."""
    word = _word(trig.span.text)
    if not word.startswith(_CONTROL):
        return False
    before = doc.words_before(trig.span.start, 16)
    return bool(before) and (before[-1] in _RELATIVES or (len(before) > 1 and before[-2] in _RELATIVES))


def _background(doc: Doc, ev: Event) -> str | None:
    """Why an event is background (told for context, dated long before publication), or None."""
    pub, when = doc.article.published, ev.when
    if pub is None or when is None or not when.span.text or when.end is None:
        return None
    sent = doc.sentences[ev.sentence] if doc.sentences else ev.evidence
    if not _inside(when.span, sent):
        return None  # a date borrowed from an earlier sentence does not make this one background
    if (pub - when.end).days > BACKGROUND_DAYS:
        return f"background: dated {when.iso} ({when.span.text}), {(pub - when.end).days} days before publication"
    return None


def support(doc: Doc, ev: Event) -> float:
    """How well the clause backs an event: a verb, named parties, counts, date and place words."""
    trigs = ev.triggers
    score = max(1.0 if t.pos == "verb" or (is_purpose(t) and _future_before(doc, t)) else 0.6 for t in trigs)
    score += TYPE_PRIOR.get(ev.type, 0.0) if all(t.pos == "noun" for t in trigs) else 0.0
    if all(t.ambiguous for t in trigs):
        score -= 0.6
    elif ev.type == "PROTEST":
        score += PROTEST_BONUS  # demonstrations and sit-ins are seldom figurative; their nouns name the crowd too
    if all(t.pos == "noun" and is_anaphoric(doc, t) for t in trigs):
        score -= 0.3
    if ev.actors:
        score += 0.8 if any(m.actor is not None and m.actor.kind != "agent" for m in ev.actors) else 0.5
    if ev.recipients:
        score += 0.4
    if ev.killed or ev.injured or ev.captured:
        score += 1.0
    first = min(t.span.start for t in trigs)
    if any(c.kind in ("allegation", "negation") and ev.evidence.start <= c.span.start < first for c in doc.cues):
        score += 0.5  # "اتهم X بقصف ...", "نفى أن يكون قصف ...": an accusation or a denial names an act
    sent = doc.sentences[ev.sentence] if doc.sentences else ev.evidence
    if ev.when and ev.when.span.text and _inside(ev.when.span, sent):
        score += 0.6
    if ev.place and _inside(ev.place.span, sent):
        score += 0.4
    return score


def build_events(doc: Doc, settings: Settings) -> tuple[tuple[Event, ...], tuple[Dropped, ...]]:
    """One event per trigger group (same type, same clause), kept when its clause backs it, then merged per
    incident across the article; what is dropped says why."""
    groups: dict[tuple[int, int, str], list[Trigger]] = {}
    segs: dict[tuple[int, int, str], Segment] = {}
    dropped: list[Dropped] = []
    for trig in sorted(doc.triggers, key=lambda t: t.span.start):
        why = _usable(doc, trig)
        if why:
            dropped.append(Dropped(stage="events", span=trig.span, reason=f"trigger {trig.type}: {why}"))
            continue
        seg = _segment(doc, trig)
        # an abduction told beside a killing is its own event (ISIS seized civilians; SDF fighters died)
        kind = trig.type + ("/abduct" if "abduct" in trig.modes else "")
        key = (seg.span.start, seg.span.end, kind)
        groups.setdefault(key, []).append(trig)
        segs[key] = seg
    # A casualty count with no trigger of its own in its clause still reports an attack.
    for c in doc.counts:
        if c.kind in ("killed", "injured") and c.total and c.span.start >= doc.headline_end:
            pseudo = Trigger(span=c.cue or c.span, type=CASUALTY_TYPE, modes=(), lemma=c.kind, pos="noun")
            seg = _segment(doc, pseudo)
            key = (seg.span.start, seg.span.end, CASUALTY_TYPE)
            if key not in groups:
                groups[key] = [pseudo]
                segs[key] = seg
    events: list[Event] = []
    weak: list[tuple[Event, float]] = []
    told_before: list[tuple[Event, str]] = []  # background, kept only when the article reports nothing newer
    for key, trigs in sorted(groups.items()):
        seg = segs[key]
        trig_t = tuple(trigs)
        anchor = trigs[0].span.start
        mentions = [m for m in doc.mentions if _inside(m.span, seg.span) and _party(m)]
        told = _counts_for(doc, seg)
        counts = told if key[2] in ("ASSAULT", "COERCE") else {}
        if key[2].endswith("/abduct"):
            counts = {k: v for k, v in told.items() if k == "captured"}
        actors, recipients = assign_roles(doc, trig_t, mentions, counts)
        ev = Event(
            type=key[2].split("/")[0], modes=_modes_for(doc, seg, trig_t), actors=actors, recipients=recipients,
            place=_place_for(doc, seg, anchor), when=_when_for(doc, seg, anchor, settings),
            killed=counts.get("killed"), injured=counts.get("injured"), captured=counts.get("captured"),
            evidence=seg.span, triggers=trig_t, sentence=seg.sentence,
        )
        ev = recode_abduction(ev)
        if ev.type == "ASSAULT" and "abduct" in ev.modes and not ev.captured:
            captured = told.get("captured")
            ev = replace(ev, captured=captured)
        if ev.type == "ASSAULT" and not ev.modes and _NON_VIOLENT.search(norm(seg.span.text)):
            dropped.append(Dropped(stage="events", span=seg.span,
                                   reason="deaths from disease, disaster or accident, not an attack"))
            continue
        background = _background(doc, ev)
        if background:
            told_before.append((ev, background))
            continue
        score = support(doc, ev)
        if score >= SUPPORT_THRESHOLD and ev.type == "ASSAULT":
            scenes = _scenes(doc, seg) if any(is_fighting(t) for t in trig_t) else []
            if len(scenes) > 1 and not (ev.killed or ev.injured or ev.captured):
                # fighting told in one breath for several towns is one event per town
                events.extend(replace(ev, place=pm, confidence=min(1.0, score / 3)) for pm in scenes)
                continue
        if score < SUPPORT_THRESHOLD:
            weak.append((ev, score))
            continue
        events.append(replace(ev, confidence=min(1.0, score / 3)))
    if events:
        dropped.extend(Dropped(stage="events", span=ev.evidence, reason=f"{ev.type}: {why}") for ev, why in told_before)
    else:
        events = [ev for ev, _ in told_before if support(doc, ev) >= SUPPORT_THRESHOLD]
    merged = events
    for ev, score in weak:
        # a weakly backed mention of an incident already told ("وأسفر الهجوم عن ...") adds its words to it
        for i, prev in enumerate(merged):
            if _compatible(prev, ev):
                merged[i] = replace(prev, triggers=prev.triggers + ev.triggers)
                break
        else:
            dropped.append(Dropped(stage="events", span=ev.evidence,
                                   reason=f"{ev.type} with too little support in its clause ({score:.1f})"))
    return tuple(merged), tuple(dropped)


def _ids(ms: tuple[Mention, ...]) -> set[str]:
    return {m.key for m in ms}


def _named_ids(ms: tuple[Mention, ...]) -> set[str]:
    """Keys of the parties that are not generic groups: "الإرهابيون" may be anyone's fighters."""
    return {m.key for m in ms if not (m.actor is not None and m.actor.kind == "agent")}


def _same_place(a: Event, b: Event) -> bool:
    pa, pb = (a.place.place if a.place else None), (b.place.place if b.place else None)
    return pa is None or pb is None or places_agree(pa, pb)


def places_agree(pa: Place, pb: Place) -> bool:
    """Two places that can be the scene of one incident: the same spot, or a town and the province around it."""
    if pa.id == pb.id or abs(pa.lat - pb.lat) + abs(pa.lon - pb.lon) <= 0.3:
        return True
    for wide, narrow in ((pa, pb), (pb, pa)):
        if wide.precision in ("governorate", "region") and narrow.admin1 and narrow.admin1 == wide.admin1:
            return True
    return False


def _within(wide: Place, narrow: Place) -> bool:
    """Whether `narrow` can lie in `wide`: its province, its country, or a wide region (جنوب اليمن) around it."""
    if places_agree(wide, narrow):
        return True
    if not wide.country or wide.country != narrow.country:
        return False
    return wide.precision == "country" or (
        wide.precision == "region" and abs(wide.lat - narrow.lat) + abs(wide.lon - narrow.lon) <= 3.0)


def _finer(p: PlaceMention | None, q: PlaceMention | None) -> PlaceMention | None:
    """Of the places two mentions of one incident give, the more precise one inside the other: a lede's "جنوب
    اليمن" gives way to the town a later sentence names."""
    if p is None or p.place is None:
        return q if q is not None and q.place is not None else p
    if q is None or q.place is None:
        return p
    if _PLACE_RANK[q.place.precision] < _PLACE_RANK[p.place.precision] and _within(p.place, q.place):
        return q
    return p


# Groups that take people by force: their detentions are abductions, not arrests.
ABDUCTOR_KINDS = frozenset({"armed_group", "militia"})
ABDUCTOR_AGENTS = frozenset({"AGENT.MILITANT", "AGENT.FIGHTER", "AGENT.REBEL", "AGENT.MERC", "AGENT.SMUGGLER"})


def recode_abduction(ev: Event) -> Event:
    """An armed group's "arrest" (احتجاز مدنيين) is an abduction: ASSAULT, mode abduct (PLOVER)."""
    if ev.type != "COERCE" or "arrest" not in ev.modes:
        return ev
    militants = any(m.actor is not None and (m.actor.id in ABDUCTOR_AGENTS or m.actor.id.startswith("AGENT.P.UAF"))
                    for m in ev.actors)
    group_takes_civilians = any(m.actor is not None and m.actor.kind in ABDUCTOR_KINDS for m in ev.actors) and any(
        is_victim(m) for m in ev.recipients)
    if militants or group_takes_civilians:
        modes = tuple(m for m in ev.modes if m != "arrest")
        return replace(ev, type="ASSAULT", modes=("abduct", *modes))
    return ev


def _compatible(a: Event, b: Event, *, far: bool = False) -> bool:
    if a.type != b.type or ("abduct" in a.modes) != ("abduct" in b.modes):
        return False
    # one side's actor is the other's target: a counter-attack, not the same event
    if (_named_ids(a.actors) & _named_ids(b.recipients)) or (_named_ids(b.actors) & _named_ids(a.recipients)):
        return False
    if a.modality != b.modality and {a.modality, b.modality} != {"asserted", "reported"}:
        return False
    toll_beside_attack = a.sentence == b.sentence and _toll_only(a) != _toll_only(b)
    for x, y in ((a.actors, b.actors), (a.recipients, b.recipients)):
        nx, ny = _named_ids(x), _named_ids(y)
        if nx and ny and not (nx & ny) and not (toll_beside_attack and x is a.actors):
            return False  # (a death told beside the strike that caused it: the death's "actor" is who told it)
    if a.place and b.place and a.place.place and b.place.place:
        pa, pb = a.place.place, b.place.place
        if not places_agree(pa, pb):
            return False
        own = _inside(a.place.span, a.evidence) and _inside(b.place.span, b.evidence)
        wide = {"governorate", "region", "country"}
        if pa.id != pb.id and own and pa.precision not in wide and pb.precision not in wide:
            return False  # shelling told for two villages, each in its own clause, is two events
    if a.when and b.when and a.when.span.text and b.when.span.text and a.when.start and b.when.start:
        if a.when.start != b.when.start:
            return False  # dated to different days by their own words ("قبل ذلك بيوم"): two incidents
    count_only = all(t.lemma in ("killed", "injured") for t in b.triggers)
    for kind in ("killed", "injured", "captured"):
        ca, cb = getattr(a, kind), getattr(b, kind)
        # different tolls mean different incidents, unless the later mention is a toll alone (an update)
        if ca and cb and (ca.min, ca.max) != (cb.min, cb.max) and not count_only:
            return False
    if far or abs(a.sentence - b.sentence) <= 1:
        return True
    # Far apart, the same incident shares a named party and its place.
    shared = (_named_ids(a.actors) | _named_ids(a.recipients)) & (_named_ids(b.actors) | _named_ids(b.recipients))
    return bool(shared) and a.place is not None and b.place is not None and _same_place(a, b)


def _union(x: tuple[Mention, ...], y: tuple[Mention, ...]) -> tuple[Mention, ...]:
    seen = _ids(x)
    return x + tuple(m for m in y if m.key not in seen)


def _toll_only(ev: Event) -> bool:
    """An event told only by its casualty words (مقتل، قتلى): who did it is not in those words."""
    return all(t.lemma in CASUALTY_LEMMAS for t in ev.triggers)


def _bare_toll(ev: Event) -> bool:
    """"وأضاف المرصد أن عشرات أصيبوا": a toll with no one named updates the latest attack it fits, however far."""
    return _toll_only(ev) and not _named_ids(ev.actors) and not _named_ids(ev.recipients)


def _merged_actors(a: Event, b: Event) -> tuple[Mention, ...]:
    """Both mentions' parties; but a toll's "actor" is whoever told it, so beside an attack the attack's actors win."""
    if _toll_only(a) != _toll_only(b):
        attack, toll = (b, a) if _toll_only(a) else (a, b)
        return attack.actors or toll.actors
    return _union(a.actors, b.actors)


def _merge(a: Event, b: Event) -> Event:
    def pick(p, q):  # type: ignore[no-untyped-def]
        return p if p is not None else q

    when = a.when
    if b.when and (when is None or (not when.span.text and b.when.span.text)):
        when = b.when
    return replace(
        a,
        modes=tuple(dict.fromkeys(a.modes + b.modes)),
        actors=_merged_actors(a, b),
        recipients=_union(a.recipients, b.recipients),
        place=_finer(a.place, b.place), when=when,
        killed=pick(a.killed, b.killed), injured=pick(a.injured, b.injured), captured=pick(a.captured, b.captured),
        triggers=a.triggers + b.triggers,
        modality="reported" if "reported" in (a.modality, b.modality) else a.modality,
        sources=a.sources + tuple(x for x in b.sources if x.name not in {y.name for y in a.sources}),
    )


def merge_events(events: list[Event], doc: Doc | None = None) -> tuple[Event, ...]:
    """Repeated mentions of one incident in an article become one event that keeps every trigger. A mention that
    refers back ("الهجوم", "هذه العملية") joins the latest earlier event it fits, however far back."""
    out: list[Event] = []
    for ev in events:
        back = doc is not None and (all(is_anaphoric(doc, t) for t in ev.triggers) or _bare_toll(ev))
        order = range(len(out) - 1, -1, -1) if back else range(len(out))
        for i in order:
            if _compatible(out[i], ev, far=back):
                out[i] = _merge(out[i], ev)
                break
        else:
            out.append(ev)
    return tuple(out)


@dataclass(frozen=True)
class EventsStage:
    settings: Settings
    name: str = "events"
    version: str = "1"
    requires: tuple[str, ...] = ("sentences", "mentions", "places", "dates", "counts", "triggers", "modes")
    assigns: tuple[str, ...] = ("events", "dropped")

    def __call__(self, doc: Doc) -> Doc:
        events, dropped = build_events(doc, self.settings)
        return doc.assign(self.name, self.version, events=events, dropped=doc.dropped + dropped)


@dataclass(frozen=True)
class MergeStage:
    """One event per incident within the article, after claims are known (a hedged threat stays apart)."""

    name: str = "merge"
    version: str = "1"
    requires: tuple[str, ...] = ("events",)
    assigns: tuple[str, ...] = ("events",)

    def __call__(self, doc: Doc) -> Doc:
        return doc.assign(self.name, self.version, events=merge_events(list(doc.events), doc))


@register("events@1")
def _events(settings: Settings) -> EventsStage:
    return EventsStage(settings=settings)


@register("merge@1")
def _merge_stage(settings: Settings) -> MergeStage:
    return MergeStage()
