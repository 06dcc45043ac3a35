"""Casualty and capture counts (killed, injured, captured) near their cue words, with whose casualties they are.

Rules:
- a count is a quantity (rasd.text.numbers) next to a cue: after an event noun or verb (مقتل 5 مدنيين، قتل خمسة
  جنود، أسرت أمس 45 حوثيا) or before a count noun or plural verb (5 قتلى، 173 مدنيا قتلوا، عشرات الجرحى);
- with no number, a singular person noun or rank after the cue counts one (مقتل جندي، مقتل القيادي ...), a dual of a
  noun with a broken plural counts two (مقتل جنديين), a plural noun or آخرين counts (2, None) (احتجاز مدنيين)
  and a dual cue noun counts two (قتيلين); a bare cue (مقتل زعيم التنظيم has زعيم: one) gives nothing otherwise;
- مقتل وإصابة N: at least one of each and N in all, so killed (1, N-1) and injured (1, N-1);
- ارتفع عدد القتلى إلى N / حصيلة ... بلغت N: N, total=True (the updated figure);
- N قتيلا منهم A من X و B من Y: the total and its parts (total=False, each with its whose).
"""

from __future__ import annotations

import re

from rasd.model import Count, CountKind, Span
from rasd.text.dates import _atoms as _date_atoms
from rasd.text.dates import original_span
from rasd.text.normalise import Normalised
from rasd.text.numbers import Quantity, find_quantities

_B = r"(?<![^\W\d_])"
_E = r"(?![^\W\d_])"
_CL = r"(?:[وفبل]|لل|وب|ول|فب)?"

# Event nouns and verbs: the number usually follows.
_FORWARD: dict[CountKind, str] = {
    "killed": r"مقتل|قتل|قتلت|قتلوا|يقتل|استشهاد|استشهد|مصرع|اغتيال|اعدام|اعدم|تصفيه|وفاه|توفي|قضي",
    "injured": r"اصابه|اصيب|اصيبت|اصيبوا|جرح|جرحت|جرحوا|اصابات",
    "captured": r"اسر|اسرت|اسروا|اختطاف|اختطف|اختطفت|اختطفوا|خطف|خطفت|احتجاز|احتجز|احتجزت|اعتقال|اعتقل|اعتقلت"
                r"|اعتقلوا|توقيف|اوقفت|ضبط|القبض\s+علي|القاء\s+القبض\s+علي",
}
# Count nouns and plural verbs: the number usually comes before.
_BACKWARD: dict[CountKind, str] = {
    "killed": r"قتيل|قتيلا|قتيلان|قتيلين|قتلي|القتلي|شهيد|شهيدا|شهيدين|شهداء|الشهداء|جثه|جثث|جثتين|جثتي|ضحيه|ضحايا"
              r"|قتلوا|قتلا|لقوا\s+حتفهم|لقي\s+حتفه|لقي\s+مصرعه|لقيت\s+حتفها|لقيت\s+مصرعها|لقوا\s+مصرعهم"
              r"|حتفهم|مصرعهم|مصرعه|حتفه|مصرعها|حتفها|استشهدوا|لقيا\s+حتفهما|لقيا\s+مصرعهما|حتفهما|مصرعهما",
    "injured": r"جريح|جريحا|جريحين|جريحان|جرحي|الجرحي|مصاب|مصابا|مصابين|المصابين|اصيبوا|جرحوا|بجروح",
    "captured": r"اسير|اسيرا|اسيرين|اسري|الاسري|رهينه|رهائن|الرهائن|معتقلين|المعتقلين|مختطفين|المختطفين|اعتقلوا"
                r"|اختطفوا|خطفوا|اسروا|فقدوا|احتجزوا",
}
_DUAL_CUES = re.compile(r"قتيلين|قتيلان|جريحين|جريحان|شهيدين|جثتين|جثتي|اسيرين|رهينتين")
_PLURAL_CUES = {"قتلي", "جرحي", "شهداء", "اسري", "رهائن", "جثث", "ضحايا"}


def _rx(alts: str) -> re.Pattern[str]:
    return re.compile(_B + _CL + r"(?P<w>" + alts + r")" + _E)


