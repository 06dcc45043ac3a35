"""Casualty counts that incident records compare across outlets: two people or two groups joined by "and", the dual
pronoun of لقيا حتفهما, a passive verb with one person as subject, executed death sentences (sentences written
for the tests)."""

from __future__ import annotations

import pytest

from rasd.text.casualties import find_casualties
from rasd.text.normalise import normalise


@pytest.mark.parametrize(("text", "want"), [
    ("أعلنت الوزارة مقتل ضابط شرطة برتبة نقيب وإصابة أربعة", [("killed", 1, 1), ("injured", 4, 4)]),
    ("أعلنت الوزارة مقتل ضابط شرطة مصري ومجند في انفجار عبوة", [("killed", 2, 2)]),
    ("قتل شرطي تركي ومدني في هجوم على نقطة تفتيش", [("killed", 2, 2)]),
    ("مقتل مسلح بنيران الجيش وجندي", [("killed", 1, 1)]),          # the second noun is not joined to the first
    ("مقتل قائد الكتيبة وإصابة جندي", [("killed", 1, 1), ("injured", 1, 1)]),
    ("لقي رجل وابنه مصرعهما في قصف على القرية", [("killed", 2, 2)]),
    ("قالت الحركة إن عنصرين فقط لقيا حتفهما في المعارك", [("killed", 2, 2)]),
    ("لقي جندي حتفه في الاشتباك", [("killed", 1, 1)]),
    # one person and a group joined by "and" after one cue: both counted
    ("أعلن المرصد مقتل امرأة وثلاثة أطفال في القصف", [("killed", 4, 4)]),
    ("قتل ضابط و3 جنود في الهجوم", [("killed", 4, 4)]),
    ("أسفرت الاشتباكات عن مقتل قائد الكتيبة وجنديين", [("killed", 3, 3)]),
    ("أعلن الجيش مقتل سعيد الراشدي وجنديين من مرافقيه", [("killed", 3, 3)]),  # a name, then a group
    # a death sentence passed is no killing
    ("أصدرت المحكمة حكما غيابيا بإعدام كريم منصور وثمانية آخرين", []),
])
def test_coordinated_persons_and_dual_pronouns(text: str, want: list[tuple[str, int, int | None]]) -> None:
    assert [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total] == want


@pytest.mark.parametrize(("text", "want"), [
    # two groups of people joined by "and": one toll of both, each group kept as a part
    ("أسفرت الاشتباكات عن مقتل 25 مسلحا من التنظيم وسبعة من عناصر الحرس", [("killed", 32, 32)]),
    ("قتل 4 جنود و2 من المدنيين في الكمين", [("killed", 6, 6)]),
    ("مقتل 20 مدنيا و 15 من قوات الأمن في القصف", [("killed", 35, 35)]),
    # not a second group: a count of its own kind, another clause, a breakdown
    ("أسفر الانفجار عن مقتل 10 أشخاص وإصابة 20 آخرين", [("killed", 10, 10), ("injured", 20, 20)]),
    ("مقتل 3 جنود و10 آخرين أصيبوا", [("killed", 3, 3), ("injured", 10, 10)]),
    ("مقتل 3 أشخاص و12 جريحا", [("killed", 3, 3), ("injured", 12, 12)]),
    ("مقتل 3 جنود في حلب و10 مسلحين في حمص", [("killed", 3, 3)]),
    ("مقتل 5 مدنيين بينهم 3 أطفال", [("killed", 5, 5)]),
])
def test_two_groups_joined_by_and(text: str, want: list[tuple[str, int, int | None]]) -> None:
    assert [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total] == want


def test_two_groups_keep_their_parts() -> None:
    parts = [(c.min, c.whose) for c in find_casualties(normalise("مقتل 12 مدنيا و3 من رجال الإنقاذ")) if not c.total]
    assert parts == [(12, "مدنيا"), (3, "رجال الإنقاذ")]


@pytest.mark.parametrize(("text", "want"), [
    ("أعلنت الوزارة تنفيذ حكم القتل تعزيراً في مهرب مخدرات بالمنطقة", [("killed", 1, 1)]),
    ("نفذت الوزارة أمس حكم القتل قصاصاً بالجاني في المدينة", [("killed", 1, 1)]),
    ("تم تنفيذ حكم القتل تعزيراً في جانيين من جنسية أجنبية", [("killed", 2, 2)]),
    ("نفذت السلطات حكم الإعدام بحق ثلاثة مدانين", [("killed", 3, 3)]),
    ("تم تنفيذ حكم القتل في المدعو سالم", [("killed", 1, 1)]),
    # a sentence passed, not carried out: no one killed
    ("أصدرت المحكمة حكم الإعدام بحق ثلاثة متهمين", []),
    ("قضت المحكمة بالإعدام على الجاني", []),
])
def test_executed_sentences(text: str, want: list[tuple[str, int, int | None]]) -> None:
    assert [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total] == want


