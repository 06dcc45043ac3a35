"""Who did it to whom: actor and recipient of an event from the word order and particles of its clause."""

from __future__ import annotations

import re
from dataclasses import replace

from rasd.doc import Doc
from rasd.model import Count, Mention, Trigger
from rasd.nationality import names_weapon
from rasd.stages.index import DocIndex
from rasd.text.normalise import norm
from rasd.text.place_context import DIRECTIONS

# Words right before a mention that make it the target (على، ضد ...) or the agent (بنيران، من قبل ...).
TARGET_MARKERS = frozenset(norm(w) for w in (
    "على", "ضد", "استهدف", "استهدفت", "استهداف", "يستهدف", "تستهدف", "نحو", "باتجاه", "مواقع", "معاقل", "مقرات",
    "تجمعات", "صفوف", "عناصر", "مقاتلي", "منازل", "مقر", "موقع", "معقل", "تجمع", "مراكز", "مركز", "آليات",
    "وسط", "داخل",
))
AGENT_MARKERS = frozenset(norm(w) for w in (
    "بنيران", "نيران", "يد", "قبل", "برصاص", "رصاص", "بقصف", "بغارة", "بغارات", "طيران", "طائرات", "مقاتلات",
    "شنه", "شنها", "نفذه", "نفذها", "تبناه", "تبنى", "ميليشيات", "مسلحي", "مسلحو", "شنته", "شنتها", "جراء",
    "نفذته", "نفذتها", "لطائرات", "لطيران",
))
# Casualty words: who is named with them died or was hurt; only an agent marker names who did it.
CASUALTY_LEMMAS = frozenset({"قتل", "استشهد", "جرحى", "أصيب", "لقي حتفه", "مصرع", "killed", "injured"})
# Prepositions that make a country a place ("في سوريا", "فوق اليمن"), not a party.
LOCATIVES = frozenset(norm(w) for w in (
    "في", "الى", "إلى", "من", "داخل", "خارج", "عبر", "فوق", "قرب", "نحو", "شمال", "جنوب", "شرق", "غرب", "شمالي",
    "جنوبي", "شرقي", "غربي", "وسط", "أنحاء", "حدود", "مع",
))
# Two-sided fighting: both sides are actors.
MUTUAL_MARKERS = frozenset(norm(w) for w in ("بين", "مع"))
# Generic victims (civilians, children, journalists ...) are recipients whatever their position.
VICTIM_AGENTS = frozenset({
    "AGENT.CIV", "AGENT.CHILD", "AGENT.WOMEN", "AGENT.FAMILY", "AGENT.PRISONER", "AGENT.REFUGEE", "AGENT.IDP",
    "AGENT.JOURNALIST", "AGENT.DOCTOR", "AGENT.STUDENT", "AGENT.WORSHIP", "AGENT.PILGRIM", "AGENT.FARMER",
    "AGENT.FISHER", "AGENT.WORKER", "AGENT.WOUNDED", "AGENT.PROTEST", "AGENT.ACTIVIST",
})
# Generic groups who protest, when the protest trigger is their own name (المتظاهرون، المحتجين).
PROTESTERS = frozenset({"AGENT.PROTEST", "AGENT.STUDENT", "AGENT.WORKER", "AGENT.ACTIVIST"})
VICTIM_SECTORS = frozenset({"CIV", "REF", "MED", "HLH", "EDU", "LAB", "AGR", "REL"})


def is_victim(m: Mention) -> bool:
    """A generic group that news names as those an attack hits."""
    if m.actor is None or m.actor.kind != "agent":
        return False
    if m.actor.id in VICTIM_AGENTS:
        return True
    parts = m.actor.id.split(".")
    return len(parts) > 2 and parts[1] == "P" and parts[2] in VICTIM_SECTORS
# How far (in characters) a mention may sit from its trigger and still be its argument.
WINDOW = 120



def _own_marker(doc: Doc, m: Mention) -> str | None:
    if m.via == "nationality" and names_weapon(m.span.text):
        return "agent"  # a state's aircraft or guns are the attackers
    words = doc.words.before(m.span.start, 40)[-2:]
    # the particle may be a proclitic on the mention itself: لداعش (noun triggers), بقسد
    for w in reversed(words):
        if w in TARGET_MARKERS:
            return "target"
        if w in AGENT_MARKERS:
            return "agent"
        if w in MUTUAL_MARKERS:
            return "mutual"
        break
    return None


# What joins a party to the one named right before it: "الحوثيين والقوات الموالية لصالح", "داعش، النصرة", or a
# space alone.
_COORDINATION = re.compile(r"\s*(?:[،,]\s*)?و?\s*")
COORDINATION_LINKS = 3  # parties back along a coordination whose particle a party may share


