"""Arabic quantity expressions (digits in three scripts, number words, vague and bounded amounts) to integer ranges.

Ranges are (min, max) with max None for open ranges. The rules, chosen so that a predicted range lies inside an
annotator's range as often as possible:

- exact numbers and approximations (نحو، حوالي، قرابة، زهاء، ما يقارب، تقريبا) -> (N, N)
- أكثر من / ما يزيد عن N -> (N+1, None); ما لا يقل عن N / N على الأقل / N أو أكثر -> (N, None)
- أقل من / ما دون N -> (1, N-1); بين N و M / من N إلى M / N-M / N أو M -> (N, M)
- عدد من (عددا من)، عدة، بعض، العديد من -> (2, None); بضعة -> (3, 9)
- عشرات -> (20, None); مئات -> (200, None); آلاف -> (2000, None); عشرات الآلاف -> (20000, None);
  مئات الآلاف -> (200000, None); ملايين -> (2000000, None)  (an Arabic plural means at least two of the unit)
- a decimal is only a quantity before a multiplier (2.5 مليون); percentages are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasd.text.normalise import norm


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity expression found in normalised text: offsets into that text and its range."""

    start: int
    end: int
    min: int
    max: int | None
    exact: bool


_UNITS: dict[str, int] = {}
for _val, _forms in {
    1: "واحد واحده احد احدي",
    2: "اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي",
    3: "ثلاثه ثلاث",
    4: "اربعه اربع",
    5: "خمسه خمس",
    6: "سته ست",
    7: "سبعه سبع",
    8: "ثمانيه ثماني ثمان ثمانه",
    9: "تسعه تسع",
    10: "عشره عشر",
}.items():
    for _f in _forms.split():
        _UNITS[_f] = _val

_TENS: dict[str, int] = {}
for _val, _stem in {20: "عشر", 30: "ثلاث", 40: "اربع", 50: "خمس", 60: "ست", 70: "سبع", 80: "ثمان", 90: "تسع"}.items():
    _TENS[_stem + "ون"] = _val
    _TENS[_stem + "ين"] = _val

_HUNDRED = {"ميه", "مايه", "مييه"}  # مئة / مائة after normalisation (ئ -> ي)
_HUNDREDS: dict[str, int] = {w: 200 for w in "ميتان ميتين مايتان مايتين ميتا مايتا ميتي مايتي".split()}
for _val, _stems in {3: "ثلاث", 4: "اربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان ثماني", 9: "تسع"}.items():
    for _stem in _stems.split():
        for _h in ("ميه", "مايه"):
            _HUNDREDS[_stem + _h] = _val * 100

# Multipliers: word -> (value, form) with form s(ingular), d(ual: the whole number), p(lural)
_MULT: dict[str, tuple[int, str]] = {
    "الف": (1000, "s"), "الفا": (1000, "s"), "الفان": (1000, "d"), "الفين": (1000, "d"), "الفي": (1000, "d"),
    "الاف": (1000, "p"), "الوف": (1000, "p"),
    "مليون": (10**6, "s"), "مليونا": (10**6, "s"), "مليونان": (10**6, "d"), "مليونين": (10**6, "d"),
    "ملايين": (10**6, "p"),
    "مليار": (10**9, "s"), "مليارا": (10**9, "s"), "مليارين": (10**9, "d"), "مليارات": (10**9, "p"),
}

# Vague amounts standing alone (the key is one normalised word; multi-word ones are handled by _VAGUE_RE).
_VAGUE_WORD: dict[str, tuple[int, int | None]] = {
    "عشرات": (20, None), "العشرات": (20, None), "مئات": (200, None), "ميات": (200, None), "المئات": (200, None),
    "الميات": (200, None), "الالاف": (2000, None), "الاف": (2000, None), "الوف": (2000, None),
    "ملايين": (2 * 10**6, None), "الملايين": (2 * 10**6, None), "بضعه": (3, 9), "بضع": (3, 9), "عده": (2, None),
}
# Dual casualty nouns count two by themselves (قتيلين، جريحين).
for _w in ("قتيل", "جريح", "شهيد", "اسير", "مصاب", "رهينت", "جثت", "مفقود", "معتقل", "مخطوف"):
    for _sfx in ("ين", "ان"):
        _VAGUE_WORD[_w + _sfx] = (2, 2)
