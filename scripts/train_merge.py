#!/usr/bin/env python3
"""Train the incident-merging and eventivity models on all gold and write them into the package.

    python scripts/train_merge.py [--shared ../shared] [--out src/rasd/resources/data/models] [--annotations DIR]

Gold: ../shared/eval/gold/{dev,train}.jsonl (inputs in ../shared/eval/inputs/) and the project's own annotations
(annotations/events/*.json, read through scripts/annotations.py; files with problems are skipped and named).
The pipeline runs once up to the claims stage; pairs of events are labelled by aligning them to gold events
(rasd.stages.incidents_fit) and a logistic regression is fitted, its threshold the best event F1 on the same
articles; the events the hand merge rule keeps are labelled by whether the referee pairs them with a gold event and a
second one is fitted (eventivity), its threshold the highest whose event F1 in an inner 4-fold cross-validation is
within one standard error of the best (rasd.stages.incidents_fit.one_se_threshold). CPU, under a minute.
Deterministic: same gold, same files.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
MODEL_OUT = REPO / "src" / "rasd" / "resources" / "data" / "models"
SHARED_SETS = ("dev", "train")


@dataclass
class GoldDoc:
    """One annotated article: its gold record, its input record and which set it comes from."""

    doc_id: str
    gold: dict[str, Any]
    record: dict[str, Any]
    origin: str


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _annotations_module() -> Any:
    path = REPO / "scripts" / "annotations.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("rasd_annotations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVENTS_DIR = REPO / "annotations" / "events"


def own_annotations(shared: Path, events_dir: Path = EVENTS_DIR) -> list[GoldDoc]:
    """The project's annotations that pass the checker (skipped files are named on stderr); [] when none."""
    ann = _annotations_module()
    if ann is None or not events_dir.is_dir():
        print("annotations: none (scripts/annotations.py or annotations/events missing)", file=sys.stderr)
        return []
    problems = ann.check(shared, events_dir)
    bad = {Path(p[0]).stem for p in problems}
    if bad:
        print(f"annotations: {len(bad)} file(s) with problems skipped: {', '.join(sorted(bad)[:10])}", file=sys.stderr)
    corpus = ann.load_corpus(shared)
    out = []
    for path in ann.annotation_files(events_dir):
        if path.stem in bad:
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        article = corpus[doc["doc_id"]]
        out.append(GoldDoc(doc["doc_id"], ann.to_gold(doc, article["content"]), ann.to_input(article), "rasd"))
    return out


def load_gold(shared: Path, with_annotations: bool = True, events_dir: Path = EVENTS_DIR) -> list[GoldDoc]:
    """All gold articles: dev, train and (when present) the project's annotations; a doc id counts once."""
    docs: dict[str, GoldDoc] = {}
    for name in SHARED_SETS:
        inputs = {str(r.get("id") or r.get("doc_id")): r for r in _jsonl(shared / "eval" / "inputs" / f"{name}.jsonl")}
        for gold in _jsonl(shared / "eval" / "gold" / f"{name}.jsonl"):
            doc_id = str(gold["doc_id"])
            if doc_id in inputs:
                docs.setdefault(doc_id, GoldDoc(doc_id, gold, inputs[doc_id], name))
    if with_annotations:
        for d in own_annotations(shared, events_dir):
            docs.setdefault(d.doc_id, d)
    return list(docs.values())


def fold_of(doc_id: str, k: int) -> int:
    """A document's fold: deterministic, from a hash of its id."""
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % k


def origins(golds: list[GoldDoc]) -> dict[str, int]:
    """Articles per gold set (dev, train, project ...), in first-seen order: the `trained_on` record of a model."""
    counts: dict[str, int] = {}
    for g in golds:
        counts[g.origin] = counts.get(g.origin, 0) + 1
    return counts


@dataclass
class StageTraining:
    """What a learned stage's training run made: the file written, the models, their examples, the gold's origins."""

    path: Path
    models: Any
    examples: list[Any]
    origins: dict[str, int]
    articles: int


