"""Each notebook executed with papermill, with its defaults and with other parameters.

The notebooks record a few values (``helpers.record``); the tests compare them with what
the seed corpus holds (SEEDS.md, corpus/events.csv), so a notebook that ignores a
parameter, drops an article or fails shows up here.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import papermill
import pytest

from helpers.config import CORPUS_DIR, NOTEBOOKS_DIR
from helpers.corpus import corpus_fingerprint, load_corpus
from helpers.provenance import recorded
from helpers.reports import build_reports, ensure_kernel

pytestmark = pytest.mark.notebook

SEED_OUTLETS = ["Financial Tribune", "Press TV", "Rossa Primavera News Agency",
                "The BRICS Post", "The Independent"]


def execute(name: str, tmp_path, **parameters) -> dict:
    """Run notebooks/<name>.ipynb with papermill; return the executed notebook as a dict."""
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        NOTEBOOKS_DIR / f"{name}.ipynb", out, parameters={"corpus_path": str(CORPUS_DIR), **parameters},
        kernel_name=ensure_kernel(), cwd=str(NOTEBOOKS_DIR), progress_bar=False, execution_timeout=300,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def outputs(notebook: dict, kind: str) -> list:
    """Every output of the given output_type (or with that mime type in its data)."""
    found = []
    for cell in notebook["cells"]:
        for out in cell.get("outputs", []):
            if out["output_type"] == kind or kind in out.get("data", {}):
                found.append(out)
    return found


def events_between(start: str, end: str) -> int:
    """Events in corpus/events.csv dated from start to end inclusive, counted by hand."""
    with open(CORPUS_DIR / "events.csv", encoding="utf-8") as f:
        return sum(start <= row["date"] <= end for row in csv.DictReader(f))


@pytest.fixture(scope="module")
def default_runs(tmp_path_factory):
    """Every notebook executed once with its defaults."""
    tmp = tmp_path_factory.mktemp("default")
    return {name: execute(name, tmp) for name in ["01_corpus", "02_sentiment", "03_framing", "04_timeline", "05_validation"]}


@pytest.mark.parametrize("name", ["01_corpus", "02_sentiment", "03_framing", "04_timeline", "05_validation"])
def test_default_run_has_no_error_and_shows_figures(default_runs, name):
    notebook = default_runs[name]
    assert outputs(notebook, "error") == []
    assert outputs(notebook, "image/png"), f"{name} drew no figure"
    assert recorded(notebook)["outlets"] == SEED_OUTLETS


def test_corpus_notebook_counts_every_article_and_removed_line(default_runs):
    values = recorded(default_runs["01_corpus"])
    assert values["n_articles"] == 5
    # Every seed carries a headline and a dateline or a caption: those rules must show up.
    assert {"title", "dateline", "caption", "comments", "signoff"} <= set(values["rules"])


def test_timeline_marks_the_two_inferred_dates(default_runs):
    values = recorded(default_runs["04_timeline"])
    assert values["n_articles"] == 5 and values["n_inferred"] == 2     # SEEDS.md: 002 and 003
    assert values["n_events"] == events_between("2015-01-01", "2018-12-31")


def test_sentiment_for_two_outlets_matches_the_full_run(default_runs, tmp_path):
    subset = execute("02_sentiment", tmp_path, outlets=["Press TV", "The Independent"])
    values, full = recorded(subset), recorded(default_runs["02_sentiment"])
    assert values["outlets"] == ["Press TV", "The Independent"]
    for outlet in values["outlets"]:
        assert values["mean_compound"][outlet] == full["mean_compound"][outlet]
    assert values["n_sentences"] < full["n_sentences"]


def test_framing_for_one_outlet(tmp_path):
    values = recorded(execute("03_framing", tmp_path, outlets=["Press TV"]))
    assert values["outlets"] == ["Press TV"]
    assert values["mentions"]["islamic_state"] == 2          # "Daesh" twice in the Press TV article


def test_timeline_for_2016_by_month(tmp_path):
    values = recorded(execute("04_timeline", tmp_path, start="2016-01-01", end="2016-12-31", freq="month"))
    assert values["outlets"] == ["Press TV"]                  # the only seed dated 2016
    assert values["n_articles"] == 1 and values["n_inferred"] == 1
    assert values["n_events"] == events_between("2016-01-01", "2016-12-31")
    assert values["freq"] == "month"


def test_corpus_notebook_for_a_date_range(tmp_path):
    values = recorded(execute("01_corpus", tmp_path, start="2015-09-01", end="2015-12-31"))
    assert values["outlets"] == ["Financial Tribune", "The Independent"]   # SEEDS.md: 2015 articles
    assert values["n_articles"] == 2


def test_unknown_outlet_fails_naming_it(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="Pravda"):
        execute("02_sentiment", tmp_path, outlets=["Pravda"])


def test_report_build_writes_every_report_and_the_index(tmp_path):
    runs = build_reports(out_dir=tmp_path, corpus=CORPUS_DIR, timeout=300, jobs=2)
    # notebooks/reports.toml: every notebook's default run, framing per outlet, timeline per year
    assert list(runs["status"]) == ["ok"] * (5 + 5 + 4)
    assert {"framing-press-tv", "framing-the-independent", "timeline-2016"} <= set(runs["name"])
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    n_articles, digest = corpus_fingerprint(CORPUS_DIR)
    assert digest in index and f"{n_articles} articles" in index
    for name in ["01_corpus", "02_sentiment", "03_framing", "04_timeline", "05_validation"]:
        page = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        assert f'href="{name}.html"' in index and f'href="{name}.code.html"' in index
        assert "data:image/png;base64" in page                 # figures embedded
        assert "h.load_corpus" not in page                      # the reader's version: no code
        assert digest[:16] in page                              # provenance table


SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "fakenewscorpus_sample.csv"


@pytest.mark.skipif(not SAMPLE.exists(), reason="needs ../shared/data/fakenewscorpus_sample.csv beside the project")
def test_notebooks_run_on_an_imported_collection(tmp_path):
    from helpers.importers import import_source

    corpus = tmp_path / "fnc"
    import_source(SAMPLE, corpus, preset="fakenewscorpus", add_outlets=True, progress=False)
    overview = recorded(execute("01_corpus", tmp_path, corpus_path=str(corpus)))
    with open(SAMPLE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert overview["n_articles"] == len(rows) == 250
    assert len(overview["outlets"]) == len({r["domain"] for r in rows})
    assert overview["lines_removed"] > 250                    # scraped pages carry furniture
    assert overview["n_stories"] < overview["n_articles"]     # the sample repeats some pages
    timeline = recorded(execute("04_timeline", tmp_path, corpus_path=str(corpus)))
    assert timeline["n_undated"] > 0                           # crawl times are not dates
    assert timeline["n_articles"] + timeline["n_undated"] <= 250


def test_sentiment_separates_tone_from_topic_and_scores_actors(default_runs):
    values = recorded(default_runs["02_sentiment"])
    # War vocabulary is negative in VADER: without it every seed outlet reads less negative.
    for outlet in SEED_OUTLETS:
        assert values["mean_no_topic"][outlet] > values["mean_compound"][outlet]
    assert values["actor_mentions"] > 50                       # Russia alone is named dozens of times


def test_framing_voices_follow_the_outlet_parameter(default_runs, tmp_path):
    assert "dmitry-peskov" in recorded(default_runs["03_framing"])["speakers"]
    independent = recorded(execute("03_framing", tmp_path, outlets=["The Independent"]))
    assert "ilya-rogachev" in independent["speakers"]           # the Independent quotes Rogachev ...
    assert "dmitry-peskov" not in independent["speakers"]       # ... and never names Peskov


def test_timeline_compares_a_window_around_the_event(default_runs):
    # 2015-09-30 +/- 30 days holds The Independent (24 Sep) and Financial Tribune (10 Oct)
    assert recorded(default_runs["04_timeline"])["window_articles"] == 2


def test_validation_writes_a_coding_sheet_and_reads_the_example(default_runs, tmp_path):
    values = recorded(default_runs["05_validation"])
    assert values["n_coders"] == 2 and set(values["alpha"]) == {"tone", "frame"}
    assert values["n_sample"] == 10 * 5                         # 10 per outlet, each has more
    sheet = tmp_path / "sheet.csv"
    small = recorded(execute("05_validation", tmp_path, per_outlet=3, sheet_path=str(sheet)))
    assert small["n_sample"] == 15
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 15 * 2 and {r["actor"] for r in rows} == {"Russia", "United States"}
    assert all(r["tone"] == "" and r["coder"] == "" for r in rows)   # blank for the coder


def test_explore_notebook_lists_every_line_with_the_term(tmp_path):
    values = recorded(execute("06_explore", tmp_path, term="Daesh"))
    bodies = load_corpus(CORPUS_DIR)
    expected = sum(len(re.findall(r"\bDaesh\b", b)) for b in bodies["body"])
    assert values["n_lines"] == expected == 2 and values["outlets"] == ["Press TV"]
