"""Cost of one long article by stage: the pipeline must stay linear in article length (a 1 MB article in < 10 s).

Usage: python benchmarks/bench_long_article.py [CHARS ...]   (default 100000 400000 1000000)
The article is conflict-subset articles joined until CHARS characters. Prints a Markdown table; asserts nothing.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet" / "conflict_subset.jsonl"


def long_text(chars: int) -> str:
    parts: list[str] = []
    size = 0
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("content") or ""
            parts.append(text)
            size += len(text) + 2
            if size >= chars:
                break
    return "\n\n".join(parts)[:chars]


def main() -> None:
    from rasd.doc import Doc
    from rasd.model import Article
    from rasd.pipeline import default_pipeline, to_report

    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 400_000, 1_000_000]
    pipe = default_pipeline()
    pipe.run(Article(id="warm", text="هاجم مسلحون حاجزاً في المدينة أمس."))
    names = [stage.name for stage in pipe.stages]
    print("| characters | events | CPU s | " + " | ".join(names) + " |")
    print("| ---: | ---: | ---: | " + " | ".join("---:" for _ in names) + " |")
    for chars in sizes:
        doc = Doc(article=Article(id="long", text=long_text(chars)))
        per: list[float] = []
        t0 = time.process_time()
        for stage in pipe.stages:
            s = time.process_time()
            doc = stage(doc)
            per.append(time.process_time() - s)
        total = time.process_time() - t0
        events = len(to_report(doc).events)
        print(f"| {chars:,} | {events} | {total:.1f} | " + " | ".join(f"{x:.2f}" for x in per) + " |")


if __name__ == "__main__":
    main()
