"""Tests of rasd.evaluate: each matching rule, the fixture figures, and agreement with the referee on perturbed gold."""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import json
import os
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from rasd.evaluate import EvalInputError, load_jsonl, match_greedy, pair_events, render, score
from rasd.evaluate_match import (
    counts_match,
    dates_match,
    evidence_overlaps,
    name_tokens,
    names_match,
    places_match,
    prediction_names,
    same_place,
)

FIXTURES = Path(__file__).parent / "fixtures" / "eval"


def shared_dir() -> Path:
    env = os.environ.get("RASD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


REFEREE = shared_dir() / "eval" / "score.py"


@pytest.mark.parametrize(
    ("value", "tokens"),
    [
        ("", []),
        (None, []),
        ("ISIS", ["isis"]),
        ("Islamic_State!", ["islamic", "state"]),
        ("الدَّولة", ["دوله"]),  # diacritics, ta marbuta, al- on a 6-letter token
        ("الجيش", ["جيش"]),
        ("الحي", ["الحي"]),  # al- kept on short tokens
        ("أمن إيران", ["امن", "ايران"]),
        ("مؤتمر شاطئ مستشفى", ["موتمر", "شاطي", "مستشفي"]),
        ("والمدنيين", ["مدنيين"]),  # wal- after al- was not there
        ("للمدنيين", ["مدنيين"]),
        ("بالقرب", ["قرب"]),
        ("وال", ["وال"]),
        ("قـوات", ["قوات"]),  # tatweel
        ("٢٠ مدنيا", ["٢٠", "مدنيا"]),  # digits are kept as written
    ],
)
def test_name_tokens(value: object, tokens: list[str]) -> None:
    assert name_tokens(value) == tokens


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        (["داعش"], ["ISIS", "داعش"], True),
        (["تنظيم داعش الإرهابي"], ["داعش"], True),  # gold contained whole-word in the prediction
        (["قوات"], ["قوات سوريا الديمقراطية"], True),  # prediction contained in gold (4 letters)
        (["جيش"], ["جيشان"], False),  # not whole-word
        (["ab"], ["ab cd"], False),  # too short to count as contained
        (["abc"], ["abc cd"], True),
        (["المدنيين"], ["مدنيين"], True),
        ([""], [""], False),
        ([], ["x"], False),
        (["الشرطة"], ["الجيش"], False),
    ],
)
def test_names_match(pred: list[str], gold: list[str], expected: bool) -> None:
    assert names_match(pred, gold) is expected


