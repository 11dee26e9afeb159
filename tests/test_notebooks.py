"""Each notebook executed with papermill, with its defaults and with other parameters.

The notebooks record a few values (``helpers.record``); the tests compare them with what
the seed corpus holds (SEEDS.md, corpus/events.csv), so a notebook that ignores a
parameter, drops an article or fails shows up here.
"""
from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import papermill
import pytest

from helpers.config import CORPUS_DIR, EXPORT_ENV, NOTEBOOKS_DIR
from helpers.corpus.reading import corpus_fingerprint, load_corpus
from helpers.run.provenance import recorded
from helpers.run.reports import ensure_kernel

pytestmark = pytest.mark.notebook

SEED_OUTLETS = ["Financial Tribune", "Press TV", "Rossa Primavera News Agency",
                "The BRICS Post", "The Independent"]


def execute(name: str, tmp_path, **parameters) -> dict:
    """Run notebooks/<name>.ipynb with papermill, its tables and figures exported to
    tmp_path/<name>_files as the report build does; return the executed notebook as a dict."""
    out = tmp_path / f"{name}.ipynb"
    before = os.environ.get(EXPORT_ENV)
    os.environ[EXPORT_ENV] = str(tmp_path / f"{name}_files")      # the kernel inherits it
    try:
        papermill.execute_notebook(
            NOTEBOOKS_DIR / f"{name}.ipynb", out, parameters={"corpus_path": str(CORPUS_DIR), **parameters},
            kernel_name=ensure_kernel(), cwd=str(NOTEBOOKS_DIR), progress_bar=False, execution_timeout=300,
        )
    finally:
        if before is None:
            os.environ.pop(EXPORT_ENV, None)
        else:
            os.environ[EXPORT_ENV] = before
    return json.loads(out.read_text(encoding="utf-8"))


# A number printed with five or more decimals (not part of an id or a longer number).
LONG_NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d{5,}(?![\w.])")
STYLE = re.compile(r"<style.*?</style>", re.DOTALL)
CSV_LINK = re.compile(r'href="([^"/]+_files/[^"]+\.csv)"')


def shown_text(notebook: dict) -> list[str]:
    """Every HTML or Markdown output a reader sees, <style> blocks dropped."""
    return [STYLE.sub("", "".join(out["data"][kind])) for cell in notebook["cells"]
            for out in cell.get("outputs", []) for kind in ("text/markdown", "text/html")
            if kind in out.get("data", {})]


def reader_problems(notebook: dict) -> list[str]:
    """An executed notebook -> what must not reach a reader: stderr, errors, NaN/NaT, long numbers."""
    problems = [f"stderr: {''.join(o['text'])[:200]}" for o in outputs(notebook, "stream") if o["name"] == "stderr"]
    problems += [f"error: {o['ename']}" for o in outputs(notebook, "error")]
    for text in shown_text(notebook):
        problems += [f"{bad} shown" for bad in ("NaN", "NaT", ">nan<", ">None<") if bad in text]
        problems += [f"long number {m}" for m in LONG_NUMBER.findall(text)]
    return problems


def findings(notebook: dict) -> tuple[str, list[str]]:
    """An executed notebook -> (its title, its findings): the first Markdown a reader sees
    must be the title and, right under it, the Findings section."""
    first = shown_text(notebook)[0]
    title, heading, *bullets = [line for line in first.splitlines() if line.strip()]
    assert title.startswith("# ") and heading == "## Findings", first[:200]
    return title[2:], [b[2:] for b in bullets]


def exported_csvs(notebook: dict, folder: Path) -> list[str]:
    """An executed notebook and where it exported -> the CSV links it shows, each checked to exist."""
    links = sorted({link for text in shown_text(notebook) for link in CSV_LINK.findall(text)})
    for link in links:
        assert (folder.parent / link).is_file(), link
    return links


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


REPORTS = ["01_corpus", "02_sentiment", "03_framing", "04_timeline", "05_validation"]


@pytest.fixture(scope="module")
def default_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("default")


@pytest.fixture(scope="module")
def default_runs(default_dir):
    """Every notebook executed once with its defaults."""
    return {name: execute(name, default_dir) for name in REPORTS}


@pytest.mark.parametrize("name", REPORTS)
def test_default_run_has_no_error_and_shows_figures(default_runs, name):
    notebook = default_runs[name]
    assert outputs(notebook, "error") == []
    assert outputs(notebook, "image/png"), f"{name} drew no figure"
    assert recorded(notebook)["outlets"] == SEED_OUTLETS


