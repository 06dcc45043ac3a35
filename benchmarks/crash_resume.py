"""Crash/resume check: `rasd ingest` SIGKILLed mid-run, re-run twice, compared with one clean run (not a timed test).

    .venv/bin/python benchmarks/crash_resume.py [SOURCE] [--workers 2] [--kill-after 15] [--clean-db FILE]

SOURCE defaults to ../shared/corpus/saudinewsnet/conflict_subset.jsonl. Every run uses a copy of src/rasd taken
at the start (others edit the tree meanwhile). The clean reference is ingested into --clean-db (reused when that
file exists: only valid if it was made by the same code). Prints the figures as JSON and
exits 1 when the resumed store differs from the clean one (articles, events by (article_id, idx, type, evidence)).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus" / "saudinewsnet" / "conflict_subset.jsonl"
_SCRIPT = Path(sys.executable).parent / "rasd"
RASD = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from rasd.cli import main; main()"]


ENV = dict(os.environ)


def freeze_code(tmp: Path) -> None:
    """Run every ingest on a copy of src/rasd taken now, so edits to the tree during the check cannot skew it."""
    shutil.copytree(ROOT / "src" / "rasd", tmp / "src" / "rasd", ignore=shutil.ignore_patterns("__pycache__"))
    ENV["PYTHONPATH"] = os.pathsep.join(p for p in (str(tmp / "src"), os.environ.get("PYTHONPATH")) if p)


def rasd_ingest(source: Path, db: Path, workers: int) -> subprocess.Popen[bytes]:
    cmd = [*RASD, "ingest", str(source), "--db", str(db), "--workers", str(workers), "--json"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)


def finish(p: subprocess.Popen[bytes]) -> dict[str, object]:
    out, err = p.communicate()
    try:
        summary = json.loads(out.decode())
    except json.JSONDecodeError:
        summary = {"stdout": out.decode()[-500:], "stderr": err.decode()[-500:]}
    summary["exit"] = p.returncode
    return summary


def snapshot(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        events = con.execute(
            "SELECT article_id, idx, type, coalesce(evidence_text, '') FROM events ORDER BY article_id, idx"
        ).fetchall()
        seqs = con.execute("SELECT count(DISTINCT seq), min(seq), max(seq) FROM articles").fetchone()
        dups = con.execute(
            "SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL ORDER BY id"
        ).fetchall()
        n_events = con.execute("SELECT sum(n_events) FROM articles").fetchone()
    finally:
        con.close()
    return {"ids": ids, "events": events, "seqs": seqs, "dups": dups, "n_events_col": n_events[0] if n_events else 0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kill-after", type=float, default=15.0,
                    help="seconds before the SIGKILL (aim for after the first commits: see after_kill)")
    ap.add_argument("--clean-db", type=Path, default=None, help="the clean reference store (made when absent)")
    ap.add_argument("--no-freeze", action="store_true", help="run the live tree instead of a copy of src/rasd")
    args = ap.parse_args()
    if not args.source.is_file():
        sys.exit(f"no source at {args.source}")
    tmp = Path(tempfile.mkdtemp(prefix="rasd-crash-"))
    figures: dict[str, object] = {"source": str(args.source), "workers": args.workers, "kill_after_s": args.kill_after,
                                  "workdir (delete when done)": str(tmp)}
    if not args.no_freeze:
        freeze_code(tmp)

    clean = args.clean_db or tmp / "clean.duckdb"
    if not clean.exists():
        t0 = time.perf_counter()
        figures["clean_run"] = finish(rasd_ingest(args.source, clean, args.workers))
        figures["clean_wall_s"] = round(time.perf_counter() - t0, 1)

    crashed = tmp / "crashed.duckdb"
    p = rasd_ingest(args.source, crashed, args.workers)
    time.sleep(args.kill_after)
    # the whole process group would also take the workers; SIGKILL the main process only, as a crash would
    os.kill(p.pid, signal.SIGKILL)
    p.communicate()
    figures["killed_exit"] = p.returncode
    time.sleep(1.0)  # orphaned spawn workers notice their parent is gone and exit
    after_kill = snapshot(crashed)
    n_kill = len(after_kill["ids"])  # type: ignore[arg-type]
    figures["after_kill"] = {"articles": n_kill, "events": len(after_kill["events"])}  # type: ignore[arg-type]
    for k in (1, 2):
        t0 = time.perf_counter()
        s = finish(rasd_ingest(args.source, crashed, args.workers))
        figures[f"rerun{k}"] = {key: s.get(key) for key in ("read", "stored", "skipped", "events", "failed", "exit")}
        figures[f"rerun{k}"]["wall_s"] = round(time.perf_counter() - t0, 1)  # type: ignore[index]

    a, b = snapshot(clean), snapshot(crashed)
    ev_a, ev_b = Counter(a["events"]), Counter(b["events"])  # type: ignore[arg-type]
    figures["clean"] = {"articles": len(a["ids"]), "events": len(a["events"]), "duplicates": len(a["dups"])}  # type: ignore[arg-type]
    figures["resumed"] = {"articles": len(b["ids"]), "events": len(b["events"]), "duplicates": len(b["dups"]),  # type: ignore[arg-type]
                          "seq_distinct_min_max": b["seqs"]}
    figures["same_article_ids"] = a["ids"] == b["ids"]
    figures["same_events"] = ev_a == ev_b
    figures["events_only_in_clean"] = sum((ev_a - ev_b).values())
    figures["events_only_in_resumed"] = sum((ev_b - ev_a).values())
    figures["same_duplicate_links"] = a["dups"] == b["dups"]
    figures["killed_mid_run"] = 0 < n_kill < len(a["ids"])  # type: ignore[arg-type]
    figures["ok"] = bool(figures["same_article_ids"] and figures["same_events"] and figures["same_duplicate_links"])
    print(json.dumps(figures, ensure_ascii=False, indent=1, default=str))
    sys.exit(0 if figures["ok"] else 1)


if __name__ == "__main__":
    main()
