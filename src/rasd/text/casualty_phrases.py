"""The phrases of casualty counting (rasd.text.casualties) that name the victims: person nouns and names, groups of
people joined by "and", the subject of a plural verb, and the two sides of one clash."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from itertools import islice

from rasd.model import Count, CountKind, Span
from rasd.text.casualty_words import (
    BROKEN_DUAL,
    BWD,
    FEMININE,
    FWD,
    NAME_HEADS,
    NAME_OK_W,
    NOT_NAME,
    PLURAL_PERSONS,
    SIDES,
    SIDES_BREAK,
    SINGULAR,
    STOP,
    SUBJECT_START,
    TIME_WORDS,
    WORD,
)
from rasd.text.numbers import Quantity

# A group of people: min, max, start, end (normalised), the quantity read (None for a person noun).
Group = tuple[int, int | None, int, int, Quantity | None]


def whose_after(text: str, pos: int, limit: int = 5) -> tuple[int, int] | None:
    """Span (normalised) of the words naming the victims starting at pos, or None."""
    words: list[tuple[int, int, str]] = []
    for m in WORD.finditer(text, pos):
        gap = text[(words[-1][1] if words else pos):m.start()]
        if gap.strip() or (not words and m.start() - pos > 1):
            break
        w = m.group()
        conj = w.startswith("و") and len(w) > 3 and w[1:] not in ("ليد",)
        if w in STOP or w == "و" or conj or len(words) >= limit:
            break
        if is_cue(w):
            break
        words.append((m.start(), m.end(), w))
    while words and words[-1][2] in ("من",):
        words.pop()
    while words and words[0][2] == "من":
        words.pop(0)
    if not words:
        return None
    return words[0][0], words[-1][1]


def summed(groups: list[tuple[int, int | None]]) -> tuple[int, int | None]:
    """The (min, max) of several groups counted together; the max is open when any group's is."""
    his = [g[1] for g in groups]
    return sum(g[0] for g in groups), None if None in his else sum(h or 0 for h in his)


def is_cue(w: str) -> bool:
    return any(rx.fullmatch(w) for rx in (*FWD.values(), *BWD.values()))


OPEN_QUOTES = frozenset("\"«“'")


def name_after(text: str, pos: int) -> tuple[int, int] | None:
    """Span of a person's name (two or three name-like words) starting at pos, or None. A quotation mark may open
    it (مقتل "أبو سامي الخالد"، قائد لواء): the name starts after it."""
    if text[pos:pos + 1] in OPEN_QUOTES:
        pos += 1
    words: list[re.Match[str]] = []
    for m in WORD.finditer(text, pos):
        if text[(words[-1].end() if words else pos):m.start()].strip() or len(words) == 3:
            break
        words.append(m)
    if len(words) < 2 or (words[0].start() - pos) > 1:
        return None
    w1, w2 = words[0].group(), words[1].group()
    if w1 in NAME_HEADS:
        return words[0].start(), words[1].end()

    def plain(w: str) -> bool:
        return (len(w) > 2 and w not in STOP and w not in NOT_NAME and w not in SINGULAR and w not in PLURAL_PERSONS
                and not is_cue(w) and not w.endswith(("ه", "ها", "هم", "هما", "ين", "ون", "ات", "يه", "ا"))
                and not re.search("[\ufb50-\ufeff]", w)
                and not w.startswith(("ال", "لل")) and (w[0] not in "وفبل" or w in NAME_OK_W))

    if (not plain(w1) or not ((plain(w2) and not w2.endswith("ي")) or w2.startswith("ال")) or w2 in STOP
            or w2.startswith("لل")):
        return None
    return words[0].start(), words[1].end()


