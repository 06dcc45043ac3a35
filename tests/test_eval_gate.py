"""Tests of scripts/eval_gate.py's logic on synthetic baselines (the pipeline is never run)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

GATE_PATH = Path(__file__).resolve().parents[1] / "scripts" / "eval_gate.py"


def _load_gate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rasd_eval_gate", GATE_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


gate = _load_gate()


def _shared(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    (shared / "eval" / "gold").mkdir(parents=True)
    (shared / "eval" / "inputs").mkdir(parents=True)
    (shared / "eval" / "gold" / "x.jsonl").write_text('{"doc_id": "a", "events": []}\n', encoding="utf-8")
    (shared / "eval" / "inputs" / "x.jsonl").write_text('{"id": "a", "text": "نص قصير"}\n', encoding="utf-8")
    return shared


def _baseline(shared: Path, floors: dict[str, Any]) -> dict[str, Any]:
    def digest(rel: str) -> str:
        return hashlib.sha256((shared / rel).read_bytes()).hexdigest()

    return {
        "tolerance": 0.0005,
        "sets": {
            "x": {
                "gold": "eval/gold/x.jsonl",
                "gold_sha256": digest("eval/gold/x.jsonl"),
                "inputs": "eval/inputs/x.jsonl",
                "inputs_sha256": digest("eval/inputs/x.jsonl"),
                "floors": floors,
            }
        },
    }


def _floor(x: float, reason: str | None = None) -> dict[str, Any]:
    return {"floor": x, "lowered_reason": reason}


def _run(
    tmp_path: Path, baseline: dict[str, Any], figures: dict[str, float], previous: list[Any], **kw: Any
) -> tuple[int, str]:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline), encoding="utf-8")
    lines: list[str] = []
    rc = gate.run_gate(
        path, tmp_path / "shared", figures_fn=lambda b, s: {"x": figures}, previous=previous, out=lines.append, **kw
    )
    return rc, "\n".join(lines)


@pytest.mark.parametrize(
    ("floor", "now", "rc"),
    [(0.5, 0.6, 0), (0.5, 0.5, 0), (0.5, 0.4996, 0), (0.5, 0.499, 1), (0.5, 0.0, 1)],
)
def test_below_floor_fails(tmp_path: Path, floor: float, now: float, rc: int) -> None:
    shared = _shared(tmp_path)
    got, text = _run(tmp_path, _baseline(shared, {"events.f1": _floor(floor)}), {"events.f1": now}, [])
    assert got == rc
    assert ("BELOW FLOOR" in text) is (rc == 1)


def test_lowered_floor_without_reason_fails(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    previous = _baseline(shared, {"events.f1": _floor(0.6)})
    rc, text = _run(tmp_path, _baseline(shared, {"events.f1": _floor(0.5)}), {"events.f1": 0.9}, [previous])
    assert rc == 1
    assert "lowered from 0.6 to 0.5 without a lowered_reason" in text


@pytest.mark.parametrize("reason", [None, "", "  "])
def test_blank_reason_is_no_reason(tmp_path: Path, reason: str | None) -> None:
    shared = _shared(tmp_path)
    previous = _baseline(shared, {"events.f1": _floor(0.6)})
    rc, _ = _run(tmp_path, _baseline(shared, {"events.f1": _floor(0.5, reason)}), {"events.f1": 0.9}, [previous])
    assert rc == 1


def test_lowered_floor_with_reason_passes(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    previous = _baseline(shared, {"events.f1": _floor(0.6)})
    current = _baseline(shared, {"events.f1": _floor(0.5, "gold set re-annotated: stricter evidence")})
    rc, text = _run(tmp_path, current, {"events.f1": 0.55}, [previous])
    assert rc == 0, text


def test_removed_floor_fails(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    previous = _baseline(shared, {"events.f1": _floor(0.6), "date.accuracy": _floor(0.3)})
    rc, text = _run(tmp_path, _baseline(shared, {"events.f1": _floor(0.6)}), {"events.f1": 0.9}, [previous])
    assert rc == 1
    assert "date.accuracy: floor removed" in text


def test_hash_mismatch_fails(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    baseline = _baseline(shared, {"events.f1": _floor(0.0)})
    changed = '{"doc_id": "a", "events": [{"type": "AID"}]}\n'
    (shared / "eval" / "gold" / "x.jsonl").write_text(changed, encoding="utf-8")
    rc, text = _run(tmp_path, baseline, {"events.f1": 1.0}, [])
    assert rc == 1
    assert "gold file" in text and "changed" in text
    rc, text = _run(tmp_path, baseline, {"events.f1": 1.0}, [], repin=True)
    assert rc == 0, text


def test_no_shared_folder_skips(tmp_path: Path) -> None:
    lines: list[str] = []
    rc = gate.run_gate(tmp_path / "missing.json", tmp_path / "nowhere", previous=[], out=lines.append)
    assert rc == 0
    assert lines[0].startswith("skipped: no ../shared/eval")


def test_update_raises_only(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    baseline = _baseline(shared, {"events.f1": _floor(0.5), "date.accuracy": _floor(0.7)})
    figures = {"events.f1": 0.61239, "date.accuracy": 0.6}
    rc, _ = _run(tmp_path, baseline, figures, [], update=True)
    written = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["sets"]["x"]["floors"]
    assert written["events.f1"] == _floor(0.6123)  # rounded down
    assert written["date.accuracy"] == _floor(0.7)  # not lowered
    assert rc == 1  # and date is still below its floor


def test_update_lowers_with_reason(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    baseline = _baseline(shared, {"date.accuracy": _floor(0.7)})
    rc, _ = _run(tmp_path, baseline, {"date.accuracy": 0.6}, [], update=True, lower_reason="new date rules")
    written = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))["sets"]["x"]["floors"]
    assert written["date.accuracy"] == _floor(0.6, "new date rules")
    assert rc == 0
    assert gate.check_not_lowered(json.loads((tmp_path / "baseline.json").read_text()), baseline) == []


def test_pipeline_failure_fails(tmp_path: Path) -> None:
    shared = _shared(tmp_path)
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(_baseline(shared, {"events.f1": _floor(0.0)})), encoding="utf-8")

    def broken(baseline: Any, shared: Path) -> Any:
        raise RuntimeError("no model")

    lines: list[str] = []
    assert gate.run_gate(path, shared, figures_fn=broken, previous=[], out=lines.append) == 1
    assert "no model" in lines[-1]


@pytest.mark.parametrize(
    ("metric", "value"),
    [
        ("events.f1", 0.5),
        ("date.accuracy", 0.25),
        ("killed.accuracy", 0.0),  # absent from the result
        ("per_type.ASSAULT+PROTEST.recall", 3 / 8),
        ("per_type.AID.recall", 0.0),
    ],
)
def test_metric_value(metric: str, value: float) -> None:
    result = {
        "events": {"precision": 0.5, "recall": 0.5, "f1": 0.5},
        "date": {"accuracy": 0.25, "n": 4},
        "per_type": {
            "ASSAULT": {"gold": 6, "pred": 3, "tp": 2, "f1": 0.4},
            "PROTEST": {"gold": 2, "pred": 1, "tp": 1, "f1": 0.6},
        },
    }
    assert gate.metric_value(result, metric) == pytest.approx(value)


def test_committed_baseline_is_well_formed() -> None:
    baseline = json.loads((Path(__file__).parent / "eval_baseline.json").read_text(encoding="utf-8"))
    assert set(baseline["sets"]) == {"seed", "dev", "gsr", "train", "project"}
    for entry in baseline["sets"].values():
        if "annotations" in entry:  # the project's own gold, pinned as one digest over its files
            assert len(entry["annotations_sha256"]) == 64
            assert entry["annotations_sha256"] == gate.annotations_digest(gate.REPO / entry["annotations"])
        else:
            assert len(entry["gold_sha256"]) == 64 and len(entry["inputs_sha256"]) == 64
        for spec in entry["floors"].values():
            assert set(spec) == {"floor", "lowered_reason"}
            assert 0.0 <= spec["floor"] <= 1.0


def test_annotation_digest_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    first = gate.annotations_digest(tmp_path)
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    second = gate.annotations_digest(tmp_path)
    (tmp_path / "b.json").write_text('{"x": 1}', encoding="utf-8")
    assert len({first, second, gate.annotations_digest(tmp_path)}) == 3


def test_changed_annotations_fail_the_gate(tmp_path: Path) -> None:
    folder = tmp_path / "ann"
    folder.mkdir()
    (folder / "a.json").write_text("{}", encoding="utf-8")
    baseline = {"sets": {"p": {"annotations": str(folder), "annotations_sha256": "0" * 64, "floors": {}}}}
    problems = gate.check_hashes(baseline, tmp_path)
    assert problems and "changed since they were pinned" in problems[0]
