"""The events stage: triggers become PLOVER events with actor, recipient, place, date and counts from their clause."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Count, Dropped, Event, Mention, Span, Trigger, When
from rasd.pipeline import register
from rasd.stages.complements import complement_head
from rasd.stages.index import DocIndex
from rasd.stages.roles import CASUALTY_LEMMAS, assign_roles, is_exposed_to, is_named
from rasd.stages.scene import finer, inside, place_for, places_agree
from rasd.stages.scene import scenes as scenes_of
from rasd.text.normalise import norm
from rasd.text.segment import MIN_CLAUSE_WORDS, clauses
from rasd.text.spans import SpanIndex

# Event types whose trigger is itself a casualty word: a count of the dead implies an attack.
CASUALTY_TYPE = "ASSAULT"
# Kinds of actors that are sources of claims rather than parties to events.
SOURCE_KINDS = frozenset({"media", "monitor"})


# Nouns that name the people an event affects (detainees, the wounded), not the event: counts carry them.
PARTICIPANT_NOUNS = frozenset(norm(w) for w in (
    "معتقل", "معتقلين", "معتقلون", "موقوف", "موقوفين", "موقوفون", "أسرى", "أسير", "رهائن", "رهينة", "جرحى",
    "قتلى", "قتيل", "مصابين", "مصابون", "سجناء", "محتجزين", "محتجزون", "مختطفين", "مختطفون", "شهداء", "شهيد",
    "ضحايا", "المعتقلين", "أسيرا",
))
DEMONSTRATIVES = frozenset(norm(w) for w in ("هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين"))
# The clause support (`support`) a mention needs to stand as an event of its own (SUPPORT_THRESHOLD); a weaker one
# adds its words to a compatible incident told just before it ("ووقع الهجوم في قضاء الطارمية" names the scene). Where
# the eventivity model judges the article's events (rasd.stages.eventivity; the support is one of its features), a
# weaker one that fits no such incident is not dropped but left to the model when its support reaches MODEL_FLOOR, the
# score of an ambiguous noun trigger with nothing around it (below it only such a noun that also refers back,
# "الحادث" alone, or one of a type whose nouns mostly name ideas, TYPE_PRIOR). Without the model (an input of one
# sentence, or set-aside off), the hand threshold decides alone.
# Cross-validated with the model's clause-word keys: event F1 +0.012 (+0.002 to +0.023) against the hand threshold
# alone (docs/results_history.md, stop 27); the floor lowered from 0.6 (a lone unambiguous noun) to 0.0 with the aim
# left to the model too (`_usable`): event F1 +0.008 (+0.001 to +0.015), fragments -0.005 (stop 41).
SUPPORT_THRESHOLD = 1.4
MODEL_FLOOR = 0.0
# A verbal act's complement is not an event (rasd.stages.complements); off by default until the CI gate's floors are
# settled (issue 10 notes: cross-validated event F1 +0.003, the GSR recall floor falls by one event).
COMPLEMENTS = False
# Causes of death that are not violence: with no weapon or attack word, such casualties are no ASSAULT. Whole words
# only, behind the proclitics و ف ب ل ك ال ("الانقلابيين" is no overturned car, "حميد" no fever); a car's
# overturning needs its vehicle ("انقلاب سيارة"), as "الانقلاب" alone is the coup.
_NON_VIOLENT_CAUSES = (
    "حمى", "وباء", "الكوليرا", "كورونا", "مرض", "امراض", "حادث سير", "حوادث السير", "حادث مروري", "حوادث مرورية",
    "غرق", "غرقا", "زلزال", "فيضان", "فيضانات", "سيول", "الحر الشديد", "موجة حر", "صاعقة", "انهيار مبنى", "تسمم",
    "الحصبة", "شلل الأطفال", "الملاريا", "حمى الضنك", "الإيبولا", "الانفلونزا", "سوء التغذية", "المجاعة",
)
_VEHICLES = r"(?:سيار|مركب|حافل|شاحن|باص|قارب|عبار|قطار)\w*"


def _cause_alternative(phrase: str) -> str:
    words = norm(phrase).split()
    if words[0].startswith("ال") and len(words[0]) > 4:
        words[0] = words[0][2:]  # the article is one of the proclitics below
    return r"\s+".join(re.escape(w) for w in words)


_NON_VIOLENT = re.compile(
    r"(?<!\w)[وف]?(?:[بك]?ال|لل|[بلك])?(?:" + "|".join(_cause_alternative(w) for w in _NON_VIOLENT_CAUSES)
    + r"|انقلاب\s+(?:ال)?" + _VEHICLES + r")(?!\w)"
)


# Words of ongoing fighting, which news tells for several towns at once (one event per town).
FIGHTING = tuple(norm(w) for w in ("اشتباك", "معارك", "معركة", "مواجه", "قتال", "يحارب", "تحارب", "حارب", "اقتتال"))


# Mentions of one incident are told within this many events of each other: the bound keeps merging linear in the
# article's length (a news article has far fewer events; a 1 MB page may have thousands).
MERGE_WINDOW = 40


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
    """ل + verbal noun (لاستهداف، للاستيلاء، لشن هجوم، لإيصال المساعدات): an aim, not something that happened.
    Not after تعرض (is_exposed_to), where ل names what befell the subject."""
    w = _word(trig.span.text)
    if w.startswith("ل") and not w.startswith("لقي") and len(w) > 4 and (trig.pos == "noun" or w.startswith("لشن")):
        return doc is None or not is_exposed_to(trig, doc)
    if doc is None or trig.pos != "noun":
        return False
    before = doc.words.before(trig.span.start, 14)
    return bool(before) and before[-1].startswith("ل") and not before[-1].startswith("لل") and len(before[-1]) >= 5


def is_anaphoric(doc: Doc, trig: Trigger) -> bool:
    """الهجوم، هذه العملية: a noun that refers back to an event told before."""
    words = norm(trig.span.text).split()
    if trig.pos != "noun":
        # a light verb with a definite noun refers back too: "وشن الهجوم"
        return len(words) > 1 and words[-1].startswith("ال")
    w = _word(trig.span.text)
    before = doc.words.before(trig.span.start, 12)
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


def _when_for(ix: DocIndex, seg: Segment, anchor: int, settings: Settings) -> When | None:
    """The event's date: its clause, its sentence, the nearest earlier date in its paragraph, else a marked fallback."""
    doc = ix.doc
    sent = ix.sentence(seg.sentence, seg.span)
    for scope in (seg.span, sent):
        within_scope = ix.dates.inside(scope.start, scope.end)
        if within_scope:
            return min(within_scope, key=lambda w: abs(w.span.start - anchor))
    para = ix.paragraph(anchor, sent)
    pub = doc.article.published
    # a date told for the background ("منذ نوفمبر 2014") is not lent to the sentences after it
    earlier = ix.dates.last_before(
        anchor, lambda w: pub is None or w.end is None or (pub - w.end).days <= BACKGROUND_DAYS, floor=para.start)
    if earlier:
        return earlier
    if pub is None:
        return None
    # No date cue: the week before publication, marked relative and with an empty span so no one mistakes it
    # for words in the text.
    return When(span=Span(start=0, end=0, text=""), start=pub - dt.timedelta(days=settings.date_fallback_days),
                end=pub, precision="week", relative=True, resolved=True, time_of_day=None)


