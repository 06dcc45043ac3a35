"""The time-aware actor dictionary (YAML under resources/data) and actor mention resolution in normalised text."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

import yaml

from rasd.actor_senses import BASE_WORD, REGIME_WORD, STUDENT_WORD, BaseSenses, names_a_student, names_a_system
from rasd.loading import gc_paused, resident, yaml_data
from rasd.model import Actor, Dropped, Mention, Span
from rasd.text.matcher import PhraseMatcher, word_after, word_before
from rasd.text.normalise import Normalised, norm, normalise_char
from rasd.text.numbers import parse_number

KINDS = frozenset([
    "state", "government", "military", "police", "intelligence", "armed_group", "militia", "party",
    "coalition", "igo", "ngo", "monitor", "media", "person", "agent",
])
# When an alias names several entries and the document's countries do not decide, the earlier kind wins.
KIND_PRIORITY = (
    "armed_group", "militia", "military", "government", "state", "police", "intelligence", "coalition",
    "igo", "party", "monitor", "media", "ngo", "person", "agent",
)
_KIND_RANK = {k: i for i, k in enumerate(KIND_PRIORITY)}
_ENTRY_KEYS = frozenset([
    "id", "name", "name_ar", "kind", "country", "parent", "wikidata", "aliases_ar", "aliases_en", "roles",
    "from", "until", "context", "sector", "source",
])
_ALIAS_KEYS = frozenset(["text", "from", "until", "stance", "local", "and"])
_ROLE_KEYS = frozenset(["role", "role_en", "from", "until"])
_LABEL = {"person": "PERS", "agent": "AGENT", "state": "GPE"}
_NEVER, _ALWAYS = dt.date.min, dt.date.max

# Anaphors: a definite head noun standing for the organisation of matching kind last in focus.
ANAPHORS: dict[str, str] = {
    norm(w): key for key, words in {
        "تنظيم": ["التنظيم"],
        "جماعة": ["الجماعة"],
        "حركة": ["الحركة"],
        "ميليشيا": ["الميليشيا", "الميليشيات", "المليشيا", "المليشيات"],
        "فصيل": ["الفصيل"],
    }.items() for w in words
}
# Generic institution phrases with no country named: the body of the document's dominant country, found by the
# id suffix under that country's state entry ("وزارة الداخلية" in a Saudi story -> SAU.GOV.MOI).
GENERIC: dict[str, str] = {
    norm(w): suffix for suffix, words in {
        "GOV.MOI": ["وزارة الداخلية"],
        "GOV.MOD": ["وزارة الدفاع"],
        "GOV.MFA": ["وزارة الخارجية"],
        "GOV": ["السلطات", "الحكومة المركزية", "السلطات الرسمية"],
        "MIL": ["القوات الحكومية", "الجيش النظامي"],
        "JUD.SJC": ["مجلس القضاء الأعلى"],
    }.items() for w in words
}
_HEADS = {norm(h): key for key, hs in {
    "تنظيم": ["تنظيم"], "جماعة": ["جماعة"], "حركة": ["حركة"],
    "ميليشيا": ["ميليشيا", "ميليشيات", "مليشيا", "مليشيات"], "فصيل": ["فصيل"],
}.items() for h in hs}
_KIND_ANAPHORS = {
    "armed_group": ("تنظيم", "جماعة", "فصيل"),
    "militia": ("ميليشيا", "فصيل", "جماعة"),
    "party": (),
}
# Member nouns: "مقاتلي قسد" names the group; the span covers the whole phrase.
MEMBER_NOUNS = frozenset(norm(w) for w in [
    "مقاتلي", "مقاتلو", "مقاتل", "عناصر", "عنصر", "عنصرا", "جنود", "جندي", "مسلحي", "مسلحو", "أفراد", "قادة",
    "قائد", "قيادي", "قياديي", "قياديين", "أنصار", "مرتزقة", "ميليشيات", "ميليشيا", "مليشيا", "مليشيات", "عصابات",
    "خلايا", "خلية", "فلول", "أمراء", "أمير", "مسؤولي", "ضباط", "ضابط", "مجندي", "طائرات", "طيران", "مقاتلات",
    "مدفعية", "دبابات", "آليات", "قوات", "وحدات", "كتائب", "فصائل", "ألوية", "لواء", "متمردي", "معتقلي", "أسرى",
])
_MEMBER_SKIP = frozenset(["من"])  # عناصر من داعش
# Loaded words an outlet sets next to a name: kept as Mention.framing, not as actors.
FRAMING = frozenset(norm(w) for w in [
    "الإرهابي", "الإرهابية", "الإرهابيين", "الإرهابيون", "إرهابي", "إرهابية", "الإرهابيه",
    "الاحتلال", "المحتل", "المحتلة", "الاحتلالي", "المرتزقة", "مرتزقة", "الميليشيات", "الميليشيا", "ميليشيا",
    "ميليشيات", "مليشيا", "مليشيات", "المليشيات", "عصابات", "عصابة", "الشهداء", "الشهيد", "شهداء",
    "الانقلابيين", "الانقلابية", "الانقلابي", "الانقلابيون", "التكفيريين", "التكفيرية", "التكفيري", "التكفيريون",
    "الإجرامية", "الإجرامي", "المجرم", "المجرمة", "الخوارج", "الطائفية", "الصهيوني", "الغاشم", "البائد",
    "المخلوع", "الانفصالية", "الانفصالي", "المتطرف", "المتطرفة",
])


class ActorDataError(ValueError):
    """Bad actor dictionary data: the message names the file and the entry id."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of an alias: the entry it names, when the name holds, and how it is loaded."""

    actor_id: str
    start: dt.date = _NEVER  # inclusive
    end: dt.date = _ALWAYS  # exclusive
    stance: str | None = None
    role: bool = False
    local: bool = False  # a generic phrase naming this entry only where the document is about its country
    also: str | None = None  # an alias naming two parties joined by و ("الحوثي وصالح"): the second one's id


    def valid(self, day: dt.date | None) -> bool:
        return day is None or self.start <= day < self.end