_FWD = {k: _rx(v) for k, v in _FORWARD.items()}
_BWD = {k: _rx(v) for k, v in _BACKWARD.items()}
_JOINT = re.compile(r"\s+و(?:اصابه|جرح|اسر)" + _E)
_TOLL = re.compile(
    _B + r"(?:عدد|حصيله)\s+(?:ال)?(?P<w>قتلي|ضحايا|شهداء|جرحي|مصابين|المصابين|اصابات|معتقلين|اسري|مختطفين|وفيات)"
    + _E)
_TOLL_KIND: dict[str, CountKind] = {"جرحي": "injured", "مصابين": "injured", "المصابين": "injured", "اصابات": "injured",
                                    "معتقلين": "captured", "اسري": "captured", "مختطفين": "captured"}

_SINGULAR = (
    "شخص رجل امراه سيده طفل طفله جندي ضابط مجند عنصر مدني مواطن مسلح مقاتل شرطي عسكري قيادي قايد زعيم مسوول صحفي"
    " صحافي ناشط فتاه شاب سائق عامل طالب حارس متظاهر لاجي مهاجم انتحاري امير مستوطن فلسطيني اسرائيلي عقيد لواء"
    " عميد نقيب ملازم رايد مقدم رقيب عريف شيخ نائب وزير محافظ قاضي مختار طبيب ممرض موظف صبي رضيع مسن مدرس معلم"
    " جهادي ارهابي متشدد مطلوب مشتبه رييس مدير امين عضو نجل شقيق قاض متطرف فرد"
).split()
_BROKEN_DUAL = {w + sfx for w in "فرد شخص رجل طفل جندي ضابط عنصر شرطي عسكري قايد زعيم مسوول شاب سائق عامل طالب حارس"
                .split() for sfx in ("ين", "ان")} | {"رجلي", "ضابطي", "قايدي", "شخصي"}
_PLURAL_PERSONS = (
    "افراد اشخاص رجال نساء اطفال جنود ضباط عناصر مدنيين مدنيون مواطنين مواطنون مسلحين مسلحون مقاتلين مقاتلون مقاتلي"
    " عسكريين شرطيين قياديين قاده زعماء مسوولين صحفيين صحافيين ناشطين شبان شباب عمال طلاب حراس متظاهرين"
    " لاجيين مهاجمين مستوطنين فلسطينيين اسرائيليين اخرين اخرون عناصر افراد مجندين ارهابيين متشددين مطلوبين"
    " مشتبهين انتحاريين جهاديين موظفين"
).split()
_STOP = set(
    "في علي عن الي جراء اثر خلال بعد قبل امس اليوم حين عندما اثناء منذ بجروح بينهم منهم اضافه اذ حيث اي كما اما لكن"
    " الذين الذي التي اللذين بسبب نتيجه عقب لدي اليوم اول اخر بينما فيما وفق حسب ان انه بان قرب داخل امام عند"
    " قتلوا اصيبوا جرحوا اعتقلوا لقوا لقي حتفهم حتفه مصرعه مصرعهم برصاص بنيران بقصف بانفجار مساء صباح فجر ليل".split()
)
_WORD = re.compile(r"[^\W\d_]+")
# A cue under negation gives no count: لم يبلغ عن قتلى، دون أنباء عن إصابات، لم يقتل أحد، لا إصابات.
_NEG = re.compile(r"(?<![^\W\d_])[وف]?(?:لم|لا|دون|بدون|عدم|ليس|لن)\s+(?P<mid>(?:[^\W\d_]+\s+){0,4})$")
_NEG_NOT = {"يقل", "تقل", "يزال", "تزال", "يزالون", "سيما", "يتجاوز", "تتجاوز", "يعرف", "تعرف"}
_NEG_LAST = {"عن", "اي", "وقوع", "سقوط", "تسجيل", "حدوث", "تقع", "يقع", "تسجل", "يسجل", "ترد", "يرد", "تذكر", "يذكر",
             "انباء", "تقارير", "معلومات", "من"}
# Plural verb cues whose subject may be long: نحو 260 مقاتلا كرديا من حزب العمال قتلوا.
_LONG_SUBJECT = {"قتلوا", "اصيبوا", "جرحوا", "اعتقلوا", "استشهدوا", "فقدوا", "اختطفوا", "خطفوا", "اسروا", "احتجزوا",
                 "حتفهم", "مصرعهم", "لقوا حتفهم", "لقوا مصرعهم"}
