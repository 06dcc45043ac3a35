"""The learned choice of an event's place: candidates from every reading of the article's place names, a ranking
that follows its weights, training from labelled groups, and the shipped file (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from rasd.doc import Doc
from rasd.model import Article
from rasd.output import report_to_dict
from rasd.pipeline import default_pipeline, to_report
from rasd.stages import places_model
from rasd.stages.index import DocIndex
from rasd.stages.logistic import LogisticModel
from rasd.stages.places_model import EVENT, FEATURES, STATIC, candidates, rows, using_model
from rasd.stages.scene import hand_place

PUB = dt.date(2016, 3, 14)
TEXT = ("بيروت - قتل خمسة أشخاص وأصيب عشرون في انفجار سيارة مفخخة في مدينة طرابلس شمال لبنان أمس.\n"
        "وقالت مصادر أمنية إن السيارة انفجرت قرب مسجد في وسط المدينة.")


def _doc() -> Doc:
    doc = Doc(article=Article(id="t", text=TEXT, published=PUB))
    for stage in default_pipeline().stages:
        doc = stage(doc)
    return doc


def _places(model: LogisticModel | None) -> list[str | None]:
    with using_model(model):
        events = report_to_dict(to_report(_doc()))["events"]
    return [(e["place"] or {}).get("name") for e in events]


def _model(**weights: float) -> LogisticModel:
    return LogisticModel(features=FEATURES, weights=tuple(weights.get(f, 0.0) for f in FEATURES))


def test_every_reading_of_every_name_is_a_candidate() -> None:
    doc = _doc()
    ix = DocIndex.of(doc)
    cands = candidates(ix)
    names = {c.mention.span.text for c in cands}
    assert {"بيروت", "طرابلس", "شمال لبنان", "مسجد"} <= names  # a common word's readings too
    assert all(len(c.static) == len(STATIC) for c in cands)
    # Tripoli has namesakes (Libya, Lebanon): both readings of the one name are candidates
    tripoli = {c.place.country for c in cands if c.mention.span.text == "طرابلس"}
    assert {"LB", "LY"} <= tripoli
    ev = doc.events[0]
    anchor = ev.triggers[0].span.start
    hand = hand_place(ix, ev.evidence, ev.sentence, anchor)
    got = rows(ix, hand, ev.evidence, ev.sentence, anchor)
    assert all(len(x) == len(FEATURES) for _, x in got)
    hand_rows = [c for c, x in got if x[len(STATIC) + EVENT.index("hand_choice")] == 1.0]
    assert len(hand_rows) == 1 and hand is not None and hand_rows[0].mention.span == hand.span


def test_the_choice_follows_the_model_weights() -> None:
    rule = _places(None)
    assert rule and rule[0] is not None
    # weights that trust the dateline pick Beirut; weights that trust the hand rule give the rule's places
    assert _places(_model(dateline=5.0))[0] == "Beirut"
    assert _places(_model(hand_choice=5.0)) == rule
    # a province preferred over everything: the event is put in the province, a common word's reading if asked
    assert _places(_model(province=5.0))[0] == "North Governorate"
    assert _places(_model(common_word=5.0, country_share=-5.0))[0] not in ("Beirut", "Tripoli", "North Governorate")


def test_a_model_with_other_features_is_refused() -> None:
    data = {"features": ["bias", "in_clause"], "weights": {"bias": 0.0, "in_clause": 1.0}}
    with pytest.raises(ValueError, match="features"):
        LogisticModel.from_json(data, FEATURES, "places.json")


def _train_places() -> Any:
    path = Path(__file__).resolve().parents[1] / "scripts" / "train_places.py"
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location("train_places", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_learns_which_feature_marks_the_right_reading() -> None:
    pytest.importorskip("numpy")
    train = _train_places().train
    clause = FEATURES.index("in_clause")
    dateline = FEATURES.index("dateline")
    groups = []
    for i in range(40):  # the right reading is in the event's clause; the dateline, never
        right = [1.0] + [0.0] * (len(FEATURES) - 1)
        right[clause] = 1.0
        wrong = [1.0] + [0.0] * (len(FEATURES) - 1)
        wrong[dateline] = 1.0
        wrong[clause] = float(i % 5 == 0)  # sometimes both in the clause: not a perfect separation
        groups.append([(right, 1), (wrong, 0)])
    groups.append([(wrong, 0)])  # a group with no right reading is left out
    model = train(groups)
    assert model.meta["events"] == 40 and model.meta["events_without_right_candidate"] == 1
    assert model.weights[clause] > 0 > model.weights[dateline]


def test_the_shipped_model_loads_with_this_codes_features() -> None:
    model = places_model.shipped()
    assert model.features == FEATURES
    assert model.meta.get("trained_on", {}).get("articles", 0) > 0


def test_labels_mark_the_readings_the_referee_accepts() -> None:
    from rasd.evaluate_match import places_match

    doc = _doc()
    ev = doc.events[0]
    gold = {"doc_id": "t", "places": {"tripoli": {"lat": 34.4367, "lon": 35.8497, "country": "LB"}},
            "events": [{"type": ev.type, "place": "tripoli", "date": None,
                        "evidence": ev.evidence.text}]}
    groups = _train_places().place_groups(doc, gold, places_match)
    assert len(groups) == 1
    ix = DocIndex.of(doc)
    labelled = {(c.mention.span.text, c.place.country): y for c, (_, y) in zip(candidates(ix), groups[0], strict=True)}
    assert labelled[("طرابلس", "LB")] == 1 and labelled[("طرابلس", "LY")] == 0
    assert labelled[("بيروت", "LB")] == 0  # the dateline is 70 km away
