"""Tests for the trigger, mode and cue lexicons and their finders (sentences written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rasd.lexicon import (
    PLOVER_MODES,
    CueEntry,
    Lexicon,
    LexiconError,
    conjugate,
    hamza_seats,
    parse_trigger_entries,
)
from rasd.model import PLOVER_TYPES
from rasd.text.normalise import normalise

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load()


def types_in(lex: Lexicon, sentence: str, *, ambiguous: bool = True) -> set[str]:
    return {t.type for t in lex.find_triggers(normalise(sentence), ambiguous=ambiguous)}


FOUND = [
    ("هاجم مسلحون حاجزا للجيش شمال المدينة", "ASSAULT", None),
    ("هوجمت قافلة عسكرية على الطريق الدولي", "ASSAULT", None),
    ("قصفت المدفعية مواقع في الريف الجنوبي", "ASSAULT", None),
    ("قُتل ثلاثة جنود في الهجوم", "ASSAULT", None),
    ("اغتيل مسؤول محلي أمام منزله", "ASSAULT", "targeted"),
    ("انفجرت سيارة مفخخة قرب السوق", "ASSAULT", "explosives"),
    ("فجر انتحاري نفسه عند مدخل المسجد", "ASSAULT", "suicide-attack"),
    ("شنت طائرات التحالف غارات على مواقع التنظيم", "ASSAULT", "aerial"),
    ("اندلعت اشتباكات عنيفة بين الطرفين", "ASSAULT", None),
    ("أطلق مجهولون النار على دورية للشرطة", "ASSAULT", "firearms"),
    ("اختطف مسلحون صحفيا أجنبيا", "ASSAULT", "abduct"),
    ("اقتحمت قوة مسلحة مبنى البلدية", "ASSAULT", None),
    ("سقطت قذائف هاون على حي سكني", "ASSAULT", "heavy-weapons"),
    ("اعتقلت قوات الأمن خمسة أشخاص", "COERCE", "arrest"),
    ("ألقت الشرطة القبض على المشتبه به", "COERCE", "arrest"),
    ("داهمت الشرطة عدة منازل في الحي", "COERCE", "seize"),
    ("فرضت السلطات حظر التجول في المدينة", "COERCE", "curfew"),
    ("تظاهر المئات أمام مبنى المحافظة", "PROTEST", "demo"),
    ("نظم الأهالي اعتصاما أمام الوزارة", "PROTEST", "demo"),
    ("أعلن العمال إضرابا عن الطعام", "PROTEST", "hunger"),
    ("اندلعت أعمال شغب في السجن", "PROTEST", "riot"),
    ("دفع الجيش بتعزيزات إلى الحدود", "MOBILIZE", "troops"),
    ("فرضت الحكومة عقوبات على الشركة", "SANCTION", "discontinue"),
    ("الحزب هدد بالانسحاب من الحكومة", "THREATEN", "relations"),
    ("هدد الحزب بالتصعيد", "THREATEN", None),
    ("اتهمت الوزارة الجماعة بالتخطيط للهجوم", "ACCUSE", "allege"),
    ("أدانت الخارجية التفجير بشدة", "ACCUSE", "disapprove"),
    ("رفضت الحكومة المبادرة", "REJECT", None),
    ("المحتجون طالبوا بالإفراج عن المعتقلين", "REQUEST", "yield"),
    ("وقع الطرفان اتفاقا لتبادل الأسرى", "AGREE", None),
    ("التقى الوزير نظيره في العاصمة", "CONSULT", None),
    ("أجرى الرئيس اتصالا هاتفيا مع نظيره", "CONSULT", "phone"),
    ("رحبت الجامعة العربية بالقرار", "SUPPORT", None),
    ("وصلت قافلة مساعدات إنسانية إلى البلدة", "AID", None),
    ("انسحبت القوات من البلدة", "RETREAT", "withdraw"),
    ("أفرجت السلطات عن عشرين معتقلا", "RETREAT", "release"),
    ("أعلن الطرفان وقف إطلاق النار", "RETREAT", "ceasefire"),
    ("قدمت الحكومة تنازلات للمعارضة", "CONCEDE", None),
    ("أكدت الوزارة التعاون الأمني مع الجانب الأردني", "COOPERATE", None),
    # the bare past forms that are also nouns or were excluded by mistake
    ("وطالب النائب الحكومة بحماية المدنيين", "REQUEST", None),
    ("وأدان الوزير الاعتداء على السفارة", "ACCUSE", "disapprove"),
    ("ودانت الخارجية التفجير", "ACCUSE", "disapprove"),
    ("وأشاد المحافظ بجهود رجال الإطفاء", "SUPPORT", None),
    ("وأيد البرلمان قرار الحكومة", "SUPPORT", None),
    ("وأثنى القائد على دور المتطوعين", "SUPPORT", None),
    ("ودمر الطيران جسرا على النهر", "ASSAULT", "destroy"),
    ("وطلب الرئيس من البرلمان عقد جلسة طارئة", "REQUEST", None),
    ("وصادر الجيش شحنة أسلحة", "COERCE", "seize"),
    # a final hamza after alif sits on ya or waw before a pronoun suffix
    ("وجاء حديث الوزير خلال لقائه السفير في العاصمة", "CONSULT", None),
    ("وندد الأهالي باعتدائهم على المزارعين", "ASSAULT", None),
    ("وجرى لقاؤهما في مقر الوزارة", "CONSULT", None),
    ("وقالوا إن اعتداءهم على القرية لن يمر", "ASSAULT", None),  # on the line in the accusative: matched before
]


@pytest.mark.parametrize(("sentence", "etype", "mode"), FOUND)
def test_trigger_found(lex: Lexicon, sentence: str, etype: str, mode: str | None) -> None:
    trigs = [t for t in lex.find_triggers(normalise(sentence)) if t.type == etype]
    assert trigs, sentence
    if mode:
        assert any(mode in t.modes for t in trigs) or any(m == mode for _, m in lex.find_modes(normalise(sentence)))
    for t in trigs:
        assert sentence[t.span.start:t.span.end] == t.span.text


NOT_FOUND = [
    ("ضرب الوزير مثلا بالتعاون بين البلدين", "ASSAULT"),
    ("أعلنت قوات الحشد الشعبي موقفها من الانتخابات", "MOBILIZE"),
    ("حلقت طائرة مسيرة فوق المدينة", "PROTEST"),
    ("انطلقت أعمال مجلس التعاون الخليجي", "COOPERATE"),
    ("استيقظ السكان عند الفجر", "ASSAULT"),
    ("شن الوزير هجوما لاذعا على المعارضة", "ASSAULT"),
    ("تراجعت أسعار النفط", "RETREAT"),
    ("احتل الفريق المركز الأول", "COERCE"),
    ("قال الطالب إن الامتحان صعب", "REQUEST"),
    ("وهو طالب في كلية الهندسة", "REQUEST"),
    ("قتل اثني عشر شخصا في الانفجار", "SUPPORT"),
    ("وصل الوفد إلى ضاحية دمر غرب العاصمة", "ASSAULT"),
    ("قدم اللاجئ طلب لجوء إلى السلطات", "REQUEST"),
    ("زار الأمير معرض الكتاب", "ASSAULT"),
    ("استقبلت المدينة آلاف السياح", "PROTEST"),
]


@pytest.mark.parametrize(("sentence", "etype"), NOT_FOUND)
def test_trigger_near_miss(lex: Lexicon, sentence: str, etype: str) -> None:
    assert etype not in types_in(lex, sentence, ambiguous=False), sentence


# Sentences written for these tests: the bare "طالب", which the lexicon excludes as a form (a student as often), is
# the verb "demanded" where it opens its clause, follows a particle or its definite subject.
@pytest.mark.parametrize(("sentence", "demand"), [
    ("طالب المجلس المحلي الحكومة بإرسال فرق الإغاثة", True),
    ("من جانبه، طالب رئيس الإقليم تركيا بوقف الغارات", True),
    ("وأشار إلى أنه طالب المسؤولين بتنفيذ القرار", True),
    ("وقال مصدر إن رئيس الأركان الأمريكي طالب رئيس الوزراء بالحفاظ على الاتفاق", True),
    ("تحقق الشرطة في مقتل طالب سعودي", False),  # a victim, a nisba adjective
    ("وقال ناصر طالب، أحد مشايخ القبيلة، إن الوضع هادئ", False),  # a name: punctuation after it
    ("وأفرج عن المطلوب طالب آل طالب أمس", False),  # a family name
    ("في مسجد الإمام علي بن أبي طالب", False),
])
def test_the_bare_demand_verb_by_its_place(lex: Lexicon, sentence: str, demand: bool) -> None:
    found = [t for t in lex.find_triggers(normalise(sentence)) if t.type == "REQUEST" and t.span.text == "طالب"]
    assert bool(found) == demand, sentence
    assert all(t.pos == "verb" and sentence[t.span.start:t.span.end] == "طالب" for t in found)


def test_light_verb_span_covers_verb_and_noun(lex: Lexicon) -> None:
    s = "شنت الطائرات غارات على المدينة"
    (t,) = [t for t in lex.find_triggers(normalise(s)) if t.type == "ASSAULT"]
    assert t.span.text == "شنت الطائرات غارات" and t.pos == "verb" and t.modes == ("aerial",)


def test_casualty_noun_is_noun_trigger(lex: Lexicon) -> None:
    (t,) = lex.find_triggers(normalise("سقط عشرة قتلى"))
    assert t.type == "ASSAULT" and t.pos == "noun"


def test_diacritics_and_original_offsets(lex: Lexicon) -> None:
    s = "وقد قُصِفَتْ البلدةُ أمس"
    (t,) = lex.find_triggers(normalise(s))
    assert t.span.text == "قُصِفَتْ" and s[t.span.start:t.span.end] == t.span.text


MODES = [
    ("انفجرت عبوة ناسفة", "explosives"), ("هجوم انتحاري", "suicide-attack"), ("قصفت طائرة مسيرة", "drone"),
    ("قصفت مقاتلات حربية", "aerial"), ("قصف بقذائف الهاون", "heavy-weapons"), ("أطلق رصاص قناص", "firearms"),
    ("طعنه بسكين", "primitive"), ("اختطاف رهائن", "abduct"), ("محاولة اغتيال", "targeted"),
    ("استخدم الغاز المسيل للدموع", "crowd-control"), ("هجوم بغاز السارين", "unconventional"),
    ("تعرض للتعذيب", "torture"),
]


@pytest.mark.parametrize(("sentence", "mode"), MODES)
def test_modes(lex: Lexicon, sentence: str, mode: str) -> None:
    assert mode in {m for _, m in lex.find_modes(normalise(sentence))}


CUES = [
    ("قال المتحدث إن الهجوم فشل", "attribution", "named"),
    ("بحسب وزارة الداخلية قتل ثلاثة", "attribution", "named"),
    ("أفادت مصادر محلية بسقوط قتلى", "attribution", "unnamed"),
    ("ذكر شهود عيان أن الانفجار وقع صباحا", "attribution", "unnamed"),
    ("من المحتمل أن يكون الهجوم انتقاميا", "hedge", "من المحتمل"),
    ("قد يكون الانفجار ناجما عن خلل", "hedge", "قد"),
    ("ليس من المستبعد أن تتجدد الاشتباكات", "hedge", "لا يستبعد"),
    ("نفت الوزارة وقوع أي إصابات", "negation", "نفى"),
    ("الخبر عار عن الصحة", "negation", "لا صحة"),
    ("سيعقد الاجتماع يوم الأحد", "future", "سـ"),
    ("تعتزم الحكومة إرسال تعزيزات", "future", "يعتزم"),
    ("من المقرر أن تبدأ المفاوضات", "future", "من المقرر"),
    ("زعمت الجماعة أنها أسقطت طائرة", "allegation", "زعم"),
    ("اتهمت الحكومة المعارضة دون دليل", "allegation", "دون دليل"),
    ("قصفت الميليشيات الإرهابية الحي", "framing", "الإرهابي"),
    ("سقط ثلاثة شهداء برصاص الاحتلال", "framing", "الاحتلال"),
    ("بدا أن المهاجمين فروا", "hedge", "يبدو"),
    ("بدت المدينة خالية من المسلحين", "hedge", "يبدو"),
    ("ولم تقصف الطائرات الحي", "negation", "لم"),
    ("فلن تتوقف العملية", "negation", "لم"),
    ("وتابع المتحدث أن القصف استمر", "attribution", "named"),
    ("وأضاف أن الاشتباكات توقفت", "attribution", "named"),
    ("أضافوا أن القصف طال الحي", "attribution", "named"),
    ("تصل التعزيزات غدا إلى المدينة", "future", "المقبل"),
    ("يدعي التنظيم أنه أسقط طائرة", "allegation", "ادعى"),
]


@pytest.mark.parametrize(("sentence", "kind", "value"), CUES)
def test_cues(lex: Lexicon, sentence: str, kind: str, value: str) -> None:
    cues = lex.find_cues(normalise(sentence))
    assert any(c.kind == kind and c.value == value for c in cues), [(c.kind, c.value, c.span.text) for c in cues]
    for c in cues:
        assert sentence[c.span.start:c.span.end] == c.span.text


CUE_MISSES = [
    ("قد أعلن الجيش النتائج", "hedge"),
    ("وقد تم نقل الجرحى", "hedge"),
    ("توقفت السيارة قرب السوق", "future"),
    ("سيطرت القوات على البلدة", "future"),
    ("أمضى ست سنوات في السجن", "future"),
    ("التقى الوزير نظيره", "negation"),
    # بدأ (began) is بدا (seemed) once the hamza is folded; بدأت is بدا with a suffix
    ("بدأت تركيا حملة جوية", "hedge"),
    ("وبدأ المبعوث مهامه أمس", "hedge"),
    ("لم يجد المحافظ بداً من الفرار", "hedge"),
    # the particles لم and لن inside other words, and لما (when)
    ("استقبل الملك سلمان الوفد", "negation"),
    ("قدم لنا الدعم", "negation"),
    ("كلما اشتد القصف نزح السكان", "negation"),
    ("فلما وصلت القوات انسحب المسلحون", "negation"),
    # a drone (طائرة بدون طيار) is no negation
    ("هاجمت طائرة بدون طيار سيارة", "negation"),
    ("أسقطت طائرة دون طيار", "negation"),
    # تابع (affiliated) is no "he went on"
    ("قصفت القوات التابعة للنظام الحي", "attribution"),
    ("هاجم فصيل تابع للمعارضة الحاجز", "attribution"),
    ("كبدت القوات المسلحين خسائر فادحة", "hedge"),
    # إضافة (an addition) is no أضاف (he added)
    ("وصلت قوات إضافية بالإضافة إلى الدبابات", "attribution"),
    # غداة (the morning after) tells of the past
    ("اعتقل المسلح غداة الهجوم", "future"),
    # يُدعى (is named) is no يدعي (claims)
    ("قتل شاب يدعى محمد", "allegation"),
    ("اعتقلت امرأة تُدعى سعاد", "allegation"),
]


@pytest.mark.parametrize(("sentence", "kind"), CUE_MISSES)
def test_cue_near_misses(lex: Lexicon, sentence: str, kind: str) -> None:
    assert kind not in {c.kind for c in lex.find_cues(normalise(sentence))}


def test_bare_and_not_cue_entries_are_validated() -> None:
    from rasd.lexicon import LexiconError, _parse_cues

    with pytest.raises(LexiconError, match="bare"):
        _parse_cues({"negation": [{"value": "لم", "bare": "yes", "forms": ["لم"]}]}, "cues.yaml")
    entries = _parse_cues({"negation": [{"value": "لم", "bare": True, "forms": ["لم"]}], "not_cues": ["بدون طيار"]},
                          "cues.yaml")
    assert [(f, e.kind, e.bare) for f, e in entries] == [("لم", "negation", True), ("بدون طيار", "none", False)]
    with pytest.raises(LexiconError, match="spoken"):
        _parse_cues({"attribution": [{"value": "سكان", "named": False, "spoken": "yes", "forms": ["سكان"]}]}, "c.yaml")
    people = _parse_cues({"attribution": [{"value": "سكان", "named": False, "spoken": True, "forms": ["سكان"]}]}, "c")
    assert [e.spoken for _, e in people] == [True]


@pytest.mark.parametrize(("sentence", "fires"), [
    ("يدعي التنظيم أنه أسقط طائرة", True),
    ("قتل شاب يُدعى محمد برصاص قناص", False),  # is named, not claims
    ("اعتقلت امرأة تدعى سعاد", False),
])
def test_a_spelling_keeps_a_homograph_out(lex: Lexicon, sentence: str, fires: bool) -> None:
    assert any(t.type == "ACCUSE" for t in lex.find_triggers(normalise(sentence))) is fires


def test_cue_entries_keep_canonical_value(lex: Lexicon) -> None:
    pairs = lex.find_cue_entries(normalise("قالت الوزارة"))
    assert pairs[0][1] == CueEntry(kind="attribution", value="قال", named=True, speech=True)


def test_cues_carry_what_their_entry_says_of_the_source(lex: Lexicon) -> None:
    # a verb of saying, then an agency whose first letter is the conjunction's (وكالة, not و + كالة)
    cues = lex.find_cues(normalise("وأكدت وكالة الأنباء المحلية أن الحريق التهم ثلاثة متاجر"))
    said = [(c.span.text, c.speech, c.agency) for c in cues if c.kind == "attribution"]
    assert said == [("وأكدت", True, False), ("وكالة الأنباء", False, True)]
    assert not any(c.speech or c.agency for c in lex.find_cues(normalise("بحسب مصادر محلية")))


@pytest.mark.parametrize(("raw", "message"), [
    ({"hedge": [{"value": "ربما", "speech": True, "forms": ["ربما"]}]}, "`speech` is for attribution entries only"),
    ({"attribution": [{"value": "قناة", "named": True, "agency": 1, "forms": ["قناة"]}]}, "`agency` must be true"),
])
def test_a_cue_flag_out_of_place_fails_loading(raw: dict[str, Any], message: str) -> None:
    from rasd.lexicon import _parse_cues

    with pytest.raises(LexiconError, match=message):
        _parse_cues(raw, "cues.yaml")


def test_schema_every_entry_valid(lex: Lexicon) -> None:
    for _, e in lex.entries:
        assert e.type in PLOVER_TYPES
        assert e.mode is None or e.mode in PLOVER_MODES[e.type]
    gen = Lexicon.load(generated=True)
    for _, e in gen.entries:
        assert e.type in PLOVER_TYPES and (e.mode is None or e.mode in PLOVER_MODES[e.type])
    assert len(lex.version) == 64 and lex.version != gen.version


def test_bad_data_names_file_and_entry() -> None:
    with pytest.raises(LexiconError, match=r"x.yaml: entry 0 \(هاجم\).*mode 'drone'"):
        parse_trigger_entries({"triggers": [{"lemma": "هاجم", "type": "PROTEST", "mode": "drone", "verbs": ["هاجم"]}]},
                              "x.yaml")
    with pytest.raises(LexiconError, match="not a PLOVER type"):
        parse_trigger_entries({"triggers": [{"lemma": "x", "type": "FIGHT", "forms": ["x"]}]}, "x.yaml")


def test_conjugate() -> None:
    forms = conjugate("هاجم")
    assert {"هاجمت", "هاجموا", "يهاجم", "تهاجم", "يهاجمون"} <= forms
    assert {"يعتقل", "اعتقلت"} <= conjugate("اعتقل")
    assert {"القت", "القوا", "يلقي"} <= conjugate("ألقى")


def test_hamza_seats() -> None:
    assert hamza_seats("لقاء") == ("لقاي", "لقاو")
    assert hamza_seats("القاء القبض") == ()  # only a phrase's last word takes the suffix
    assert hamza_seats("ماء") == () and hamza_seats("قصف") == ()


def test_load_is_cached() -> None:
    assert Lexicon.load() is Lexicon.load()


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="needs ../shared")
def test_gsr_recall(lex: Lexicon) -> None:
    gold = {}
    for line in (SHARED / "eval/gold/gsr.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        gold[d["doc_id"]] = {e["type"] for e in d["events"]}
    hit = total = 0
    for line in (SHARED / "eval/inputs/gsr.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        found = types_in(lex, d["text"])
        for t in gold[d["id"]]:
            total += 1
            hit += t in found
    assert hit / total > 0.9
