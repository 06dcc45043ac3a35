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


@pytest.mark.parametrize(("text", "cue", "cited"), [
    # a body the dictionary does not know is named by the words before the time word and what was said
    ("وأعلن مكتب محافظ الإقليم الشرقي أمس أن ثلاثة من رجال الدرك أصيبوا في انفجار عبوة قرب الثكنة.", "وأعلن",
     "مكتب محافظ الإقليم الشرقي"),
    ("أعلنت غرفة العمليات المشتركة، الثلاثاء، عن تدمير مخزن للذخيرة في أطراف البلدة.", "أعلنت",
     "غرفة العمليات المشتركة"),
    # a country that speaks is its government, by the dictionary's name
    ("قالت الأردن مساء الخميس إن طائراتها أسقطت طائرة مسيرة قرب الحدود الشمالية.", "قالت", "الأردن"),
    # a quoted name after a comma, or after the word that says what it is
    ("وأكد «مرصد الحقوق المدنية»، أن قذائف سقطت على سوق الخضار في البلدة القديمة.", "وأكد", "مرصد الحقوق المدنية"),
    ("وقالت شبكة «أخبار الساحل» إن دورية للشرطة تعرضت لإطلاق نار قرب الميناء.", "وقالت", "أخبار الساحل"),
    # a statement's issuer after صادر عن, or after its ل
    ("وأفاد بيان صادر عن لجنة الطوارئ الأهلية أن مسلحين خطفوا تاجرين من السوق.", "بيان", "لجنة الطوارئ الأهلية"),
    ("وقال بيان للجنة الطوارئ الأهلية اليوم: إن فرقها انتشلت جثتين من تحت الأنقاض.", "بيان", "لجنة الطوارئ الأهلية"),
    # a trailing attribution ends its sentence: what it names there is the source, quoted or an unnamed one
    ("اقتحمت قوة أمنية مقهى في وسط المدينة واعتقلت أربعة شبان، حسبما أفادت مصادر أمنية.", "أفادت", "مصادر أمنية"),
    ("وخطف مسلحون سائق شاحنة على الطريق الدولي، حسبما أوردت وكالة «الساحل» للأنباء.", "أوردت", "الساحل"),
    # a statement's issuer as its genitive
    ("ووفقا لبيان الهلال الأحمر فإن فرقه أخلت أربعين جريحا من الحي المحاصر.", "لبيان", "الهلال الأحمر"),
])
def test_a_speaker_the_dictionary_does_not_know_is_named_by_its_words(text: str, cue: str, cited: str) -> None:
    assert _cited_words(in_article(text), cue) == cited


@pytest.mark.parametrize(("text", "cue", "cited"), [
    # a verb with no subject of its own: the one who spoke before speaks again
    ("وأعلنت غرفة العمليات المشتركة مقتل ستة مسلحين قرب السد. وقالت في بيان إن الطيران قصف مخزنا للسلاح.", "وقالت",
     "غرفة العمليات المشتركة"),
    ("وقال المرصد السوري لحقوق الإنسان ليلة الأحد إن القتال لم يتوقف حتى الفجر. وأضاف: «سقطت قذائف على الحي الغربي».",
     "وأضاف", "المرصد السوري لحقوق الإنسان"),
    # a statement told again by its word, and a body told again by its head word
    ("وقال بيان للجنة الطوارئ الأهلية إن فرقها أخلت مئة عائلة. وأضاف البيان أن النيران امتدت إلى مخزن للوقود.",
     "البيان", "لجنة الطوارئ الأهلية"),
    ("أعلنت غرفة العمليات المشتركة تدمير مخزن للذخيرة. وبينت الغرفة أن ثلاثة مسلحين قتلوا في القصف.", "وبينت",
     "غرفة العمليات المشتركة"),
])
def test_a_speaker_told_again_is_the_one_named_before(text: str, cue: str, cited: str) -> None:
    assert _cited_words(in_article(text), cue) == cited


@pytest.mark.parametrize(("text", "cue"), [
    # a report's word with nothing that links it to an issuer names no one
    ("ذكر تقرير إخباري اليوم أن قوات الأمن أوقفت عشرين مشتبها بهم في العاصمة.", "تقرير"),
    # whom the verb told comes first: the outlet told is no speaker (the unnamed source after it is its own cue)
    ("وقال لـ«صحيفة الوطن» مصدر عسكري إن الدورية عادت إلى قاعدتها سالمة.", "وقال"),
    # an adjective after a statement's word is no issuer
    ("وأدان الوزير في تصريح صحفي الهجوم على المدرسة الابتدائية في البلدة.", "في تصريح"),
    # with no one who spoke before, a verb with no subject cites no one
    ("وقالت في بيان إن الطيران قصف مخزنا للسلاح قرب السد.", "وقالت"),
])
def test_words_that_are_no_speaker_cite_no_one(text: str, cue: str) -> None:
    assert _cited(in_article(text), cue) is None
