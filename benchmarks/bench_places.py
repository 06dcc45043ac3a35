"""Benchmark the gazetteer and geocoder: load time, memory, time per article; place P/R/F1 against the eval gold.

Usage: .venv/bin/python benchmarks/bench_places.py [--n 500]   (needs ../shared; prints a table)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import time
import tracemalloc
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def quality() -> tuple[int, int, int, list[str]]:
    from rasd.geocode import find_places
    from rasd.text.normalise import normalise

    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    tp = fp = fn = 0
    notes: list[str] = []
    for split in ("dev", "seed"):
        gold = {}
        for line in (SHARED / "eval" / "gold" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                gold[d["doc_id"]] = d
        for line in (SHARED / "eval" / "inputs" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            doc = json.loads(line)
            preds = [{"name": m.place.name, "text": m.span.text, "lat": m.place.lat, "lon": m.place.lon,
                      "geonameid": m.place.geonameid} for m in find_places(normalise(doc["text"])) if m.place]
            uniq: list[dict] = []
            for x in preds:
                if not any(score.same_place(x, y) for y in uniq):
                    uniq.append(x)
            g_pl = list(gold[doc["id"]]["places"].items())
            t, f, n = score.set_prf(uniq, list(range(len(g_pl))), lambda x, k, g=g_pl: score.places_match(x, g[k][1]))
            tp, fp, fn = tp + t, fp + f, fn + n
            notes.append(f"{doc['id']}: tp={t} fp={f} fn={n}")
    return tp, fp, fn, notes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("-v", action="store_true", help="per-document counts")
    a = ap.parse_args()
    tracemalloc.start()
    t0 = time.perf_counter()
    from rasd.gazetteer import Gazetteer

    g = Gazetteer.load()
    t1 = time.perf_counter()
    _ = g.matcher, g.adjectives
    t2 = time.perf_counter()
    mem = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    from rasd.geocode import find_places
    from rasd.text.normalise import normalise

    times, n_places, chars = [], 0, 0
    path = SHARED / "corpus" / "saudinewsnet" / "conflict_subset.jsonl"
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= a.n:
                break
            text = json.loads(line)["content"] or ""
            t = time.perf_counter()
            nt = normalise(text)
            ms = find_places(nt)
            times.append(time.perf_counter() - t)
            n_places += sum(1 for m in ms if m.place)
            chars += len(text)
    tp, fp, fn, notes = quality()
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    rows = [
        ("gazetteer rows", f"{len(g)}"),
        ("load (parse + index)", f"{(t1 - t0) * 1000:.0f} ms"),
        ("matchers built on first use", f"{(t2 - t1) * 1000:.0f} ms"),
        ("peak memory (tracemalloc)", f"{mem:.1f} MB"),
        (f"articles (first {len(times)})", f"{chars / max(len(times), 1):.0f} chars mean"),
        ("find_places per article mean", f"{statistics.mean(times) * 1000:.2f} ms"),
        ("find_places per article p95", f"{sorted(times)[int(0.95 * len(times)) - 1] * 1000:.2f} ms"),
        ("places geocoded per article", f"{n_places / max(len(times), 1):.1f}"),
        ("doc places dev+seed P / R / F1", f"{p:.3f} / {r:.3f} / {f:.3f} (tp={tp} fp={fp} fn={fn})"),
    ]
    w = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{w}}  {v}")
    if a.v:
        print("\n".join(notes))


if __name__ == "__main__":
    main()
