"""Figures for the FakeNewsCorpus sample: import, cleaning, dates, duplicates.

    .venv/bin/python benchmarks/sample_figures.py [../shared/data/fakenewscorpus_sample.csv]

Imports the sample into a temporary corpus (FakeNewsCorpus preset), loads it, and prints
articles imported, lines removed per cleaning rule, publication dates found in the text
by confidence, duplicates flagged, and the import's throughput and peak memory (the
process's peak resident set, which includes pandas and pyarrow themselves).
"""
from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "fakenewscorpus_sample.csv"


def main(sample: Path = SAMPLE) -> None:
    """Sample CSV -> the figures, printed."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KREMLIN_SYRIA_CACHE"] = str(Path(tmp) / "cache")     # measure from cold
        import helpers as h
        from helpers.corpus.importers import import_source

        t0 = time.perf_counter()
        report = import_source(sample, Path(tmp) / "fnc", preset="fakenewscorpus",
                               add_outlets=True, progress=False)
        seconds = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        again = import_source(sample, Path(tmp) / "fnc", preset="fakenewscorpus", progress=False)
        matched = import_source(sample, Path(tmp) / "syria", preset="fakenewscorpus",
                                match="Syria|Kremlin", add_outlets=True, progress=False)
        articles, audit = h.read_corpus(Path(tmp) / "fnc")
        flagged = h.flag_duplicates(articles)

    print(f"imported: {report.added} of {report.read} rows in {seconds:.2f} s "
          f"({report.added / seconds:,.0f} articles/s), peak RSS {peak_mb:,.0f} MB")
    print(f"re-import added {again.added}; filtered import (Syria|Kremlin) added {matched.added}")
    print(f"lines removed: {len(audit)} from {audit['article_id'].nunique()} articles")
    print(h.audit_summary(audit)[["rule", "lines_removed", "articles"]].to_string(index=False))
    dated = articles[articles["published"].notna()]
    print(f"dates from the text: {len(dated)} of {len(articles)}; by confidence: "
          f"{dated['date_confidence'].value_counts().to_dict()}; undated: {len(articles) - len(dated)}")
    kinds = flagged["duplicate_kind"].value_counts().to_dict()
    print(f"duplicates: {kinds.get('exact', 0)} exact, {kinds.get('near', 0)} near; "
          f"{flagged['story_id'].nunique()} stories in {len(flagged)} articles")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE)
