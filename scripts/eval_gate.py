#!/usr/bin/env python3
"""Evaluation gate: rasd's figures on the gold sets must not fall below the floors pinned in tests/eval_baseline.json.

    python scripts/eval_gate.py                 # check (exit 1 when a figure is below its floor)
    python scripts/eval_gate.py --update        # raise floors to today's figures (never lowers)
    python scripts/eval_gate.py --update --lower-with-reason "why"   # also lower, recording why
    python scripts/eval_gate.py --repin         # accept changed gold/input files (re-pin their sha256)

Baseline: {"tolerance": t, "sets": {name: {"gold": path, "gold_sha256": h, "inputs": path, "inputs_sha256": h,
"floors": {metric: {"floor": x, "lowered_reason": null | "why"}}}}}, paths relative to the shared folder. A set may
instead name `"annotations": "annotations/events"` (relative to the repository, pinned by `annotations_sha256` over
its files): the project's own gold, built against ../shared/corpus by scripts/annotations.py. A metric is a
dotted path into `rasd.evaluate.score`'s result ("events.f1", "date.accuracy", absent counts as 0.0), or
"per_type.A+B.recall" (summed tp over summed gold of those types). A floor lower than in the previously committed
baseline (git HEAD~1, and HEAD when the file has uncommitted changes) fails unless its `lowered_reason` is non-empty.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "tests" / "eval_baseline.json"
BASELINE_IN_GIT = "tests/eval_baseline.json"
DEFAULT_TOLERANCE = 0.0005
Figures = dict[str, dict[str, float]]  # set name -> metric -> value


@dataclass(frozen=True)
class Row:
    """One line of the gate's table."""

    set: str
    metric: str
    floor: float
    now: float
    ok: bool


