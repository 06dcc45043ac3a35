#!/usr/bin/env python3
"""Inter-annotator agreement: score a second, independent annotation of some articles against annotations/events.

    python scripts/agreement.py [--shared ../shared] [--gold annotations/events] [--other annotations/agreement]
                                [--out build/agreement] [--swap] [--json] [--details]

Both folders hold files in the format of scripts/annotations.py (offsets into the conflict subset, no article text).
For the articles present in both, the script writes `gold.jsonl` (the referee's gold format, evidence materialised from
the corpus) and `predictions.jsonl` (the second annotation in the referee's prediction shape) under --out, and runs the
referee (../shared/eval/score.py --json) on them. The figures are the human ceiling for the system's figures.
`--swap` scores the other way round (the second annotation as gold); `--details` also lists, per article, the events
the referee's pairing leaves unpaired on either side (type and the start of the evidence).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from annotations import (
    CORPUS,
    DEFAULT_SHARED,
    EVENTS_DIR,
    REPO,
    AnnotationError,
    annotation_files,
    check_file,
    existing_gold_ids,
    load_corpus,
    to_gold,
)

OTHER_DIR = REPO / "annotations" / "agreement"
DEFAULT_OUT = REPO / "build" / "agreement"
REFEREE = Path("eval") / "score.py"
SUMMARY = (
    ("event F1", "events", "f1"), ("event P", "events", "precision"), ("event R", "events", "recall"),
    ("material F1", "material_events", "f1"), ("actors F1", "actors", "f1"), ("recipients F1", "recipients", "f1"),
    ("sources F1", "sources", "f1"), ("place acc", "place", "accuracy"), ("date acc", "date", "accuracy"),
    ("killed acc", "killed", "accuracy"), ("injured acc", "injured", "accuracy"),
    ("modality acc", "modality", "accuracy"), ("doc actors F1", "doc_actors", "f1"),
    ("doc places F1", "doc_places", "f1"),
)  # fmt: skip

Annotated = dict[str, tuple[dict[str, Any], str]]  # doc id -> (annotation, article text)


def load_set(folder: Path, corpus: dict[str, dict[str, Any]], gold_ids: dict[str, str]) -> Annotated:
    """Every annotation of a folder with its article text; AnnotationError naming the first problem found."""
    if not folder.is_dir():
        raise AnnotationError(f"{folder}: no such folder")
    found: Annotated = {}
    for path in annotation_files(folder):
        problems = check_file(path, corpus, gold_ids)
        if problems:
            file, field, problem = problems[0]
            raise AnnotationError(f"{folder / file}: {field}: {problem} ({len(problems)} problem(s))")
        doc = json.loads(path.read_text(encoding="utf-8"))
        found[doc["doc_id"]] = (doc, str(corpus[doc["doc_id"]]["content"]))
    return found


def _count(value: Any) -> dict[str, int | None] | None:
    if value is None:
        return None
    if isinstance(value, list):
        return {"min": value[0], "max": value[1]}
    return {"min": value, "max": value}


def _entity(doc: dict[str, Any], key: str) -> dict[str, Any]:
    entity = doc["entities"].get(key) or {}
    return {"name": key, "aliases": list(entity.get("aliases") or [])}


def _place(doc: dict[str, Any], key: str | None) -> dict[str, Any] | None:
    if key is None:
        return None
    place = doc["places"][key]
    return {"name": key, "lat": place["lat"], "lon": place["lon"]}


def to_prediction(doc: dict[str, Any], text: str) -> dict[str, Any]:
    """An annotation in the referee's prediction shape (names as {name, aliases}, places with points, count ranges)."""
    events = []
    for event in doc["events"]:
        span = event["evidence"]
        events.append({
            "type": event["type"],
            "modes": list(event["modes"]),
            "actors": [_entity(doc, key) for key in event["actors"]],
            "recipients": [_entity(doc, key) for key in event["recipients"]],
            "place": _place(doc, event["place"]),
            "date": event["date"],
            "killed": _count(event["killed"]),
            "injured": _count(event["injured"]),
            "captured": _count(event["captured"]),
            "modality": event["modality"],
            "sources": [_entity(doc, name) for name in event["sources"]],
            "evidence": {"start": span["start"], "end": span["end"], "text": text[span["start"] : span["end"]]},
        })  # fmt: skip
    return {
        "doc_id": doc["doc_id"],
        "events": events,
        "actors": [_entity(doc, key) for key in doc["entities"]],
        "places": [_place(doc, key) for key in doc["places"]],
    }


def build(gold: Annotated, other: Annotated, out: Path) -> list[str]:
    """Write out/gold.jsonl and out/predictions.jsonl for the articles in both sets; returns their doc ids."""
    common = sorted(set(gold) & set(other))
    out.mkdir(parents=True, exist_ok=True)
    with (
        (out / "gold.jsonl").open("w", encoding="utf-8") as gold_file,
        (out / "predictions.jsonl").open("w", encoding="utf-8") as pred_file,
    ):
        for doc_id in common:
            gold_file.write(json.dumps(to_gold(*gold[doc_id]), ensure_ascii=False) + "\n")
            pred_file.write(json.dumps(to_prediction(*other[doc_id]), ensure_ascii=False) + "\n")
    return common


