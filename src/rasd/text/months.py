"""Normalised Arabic names of Gregorian and Hijri months, weekdays, ordinal days and times of day."""

from __future__ import annotations

# Gregorian month names in their regional series (Levantine/Iraqi, Egyptian/Gulf, Maghrebi, Moroccan), normalised.
GREGORIAN: dict[str, int] = {}
for _m, _names in {
    1: "كانون الثاني|كانون ثاني|يناير|جانفي",
    2: "شباط|فبراير|فيفري",
    3: "اذار|مارس",
    4: "نيسان|ابريل|افريل",
    5: "ايار|مايو|ماي|مايس",
    6: "حزيران|يونيو|يونيه|جوان",
    7: "تموز|يوليو|يوليه|جويليه|يوليوز",
    8: "اب|اغسطس|اوت|غشت|اغسطوس",
    9: "ايلول|سبتمبر|شتنبر",
    10: "تشرين الاول|تشرين اول|اكتوبر",
    11: "تشرين الثاني|تشرين ثاني|نوفمبر|نونبر",
    12: "كانون الاول|كانون اول|ديسمبر|دجنبر",
}.items():
    for _n in _names.split("|"):
        GREGORIAN[_n] = _m

# Names that are also common words: accepted only next to a day or a year, or after شهر.
AMBIGUOUS_MONTHS = frozenset({"اب", "مارس", "ماي", "ايار", "مايس", "جوان"})

HIJRI: dict[str, int] = {}
for _m, _names in {
    1: "محرم",
    2: "صفر",
    3: "ربيع الاول|ربيع اول",
    4: "ربيع الثاني|ربيع الاخر|ربيع ثاني",
    5: "جمادي الاولي|جمادي الاول|جمادي اول",
    6: "جمادي الثانيه|جمادي الاخره|جمادي الاخر|جمادي الثاني|جمادي ثاني",
    7: "رجب",
    8: "شعبان",
    9: "رمضان",
    10: "شوال",
    11: "ذو القعده|ذي القعده",
    12: "ذو الحجه|ذي الحجه",
}.items():
    for _n in _names.split("|"):
        HIJRI[_n] = _m

WEEKDAYS: dict[str, int] = {  # Python's weekday(): Monday = 0
    "الاثنين": 0, "الاتنين": 0, "الثلاثاء": 1, "الثلاثا": 1, "الاربعاء": 2, "الاربعا": 2, "الخميس": 3,
    "الجمعه": 4, "السبت": 5, "الاحد": 6,
}

TIMES_OF_DAY: dict[str, str] = {
    "فجر": "فجر", "صباح": "صباح", "ظهر": "ظهر", "ظهيره": "ظهر", "عصر": "عصر", "مساء": "مساء", "ليل": "ليلة",
    "ليله": "ليلة", "منتصف ليل": "ليلة", "منتصف ليله": "ليلة", "ضحي": "صباح", "مغرب": "مساء",
}

_ORD_UNITS = ["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
ORDINAL_DAYS: dict[str, int] = {name: i + 1 for i, name in enumerate(_ORD_UNITS)}
ORDINAL_DAYS["العاشر"] = 10
ORDINAL_DAYS["الحادي عشر"] = 11
for _i, _name in enumerate(_ORD_UNITS[1:], start=12):
    ORDINAL_DAYS[_name + " عشر"] = _i
ORDINAL_DAYS["العشرين"] = 20
ORDINAL_DAYS["الحادي والعشرين"] = 21
for _i, _name in enumerate(_ORD_UNITS[1:], start=22):
    ORDINAL_DAYS[_name + " والعشرين"] = _i
ORDINAL_DAYS["الثلاثين"] = 30
ORDINAL_DAYS["الحادي والثلاثين"] = 31


def alternation(names: object) -> str:
    """A regex alternation of names, longest first, spaces matching one or more spaces."""
    items = sorted(set(names), key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(n.replace(" ", r"\s+") for n in items)