def coordinated_with(doc: Doc, m: Mention) -> Mention | None:
    """The party that `m` is coordinated with: named at most four characters before it and joined by و, a comma or
    only a space; else None."""
    ends = DocIndex.cached(doc).memo("roles.mention_ends", lambda: {x.span.end: x for x in doc.mentions})
    for gap in range(1, 5):
        prev = ends.get(m.span.start - gap)
        if prev is not None:
            return prev if _COORDINATION.fullmatch(doc.text[prev.span.end:m.span.start]) else None
    return None


def _marker(doc: Doc, m: Mention) -> str | None:
    """The particle that marks a party as target (على، ضد), agent (بنيران، من قبل) or a side (بين، مع); a party
    coordinated with the one before it shares its marker ("على مواقع الحوثيين والقوات الموالية لصالح")."""
    for _ in range(COORDINATION_LINKS + 1):  # the party itself, then each one it is coordinated with
        mark = _own_marker(doc, m)
        prev = coordinated_with(doc, m) if mark is None else None
        if prev is None:
            return mark
        m = prev
    return None


def _in_trigger_words(m: Mention, t: Trigger) -> bool:
    """Whether a mention is the trigger's own words; the subject inside "نفذ التنظيم هجوماً" is not."""
    if not m.span.overlaps(t.span):
        return False
    words = t.span.text.split()
    if len(words) < 2:
        return True
    first_end = t.span.start + len(words[0])
    last_start = t.span.end - len(words[-1])
    return m.span.start < first_end or m.span.end > last_start


def _names_place(doc: Doc, m: Mention) -> bool:
    """Whether the mention's words are also a place name the gazetteer read there: a country, or a capital that
    stands for its rulers ("صنعاء" for the Houthis' authority, "دمشق" for the Syrian government)."""
    if m.actor is not None and m.actor.kind == "state":
        return True
    spans = DocIndex.cached(doc).memo("roles.place_spans", lambda: frozenset(
        (p.span.start, p.span.end) for p in doc.places if p.place is not None))
    return (m.span.start, m.span.end) in spans


def is_location(doc: Doc, m: Mention) -> bool:
    """A country or capital named as where something happened ("في سوريا", "بالعراق", "جنوب صنعاء"), not as a
    party."""
    if m.actor is None or not _names_place(doc, m):
        return False
    word = next(iter(doc.words.between(m.span.start, m.span.end)), "")
    before = doc.words.before(m.span.start, 40)[-1:]
    if before and before[-1][:1] == "ب" and before[-1][1:] in DIRECTIONS:  # "بشمال الصومال": ب on the direction
        return True
    clitic = doc.text[max(0, m.span.start - 1):m.span.start]
    return (bool(before) and before[-1] in LOCATIVES) or word.startswith(("ب", "لل")) or clitic in ("ب",)


_EXPOSED = re.compile(norm(r"^[وف]?[لب]?[يتن]?تعرض"))  # تعرض، تعرضت، يتعرض، بعد تعرضه: "was subjected to"
CLAUSE_BREAKS = frozenset("،,.؛;:!?؟\n")  # punctuation that closes a clause (the role labeller's same_clause too)
EXPOSED_REACH = 80  # characters before the ل-word in which the verb is looked for


def is_exposed_to(trig: Trigger, doc: Doc) -> bool:
    """"تعرض مركز المسيال لقذائف", "تعرضت دورية للجيش لهجوم مسلح": the ل after تعرض names what befell the
    subject, not an aim (same clause, within EXPOSED_REACH characters)."""
    start = trig.span.start
    lead = doc.text[max(0, start - EXPOSED_REACH):start]
    cut = max((i + 1 for i, ch in enumerate(lead) if ch in CLAUSE_BREAKS), default=0)
    return any(_EXPOSED.match(w) for w in doc.words.between(start - len(lead) + cut, start))


def _passive_plural(t: Trigger) -> bool:
    """قتلوا، جرحوا، أصيبوا: the subject before such a verb is its victim."""
    w = norm(t.span.text)
    return w.endswith("وا") or w.startswith(("اصيب", "قضى", "لقي"))


def fold_partitives(doc: Doc, ms: list[Mention]) -> list[Mention]:
    """"مسلحون من تنظيم داعش": a generic group followed by من and a named one stands for the named one, at the
    generic group's place in the clause."""
    out: list[Mention] = []
    skip = -1
    for i, m in enumerate(ms):
        if i == skip:
            continue
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        if (nxt is not None and m.actor is not None and m.actor.kind == "agent" and nxt.actor is not None
                and nxt.actor.kind != "agent" and doc.words.normalised(m.span.end, nxt.span.start) in ("من", "من بين")):
            out.append(replace(nxt, span=doc.span(m.span.start, nxt.span.end), via="possessive"))
            skip = i + 1
        else:
            out.append(m)
    return out