_PAREN = re.compile(r"\([^()]{0,80}\)|,\s*(?:و?من\s+)?(?:بينهم|منهم|ومنهم)\s+[^,.;:]{1,40},")
# Singular verb cues after a person noun with no number: شخصا لقي مصرعه، جندي لقي حتفه.
_SINGLE_AFTER = {"مصرعه", "حتفه", "مصرعها", "حتفها", "لقي حتفه", "لقي مصرعه", "لقيت حتفها", "لقيت مصرعها"}
# Dual verb cues: the dual pronoun counts two with no number (ضابط ومجند لقيا مصرعهما).
_DUAL_AFTER = {"مصرعهما", "حتفهما", "لقيا مصرعهما", "لقيا حتفهما"}
_TIME_WORDS = set(
    "يوم امس اول اليوم مساء صباح فجر ليل ليله ظهر الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت ايضا مجددا"
    " كذلك بدورها".split())
# Verbal nouns after which two name-like words are probably a person: مقتل محسن الفضلي، اغتيال أبو محمد.
_NAME_CUES = {"مقتل", "اغتيال", "اعدام", "استشهاد", "مصرع", "اعتقال", "اختطاف", "احتجاز", "توقيف",
              "خطف", "اصابه"}
_NOUN_CUES = (_NAME_CUES - {"خطف"}) | {"وفاه", "تصفيه", "اصابات", "القبض علي", "القاء القبض علي"}
_NAME_HEADS = {"ابو", "ابن", "بن", "عبد", "ام", "بنت"}
_NOT_NAME = set(
    "جميع كل بعض معظم غالبيه اغلب هولاء هذا هذه هذين هاتين تلك ذلك اولئك حتي نحو اكثر اقل ما عدد احد ضد بين دون"
    " امام جراء جماعي ميداني مع".split())
_NAME_OK_W = {"وليد", "وايل", "وسام", "وديع", "وحيد", "وجدي", "وضاح"}
_SKIP_BEFORE_Q = re.compile(r"\s*(?:(?:امس|اليوم|ايضا|كذلك|حتي\s+الان|ما)\s+)?")


def _whose_after(text: str, pos: int, limit: int = 5) -> tuple[int, int] | None:
    """Span (normalised) of the words naming the victims starting at pos, or None."""
    words: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text, pos):
        gap = text[(words[-1][1] if words else pos):m.start()]
        if gap.strip() or (not words and m.start() - pos > 1):
            break
        w = m.group()
        conj = w.startswith("و") and len(w) > 3 and w[1:] not in ("ليد",)
        if w in _STOP or w == "و" or conj or len(words) >= limit:
            break
        if any(rx.fullmatch(w) for rx in _FWD.values()) or any(rx.fullmatch(w) for rx in _BWD.values()):
            break
        if w == "من" and words and words[-1][2] != "من":
            pass
        elif w == "من" and not words:
            words.append((m.start(), m.end(), w))
            continue
        words.append((m.start(), m.end(), w))
    while words and words[-1][2] in ("من",):
        words.pop()
    while words and words[0][2] == "من":
        words.pop(0)
    if not words:
        return None
    return words[0][0], words[-1][1]


def _negated(text: str, cs: int) -> bool:
    """Whether the cue at cs is negated: لم يبلغ عن قتلى، دون وقوع إصابات، ولم ترد أنباء عن إصابات."""
    m = _NEG.search(text, max(0, cs - 60), cs)
    if not m:
        return False
    mid = m.group("mid").split()
    if any(w in _NEG_NOT for w in mid):
        return False
    if len(mid) >= 2 and mid[-1] == "او" and _is_cue(mid[-2]):
        return True  # لم يبلغ عن قتلى أو جرحى
    return not mid or mid[-1] in _NEG_LAST


def _is_cue(w: str) -> bool:
    return any(rx.fullmatch(w) for rx in (*_FWD.values(), *_BWD.values()))