def _counts_for(ix: DocIndex, seg: Segment) -> dict[str, Count]:
    """The first total of each kind in the clause, else in its sentence; a toll of this incident before a toll over
    several happenings (Count.aggregate), which an event gets only when its clause and sentence give no other."""
    sent = ix.sentence(seg.sentence, seg.span)
    out: dict[str, Count] = {}
    for aggregate in (False, True):
        for scope in (seg.span, sent):
            for c in ix.counts.inside(scope.start, scope.end):
                if c.kind not in out and c.total and c.aggregate == aggregate:
                    out[c.kind] = c
    return out


def _toll(a: Count | None, b: Count | None) -> Count | None:
    """The toll of two mentions of one incident: the first one's, unless only the other's is this incident's own
    (not a toll over several happenings)."""
    if a is None or (a.aggregate and b is not None and not b.aggregate):
        return b
    return a


def _modes_for(modes_ix: SpanIndex[tuple[Span, str]], seg: Segment, triggers: tuple[Trigger, ...]) -> tuple[str, ...]:
    modes: list[str] = [m for t in triggers for m in t.modes]
    modes += [mode for _, mode in modes_ix.inside(seg.span.start, seg.span.end)]
    return tuple(dict.fromkeys(modes))


def _party(m: Mention) -> bool:
    """Whether a mention can take part in an event: media, monitors and unnamed sources only tell of it."""
    return not (m.actor is not None and (m.actor.kind in SOURCE_KINDS or m.actor.id.startswith("AGENT.SOURCE.")
                                         or m.actor.id == "AGENT.WITNESS"))