_VAGUE_WORD["جثتي"] = (2, 2)
for _w in ("مصابين", "معتقلين", "مفقودين", "مخطوفين"):  # also sound plurals: at least two
    _VAGUE_WORD[_w] = (2, None)
_PREFIX_APPROX = ("نحو", "حوالي", "قرابه", "زهاء", "ما يقارب", "يقارب", "ما يناهز", "يناهز", "ما يقرب من", "تقريبا")
_PREFIX_MORE = ("اكثر من", "ما يزيد عن", "ما يزيد علي", "ما يزيد من", "يزيد عن", "يزيد علي", "ازيد من", "ما يربو علي",
                "يربو علي", "ما فوق", "فوق")
_PREFIX_ATLEAST = ("ما لا يقل عن", "لا يقل عن", "علي الاقل")
_PREFIX_LESS = ("اقل من", "ما يقل عن", "ما دون")

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_DIGITS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*|\d+")
_DECIMAL = re.compile(r"\d+[.,]\d{1,2}")


def _digits_value(tok: str) -> float | None:
    """The value of a digit token: integers with , or . thousand separators; small decimals as floats."""
    m = _DIGITS.fullmatch(tok)
    if m:
        return int(re.sub(r"[.,]", "", tok))
    if _DECIMAL.fullmatch(tok):
        return float(tok.replace(",", "."))
    return None


_NUMBER_WORDS: dict[str, tuple[str, int]] = {}
for _kind, _table in (("unit", _UNITS), ("ten", _TENS), ("hundred", dict.fromkeys(_HUNDRED, 100)),
                      ("hundreds", _HUNDREDS)):
    for _w, _v in _table.items():
        _NUMBER_WORDS.setdefault(_w, (_kind, _v))
for _w, (_v, _form) in _MULT.items():
    _NUMBER_WORDS.setdefault(_w, ("mult" + _form, _v))


def _word(tok: str, first: bool) -> tuple[str, int, bool] | None:
    """Look a word up as a number word: (kind, value, conj) where conj tells that a و was stripped."""
    hit = _NUMBER_WORDS.get(tok)
    if hit is not None:
        return hit[0], hit[1], False
    if len(tok) > 2 and tok[0] == "و":
        hit = _NUMBER_WORDS.get(tok[1:])
        if hit is not None:
            return hit[0], hit[1], True
    return None


# Words after which a leading و is split off in _tokens: vague words and whatever _word accepts.
_SPLIT_TAILS = frozenset(_VAGUE_WORD.keys() | _NUMBER_WORDS.keys() | {"و" + w for w in _NUMBER_WORDS})


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    append = out.append
    tails = _SPLIT_TAILS
    for m in _TOKEN.finditer(text):
        t = m.group()
        s, e = m.span()
        # و before a number or vague word is a token of its own (خمسة وعشرون، ومئات)
        if t[0] == "و" and len(t) > 2 and t[1:] in tails and t not in _UNITS and t not in _VAGUE_WORD:
            append(_Tok("و", s, s + 1))
            append(_Tok(t[1:], s + 1, e))
        else:
            append(_Tok(t, s, e))
    return out


