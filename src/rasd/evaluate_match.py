"""The referee's matching rules, one function per rule: names, places, dates, counts and evidence.

Every function takes the loosely-typed JSON values found in gold and prediction files and never raises on a value
of the wrong shape where the referee would simply not match it. See `rasd.evaluate` for the rules in prose.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rasd.gazetteer import distance_km

__all__ = [
    "count_range",
    "counts_match",
    "date_interval",
    "dates_match",
    "distance_km",
    "evidence_overlaps",
    "evidence_text",
    "gold_names",
    "is_run_of",
    "name_tokens",
    "names_match",
    "place_point",
    "places_match",
    "prediction_names",
    "same_place",
]

PLACE_MATCH_KM = 25.0  # a predicted place this close to the gold one is right
SAME_PLACE_KM = 1.0  # two predicted places this close (without geonameids) are one place said twice
EVIDENCE_MIN_OVERLAP = 0.5  # shared tokens over the smaller evidence token set
MIN_CONTAINED_CHARS = 3  # a name contained in another counts only with at least this many letters

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # diacritics, Quranic marks, tatweel
_LETTER_FORMS = str.maketrans("أإآٱىةؤئ", "اااايهوي")
_NOT_WORD = re.compile(r"[^\w\s]")
_ARTICLE = "ال"
_CONJ_ARTICLE = ("وال", "بال")  # wa-/bi- + al-: three letters
_LIL = "لل"  # li- + al-: two letters


def _strip_article(token: str) -> str:
    """Drop a leading al- (tokens over 4 letters), then wal-/bil- (over 5) or lil- (over 5)."""
    if len(token) > 4 and token.startswith(_ARTICLE):
        token = token[len(_ARTICLE):]
    if len(token) > 5:
        if token.startswith(_CONJ_ARTICLE):
            token = token[3:]
        elif token.startswith(_LIL):
            token = token[2:]
    return token


def name_tokens(value: object) -> list[str]:
    """A name as comparable tokens: NFKC, case-folded, without marks, one letter form, punctuation as spaces."""
    if not value:
        return []
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    text = _MARKS.sub("", text).translate(_LETTER_FORMS)
    text = _NOT_WORD.sub(" ", text).replace("_", " ")
    return [_strip_article(t) for t in text.split()]


def is_run_of(outer: Sequence[str], inner: Sequence[str]) -> bool:
    """Whether `inner` (non-empty) occurs as consecutive tokens of `outer`."""
    width = len(inner)
    if width == 0:
        return False
    return any(list(outer[i:i + width]) == list(inner) for i in range(len(outer) - width + 1))


def names_match(left: Iterable[object], right: Iterable[object]) -> bool:
    """Any name on one side equals one on the other, or one lies whole-word inside the other (3+ letters)."""
    left_tokens = [name_tokens(n) for n in left if n]
    right_tokens = [name_tokens(n) for n in right if n]
    for a in left_tokens:
        if not a:
            continue
        for b in right_tokens:
            if not b:
                continue
            if a == b:
                return True
            inner, outer = (a, b) if len(a) <= len(b) else (b, a)
            if sum(map(len, inner)) >= MIN_CONTAINED_CHARS and is_run_of(outer, inner):
                return True
    return False


def prediction_names(item: object) -> list[str]:
    """Every name a predicted actor, source or place offers: a plain string, or name/text/id/aliases of an object."""
    if isinstance(item, str):
        return [item]
    if not isinstance(item, Mapping):
        return []
    found: list[object] = [item.get("name"), item.get("text"), item.get("id")]
    found.extend(item.get("aliases") or [])
    return [n for n in found if isinstance(n, str) and n]


def gold_names(gold_doc: Mapping[str, Any], key: Any) -> list[Any]:
    """A gold entity's key and its aliases (the key alone when the entity is not described)."""
    entity = (gold_doc.get("entities") or {}).get(key) or {}
    return [key, *(entity.get("aliases") or [])]


def place_point(place: object) -> tuple[float, float] | None:
    """(lat, lon) of a place object, or None when it has no usable coordinates."""
    if not isinstance(place, Mapping):
        return None
    try:
        return float(place["lat"]), float(place["lon"])
    except (KeyError, TypeError, ValueError):
        return None


def _same_geonameid(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool | None:
    """True/False when both carry a geonameid, None when either lacks one."""
    ga, gb = a.get("geonameid"), b.get("geonameid")
    if not ga or not gb:
        return None
    return str(ga) == str(gb)


def _within(a: object, b: object, km: float) -> bool:
    pa, pb = place_point(a), place_point(b)
    return pa is not None and pb is not None and distance_km(pa, pb) <= km


def places_match(pred: object, gold: object) -> bool:
    """Same geonameid, or within 25 km."""
    if not isinstance(pred, Mapping) or not isinstance(gold, Mapping):
        return False
    return bool(_same_geonameid(pred, gold)) or _within(pred, gold, PLACE_MATCH_KM)


def same_place(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two predicted places are one: by geonameid when both have one, else within 1 km."""
    same_id = _same_geonameid(a, b)
    if same_id is not None:
        return same_id
    return _within(a, b, SAME_PLACE_KM)


def date_interval(value: object) -> tuple[str, str] | None:
    """(start, end) ISO days of a date: {start, end} object, ISO month (days 01 to 31) or ISO day; None if absent."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        start = value.get("start")
        if not start:
            return None
        end = value.get("end") or start
        return str(start)[:10], str(end)[:10]
    text = str(value)
    if len(text) == 7:
        return f"{text}-01", f"{text}-31"
    return text[:10], text[:10]


def _day_number(iso: str) -> int:
    """A monotone day number with 31-day months (so 31 Jul and 1 Aug are one apart, 30 Jun and 1 Jul two)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return (year * 12 + month - 1) * 31 + day - 1


def dates_match(pred: object, gold: object) -> bool:
    """Gold month: the intervals overlap. Gold day: the prediction contains it or starts within one day of it."""
    p, g = date_interval(pred), date_interval(gold)
    if p is None or g is None:
        return False
    try:
        p_start, p_end, g_start, g_end = (_day_number(x) for x in (*p, *g))
    except ValueError:
        return False
    if len(str(gold)) == 7:
        return p_start <= g_end and g_start <= p_end
    covers = p_start <= g_start and g_end <= p_end
    return covers or abs(p_start - g_start) <= 1


def count_range(value: object) -> tuple[Any, Any] | None:
    """(low, high) of a count: n, [min, max] or {min, max}; a missing min is 0, a missing max infinite."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value, value
    if isinstance(value, list | tuple):
        if len(value) != 2:
            return None
        low, high = value
    elif isinstance(value, Mapping):
        low, high = value.get("min"), value.get("max")
        if low is None and high is None:
            return None
    else:
        return None
    return (0 if low is None else low), (math.inf if high is None else high)


def counts_match(pred: object, gold: object) -> bool:
    """The predicted range lies inside the gold range."""
    p, g = count_range(pred), count_range(gold)
    return p is not None and g is not None and g[0] <= p[0] and p[1] <= g[1]


def evidence_text(event: Mapping[str, Any]) -> object:
    """An event's evidence: the `text` of an evidence object, or the evidence string itself."""
    evidence = event.get("evidence")
    if isinstance(evidence, Mapping):
        return evidence.get("text") or ""
    return evidence or ""


def evidence_overlaps(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """At least half of the smaller evidence's distinct tokens occur in the other."""
    a, b = set(name_tokens(evidence_text(pred))), set(name_tokens(evidence_text(gold)))
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= EVIDENCE_MIN_OVERLAP
