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

# Unit and weapon nouns that stand for armed forces (normalised, without clitics).
UNIT_NOUNS = frozenset(norm(w) for w in (
    "قوة", "قوات", "وحدة", "وحدات", "دورية", "دوريات", "طائرة", "طائرات", "مقاتلة", "مقاتلات", "غارة", "غارات",
    "مروحية", "مروحيات", "دبابة", "دبابات", "بارجة", "بوارج", "زوارق", "مدفعية", "جنود", "قاذفات", "طيران",
    "ضربة", "ضربات", "صواريخ", "قصف",
))
# Words that may stand between the noun and the adjective: "طائرات حربية روسية", "وحدة خاصة إسرائيلية".
_BETWEEN = frozenset(norm(w) for w in ("حربية", "خاصة", "عسكرية", "مسيرة", "جوية", "بحرية", "برية", "مدرعة"))
_CLITICS = ("وب", "ول", "فب", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل")
_WORD = re.compile(r"\w+")


def _bare(word: str) -> str:
    for c in sorted(_CLITICS, key=len, reverse=True):
        if word.startswith(c) and word[len(c):] in UNIT_NOUNS:
            return word[len(c):]
    return word


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
    words = list(_WORD.finditer(text))
    for i, w in enumerate(words):
        if _bare(w.group()) not in UNIT_NOUNS:
            continue
        for j in (i + 1, i + 2):
            if j >= len(words):
                break
            if j == i + 2 and words[i + 1].group() not in _BETWEEN:
                break
            hit = adjectives.get(words[j].start())
            if hit is None or hit[0] != words[j].end():
                continue
            actor = _forces(dictionary, hit[1], text[words[j].start():hit[0]], published)
            if actor is not None:
                s, e = nt.to_original(w.start(), hit[0])
                out.append(Mention(span=Span(start=s, end=e, text=nt.original[s:e]), actor=actor, label="ORG",
                                   via="nationality"))
            break
    return out


def _forces(d: ActorDictionary, country: str, adjective: str, published: dt.date | None) -> Actor | None:
    for c in d.candidates("القوات " + _definite_feminine(adjective), published):
        if not c.local:
            return d.get(c.actor_id)
    state = d.state_of(country)
    if state is None:
        return None
    return d.get(state + ".MIL") if state + ".MIL" in d else d.get(state)