def _future_before(ix: DocIndex, trig: Trigger) -> bool:
    doc = ix.doc
    sent = doc.sentences[doc.sentence_of(trig.span.start)] if doc.sentences else trig.span
    return any(c.kind == "future" for c in ix.cues.starting(sent.start, trig.span.start))


def _usable(ix: DocIndex, trig: Trigger, judged: bool) -> str | None:
    """Why a trigger cannot start an event (None when it can). With `judged` (the eventivity model weighs the
    article's events, `model_judges`), an aim (ل + verbal noun) is no reason: the model has it as a feature
    (`purpose`) and weighs it with the rest of the clause (see MODEL_FLOOR)."""
    doc = ix.doc
    if trig.span.start < doc.headline_end:
        return "in the headline"
    if is_participant(trig):
        return "names the people affected, not an event"
    name = inside_name(ix, trig)
    if name is not None:
        return f"a word of the name «{name.span.text}», not an event"
    if is_purpose(trig, doc) and not _future_before(ix, trig) and not judged:
        return "an aim (ل + verbal noun), not an event"
    if is_stative(doc, trig):
        return "who holds a place (التي يسيطر عليها), a state, not an event"
    head = complement_head(ix, trig) if COMPLEMENTS else None
    if head:
        return f"what «{head}» is about (its complement), not an event of its own"
    if trig.type == "PROTEST" and _word(trig.span.text).lstrip("ال").startswith(_PROTESTERS):
        before = doc.words.before(trig.span.start, 8)
        sent = doc.sentences[doc.sentence_of(trig.span.start)] if doc.sentences else trig.span
        acted_on = any(t.type in ("COERCE", "ASSAULT") for t in ix.triggers.starting(sent.start, trig.span.start))
        if before and before[-1] == "من" and acted_on:
            return "names protesters as those an act befell (اعتقلت عددا من المحتجين), not a protest"
    return None


_PROTESTERS = tuple(norm(w) for w in ("محتج", "متظاهر"))


def inside_name(ix: DocIndex, trig: Trigger) -> Mention | None:
    """The named party whose name the trigger is a word of (None when there is none): past the name's first word
    ("مركز الملك سلمان للإغاثة", "قيادة عمليات الأنبار", "الفصائل المقاتلة", "هيئة تحرير الشام"), or the whole name
    ("بايدن" is no "بـ + أيدن"). A trigger that opens a longer mention is its head and stays: "غارات التحالف",
    "الغارات التركية" name an attack and who made it. Unnamed parties ("الانتحاري", "المتظاهرين") are no names."""
    for m in ix.mentions.containing(trig.span.start, trig.span.end):
        if is_named(m) and m.via != "nationality" and (m.span.start < trig.span.start or m.span.end == trig.span.end):
            return m
    return None


_RELATIVES = frozenset(norm(w) for w in ("التي", "الذي", "الذين", "اللتين", "اللذين", "التى"))
_CONTROL = tuple(norm(w) for w in ("يسيطر", "تسيطر", "يسيطرون", "تحتل", "يحتل", "تحتلها", "يحتلها", "سيطرة"))


def is_stative(doc: Doc, trig: Trigger) -> bool:
    """"المدينة التي يسيطر عليها التنظيم": control told as a standing state in a relative clause."""
    word = _word(trig.span.text)
    if not word.startswith(_CONTROL):
        return False
    before = doc.words.before(trig.span.start, 16)
    return bool(before) and (before[-1] in _RELATIVES or (len(before) > 1 and before[-2] in _RELATIVES))