@pytest.mark.parametrize(
    ("item", "names"),
    [
        (None, []),
        ("الشرطة", ["الشرطة"]),
        ({"name": "Police", "text": "الشرطة", "id": "pol", "aliases": ["الأمن"]}, ["Police", "الشرطة", "pol", "الأمن"]),
        ({"name": None, "text": "", "aliases": None}, []),
        (7, []),
    ],
)
def test_prediction_names(item: object, names: list[str]) -> None:
    assert prediction_names(item) == names


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ({"lat": 35.0, "lon": 40.0}, {"lat": 35.0, "lon": 40.0}, True),
        ({"lat": 35.2, "lon": 40.0}, {"lat": 35.0, "lon": 40.0}, True),  # ~22 km
        ({"lat": 35.3, "lon": 40.0}, {"lat": 35.0, "lon": 40.0}, False),  # ~33 km
        ({"lat": 0, "lon": 0, "geonameid": 5}, {"lat": 35.0, "lon": 40.0, "geonameid": "5"}, True),
        ({"lat": 0, "lon": 0, "geonameid": 5}, {"lat": 35.0, "lon": 40.0, "geonameid": 6}, False),
        ({"lat": 35.0, "lon": 40.0, "geonameid": 5}, {"lat": 35.0, "lon": 40.0, "geonameid": 6}, True),  # distance
        ({"name": "x"}, {"lat": 35.0, "lon": 40.0}, False),
        ({"lat": "bad", "lon": 1}, {"lat": 35.0, "lon": 40.0}, False),
        (None, {"lat": 35.0, "lon": 40.0}, False),
        ({"lat": 35.0, "lon": 40.0}, None, False),
    ],
)
def test_places_match(pred: Any, gold: Any, expected: bool) -> None:
    assert places_match(pred, gold) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({"lat": 35.0, "lon": 40.0}, {"lat": 35.005, "lon": 40.0}, True),  # ~0.6 km
        ({"lat": 35.0, "lon": 40.0}, {"lat": 35.02, "lon": 40.0}, False),  # ~2 km: nearby, distinct
        ({"lat": 35.0, "lon": 40.0, "geonameid": 1}, {"lat": 35.0, "lon": 40.0, "geonameid": 2}, False),
        ({"lat": 35.0, "lon": 40.0, "geonameid": 1}, {"lat": 35.0, "lon": 40.0}, True),
    ],
)
def test_same_place(a: dict[str, Any], b: dict[str, Any], expected: bool) -> None:
    assert same_place(a, b) is expected


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ("2015-07-20", "2015-07-20", True),
        ("2015-07-21", "2015-07-20", True),  # starts within a day
        ("2015-07-19", "2015-07-20", True),
        ("2015-07-22", "2015-07-20", False),
        ({"start": "2015-07-01", "end": "2015-07-31"}, "2015-07-20", True),  # contains the day
        ({"start": "2015-07-01"}, "2015-07-20", False),  # end defaults to start
        ({"start": "2015-08-01", "end": "2015-08-02"}, "2015-07-31", True),  # 31-day months: one apart
        ("2015-07-01", "2015-06-30", False),  # ... and 30 Jun / 1 Jul two apart
        ("2015-07-09", "2015-07", True),  # gold month: overlap
        ({"start": "2015-06-25", "end": "2015-07-02"}, "2015-07", True),
        ("2015-08-01", "2015-07", False),
        ("2015-07", "2015-07-20", True),  # predicted month contains the day
        ("2015-07-20T10:00:00", "2015-07-20", True),
        ({"start": None}, "2015-07-20", False),
        (None, "2015-07-20", False),
        ("2015-07-20", None, False),
        ("yesterday", "2015-07-20", False),
    ],
)
def test_dates_match(pred: Any, gold: Any, expected: bool) -> None:
    assert dates_match(pred, gold) is expected


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        (3, 3, True),
        ({"min": 3, "max": 3}, 3, True),
        ({"min": 3, "max": 4}, 3, False),
        ({"min": 5, "max": 9}, [2, None], True),  # open gold range
        ({"min": 2, "max": None}, [2, None], True),
        ({"min": 2, "max": None}, [2, 10], False),
        ([3, 4], [2, 4], True),
        ({"min": None, "max": 3}, [0, 5], True),
        ({"min": None, "max": None}, 3, False),
        (True, 1, False),  # a boolean is not a count
        (None, 3, False),
        (3, None, False),
        ([1, 2, 3], 2, False),
    ],
)
def test_counts_match(pred: Any, gold: Any, expected: bool) -> None:
    assert counts_match(pred, gold) is expected


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ("قصفت الطائرات قرية في الريف", "قصفت الطائرات قرية في الريف الشرقي أمس", True),
        ({"text": "قصفت الطائرات القرية"}, "قصفت الطائرات قرية في الريف الشرقي أمس", True),  # 2 of 3
        ("اجتمع الوزير بالسفير", "قصفت الطائرات قرية في الريف", False),
        ("", "قصفت الطائرات قرية", False),
        ({"start": 0, "end": 4}, "قصفت الطائرات قرية", False),
        ("a b c d", "a b x y", True),  # exactly one half
        ("a b c d", "a x y z", False),
    ],
)
def test_evidence_overlaps(pred: Any, gold: str, expected: bool) -> None:
    assert evidence_overlaps({"evidence": pred}, {"evidence": gold}) is expected


GOLD_DOC: dict[str, Any] = {
    "entities": {"A": {"aliases": ["الجيش"]}, "B": {"aliases": ["المسلحين"]}},
    "places": {"P": {"lat": 35.0, "lon": 40.0}},
}


def _ev(type_: str = "ASSAULT", evidence: str = "", **kw: Any) -> dict[str, Any]:
    return {"type": type_, "evidence": evidence, **kw}


