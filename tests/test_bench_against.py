"""The alternating benchmark reads its figures from bench_pipeline.py's printout."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_against.py"
_spec = importlib.util.spec_from_file_location("bench_against", _PATH)
assert _spec is not None and _spec.loader is not None
bench_against = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_against)

PRINTOUT = """| input | x.jsonl (800 articles, 2784 events, 8010 set aside) |
| --- | --- |
| start-up in this process (import + resources, wall) | 1.12 s |
| start-up as a user sees it: `rasd extract` of one short article, best of 3 | 1.37 s wall, 1.31 s CPU |
| the same with no compiled bytecode (every module compiled from source first) | 1.34 s wall, 1.34 s CPU |
| wall / CPU | 34.5 s / 34.5 s |
| articles per CPU-second (one core) | 23.2 |
"""


def test_figures_are_read_from_the_printout() -> None:
    assert bench_against.figures(PRINTOUT) == (23.2, 1.31)


def test_start_up_may_be_absent() -> None:
    no_startup = PRINTOUT.replace("1.37 s wall, 1.31 s CPU", "nan s wall, nan s CPU")
    assert bench_against.figures(no_startup) == (23.2, None)


def test_a_printout_without_the_rate_is_an_error() -> None:
    with pytest.raises(ValueError, match="articles per CPU-second"):
        bench_against.figures(PRINTOUT.replace("articles per CPU-second", "articles per second"))