def _background(doc: Doc, ev: Event) -> str | None:
    """Why an event is background (told for context, dated long before publication), or None."""
    pub, when = doc.article.published, ev.when
    if pub is None or when is None or not when.span.text or when.end is None:
        return None
    sent = doc.sentences[ev.sentence] if doc.sentences else ev.evidence
    if not inside(when.span, sent):
        return None  # a date borrowed from an earlier sentence does not make this one background
    if (pub - when.end).days > BACKGROUND_DAYS:
        return f"background: dated {when.iso} ({when.span.text}), {(pub - when.end).days} days before publication"
    return None


def _tells_casualties(ev: Event) -> bool:
    """Whether the event counts casualties or captives: a toll of 0 ("no one was hurt") does not."""
    return any(c is not None and _some(c) for c in (ev.killed, ev.injured, ev.captured))


def _some(c: Count) -> bool:
    """Whether a count tells of casualties: not "no one was hurt" (0)."""
    return c.min > 0 or bool(c.max)


def support(ix: DocIndex, ev: Event) -> float:
    """How well the clause backs an event: a verb, named parties, counts, date and place words."""
    doc = ix.doc
    trigs = ev.triggers
    score = max(1.0 if t.pos == "verb" or (is_purpose(t) and _future_before(ix, t)) else 0.6 for t in trigs)
    score += TYPE_PRIOR.get(ev.type, 0.0) if all(t.pos == "noun" for t in trigs) else 0.0
    if all(t.ambiguous for t in trigs):
        score -= 0.6
    elif ev.type == "PROTEST":
        score += PROTEST_BONUS  # demonstrations and sit-ins are seldom figurative; their nouns name the crowd too
    if all(t.pos == "noun" and is_anaphoric(doc, t) for t in trigs):
        score -= 0.3
    if ev.actors:
        score += 0.8 if any(map(is_named, ev.actors)) else 0.5
    if ev.recipients:
        score += 0.4
    if _tells_casualties(ev):
        score += 1.0  # a toll of 0 ("دون وقوع إصابات") backs nothing
    first = min(t.span.start for t in trigs)
    if any(c.kind in ("allegation", "negation") for c in ix.cues.starting(ev.evidence.start, first)):
        score += 0.5  # "اتهم X بقصف ...", "نفى أن يكون قصف ...": an accusation or a denial names an act
    sent = doc.sentences[ev.sentence] if doc.sentences else ev.evidence
    if ev.when and ev.when.span.text and inside(ev.when.span, sent):
        score += 0.6
    if ev.place and inside(ev.place.span, sent):
        score += 0.4
    return score


def model_judges(doc: Doc, settings: Settings) -> bool:
    """Whether the eventivity model judges the events of `doc`: set-aside on, and an article around them."""
    from rasd.stages.eventivity import MIN_SENTENCES

    return settings.set_aside and len(doc.sentences) >= MIN_SENTENCES


def support_floor(doc: Doc, settings: Settings) -> float:
    """The clause support a mention of `doc` needs to stand as an event (see MODEL_FLOOR)."""
    return MODEL_FLOOR if model_judges(doc, settings) else SUPPORT_THRESHOLD


