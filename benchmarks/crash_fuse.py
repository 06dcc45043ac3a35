"""kill -9 during ingest-with-fusion, then re-run: the same incidents as a clean run?

    PYTHONPATH=benchmarks .venv/bin/python benchmarks/crash_fuse.py --source subset.duckdb \\
        --input ../shared/corpus/saudinewsnet/conflict_subset.jsonl [--kills 4]

The articles are ingested with a replay processor that returns the events a store (--source, made by an earlier
`rasd ingest`) already holds for them, so a run takes seconds and most of its time is storing and fusing: kills land
in the middle of fusion transactions. Compares memberships and incident records with a clean run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb


def replay(batch_size: int = 64) -> Any:
    """Processor factory (module:factory for `rasd ingest --processor`): stored events of RASD_REPLAY_DB."""
    con = duckdb.connect(os.environ["RASD_REPLAY_DB"], read_only=True)

    def process(articles: list[Any]) -> list[dict[str, Any]]:
        out = []
        for a in articles:
            rows = con.execute("SELECT event FROM events WHERE article_id = ? ORDER BY idx", [a.id]).fetchall()
            events = [json.loads(r[0]) if isinstance(r[0], str) else r[0] for r in rows]
            out.append({"doc_id": a.id, "events": events, "actors": [], "places": [], "versions": {"replay": "1"}})
        return out

    return process


def ingest_cmd(src: str, db: str) -> list[str]:
    rasd = str(Path(sys.executable).parent / "rasd")  # the console script beside this interpreter
    return [rasd, "ingest", src, "--db", db, "--workers", "1",
            "--processor", "crash_fuse:replay", "--json"]


def incidents(db: str) -> tuple[list[Any], list[Any]]:
    con = duckdb.connect(db, read_only=True)
    try:
        members = con.execute("SELECT article_id, idx, incident_id FROM incident_reports ORDER BY 1, 2").fetchall()
        records = con.execute("SELECT id, record FROM incidents ORDER BY id").fetchall()
    finally:
        con.close()
    return members, [(i, json.loads(r) if isinstance(r, str) else r) for i, r in records]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--kills", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    env = {**os.environ, "RASD_REPLAY_DB": a.source,
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")])}
    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        clean, crashed = str(Path(tmp) / "clean.duckdb"), str(Path(tmp) / "crashed.duckdb")
        t0 = time.perf_counter()
        r = subprocess.run(ingest_cmd(a.input, clean), env=env, check=False, capture_output=True, text=True)
        took = time.perf_counter() - t0
        if not Path(clean).exists():
            print(f"the clean run failed: {r.stderr[-2000:]}", file=sys.stderr)
            return 2
        print(f"clean run: {took:.1f} s")
        for k in range(a.kills):
            p = subprocess.Popen(ingest_cmd(a.input, crashed), env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            wait = rng.uniform(0.3, 0.9) * took / (a.kills + 1) * (k + 1)
            time.sleep(wait)
            p.send_signal(signal.SIGKILL)
            p.wait()
            print(f"kill -9 #{k + 1} after {wait:.1f} s")
        subprocess.run(ingest_cmd(a.input, crashed), env=env, check=False, capture_output=True)
        m1, r1 = incidents(clean)
        m2, r2 = incidents(crashed)
        print(f"clean: {len(m1)} reports in {len(r1)} incidents; after kills and a re-run: {len(m2)} reports in "
              f"{len(r2)} incidents; memberships equal: {m1 == m2}; incident records equal: {r1 == r2}")
        return 0 if m1 == m2 and r1 == r2 else 1


if __name__ == "__main__":
    sys.exit(main())
