"""The token layer: words with offsets, normalised once; any slice reads exactly what `norm` gives for it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.text.normalise import norm
from rasd.text.tokens import Tokens, split_clitics, without_conjunction

# Letters, clitics, diacritics, tatweel, digits and every kind of space normalisation treats specially.
_ALPHABET = [*"وفبلكالقصفمدينةأإآىئؤ", "\u064e", "\u0651", "\u0640", "\u200c", "\u00a0", "\u2009", " ", "\n", "٣", "۴",
             "،", "«", "»", "5"]


def test_words_keep_their_offsets_in_the_original() -> None:
    text = "قصفت الطائراتُ\u00a0مدينةَ  حلب،\nأمس"
    toks = Tokens(text)
    assert [t.norm for t in toks.words] == ["قصفت", "الطايرات", "مدينه", "حلب,", "امس"]
    assert [text[t.start:t.end] for t in toks.words] == ["قصفت", "الطائراتُ", "مدينةَ", "حلب،", "أمس"]


def test_a_word_cut_by_the_window_gives_its_part() -> None:
    text = "وقال المرصد إن مسلحين هاجموا"
    toks = Tokens(text)
    pos = text.index("مسلحين")
    assert toks.before(pos, 9) == norm(text[pos - 9:pos]).split() == ["لمرصد", "ان"]
    assert toks.after(pos, 8) == ["مسلحين", "ه"]


def test_runs_of_diacritics_alone_are_no_words() -> None:
    text = "قصف \u064e\u0651 \u0640 مدينة"
    toks = Tokens(text)
    assert [t.norm for t in toks.words] == ["قصف", "مدينه"]
    assert toks.normalised(0, len(text)) == "قصف مدينه"


def test_the_word_at_an_offset() -> None:
    text = "في بغداد اليوم"
    toks = Tokens(text)
    word = toks.at(text.index("غداد"))
    assert word is not None and text[word.start:word.end] == "بغداد"
    assert toks.at(2) is None  # the space


def test_clitics_are_split_off_where_a_base_remains() -> None:
    assert split_clitics("وبالمدينه") == ("وبال", "مدينه")
    assert split_clitics("للجيش") == ("لل", "جيش")
    assert split_clitics("فالقوات") == ("فال", "قوات")
    assert split_clitics("والي") == ("و", "الي")  # ال would leave a single letter
    assert split_clitics("بلد") == ("", "بلد")  # a preposition alone, with no article or conjunction, stays
    assert split_clitics("ولد") == ("", "ولد")  # too short to lose its و
    assert Tokens("وبالمدينة").words[0].base == "مدينه"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="وفبكلالمدينه", max_size=8))
def test_without_conjunction_drops_what_split_clitics_splits_first(word: str) -> None:
    clitics, base = split_clitics(word)
    assert without_conjunction(word) == (clitics[1:] + base if clitics[:1] in ("و", "ف") else word)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(-5, 70), st.integers(-5, 70))
def test_any_slice_reads_what_norm_gives(text: str, a: int, b: int) -> None:
    start, end = min(a, b), max(a, b)
    toks = Tokens(text)
    expected = norm(text[max(0, start):max(0, end)])
    assert toks.normalised(start, end) == expected
    assert toks.between(start, end) == expected.split()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_every_word_is_its_span_of_the_original_normalised(text: str) -> None:
    toks = Tokens(text)
    assert [t.norm for t in toks.words] == norm(text).split()
    for t in toks.words:
        assert norm(text[t.start:t.end]) == t.norm
        assert toks.at(t.start) == t


def test_located_words_carry_their_offsets() -> None:
    text = "قال مسؤول: قتل خمسة، أمس."
    toks = Tokens(text)
    assert toks.located(0, len(text)) == [(t.start, t.end, t.norm) for t in toks.words]
    assert [w for _, _, w in toks.located(2, 6)] == ["ل", "مس"]  # cut by the range, as `between`
    assert [w for _, _, w in toks.located(2, 6, whole=True)] == ["قال", "مسوول:"]  # or whole, as `words`
    assert toks.located(3, 4) == []  # the space between two words


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(-5, 70), st.integers(-5, 70))
def test_located_reads_what_between_reads(text: str, a: int, b: int) -> None:
    start, end = min(a, b), max(a, b)
    toks = Tokens(text)
    located = toks.located(start, end)
    assert [w for _, _, w in located] == toks.between(start, end)
    whole = {(t.start, t.end): t.norm for t in toks.words}
    for s, e, w in located:  # a word not cut by the range is the token at its offsets
        if (s, e) in whole and max(0, start) <= s and e <= end:
            assert whole[(s, e)] == w


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(-5, 70), st.integers(-5, 70))
def test_located_whole_is_every_word_that_overlaps(text: str, a: int, b: int) -> None:
    start, end = min(a, b), max(a, b)
    toks = Tokens(text)
    expected = [(t.start, t.end, t.norm) for t in toks.words if t.start < end and t.end > start] if start < end else []
    assert toks.located(start, end, whole=True) == expected