def build_events(doc: Doc, settings: Settings) -> tuple[tuple[Event, ...], tuple[Dropped, ...]]:
    """One event per trigger group (same type, same clause), kept when its clause backs it, then merged per
    incident across the article; what is dropped says why."""
    ix = DocIndex.cached(doc)
    judged = model_judges(doc, settings)
    floor = support_floor(doc, settings)
    modes_ix: SpanIndex[tuple[Span, str]] = SpanIndex(doc.modes, key=lambda m: m[0])
    groups: dict[tuple[int, int, str], list[Trigger]] = {}
    segs: dict[tuple[int, int, str], Segment] = {}
    dropped: list[Dropped] = []
    for trig in sorted(doc.triggers, key=lambda t: t.span.start):
        why = _usable(ix, trig, judged)
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
        if c.kind in ("killed", "injured") and c.total and _some(c) and c.span.start >= doc.headline_end:
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
        mentions = [m for m in ix.mentions.inside(seg.span.start, seg.span.end) if _party(m)]
        told = _counts_for(ix, seg)
        counts = told if key[2] in ("ASSAULT", "COERCE") else {}
        if key[2].endswith("/abduct"):
            counts = {k: v for k, v in told.items() if k == "captured"}
        actors, recipients = assign_roles(doc, trig_t, mentions, counts)
        ev = Event(
            type=key[2].split("/")[0], modes=_modes_for(modes_ix, seg, trig_t), actors=actors, recipients=recipients,
            place=place_for(ix, seg.span, seg.sentence, anchor), when=_when_for(ix, seg, anchor, settings),
            killed=counts.get("killed"), injured=counts.get("injured"), captured=counts.get("captured"),
            evidence=seg.span, triggers=trig_t, sentence=seg.sentence,
        )
        ev = recode_abduction(ev)
        if ev.type == "ASSAULT" and "abduct" in ev.modes and not ev.captured:
            captured = told.get("captured")
            ev = replace(ev, captured=captured)
        clause = doc.words.normalised(seg.span.start, seg.span.end)
        if ev.type == "ASSAULT" and not ev.modes and _NON_VIOLENT.search(clause):
            dropped.append(Dropped(stage="events", span=seg.span,
                                   reason="deaths from disease, disaster or accident, not an attack"))
            continue
        background = _background(doc, ev)
        if background:
            told_before.append((ev, background))
            continue
        score = support(ix, ev)
        if score >= SUPPORT_THRESHOLD and ev.type == "ASSAULT":
            scenes = scenes_of(ix, seg.span) if any(is_fighting(t) for t in trig_t) else []
            if len(scenes) > 1 and not _tells_casualties(ev):
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
        events = [ev for ev, _ in told_before if support(ix, ev) >= SUPPORT_THRESHOLD]
    merged = events
    alone: list[Event] = []
    for ev, score in weak:
        # a weakly backed mention of an incident already told ("وأسفر الهجوم عن ...") adds its words to it
        for i in range(max(0, len(merged) - MERGE_WINDOW), len(merged)):
            prev = merged[i]
            if _compatible(prev, ev):
                # it may name the scene or the toll the first telling left out ("ووقع الهجوم في قضاء الطارمية")
                merged[i] = replace(prev, triggers=prev.triggers + ev.triggers, place=finer(prev.place, ev.place),
                                    killed=_toll(prev.killed, ev.killed), injured=_toll(prev.injured, ev.injured),
                                    captured=_toll(prev.captured, ev.captured))
                break
        else:
            if score >= floor:  # of no incident told before: the eventivity model judges it (MODEL_FLOOR)
                alone.append(replace(ev, confidence=min(1.0, score / 3)))
                continue
            dropped.append(Dropped(stage="events", span=ev.evidence,
                                   reason=f"{ev.type} with too little support in its clause ({score:.1f})"))
    if alone:  # in text order among the rest
        merged = sorted([*merged, *alone], key=lambda e: (e.evidence.start, e.evidence.end))
    return tuple(merged), tuple(dropped)


def _ids(ms: tuple[Mention, ...]) -> set[str]:
    return {m.key for m in ms}


def _named_ids(ms: tuple[Mention, ...]) -> set[str]:
    """Keys of the parties that are not generic groups: "الإرهابيون" may be anyone's fighters."""
    return {m.key for m in ms if not (m.actor is not None and m.actor.kind == "agent")}


# Groups that take people by force: their detentions are abductions, not arrests.
ABDUCTOR_KINDS = frozenset({"armed_group", "militia"})
ABDUCTOR_AGENTS = frozenset({"AGENT.MILITANT", "AGENT.FIGHTER", "AGENT.REBEL", "AGENT.MERC", "AGENT.SMUGGLER"})


