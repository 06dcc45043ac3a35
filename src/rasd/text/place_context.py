"""What a place name does in its sentence: a place the story is told about, or only a landmark that locates another
place ("غرب بغداد"), the dateline of the report, or an organisation's seat ("ومقره بريطانيا").

Event coding keeps every place mention (a town "west of Baghdad" is still located by Baghdad); only the article's
list of story places leaves out the names that serve one of these other purposes.
"""

from __future__ import annotations

import re

from rasd.text.normalise import norm

NAMED = "named"
REFERENCE = "reference"  # a landmark another place is located by: "(118 كم غربي بغداد)"، "الفلوجة، غرب بغداد"
DATELINE = "dateline"  # where the report was filed: "عين اليوم – بيروت"
SEAT = "seat"  # an organisation's seat: "المرصد ومقره بريطانيا"
ENUMERATION = "enumeration"  # one of three or more places listed together: "في محافظات حماه وحلب وحمص والرقة"
ENUMERATION_MIN = 3
# What may stand between two listed places: و or a comma, and in a tally a number and في ("في صنعاء و70 في عدن").
_LIST_GLUE = re.compile(r"^[\s،,]*(?:و|ثم)?\s*(?:[\d٠-٩]+\s*(?:في|ب)\s*)?$")

DIRECTIONS = frozenset(norm(w) for w in (
    "غرب", "شرق", "شمال", "جنوب", "غربي", "شرقي", "شمالي", "جنوبي", "غربى", "شرقى", "شمالى", "جنوبى",
    "جنوب غرب", "جنوب شرق", "شمال غرب", "شمال شرق", "جنوبي غرب", "جنوبي شرق", "شمالي غرب", "شمالي شرق",
))
# Nouns that stand before a place's name (منطقة X، بلدة X), normalised.
PLACE_NOUNS = frozenset(norm(w) for w in ("منطقة", "منطقتي", "بلدة", "قرية", "حي", "مدينة", "مدينتي", "ناحية",
                                          "قضاء", "محافظة", "ولاية", "جبل", "وادي", "مخيم", "سجن"))
# words that can stand between the direction and the name: "شمالي العاصمة دمشق"، "غرب مدينة حلب"
_BETWEEN = PLACE_NOUNS | frozenset(norm(w) for w in ("العاصمة", "عاصمة"))
# a preposition before the direction makes the region itself the place: "في شمال حلب", "إلى جنوب دمشق"
_PREPOSITIONS = frozenset(norm(w) for w in ("في", "الى", "إلى", "من", "على", "داخل", "عبر", "نحو", "باتجاه", "وفي"))
_SEAT_WORDS = frozenset(norm(w) for w in ("مقره", "مقرها", "مقرهم", "مقرّه", "مقرّها", "الكائن", "مركزه", "مركزها"))
_SEAT_PAIRS = frozenset((norm(a), norm(b)) for a, b in (
    ("عملها", "من"), ("عمله", "من"), ("أعمالها", "من"), ("المقيمة", "في"), ("المقيم", "في"), ("تتخذ", "من"),
    ("يتخذ", "من"), ("المنفى", "في"),
))
_LOCATED = frozenset(norm(w) for w in ("تقع", "يقع", "الواقعة", "الواقع", "تتاخم", "المتاخمة", "المحاذية",
                                       "تحاذي", "يحاذي", "المجاورة"))
_NEAR = frozenset(norm(w) for w in ("قرب", "بالقرب", "من", "على", "مقربة", "ل", "حدود"))
_WORD = re.compile(r"[^\W\d_]+|\d+|[^\w\s]", re.UNICODE)
_DASHES = "-–—:/"
DATELINE_REACH = 80  # a dateline stands within this many characters of the start of the text,
DATELINE_WORDS = 5  # after at most this many words and marks (an agency's or a writer's name) and next to a dash


def _tokens_before(text: str, pos: int, reach: int = 60) -> list[str]:
    """Normalised words, numbers and punctuation marks before `pos`, nearest last."""
    return [norm(t) or t for t in _WORD.findall(text[max(0, pos - reach):pos])]


def place_role(text: str, start: int, end: int, *, wide: bool = False) -> str:
    """The role of the place name at text[start:end] (original offsets): NAMED, REFERENCE, DATELINE or SEAT.
    For a `wide` place (a country, province or region) a direction names a part of it ("شرق تركيا"), not a point
    outside it."""
    before = _tokens_before(text, start)
    seat_at = -2 if before[-1:] == ["في"] else -1
    if len(before) >= -seat_at and before[seat_at].removeprefix("و") in _SEAT_WORDS:
        return SEAT
    if len(before) >= 2 and (before[-2], before[-1]) in _SEAT_PAIRS:
        return SEAT  # "الحكومة التي تزاول عملها من الرياض", "المقيمة في الرياض"
    if _is_dateline(text, start, end):
        return DATELINE
    if _is_reference(before, wide):
        return REFERENCE
    return NAMED


def enumerated(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the spans (sorted, original offsets) that stand in a run of ENUMERATION_MIN or more place names
    joined only by و or commas ("حماه وحلب وحمص"): a summary over many places, not the scene of one story."""
    out: set[int] = set()
    run = [0] if spans else []
    for i in range(1, len(spans) + 1):
        if i < len(spans) and _LIST_GLUE.match(text[spans[i - 1][1]:spans[i][0]]):
            run.append(i)
            continue
        if len(run) >= ENUMERATION_MIN:
            out.update(run)
        run = [i]
    return out


def _is_reference(before: list[str], wide: bool) -> bool:
    i = len(before) - 1
    while i >= 0 and before[i] in _BETWEEN:
        i -= 1
    if i < 0:
        return False
    # "جنوب غرب" reads as two words: take the pair
    if i >= 1 and before[i] in DIRECTIONS and before[i - 1] in DIRECTIONS:
        i -= 1
    if before[i] in DIRECTIONS:
        prev = before[i - 1] if i >= 1 else ""
        if wide or prev in _PREPOSITIONS or (prev[:1] in "بو" and prev[1:] in _PREPOSITIONS):
            return False
        return True
    # "وتقع بالقرب من X", "المتاخمة لـ X"
    window = [w.removeprefix("و") if len(w) > 3 else w for w in before[max(0, i - 3):i + 1]]
    return any(w in _LOCATED for w in window) and any(w in _NEAR or w.startswith("بالقرب") for w in window)


def _is_dateline(text: str, start: int, end: int) -> bool:
    if start > DATELINE_REACH:
        return False
    left = text[:start].rstrip(" \u00a0\t")
    right = text[end:].lstrip(" \u00a0\t")
    dash_left = bool(left) and left[-1] in _DASHES and "\n" not in text[len(left):start]
    # a tatweel standing alone is a dash too ("بغداد ـ «الحياة»"); joined to a word it is only a stretch
    dash_right = bool(right) and (right[0] in _DASHES or (right[0] == "\u0640" and len(right) < len(text) - end))
    words = [norm(w) for w in _WORD.findall(text[:start])]
    # the agency's or writer's name and nothing more: no preposition that makes it a place of the story
    opening = len(words) <= DATELINE_WORDS and not any(w in _PREPOSITIONS for w in words)
    return opening and (dash_left or dash_right)
