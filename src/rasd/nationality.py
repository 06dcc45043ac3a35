"""Forces named by a nationality adjective: "طائرات روسية", "وحدة إسرائيلية خاصة", "غارات أمريكية".

Arabic news names a state's forces by a unit or weapon noun and the country's adjective far more often than by the
army's name. Each such phrase becomes a mention of that state's armed forces as of the publication date: the
dictionary's reading of "القوات <adjective>" (time-aware: the Syrian forces before and after December 2024), else the
state's military entry, else the state.
"""

from __future__ import annotations

import datetime as dt
import re

from rasd.actors import ActorDictionary
from rasd.gazetteer import PlaceIndex
from rasd.model import Actor, Mention, Span
from rasd.text.normalise import Normalised, norm

# A state's aircraft, strikes or guns ("غارة لطائرة أمريكية"): the forces so named are the attackers (roles.py).
WEAPON_NOUNS = frozenset(norm(w) for w in (
    "طائرة", "طائرات", "غارة", "غارات", "قصف", "مقاتلات", "مقاتلة", "طيران", "صواريخ", "مدفعية", "قاذفات", "مروحية",
    "مروحيات", "بوارج", "بارجة", "دبابات", "ضربة", "ضربات",
))
# Unit and weapon nouns that stand for armed forces (normalised, without clitics).
UNIT_NOUNS = WEAPON_NOUNS | frozenset(norm(w) for w in (
    "قوة", "قوات", "وحدة", "وحدات", "دورية", "دوريات", "دبابة", "زوارق", "جنود",
))
# Words that may stand between the noun and the adjective: "طائرات حربية روسية", "وحدة خاصة إسرائيلية".
_BETWEEN = frozenset(norm(w) for w in ("حربية", "خاصة", "عسكرية", "مسيرة", "جوية", "بحرية", "برية", "مدرعة"))
_CLITICS = r"(?:وب|ول|فب|وال|بال|لل|ال|و|ف|ب|ل)?"
_UNIT_RE = re.compile(r"(?<!\w)" + _CLITICS + "(?:" + "|".join(sorted(UNIT_NOUNS, key=len, reverse=True)) + r")(?!\w)")
_WEAPON_RE = re.compile(_CLITICS + "(?:" + "|".join(WEAPON_NOUNS) + ")")
_WORD = re.compile(r"\w+")


def names_weapon(text: str) -> bool:
    """Whether a forces mention opens with a weapon or strike noun ("لطائرة أمريكية"), not a unit ("قوات تركية")."""
    words = norm(text).split()
    return bool(words) and _WEAPON_RE.fullmatch(words[0]) is not None


def _definite_feminine(adjective: str) -> str:
    """روسية / الروسي / روسيون -> الروسيه (normalised), the form that follows القوات."""
    stem = adjective.removeprefix("ال")
    for suffix in ("ون", "ين", "ه"):
        if stem.endswith(suffix) and len(stem) > len(suffix) + 2:
            stem = stem[: -len(suffix)]
            break
    return "ال" + stem + "ه"


def forces_mentions(nt: Normalised, published: dt.date | None, dictionary: ActorDictionary,
                    gazetteer: PlaceIndex) -> list[Mention]:
    """Mentions of a state's forces named by a unit noun and the country's adjective, in text order."""
    text = nt.text
    adjectives = {a.start: (a.end, a.values[0]) for a in gazetteer.adjectives.find(text)}
    out: list[Mention] = []
    for u in _UNIT_RE.finditer(text):
        prev_end = u.end()
        nxt = _WORD.search(text, prev_end)
        for _ in range(2):
            if nxt is None or text[prev_end:nxt.start()].strip():
                break  # punctuation between: not one phrase
            hit = adjectives.get(nxt.start())
            if hit is not None and hit[0] == nxt.end():
                actor = _forces(dictionary, hit[1], text[nxt.start():hit[0]], published)
                if actor is not None:
                    s, e = nt.to_original(u.start(), hit[0])
                    out.append(Mention(span=Span(start=s, end=e, text=nt.original[s:e]), actor=actor, label="ORG",
                                       via="nationality"))
                break
            if nxt.group() not in _BETWEEN:
                break
            prev_end = nxt.end()
            nxt = _WORD.search(text, prev_end)
    return out


def _forces(d: ActorDictionary, country: str, adjective: str, published: dt.date | None) -> Actor | None:
    for c in d.candidates("القوات " + _definite_feminine(adjective), published):
        if not c.local:
            return d.get(c.actor_id)
    state = d.state_of(country)
    if state is None:
        return None
    return d.get(state + ".MIL") if state + ".MIL" in d else d.get(state)