def recode_abduction(ev: Event) -> Event:
    """An armed group's "arrest" (احتجاز مدنيين) is an abduction: ASSAULT, mode abduct (PLOVER)."""
    if ev.type != "COERCE" or "arrest" not in ev.modes:
        return ev
    militants = any(m.actor is not None and (m.actor.id in ABDUCTOR_AGENTS or m.actor.id.startswith("AGENT.P.UAF"))
                    for m in ev.actors)
    group_takes_captives = any(m.actor is not None and m.actor.kind in ABDUCTOR_KINDS for m in ev.actors)
    if militants or group_takes_captives:
        modes = tuple(m for m in ev.modes if m != "arrest")
        return replace(ev, type="ASSAULT", modes=("abduct", *modes))
    return ev


# An incident told by the outlet, by a monitor or witness and by a party claiming it is one incident (gold: "claims of
# responsibility are one event"); hedged, denied and future mentions stay apart.
ACCOUNTS = frozenset({"asserted", "reported", "alleged"})
# Both off by default (before issue 10: only asserted and reported mentions merge, and unresolved names count as
# identities): with COMPLEMENTS, cross-validated event F1 +0.007 (+0.004 to +0.010), but some CI gate floors fall.
MERGE_ACCOUNTS = False
RESOLVED_CONFLICTS = False


def _conflict_ids(ms: tuple[Mention, ...]) -> set[str]:
    """Identities that tell two mentions apart: resolved actors that are not generic groups. An unresolved name has
    no identity to compare ("ديمبسي" and "مارتن ديمبسي" are one man)."""
    if not RESOLVED_CONFLICTS:
        return _named_ids(ms)
    return {m.key for m in ms if m.actor is not None and m.actor.kind != "agent"}


def told_near(a: Event, b: Event) -> bool:
    """Whether two mentions stand in the same or neighbouring sentences: there the hand rule asks no shared party."""
    return abs(a.sentence - b.sentence) <= 1


def why_apart(a: Event, b: Event, *, far: bool = False, follow_up: bool = False) -> str | None:
    """Why the hand rule keeps an earlier mention `a` and a later `b` apart (None: one incident). `follow_up`: b tells
    only a's toll in a sentence of its own (tells_toll_of_before, follows_attack): the parties it names and who tells
    it do not set it apart."""
    if a.type != b.type:
        return "type differs"
    if ("abduct" in a.modes) != ("abduct" in b.modes):
        return "abduction beside another attack"
    # one side's actor is the other's target: a counter-attack, not the same event
    ax, bx = _conflict_ids(a.actors), _conflict_ids(b.actors)
    if not follow_up and ((ax & _conflict_ids(b.recipients)) or (bx & _conflict_ids(a.recipients))):
        return "roles swapped"
    accounts = ACCOUNTS if (MERGE_ACCOUNTS or follow_up) else {"asserted", "reported"}
    if a.modality != b.modality and not {a.modality, b.modality} <= accounts:
        return f"modality {'/'.join(sorted((a.modality, b.modality)))}"
    toll_beside_attack = a.sentence == b.sentence and _toll_only(a) != _toll_only(b)
    for x, y in ((a.actors, b.actors), (a.recipients, b.recipients)):
        nx, ny = _conflict_ids(x), _conflict_ids(y)
        if nx and ny and not (nx & ny) and not (toll_beside_attack and x is a.actors) and not follow_up:
            # (a death told beside the strike that caused it: the death's "actor" is who told it)
            return "named actors differ" if x is a.actors else "named recipients differ"
    if a.place and b.place and a.place.place and b.place.place:
        pa, pb = a.place.place, b.place.place
        if not places_agree(pa, pb):
            return "places disagree"
        own = inside(a.place.span, a.evidence) and inside(b.place.span, b.evidence)
        wide = {"governorate", "region", "country"}
        if pa.id != pb.id and own and pa.precision not in wide and pb.precision not in wide:
            return "two places, each in its own clause"  # shelling told for two villages is two events
    if a.when and b.when and a.when.span.text and b.when.span.text and a.when.start and b.when.start:
        if a.when.start != b.when.start:
            return "dated to different days"  # by their own words ("قبل ذلك بيوم"): two incidents
    count_only = all(t.lemma in ("killed", "injured") for t in b.triggers)
    for kind in ("killed", "injured", "captured"):
        ca, cb = getattr(a, kind), getattr(b, kind)
        # different tolls mean different incidents, unless the later mention is a toll alone (an update)
        if ca and cb and (ca.min, ca.max) != (cb.min, cb.max) and not count_only:
            return f"tolls differ ({kind})"
    if far or told_near(a, b):
        return None
    # Far apart, the same incident shares a named party and its place.
    shared = (_named_ids(a.actors) | _named_ids(a.recipients)) & (_named_ids(b.actors) | _named_ids(b.recipients))
    if not shared:
        return "far apart, no named party shared"
    if a.place is None or b.place is None:
        return "far apart, a place missing"
    return None  # (their places agree: checked above)


