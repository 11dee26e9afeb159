"""Start-up cost: ``import helpers`` beyond ``import pandas``, and ``python -m helpers corpus
check`` on the seed corpus, today's code beside the code before the lazy front door (issue 11).

The baseline is the tree at BASELINE_COMMIT, extracted from git into a temporary folder and
put first on PYTHONPATH; each measurement is a fresh process, ours and the baseline's
interleaved (A B A B …), and the table gives medians with min–max.

    python benchmarks/startup.py [--repeats N]
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_COMMIT = "395351c"     # the last commit with the flat layout and the eager __init__
IMPORT_COST = ("import time; t0 = time.perf_counter(); import pandas; t1 = time.perf_counter(); "
               "import helpers{use}; print(time.perf_counter() - t1)")
FIRST_USE = "; helpers.load_corpus"   # the first name every notebook calls


def extract(commit: str, into: Path) -> Path:
    """A commit and a folder -> the commit's tree written into it (via git archive)."""
    tar = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")
    return into


def import_seconds(tree: Path, use: str = "") -> float:
    """A source tree (and code run after the import) -> seconds ``import helpers`` took after
    pandas, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", IMPORT_COST.format(use=use)], env=env, cwd=tree, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip())


def check_seconds(tree: Path) -> float:
    """A source tree -> wall seconds of ``python -m helpers corpus check`` on its seed corpus."""
    env = {**os.environ, "PYTHONPATH": str(tree), "KREMLIN_SYRIA_NO_CACHE": "1"}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "helpers", "corpus", "check", str(tree / "corpus")],
                   env=env, cwd=tree, capture_output=True, check=True)
    return time.perf_counter() - t0


def summary(values: list[float]) -> str:
    """Seconds -> 'median (min–max)' in seconds."""
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def main() -> None:
    """Measure both, interleaved, and print a Markdown table with the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        before = extract(BASELINE_COMMIT, Path(tmp))
        runs = {(what, who): [] for what in ("import", "first use", "check") for who in ("before", "today")}
        for _ in range(args.repeats):
            for who, tree in (("before", before), ("today", ROOT)):
                runs["import", who].append(import_seconds(tree))
                runs["first use", who].append(import_seconds(tree, FIRST_USE))
                runs["check", who].append(check_seconds(tree))
    print(f"{args.repeats} runs each, interleaved; seconds, median (min–max)\n")
    print("| measure | before (" + BASELINE_COMMIT + ") | today | before / today | target |")
    print("|---|---:|---:|---:|---|")
    for what, label, target in (("import", "`import helpers` beyond `import pandas`", "< 0.3 s"),
                                ("first use", "… and `helpers.load_corpus` looked up", "—"),
                                ("check", "`python -m helpers corpus check corpus`", "< 2 s")):
        b, t = runs[what, "before"], runs[what, "today"]
        ratio = statistics.median(b) / max(statistics.median(t), 1e-3)
        shown = f"{ratio:.1f}×" if ratio < 1000 else "> 1000×"
        print(f"| {label} | {summary(b)} | {summary(t)} | {shown} | {target} |")


if __name__ == "__main__":
    main()
