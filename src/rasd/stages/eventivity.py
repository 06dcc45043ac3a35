"""Eventivity: whether an event (an incident after in-article merging) is a specific happening the article reports,
or a generic, habitual, planned, opinion, statistic or background statement, a retelling of an incident already
kept, or a misread word. A logistic model (resources/data/models/eventivity.json, trained by scripts/train_merge.py
on merged events labelled by the referee's pairing with gold) drops events below its threshold."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from rasd.doc import Doc
from rasd.model import Event, Span
from rasd.stages.events import _toll_only, is_anaphoric, is_purpose
from rasd.stages.logistic import LogisticModel, keyed_probability, load_model, tail_weights, vocabulary
from rasd.stages.roles import is_named
from rasd.stages.scene import inside, places_agree
from rasd.text.normalise import norm
from rasd.text.place_context import DATELINE
from rasd.text.word_classes import key_classes, key_word, word_classes
from rasd.text.word_vectors import mean_vector

MODEL_FILE = "eventivity.json"
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = ("asserted", "reported", "alleged", "speculative", "denied", "future")


def _words(*words: str) -> re.Pattern[str]:
    """Whole normalised words or phrases (a clitic و/ف/ب/ل may stand before the first word)."""
    return re.compile(r"(?<!\w)[وفبل]?(?:" + "|".join(re.escape(norm(w)) for w in words) + r")(?!\w)")


# Marker words, each group one reason a clause tells no specific happening (features, weighed by the model).
_HABITUAL = _words("عادة", "دائما", "غالبا", "كثيرا", "أحيانا", "باستمرار", "يوميا", "ظاهرة", "سياسة",
                   "استراتيجية", "تقوم", "يقوم", "تواصل", "يواصل")
_MODAL = _words("يمكن", "قد", "سوف", "يجب", "ينبغي", "لا بد", "ربما", "لعل", "يحتمل", "محتمل")
_AIM = _words("بهدف", "من اجل", "لأجل", "سعيا", "تهدف", "يهدف", "مشروع", "خطة", "يعتزم", "تعتزم")
_STATISTIC = _words("حصيلة", "اجمالي", "مجموع", "حتى الان", "منذ", "خلال الاشهر", "خلال الشهر", "خلال العام",
                    "منذ بداية", "بالمئة", "بالمائة", "المئات", "الآلاف", "آلاف", "عشرات الآلاف", "إحصائية", "تقرير")
_OPINION = _words("رأي", "اعتقد", "نعتقد", "أرى", "نرى", "برأيي", "أظن", "نحن", "إننا", "علينا", "لسنا", "كاتب",
                  "مقال", "الكاتب", "فيلم", "رواية", "مسلسل", "قصيدة")
_SPEECH = _words("قال", "قالت", "أعلن", "أعلنت", "أفاد", "أفادت", "ذكر", "ذكرت", "أكد", "أكدت", "صرح", "أوضح",
                 "أضاف", "أضافت", "نقل", "نقلت", "بحسب", "حسب", "وفق", "وفقا", "أشار", "أشارت", "بيان", "يقول",
                 "تقول", "كشف", "كشفت", "اتهم", "اتهمت", "دعا", "دعت", "طالب", "طالبت")
_CLAIM = _words("تبنى", "تبنت", "يتبنى", "مسؤولية", "مسؤوليته", "مسؤوليتها", "مسئولية", "مسئوليته")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
# The model weighs an event among the rest of its article (genre, size, the other events kept); an input of fewer
# sentences than this has no article around it (a sentence-level set such as GSR) and is outside what it was trained
# on, so its events are all kept.
MIN_SENTENCES = 2
OPINION_DENSITY = 1000.0  # article-wide opinion markers are counted per this many characters
# An event's keys (event_keys): its first trigger's lemma, and each word of its clause read with the event's type. A key
# that at least KEY_MIN training events have is a feature of its own (TAIL + key, after FEATURES; the vocabulary is
# chosen by the training and kept in the model file): some words tell of happenings (قتل، استهدف), others of talk or
# plans, and a word weighs differently with each type ("بدعم" backs a SUPPORT less than "أشاد"). The words' weights are
# penalised more than the features' and the lemmas' (TAIL_L2 against incidents_fit.L2): there are many and each is rare.
# With the weakly backed mentions judged too (events.MODEL_FLOOR), event F1 +0.012 (+0.002 to +0.023), cross-validated
# (docs/results_history.md, stop 27).
# Since stop 43 a word's distributional classes (rasd.text.word_classes, a fine and a coarse grouping) are keys too,
# read with the event's type for each word of the clause ("wclass:ASSAULT:1000/17") and alone for the trigger's last
# word and the words right before and after it ("near:pre1:200/80"): a class stands for the many words of like use
# that no training event has often enough to be a key of its own (held out, docs/results_history.md, stop 43).
KEY_MIN = 10
TAIL = "key_"
TAIL_L2 = 20.0  # for the word and class keys; the lemma keys are penalised as the features are
# Since stop 45 the features end with the mean vector of the clause's words (rasd.text.word_vectors, the vectors the
# word classes are made from; names left out, as for the keys), VECTOR_DIMS numbers. A class only says which group a
# word falls in; a vector says where in the space of words of like use it stands, and their mean where the clause
# stands, so a clause of words no training event had still weighs by its neighbours (held out,
# docs/results_history.md, stop 45). The trigger word's own vector as well gave no more beyond the noise and set
# aside toll sentences the annotators keep (killed −0.016): its lemma is a key already.
VECTOR_DIMS = 32
# The kinds of key. Sorted, every lemma key comes before the others (the training penalises them apart).
LEMMA_KEY, WORD_KEY, CLASS_KEY, NEAR_KEY = "lemma:", "word:", "wclass:", "near:"

FEATURES = (
    "bias", *(f"type_{t}" for t in TYPES), *(f"modality_{m}" for m in MODALITIES), "verb", "ambiguous", "anaphoric",
    "purpose", "support", "named_actor", "agent_actor", "recipient", "counts", "toll_only", "date_in_sentence",
    "date_gap", "place_in_sentence", "place_wide", "no_place", "sources", "log_sentence", "position", "log_words",
    "quote", "question", "log_doc_events", "doc_assault_share", "triggers", "first_sentence",
    # the clause's markers
    "habitual_words", "modal_words", "aim_words", "statistic_words", "opinion_words", "speech_before", "claim_words",
    "old_year",
    # the article: genre and size
    "doc_opinion_density", "doc_questions", "log_doc_chars", "doc_dateline",
    # the other events kept in the article: a retelling of an incident already kept, or another type read from the
    # same clause
    "same_type_before", "same_type_others", "same_place_before", "same_day_before", "other_type_same_clause",
    "weaker_than_clause_rival", "same_type_same_sentence", "retelling_reported", "retelling_toll",
    "retelling_anaphoric",
    # where the clause's words stand among words of like use (rasd.text.word_vectors): the leading VECTOR_DIMS
    # components of their mean vector
    *(f"vec_clause_{i}" for i in range(VECTOR_DIMS)),
)


def _day(ev: Event) -> object:
    w = ev.when
    return w.start if w is not None and w.span.text and w.start is not None else None


_LAST_ARTICLE: list[tuple[Doc, tuple[float, float, float, float]]] = []


def _article_features(doc: Doc) -> tuple[float, float, float, float]:
    """(opinion markers per 1,000 characters, question marks per sentence, log of the length in 1,000 characters,
    whether a dateline opens it: a news report)."""
    if _LAST_ARTICLE and _LAST_ARTICLE[0][0] is doc:
        return _LAST_ARTICLE[0][1]
    text = doc.words.normalised(0, len(doc.text))
    length = max(1, len(text))
    sentences = max(1, len(doc.sentences))
    got = (min(5.0, len(_OPINION.findall(text)) * OPINION_DENSITY / length),
           min(2.0, (text.count("?") + text.count("؟")) / sentences), math.log1p(length / 1000),
           float(any(p.role == DATELINE for p in doc.places)))
    _LAST_ARTICLE[:] = [(doc, got)]  # computed once while one article's events are weighed
    return got


def _overlaps(a: Event, b: Event) -> bool:
    return a.evidence.start < b.evidence.end and b.evidence.start < a.evidence.end


def _context(ev: Event, events: Sequence[Event]) -> dict[str, float]:
    """How the event stands among the article's other kept events."""
    here = next((i for i, e in enumerate(events) if e is ev), len(events))
    same = [e for e in events if e is not ev and e.type == ev.type]
    before = [e for e in events[:here] if e.type == ev.type]
    place, day = (ev.place.place if ev.place else None), _day(ev)
    rivals = [e for e in events if e is not ev and e.type != ev.type and _overlaps(e, ev)]
    return {
        "same_type_before": float(bool(before)),
        "same_type_others": math.log1p(len(same)),
        "same_place_before": float(place is not None and any(
            e.place is not None and e.place.place is not None and places_agree(e.place.place, place) for e in before)),
        "same_day_before": float(day is not None and any(_day(e) == day for e in before)),
        "other_type_same_clause": float(bool(rivals)),
        "weaker_than_clause_rival": float(any(e.confidence > ev.confidence for e in rivals)),
        "same_type_same_sentence": float(any(e.sentence == ev.sentence for e in same)),
    }


