"""Benchmark the pipeline against the naive way, side by side, on synthetic corpora of real text.

    python benchmarks/run.py                          # 1,000, 10,000 and 100,000 articles
    python benchmarks/run.py --sizes 1000,10000       # a subset
    python benchmarks/run.py --sizes 1000 --results - # print only, leave RESULTS.md alone

For each size a corpus is built (``benchmarks/corpora.py``: sentences of the seed and
FakeNewsCorpus articles recombined, shards layout) and run
- the naive way (``benchmarks/naive.py``: one process, no cache, pandas ``apply`` of VADER
  sentence by sentence), up to ``--naive-max`` articles (it takes ~50 ms an article);
- our way (``helpers.run.pipeline.run_pipeline``: batches streamed through worker processes,
  cached per article, tables written as Parquet parts): a first run with an empty cache, a
  second run over the unchanged corpus, and a run after one article was added;
- on Dask (``helpers.run.distributed.run_on_dask``, a local cluster) for the ``--dask-sizes``.
It prints, per stage and for the whole pipeline, articles per second both ways, their
ratio and peak memory; then the targets, met or not, and whether every way gave the same
tables bit for bit. The same goes to ``benchmarks/RESULTS.md`` with the command and machine.
Not part of ``make test``.
"""
from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpora  # noqa: E402
from measure import Measure, StageClock, machine, measured  # noqa: E402
from naive import naive_pipeline  # noqa: E402

RESULTS = HERE / "RESULTS.md"
STAGE_ROWS = [("clean", ("read", "clean")), ("split", ("split",)), ("sentiment", ("sentiment",)),
              ("frames", ("frames",)), ("tone", ("tone",))]
TARGET_RATIO, TARGET_WARM, TARGET_ADD, TARGET_MB = 1.8, 0.05, 0.05, 2048


