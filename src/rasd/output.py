"""Reports as JSON-ready dicts in the output contract of the evaluation README (extra fields allowed)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rasd.model import Actor, Count, Event, Mention, PlaceMention, Report, Source, Span, When
from rasd.text.normalise import norm


def span_dict(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


# Aliases listed with an actor are its names; longer dictionary phrasings are descriptions ("القوات الموالية للرئيس
# السابق علي عبد الله صالح", "التحالف الدولي بقيادة الولايات المتحدة") that embed other actors' names and would let a
# reader or a matcher take one actor for another. They still match the text; the words matched are in `text`.
ALIAS_WORDS = 3


def shown_aliases(a: Actor) -> list[str]:
    return [x for x in a.aliases if len(x.split()) <= ALIAS_WORDS]


def mention_dict(m: Mention) -> dict[str, Any]:
    out: dict[str, Any] = {"text": m.span.text, "start": m.span.start, "end": m.span.end, "via": m.via}
    if m.actor is not None:
        a = m.actor
        out.update(id=a.id, name=a.name, name_ar=a.name_ar, kind=a.kind, country=a.country,
                   aliases=shown_aliases(a))
    else:
        out.update(name=m.span.text, label=m.label, unresolved=m.unresolved or "unresolved")
    if m.framing:
        out["framing"] = list(m.framing)
    return out


def place_dict(pm: PlaceMention | None) -> dict[str, Any] | None:
    if pm is None or pm.place is None:
        return None
    p = pm.place
    return {
        "id": p.id, "name": p.name, "name_ar": p.name_ar, "text": pm.span.text, "start": pm.span.start,
        "end": pm.span.end, "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1,
        "geonameid": p.geonameid, "precision": p.precision, "feature": p.feature,
        "rejected": [{"id": r.id, "name": r.name, "country": r.country} for r in pm.rejected[:5]],
        "reason": pm.reason, "role": pm.role,
    }


def when_dict(w: When | None) -> dict[str, Any] | None:
    if w is None or w.start is None:
        return None
    end = w.end or w.start
    out: dict[str, Any] = {"start": w.start.isoformat(), "end": end.isoformat(), "precision": w.precision,
                           "text": w.span.text, "relative": w.relative}
    if w.span.text:
        out.update(span_start=w.span.start, span_end=w.span.end)
    else:
        out["basis"] = "publication date (no date words in the text)"
    if w.time_of_day:
        out["time_of_day"] = w.time_of_day
    return out


def count_dict(c: Count | None) -> dict[str, Any] | None:
    if c is None:
        return None
    out = {"min": c.min, "max": c.max, "whose": c.whose, "text": c.span.text, "start": c.span.start, "end": c.span.end}
    if c.aggregate:
        out["aggregate"] = True  # a toll over several happenings, not this incident's own
    return out


def source_dict(s: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"name": s.name, "text": s.span.text if s.span else None}
    if s.actor is not None:
        out["id"] = s.actor.id
        out["aliases"] = shown_aliases(s.actor)
    return out


def party_dicts(ev: Event, role: int) -> list[dict[str, Any]]:
    """The event's actors (role 0) or recipients (1), each with the role labeller's probability for that role as "p"
    when the labeller chose it (the hand rules' parties have none)."""
    probs = {k: (a, r) for k, a, r in ev.party_probabilities}
    out = []
    for m in ev.actors if role == 0 else ev.recipients:
        d = mention_dict(m)
        if m.key in probs:
            d["p"] = round(probs[m.key][role], 3)
        out.append(d)
    return out


def event_dict(ev: Event) -> dict[str, Any]:
    return {
        "type": ev.type,
        "modes": list(ev.modes),
        "actors": party_dicts(ev, 0),
        "recipients": party_dicts(ev, 1),
        "place": place_dict(ev.place),
        # how sure that place is: the probability that the annotators would place the event there (null: no place)
        "place_p": None if ev.place_p is None else round(ev.place_p, 3),
        "date": when_dict(ev.when),
        "killed": count_dict(ev.killed),
        "injured": count_dict(ev.injured),
        "captured": count_dict(ev.captured),
        "modality": ev.modality,
        "modality_cue": span_dict(ev.modality_cue),
        # the modality models' probability for that modality (null: the hand rule's cue decided it)
        "modality_p": None if ev.modality_p is None else round(ev.modality_p, 3),
        "sources": [source_dict(s) for s in ev.sources],
        "evidence": span_dict(ev.evidence),
        "triggers": [{"text": t.span.text, "start": t.span.start, "end": t.span.end, "lemma": t.lemma}
                     for t in ev.triggers],
        # the eventivity model's probability that this is a specific happening (null: not judged, one sentence)
        "eventivity": None if ev.eventivity is None else round(ev.eventivity, 3),
    }


# A country or a wide region named this often is a place of the story, not a passing name. Countries named twice were
# mostly the gold's places and regions named twice mostly not (document places F1 +0.006 on folds 0-2 where the
# count was chosen, +0.010 on folds 3-4; docs/results_history.md, stop 35).
MENTIONS_TO_LIST = {"country": 2, "region": 3}


def is_story_place(pm: PlaceMention, times: int, scene: bool, scene_countries: frozenset[str] = frozenset()) -> bool:
    """A place worth listing for the article: an event's scene, anything below country level, the country the events
    happen in, or a country or region the article keeps coming back to; never a name that only locates another
    place, dates the report or seats an organisation (it is listed once it is named for itself)."""
    assert pm.place is not None
    if scene:
        return True
    if pm.role != "named":
        return False
    if pm.place.precision == "country" and pm.place.country in scene_countries:
        return True
    return times >= MENTIONS_TO_LIST.get(pm.place.precision, 1)


# Generic armed men (fighters, militants, rebels) not resolved to a group: in an article that names armed actors
# they are those actors or unknown, parties to their events but no one to add to the article's list of actors.
# Soldiers and police belong to a state; civilians are ACLED's own actor category.
UNIDENTIFIED_ARMED = frozenset({"AGENT.FIGHTER", "AGENT.MILITANT", "AGENT.REBEL"})
ARMED_KINDS = frozenset({"armed_group", "militia", "military", "coalition"})


def is_unsure_name(m: Mention) -> bool:
    """One word the tagger calls a name (صالح، تراب): too unsure to list for the article; it stays on its event."""
    return m.via == "tagger" and " " not in m.span.text.strip()


def is_salient(m: Mention) -> bool:
    """A named organisation or person worth listing even outside events: not a generic group (civilians) or a country
    named in passing. Of the names the dictionaries do not know, a person the tagger finds in two words or more (an
    analyst quoted, a victim named) is listed; an unknown organisation stays in `mentions` (listing the tagger's
    organisations as well found no more of the gold's entities than it added wrong ones)."""
    if m.actor is None:
        return m.via == "tagger" and m.label == "PERS" and not is_unsure_name(m)
    return m.actor.kind not in ("agent", "state")


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON record of one article: events; the actors worth listing (named organisations and persons, and
    whoever takes part in an event or is quoted); every actor mention; the places."""
    a = report.article
    involved = {m.key for ev in report.events for m in ev.actors + ev.recipients}
    involved |= {s.actor.id if s.actor else "?" + (s.span.text if s.span else s.name)
                 for ev in report.events for s in ev.sources}
    mentions: dict[str, dict[str, Any]] = {}
    actors: dict[str, dict[str, Any]] = {}
    armed_named = any(m.actor is not None and m.actor.kind in ARMED_KINDS for m in report.mentions)
    for m in report.mentions:
        d = mentions.setdefault(m.key, mention_dict(m))
        if is_unsure_name(m):
            continue
        if m.actor is not None and m.actor.id in UNIDENTIFIED_ARMED and armed_named:
            continue  # beside named armed actors, "مسلحون" adds no one: the event keeps them, the list does not
        if m.key in involved or is_salient(m):
            actors.setdefault(m.key, d)
    tagged_words = {m.span.text for m in report.mentions if is_unsure_name(m)}
    for ev in report.events:  # unnamed sources ("مصادر محلية") are actors of the story too
        for src in ev.sources:
            if src.actor is None and src.span is not None and src.span.text not in tagged_words:
                key = "?" + norm(src.span.text).removeprefix("ال")  # "مصادر" and "المصادر" are the same sources
                actors.setdefault(key, {"name": src.name, "text": src.span.text, "start": src.span.start,
                                        "end": src.span.end, "via": "attribution", "unresolved": "unnamed source"})
    places: dict[str, dict[str, Any]] = {}
    told = Counter(pm.place.id for pm in report.places if pm.place is not None)
    scenes = {ev.place.place.id for ev in report.events if ev.place is not None and ev.place.place is not None}
    scene_countries = frozenset(ev.place.place.country for ev in report.events if ev.place is not None
                                and ev.place.place is not None and ev.place.place.precision != "country"
                                and ev.place.place.country)
    for pm in report.places:
        pd = place_dict(pm)
        if pd is not None and is_story_place(pm, told[pd["id"]], pd["id"] in scenes, scene_countries):
            places.setdefault(pd["id"], pd)
    return {
        "doc_id": a.id,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "outlet": a.outlet,
        "url": a.url,
        "events": [event_dict(e) for e in report.events],
        # what the article tells in passing (background, an aim, a generic statement): not its events, but reports
        # of their incidents for fusion, each with why it was set aside
        "set_aside": [{**event_dict(e), "set_aside": e.set_aside} for e in report.set_aside],
        "actors": list(actors.values()),
        "mentions": list(mentions.values()),
        "places": list(places.values()),
        "dropped": [{"stage": d.stage, "reason": d.reason, "span": span_dict(d.span)} for d in report.dropped],
        "versions": report.versions,
    }
