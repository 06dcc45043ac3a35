"""Tests for the actor dictionary (schema, loading) and actor mention resolution (clitics, dates, anaphora ...)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rasd.actors import ActorDataError, ActorDictionary, Candidate, find_actor_mentions
from rasd.model import Dropped
from rasd.text.normalise import normalise

D2015 = dt.date(2015, 7, 20)
D2020 = dt.date(2020, 5, 1)
D2025 = dt.date(2025, 3, 1)
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def d() -> ActorDictionary:
    return ActorDictionary.load()


def mentions(text: str, day: dt.date | None, d: ActorDictionary, trace: list[Dropped] | None = None):
    return find_actor_mentions(normalise(text), day, dictionary=d, trace=trace)


def keys(text: str, day: dt.date | None, d: ActorDictionary) -> list[str]:
    return [m.key for m in mentions(text, day, d)]


# --- schema ---------------------------------------------------------------------------------------------------


def test_schema_and_size(d: ActorDictionary) -> None:
    non_agents = [i for i in d.ids() if d.get(i).kind != "agent"]
    assert len(non_agents) >= 400
    for i in d.ids():
        a = d.get(i)
        assert a.id and a.name and a.name_ar and a.kind
        assert a.parent is None or a.parent in d
        assert a.wikidata is None or a.wikidata.startswith("Q")
    assert len(d.version) == 64


@pytest.mark.parametrize(("fname", "data", "message"), [
    ("bad.yaml", "- {id: X, name: x, name_ar: س, kind: nonsense}\n", r"bad\.yaml: entry X: unknown kind"),
    ("dup.yaml", "- {id: X, name: x, name_ar: س, kind: state}\n- {id: X, name: y, name_ar: ص, kind: state}\n",
     "entry X: duplicate id"),
    ("o.yaml", "- {id: X, name: x, name_ar: س, kind: state, parent: NOPE}\n", "entry X: parent 'NOPE'"),
    ("m.yaml", "- {id: X, name: x, kind: state}\n", "entry X: `name_ar`"),
    # an alias naming two parties joined by و must name an existing entry, and must hold a و
    ("j.yaml", "- {id: X, name: x, name_ar: س, kind: militia, aliases_ar: [{text: سين وصاد, and: Y}]}\n",
     r"j\.yaml: entry X: alias .* joins 'Y', which does not exist"),
    ("j.yaml", "- {id: X, name: x, name_ar: س, kind: militia, aliases_ar: [{text: سين صاد, and: X}]}\n",
     "must join two names by و"),
])
def test_bad_data_names_file_and_entry(fname: str, data: str, message: str) -> None:
    with pytest.raises(ActorDataError, match=message):
        ActorDictionary([(fname, data)])


def test_load_is_cached(d: ActorDictionary) -> None:
    assert ActorDictionary.load() is d


# --- key groups by their main Arabic names ---------------------------------------------------------------------

KEY_NAMES = [
    ("داعش", "ISIS"), ("تنظيم الدولة", "ISIS"), ("الدولة الإسلامية", "ISIS"),
    ("تنظيم الدولة الإسلامية في العراق والشام", "ISIS"), ("ولاية سيناء", "ISIS.SINAI"), ("ولاية خراسان", "ISIS.KP"),
    ("تنظيم القاعدة", "AQ"), ("القاعدة في جزيرة العرب", "AQAP"), ("القاعدة في بلاد المغرب الإسلامي", "AQIM"),
    ("حركة الشباب", "SHABAAB"), ("جبهة النصرة", "NUSRA"), ("هيئة تحرير الشام", "HTS"), ("أحرار الشام", "AHRAR_SHAM"),
    ("جيش الإسلام", "JAYSH_ISLAM"), ("الجيش الحر", "FSA"), ("قسد", "SDF"), ("قوات سوريا الديمقراطية", "SDF"),
    ("وحدات حماية الشعب", "SDF.YPG"), ("الأسايش", "SDF.ASAYISH"), ("حزب العمال الكردستاني", "PKK"),
    ("حزب الاتحاد الديمقراطي", "PYD"), ("أحرار الشرقية", "SNA.AHRAR_SHARQIYA"), ("فرقة الحمزة", "SNA.HAMZA"),
    ("حزب الله", "HEZBOLLAH"), ("الحشد الشعبي", "PMF"), ("كتائب حزب الله", "PMF.KH"), ("عصائب أهل الحق", "PMF.AAH"),
    ("منظمة بدر", "PMF.BADR"), ("حركة النجباء", "PMF.NUJABA"), ("حماس", "HAMAS"), ("كتائب القسام", "HAMAS.QASSAM"),
    ("سرايا القدس", "PIJ.QUDS"), ("حركة فتح", "FATAH"), ("أنصار الله", "HOUTHIS"), ("الحوثيون", "HOUTHIS"),
    ("المجلس الانتقالي الجنوبي", "STC"), ("فاغنر", "RUS.WAGNER"), ("قوات الدعم السريع", "SDN.RSF"),
    ("قوات حفتر", "LBY.LNA"), ("بوكو حرام", "BOKO_HARAM"), ("طالبان", "TALIBAN"), ("البيشمركة", "KRG.PESHMERGA"),
    ("الحرس الثوري", "IRN.IRGC"), ("فيلق القدس", "IRN.IRGC.QUDS"), ("الباسيج", "IRN.IRGC.BASIJ"),
    ("الشاباك", "ISR.INT.SHINBET"), ("الموساد", "ISR.INT.MOSSAD"), ("الأمم المتحدة", "UN"),
    ("مجلس الأمن", "UN.SC"), ("المفوضية السامية للأمم المتحدة لشؤون اللاجئين", "UN.UNHCR"), ("الأونروا", "UN.UNRWA"),
    ("الجامعة العربية", "ARAB_LEAGUE"), ("الاتحاد الأوروبي", "EU"), ("الناتو", "NATO"), ("الصليب الأحمر", "ICRC"),
    ("أطباء بلا حدود", "MSF"), ("الخوذ البيضاء", "SYR.CIVDEF"), ("المرصد السوري لحقوق الإنسان", "SOHR"),
    ("سانا", "MEDIA.SANA"), ("الأناضول", "MEDIA.ANADOLU"), ("فرانس برس", "MEDIA.AFP"), ("رويترز", "MEDIA.REUTERS"),
    ("واس", "MEDIA.SPA"), ("هاوار", "MEDIA.ANHA"), ("رووداو", "MEDIA.RUDAW"), ("عنب بلدي", "MEDIA.ENAB"),
    ("البنتاغون", "USA.PENTAGON"), ("القيادة المركزية الأمريكية", "USA.CENTCOM"), ("تركيا", "TUR"),
    ("روسيا", "RUS"), ("الولايات المتحدة", "USA"), ("الجيش اللبناني", "LBN.MIL"), ("الجيش العراقي", "IRQ.MIL"),
]


@pytest.mark.parametrize(("name", "actor_id"), KEY_NAMES)
def test_key_names(name: str, actor_id: str, d: ActorDictionary) -> None:
    day = D2015 if actor_id == "NUSRA" else D2020
    assert keys(f"قال بيان إن {name} أعلن ذلك", day, d) == [actor_id]


# --- clitics, possessives, framing -----------------------------------------------------------------------------

CASES = [
    ("هاجم وبقسد المسلحون", D2020, "SDF", "قسد", "dictionary"),
    ("نسب الهجوم لداعش أمس", D2020, "ISIS", "داعش", "dictionary"),
    ("قدم الدعم للحوثيين", D2020, "HOUTHIS", "حوثيين", "dictionary"),
    ("اشتباكات مع مقاتلي قسد قرب القرية", D2020, "SDF", "مقاتلي قسد", "possessive"),
    ("اعتقال عناصر داعش في البلدة", D2020, "ISIS", "عناصر داعش", "possessive"),
    ("انشق جنود النظام السوري عن وحداتهم", D2015, "SYR.GOV.ASSAD", "جنود النظام السوري", "possessive"),
    ("تقدم مسلحي الحوثي نحو المدينة", D2015, "HOUTHIS", "مسلحي الحوثي", "possessive"),
    ("قتل عناصر من تنظيم داعش", D2015, "ISIS", "عناصر من تنظيم داعش", "possessive"),
]


@pytest.mark.parametrize(("text", "day", "actor_id", "span", "via"), CASES)
def test_clitics_and_possessives(text: str, day: dt.date, actor_id: str, span: str, via: str,
                                 d: ActorDictionary) -> None:
    ms = [m for m in mentions(text, day, d) if m.actor and m.actor.kind != "agent" and m.via != "anaphora"]
    assert len(ms) == 1
    m = ms[0]
    assert (m.actor.id, m.span.text, m.via) == (actor_id, span, via)
    assert text[m.span.start:m.span.end] == m.span.text


def test_framing_kept(d: ActorDictionary) -> None:
    text = "قصف الاحتلال التركي قرية، وهاجم تنظيم داعش الإرهابي حاجزا، وتقدمت ميليشيا الحوثي الانقلابية"
    ms = {m.actor.id: m for m in mentions(text, D2020, d) if m.actor}
    assert ms["TUR.MIL.OCC"].framing == ("الاحتلال",)
    assert d.get("TUR.MIL.OCC").parent == "TUR.MIL"
    assert ms["ISIS"].framing == ("الإرهابي",)
    assert ms["HOUTHIS"].framing == ("ميليشيا", "الانقلابية")
    assert all(m.actor is None or m.actor.id != "AGENT.MILITANT" for m in mentions(text, D2020, d))


def test_offsets_with_diacritics(d: ActorDictionary) -> None:
    text = "هاجمَ «داعِشُ» القريةَ"
    (m,) = mentions(text, D2020, d)
    assert m.span.text == "داعِشُ" and text[m.span.start:m.span.end] == "داعِشُ"


# --- time-aware ------------------------------------------------------------------------------------------------

TIME_CASES = [
    ("قصفت قوات النظام البلدة", D2015, "SYR.MIL.SAA"),
    ("قال النظام في سوريا إنه سيرد", D2015, "SYR.GOV.ASSAD"),
    ("أعلنت الحكومة السورية حظر التجول", D2015, "SYR.GOV.ASSAD"),
    ("أعلنت الحكومة السورية حظر التجول", D2025, "SYR.GOV.TRANS"),
    ("انتشر الجيش السوري في المدينة", D2015, "SYR.MIL.SAA"),
    ("انتشر الجيش السوري في المدينة", D2025, "SYR.MIL.NEW"),
    ("قال الرئيس الأمريكي إن", D2015, "P.OBAMA"),
    ("قال الرئيس الأمريكي إن", D2020, "P.TRUMP"),
    ("قال الرئيس الأمريكي إن", D2025, "P.TRUMP"),
    ("قال الرئيس السوري إن", D2015, "P.ASSAD"),
    ("قال الرئيس السوري إن", D2025, "P.SHARAA"),
]


@pytest.mark.parametrize(("text", "day", "actor_id"), TIME_CASES)
def test_time_aware(text: str, day: dt.date, actor_id: str, d: ActorDictionary) -> None:
    assert [k for k in keys(text, day, d) if k != "SYR"] == [actor_id]  # (سوريا: the context of a bare النظام)


@pytest.mark.parametrize(("text", "day", "actor_id"), [
    ("قال رئيس الوزراء البريطاني إن بلاده سترسل مساعدات", dt.date(2015, 7, 20), "P.CAMERON"),
    ("قال رئيس الوزراء البريطاني إن بلاده سترسل مساعدات", dt.date(2025, 3, 1), "P.STARMER"),
    ("أعلن رئيس الوزراء العراقي حالة الطوارئ", dt.date(2012, 5, 1), "P.MALIKI"),
    ("أعلن رئيس الوزراء العراقي حالة الطوارئ", dt.date(2021, 5, 1), "P.KADHIMI"),
    ("استقبل خادم الحرمين الشريفين الوفد", dt.date(2012, 1, 10), "P.KING_ABDULLAH_SA"),
    ("استقبل خادم الحرمين الشريفين الوفد", dt.date(2016, 1, 10), "P.SALMAN"),
])
def test_titles_name_the_holder_at_the_date(text: str, day: dt.date, actor_id: str, d: ActorDictionary) -> None:
    assert actor_id in keys(text, day, d)


def test_regime_after_fall_is_unresolved(d: ActorDictionary) -> None:
    (m, _) = mentions("قال النظام في سوريا إنه سيرد", D2025, d)
    assert m.actor is None and m.unresolved and "SYR.GOV.ASSAD" in m.unresolved


def test_undated_prefers_latest(d: ActorDictionary) -> None:
    assert keys("أعلنت الحكومة السورية حظر التجول", None, d) == ["SYR.GOV.TRANS"]
    assert keys("قال النظام في سوريا إنه سيرد", None, d)[0] == "SYR.GOV.ASSAD"


# --- ambiguity by context ---------------------------------------------------------------------------------------


def test_coalition_by_country_context(d: ActorDictionary) -> None:
    trace: list[Dropped] = []
    yemen = mentions("قصفت طائرات التحالف مواقع الحوثيين في صنعاء", D2015, d, trace)
    assert yemen[0].actor and yemen[0].actor.id == "COAL.SAUDI"
    assert trace and "COAL.GLOBAL" in trace[0].reason and "country context" in trace[0].reason
    syria = mentions("قصفت طائرات التحالف مواقع داعش قرب مواقع قوات النظام", D2015, d)
    assert syria[0].actor and syria[0].actor.id == "COAL.GLOBAL"


# --- anaphora ---------------------------------------------------------------------------------------------------


def test_anaphora(d: ActorDictionary) -> None:
    ms = mentions("هاجم تنظيم داعش القرية. وقال التنظيم في بيان إن", D2015, d)
    assert [m.key for m in ms] == ["ISIS", "ISIS"]
    assert ms[1].via == "anaphora" and ms[1].span.text == "التنظيم"
    ms = mentions("وقال التنظيم في بيان إن", D2015, d)
    assert ms[0].actor is None and ms[0].via == "anaphora" and ms[0].unresolved
    ms = mentions("قصف الحوثيون المدينة ثم اشتبكت الجماعة مع قسد، وقالت الجماعة", D2020, d)
    assert [m.key for m in ms] == ["HOUTHIS", "HOUTHIS", "SDF", "SDF"]


def test_definite_generic_fighters_refer_back_to_the_one_group_named(d: ActorDictionary) -> None:
    ms = mentions("فجر تنظيم داعش سيارة مفخخة قرب الحاجز، ثم اشتبك الإرهابيون مع الحراس.", D2015, d)
    assert [m.key for m in ms] == ["ISIS", "ISIS"]
    assert ms[1].via == "anaphora" and ms[1].framing == ("الإرهابيون",)
    # indefinite: someone new, left generic
    ms = mentions("فجر تنظيم داعش سيارة مفخخة، وفي حادث آخر قتل مسلحون مجهولون شرطيا.", D2015, d)
    assert ms[-1].actor is not None and ms[-1].actor.kind == "agent"
    # two groups named: who "the militants" are is not guessed
    ms = mentions("اشتبك الحوثيون مع تنظيم القاعدة في البيضاء، وقتل عدد من المسلحين.", D2015, d)
    assert ms[-1].actor is not None and ms[-1].actor.kind == "agent"


@pytest.mark.parametrize("text", [
    "تدهورت الأزمة السورية وتضررت البنى التحتية السورية",
    "رفع المتظاهرون الأعلام التركية أمام السفارة",
])
def test_a_nationality_adjective_is_not_the_state(text: str, d: ActorDictionary) -> None:
    assert not [m for m in mentions(text, D2015, d) if m.actor is not None and m.actor.kind == "state"]


@pytest.mark.parametrize(("text", "soldiers"), [
    ("قتل 13 عسكريا في الكمين", True),
    ("قتل عدد من العسكريين في الكمين", True),
    ("انهار التنظيم عسكرياً قبل سنوات", False),
    ("قدمت دول الدعم اللوجستي والعسكري للمسلحين", False),
])
def test_military_adjective_is_not_soldiers(text: str, soldiers: bool, d: ActorDictionary) -> None:
    assert any(m.key == "AGENT.SOLDIER" for m in mentions(text, D2015, d)) == soldiers


@pytest.mark.parametrize(("text", "bomber"), [
    ("قتل عشرة أشخاص في هجوم انتحاري بسيارة مفخخة", False),
    ("أسفر تفجير انتحاري عن سقوط قتلى", False),
    ("فجر انتحاري نفسه قرب الحاجز", True),
])
def test_a_suicide_attack_is_not_its_bomber(text: str, bomber: bool, d: ActorDictionary) -> None:
    assert any(m.key == "AGENT.MILITANT" for m in mentions(text, D2015, d)) == bomber


def test_sdf_kurdish_naming(d: ActorDictionary) -> None:
    text = "قالت وحدات حماية الشعب الكردية إن ي ب ك والأسايش وقوات سوريا الديموقراطية"
    ids = [m.key for m in mentions(text, D2020, d)]
    assert ids == ["SDF.YPG", "SDF.YPG", "SDF.ASAYISH", "SDF"]
    assert d.get("SDF.YPG").parent == "SDF" and d.get("SDF.ASAYISH").parent == "SDF"


def test_agents(d: ActorDictionary) -> None:
    ms = mentions("قتل ثلاثة مدنيين وأصيب أطفال ونزح السكان واعتقل صحفيين", D2020, d)
    assert [m.key for m in ms] == ["AGENT.CIV", "AGENT.CHILD", "AGENT.CIV", "AGENT.JOURNALIST"]
    assert all(m.label == "AGENT" for m in ms)
    # a civilian group is named as one, as ACLED names civilian actors; other groups keep their own name
    assert [m.actor.name for m in ms if m.actor] == ["civilians", "civilians (children)", "civilians",
                                                      "journalists"]


def test_civilian_groups_are_named_civilians(d: ActorDictionary) -> None:
    import yaml

    root = Path(__file__).resolve().parents[1] / "src/rasd/resources/data/agents.yaml"
    for raw in yaml.safe_load(root.read_text(encoding="utf-8")):
        name = d.get(raw["id"]).name
        assert (raw["sector"] == "CVL") == name.startswith("civilians"), raw["id"]


def test_capital_metonym(d: ActorDictionary) -> None:
    ms = mentions("ردت واشنطن على موسكو", D2020, d)
    assert [(m.key, m.label) for m in ms] == [("USA", "GPE"), ("RUS", "GPE")]


# --- recall over the gold sets (needs ../shared) ----------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="needs ../shared")
def test_gold_entities_recall(d: ActorDictionary) -> None:
    """Of the gold entities whose aliases occur in their article, the dictionary finds at least 90% (0.947 on
    2026-12-03: 143 of 151) with a mention overlapping one of the alias occurrences."""
    texts = {}
    for f in ("dev.jsonl", "seed.jsonl"):
        for line in (SHARED / "eval/inputs" / f).open(encoding="utf-8"):
            r = json.loads(line)
            texts[r.get("doc_id") or r["id"]] = (r["text"], r.get("published"))
    found = total = 0
    for f in ("dev.jsonl", "seed.jsonl"):
        for line in (SHARED / "eval/gold" / f).open(encoding="utf-8"):
            g = json.loads(line)
            text, published = texts[g["doc_id"]]
            published = published or g.get("published")
            day = dt.date.fromisoformat(published[:10]) if published else None
            spans = [(m.span.start, m.span.end) for m in mentions(text, day, d)]
            for entity in g["entities"].values():
                occurrences = [(i, i + len(a)) for a in entity.get("aliases", []) if a
                               for i in range(len(text)) if text.startswith(a, i)]
                if not occurrences:
                    continue
                total += 1
                found += any(s < oe and os < e for os, oe in occurrences for s, e in spans)
    assert total > 100
    assert found / total >= 0.90, f"{found}/{total}"


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def test_no_alias_names_two_bodies_unless_dated_or_country_decided() -> None:
    d = ActorDictionary.load()
    bad = []
    for key, cands in d.aliases().items():
        for i, a in enumerate(cands):
            for b in cands[i + 1:]:
                if a.actor_id == b.actor_id or not _overlap(a, b) or a.role != b.role:
                    continue  # a title naming the office and its holder at that date is by design
                decided = all(c.local or d.entry(c.actor_id).context for c in (a, b))
                if not decided:
                    bad.append((key, a.actor_id, b.actor_id))
    assert not bad, bad[:20]


def test_no_two_entries_share_an_english_name() -> None:
    d = ActorDictionary.load()
    seen: dict[str, str] = {}
    dup = []
    for i in d.ids():
        name = d.get(i).name.casefold()
        if name in seen:
            dup.append((seen[name], i))
        seen[name] = i
    assert not dup, dup


@pytest.mark.parametrize(("text", "day", "expected"), [
    ("أعلن الجيش السعودي في الرياض أن وزارة الداخلية اعتقلت خلية", "2016-01-01", "SAU.GOV.MOI"),
    ("قالت السلطات إن الجيش التركي قصف مواقع قرب أنقرة", "2016-01-01", "TUR.GOV"),
    ("طالبت الحكومة المركزية في بغداد الجيش العراقي بالتقدم", "2016-01-01", "IRQ.GOV"),
    ("قرر مجلس القضاء الأعلى تأجيل النظر بعد بيان الحكومة المصرية في القاهرة", "2016-01-01", "EGY.JUD.SJC"),
    ("هاجم متطوعي العشائر مواقع التنظيم", "2016-01-01", "AGENT.TRIBAL_FIGHTER"),
    ("وقال مصدر أمني إن الهجوم وقع ليلا", "2016-01-01", "AGENT.SOURCE.SECURITY"),
    ("وأفادت مصادر محلية بسقوط قذائف", "2016-01-01", "AGENT.SOURCE.LOCAL"),
    ("وقال شهود عيان إن النيران اشتعلت", "2016-01-01", "AGENT.WITNESS"),
    ("وقال مصدر قضائي إن المحكمة أجلت الجلسة", "2016-01-01", "AGENT.SOURCE.JUDICIAL"),
    ("قصفت قيادة عمليات الجزيرة والبادية مواقع في الصحراء", "2016-01-01", "IRQ.MIL"),
    ("تقدمت المقاومة الشعبية نحو عدن بدعم من الحوثيين في اليمن", "2016-01-01", "YEM.POPULAR_RESISTANCE"),
])
def test_context_and_source_rules(text: str, day: str, expected: str) -> None:
    ids = [m.actor.id for m in find_actor_mentions(normalise(text), dt.date.fromisoformat(day)) if m.actor]
    assert expected in ids, ids


@pytest.mark.parametrize(("text", "day", "absent"), [
    ("قال البغدادي إن الطريق مغلق", "2016-01-01", "P.BAGHDADI"),  # a bare nisba is not the ISIS leader
    ("نشرت صحيفة تقريرا عن قافلة وصلت", "2016-01-01", "AGENT.P.MED.NEWSPAPER"),
    ("اشتبكت القوات المشتركة مع الحوثيين في اليمن", "2016-01-01", "IRQ.JOC"),
    ("شاركت المقاومة الشعبية في القتال ضد داعش في سوريا والحسكة", "2016-01-01", "YEM.POPULAR_RESISTANCE"),
    ("قالت السلطات النيجيرية إن وزارة الدفاع التركية في أنقرة", "2016-01-01", "TUR.GOV"),
    ("قالت السلطات إن الحادث وقع", "2016-01-01", "TUR.GOV"),  # no country in the story: left alone
])
def test_risky_readings_left_out(text: str, day: str, absent: str) -> None:
    ids = [m.actor.id for m in find_actor_mentions(normalise(text), dt.date.fromisoformat(day)) if m.actor]
    assert absent not in ids, ids


def test_the_lion_is_assad_only_in_a_syrian_story(d: ActorDictionary) -> None:
    assert "P.ASSAD" not in keys("قتل صياد الأسد الشهير في محمية بزيمبابوي.", D2015, d)
    assert "P.ASSAD" in keys("قال الأسد إن الجيش السوري سيستعيد حلب.", D2015, d)


@pytest.mark.parametrize(("text", "actor_id"), [
    # the two sides of Yemen's war by their patrons' names: Hadi's forces and Saleh's
    ("تقدمت القوات الموالية لهادي نحو المطار", "YEM.MIL.NATIONAL_ARMY"),
    ("أكد ضابط في وحدة موالية لهادي أن الهجوم فشل", "YEM.MIL.NATIONAL_ARMY"),
    ("انسحب الجيش الموالي للشرعية من التلة", "YEM.MIL.NATIONAL_ARMY"),
    ("قصفت طائرات التحالف تجمعات أنصار صالح قرب المعسكر", "YEM.SALEH_FORCES"),
    ("اشتبكت المقاومة مع فلول المخلوع صالح في الحي", "YEM.SALEH_FORCES"),
])
def test_yemen_sides_by_their_patrons(text: str, actor_id: str, d: ActorDictionary) -> None:
    assert actor_id in keys(text, dt.date(2015, 7, 20), d)


@pytest.mark.parametrize(("text", "first", "second"), [
    ("قصفت طائرات التحالف مواقع لميليشيات الحوثي وصالح قرب المطار", "ميليشيات الحوثي", "صالح"),
    ("استهدفت الغارات تجمعات للحوثيين والمخلوع صالح في المدينة", "حوثيين", "المخلوع صالح"),
    ("تقدمت المقاومة نحو مواقع الحوثي وصالح شرق البلدة", "الحوثي", "صالح"),
])
def test_an_alias_naming_two_parties_gives_two_mentions(text: str, first: str, second: str,
                                                        d: ActorDictionary) -> None:
    """"الحوثي وصالح" names the Houthis and Saleh's forces: one mention each, the second after the و."""
    found = [(m.span.text, m.key) for m in mentions(text, D2015, d)]
    assert (first, "HOUTHIS") in found and (second, "YEM.SALEH_FORCES") in found
    # once Saleh's forces are gone (December 2017), the words name the Houthis alone, as one mention
    later = [m.key for m in mentions(text, D2020, d)]
    assert later.count("HOUTHIS") == 1 and "YEM.SALEH_FORCES" not in later


def test_framing_words_go_with_the_party_they_stand_by(d: ActorDictionary) -> None:
    found = {m.key: m.framing for m in mentions("قصفت الطائرات مواقع ميليشيات الحوثي والمخلوع صالح", D2015, d)}
    assert found["HOUTHIS"] == ("ميليشيات",) and found["YEM.SALEH_FORCES"] == ("المخلوع",)


def test_patron_aliases_end_with_the_presidency(d: ActorDictionary) -> None:
    """Hadi's forces are the national army only while he was president (until April 2022)."""
    assert "YEM.MIL.NATIONAL_ARMY" not in keys("تقدمت القوات الموالية لهادي نحو المطار", dt.date(2023, 1, 5), d)
