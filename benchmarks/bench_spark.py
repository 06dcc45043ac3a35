"""Benchmark the Spark job against `rasd ingest` on the same input, measured the same way; check their output agrees.

    .venv/bin/python benchmarks/bench_spark.py [SRC ...] [--cores 2] [--no-fuse] [--work DIR] [--processor M:F]

SRC defaults to the 31,030 records of ../shared/corpus/saudinewsnet/raw_zips. Both runs are subprocesses; the CPU
time of each is summed over its whole process tree (the Spark driver, its JVM, the Python daemon and workers; the
ingest and its worker processes), sampled from /proc every 0.2 s, and cross-checked with the children's rusage.
Then `rasd export --format parquet --include-duplicates` of the ingest's database is compared with OUT/events/:
the same events, column for column, and the same duplicate_of for every article; and (both runs fuse incidents
unless --no-fuse) `rasd export --unit incident --format jsonl` with OUT/incidents/ (the same JSON, incident for
incident) and the store's incident_reports with OUT/incident_reports/. Prints figures; asserts nothing on time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ZIPS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet" / "raw_zips"
TICK = os.sysconf("SC_CLK_TCK")
BIN = Path(sys.executable).parent


def _stat(pid: int) -> tuple[int, float, int] | None:
    """(parent pid, CPU seconds, RSS bytes) of a live process."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/statm") as fh:
            rss = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, rss


def measure(cmd: list[str], log: Path) -> dict[str, Any]:
    """Run cmd; its wall time, the CPU time of its process tree, the peak RSS summed over the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        cpu: dict[int, float] = {}
        peak_rss = 0
        while proc.poll() is None:
            stats = {p: s for p in (int(d) for d in os.listdir("/proc") if d.isdigit()) if (s := _stat(p))}
            tree, grew = {proc.pid}, True
            while grew:
                new = {p for p, s in stats.items() if s[0] in tree and p not in tree}
                tree |= new
                grew = bool(new)
            for p in tree:
                if p in stats:
                    cpu[p] = max(cpu.get(p, 0.0), stats[p][1])
            peak_rss = max(peak_rss, sum(stats[p][2] for p in tree if p in stats))
            time.sleep(0.2)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"rc": proc.returncode, "wall_s": round(wall, 1), "cpu_s": round(sum(cpu.values()), 1),
            "cpu_reaped_s": round(reaped, 1), "processes": len(cpu), "peak_rss_mb": round(peak_rss / 2**20)}


def compare(export: Path, out: Path, db: Path) -> dict[str, Any]:
    """Do the job's events and links equal the export's and the store's?"""
    import duckdb
    import pyarrow.dataset as pads
    import pyarrow.parquet as pq

    def key(r: dict[str, Any]) -> tuple[str, int]:
        return (r["article_id"], r["idx"])

    want = sorted(pq.read_table(export).to_pylist(), key=key)
    got = pads.dataset(out / "events", format="parquet", partitioning="hive").to_table().to_pylist()
    for r in got:
        r.pop("published_month")
    got.sort(key=key)
    differ = [w["event_id"] for w, g in zip(want, got, strict=False) if w != g]
    con = duckdb.connect(str(db), read_only=True)
    stored = dict(con.execute("SELECT id, duplicate_of FROM articles").fetchall())
    con.close()
    arts = pads.dataset(out / "articles", format="parquet", partitioning="hive").to_table(
        columns=["id", "duplicate_of"]).to_pylist()
    links = {r["id"]: r["duplicate_of"] for r in arts}
    return {"events_export": len(want), "events_job": len(got), "events_equal": want == got,
            "events_differing": differ[:5], "articles_store": len(stored), "articles_job": len(links),
            "links_equal": links == stored, "links": sum(1 for v in links.values() if v)}