def _core(text: str, toks: list[_Tok], i: int) -> tuple[int, int | None, int, int] | None:
    """Parse an exact number starting at token i: (min, max, first token used, index after last token)."""
    total = 0
    current = 0
    n = 0  # elements consumed
    last = ""  # kind of the last element
    j = i
    vague: tuple[int, int | None] | None = None
    while j < len(toks):
        tok = toks[j].text
        if n and text[toks[j - 1].end:toks[j].start].strip():
            break
        if tok == "و" and n and j + 1 < len(toks) and _word(toks[j + 1].text, False):
            w = _word(toks[j + 1].text, False)
            assert w is not None
            kind, val, _ = w
            j += 1
            conj = True
        elif tok[0].isdigit():
            if n:
                break
            dv = _digits_value(tok)
            if dv is None:
                break
            if isinstance(dv, float):
                nxt = _word(toks[j + 1].text, False) if j + 1 < len(toks) else None
                if not nxt or not nxt[0].startswith("mult") or nxt[2]:
                    return None
            current = dv  # type: ignore[assignment]
            n, last, j = 1, "digits", j + 1
            continue
        else:
            w = _word(tok, n == 0)
            if w is None:
                break
            kind, val, conj = w
            if n and not conj and tok.startswith("و") and _word(tok[1:], False) is not None:
                kind, val, _ = _word(tok[1:], False)  # type: ignore[misc]
                conj = True
            if n == 0 and conj:
                return None  # a quantity does not start with و
        if kind == "unit":
            if j + 1 < len(toks) and toks[j + 1].text in ("عشر", "عشره") and val < 10:
                val, j = val + 10, j + 1
            if n and not conj:
                break
            current += val
            last = "unit"
        elif kind == "ten":
            if n and not conj:
                break
            current += val
            last = "ten"
        elif kind == "hundred":
            if n and last == "unit" and not conj and current < 10:
                current *= 100
            elif n and not conj:
                break
            else:
                current += 100
            last = "hundred"
        elif kind == "hundreds":
            if n and not conj:
                break
            current += val
            last = "hundred"
        else:  # multipliers
            form = kind[-1]
            if conj:
                if form == "d":
                    total += current + 2 * val
                else:
                    total += current + val
                current = 0
            elif form == "d":
                if n:
                    break
                total, current = 2 * val, 0
            elif form == "p":
                if n and 3 <= current <= 10:
                    total, current = total + current * val, 0
                elif n == 0:
                    vague = (2 * val, None)
                else:
                    break
            else:
                if n and last == "mult":
                    break
                total, current = total + (current or 1) * val, 0
            last = "mult"
        n += 1
        j += 1
    if n == 0:
        return None
    if vague:
        if n > 1:
            return None
        return vague[0], vague[1], i, j
    value = total + current
    if isinstance(value, float):
        if value != int(value):
            return None
        value = int(value)
    return value, value, i, j


_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("approx", _PREFIX_APPROX), ("more", _PREFIX_MORE), ("atleast", _PREFIX_ATLEAST), ("less", _PREFIX_LESS),
    ("between", ("ما بين", "بين")), ("from", ("من",)))
# First word of a prefix phrase -> (mode, phrase + " ") for the phrases it starts, in _PREFIXES order.
_PREFIX_BY_FIRST: dict[str, list[tuple[str, str]]] = {}
for _mode, _phrases in _PREFIXES:
    for _p in _phrases:
        _PREFIX_BY_FIRST.setdefault(_p.split()[0], []).append((_mode, _p + " "))

_BAD_AFTER = re.compile(r"\s?(?:%|/\d|-\d+-|:\d|بالمئه|بالميه|بالمايه|في الميه|في المايه|في المئه)")
_BAD_BEFORE = re.compile(r"(?:\d[/:.-]|%)\s?$")


def _at(text: str, toks: list[_Tok], i: int) -> Quantity | None:
    """The longest quantity starting at token i (prefix words included), or None."""
    tok = toks[i]
    pos = tok.start
    cands = _PREFIX_BY_FIRST.get(tok.text)
    if cands and (pos == 0 or not text[pos - 1].isalnum()):
        for mode, phrase in cands:  # the first phrase (then a space) found at pos, in _PREFIXES order
            if not text.startswith(phrase, pos):
                continue
            npos = pos + len(phrase)
            while npos < len(text) and text[npos] == " ":
                npos += 1
            j = i
            while j < len(toks) and toks[j].start < npos:
                j += 1
            if j < len(toks) and toks[j].start == npos:
                q = _at_core(text, toks, j, mode)
                if q is not None:
                    return Quantity(pos, q.end, q.min, q.max, False)
            if mode != "from":
                return None
            break
    return _at_core(text, toks, i, "")


# Words before عدد that make it a superlative, not an amount: "إيقاع أكبر عدد من الضحايا" (an aim), "أقل عدد".
_SUPERLATIVE = frozenset({"اكبر", "باكبر", "لاكبر", "اقل", "باقل", "اعلي", "اكثر"})