@pytest.mark.parametrize(("text", "want"), [
    ("قال مسؤول إن جنديا تركيا قتل وأصيب آخر في اشتباك على الحدود", [("killed", 1, 1), ("injured", 1, 1)]),
    ("ذكرت الشرطة أن شرطيا أيضا قتل في الاشتباكات", [("killed", 1, 1)]),
    ("أفادت المصادر بأن مدنيا قتل عندما انفجر لغم", [("killed", 1, 1)]),
    ("أكد الطبيب أن طفلا أصيب بجروح", [("injured", 1, 1)]),
    # an active verb with its object: the object is counted, not the subject
    ("قالت المصادر إن مسلحا قتل جنديين", [("killed", 2, 2)]),
    ("قالت المصادر إن مسلحا قتل 3 أشخاص", [("killed", 3, 3)]),
    ("قالت المصادر إن مسلحا قتل محمد العلي", []),
])
def test_passive_verb_with_one_person_as_subject(text: str, want: list[tuple[str, int, int | None]]) -> None:
    assert [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total] == want


@pytest.mark.parametrize(("text", "want"), [
    # more groups of people joined by "and": a person noun, إضافة إلى, a word more of the first group
    ("قتل خمسة من عناصر الشرطة ومدني في هجوم على مركز أمني", [("killed", 6, 6)]),
    ("قتل ثلاثة من جنود الحرس الوطني وبحار في إطلاق النار", [("killed", 4, 4)]),
    ("أسفر التفجير عن مقتل سبعة من أفراد الأمن إضافة إلى اثنين من العمال وإصابة ستة آخرين",
     [("killed", 9, 9), ("injured", 6, 6)]),
    ("مقتل 12 مسلحا من الجماعة و قوات حليفة و5 من رجال القبائل في معارك بالمدينة", [("killed", 17, 17)]),
    ("مقتل 5 جنود و3 مدنيين وإصابة 10", [("killed", 8, 8), ("injured", 10, 10)]),
    # one counted noun, not two groups: 15 soldiers and policemen
    ("قتل 15 جنديا وشرطيا في الهجوم", [("killed", 15, 15)]),
    ("مقتل 3 جنود وجندي أصيب بجروح", [("killed", 3, 3)]),
    # the groups that are the subject of a plural verb
    ("قالت الشرطة إن شرطيين اثنين ومدنيا قتلوا في الانفجار", [("killed", 3, 3)]),
    ("لقي ضابط كبير و9 من مرافقيه مصرعهم في الكمين", [("killed", 10, 10)]),
    ("أفاد مصدر أن ثمانية أشخاص بينهم \"عدد من النساء\" قتلوا في الغارة", [("killed", 8, 8)]),
    ("قال الضابط إن خمسة أشخاص بينهم اثنان من الشرطة قتلوا وأصيب خمسة آخرون", [("killed", 5, 5), ("injured", 5, 5)]),
    # a nominative dual (not طالبان)
    ("قتل مسلحان من الجماعة وأصيب ثلاثة آخرون", [("killed", 2, 2), ("injured", 3, 3)]),
    ("أفاد شهود أن الطالبان قتلوا", []),
])
def test_more_groups(text: str, want: list[tuple[str, int, int | None]]) -> None:
    assert [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total] == want


@pytest.mark.parametrize(("text", "want"), [
    # both sides' tolls of one clash in one clause: one total, each side a part
    ("أسفرت المعارك عن مقتل 14 وإصابة 20 من المسلحين ومقتل 4 وإصابة 7 من الجنود في مواجهات بالقرية",
     [("killed", 18, 18), ("injured", 27, 27)]),
    ("لقي 30 مسلحا مصرعهم وأصيب 15 آخرون، بينما قتل 3 من رجال القبائل في المعارك",
     [("killed", 33, 33), ("injured", 15, 15)]),
    ("أدت المواجهات إلى مقتل أكثر من 10 من المسلحين، بينما أسفرت عن مقتل 5 من الجنود", [("killed", 16, None)]),
    ("أسفرت المعارك عن مقتل 12 من المسلحين مقابل سقوط 4 جنود", [("killed", 16, 16)]),
    # not one clash: two places, an updated toll
    ("قتل 5 في حلب بينما قتل 3 في حمص", [("killed", 5, 5), ("killed", 3, 3)]),
    ("قتل 5 جنود في الهجوم وارتفع عدد القتلى إلى 7", [("killed", 5, 5), ("killed", 7, 7)]),
])
def test_both_sides_of_a_clash(text: str, want: list[tuple[str, int, int | None]]) -> None:
    got = [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total]
    assert sorted(got) == sorted(want)