def object_after(text: str, pos: int, qs: list[Quantity]) -> tuple[int, int | None, int, int] | None:
    """The object of a verb cue after its subject: اختطف مجهولون يوم أمس عنصرا -> (1, 1, start, end).

    Allowed before the object: a subject word (not itself accusative) and one definite adjective, or في and up
    to two words, then time words. The object is a number with a person noun, or an indefinite accusative person
    noun (عنصرا) or a plural or dual in ين (شخصين).
    """
    words: list[re.Match[str]] = []
    for m in WORD.finditer(text, pos):
        if re.search(r"[^\s]", text[(words[-1].end() if words else pos):m.start()]) or len(words) == 7:
            break
        words.append(m)
    if not words or words[0].start() - pos > 1:
        return None
    starts = {q.start: q for q in qs}
    first = words[0].group()
    if first in ("في", "امس", "اليوم"):
        i = 1
        while first == "في" and i < 3 and i < len(words) and words[i].group() not in STOP \
                and words[i].group() != "مع" and words[i].start() not in starts:
            i += 1
    elif first in STOP or first in NOT_NAME or is_cue(first) or first.endswith("ا"):
        return None
    else:
        i = 2 if len(words) > 1 and words[1].group().startswith("ال") else 1
    while i < len(words) and words[i].group() in TIME_WORDS:
        i += 1
    if i >= len(words):
        return None
    m = words[i]
    w = m.group()
    q = starts.get(m.start())
    if q is not None:
        person = person_at(text, q.end + 1)
        return (q.min, q.max, q.end + 1, person[2]) if person and text[q.end:q.end + 1] == " " else None
    person = person_at(text, m.start())
    if person is None or w.startswith("ال"):
        return None
    # only an accusative: عنصرا، جنديا (an indefinite singular shows it), or a plural/dual in ين
    if (w.endswith("ا") and person[1] == 1) or w.endswith("ين"):
        return person[0], person[1], m.start(), person[2]
    return None


def coordinated(text: str, pos: int) -> int | None:
    """The end of a second singular person noun coordinated with the one ending at pos, after at most two words
    qualifying the first (مقتل جندي وضابط، مقتل ضابط شرطة مصري ومجند); None when there is none."""
    for k, m in enumerate(re.compile(r"\s+(?P<w>[^\W\d_]+)").finditer(text, pos)):
        if m.start() != pos or k > 2:
            return None
        w = m.group("w")
        if w.startswith("و"):
            base = w[3:] if w.startswith("وال") else w[1:]
            return m.end() if base in SINGULAR else None
        if w in STOP or w in TIME_WORDS or is_cue(w):
            return None
        pos = m.end()
    return None


JOIN = re.compile(r"\s*,?\s*(?:(?:ب|و)?الاضافه\s+الي|اضافه\s+الي|برفقه|و)\s*")


def next_group(text: str, pos: int, q_at: Callable[[int], Quantity | None], until: int | None = None) -> Group | None:
    """The group of people after the one ending at pos, joined by "and" (و، بالإضافة إلى، برفقة), after at most
    four more words of the first group (no stop word, cue or punctuation): a number with a person noun or من
    (مقتل 25 مسلحا وسبعة من الجنود), or a person noun (قتل 3 من الشرطة ومدني، جنديين وحارسا). None when there is
    none, or when it has a cue of its own within four words (و10 آخرين أصيبوا، و20 جريحا، وجندي أصيب)."""
    for k, w in enumerate([None, *islice(WORD.finditer(text, pos), 5)]):
        if w is not None:
            gap = text[pos:w.start()]
            if (k > 4 or re.search(r"[^\s]", gap) or is_cue(w.group())
                    or (w.group() in STOP and w.group() != "علي" and (until is None or w.group() != "في"))):
                return None
            pos = w.end()
        m = JOIN.match(text, pos)
        if m is None or m.end() == pos:
            continue
        q = q_at(m.end())
        if q is not None:
            if text[q.end:q.end + 1] != " ":
                continue
            nxt = WORD.match(text, q.end + 1)
            if nxt is None or (nxt.group() != "من" and person_at(text, q.end + 1) is None):
                continue
            group: Group = (q.min, q.max, q.start, q.end, q)
        elif (k == 0 and (person := person_at(text, m.end())) is not None
              and person[1] is not None and not text.startswith("ال", m.end())
              and not re.match(r"\s+(?:منهم|منها|منهما)(?![^\W\d_])", text[person[2]:])
              and not re.search(r"(?<![^\W\d_])ب?رتب", text[max(0, pos - 40):pos])):
            # one person or two (ومدني، وعنصرين، وجنديان); not a plural (ومواطنين: a description of the first group),
            # a category (والمشتبه بهم), one of the group (واحد منهم) nor a list of ranks (برتب عميد وعقيد)
            group = (person[0], person[1], m.end(), person[2], None)
        else:
            continue
        tail = re.split(r"[.,;:!?]", text[group[3]:min(group[3] + 60, until or len(text))])[0]
        for x in WORD.findall(tail)[:4]:
            if x.startswith("و") and len(x) > 3:
                break  # the next clause: وإصابة ستة آخرين
            if is_cue(x):
                return None
        return group
    return None