def is_named(m: Mention) -> bool:
    """Whether a mention names a party the dictionary knows by name, not an unnamed agent ("مسلحون", "مصدر")."""
    return m.actor is not None and m.actor.kind != "agent"


def _dedupe(ms: list[Mention]) -> tuple[Mention, ...]:
    seen: set[str] = set()
    out = []
    for m in ms:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return tuple(out)


def assign_roles(
    doc: Doc, triggers: tuple[Trigger, ...], mentions: list[Mention], counts: dict[str, Count]
) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """Actors and recipients of one trigger group among the mentions of its clause."""
    if not triggers:
        return (), ()
    t0 = triggers[0]
    tpos = t0.span.start
    near = fold_partitives(doc, [m for m in mentions if abs(m.span.start - tpos) <= WINDOW
                                 and not _in_trigger_words(m, t0) and not is_location(doc, m)])
    casualty = all(t.lemma in CASUALTY_LEMMAS for t in triggers)
    actors: list[Mention] = []
    recipients: list[Mention] = []
    unmarked_after: list[Mention] = []
    unmarked_before: list[Mention] = []
    for m in near:
        mark = _marker(doc, m)
        if mark == "target":
            recipients.append(m)
        elif mark == "agent":
            actors.append(m)
        elif mark == "mutual":
            actors.append(m)
        elif is_victim(m) and t0.type in ("ASSAULT", "COERCE"):
            recipients.append(m)
        elif casualty and (m.span.start > tpos or _passive_plural(t0)):
            recipients.append(m)  # مقتل X، قتل X، X قتلوا: the named are the dead
        elif m.span.start > tpos:
            unmarked_after.append(m)
        else:
            unmarked_before.append(m)
    between = next((m for m in near if m.span.start > tpos and _marker(doc, m) == "mutual"), None)
    if between is not None and doc.words.normalised(between.span.start - 6, between.span.start).endswith("بين"):
        # "اشتباكات بين X و Y": every party named after بين is a side of the fighting
        sides = [m for m in near if m.span.start >= between.span.start and not is_victim(m)]
        return _dedupe(actors + [m for m in sides if m not in actors]), _dedupe(
            [m for m in recipients if m.span.start < between.span.start])
    mutual = any(_marker(doc, m) == "mutual" for m in near)
    if mutual:
        # "اشتبك X مع Y": X and the next unmarked party are both sides
        actors += unmarked_after[:1]
        unmarked_after = unmarked_after[1:]
    if unmarked_before and is_exposed_to(t0, doc):
        recipients.append(unmarked_before.pop())  # "تعرضت دورية لهجوم": the subject of تعرض is who it befell
    if not actors:
        if t0.pos == "verb" and unmarked_after:
            actors.append(unmarked_after.pop(0))  # verb-subject-object
        elif unmarked_before:
            actors.append(unmarked_before[-1])  # subject before its verb, or the agent before a noun
        elif unmarked_after:
            actors.append(unmarked_after.pop(0))  # the genitive agent of a verbal noun: هجوم داعش
    if not recipients and unmarked_after:
        recipients.append(unmarked_after[0])
    # the victims named by a casualty count are recipients, never the actors ("مقتل تسعة من رجال الشرطة")
    for c in counts.values():
        for m in mentions:
            if c.whose and m.span.overlaps(c.span) and m not in recipients:
                recipients.append(m)
                if m in actors and (len(actors) > 1 or not is_named(m)):
                    actors.remove(m)  # (a sole named party counted among the dead stays: "خسائر داعش" told loosely)
    if t0.type == "PROTEST":
        # "تجمع عدد من المتظاهرين": the crowd the trigger names is who protests
        crowd = [m for m in mentions if m.actor is not None and m.actor.id in PROTESTERS
                 and (any(m.span.overlaps(t.span) for t in triggers) or m in actors)]
        if crowd:  # the others named around it are what they protest against ("هاجم المتظاهرون محافظ العاصمة")
            recipients = [m for m in actors if m not in crowd] + recipients
            actors = crowd
    actors, recipients = _coordinated(doc, near, actors), _coordinated(doc, near, recipients)
    actor_keys = {m.key for m in actors}
    recipients = [m for m in recipients if m.key not in actor_keys]
    return _dedupe(actors), _dedupe(recipients)


def _coordinated(doc: Doc, near: list[Mention], role: list[Mention]) -> list[Mention]:
    """"مواقع الحوثيين والقوات الموالية لصالح": a party joined by و to one in a role shares the role."""
    out = list(role)
    for m in near:
        if m in out:
            continue
        prev = next((r for r in out if 0 <= m.span.start - r.span.end <= 3
                     and doc.text[r.span.end:m.span.start].strip() in ("و", "،و", "، و")), None)
        if prev is not None and is_victim(m) == is_victim(prev):
            out.append(m)
    return out
