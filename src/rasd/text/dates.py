"""Arabic date expressions (absolute, Hijri, relative to the publication date) to date intervals with precision.

Rules for relative words, `published` being the publication date P:
- اليوم، الليلة، فجر/صباح/مساء اليوم -> P; أمس، البارحة، الليلة الماضية، ليل أمس -> P-1; أول أمس / أمس الأول -> P-2;
  when one of them is told with a weekday that falls 1 to WEEKDAY_SLACK days before that day ("اليوم الأحد" on a
  page dated Wednesday), the text was written before its page's date, and P is the day it was written
  (_written_on) for every relative expression of the text.
- يوم الخميس / الخميس -> the latest Thursday on or before P; الخميس الماضي -> the latest Thursday strictly before P;
  الخميس المقبل -> the first Thursday strictly after P.
- منذ/قبل N أيام -> P-N (day); منذ/قبل أسبوع -> week precision, P-10..P-4; N أسابيع likewise; منذ شهر -> month.
- الأسبوع الماضي -> the Saturday-to-Friday week before the one holding P (week precision); الأسبوع الجاري -> that one.
- الشهر الماضي/الجاري، العام الماضي/الجاري، منتصف العام -> month or year precision intervals.
- a day and month with no year (الخميس 20 جانفي) -> the year that puts the date closest on or before P+30 days,
  preferring a year where a named weekday matches.
- a month with no year (في يناير) -> its latest occurrence on or before P's month (المقبل: the next one).
Adjacent pieces (time of day, يوم, weekday, date, الموافق) make one When covering them all, dated by the most
precise piece. With no publication date relative expressions are kept with relative=True, resolved=False.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from rasd.model import Span, When
from rasd.text.months import (
    GREGORIAN,
    HIJRI,
    ORDINAL_DAYS,
    TIMES_OF_DAY,
    WEEKDAYS,
    alternation,
)
from rasd.text.normalise import Normalised
from rasd.text.numbers import parse_number

_B = r"(?<![^\W\d_])"  # start of a word (no letter before)
_E = r"(?![^\W\d_])"  # end of a word
_CL = r"(?:[وفبل](?=[^\W\d_]))?"  # an optional proclitic before a word
_GM = alternation(GREGORIAN)
_HM = alternation(HIJRI)
_WD = alternation(WEEKDAYS)
_ORD = alternation(ORDINAL_DAYS)
_TOD = alternation(TIMES_OF_DAY)
_YEAR_CUE = r"(?:(?:من\s+)?(?:عام|سنه|العام|لعام|لسنه)\s+)?"
_NEXT = r"(?:المقبله|القادمه|المقبل|القادم)"
_LAST = r"(?:الماضيه|المنصرمه|الفائته|السابقه|الماضي|المنصرم|الفائت|السابق)"
_BD = r"(?<!\d)(?:(?<![^\W\d_])|(?<=\sو)|(?<=^و))"  # before a day number: no digit or letter, except و
_CUR = r"(?:الجاري|الحالي)"
_NUMW = r"(?:\d{1,3}|[^\W\d_]+(?:\s+و?[^\W\d_]+)?)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("numeric", re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})(?![\d/])")),
    ("numeric_ymd", re.compile(r"(?<![\d/.-])(?P<y>\d{4})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d/.])")),
    ("daymonth", re.compile(
        _BD + rf"(?:(?P<d>\d{{1,2}})|(?P<od>{_ORD}))\s+(?:من\s+)?(?:شهر\s+)?(?P<gm>{_GM})"
        rf"(?:\s*[/(-]\s*(?:{_GM})\s*\)?)?{_E}"
        rf"(?:\s*,?\s*{_YEAR_CUE}(?P<y>\d{{4}})(?!\d)(?:\s*م{_E})?)?")),
    ("hijri", re.compile(
        _BD + rf"(?:(?P<d>\d{{1,2}})|(?P<od>{_ORD}))?\s*(?:من\s+)?(?:شهر\s+)?(?P<hm>{_HM}){_E}"
        rf"\s*,?\s*{_YEAR_CUE}(?P<y>1[345]\d\d)(?!\d)(?:\s*(?:ه{_E}|هجريه|هجري|للهجره))?")),
    ("monthyear", re.compile(
        _B + rf"(?:شهر\s+)?(?P<gm>{_GM})(?:\s*[/(-]\s*(?:{_GM})\s*\)?)?{_E}\s*,?\s*{_YEAR_CUE}(?P<y>\d{{4}})(?!\d)")),
    ("month", re.compile(
        _B + rf"(?:(?P<cue>شهر|في|خلال|منذ|مطلع|اوائل|بدايه|منتصف|اواسط|اواخر|نهايه)\s+)(?:شهر\s+)?"
        rf"(?P<gm>{_GM})(?:\s*[/(-]\s*(?:{_GM})\s*\)?)?{_E}(?:\s+(?P<mod>{_LAST}|{_NEXT}|{_CUR}))?")),
    ("year", re.compile(
        _B + r"(?:(?:عام|سنه|العام|لعام|خلال|في|منذ|مطلع|اواخر|منتصف|بدايه|نهايه|اوائل)\s+)(?P<y>(?:19|20)\d\d)(?!\d)"
        rf"(?:\s*م{_E})?")),
    ("hijri_year", re.compile(r"(?<!\d)(?P<y>1[345]\d\d)\s*(?:ه{_E}|هجريه|هجري|للهجره)".replace("{_E}", _E))),
    ("weekday", re.compile(_B + _CL + rf"(?:يوم\s+)?(?P<wd>{_WD}){_E}(?:\s+(?P<mod>{_LAST}|{_NEXT}))?")),
    ("relday", re.compile(
        _B + _CL + r"(?P<rd>اول\s+(?:من\s+)?امس|امس\s+الاول|امس|البارحه|الليله\s+الماضيه|بعد\s+غد|غدا|اليوم"
        r"(?!\s+(?:التالي|نفسه|ذاته|الاول|الثاني|الثالث|الرابع|الخامس|الاخير|العالمي|الوطني|الدولي))|الليله)"
        + _E)),
    ("ago", re.compile(
        _B + rf"(?:منذ|قبل)\s+(?P<n>{_NUMW}\s+)?(?P<u>يومين|ايام|يوم|اسبوعين|اسابيع|اسبوع|شهرين|اشهر|شهور|شهر"
        r"|عامين|سنتين|اعوام|سنوات|عام|سنه)" + _E + r"(?!\s*\d)")),
    ("period", re.compile(
        _B + _CL + r"(?:(?P<part>مطلع|اوائل|بدايه|منتصف|اواسط|اواخر|نهايه)\s+)?(?:(?P<p>الاسبوع|الشهر|العام|السنه)"
        rf"\s+(?P<mod>{_LAST}|{_NEXT}|{_CUR})|(?:هذا|هذه)\s+(?P<p2>الاسبوع|الشهر|العام|السنه))" + _E)),
    ("period_part", re.compile(
        _B + r"(?P<part>مطلع|اوائل|بدايه|منتصف|اواسط|اواخر|نهايه)\s+(?P<p>الشهر|العام|السنه)" + _E)),
    ("daycur", re.compile(
        _BD + rf"(?P<d>\d{{1,2}})\s+(?:من\s+)?(?:الشهر\s+)?(?P<mod>{_CUR}|الماضي|المنصرم){_E}")),
    ("tod", re.compile(_B + _CL + rf"(?P<tod>{_TOD}){_E}")),
]
_GAP = re.compile(r"[\s,()\-]*(?:(?:يوم|الموافق)[\s,()\-]*)?")
_PRIORITY = {"numeric": 0, "numeric_ymd": 0, "daymonth": 0, "hijri": 0, "daycur": 1, "relday": 2, "weekday": 3,
             "ago": 4, "monthyear": 5, "period": 6, "period_part": 6, "month": 7, "hijri_year": 8, "year": 8,
             "tod": 99}


@dataclass(slots=True)
class _Atom:
    kind: str
    start: int
    end: int
    m: re.Match[str]


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _day(y: int, m: int, d: int) -> dt.date | None:
    if not (1900 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _hijri(y: int, m: int, d: int) -> dt.date | None:
    try:
        from hijridate import Hijri

        g = Hijri(y, m, d).to_gregorian()
        return dt.date(g.year, g.month, g.day)
    except (ValueError, OverflowError, ImportError):
        return None


def _hijri_month_end(y: int, m: int) -> dt.date | None:
    for d in (30, 29):
        r = _hijri(y, m, d)
        if r:
            return r
    return None


def _guess_year(m: int, d: int, pub: dt.date, weekday: int | None) -> dt.date | None:
    cands = [c for c in (_day(y, m, d) for y in (pub.year, pub.year - 1, pub.year + 1)) if c]
    if weekday is not None:
        matching = [c for c in cands if c.weekday() == weekday and c <= pub + dt.timedelta(days=30)]
        if matching:
            return min(matching, key=lambda c: abs((pub - c).days))
    ok = [c for c in cands if c <= pub + dt.timedelta(days=30)]
    return max(ok) if ok else None


_Res = tuple[dt.date, dt.date, str] | None  # start, end, precision


# A bare plural unit after منذ/قبل, with no number: how far back it may reach, and its precision.
_VAGUE_SPANS: dict[str, tuple[int, str]] = {"ايام": (10, "week"), "اسابيع": (35, "month"), "اشهر": (200, "year"),
                                             "شهور": (200, "year")}


# Days a text may have been written before the date its page carries (a wire story dated by the next day's edition or
# by its crawl): "اليوم/أمس" with a weekday that falls up to this many days earlier is dated by the weekday.
WEEKDAY_SLACK = 3


_RELDAY_OFFSETS = {"امس": -1, "البارحه": -1, "الليله الماضيه": -1, "اول امس": -2, "اول من امس": -2, "امس الاول": -2,
                   "غدا": 1, "بعد غد": 2}


def _relday_offset(rd: str) -> int:
    """Days from the publication date a relative day word names (أمس: -1; اليوم and the like: 0)."""
    return _RELDAY_OFFSETS.get(re.sub(r"\s+", " ", rd), 0)


def _written_on(groups: list[list[_Atom]], pub: dt.date | None) -> dt.date | None:
    """The day the text was written: its page's date, unless a relative day told with a weekday ("اليوم الأحد",
    "أمس الخميس") falls 1 to WEEKDAY_SLACK days before it, which dates the whole text that much earlier."""
    if pub is None:
        return None
    for grp in groups:
        rel = next((a for a in grp if a.kind == "relday"), None)
        wd = next((WEEKDAYS[a.m.group("wd")] for a in grp if a.kind == "weekday"), None)
        if rel is None or wd is None or (off := _relday_offset(rel.m.group("rd"))) > 0:
            continue
        back = ((pub + dt.timedelta(days=off)).weekday() - wd) % 7
        if 1 <= back <= WEEKDAY_SLACK:
            return pub - dt.timedelta(days=back)
    return pub


def _resolve(a: _Atom, pub: dt.date | None, weekday: int | None) -> tuple[_Res, bool]:
    """The interval an atom names and whether it is relative to the publication date."""
    g = a.m.groupdict()
    k = a.kind
    if k in ("numeric", "numeric_ymd"):
        d = _day(int(g["y"]), int(g["m"]), int(g["d"]))
        return ((d, d, "day") if d else None), False
    if k == "daymonth":
        day = int(g["d"]) if g["d"] else ORDINAL_DAYS[re.sub(r"\s+", " ", g["od"])]
        mon = GREGORIAN[re.sub(r"\s+", " ", g["gm"])]
        if g["y"]:
            d = _day(int(g["y"]), mon, day)
            return ((d, d, "day") if d else None), False
        if pub is None:
            return None, True
        d = _guess_year(mon, day, pub, weekday)
        return ((d, d, "day") if d else None), True
    if k == "hijri":
        mon = HIJRI[re.sub(r"\s+", " ", g["hm"])]
        y = int(g["y"])
        if g["d"] or g["od"]:
            day = int(g["d"]) if g["d"] else ORDINAL_DAYS[re.sub(r"\s+", " ", g["od"])]
            d = _hijri(y, mon, day) if 1 <= day <= 30 else None
            return ((d, d, "day") if d else None), False
        s, e = _hijri(y, mon, 1), _hijri_month_end(y, mon)
        return ((s, e, "month") if s and e else None), False
    if k == "hijri_year":
        y = int(g["y"])
        s, e = _hijri(y, 1, 1), _hijri_month_end(y, 12)
        return ((s, e, "year") if s and e else None), False
    if k == "monthyear":
        y, mon = int(g["y"]), GREGORIAN[re.sub(r"\s+", " ", g["gm"])]
        if not 1900 <= y <= 2100:
            return None, False
        return (dt.date(y, mon, 1), _month_end(y, mon), "month"), False
    if k == "year":
        y = int(g["y"])
        return (dt.date(y, 1, 1), dt.date(y, 12, 31), "year"), False
    if pub is None:
        return None, True
    if k == "month":
        mon = GREGORIAN[re.sub(r"\s+", " ", g["gm"])]
        mod = g["mod"] or ""
        y = pub.year
        if re.fullmatch(_NEXT, mod):
            y = y if mon > pub.month else y + 1
        elif mod and mod not in ("الجاري", "الحالي"):
            y = y if mon < pub.month else y - 1
        elif not mod:
            y = y if mon <= pub.month else y - 1
        return (dt.date(y, mon, 1), _month_end(y, mon), "month"), True
    if k == "daycur":
        y, mon = pub.year, pub.month
        if g["mod"] in ("الماضي", "المنصرم"):
            y, mon = (y, mon - 1) if mon > 1 else (y - 1, 12)
        d = _day(y, mon, int(g["d"]))
        return ((d, d, "day") if d else None), True
    if k == "relday":
        off = _relday_offset(g["rd"])
        d = pub + dt.timedelta(days=off)
        return (d, d, "day"), True
    if k == "weekday":
        wd = WEEKDAYS[g["wd"]]
        mod = g["mod"] or ""
        if re.fullmatch(_NEXT, mod):
            d = pub + dt.timedelta(days=(wd - pub.weekday() - 1) % 7 + 1)
        elif mod:
            d = pub - dt.timedelta(days=(pub.weekday() - wd - 1) % 7 + 1)
        else:
            d = pub - dt.timedelta(days=(pub.weekday() - wd) % 7)
        return (d, d, "day"), True
    if k == "ago":
        u = g["u"]
        n = 1
        if not g["n"] and u in _VAGUE_SPANS:
            # "منذ أسابيع": some weeks ago or for weeks until now; the honest interval runs up to publication
            days, prec = _VAGUE_SPANS[u]
            return (pub - dt.timedelta(days=days), pub, prec), True
        if g["n"]:
            r = parse_number(g["n"])
            if r is None or r[1] is None:
                return None, True
            n = r[0]
        if u in ("يومين", "اسبوعين", "شهرين", "عامين", "سنتين"):
            n = 2
        if u.startswith("ي") or u == "ايام":
            d = pub - dt.timedelta(days=n)
            return (d, d, "day"), True
        if u.startswith("اسب") or u == "اسابيع":
            c = pub - dt.timedelta(days=7 * n)
            return (c - dt.timedelta(days=3), c + dt.timedelta(days=3), "week"), True
        if u.startswith("ش") or u == "اشهر":
            y, mon = pub.year, pub.month - n
            while mon < 1:
                y, mon = y - 1, mon + 12
            return (dt.date(y, mon, 1), _month_end(y, mon), "month"), True
        y = pub.year - n
        return (dt.date(y, 1, 1), dt.date(y, 12, 31), "year"), True
    if k in ("period", "period_part"):
        p = g.get("p") or g.get("p2")
        mod = g.get("mod") or ""
        step = -1 if re.fullmatch(_LAST, mod) else (1 if re.fullmatch(_NEXT, mod) else 0)
        if p == "الاسبوع":
            sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7) + dt.timedelta(days=7 * step)
            return (sat, sat + dt.timedelta(days=6), "week"), True
        if p == "الشهر":
            y, mon = pub.year, pub.month + step
            if mon < 1:
                y, mon = y - 1, 12
            elif mon > 12:
                y, mon = y + 1, 1
            s, e = dt.date(y, mon, 1), _month_end(y, mon)
            part = g.get("part")
            if part in ("مطلع", "اوائل", "بدايه"):
                e = dt.date(y, mon, 10)
            elif part in ("منتصف", "اواسط"):
                s, e = dt.date(y, mon, 11), dt.date(y, mon, 20)
            elif part in ("اواخر", "نهايه"):
                s = dt.date(y, mon, 21)
            return (s, e, "month"), True
        y = pub.year + step
        return (dt.date(y, 1, 1), dt.date(y, 12, 31), "year"), True
    return None, True


_WORD = re.compile(r"[^\W\d_]+")


def _with_clitics(words: object) -> frozenset[str]:
    """The words, each also with a one-letter proclitic (و ف ب ل) before it."""
    ws = set(words)  # type: ignore[call-overload]
    return frozenset(ws | {c + w for w in ws for c in "وفبل"})


def _first_words(names: object) -> set[str]:
    return {n.split()[0] for n in names}  # type: ignore[attr-defined]


# Cheap necessary conditions for each pattern: a pattern runs only when its text holds one of these whole words
# (months, weekdays, ... always stand as whole words or behind a proclitic in a match) or matches its gate regex.
_GATE_WORDS: dict[str, frozenset[str]] = {
    "daymonth": frozenset(_first_words(GREGORIAN)),
    "monthyear": frozenset(_first_words(GREGORIAN)),
    "month": frozenset(_first_words(GREGORIAN)),
    "weekday": _with_clitics(WEEKDAYS),
    "relday": _with_clitics({"امس", "البارحه", "الليله", "غد", "غدا", "اليوم"}),
    "ago": frozenset({"منذ", "قبل"}),
    "period": _with_clitics({"الاسبوع", "الشهر", "العام", "السنه"}),
    "period_part": frozenset({"الشهر", "العام", "السنه"}),
    "daycur": frozenset({"الجاري", "الحالي", "الماضي", "المنصرم"}),
    "tod": _with_clitics(_first_words(TIMES_OF_DAY)),
}
_GATE_RX: dict[str, re.Pattern[str]] = {
    "numeric": re.compile(r"[/.-]\d{1,2}[/.-]"),
    "numeric_ymd": re.compile(r"[/.-]\d{1,2}[/.-]"),
    "hijri": re.compile(r"1[345]\d\d"),
    "hijri_year": re.compile(r"1[345]\d\d"),
    "year": re.compile(r"(?:19|20)\d\d"),
}


def _atoms(text: str) -> list[_Atom]:
    """The date atoms of normalised text, non-overlapping, sorted by start (cached for the last text)."""
    global _LAST_ATOMS
    if _LAST_ATOMS is not None and _LAST_ATOMS[0] is text:
        return list(_LAST_ATOMS[1])
    out = _find_atoms(text)
    _LAST_ATOMS = (text, tuple(out))
    return out


_LAST_ATOMS: tuple[str, tuple[_Atom, ...]] | None = None


def _find_atoms(text: str) -> list[_Atom]:
    found: list[_Atom] = []
    words = set(_WORD.findall(text))
    for kind, rx in _PATTERNS:
        gw = _GATE_WORDS.get(kind)
        if gw is not None and words.isdisjoint(gw):
            continue
        grx = _GATE_RX.get(kind)
        if grx is not None and grx.search(text) is None:
            continue
        for m in rx.finditer(text):
            s = m.start()
            if kind in ("weekday", "relday", "period", "tod") and m.group()[:1] in "وفبل":
                body = m.group()
                if not re.match(_B + r"(?:" + _TOD + "|" + _WD + r"|اليوم|امس|الاسبوع|الشهر|العام|السنه|البارحه"
                                r"|الليله|اول|هذا|هذه|غدا|بعد|يوم|مطلع|اوائل|بدايه|منتصف|اواسط|اواخر|نهايه)", body):
                    s += 1
            found.append(_Atom(kind, s, m.end(), m))
    found.sort(key=lambda a: (_PRIORITY[a.kind], -(a.end - a.start), a.start))
    out: list[_Atom] = []
    for a in found:
        if all(a.end <= b.start or b.end <= a.start for b in out):
            out.append(a)
    out.sort(key=lambda a: a.start)
    return out


def original_span(nt: Normalised, start: int, end: int) -> Span:
    """The Span of the original text for normalised [start, end), taking in diacritics right after its end."""
    s, e = nt.to_original(start, end)
    orig = nt.original
    while e < len(orig) and (unicodedata.category(orig[e]) == "Mn" or orig[e] == "\u0640"):
        e += 1
    return Span(start=s, end=e, text=orig[s:e])


def find_dates(nt: Normalised, published: dt.date | None) -> list[When]:
    """Every date expression in the text, as When records with spans into the original text."""
    text = nt.text
    atoms = _atoms(text)
    groups: list[list[_Atom]] = []
    for a in atoms:
        if groups and _GAP.fullmatch(text, groups[-1][-1].end, a.start) and a.start - groups[-1][-1].end <= 12:
            kinds = {x.kind for x in groups[-1]}
            if (a.kind == "tod" or not (kinds - {"tod"}) or (kinds - {"tod"} == {"weekday"} and _PRIORITY[a.kind] <= 2)
                    or (a.kind == "weekday" and kinds - {"tod"} <= {"relday", "daycur", "numeric", "daymonth"})):
                groups[-1].append(a)
                continue
        groups.append([a])
    out: list[When] = []
    published = _written_on(groups, published)
    for grp in groups:
        core = [a for a in grp if a.kind != "tod"]
        if not core:
            continue
        tod = next((TIMES_OF_DAY[re.sub(r"\s+", " ", a.m.group("tod"))] for a in grp if a.kind == "tod"), None)
        if tod is None:
            rd = next((a.m.group("rd") for a in core if a.kind == "relday"), "")
            tod = "ليلة" if rd.startswith("الليله") else None
        weekday = next((WEEKDAYS[a.m.group("wd")] for a in core if a.kind == "weekday"), None)
        best = min(core, key=lambda a: _PRIORITY[a.kind])
        try:
            res, relative = _resolve(best, published, weekday)
        except (ValueError, OverflowError):  # "منذ 3000 عام": before year 1, not a date we can give
            continue
        if res is None and not (relative and published is None):
            continue
        while grp and grp[-1].kind == "tod":
            grp = grp[:-1]
        span = original_span(nt, grp[0].start, grp[-1].end)
        if res is None:
            body = best.m.group()
            prec = "week" if "اسبوع" in body or "اسابيع" in body else (
                "year" if re.search("عام|سنه|اعوام|سنوات|سنتين", body) else (
                    "month" if best.kind in ("month", "period", "period_part") or "شهر" in body or "اشهر" in body
                    else "day"))
            out.append(When(span=span, relative=True, resolved=False, time_of_day=tod, precision=prec))  # type: ignore[arg-type]
        else:
            out.append(When(span=span, start=res[0], end=res[1], precision=res[2], relative=relative,  # type: ignore[arg-type]
                            time_of_day=tod))
    return _anchored(nt, out)


# "قبل ذلك بيوم", "بعدها بيومين", "في اليوم التالي": a day counted from the date told just before, not from the
# publication date.
_ANCHORED = re.compile(
    r"(?<!\w)(?:(?P<dir>قبل|بعد)(?: ذلك|ها|ه)? ب(?P<n>يوم|يومين|(?P<num>\d+|" + "|".join(
        ("ثلاثه", "اربعه", "خمسه", "سته", "سبعه", "ثمانيه", "تسعه", "عشره")) + r") (?:ايام|يوما))"
    r"|[وف]?(?P<next>في اليوم (?P<adj>التالي|السابق)))(?!\w)")


def _anchored(nt: Normalised, found: list[When]) -> list[When]:
    out = list(found)
    for m in _ANCHORED.finditer(nt.text):
        span = original_span(nt, m.start("next") if m.group("next") else m.start(), m.end())
        anchor = next((w for w in reversed(out) if w.span.end <= span.start and w.start is not None
                       and w.precision == "day"), None)
        if anchor is None or anchor.start is None:
            continue
        if m.group("adj"):
            days = 1 if m.group("adj") == "التالي" else -1
        else:
            n = m.group("n")
            parsed = parse_number(m.group("num")) if m.group("num") else None
            count = 1 if n == "يوم" else 2 if n == "يومين" else parsed[0] if parsed else 0
            days = count if m.group("dir") == "بعد" else -count
        day = anchor.start + dt.timedelta(days=days)
        out.append(When(span=span, start=day, end=day, precision="day", relative=True))
    out.sort(key=lambda w: w.span.start)
    return out
