"""Benchmark the default pipeline: start-up, articles per CPU-second, time per stage, peak memory.

Usage: python benchmarks/bench_pipeline.py [JSONL] [--limit N] [--startup-runs N]
Default input: ../shared/corpus/saudinewsnet/conflict_subset.jsonl (field `content`). Prints a Markdown table;
asserts nothing about time. Start-up is measured in this process (import and every resource, wall), and as a user
sees it, `rasd extract` of one short article in a fresh process (wall and CPU, the best of N runs), with the
modules' bytecode compiled once (as an installed package has it) and with none (every module compiled first).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet" / "conflict_subset.jsonl"
# A short news item in our own words. Its second clause names a Turkish town that GeoNames has only in Latin, found by
# its consonant skeleton (rasd.text.translit), as about half of the subset's articles need (95 of 199, stop 57): the
# first such article in a process loads the transliteration index (start-up figures before stop 57 were measured on
# the first clause alone, and did not count it).
SHORT = ("هاجم مسلحون حاجزاً للشرطة في مدينة تكريت أمس وأصابوا عنصرين بجروح، وقتل جندي تركي في اشتباك قرب بلدة "
         "شمدينلي بولاية هكاري.\n")


def cli_startup(runs: int, bytecode: bool) -> tuple[float, float]:
    """(wall s, CPU s) of `rasd extract` on one short article in a fresh process, the best of `runs`. With
    `bytecode`, the modules' compiled bytecode is cached (in a temporary folder, after one run not counted), as an
    installed package has it; without, every module is compiled from its source first."""
    rasd = Path(sys.executable).with_name("rasd")
    best_wall, best_cpu = float("inf"), float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        art = Path(tmp) / "a.txt"
        art.write_text(SHORT, encoding="utf-8")
        cmd = [str(rasd), "extract", str(art), "--published", "2024-01-01"]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        if bytecode:
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)  # compiles the bytecode; not timed
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
    return best_wall, best_cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="articles to run (0: all)")
    ap.add_argument("--startup-runs", type=int, default=5, help="fresh `rasd extract` processes to time")
    args = ap.parse_args()
    nan = (float("nan"), float("nan"))
    cli_wall, cli_cpu = cli_startup(args.startup_runs, bytecode=True) if args.startup_runs else nan
    cold_wall, cold_cpu = cli_startup(args.startup_runs, bytecode=False) if args.startup_runs else nan

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
    events = aside = 0
    from rasd.doc import Doc

    for art in articles:
        doc = Doc(article=art)
        for stage in pipe.stages:
            s = time.perf_counter()
            doc = stage(doc)
            per_stage[stage.name] += time.perf_counter() - s
        s = time.perf_counter()
        report = to_report(doc)
        json.dumps(report_to_dict(report), ensure_ascii=False)
        per_stage["output (JSON)"] += time.perf_counter() - s
        events += len(report.events)
        aside += len(report.set_aside)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n = len(articles)
    print(f"| input | {args.path} ({n} articles, {events} events, {aside} set aside) |")
    print("| --- | --- |")
    print(f"| start-up in this process (import + resources, wall) | {startup:.2f} s |")
    print(f"| start-up as a user sees it: `rasd extract` of one short article, best of {args.startup_runs} "
          f"| {cli_wall:.2f} s wall, {cli_cpu:.2f} s CPU |")
    print(f"| the same with no compiled bytecode (every module compiled from source first) "
          f"| {cold_wall:.2f} s wall, {cold_cpu:.2f} s CPU |")
    print(f"| wall / CPU | {wall:.1f} s / {cpu:.1f} s |")
    print(f"| articles per CPU-second (one core) | {n / cpu:.1f} |")
    print(f"| peak RSS | {rss:.0f} MB |")
    print()
    print("| stage | ms per article | share |")
    print("| --- | ---: | ---: |")
    total = sum(per_stage.values())
    for name, secs in sorted(per_stage.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {1000 * secs / n:.2f} | {100 * secs / total:.0f}% |")


if __name__ == "__main__":
    sys.exit(main())