def event_features(doc: Doc, ev: Event, events: Sequence[Event], words: set[str] | None = None) -> list[float]:
    """Features of one event in its article (`events`: all the article's events, in text order, `ev` among them).
    `words`: clause_words(doc, ev), when already made."""
    sent = doc.sentences[ev.sentence] if ev.sentence < len(doc.sentences) else ev.evidence
    text = doc.words.normalised(ev.evidence.start, ev.evidence.end)
    sentence_text = doc.words.normalised(sent.start, sent.end)
    pub, when = doc.article.published, ev.when
    gap = (pub - when.end).days if pub and when and when.span.text and when.end else 0
    place = ev.place.place if ev.place else None
    length = max(1, len(doc.text))
    first = min((t.span.start for t in ev.triggers), default=ev.evidence.start)
    lead_in = doc.words.normalised(sent.start, first)
    years = [int(y) for y in _YEAR.findall(ev.evidence.text)]
    opinion, questions, log_chars, dateline = _article_features(doc)
    context = _context(ev, events)
    before = context["same_type_before"]
    anaphoric = all(t.pos == "noun" and is_anaphoric(doc, t) for t in ev.triggers)
    values = {
        "bias": 1.0,
        **{f"type_{t}": float(ev.type == t) for t in TYPES},
        **{f"modality_{m}": float(ev.modality == m) for m in MODALITIES},
        "verb": float(any(t.pos == "verb" for t in ev.triggers)),
        "ambiguous": float(all(t.ambiguous for t in ev.triggers)),
        "anaphoric": float(anaphoric),
        "purpose": float(any(is_purpose(t, doc) for t in ev.triggers)),
        "support": ev.confidence,
        "named_actor": float(any(map(is_named, ev.actors))),
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
        "question": float("?" in text or "؟" in text),
        "log_doc_events": math.log1p(len(events)),
        "doc_assault_share": sum(e.type == "ASSAULT" for e in events) / max(1, len(events)),
        "triggers": math.log1p(len(ev.triggers)),
        "first_sentence": float(ev.sentence == 0),
        "habitual_words": float(bool(_HABITUAL.search(text))),
        "modal_words": float(bool(_MODAL.search(text))),
        "aim_words": float(bool(_AIM.search(text))),
        "statistic_words": float(bool(_STATISTIC.search(text)) or "%" in text),
        "opinion_words": float(bool(_OPINION.search(sentence_text))),
        "speech_before": float(bool(_SPEECH.search(lead_in))),
        "claim_words": float(bool(_CLAIM.search(sentence_text))),
        "old_year": float(bool(pub and years and min(years) <= pub.year - 2)),
        "doc_opinion_density": opinion,
        "doc_questions": questions,
        "log_doc_chars": log_chars,
        "doc_dateline": dateline,
        **context,
        "retelling_reported": before * float(ev.modality != "asserted" or bool(ev.sources)),
        "retelling_toll": before * float(_toll_only(ev)),
        "retelling_anaphoric": before * float(anaphoric),
    }
    clause = mean_vector(clause_words(doc, ev) if words is None else words)
    return [*(values[name] for name in FEATURES[:_VECTORS_AT]), *clause[:VECTOR_DIMS]]


