"""A verbal act's complement: the act an accusation, demand or threat is about ("اتهم X بقتل", "طالب بوقف القصف",
"هدد بشن هجوم", "دعا إلى وقف القتال") belongs to that act, and is not an event of its own."""

from __future__ import annotations

from rasd.model import Trigger
from rasd.stages.index import DocIndex
from rasd.text.normalise import norm

# Acts told with a complement that names another act: the accusation, the demand or the threat is the event.
HEAD_TYPES = frozenset({"ACCUSE", "REQUEST", "THREATEN"})
REACH_WORDS = 12  # the head's subject and object may stand between it and its complement
# Words that open a complement: إلى (دعا إلى وقف), على (حث على), أن and بأن (اتهم ... بأنه قصف).
COMPLEMENTIZERS = frozenset(norm(w) for w in (
    "إلى", "الى", "على", "أن", "أنه", "أنها", "أنهم", "بأن", "بأنه", "بأنها", "بأنهم",
))
_BREAKS = frozenset(".،,؛;:!?؟\n")
_BI = frozenset({"ب", "وب"})
_MASDAR_MIN = 3  # ب + a verbal noun of at least two letters (بشن، بقتل، بوقف ...)
# Words in ب that are prepositions or adverbs, not ب + verbal noun.
_NOT_MASDAR = frozenset(norm(w) for w in (
    "بعد", "بين", "بينها", "بينهم", "بسبب", "بفعل", "بالقرب", "بحق", "بلا", "بدون", "بعض", "بينما", "بشكل", "بعدما",
))


def _opens_complement(word: str) -> bool:
    """ب + verbal noun (بقتل، بوقف، بشن): the preposition the verbs of accusing, demanding and threatening take."""
    return word.startswith("ب") and len(word) >= _MASDAR_MIN and word not in _NOT_MASDAR


def complement_head(ix: DocIndex, trig: Trigger) -> str | None:
    """The words of the accusation, demand or threat whose complement `trig` is, or None.

    The head comes earlier in the same sentence, within REACH_WORDS words, with no punctuation and no other verb
    between; the complement opens with ب + verbal noun (at `trig` or the word before it) or a complementizer."""
    if trig.type in HEAD_TYPES:
        return None
    doc = ix.doc
    sent = doc.sentences[doc.sentence_of(trig.span.start)] if doc.sentences else trig.span
    # a call to protest or strike ("دعت النقابات إلى الإضراب") announces a protest its callers organise: the protest
    # stays an event (future until it happens); a demand that another party act is the demand alone
    types = HEAD_TYPES - {"REQUEST"} if trig.type == "PROTEST" else HEAD_TYPES
    before = [t for t in ix.triggers.starting(sent.start, trig.span.start) if t.type in types]
    for t in before:
        if t.span.end > trig.span.start:
            return t.span.text  # a phrase that holds its complement ("هدد بقتل")
    if not before:
        return None
    end, text = max((t.span.end, t.span.text) for t in before)
    between = doc.text[end:trig.span.start]
    words = norm(between).split()
    if len(words) > REACH_WORDS or any(ch in _BREAKS for ch in between):
        return None
    if any(t.pos == "verb" and end <= t.span.start and t is not trig
           for t in ix.triggers.starting(end, trig.span.start)):
        return None  # another predication stands between them
    own = norm(trig.span.text).split()
    attached = words[-1] if words and not between[-1].isspace() else ""  # a proclitic of the trigger's word: "ب|قتل"
    if (own and _opens_complement(own[0])) or (words and _opens_complement(words[-1])) or attached in _BI:
        return text
    return text if any(w in COMPLEMENTIZERS for w in words) else None


__all__ = ["COMPLEMENTIZERS", "HEAD_TYPES", "complement_head"]