def default_shared() -> Path:
    env = os.environ.get("RASD_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def annotations_digest(folder: Path) -> str:
    """One sha256 over the names and bytes of every annotation file of a folder, in name order."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.json")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def metric_value(result: Mapping[str, Any], metric: str) -> float:
    """The value of a dotted metric name in a score result (0.0 when the figure is absent)."""
    if metric.startswith("per_type."):
        _, types, field = metric.split(".")
        if field != "recall":
            raise ValueError(f"unknown per-type metric {metric!r} (only per_type.A+B.recall)")
        per_type = result.get("per_type") or {}
        tp = sum(per_type.get(t, {}).get("tp", 0) for t in types.split("+"))
        gold = sum(per_type.get(t, {}).get("gold", 0) for t in types.split("+"))
        return tp / gold if gold else 0.0
    head, _, field = metric.partition(".")
    value = (result.get(head) or {}).get(field, 0.0)
    return float(value)


def check_hashes(baseline: Mapping[str, Any], shared: Path) -> list[str]:
    """Problems with the pinned gold/input files: missing, or changed since they were pinned."""
    problems = []
    for name, entry in baseline["sets"].items():
        if "annotations" in entry:
            folder = REPO / entry["annotations"]
            if not folder.is_dir():
                problems.append(f"{name}: annotation folder {folder} is missing")
            elif annotations_digest(folder) != entry["annotations_sha256"]:
                problems.append(
                    f"{name}: the annotations in {folder} changed since they were pinned: re-pin on purpose with "
                    "--repin, then --update"
                )
            continue
        for kind in ("gold", "inputs"):
            path = shared / entry[kind]
            if not path.is_file():
                problems.append(f"{name}: {kind} file {path} is missing")
            elif sha256(path) != entry[f"{kind}_sha256"]:
                problems.append(
                    f"{name}: {kind} file {path} changed (sha256 differs from the pinned one): the gold set changed; "
                    "re-pin on purpose with --repin, then --update"
                )
    return problems


def check_floors(baseline: Mapping[str, Any], figures: Figures) -> list[Row]:
    tolerance = float(baseline.get("tolerance", DEFAULT_TOLERANCE))
    rows = []
    for name, entry in baseline["sets"].items():
        for metric, spec in entry["floors"].items():
            now = figures.get(name, {}).get(metric, 0.0)
            rows.append(Row(name, metric, float(spec["floor"]), now, now + tolerance >= float(spec["floor"])))
    return rows


def check_not_lowered(baseline: Mapping[str, Any], previous: Mapping[str, Any]) -> list[str]:
    """Floors lower than (or missing from) the previous baseline, without a lowered_reason."""
    problems = []
    for name, old_entry in previous.get("sets", {}).items():
        new_floors = baseline["sets"].get(name, {}).get("floors", {})
        for metric, old in old_entry.get("floors", {}).items():
            new = new_floors.get(metric)
            if new is None:
                problems.append(f"{name} {metric}: floor removed (keep it, lowered with a lowered_reason)")
                continue
            reason = new.get("lowered_reason")
            if float(new["floor"]) < float(old["floor"]) and not (isinstance(reason, str) and reason.strip()):
                problems.append(
                    f"{name} {metric}: floor lowered from {old['floor']} to {new['floor']} without a lowered_reason"
                )
    return problems


def committed_baselines(revisions: tuple[str, ...] = ("HEAD", "HEAD~1")) -> tuple[list[Mapping[str, Any]], str | None]:
    """The baseline as committed at each revision (where git and that history exist), or a note why not."""
    found: list[Mapping[str, Any]] = []
    for rev in revisions:
        try:
            out = subprocess.run(
                ["git", "show", f"{rev}:{BASELINE_IN_GIT}"], cwd=REPO, capture_output=True, text=True, check=False
            )
        except OSError:
            return [], "lowered-floor check skipped: git not available"
        if out.returncode == 0:
            found.append(json.loads(out.stdout))
    if not found:
        return [], f"lowered-floor check skipped: no committed {BASELINE_IN_GIT} in HEAD or HEAD~1"
    return found, None


def updated(baseline: Mapping[str, Any], figures: Figures, lower_reason: str | None = None) -> dict[str, Any]:
    """A new baseline: floors raised to today's figures (rounded down to 4 places); lowered only with a reason."""
    new = json.loads(json.dumps(baseline))
    for name, entry in new["sets"].items():
        for metric, spec in entry["floors"].items():
            now = math.floor(figures.get(name, {}).get(metric, 0.0) * 10000) / 10000
            if now > spec["floor"]:
                spec["floor"], spec["lowered_reason"] = now, None
            elif now < spec["floor"] and lower_reason:
                spec["floor"], spec["lowered_reason"] = now, lower_reason
    return new


def repinned(baseline: Mapping[str, Any], shared: Path) -> dict[str, Any]:
    new = json.loads(json.dumps(baseline))
    for entry in new["sets"].values():
        if "annotations" in entry:
            entry["annotations_sha256"] = annotations_digest(REPO / entry["annotations"])
            continue
        for kind in ("gold", "inputs"):
            entry[f"{kind}_sha256"] = sha256(shared / entry[kind])
    return new


def pipeline_figures(baseline: Mapping[str, Any], shared: Path) -> Figures:
    """Run the default pipeline over each set's inputs and score it (the work of `rasd eval`, in-process)."""
    sys.path.insert(0, str(REPO / "src"))
    from rasd.cli_eval import evaluate_inputs
    from rasd.pipeline import default_pipeline

    pipeline = default_pipeline()
    figures: Figures = {}
    with tempfile.TemporaryDirectory(prefix="rasd-gate-") as tmp:
        for name, entry in baseline["sets"].items():
            if "annotations" in entry:
                gold, inputs = built_annotations(shared, REPO / entry["annotations"], Path(tmp) / name)
            else:
                gold, inputs = shared / entry["gold"], shared / entry["inputs"]
            result = evaluate_inputs(gold, inputs, pipeline=pipeline)
            figures[name] = {metric: metric_value(result, metric) for metric in entry["floors"]}
    return figures


def built_annotations(shared: Path, folder: Path, out: Path) -> tuple[Path, Path]:
    """The project's annotations as gold and inputs JSON Lines (scripts/annotations.py build), written under `out`."""
    sys.path.insert(0, str(REPO / "scripts"))
    from annotations import build

    build(shared, out, folder)
    return out / "gold.jsonl", out / "inputs.jsonl"


def render_rows(rows: list[Row]) -> str:
    lines = [f"{'set':<6} {'metric':<28} {'floor':>7} {'now':>7}  status"]
    for r in rows:
        lines.append(f"{r.set:<6} {r.metric:<28} {r.floor:>7.4f} {r.now:>7.4f}  {'ok' if r.ok else 'BELOW FLOOR'}")
    return "\n".join(lines)


def run_gate(
    baseline_path: Path,
    shared: Path,
    *,
    update: bool = False,
    lower_reason: str | None = None,
    repin: bool = False,
    figures_fn: Callable[[Mapping[str, Any], Path], Figures] = pipeline_figures,
    previous: list[Mapping[str, Any]] | None = None,
    out: Callable[[str], None] = print,
) -> int:
    """The gate; returns the exit status. `previous` (committed baselines) is read from git when None."""
    if not (shared / "eval").is_dir():
        out(f"skipped: no ../shared/eval (looked in {shared / 'eval'})")
        return 0
    baseline = json.loads(baseline_path.read_text(encoding="utf-8"))
    if repin:
        baseline = repinned(baseline, shared)
        baseline_path.write_text(json.dumps(baseline, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        out(f"re-pinned gold and input hashes in {baseline_path}")
    failures = check_hashes(baseline, shared)
    if previous is None:
        previous, note = committed_baselines()
        if note:
            out(note)
    for old in previous:
        failures += check_not_lowered(baseline, old)
    if failures:
        out("\n".join(f"FAIL {p}" for p in dict.fromkeys(failures)))
        return 1
    try:
        figures = figures_fn(baseline, shared)
    except Exception as exc:  # any failure of the pipeline fails the gate, with its traceback
        traceback.print_exc()
        out(f"FAIL could not compute the figures: {exc}")
        return 1
    if update:
        baseline = updated(baseline, figures, lower_reason)
        baseline_path.write_text(json.dumps(baseline, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        out(f"floors updated in {baseline_path}")
    rows = check_floors(baseline, figures)
    out(render_rows(rows))
    below = [r for r in rows if not r.ok]
    if below:
        out(f"FAIL {len(below)} figure(s) below their floor")
        return 1
    out("eval gate: ok")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=None, help="the shared folder (default: RASD_SHARED or ../shared)")
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    ap.add_argument("--update", action="store_true", help="raise floors to the current figures")
    ap.add_argument("--lower-with-reason", metavar="REASON", help="with --update: also lower floors, recording why")
    ap.add_argument("--repin", action="store_true", help="re-pin the sha256 of the gold and input files")
    a = ap.parse_args(argv)
    if a.lower_with_reason is not None and not (a.update and a.lower_with_reason.strip()):
        ap.error("--lower-with-reason needs --update and a non-empty reason")
    shared = a.shared or default_shared()
    return run_gate(a.baseline, shared, update=a.update, lower_reason=a.lower_with_reason, repin=a.repin)


if __name__ == "__main__":
    sys.exit(main())
