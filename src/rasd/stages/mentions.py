"""Mention stages: thin adapters from the finders (tagger, actors, places, dates, counts, lexicon) to the Doc."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Mention, Span

if TYPE_CHECKING:
    from rasd.gazetteer import Gazetteer
from rasd.pipeline import register
from rasd.text.matcher import is_word_char
from rasd.text.normalise import norm
from rasd.text.place_context import DIRECTIONS, ENUMERATION, NAMED, PLACE_NOUNS, enumerated, place_role
from rasd.text.spans import SpanIndex


def _nt(doc: Doc):  # type: ignore[no-untyped-def]
    assert doc.nt is not None, "the text stage must run first"
    return doc.nt


@dataclass(frozen=True)
class NamesStage:
    """Names the trained tagger finds (PERS, ORG, LOC), for what the dictionaries do not know."""

    name: str = "names"
    version: str = "1"
    requires: tuple[str, ...] = ("nt",)
    assigns: tuple[str, ...] = ("names",)

    def __call__(self, doc: Doc) -> Doc:
        from rasd.ner import NameTagger

        tagger = NameTagger.load()
        found = tuple((doc.norm_span(s, e), label) for s, e, label in tagger.tag(_nt(doc)))
        return doc.assign(self.name, str(tagger.manifest.get("sha256", "unknown"))[:12], names=found)


def _place_not_actor(doc: Doc, m: Mention, gazetteer: Gazetteer) -> bool:
    """A capital named as a place ("في دمشق", "ببغداد") is not the government it can stand for."""
    return (m.actor is not None and m.actor.kind in ("state", "government") and len(m.span.text.split()) == 1
            and bool(gazetteer.candidates(m.span.text)) and (_locative(doc, m.span) or _place_word(doc, m.span)
                                                             or _after_countryside(doc, m.span)))


def _after_countryside(doc: Doc, span: Span) -> bool:
    """"بريف دمشق", "ريف حلب": the city named after ريف is part of a place's name."""
    before = doc.words.before(span.start, 12)
    return bool(before) and before[-1].removeprefix("و").removeprefix("ب") in ("ريف", "الريف")


def _place_word(doc: Doc, span: Span) -> bool:
    """A tagged name right after a place noun or a preposition of place ("بعدن", "منطقة X") is a place."""
    before = doc.words.before(span.start, 20)
    return _locative(doc, span) or bool(before and before[-1] in PLACE_NOUNS)


def _holds_a_locative(span: Span, gazetteer: Gazetteer) -> bool:
    """A tagged name with "in <place>" inside it ("كريتر بعدن") is a place phrase, not a person or organisation."""
    words = span.text.split()[1:]
    return any(len(w) > 3 and w[0] in "بل" and any(p.population >= BIG_PLACE or p.feature in ("PCLI", "ADM1")
                                                   for p in gazetteer.candidates(w[1:])) for w in words)


BIG_PLACE = 100_000  # only a well-known place makes "ب + name" read as "in <place>" (بعدن، لا بلال)


def name_start(doc: Doc, span: Span) -> Span:
    """The tagger's spans keep a leading proclitic: names start after it. A و is a conjunction (وصالح) unless the
    word is a given name that begins with it (وليد، وائل); ف ب ل ك are taken off only where the name without the letter
    stands elsewhere in the article ("لمايكل راتناي" after "مايكل راتناي"; not فيصل, فؤاد, كريم)."""
    first = span.text.split()[0] if span.text.strip() else ""
    if len(first) <= 3 or first[0] not in _NAME_PROCLITICS:
        return span
    if first[0] == "و" and norm(first) not in GIVEN_NAMES_WITH_WAW:
        return doc.span(span.start + 1, span.end)
    if _stands_alone(_nt(doc).text, norm(span.text)[1:]):
        return doc.span(span.start + 1, span.end)
    return span


