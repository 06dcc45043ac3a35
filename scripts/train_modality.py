#!/usr/bin/env python3
"""Train the modality models on all gold and write modality.json into the package.

    python scripts/train_modality.py [--shared ../shared] [--out src/rasd/resources/data/models] [--no-annotations]

Gold as scripts/train_merge.py (dev + train of ../shared/eval and the project's annotations). The default pipeline
without `modality@1` runs once over every article; each event the referee pairs with a gold event is labelled by the
gold event's modality (rasd.stages.modality_fit) and one logistic regression per class is fitted. CPU, under a
minute. Deterministic: same gold, same file.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval_modality import cached_docs
from train_merge import load_gold, origins, stage_training_args, write_model


def main() -> int:
    from rasd.stages.modality_fit import accuracy, modality_examples, train_modality
    from rasd.stages.modality_model import MODEL_FILE

    args = stage_training_args(__doc__.splitlines()[0], MODEL_FILE, "crossval_modality.py")
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    docs = cached_docs(golds, args.cache)
    by_origin = origins(golds)
    examples = [x for g in golds for x in modality_examples(g.doc_id, docs[g.doc_id], g.gold)]
    meta = {"trained_on": {"articles": len(golds), **by_origin}, "command": "python scripts/train_modality.py"}
    models = train_modality(examples, meta)
    path = write_model(args.out, MODEL_FILE, models.to_json())
    counts = {c: m.meta["positive_examples"] for c, m in models.models.items()}
    print(f"{path}: {len(examples)} paired events from {len(golds)} articles {by_origin}; per class {counts}; "
          f"accuracy on its own training events {accuracy(examples, models):.3f} (not a held-out figure)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
