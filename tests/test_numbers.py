"""Number parsing: the quantity table, property tests over digits and generated number words, quantity spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.text.normalise import norm
from rasd.text.numbers import find_quantities, parse_number

DATA = Path(__file__).parent / "data" / "quantity_expressions.tsv"


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expr, lo, hi = line.split("\t")
            rows.append((expr, lo, hi))
    return rows


@pytest.mark.parametrize(("expr", "lo", "hi"), _rows())
def test_table(expr: str, lo: str, hi: str) -> None:
    got = parse_number(expr)
    if lo == "none":
        assert got is None
    else:
        assert got == (int(lo), None if hi == "-" else int(hi))


_SETS = ("0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 999_999), st.sampled_from(_SETS), st.sampled_from(["", ",", ".", "٬"]))
def test_digits_round_trip(n: int, digits: str, sep: str) -> None:
    s = f"{n:,}".replace(",", sep) if sep else str(n)
    s = s.translate(str.maketrans("0123456789", digits))
    assert parse_number(s) == (n, n)


_UNITS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
_TEENS = ["عشرة", "أحد عشر", "اثنا عشر", "ثلاثة عشر", "أربعة عشر", "خمسة عشر", "ستة عشر", "سبعة عشر",
          "ثمانية عشر", "تسعة عشر"]
_TENS = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
_HUNDREDS = ["", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة"]


def _words(n: int, oblique: bool = False) -> str:
    """Write 1..999 in Arabic words, the way a newspaper does (units before tens, joined by و)."""
    parts = []
    h, rest = divmod(n, 100)
    if h:
        parts.append(_HUNDREDS[h].replace("مئتان", "مئتين") if oblique else _HUNDREDS[h])
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    elif rest:
        t, u = divmod(rest, 10)
        if u:
            parts.append(_UNITS[u].replace("اثنان", "اثنين") if oblique else _UNITS[u])
        if t:
            parts.append(_TENS[t].replace("ون", "ين") if oblique else _TENS[t])
    return " و".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999), st.booleans())
def test_words_round_trip(n: int, oblique: bool) -> None:
    assert parse_number(_words(n, oblique)) == (n, n)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 999), st.integers(1, 99))
def test_thousands_words(n: int, k: int) -> None:
    s = _words(k) + (" آلاف" if 3 <= k <= 10 else " ألف") + " و" + _words(n)
    assert parse_number(s) == (k * 1000 + n, k * 1000 + n)


def test_find_quantities_offsets() -> None:
    text = norm("قتل 20 شخصا وأصيب نحو ثلاثين آخرين في 20/1/2022 بنسبة 20% وعشرات الجرحى")
    qs = find_quantities(text)
    assert [(text[q.start:q.end], q.min, q.max, q.exact) for q in qs] == [
        ("20", 20, 20, True), ("نحو ثلاثين", 30, 30, False), ("عشرات", 20, None, False)]


def test_not_quantities() -> None:
    assert find_quantities(norm("يوم الأحد في القرية")) == []
    assert parse_number("") is None