def _name_after(text: str, pos: int) -> tuple[int, int] | None:
    """Span of a person's name (two or three name-like words) starting at pos, or None."""
    words: list[re.Match[str]] = []
    for m in _WORD.finditer(text, pos):
        if text[(words[-1].end() if words else pos):m.start()].strip() or len(words) == 3:
            break
        words.append(m)
    if len(words) < 2 or (words[0].start() - pos) > 1:
        return None
    w1, w2 = words[0].group(), words[1].group()
    if w1 in _NAME_HEADS:
        return words[0].start(), words[1].end()

    def plain(w: str) -> bool:
        return (len(w) > 2 and w not in _STOP and w not in _NOT_NAME and w not in _SINGULAR and w not in _PLURAL_PERSONS
                and not _is_cue(w) and not w.endswith(("ه", "ها", "هم", "هما", "ين", "ون", "ات", "يه", "ا"))
                and not re.search("[\ufb50-\ufeff]", w)
                and not w.startswith(("ال", "لل")) and (w[0] not in "وفبل" or w in _NAME_OK_W))

    if (not plain(w1) or not ((plain(w2) and not w2.endswith("ي")) or w2.startswith("ال")) or w2 in _STOP
            or w2.startswith("لل")):
        return None
    return words[0].start(), words[1].end()


def _followed_by_cue(text: str, pos: int) -> bool:
    """Whether the word after pos is a plural verb cue (قتلوا ومئات جرحوا: the number is the subject of جرحوا)."""
    m = _WORD.match(text, pos + 1) if text[pos:pos + 1] == " " else None
    return m is not None and m.group() in _LONG_SUBJECT


def _missing(text: str, pos: int) -> bool:
    """Whether فقدوا ending at pos means went missing (nothing, a stop word or a time word after it), not lost X."""
    m = _WORD.match(text, pos + 1) if text[pos:pos + 1] == " " else None
    return m is None or m.group() in _STOP or m.group() in _TIME_WORDS


def _long_subject(text: str, q: Quantity, cs: int) -> bool:
    """Whether the words between a number and its plural verb cue are one long subject phrase.

    The number must be followed by a person noun; a parenthesis or a ", من بينهم X," aside may sit inside; no
    sentence or clause punctuation, stop word or other cue may.
    """
    if cs - q.end > 120 or _person_at(text, q.end + 1) is None:
        return False
    gap = _PAREN.sub(" ", text[q.end:cs])
    if re.search(r"[.,;:!?()]", gap):
        return False
    gw = _WORD.findall(gap)
    return len(gw) <= 8 and not any((x in _STOP and x != "من") or _is_cue(x) for x in gw)


def _object_after(text: str, pos: int, qs: list[Quantity]) -> tuple[int, int | None, int, int] | None:
    """The object of a verb cue after its subject: اختطف مجهولون يوم أمس عنصرا -> (1, 1, start, end).

    Allowed before the object: a subject word (not itself accusative) and one definite adjective, or في and up
    to two words, then time words. The object is a number with a person noun, or an indefinite accusative person
    noun (عنصرا) or a plural or dual in ين (شخصين).
    """
    words: list[re.Match[str]] = []
    for m in _WORD.finditer(text, pos):
        if re.search(r"[^\s]", text[(words[-1].end() if words else pos):m.start()]) or len(words) == 7:
            break
        words.append(m)
    if not words or words[0].start() - pos > 1:
        return None
    starts = {q.start: q for q in qs}
    first = words[0].group()
    if first in ("في", "امس", "اليوم"):
        i = 1
        while first == "في" and i < 3 and i < len(words) and words[i].group() not in _STOP \
                and words[i].group() != "مع" and words[i].start() not in starts:
            i += 1
    elif first in _STOP or first in _NOT_NAME or _is_cue(first) or first.endswith("ا"):
        return None
    else:
        i = 2 if len(words) > 1 and words[1].group().startswith("ال") else 1
    while i < len(words) and words[i].group() in _TIME_WORDS:
        i += 1
    if i >= len(words):
        return None
    m = words[i]
    w = m.group()
    q = starts.get(m.start())
    if q is not None:
        person = _person_at(text, q.end + 1)
        return (q.min, q.max, q.end + 1, person[2]) if person and text[q.end:q.end + 1] == " " else None
    person = _person_at(text, m.start())
    if person is None or w.startswith("ال"):
        return None
    # only an accusative: عنصرا، جنديا (an indefinite singular shows it), or a plural/dual in ين
    if (w.endswith("ا") and person[1] == 1) or w.endswith("ين"):
        return person[0], person[1], m.start(), person[2]
    return None


