"""Who an attribution cue cites: a name quoted right after the cue, the party a spokesman speaks for (not one a
relative clause names after it), and "المصادر" as the unnamed sources named before (sentences written for these
tests)."""

from __future__ import annotations

import pytest

from article_helpers import in_article
from rasd.doc import Doc
from rasd.model import Source
from rasd.stages.claims import cue_source


def _cited(doc: Doc, cue_words: str) -> Source | None:
    cue = next(c for c in doc.cues if c.kind == "attribution" and c.span.text == cue_words)
    return cue_source(doc, cue, doc.sentences[doc.sentence_of(cue.span.start)])


def _cited_words(doc: Doc, cue_words: str) -> str:
    src = _cited(doc, cue_words)
    return src.span.text if src is not None and src.span is not None else ""


@pytest.mark.parametrize(("text", "cue", "cited"), [
    # a name quoted right after the cue is the source, not the start of a quotation
    ("أفاد «المرصد السوري لحقوق الإنسان» بأن مروحيات ألقت براميل متفجرة على قرية صغيرة جنوب حماة فجر السبت.", "أفاد",
     "المرصد السوري لحقوق الإنسان"),
    # a spokesman speaks for the party named right after باسم
    ("وقال المتحدث باسم الجيش العراقي إن وحداته دخلت الحي الشرقي من المدينة ظهر الثلاثاء.", "وقال", "الجيش العراقي"),
    # "المصادر": the unnamed sources of the same word named before ...
    ("قالت مصادر محلية إن قذائف سقطت على سوق شعبي في مدينة الحديدة مساء الجمعة. "
     "وأضافت المصادر أن فرق الإسعاف نقلت الجرحى إلى مستشفى قريب.", "المصادر", "مصادر محلية"),
    # ... and as written when none were
    ("قالت وكالة الأنباء إن قذائف سقطت على سوق شعبي في مدينة الحديدة مساء الجمعة. "
     "وأضافت المصادر أن فرق الإسعاف نقلت الجرحى إلى مستشفى قريب.", "المصادر", "المصادر"),
    # ل after a word of allegiance names whom the sources speak for, not whom they spoke to
    ("وقالت مصادر عسكرية موالية للحكومة اليمنية إن الجيش استعاد تلة قرب المدينة.", "وقالت", "حكومة اليمنية"),
    # sources inside a body the dictionary does not resolve are named with its word, without the colon after it
    ("وقال مصدر في المقاومة: إن المسلحين انسحبوا من التلة الشرقية فجر اليوم.", "مصدر في", "مصدر في المقاومة"),
    ("وذكرت مصادر في الشرطة أن ثلاثة مطلوبين اعتقلوا في سوق المدينة.", "مصادر في", "مصادر في الشرطة"),
])
def test_the_source_a_cue_cites(text: str, cue: str, cited: str) -> None:
    assert _cited_words(in_article(text), cue) == cited


@pytest.mark.parametrize(("text", "cue", "party"), [
    # what the quotes hold after a complementiser is what was said
    ("وقال قائد الشرطة إن «عناصر من تنظيم داعش أطلقوا النار على دورية للحراسة» قرب الجسر.", "وقال", "داعش"),
    # a party a relative clause names after باسم does not speak
    ("وقال المتحدث باسم الكتائب التي تواجه الحوثيين على أطراف تعز إن المعارك لم تتوقف منذ يومين.", "وقال", "الحوثيين"),
    # after "أشار"، what follows إلى is what was said
    ("وأشار شيخ القبيلة إلى أن مسلحي تنظيم القاعدة انسحبوا من الوادي ليلا.", "وأشار", "القاعدة"),
    ("وأشار محافظ المنطقة إلى سقوط قتلى من الحوثيين في القصف الليلي.", "وأشار", "الحوثيين"),
    # nor what follows the event word that opens what was said
    ("أفادت مصادر طبية بمقتل سبعة من عناصر داعش في غارة على قرية شرق النهر.", "أفادت", "داعش"),
    # whom something was said to (ل right after the verb or an unnamed source) is not who said it
    ("وصرح لوكالة الأنباء الفرنسية ضابط في الشرطة بأن الطريق أغلقت بعد الانفجار.", "وصرح", "الفرنسية"),
    ("وقال مصدر أمني لوكالة رويترز إن الدورية تعرضت لكمين قرب الحدود.", "وقال", "رويترز"),
])
def test_a_party_the_clause_names_is_not_the_source(text: str, cue: str, party: str) -> None:
    assert party not in _cited_words(in_article(text), cue)


@pytest.mark.parametrize(("text", "people", "speak"), [
    ("وقال سكان محليون إن قذيفة سقطت قرب مدرسة في الحي الغربي ظهر الأحد.", "سكان محليون", True),
    ("وأفاد عدد من السكان بأن الكهرباء انقطعت عن الحي منذ الصباح.", "السكان", True),
    ("واعتقلت قوة أمنية ثلاثة أشخاص، بحسب ناشطين في المدينة.", "ناشطين", True),
    # people the news is about, not who tells it
    ("وطالبت قيادة الشرطة السكان بالابتعاد عن الطريق الساحلي حتى المساء.", "السكان", False),
    ("واختطف مسلحون مجهولون أحد الناشطين من أمام منزله في وسط البلدة.", "الناشطين", False),
])
def test_people_are_a_source_only_when_they_speak(text: str, people: str, speak: bool) -> None:
    doc = in_article(text)
    cued = any(c.kind == "attribution" and c.span.text.endswith(people) for c in doc.cues)
    assert cued is speak


@pytest.mark.parametrize(("text", "cue", "cited"), [
    ("كشف الجيش العراقي عن توقيف ثلاثة مطلوبين في حي الميناء فجر الأربعاء.", "كشف", "الجيش العراقي"),
    ("وبينت الشرطة التركية أن الموقوفين كانوا يعدون لتفجير قرب مبنى حكومي.", "وبينت", "الشرطة التركية"),
    ("واعترف تنظيم داعش بأن اثنين من قادته قتلا في الغارة الأخيرة.", "واعترف", "داعش"),
])
def test_speech_verbs_that_reveal_show_or_admit_cite_a_source(text: str, cue: str, cited: str) -> None:
    assert cited in _cited_words(in_article(text), cue)