def _compatible(a: Event, b: Event, *, far: bool = False, follow_up: bool = False) -> bool:
    return why_apart(a, b, far=far, follow_up=follow_up) is None


# How many sentences after an attack its toll may follow in a sentence of its own ("وأسفرت المواجهات عن مقتل 29").
TOLL_FOLLOW_SENTENCES = 2


def tells_toll_of_before(doc: Doc, ev: Event) -> bool:
    """Whether `ev` tells only the toll of an attack told before it: it has a toll, and each of its triggers is a
    casualty word or a noun that refers back ("21 مسلحا حوثيا قتلوا"، "وأسفرت المواجهات التي وقعت أمس عن مقتل 29")."""
    return bool(ev.killed or ev.injured) and all(
        t.lemma in CASUALTY_LEMMAS or (t.pos == "noun" and is_anaphoric(doc, t)) for t in ev.triggers)


def follows_attack(doc: Doc, a: Event, b: Event) -> bool:
    """Whether `b` stands in one of the TOLL_FOLLOW_SENTENCES sentences after the last one that tells the attack `a`
    (itself more than a toll). A `b` that tells only a toll (tells_toll_of_before) there is a's toll: the dead it names
    may be a side of a clash or other words for its targets, and whoever tells it may differ."""
    last = max((doc.sentence_of(t.span.start) for t in a.triggers), default=a.sentence) if doc.sentences else a.sentence
    return not _toll_only(a) and 0 < b.sentence - last <= TOLL_FOLLOW_SENTENCES


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


STRONGER_BY = 0.1  # how much better backed (support / 3) a later mention must be for its clause to be the evidence


def _merge(a: Event, b: Event) -> Event:
    when = a.when
    if b.when and (when is None or (not when.span.text and b.when.span.text)):
        when = b.when
    # the evidence is the clause that states the incident best: the better backed mention's (a lead often only
    # names what a later sentence tells with its parties and toll)
    stronger = b if b.confidence > a.confidence + STRONGER_BY else a
    return replace(
        a,
        evidence=stronger.evidence, confidence=stronger.confidence,
        modes=tuple(dict.fromkeys(a.modes + b.modes)),
        actors=_merged_actors(a, b),
        recipients=_union(a.recipients, b.recipients),
        place=finer(a.place, b.place), when=when,
        killed=_toll(a.killed, b.killed), injured=_toll(a.injured, b.injured), captured=_toll(a.captured, b.captured),
        triggers=a.triggers + b.triggers,
        modality="reported" if "reported" in (a.modality, b.modality) else a.modality,
        sources=a.sources + tuple(x for x in b.sources if x.name not in {y.name for y in a.sources}),
    )


@dataclass(frozen=True)
class EventsStage:
    settings: Settings
    name: str = "events"
    version: str = "3"  # 2: a toll of 0 ("no one was hurt") backs no event; 3: a word of a name starts none
    requires: tuple[str, ...] = ("sentences", "mentions", "places", "dates", "counts", "triggers", "modes")
    assigns: tuple[str, ...] = ("events", "dropped")

    def __call__(self, doc: Doc) -> Doc:
        events, dropped = build_events(doc, self.settings)
        return doc.assign(self.name, self.version, events=events, dropped=doc.dropped + dropped)


@register("events@1")
def _events(settings: Settings) -> EventsStage:
    return EventsStage(settings=settings)