def _coordinated(text: str, pos: int) -> int | None:
    """The end of a second singular person noun coordinated with the one ending at pos, after at most two words
    qualifying the first (مقتل جندي وضابط، مقتل ضابط شرطة مصري ومجند); None when there is none."""
    for k, m in enumerate(re.compile(r"\s+(?P<w>[^\W\d_]+)").finditer(text, pos)):
        if m.start() != pos or k > 2:
            return None
        w = m.group("w")
        if w.startswith("و"):
            base = w[3:] if w.startswith("وال") else w[1:]
            return m.end() if base in _SINGULAR else None
        if w in _STOP or w in _TIME_WORDS or _is_cue(w):
            return None
        pos = m.end()
    return None


def _person_at(text: str, pos: int) -> tuple[int, int | None, int] | None:
    """A person noun starting at pos: (min, max, end), or None."""
    m = _WORD.match(text, pos)
    if not m:
        return None
    w = m.group()
    base = w[2:] if w.startswith("ال") else w
    if base.endswith("ا") and base[:-1] in _SINGULAR:
        base = base[:-1]
    if base in _SINGULAR:
        return 1, 1, m.end()
    if base in _BROKEN_DUAL:
        return 2, 2, m.end()
    if base in _PLURAL_PERSONS and not w.startswith("ال"):
        return 2, None, m.end()
    if base in ("اخر", "اخرا") or w in ("احد", "احدهم", "احدهما", "احدهن", "احدي", "احداهما"):
        return 1, 1, m.end()
    return None


_CLITICS = ("", "و", "ف", "ب", "ل", "لل", "وب", "ول", "فب")


def _start_words(alts: str) -> frozenset[str]:
    """Every word a match of _rx(alts) can start with: a proclitic and the first word of an alternative."""
    return frozenset(c + a.split("\\s+")[0] for a in alts.split("|") for c in _CLITICS)


# (kind, direction, regex, the words its matches start with); a match always starts at the start of such a word.
_CUE_RXS: list[tuple[CountKind, str, re.Pattern[str], frozenset[str]]] = [
    *((k, "f", _FWD[k], _start_words(v)) for k, v in _FORWARD.items()),
    *((k, "b", _BWD[k], _start_words(v)) for k, v in _BACKWARD.items()),
]
_CUE_START = frozenset().union(*(sw for *_, sw in _CUE_RXS))


def _cues(text: str) -> list[tuple[int, int, CountKind, str]]:
    """All cue matches (start, end, kind, f/b), as each regex's finditer gives them, sorted.

    Each regex is only tried at the starts of the words its matches can begin with, keeping finditer's
    leftmost, non-overlapping order.
    """
    starts: list[tuple[int, str]] = [(m.start(), w) for m in _WORD.finditer(text) if (w := m.group()) in _CUE_START]
    cues: list[tuple[int, int, CountKind, str]] = []
    for kind, d, rx, sw in _CUE_RXS:
        last = 0
        for s, w in starts:
            if s < last or w not in sw:
                continue
            m = rx.match(text, s)
            if m is not None:
                cues.append((m.start("w"), m.end("w"), kind, d))
                last = m.end()
    cues.sort()
    return cues


