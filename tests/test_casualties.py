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
    # a long subject between the number and its plural verb, with an aside in commas or brackets
    ("قال إن نحو 300 مسلح تابعين لجماعة متشددة من الشمال قتلوا", [("killed", 300, 300, "مسلح تابعين لجماعة متشددة")]),
    ("إن ستة جنود من الفرقة الثالثة، من بينهم ضابط، قتلوا أمس",
     [("killed", 6, 6, "جنود من الفرقة الثالثة")]),
    ("لقي ما لا يقل عن 40 مسلحا من الجماعة (فرع التنظيم في الجنوب) حتفهم",
     [("killed", 40, None, "مسلحا من الجماعة")]),
    # the number belongs to the next plural verb: ومئات جرحوا
    ("إن 90 شخصا قتلوا وعشرات جرحوا في المعارك", [("killed", 90, 90, "شخصا"), ("injured", 20, None, None)]),
    # missing counts as captured; فقدوا with an object does not
    ("أن أربعة صحفيين أجانب فقدوا في المنطقة", [("captured", 4, 4, "صحفيين أجانب")]),
    ("إن آلاف النازحين فقدوا منازلهم", []),
    # subject and time words between a verb and its object
    ("خطف مسلحون مساء أمس شرطيا من المخفر", [("captured", 1, 1, "شرطيا من المخفر")]),
    ("اعتقلت الشرطة المحلية صباح اليوم شخصين", [("captured", 2, 2, "شخصين")]),
    ("قتل في هذه الغارات تسعة مسلحين", [("killed", 9, 9, "مسلحين")]),
    # a singular person before a singular verb cue
    ("وقال إن جنديا لقي حتفه في الانفجار", [("killed", 1, 1, "جنديا")]),
    ("أحدهما", []),
    ("أسفر الاشتباك عن تصفية أحدهما", [("killed", 1, 1, "أحدهما")]),
    ("مقتل رجلي أمن", [("killed", 2, 2, "رجلي أمن")]),
    # a person's name after a verbal noun cue
    ("أعلن الجيش عن مقتل سعيد الراشدي، قائد الجماعة", [("killed", 1, 1, "سعيد الراشدي")]),
    ("أكد مقتل أبو يوسف في الغارة", [("killed", 1, 1, "أبو يوسف")]),
    ("طالب باعتقال كريم منصور", [("captured", 1, 1, "كريم منصور")]),
    ("مقتل جميع الركاب", []),
    ("تصفية جيوب المسلحين", []),
    ("إعدام جماعي للأسرى", []),
    # negated cues give no count (by default; see test_none_hurt for the 0 of "no one was hurt")
    ("قصفت الطائرات البلدة ولم يبلغ عن قتلى", []),
    ("سقطت قذيفة دون أنباء عن إصابات", []),
    ("ولم ترد أنباء عن إصابات", []),
    ("لم تسجل إصابات بشرية", []),
    ("لم ترد تقارير عن سقوط قتلى أو جرحى", []),
    ("لم يقتل أحد في الهجوم", []),
    ("لقي ما لا يقل عن 7 أشخاص حتفهم", [("killed", 7, None, "أشخاص")]),
    # a past killing verb with its object's pronoun: one, two for the dual; not tried, feared or one of two outcomes
    ("وأعدمه التنظيم رميا بالرصاص في الساحة", [("killed", 1, 1, None)]),
    ("أطلق المسلحون النار على الحارس وأردوه قتيلا", [("killed", 1, 1, None)]),
    ("اعترضه مسلحون وقتلوهما قرب الجسر", [("killed", 2, 2, None)]),
    ("حاول مسلحون قتله أمام منزله", []),
    ("هدد التنظيم بقتله", []),
    ("عرضت مكافأة للقبض عليه أو قتله", []),
    ("تركوا خلفهم جثث قتلاهم", []),
    ("أرداه خارج الملعب", []),
    # a dual subject before a passive dual verb: two
    ("قال الجيش إن جنديين قتلا وأصيب ثلاثة في الكمين", [("killed", 2, 2, "جنديين"), ("injured", 3, 3, None)]),
    ("أكد أن ضابطين اثنين أصيبا أمس", [("injured", 2, 2, "ضابطين اثنين")]),
    # killed and wounded told together with a vague amount: each kind "عدد من" (2 or more), the eval convention
    ("أسفر القصف عن مقتل وجرح العشرات", [("killed", 2, None, None), ("injured", 2, None, None)]),
    # the definite victims, and the accusative عددا after إن
    ("أسفر القصف عن سقوط عدد من الضحايا بين المدنيين", [("killed", 2, None, None)]),
    ("وقال المصدر إن عددا من عناصر الحرس قتلوا أمس", [("killed", 2, None, "عناصر الحرس")]),
    # not victims counted: their relatives, an aim
    ("اقتحم عدد من ذوي ضحايا التفجير مقر المجلس", []),
    ("أرادوا إيقاع أكبر عدد من الضحايا بين المصلين", []),
    # a bare plural subject of إن/أن that "fell"
    ("وأكد البيان أن قتلى من المسلحين سقطوا إثر استهداف دوريتهم", [("killed", 2, None, None)]),
    # a passive verb after a singular subject with no case ending (a title before a name)
    ("أعلن المتحدث أن رئيس المخابرات السابق فلان الفلاني قتل في منطقة المطار", [("killed", 1, 1, "رئيس")]),
    ("قالت الشرطة إن قائد الكتيبة قتل المهاجم", [("killed", 1, 1, "المهاجم")]),
    # a long subject with من, closed by a comma; not when the number is only the last of several groups
    ("وكان 15 من المسلحين الحوثيين ومقاتلي صالح، قتلوا خلال معارك الليلة", [("killed", 15, 15, "المسلحين الحوثيين")]),
    ("إن 28 عنصرا من الجيش و18 مقاتلا من التنظيم، قتلوا في المعارك", []),
    ("وقتلت القوات قناصاً في الحي القديم", [("killed", 1, 1, "قناصاً")]),
    # dead and wounded told as one number: each at least one, the rest the other's (as "مقتل وإصابة 12")
    ("أسفر القصف عن سقوط 15 شخصا بين قتيل وجريح", [("killed", 1, 14, "شخصا"), ("injured", 1, 14, "شخصا")]),
    ("خلّف الانفجار عشرات الضحايا بين قتلى وجرحى", [("killed", 2, None, None), ("injured", 2, None, None)]),
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