# "Others" counted with one person or name told before them, further on in the clause: "برفقة قياديين آخرين"، "مع
# مسلحين اثنين آخرين"، "فضلاً عن نحو 40 مسلحاً آخرين"، "وقياديان آخران". The word آخر says the group is in addition to
# someone already counted, so it joins across an aside (ابن شقيق زعيم التمرد، يدعى «أبو جليل»).
_OTHERS = re.compile(
    r"\s*[,،]?\s*(?<![^\W\d_])(?:و|مع|برفقه|رفقه|فضلا\s+عن|اضافه\s+الي|بالاضافه\s+الي)\s*"
    r"(?P<c>(?:مقتل|مصرع|استشهاد)\s+)?(?P<n>(?:نحو|قرابه|حوالي)\s+)?"
    r"(?P<g>(?:[^\W_]+\s+){0,2}?)(?P<o>اخرين|اخرون|اخران|اخريين|اخر|اخرا)(?![^\W\d_])")
_TOKEN = re.compile(r"[^\W_]+")  # a word or a number
OTHERS_REACH = 90  # characters from the person's end to the others' connector
OTHERS_WORDS = 40  # characters the others' own words may take after the connector


def others_after(text: str, pos: int, q_at: Callable[[int], Quantity | None], kind: CountKind) -> Group | None:
    """A group of "others" counted with the person or name ending at pos: the connector within OTHERS_REACH
    characters of the same clause (no sentence punctuation, no other cue word between), then a number, a person noun
    or both before آخرين. Its count is the number's, or the noun's (قياديان: two; قياديين: two or more), or two or
    more for آخرين alone or after another noun (the masculine آخرين is said of people; things take أخرى). None when
    there is none, or when a cue follows it (و3 آخرين أصيبوا: the others are wounded). For the dead (`kind`), the
    connector may repeat the death (قتل قيادي بارز، إضافة إلى مقتل نحو 40 مسلحا آخرين: 41)."""
    window = min(len(text), pos + OTHERS_REACH + OTHERS_WORDS)
    if "اخر" not in text[pos:window]:
        return None
    for m in _OTHERS.finditer(text, pos, window):
        if m.start() - pos > OTHERS_REACH:
            return None
        if m.group("c") and kind != "killed":
            continue
        between = text[pos:m.start()]
        if re.search(r"[.;:!?]", between) or any(is_cue(w) for w in WORD.findall(between)):
            return None
        words = WORD.findall(m.group("g"))
        first = m.start("n") if m.group("n") else m.start("g")  # an amount may open with its approximation (نحو 40)
        q = next((x for w in _TOKEN.finditer(text, first, m.end("g")) if (x := q_at(w.start())) is not None), None)
        if q is None and m.group("o") in ("اخر", "اخرا"):
            continue  # the singular only after a number (نحو 40 مسلحا آخر, 11-99 count a singular): alone, "another"
        if q is not None:
            lo, hi, start = q.min, q.max, q.start
        elif words and (person := person_at(text, m.start("g"))) is not None:
            lo, hi, start = person[0], person[1], m.start("g")
        elif len(words) <= 1:  # آخرين alone, or after a noun the lists lack (مرافقين آخرين): people, two or more
            lo, hi, start = 2, None, m.start("g")
        else:
            continue
        if any(is_cue(w) or w in STOP for w in words):
            return None
        tail = re.split(r"[.,;:!?]", text[m.end():m.end() + 40])[0]
        if any(is_cue(w) for w in WORD.findall(tail)[:3]):
            return None
        return lo, hi, start, m.end(), q
    return None


