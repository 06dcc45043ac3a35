"""Benchmark incident fusion on a store: the decision alone on growing prefixes (is it near-linear?) and a full
rebuild in the store (one transaction); wall and CPU seconds, decisions per report, peak RSS.

    .venv/bin/python benchmarks/bench_fuse.py --db all.duckdb [--sizes 5000,20000,40000] [--no-rebuild]
    .venv/bin/python benchmarks/bench_fuse.py --db subset.duckdb --incremental 64

--incremental N copies the store's articles and events into a fresh temporary store N articles at a time, fusing
after each batch as `rasd ingest` does, and times storing and fusing apart (fusion's share of ingest's writer).

Make the store first, e.g. `rasd ingest ../shared/corpus/saudinewsnet/raw_zips --db all.duckdb --workers 2
--no-fuse`. The rebuild writes the store's incident tables (the same result as the incremental fusion of ingest).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import tempfile
import time
from pathlib import Path

from rasd.fuse import Fuser, fuse_incidents
from rasd.fuse.cluster import Clusterer
from rasd.fuse.features import features
from rasd.ingest.records import content_hash
from rasd.model import Article
from rasd.store import open_store
from rasd.store.incidents import reports_after
from rasd.store.schema import Record


def incremental(db: str, batch: int) -> None:
    """Replay the store's articles into a fresh store in batches, fusing after each; time both apart."""
    src = open_store(db, create=False, read_only=True)
    try:
        con = src.con  # type: ignore[attr-defined]
        arts = con.execute("SELECT id, text, title, published, outlet, url, source, duplicate_of FROM articles "
                           "ORDER BY seq").fetchall()
        events: dict[str, list[dict]] = {}
        for aid, ev in con.execute("SELECT article_id, event FROM events ORDER BY article_id, idx").fetchall():
            events.setdefault(aid, []).append(json.loads(ev) if isinstance(ev, str) else ev)
    finally:
        src.close()
    records = []
    for aid, text, title, pub, outlet, url, source, dup in arts:
        published = pub if isinstance(pub, dt.date) else None
        a = Article(id=aid, text=text, title=title, published=published, outlet=outlet, url=url, source=source)
        report = {"doc_id": aid, "events": events.get(aid, []), "actors": [], "places": [], "versions": {}}
        records.append(Record(a, report, content_hash(text), dup, None))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "replay.duckdb")
        try:
            fuser = Fuser(store)
            put = fuse = 0.0
            for k in range(0, len(records), batch):
                c0 = time.process_time()
                store.put_reports(records[k:k + batch])
                c1 = time.process_time()
                fuser.after_batch()
                put, fuse = put + c1 - c0, fuse + time.process_time() - c1
            c0 = time.process_time()
            fuser.update()  # the records left to rebuild, as ingest does at its end
            fuse += time.process_time() - c0
            print(f"incremental, {len(records)} articles in batches of {batch}: storing {put:.1f} s CPU, "
                  f"fusing {fuse:.1f} s CPU")
            sql = "SELECT article_id, idx, incident_id FROM incident_reports ORDER BY 1, 2"
            before = store.con.execute(sql).fetchall()  # type: ignore[attr-defined]
            fuse_incidents(store, rebuild=True)
            after = store.con.execute(sql).fetchall()  # type: ignore[attr-defined]
            print(f"incremental == rebuild: {before == after} ({len({r[2] for r in after})} incidents)")
        finally:
            store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--sizes", default="", help="Report counts for the decision-only timing (comma-separated).")
    ap.add_argument("--no-rebuild", action="store_true", help="Skip the rebuild in the store.")
    ap.add_argument("--incremental", type=int, default=0, help="Replay in batches of N articles (see above).")
    a = ap.parse_args()
    if a.incremental:
        incremental(a.db, a.incremental)
        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        return
    store = open_store(a.db)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        rows = list(reports_after(store, 0))
        feats = [features(*r[:7]) for r in rows]
        print(f"read and featurised {len(feats)} reports: {time.perf_counter() - t0:.1f} s wall, "
              f"{time.process_time() - c0:.1f} s CPU")
        sizes = [int(s) for s in a.sizes.split(",") if s.strip()] or [len(feats)]
        for n in sizes:
            c = Clusterer()
            t0, c0 = time.perf_counter(), time.process_time()
            for f in feats[:n]:
                c.assign(f)
            cpu = time.process_time() - c0
            k = min(n, len(feats))
            print(f"decide {k} reports: {cpu:.2f} s CPU ({1e6 * cpu / max(k, 1):.0f} us/report), "
                  f"{c.compared / max(k, 1):.1f} comparisons/report, {len(c.incidents)} incidents")
        if not a.no_rebuild:
            t0, c0 = time.perf_counter(), time.process_time()
            s = fuse_incidents(store, rebuild=True)
            print(f"rebuild in the store: {s.reports} reports -> {s.incidents_written} incidents, "
                  f"{time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU")
    finally:
        store.close()
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