@pytest.mark.parametrize(
    ("preds", "golds", "pairs"),
    [
        # same type and overlapping evidence
        ([_ev(evidence="هاجم الجيش المسلحين")], [_ev(evidence="هاجم الجيش المسلحين في القرية")], {0: 0}),
        # different type never pairs
        ([_ev("COERCE", "هاجم الجيش المسلحين")], [_ev(evidence="هاجم الجيش المسلحين")], {}),
        # no overlap, but date and place both match
        (
            [_ev(date="2024-01-02", place={"lat": 35.0, "lon": 40.0})],
            [_ev(evidence="x y z", date="2024-01-02", place="P")],
            {0: 0},
        ),
        # date alone is not enough
        ([_ev(date="2024-01-02")], [_ev(evidence="x y z", date="2024-01-02", place="P")], {}),
        # best fit first: the second prediction shares the actors, so it takes the gold event
        (
            [_ev(evidence="هاجم المسلحين"), _ev(evidence="هاجم المسلحين", actors=["الجيش"], recipients=["المسلحين"])],
            [_ev(evidence="هاجم المسلحين", actors=["A"], recipients=["B"])],
            {1: 0},
        ),
        # one to one; ties go to the earlier prediction, then the earlier gold event
        (
            [_ev(evidence="قصف"), _ev(evidence="قصف")],
            [_ev(evidence="قصف"), _ev(evidence="قصف"), _ev(evidence="قصف")],
            {0: 0, 1: 1},
        ),
    ],
)
def test_pair_events(preds: list[dict[str, Any]], golds: list[dict[str, Any]], pairs: dict[int, int]) -> None:
    assert pair_events(preds, golds, GOLD_DOC) == pairs


def test_match_greedy_counts_each_gold_key_once() -> None:
    assert match_greedy(["a", "a", "b"], ["a", "a"], lambda p, g: p == g) == (1, 2, 1)
    assert match_greedy([], ["a"], lambda p, g: True) == (0, 0, 1)


def test_fixture_figures_and_table() -> None:
    gold, pred = load_jsonl(FIXTURES / "gold.jsonl"), load_jsonl(FIXTURES / "pred.jsonl")
    result = score(gold, pred)
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    assert result == expected
    assert list(result) == list(expected)  # same key order, so --json prints the same text
    assert render(result) == (FIXTURES / "expected.txt").read_text(encoding="utf-8").rstrip("\n")


def test_document_level_falls_back_to_events() -> None:
    gold = {"d": {"events": [], "entities": {"Police": {"aliases": ["الشرطة"]}}, "places": {}}}
    pred = {"d": {"events": [{"type": "X", "actors": ["الشرطة", "شرطة"], "recipients": [{"name": ""}]}]}}
    result = score(gold, pred)
    assert result["doc_actors"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}  # the repeat was dropped


def test_load_jsonl_errors_name_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(EvalInputError, match=r"broken\.jsonl:2: not JSON"):
        load_jsonl(FIXTURES / "broken.jsonl")
    no_id = tmp_path / "no_id.jsonl"
    no_id.write_text('\n{"events": []}\n', encoding="utf-8")
    with pytest.raises(EvalInputError, match=r"no_id\.jsonl:2: no doc_id"):
        load_jsonl(no_id)
    not_obj = tmp_path / "list.jsonl"
    not_obj.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"list\.jsonl:1: expected a JSON object"):
        load_jsonl(not_obj)
    with pytest.raises(EvalInputError, match="cannot open"):
        load_jsonl(tmp_path / "missing.jsonl")


def test_load_jsonl_keys_by_doc_id_or_id(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"doc_id": "a", "n": 1}\n\n{"id": 7}\n{"doc_id": "a", "n": 2}\n', encoding="utf-8")
    docs = load_jsonl(path)
    assert list(docs) == ["a", "7"]
    assert docs["a"]["n"] == 2


# --- agreement with the referee on perturbed gold ------------------------------------------------------------------


def _referee() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rasd_referee_score", REFEREE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shift(iso: str, days: int) -> str:
    try:
        return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return iso


def _as_prediction_entity(key: str, gold_doc: dict[str, Any], rng: random.Random) -> Any:
    aliases = list(((gold_doc.get("entities") or {}).get(key) or {}).get("aliases") or [])
    roll = rng.random()
    if roll < 0.2:
        return key
    if roll < 0.4 and aliases:
        return {"text": rng.choice(aliases)}
    if roll < 0.5:
        return {"name": "غير معروف " + key[:2]}
    return {"name": key, "text": aliases[0] if aliases else key, "aliases": aliases[1:]}