@dataclass
class SizeReport:
    """What one corpus size gave: table rows, target figures, comparisons."""

    n: int
    rows: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    same: list[tuple[str, bool]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def rate(n: int, seconds: float) -> str:
    """Articles and seconds -> articles per second, formatted."""
    return f"{n / seconds:,.1f}" if seconds > 0 else "-"


def mb(value: float | None) -> str:
    """MB or None -> formatted."""
    return f"{value:,.0f}" if value else "-"


def ratio(ours: float | None, naive: float | None) -> str:
    """Two durations -> how many times faster ours is, formatted."""
    return f"{naive / ours:.2f}x" if ours and naive else "-"


def run_size(n: int, work: Path, stuff: corpora.Material, args: argparse.Namespace) -> SizeReport:
    """A size -> its corpus built, every way run and measured, the results compared."""
    from helpers.corpus.importers import import_source
    from helpers.run.pipeline import run_pipeline

    report, w = SizeReport(n), args.workers
    source = corpora.jsonl_for(work / "source", n, stuff)
    with measured() as imp:
        import_source(source, work / "shards", layout="shards", progress=False)
    naive_on = n <= args.naive_max
    imp_naive = Measure()
    if naive_on:
        with measured() as imp_naive:
            import_source(source, work / "files", layout="files", progress=False)
    report.rows.append(("import (JSON Lines -> corpus)", rate(n, imp.seconds),
                        rate(n, imp_naive.seconds) if naive_on else "-",
                        ratio(imp.seconds, imp_naive.seconds), mb(imp.peak_mb), mb(imp_naive.peak_mb)))

    def ours(out: str, cache: str) -> tuple[Measure, object]:
        os.environ["KREMLIN_SYRIA_CACHE"] = str(work / cache)
        with measured() as found:
            result = run_pipeline(work / "shards", work / out, workers=w, batch_size=args.batch)
        found.workers_mb = sum(result.worker_peak_mb.values())
        found.stages = result.seconds
        return found, result

    cold, cold_result = ours("out-cold", "cache")
    warm, warm_result = ours("out-warm", "cache")
    report.same.append((f"{n}: ours, second run (cached) = ours, first run",
                        same_parts(work / "out-cold", work / "out-warm")))
    dask_run = None
    if n in args.dask_sizes:
        from helpers.run.distributed import run_on_dask

        os.environ["KREMLIN_SYRIA_CACHE"] = str(work / "cache-dask")
        with measured() as dask_run:
            result = run_on_dask(work / "shards", out_dir=work / "out-dask", n_workers=w,
                                 batch_size=args.batch)
        dask_run.workers_mb = sum(result.worker_peak_mb.values())
        report.same.append((f"{n}: Dask (local cluster) = ours", same_parts(work / "out-cold",
                                                                          work / "out-dask")))
    corpora.add_one(work / "shards", n, stuff, work / "added")
    added, added_result = ours("out-added", "cache")
    computed = {s: added_result.computed(s) for s in ("articles", "sentences", "tone", "frames")}

    naive_run, clock = Measure(), StageClock()
    if naive_on:
        with measured() as naive_run:
            tables = naive_pipeline(work / "files", clock)
        report.same.append((f"{n}: naive = ours", same_as_naive(tables, work / "out-cold")))
        del tables
    else:
        report.notes.append(f"naive way not run at {n:,} articles (over --naive-max "
                            f"{args.naive_max:,}): at the 10,000-article rate it would take "
                            "about ten times as long as at 10,000")
    for label, stages in STAGE_ROWS:
        ours_s = sum(cold.stages.get(s, 0.0) for s in stages) / max(cold_result.workers, 1)
        naive_s = clock.seconds.get(label)
        report.rows.append((label, rate(n, ours_s), rate(n, naive_s) if naive_s else "-",
                            ratio(ours_s, naive_s), "", mb(clock.peaks.get(label))))
    overhead = (cold.stages.get("cache", 0) + cold.stages.get("write", 0)) / max(cold_result.workers, 1)
    report.rows.append(("(ours only: cache, batching, writing tables)", rate(n, overhead), "-", "-",
                        "", ""))
    report.rows.append(("**whole pipeline** (corpus -> tables)", rate(n, cold.seconds),
                        rate(n, naive_run.seconds) if naive_on else "-",
                        ratio(cold.seconds, naive_run.seconds), mb(cold.total_mb),
                        mb(naive_run.peak_mb)))
    report.rows.append(("second run, unchanged corpus", rate(n, warm.seconds), "-",
                        f"{warm.seconds / cold.seconds:.1%} of first run", mb(warm.total_mb), ""))
    report.rows.append(("one article added, run again", f"{added.seconds:.2f} s", "-",
                        f"{added.seconds / cold.seconds:.1%} of first run", mb(added.total_mb), ""))
    if dask_run is not None:
        report.rows.append((f"whole pipeline on Dask (LocalCluster, {w} workers)",
                            rate(n, dask_run.seconds),
                            rate(n, naive_run.seconds) if naive_on else "-",
                            ratio(dask_run.seconds, naive_run.seconds), mb(dask_run.total_mb), ""))
    report.figures = {"ratio": naive_run.seconds / cold.seconds if naive_on else float("nan"),
                      "warm": warm.seconds / cold.seconds, "added": added.seconds / cold.seconds,
                      "added_only_one": float(all(v == 1 for v in computed.values())),
                      "warm_computed": float(warm_result.computed()), "peak_mb": cold.total_mb,
                      "cold_s": cold.seconds, "naive_s": naive_run.seconds}
    report.notes.append(f"ours at {n:,}: first run {cold.seconds:.1f} s, second {warm.seconds:.2f} s "
                        f"({warm_result.computed()} articles computed), one added "
                        f"{added.seconds:.2f} s (computed per stage: {computed}); peak MB "
                        f"main process {cold.peak_mb:,.0f} + workers {cold.workers_mb:,.0f}")
    if not args.keep:
        for name in ("files", "out-cold", "out-warm", "out-dask", "out-added", "cache", "cache-dask"):
            shutil.rmtree(work / name, ignore_errors=True)
    return report


def same_parts(a: Path, b: Path) -> bool:
    """Two output folders of the same corpus -> True if every table is equal, part by part."""
    import pandas as pd
    from pandas.testing import assert_frame_equal

    from helpers.run.pipeline import TABLES

    for table in TABLES:
        left, right = sorted((a / table).glob("part-*")), sorted((b / table).glob("part-*"))
        if [p.name for p in left] != [p.name for p in right]:
            return False
        for x, y in zip(left, right):
            try:
                assert_frame_equal(pd.read_parquet(x), pd.read_parquet(y))
            except AssertionError:
                return False
    return True


def same_as_naive(naive: dict, out: Path) -> bool:
    """The naive way's tables and our output folder -> True if equal bit for bit (rows sorted
    by their keys; the articles' file column differs by layout and is left out)."""
    from pandas.testing import assert_frame_equal

    from helpers.run.pipeline import canonical, load_tables

    ours = load_tables(out)
    try:
        for name, table in naive.items():
            left, right = canonical(ours[name], name), canonical(table, name)
            if name == "articles":
                left, right = left.drop(columns="file"), right.drop(columns="file")
            assert_frame_equal(left, right, check_exact=True)
    except AssertionError as exc:
        print(f"naive and ours differ: {exc}", file=sys.stderr)
        return False
    return True


def targets(reports: dict[int, SizeReport]) -> list[tuple[str, str, str]]:
    """Reports by size -> (target, figure, met / not met / not measured)."""
    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("met" if ok else "NOT met")

    ten, big = reports.get(10_000), reports.get(100_000)
    f10 = ten.figures if ten else {}
    rows = [
        (f"whole pipeline at 10,000 >= {TARGET_RATIO}x the naive way",
         f"{f10['ratio']:.2f}x" if f10 and f10["ratio"] == f10["ratio"] else "-",
         verdict(f10["ratio"] >= TARGET_RATIO if f10 and f10["ratio"] == f10["ratio"] else None)),
        ("second run over an unchanged 10,000 <= 5% of the first",
         f"{f10['warm']:.1%}" if f10 else "-", verdict(f10["warm"] <= TARGET_WARM if f10 else None)),
        ("one article added to 10,000: only it recomputed, <= 5% of a full run",
         f"{f10['added']:.1%}, only it: {bool(f10['added_only_one'])}" if f10 else "-",
         verdict(f10["added"] <= TARGET_ADD and bool(f10["added_only_one"]) if f10 else None)),
        ("100,000 articles with peak memory < 2 GB (main process + workers)",
         f"{big.figures['peak_mb']:,.0f} MB" if big else "-",
         verdict(big.figures["peak_mb"] < TARGET_MB if big else None)),
    ]
    comparisons = [ok for r in reports.values() for _, ok in r.same]
    rows.append(("the same results bit for bit whichever way it ran",
                 f"{sum(comparisons)} of {len(comparisons)} comparisons equal",
                 verdict(all(comparisons) if comparisons else None)))
    return rows


def render(reports: dict[int, SizeReport], args: argparse.Namespace, command: str,
           started: datetime.datetime, seconds: float) -> str:
    """Reports -> the Markdown text printed and written to RESULTS.md."""
    lines = ["# Benchmark results", "",
             f"Command: `{command}`  ", f"Date: {started:%Y-%m-%d %H:%M} UTC, "
             f"{seconds / 60:.1f} minutes in all  ",
             f"Workers: {args.workers}, batch: {args.batch} articles", "", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in machine().items()]
    header = ("| stage | ours articles/s | naive articles/s | ratio | ours peak MB "
              "| naive peak MB |")
    for n, report in reports.items():
        lines += ["", f"## {n:,} articles", "", header, "|---|---:|---:|---:|---:|---:|"]
        lines += ["| " + " | ".join(row) + " |" for row in report.rows]
        lines += [""] + [f"- {note}" for note in report.notes]
    lines += ["", "## Targets", "", "| target | figure | verdict |", "|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in targets(reports)]
    lines += ["", "## Same results", ""]
    lines += [f"- {what}: {'identical' if ok else 'DIFFERENT'}"
              for r in reports.values() for what, ok in r.same]
    lines += ["", "## How to read it", "", *EXPLANATION]
    return "\n".join(lines) + "\n"


EXPLANATION = [
    "- Per-stage figures for ours are the stage's worker-seconds inside the first (cold) run, "
    "divided by the number of workers; the naive way's are timed stage by stage. "
    "\"clean\" includes reading the texts and the metadata found in removed lines.",
    "- Peak MB: the main process's peak resident set during that step (reset before it), plus "
    "each worker process's peak for ours (a sum of peaks: an upper bound).",
    "- The naive way reads a one-file-per-article corpus imported from the same source (the "
    "\"files\" layout); ours reads Parquet shards. Both give the same article ids.",
    "- The naive way (benchmarks/naive.py): load_corpus; Punkt by apply; NLTK's own "
    "SentimentIntensityAnalyzer by apply on every sentence, twice (full lexicon, then without "
    "the conflict terms); each frame's regex on every sentence; article_tone. Ours does the "
    "same work with three exact shortcuts: helpers.measures.fast_vader's tokeniser, the topic-free "
    "pass only on sentences that hold a conflict term, each frame's regex only on sentences "
    "that hold one of its stems. \"Same results\" checks that the tables are identical.",
    "- Second run and added article: the same process, cache warm; the added article is one "
    "new JSON Lines record imported into the corpus (a new shard).",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line -> options."""
    ints = lambda text: [int(x.replace("_", "")) for x in text.split(",") if x]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=ints, default=[1_000, 10_000, 100_000])
    parser.add_argument("--naive-max", type=int, default=10_000,
                        help="largest size the naive way runs at (default 10000)")
    parser.add_argument("--dask-sizes", type=ints, default=[1_000],
                        help="sizes also run on a Dask local cluster (default 1000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--results", default=str(RESULTS),
                        help="Markdown file to write (- for none)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and outputs")
    parser.add_argument("--workdir", default=None, help="where to build corpora (default: a temp dir)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Command line -> the benchmark run, printed (and written to RESULTS.md)."""
    args = parse_args(argv)
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    started = datetime.datetime.now(datetime.timezone.utc)
    base = Path(args.workdir or tempfile.mkdtemp(prefix="kremlin-bench-"))
    os.environ["KREMLIN_SYRIA_CACHE"] = str(base / "setup-cache")
    with measured() as total:
        stuff = corpora.material()
        reports = {}
        for n in args.sizes:
            print(f"--- {n:,} articles", file=sys.stderr, flush=True)
            reports[n] = run_size(n, base / f"n{n}", stuff, args)
    text = render(reports, args, command.strip(), started, total.seconds)
    print(text)
    if args.results != "-":
        Path(args.results).write_text(text, encoding="utf-8")
    if not args.keep and not args.workdir:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
