"""Casualty counts: cues, numbers near them, whose casualties, breakdowns and updated tolls."""

from __future__ import annotations

import pytest

from rasd.text.casualties import find_casualties
from rasd.text.normalise import normalise

CASES: list[tuple[str, list[tuple[str, int, int | None, str | None]]]] = [
    ("أسفر القصف عن مقتل 5 مدنيين في المدينة", [("killed", 5, 5, "مدنيين")]),
    ("سقط 5 قتلى في الهجوم", [("killed", 5, 5, None)]),
    ("قتل خمسة جنود أمس في كمين", [("killed", 5, 5, "جنود")]),
    ("أدى التفجير إلى سقوط عشرات القتلى", [("killed", 20, None, None)]),
    ("مقتل وإصابة 12 شخصا", [("killed", 1, 11, "شخصا"), ("injured", 1, 11, "شخصا")]),
    ("استشهاد عدد من مقاتلي قسد", [("killed", 2, None, "مقاتلي قسد")]),
    ("مقتل جندي في كمين", [("killed", 1, 1, "جندي")]),
    ("مقتل جنديين", [("killed", 2, 2, "جنديين")]),
    ("مقتل شخص وإصابة آخرين", [("killed", 1, 1, "شخص"), ("injured", 2, None, "آخرين")]),
    ("ارتفع عدد القتلى إلى 102 شخص", [("killed", 102, 102, None)]),
    ("مقتل زعيم التنظيم", [("killed", 1, 1, "زعيم التنظيم")]),
    ("وقالت إن 173 مدنيا قتلوا وأصيب العشرات", [("killed", 173, 173, "مدنيا"), ("injured", 20, None, None)]),
    ("إن 12 شخصاً على الأقل قتلوا في القصف", [("killed", 12, None, "شخصاً")]),
    ("أسرت الفصائل أمس 45 عنصرا", [("captured", 45, 45, "عنصرا")]),
    ("مقتل ثمانية مدنيين وإصابة سبعة آخرين", [("killed", 8, 8, "مدنيين"), ("injured", 7, 7, "آخرين")]),
    ("احتجاز مدنيين وبعض الحراس", [("captured", 2, None, "مدنيين")]),
    ("لقي ما لا يقل عن 115 مسلحا حتفهم", [("killed", 115, None, "مسلحا")]),
    ("تمكنت القوات من قتل 15 من عناصر داعش", [("killed", 15, 15, "عناصر داعش")]),
    ("مقتل ضابط ومجند وإصابة 3 آخرين", [("killed", 2, 2, "ضابط ومجند"), ("injured", 3, 3, "آخرين")]),
    ("سقوط قتيلين وثلاثة جرحى", [("killed", 2, 2, None), ("injured", 3, 3, None)]),
    ("اعتقال 30 شخصا في حملة مداهمات", [("captured", 30, 30, "شخصا")]),
    ("أصيب أربعة أطفال بجروح", [("injured", 4, 4, "أطفال")]),
    ("استشهد 3 فلسطينيين برصاص الاحتلال", [("killed", 3, 3, "فلسطينيين")]),
    ("اختطاف نحو 50 عاملا", [("captured", 50, 50, "عاملا")]),
    ("القرار 2254 يدعو إلى وقف القتال", []),
    ("قتل مسلح في 20/1/2022", [("killed", 1, 1, "مسلح")]),
    ("مقتل زعيم", [("killed", 1, 1, "زعيم")]),
    ("نقل الجرحى إلى المستشفى", []),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_cases(text: str, want: list[tuple[str, int, int | None, str | None]]) -> None:
    got = [(c.kind, c.min, c.max, c.whose) for c in find_casualties(normalise(text)) if c.total]
    assert got == want


def test_breakdown_parts() -> None:
    text = "خلف الهجوم 41 قتيلا منهم 20 من قوى الأمن و16 من عناصر داعش و5 مدنيين"
    got = [(c.kind, c.min, c.whose, c.total) for c in find_casualties(normalise(text))]
    assert got == [("killed", 41, None, True), ("killed", 20, "قوى الأمن", False),
                   ("killed", 16, "عناصر داعش", False), ("killed", 5, "مدنيين", False)]


def test_spans_are_original_offsets() -> None:
    text = "أسفرت الغارة عن مَقْتَلِ ٥ مدنيين"
    (c,) = find_casualties(normalise(text))
    assert c.cue is not None and c.cue.text == "مَقْتَلِ"
    assert text[c.span.start:c.span.end] == c.span.text == "مَقْتَلِ ٥ مدنيين"