@pytest.mark.parametrize("name", REPORTS)
def test_default_run_reads_as_a_report(default_runs, default_dir, name):
    notebook = default_runs[name]
    assert reader_problems(notebook) == []
    title, said = findings(notebook)
    assert 3 <= len(said) <= 6
    if name != "05_validation":                               # every seed outlet has one article
        assert any("single article" in s for s in said), said
    folder = default_dir / f"{name}_files"
    links = exported_csvs(notebook, folder)
    assert links and all(link.startswith(f"{name}_files/") for link in links)
    assert sorted(p.name for p in folder.glob("*.csv")) == sorted(Path(link).name for link in links)
    assert list(folder.glob("*.png")) and len(list(folder.glob("*.png"))) == len(list(folder.glob("*.svg")))


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
    notebook = execute("04_timeline", tmp_path, start="2016-01-01", end="2016-12-31", freq="month")
    values = recorded(notebook)
    assert values["outlets"] == ["Press TV"]                  # the only seed dated 2016
    assert values["n_articles"] == 1 and values["n_inferred"] == 1
    assert values["n_events"] == events_between("2016-01-01", "2016-12-31")
    assert values["freq"] == "month"
    assert values["event"].startswith("2016-")               # the default 2015-09-30 is outside 2016
    title, said = findings(notebook)
    assert title == "Timeline, 2016"
    assert "The busiest month is September 2016, with 1 article." in said   # Press TV, 29 Sep 2016
    assert reader_problems(notebook) == []
    with open(tmp_path / "04_timeline_files" / "date-sources.csv", encoding="utf-8") as f:
        assert [r["outlet"] for r in csv.DictReader(f)] == ["Press TV"]    # this year's articles only


def test_corpus_notebook_for_a_date_range(tmp_path):
    values = recorded(execute("01_corpus", tmp_path, start="2015-09-01", end="2015-12-31"))
    assert values["outlets"] == ["Financial Tribune", "The Independent"]   # SEEDS.md: 2015 articles
    assert values["n_articles"] == 2


def test_impossible_parameters_are_said_in_words(tmp_path):
    notebook = execute("02_sentiment", tmp_path, start="2017-01-01", end="2016-01-01")
    assert reader_problems(notebook) == []
    title, said = findings(notebook)
    assert said[0].startswith("The start date (2017-01-01) is after the end date (2016-01-01)")
    assert said[1].startswith("No article matches this selection")
    assert recorded(notebook)["outlets"] == []


def test_unknown_outlet_fails_naming_it(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="Pravda"):
        execute("02_sentiment", tmp_path, outlets=["Pravda"])


def test_report_build_writes_every_report_and_the_index(seed_reports):
    out, runs, corpus = seed_reports
    # notebooks/reports.toml: every notebook's default run, framing per outlet, timeline per
    # year; and the explorer the session's build adds
    assert list(runs["status"]) == ["ok"] * (5 + 5 + 4 + 1), list(runs["error"])
    assert {"framing-press-tv", "framing-the-independent", "timeline-2016"} <= set(runs["name"])
    index = (out / "index.html").read_text(encoding="utf-8")
    n_articles, digest = corpus_fingerprint(corpus)
    assert digest in index and f"{n_articles} articles" in index
    for name in ["01_corpus", "02_sentiment", "03_framing", "04_timeline", "05_validation"]:
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert f'href="{name}.html"' in index and f'href="{name}.code.html"' in index
        assert "data:image/png;base64" in page                 # figures embedded
        assert "h.load_corpus" not in page                      # the reader's version: no code
        assert digest[:16] in page                              # provenance table


SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "fakenewscorpus_sample.csv"


@pytest.mark.skipif(not SAMPLE.exists(), reason="needs ../shared/data/fakenewscorpus_sample.csv beside the project")
def test_notebooks_run_on_an_imported_collection(tmp_path):
    from helpers.corpus.importers import import_source

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
    for name in ["02_sentiment", "03_framing", "05_validation"]:
        notebook = execute(name, tmp_path, corpus_path=str(corpus))
        assert reader_problems(notebook) == [], name
        assert 3 <= len(findings(notebook)[1]) <= 6
    # the example coding points at seed sentences: it is shown as the method, labelled EXAMPLE
    assert recorded(notebook)["example"] is True
    assert "EXAMPLE" in findings(notebook)[1][0]


def small_corpus(tmp_path) -> Path:
    """Six short articles of one outlet (RT), imported from a CSV -> the corpus folder."""
    from helpers.corpus.importers import import_source

    source = tmp_path / "rt.csv"
    with open(source, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["title", "outlet", "published", "text"])
        writer.writeheader()
        for i in range(6):
            writer.writerow({"title": f"Kremlin statement {i}", "outlet": "RT", "published": f"2016-0{i + 1}-15",
                             "text": f"The Kremlin said on day {i} that Russia will keep supporting Syria. "
                                     "Dmitry Peskov told reporters that the strikes against Daesh had been a "
                                     "success. Washington called the campaign unhelpful. Civilians were killed "
                                     "in Aleppo, aid groups said."})
    import_source(source, tmp_path / "rt", columns={"text": "text", "title": "title", "outlet": "outlet",
                                                    "published": "published"},
                  date_format="%Y-%m-%d", add_outlets=True, progress=False)
    return tmp_path / "rt"


def test_every_notebook_runs_on_a_small_one_outlet_corpus(tmp_path):
    corpus = small_corpus(tmp_path)
    for name in REPORTS:
        notebook = execute(name, tmp_path, corpus_path=str(corpus), outlets=["RT"])   # a per-outlet run
        assert reader_problems(notebook) == [], name
        title, said = findings(notebook)
        assert title.endswith(": RT") and 3 <= len(said) <= 6, (name, said)
        assert said[0] == "The selection holds one outlet (RT): there is no other outlet to compare it with."
        assert exported_csvs(notebook, tmp_path / f"{name}_files"), name
        if name == "03_framing":
            assert recorded(notebook)["outlets"] == ["RT"]
            assert recorded(notebook)["mentions"]["islamic_state"] == 6      # "Daesh" once per article
        if name == "05_validation":
            assert recorded(notebook)["example"] is True


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
