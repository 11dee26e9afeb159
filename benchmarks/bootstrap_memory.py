"""Peak memory and time of one bootstrap interval at n units: the whole n_boot × n index
matrix (the way before issue 15) beside ``helpers.measures.stats.bootstrap_mean`` (blocks
of at most CHUNK_CELLS indices from the same stream), each in a fresh process, alternated.

    python benchmarks/bootstrap_memory.py [--n 100000] [--repeats 3]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, sys, time
import numpy as np
sys.path.insert(0, {root!r}); sys.path.insert(0, {here!r})
from measure import peak_mb, reset_peak
from helpers.measures.stats import N_BOOT, SEED, bootstrap_mean
x = np.random.default_rng(1).normal(size={n})
reset_peak(); base = peak_mb(); t0 = time.perf_counter()
if {naive!r}:
    idx = np.random.default_rng(SEED).integers(0, len(x), size=(N_BOOT, len(x)))
    interval = tuple(np.percentile(x[idx].mean(axis=1), [2.5, 97.5]))
else:
    interval = bootstrap_mean(x)
print(json.dumps({{"s": time.perf_counter() - t0, "mb": peak_mb() - base, "interval": interval}}))
"""


def run(n: int, naive: bool) -> dict:
    """Units and which way -> seconds, extra peak MB and the interval, from a fresh process."""
    code = CHILD.format(root=str(ROOT), here=str(ROOT / "benchmarks"), n=n, naive=naive)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    """Alternate the two ways and print a Markdown table with the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    runs = {True: [], False: []}
    for _ in range(args.repeats):
        for naive in (True, False):
            runs[naive].append(run(args.n, naive))
    same = all(r["interval"] == runs[True][0]["interval"] for r in runs[True] + runs[False])
    print(f"n = {args.n:,} values, 2,000 resamples, {args.repeats} runs each, alternated; medians\n")
    print("| way | seconds | extra peak MB |")
    print("|---|---:|---:|")
    for naive, label in ((True, "whole index matrix (before)"), (False, "blocked draws (ours)")):
        s = statistics.median(r["s"] for r in runs[naive])
        mb = statistics.median(r["mb"] for r in runs[naive])
        print(f"| {label} | {s:.2f} | {mb:,.0f} |")
    ratio_mb = statistics.median(r["mb"] for r in runs[True]) / max(
        statistics.median(r["mb"] for r in runs[False]), 1)
    ratio_s = statistics.median(r["s"] for r in runs[True]) / statistics.median(r["s"] for r in runs[False])
    print(f"\npeak memory, before / ours: {ratio_mb:.0f}×; time, before / ours: {ratio_s:.2f}×; "
          f"identical intervals: {same}")


if __name__ == "__main__":
    main()
