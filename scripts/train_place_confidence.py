#!/usr/bin/env python3
"""Train the place confidence model on all gold and write place_confidence.json into the package.

    python scripts/train_place_confidence.py [--shared ../shared] [--out src/rasd/resources/data/models] [--cache F]

Gold as scripts/train_merge.py (dev + train of ../shared/eval and the project's annotations). The default pipeline
without `place_p@1` runs once over every article; each event with a place that the referee pairs with a gold event
with a place is labelled by whether the places match (rasd.stages.place_confidence_fit), and one logistic
regression is fitted, with the Platt calibration of out-of-fold probabilities. CPU, a few minutes (the pipeline run).
Deterministic: same gold, same file. Held-out figures: scripts/crossval_place_confidence.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval_place_confidence import cached_docs
from train_merge import train_stage


def main() -> int:
    from rasd.stages.place_confidence import MODEL_FILE
    from rasd.stages.place_confidence_fit import place_examples, train_place_confidence

    run = train_stage(__doc__.splitlines()[0], MODEL_FILE, "train_place_confidence.py",
                      "crossval_place_confidence.py", cached_docs, place_examples, train_place_confidence)
    right = sum(e.label for e in run.examples)
    print(f"{run.path}: {len(run.examples)} paired places from {run.articles} articles {run.origins}, {right} right; "
          f"calibration {run.models.calibration}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
