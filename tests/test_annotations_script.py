"""Tests of scripts/annotations.py (check and build) on a tiny corpus written here, plus the real files when shared."""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "annotations.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rasd_annotations_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


script = _load_script()

TEXT_A = (
    "قتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف على بلدة الواحة الشمالية يوم الثلاثاء. "
    "وقال مصدر طبي إن الجرحى نقلوا إلى المستشفى.\n"
    "ودعا الوزير إلى وقف القتال فورا."
)
TEXT_B = "افتتح المعرض الدولي للكتاب أبوابه أمس بمشاركة مئات الناشرين."


def _article(doc_id: str, text: str) -> dict[str, Any]:
    return {
        "id": doc_id,
        "source": "alyaum",
        "date_extracted": "2015-07-23 10:00:00",
        "title": "عنوان",
        "content": text,
    }


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    root = tmp_path / "shared"
    corpus = root / "corpus" / "saudinewsnet"
    corpus.mkdir(parents=True)
    rows = [_article("snn-1", TEXT_A), _article("snn-2", TEXT_B), _article("snn-9", TEXT_B)]
    (corpus / "conflict_subset.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    (root / "eval" / "gold").mkdir(parents=True)
    (root / "eval" / "gold" / "dev.jsonl").write_text('{"doc_id": "snn-9", "events": []}\n', encoding="utf-8")
    return root


def _span(text: str, part: str) -> dict[str, int]:
    start = text.index(part)
    return {"start": start, "end": start + len(part)}


def _valid_doc() -> dict[str, Any]:
    return {
        "doc_id": "snn-1",
        "annotator": "test",
        "text_sha256": hashlib.sha256(TEXT_A.encode("utf-8")).hexdigest(),
        "published": "2015-07-23",
        "outlet": "alyaum",
        "genre": "news",
        "events": [
            {
                "type": "ASSAULT",
                "modes": ["heavy-weapons"],
                "actors": [],
                "recipients": ["Civilians"],
                "place": "Al-Waha",
                "date": "2015-07-21",
                "killed": 3,
                "injured": [5, None],
                "captured": None,
                "modality": "reported",
                "sources": ["medical source"],
                "evidence": _span(TEXT_A, "قتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف على بلدة الواحة الشمالية"),
                "mentions": [_span(TEXT_A, "وقال مصدر طبي إن الجرحى نقلوا إلى المستشفى")],
            },
            {
                "type": "REQUEST",
                "modes": [],
                "actors": ["Minister"],
                "recipients": [],
                "place": None,
                "date": "2015-07",
                "killed": None,
                "injured": None,
                "captured": None,
                "modality": "asserted",
                "sources": [],
                "evidence": _span(TEXT_A, "ودعا الوزير إلى وقف القتال فورا"),
            },
        ],
        "entities": {
            "Civilians": {"kind": "civilians", "aliases": ["مدنيين"]},
            "Minister": {"kind": "person", "aliases": ["الوزير"]},
        },
        "places": {"Al-Waha": {"aliases": ["الواحة"], "lat": 15.5, "lon": 44.2, "country": "YE", "geonameid": None}},
        "notes": "a fixture written for the tests; " * 5,
    }


def _write(events: Path, doc: dict[str, Any], name: str | None = None) -> Path:
    events.mkdir(parents=True, exist_ok=True)
    path = events / f"{name or doc['doc_id']}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_a_sound_file_passes(shared: Path, tmp_path: Path) -> None:
    events = tmp_path / "events"
    _write(events, _valid_doc())
    empty = _valid_doc() | {"doc_id": "snn-2", "genre": "other", "events": [], "entities": {}, "places": {}}
    empty["text_sha256"] = hashlib.sha256(TEXT_B.encode("utf-8")).hexdigest()
    _write(events, empty)
    assert script.check(shared, events) == []
    assert script.main(["check", "--shared", str(shared), "--events", str(events)]) == 0


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return apply


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (_set("text_sha256", "0" * 64), "text_sha256", "does not match"),
        (_set("published", "2015-07-24"), "published", "differs from the corpus date"),
        (_set("outlet", "okaz"), "outlet", "differs from the corpus source"),
        (_set("doc_id", "snn-404"), "doc_id", "not in"),
        (_set("genre", "blog"), "genre", "not in"),
        (_set("events.0.type", "ATTACK"), "events[0].type", "not a PLOVER type"),
        (_set("events.0.modality", "claimed"), "events[0].modality", "not in"),
        (_set("events.0.modes", ["artillery"]), "events[0].modes", "not a PLOVER mode"),
        (_set("events.0.evidence", {"start": 10, "end": 5000}), "events[0].evidence", "outside the text"),
        (_set("events.0.evidence", {"start": 3, "end": 4}), "events[0].evidence", "blank"),
        (_set("events.0.mentions", [{"start": 1}]), "events[0].mentions[0]", "not an object"),
        (_set("events.0.recipients", ["Children"]), "events[0].recipients", "not a key of entities"),
        (_set("events.0.place", "Sanaa"), "events[0].place", "not a key of places"),
        (_set("events.0.date", "21/07/2015"), "events[0].date", "YYYY-MM"),
        (_set("events.0.killed", -1), "events[0].killed", "not null"),
        (_set("events.0.injured", [9, 4]), "events[0].injured", "max below min"),
        (_set("events.0.captured", "many"), "events[0].captured", "not null"),
        (_set("events.0.sources", "medical source"), "events[0].sources", "not a list"),
        (_set("events.1.evidence", _DELETE), "events[1].evidence", "missing"),
        (_set("events.1.extra", 1), "events[1].extra", "unknown field"),
        (_set("places.Al-Waha.lat", "15.5"), "places.Al-Waha.lat", "not a number"),
        (_set("places.Al-Waha.lon", 200.0), "places.Al-Waha.lon", "not a number"),
        (_set("entities.Minister.aliases", ["وزير الخارجية في الحكومة اليمنية المستقيلة"]), "entities.Minister.aliases",
         "at most 5"),
        (_set("entities.Minister.kind", "x" * 61), "doc.entities.Minister.kind", "article text"),
        (_set("annotator", _DELETE), "annotator", "missing"),
    ],
)  # fmt: skip
def test_each_problem_is_reported(
    shared: Path, tmp_path: Path, change: Callable[[dict[str, Any]], None], field: str, problem: str
) -> None:
    doc = copy.deepcopy(_valid_doc())
    change(doc)
    _write(tmp_path / "events", doc, name="snn-1")
    found = script.check(shared, tmp_path / "events")
    assert any(f == field and problem in p for _, f, p in found), found


