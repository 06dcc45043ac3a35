"""Actor names that are also common nouns, told apart by the words around them.

"القاعدة" is al-Qaeda, and it is also the common noun "the base": "سيطرت القوات على القاعدة الجوية" names an air base,
not the organisation. The noun is marked by its own words: an agreeing adjective of a base (الجوية، العسكرية،
الأمريكية) or a word before it that takes a place (هذه، داخل، محيط، اقتحام). And an article that names a base and never
names the organisation by an organisation word (تنظيم القاعدة، عناصر القاعدة) means the base by its bare "القاعدة"
too ("انسحبوا من محيط القاعدة" after "قاعدة العند"). Likewise "النظام" is the Syrian regime (a dictionary alias read
only where the article is about Syria), but not when an adjective makes it a system or another state's regime
("النظام العام"، "النظام الدولي"، "النظام العراقي"). And the bare "طالب" (a student) is mostly the verb "demanded"
("وطالب الأزهر إيران بالكف"، "طالب بعقوبات"): it is the student only before a place of study or a nisba adjective
("طالب جامعي"، "طالب في المرحلة الثانوية"). Nothing here is fitted to an article: the word lists are the grammar of the
senses.
"""

from __future__ import annotations

import re

from rasd.text.matcher import word_after, word_before
from rasd.text.normalise import norm

BASE_WORD = norm("القاعدة")

# Adjectives that agree with the noun "قاعدة" and describe a base: the organisation takes none of them.
BASE_ADJECTIVES = frozenset(norm(w) for w in (
    "الجوية", "العسكرية", "البحرية", "الاستراتيجية", "الواقعة", "الأمريكية", "الأميركية", "الروسية", "التركية",
    "البريطانية", "الفرنسية", "الإيرانية", "الجوي", "المتقدمة",
))
# Words before it that take a place: a demonstrative, or a noun of position or of an assault on a place.
BASE_BEFORE = frozenset(norm(w) for w in (
    "هذه", "تلك", "داخل", "محيط", "مشارف", "أسوار", "مدرج", "بوابة", "مدخل", "اقتحام", "استعادة", "تمشيط",
    "حول", "قرب", "بالقرب",
))
# Words before it that make it the organisation: "تنظيم القاعدة", "عناصر القاعدة", "زعيم القاعدة".
ORGANISATION_BEFORE = frozenset(norm(w) for w in (
    "تنظيم", "تنظيمي", "جماعة", "منظمة", "زعيم", "عناصر", "مسلحي", "مقاتلي", "فرع", "جناح", "أمير", "قادة",
    "قيادي", "قياديي", "شبكة", "أنصار", "خلايا", "خلية",
))
REGIME_WORD = norm("النظام")
# Adjectives that make "النظام" a system or an order, or another state's regime, not the Syrian regime.
SYSTEM_ADJECTIVES = frozenset(norm(w) for w in (
    "العام", "السياسي", "البرلماني", "الرئاسي", "الدولي", "العالمي", "الإقليمي", "العربي", "الانتخابي", "القضائي",
    "الأساسي", "الداخلي", "التعليمي", "الصحي", "المالي", "المصرفي", "الاقتصادي", "الاتحادي", "الفيدرالي",
    "الديمقراطي", "الملكي", "الجمهوري", "الضريبي", "الإداري", "القانوني", "الدستوري", "الطائفي", "العراقي",
    "الإيراني", "التركي", "اليمني", "المصري", "الليبي", "السعودي", "الأردني", "اللبناني", "القطري", "الإسرائيلي",
    "الروسي", "الأمريكي", "الأميركي", "السوداني", "البحريني", "الإماراتي", "الكويتي", "الجزائري", "التونسي",
))
STUDENT_WORD = norm("طالب")
# Words after a bare "طالب" that make it a student: the verb "طالب" (demanded) takes its subject, a ب phrase or a
# definite noun after it ("وطالب الأزهر إيران"، "طالب بعقوبة"), a student a place of study or a nisba adjective
# ("طالب جامعي"، "طالب تونسي"، "طالب في المرحلة الثانوية").
STUDENT_AFTER = frozenset(norm(w) for w in (
    "في", "يدرس", "مبتعث", "بجامعة", "بكلية", "بالمرحلة", "بالصف", "بمدرسة", "جامعة", "كلية", "مدرسة", "دكتوراه",
    "ماجستير", "علم", "لجوء",
))
_CLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
# An indefinite base with its name or kind: "قاعدة العند", "قاعدة جوية", "قاعدة حميميم العسكرية".
_NAMED_BASE = re.compile(r"(?<![^\W\d_])[وفبل]?قاعده\s+(?:جويه|عسكريه|بحريه|ال(?!بيانات|شعبيه)[^\W\d_]{3,})")
_ANY_BASE_WORD = re.compile(r"(?<![^\W\d_])[وفبل]?(?:ال|ل)?قاعده(?![^\W\d_])")


