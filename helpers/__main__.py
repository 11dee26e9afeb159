"""Command line: `python -m helpers reports [--corpus DIR] [--out DIR] [--notebooks DIR] ...`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.config import CORPUS_DIR, NOTEBOOKS_DIR, REPORTS_DIR


def cmd_reports(args: argparse.Namespace) -> int:
    """Parsed arguments -> exit code; runs every notebook and prints one line per run."""
    from helpers.reports import build_reports  # papermill/nbconvert load only when needed

    runs = build_reports(args.notebooks, args.out, args.corpus, timeout=args.timeout)
    for run in runs.itertuples():
        why = f"  {str(run.error).splitlines()[0]}" if run.status != "ok" else ""
        print(f"{run.name:<30} {run.status:<7} {run.seconds:7.1f} s{why}")
    print(f"index: {Path(args.out).resolve() / 'index.html'}")
    return int((runs["status"] != "ok").any())


def parser() -> argparse.ArgumentParser:
    """Nothing -> the argument parser, one subparser per command."""
    p = argparse.ArgumentParser(prog="python -m helpers",
                                description="Tools for the Kremlin-Syria coverage notebooks.")
    sub = p.add_subparsers(dest="command", required=True)

    reports = sub.add_parser("reports", help="run the notebooks and write HTML reports")
    reports.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="corpus folder")
    reports.add_argument("--out", type=Path, default=REPORTS_DIR, help="reports folder")
    reports.add_argument("--notebooks", type=Path, default=NOTEBOOKS_DIR,
                         help="folder of notebooks to run")
    reports.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    reports.set_defaults(func=cmd_reports)
    return p


def main(argv: list[str] | None = None) -> int:
    """Command-line arguments -> exit code."""
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
