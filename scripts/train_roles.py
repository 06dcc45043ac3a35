#!/usr/bin/env python3
"""Train the role labeller (actor / recipient models) on all gold and write roles.json into the package.

    python scripts/train_roles.py [--shared ../shared] [--out src/rasd/resources/data/models] [--no-annotations]

Gold as scripts/train_merge.py (dev + train of ../shared/eval and the project's annotations). The default pipeline
runs once over every article; candidates of events the referee pairs with gold events are labelled by the gold
event's actors and recipients (rasd.stages.roles_fit) and two logistic regressions are fitted. CPU, under a minute.
Deterministic: same gold, same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crossval_roles import cached_docs
from train_merge import DEFAULT_SHARED, EVENTS_DIR, MODEL_OUT, load_gold, origins


def main() -> int:
    from rasd.stages.roles_fit import role_examples, train_roles
    from rasd.stages.roles_model import MODEL_FILE

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=MODEL_OUT, help="folder for roles.json")
    ap.add_argument("--no-annotations", action="store_true", help="train on dev and train only")
    ap.add_argument("--annotations", type=Path, default=EVENTS_DIR, help="folder of annotation files")
    ap.add_argument("--cache", type=Path, help="pickle of the pipeline's documents (as scripts/crossval_roles.py)")
    args = ap.parse_args()
    golds = load_gold(args.shared, not args.no_annotations, args.annotations)
    docs = cached_docs(golds, args.cache)
    by_origin = origins(golds)
    examples = [x for g in golds for x in role_examples(g.doc_id, docs[g.doc_id], g.gold)]
    meta = {"trained_on": {"articles": len(golds), **by_origin}, "command": "python scripts/train_roles.py"}
    models = train_roles(examples, meta)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / MODEL_FILE
    path.write_text(json.dumps(models.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path}: {len(examples)} candidates from {len(golds)} articles {by_origin}; actor "
          f"{models.actor.meta['positive_examples']} positive, thresholds {models.actor.threshold}/"
          f"{models.actor_more}; recipient {models.recipient.meta['positive_examples']} positive, thresholds "
          f"{models.recipient.threshold}/{models.recipient_more}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
