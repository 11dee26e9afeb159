"""Wall time of the configured report build, serial and parallel, measured in one run.

    .venv/bin/python benchmarks/report_build.py [--corpus corpus]

Builds every run of notebooks/reports.toml once to warm the per-article cache, then
serially (--jobs 1) and in parallel (one worker process per core), into temporary
folders, and prints both wall times and their ratio.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from helpers.config import CORPUS_DIR
from helpers.run.reports import build_reports


def timed_build(corpus: Path, jobs: int) -> tuple[float, int]:
    """Corpus and worker count -> (wall seconds, runs that succeeded) of one full build."""
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        runs = build_reports(out_dir=out, corpus=corpus, jobs=jobs)
        return time.perf_counter() - t0, int((runs["status"] == "ok").sum())


def main() -> None:
    """Command line -> the timings, printed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    warm, n = timed_build(args.corpus, cores)
    serial, n_serial = timed_build(args.corpus, 1)
    parallel, n_parallel = timed_build(args.corpus, cores)
    print(f"{n} runs; warm-up (cold cache, {cores} jobs): {warm:.1f} s")
    print(f"serial (1 job):        {serial:.1f} s, {n_serial} ok")
    print(f"parallel ({cores} jobs):     {parallel:.1f} s, {n_parallel} ok")
    print(f"parallel / serial:     {parallel / serial:.2f} (speed-up {serial / parallel:.2f}x)")


if __name__ == "__main__":
    main()
