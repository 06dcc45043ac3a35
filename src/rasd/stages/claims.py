"""The claims stage: for each event, who says so (attribution) and how sure (modality), from cue words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from rasd.config import Settings
from rasd.doc import Doc
from rasd.lexicon import VERB_MARKERS
from rasd.model import Cue, Event, Mention, Modality, Source, Span
from rasd.pipeline import register
from rasd.stages.index import DocIndex
from rasd.text.normalise import norm
from rasd.text.tokens import split_clitics, without_conjunction

# Modality cues, strongest first: the first kind found before the trigger in its sentence decides.
PRECEDENCE = ("negation", "future", "hedge", "allegation")
MODALITY: dict[str, Modality] = {"negation": "denied", "future": "future", "hedge": "speculative",
                                 "allegation": "alleged"}
# A negation only denies the event when it stands this close before the trigger (لم يقتل، نفى ... ).
NEGATION_REACH = 40
DENIAL_VERBS = frozenset({"نفى", "كذب", "لا صحة"})  # canonical cue values that deny a whole clause
# Event types that are things said: their own trigger is no modality cue.
SPEECH_ACTS = frozenset({"THREATEN", "ACCUSE", "REJECT", "REQUEST", "SUPPORT", "AGREE"})
SOURCE_REACH = 60  # characters after an attribution cue where its named source may stand
SOURCE_KINDS = frozenset({"media", "monitor", "government", "military", "police", "intelligence", "igo", "ngo",
                          "person", "armed_group", "militia", "coalition", "party"})
# Unnamed sources worth naming by their words ("مصادر محلية", "ناشطون"); other cues ("وأنباء عن") only attribute.
UNNAMED_SOURCE_WORDS = tuple(norm(w) for w in ("مصدر", "مصادر", "ناشط", "نشطاء", "شهود", "شاهد", "مراسل", "مسؤول",
                                                "متحدث", "وسائل", "تقارير", "سكان", "مسعف", "أهالي"))


def _sentence(doc: Doc, ev: Event) -> Span:
    return doc.sentences[ev.sentence] if doc.sentences else ev.evidence


def _cues_in(doc: Doc, span: Span, kinds: tuple[str, ...]) -> list[Cue]:
    return [c for c in DocIndex.cached(doc).cues.starting(span.start, span.end) if c.kind in kinds]


def is_unnamed_source(cue: Cue) -> bool:
    """An attribution cue that is itself a source ("مصادر محلية"، "شهود عيان"، "مسعفون"), not hearsay ("وسط أنباء
    عن")."""
    return cue.value != "named" and names_unnamed_source(cue.span.text)


def names_unnamed_source(text: str) -> bool:
    """Whether words name people who speak unnamed ("مصادر محلية"، "ناشطون"، "مسعفون")."""
    words = norm(text)
    return any(w in words for w in UNNAMED_SOURCE_WORDS)


def _unnamed_source(cue: Cue) -> Source:
    return Source(name=cue.value if cue.value not in (None, "named", "unnamed") else cue.span.text, span=cue.span)


def _sources_within(doc: Doc, cue: Cue) -> Source | None:
    """"مصادر في الجيش العراقي": unnamed sources inside a named body speak for it; the source's words run on to the
    body's name. A body the dictionary does not resolve there ("مصادر في المقاومة", "مصدر في الميناء") names the source
    with its words: "مصادر في" alone says nothing of whom."""
    if not norm(cue.span.text).endswith(" في"):
        return None
    bodies = list(DocIndex.cached(doc).mentions.starting(cue.span.end, cue.span.end + 3))
    for m in bodies:
        if m.actor is not None and m.actor.kind != "agent":
            span = doc.span(cue.span.start, m.span.end)
            return Source(name=f"{m.actor.name} (unnamed sources)", span=span, actor=m.actor)
    if bodies:  # a body the dictionary does not resolve here: its words
        span = doc.span(cue.span.start, bodies[0].span.end)
        return Source(name=span.text, span=span)
    body = doc.words.located(cue.span.end, cue.span.end + BODY_REACH, whole=True)[:1]
    if body and body[0][2].startswith(("ال", "بال")) and len(body[0][2]) > 4:  # "مصادر في المقاومة"
        span = doc.span(cue.span.start, _word_end(doc, *body[0][:2]))  # "في المقاومة:" ends before its colon
        return Source(name=span.text, span=span)
    return None


BODY_REACH = 20  # characters after "مصادر في" where the body's word may stand


def _word_end(doc: Doc, start: int, end: int) -> int:
    """Where the word at [start, end) ends without the punctuation after its letters ("المقاومة:"، "الحربي،")."""
    while end > start and not doc.text[end - 1].isalnum():
        end -= 1
    return end


def can_be_source(m: Mention) -> bool:
    """Who may be quoted: organisations, officials, media, named persons; not generic groups or countries."""
    if m.actor is None:
        return m.label in ("PERS", "ORG")
    if m.actor.kind == "agent":
        return m.actor.id in SOURCE_AGENTS
    return m.actor.kind in SOURCE_KINDS


SOURCE_AGENTS = frozenset({"AGENT.OFFICIAL", "AGENT.LEADER", "AGENT.ACTIVIST", "AGENT.JOURNALIST", "AGENT.DOCTOR"})


def _source_after(doc: Doc, cue: Cue, limit: int) -> tuple[Source | None, bool]:
    """The named source an attribution cue introduces: the first quotable mention right after it, before the
    complementiser or the event word that opens what it said ("قالت وزارة الداخلية إن ..."، "أفادت مصادر بمقتل ...");
    a name quoted right after the cue is read inside its quotes ("أفاد «المرصد السوري» بأن"), and a body the
    dictionary does not know by its words ("وأعلن مكتب حاكم إقليم أغري أمس أن"). With it, whether the verb has no
    subject of its own ("وقالت في بيان إن ..."، "وأضاف: ..."): then the one who spoke before speaks again."""
    quoted = _QUOTED_NAME_RE.match(doc.text, cue.span.end, min(cue.span.end + SOURCE_REACH + 20, limit))
    if quoted is None and limit - cue.span.end <= SOURCE_REACH:  # "..., حسبما أوردت وكالة «دوغان» للأنباء."
        quoted = _QUOTED_LAST_RE.match(doc.text, cue.span.end, limit)
    said, statement = True, _statement(cue)
    if quoted:  # what the quotes hold is the source's name, not what it said
        begin, end = quoted.start(1), quoted.end(1)
        said_end = end
    else:
        window = doc.text[cue.span.end:min(cue.span.end + SOURCE_REACH, limit)]
        stop = _COMPLEMENT_RE.search(window)
        begin, end = cue.span.end, cue.span.end + (stop.start() if stop else len(window))
        said_end = end
        told = DocIndex.cached(doc).triggers.starting(begin, end)
        if told:  # "أفادت مصادر طبية بمقتل 11 من عناصر داعش": what was said opens with the event it tells
            end = min(t.span.start for t in told)
        # what was said opens after it, or the sentence ends (a trailing "..., حسبما أفادت مصادر أمنية.")
        said = bool(stop or told) or cue.span.end + len(window) >= limit
        if statement:  # "بيان صادر عن X"، "بيان لـX"، "بيان الجيش": its issuer; "تقرير إخباري" names none
            link = _ISSUER_RE.match(doc.text, begin, end)
            if link is None and not _genitive_after(doc, cue, end):
                return None, _definite(cue) and not doc.words.between(begin, end)
            begin = link.end() if link else begin
    spokesman = _SPOKESMAN_RE.search(doc.text, begin, end)
    if spokesman:  # "قال المتحدث باسم X": the party X speaks, whoever it is (not one a relative clause names
        relative = _RELATIVE_RE.search(doc.text, spokesman.end(), end)  # after it: "باسم القوات التي تقاتل X")
        end = relative.start() if relative else end
        for m in DocIndex.cached(doc).mentions.starting(spokesman.end(), end):
            return _source_from(m), False
    for m in DocIndex.cached(doc).mentions.starting(begin, end):
        if cue.speech and _addressee(doc, m):
            continue  # "قال لـ«الشرق الأوسط» مصدر عسكري": the outlet told, not the one telling
        if can_be_source(m):
            return _source_from(m), False
    if quoted:
        span = doc.span(begin, end)
        return Source(name=span.text, span=span), False
    if not said or not (cue.speech or statement):  # "شبكة ..."، "بحسب ...": no verb whose subject this is
        return None, False
    return _subject_words(doc, begin, said_end)


def _genitive_after(doc: Doc, cue: Cue, end: int) -> bool:
    """An indefinite statement word whose issuer follows as its genitive: a definite word or a name ("لبيان الجيش"،
    "بيان وزارة الدفاع"; not the adjective of "تقرير إخباري")."""
    if _definite(cue):
        return False
    after = doc.words.located(cue.span.end, end)
    if not after:
        return False
    return split_clitics(after[0][2])[0].endswith("ال") or any(
        m.span.start == after[0][0] and (m.actor is None or m.actor.kind != "agent")  # not "في تصريح صحفي"
        for m in DocIndex.cached(doc).mentions.starting(after[0][0], after[0][1]))


# A statement's link to its issuer: "بيان صادر عن"، "بيان صدر من"، "بيان لـ" (ل on the issuer's name).
_ISSUER_RE = re.compile(r"\s*(?:(?:ال)?صادر\s+|صدر\s+)?(?:عن|من)\s+|\s*ل(?:ـ)?(?=\S)")
# Words that end a speaker's name read from the words after a verb of saying: times, prepositions opening an
# adverbial ("في بيان"، "عبر"، "خلال"), and words of addition.
_NAME_STOPS = frozenset(norm(w) for w in (
    "اليوم", "أمس", "الليلة", "مساء", "صباح", "ظهر", "فجر", "يوم", "السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء",
    "الخميس", "الجمعة", "في", "عن", "على", "عبر", "خلال", "من", "أيضا", "كذلك", "بدوره", "بدورها", "من جهته",
    "الماضي", "الماضية", "الجاري", "الحالي", "لاحقا", "مؤخرا", "قبل", "بعد", "حيث", "التي", "الذي", "الذين", "أول",
    "أن", "إن", "أنه", "أنها", "أنهم", "بأن", "بأنه", "بأنها", "بأنهم", "لأن", "وأن",  # what was said opens
))
_LEADING = frozenset(norm(w) for w in ("فيه", "فيها", "بدوره", "بدورها", "أيضا", "كذلك", "من جهته", "من جانبه"))
# whom a verb of saying told, right after it: "لـ«الشرق الأوسط»"، "لوكالة"، "للصحافيين"
_ADDRESSEE_RE = re.compile(r"^لل?(?:\"|وكال|صحيف|قنا|موقع|صحاف|صحف|اعلام|مراسل|تلفزيون|اذاع|راديو)")
NAME_WORDS = 8  # longer than this, the words after a verb are no name


def _subject_words(doc: Doc, begin: int, end: int) -> tuple[Source | None, bool]:
    """A verb of saying's subject from its words, when no dictionary name stands there: the run of words up to a
    time, a preposition or a comma ("وأعلن مكتب حاكم إقليم أغري بشرق تركيا أمس أن"); a run that is one name is that
    name ("قالت تركيا أمس إن"). None and True when the verb has no subject here ("وقالت في بيان إن"); a run that is
    another attribution cue's words ("ذكرت صحيفة ...", "وأفاد بيان ...") is left to that cue."""
    run: list[tuple[int, int, str]] = []
    triggers = DocIndex.cached(doc).triggers
    for start, stop, word in doc.words.located(begin, end):
        if triggers.starting(start, stop) and not (run and word.startswith("ال") and not run[-1][2].startswith("ال")):
            break  # what was said opens with the event it tells ("أعلنت الخلية مقتل ..."), unless the event word is
            # the definite genitive of a name's indefinite head ("غرفة العمليات المشتركة")
        bare = word.strip('",.:;()')
        if word == "ل" or _ADDRESSEE_RE.match(word):  # "وقال لـ«الشرق الأوسط» مصدر": the speaker may come after
            return (None, False) if not run else (_words_source(doc, run))
        if not run and bare in _LEADING:  # "قالت فيه المقاومة"، "أكد بدوره المتحدث"
            continue
        if not bare or bare in _NAME_STOPS or word[0] in '"(':
            break
        run.append((start, stop, word))
        if word[-1] in ",:;" or len(run) > NAME_WORDS:
            break
    if not run:
        return None, True
    if len(run) > NAME_WORDS:
        return None, False
    return _words_source(doc, run)


def _words_source(doc: Doc, run: list[tuple[int, int, str]]) -> tuple[Source | None, bool]:
    """The source a run of words names (see `_subject_words`)."""
    ix = DocIndex.cached(doc)
    cued = [c for c in ix.cues.starting(run[0][0], run[-1][1]) if c.kind == "attribution"]
    if cued:  # "وأكدت هذه المصادر"، "ذكرت صحيفة": that cue names the source; "حسبما أفادت مصادر أمنية." is it
        return (_unnamed_source(cued[0]) if is_unnamed_source(cued[0]) else None), False
    if sum(ch.isalpha() for _, _, w in run for ch in w) < 3:
        return None, False
    span = doc.span(run[0][0], _word_end(doc, *run[-1][:2]))  # "الحربي،" ends before its comma
    whole = [m for m in ix.mentions.inside(span.start, span.end) if m.span == span]
    if whole:
        return _source_from(whole[0]), False
    return Source(name=span.text, span=span), False


def _addressee(doc: Doc, m: Mention) -> bool:
    """A mention a speech verb's preposition ل marks as whom it was said to, right after the verb or an unnamed
    source ("صرح لوكالة ..."، "قال مصدر عسكري لوكالة ..."; not "مصادر موالية للحكومة", who speaks)."""
    word_start = doc.text.rfind(" ", 0, m.span.start) + 1
    if doc.text[word_start:m.span.start].strip("«\"“ـ") not in ("ل", "لل"):
        return False
    before = doc.text[:word_start].rstrip()
    return any(c.kind == "attribution" and c.span.end == len(before)
               for c in DocIndex.cached(doc).cues.overlapping(len(before) - 1, len(before)))


_SPOKESMAN_RE = re.compile(r"(?:باسم|بإسم|عن لسان)\s")
_RELATIVE_RE = re.compile(r"(?<!\w)(?:التي|الذي|الذين|اللذين|اللتين|اللواتي)(?!\w)")
_THAT = r"(?:[إأا]ن|ب[أا]ن|[إأا]نه|[إأا]نها)"  # the complementiser that opens what was said
# what was said opens with a complementiser, a quote or a colon, or with إلى after "أشار"، "لفت"، "نوه" ("وأشار المصدر
# إلى مقتل 12 من المسلحين": the gunmen are what the source spoke of)
_COMPLEMENT_RE = re.compile(r"(?:^|\s)(?:" + _THAT + r"|[إأا]لى)(?:\s|$)|[:«\"“]")
# A short quoted name right after the cue, then what it said: «X» بأن / أن / إن / :
# (after a word that says what it is: شبكة «الدرر الشامية»; with a comma, a word or two between: «المرصد السوري»،
# أن; “ذي ميل أون صنداي” اليوم الأحد أن; «الفرقة»، أمس، عن)
_QUOTED = r"\s*(?:(?!" + _THAT + r"\s)[^\s«»\"“”:.،,]+\s+)?[«\"“]([^«»\"“”:.،,]{2,60}?)[»\"”]"
_QUOTED_NAME_RE = re.compile(_QUOTED + r"(?:[^«»\"“”:.]{0,40}?[\s،,])?\s*(?:" + _THAT + r"|عن|:)(?:\s|$)")
# ... or a quoted name that ends the sentence after a trailing cue ("حسبما أوردت وكالة «دوغان» للأنباء.")
_QUOTED_LAST_RE = re.compile(_QUOTED + r"[^«»\"“”:]{0,30}$")


def _source_before(doc: Doc, cue: Cue, floor: int) -> Source | None:
    """A subject before its reporting verb: "المرصد السوري قال"."""
    best: Mention | None = None
    for m in DocIndex.cached(doc).mentions.inside(floor, cue.span.start):
        if cue.span.start - m.span.end <= 25 and can_be_source(m):
            best = m
    return _source_from(best) if best else None


def _source_from(m: Mention) -> Source:
    if m.actor is not None:
        return Source(name=m.actor.name, span=m.span, actor=m.actor)
    return Source(name=m.span.text, span=m.span)


# Words that open a trailing attribution clause: "..., بحسب المرصد", "حسبما قال المتحدث".
_TRAILING = tuple(norm(w) for w in ("حسب", "بحسب", "وفق", "وفقا", "حسبما", "نقلا", "طبقا", "وذلك حسب", "على ما"))
FRAME_WORDS = 10  # an attribution cue among the first words of a sentence frames all of it ("قال X إن ...")


def _attribution_cues(doc: Doc, ev: Event) -> list[Cue]:
    """Attribution cues that govern the event: in its clause, framing its sentence, or trailing it."""
    sent = _sentence(doc, ev)
    frame_end = sent.start + len(" ".join(doc.text[sent.start:sent.end].split()[:FRAME_WORDS]))
    out = []
    for cue in _cues_in(doc, sent, ("attribution",)):
        in_clause = ev.evidence.start <= cue.span.start < ev.evidence.end
        framing = cue.span.start < frame_end and cue.span.start <= ev.evidence.start + 4
        trailing = False
        if cue.span.start >= ev.evidence.end:
            lead = doc.words.normalised(max(sent.start, cue.span.start - 8), cue.span.end)
            trailing = any(w in lead for w in _TRAILING)
        if in_clause or framing or trailing:
            out.append(cue)
    return out


def attribute(doc: Doc, ev: Event) -> tuple[Source, ...]:
    """Sources of an event: attribution cues that govern its clause, else one opening its paragraph's report."""
    sent = _sentence(doc, ev)
    sources: list[Source] = []
    for cue in _attribution_cues(doc, ev):
        src = cue_source(doc, cue, sent)
        if src is None:
            continue
        same = [i for i, s in enumerate(sources)
                if s.name == src.name or (s.actor is not None and s.actor == src.actor)
                or (s.span and src.span and (s.span.contains(src.span) or src.span.contains(s.span)))]
        if not same:
            sources.append(src)
        elif src.span and (kept := sources[same[0]].span) and src.span.contains(kept):
            sources[same[0]] = src  # "مصادر في الجيش العراقي" says more than "الجيش العراقي" inside it
    if sources or not doc.sentences or ev.sentence == 0:
        return tuple(sources)
    # "وأضاف ..." continues the previous sentence's report
    opening = doc.words.after(sent.start, 12)
    if opening and opening[0] in _CONTINUATION:
        prev = replace(ev, sentence=ev.sentence - 1)
        return attribute(doc, prev)
    return ()


ANAPHOR_BACK = 3  # sentences back where "المصادر" may find the sources it refers to


def _first_word(cue: Cue) -> str:
    """The first normalised word of a cue's words, without a conjunction ("المصادر" for "وأضافت المصادر")."""
    words = norm(cue.span.text).split()
    return without_conjunction(words[0]) if words else ""


def _head(cue: Cue) -> str:
    """The first word of a cue's words without the article too (مصدر for "وأضاف المصدر")."""
    return _first_word(cue).removeprefix("ال")


def _definite(cue: Cue) -> bool:
    """An unnamed source told with the article ("المصدر", "المصادر"): the one the article named before."""
    return _first_word(cue).startswith("ال")


def cue_source(doc: Doc, cue: Cue, sent: Span) -> Source | None:
    """Who an attribution cue in sentence `sent` cites: an unnamed source its own words name ("قالت مصادر محلية";
    "وأضاف المصدر": the "مصدر ..." named before, in ANAPHOR_BACK sentences), or the named source after or before it;
    None for hearsay with no one to name ("وسط أنباء عن ...")."""
    if is_unnamed_source(cue):
        within = _sources_within(doc, cue)
        if within is None and _definite(cue) and doc.sentences:
            within = _earlier_unnamed(doc, cue)
        return within or _unnamed_source(cue)
    if cue.value in (None, "named"):
        return _named_source(doc, cue, sent, SPEAKER_HOPS)
    return None


SPEAKER_HOPS = 3  # "وقال X ... وأضاف ... وتابع ...": how many subject-less verbs back a speaker is looked for
STATEMENT_HEADS = frozenset(norm(w) for w in ("بيان", "تقرير", "بلاغ", "تصريح"))


def _named_source(doc: Doc, cue: Cue, sent: Span, hops: int) -> Source | None:
    """The source a named cue cites: after it, or before it; for a verb with no subject of its own, or one that
    names its speaker again by a word ("وبينت الخلية"، "وأضاف البيان"), the one who spoke before. Read once per
    cue: every event of the sentence and every later verb that looks back asks it again."""
    known: dict[tuple[int, ...], Source | None] = DocIndex.cached(doc).memo("claims.named", dict)
    key = (cue.span.start, cue.span.end, sent.start, sent.end, hops)
    if key not in known:
        known[key] = _read_named_source(doc, cue, sent, hops)
    return known[key]


def _read_named_source(doc: Doc, cue: Cue, sent: Span, hops: int) -> Source | None:
    src, dropped = _source_after(doc, cue, sent.end)
    src = src or _source_before(doc, cue, sent.start)
    if src is None and not dropped:
        return None
    again = src is not None and src.actor is None and src.span is not None and _names_again(src.span.text)
    if src is not None and not again:
        return src
    earlier = _earlier_speaker(doc, cue, hops) if hops > 0 and (cue.speech or _statement(cue)) else None
    if earlier is None or src is None:
        return earlier or src
    head = norm(src.span.text if src.span else src.name).split()[-1].removeprefix("ال")
    named = norm(earlier.span.text if earlier.span else earlier.name).split() + norm(earlier.name).split()
    return earlier if head in STATEMENT_HEADS or any(w.removeprefix("ال") == head for w in named) else src


def _statement(cue: Cue) -> bool:
    """A cue that is a statement or a report ("بيان"، "في تقرير"), not a verb of saying."""
    return any(split_clitics(w)[1] in STATEMENT_HEADS for w in norm(cue.span.text).split())


def _names_again(text: str) -> bool:
    """One definite word, or one after a demonstrative ("الخلية"، "البيان"، "هذه المقاومة"): the body named before,
    told again by its head word."""
    words = norm(text).split()
    if len(words) == 2 and words[0] in _DEMONSTRATIVES:
        words = words[1:]
    return len(words) == 1 and without_conjunction(words[0]).startswith("ال")


_DEMONSTRATIVES = frozenset(norm(w) for w in ("هذه", "هذا", "تلك", "ذلك", "هؤلاء"))


def _earlier_speaker(doc: Doc, cue: Cue, hops: int) -> Source | None:
    """Who spoke last before `cue`: the source of the latest attribution cue before it in its sentence or the
    ANAPHOR_BACK sentences before that names one."""
    if not doc.sentences:
        return None
    for sent, c in _cues_back(doc, cue):
        if is_unnamed_source(c):
            src = cue_source(doc, c, sent)
        elif c.value in (None, "named"):
            src = _named_source(doc, c, sent, hops - 1)
        else:
            src = None
        if src is not None:
            return src
    return None


def _earlier_unnamed(doc: Doc, cue: Cue) -> Source | None:
    """For "المصادر" / "المصدر": the latest indefinite unnamed source of the same word in the ANAPHOR_BACK sentences
    before ("قالت مصادر محلية ... وأضافت المصادر"), itself or the body it is within."""
    head = _head(cue)
    for _, c in _cues_back(doc, cue):
        if c.value != "named" and not _definite(c) and _head(c) == head:
            return _sources_within(doc, c) or _unnamed_source(c)
    return None


def _cues_back(doc: Doc, cue: Cue) -> Iterator[tuple[Span, Cue]]:
    """The attribution cues before `cue` in its sentence and the ANAPHOR_BACK sentences before, latest first, each
    with its sentence."""
    here = doc.sentence_of(cue.span.start)
    for i in range(here, max(-1, here - 1 - ANAPHOR_BACK), -1):
        sent = doc.sentences[i]
        earlier = [c for c in _cues_in(doc, sent, ("attribution",)) if c.span.end <= cue.span.start]
        for c in reversed(earlier):
            yield sent, c


_COMPLEMENTISERS = frozenset(norm(w) for w in ("أن", "إن", "بأن", "بان", "وأن", "لأن"))
_CONTINUATION = frozenset(norm(w) for w in (
    "وأضاف", "وأضافت", "وتابع", "وتابعت", "وأوضح", "وأوضحت", "وأشار", "وأشارت", "وبين", "وبينت", "واكد", "وأكد",
    "وأكدت", "ولفت", "ولفتت", "وكشف", "وكشفت", "ونوه", "ونوهت", "واعتبر", "واعتبرت", "وشدد", "وشددت", "وأفاد",
    "وأفادت", "ومضى", "واستطرد", "وزاد", "وقال", "وقالت", "وذكر", "وذكرت", "كما",
))


def modality(doc: Doc, ev: Event) -> tuple[Modality, Span | None]:
    """How sure the article is of the event: the strongest cue before its trigger in its clause (or in the clause
    whose verb takes it as complement: "يبدو أن ...")."""
    sent = _sentence(doc, ev)
    tpos = min((t.span.start for t in ev.triggers), default=ev.evidence.start)
    start = max(sent.start, ev.evidence.start)
    opening = doc.words.after(start, 6)
    if opening and opening[0] in _COMPLEMENTISERS:
        start = max(sent.start, start - 40)
    before = Span(start=start, end=max(tpos, start), text="")
    cues = _cues_in(doc, before, PRECEDENCE)
    speech = ev.type in SPEECH_ACTS
    if speech:
        # the words of a threat or an accusation are the event itself (هددت، اتهم), not a doubt about it
        cues = [c for c in cues if not any(c.span.overlaps(t.span) for t in ev.triggers)]
    if ev.triggers:
        # a future or hedge marker on the trigger word itself (سيهاجم، قد يهاجم) counts too; on a speech act's verb
        # only the prefix or particle (ستطالب، قد يتهم), not a cue word that is the act itself
        lo, hi = min(t.span.start for t in ev.triggers), max(t.span.end for t in ev.triggers)
        cues += [c for c in DocIndex.cached(doc).cues.overlapping(lo, hi) if c.kind in ("future", "hedge", "negation")
                 and any(c.span.overlaps(t.span) for t in ev.triggers) and (not speech or c.value in VERB_MARKERS)]
    for kind in PRECEDENCE:
        found = [c for c in cues if c.kind == kind]
        if kind == "negation":
            # "نفى ... أن تكون طائراتها قد قصفت" denies its whole complement; "لم" only the verb next to it
            found = [c for c in found if c.value in DENIAL_VERBS or tpos - c.span.end <= NEGATION_REACH]
        if found:
            return MODALITY[kind], found[-1].span
    return "asserted", None


def _vouched_after(doc: Doc, ev: Event) -> bool:
    """A named source cited after the event's own trigger, in its clause or a trailing one."""
    first = min(t.span.end for t in ev.triggers)
    return any(c.span.start >= first and c.value == "named" for c in _attribution_cues(doc, ev))


def _is_party(source: Source, ev: Event) -> bool:
    """A source that is itself a party to the event: its word is a claim (alleged), not a report."""
    if source.actor is None:
        return False
    ids = {source.actor.id, source.actor.parent}
    return any(m.actor is not None and (m.actor.id in ids or m.actor.parent == source.actor.id) for m in ev.actors)


@dataclass(frozen=True)
class ClaimsStage:
    name: str = "claims"
    # 2: a named source stands before what it said (إلى، the event word), not whom it told; 3: whom a verb of saying
    # told is read after every form the cue list's `speech` entries match (أعلنته، ليؤكد), not after a copied list;
    # 4: "مصادر في" + a body the dictionary does not resolve are named with the body's word ("مصادر في المقاومة");
    # 5: a verb's subject the dictionary does not know is named by its words ("وأعلن مكتب حاكم إقليم أغري أمس أن"),
    # a name quoted after a comma or a word ("أكد «المرصد»، أن"), a verb with no subject or one that names its
    # speaker again ("وقالت في بيان إن"، "وبينت الخلية") the one who spoke before, "بيان صادر عن X" X, a trailing
    # attribution what ends its sentence ("، حسبما أفادت مصادر أمنية."); 6: a speech act's verb marked future or
    # hedged by its prefix or particle (ستطالب، قد يتهم) takes that modality
    version: str = "6"
    requires: tuple[str, ...] = ("events", "cues")
    assigns: tuple[str, ...] = ("events",)

    def __call__(self, doc: Doc) -> Doc:
        out = []
        for ev in doc.events:
            mod, cue = modality(doc, ev)
            sources = attribute(doc, ev)
            if mod == "speculative" and sources and _vouched_after(doc, ev):
                # "ليس من المستبعد أن تكون العملية نتاج اجتماع ... وفقا لما ذكره المرصد": the doubt is the
                # article's, about a link; the event itself (the meeting) is the source's report
                mod, cue = "asserted", None
            if mod == "asserted" and sources:
                mod = "alleged" if any(_is_party(s, ev) for s in sources) else "reported"
            out.append(replace(ev, modality=mod, modality_cue=cue, sources=sources))
        return doc.assign(self.name, self.version, events=tuple(out))


@register("claims@1")
def _claims(settings: Settings) -> ClaimsStage:
    return ClaimsStage()