def _as_prediction_place(place: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    out = {"name": "p", "lat": place.get("lat"), "lon": place.get("lon")}
    roll = rng.random()
    if roll < 0.5 and place.get("geonameid"):
        out["geonameid"] = place["geonameid"] if rng.random() < 0.7 else 1
    if roll > 0.6 and isinstance(out["lat"], int | float):
        out["lat"] = out["lat"] + rng.choice([0.005, 0.1, 0.2, 0.3, -0.25, 1.0])
    return out


def _perturb_event(ev: dict[str, Any], gold_doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {"type": ev.get("type"), "modes": list(ev.get("modes") or [])}
    if rng.random() < 0.1:
        out["type"] = rng.choice(["ASSAULT", "PROTEST", "COERCE", "ACCUSE"])
    for role in ("actors", "recipients", "sources"):
        keys = list(ev.get(role) or [])
        if rng.random() < 0.2 and keys:
            keys.pop(rng.randrange(len(keys)))
        out[role] = [_as_prediction_entity(k, gold_doc, rng) for k in keys]
    place = (gold_doc.get("places") or {}).get(ev.get("place")) if ev.get("place") else None
    if place is not None and rng.random() < 0.85:
        out["place"] = _as_prediction_place(place, rng)
    date = ev.get("date")
    if date and rng.random() < 0.85:
        if len(date) == 7:
            out["date"] = rng.choice([date, f"{date}-15", {"start": f"{date}-28", "end": _shift(f"{date}-28", 7)}])
        else:
            shifted = _shift(date, rng.choice([0, 0, 1, -1, 2, -3, 12]))
            interval = {"start": shifted, "end": _shift(shifted, rng.choice([0, 2]))}
            out["date"] = shifted if rng.random() < 0.5 else interval
    for field in ("killed", "injured", "captured"):
        value = ev.get(field)
        if isinstance(value, int) and rng.random() < 0.8:
            n = value + rng.choice([0, 0, 1, -1])
            out[field] = n if rng.random() < 0.5 else {"min": n, "max": n}
        elif isinstance(value, list) and rng.random() < 0.8:
            low = (value[0] or 0) + rng.choice([0, 1, -1])
            out[field] = {"min": low, "max": value[1]}
    modality = ev.get("modality")
    out["modality"] = rng.choice(["asserted", "reported", "denied"]) if rng.random() < 0.3 else modality
    evidence = str(ev.get("evidence") or "")
    words = evidence.split()
    if rng.random() < 0.3 and words:
        words = words[: max(1, len(words) // rng.choice([2, 3, 4]))]
    elif rng.random() < 0.1:
        words = ["نص", "آخر", "تماما"]
    out["evidence"] = {"text": " ".join(words)} if rng.random() < 0.5 else " ".join(words)
    return out


def _perturbed_predictions(gold: dict[str, dict[str, Any]], rng: random.Random) -> dict[str, dict[str, Any]]:
    preds: dict[str, dict[str, Any]] = {}
    for doc_id, gold_doc in gold.items():
        if rng.random() < 0.05:
            continue  # document not predicted
        events = [_perturb_event(ev, gold_doc, rng) for ev in (gold_doc.get("events") or []) if rng.random() > 0.15]
        if events and rng.random() < 0.2:
            events.append(copy.deepcopy(rng.choice(events)))  # a duplicate
        rng.shuffle(events)
        pred: dict[str, Any] = {"doc_id": doc_id, "events": events}
        if rng.random() < 0.3:
            pred["actors"] = [_as_prediction_entity(k, gold_doc, rng) for k in (gold_doc.get("entities") or {})]
        if rng.random() < 0.3:
            pred["places"] = [_as_prediction_place(p, rng) for p in (gold_doc.get("places") or {}).values()]
        preds[doc_id] = pred
    return preds


@pytest.mark.shared
@pytest.mark.skipif(not REFEREE.is_file(), reason="no ../shared/eval/score.py")
@pytest.mark.parametrize("name", ["seed", "dev", "gsr"])
def test_same_figures_as_referee_on_perturbed_gold(name: str) -> None:
    referee = _referee()
    gold_path = shared_dir() / "eval" / "gold" / f"{name}.jsonl"
    gold = load_jsonl(gold_path)
    assert gold == referee.load(str(gold_path))
    rng = random.Random(20240611)
    rounds = 2 if name == "gsr" else 6
    for _ in range(rounds):
        preds = json.loads(json.dumps(_perturbed_predictions(gold, rng)))
        expected = referee.score(gold, preds)
        got = score(gold, preds)
        assert got == expected
        assert json.dumps(got) == json.dumps(expected)
        assert render(got) == referee.render(expected)


# --- rasd eval (the command), with a stand-in pipeline --------------------------------------------------------------


class _FakePipeline:
    """Predicts the fixture's predictions for each article read."""

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def pipe(self, articles: Any, batch_size: int = 64) -> Any:
        preds = load_jsonl(FIXTURES / "pred.jsonl")
        for article in articles:
            self.seen.append(article)
            yield _FakeReport(article, preds.get(article.id, {"events": []}))


class _FakeReport:
    def __init__(self, article: Any, prediction: dict[str, Any]) -> None:
        self.article = article
        self.prediction = prediction


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> _FakePipeline:
    import rasd.output
    import rasd.pipeline

    fake = _FakePipeline()
    monkeypatch.setattr(rasd.pipeline, "default_pipeline", lambda: fake)
    monkeypatch.setattr(rasd.output, "report_to_dict", lambda report: {k: v for k, v in report.prediction.items()})
    return fake


def _invoke(*args: str) -> Any:
    from click.testing import CliRunner

    from rasd.cli_eval import eval_command

    return CliRunner().invoke(eval_command, list(args))


def test_cli_scores_a_predictions_file() -> None:
    result = _invoke("--gold", str(FIXTURES / "gold.jsonl"), "--predictions", str(FIXTURES / "pred.jsonl"))
    assert result.exit_code == 0, result.output
    assert result.output.rstrip("\n") == (FIXTURES / "expected.txt").read_text(encoding="utf-8").rstrip("\n")
    as_json = _invoke("--gold", str(FIXTURES / "gold.jsonl"), "--predictions", str(FIXTURES / "pred.jsonl"), "--json")
    assert json.loads(as_json.output) == json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def test_cli_runs_the_pipeline(fake_pipeline: _FakePipeline, tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    gold, inputs = str(FIXTURES / "gold.jsonl"), str(FIXTURES / "inputs.jsonl")
    result = _invoke("--gold", gold, "--inputs", inputs, "--predictions-out", str(out), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["docs_predicted"] == 2
    assert figures["events"]["tp"] == 2
    first, second = fake_pipeline.seen
    assert (first.id, first.published, first.outlet) == ("fx-1", dt.date(2024, 3, 10), "fixture")
    assert first.title == "انفجار في البلدة"
    assert (second.published, second.title) == (None, None)
    written = load_jsonl(out)
    assert list(written) == ["fx-1", "fx-2"]
    assert written["fx-2"]["doc_id"] == "fx-2"  # filled from the article id when the output lacks it


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "exactly one of --inputs"),
        (["--inputs", "I", "--predictions", "P"], "exactly one of --inputs"),
        (["--predictions", "P", "--predictions-out", "x.jsonl"], "--predictions-out needs --inputs"),
        (["--predictions", "P", "--threshold", "0.5"], "--threshold needs --inputs"),
        (["--inputs", "I", "--threshold", "1.5"], "Invalid value for '--threshold'"),
    ],
)
def test_cli_usage_errors(args: list[str], message: str) -> None:
    paths = {"I": str(FIXTURES / "inputs.jsonl"), "P": str(FIXTURES / "pred.jsonl")}
    result = _invoke("--gold", str(FIXTURES / "gold.jsonl"), *(paths.get(a, a) for a in args))
    assert result.exit_code == 2
    assert message in result.output


def test_cli_bad_file_names_line() -> None:
    result = _invoke("--gold", str(FIXTURES / "gold.jsonl"), "--predictions", str(FIXTURES / "broken.jsonl"))
    assert result.exit_code == 1
    assert "broken.jsonl:2: not JSON" in result.output


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": "نص"}, "no id"),
        ({"id": "a"}, "'text' must be a string"),
        ({"id": "a", "text": "نص", "published": "أمس"}, "not an ISO date"),
        ({"id": "a", "text": "نص", "title": 5}, "'title' must be a string"),
    ],
)
def test_article_from_record_errors(record: dict[str, Any], message: str) -> None:
    from rasd.cli_eval import article_from_record

    with pytest.raises(EvalInputError, match=message):
        article_from_record(record, "in.jsonl:3")