def train_stage(description: str, model_file: str, script: str, crossval_script: str, cached_docs: Any,
                examples_of: Any, train: Any) -> StageTraining:
    """The run every learned stage's training script makes: options (gold, output folder, a cache of documents),
    the gold, the pipeline's documents, `examples_of(doc_id, doc, gold)` over every article, `train(examples,
    meta)`, and the models written as indented JSON into the package's models folder (deterministic bytes)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=MODEL_OUT, help=f"folder for {model_file}")
    ap.add_argument("--no-annotations", action="store_true", help="train on dev and train only")
    ap.add_argument("--annotations", type=Path, default=EVENTS_DIR, help="folder of annotation files")
    ap.add_argument("--cache", type=Path, help=f"pickle of the pipeline's documents (as scripts/{crossval_script})")
    args = ap.parse_args()
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    docs = cached_docs(golds, args.cache)
    by_origin = origins(golds)
    examples = [x for g in golds for x in examples_of(g.doc_id, docs[g.doc_id], g.gold)]
    meta = {"trained_on": {"articles": len(golds), **by_origin}, "command": f"python scripts/{script}"}
    models = train(examples, meta)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / model_file
    path.write_text(json.dumps(models.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return StageTraining(path, models, examples, by_origin, len(golds))


def premerge_docs(golds: list[GoldDoc], set_aside: bool = True) -> dict[str, Any]:
    """Each article run through the default pipeline up to (not including) the merge stage: {doc id: Doc}.
    `set_aside=False`: as a run without the eventivity model reads them (its events need the hand clause-support
    threshold, `events.SUPPORT_THRESHOLD`, not the model's floor)."""
    from rasd.cli_eval import article_from_record
    from rasd.config import Settings
    from rasd.doc import Doc
    from rasd.pipeline import Pipeline, default_pipeline

    pipeline = default_pipeline() if set_aside else Pipeline.from_settings(Settings(set_aside=False))
    stages = [s for s in pipeline.stages if s.name not in ("merge", "roles", "modality")]
    out = {}
    for g in golds:
        doc = Doc(article=article_from_record(g.record, g.doc_id))
        for stage in stages:
            doc = stage(doc)
        out[g.doc_id] = doc
    return out


def examples_for(golds: list[GoldDoc], docs: dict[str, Any]) -> list[Any]:
    """Labelled event pairs for the merging model."""
    from rasd.stages.incidents_fit import pair_examples

    examples = []
    for g in golds:
        doc = docs[g.doc_id]
        examples += pair_examples(doc, doc.events, g.gold)
    return examples


def eventivity_rows_for(golds: list[GoldDoc], docs: dict[str, Any]) -> dict[str, Any]:
    """Labelled events of each article after the default merging (the hand rule): the eventivity model's examples."""
    from rasd.stages.incidents import MergeStage
    from rasd.stages.incidents_fit import eventivity_rows

    return eventivity_rows({g.doc_id: (docs[g.doc_id], g.gold) for g in golds}, MergeStage(rule=True,
                                                                                           filter_events=False))


def train_both(golds: list[GoldDoc], docs: dict[str, Any], meta: dict[str, Any] | None = None,
               with_eventivity: bool = True, rows: dict[str, Any] | None = None) -> tuple[Any, Any]:
    """The merging model (its threshold the best event F1 on `golds`) and the eventivity model (over the events the
    hand merge rule keeps; its threshold from an inner cross-validation on `golds`), or None without eventivity.
    `rows`: the eventivity examples of (at least) these articles, when already computed."""
    from rasd.stages import incidents
    from rasd.stages.incidents_fit import choose_merge_threshold, train_eventivity, train_model

    merge = train_model(examples_for(golds, docs), meta={"what": "rasd in-article incident merging: logistic "
                        "regression over pairs of event mentions (rasd.stages.incidents)", **(meta or {})},
                        features=incidents.FEATURES)
    merge = choose_merge_threshold(merge, [docs[g.doc_id] for g in golds],
                                   [{"doc_id": g.doc_id, **g.gold} for g in golds])
    if not with_eventivity:
        return merge, None
    rows = rows if rows is not None else eventivity_rows_for(golds, docs)
    return merge, train_eventivity([g.doc_id for g in golds], rows, meta)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=MODEL_OUT, help="folder for merge.json and eventivity.json")
    ap.add_argument("--no-annotations", action="store_true", help="train on dev and train only")
    ap.add_argument("--annotations", type=Path, default=EVENTS_DIR, help="folder of annotation files")
    args = ap.parse_args()
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    docs = premerge_docs(golds)
    by_origin = origins(golds)
    meta = {"trained_on": {"articles": len(golds), **by_origin}, "command": "python scripts/train_merge.py"}
    merge, events = train_both(golds, docs, meta)
    args.out.mkdir(parents=True, exist_ok=True)
    for model, name in ((merge, "merge.json"), (events, "eventivity.json")):
        path = args.out / name
        path.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path}: {model.meta['examples']} examples ({model.meta['positive_examples']} positive) "
              f"from {len(golds)} articles {by_origin}; threshold {model.threshold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
