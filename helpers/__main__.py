"""Command line: `python -m helpers reports ...`, `python -m helpers corpus import|check ...`."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from helpers.config import CORPUS_DIR, NOTEBOOKS_DIR, REPORTS_DIR


def cmd_reports(args: argparse.Namespace) -> int:
    """Parsed arguments -> exit code; runs every notebook and prints one line per run."""
    from helpers.reports import build_reports  # papermill/nbconvert load only when needed

    try:
        runs = build_reports(args.notebooks, args.out, args.corpus, config=args.config,
                             only=args.only, jobs=args.jobs, timeout=args.timeout,
                             progress=not args.quiet)
    except ValueError as exc:          # a bad configuration: nothing ran
        print(exc, file=sys.stderr)
        return 2
    for run in runs.itertuples():
        why = f"  {str(run.error).splitlines()[0]}" if run.status != "ok" else ""
        print(f"{run.name:<30} {run.status:<7} {run.seconds:7.1f} s{why}")
    print(f"index: {Path(args.out).resolve() / 'index.html'}")
    return int((runs["status"] != "ok").any())


def cmd_corpus_import(args: argparse.Namespace) -> int:
    """Parsed arguments -> exit code: 0 if all imported, 1 if anything was skipped or a file
    failed (after the summary), 2 for a user's mistake (one line, no traceback)."""
    from helpers.importers import import_source, parse_columns

    try:
        report = import_source(
            args.source, args.into, format=args.format, preset=args.preset,
            columns=parse_columns(args.columns), date_format=args.date_format,
            encoding=args.encoding, match=args.match, outlets=args.outlets, since=args.since,
            until=args.until, add_outlets=args.add_outlets, layout=args.layout,
            progress=not args.quiet)
    except (ValueError, OSError) as exc:      # bad path, column, format, regex, encoding
        print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
              file=sys.stderr)
        return 2
    print(report.summary())
    return 0 if report.ok else 1


def cmd_corpus_check(args: argparse.Namespace) -> int:
    """Parsed arguments -> exit code (1 if any error); prints every problem of the corpus."""
    from helpers.check import check_corpus

    problems = check_corpus(args.dir)
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    print(f"{args.dir}: {errors} error(s), {len(problems) - errors} warning(s)")
    return int(errors > 0)


def _corpus_parser(sub) -> None:
    """Subparsers -> the `corpus import` and `corpus check` commands added to them."""
    corpus = sub.add_parser("corpus", help="import articles into a corpus, or check one")
    csub = corpus.add_subparsers(dest="corpus_command", required=True)

    imp = csub.add_parser("import", help="import an export, a WARC, a CSV or JSON Lines file, "
                          "or a folder of them or of .html/.txt pages")
    imp.add_argument("source", type=Path, help="a file or a folder of files (format told from "
                     "the content)")
    imp.add_argument("--format", default="auto",
                     choices=["auto", "nexis", "factiva", "warc", "csv", "jsonl", "html", "txt"],
                     help="the format of SOURCE's files (default: told from their content)")
    imp.add_argument("--into", type=Path, required=True, help="corpus folder to create or add to")
    imp.add_argument("--preset", choices=["fakenewscorpus"], help="a known CSV layout")
    imp.add_argument("--columns", help="text=COL,title=COL,outlet=COL,published=COL,url=COL,author=COL")
    imp.add_argument("--date-format", help="strftime format of the published column, e.g. %%Y-%%m-%%d")
    imp.add_argument("--encoding", default="auto", help="text encoding of SOURCE (default: detect)")
    imp.add_argument("--match", help="keep articles whose title or text matches this regex")
    imp.add_argument("--outlets", nargs="+", help="keep these outlets or web domains")
    imp.add_argument("--since", help="keep articles published on or after this date")
    imp.add_argument("--until", help="keep articles published on or before this date")
    imp.add_argument("--add-outlets", action="store_true",
                     help="add outlets the registry does not know to the corpus's outlets.csv")
    imp.add_argument("--layout", choices=["auto", "files", "shards"], default="auto",
                     help="one text file per article, or Parquet shards (auto: shards for CSV/JSONL)")
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    imp.set_defaults(func=cmd_corpus_import)

    chk = csub.add_parser("check", help="report every problem of a corpus folder")
    chk.add_argument("dir", type=Path, nargs="?", default=CORPUS_DIR, help="corpus folder (default: corpus/)")
    chk.set_defaults(func=cmd_corpus_check)


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
    reports.add_argument("--config", type=Path,
                         help="reports TOML (default: reports.toml in the notebook folder, if any)")
    reports.add_argument("--only", nargs="+", help="build only these runs (names or name prefixes)")
    reports.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                         help="runs at once, one process each (default: the machine's cores)")
    reports.add_argument("--quiet", action="store_true", help="no progress bar")
    reports.set_defaults(func=cmd_reports)
    _corpus_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Command-line arguments -> exit code."""
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