def find_casualties(nt: Normalised) -> list[Count]:
    """Every casualty or capture count in the text, with spans into the original text."""
    text = nt.text
    dates = [(a.start, a.end) for a in _date_atoms(text) if a.kind != "tod"]
    qs = [q for q in find_quantities(text) if not any(q.start < e and s < q.end for s, e in dates)
          and not re.search(r"(?:عام|سنه|القرار|رقم|المرسوم|الساعه|الماده|البند|الفقره)\s*$", text[max(0, q.start - 9):
                                                                                                      q.start])]
    qs = [q for q in qs if not _DUAL_CUES.fullmatch(text[q.start:q.end])]
    used_q: set[int] = set()
    used_cue: set[int] = set()
    out: list[Count] = []

    def span(s: int, e: int) -> Span:
        return original_span(nt, s, e)

    def emit(kind: CountKind, lo: int, hi: int | None, cue: tuple[int, int], parts: list[tuple[int, int]],
             whose: tuple[int, int] | None, total: bool = True) -> None:
        s = min(p[0] for p in parts)
        e = max(p[1] for p in parts)
        out.append(Count(span=span(s, e), kind=kind, min=lo, max=hi, total=total, cue=span(*cue),
                         whose=span(*whose).text if whose else None))

    def q_at(pos: int) -> Quantity | None:
        for q in qs:
            if q.start == pos and q.start not in used_q:
                return q
        return None

    def q_ending(pos: int) -> Quantity | None:
        for q in qs:
            if q.end == pos and q.start not in used_q:
                return q
        return None

    def breakdown(kind: CountKind, pos: int) -> int:
        m = re.compile(r"\s*,?\s*(?:من\s+)?(?:منهم|بينهم)\s+").match(text, pos)
        if not m:
            return pos
        p = m.end()
        while True:
            q = q_at(p)
            if q is None:
                return p
            used_q.add(q.start)
            who = _whose_after(text, q.end + 1)
            end = who[1] if who else q.end
            emit(kind, q.min, q.max, (q.start, q.end), [(q.start, end)], who, total=False)
            c = re.compile(r"\s*,?\s*و\s*").match(text, end)
            if not c:
                return end
            p = c.end()

    # 1. updated tolls
    for m in _TOLL.finditer(text):
        kind = _TOLL_KIND.get(m.group("w"), "killed")
        stop = text.find(".", m.end("w"))
        lim = min(m.end("w") + 70, stop if stop >= 0 else len(text))
        cand = [q for q in qs if m.end("w") < q.start < lim and q.start not in used_q]
        after_ila = [q for q in cand if re.search(r"الي|بلغ|وصل", text[m.end("w"):q.start])]
        q = next(iter(after_ila or cand), None)
        if q is None:
            continue
        used_q.add(q.start)
        used_cue.add(m.start("w"))
        emit(kind, q.min, q.max, (m.start("w"), m.end("w")), [(m.start(), q.end)], None)
        breakdown(kind, q.end)

    # 2. cues
    cues = _cues(text)
    for cs, ce, kind, d in cues:
        if cs in used_cue or any(c.cue and span(cs, ce).overlaps(c.cue) for c in out):
            continue
        w = text[cs:ce]
        if _negated(text, cs):
            used_cue.add(cs)
            continue
        if d == "b":
            # N [whose] cue: 5 قتلى، 173 مدنيا قتلوا، 12 شخصا على الأقل قتلوا
            found = None
            for q in reversed(qs):
                if q.end <= cs and q.start not in used_q and cs - q.end <= 120:
                    gap = text[q.end:cs]
                    gw = _WORD.findall(gap)
                    gw_clean = [x for x in gw if x not in ("علي", "الاقل", "من")]
                    if (cs - q.end <= 40 and len(gw_clean) <= 3 and not any(x in _STOP for x in gw_clean)
                            and "," not in gap.strip()):
                        found = (q, gap)
                    elif re.sub(r"\s+", " ", w) in _LONG_SUBJECT and _long_subject(text, q, cs):
                        found = (q, gap)
                    break
            if found and w == "فقدوا" and not _missing(text, ce):
                found = None
            if found:
                q, gap = found
                used_q.add(q.start)
                used_cue.add(cs)
                lo, hi = q.min, q.max
                if "علي الاقل" in gap:
                    hi = None
                who = _whose_after(text, q.end + 1) if _WORD.search(gap) else None
                if who and who[1] > cs:
                    who = (who[0], min(who[1], cs - 1)) if who[0] < cs - 1 else None
                emit(kind, lo, hi, (cs, ce), [(q.start, ce)], who)
                breakdown(kind, ce)
                continue
            if _DUAL_CUES.fullmatch(w):
                used_cue.add(cs)
                emit(kind, 2, 2, (cs, ce), [(cs, ce)], _whose_after(text, ce + 1))
                continue
            prev = text[max(0, cs - 8):cs]
            if w in _PLURAL_CUES and re.search(r"(?:سقوط|وقوع|عن|خلف|خلفت|اوقع|اوقعت)\s+$", prev):
                used_cue.add(cs)
                emit(kind, 2, None, (cs, ce), [(cs, ce)], None)
                continue
            if re.sub(r"\s+", " ", w) in _DUAL_AFTER:
                used_cue.add(cs)
                emit(kind, 2, 2, (cs, ce), [(cs, ce)], None)
                continue
            if re.sub(r"\s+", " ", w) in _SINGLE_AFTER:
                prev_w = [m for m in _WORD.finditer(text, max(0, cs - 30), cs)][-2:]
                prev_w = [m for m in prev_w if m.group() not in ("لقي", "لقيت")]
                pm = prev_w[-1] if prev_w else None
                person = _person_at(text, pm.start()) if pm and not text[pm.end():cs].strip(" لقيت") else None
                if pm and person and person[1] == 1:
                    used_cue.add(cs)
                    emit(kind, 1, 1, (cs, ce), [(pm.start(), ce)], (pm.start(), pm.end()))
                continue
            if w in ("قتيل", "جريح", "شهيد", "جثه", "اسير", "رهينه", "مصاب") and re.search(
                    r"(?:سقوط|وقوع|عن|علي)\s+$", prev):
                used_cue.add(cs)
                emit(kind, 1, 1, (cs, ce), [(cs, ce)], _whose_after(text, ce + 1))
            continue
        # forward: cue [و cue2] [امس] N [whose]
        pos = ce
        joint = _JOINT.match(text, pos)
        if joint:
            pos = joint.end()
        sk = _SKIP_BEFORE_Q.match(text, pos)
        p2 = sk.end() if sk else pos
        q = q_at(p2) or q_at(pos + 1)
        if q is None and not joint:
            for q2 in qs:
                if pos < q2.start <= pos + 35 and q2.start not in used_q:
                    gw = _WORD.findall(text[pos:q2.start])
                    if (len(gw) <= 3 and not re.search(r"[.,;:]", text[pos:q2.start])
                            and not any(x in _STOP and x not in ("امس", "اليوم") for x in gw)
                            and not any(r.fullmatch(x) for x in gw for r in (*_FWD.values(), *_BWD.values()))):
                        q = q2
                    break
        if q is not None and _followed_by_cue(text, q.end):
            q = None
        if q is not None:
            used_q.add(q.start)
            used_cue.add(cs)
            who = _whose_after(text, q.end + 1)
            lo, hi = q.min, q.max
            if joint:
                lo2, hi2 = 1, (max(1, hi - 1) if hi is not None else None)
                emit(kind, lo2, hi2, (cs, ce), [(cs, who[1] if who else q.end)], who)
                k2: CountKind = "injured" if "اصاب" in joint.group() or "جرح" in joint.group() else "captured"
                emit(k2, lo2, hi2, (joint.start() + 1, joint.end()), [(cs, who[1] if who else q.end)], who)
            else:
                emit(kind, lo, hi, (cs, ce), [(cs, who[1] if who else q.end)], who)
                breakdown(kind, who[1] if who else q.end)
            continue
        if joint:
            continue
        person = _person_at(text, p2 + 1 if text[p2:p2 + 1] == " " else p2)
        obj = None if w in _NOUN_CUES else _object_after(text, p2, [q for q in qs if q.start not in used_q])
        if person is not None and obj is not None and text[person[2] - 2:person[2]] == "ون":
            person = None  # خطف مسلحون أمس شرطيا: the nominative plural is the subject
        if person is not None:
            lo, hi, pe = person
            ps = pe - len(_WORD.match(text, p2 + 1 if text[p2:p2 + 1] == " " else p2).group())  # type: ignore[union-attr]
            who = _whose_after(text, ps)
            more = _coordinated(text, pe) if hi == 1 else None
            if more is not None:
                lo, hi, pe, who = 2, 2, more, (ps, more)
            used_cue.add(cs)
            emit(kind, lo, hi, (cs, ce), [(cs, who[1] if who else pe)], who)
            continue
        if obj is not None:
            lo, hi, os_, oe = obj
            who = _whose_after(text, os_) or (os_, oe)
            used_cue.add(cs)
            used_q.update(q.start for q in qs if cs < q.start < os_)
            emit(kind, lo, hi, (cs, ce), [(cs, who[1])], who)
            continue
        if w in _NAME_CUES and kind != "injured":
            name = _name_after(text, p2 + 1 if text[p2:p2 + 1] == " " else p2)
            if name is not None:
                used_cue.add(cs)
                emit(kind, 1, 1, (cs, ce), [(cs, name[1])], name)
    out.sort(key=lambda c: (c.span.start, not c.total))
    return out
