"""Benchmark the learned role labeller (`roles@1`): its cost per article beside the default pipeline's.

Usage: python benchmarks/bench_roles.py [JSONL] [--limit N]
Default input: ../shared/corpus/saudinewsnet/conflict_subset.jsonl (field `content`). Runs the default pipeline and
then the roles stage on each article, timing both in CPU seconds; prints a Markdown table, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet" / "conflict_subset.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="articles to run (0: all)")
    args = ap.parse_args()

    from rasd.model import Article
    from rasd.pipeline import default_pipeline
    from rasd.stages.roles_model import RolesStage, shipped_models

    pipe = default_pipeline()
    roles = RolesStage(models=shipped_models())
    roles(pipe.run(Article(id="warm", text="هاجم مسلحون حاجزاً للشرطة في المدينة أمس.")))
    articles = []
    with open(args.path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            articles.append(Article(id=str(rec.get("id")), text=rec.get("content") or rec.get("text") or ""))
            if args.limit and len(articles) >= args.limit:
                break
    pipeline_cpu = roles_cpu = 0.0
    events = 0
    for art in articles:
        t = time.process_time()
        doc = pipe.run(art)
        u = time.process_time()
        doc = roles(doc)
        pipeline_cpu += u - t
        roles_cpu += time.process_time() - u
        events += len(doc.events)
    n = len(articles)
    print(f"| input | {args.path} ({n} articles, {events} events) |")
    print("| --- | --- |")
    print(f"| default pipeline | {pipeline_cpu:.1f} CPU s, {n / pipeline_cpu:.1f} articles per CPU-second |")
    print(f"| roles@1 alone | {roles_cpu:.2f} CPU s, {1000 * roles_cpu / n:.2f} ms per article "
          f"({100 * roles_cpu / pipeline_cpu:.1f}% of the pipeline) |")
    print(f"| default pipeline + roles@1 | {n / (pipeline_cpu + roles_cpu):.1f} articles per CPU-second |")


if __name__ == "__main__":
    sys.exit(main())