def subject_groups(text: str, cs: int, q_at: Callable[[int], Quantity | None]) -> list[Group] | None:
    """Two or more groups of people, joined by "and", that are the subject of the plural verb cue at cs, after
    إن/أن or لقي: إن جنديين تركيين وحارسا مسلحا قتلوا (3), لقي قيادي بارز و12 من مرافقيه مصرعهم (13)."""
    m = None
    for m in SUBJECT_START.finditer(text, max(0, cs - 150), cs):  # noqa: B007 (the last one before the cue)
        pass
    if m is None or re.search(r"[.,;:!?]", text[m.end():cs]):
        return None
    p = m.end()
    q = q_at(p)
    if q is not None:
        if text[q.end:q.end + 1] != " " or person_at(text, q.end + 1) is None:
            return None
        who = whose_after(text, q.end + 1)
        first: Group = (q.min, q.max, q.start, max(q.end, who[1] if who else 0), q)
    elif (person := person_at(text, p)) is not None:
        who = whose_after(text, p)
        first = (person[0], person[1], p, max(person[2], who[1] if who else 0), None)
    else:
        return None
    groups = [first]
    while (g := next_group(text, groups[-1][3], q_at, until=cs)) is not None:
        groups.append(g)
    last = groups[-1]
    rest = WORD.findall(text[last[3]:cs])
    if len(groups) < 2 or len(rest) > 3 or any(w in STOP or is_cue(w) for w in rest):
        return None
    return groups


def met_death(text: str, cs: int) -> int | None:
    """The start of لقي/لقيت whose singular مصرعه/حتفه ends at cs, in the same sentence, with no number or other
    cue between (لقي السعودي فلان، المقاتل في صفوف التنظيم، مصرعه: one); None when there is none."""
    m = None
    for m in re.finditer(r"(?<![^\W\d_])[وف]?(?:لقي|لقيت)\s", text[max(0, cs - 150):cs]):  # noqa: B007 (the last)
        pass
    if m is None:
        return None
    start = max(0, cs - 150) + m.start()
    gap = text[start + len(m.group()):cs]
    if not gap.strip() or re.search(r"[.;:!?\d]", gap) or any(is_cue(w) for w in WORD.findall(gap)):
        return None  # nothing between: the subject came before لقيت (قيادات كبيرة لقيت مصرعها)
    return start


def met_deaths(text: str, q: Quantity, cs: int) -> bool:
    """Whether q follows لقي/لقوا and is the subject of مصرعهم/حتفهم at cs, however long: no sentence punctuation,
    number or cue between."""
    gap = text[q.end:cs]
    return (re.search(r"(?<![^\W\d_])[وف]?(?:لقي|لقيت|لقوا)\s+$", text[max(0, q.start - 8):q.start]) is not None
            and cs - q.end <= 150 and not re.search(r"[.;:!?\d]", gap)
            and not any(is_cue(w) for w in WORD.findall(gap)))


def tamyiz_more(text: str, q: Quantity, pos: int) -> bool:
    """Whether the singular person noun at pos continues the singular noun counted by q, in the same case: one
    counted noun, not a second group (13 جنديا وشرطيا، ثمانية آلاف رجل وصبي; but 21 سائحا وشرطي: 22)."""
    first, more = WORD.match(text, q.end + 1), WORD.match(text, pos)
    if first is None or more is None:
        return False
    accusative = first.group().endswith("ا") and more.group().endswith("ا")  # 11-99: 13 جنديا وشرطيا
    genitive = q.min >= 100 and not first.group().endswith("ا") and not more.group().endswith("ا")  # آلاف رجل وصبي
    if not (accusative or genitive):
        return False
    p1, p2 = person_at(text, first.start()), person_at(text, pos)
    return p1 is not None and p2 is not None and p1[1] == 1 and p2[1] == 1


