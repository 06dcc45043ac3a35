#!/usr/bin/env python3
"""Train the learned choice of an event's place (rasd.stages.places_model) on all gold and write places.json.

    python scripts/train_places.py [--shared ../shared] [--out src/rasd/resources/data/models] [--annotations DIR]

Gold: as scripts/train_merge.py (dev, train and the project's annotations). The pipeline runs up to the merge stage
with the hand rule's places; each event is aligned to the gold event the referee's fit scores best
(rasd.stages.incidents_fit.align). For an aligned event whose gold event has a place, every reading of every place
name of the article is a candidate, labelled 1 when it matches the gold place as the referee decides (same GeoNames
id, or within 25 km); events with no matching candidate are left out (no choice could be right). A logistic
regression over the candidates is fitted (rasd.stages.incidents_fit.fit_logistic: Newton's method, L2, CPU,
seconds). Deterministic: same gold, same file.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_merge import DEFAULT_SHARED, EVENTS_DIR, MODEL_OUT, GoldDoc, load_gold, origins, premerge_docs

L2 = 1.0
Group = list[tuple[list[float], int]]  # one event's candidates: features and label


def _referee(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("referee_score", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def place_groups(doc: Any, gold_doc: Mapping[str, Any], places_match: Any) -> list[Group]:
    """One group of labelled candidates per event aligned to a gold event with a place (see the docstring)."""
    from rasd.output import place_dict
    from rasd.stages.incidents_fit import align
    from rasd.stages.index import DocIndex
    from rasd.stages.places_model import rows
    from rasd.stages.scene import hand_place

    golds = list(gold_doc.get("events") or [])
    places = gold_doc.get("places") or {}
    ix = DocIndex.of(doc)
    out: list[Group] = []
    for ev, g in zip(doc.events, align(doc.events, gold_doc), strict=True):
        if g is None or not ev.triggers:
            continue
        gp = places.get(golds[g].get("place") or "")
        if gp is None:
            continue
        anchor = ev.triggers[0].span.start
        hand = hand_place(ix, ev.evidence, ev.sentence, anchor)
        group = []
        for cand, x in rows(ix, hand, ev.evidence, ev.sentence, anchor):
            pm = cand.mention
            group.append((x, int(bool(places_match(place_dict(type(pm)(span=pm.span, place=cand.place)), gp)))))
        out.append(group)
    return out


def all_groups(golds: Sequence[GoldDoc], docs: Mapping[str, Any], shared: Path) -> dict[str, list[Group]]:
    """{doc id: its events' candidate groups}."""
    match = _referee(shared).places_match
    return {g.doc_id: place_groups(docs[g.doc_id], {"doc_id": g.doc_id, **g.gold}, match) for g in golds}


def train(groups: Sequence[Group], meta: dict[str, Any] | None = None, l2: float = L2) -> Any:
    """The ranking model fitted on the groups that hold a right candidate."""
    from rasd.stages.incidents_fit import fit_logistic
    from rasd.stages.logistic import LogisticModel
    from rasd.stages.places_model import FEATURES

    usable = [grp for grp in groups if any(y for _, y in grp)]
    examples = [row for grp in usable for row in grp]
    weights = fit_logistic(examples, l2)
    info = {"what": "rasd event place choice: logistic regression over every reading of every place name of the "
                    "article; the highest wins (rasd.stages.places_model)",
            "events": len(usable), "events_without_right_candidate": len(groups) - len(usable),
            "examples": len(examples), "positive_examples": sum(y for _, y in examples), "l2": l2, **(meta or {})}
    return LogisticModel(features=FEATURES, weights=tuple(weights), threshold=0.5, meta=info)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=MODEL_OUT, help="folder for places.json")
    ap.add_argument("--no-annotations", action="store_true", help="train on dev and train only")
    ap.add_argument("--annotations", type=Path, default=EVENTS_DIR, help="folder of annotation files")
    args = ap.parse_args()
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    docs = premerge_docs(golds)
    by_origin = origins(golds)
    groups = [grp for grps in all_groups(golds, docs, args.shared).values() for grp in grps]
    model = train(groups, {"trained_on": {"articles": len(golds), **by_origin},
                           "command": "python scripts/train_places.py"})
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "places.json"
    path.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path}: {model.meta['examples']} candidates ({model.meta['positive_examples']} right) for "
          f"{model.meta['events']} events ({model.meta['events_without_right_candidate']} events with no right "
          f"candidate left out) from {len(golds)} articles {by_origin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
