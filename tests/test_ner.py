"""Tests for the CRF name tagger: tokeniser offsets, sentence cuts, the shipped model on invented sentences."""

from __future__ import annotations

import itertools
import json
from importlib import resources

import pytest

from rasd.ner import (
    ATTRIBUTES_FILE,
    FeatureConfig,
    FeatureExtractor,
    NameTagger,
    _propagate_persons,
    chunks,
    model_attributes,
    read_attributes,
    sentences,
    stem,
    tokenise,
    write_attributes,
)
from rasd.text.normalise import norm, normalise


def words(text: str) -> list[str]:
    text = normalise(text).text
    return [text[s:e] for s, e in tokenise(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(بغداد) قصف، 15% و6.3 مليون", ["(", "بغداد", ")", "قصف", ",", "15%", "و", "6.3", "مليون"]),
        ('قال: "لا".', ["قال", ":", '"', "لا", '"', "."]),
        ("بلغ 1,500 قتيل؟", ["بلغ", "1,500", "قتيل", "?"]),
        ("  ", []),
    ],
)
def test_tokenise(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    "text",
    ["قال الرئيس: «سنرد».\nوأضاف (مساءً) أن ٣ جنود قُتلوا!", "abc-def 12.5%ب  وبالمدينة ...", "إلى مدينةِ حمص، اليوم"],
)
def test_tokens_round_trip(text: str) -> None:
    nt = normalise(text)
    spans = tokenise(nt.text)
    assert "".join(nt.text[s:e] for s, e in spans) == "".join(nt.text.split())
    for (s, e), (s2, _) in itertools.pairwise(spans):
        assert s < e <= s2
        assert nt.text[e:s2].strip() == ""
    for s, e in spans:  # each token maps back to original characters that normalise to it
        os_, oe = nt.to_original(s, e)
        assert norm(text[os_:oe]) == nt.text[s:e]


def test_sentences_cut_after_stops_and_newlines() -> None:
    text = normalise("جاء زيد. ذهب عمرو\nثم عاد؟ نعم").text
    spans = tokenise(text)
    got = [[text[s:e] for s, e in spans[i:j]] for i, j in sentences(text, spans)]
    assert got == [["جاء", "زيد", "."], ["ذهب", "عمرو"], ["ثم", "عاد", "?"], ["نعم"]]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("والمدينه", "مدينه"), ("بالجيش", "جيش"), ("للامم", "امم"), ("وحمص", "حمص"), ("لك", "لك"), ("حمص", "حمص")],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_chunks_conll_style() -> None:
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-ORG", "I-PERS", "B-LOC"]
    assert chunks(tags) == [(0, 2, "PERS"), (3, 5, "LOC"), (5, 6, "ORG"), (6, 7, "PERS"), (7, 8, "LOC")]


def test_propagate_persons_tags_bare_surname_with_clitic() -> None:
    sents = [["قال", "مازن", "الشامي", "."], ["واكد", "والشامي", "ذلك", "."], ["ذهب", "الشامي", "وحده"]]
    tags = [["O", "B-PERS", "I-PERS", "O"], ["O", "O", "O", "O"], ["O", "O", "O"]]
    _propagate_persons(sents, tags)
    assert tags[1] == ["O", "B-PERS", "O", "O"]
    assert tags[2] == ["O", "B-PERS", "O"]


@pytest.fixture(scope="module")
def tagger() -> NameTagger:
    return NameTagger.load()


def found(tagger: NameTagger, text: str) -> set[tuple[str, str]]:
    nt = normalise(text)
    return {(nt.text[s:e], label) for s, e, label in tagger.tag(nt)}


def test_load_is_cached(tagger: NameTagger) -> None:
    assert NameTagger.load() is tagger