_VECTORS_AT = FEATURES.index("vec_clause_0")


def named_spans(doc: Doc) -> list[Span]:
    """The spans of the document's place names and named parties' mentions (event_keys leaves their words out)."""
    return [*(m.span for m in doc.mentions if is_named(m)),
            *(p.span for p in doc.places if p.place is not None)]


def unnamed_words(doc: Doc, start: int, end: int, names: Sequence[Span]) -> set[str]:
    """The normalised words of offsets start..end (whole words) that are no part of a name among `names`
    (named_spans)."""
    near = [s for s in names if s.start < end and s.end > start]
    return {w for a, b, w in doc.words.located(start, end, whole=True)
            if not any(s.start < b and a < s.end for s in near)}


def clause_words(doc: Doc, ev: Event, names: Sequence[Span] | None = None) -> set[str]:
    """The words of the event's clause as keys (key_word), less the names among `names` (named_spans(doc), when
    already made)."""
    words = set(map(key_word, unnamed_words(doc, ev.evidence.start, ev.evidence.end,
                                            named_spans(doc) if names is None else names)))
    words.discard("")
    return words


def event_keys(doc: Doc, ev: Event, names: Sequence[Span] | None = None,
               words: set[str] | None = None) -> tuple[str, ...]:
    """The event's keys: "lemma:" + its first trigger's lemma; "word:TYPE:" + each word of its clause (normalised,
    without a conjunction, letters only: key_word) and "wclass:TYPE:" + each one's classes; "near:trig:", "near:pre1:"
    and "near:post1:" + the classes of its first trigger's last word and of the words right before and after that
    trigger (a class in each grouping of rasd.text.word_classes). Each once, sorted. Names are no keys: a word of a
    place's name or a named party's mention tells which town or group the training articles wrote about, not whether
    a clause reports a happening; an unnamed one stays ("مسلحون", "مدينة"). `names`: named_spans(doc), and `words`:
    clause_words(doc, ev, names), when already made."""
    lemma = (ev.triggers[0].lemma or "") if ev.triggers else ""
    words = clause_words(doc, ev, names) if words is None else words
    classes: set[str] = set()
    for w in words:
        classes.update(key_classes(w))
    word_key, class_key = f"{WORD_KEY}{ev.type}:", f"{CLASS_KEY}{ev.type}:"
    keys = {word_key + w for w in words}
    keys.update(class_key + c for c in classes)
    keys.update(_near_keys(doc, ev))
    return (*((LEMMA_KEY + lemma,) if lemma else ()), *sorted(keys))


