"""The learned link decision of fusion: evidence terms, the model as a decision, labels and training, replay."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from rasd.fuse import decision_for
from rasd.fuse.cluster import Clusterer
from rasd.fuse.decide import COMPONENTS, FEATURES, HAND, components, score
from rasd.fuse.features import features
from rasd.fuse.fit import Annotations, examples, label, read_annotations, train
from rasd.fuse.model import MODEL_FEATURES, LinkModel, shipped_model
from rasd.fuse.record import member, trim
from rasd.fuse.replay import Pair, replay
from rasd.stages.logistic import LogisticModel

sys.path.insert(0, str(Path(__file__).parent))
from fuse_helpers import event, scenario


def _reports() -> list:
    out = []
    for seq, rec in enumerate(scenario(), start=1):
        a = rec.article
        for idx, ev in enumerate(rec.report["events"]):
            out.append((features(a.id, idx, seq, a.published, a.outlet, None, ev),
                        member(a.id, idx, trim(ev), a.title, a.published, a.outlet, seq)))
    return out


def _hand_as_model(threshold: float = 0.5) -> LinkModel:
    """A logistic model with the hand rule's weights: bias -THRESHOLD, 1 on its seven terms, 0 on the others."""
    weights = (-5.5, *(1.0 if f in COMPONENTS else 0.0 for f in FEATURES))
    return LinkModel(LogisticModel(MODEL_FEATURES, weights, threshold))


def test_hand_score_is_the_sum_of_its_terms() -> None:
    c = Clusterer()
    reports = _reports()
    for r, _ in reports[:3]:
        c.assign(r)
    r = reports[3][0]
    for inc in c.incidents:
        terms = components(r, inc, c.df, c.n)
        s = score(r, inc, c.df, c.n)
        assert (terms is None) == (s is None)
        if terms is not None:
            assert len(terms) == len(FEATURES)
            assert s == pytest.approx(sum(terms[:len(COMPONENTS)]))


def test_a_model_with_the_hand_weights_fuses_as_the_hand_rule() -> None:
    reports = _reports()
    hand = replay(reports, HAND)
    model = replay(reports, _hand_as_model())
    as_docs = lambda incs: sorted(sorted(m.article_id for m in ms) for ms in incs.values())  # noqa: E731
    assert as_docs(hand) == as_docs(model)
    assert ["a1", "b1", "c1", "d1"] in as_docs(hand)
    # a model that links nothing keeps every report apart; its threshold is honoured
    apart = replay(reports, _hand_as_model(threshold=0.999999))
    assert len(apart) == len(reports)


def test_model_refuses_other_features() -> None:
    with pytest.raises(ValueError, match="features"):
        LinkModel(LogisticModel(("bias", "when"), (0.0, 1.0)))


def test_replay_logs_every_pair_the_guards_let_through() -> None:
    pairs: list[Pair] = []
    replay(_reports(), HAND, pairs.append)
    assert pairs and all(len(p.features) == len(FEATURES) for p in pairs)
    b1 = [p for p in pairs if p.report == ("b1", 0)]
    assert b1 and b1[0].articles == ("a1",)


def _ann() -> Annotations:
    return Annotations([{"incident_id": "x", "reports": [{"doc_id": "a1"}, {"doc_id": "b1"}]},
                        {"incident_id": "y", "reports": [{"doc_id": "q1"}]}], ["g1"])


@pytest.mark.parametrize(("report", "articles", "want"), [
    ("b1", ("a1",), 1),             # both in incident x
    ("q1", ("a1", "b1"), 0),        # y against x
    ("g1", ("a1",), 0),             # a distractor against x
    ("zz", ("a1", "b1", "zz"), 0),  # an article outside x against an incident that is mostly x
    ("a1", ("zz", "yy"), 0),        # x against an incident of articles outside every annotated one
    ("zz", ("yy",), None),          # nothing known on either side
    ("g1", ("zz",), None),
])
def test_labels_from_annotated_incidents(report: str, articles: tuple[str, ...], want: int | None) -> None:
    of = _ann().incidents_of()
    assert label(Pair((report, 0), "inc", articles, (0.0,) * len(FEATURES)), of) == want


def test_a_positive_dated_or_placed_elsewhere_is_left_out() -> None:
    ann = Annotations([{"incident_id": "x", "date": "2024-03-14", "place": {"country": "SY"},
                        "reports": [{"doc_id": "a1"}, {"doc_id": "b1"}]}], [])
    of, facts = ann.incidents_of(), ann.facts()
    day = dt.date(2024, 3, 14).toordinal()
    near = Pair(("b1", 0), "inc", ("a1",), (0.0,) * len(FEATURES), (day - 1, day + 1), "SY")
    later = Pair(("b1", 1), "inc", ("a1",), (0.0,) * len(FEATURES), (day + 9, day + 9), "SY")
    abroad = Pair(("b1", 2), "inc", ("a1",), (0.0,) * len(FEATURES), (day, day), "IQ")
    assert [label(p, of, facts) for p in (near, later, abroad)] == [1, None, None]


