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
from train_merge import load_gold, origins, stage_training_args, write_model


def main() -> int:
    from rasd.stages.roles_fit import role_examples, train_roles
    from rasd.stages.roles_model import MODEL_FILE

    args = stage_training_args(__doc__.splitlines()[0], MODEL_FILE, "crossval_roles.py")
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    docs = cached_docs(golds, args.cache)
    by_origin = origins(golds)
    examples = [x for g in golds for x in role_examples(g.doc_id, docs[g.doc_id], g.gold)]
    meta = {"trained_on": {"articles": len(golds), **by_origin}, "command": "python scripts/train_roles.py"}
    models = train_roles(examples, meta)
    path = write_model(args.out, MODEL_FILE, models.to_json())
    print(f"{path}: {len(examples)} candidates from {len(golds)} articles {by_origin}; actor "
          f"{models.actor.meta['positive_examples']} positive, thresholds {models.actor.threshold}/"
          f"{models.actor_more}; recipient {models.recipient.meta['positive_examples']} positive, thresholds "
          f"{models.recipient.threshold}/{models.recipient_more}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