def test_manifest_matches_model(tagger: NameTagger) -> None:
    import hashlib

    data = resources.files("rasd").joinpath("resources", "data")
    meta = json.loads(data.joinpath("ner.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(data.joinpath("ner.crfsuite").read_bytes()).hexdigest() == meta["sha256"]
    assert meta["licence"] and meta["features"] == tagger.manifest["features"]


def test_attribute_list_is_the_models(tagger: NameTagger) -> None:
    data = resources.files("rasd").joinpath("resources", "data")
    known = read_attributes(data.joinpath(ATTRIBUTES_FILE), tagger.manifest["sha256"])
    assert known is not None and known == frozenset(model_attributes(tagger._tagger))
    assert tagger.features._known is known or tagger.features._known == known


def test_attribute_list_of_another_model_is_not_read(tagger: NameTagger, tmp_path) -> None:
    path = tmp_path / ATTRIBUTES_FILE
    write_attributes(path, tagger._tagger, "0" * 64)
    assert read_attributes(path, "0" * 64)
    with pytest.warns(UserWarning, match="another model"):
        assert read_attributes(path, "1" * 64) is None
    assert read_attributes(tmp_path / "missing.txt.gz", "0" * 64) is None


@pytest.mark.parametrize(
    "config",
    [FeatureConfig(), FeatureConfig(bigrams=True, window=1), FeatureConfig(window=3, stem_neighbours=False,
                                                                           neighbour_suffix=False)],
)
def test_features_known_to_the_model_are_all_it_sees(tagger: NameTagger, config: FeatureConfig) -> None:
    """Leaving out attributes the model has no weight for keeps every other one, in the same order."""
    sents = [words("قال الرئيس سامر الخطيب إن قوات الجيش دخلت مدينة حماة."), words("نعم"), words("في حمص")]
    every = FeatureExtractor(config)
    known = frozenset(model_attributes(tagger._tagger))
    kept = FeatureExtractor(config, known)
    for s in sents:
        full, short = every.sentence(s), kept.sentence(s)
        assert len(full) == len(short) == len(s) and sum(map(len, short)) < sum(map(len, full))
        assert [[f for f in fs if f in known] for fs in full] == short
    first = every.sentence(sents[0])
    assert "BOS" in first[0] and "EOS" in first[-1] and "w-1=<s>" in first[0] and "w+1=</s>" in first[-1]
    assert ("w-1=" + sents[0][0]) in first[1] and ("w+1=" + sents[0][1]) in first[0]


def test_tags_with_and_without_the_attribute_list(tagger: NameTagger) -> None:
    every = NameTagger(tagger._tagger, FeatureConfig(**tagger.manifest["features"]))
    nt = normalise("وقال العميد هاني السعدي في مدينة الموصل إن حركة النجباء أعلنت مسؤوليتها.")
    assert tagger.tag(nt) == every.tag(nt) and tagger.tag(nt)


def test_person_after_title(tagger: NameTagger) -> None:
    got = found(tagger, "وصل الرئيس سليم الحداد إلى العاصمة صباح اليوم.")
    assert ("سليم الحداد", "PERS") in got


def test_person_after_sheikh(tagger: NameTagger) -> None:
    got = found(tagger, "قال الشيخ مروان الطحان إن الوضع هادئ.")
    assert ("مروان الطحان", "PERS") in got


def test_place_after_city(tagger: NameTagger) -> None:
    got = found(tagger, "سقطت قذيفة على مدينة سلوان مساء الخميس.")
    assert ("سلوان", "LOC") in got


def test_organisation_after_movement(tagger: NameTagger) -> None:
    got = found(tagger, "أعلنت حركة أنصار الوادي مسؤوليتها عن الهجوم.")
    assert ("انصار الوادي", "ORG") in got


def test_only_public_labels_and_plain_words_untagged(tagger: NameTagger) -> None:
    nt = normalise("وقال إن الاجتماع سيعقد غدا لبحث الأوضاع.")
    assert tagger.tag(nt) == []
    nt = normalise("التقى الرئيس سليم الحداد وفد الأمم المتحدة في بغداد، وقال الحداد إن اللقاء كان مثمرا.")
    labels = {label for _, _, label in tagger.tag(nt)}
    assert labels and labels <= {"PERS", "ORG", "LOC"}


def test_spans_map_back_to_original(tagger: NameTagger) -> None:
    text = "أعلنَ الرئيسُ سليمٌ الحدّاد أنّ قوات الأمن دخلت مدينةَ سلوان، بحسب مصادر."
    nt = normalise(text)
    spans = tagger.tag(nt)
    assert spans
    texts = set()
    for s, e, _ in spans:
        os_, oe = nt.to_original(s, e)
        assert norm(text[os_:oe]) == nt.text[s:e]
        texts.add(text[os_:oe])
    assert "سليمٌ الحدّاد" in texts


def test_propagation_skips_first_names_and_folded_prepositions() -> None:
    sents = [["قال", "علي", "الشامي", "."], ["وقع", "الهجوم", "علي", "القريه", "."]]
    tags = [["O", "B-PERS", "I-PERS", "O"], ["O", "O", "O", "O", "O"]]
    _propagate_persons(sents, tags)
    assert tags[1] == ["O", "O", "O", "O", "O"]
