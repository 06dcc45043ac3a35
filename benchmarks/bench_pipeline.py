"""Benchmark the default pipeline: start-up, articles/s per core, time per stage, peak memory.

Usage: python benchmarks/bench_pipeline.py [JSONL] [--limit N]
Default input: ../shared/corpus/saudinewsnet/conflict_subset.jsonl (field `content`). Prints a Markdown table;
asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet" / "conflict_subset.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="articles to run (0: all)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from rasd.model import Article
    from rasd.output import report_to_dict
    from rasd.pipeline import default_pipeline, to_report

    pipe = default_pipeline()
    pipe.run(Article(id="warm", text="هاجم مسلحون حاجزاً في المدينة أمس."))  # loads every resource once
    startup = time.perf_counter() - t0

    articles = []
    with open(args.path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            articles.append(Article(id=str(rec.get("id")), text=rec.get("content") or rec.get("text") or ""))
            if args.limit and len(articles) >= args.limit:
                break

    per_stage: dict[str, float] = defaultdict(float)
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    events = 0
    from rasd.doc import Doc

    for art in articles:
        doc = Doc(article=art)
        for stage in pipe.stages:
            s = time.perf_counter()
            doc = stage(doc)
            per_stage[stage.name] += time.perf_counter() - s
        s = time.perf_counter()
        json.dumps(report_to_dict(to_report(doc)), ensure_ascii=False)
        per_stage["output (JSON)"] += time.perf_counter() - s
        events += len(doc.events)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n = len(articles)
    print(f"| input | {args.path} ({n} articles, {events} events) |")
    print("| --- | --- |")
    print(f"| start-up (import + resources) | {startup:.2f} s |")
    print(f"| wall / CPU | {wall:.1f} s / {cpu:.1f} s |")
    print(f"| articles per second (one core) | {n / cpu:.1f} |")
    print(f"| peak RSS | {rss:.0f} MB |")
    print()
    print("| stage | ms per article | share |")
    print("| --- | ---: | ---: |")
    total = sum(per_stage.values())
    for name, secs in sorted(per_stage.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {1000 * secs / n:.2f} | {100 * secs / total:.0f}% |")


if __name__ == "__main__":
    sys.exit(main())
