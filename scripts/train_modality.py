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
from train_merge import train_stage


def main() -> int:
    from rasd.stages.modality_fit import accuracy, modality_examples, train_modality
    from rasd.stages.modality_model import MODEL_FILE

    run = train_stage(__doc__.splitlines()[0], MODEL_FILE, "train_modality.py", "crossval_modality.py",
                      cached_docs, modality_examples, train_modality)
    counts = {c: m.meta["positive_examples"] for c, m in run.models.models.items()}
    print(f"{run.path}: {len(run.examples)} paired events from {run.articles} articles {run.origins}; per class "
          f"{counts}; accuracy on its own training events {accuracy(run.examples, run.models):.3f} (not a held-out "
          "figure)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
