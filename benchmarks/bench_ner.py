"""Benchmark the name tagger: tokens/s and articles/s over the SaudiNewsNet conflict subset (first 300 articles)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rasd.ner import NameTagger, tokenise
from rasd.text.normalise import normalise

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet" / "conflict_subset.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--path", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=300)
    args = ap.parse_args()

    texts: list[str] = []
    with args.path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= args.limit:
                break
            texts.append(json.loads(line).get("content") or "")
    normed = [normalise(t) for t in texts]  # normalisation is another stage: not timed here

    t0 = time.perf_counter()
    tagger = NameTagger.load()
    load_s = time.perf_counter() - t0
    tagger.tag(normed[0])  # warm the per-word feature cache a little, as a long-running process would
    n_tokens = sum(len(tokenise(nt.text)) for nt in normed)
    n_spans = 0
    c0, t0 = time.process_time(), time.perf_counter()
    for nt in normed:
        n_spans += len(tagger.tag(nt))
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    print(f"model load      {load_s * 1000:.0f} ms")
    print(f"articles        {len(normed)}  tokens {n_tokens}  ({n_tokens / max(len(normed), 1):.0f}/article)")
    print(f"names found     {n_spans}")
    print(f"CPU s           {cpu:.2f}  (wall {wall:.2f})")
    print(f"tokens/s        {n_tokens / cpu:,.0f} (per CPU second)")
    print(f"articles/s      {len(normed) / cpu:,.1f} (per CPU second)")


if __name__ == "__main__":
    main()
