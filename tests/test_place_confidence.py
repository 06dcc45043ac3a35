"""The place confidence (`place_p`): its features, the stage, the shipped model, its training and its output."""

from __future__ import annotations

import json

import pytest

from rasd.config import Settings
from rasd.model import Article
from rasd.output import event_dict
from rasd.pipeline import Pipeline, default_pipeline
from rasd.stages.logistic import LogisticModel
from rasd.stages.place_confidence import FEATURES, PlaceConfidence, PlaceConfidenceStage, features, shipped_model

# my own short items: one scene named in the event's sentence, and one event told with no place at all
NAMED = "قصفت طائرات حربية بلدة سراقب في ريف إدلب صباح أمس، ما أدى إلى مقتل ثلاثة مدنيين.\n"
NO_PLACE = "قال مسؤول إن مسلحين هاجموا دورية وقتلوا جنديين.\n"


def _bias_only(weight: float, calibration: tuple[float, float] = (0.0, 1.0)) -> PlaceConfidence:
    rest = (0.0,) * (len(FEATURES) - 1)
    return PlaceConfidence(LogisticModel(features=FEATURES, weights=(weight, *rest)), calibration)


def test_default_output_gives_each_place_its_probability_and_none_without_a_place() -> None:
    pipe = default_pipeline()
    named = [e for e in pipe.run(Article(id="a", text=NAMED)).events if e.set_aside is None]
    assert named and named[0].place is not None
    p = event_dict(named[0])["place_p"]
    assert isinstance(p, float) and 0.0 < p < 1.0
    for ev in pipe.run(Article(id="b", text=NO_PLACE)).events:
        assert ev.place is not None or event_dict(ev)["place_p"] is None


def test_the_stage_moves_no_place_and_reads_the_model_it_is_given() -> None:
    without = Pipeline.from_settings(Settings(stages=tuple(s for s in Settings().stages if s != "place_p@1")))
    doc = without.run(Article(id="a", text=NAMED))
    assert all(ev.place_p is None for ev in doc.events)
    high = PlaceConfidenceStage(model=_bias_only(3.0))(doc)
    low = PlaceConfidenceStage(model=_bias_only(-3.0))(doc)
    for before, hi, lo in zip(doc.events, high.events, low.events, strict=True):
        assert hi.place == lo.place == before.place  # the probability moves no decision
        if before.place is not None and before.place.place is not None:
            assert hi.place_p is not None and lo.place_p is not None and hi.place_p > 0.9 > 0.1 > lo.place_p
        else:
            assert hi.place_p is None and lo.place_p is None


def test_features_say_where_the_name_stands() -> None:
    doc = default_pipeline().run(Article(id="a", text=NAMED))
    ev = next(e for e in doc.events if e.place is not None)
    values = dict(zip(FEATURES, features(doc, ev) or (), strict=True))
    assert values["bias"] == 1.0 and values["in_sentence"] == 1.0 and values["log_chars_away"] == 0.0
    assert sum(values[f"precision_{p}"] for p in ("site", "neighbourhood", "city", "district", "governorate",
                                                     "region", "country")) == 1.0


def test_the_model_file_round_trips_and_a_stale_one_fails_loudly() -> None:
    model = _bias_only(0.5, (-0.2, 1.1))
    again = PlaceConfidence.from_json(json.loads(json.dumps(model.to_json())), "x")
    assert again.calibration == (-0.2, 1.1) and again.model.weights == model.model.weights
    assert again.probability((1.0, *(0.0,) * (len(FEATURES) - 1))) != again.raw((1.0, *(0.0,) * (len(FEATURES) - 1)))
    stale = {**model.to_json(), "features": ["bias", "something_else"]}
    with pytest.raises(ValueError, match=r"place_confidence\.json"):
        PlaceConfidence.from_json(stale, "place_confidence.json")
    assert shipped_model().model.features == FEATURES


def test_training_separates_right_from_wrong_places_and_is_deterministic() -> None:
    pytest.importorskip("numpy")
    from rasd.stages.place_confidence_fit import PlaceExample, auc, out_of_fold_probabilities, train_place_confidence

    column = FEATURES.index("in_sentence")

    def example(i: int) -> PlaceExample:
        values = [0.0] * len(FEATURES)
        values[0] = 1.0
        values[column] = float(i % 2 == 0)
        right = (i % 2 == 0) == (i % 7 != 0)  # in the sentence: mostly right; elsewhere: mostly wrong
        return PlaceExample(tuple(values), int(right), f"d{i}")

    examples = [example(i) for i in range(80)]
    model = train_place_confidence(examples)
    inside, outside = examples[0].values, examples[1].values
    assert model.probability(inside) > 0.7 > 0.3 > model.probability(outside)
    assert train_place_confidence(examples) == model  # same examples, same model
    oof = out_of_fold_probabilities(examples)
    assert len(oof) == len(examples) and auc(oof) > 0.8
    with pytest.raises(ValueError, match="right and of wrong"):
        train_place_confidence([e for e in examples if e.label])


def test_auc_counts_ties_as_half() -> None:
    from rasd.stages.place_confidence_fit import auc

    assert auc([(0.9, 1), (0.1, 0)]) == 1.0
    assert auc([(0.1, 1), (0.9, 0)]) == 0.0
    assert auc([(0.5, 1), (0.5, 0)]) == 0.5
    assert auc([(0.5, 1)]) == 0.5  # one label only