def _near_keys(doc: Doc, ev: Event) -> list[str]:
    """The classes of the first trigger's last word and of the words right before and after it."""
    if not ev.triggers:
        return []
    first = min(ev.triggers, key=lambda t: t.span.start)
    own = doc.words.between(first.span.start, first.span.end)
    before, after = doc.words.before(first.span.start, 40)[-1:], doc.words.after(first.span.end, 40)[:1]
    return [f"{NEAR_KEY}{where}:{c}" for where, words in (("trig", own[-1:]), ("pre1", before), ("post1", after))
            if words for c in word_classes(words[0])]


def key_vocabulary(keys: Iterable[Sequence[str]], minimum: int = KEY_MIN) -> tuple[str, ...]:
    """The keys that at least `minimum` of the training events have: each becomes a feature of its own."""
    return vocabulary(keys, minimum)


def model_keys(model: LogisticModel) -> tuple[str, ...]:
    """The key vocabulary a model was trained with (its features after FEATURES)."""
    return tuple(name.removeprefix(TAIL) for name in model.features[len(FEATURES):])


def with_keys(values: list[float], keys: Sequence[str], vocabulary: Sequence[str]) -> list[float]:
    """An event's features followed by its keys, one-hot over the vocabulary (for training; `probability` reads the
    keys without spelling out the zeros)."""
    present = set(keys)
    return [*values, *(float(word in present) for word in vocabulary)]


@lru_cache(maxsize=4)
def key_weights(model: LogisticModel) -> dict[str, float]:
    """A model's weights of its keys, by key (made once per model)."""
    return tail_weights(model, TAIL)


def probability(model: LogisticModel, doc: Doc, ev: Event, events: Sequence[Event],
                names: Sequence[Span] | None = None, by_key: Mapping[str, float] | None = None) -> float:
    """The model's probability that `ev` (among the article's `events`) is a specific happening. `names`:
    named_spans(doc), and `by_key`: key_weights(model), when already made (a model's hash is not cheap)."""
    by_key = key_weights(model) if by_key is None else by_key
    words = clause_words(doc, ev, names)
    return keyed_probability(model, event_features(doc, ev, events, words), by_key, event_keys(doc, ev, names, words))


@lru_cache(maxsize=1)
def shipped_model() -> LogisticModel:
    """The eventivity model shipped in the package."""
    return load_model(MODEL_FILE, FEATURES, open_tail=TAIL)


def probabilities(events: Sequence[Event], doc: Doc, model: LogisticModel | None = None) -> list[float]:
    """The model's probability for each of the article's `events` (the shipped model unless given); 1.0 for each
    event of an input of fewer than MIN_SENTENCES sentences, which the model does not judge."""
    if len(doc.sentences) < MIN_SENTENCES:
        return [1.0] * len(events)
    model = model or shipped_model()
    names, by_key = named_spans(doc), key_weights(model)
    return [probability(model, doc, ev, events, names, by_key) for ev in events]
