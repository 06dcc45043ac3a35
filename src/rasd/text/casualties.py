"""Casualty and capture counts (killed, injured, captured) near their cue words, with whose casualties they are.

Rules:
- a count is a quantity (rasd.text.numbers) next to a cue: after an event noun or verb (مقتل 5 مدنيين، قتل خمسة
  جنود، أسرت أمس 45 حوثيا) or before a count noun or plural verb (5 قتلى، 173 مدنيا قتلوا، عشرات الجرحى);
- with no number, a singular person noun or rank after the cue counts one (مقتل جندي، مقتل القيادي ...), a dual of a
  noun with a broken plural counts two (مقتل جنديين), a plural noun or آخرين counts (2, None) (احتجاز مدنيين)
  and a dual cue noun counts two (قتيلين); a bare cue (مقتل زعيم التنظيم has زعيم: one) gives nothing otherwise;
- مقتل وإصابة N: at least one of each and N in all, so killed (1, N-1) and injured (1, N-1);
- ارتفع عدد القتلى إلى N / حصيلة ... بلغت N: N, total=True (the updated figure);
- N قتيلا منهم A من X و B من Y: the total and its parts (total=False, each with its whose);
- مقتل N من X و M من Y، قتل 3 من الشرطة ومدني، بالإضافة إلى عنصرين (groups of people joined by "and"): the sum,
  and each group as a part (rasd.text.casualty_phrases.next_group); so for the groups that are a plural verb's
  subject (إن جنديين وحارسا قتلوا، لقي قيادي و12 من مرافقيه مصرعهم) and for the two sides' tolls of one clash in
  one clause (مقتل 21 من المتمردين ومقتل 3 من الجنود، ... بينما قتل 2 من رجال المقاومة);
- أن جنديا تركيا قتل / «استشهد» (a passive verb whose subject is one person, not followed by an object): one;
  likewise أدى إلى مقتله، لقي فلان ... مصرعه، قتل فيه جندي، أوقع قتيلا;
- أودى بحياة N، سقوط N من + people (not سقوط 5 قذائف);
- an executed sentence, نفذ/تنفيذ ... حكم/عقوبة القتل/الإعدام [تعزيرا] في/بحق + the persons (a number, a person noun
  or a name): killed (a sentence passed but not said to be carried out gives nothing);
- with none_hurt, "no one was hurt" (دون وقوع إصابات، لم يسفر عن ضحايا) is a count of 0; "no news of casualties"
  (دون أنباء عن إصابات، لم ترد معلومات عن ضحايا) is none: nothing is known yet;
- a past killing verb with its object's pronoun: one (أعدمه، قتلوه، أردوه قتيلا), two for the dual (قتلهما); not
  tried, threatened, planned or feared (حاولوا قتله، هدد بقتله، خشية قتله، القبض عليه أو قتله), not قتلاه (its dead);
- a passive dual verb after إن/أن and its dual subject: two (أن جنديين ماليين قتلا);
- one person or a name and a group joined by و after one cue: both (مقتل امرأة وثلاثة أطفال: 4; مقتل فلان وجنديين: 3;
  مقتل أبو سالم و3 آخرين: 4); "others" further on in the clause join the one person or name before them, across an
  aside (مقتل فلان، ابن شقيق زعيم التمرد، برفقة قياديين آخرين: 3 or more; فضلاً عن نحو 40 مسلحاً آخرين);
- a death sentence passed (حكما بإعدام، قضت بإعدام) counts no one;
- a toll whose own words speak of several happenings or a span of time (حوادث متفرقة، سلسلة تفجيرات، 4 هجمات، منذ 20
  يوليو، خلال 24 ساعة) is marked aggregate: a day's or a campaign's total, not one incident's toll.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from rasd.model import Count, CountKind, Span
from rasd.text.casualty_phrases import (
    Group,
    both_sides,
    coordinated,
    is_cue,
    met_death,
    met_deaths,
    name_after,
    next_group,
    object_after,
    others_after,
    person_at,
    subject_groups,
    summed,
    tamyiz_more,
    whose_after,
)
from rasd.text.casualty_words import (
    AGGREGATE,
    BACKWARD,
    BWD,
    CLAUSE_END,
    DUAL_AFTER,
    DUAL_CUES,
    EXECUTED,
    FALLEN,
    FALLEN_PERSONS,
    FORWARD,
    FWD,
    JOINT,
    KILLED_OBJECT,
    KILLED_PRONOUN,
    KILLED_STEM,
    LONG_SUBJECT,
    MARTYRS_NAME,
    NAME_CUES,
    NEG,
    NEG_LAST,
    NEG_NOT,
    NO_NEWS,
    NONE_HURT,
    NOT_DONE,
    NOUN_CUES,
    PAREN,
    PASSIVE_ONE,
    PASSIVE_ONE_BARE,
    PASSIVE_TWO,
    PASSIVE_TWO_VERBS,
    PLURAL_CUES,
    SENTENCED,
    SINGLE_AFTER,
    SINGULAR,
    SKIP_BEFORE_Q,
    STOP,
    TIME_WORDS,
    TOLL,
    TOLL_KIND,
    VICTIMS_KIN,
    WORD,
)
from rasd.text.dates import _atoms as _date_atoms
from rasd.text.dates import original_span
from rasd.text.normalise import Normalised
from rasd.text.numbers import Quantity, find_quantities


def _negation(text: str, cs: int) -> list[str] | None:
    """The words between the negation and the cue at cs when the cue is negated (لم يبلغ عن قتلى، دون وقوع إصابات،
    ولم ترد أنباء عن إصابات), else None."""
    m = NEG.search(text, max(0, cs - 60), cs)
    if not m:
        return None
    mid = m.group("mid").split()
    if any(w in NEG_NOT for w in mid):
        return None
    if len(mid) >= 2 and mid[-1] == "او" and is_cue(mid[-2]):
        return mid  # لم يبلغ عن قتلى أو جرحى
    return mid if not mid or mid[-1] in NEG_LAST else None


def _followed_by_cue(text: str, pos: int) -> bool:
    """Whether the word after pos is a plural verb cue (قتلوا ومئات جرحوا: the number is the subject of جرحوا)."""
    m = WORD.match(text, pos + 1) if text[pos:pos + 1] == " " else None
    return m is not None and m.group() in LONG_SUBJECT


def _missing(text: str, pos: int) -> bool:
    """Whether فقدوا ending at pos means went missing (nothing, a stop word or a time word after it), not lost X."""
    m = WORD.match(text, pos + 1) if text[pos:pos + 1] == " " else None
    return m is None or m.group() in STOP or m.group() in TIME_WORDS


# A number joined to a group before it (و18 مقاتلا، بينهم اثنان): a part of the subject, not all of it.
_JOINED_BEFORE = re.compile(r"(?:(?<![^\W\d_])و|(?<![^\W\d_])(?:بينهم|بينهما|منهم|ومنهم)\s+)$")
LONG_SUBJECT_WORDS = 10  # words a subject phrase may run to between its number and its plural verb


def _long_subject(text: str, q: Quantity, cs: int) -> bool:
    """Whether the words between a number and its plural verb cue are one long subject phrase.

    The number must be followed by a person noun; a parenthesis or a ", من بينهم X," aside may sit inside; no
    sentence or clause punctuation, stop word or other cue may.
    """
    if cs - q.end > 120 or (person_at(text, q.end + 1) is None and not text.startswith(" من ", q.end)):
        return False  # the number's noun, or "من" and the group (25 من ميليشيات الحوثي وقوات صالح قتلوا)
    gap = PAREN.sub(" ", text[q.end:cs])
    closed = re.sub(r"\s*[,،]\s*$", " ", gap)  # a comma before the verb closes the subject: وكان 15 من المسلحين، قتلوا
    if closed != gap and (find_quantities(closed) or _JOINED_BEFORE.search(text, max(0, q.start - 12), q.start)):
        return False  # unless the subject holds more groups or a part (و18 مقاتلا من التنظيم، قتلوا: not 18 alone)
    gap = closed
    if re.search(r"[.,;:!?()]", gap):
        return False
    gw = WORD.findall(gap)
    return len(gw) <= LONG_SUBJECT_WORDS and not any((x in STOP and x != "من") or is_cue(x) for x in gw)


_CLITICS = ("", "و", "ف", "ب", "ل", "لل", "وب", "ول", "فب")


def _start_words(alts: str) -> frozenset[str]:
    """Every word a match of cue_regex(alts) can start with: a proclitic and the first word of an alternative."""
    return frozenset(c + a.split("\\s+")[0] for a in alts.split("|") for c in _CLITICS)


# (kind, direction, regex, the words its matches start with); a match always starts at the start of such a word.
_CUE_RXS: list[tuple[CountKind, str, re.Pattern[str], frozenset[str]]] = [
    *((k, "f", FWD[k], _start_words(v)) for k, v in FORWARD.items()),
    *((k, "b", BWD[k], _start_words(v)) for k, v in BACKWARD.items()),
]
_CUE_START = frozenset().union(*(sw for *_, sw in _CUE_RXS))


def _cues(text: str) -> list[tuple[int, int, CountKind, str]]:
    """All cue matches (start, end, kind, f/b), as each regex's finditer gives them, sorted.

    Each regex is only tried at the starts of the words its matches can begin with, keeping finditer's
    leftmost, non-overlapping order.
    """
    starts: list[tuple[int, str]] = [(m.start(), w) for m in WORD.finditer(text) if (w := m.group()) in _CUE_START]
    cues: list[tuple[int, int, CountKind, str]] = []
    for kind, d, rx, sw in _CUE_RXS:
        last = 0
        for s, w in starts:
            if s < last or w not in sw:
                continue
            m = rx.match(text, s)
            if m is not None:
                cues.append((m.start("w"), m.end("w"), kind, d))
                last = m.end()
    cues.sort()
    return cues


Part = tuple[int, int | None, int, int, tuple[int, int] | None]  # a group counted: min, max, start, end, whose


def find_casualties(nt: Normalised, none_hurt: bool = False) -> list[Count]:
    """Every casualty or capture count in the text, with spans into the original text.

    none_hurt: also count "no one was hurt" (دون وقوع إصابات، لم يسفر عن ضحايا) as 0, the gold's convention. The
    counts stage asks for it (the events stage lets a 0 back no event); off by default for other callers.
    """
    text = nt.text
    dates = [(a.start, a.end) for a in _date_atoms(text) if a.kind != "tod"]
    qs = [q for q in find_quantities(text) if not any(q.start < e and s < q.end for s, e in dates)
          and not re.search(r"(?:عام|سنه|القرار|رقم|المرسوم|الساعه|الماده|البند|الفقره)\s*$", text[max(0, q.start - 9):
                                                                                                      q.start])]
    qs = [q for q in qs if not DUAL_CUES.fullmatch(text[q.start:q.end])]
    used_q: set[int] = set()
    used_cue: set[int] = set()
    out: list[Count] = []
    at: list[tuple[int, int]] = []  # each count's normalised start and end

    def span(s: int, e: int) -> Span:
        return original_span(nt, s, e)

    def emit(kind: CountKind, lo: int, hi: int | None, cue: tuple[int, int], parts: list[tuple[int, int]],
             whose: tuple[int, int] | None, total: bool = True) -> None:
        s = min(p[0] for p in parts)
        e = max(p[1] for p in parts)
        at.append((s, e))
        out.append(Count(span=span(s, e), kind=kind, min=lo, max=hi, total=total, cue=span(*cue),
                         whose=span(*whose).text if whose else None))

    def emit_sum(kind: CountKind, cue: tuple[int, int], whole: tuple[int, int], groups: list[Part]) -> None:
        """The toll of several groups counted together, then each group as a part (total=False): each group is
        (min, max, start, end, the span of the words naming it)."""
        lo, hi = summed([(g[0], g[1]) for g in groups])
        emit(kind, lo, hi, cue, [whole], None)
        for g in groups:
            emit(kind, g[0], g[1], cue, [(g[2], g[3])], g[4], total=False)

    def q_at(pos: int) -> Quantity | None:
        for q in qs:
            if q.start == pos and q.start not in used_q:
                return q
        return None

    def taken(grp: Group) -> Part:
        """A group as a part of a sum, its number marked as used."""
        if grp[4] is not None:
            used_q.add(grp[4].start)
        return (*grp[:4], (grp[2], grp[3]))

    def joined_groups(end: int, kind: CountKind, others: bool = False) -> tuple[int, list[Part]]:
        """The groups of people joined by و to the one ending at `end` (their numbers taken), and where they end:
        أودى بحياة ضابط وجنديين تركيين، مقتل فلان وقياديين آخرين. others: when there is none, the others told further on
        in the clause with one person (مقتل فلان، ابن شقيق زعيم التمرد، برفقة قياديين آخرين)."""
        parts: list[Part] = []
        while (grp := next_group(text, end, q_at)) is not None:
            parts.append(taken(grp))
            end = grp[3]
        if others and not parts and (grp := others_after(text, end, q_at, kind)) is not None:
            parts.append(taken(grp))
            end = grp[3]
        return end, parts

    def breakdown(kind: CountKind, pos: int) -> int:
        m = re.compile(r"\s*,?\s*(?:من\s+)?(?:منهم|بينهم)\s+").match(text, pos)
        if not m:
            return pos
        p = m.end()
        while True:
            q = q_at(p)
            if q is None:
                return p
            used_q.add(q.start)
            who = whose_after(text, q.end + 1)
            end = who[1] if who else q.end
            emit(kind, q.min, q.max, (q.start, q.end), [(q.start, end)], who, total=False)
            c = re.compile(r"\s*,?\s*و\s*").match(text, end)
            if not c:
                return end
            p = c.end()

    # 1. updated tolls
    tolls: set[int] = set()
    for m in TOLL.finditer(text):
        kind = TOLL_KIND.get(m.group("w"), "killed")
        stop = text.find(".", m.end("w"))
        lim = min(m.end("w") + 70, stop if stop >= 0 else len(text))
        cand = [q for q in qs if m.end("w") < q.start < lim and q.start not in used_q]
        after_ila = [q for q in cand if re.search(r"الي|بلغ|وصل", text[m.end("w"):q.start])]
        q = next(iter(after_ila or cand), None)
        if q is None:
            continue
        used_q.add(q.start)
        used_cue.add(m.start("w"))
        tolls.add(len(out))
        emit(kind, q.min, q.max, (m.start("w"), m.end("w")), [(m.start(), q.end)], None)
        breakdown(kind, q.end)

    # 1b. executed sentences: تنفيذ حكم القتل تعزيرا في مهرب مخدرات، نفذ حكم الإعدام بحق ثلاثة مدانين
    for m in EXECUTED.finditer(text) if "حكم" in text or "عقوبه" in text else ():
        if any(w in STOP and w not in TIME_WORDS for w in m.group("mid").split()):
            continue
        pos = m.end()
        qx = q_at(pos)
        person = person_at(text, qx.end + 1) if qx is not None and text[qx.end:qx.end + 1] == " " else None
        name = None
        if qx is not None and person is not None:
            lo, hi, end = qx.min, qx.max, person[2]
            used_q.add(qx.start)
        elif (person := person_at(text, pos)) is not None:
            lo, hi, end = person
        elif (name := name_after(text, pos)) is not None:
            lo, hi, end = 1, 1, name[1]
        elif text.startswith("المدعو", pos):
            lo, hi, end = 1, 1, pos + len("المدعو")
        else:
            continue
        emit("killed", lo, hi, (m.start("w"), m.end("w")), [(m.start("w"), end)], (pos, end))

    # 1c. a passive verb whose subject is one person: أن جنديا تركيا قتل وأصيب آخر، إن متطرفا قتل واعتقل 16
    for m in (*PASSIVE_ONE.finditer(text), *PASSIVE_ONE_BARE.finditer(text)):
        head = m.group("n")[:-1] if m.re is PASSIVE_ONE else m.group("n")  # the accusative's ا left out
        verb = span(m.start("w"), m.end("w"))
        if not _passive_person(text, m, head) or any(c.cue and verb.overlaps(c.cue) for c in out):
            continue  # not a person, an active verb with its object (أن مسلحا قتل جنديين), or a verb counted already
        kind_p: CountKind = "killed" if m.group("w").startswith(("قتل", "استشهد")) else "injured"
        emit(kind_p, 1, 1, (m.start("w"), m.end("w")), [(m.start("n"), m.end("w"))], (m.start("n"), m.end("n")))

    # 1d. fallen people: أسفرت عن سقوط 16 من المتمردين، مقابل سقوط 30 مقاتلا (a number of persons, not of shells)
    for m in FALLEN.finditer(text):
        qf = q_at(m.end())
        if qf is None or text[qf.end:qf.end + 1] != " " or re.search(r"جرحي|جريح|مصابين", text[qf.end:qf.end + 50]) or (
                person_at(text, qf.end + 1) is None and not FALLEN_PERSONS.match(text, qf.end + 1)):
            continue
        used_q.add(qf.start)
        who = whose_after(text, qf.end + 1)
        emit("killed", qf.min, qf.max, (m.start("w"), m.end("w")), [(m.start("w"), who[1] if who else qf.end)], who)

    # 1e. a verbal noun with a person's pronoun: أدى إلى مقتله (one), مقتلهما (two)
    for m in KILLED_PRONOUN.finditer(text):
        if m.group("pre") is None and not span(m.start("w"), m.end("w")).text.endswith("ة"):  # مقتلة: a massacre
            n = 2 if m.group("pn") == "هما" else 1
            used_cue.add(m.start("w"))
            emit("killed", n, n, (m.start("w"), m.end("w")), [(m.start("w"), m.end("w"))], None)

    # 1f. a past killing verb with its object's pronoun: قتله مسلحون (one), قتلهما (two), أردوه قتيلا; not a tried,
    # threatened or planned one (حاولوا قتله: among the three words before), nor one with a number after it
    # (قتله 5 أشخاص: the number counts)
    for m in _killed_objects(text):
        if (any(w in NOT_DONE for w in WORD.findall(text[max(0, m.start() - 30):m.start()])[-3:])
                or (m.group("rda") and not m.group("qatil"))
                or re.match(r"\s+(?:[^\W\d_]+\s+)?\d", text[m.end():m.end() + 24])):
            continue
        n = 2 if m.group("pn") == "هما" else 1
        end = m.end("qatil") if m.group("qatil") else m.end("w")
        emit("killed", n, n, (m.start("w"), end), [(m.start("w"), end)], None)

    # 1g. a passive dual verb whose subject is two persons: أن جنديين ماليين قتلا وأصيب أربعة (two killed)
    for m in PASSIVE_TWO.finditer(text) if any(v in text for v in PASSIVE_TWO_VERBS) else ():
        if not _passive_person(text, m, m.group("n")):
            continue  # not persons, or an active verb with its object: أن مسلحين قتلا جنديا
        used_cue.add(m.start("w"))
        kind_2: CountKind = "killed" if m.group("w") in ("قتلا", "استشهدا") else "injured"
        emit(kind_2, 2, 2, (m.start("w"), m.end("w")), [(m.start("n"), m.end("w"))], (m.start("n"), m.end("mid")))

    # 1h. dead and wounded told together: 90 مدنيا بين قتيل وجريح (as "مقتل وجرح 90": _joint)
    for m in KILLED_AND_WOUNDED.finditer(text) if "بين" in text else ():
        q = next((x for x in reversed(qs) if x.end <= m.start() and x.start not in used_q), None)
        gap = text[q.end:m.start()] if q is not None else ""
        gap_words = WORD.findall(gap)
        if q is None or len(gap_words) > 3 or re.search(r"[.,;:!?]", gap) or any(w in STOP for w in gap_words):
            continue
        lo2, hi2 = _joint(q.min, q.max)
        used_q.add(q.start)
        who = whose_after(text, q.end + 1) if gap_words else None
        if who and who[1] >= m.start():
            who = (who[0], m.start() - 1) if who[0] < m.start() - 1 else None
        joint_kinds: tuple[tuple[CountKind, str], ...] = (("killed", "k"), ("injured", "i"))
        for kind_j, group in joint_kinds:
            used_cue.add(m.start(group))
            emit(kind_j, lo2, hi2, (m.start(group), m.end(group)), [(q.start, m.end())], who)

    # 2. cues
    cues = _cues(text)
    for cs, ce, kind, d in cues:
        if cs in used_cue or any(c.cue and span(cs, ce).overlaps(c.cue) for c in out):
            continue
        w = text[cs:ce]
        if w.endswith("اعدام") and SENTENCED.search(text, max(0, cs - 40), cs):
            used_cue.add(cs)
            continue  # a death sentence passed (حكما غيابيا بإعدام فلان): no one killed yet
        negated = _negation(text, cs)
        if negated is not None:
            used_cue.add(cs)
            purpose = re.search(r"(?:حتي|كي|لكي)\s+(?:لا|لن)\s+(?:[^\W\d_]+\s+){0,4}$", text[max(0, cs - 50):cs])
            zero = none_hurt and not purpose and not NO_NEWS.intersection(negated)
            for k0 in NONE_HURT.get(w, ()) if zero else ():  # دون وقوع إصابات: 0; دون أنباء عن إصابات: nothing
                emit(k0, 0, 0, (cs, ce), [(cs, ce)], None)
            continue
        if d == "b":
            if w in ("شهداء", "الشهداء", "شهيد") and MARTYRS_NAME.search(text, max(0, cs - 12), cs):
                continue  # a name: لواء شهداء اليرموك
            if w in ("ضحايا", "الضحايا", "ضحيه") and VICTIMS_KIN.search(text, max(0, cs - 10), cs):
                continue  # their relatives: عدد من ذوي ضحايا التفجير
            # N [whose] cue: 5 قتلى، 173 مدنيا قتلوا، 12 شخصا على الأقل قتلوا
            found = None
            subject = subject_groups(text, cs, q_at) if re.sub(r"\s+", " ", w) in LONG_SUBJECT else None
            if subject is not None:  # إن جنديين وحارسا قتلوا، لقي قيادي بارز و12 من مرافقيه مصرعهم
                used_q.update(g[4].start for g in subject if g[4] is not None)
                used_cue.add(cs)
                emit_sum(kind, (cs, ce), (subject[0][2], ce), [(*g[:4], (g[2], g[3])) for g in subject])
                continue
            part = None
            for q in reversed(qs):
                if q.end <= cs and q.start not in used_q and cs - q.end <= 120:
                    if part is None and (m_part := re.search(r"(?:بينهم|منهم)\s*[\"«“]?\s*$",
                                                             text[max(0, q.start - 12):q.start])):
                        part = max(0, q.start - 12) + m_part.start()
                        continue  # a part: عشرة مدنيين بينهم "عدد من الأطفال" قتلوا، خمسة أشخاص بينهم اثنان من ...
                    if part is not None and part > q.end and not re.search(r"[.;:!?]", text[part:cs]) \
                            and re.sub(r"\s+", " ", w) in LONG_SUBJECT and len(WORD.findall(text[q.end:part])) <= 3 \
                            and person_at(text, q.end + 1) is not None:
                        found = (q, text[q.end:cs])  # the total before its part
                        break
                    gap = text[q.end:cs]
                    gw = WORD.findall(gap)
                    gw_clean = [x for x in gw if x not in ("علي", "الاقل", "من")]
                    if (cs - q.end <= 40 and len(gw_clean) <= 3 and not any(x in STOP for x in gw_clean)
                            and "," not in gap.strip()):
                        found = (q, gap)
                    elif re.sub(r"\s+", " ", w) in LONG_SUBJECT and _long_subject(text, q, cs):
                        found = (q, gap)
                    elif w in ("مصرعهم", "حتفهم") and met_deaths(text, q, cs):
                        found = (q, gap)  # لقي 24 عنصرا من ... (a long subject) مصرعهم
                    break
            if found and w == "فقدوا" and not _missing(text, ce):
                found = None
            if found:
                q, gap = found
                used_q.add(q.start)
                used_cue.add(cs)
                lo, hi = q.min, q.max
                if "علي الاقل" in gap:
                    hi = None
                who = whose_after(text, q.end + 1) if WORD.search(gap) else None
                if who and who[1] > cs:
                    who = (who[0], min(who[1], cs - 1)) if who[0] < cs - 1 else None
                emit(kind, lo, hi, (cs, ce), [(q.start, ce)], who)
                breakdown(kind, ce)
                continue
            if DUAL_CUES.fullmatch(w):
                used_cue.add(cs)
                emit(kind, 2, 2, (cs, ce), [(cs, ce)], whose_after(text, ce + 1))
                continue
            prev = text[max(0, cs - 8):cs]
            if w in PLURAL_CUES and (re.search(r"(?:سقوط|وقوع|عن|خلف|خلفت|اوقع|اوقعت)\s+$", prev)
                                     or _fell_after_an(text, prev, ce)):
                used_cue.add(cs)
                emit(kind, 2, None, (cs, ce), [(cs, ce)], None)
                continue
            if re.sub(r"\s+", " ", w) in DUAL_AFTER:
                used_cue.add(cs)
                emit(kind, 2, 2, (cs, ce), [(cs, ce)], None)
                continue
            if re.sub(r"\s+", " ", w) in SINGLE_AFTER:
                prev_w = [m for m in WORD.finditer(text, max(0, cs - 30), cs)][-2:]
                prev_w = [m for m in prev_w if m.group() not in ("لقي", "لقيت")]
                pm = prev_w[-1] if prev_w else None
                person = person_at(text, pm.start()) if pm and not text[pm.end():cs].strip(" لقيت") else None
                if pm and person and person[1] == 1:
                    used_cue.add(cs)
                    emit(kind, 1, 1, (cs, ce), [(pm.start(), ce)], (pm.start(), pm.end()))
                elif (met := met_death(text, cs)) is not None:  # لقي السعودي فلان، المقاتل في التنظيم، مصرعه
                    used_cue.add(cs)
                    emit(kind, 1, 1, (cs, ce), [(met, ce)], None)
                continue
            if w in ("قتيل", "قتيلا", "جريح", "شهيد", "جثه", "اسير", "رهينه", "مصاب") and re.search(
                    r"(?:سقوط|وقوع|عن|علي|اوقع|اوقعت|خلف|خلفت)\s+$", prev):
                used_cue.add(cs)
                emit(kind, 1, 1, (cs, ce), [(cs, ce)], whose_after(text, ce + 1))
            continue
        # forward: cue [و cue2] [امس] N [whose]
        pos = ce
        joint = JOINT.match(text, pos)
        if joint:
            pos = joint.end()
        sk = SKIP_BEFORE_Q.match(text, pos)
        p2 = sk.end() if sk else pos
        q = q_at(p2) or q_at(pos + 1)
        named = None  # a name joined by و to the number: مقتل أبو سالم و3 آخرين is 4
        if q is None and not joint:
            for q2 in qs:
                if pos < q2.start <= pos + 35 and q2.start not in used_q:
                    gw = WORD.findall(text[pos:q2.start])
                    named = _named_before(text, pos, q2)  # its words and و are no words between cue and number
                    if ((len(WORD.findall(text[pos:named[0]])) if named else len(gw)) <= 3
                            and not re.search(r"[.,;:]", text[pos:q2.start])
                            and not any(x in STOP and x not in ("امس", "اليوم") for x in gw)
                            and not any(is_cue(x) for x in gw)
                            and not (re.search(r"(?<![^\W\d_])و\s*$", text[pos:q2.start]) and gw
                                     and (pa := person_at(text, text.index(gw[0], pos))) is not None
                                     and pa[1] == 1)):
                        q = q2  # (not a number joined by و to one person before it: مقتل امرأة وثلاثة أطفال is 4)
                    else:
                        named = None
                    break
        if q is not None and _followed_by_cue(text, q.end):
            q = None
        if q is not None:
            used_q.add(q.start)
            used_cue.add(cs)
            who = whose_after(text, q.end + 1)
            lo, hi = q.min, q.max
            if joint:
                lo2, hi2 = _joint(lo, hi)  # "مقتل وجرح 12"
                emit(kind, lo2, hi2, (cs, ce), [(cs, who[1] if who else q.end)], who)
                k2: CountKind = "injured" if "اصاب" in joint.group() or "جرح" in joint.group() else "captured"
                emit(k2, lo2, hi2, (joint.start() + 1, joint.end()), [(cs, who[1] if who else q.end)], who)
            else:
                end = who[1] if who else q.end
                groups = [*([(1, 1, named[0], named[1], named)] if named else []), (lo, hi, q.start, end, who)]
                while (grp := next_group(text, groups[-1][3], q_at)) is not None:  # مقتل 25 مسلحا وسبعة من الجنود
                    if grp[4] is None and len(groups) == 1 + bool(named) and tamyiz_more(text, q, grp[2]):
                        break  # قتل 13 جنديا وشرطيا: 13 soldiers and policemen, one counted noun
                    if grp[4] is not None:
                        used_q.add(grp[4].start)
                    who2 = whose_after(text, grp[3] + 1) if grp[4] is not None else whose_after(text, grp[2])
                    groups.append((grp[0], grp[1], grp[2], max(grp[3], who2[1]) if who2 else grp[3], who2))
                if len(groups) == 1 and hi == 1 and (grp := others_after(text, end, q_at, kind)) is not None:
                    groups.append(taken(grp))  # قتل قيادي ... فضلاً عن نحو 40 مسلحاً آخرين
                if len(groups) > 1:
                    emit_sum(kind, (cs, ce), (cs, groups[-1][3]), groups)
                    continue
                emit(kind, lo, hi, (cs, ce), [(cs, end)], who)
                breakdown(kind, end)
            continue
        if joint:
            continue
        person = person_at(text, p2 + 1 if text[p2:p2 + 1] == " " else p2)
        obj = None if w in NOUN_CUES else object_after(text, p2, [q for q in qs if q.start not in used_q])
        if person is not None and obj is not None and text[person[2] - 2:person[2]] == "ون":
            person = None  # خطف مسلحون أمس شرطيا: the nominative plural is the subject
        if person is not None:
            lo, hi, pe = person
            ps = pe - len(WORD.match(text, p2 + 1 if text[p2:p2 + 1] == " " else p2).group())  # type: ignore[union-attr]
            who = whose_after(text, ps)
            more = coordinated(text, pe) if hi == 1 else None
            if more is not None:
                lo, hi, pe, who = 2, 2, more, (ps, more)
            used_cue.add(cs)
            end, extra = joined_groups(who[1] if who else pe, kind, others=hi == 1)  # أودى بحياة ضابط وجنديين تركيين: 3
            if extra and hi is not None:
                emit_sum(kind, (cs, ce), (cs, end), [(lo, hi, ps, who[1] if who else pe, who), *extra])
                continue
            emit(kind, lo, hi, (cs, ce), [(cs, who[1] if who else pe)], who)
            continue
        if obj is not None:
            lo, hi, os_, oe = obj
            who = whose_after(text, os_) or (os_, oe)
            used_cue.add(cs)
            used_q.update(q.start for q in qs if cs < q.start < os_)
            emit(kind, lo, hi, (cs, ce), [(cs, who[1])], who)
            continue
        name = name_after(text, p2 + 1 if text[p2:p2 + 1] == " " else p2)
        if name is not None and w in NAME_CUES and kind != "injured":
            used_cue.add(cs)
            end, extra = joined_groups(name[1], kind, others=True)  # مقتل فلان وقياديين آخرين: 3
            if extra:
                emit_sum(kind, (cs, ce), (cs, end), [(1, 1, name[0], name[1], name), *extra])
                continue
            emit(kind, 1, 1, (cs, ce), [(cs, name[1])], name)
        elif name is not None and (grp := others_after(text, name[1], q_at, kind)) is not None:
            used_cue.add(cs)  # a verb: قتل فلان وقياديان آخران (the others make the name the victim, not the killer)
            emit_sum(kind, (cs, ce), (cs, grp[3]), [(1, 1, name[0], name[1], name), taken(grp)])
    both_sides(text, out, at, tolls, span)
    out = [replace(c, aggregate=True) if c.kind != "captured" and _aggregate(text, se, at) else c
           for c, se in zip(out, at, strict=True)]  # emit and both_sides keep `at` beside `out`
    out.sort(key=lambda c: (c.span.start, not c.total))
    return out


def _named_before(text: str, pos: int, q: Quantity) -> tuple[int, int] | None:
    """The name between a cue ending at pos and the number q that و joins to it (مقتل أبو سالم و3 آخرين، اعتقلت الدورية
    فلان و4 آخرين), or None."""
    for word in WORD.finditer(text, pos, q.start):
        name = name_after(text, word.start())
        if name is not None and re.fullmatch(r"\s*و\s*", text[name[1]:q.start]):
            return name
    return None


def _joint(lo: int, hi: int | None) -> tuple[int, int | None]:
    """Each kind's range when one number counts two kinds together ("مقتل وجرح 12"، "12 بين قتيل وجريح"): each at least
    one, the rest the other's; a vague amount ("العشرات"، "عدد من") is 2 or more of each, as "عدد من" is of one (the
    eval convention)."""
    return (1, max(1, hi - 1)) if hi is not None else (min(lo, 2), None)


# Dead and wounded told as one number's two parts: "بين قتيل وجريح".
KILLED_AND_WOUNDED = re.compile(r"(?<![^\W\d_])بين\s+(?P<k>قتيل|شهيد|قتلي|شهداء)\s+و\s*(?P<i>جريح|مصاب|جرحي|مصابين)"
                                r"(?![^\W\d_])")


# The subject of إن/أن that "fell": أن قتلى وجرحى من المتمردين سقطوا (some dead, as after سقوط).
_AN_BEFORE = re.compile(r"(?<![^\W\d_])[وفب]?ان\s+$")
_FELL_AFTER = re.compile(r"(?:\s+[^\W\d_]+){0,6}?\s+(?:سقطوا|سقط|وقعوا)(?![^\W\d_])")


def _fell_after_an(text: str, prev: str, ce: int) -> bool:
    """Whether a bare plural cue is the subject of إن/أن whose verb is سقط (within six words)."""
    return bool(_AN_BEFORE.search(prev) and _FELL_AFTER.match(text, ce))


def _passive_person(text: str, m: re.Match[str], head: str) -> bool:
    """Whether a PASSIVE_ONE / PASSIVE_TWO match is a passive verb after a person subject: `head` (the subject noun
    without its case ending) is a person noun, no cue stands between them, and nothing but و, a stop word, a time
    word or punctuation follows the verb (else it is an active verb with its object: أن مسلحا قتل جنديين)."""
    after = text[m.end():m.end() + 30].lstrip()
    nxt = WORD.match(after)
    return (head in SINGULAR and not any(is_cue(w) for w in m.group("mid").split())
            and not (after[:1].isalnum() and (nxt is None or not (nxt.group().startswith("و") or nxt.group() in STOP
                                                                   or nxt.group() in TIME_WORDS))))


def _killed_objects(text: str) -> Iterator[re.Match[str]]:
    """KILLED_OBJECT's matches, tried only where KILLED_STEM finds a killing verb's stem before a ه."""
    for c in KILLED_STEM.finditer(text):
        p = c.start()
        for q in (p - 1, p) if p and text[p - 1] in "وف" else (p,):
            if (m := KILLED_OBJECT.match(text, q)) is not None:
                yield m
                break


def _aggregate(text: str, se: tuple[int, int], at: list[tuple[int, int]]) -> bool:
    """Whether the count at text[s:e] is a toll over several happenings: its words (up to 80 characters before it
    and 100 after, not across a sentence or clause end, nor nearer another count) speak of separate or serial
    attacks or of a span of time."""
    s, e = se
    a = max([max(0, s - 80)] + [(x[1] + s) // 2 for x in at if x[1] <= s and x != se])
    b = min([len(text), e + 100] + [(e + x[0]) // 2 for x in at if x[0] >= e and x != se])
    ends = [m.start() for m in CLAUSE_END.finditer(text, a, s)]
    m = CLAUSE_END.search(text, e, b)
    return AGGREGATE.search(text, ends[-1] + 1 if ends else a, m.start() if m else b) is not None


