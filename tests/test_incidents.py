"""Incident merging and eventivity models: their JSON form, training, and what a model decides (sentences written
for these tests; hand-set weights make each decision certain)."""

from __future__ import annotations

import datetime as dt

import pytest

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Actor, Article, Count, Mention, Trigger
from rasd.pipeline import to_report
from rasd.stages import eventivity, incidents
from rasd.stages.claims import ClaimsStage
from rasd.stages.events import build_events
from rasd.stages.incidents import MergeStage, learned_merge_events, pair_features, rule_merge_events
from rasd.stages.incidents_fit import fit_logistic
from rasd.stages.logistic import LogisticModel, keyed_probability, tail_weights
from rasd.stages.text import TextStage

ISIS = Actor(id="ISIS", name="Islamic State", kind="armed_group")
TEXT = ("هاجم تنظيم داعش حاجزا للجيش في المدينة أمس. "
        "وقالت مصادر إن المهاجمين قتلوا ثلاثة جنود. "
        "وفي سياق آخر هاجم تنظيم داعش قرية بعيدة بعد يومين.")


def _doc() -> Doc:
    doc = TextStage()(Doc(article=Article(id="t", text=TEXT, published=dt.date(2015, 7, 25))))
    mentions = []
    start = 0
    while (i := TEXT.find("تنظيم داعش", start)) >= 0:
        mentions.append(Mention(span=doc.span(i, i + len("تنظيم داعش")), actor=ISIS))
        start = i + 1
    triggers = []
    start = 0
    for word in ("هاجم", "قتلوا", "هاجم"):
        i = TEXT.find(word, start)
        triggers.append(Trigger(span=doc.span(i, i + len(word)), type="ASSAULT", pos="verb"))
        start = i + len(word)
    i = TEXT.index("ثلاثة جنود")
    toll = Count(span=doc.span(i, i + len("ثلاثة جنود")), kind="killed", min=3, max=3)
    doc = doc.assign("test", "0", mentions=tuple(mentions), triggers=tuple(triggers), counts=(toll,))
    doc = doc.assign("events", "1", events=build_events(doc, Settings())[0])
    return ClaimsStage()(doc)


def _model(features: tuple[str, ...], bias: float, **weights: float) -> LogisticModel:
    return LogisticModel(features=features, weights=tuple(bias if f == "bias" else weights.get(f, 0.0)
                                                          for f in features))


def test_model_json_round_trip_and_feature_check() -> None:
    model = _model(incidents.FEATURES, -1.0, same_sentence=2.0)
    again = LogisticModel.from_json(model.to_json(), incidents.FEATURES, "test")
    assert again.weights == model.weights and again.threshold == model.threshold
    with pytest.raises(ValueError, match="features"):
        LogisticModel.from_json(model.to_json(), eventivity.FEATURES, "test")


def test_shipped_models_match_the_code() -> None:
    assert incidents.shipped_model().features == incidents.FEATURES
    model = eventivity.shipped_model()
    assert model.features[:len(eventivity.FEATURES)] == eventivity.FEATURES
    assert eventivity.model_keys(model) and all(n.startswith(eventivity.TAIL)
                                                   for n in model.features[len(eventivity.FEATURES):])
    # past the code's features, only a vocabulary of the open prefix may follow
    data = {**model.to_json(), "features": [*model.features, "other_x"]}
    data["weights"] = {**data["weights"], "other_x": 0.0}
    with pytest.raises(ValueError, match="features"):
        LogisticModel.from_json(data, eventivity.FEATURES, "test", open_tail=eventivity.TAIL)


def test_keyed_probability_reads_the_tail_by_key() -> None:
    model = LogisticModel(features=("bias", "x", "key_a", "key_b"), weights=(-1.0, 2.0, 0.5, -3.0))
    by_key = tail_weights(model, "key_")
    assert by_key == {"a": 0.5, "b": -3.0}
    assert keyed_probability(model, [1.0, 0.5], by_key, ["a"]) == pytest.approx(model.probability([1.0, 0.5, 1.0, 0.0]))
    assert keyed_probability(model, [1.0, 0.5], by_key, ["b", "unknown"]) == pytest.approx(
        model.probability([1.0, 0.5, 0.0, 1.0]))
    assert keyed_probability(model, [1.0, 0.0, 1.0], {}, []) == pytest.approx(model.probability([1.0, 0.0, 1.0, 0.0]))
    with pytest.raises(ValueError, match="5 values"):
        keyed_probability(model, [1.0] * 5, by_key, [])


def test_fit_penalises_the_tail_more_when_asked() -> None:
    rows = [([1.0, float(i % 2), float(i % 3 == 0)], int(i % 2 == 1 or i % 7 == 0)) for i in range(60)]
    plain, tight = fit_logistic(rows), fit_logistic(rows, tail=(2, 50.0))
    assert plain[:2] != tight[:2] and abs(tight[2]) < abs(plain[2])


def test_fit_is_deterministic_and_finds_the_signal() -> None:
    rows = [([1.0, float(i % 2), float(i % 3 == 0)], int(i % 2 == 1 or i % 7 == 0)) for i in range(60)]
    w1, w2 = fit_logistic(rows), fit_logistic(rows)
    assert w1 == w2
    assert w1[1] > 1.0 > abs(w1[2])


def test_a_model_decides_what_merges() -> None:
    doc = _doc()
    events = list(doc.events)
    assert len(events) == 3
    assert len(pair_features(doc, events[0], events[1], 0)) == len(incidents.FEATURES)
    everything = _model(incidents.FEATURES, 10.0)
    nothing = _model(incidents.FEATURES, -10.0)
    assert len(learned_merge_events(events, doc, everything)) == 1
    assert len(learned_merge_events(events, doc, nothing)) == 3
    # a toll sentence right after its attack joins it, the attack two days later stays apart
    adjacent = _model(incidents.FEATURES, -5.0, adjacent_sentence=10.0)
    merged = learned_merge_events(events, doc, adjacent)
    assert len(merged) == 2 and merged[0].killed is not None
    assert len(rule_merge_events(events, doc)) == 2


def test_eventivity_drops_what_its_model_rejects() -> None:
    doc = _doc()
    keep_tolls = _model(eventivity.FEATURES, -5.0, counts=10.0)
    out = to_report(MergeStage(rule=True, eventivity=keep_tolls, filter_events=True)(doc))
    assert len(out.events) == 1 and out.events[0].killed is not None
    assert len(out.set_aside) == 1 and "eventivity" in (out.set_aside[0].set_aside or "")
