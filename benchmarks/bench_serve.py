"""Serve benchmark: p95 of a filtered event list (country + type + month), the UI's time to interactive in headless
Chromium, and a bounded loopback load test (N concurrent clients for S seconds). Prints figures; asserts nothing.

    python benchmarks/bench_serve.py --db all.duckdb [--clients 50 --seconds 30 --think 0]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int, workers: int, cache: int) -> subprocess.Popen[bytes]:
    rasd = str(Path(sys.executable).with_name("rasd"))
    proc = subprocess.Popen([rasd, "serve", "--db", db, "--port", str(port), "--workers", str(workers),
                             "--cache", str(cache)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))


def filter_combos(base: str, n: int) -> list[dict[str, str]]:
    """(country, type, month) combinations that occur in the store, the busiest first."""
    facets = httpx.get(f"{base}/api/events/facets", params={"facet": "country,type", "size": "8"}, timeout=60).json()
    combos = []
    for c in facets["facets"]["country"][:8]:
        for t in facets["facets"]["type"][:6]:
            months = httpx.get(f"{base}/api/events/timeline", params={"country": c["value"], "type": t["value"],
                                                                         "interval": "month"}, timeout=60).json()
            for b in sorted(months["buckets"], key=lambda b: -b["count"])[:4]:
                combos.append({"country": c["value"], "type": t["value"], "month": b["date"][:7]})
    random.Random(7).shuffle(combos)
    return combos[:n]


def bench_list(base: str, combos: list[dict[str, str]], rounds: int) -> dict[str, Any]:
    times = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for c in combos[:3]:
            client.get("/api/events", params=c)  # warm-up
        for i in range(rounds):
            c = combos[i % len(combos)]
            t0 = time.perf_counter()
            r = client.get("/api/events", params=c)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, r.text
    return {"requests": rounds, "combos": len(combos), "p50_ms": round(pct(times, 50), 1),
            "p95_ms": round(pct(times, 95), 1), "max_ms": round(max(times), 1)}


def bench_ui(base: str, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("RASD_CHROMIUM", "/usr/bin/chromium")
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})  # a cold cache each time
            page = ctx.new_page()
            page.goto(base + "/", wait_until="commit")
            page.wait_for_selector("body[data-ready='list']", timeout=30000)
            ms = page.evaluate("performance.now()")  # since navigation start: list, facets, map and timeline shown
            out.append(float(ms))
            ctx.close()
        browser.close()
    return {"runs": runs, "median_ms": round(statistics.median(out)), "max_ms": round(max(out))}


async def load(base: str, clients: int, seconds: float, think: float, event_ids: list[str],
               combos: list[dict[str, str]], cap: int) -> dict[str, Any]:
    """Closed-loop clients over a mix of requests until the time is up (or cap requests in all)."""
    times: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds
    rng = random.Random(11)

    def request() -> tuple[str, dict[str, str]]:
        roll = rng.random()
        c = rng.choice(combos)
        if roll < 0.5:
            return "/api/events", c
        if roll < 0.65:
            return f"/api/events/{rng.choice(event_ids)}", {}
        if roll < 0.8:
            return "/api/places", {"country": c["country"], "limit": "2000"}
        if roll < 0.9:
            return "/api/events/timeline", {"country": c["country"], "interval": "week"}
        return "/api/events/facets", {"country": c["country"], "month": c["month"]}

    async def client(http: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline and len(times) + sum(errors.values()) < cap:
            path, params = request()
            t0 = time.perf_counter()
            try:
                r = await http.get(path, params=params)
                if r.status_code != 200:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                else:
                    times.append((time.perf_counter() - t0) * 1000)
            except httpx.HTTPError as e:
                errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        t0 = time.monotonic()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.monotonic() - t0
    return {"clients": clients, "seconds": round(elapsed, 1), "think_s": think, "requests": len(times),
            "errors": errors, "rps": round(len(times) / elapsed, 1), "p50_ms": round(pct(times, 50), 1),
            "p95_ms": round(pct(times, 95), 1), "p99_ms": round(pct(times, 99), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(ROOT / "out" / "demo.duckdb"))
    ap.add_argument("--rounds", type=int, default=300, help="filtered-list requests timed one after another")
    ap.add_argument("--ui-runs", type=int, default=5)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--think", type=float, default=0.0, help="mean pause between a client's requests (s)")
    ap.add_argument("--cap", type=int, default=200_000, help="most requests of the load test in all")
    ap.add_argument("--skip-ui", action="store_true")
    ap.add_argument("--workers", type=int, default=1, help="server processes (rasd serve --workers)")
    ap.add_argument("--cache", type=int, default=2048, help="answers kept per process (rasd serve --cache; 0: none)")
    args = ap.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args.db, port, args.workers, args.cache)
    try:
        meta = httpx.get(f"{base}/api/meta", timeout=30).json()
        print(f"store: {meta['articles']} articles, {meta['events']} events ({args.db}); workers {args.workers}, "
              f"cache {args.cache}")
        combos = filter_combos(base, 200)
        ids = [e["id"] for e in httpx.get(f"{base}/api/events", params={"limit": 500}, timeout=60).json()["items"]]
        results: dict[str, Any] = {"filtered_list": bench_list(base, combos, args.rounds)}
        print("filtered list (country + type + month):", json.dumps(results["filtered_list"]))
        if not args.skip_ui:
            results["ui"] = bench_ui(base, args.ui_runs)
            print("UI first page interactive (headless chromium):", json.dumps(results["ui"]))
        results["load"] = asyncio.run(load(base, args.clients, args.seconds, args.think, ids, combos, args.cap))
        print("loopback load test:", json.dumps(results["load"]))
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
