"""Paragraphs, sentences and clauses of Arabic news text, as offsets into the original; page boilerplate found."""

from __future__ import annotations

import re

from rasd.text.normalise import norm

# A sentence ends at . ! ? ؟ … or a line break, unless the full stop sits inside a number (3.5) or ends an
# abbreviation; closing quotes and brackets after the mark stay with the sentence.
_END = re.compile(r"[.!?؟…]+[\"'”»)\]]*(?=\s|$)|\n+")
_ABBREV = frozenset(["د", "م", "ص", "ه", "هـ", "ق", "أ", "ا", "ج", "ت", "ش", "mr", "dr", "st", "no", "etc"])
# Clause boundaries inside a sentence.
# "بعد أقل من أسبوع على تفجير ..." (a span of time since another happening) opens a clause of its own: the happening
# it names is an earlier one, not the one the sentence tells.
_SINCE = (r"بعد (?:أقل من |اقل من |أكثر من |اكثر من |نحو |حوالي |مرور )?(?:\S+ )?"
          r"(?:يوم|يومين|أيام|ايام|أسبوع|اسبوع|أسبوعين|اسبوعين|أسابيع|اسابيع|شهر|شهرين|أشهر|اشهر|ساعات|ساعة|ساعتين"
          r"|عام|عامين|سنة|سنوات)\S* (?:على|من)\s")
_CLAUSE = re.compile(r"[،,؛;:]\s*|\s+-\s+|\s+–\s+|\s+(?=(?:كما|فيما|بينما|في حين|وفي غضون|من جهة أخرى)\s)"
                     r"|\s+(?=" + _SINCE + ")")

# Navigation and sharing lines that news pages leave at their edges (normalised forms).
BOILERPLATE = tuple(
    norm(s)
    for s in (
        "زر الذهاب إلى الأعلى", "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "شارك هذا المقال", "شارك الخبر",
        "تابعونا على", "جميع الحقوق محفوظة", "اشترك في النشرة", "مواضيع ذات صلة", "أخبار ذات صلة",
        "المصدر:", "الوسوم", "طباعة", "أضف تعليق", "التعليقات", "للمزيد", "رابط مختصر", "إقرأ المزيد",
        "رابط الخبر", "رابط المقال", "الرابط المختصر", "نشر في", "تاريخ النشر",
    )
)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty line blocks separated by blank lines or single newlines, stripped of surrounding space."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        _add(text, m.start(), m.end(), out)
    return out


# Markers that end the article wherever they stand, even inside a paragraph ("... رابط الخبر بصحيفة ...").
_TAIL_MARKERS = re.compile(r"رابط (?:الخبر|المقال|الموضوع)|الرابط المختصر|(?:اقرأ|إقرأ) (?:أيضا|أيضاً|المزيد)")


# A page's tag list run on after its last sentence, as one outlet prints it ("... الاتهامات. سمات تركيا داعش قصف"):
# the word سمات ("tags") and at most TAG_WORDS keywords up to the end, the last of them not closing a sentence.
TAG_WORDS = 12
_TAGS = re.compile(r"(?<!\w)سمات(?:\s+\S+){1," + str(TAG_WORDS) + r"}\s*$")
_SENTENCE_CLOSE = frozenset(".!?؟…»”\")")


def boilerplate_start(text: str) -> int | None:
    """Offset where trailing page boilerplate begins: known navigation lines and the short lines after them, a
    link marker in the last half of the text, or a closing tag list."""
    cut = _boilerplate_lines(text)
    for m in _TAIL_MARKERS.finditer(text, len(text) // 2):
        if cut is None or m.start() < cut:
            cut = m.start()
        break
    tail = max(0, len(text) - 40 * TAG_WORDS)
    tags = _TAGS.search(text, tail)
    if tags is not None and text.rstrip()[-1:] not in _SENTENCE_CLOSE and (cut is None or tags.start() < cut):
        cut = tags.start()
    return cut


def _boilerplate_lines(text: str) -> int | None:
    paras = paragraphs(text)
    cut: int | None = None
    for s, e in reversed(paras[1:]):  # the first paragraph is the article's own, whatever it starts with
        line = norm(text[s:e])
        words = line.split()
        known = any(line.startswith(b) for b in BOILERPLATE)
        if known:
            cut = s
        elif len(words) > 5:
            break
    return cut


def _is_abbrev(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].casefold()
    return word in _ABBREV


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end]: dates such as 20/1/2022, decimals and abbreviations do not split."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _END.finditer(text, start, end):
        mark = m.start()
        if text[mark] == "." and mark > 0 and (_is_abbrev(text, mark) or (text[mark - 1].isdigit() and m.end() < end
                                                                          and text[m.end():m.end() + 1].isdigit())):
            continue
        _add(text, pos, m.end(), out)
        pos = m.end()
    _add(text, pos, end, out)
    return out


def _add(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


MIN_CLAUSE_WORDS = 4
# A clause that opens with a consequence ("ما أسفر عن مقتل ...") or a simultaneity link belongs to the one before.
_LINKS = tuple(norm(w) for w in (
    "ما أسفر", "مما أسفر", "ما أدى", "مما أدى", "أسفر", "أسفرت", "أدى", "أدت", "خلف", "خلفت", "أوقع", "أوقعت",
    "ما خلف", "مما خلف", "ما تسبب", "مما تسبب", "تسبب", "تسببت", "بينما أصيب", "فيما أصيب", "وأسفر", "وأسفرت",
))


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans inside one sentence, split at commas, semicolons, colons and dashes; a clause of fewer than
    four words (", أمس،") joins its neighbour."""
    out: list[tuple[int, int]] = []
    glue = False  # the previous piece was a parenthetical of one or two words: what follows joins it too
    for s, e in _raw_clauses(text, start, end):
        words = len(text[s:e].split())
        linked = norm(text[s:s + 16]).startswith(_LINKS)
        if out and (glue or linked or words < MIN_CLAUSE_WORDS
                    or len(text[out[-1][0]:out[-1][1]].split()) < MIN_CLAUSE_WORDS):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        glue = words <= 2
    return out


def _raw_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE.finditer(text, start, end):
        # keep a comma inside a number (3,500) with the number
        comma = m.start()
        if text[comma] == "," and comma > 0 and text[comma - 1].isdigit() and text[m.end():m.end() + 1].isdigit():
            continue
        _add(text, pos, m.start(), out)
        pos = m.end()
    _add(text, pos, end, out)
    return out