def test_training_is_deterministic_and_learns_the_sign() -> None:
    pairs: list[Pair] = []
    replay(_reports(), HAND, pairs.append)
    ann = Annotations([{"incident_id": "x", "date": "2024-03-14", "place": {"country": "SY"},
                        "reports": [{"doc_id": d} for d in ("a1", "b1", "c1", "d1")]}], ["q1", "a2", "g1", "p1"])
    rows = examples(pairs, ann)
    assert rows and all(y == 1 for _, y in rows)  # the look-alikes are vetoed by the guards: no pair
    rows += [([1.0, 0.0, -1.0, *[0.0] * (len(FEATURES) - 2)], 0)] * 3  # far apart: negatives
    m1, m2 = train(rows), train(rows)
    assert m1.weights == m2.weights and m1.features == MODEL_FEATURES
    assert dict(zip(m1.features, m1.weights, strict=True))["where"] > 0


def test_read_annotations_folder(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"incident_id": "x", "reports": [{"doc_id": "a1"}]}', encoding="utf-8")
    (tmp_path / "README.md").write_text("not an incident", encoding="utf-8")
    (tmp_path / "distractors_a.tsv").write_text("g1\tanother bombing\n\n", encoding="utf-8")
    ann = read_annotations(tmp_path)
    assert [i["incident_id"] for i in ann.incidents] == ["x"] and ann.distractors == ["g1"]


def test_shipped_model_and_decision_names() -> None:
    m = shipped_model()
    assert m.model.features == MODEL_FEATURES
    d, version = decision_for("model")
    assert d is m and version.startswith("fuse@") and "+model@" in version
    assert decision_for("hand")[0] is HAND
    with pytest.raises(ValueError, match="unknown"):
        decision_for("coin")


def test_guards_still_veto_under_the_model() -> None:
    c = Clusterer(shipped_model())
    a = features("a", 0, 1, "2024-03-15", "o", None, event())
    b = features("b", 0, 2, "2024-03-20", "o", None, event(day="2024-03-19"))  # five days later
    assert c.assign(a) != c.assign(b)


def test_model_fusion_in_a_store_is_incremental_and_switching_rebuilds(tmp_path: Path) -> None:
    from rasd.fuse import fuse_incidents, iter_incidents
    from rasd.store import open_store

    def memberships(store: object) -> list[tuple[str, str]]:
        return sorted((i.id, r["doc_id"]) for i in iter_incidents(store) for r in i.reports)

    store = open_store(tmp_path / "m.duckdb")
    try:
        recs = scenario()
        store.put_reports(recs[:3])
        fuse_incidents(store, decision="model")
        store.put_reports(recs[3:])
        fuse_incidents(store, decision="model")
        incremental = memberships(store)
        assert fuse_incidents(store, decision="model").reports == 0
        assert fuse_incidents(store, decision="hand").rebuilt  # another decision: fused again from scratch
        assert fuse_incidents(store, decision="model").rebuilt
        assert memberships(store) == incremental
    finally:
        store.close()


def test_a_broken_annotation_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.json"):
        read_annotations(tmp_path)


def test_a_positive_whose_clause_is_not_the_annotated_one_is_left_out() -> None:
    ann = Annotations([{"incident_id": "x", "reports": [
        {"doc_id": "a1", "evidence": {"start": 0, "end": 50}},
        {"doc_id": "b1", "evidence": {"start": 100, "end": 180}, "mentions": [{"start": 0, "end": 30}]}]}], [])
    of, spans = ann.incidents_of(), ann.spans()
    f = (0.0,) * len(FEATURES)
    told = Pair(("b1", 0), "inc", ("a1",), f, evidence=(120, 160))
    headline = Pair(("b1", 1), "inc", ("a1",), f, evidence=(10, 20))
    other = Pair(("b1", 2), "inc", ("a1",), f, evidence=(300, 350))
    unknown = Pair(("b1", 3), "inc", ("a1",), f)
    assert [label(p, of, None, spans) for p in (told, headline, other, unknown)] == [1, 1, None, 1]
    assert label(Pair(("zz", 0), "inc", ("a1",), f, evidence=(300, 350)), of, None, spans) == 0
