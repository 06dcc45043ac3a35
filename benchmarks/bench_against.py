"""Benchmark this tree against a reference tree, runs alternating: the ratio of their speeds is what one hour's
figure can be compared by.

Usage: python benchmarks/bench_against.py REFERENCE_TREE [--pairs 3] [--limit 0] [--startup-runs 3] [JSONL]

The machine's speed drifts by a quarter or more from hour to hour (docs/results_history.md), so a figure of articles
per CPU-second says little by itself. This runs benchmarks/bench_pipeline.py (this tree's script, the same
measurement for both) in a fresh process per run, this tree and the reference in turn (`git worktree add /tmp/ref
COMMIT` makes one), the reference's package first on the import path, and prints each run, the medians and the ratio
of this tree's median to the reference's. Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().with_name("bench_pipeline.py")
_RATE = re.compile(r"^\| articles per CPU-second \(one core\) \| ([0-9.]+) \|$", re.MULTILINE)
_STARTUP = re.compile(r"^\| start-up as a user sees it: [^|]*\| [0-9.]+ s wall, ([0-9.]+) s CPU \|$", re.MULTILINE)


def figures(output: str) -> tuple[float, float | None]:
    """(articles per CPU-second, start-up CPU seconds or None) read from bench_pipeline.py's printout."""
    rate = _RATE.search(output)
    if rate is None:
        raise ValueError(f"no 'articles per CPU-second' row in the benchmark's output: {output[-300:]!r}")
    start = _STARTUP.search(output)
    return float(rate.group(1)), float(start.group(1)) if start else None


def environment(tree: Path) -> dict[str, str]:
    """The environment that imports the package in `tree` (its src/ first on the import path), checked to
    import it."""
    path = [str(tree / "src"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}  # no empty entry: it would put the cwd on the path
    got = subprocess.run([sys.executable, "-c", "import rasd; print(rasd.__file__)"], env=env, capture_output=True,
                         text=True, check=False).stdout.strip()
    if Path(got).resolve() != (tree / "src" / "rasd" / "__init__.py").resolve():
        raise SystemExit(f"with {tree}/src first on the path, Python imports rasd from {got or 'nowhere'}")
    return env


def run(tree: Path, env: dict[str, str], args: argparse.Namespace) -> tuple[float, float | None]:
    """One benchmark run of the package in `tree`, with its `environment`."""
    cmd = [sys.executable, str(BENCH), "--limit", str(args.limit), "--startup-runs", str(args.startup_runs)]
    if args.path:
        cmd.append(args.path)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark of {tree} failed ({done.returncode}): {done.stderr[-800:]}")
    return figures(done.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reference", type=Path, help="a checkout of the tree to compare with (its src/rasd is imported)")
    ap.add_argument("path", nargs="?", default=None, help="JSONL input (default: bench_pipeline.py's)")
    ap.add_argument("--pairs", type=int, default=3, help="runs of each tree, alternating")
    ap.add_argument("--limit", type=int, default=0, help="articles per run (0: all)")
    ap.add_argument("--startup-runs", type=int, default=3, help="fresh `rasd extract` processes timed per run")
    args = ap.parse_args()
    ref = args.reference.resolve()
    if not (ref / "src" / "rasd" / "__init__.py").is_file():
        ap.error(f"{ref} holds no src/rasd package: give a checkout of rasd (git worktree add DIR COMMIT)")
    trees = {"this tree": HERE, "reference": ref}
    envs = {name: environment(tree) for name, tree in trees.items()}
    got: dict[str, list[tuple[float, float | None]]] = {name: [] for name in trees}
    print("| run | tree | articles per CPU-second | start-up (CPU s) |")
    print("| --- | --- | ---: | ---: |")
    for i in range(args.pairs):
        for name, tree in trees.items():
            rate, start = run(tree, envs[name], args)
            got[name].append((rate, start))
            shown = f"{start:.2f}" if start is not None else "–"
            print(f"| {i + 1} | {name} | {rate:.1f} | {shown} |", flush=True)
    med = {name: statistics.median(r for r, _ in runs) for name, runs in got.items()}
    print(f"\nmedians: this tree {med['this tree']:.1f}, reference ({ref}) {med['reference']:.1f} articles per "
          f"CPU-second; ratio {med['this tree'] / med['reference']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
