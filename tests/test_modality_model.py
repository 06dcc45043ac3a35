"""The learned modality decision: the shipped model, the modality@1 stage and the training labels."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from rasd.config import DEFAULT_STAGES, Settings
from rasd.model import Article, Modality
from rasd.pipeline import Pipeline
from rasd.stages.index import DocIndex
from rasd.stages.logistic import LogisticModel
from rasd.stages.modality_model import (
    CLASSES,
    FEATURES,
    TAIL,
    ModalityModels,
    ModalityStage,
    choose,
    features,
    hand_kept,
    marking_cue,
    modality_keys,
    shipped_models,
)

PUB = dt.date(2015, 7, 25)
# Short news items written for these tests.
REPORTED_BY_MEDIA = "قتل ثلاثة مدنيين في قصف على بلدة دوما بريف دمشق أمس، حسب ما ذكرت وسائل إعلام محلية."
REPORTED_BY_HEARSAY = "قصفت قوات النظام بلدة دوما بريف دمشق أمس، ما أدى إلى مقتل ثلاثة مدنيين بحسب أنباء متداولة."
OUTLET_VOICE = "قصفت قوات النظام بلدة دوما بريف دمشق أمس."
MONITOR = "أفاد المرصد السوري لحقوق الإنسان بأن قوات النظام قصفت بلدة دوما بريف دمشق أمس."
HAND = tuple(s for s in DEFAULT_STAGES if s != "modality@1")  # events with the hand cue rule's modality
LEARNED = (*HAND, "modality@1")


def run(text: str, stages: tuple[str, ...]) -> list[tuple[str, str]]:
    doc = Pipeline.from_settings(Settings(stages=stages))(Article(id="t", text=text, published=PUB))
    return [(e.type, e.modality) for e in doc.events]


def test_shipped_models_load_and_match_the_code() -> None:
    models = shipped_models()
    assert {"asserted", "reported", "alleged"} <= set(models.models) <= set(CLASSES)
    assert all(m.features[:len(FEATURES)] == FEATURES for m in models.models.values())
    assert all(n.startswith(TAIL) for m in models.models.values() for n in m.features[len(FEATURES):])
    assert models.models["asserted"].meta["examples"] > 1000  # trained on the gold articles, not a toy
    assert models.models["asserted"].meta["keys"] > 100  # and the words its training events share


def test_a_stale_model_file_fails_loudly() -> None:
    data = shipped_models().to_json()
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match=r"modality\.json: its features"):
        ModalityModels.from_json(json.loads(json.dumps(data)), "modality.json")
    data = shipped_models().to_json()
    data["models"]["maybe"] = data["models"]["asserted"]
    with pytest.raises(ValueError, match="not among"):
        ModalityModels.from_json(data, "modality.json")


def test_round_trip_through_json() -> None:
    models = shipped_models()
    again = ModalityModels.from_json(json.loads(json.dumps(models.to_json())), "x")
    assert set(again.models) == set(models.models)
    for c, m in models.models.items():
        assert again.models[c].weights == pytest.approx(m.weights, abs=1e-6)


def test_modality_stage_runs_after_merging() -> None:
    if "modality@1" in DEFAULT_STAGES:  # when it is the default, it relabels the merged events
        assert DEFAULT_STAGES.index("modality@1") > DEFAULT_STAGES.index("merge@1")
    pipe = Pipeline.from_settings(Settings(stages=LEARNED))
    assert [s.name for s in pipe.stages][-1] == "modality"


def test_an_attribution_the_hand_rule_misses_makes_the_event_reported() -> None:
    # "بحسب أنباء": hearsay, with no source for the hand rule to name; it keeps asserted
    assert run(REPORTED_BY_HEARSAY, HAND) == [("ASSAULT", "asserted")]
    assert run(REPORTED_BY_HEARSAY, LEARNED) == [("ASSAULT", "reported")]


# "حسب ما ذكرت وسائل إعلام محلية." ends its sentence: since claims@1 version 5 the hand rule names that source too
@pytest.mark.parametrize(("text", "modality"), [(OUTLET_VOICE, "asserted"), (MONITOR, "reported"),
                                                (REPORTED_BY_MEDIA, "reported")])
def test_clear_cases_keep_the_hand_rules_class(text: str, modality: str) -> None:
    assert run(text, HAND) == run(text, LEARNED) == [("ASSAULT", modality)]


def test_the_stage_keeps_the_events_and_their_arguments() -> None:
    article = Article(id="t", text=f"{REPORTED_BY_MEDIA}\n{MONITOR}", published=PUB)
    hand = Pipeline.from_settings(Settings(stages=HAND))(article)
    learned = Pipeline.from_settings(Settings(stages=LEARNED))(article)
    assert hand.events
    assert [(e.type, e.evidence, e.actors, e.recipients, e.sources) for e in learned.events] == [
        (e.type, e.evidence, e.actors, e.recipients, e.sources) for e in hand.events]
    assert learned.versions["modality"] == "5"


def test_a_model_that_knows_one_class_gives_it_to_every_event() -> None:
    doc = Pipeline.from_settings(Settings(stages=HAND)).run(Article(id="t", text=MONITOR, published=PUB))
    only = LogisticModel(features=FEATURES, weights=tuple([5.0] + [0.0] * (len(FEATURES) - 1)))
    out = ModalityStage(models=ModalityModels(models={"future": only}))(doc)
    assert [e.modality for e in out.events] == ["future"]
    assert all(e.modality_cue is None for e in out.events)  # no future cue in the sentence to show


@pytest.mark.parametrize(("text", "modality"), [
    ("نفى الجيش أن تكون طائراته قصفت القرية أمس.", "denied"),  # a denial verb
    ("قال مسؤول محلي إن مسلحين لم يهاجموا القرية أمس.", "denied"),  # a particle right before the verb
    ("اتهمت الحكومة المسلحين بمهاجمة القرية أمس.", "alleged"),  # an accusation verb
    ("ومن المحتمل أن يهاجم التنظيم مخيم الهول في الأيام المقبلة.", "speculative"),  # a hedge
    ("سيشن الجيش هجوما على مواقع المسلحين في المدينة الأسبوع المقبل.", "future"),
])
def test_classes_marked_by_their_words_keep_the_hand_rules_class(text: str, modality: str) -> None:
    doc = Pipeline.from_settings(Settings(stages=HAND)).run(Article(id="t", text=text, published=PUB))
    ev = doc.events[-1]
    ix = DocIndex.of(doc)
    assert ev.modality == modality and hand_kept(ev.modality, marking_cue(doc, ix, ev))
    only = LogisticModel(features=FEATURES, weights=tuple([5.0] + [0.0] * (len(FEATURES) - 1)))
    out = ModalityStage(models=ModalityModels(models={"reported": only}))(doc)
    assert out.events[-1] == ev  # the models would say reported; the cue's class stays
    assert choose(ModalityModels(models={"reported": only}), features(doc, ix, ev), ev.modality,
                  marking_cue(doc, ix, ev)) == modality


@pytest.mark.parametrize("text", [
    "ولم يكن الجيش يقصف القرية وحدها أمس.",  # the particle negates another verb
    "لم تقصف الطائرات المدينة سوى مرة واحدة أمس.",  # an exception after it: they struck once
])
def test_a_particle_that_does_not_deny_the_event_is_read_by_the_models(text: str) -> None:
    # held out, the hand rule's "denied" from such a particle was right for none of 12 paired events
    doc = Pipeline.from_settings(Settings(stages=HAND)).run(Article(id="t", text=text, published=PUB))
    ev = doc.events[0]
    ix = DocIndex.of(doc)
    assert ev.modality == "denied" and ev.modality_cue is not None
    assert marking_cue(doc, ix, ev) is None and not hand_kept(ev.modality, marking_cue(doc, ix, ev))
    only = LogisticModel(features=FEATURES, weights=tuple([5.0] + [0.0] * (len(FEATURES) - 1)))
    out = ModalityStage(models=ModalityModels(models={"asserted": only}))(doc)
    assert [e.modality for e in out.events] == ["asserted"]


def test_before_merging_the_stage_leaves_the_hand_rules_modality() -> None:
    # scripts/train_merge.py runs the stages up to merging: the merging was fitted on the hand rule's modality
    stages = [s for s in Pipeline.from_settings(Settings(stages=LEARNED)).stages if s.name != "merge"]
    only = LogisticModel(features=FEATURES, weights=tuple([5.0] + [0.0] * (len(FEATURES) - 1)))
    from rasd.doc import Doc

    doc = Doc(article=Article(id="t", text=MONITOR, published=PUB))
    for stage in stages:
        doc = ModalityStage(models=ModalityModels(models={"future": only}))(doc) if stage.name == "modality" \
            else stage(doc)
    assert [e.modality for e in doc.events] == ["reported"]


def test_every_event_has_one_value_per_feature() -> None:
    doc = Pipeline.from_settings(Settings(stages=HAND)).run(
        Article(id="t", text=f"{OUTLET_VOICE}\n{REPORTED_BY_MEDIA}\n{MONITOR}", published=PUB))
    ix = DocIndex.of(doc)
    rows = [features(doc, ix, ev) for ev in doc.events]
    assert rows and all(len(r) == len(FEATURES) for r in rows)


def test_the_keys_are_the_words_of_who_tells_and_of_the_sentence_without_names() -> None:
    text = f"{OUTLET_VOICE}\nوأفاد ناشطون بأن مسلحين خطفوا ثلاثة مهندسين قرب حلب أمس."
    doc = Pipeline.from_settings(Settings(stages=HAND)).run(Article(id="t", text=text, published=PUB))
    ix = DocIndex.of(doc)
    kidnap = next(ev for ev in doc.events if ev.sentence == 1)
    keys = modality_keys(doc, ix, kidnap)
    assert list(keys) == sorted(set(keys))
    assert {"att:افاد", "sent:مسلحين", "sent:مهندسين"} <= set(keys)
    assert "sent:حلب" not in keys  # a place's name tells which town, not who tells
    assert any(k.startswith("sent:1000/") for k in keys) and any(k.startswith("sent:200/") for k in keys)
    assert any(k.startswith("patt:") for k in keys) is False  # no attribution in the sentence before
    first = next(ev for ev in doc.events if ev.sentence == 0)
    assert not any(k.startswith(("att:", "src:")) for k in modality_keys(doc, ix, first))


def test_a_key_weighs_in_the_decision() -> None:
    doc = Pipeline.from_settings(Settings(stages=HAND)).run(Article(id="t", text=OUTLET_VOICE, published=PUB))
    ev = doc.events[0]
    rest = tuple([0.0] * (len(FEATURES) - 1))
    keyed = LogisticModel(features=(*FEATURES, f"{TAIL}sent:قصفت"), weights=(-1.0, *rest, 4.0))
    flat = LogisticModel(features=FEATURES, weights=(0.0, *rest))
    models = ModalityModels(models={"asserted": flat, "reported": keyed})
    values = features(doc, DocIndex.of(doc), ev)
    keys = modality_keys(doc, DocIndex.of(doc), ev)
    assert "sent:قصفت" in keys
    assert models.decide(values, keys)[0] == "reported"
    assert models.decide(values, ())[0] == "asserted"
    again = ModalityModels.from_json(json.loads(json.dumps(models.to_json())), "x")
    assert again.decide(values, keys)[0] == "reported"


@pytest.mark.parametrize(("text", "agency"), [
    (f"صنعاء - وكالة الأنباء اليمنية: {OUTLET_VOICE}", True),  # a dateline naming an agency
    (f"{OUTLET_VOICE} (مراسلنا في دمشق)", True),  # a sign-off
    (OUTLET_VOICE, False),
])
def test_an_agency_at_the_articles_edges_is_read_from_the_cue_list(text: str, agency: bool) -> None:
    doc = Pipeline.from_settings(Settings(stages=HAND)).run(Article(id="t", text=text, published=PUB))
    assert doc.events
    column = FEATURES.index("doc_agency")
    assert {features(doc, DocIndex.of(doc), ev)[column] for ev in doc.events} == {float(agency)}


def test_training_labels_come_from_the_paired_gold_event_and_training_is_deterministic() -> None:
    pytest.importorskip("numpy")
    from rasd.stages.modality_fit import accuracy, modality_examples, train_modality

    doc = Pipeline.from_settings(Settings(stages=HAND)).run(Article(id="t", text=OUTLET_VOICE, published=PUB))
    gold = {"doc_id": "t", "events": [{"type": "ASSAULT", "modality": "reported", "evidence": OUTLET_VOICE}]}
    (example,) = modality_examples("t", doc, gold)
    assert (example.gold, example.hand) == ("reported", "asserted")
    assert modality_examples("t", doc, {**gold, "events": [{**gold["events"][0], "type": "PROTEST"}]}) == []
    assert modality_examples("t", doc, {**gold, "events": [{**gold["events"][0], "modality": None}]}) == []
    other = type(example)(values=tuple(1.0 - v if i else 1.0 for i, v in enumerate(example.values)),
                          gold="asserted", hand="asserted", where=("u", 0))
    many = [example] * 20 + [other] * 20 + [type(example)(values=other.values, gold="denied", hand="asserted",
                                                           where=("v", 0))]
    first, second = train_modality(many), train_modality(many)
    assert set(first.models) == {"reported", "asserted"}  # a class with under MIN_POSITIVES examples gets no model
    assert all(first.models[c].weights == second.models[c].weights for c in first.models)
    assert accuracy([example, other], first) == 1.0
    with pytest.raises(ValueError, match="no training events"):
        train_modality([])


def test_the_chosen_class_carries_its_share_of_the_probabilities_through_the_calibration() -> None:
    from rasd.stages.logistic import recalibrate, squash

    rest = tuple([0.0] * (len(FEATURES) - 1))
    values = (1.0, *rest)  # the bias only
    models = ModalityModels(models={"asserted": LogisticModel(features=FEATURES, weights=(1.0, *rest)),
                                    "reported": LogisticModel(features=FEATURES, weights=(-1.0, *rest))})
    mod, share = models.decide(values)
    assert mod == "asserted"
    assert share == pytest.approx(squash(1.0) / (squash(1.0) + squash(-1.0)))  # one-vs-rest: normalised
    assert models.shown(share) == share  # no calibration: the share itself
    calibrated = ModalityModels(models=models.models, calibration=(-0.5, 0.8))
    assert calibrated.shown(share) == pytest.approx(recalibrate(share, (-0.5, 0.8))) != share
    assert calibrated.decide(values) == (mod, share)  # the calibration moves the probability, never the class
    again = ModalityModels.from_json(json.loads(json.dumps(calibrated.to_json())), "x")
    assert again.calibration == (-0.5, 0.8)
    without = {k: v for k, v in calibrated.to_json().items() if k != "calibration"}  # a file from before stop 52
    assert ModalityModels.from_json(without, "x").calibration == (0.0, 1.0)
    with pytest.raises(ValueError, match=r"modality\.json: a calibration is \[intercept, slope\]"):
        ModalityModels.from_json({**without, "calibration": [1.0]}, "modality.json")


def test_the_models_class_has_a_probability_and_a_hand_cues_class_none() -> None:
    from rasd.output import event_dict

    learned = Pipeline.from_settings(Settings(stages=LEARNED))
    told = learned(Article(id="t", text=MONITOR, published=PUB)).events[0]
    assert told.modality_p is not None and 0.0 < told.modality_p < 1.0
    assert event_dict(told)["modality_p"] == round(told.modality_p, 3)
    hedged = learned(Article(id="t", text="من المحتمل أن قوات النظام قصفت بلدة دوما بريف دمشق أمس.",
                             published=PUB)).events[0]
    assert hedged.modality == "speculative" and hedged.modality_p is None  # the hedge decides: no model weighed it
    assert event_dict(hedged)["modality_p"] is None
    hand = Pipeline.from_settings(Settings(stages=HAND))(Article(id="t", text=MONITOR, published=PUB)).events[0]
    assert hand.modality_p is None  # without the models, no probability


def test_the_calibration_is_fitted_on_out_of_fold_choices_of_the_events_the_models_decide() -> None:
    pytest.importorskip("numpy")
    from rasd.stages.modality_fit import ModalityExample, held_out_choices, out_of_fold_choices, train_modality

    rest = [0.0] * (len(FEATURES) - 1)
    column = FEATURES.index("has_source")

    def example(doc: int, told: bool, gold: str, hand: Modality = "asserted") -> ModalityExample:
        values = [1.0, *rest]
        values[column] = float(told)
        return ModalityExample(values=tuple(values), gold=gold, hand=hand, where=(f"d{doc}", 0))

    # told by a source: mostly reported; not told: mostly asserted; some of each the other way
    examples = [example(i, i % 2 == 0, ("reported" if i % 2 == 0 else "asserted") if i % 5 else "alleged")
                for i in range(60)]
    hedged = example(99, False, "speculative", hand="speculative")  # the hand rule's class stands: not weighed
    models = train_modality([*examples, hedged])
    assert len(held_out_choices([*examples, hedged], models)) == len(examples)
    oof = out_of_fold_choices([*examples, hedged])
    assert len(oof) == len(examples) and all(0.0 < p <= 1.0 and y in (0, 1) for p, y in oof)
    assert models.calibration != (0.0, 1.0)
    assert train_modality([*examples, hedged]).calibration == models.calibration  # deterministic
    assert train_modality(examples, calibrate=False).calibration == (0.0, 1.0)
    shown = held_out_choices(examples, models, shown=True)
    assert [y for _, y in shown] == [y for _, y in held_out_choices(examples, models)]