def test_invalid_json_and_known_gold_doc(shared: Path, tmp_path: Path) -> None:
    events = tmp_path / "events"
    events.mkdir()
    (events / "snn-2.json").write_text('{"doc_id": "snn-2",', encoding="utf-8")
    doc = _valid_doc() | {"doc_id": "snn-9", "events": []}
    _write(events, doc)
    found = script.check(shared, events)
    assert ("snn-2.json", "-") == found[0][:2] and "not valid JSON" in found[0][2]
    assert any(f == "doc_id" and "shared gold set 'dev'" in p for name, f, p in found if name == "snn-9.json")


def test_check_cli_prints_problems_and_exits_1(shared: Path, tmp_path: Path) -> None:
    doc = _valid_doc()
    doc["events"][0]["type"] = "ATTACK"
    _write(tmp_path / "events", doc)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "check", "--shared", str(shared), "--events", str(tmp_path / "events")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1
    assert "snn-1.json: events[0].type: 'ATTACK' is not a PLOVER type" in run.stdout
    missing = subprocess.run(
        [sys.executable, str(SCRIPT), "check", "--shared", str(tmp_path / "nowhere")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert missing.returncode == 2 and "no such file" in missing.stderr and "Traceback" not in missing.stderr


def test_build_writes_gold_and_inputs(shared: Path, tmp_path: Path) -> None:
    events, out = tmp_path / "events", tmp_path / "out"
    _write(events, _valid_doc())
    assert script.build(shared, out, events) == 1
    gold = [json.loads(line) for line in (out / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    inputs = [json.loads(line) for line in (out / "inputs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert inputs == [{"id": "snn-1", "published": "2015-07-23", "outlet": "alyaum", "title": "عنوان", "text": TEXT_A}]
    assert gold[0]["doc_id"] == "snn-1" and gold[0]["places"]["Al-Waha"]["lat"] == 15.5
    first = gold[0]["events"][0]
    assert first["evidence"] == "قتل ثلاثة مدنيين وأصيب خمسة آخرون في قصف على بلدة الواحة الشمالية"
    assert first["mentions"] == ["وقال مصدر طبي إن الجرحى نقلوا إلى المستشفى"]
    assert first["injured"] == [5, None] and gold[0]["events"][1]["mentions"] == []
    pairs = script.load_annotations(shared, events)
    assert [(g["doc_id"], i["id"]) for g, i in pairs] == [("snn-1", "snn-1")]


def test_build_refuses_unsound_annotations(shared: Path, tmp_path: Path) -> None:
    doc = _valid_doc()
    doc["events"][0]["actors"] = ["Nobody"]
    _write(tmp_path / "events", doc)
    with pytest.raises(script.AnnotationError, match="not a key of entities"):
        script.build(shared, tmp_path / "out", tmp_path / "events")
    assert not (tmp_path / "out" / "gold.jsonl").exists()


def _real_shared() -> Path:
    env = os.environ.get("RASD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.shared
@pytest.mark.skipif(not (_real_shared() / script.CORPUS).is_file(), reason="no ../shared corpus")
def test_repository_annotations_are_sound(tmp_path: Path) -> None:
    assert script.check(_real_shared()) == []
    count = script.build(_real_shared(), tmp_path)
    assert count == len(list(script.EVENTS_DIR.glob("*.json")))
    referee = _real_shared() / "eval" / "score.py"
    if referee.is_file() and count:
        gold = tmp_path / "gold.jsonl"
        predictions = tmp_path / "predictions.jsonl"
        lines = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
        predictions.write_text("".join(json.dumps(_as_prediction(g), ensure_ascii=False) + "\n" for g in lines))
        run = subprocess.run(
            [sys.executable, str(referee), "--gold", str(gold), "--predictions", str(predictions), "--json"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        result = json.loads(run.stdout)
        assert result["docs"] == count
        assert result["events"]["recall"] == 1.0


def _as_prediction(gold: dict[str, Any]) -> dict[str, Any]:
    """A gold article restated as the referee's prediction format (the referee must pair every event)."""

    def names(keys: list[str]) -> list[dict[str, Any]]:
        return [{"name": k, "aliases": gold["entities"][k]["aliases"]} for k in keys]

    events = []
    for event in gold["events"]:
        place = gold["places"].get(event["place"]) if event["place"] else None
        events.append(
            event
            | {
                "actors": names(event["actors"]),
                "recipients": names(event["recipients"]),
                "place": place and {"name": event["place"], "lat": place["lat"], "lon": place["lon"]},
                "sources": [{"name": s} for s in event["sources"]],
            }
        )
    return {"doc_id": gold["doc_id"], "events": events}
