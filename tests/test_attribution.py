"""Who an attribution cue cites: a name quoted right after the cue, the party a spokesman speaks for (not one a
relative clause names after it), and "المصادر" as the unnamed sources named before (sentences written for these
tests)."""

from __future__ import annotations

from article_helpers import in_article
from rasd.doc import Doc
from rasd.model import Source
from rasd.stages.claims import cue_source


def _cited(doc: Doc, cue_words: str) -> Source | None:
    cue = next(c for c in doc.cues if c.kind == "attribution" and c.span.text == cue_words)
    return cue_source(doc, cue, doc.sentences[doc.sentence_of(cue.span.start)])


def test_a_name_quoted_right_after_the_cue_is_the_source() -> None:
    doc = in_article("أفاد «المرصد السوري لحقوق الإنسان» بأن طائرات حربية قصفت بلدة في ريف إدلب أمس.")
    src = _cited(doc, "أفاد")
    assert src is not None and src.span is not None and src.span.text == "المرصد السوري لحقوق الإنسان"


def test_what_the_quotes_hold_after_a_complementiser_is_no_source() -> None:
    doc = in_article("وقال قائد الشرطة إن «مسلحين من تنظيم داعش هاجموا الحاجز» فجر اليوم.")
    src = _cited(doc, "وقال")
    assert src is None or "داعش" not in (src.span.text if src.span else "")


def test_a_spokesman_speaks_for_the_party_named_after_bism() -> None:
    doc = in_article("وقال المتحدث باسم الجيش العراقي إن قواته استعادت السيطرة على البلدة أمس.")
    src = _cited(doc, "وقال")
    assert src is not None and src.span is not None and src.span.text == "الجيش العراقي"


def test_a_party_a_relative_clause_names_after_bism_is_not_the_source() -> None:
    doc = in_article("وقال المتحدث باسم القوات التي تقاتل الحوثيين في عدن إن القتال مستمر قرب المطار.")
    src = _cited(doc, "وقال")
    assert src is None or "الحوثيين" not in (src.span.text if src.span else "")


def test_definite_sources_are_the_unnamed_sources_named_before() -> None:
    doc = in_article("قالت مصادر محلية إن طائرات التحالف قصفت مواقع الحوثيين في مأرب أمس. "
                     "وأضافت المصادر أن الاشتباكات تواصلت حتى الصباح.")
    src = _cited(doc, "المصادر")
    assert src is not None and src.span is not None and src.span.text == "مصادر محلية"


def test_definite_sources_with_none_named_before_stay_as_written() -> None:
    doc = in_article("قالت وكالة الأنباء إن طائرات التحالف قصفت مواقع الحوثيين في مأرب أمس. "
                     "وأضافت المصادر أن الاشتباكات تواصلت حتى الصباح.")
    src = _cited(doc, "المصادر")
    assert src is not None and src.span is not None and src.span.text == "المصادر"