def person_at(text: str, pos: int) -> tuple[int, int | None, int] | None:
    """A person noun starting at pos: (min, max, end), or None."""
    m = WORD.match(text, pos)
    if not m:
        return None
    w = m.group()
    base = w[2:] if w.startswith("ال") else w
    if base.endswith("ا") and base[:-1] in SINGULAR:
        base = base[:-1]
    if base in SINGULAR or base in FEMININE:
        return 1, 1, m.end()
    if base in BROKEN_DUAL or (base.endswith("ان") and base[:-2] in SINGULAR and base != "طالبان"):  # مسلحان
        return 2, 2, m.end()
    if base in PLURAL_PERSONS and not w.startswith("ال"):
        return 2, None, m.end()
    if base in ("اخر", "اخرا") or w in ("احد", "احدهم", "احدهما", "احدهن", "احدي", "احداهما"):
        return 1, 1, m.end()
    return None


def _breaks_sides(words: list[str]) -> bool:
    """Whether words between two tolls make the second another tally or incident (SIDES_BREAK); "في صفوف" names a
    side, not a place (مصرع 17 في صفوف المسلحين مقابل 19 في صفوف الفصائل)."""
    return any(w in SIDES_BREAK and not (w == "في" and nxt == "صفوف")
               for w, nxt in zip(words, [*words[1:], ""], strict=True))


def both_sides(text: str, out: list[Count], at: list[tuple[int, int]], tolls: set[int],
                span: Callable[[int, int], Span]) -> None:
    """The toll of a clash told side by side in one clause (مقتل 21 من المتمردين ومقتل 3 من الجنود، لقي 24 مسلحا
    مصرعهم بينما قتل 2 من رجال المقاومة): one total of both, each side kept as a part (total=False). Not across a
    sentence, a place (في), an updated toll or another kind's count of the same side."""
    for kind in ("killed", "injured"):
        sum_sides(text, out, at, tolls, span, kind)


def sum_sides(text: str, out: list[Count], at: list[tuple[int, int]], tolls: set[int],
               span: Callable[[int, int], Span], kind: CountKind) -> None:
    idx = sorted((i for i, c in enumerate(out) if c.kind == kind and c.total and c.max != 0), key=lambda i: at[i][0])
    runs: list[list[int]] = []
    for i in idx:
        if runs and i not in tolls and runs[-1][-1] not in tolls:
            gs, ge = at[runs[-1][-1]][1], at[i][0]
            gap = text[gs:ge]
            # the words between, less the other counts told there (وأصيب 42 آخرون بجروح): a connector and a few more
            if (len(gap) <= 120 and not re.search(r"[.;:!?\n()]", gap) and SIDES.search(gap)
                    and not _breaks_sides(WORD.findall(gap))):
                rest = list(gap)
                for s, e in at:
                    if s < ge and e > gs:
                        rest[max(s, gs) - gs:min(e, ge) - gs] = " " * (min(e, ge) - max(s, gs))
                if len(WORD.findall("".join(rest))) > 6:
                    runs.append([i])
                    continue
                runs[-1].append(i)
                continue
        runs.append([i])
    for run in runs:
        if len(run) < 2:
            continue
        lo, hi = summed([(out[i].min, out[i].max) for i in run])
        at.append((at[run[0]][0], at[run[-1]][1]))
        out.append(Count(span=span(at[run[0]][0], at[run[-1]][1]), kind=kind, min=lo, max=hi, total=True,
                         cue=out[run[0]].cue))
        for i in run:
            out[i] = replace(out[i], total=False)