def _stands_alone(text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in `text` as whole words (no letter joined to either end)."""
    i = text.find(phrase)
    while i >= 0:
        j = i + len(phrase)
        if (i == 0 or not is_word_char(text[i - 1])) and (j == len(text) or not is_word_char(text[j])):
            return True
        i = text.find(phrase, i + 1)
    return False


_NAME_PROCLITICS = frozenset("وفبلك")
# Given names whose first letter is و (not the conjunction), as normalisation writes them.
GIVEN_NAMES_WITH_WAW = frozenset(norm(w) for w in (
    "وليد", "وائل", "وسام", "وفاء", "وديع", "وجدي", "وحيد", "وضاح", "وجيه", "وصفي", "ولاء", "وداد", "وهيب", "وهبي",
    "وهبة", "وعد", "وردة", "وفيق", "وصال", "وجدان", "وحيدة", "وسيم", "وئام", "ودود", "وهاب", "وافي", "واصل", "واثق",
))


@dataclass(frozen=True)
class ActorsStage:
    """Actor mentions resolved against the time-aware dictionary; unknown tagged names kept unresolved."""

    name: str = "actors"
    # 2: "القاعدة" that names a base is no al-Qaeda, "النظام العام" no Syrian regime; 3: a tagged name keeps a و that
    # begins a given name (وليد) and loses ف ب ل ك where it stands without them elsewhere (name_start); 4: a bare
    # "طالب" is a student only before a place of study or a nisba adjective, else the verb (وطالب الأزهر إيران)
    version: str = "4"
    requires: tuple[str, ...] = ("nt",)
    assigns: tuple[str, ...] = ("mentions",)

    def __call__(self, doc: Doc) -> Doc:
        from rasd.actors import ActorDictionary, find_actor_mentions
        from rasd.gazetteer import Gazetteer
        from rasd.nationality import forces_mentions

        dictionary = ActorDictionary.load()
        gazetteer = Gazetteer.load()
        found = SpanIndex(m for m in find_actor_mentions(_nt(doc), doc.article.published, dictionary=dictionary)
                          if not _place_not_actor(doc, m, gazetteer))
        replaced: set[int] = set()  # ids of dictionary mentions a forces mention took the place of
        for m in forces_mentions(_nt(doc), doc.article.published, dictionary, gazetteer):
            inside = [f for f in found.overlapping(m.span.start, m.span.end) if id(f) not in replaced]
            # "مقاتلة سورية": the adjective read as the state is the forces' nationality
            if all(m.span.contains(f.span) and f.actor is not None and f.actor.kind == "state" for f in inside):
                replaced.update(id(f) for f in inside)
                found.add(m)
        for span, label in doc.names:
            span = name_start(doc, span)
            if (label in ("PERS", "ORG") and span.end > span.start
                    and not any(id(m) not in replaced for m in found.overlapping(span.start, span.end))
                    and not gazetteer.candidates(span.text) and not _place_word(doc, span)
                    and not _holds_a_locative(span, gazetteer)):
                found.add(Mention(span=span, actor=None, label=label, via="tagger",
                                  unresolved="not in the actor dictionary"))
        kept = [m for m in found if id(m) not in replaced]
        return doc.assign(self.name, dictionary.version, mentions=tuple(kept))


_LOCATIVES = frozenset(norm(w) for w in (
    "في", "الى", "إلى", "من", "داخل", "خارج", "عبر", "فوق", "قرب", "نحو", "وسط",
    "مدينة", "العاصمة", "محافظة", "أنحاء", "حدود", "باتجاه", "ضواحي", "محيط",
)) | DIRECTIONS  # شمال، شمالي ...: "غارات شمالي سوريا", "جنوبي إيران" are places, not the state acting


def _locative(doc: Doc, span: Span) -> bool:
    """Whether a name stands where a place is expected: after a preposition or a place noun, or with ب / ل."""
    before = doc.words.before(span.start, 20)
    word = doc.words.normalised(span.start, span.end)
    attached = before[-1] if before and not doc.article.text[span.start - 1:span.start].isspace() else ""
    return ((bool(before) and before[-1] in _LOCATIVES) or word.startswith(("ب", "لل", "وب", "وفي"))
            or attached in ("ب", "وب"))  # "بشمال سيناء": the preposition is a proclitic left outside the span


@dataclass(frozen=True)
class PlacesStage:
    """Place mentions geocoded with the document's context (countries of the actors as a hint)."""

    name: str = "places"
    version: str = "1"
    requires: tuple[str, ...] = ("nt", "mentions")
    assigns: tuple[str, ...] = ("places",)

    def __call__(self, doc: Doc) -> Doc:
        from rasd.gazetteer import Gazetteer
        from rasd.geocode import find_places

        gaz = Gazetteer.load()
        hint = tuple(m.actor.country for m in doc.mentions if m.actor and m.actor.country)
        named = SpanIndex((m.span for m in doc.mentions if m.actor is not None), key=lambda s: s)
        # a place name inside an organisation's name (قوات سوريا الديمقراطية) is not a place mention, nor a
        # capital that acts ("أنقرة أطلقت عملية"): only after a locative ("في أنقرة", "قوات الأمن بشمال سيناء") is it
        # a place
        found = [p for p in find_places(_nt(doc), gazetteer=gaz, countries_hint=hint)
                 if not (named.containing(p.span.start, p.span.end) and not _locative(doc, p.span))]
        persons = SpanIndex((name_start(doc, s) for s, label in doc.names if label == "PERS"), key=lambda s: s)
        text = doc.article.text
        out = []
        for p in found:
            if p.place is not None and _in_person_name(doc, p.span, persons):
                p = replace(p, place=None, rejected=(p.place, *p.rejected), reason="part of a person's name")
            wide = p.place is not None and p.place.precision in ("country", "region", "governorate")
            out.append(replace(p, role=place_role(text, p.span.start, p.span.end, wide=wide)))
        resolved = [i for i, p in enumerate(out) if p.place is not None]
        for k in enumerated(text, [(out[i].span.start, out[i].span.end) for i in resolved]):
            if out[resolved[k]].role == NAMED:
                out[resolved[k]] = replace(out[resolved[k]], role=ENUMERATION)
        return doc.assign(self.name, gaz.version, places=tuple(out))


def _in_person_name(doc: Doc, span: Span, persons: SpanIndex[Span]) -> bool:
    """A place name inside a longer name the tagger reads as a person (صلاح الدين دمرتاش), with no place word before."""
    words = len(span.text.split())
    return (any(len(n.text.split()) > words for n in persons.containing(span.start, span.end))
            and not _place_word(doc, span))


@dataclass(frozen=True)
class DatesStage:
    name: str = "dates"
    version: str = "1"
    requires: tuple[str, ...] = ("nt",)
    assigns: tuple[str, ...] = ("dates",)

    def __call__(self, doc: Doc) -> Doc:
        from rasd.text.dates import find_dates

        return doc.assign(self.name, self.version, dates=tuple(find_dates(_nt(doc), doc.article.published)))


@dataclass(frozen=True)
class CountsStage:
    name: str = "counts"
    # 7: no news of casualties (دون أنباء عن إصابات) is no count, not 0; 6: the others' death told again (إضافة إلى
    # مقتل نحو 40 مسلحا آخر) and a name in quotation marks; 5: "others"
    # counted with the person or name before them (مقتل فلان، ...، برفقة قياديين آخرين); 4: "N بين قتيل وجريح" is dead
    # and wounded together; 3: "no one was hurt" is a 0; 2: tolls of several groups and sides summed
    version: str = "7"
    requires: tuple[str, ...] = ("nt",)
    assigns: tuple[str, ...] = ("counts",)

    def __call__(self, doc: Doc) -> Doc:
        from rasd.text.casualties import find_casualties

        return doc.assign(self.name, self.version, counts=tuple(find_casualties(_nt(doc), none_hurt=True)))


@dataclass(frozen=True)
class LexiconStage:
    """Event triggers, mode words and claim cues (attribution, hedges, negation, future, allegation, framing)."""

    name: str = "lexicon"
    # 2: people (سكان، ناشطون) are an attribution cue only when a speech cue makes them speak; 3: no future prefix
    # inside a name the dictionaries resolve (`in_known_name`); 4: the bare "طالب" in a verb's place is a demand
    # (rasd.actor_senses.demands)
    version: str = "4"
    requires: tuple[str, ...] = ("nt",)
    assigns: tuple[str, ...] = ("triggers", "modes", "cues")

    def __call__(self, doc: Doc) -> Doc:
        from rasd.lexicon import FUTURE_PREFIX, Lexicon

        lex = Lexicon.load()
        nt = _nt(doc)
        triggers = tuple(
            replace(t, ambiguous=True) if entry.ambiguous else t for t, entry in lex.find_trigger_entries(nt)
        )
        cues = tuple(c for c in lex.find_cues(nt) if not (c.value == FUTURE_PREFIX and in_known_name(doc, c.span)))
        return doc.assign(
            self.name, f"{lex.version};{self.version}", triggers=triggers, modes=tuple(lex.find_modes(nt)), cues=cues,
        )


def in_known_name(doc: Doc, span: Span) -> bool:
    """Whether `span` lies in a name the actor dictionary or the gazetteer resolves (of the mentions and places found
    before: none when those stages did not run). A word read as سـ + an imperfect verb there is a name's word
    ("ستيفان دي ميستورا"), no future."""
    return any(m.actor is not None and m.span.contains(span) for m in doc.mentions) or \
        any(p.place is not None and p.span.contains(span) for p in doc.places)


@register("names@1")
def _names(settings: Settings) -> NamesStage:
    return NamesStage()


@register("actors@1")
def _actors(settings: Settings) -> ActorsStage:
    return ActorsStage()


@register("places@1")
def _places(settings: Settings) -> PlacesStage:
    return PlacesStage()


@register("dates@1")
def _dates(settings: Settings) -> DatesStage:
    return DatesStage()


@register("counts@1")
def _counts(settings: Settings) -> CountsStage:
    return CountsStage()


@register("lexicon@1")
def _lexicon(settings: Settings) -> LexiconStage:
    return LexiconStage()