def test_dual_subject_of_an_active_verb_is_not_two_dead() -> None:
    """أن مسلحين قتلا حارسا: the two gunmen killed the guard, so no count of two killed."""
    got = [(c.kind, c.min) for c in find_casualties(normalise("قال إن مسلحين قتلا حارسا"))]
    assert ("killed", 2) not in got


def test_two_sides_in_the_ranks_of_each() -> None:
    """"في صفوف" names a side, not a place: the two sides' tolls are one total of both."""
    text = "أفاد المرصد بمصرع 17 شخصا في صفوف المسلحين الموالين مقابل 19 قتيلا في صفوف الفصائل"
    got = [(c.kind, c.min, c.total) for c in find_casualties(normalise(text))]
    assert ("killed", 36, True) in got and ("killed", 17, False) in got and ("killed", 19, False) in got


@pytest.mark.parametrize(("text", "want"), [
    # a toll over several happenings: separate or serial attacks, a span of time
    ("لقي 28 مسلحا مصرعهم في حوادث أمنية متفرقة غربي البلاد. وقال مصدر إن 8 أشخاص قتلوا في هجوم على الحاجز",
     [(28, True), (8, False)]),
    ("قتل 30 شخصا على الأقل في سلسلة تفجيرات ضربت أحياء العاصمة", [(30, True)]),
    ("شهدت البلاد أمس 4 هجمات أسفرت عن مقتل 5 من رجال الأمن", [(5, True)]),
    ("ليرتفع عدد قتلى قوات الأمن منذ 20 يوليو إلى 21 قتيلا", [(21, True)]),
    ("قتل 12 شخصا في غارات على مناطق مختلفة خلال الساعات الـ24 الماضية", [(12, True)]),
    # one incident's toll
    ("قتل خمسة جنود في هجوم على حاجز شمال المدينة", [(5, False)]),
    ("قتل ثلاثة مدنيين في تفجيرين انتحاريين استهدفا السوق", [(3, False)]),
])
def test_aggregate_tolls(text: str, want: list[tuple[int, bool]]) -> None:
    assert [(c.min, c.aggregate) for c in find_casualties(normalise(text)) if c.total and c.kind == "killed"] == want


@pytest.mark.parametrize(("text", "want"), [
    # "others" are counted with the person or name told before them, across an aside
    ("قتل سعيد منصور وجنديان آخران قرب الحاجز", [("killed", 3, 3)]),
    ("نعت العائلة مقتل أبو جميل و2 آخرين بقصف على القرية", [("killed", 3, 3)]),
    ("اعتقلت الدورية حسن كمال و4 آخرين عند المدخل", [("captured", 5, 5)]),
    ("أعلنت الشرطة مقتل أبو يوسف العراقي، المسؤول عن الخلية، برفقة مرافقين آخرين في المداهمة", [("killed", 3, None)]),
    ("قتل خلالها ضابط كبير في الحرس، فضلاً عن نحو 20 عنصراً آخرين", [("killed", 21, 21)]),
    # the death told again after the connector; a name in quotation marks
    ("قتل خلالها قيادي بارز يدعى «أبو علي»، إضافة إلى مقتل نحو 30 مسلحا آخرين", [("killed", 31, 31)]),
    ("أسفرت الغارة عن مقتل القيادي سامي الأحمد فضلا عن مقتل ثلاثة آخرين", [("killed", 4, 4)]),
    ("قتل فيها قيادي بارز، يدعى «أبو علي»، إضافة إلى مقتل نحو 40 مسلحا آخر، وفر المئات", [("killed", 41, 41)]),
    ('وأكد المرصد مقتل "أبو سامي الخالد قائد لواء الفتح" إثر قصف', [("killed", 1, 1)]),
    ("وأكد المرصد مقتل «أبو سامي الخالد» إثر قصف", [("killed", 1, 1)]),
    # the others are another kind's (a cue of their own) or another clause's
    ("مقتل القائد أبو فراس، فيما أصيب 3 آخرون بجروح", [("killed", 1, 1), ("injured", 3, 3)]),
    ("اغتيال رجل الأعمال سامي نور. واعتقل 6 آخرون في المدينة", [("killed", 1, 1), ("captured", 6, 6)]),
    ("أسفر القصف عن إصابة القيادي سامي الأحمد، إضافة إلى مقتل 5 آخرين", [("injured", 1, 1), ("killed", 5, 5)]),
])
def test_others_join_the_person_before_them(text: str, want: list[tuple[str, int, int | None]]) -> None:
    assert [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total] == want
