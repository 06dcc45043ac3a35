"""The event-trigger, mode and claim-cue lexicons: loading, validation and the finders over normalised text."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeVar

import yaml

from rasd.actor_senses import STUDENT_WORD, demands
from rasd.loading import resident, yaml_data
from rasd.model import PLOVER_TYPES, Cue, Span, Trigger
from rasd.text.matcher import Match, PhraseMatcher
from rasd.text.normalise import Normalised, norm, normalise_char

CueKind = Literal["attribution", "hedge", "negation", "future", "allegation", "framing"]
CUE_KINDS: tuple[str, ...] = ("attribution", "hedge", "negation", "future", "allegation", "framing")

# The PLOVER manual's modes per type (draft 0.8, tables "<TYPE> modes"); types without a table take none.
PLOVER_MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset(),
    "COOPERATE": frozenset(),
    "AID": frozenset(),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset({"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
                         "misinformation", "cyber"}),
    "ASSAULT": frozenset({"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                          "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                          "unconventional"}),
}

DATA_FILES: tuple[str, ...] = ("triggers.yaml", "triggers_petrarch.yaml", "modes.yaml", "cues.yaml")
_PKG = "rasd.resources.data"
_TRIGGER_KEYS = frozenset({"lemma", "type", "mode", "verbs", "present", "passive", "nouns", "forms", "phrases",
                           "exclude", "ambiguous", "weight", "note", "pos", "cameo", "source", "needs_verb",
                           "not_spelled"})
_BRACED = re.compile(r"\{([^{}]+)\}")
_WORD = re.compile(r"\w+")
# The bare "طالب", a form the lexicon excludes and its words decide (rasd.actor_senses.demands).
_DEMAND_WORD = re.compile(r"(?<![^\W\d_])" + STUDENT_WORD + r"(?![^\W\d_])")


class LexiconError(ValueError):
    """Bad lexicon data: the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lexicon entry behind a trigger match."""

    lemma: str
    type: str
    mode: str | None
    pos: str
    ambiguous: bool = False
    weight: float = 1.0
    source: str = "curated"  # curated | petrarch
    note: str | None = None
    needs_verb: bool = False  # a noun that is a trigger only after a light verb
    not_spelled: frozenset[str] = frozenset()  # original spellings that are another word (يدعى "is named")


@dataclass(frozen=True, slots=True)
class CueEntry:
    """One cue-list entry: its kind, canonical value and, for attribution, whether a named source goes with it."""

    kind: str
    value: str
    named: bool | None = None
    bare: bool = False  # a particle (لم، لن): matched only as a whole word, after و or ف at most (not "كلما", "لنا")
    not_spelled: frozenset[str] = frozenset()  # original spellings that are another word (يدعى "is named")
    spoken: bool = False  # people who are a source only when a speech cue makes them speak (سكان، ناشطون)
    speech: bool = False  # a verb of saying (قال، أكد): carried to the Cue
    agency: bool = False  # a news agency, channel, paper or correspondent (وكالة، قناة، مراسل): carried to the Cue


# The kind of `not_cues` entries: phrases that hold a cue word without being a cue ("طائرة بدون طيار", a drone),
# matched like cues so that the longer phrase wins, then left out.
NOT_A_CUE = "none"
_BARE_PREFIXES = frozenset({"", "و", "ف"})
# People who may speak (cues.yaml entries marked `spoken`: activists, residents, witnesses, officials) are a source
# only when a speech cue makes them speak, within SPOKEN_GAP words ("وقال سكان"، "أفاد عدد من السكان"، "ناشطون قالوا"،
# "بحسب ناشطين"); otherwise they are whom the news is about ("طالبت السكان بالحذر"، "اختطفوا أحد الناشطين").
SPOKEN_GAP = 2


def _spoken(text: str, start: int, end: int, found: list[tuple[int, int, CueEntry]]) -> bool:
    """Whether a named attribution cue (a speech verb, بحسب، نقلا عن) stands right before or after [start, end)."""
    for s, e, v in found:
        if v.kind != "attribution" or not v.named:
            continue
        if (e <= start and len(text[e:start].split()) <= SPOKEN_GAP) or (
                s >= end and len(text[end:s].split()) <= SPOKEN_GAP):
            return True
    return False


_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # diacritics and tatweel


def _spelling(word: str) -> str:
    """An original word as spelled, diacritics and tatweel dropped and a conjunction و/ف cut (letters not folded)."""
    word = _MARKS.sub("", word.strip())
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


_Entry = TypeVar("_Entry", TriggerEntry, CueEntry)


def _as_spelled(nt: Normalised, m: Match[Any], values: tuple[_Entry, ...]) -> tuple[_Entry, ...]:
    """The entries behind a match, less those whose `not_spelled` holds the word as the original text spells it."""
    if not any(v.not_spelled for v in values):
        return values
    spelled = _spelling(_span(nt, m.start, m.end).text)
    return tuple(v for v in values if spelled not in v.not_spelled)


_BLOCK = TriggerEntry(lemma="", type="", mode=None, pos="", source="blocker")


def conjugate(stem: str, present: str | None = None) -> set[str]:
    """Past (3rd person, 1st plural) and imperfect (ي/ت/ن) forms of a verb given by its normalised past stem."""
    s = norm(stem)
    p = norm(present) if present else (s[1:] if s.startswith("ا") and len(s) > 3 else s)
    out = {s}
    if s.endswith("ي") and len(s) > 2:  # defective: القى -> القت، القوا
        base = s[:-1]
        out |= {base + "ت", base + "وا", s + "ا", s + "نا", s + "ت"}
    else:
        out |= {s + e for e in ("ت", "وا", "ا", "تا", "ن", "نا", "تم")}
    for pre in ("ي", "ت", "ن"):
        out.add(pre + p)
        if p.endswith("ي"):
            out |= {pre + p[:-1] + "ون", pre + p[:-1] + "وا"}
        else:
            out |= {pre + p + e for e in ("ون", "ان", "وا", "ن")}
    return out


def hamza_seats(form: str) -> tuple[str, ...]:
    """A normalised form ending in a final hamza after alif (لقاء، اعتداء) as it is spelled before a pronoun suffix:
    the hamza sits on ya in the genitive and on waw in the nominative (لقائه، اعتداؤهم; normalised لقايه، اعتداوهم),
    so the matcher, which adds the suffix, needs the stems لقاي and اعتداو (no words of their own)."""
    if not form.endswith("اء") or len(form.split()[-1]) < 4:
        return ()
    return (form[:-1] + "ي", form[:-1] + "و")


def _expand_phrase(phrase: str) -> set[str]:
    """A phrase with one {verb} expanded to all conjugations of that verb."""
    m = _BRACED.search(phrase)
    if not m:
        return {norm(phrase)}
    return {norm(phrase[: m.start()] + form + phrase[m.end():]) for form in conjugate(m.group(1))}


def _read(name: str) -> tuple[bytes, Any]:
    try:
        raw = resources.files(_PKG).joinpath(name).read_bytes()
    except FileNotFoundError as e:
        raise LexiconError(f"{name}: missing from {_PKG}") from e
    try:
        return raw, yaml_data(name, raw) or {}
    except yaml.YAMLError as e:
        raise LexiconError(f"{name}: not valid YAML: {e}") from e


def _strs(value: Any, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: `{key}` must be a list of non-empty strings")
    return value


def parse_trigger_entries(data: dict[str, Any], name: str, source: str = "curated") -> list[tuple[str, TriggerEntry]]:
    """Validate trigger entries and expand them to (normalised form, entry) pairs."""
    out: list[tuple[str, TriggerEntry]] = []
    for i, raw in enumerate(data.get("triggers") or []):
        where = f"{name}: entry {i} ({raw.get('lemma') if isinstance(raw, dict) else raw})"
        if not isinstance(raw, dict):
            raise LexiconError(f"{where}: not a mapping")
        if unknown := set(raw) - _TRIGGER_KEYS:
            raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
        lemma, etype, mode = raw.get("lemma"), raw.get("type"), raw.get("mode")
        if not isinstance(lemma, str) or not lemma.strip():
            raise LexiconError(f"{where}: `lemma` missing")
        if etype not in PLOVER_TYPES:
            raise LexiconError(f"{where}: type {etype!r} is not a PLOVER type")
        if mode is not None and mode not in PLOVER_MODES[etype]:
            raise LexiconError(f"{where}: mode {mode!r} is not a PLOVER mode of {etype}")
        ambiguous = bool(raw.get("ambiguous", False))
        weight = raw.get("weight", 0.5 if ambiguous else 1.0)
        if not isinstance(weight, int | float) or not 0 <= weight <= 1:
            raise LexiconError(f"{where}: weight must be a number in [0, 1]")
        pos = raw.get("pos", "noun")
        if pos not in ("noun", "verb"):
            raise LexiconError(f"{where}: pos must be noun or verb")
        exclude = {norm(x) for x in _strs(raw.get("exclude"), where, "exclude")}
        presents = _strs(raw.get("present"), where, "present")
        verbs = _strs(raw.get("verbs"), where, "verbs")
        if presents and len(presents) != len(verbs):
            raise LexiconError(f"{where}: `present` must give one stem per verb")
        common = {"lemma": lemma, "type": etype, "mode": mode, "ambiguous": ambiguous, "weight": float(weight),
                  "source": raw.get("source", source), "note": raw.get("note"),
                  "needs_verb": bool(raw.get("needs_verb", False)),
                  "not_spelled": frozenset(_strs(raw.get("not_spelled"), where, "not_spelled"))}
        verb_e, noun_e = TriggerEntry(pos="verb", **common), TriggerEntry(pos="noun", **common)
        forms: dict[str, TriggerEntry] = {}
        for j, v in enumerate(verbs):
            for f in conjugate(v, presents[j] if presents else None):
                forms.setdefault(f, verb_e)
        for f in _strs(raw.get("passive"), where, "passive"):
            forms.setdefault(norm(f), verb_e)
        for f in _strs(raw.get("nouns"), where, "nouns"):
            forms[norm(f)] = noun_e
        for f in _strs(raw.get("forms"), where, "forms"):
            forms[norm(f)] = verb_e if pos == "verb" else noun_e
        for ph in _strs(raw.get("phrases"), where, "phrases"):
            e = verb_e if _BRACED.search(ph) else noun_e
            for f in _expand_phrase(ph):
                forms.setdefault(f, e)
        if not forms:
            raise LexiconError(f"{where}: no forms")
        for f, e in list(forms.items()):
            for seat in () if f in exclude else hamza_seats(f):
                forms.setdefault(seat, e)
        out += [(f, e) for f, e in forms.items() if f not in exclude and len(f) >= 2]
    return out


# An entry's true-or-false keys: how it is matched (bare), when it holds (spoken), and what an attribution cue says of
# its source, carried to the Cue (speech, agency).
_ATTRIBUTION_FLAGS = ("spoken", "speech", "agency")
_CUE_FLAGS = ("bare", *_ATTRIBUTION_FLAGS)


def _parse_cues(data: dict[str, Any], name: str) -> list[tuple[str, CueEntry]]:
    out: list[tuple[str, CueEntry]] = []
    for kind in CUE_KINDS:
        for i, raw in enumerate(data.get(kind) or []):
            where = f"{name}: {kind} entry {i}"
            if not isinstance(raw, dict) or not isinstance(raw.get("value"), str):
                raise LexiconError(f"{where}: needs `value` and `forms`")
            named = raw.get("named")
            if kind == "attribution" and not isinstance(named, bool):
                raise LexiconError(f"{where} ({raw['value']}): attribution entries need `named: true|false`")
            flags = {}
            for flag in _CUE_FLAGS:
                flags[flag] = raw.get(flag, False)
                if not isinstance(flags[flag], bool):
                    raise LexiconError(f"{where} ({raw['value']}): `{flag}` must be true or false")
            if kind != "attribution" and (said := [f for f in _ATTRIBUTION_FLAGS if flags[f]]):
                raise LexiconError(f"{where} ({raw['value']}): `{said[0]}` is for attribution entries only")
            not_spelled = frozenset(_strs(raw.get("not_spelled"), where, "not_spelled"))
            entry = CueEntry(kind=kind, value=raw["value"], named=named if kind == "attribution" else None,
                             not_spelled=not_spelled, **flags)
            out += [(f, entry) for f in _strs(raw.get("forms"), where, "forms")]
    inert = CueEntry(kind=NOT_A_CUE, value="")
    out += [(f, inert) for f in _strs(data.get("not_cues"), name, "not_cues")]
    if unknown := set(data) - {*CUE_KINDS, "version", "suffixes", "not_cues"}:
        raise LexiconError(f"{name}: unknown sections {sorted(unknown)}")
    return out


def _parse_modes(data: dict[str, Any], name: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for i, raw in enumerate(data.get("modes") or []):
        where = f"{name}: entry {i}"
        mode, etype = (raw or {}).get("mode"), (raw or {}).get("type", "ASSAULT")
        if etype not in PLOVER_MODES or mode not in PLOVER_MODES[etype]:
            raise LexiconError(f"{where}: mode {mode!r} is not a PLOVER mode of {etype}")
        exclude = {norm(x) for x in _strs(raw.get("exclude"), where, "exclude")}
        out += [(f, mode) for f in _strs(raw.get("forms"), where, "forms") if norm(f) not in exclude]
    return out


# Words after قد that are past tense (قد تم = has been done), not the hedging imperfect.
_QAD_PAST = frozenset(norm(w) for w in (
    "تم", "تمت", "تمكن", "تمكنت", "تعرض", "تعرضت", "توصل", "توصلت", "تلقى", "تلقت", "تبنى", "تبنت", "توفي",
    "توفيت", "تحول", "تحولت", "تسلم", "تسلمت", "تضمن", "تضمنت", "تجاوز", "تجاوزت", "تراجع", "تراجعت", "تقدم",
    "تقدمت", "تسبب", "تسببت", "تولى", "تولت", "توجه", "توجهت", "تعهد", "تعهدت", "تكبد", "تكبدت", "تمكنوا",
    "تعرضوا", "توصلوا", "تحدث", "تحدثت", "تلقوا", "تزايد", "تزايدت", "تصاعد", "تصاعدت"))
# Words starting with سي/ست/سن that are not سـ + imperfect.
_SIN_NOT = tuple(norm(w) for w in (
    "سيار", "سياس", "سياد", "سياح", "سياق", "سياج", "سيد", "سير", "سيناء", "سيول", "سيف", "سيم", "سين", "سيري",
    "سيطره", "سيطرت", "سيطروا", "سيبير", "سيول", "سيك", "سيئ", "سيي", "سيجار", "سيل", "ستار", "ستين", "سته",
    "ستت", "ستالين", "ستوك", "ستراتيج", "ستر", "ستان", "ستاد", "ستوديو", "سنه", "سنو", "سنين", "سنتين", "سنت",
    "سني", "سنغ", "سنا", "سنجار", "سنود", "سنب", "سند", "سنوات", "ستمائه"))
# The values of the two cues the lexicon reads from a verb's form, not from its lists: the future prefix (سـ +
# imperfect) and the hedging particle (قد + imperfect)
FUTURE_PREFIX = "سـ"
HEDGE_PARTICLE = "قد"
VERB_MARKERS = frozenset({FUTURE_PREFIX, HEDGE_PARTICLE})
_SIN_RE = re.compile(r"(?<!\w)[وف]?(س[يتن]\w{2,})")
_QAD_RE = re.compile(r"(?<!\w)[وف]?قد\s+([يت]\w{2,})")


def _span(nt: Normalised, start: int, end: int) -> Span:
    """The original-text span of a normalised range, with diacritics that trail its last letter."""
    s, e = nt.to_original(start, end)
    while e < len(nt.original) and e > s and not normalise_char(nt.original[e]):
        e += 1
    return Span(start=s, end=e, text=nt.original[s:e])


class Lexicon:
    """Triggers, modes and cues, each compiled to one phrase automaton."""

    def __init__(self, *, triggers: list[tuple[str, TriggerEntry]], trigger_suffixes: list[str],
                 light_verbs: list[str], light_gap: int, blockers: list[str], modes: list[tuple[str, str]],
                 mode_suffixes: list[str], cues: list[tuple[str, CueEntry]], cue_suffixes: list[str],
                 version: str = "") -> None:
        self.version = version
        self.light_gap = light_gap
        curated = {f for f, e in triggers if e.source == "curated"}
        kept = [(f, e) for f, e in triggers if e.source == "curated" or f not in curated]
        self.entries: tuple[tuple[str, TriggerEntry], ...] = tuple(kept)
        self._triggers = PhraseMatcher([*kept, *((b, _BLOCK) for b in blockers)], suffixes=trigger_suffixes)
        lv = [(f, v) for v in light_verbs for f in conjugate(v)]
        self._light = PhraseMatcher(lv, suffixes=("ه", "ها", "هم"))
        self._modes = PhraseMatcher(modes, suffixes=mode_suffixes)
        self._cues = PhraseMatcher(cues, suffixes=cue_suffixes)
        self._demand = next((e for f, e in kept if e.lemma == STUDENT_WORD and e.type == "REQUEST"), None)

    @classmethod
    def load(cls, *, generated: bool = False) -> Lexicon:
        """The packaged lexicon (cached per process); `generated` adds the noisy PETRARCH-derived supplement."""
        return _load(generated)

    # ------------------------------------------------------------------ triggers
    def find_trigger_entries(self, nt: Normalised, *, ambiguous: bool = True) -> list[tuple[Trigger, TriggerEntry]]:
        """Triggers with the lexicon entries behind them, in text order."""
        text = nt.text
        matches = self._triggers.find(text)
        words = [m.start() for m in _WORD.finditer(text)]
        light_at = {bisect.bisect_left(words, m.start): m for m in self._light.find(text)}
        out: list[tuple[Trigger, TriggerEntry]] = []
        prev_end = 0
        for m in matches:
            word = text[m.phrase_start:m.end]
            exact = self._triggers.lookup(word)
            if m.phrase.startswith("ال") is False and text[m.start:m.phrase_start].endswith(("ال", "لل")):
                exact = self._triggers.lookup("ال" + word) or exact
            values = exact or m.values
            if any(v is _BLOCK for v in values):
                prev_end = m.end
                continue
            values = _as_spelled(nt, m, values)
            best: dict[str, TriggerEntry] = {}
            for v in sorted(values, key=lambda e: (e.ambiguous, -e.weight)):
                best.setdefault(v.type, v)
            start, pos_override = m.start, None
            if any(e.pos == "noun" for e in best.values()):
                wi = bisect.bisect_left(words, m.start)
                for back in range(1, self.light_gap + 2):
                    lm = light_at.get(wi - back)
                    if lm is None:
                        continue
                    between = text[lm.end:m.start]
                    if lm.start >= prev_end and all(c.isalnum() or c.isspace() for c in between):
                        start, pos_override = lm.start, "verb"
                    break
            for e in best.values():
                if (e.ambiguous and not ambiguous) or (e.needs_verb and pos_override is None):
                    continue
                trig = Trigger(span=_span(nt, start, m.end), type=e.type,
                               modes=(e.mode,) if e.mode else (), lemma=e.lemma, pos=pos_override or e.pos)
                out.append((trig, e))
            prev_end = m.end
        return self._with_demands(nt, out)

    def _with_demands(self, nt: Normalised, out: list[tuple[Trigger, TriggerEntry]]
                      ) -> list[tuple[Trigger, TriggerEntry]]:
        """`out` with the bare "طالب" where its words make it the verb "demanded" (rasd.actor_senses.demands): the
        lexicon excludes the form, which is as often a student."""
        entry, text = self._demand, nt.text
        if entry is None or STUDENT_WORD not in text:
            return out
        found = [(Trigger(span=_span(nt, m.start(), m.end()), type=entry.type, lemma=entry.lemma, pos="verb"), entry)
                 for m in _DEMAND_WORD.finditer(text) if demands(text, m.start(), m.end())]
        return sorted(out + found, key=lambda te: te[0].span.start) if found else out

    def find_triggers(self, nt: Normalised, *, ambiguous: bool = True) -> list[Trigger]:
        """Event triggers in the text (original offsets); light-verb constructions span verb to noun."""
        return [t for t, _ in self.find_trigger_entries(nt, ambiguous=ambiguous)]

    # ------------------------------------------------------------------ modes
    def find_modes(self, nt: Normalised) -> list[tuple[Span, str]]:
        """Weapon and means words with the PLOVER mode each names (ASSAULT modes), in text order."""
        out: list[tuple[Span, str]] = []
        for m in self._modes.find(nt.text):
            span = _span(nt, m.start, m.end)
            out += [(span, mode) for mode in dict.fromkeys(m.values)]
        return out

    # ------------------------------------------------------------------ cues
    def find_cue_entries(self, nt: Normalised) -> list[tuple[Cue, CueEntry]]:
        """Cues with the entries behind them (canonical value, named/unnamed), in text order."""
        text = nt.text
        found: list[tuple[int, int, CueEntry]] = []
        taken: list[tuple[int, int]] = []
        for m in self._cues.find(text):
            taken.append((m.start, m.end))
            whole = text[m.start:m.phrase_start] in _BARE_PREFIXES and m.end == m.phrase_start + len(m.phrase)
            kinds: dict[str, CueEntry] = {}
            for v in _as_spelled(nt, m, m.values):
                if v.kind != NOT_A_CUE and (whole or not v.bare):
                    kinds.setdefault(v.kind, v)
            found += [(m.start, m.end, v) for v in kinds.values()]
        for rx, kind, value, stop in ((_QAD_RE, "hedge", HEDGE_PARTICLE, None),
                                      (_SIN_RE, "future", FUTURE_PREFIX, _SIN_NOT)):
            for rm in rx.finditer(text):
                word = rm.group(1)
                if kind == "hedge" and word in _QAD_PAST:
                    continue
                if stop and (word.startswith(stop) or len(word) < 4):
                    continue
                if stop and word.startswith(norm("سيطر")) and not word.startswith(norm("سيطرح")):
                    continue
                s, e = rm.start(), rm.end()
                if any(a < e and s < b for a, b in taken):
                    continue
                found.append((s, e, CueEntry(kind=kind, value=value)))
        found.sort(key=lambda x: (x[0], x[1]))
        out: list[tuple[Cue, CueEntry]] = []
        for s0, e0, entry in found:
            if entry.spoken and not _spoken(text, s0, e0, found):
                continue
            span = _span(nt, s0, e0)
            value = entry.value if entry.kind != "attribution" else ("named" if entry.named else "unnamed")
            cue = Cue(span=span, kind=entry.kind, value=value,  # type: ignore[arg-type]
                      speech=entry.speech, agency=entry.agency)
            out.append((cue, entry))
        return out

    def find_cues(self, nt: Normalised) -> list[Cue]:
        """Claim cues: attribution (value named/unnamed), hedge, negation, future, allegation, framing."""
        return [c for c, _ in self.find_cue_entries(nt)]


@cache
@resident
def _load(generated: bool) -> Lexicon:
    digest = hashlib.sha256()
    raw, trig = _read("triggers.yaml")
    digest.update(raw)
    triggers = parse_trigger_entries(trig, "triggers.yaml")
    if generated:
        graw, gen = _read("triggers_petrarch.yaml")
        digest.update(graw)
        triggers += parse_trigger_entries(gen, "triggers_petrarch.yaml", source="petrarch")
    mraw, mdata = _read("modes.yaml")
    craw, cdata = _read("cues.yaml")
    digest.update(mraw)
    digest.update(craw)
    return Lexicon(
        triggers=triggers,
        trigger_suffixes=_strs(trig.get("suffixes"), "triggers.yaml", "suffixes"),
        light_verbs=_strs(trig.get("light_verbs"), "triggers.yaml", "light_verbs"),
        light_gap=int(trig.get("light_gap", 3)),
        blockers=_strs(trig.get("blockers"), "triggers.yaml", "blockers"),
        modes=_parse_modes(mdata, "modes.yaml"),
        mode_suffixes=_strs(mdata.get("suffixes"), "modes.yaml", "suffixes"),
        cues=_parse_cues(cdata, "cues.yaml"),
        cue_suffixes=_strs(cdata.get("suffixes"), "cues.yaml", "suffixes"),
        version=digest.hexdigest(),
    )
