"""Command line: `python -m helpers reports ...`, `python -m helpers corpus import|collect|check`."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from helpers.config import CORPUS_DIR, NOTEBOOKS_DIR, REPORTS_DIR


def cmd_reports(args: argparse.Namespace) -> int:
    """Parsed arguments -> exit code; runs every notebook and prints one line per run."""
    from helpers.run.reports import build_reports  # papermill/nbconvert load only when needed

    try:
        runs = build_reports(args.notebooks, args.out, args.corpus, config=args.config,
                             only=args.only, jobs=args.jobs, timeout=args.timeout,
                             progress=not args.quiet)
    except ValueError as exc:          # a bad configuration: nothing ran
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:          # before any run started: nothing was written
        print("interrupted before any run started", file=sys.stderr)
        return 130
    for run in runs.itertuples():
        why = f"  {str(run.error).splitlines()[0]}" if run.status != "ok" else ""
        print(f"{run.name:<30} {run.status:<11} {run.seconds:7.1f} s{why}")
    print(f"index: {Path(args.out).resolve() / 'index.html'}")
    return exit_code(list(runs["status"]))


def exit_code(statuses: list[str]) -> int:
    """Statuses of a build's runs -> 0 if all ran, 130 if the build was interrupted, else 1."""
    if "interrupted" in statuses:
        return 130
    return int(any(s != "ok" for s in statuses))


def cmd_corpus_import(args: argparse.Namespace) -> int:
    """Parsed arguments -> exit code: 0 if all imported, 1 if anything was skipped or a file
    failed (after the summary), 2 for a user's mistake (one line, no traceback)."""
    from helpers.corpus.importers import import_source, parse_columns

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


def cmd_corpus_collect(args: argparse.Namespace) -> int:
    """Parsed arguments -> exit code (1 if any URL failed or was not found, 2 for a bad list)."""
    from helpers.collect.links import collect_urls
    from helpers.collect.wayback import AVAILABILITY

    try:
        report = collect_urls(
            args.urls, args.into, rate=args.rate, user_agent=args.user_agent,
            timeout=args.timeout, retries=args.retries, wayback=args.wayback,
            wayback_endpoint=args.wayback_endpoint or AVAILABILITY, refresh=args.refresh, workers=args.workers,
            add_outlets=args.add_outlets, progress=not args.quiet)
    except (ValueError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"interrupted: run the same command again to resume ({args.into})", file=sys.stderr)
        return 130
    print(report.summary())
    return int(report.failed)


def cmd_corpus_check(args: argparse.Namespace) -> int:
    """Parsed arguments -> exit code (1 if any error); prints every problem of the corpus."""
    from helpers.corpus.check import check_corpus

    problems = check_corpus(args.dir)
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    print(f"{args.dir}: {errors} error(s), {len(problems) - errors} warning(s)")
    return int(errors > 0)


def _corpus_parser(sub) -> None:
    """Subparsers -> the `corpus import`, `collect` and `check` commands added to them."""
    corpus = sub.add_parser("corpus", help="import or collect articles into a corpus, or check one")
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

    col = csub.add_parser("collect", help="fetch a list of links politely into WARC files "
                          "and a corpus (the Wayback Machine for dead ones)")
    col.add_argument("urls", type=Path, help="a .csv with a url column, or a text file of URLs")
    col.add_argument("--into", type=Path, required=True,
                     help="corpus folder; also holds warc/ and collect_log.csv")
    col.add_argument("--rate", type=float, default=1.0,
                     help="seconds between two requests to one host (default 1)")
    col.add_argument("--user-agent", help="User-Agent header (default: the package and version)")
    col.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default 30)")
    col.add_argument("--retries", type=int, default=3,
                     help="retries on 429, 5xx and network errors (default 3)")
    col.add_argument("--workers", type=int, default=8, help="hosts fetched at once (default 8)")
    col.add_argument("--wayback", action="store_true",
                     help="look dead links (404, 410, failures) up in the Wayback Machine")
    col.add_argument("--wayback-endpoint", default=None,
                     help="the availability API's address (default: the Internet Archive's)")
    col.add_argument("--refresh", action="store_true", help="fetch URLs collected before again")
    col.add_argument("--add-outlets", action="store_true",
                     help="add outlets the registry does not know to the corpus's outlets.csv")
    col.add_argument("--quiet", action="store_true", help="no progress bar")
    col.set_defaults(func=cmd_corpus_collect)

    chk = csub.add_parser("check", help="report every problem of a corpus folder")
    chk.add_argument("dir", type=Path, nargs="?", default=CORPUS_DIR, help="corpus folder (default: corpus/)")
    chk.set_defaults(func=cmd_corpus_check)


def parser() -> argparse.ArgumentParser:
    """Nothing -> the argument parser, one subparser per command."""
    p = argparse.ArgumentParser(prog="python -m helpers",
                                description="Tools for the Kremlin-Syria coverage notebooks.")
    sub = p.add_subparsers(dest="command", required=True)

    reports = sub.add_parser("reports", help="run the notebooks and write HTML reports")
    reports.add_argument("--corpus", type=Path, default=CORPUS_DIR,
                         help="corpus folder every run reads (reports.toml cannot set another)")
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
