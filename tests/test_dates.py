"""Date resolution: the date-expression table, merged phrases, times of day, no dates from plain numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rasd.text.dates import find_dates
from rasd.text.normalise import normalise

DATA = Path(__file__).parent / "data" / "date_expressions.tsv"


def _rows() -> list[tuple[str, ...]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


@pytest.mark.parametrize(("expr", "pub", "start", "end", "precision"), _rows())
def test_table(expr: str, pub: str, start: str, end: str, precision: str) -> None:
    published = None if pub == "-" else dt.date.fromisoformat(pub)
    got = find_dates(normalise(expr), published)
    if start == "-":
        assert got == []
        return
    assert len(got) == 1, got
    w = got[0]
    if start == "unresolved":
        assert (w.start, w.relative, w.resolved, w.precision) == (None, True, False, precision)
        return
    assert (w.start.isoformat() if w.start else None, w.end.isoformat() if w.end else None, w.precision) == (
        start, end, precision)
    assert w.span.text == expr[w.span.start:w.span.end]


def test_one_when_for_whole_phrase() -> None:
    text = "شن التنظيم مساء يوم الخميس 20/1/2022 هجوما على السجن"
    ws = find_dates(normalise(text), dt.date(2022, 1, 21))
    assert len(ws) == 1
    w = ws[0]
    assert w.span.text == "مساء يوم الخميس 20/1/2022"
    assert w.iso == "2022-01-20" and w.time_of_day == "مساء" and not w.relative


def test_times_of_day_and_relative_flag() -> None:
    pub = dt.date(2015, 8, 10)
    for text, tod in (("فجر اليوم", "فجر"), ("صباح أمس", "صباح"), ("ظهر الأحد", "ظهر"), ("عصر أمس", "عصر"),
                      ("ليلة أمس", "ليلة"), ("الليلة الماضية", "ليلة")):
        (w,) = find_dates(normalise(text), pub)
        assert w.time_of_day == tod and w.relative


def test_offsets_map_to_original_with_diacritics() -> None:
    text = "وَقَعَ الهُجُومُ أَمْسِ فِي ٢٠ كَانُونَ الثَّانِي ٢٠٢٢"
    ws = find_dates(normalise(text), dt.date(2022, 1, 21))
    assert [w.span.text for w in ws] == ["أَمْسِ", "٢٠ كَانُونَ الثَّانِي ٢٠٢٢"]


def test_several_dates_in_a_sentence() -> None:
    ws = find_dates(normalise("بين 3 آذار 2011 و15 نيسان 2012 والخميس"), dt.date(2015, 8, 10))
    assert [w.iso for w in ws] == ["2011-03-03", "2012-04-15", "2015-08-06"]


def test_relative_dates_beyond_the_calendar_are_skipped_not_fatal() -> None:
    import datetime as dt

    from rasd.text.dates import find_dates
    from rasd.text.normalise import normalise

    nt = normalise("تعود هذه الآثار إلى ما قبل ثلاثة آلاف عام، ومنذ تسعة آلاف سنة لم يتغير شيء.")
    assert all(w.start is None or w.start.year >= 1 for w in find_dates(nt, dt.date(2015, 8, 1)))


def test_bare_plural_after_mundhu_runs_up_to_publication() -> None:
    import datetime as dt

    from rasd.text.dates import find_dates
    from rasd.text.normalise import normalise

    pub = dt.date(2015, 7, 23)
    (w,) = find_dates(normalise("تدور معارك في الريف منذ أسابيع"), pub)
    assert w.end == pub and w.start is not None and w.start < pub - dt.timedelta(days=14)
    (w,) = find_dates(normalise("قتل منذ أسبوعين"), pub)
    assert w.end is not None and w.end < pub


@pytest.mark.parametrize(("text", "expected"), [
    ("انفجرت عبوة مساء الخميس، وكانت عبوة أخرى قد انفجرت قبل ذلك بيوم.", "2015-07-29"),
    ("اعتقل الناشط في 3 آذار 2020 وأفرج عنه بعد ذلك بثلاثة أيام.", "2020-03-06"),
    ("وقع الهجوم يوم 5 مايو 2019، وفي اليوم التالي تبنته جماعة مسلحة.", "2019-05-06"),
    ("زار الوزير المدينة في 10 يناير 2018 وغادرها بعدها بيومين.", "2018-01-12"),
])
def test_a_day_counted_from_the_date_told_before(text: str, expected: str) -> None:
    got = find_dates(normalise(text), dt.date(2015, 7, 31))
    assert got[-1].start == dt.date.fromisoformat(expected)
    assert got[-1].span.text in text and not got[-1].span.text.startswith("و")


def test_no_anchor_no_date() -> None:
    assert find_dates(normalise("وكانت عبوة قد انفجرت قبل ذلك بيوم."), dt.date(2015, 7, 31)) == []


def test_a_weekday_told_with_today_dates_the_whole_text() -> None:
    # a page dated Wednesday 22 July 2015 whose text was written on Sunday the 19th
    text = "أعلن الوزير اليوم الأحد اعتقال المتورطين بتفجير أمس الأول الجمعة، وقال في بيان اليوم إن التحقيق مستمر."
    got = [(w.span.text, w.start.isoformat()) for w in find_dates(normalise(text), dt.date(2015, 7, 22)) if w.start]
    assert got == [("اليوم الأحد", "2015-07-19"), ("أمس الأول الجمعة", "2015-07-17"), ("اليوم", "2015-07-19")]