def compare_incidents(exported: Path, out: Path, db: Path) -> dict[str, Any]:
    """Do the job's incidents and memberships equal the export's and the store's?"""
    import duckdb
    import pyarrow.dataset as pads

    from rasd.spark.fusion import record_of

    want = {}
    with open(exported, encoding="utf-8") as fh:
        for line in fh:
            want[json.loads(line)["id"]] = line.rstrip("\n")
    got = {}
    for r in pads.dataset(out / "incidents", format="parquet", partitioning="hive").to_table().to_pylist():
        got[r["id"]] = json.dumps(record_of(r), ensure_ascii=False)
    differ = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
    con = duckdb.connect(str(db), read_only=True)
    stored = sorted(con.execute("SELECT article_id, idx, incident_id FROM incident_reports").fetchall())
    con.close()
    members = sorted((r["article_id"], r["idx"], r["incident_id"]) for r in pads.dataset(
        out / "incident_reports", format="parquet").to_table().to_pylist())
    return {"incidents_export": len(want), "incidents_job": len(got), "incidents_equal": not differ,
            "incidents_differing": differ[:5], "memberships_store": len(stored), "memberships_job": len(members),
            "memberships_equal": stored == members}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sources", nargs="*", default=[str(ZIPS)])
    ap.add_argument("--cores", type=int, default=2, help="local[N] for Spark, --workers N for ingest")
    ap.add_argument("--driver-memory", default="3g")
    ap.add_argument("--no-fuse", action="store_true", help="neither run fuses incidents (as before issue 14)")
    ap.add_argument("--work", default=None, help="folder for the database and outputs (default: a temporary one)")
    ap.add_argument("--processor", default=None,
                    help="module:factory instead of the pipeline for both runs (e.g. the tests' fakepipe:processor, "
                         "with PYTHONPATH=tests/fixtures/ingest: checks reading, ids and linking at full scale fast)")
    ap.add_argument("--skip-ingest", action="store_true", help="reuse WORK/ingest.duckdb from an earlier run")
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="rasd-bench-spark-"))
    work.mkdir(parents=True, exist_ok=True)
    db, export, out = work / "ingest.duckdb", work / "export.parquet", work / "out"
    results: dict[str, Any] = {"sources": args.sources, "cores": args.cores, "work": str(work)}
    def has(command: str, option: str) -> bool:  # options that older checkouts of rasd do not have
        return option in subprocess.run([str(BIN / "rasd"), command, "--help"], capture_output=True, text=True).stdout

    if not args.skip_ingest:
        db.unlink(missing_ok=True)
        cmd = [str(BIN / "rasd"), "ingest", *args.sources, "--db", str(db), "--workers", str(args.cores), "--json"]
        no_fuse = ["--no-fuse"] if args.no_fuse and has("ingest", "--no-fuse") else []
        proc = ["--processor", args.processor] if args.processor else []
        results["ingest"] = measure(cmd + no_fuse + proc, work / "ingest.log")
        print("ingest:", json.dumps(results["ingest"]), flush=True)
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "rasd.spark", *args.sources, "--out", str(out), "--master", f"local[{args.cores}]",
           "--conf", f"spark.driver.memory={args.driver_memory}", "--conf", "spark.ui.enabled=false", "--json",
           "--include-duplicates", *(["--processor", args.processor] if args.processor else []),
           *(["--no-fuse"] if args.no_fuse and has("spark", "--no-fuse") else [])]
    results["spark"] = measure(cmd, work / "spark.log")
    print("spark:", json.dumps(results["spark"]), flush=True)
    t0 = time.perf_counter()
    every = ["--include-duplicates"] if has("export", "--include-duplicates") else []  # older: always every event
    subprocess.run([str(BIN / "rasd"), "export", "--db", str(db), "--format", "parquet", "--out", str(export),
                    *every], check=True, capture_output=True)
    results["export_s"] = round(time.perf_counter() - t0, 1)
    results["compare"] = compare(export, out, db)
    if not args.no_fuse and (out / "incidents").exists():
        incidents = work / "incidents.jsonl"
        subprocess.run([str(BIN / "rasd"), "export", "--db", str(db), "--unit", "incident", "--format", "jsonl",
                        "--out", str(incidents)], check=True, capture_output=True)
        results["compare_incidents"] = compare_incidents(incidents, out, db)
    log = (work / "spark.log").read_text(errors="replace")
    summary = json.loads(log[log.index("{\n"):]) if "{\n" in log else {}
    n = summary.get("stored") or results["compare"]["articles_job"]
    if "ingest" in results and n:
        results["cpu_ms_per_article"] = {k: round(1000 * results[k]["cpu_s"] / n, 2) for k in ("ingest", "spark")}
        results["cpu_ratio_spark_to_ingest"] = round(results["spark"]["cpu_s"] / results["ingest"]["cpu_s"], 3)
    results["spark_summary"] = {k: v for k, v in summary.items() if k != "examples"}
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
