"""The normalisation layer: letter forms, digits, punctuation, and the offset map back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.text.normalise import norm, normalise, normalise_char

CASES = [
    ("قُتِلَ", "قتل"),
    ("الحسكـــة", "الحسكه"),
    ("أحمد إبراهيم آمنة ٱلله", "احمد ابراهيم امنه الله"),
    ("مستشفى", "مستشفي"),
    ("مؤتمر رئيس", "موتمر رييس"),
    ("٢٠/١/٢٠٢٢", "20/1/2022"),
    ("۱۲۳", "123"),
    ("قال، ثم؛ لماذا؟", "قال, ثم; لماذا?"),
    ("«قسد»", '"قسد"'),
    ("٣٬٥٠٠", "3,500"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_norm(raw: str, expected: str) -> None:
    assert norm(raw) == expected
    assert normalise(raw).text == expected


def test_span_maps_back_over_dropped_marks() -> None:
    raw = "هاجمَ تنظيمُ داعشَ الحسكـــةَ"
    nt = normalise(raw)
    i = nt.text.index("داعش")
    s, e = nt.to_original(i, i + 4)
    assert raw[s:e] == "داعشَ"[:4] or raw[s:e].startswith("داعش")
    j = nt.text.index("الحسكه")
    assert nt.original_text(j, j + len("الحسكه")).replace("ـ", "") == "الحسكة"


def test_bad_span_raises() -> None:
    with pytest.raises(ValueError):
        normalise("abc").to_original(2, 10)


ARABIC = st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةأإآؤئءـًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩۰۱، «»؟.\n")),
                 max_size=60)


@given(ARABIC)
def test_every_normalised_char_comes_from_its_original(text: str) -> None:
    nt = normalise(text)
    assert len(nt.index) == len(nt.text)
    assert list(nt.index) == sorted(set(nt.index))
    for k, ch in enumerate(nt.text):
        orig = text[nt.index[k]]
        assert norm(orig) == ch or (ch == " " and orig.isspace()) or ch == "\n"


@given(ARABIC, st.data())
def test_spans_map_back_to_original_characters(text: str, data: st.DataObject) -> None:
    nt = normalise(text)
    n = len(nt.text)
    s = data.draw(st.integers(0, n))
    e = data.draw(st.integers(s, n))
    os_, oe = nt.to_original(s, e)
    assert 0 <= os_ <= oe <= len(text)
    # normalising the original span gives back the normalised span (whitespace aside)
    assert normalise(text[os_:oe]).text.split() == nt.text[s:e].split()


def test_a_prefix_is_cut_from_the_normalised_whole() -> None:
    from rasd.text.normalise import normalise

    text = "قصفُ الطائراتِ\u00a0مدينةَ حلب"
    for end in range(len(text) + 1):
        cut, whole = normalise(text).prefix(end), normalise(text[:end])
        assert (cut.original, cut.text, list(cut.index)) == (whole.original, whole.text, list(whole.index))


# A sentence written for this test, and the same words in Arabic presentation forms (as PDFs and some old sites
# write them: one glyph per letter shape, lam-alef as one ligature).
PLAIN = "أسفر القصف عن سقوط جرحى خلال الليل بلا إنذار"
SHAPED = "ﺃﺳﻔﺮ ﺍﻟﻘﺼﻒ ﻋﻦ ﺳﻘﻮﻁ ﺟﺮﺣﻰ ﺧﻼﻝ ﺍﻟﻠﻴﻞ ﺑﻼ ﺇﻧﺬﺍﺭ"


def test_presentation_forms_read_as_the_letters_they_show() -> None:
    n = normalise(SHAPED)
    assert n.text == normalise(PLAIN).text == norm(SHAPED)
    assert len(n.text) == len(n.index)
    # each letter of a lam-alef ligature maps back to the ligature
    at = n.text.index("بلا")
    assert n.original_text(at, at + 3) == "ﺑﻼ"
    assert n.original_text(at + 1, at + 3) == "ﻼ"
    assert normalise_char("ﻻ") == "لا" and normalise_char("ﺟ") == "ج" and normalise_char("ﹰ") == ""


def test_plain_text_keeps_its_identity_map() -> None:
    n = normalise(PLAIN)
    assert isinstance(n.index, range)
