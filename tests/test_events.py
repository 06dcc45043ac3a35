"""Events, roles and claims over hand-built mentions, so each rule is tested apart from the dictionaries."""

from __future__ import annotations

import datetime as dt

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Actor, Article, Count, Cue, Mention, Trigger
from rasd.stages.claims import ClaimsStage
from rasd.stages.events import build_events
from rasd.stages.text import TextStage

ISIS = Actor(id="ISIS", name="Islamic State", kind="armed_group")
SDF = Actor(id="SDF", name="Syrian Democratic Forces", kind="armed_group", country="SY")
CIV = Actor(id="AGENT.CIV", name="civilians", kind="agent")
SOHR = Actor(id="SOHR", name="Syrian Observatory for Human Rights", kind="monitor")
ARMY = Actor(id="SYR.MIL", name="Syrian army", kind="military", country="SY")
PUB = dt.date(2023, 3, 15)


def _doc(text: str, actors: dict[str, Actor], triggers: dict[str, tuple[str, str]], cues: dict[str, str] = {},  # noqa: B006
         counts: list[Count] = [], published: dt.date | None = PUB) -> Doc:  # noqa: B006
    doc = TextStage()(Doc(article=Article(id="t", text=text, published=published)))

    def spans(word: str):  # type: ignore[no-untyped-def]
        i = text.index(word)
        return doc.span(i, i + len(word))

    mentions = tuple(sorted((Mention(span=spans(w), actor=a) for w, a in actors.items()), key=lambda m: m.span.start))
    trigs = tuple(Trigger(span=spans(w), type=t, pos=p) for w, (t, p) in triggers.items())
    cue_t = tuple(Cue(span=spans(w), kind=k) for w, k in cues.items())  # type: ignore[arg-type]
    return doc.assign("test", "0", mentions=mentions, triggers=trigs, cues=cue_t, counts=tuple(counts))


def _events(doc: Doc):  # type: ignore[no-untyped-def]
    doc = doc.assign("events", "1", events=build_events(doc, Settings())[0])
    return ClaimsStage()(doc).events


def test_verb_subject_object() -> None:
    text = "هاجم تنظيم داعش مواقع قسد في الريف الشرقي."
    (ev,) = _events(_doc(text, {"تنظيم داعش": ISIS, "قسد": SDF}, {"هاجم": ("ASSAULT", "verb")}))
    assert [m.actor.id for m in ev.actors] == ["ISIS"]
    assert [m.actor.id for m in ev.recipients] == ["SDF"]
    assert ev.modality == "asserted" and ev.evidence.text.startswith("هاجم")


def test_subject_before_verb_and_target_after_ala() -> None:
    text = "قالت مصادر إن قسد شنت هجوما على داعش قرب القرية."
    (ev,) = _events(_doc(text, {"قسد": SDF, "داعش": ISIS}, {"هجوما": ("ASSAULT", "noun")}))
    assert [m.actor.id for m in ev.actors] == ["SDF"]
    assert [m.actor.id for m in ev.recipients] == ["ISIS"]


def test_agent_after_binayran_in_passive() -> None:
    text = "قتل ثلاثة مدنيين بنيران الجيش السوري في البلدة."
    (ev,) = _events(_doc(text, {"مدنيين": CIV, "الجيش السوري": ARMY}, {"قتل": ("ASSAULT", "verb")}))
    assert [m.actor.id for m in ev.actors] == ["SYR.MIL"]
    assert [m.actor.id for m in ev.recipients] == ["AGENT.CIV"]


def test_two_sided_fighting_puts_both_sides_in_actors() -> None:
    text = "اندلعت اشتباكات عنيفة بين قسد وداعش في محيط السجن."
    (ev,) = _events(_doc(text, {"قسد": SDF, "داعش": ISIS}, {"اشتباكات": ("ASSAULT", "noun")}))
    assert {m.actor.id for m in ev.actors} == {"SDF", "ISIS"}


def test_repeated_mentions_of_one_attack_merge_keeping_triggers() -> None:
    text = "هاجم داعش سجنا في المدينة. وأسفر الهجوم عن فرار سجناء."
    (ev,) = _events(_doc(text, {"داعش": ISIS}, {"هاجم": ("ASSAULT", "verb"), "الهجوم": ("ASSAULT", "noun")}))
    assert len(ev.triggers) == 2


def test_reported_with_named_source() -> None:
    text = "قصف الجيش السوري قرية في الريف، بحسب المرصد السوري."
    (ev,) = _events(_doc(text, {"الجيش السوري": ARMY, "المرصد السوري": SOHR}, {"قصف": ("ASSAULT", "verb")},
                         {"بحسب": "attribution"}))
    assert ev.modality == "reported"
    assert [s.name for s in ev.sources] == [SOHR.name]
    assert all(m.actor.id != "SOHR" for m in ev.actors + ev.recipients)


def test_speculative_future_and_denied() -> None:
    text = "من المحتمل أن يهاجم داعش المخيم."
    (ev,) = _events(_doc(text, {"داعش": ISIS}, {"يهاجم": ("ASSAULT", "verb")}, {"من المحتمل": "hedge"}))
    assert ev.modality == "speculative"
    text = "نفى الجيش السوري أنه قصف القرية."
    (ev,) = _events(_doc(text, {"الجيش السوري": ARMY}, {"قصف": ("ASSAULT", "verb")}, {"نفى": "negation"}))
    assert ev.modality == "denied"
    text = "هدد داعش بأنه سوف يهاجم المدينة."
    (ev,) = _events(_doc(text, {"داعش": ISIS}, {"يهاجم": ("ASSAULT", "verb")}, {"سوف": "future"}))
    assert ev.modality == "future"


def test_casualty_count_alone_reports_an_attack_with_victims() -> None:
    text = "سقط خمسة قتلى مدنيين في القرية صباح اليوم."
    doc = _doc(text, {"مدنيين": CIV}, {})
    i = text.index("خمسة قتلى مدنيين")
    c = Count(span=doc.span(i, i + len("خمسة قتلى مدنيين")), kind="killed", min=5, max=5, whose="مدنيين")
    doc = doc.assign("counts", "1", counts=(c,))
    (ev,) = _events(doc)
    assert ev.type == "ASSAULT" and ev.killed == c
    assert [m.actor.id for m in ev.recipients] == ["AGENT.CIV"]


def test_no_date_words_fall_back_to_a_marked_week_before_publication() -> None:
    text = "هاجم داعش حاجزا."
    (ev,) = _events(_doc(text, {"داعش": ISIS}, {"هاجم": ("ASSAULT", "verb")}))
    assert ev.when is not None and ev.when.end == PUB and ev.when.precision == "week" and ev.when.span.text == ""
    (ev,) = _events(_doc(text, {"داعش": ISIS}, {"هاجم": ("ASSAULT", "verb")}, published=None))
    assert ev.when is None
