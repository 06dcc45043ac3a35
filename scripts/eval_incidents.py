"""Score incident fusion with the referee: ingest the conflict subset (fusing after each batch), export incidents,
run ../shared/eval/score_incidents.py on them.

    .venv/bin/python scripts/eval_incidents.py [--shared ../shared] [--db EXISTING_STORE] [--workers 2] [--rebuild]

With --db the store is used as it is (fused incrementally first, or from scratch with --rebuild); without, a
temporary DuckDB store is made from the conflict subset and removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rasd.fuse import fuse_incidents, iter_incidents
from rasd.ingest.runner import ingest
from rasd.store import open_store


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--db", default=None, help="An existing store (else a temporary one from the conflict subset).")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rebuild", action="store_true", help="Fuse from scratch before scoring.")
    ap.add_argument("--predictions", default=None, help="Also keep the exported incidents (JSON Lines) here.")
    ap.add_argument("--json", action="store_true", help="Print the referee's figures as JSON.")
    a = ap.parse_args()
    shared = Path(a.shared)
    gold, distractors = shared / "eval/gold/incidents.jsonl", shared / "eval/gold/incidents_distractors.txt"
    referee, subset = shared / "eval/score_incidents.py", shared / "corpus/saudinewsnet/conflict_subset.jsonl"
    for p in (gold, distractors, referee):
        if not p.exists():
            print(f"eval_incidents: {p}: missing", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = a.db or str(Path(tmp) / "subset.duckdb")
        store = open_store(db)
        try:
            if a.db is None:
                t0 = time.perf_counter()
                s = ingest([subset], store, workers=a.workers)
                print(f"ingested {s.stored} articles, {s.events} events, fused after each batch, "
                      f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            f = fuse_incidents(store, rebuild=a.rebuild)
            print(f"fusion: {json.dumps(f.as_dict())}", file=sys.stderr)
            pred = Path(a.predictions) if a.predictions else Path(tmp) / "incidents.jsonl"
            n = 0
            with pred.open("w", encoding="utf-8") as out:
                for inc in iter_incidents(store):
                    out.write(json.dumps(inc.to_dict(), ensure_ascii=False) + "\n")
                    n += 1
            print(f"{n} incidents exported", file=sys.stderr)
        finally:
            store.close()
        cmd = [sys.executable, str(referee), "--gold", str(gold), "--distractors", str(distractors),
               "--predictions", str(pred)] + (["--json"] if a.json else [])
        return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