def _bare(word: str) -> str:
    """A word without its leading conjunction or preposition (لاستعادة -> استعادة); the word itself when that leaves
    too little."""
    for pre in _CLITICS:
        if word.startswith(pre) and len(word) - len(pre) >= 3 and word[len(pre):] not in ("ها", "ه"):
            stripped = word[len(pre):]
            if stripped in BASE_BEFORE or stripped in ORGANISATION_BEFORE:
                return stripped
    return word


def _words_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The word right before `start` (without a clitic, _bare) and right after `end` in normalised text ("" at an
    edge or across punctuation)."""
    p_s, p_e = word_before(text, start)
    n_s, n_e = word_after(text, end)
    return _bare(text[p_s:p_e]), text[n_s:n_e]


def sense_of_base(text: str, start: int, end: int) -> str | None:
    """"base" or "organisation" when the words around one "القاعدة" at [start, end) of normalised `text` say which,
    else None."""
    prev, nxt = _words_around(text, start, end)
    if prev in ORGANISATION_BEFORE:
        return "organisation"
    if nxt in BASE_ADJECTIVES or prev in BASE_BEFORE:
        return "base"
    return None


def names_a_system(text: str, start: int, end: int) -> bool:
    """Whether the "النظام" at [start, end) of normalised `text` is a system or another state's regime by the adjective
    after it ("النظام العام"، "النظام العراقي")."""
    return _words_around(text, start, end)[1] in SYSTEM_ADJECTIVES


# Words right before a bare "طالب" that make it the verb opening its clause (كما طالب، بأنه طالب، فيما طالب).
DEMAND_BEFORE = frozenset(norm(w) for w in (
    "كما", "أنه", "بأنه", "أنها", "بأنها", "إنه", "إذ", "قد", "لقد", "وقد", "فقد", "حيث", "فيما", "بينما", "ثم", "كذلك",
    "أيضا", "كان", "وكان", "حين", "عندما", "بعدما", "والذي", "والتي", "لذا", "لذلك",
))
NAME_PARTICLE = norm("آل")  # "ال" once normalised


def demands(text: str, start: int, end: int) -> bool:
    """Whether the bare "طالب" at [start, end) of normalised `text` is the verb "demanded" in a verb's place: not a
    student (`names_a_student`), a word after it in its clause (a name ends at punctuation: "ناصر طالب،"; "طالب آل
    طالب" is a name), and it opens its clause, follows a particle (كما، بأنه، فيما) or follows its definite subject
    ("رئيس الأركان الأمريكي طالب رئيس الوزراء ..."). After any other word it is left alone: a victim ("مقتل طالب") or a
    name ("ابن أبي طالب")."""
    prev, nxt = _words_around(text, start, end)
    if not nxt or nxt == NAME_PARTICLE or _student_before(nxt):
        return False
    return not prev or prev in DEMAND_BEFORE or (prev.startswith("ال") and len(prev) > 3)


def _student_before(word: str) -> bool:
    """Whether `word`, right after a bare "طالب", makes it a student: a place of study or a nisba adjective."""
    return word in STUDENT_AFTER or (len(word) >= 4 and word.endswith("ي") and not word.startswith("ال"))


def names_a_student(text: str, start: int, end: int) -> bool:
    """Whether the bare "طالب" at [start, end) of normalised `text` is a student, not the verb "demanded": the word
    after it is a place of study or a nisba adjective ("جامعي"، "تونسي")."""
    return _student_before(_words_around(text, start, end)[1])


class BaseSenses:
    """The senses of every bare "القاعدة" of one article (normalised text), decided once: `is_base(start, end)`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.document_base = False
        if "قاعده" not in text:  # (in "القاعدة" too)
            return
        senses = [sense_of_base(text, m.start(), m.end())
                  for m in _ANY_BASE_WORD.finditer(text)]
        names_base = "base" in senses or bool(_NAMED_BASE.search(text))
        self.document_base = names_base and "organisation" not in senses

    def is_base(self, start: int, end: int) -> bool:
        """Whether the "القاعدة" at [start, end) names a base, not al-Qaeda: by its own words, or by the article."""
        sense = sense_of_base(self.text, start, end)
        return sense == "base" or (sense is None and self.document_base)
