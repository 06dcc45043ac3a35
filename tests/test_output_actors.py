"""Which actors an article's record lists (short news items written for these tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from rasd.model import Article, Mention, Source, Span
from rasd.output import report_to_dict
from rasd.pipeline import default_pipeline
from rasd.stages.mentions import name_start


def _record(text: str) -> dict:  # type: ignore[type-arg]
    return report_to_dict(default_pipeline()(Article(id="t", text=text, published=dt.date(2024, 3, 10))))


def test_unidentified_gunmen_beside_named_armed_actors_are_not_listed_but_stay_on_the_event() -> None:
    rec = _record("قتل ثلاثة مدنيين في هجوم شنه مسلحون على سوق في مدينة درعا، وقالت الشرطة إن عناصر من "
                  "تنظيم داعش نفذوا هجوما آخر على حاجز للجيش.")
    listed = {a.get("id") for a in rec["actors"]}
    assert "AGENT.FIGHTER" not in listed and "ISIS" in listed
    on_events = {a.get("id") for e in rec["events"] for a in e["actors"] + e["recipients"]}
    assert "AGENT.FIGHTER" in on_events


def test_unidentified_gunmen_alone_are_listed() -> None:
    rec = _record("قتل ثلاثة مدنيين في هجوم شنه مسلحون على سوق في مدينة درعا.")
    assert "AGENT.FIGHTER" in {a.get("id") for a in rec["actors"]}


def test_civilians_who_suffer_an_event_are_listed() -> None:
    rec = _record("قتل ثلاثة مدنيين في قصف نفذته قوات النظام على مدينة درعا.")
    assert "AGENT.CIV" in {a.get("id") for a in rec["actors"]}


def test_a_one_word_tagged_name_is_not_listed_though_it_stays_on_its_event() -> None:
    text = "اعتقلت الشرطة رجلا يدعى كريم وزميله سامر حداد بعد الهجوم."
    report = default_pipeline()(Article(id="t", text=text, published=dt.date(2024, 3, 10)))
    one, two = (Mention(span=Span(start=text.index(w), end=text.index(w) + len(w), text=w), label="PERS",
                        via="tagger", unresolved="not in the actor dictionary") for w in ("كريم", "سامر حداد"))
    quoted = Source(name="كريم", span=one.span)  # a one-word tagged name quoted as a source is not listed either
    ev = replace(report.events[0], recipients=(one, two), sources=(quoted,))
    rec = report_to_dict(replace(report, events=(ev,), mentions=(*report.mentions, one, two)))
    listed = {a.get("text") for a in rec["actors"]}
    assert "سامر حداد" in listed and "كريم" not in listed
    assert "كريم" in {a["text"] for a in rec["events"][0]["recipients"]}


def test_a_person_the_tagger_names_in_two_words_is_listed_outside_events_but_not_an_unknown_organisation() -> None:
    text = ("قصفت طائرات حربية سوقا في مدينة إدلب أمس. ويقيم الكاتب نادر سليمان في المدينة منذ سنوات "
            "ويدير مكتبة الرافدين.")
    report = default_pipeline()(Article(id="t", text=text, published=dt.date(2024, 3, 10)))
    words = "مكتبة الرافدين"
    organisation = Mention(span=Span(start=text.index(words), end=text.index(words) + len(words), text=words),
                           label="ORG", via="tagger", unresolved="not in the actor dictionary")
    rec = report_to_dict(replace(report, mentions=(*report.mentions, organisation)))
    person = next(m for m in rec["mentions"] if m["text"] == "نادر سليمان")  # found by the tagger, in no event
    assert person.get("label") == "PERS" and person.get("via") == "tagger" and "id" not in person
    assert not any(a["text"] == "نادر سليمان" for e in rec["events"] for a in e["actors"] + e["recipients"])
    listed = {a.get("text") for a in rec["actors"]}
    assert "نادر سليمان" in listed and words not in listed


def test_listed_aliases_are_names_not_descriptions_naming_other_actors() -> None:
    rec = _record("قصفت طائرات التحالف الدولي مواقع لتنظيم داعش قرب مدينة الرقة.")
    coalition = next(a for a in rec["actors"] if a.get("kind") == "coalition")
    assert coalition["aliases"] and all(len(x.split()) <= 3 for x in coalition["aliases"])
    assert not any("الولايات المتحدة" in x for x in coalition["aliases"])


def test_a_tagged_name_holding_in_place_is_a_place_phrase() -> None:
    from rasd.gazetteer import Gazetteer
    from rasd.stages.mentions import _holds_a_locative
    gz = Gazetteer.load()
    assert _holds_a_locative(Span(start=0, end=10, text="كريتر بعدن"), gz)
    assert not _holds_a_locative(Span(start=0, end=10, text="سامر بلال"), gz)


def test_one_unnamed_source_whatever_its_article() -> None:
    rec = _record("قالت مصادر محلية إن اشتباكات عنيفة اندلعت في مدينة درعا. وأضافت المصادر أن ثلاثة مدنيين قتلوا "
                  "في قصف على المدينة.")
    unnamed = [a for a in rec["actors"] if a.get("unresolved") == "unnamed source"]
    assert len({a["text"].removeprefix("ال") for a in unnamed}) == len(unnamed)


def test_the_outlet_a_source_spoke_to_is_listed_but_is_not_the_source() -> None:
    rec = _record("وقال مصدر أمني لـ«عكاظ» إن دورية تعرضت لإطلاق نار في مدينة نجران أمس دون وقوع إصابات.")
    assert "MEDIA.OKAZ" in {a.get("id") for a in rec["actors"]}
    assert rec["events"] and all(s.get("text") == "مصدر أمني" for e in rec["events"] for s in e["sources"])


@pytest.mark.parametrize(("text", "tagged", "name"), [
    # a given name that begins with و keeps it
    ("وصل وليد حداد إلى المدينة أمس.", "وليد حداد", "وليد حداد"),
    # a conjunction is taken off
    ("والتقى الوفد وسامر حداد في المدينة.", "وسامر حداد", "سامر حداد"),
    # ل is taken off where the name stands without it elsewhere in the article ...
    ("وصل سامر حداد إلى المدينة. وقال مصدر لسامر حداد إن الطريق مغلقة.", "لسامر حداد", "سامر حداد"),
    # ... and kept where it does not (فؤاد is no ف + ؤاد)
    ("وصل فؤاد حداد إلى المدينة أمس.", "فؤاد حداد", "فؤاد حداد"),
])
def test_a_tagged_name_starts_after_its_proclitic(text: str, tagged: str, name: str) -> None:
    doc = default_pipeline().run(Article(id="t", text=text, published=dt.date(2024, 3, 10)))
    start = text.rindex(tagged)
    assert name_start(doc, doc.span(start, start + len(tagged))).text == name
