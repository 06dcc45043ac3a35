#!/usr/bin/env python3
"""Train the role labeller (actor / recipient models) on all gold and write roles.json into the package.

    python scripts/train_roles.py [--shared ../shared] [--out src/rasd/resources/data/models] [--no-annotations]

Gold as scripts/train_merge.py (dev + train of ../shared/eval and the project's annotations). The default pipeline
runs once over every article; candidates of events the referee pairs with gold events are labelled by the gold
event's actors and recipients (rasd.stages.roles_fit) and two logistic regressions are fitted. CPU, under a minute.
Deterministic: same gold, same file.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval_roles import cached_docs
from train_merge import train_stage


def main() -> int:
    from rasd.stages.roles_fit import role_examples, train_roles
    from rasd.stages.roles_model import MODEL_FILE

    run = train_stage(__doc__.splitlines()[0], MODEL_FILE, "train_roles.py", "crossval_roles.py", cached_docs,
                      role_examples, train_roles)
    models = run.models
    print(f"{run.path}: {len(run.examples)} candidates from {run.articles} articles {run.origins}; actor "
          f"{models.actor.meta['positive_examples']} positive, thresholds {models.actor.threshold}/"
          f"{models.actor_more}; recipient {models.recipient.meta['positive_examples']} positive, thresholds "
          f"{models.recipient.threshold}/{models.recipient_more}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
