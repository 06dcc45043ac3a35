"""The learned role labeller: decoding, the shipped model, the roles@1 stage and the training labels."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from rasd.config import DEFAULT_STAGES, Settings
from rasd.model import Article
from rasd.pipeline import Pipeline
from rasd.stages.logistic import LogisticModel
from rasd.stages.roles_model import (
    FEATURES,
    WORD,
    RoleModels,
    RolesStage,
    decide,
    lexical_keys,
    lexical_weights,
    probability,
    shipped_models,
)

PUB = dt.date(2015, 7, 25)
# Short news items written for these tests.
KILLED_BY_ISIS = "قُتل خمسة جنود عراقيين بنيران تنظيم داعش في هجوم على نقطة تفتيش قرب الرمادي أمس."
AIRSTRIKES = "قصفت طائرات التحالف العربي مواقع الحوثيين في صنعاء فجر اليوم."
HAND = tuple(s for s in DEFAULT_STAGES if s != "roles@1")  # events with the hand rules' roles
LEARNED = (*HAND, "roles@1")


def hand_pipeline() -> Pipeline:
    return Pipeline.from_settings(Settings(stages=HAND))


@pytest.mark.parametrize(("scores", "near", "actors", "recipients"), [
    # the likeliest party takes the role at the first threshold; a second one needs the higher one
    ({"a": (0.45, 0.1), "b": (0.35, 0.1)}, None, ["a"], []),
    ({"a": (0.9, 0.1), "b": (0.75, 0.1)}, None, ["a", "b"], []),
    # an actor's actor probability must reach its recipient one; the recipient is chosen among the rest
    ({"a": (0.5, 0.6), "b": (0.45, 0.2)}, None, ["b"], ["a"]),
    ({"a": (0.1, 0.2)}, None, [], []),
    # a party of another sentence fills a role only when no party of the event's own sentence does
    ({"a": (0.45, 0.1), "far": (0.95, 0.1)}, {"a"}, ["a"], []),
    ({"a": (0.1, 0.1), "far": (0.95, 0.1), "far2": (0.9, 0.1)}, {"a"}, ["far"], []),
])
def test_decide(scores: dict[str, tuple[float, float]], near: set[str] | None, actors: list[str],
                recipients: list[str]) -> None:
    assert decide(scores, (0.4, 0.4), (0.7, 0.7), near) == (actors, recipients)


def test_shipped_models_load_and_match_the_code() -> None:
    models = shipped_models()
    assert models.actor.features[:len(FEATURES)] == FEATURES
    assert models.actor.features == models.recipient.features  # one lexical vocabulary for both
    assert all(f.startswith(WORD) for f in models.actor.features[len(FEATURES):])
    assert len(models.lexical[0]) > 50  # the training's vocabulary, each key a feature
    assert 0.0 < models.actor.threshold < 1.0 and 0.0 < models.recipient.threshold < 1.0
    assert models.actor.meta["examples"] > 1000  # trained on the gold articles, not a toy


def test_a_stale_model_file_fails_loudly() -> None:
    data = shipped_models().to_json()
    data["actor"]["features"] = [f for f in data["actor"]["features"] if f != FEATURES[-1]]
    with pytest.raises(ValueError, match=r"roles\.json \(actor\): its features"):
        RoleModels.from_json(json.loads(json.dumps(data)), "roles.json")
    del data["recipient"]
    with pytest.raises(ValueError, match="no 'recipient' model"):
        RoleModels.from_json(data, "roles.json")


def test_round_trip_through_json() -> None:
    models = shipped_models()
    again = RoleModels.from_json(json.loads(json.dumps(models.to_json())), "x")
    assert again.actor.weights == pytest.approx(models.actor.weights, abs=1e-6)
    assert (again.actor_more, again.recipient_more) == (models.actor_more, models.recipient_more)


def test_roles_stage_builds_after_merge() -> None:
    if "roles@1" in DEFAULT_STAGES:  # when it is the default, it relabels the merged events
        assert DEFAULT_STAGES.index("roles@1") > DEFAULT_STAGES.index("merge@1")
    pipe = Pipeline.from_settings(Settings(stages=LEARNED))
    names = [s.name for s in pipe.stages]
    assert names[-1] == "roles" and names.index("merge") < names.index("roles")


@pytest.mark.parametrize("text", [KILLED_BY_ISIS, AIRSTRIKES])
def test_roles_stage_keeps_the_events_and_relabels_their_parties(text: str) -> None:
    article = Article(id="t", text=text, published=PUB)
    hand = hand_pipeline()(article)
    learned = Pipeline.from_settings(Settings(stages=LEARNED))(article)
    assert [(e.type, e.evidence) for e in learned.events] == [(e.type, e.evidence) for e in hand.events]
    assert learned.events
    for ev in learned.events:
        actors = {m.key for m in ev.actors}
        assert not actors & {m.key for m in ev.recipients}  # a party takes one role
        assert all(m in learned.mentions or any(m.span.contains(x.span) for x in learned.mentions)
                   for m in (*ev.actors, *ev.recipients))


def test_shipped_model_reads_agent_and_target_markers() -> None:
    (ev,) = Pipeline.from_settings(Settings(stages=LEARNED))(
        Article(id="t", text=KILLED_BY_ISIS, published=PUB)).events
    assert [m.span.text for m in ev.actors] == ["تنظيم داعش"]  # بنيران names who fired
    assert [m.span.text for m in ev.recipients] == ["جنود"]  # the passive's subject is the victim
    (ev,) = Pipeline.from_settings(Settings(stages=LEARNED))(Article(id="t", text=AIRSTRIKES, published=PUB)).events
    assert "الحوثيين" in [m.span.text for m in ev.recipients]  # مواقع X: the target


def test_each_chosen_party_says_how_sure_the_labeller_is() -> None:
    from rasd.output import report_to_dict

    article = Article(id="t", text=KILLED_BY_ISIS, published=PUB)
    (ev,) = Pipeline.from_settings(Settings(stages=LEARNED))(article).events
    probs = {k: (a, r) for k, a, r in ev.party_probabilities}
    assert {m.key for m in (*ev.actors, *ev.recipients)} <= set(probs)
    (out,) = report_to_dict(Pipeline.from_settings(Settings(stages=LEARNED))(article))["events"]
    assert [a["p"] for a in out["actors"]] == [round(probs[m.key][0], 3) for m in ev.actors]
    assert [r["p"] for r in out["recipients"]] == [round(probs[m.key][1], 3) for m in ev.recipients]
    assert all(0.0 < a["p"] <= 1.0 for a in out["actors"] + out["recipients"])
    # the hand rules' parties carry no probability
    (hand,) = report_to_dict(hand_pipeline()(article))["events"]
    assert hand["actors"] and all("p" not in a for a in hand["actors"] + hand["recipients"])


def test_platt_calibration_fits_and_moves_only_the_shown_probability() -> None:
    pytest.importorskip("numpy")
    from rasd.stages.incidents_fit import fit_calibration
    from rasd.stages.logistic import recalibrate

    # probabilities that overstate: of the parties given 0.8, half are right; of those given 0.2, a tenth
    pairs = [(0.8, 1)] * 50 + [(0.8, 0)] * 50 + [(0.2, 1)] * 10 + [(0.2, 0)] * 90
    cal = fit_calibration(pairs)
    assert abs(recalibrate(0.8, cal) - 0.5) < 0.02 and abs(recalibrate(0.2, cal) - 0.1) < 0.02
    assert fit_calibration([(0.3, 1), (0.9, 1)]) == (0.0, 1.0)  # one label only: nothing to fit
    assert recalibrate(0.37, (0.0, 1.0)) == 0.37
    # the shown p goes through the calibration; the choice of parties does not
    article = Article(id="t", text=KILLED_BY_ISIS, published=PUB)
    doc = hand_pipeline().run(article)
    plain = shipped_models()
    from dataclasses import replace

    halved = replace(plain, actor_calibration=(-5.0, 1.0), recipient_calibration=(-5.0, 1.0))
    (a,), (b,) = RolesStage(models=plain)(doc).events, RolesStage(models=halved)(doc).events
    assert (a.actors, a.recipients) == (b.actors, b.recipients)
    assert all(pb < pa for (_, pa, _), (_, pb, _) in zip(a.party_probabilities, b.party_probabilities, strict=True))
    assert RoleModels.from_json(halved.to_json(), "test").actor_calibration == (-5.0, 1.0)
    with pytest.raises(ValueError, match="calibration"):
        RoleModels.from_json({**halved.to_json(), "actor_calibration": [1.0]}, "test")


def test_a_model_that_names_no_one_empties_the_roles() -> None:
    zero = LogisticModel(features=FEATURES, weights=tuple([-30.0] + [0.0] * (len(FEATURES) - 1)), threshold=0.5)
    doc = hand_pipeline().run(Article(id="t", text=KILLED_BY_ISIS, published=PUB))
    assert any(ev.actors for ev in doc.events)
    out = RolesStage(models=RoleModels(actor=zero, recipient=zero))(doc)
    assert all(not ev.actors and not ev.recipients for ev in out.events)
    assert out.versions["roles"] == "2"


def test_set_aside_events_keep_the_hand_roles() -> None:
    """What an article tells in passing (set aside by the eventivity model) keeps the hand rules' parties: only the
    events the article reports are relabelled."""
    from dataclasses import replace

    zero = LogisticModel(features=FEATURES, weights=tuple([-30.0] + [0.0] * (len(FEATURES) - 1)), threshold=0.5)
    doc = hand_pipeline().run(Article(id="t", text=KILLED_BY_ISIS, published=PUB))
    (ev,) = doc.events
    aside = doc.assign("test", "0", events=(replace(ev, set_aside="set aside: test"),))
    out = RolesStage(models=RoleModels(actor=zero, recipient=zero))(aside)
    assert out.events[0].actors == ev.actors and ev.actors
    assert out.events[0].recipients == ev.recipients


def test_training_labels_come_from_the_gold_event_and_training_is_deterministic() -> None:
    pytest.importorskip("numpy")
    from rasd.stages.roles_fit import role_examples, role_f1, train_roles

    doc = hand_pipeline().run(Article(id="t", text=KILLED_BY_ISIS, published=PUB))
    gold = {"doc_id": "t", "events": [{"type": "ASSAULT", "actors": ["ISIS"], "recipients": ["Iraqi army"],
                                       "evidence": KILLED_BY_ISIS}],
            "entities": {"ISIS": {"aliases": ["داعش", "تنظيم الدولة"]},
                         "Iraqi army": {"aliases": ["الجيش العراقي", "جنود"]}}}
    examples = role_examples("t", doc, gold)
    by_text = {ex.group[2]: (ex.actor, ex.recipient) for ex in examples}
    assert (1, 0) in by_text.values() and (0, 1) in by_text.values()
    assert role_examples("t", doc, {**gold, "events": [{**gold["events"][0], "type": "PROTEST"}]}) == []
    many = examples * 30 + [type(examples[0])(values=examples[0].values, actor=0, recipient=0, group=("u", 0, "x"))]
    first, second = train_roles(many), train_roles(many)
    assert first.actor.weights == second.actor.weights and first.recipient.weights == second.recipient.weights
    from rasd.stages.roles_fit import _scored

    f1 = role_f1(_scored(examples, first.actor, first.recipient), (first.actor.threshold,
                 first.recipient.threshold), (first.actor_more, first.recipient_more))
    assert f1 == (1.0, 1.0)
    with pytest.raises(ValueError, match="no role examples"):
        train_roles([])
    # the held-out parties a calibration table reads: one row per (event, party), with its gold roles
    from rasd.stages.roles_fit import held_out_parties

    rows = held_out_parties(examples, first)
    assert len(rows) == len({ex.group for ex in examples})
    gold_roles: dict[tuple[str, int, str], tuple[int, int]] = {}
    for ex in examples:  # a party is gold in a role when any of its mentions names a gold party of that role
        a, r = gold_roles.get(ex.group, (0, 0))
        gold_roles[ex.group] = (max(a, ex.actor), max(r, ex.recipient))
    assert sorted((a, r) for _, _, a, r in rows) == sorted(gold_roles.values())
    assert all(0.0 <= pa <= 1.0 and 0.0 <= pr <= 1.0 for pa, pr, _, _ in rows)


def test_every_candidate_has_one_value_per_feature() -> None:
    from rasd.stages.index import DocIndex
    from rasd.stages.roles_model import candidates

    doc = hand_pipeline().run(Article(id="t", text=f"{AIRSTRIKES}\n{KILLED_BY_ISIS}", published=PUB))
    found = [c for ev in doc.events for c in candidates(doc, DocIndex.of(doc), ev)]
    assert found and all(len(c.values) == len(FEATURES) for c in found)
    assert any(not c.own for c in found)  # the sentence before is searched too


def test_feature_values_stand_under_their_names() -> None:
    from rasd.stages.index import DocIndex
    from rasd.stages.roles_model import candidates

    doc = hand_pipeline().run(Article(id="t", text=KILLED_BY_ISIS, published=PUB))
    (ev,) = doc.events
    found = candidates(doc, DocIndex.of(doc), ev)
    by_text = {c.mention.span.text: dict(zip(FEATURES, c.values, strict=True)) for c in found}
    isis = by_text["تنظيم داعش"]
    assert isis["bias"] == 1.0 and isis["marker_agent"] == 1.0 and isis["before"] + isis["after"] == 1.0
    assert isis["kind_armed"] == 1.0 and isis["hand_actor"] == 1.0 and isis["victim"] == 0.0
    assert isis["other_sentence"] == 0.0 and isis["same_clause"] == 1.0


def test_verbal_events_give_their_features_again_and_attacks_leave_the_copies_at_zero() -> None:
    from rasd.stages.index import DocIndex
    from rasd.stages.roles_model import VERBAL_COPIED, candidates

    text = "ودعا وزير الخارجية التركي الحكومة العراقية إلى حماية الحدود. " + KILLED_BY_ISIS
    doc = hand_pipeline().run(Article(id="t", text=text, published=PUB))
    seen = set()
    for ev in doc.events:
        for c in candidates(doc, DocIndex.of(doc), ev):
            named = dict(zip(FEATURES, c.values, strict=True))
            verbal = named["type_verbal"] == 1.0
            seen.add(verbal)
            assert all(named[f"verbal_{f}"] == (named[f] if verbal else 0.0) for f in VERBAL_COPIED)
    assert seen == {True, False}


def test_a_party_after_a_word_of_affiliation_is_flagged_as_a_patron() -> None:
    from rasd.stages.index import DocIndex
    from rasd.stages.roles_model import candidates

    text = "قصفت القوات التابعة لتنظيم داعش قرية في ريف حلب أمس."
    doc = hand_pipeline().run(Article(id="t", text=text, published=PUB))
    found = [c for ev in doc.events for c in candidates(doc, DocIndex.of(doc), ev)]
    patron = {c.mention.span.text: dict(zip(FEATURES, c.values, strict=True))["patron_before"] for c in found}
    assert patron and any(v == 1.0 for k, v in patron.items() if "داعش" in k)
    assert all(v == 0.0 for k, v in patron.items() if "داعش" not in k)


def test_lexical_keys_read_the_words_around_a_party() -> None:
    from rasd.model import Mention, Span, Trigger

    text = "وقصفت طائرات التحالف مواقع الحوثيين"
    trig = Trigger(span=Span(start=0, end=5, text="وقصفت"), type="ASSAULT", lemma="قصف", pos="verb")
    after = Mention(span=Span(start=27, end=35, text="الحوثيين"))
    keys = lexical_keys(after, trig, ("التحالف", "ومواقع"), "")
    assert keys == ("lemma:قصف:after", "prev:مواقع")  # the conjunction و is split off the word before
    assert text[27:35] == "الحوثيين"


def test_lexical_weights_move_a_probability() -> None:
    names = (*FEATURES, WORD + "prev:ضد")
    model = LogisticModel(features=names, weights=(0.0,) * len(FEATURES) + (2.0,), threshold=0.5)
    values = (1.0,) + (0.0,) * (len(FEATURES) - 1)
    lexical = lexical_weights(model)
    assert lexical == {"prev:ضد": 2.0}
    assert probability(model, values, lexical, ("prev:ضد",)) > 0.85
    assert probability(model, values, lexical, ("prev:على",)) == pytest.approx(0.5)


@pytest.mark.parametrize(("text", "party", "owns"), [
    # sentences written for this test: the owner of a thing an attack hits is its target
    ("قصفت طائرات التحالف عربتين للحوثيين قرب صعدة", "الحوثيين", True),
    ("دمرت الغارات معسكرا تابعا لقوات صالح في لحج", "قوات صالح", True),
    ("قصفت المدفعية تجمعات تنظيم داعش شرق المدينة", "تنظيم داعش", True),
    ("نصب مسلحون كمينا استهدف دوريتين للجيش العراقي غرب الرمادي", "الجيش العراقي", True),  # patrols
    ("فتح مسلحون النار على مركبة للشرطة التركية في ماردين", "الشرطة التركية", True),  # a vehicle
    ("هاجمت القوات التابعة للنظام السوري بلدة في ريف حماة", "النظام السوري", False),  # a patron of fighters
    ("قصفت طائرات التحالف مواقع في صعدة وقال الحوثيون إن القصف استهدف منازل", "الحوثيون", False),
])
def test_the_owner_of_a_thing_hit(text: str, party: str, owns: bool) -> None:
    from rasd.stages.roles_model import _owns_thing

    doc = hand_pipeline().run(Article(id="t", text=text, published=PUB))
    (m,) = [m for m in doc.mentions if m.span.text in party]
    assert _owns_thing(doc, m, doc.words.before(m.span.start, 40)[-4:]) is owns