def run_referee(referee: Path, gold_path: Path, pred_path: Path) -> dict[str, Any]:
    """The referee's figures (its --json output) for a gold and a prediction file."""
    cmd = [sys.executable, str(referee), "--gold", str(gold_path), "--predictions", str(pred_path), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise AnnotationError(f"{referee}: exited with {done.returncode}: {last}")
    try:
        result: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError as err:
        raise AnnotationError(f"{referee}: output is not JSON ({err.msg})") from err
    return result


def unpaired_lines(referee: Path, gold_path: Path, pred_path: Path) -> list[str]:
    """Per article, the events the referee's own pairing (`best_pairs`) leaves without a partner on either side."""
    spec = importlib.util.spec_from_file_location("agreement_referee", referee)
    if spec is None or spec.loader is None:
        raise AnnotationError(f"{referee}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        pair_events = module.best_pairs
    except (Exception, SystemExit) as err:  # a foreign script: any failure on import means no usable pairing
        raise AnnotationError(f"{referee}: has no usable best_pairs ({type(err).__name__}: {err})") from err
    gold_docs = {d["doc_id"]: d for d in map(json.loads, gold_path.read_text(encoding="utf-8").splitlines())}
    pred_docs = {d["doc_id"]: d for d in map(json.loads, pred_path.read_text(encoding="utf-8").splitlines())}
    lines = []
    for doc_id, gdoc in gold_docs.items():
        gevs, pevs = gdoc["events"], pred_docs.get(doc_id, {}).get("events", [])
        pairs = pair_events(pevs, gevs, gdoc)
        for side, events, paired in (("gold", gevs, set(pairs.values())), ("other", pevs, set(pairs))):
            for i, event in enumerate(events):
                if i not in paired:
                    text = event["evidence"]["text"] if isinstance(event["evidence"], dict) else event["evidence"]
                    lines.append(f"{doc_id}  unpaired {side:<5} {event['type']:<9} {' '.join(text.split())[:70]}")
    return lines


def summary_lines(result: dict[str, Any], n_gold: int, n_pred: int) -> list[str]:
    lines = [f"documents: {result.get('docs', 0)}; events: {n_gold} gold, {n_pred} second annotation"]
    for label, key, field in SUMMARY:
        if key in result:
            extra = f"  (n={result[key]['n']})" if "n" in result[key] else ""
            lines.append(f"  {label:<15} {result[key][field]:.3f}{extra}")
    events = result.get("events", {})
    tallies = f"paired {events.get('tp', 0)}, unpaired gold {events.get('fn', 0)}, unpaired other {events.get('fp', 0)}"
    lines.append(f"  {tallies}")
    lines.append("  per type (gold / other / F1):")
    for event_type, row in sorted(result.get("per_type", {}).items()):
        lines.append(f"    {event_type:<10} {row['gold']:>3} {row['pred']:>3}  {row['f1']:.3f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (default ../shared)")
    parser.add_argument("--gold", type=Path, default=EVENTS_DIR, help="reference annotations (annotations/events)")
    parser.add_argument("--other", type=Path, default=OTHER_DIR, help="second annotations (annotations/agreement)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where gold.jsonl/predictions.jsonl go")
    parser.add_argument("--referee", type=Path, default=None, help="the referee script (default SHARED/eval/score.py)")
    parser.add_argument("--swap", action="store_true", help="score the other way: the second annotation as gold")
    parser.add_argument("--json", action="store_true", help="print the referee's figures as JSON")
    parser.add_argument("--details", action="store_true", help="also list the events left unpaired, per article")
    args = parser.parse_args(argv)
    referee = args.referee or args.shared / REFEREE
    for path, what in ((args.shared / CORPUS, "file"), (referee, "file")):
        if not path.is_file():
            print(f"error: {path}: no such {what} (pass --shared or --referee)", file=sys.stderr)
            return 2
    try:
        corpus = load_corpus(args.shared)
        gold_ids = existing_gold_ids(args.shared)
        gold, other = load_set(args.gold, corpus, gold_ids), load_set(args.other, corpus, gold_ids)
        if args.swap:
            gold, other = other, gold
        common = build(gold, other, args.out)
        if not common:
            print(f"error: no article is annotated in both {args.gold} and {args.other}", file=sys.stderr)
            return 1
        result = run_referee(referee, args.out / "gold.jsonl", args.out / "predictions.jsonl")
        details = (
            unpaired_lines(referee, args.out / "gold.jsonl", args.out / "predictions.jsonl") if args.details else []
        )
    except AnnotationError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    n_gold = sum(len(gold[d][0]["events"]) for d in common)
    n_pred = sum(len(other[d][0]["events"]) for d in common)
    print("\n".join(summary_lines(result, n_gold, n_pred) + details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
