#!/usr/bin/env python3
"""k-fold cross-validation of the place confidence (`place_p`): how well it tells right places from wrong ones held
out, and whether its probabilities hold.

    python scripts/crossval_place_confidence.py [--shared ../shared] [--k 5] [--cache docs.pkl] [--json out.json]

Gold and folds as scripts/crossval.py (dev + train + the project's annotations; `fold_of` from train_merge.py). The
default pipeline without `place_p@1` runs once over every article (every merged event kept, as the other learned
stages are trained); for each fold the model and its calibration are trained on the other folds' articles
(rasd.stages.place_confidence_fit) and give the held-out fold's paired places their probability. Printed: the
area under the ROC curve, the calibration table of the shown probability and its expected calibration error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval import calibration_error, calibration_table, render_calibration
from crossval_roles import cached_pipeline_docs
from train_merge import DEFAULT_SHARED, EVENTS_DIR, GoldDoc, fold_of, load_gold

STAGE = "place_p@1"


def stages() -> tuple[str, ...]:
    """The default stages without the place confidence stage."""
    from rasd.config import DEFAULT_STAGES

    return tuple(s for s in DEFAULT_STAGES if s != STAGE)


def cached_docs(golds: list[GoldDoc], cache: Path | None) -> dict[str, Any]:
    """The pipeline's documents (default stages but `place_p@1`), kept in `cache` between runs when given
    (cached_pipeline_docs)."""
    return cached_pipeline_docs(golds, cache, stages())


def held_out(golds: list[GoldDoc], docs: dict[str, Any], k: int) -> list[tuple[float, int]]:
    """(shown probability, right) for each paired place, from the model of the folds its article is not in."""
    from rasd.stages.place_confidence_fit import place_examples, train_place_confidence

    examples = {g.doc_id: place_examples(g.doc_id, docs[g.doc_id], g.gold) for g in golds}
    out: list[tuple[float, int]] = []
    for fold in range(k):
        train = [x for g in golds if fold_of(g.doc_id, k) != fold for x in examples[g.doc_id]]
        model = train_place_confidence(train)
        out += [(model.probability(x.values), x.label)
                for g in golds if fold_of(g.doc_id, k) == fold for x in examples[g.doc_id]]
    return out


def main() -> int:
    from rasd.stages.place_confidence_fit import auc

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--annotations", type=Path, default=EVENTS_DIR, help="folder of annotation files")
    ap.add_argument("--cache", type=Path, help="keep the pipeline's documents in this pickle between runs (delete it "
                    "when the code before the place_p stage changes)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    golds = load_gold(args.shared, True, args.annotations)
    pairs = held_out(golds, cached_docs(golds, args.cache), args.k)
    table = calibration_table(pairs)
    right = sum(y for _, y in pairs)
    print(f"{args.k}-fold cross-validation over {len(golds)} articles: {len(pairs)} paired events with a predicted and "
          f"a gold place, {right} right ({right / len(pairs):.3f})")
    print(f"held-out AUC {auc(pairs):.3f}")
    print(render_calibration(table, "share right"))
    if args.json:
        args.json.write_text(json.dumps({"places": len(pairs), "right": right, "auc": auc(pairs),
                                         "calibration": table, "ece": calibration_error(table)}, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