@dataclass(frozen=True, slots=True)
class Entry:
    """An actor dictionary entry with the data the frozen Actor does not carry (dates, context, sector)."""

    actor: Actor
    start: dt.date = _NEVER
    end: dt.date = _ALWAYS
    context: frozenset[str] = frozenset()
    sector: str | None = None
    anaphors: frozenset[str] = frozenset()
    source: str = ""

    def valid(self, day: dt.date | None) -> bool:
        return day is None or self.start <= day < self.end


def _near_countries(e: Entry) -> set[str]:
    """The entry's own country and its context countries."""
    return cast("set[str]", {e.actor.country, *e.context} - {None})


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ActorDataError(f"{where}: bad date {value!r}") from exc


def _str(raw: dict[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = raw.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ActorDataError(f"{where}: `{key}` must be a non-empty string, got {value!r}")
    return value.strip()


def _parse_entry(raw: Any, fname: str, pos: int) -> tuple[Entry, list[tuple[str, Candidate]]]:
    if not isinstance(raw, dict):
        raise ActorDataError(f"{fname}: entry #{pos} is not a mapping")
    ident = raw.get("id")
    where = f"{fname}: entry {ident or '#' + str(pos)}"
    aid = _str(raw, "id", where)
    name = _str(raw, "name", where)
    name_ar = _str(raw, "name_ar", where)
    kind = _str(raw, "kind", where)
    assert aid and name and name_ar and kind
    if kind not in KINDS:
        raise ActorDataError(f"{where}: unknown kind {kind!r}")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise ActorDataError(f"{where}: unknown keys {sorted(unknown)}")
    start = _date(raw.get("from"), where) or _NEVER
    end = _date(raw.get("until"), where) or _ALWAYS
    texts: list[tuple[str, Candidate]] = [(name_ar, Candidate(aid, start, end))]
    shown: list[str] = [name_ar]
    for alias in raw.get("aliases_ar") or []:
        if isinstance(alias, str):
            texts.append((alias, Candidate(aid, start, end)))
            shown.append(alias)
            continue
        if not isinstance(alias, dict) or not isinstance(alias.get("text"), str) or set(alias) - _ALIAS_KEYS:
            raise ActorDataError(f"{where}: bad alias {alias!r} "
                                 " (want a string or {{text, from, until, stance, local, and}})")
        a_start = max(start, _date(alias.get("from"), where) or _NEVER)
        a_end = min(end, _date(alias.get("until"), where) or _ALWAYS)
        local = bool(alias.get("local"))
        also = alias.get("and")
        if also is not None and (not isinstance(also, str) or " و" not in norm(alias["text"])):
            raise ActorDataError(f"{where}: alias {alias['text']!r}: `and` names the party after its last و "
                                 "(an entry id, and the alias must join two names by و)")
        texts.append((alias["text"], Candidate(aid, a_start, a_end, alias.get("stance"), local=local, also=also)))
        shown.append(alias["text"])
    for role in raw.get("roles") or []:
        if not isinstance(role, dict) or not isinstance(role.get("role"), str) or set(role) - _ROLE_KEYS:
            raise ActorDataError(f"{where}: bad role {role!r} (want {{role, from, until}})")
        r_start = max(start, _date(role.get("from"), where) or _NEVER)
        r_end = min(end, _date(role.get("until"), where) or _ALWAYS)
        texts.append((role["role"], Candidate(aid, r_start, r_end, role=True)))
    english = raw.get("aliases_en") or []
    if not all(isinstance(x, str) for x in english):
        raise ActorDataError(f"{where}: aliases_en must be strings")
    anaphors: set[str] = set()
    if kind in _KIND_ANAPHORS:
        anaphors.update(_KIND_ANAPHORS[kind])
        for text in shown:
            head = _HEADS.get(norm(text).split(" ")[0])
            if head:
                anaphors.add(head)
    actor = Actor(
        id=aid, name=name, name_ar=name_ar, kind=kind, country=raw.get("country"), parent=raw.get("parent"),
        wikidata=raw.get("wikidata"), aliases=tuple(dict.fromkeys([*shown[1:], *english])),
    )
    entry = Entry(
        actor=actor, start=start, end=end, context=frozenset(raw.get("context") or ()), sector=raw.get("sector"),
        anaphors=frozenset(anaphors), source=fname,
    )
    return entry, texts


class ActorDictionary:
    """Actors and generic agents by id, their aliases with validity dates, and one phrase matcher over all of them."""

    @gc_paused
    def __init__(self, files: Iterable[tuple[str, str]]) -> None:
        self._entries: dict[str, Entry] = {}
        self._aliases: dict[str, list[Candidate]] = {}
        digest = hashlib.sha256()
        for fname, text in sorted(files):
            digest.update(fname.encode() + b"\0" + text.encode() + b"\0")
            try:
                data = yaml_data(fname, text) or []
            except yaml.YAMLError as exc:
                raise ActorDataError(f"{fname}: not valid YAML: {exc}") from exc
            if isinstance(data, dict):
                data = data.get("agents") or data.get("actors") or []
            if not isinstance(data, list):
                raise ActorDataError(f"{fname}: want a list of entries")
            for pos, raw in enumerate(data):
                entry, texts = _parse_entry(raw, fname, pos)
                if entry.actor.id in self._entries:
                    other = self._entries[entry.actor.id].source
                    raise ActorDataError(f"{fname}: entry {entry.actor.id}: duplicate id (also in {other})")
                self._entries[entry.actor.id] = entry
                for alias, cand in texts:
                    key = norm(alias)
                    if key and cand not in self._aliases.setdefault(key, []):
                        self._aliases[key].append(cand)
        for entry in self._entries.values():
            parent = entry.actor.parent
            if parent is not None and parent not in self._entries:
                raise ActorDataError(f"{entry.source}: entry {entry.actor.id}: parent {parent!r} does not exist")
        for key, cands in self._aliases.items():
            for c in cands:
                if c.also is not None and c.also not in self._entries:
                    where = self._entries[c.actor_id].source
                    raise ActorDataError(f"{where}: entry {c.actor_id}: alias {key!r} joins {c.also!r}, which does "
                                         "not exist")
        self.version = digest.hexdigest()
        self._matcher: PhraseMatcher[Candidate | str] | None = None
        self._states: dict[str, str] | None = None

    @classmethod
    def load(cls) -> ActorDictionary:
        """The packaged dictionary (actors/*.yaml and agents.yaml), read once per process."""
        return _load_packaged()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._entries

    def ids(self) -> list[str]:
        return list(self._entries)

    def get(self, actor_id: str) -> Actor:
        return self._entries[actor_id].actor

    def entry(self, actor_id: str) -> Entry:
        return self._entries[actor_id]

    def state_of(self, country: str) -> str | None:
        """The id of the state entry for an ISO country code, if the dictionary has one."""
        if self._states is None:
            self._states = {e.actor.country: i for i, e in self._entries.items()
                            if e.actor.kind == "state" and e.actor.country}
        return self._states.get(country)

    def aliases(self) -> dict[str, tuple[Candidate, ...]]:
        """Every normalised alias with its readings (for data checks)."""
        return {k: tuple(v) for k, v in self._aliases.items()}

    def candidates(self, alias: str, day: dt.date | None = None) -> tuple[Candidate, ...]:
        """The readings of an alias (normalised lookup), only those valid on `day` when one is given."""
        return tuple(c for c in self._aliases.get(norm(alias), ()) if c.valid(day))

    @property
    def matcher(self) -> PhraseMatcher[Candidate | str]:
        if self._matcher is None:
            items: list[tuple[str, Candidate | str]] = [(k, c) for k, cs in self._aliases.items() for c in cs]
            items += [(w, "anaphor:" + head) for w, head in ANAPHORS.items() if w not in self._aliases]
            items += [(w, "generic:" + suffix) for w, suffix in GENERIC.items()]
            self._matcher = PhraseMatcher(items)
        return self._matcher


def packaged_files() -> list[tuple[str, str]]:
    """The packaged dictionary's files, (name relative to resources/data, text): actors/*.yaml and agents.yaml."""
    root = resources.files("rasd") / "resources" / "data"
    files = [(f"actors/{p.name}", p.read_text(encoding="utf-8"))
             for p in (root / "actors").iterdir() if p.name.endswith(".yaml")]
    agents = root / "agents.yaml"
    if agents.is_file():
        files.append(("agents.yaml", agents.read_text(encoding="utf-8")))
    return files


@cache
@resident
def _load_packaged() -> ActorDictionary:
    return ActorDictionary(packaged_files())


def _strip_clitic(word: str) -> str:
    for pre in ("و", "ف"):
        if word.startswith(pre) and len(word) > 3 and word[1:] in MEMBER_NOUNS | FRAMING:
            return word[1:]
    return word


def _choose(cands: list[Candidate], d: ActorDictionary, countries: Counter[str],
            published: dt.date | None) -> tuple[Candidate, str]:
    """Pick one reading: by the document's countries, then (undated) the latest-valid, then by kind priority."""
    def rank(c: Candidate) -> tuple[int, int, int]:
        e = d.entry(c.actor_id)
        near = _near_countries(e)
        score = sum(countries[x] for x in near)
        late = c.end.toordinal() if published is None else 0
        return (-score, -late, _KIND_RANK.get(e.actor.kind, 99))
    ranked = sorted(cands, key=rank)
    best = ranked[0]
    r0 = rank(best)
    how = "country context" if r0[0] != rank(ranked[1])[0] else (
        "latest valid" if r0[1] != rank(ranked[1])[1] else "kind priority")
    return best, how


def _generic_actor(d: ActorDictionary, suffix: str, country: str | None, text: str, end: int) -> Actor | None:
    """The dominant country's body for a generic institution phrase; None when a nationality adjective follows
    ("السلطات النيجيرية": another country) or the dictionary has no such body for that country."""
    n_s, n_e = word_after(text, end)
    if country is None or (n_s < n_e and text.startswith("ال", n_s) and text.endswith("يه", n_s, n_e)):
        return None
    state = d.state_of(country)
    aid = f"{state}.{suffix}" if state else None
    return d.get(aid) if aid and aid in d else None


def find_actor_mentions(
    nt: Normalised,
    published: dt.date | None,
    *,
    dictionary: ActorDictionary | None = None,
    trace: list[Dropped] | None = None,
) -> list[Mention]:
    """Actor and agent mentions in one article, resolved against the dictionary as of `published`.

    One automaton pass plus constant work per match (neighbouring words only), so linear in the text length.
    With `published` None every dated reading is allowed and ties go to the one valid latest. Choices among
    several readings, and readings rejected by date, are appended to `trace` as Dropped records.
    """
    d = dictionary or ActorDictionary.load()
    text = nt.text
    matches = d.matcher.find(text)
    # Pass 1: countries of the unambiguous mentions, the context for choosing among several readings.
    countries: Counter[str] = Counter()
    for m in matches:
        ids = {c.actor_id for c in m.values if isinstance(c, Candidate) and c.valid(published) and not c.local}
        if len(ids) == 1:
            e = d.entry(next(iter(ids)))
            if e.actor.kind != "agent":
                for x in _near_countries(e):
                    countries[x] += 1

    top = countries.most_common(2)
    dominant = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None

    def local_ok(c: Candidate) -> bool:
        e = d.entry(c.actor_id)
        return not c.local or any(countries[x] for x in _near_countries(e))

    def span(s: int, e: int) -> Span:
        o_s, o_e = nt.to_original(s, e)
        while o_e < len(nt.original) and nt.original[o_e] != " " and not normalise_char(nt.original[o_e]):
            o_e += 1  # keep trailing harakat with the word
        return Span(start=o_s, end=o_e, text=nt.original[o_s:o_e])

    out: list[Mention] = []
    ends: list[tuple[int, int]] = []  # normalised [start, end) of each mention in `out`
    focus: dict[str, Actor] = {}
    senses = BaseSenses(text)
    for m in matches:
        start = m.phrase_start
        stripped = m.phrase.startswith("ال") and not text.startswith(m.phrase, start)
        if stripped and start - 2 >= m.start and text.startswith("ال", start - 2):
            start -= 2  # keep the article: والحوثيين -> الحوثيين
        anaphor = next((v for v in m.values if isinstance(v, str) and v.startswith("anaphor:")), None)
        generic = next((v for v in m.values if isinstance(v, str) and v.startswith("generic:")), None)
        if m.phrase == BASE_WORD and senses.is_base(m.start, m.end):
            continue  # "القاعدة الجوية": the base, not al-Qaeda
        if m.phrase == REGIME_WORD and names_a_system(text, m.start, m.end):
            continue  # "النظام العام": public order, not the Syrian regime
        if m.phrase == STUDENT_WORD and not names_a_student(text, m.start, m.end):
            continue  # "وطالب الأزهر إيران": the verb (demanded), not a student
        cands = [c for c in m.values if isinstance(c, Candidate) and local_ok(c)]
        if not m.phrase.startswith("ال") and text[m.start:m.phrase_start].endswith("ال"):
            # an article the name does not take: "الأزمة السورية" is the adjective, not the state سورية
            cands = [c for c in cands if d.entry(c.actor_id).actor.kind != "state"]
            if not cands and anaphor is None and generic is None:
                continue
        if _adjectival(text, m, cands, d):
            continue
        if generic is not None and not any(c.valid(published) for c in cands):
            actor = _generic_actor(d, generic.split(":", 1)[1], dominant, text, m.end)
            if actor is not None:
                out.append(Mention(span=span(start, m.end), actor=actor, via="context", label="ORG"))
                ends.append((start, m.end))
            continue
        if not cands and anaphor is None:
            continue  # only local readings, and the document is not about their country
        if anaphor is not None and not cands:
            head = anaphor.split(":", 1)[1]
            actor = focus.get(head)
            out.append(Mention(span=span(start, m.end), actor=actor, via="anaphora", label="ORG",
                               unresolved=None if actor else f"no organisation in focus for {m.phrase!r}"))
            ends.append((start, m.end))
            continue
        valid = [c for c in cands if c.valid(published)]
        if not valid:
            names = ", ".join(sorted({c.actor_id for c in cands}))
            out.append(Mention(span=span(start, m.end), actor=None, label="ORG",
                               unresolved=f"{m.phrase!r} names {names} only at other dates than {published}"))
            ends.append((start, m.end))
            continue
        valid_ids = list(dict.fromkeys(c.actor_id for c in valid))
        if len(valid_ids) > 1:
            best, how = _choose(valid, d, countries, published)
            if trace is not None:
                others = ", ".join(i for i in valid_ids if i != best.actor_id)
                trace.append(Dropped(stage="actors", span=span(start, m.end),
                                     reason=f"{m.phrase!r}: chose {best.actor_id} over {others} by {how}"))
        else:
            best = valid[0]
        entry = d.entry(best.actor_id)
        actor = entry.actor
        via, label = "dictionary", _LABEL.get(actor.kind, "ORG")
        framing: list[str] = []
        joined = _joined(d, best, text, start, m.end, published)
        second_framing: list[str] = []  # of the alias's second party, when it names two
        # Framing words inside a loaded alias (الاحتلال التركي، ميليشيا الحوثي).
        if best.stance == "loaded":
            pos = start
            for word in text[start:m.end].split(" "):
                if _strip_clitic(word) in FRAMING or word in FRAMING:
                    if joined is not None and pos > joined[0]:  # the second party's word, without the و
                        second_framing.append(nt.original_text(max(pos, joined[1]), pos + len(word)))
                    else:
                        framing.append(nt.original_text(pos, pos + len(word)))
                pos += len(word) + 1
        # Possessive / partitive: "مقاتلي قسد", "عناصر من داعش" -> the group, the span covering the phrase.
        p_s, p_e = word_before(text, start)
        if p_s < p_e and text[p_s:p_e] in _MEMBER_SKIP:
            q_s, q_e = word_before(text, p_s)
            if q_s < q_e and _strip_clitic(text[q_s:q_e]) in MEMBER_NOUNS:
                p_s, p_e = q_s, q_e
        first = start
        member = _strip_clitic(text[p_s:p_e]) if p_s < p_e else ""
        prev_end = ends[-1][1] if ends else -1
        prev_is_member = bool(out) and ends[-1][0] >= p_s and out[-1].label == "AGENT"
        if member in MEMBER_NOUNS and actor.kind != "agent" and (p_s >= prev_end or prev_is_member):
            first = p_e - len(member)
            if prev_is_member:
                out.pop()
                ends.pop()
            via = "possessive"
            label = "ORG" if label == "GPE" else label
            if member in FRAMING:
                framing.insert(0, nt.original_text(first, p_e))
        elif p_s < p_e and _strip_clitic(text[p_s:p_e]) in FRAMING:
            framing.insert(0, nt.original_text(p_s, p_e))  # عصابات داعش (when not itself the alias)
        n_s, n_e = word_after(text, m.end)
        if n_s < n_e and text[n_s:n_e] in FRAMING:
            framing.append(nt.original_text(n_s, n_e))  # داعش الإرهابي
        if joined is None:
            out.append(Mention(span=span(first, m.end), actor=actor, label=label, via=via,
                               framing=tuple(dict.fromkeys(framing))))
            ends.append((first, m.end))
        else:  # "ميليشيات الحوثي والمخلوع صالح": two parties, the second after the و, each with its own words
            cut, second, other = joined
            out.append(Mention(span=span(first, cut), actor=actor, label=label, via=via,
                               framing=tuple(dict.fromkeys(framing))))
            out.append(Mention(span=span(second, m.end), actor=other, label=_LABEL.get(other.kind, "ORG"),
                               via="dictionary", framing=tuple(dict.fromkeys(second_framing))))
            ends += [(first, cut), (second, m.end)]
        if actor.kind != "agent":
            for head in entry.anaphors:
                focus[head] = actor
    return _resolve_generic_fighters(out)


def _joined(d: ActorDictionary, c: Candidate, text: str, start: int, end: int,
            published: dt.date | None) -> tuple[int, int, Actor] | None:
    """For an alias naming two parties ("ميليشيات الحوثي وصالح"), where the first ends and the second (after the
    last و) starts in the normalised text, and the second; None for other aliases, or when the second party did not
    exist then."""
    if c.also is None or not d.entry(c.also).valid(published):
        return None
    cut = text.rfind(" و", start, end)
    return (cut, cut + 2, d.get(c.also)) if cut > start else None


# Agent words that are as often adjectives or adverbs (والعسكري، عسكرياً): a group of people only after a
# number or a quantifier ("13 عسكريا", "عدد من العسكريين").
ADJECTIVAL_AGENT_WORDS = frozenset(norm(w) for w in ("عسكري", "عسكريا", "أمني", "أمنيا"))
SUICIDE_WORDS = frozenset(norm(w) for w in ("انتحاري", "انتحارية", "الانتحاري", "الانتحارية", "انتحاريا"))
ATTACK_NOUNS = frozenset(norm(w) for w in ("هجوم", "الهجوم", "هجوما", "تفجير", "التفجير", "عملية", "العملية",
                                           "اعتداء", "هجمات", "تفجيرات", "عمليات", "الهجمات", "التفجيرات"))
QUANTIFIERS = frozenset(norm(w) for w in ("عدد", "أحد", "إحدى", "بعض", "مئات", "عشرات", "آلاف", "ومقتل", "مقتل",
                                          "إصابة", "اصابة", "واصابة", "وإصابة"))


def _adjectival(text: str, m: Any, cands: list[Candidate], d: ActorDictionary) -> bool:
    """A singular agent word used as an adjective or adverb ("الدعم اللوجستي والعسكري", "سقط التنظيم عسكرياً",
    "هجوم انتحاري")."""
    word = text[m.phrase_start:m.end]
    if not cands or any(d.entry(c.actor_id).actor.kind != "agent" for c in cands):
        return False
    p_s, p_e = word_before(text, m.start)
    prev = text[p_s:p_e]
    if (word in SUICIDE_WORDS or m.phrase in SUICIDE_WORDS) and _strip_clitic(prev) in ATTACK_NOUNS:
        return True  # the attack's mode, not its bomber
    if word not in ADJECTIVAL_AGENT_WORDS and m.phrase not in ADJECTIVAL_AGENT_WORDS:
        return False
    return not (prev.isdigit() or _strip_clitic(prev) in QUANTIFIERS or parse_number(prev) is not None)


# Definite generic nouns for armed men ("المسلحون", "الإرهابيين"): in news they refer back to a group already named.
# The indefinite forms (مسلحون مجهولون) introduce someone new, and stay generic.
DEFINITE_FIGHTERS = frozenset(norm(w) for w in (
    "المسلحين", "المسلحون", "المقاتلين", "المقاتلون", "العناصر", "المتشددين", "المتشددون", "المتطرفين",
    "المتطرفون", "الإرهابيين", "الإرهابيون", "العناصر الإرهابية", "الجهاديين", "الجهاديون", "التكفيريين",
    "المتمردين", "المتمردون",
))
GROUP_KINDS = frozenset({"armed_group", "militia"})


def _resolve_generic_fighters(mentions: list[Mention]) -> list[Mention]:
    """"الإرهابيون" after an article has named one armed group, and only one, is that group (its words kept as
    framing); with two groups named, who "the fighters" are is left generic."""
    groups: dict[str, Actor] = {}
    out: list[Mention] = []
    for m in mentions:
        a = m.actor
        if a is not None and a.kind in GROUP_KINDS:
            groups.setdefault(a.id, a)
        elif (a is not None and a.kind == "agent" and m.via == "dictionary" and len(groups) == 1
              and norm(m.span.text) in DEFINITE_FIGHTERS):
            group = next(iter(groups.values()))
            m = Mention(span=m.span, actor=group, label="ORG", via="anaphora", framing=(m.span.text,))
        out.append(m)
    return out