@pytest.mark.parametrize(("text", "want"), [
    ("أسفر القصف عن سقوط 12 من المدنيين", [("killed", 12, 12)]),
    ("أسفر القصف عن سقوط 12 قذيفة على الحي", []),
    ("أودى الانفجار بحياة العشرات", [("killed", 20, None)]),
    ("الهجوم الذي أودى بحياة عدد من رجال الشرطة", [("killed", 2, None)]),
    ("أودت الغارة بحياة 7 مدنيين", [("killed", 7, 7)]),
    ("استهدف هجوم بسيارة مفخخة مبنى حكوميا وأوقع قتيلا", [("killed", 1, 1)]),
    ("سقطت قذائف على الحي دون وقوع إصابات", []),  # no count unless none_hurt (below)
])
def test_fallen_lives_and_none_hurt(text: str, want: list[tuple[str, int, int | None]]) -> None:
    assert [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total] == want


@pytest.mark.parametrize(("text", "want"), [
    # a verbal noun with one person's pronoun; not an attempt, a past death, a threat or a massacre
    ("حاول الفرار فأطلقت الشرطة النار عليه مما أدى إلى مقتله", [("killed", 1, 1)]),
    ("عثر على الشرطيين بعد مقتلهما في المنزل", [("killed", 2, 2)]),
    ("أصيب القاضي بجروح خلال محاولة اغتياله", [("injured", 1, 1)]),
    ("وكان ذلك منذ مقتله قبل عامين", []),
    ("هدد التنظيم بإعدامه إن لم تلب مطالبه", []),
    ("وقعت مقتلة كبيرة في القرية", []),
    # one person as the subject: لقي ... مصرعه with words between, a passive verb in quotes, قتل فيه
    ("لقي الشاب محمد العلي، المقاتل في صفوف الجماعة، مصرعه في المعارك", [("killed", 1, 1)]),
    ("وهناك قيادات كبيرة لقيت مصرعها في القصف", []),
    ("أفادت الوكالة إن ضابطا من قواتها «استشهد» أثناء المعارك", [("killed", 1, 1)]),
    ("وقع هجوم قتل فيه جندي وأصيب اثنان", [("killed", 1, 1), ("injured", 2, 2)]),
    ("لقي 20 عنصرا من مسلحي الجماعة المتمردة وعناصر القوات الموالية لها مصرعهم", [("killed", 20, 20)]),
    ("أودى الانفجار بحياة ضابط وجنديين تركيين", [("killed", 3, 3)]),
    # the feminine of a person noun; not an institution's adjective
    ("نفذت السلطات عقوبة الإعدام بحق المواطنة بعد إدانتها", [("killed", 1, 1)]),
    ("أعلنت الحكومة تصفية محافظة لحج من المسلحين", []),
    # a name, not a count
    ("فجر المقاتلون أحد مقرات لواء شهداء الجنوب", []),
    # groups that are one description, a category or one of the first group
    ("مقتل نحو 120 شخصا بحسب مصادر طبية ومسؤولين", [("killed", 120, 120)]),
    ("قتل 4 ضباط آخرين برتب عميد وعقيد، و12 عنصرا", [("killed", 16, 16)]),
    ("قتل فيها ثمانية آلاف رجل وصبي", [("killed", 8000, 8000)]),
    ("مقتل 21 سائحا أجنبيا وشرطي تونسي", [("killed", 22, 22)]),
    ("أعدم التنظيم 20 أسيرا، واحد منهم أجنبي", [("killed", 20, 20)]),
])
def test_one_person_and_what_is_no_count(text: str, want: list[tuple[str, int, int | None]]) -> None:
    assert [(c.kind, c.min, c.max) for c in find_casualties(normalise(text)) if c.total] == want


@pytest.mark.parametrize(("text", "want"), [
    # no one hurt: a count of 0 (the gold's convention), when asked for
    ("سقطت قذائف على الحي دون وقوع إصابات", [("killed", 0, 0), ("injured", 0, 0)]),
    ("شن المسلحون هجومين لم يسفرا عن ضحايا", [("killed", 0, 0)]),
    ("ولم ترد تقارير عن سقوط قتلى أو جرحى", [("killed", 0, 0)]),
    # no news of casualties is not "no one hurt": nothing is known yet
    ("قصفت قوات النظام مزارع البلدة دون أنباء عن إصابات", []),
    ("سقطت قذيفتان على الحي ولم ترد معلومات عن ضحايا", []),
    ("لم يقتل أحد في الهجوم", []),
    # a purpose, not "no one hurt"
    ("يجب إزالتها حتى لا تتسبب في سقوط قتلى وسط المدنيين", []),
])
def test_none_hurt(text: str, want: list[tuple[str, int, int | None]]) -> None:
    got = [(c.kind, c.min, c.max) for c in find_casualties(normalise(text), none_hurt=True) if c.total]
    assert got == want
    assert [c for c in find_casualties(normalise(text)) if c.min == 0] == []
