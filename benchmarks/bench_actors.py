"""Benchmark actor mention resolution: dictionary load time and time per article; informal gold-entity recall."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from rasd.actors import ActorDictionary, _load_packaged, find_actor_mentions
from rasd.text.normalise import normalise

SHARED = Path(__file__).resolve().parents[2] / "shared"


def bench(corpus: Path, n: int) -> None:
    _load_packaged.cache_clear()
    t0 = time.perf_counter()
    d = ActorDictionary.load()
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    _ = d.matcher
    t_auto = time.perf_counter() - t0
    texts = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["content"] or "")
            if len(texts) >= n:
                break
    times, counts, chars = [], [], 0
    for text in texts:
        t0 = time.perf_counter()
        nt = normalise(text)
        ms = find_actor_mentions(nt, dt.date(2015, 7, 25), dictionary=d)
        times.append(time.perf_counter() - t0)
        counts.append(len(ms))
        chars += len(text)
    total = sum(times)
    rows = [
        ("entries (actors + agents)", f"{len(d)}"),
        ("dictionary load (YAML + validate)", f"{t_load * 1000:.0f} ms"),
        ("automaton build", f"{t_auto * 1000:.0f} ms"),
        ("articles", f"{len(texts)}"),
        ("mean chars / article", f"{chars / max(1, len(texts)):.0f}"),
        ("mean ms / article (normalise + mentions)", f"{1000 * total / max(1, len(texts)):.2f}"),
        ("median ms / article", f"{1000 * statistics.median(times):.2f}"),
        ("p95 ms / article", f"{1000 * sorted(times)[int(0.95 * (len(times) - 1))]:.2f}"),
        ("throughput chars / s", f"{chars / total:,.0f}"),
        ("mean mentions / article", f"{statistics.mean(counts):.1f}"),
    ]
    width = max(len(r[0]) for r in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v:>12}")


def recall(shared: Path) -> None:
    sys.path.insert(0, str(shared / "eval"))
    import score  # the referee's name rules

    d = ActorDictionary.load()
    inputs = {}
    for f in ("dev.jsonl", "seed.jsonl"):
        for line in (shared / "eval/inputs" / f).open(encoding="utf-8"):
            doc = json.loads(line)
            inputs[doc["id"]] = doc
    found = total = 0
    misses: Counter[str] = Counter()
    missed: list[str] = []
    for f in ("dev.jsonl", "seed.jsonl"):
        for line in (shared / "eval/gold" / f).open(encoding="utf-8"):
            g = json.loads(line)
            doc = inputs[g["doc_id"]]
            pub = dt.date.fromisoformat(doc["published"]) if doc.get("published") else None
            ms = find_actor_mentions(normalise(doc["text"]), pub, dictionary=d)
            preds = [[m.span.text] + ([m.actor.name, m.actor.name_ar, *m.actor.aliases] if m.actor else [])
                     for m in ms]
            for key, ent in g["entities"].items():
                total += 1
                names = score.gold_entity_names(g, key)
                if any(score.names_match(p, names) for p in preds):
                    found += 1
                else:
                    misses[ent.get("kind") or "?"] += 1
                    missed.append(f"{g['doc_id']}: {key} ({ent.get('kind')})")
    print(f"\ngold entities found by >=1 mention: {found}/{total} = {found / max(1, total):.1%}")
    print("misses by kind:", ", ".join(f"{k} {v}" for k, v in misses.most_common()))
    for m in missed:
        print("  miss", m)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus/saudinewsnet/conflict_subset.jsonl")
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--recall", action="store_true", help="also measure gold-entity recall on dev + seed")
    args = ap.parse_args()
    bench(args.corpus, args.n)
    if args.recall:
        recall(SHARED)


if __name__ == "__main__":
    main()