def _vague_at(text: str, toks: list[_Tok], i: int) -> Quantity | None:
    t = toks[i].text
    if t in ("عدد", "عددا", "العديد") and i + 1 < len(toks):  # عددا: the accusative (إن عددا من الجنود قتلوا)
        if i > 0 and toks[i - 1].text in _SUPERLATIVE:
            return None  # أكبر عدد من الضحايا: an aim or a comparison, not an amount
        j = i + 1
        if toks[j].text in ("كبير", "قليل", "كبيرا", "قليلا") and j + 1 < len(toks):
            j += 1
        if toks[j].text == "من":
            return Quantity(toks[i].start, toks[j].end, 2, None, False)
        return None
    if t == "بعض" and not (i + 1 < len(toks) and toks[i + 1].text[0].isdigit()):
        return Quantity(toks[i].start, toks[i].end, 2, None, False)
    if t in _VAGUE_WORD and t not in ("الاف", "الوف", "ملايين"):
        lo, hi = _VAGUE_WORD[t]
        end = toks[i].end
        if i + 1 < len(toks) and toks[i + 1].text in ("الالاف", "الاف") and lo < 1000:
            lo, end = lo * 1000, toks[i + 1].end
            hi = hi * 1000 if hi else None
        elif i + 1 < len(toks) and toks[i + 1].text in ("عشرات", "مئات", "ميات") and t in ("بضعه", "بضع"):
            base = 10 if toks[i + 1].text == "عشرات" else 100
            lo, hi, end = 3 * base, 9 * base, toks[i + 1].end
        return Quantity(toks[i].start, end, lo, hi, False)
    return None


def _at_core(text: str, toks: list[_Tok], i: int, mode: str) -> Quantity | None:
    before = text[max(0, toks[i].start - 3):toks[i].start]
    if _BAD_BEFORE.search(before):
        return None
    c = _core(text, toks, i)
    if c is None:
        return _vague_at(text, toks, i) if mode in ("", "approx", "more", "atleast") else None
    lo, hi, _, j = c
    end = toks[j - 1].end
    if _BAD_AFTER.match(text, end):
        return None
    exact = hi is not None and mode == ""
    if mode in ("between", "from") or (mode == "" and hi is not None):
        # ranges: N - M, N الى M, N او M, بين N و M
        m = re.compile(r"\s*(?:-|الي|حتي|او|و)\s*" if mode == "between" else r"\s*(?:-|الي|حتي|او)\s*").match(text, end)
        if m and j < len(toks) and toks[j].start <= m.end() + 1:
            k = j
            while k < len(toks) and toks[k].start < m.end():
                k += 1
            if k < len(toks):
                c2 = _core(text, toks, k)
                if c2 and c2[1] is not None and hi is not None and c2[0] > hi:
                    return Quantity(toks[i].start, toks[c2[3] - 1].end, lo, c2[1], False)
        if mode in ("between", "from"):
            return None
    if hi is not None:
        if mode == "more":
            lo, hi = lo + 1, None
        elif mode == "atleast":
            hi = None
        elif mode == "less":
            lo, hi = 1, max(1, lo - 1)
    tail = text[end:end + 16]
    for suffix, kind in ((" علي الاقل", "atleast"), (" او اكثر", "atleast"), (" تقريبا", "approx"),
                         (" فاكثر", "atleast")):
        if tail.startswith(suffix):
            end += len(suffix)
            exact = False
            if kind == "atleast":
                hi = None
            break
    return Quantity(toks[i].start, end, lo, hi, exact)


# Words at which _at can find a quantity besides digits: number words, the first word of each prefix phrase and
# the vague amounts (_vague_at).
_START_WORDS = frozenset(
    _PREFIX_BY_FIRST.keys() | {"عدد", "عددا", "العديد", "بعض"} | _VAGUE_WORD.keys() | _NUMBER_WORDS.keys())


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity expression in normalised `text`, left to right, non-overlapping, longest at each point."""
    toks = _tokens(text)
    out: list[Quantity] = []
    starts = _START_WORDS
    i = 0
    while i < len(toks):
        t = toks[i].text
        # only a digit, a number word or a prefix/vague word can start a quantity (anything else: _at gives None)
        if not (t[0].isdigit() or t in starts):
            i += 1
            continue
        q = _at(text, toks, i)
        if q is None:
            i += 1
            continue
        out.append(q)
        while i < len(toks) and toks[i].start < q.end:
            i += 1
    return out


def parse_number(s: str) -> tuple[int, int | None] | None:
    """The (min, max) range of one quantity expression (raw or normalised), or None when it is not one."""
    t = norm(s).strip(" .,;:!?\"'()")
    if not t:
        return None
    toks = _tokens(t)
    if not toks:
        return None
    q = _at(t, toks, 0)
    if q is None or q.end < len(t.rstrip()):
        return None
    return q.min, q.max
