"""Benchmark ingest: N SaudiNewsNet articles (from the raw zips) into a fresh DuckDB; articles/s, CPU s, peak RSS.

    .venv/bin/python benchmarks/bench_ingest.py 1000 10000 [--workers 2] [--batch-size 64] [--processor mod:fn]

Run one size per command for a clean peak RSS (it is the largest of this process and its reaped workers). The full
corpus (31,030 records, 354 of them with empty text) is one CLI command rather than a size here:

    /usr/bin/time -v .venv/bin/rasd ingest ../shared/corpus/saudinewsnet/raw_zips --db /tmp/all.duckdb --workers 2
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from rasd.ingest import read_sources
from rasd.ingest.runner import DEFAULT_PROCESSOR, ingest
from rasd.model import Article
from rasd.store import open_store

ZIPS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet" / "raw_zips"


def corpus(n: int, out: Path) -> int:
    """Write the first n readable articles of the raw zips as JSON Lines (a temporary file, never committed)."""
    arts = (a for a in read_sources(sorted(ZIPS.glob("*.zip"))) if isinstance(a, Article))
    k = 0
    with out.open("w", encoding="utf-8") as f:
        for a in islice(arts, n):
            f.write(json.dumps({"id": a.id, "title": a.title, "published": str(a.published) if a.published else None,
                                "outlet": a.outlet, "url": a.url, "text": a.text}, ensure_ascii=False) + "\n")
            k += 1
    return k


def cpu_seconds() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--processor", default=DEFAULT_PROCESSOR)
    ap.add_argument("--hold", action="store_true",
                    help="keep the DuckDB file open for the whole run (rasd ingest lets go of it between batches)")
    args = ap.parse_args()
    if not ZIPS.is_dir():
        sys.exit(f"no corpus at {ZIPS}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "corpus.jsonl"
            got = corpus(n, src)
            store = open_store(Path(tmp) / "bench.duckdb", hold=args.hold)
            cpu0, t0 = cpu_seconds(), time.perf_counter()
            s = ingest([src], store, workers=args.workers, batch_size=args.batch_size, processor=args.processor)
            wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
            store.close()
            db_mb = (Path(tmp) / "bench.duckdb").stat().st_size / 2**20
        usage = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        rss = max(u.ru_maxrss for u in usage)
        print(json.dumps({
            "articles": got, "stored": s.stored, "events": s.events, "duplicates": s.duplicates,
            "failed": dict(s.failed), "workers": args.workers, "hold": args.hold, "wall_s": round(wall, 1),
            "articles_per_s": round(s.stored / wall, 1), "cpu_s": round(cpu, 1),
            "peak_rss_mb": round(rss / 1024), "db_mb": round(db_mb, 1),
        }, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
