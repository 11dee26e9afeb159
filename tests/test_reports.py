"""Tests for helpers.run.reports (papermill runs, sanitised HTML, index) and `python -m helpers`."""
from __future__ import annotations

import html
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbconvert import HTMLExporter

import helpers
from helpers.run import reports
from helpers.config import CORPUS_DIR, KERNEL_NAME
from helpers.corpus.reading import corpus_fingerprint

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def copy_fixtures(folder: Path, *names: str) -> Path:
    """Folder, fixture notebook names -> the folder, holding copies of those notebooks."""
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def run_cli(notebooks: Path, out: Path) -> subprocess.CompletedProcess:
    """Notebook folder, output folder -> the finished `python -m helpers reports` process."""
    return subprocess.run(
        [sys.executable, "-m", "helpers", "reports", "--notebooks", str(notebooks),
         "--out", str(out), "--corpus", str(CORPUS_DIR), "--timeout", "60"],
        capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """One build_reports run over a good and a failing notebook: (rows by name, out dir).
    A stale file waits in good's export folder: the build must clear it."""
    base = tmp_path_factory.mktemp("build")
    notebooks = copy_fixtures(base / "notebooks", "good.ipynb", "fails.ipynb")
    (base / "out" / "good_files").mkdir(parents=True)
    (base / "out" / "good_files" / "stale.csv").write_text("old")
    rows = reports.build_reports(notebooks, base / "out", CORPUS_DIR, timeout=60)
    return rows.set_index("name", drop=False), base / "out"


def printed(ipynb: Path) -> str:
    """Executed notebook path -> everything its cells printed to stdout."""
    executed = nbformat.read(ipynb, as_version=4)
    return "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", [])
                   if o.get("name") == "stdout")


STDERR_OUTPUT = 'data-mime-type="application/vnd.jupyter.stderr"'   # how nbconvert marks one


def body(html_path: Path) -> str:
    """Exported HTML file -> the part after the template's CSS and scripts."""
    text = html_path.read_text(encoding="utf-8")
    return text[text.index("<main"):]


def test_check_parameters_names_unknown_and_accepts_known():
    notebook = FIXTURES / "fails.ipynb"
    assert reports.notebook_parameters(notebook) == {"corpus_path": '"unset"'}
    with pytest.raises(ValueError, match=r"fails\.ipynb.*also_wrong, wrong"):
        reports.check_parameters(notebook, {"corpus_path": "x", "wrong": 1, "also_wrong": 2})
    assert reports.check_parameters(notebook, {"corpus_path": "/data"}) is None


def test_ensure_kernel_runs_this_interpreter(tmp_path, monkeypatch):
    assert reports.ensure_kernel() == KERNEL_NAME
    exe = Path(KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0])
    assert exe.parent == Path(sys.executable).parent and exe.samefile(sys.executable)
    # A spec for another interpreter that shadows sys.prefix is an error, not silently used.
    shadow = tmp_path / "kernels" / KERNEL_NAME
    shadow.mkdir(parents=True)
    (shadow / "kernel.json").write_text(
        json.dumps({"argv": ["/usr/bin/false", "-f", "{connection_file}"],
                    "display_name": "other", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match=KERNEL_NAME):
        reports.ensure_kernel()


@pytest.mark.notebook
def test_good_notebook_runs_with_the_corpus_parameter(build):
    rows, out = build
    good = rows.loc["good"]
    assert good.status == "ok" and pd.isna(good.error) and pd.isna(good.failed_cell)
    assert good.parameters == {"corpus_path": str(CORPUS_DIR)}
    executed = nbformat.read(good.ipynb, as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert f"corpus_path={CORPUS_DIR}" in printed
    assert f"corpus_path={CORPUS_DIR}" in body(good.html)
    assert 'print(f"corpus_path' not in body(good.html)  # code is left out of the report


@pytest.mark.notebook
def test_failing_notebook_keeps_its_partial_outputs(build):
    rows, out = build
    failed = rows.loc["fails"]
    assert failed.status == "failed"
    assert failed.error == "ValueError: deliberate fixture failure"
    assert failed.ipynb.exists() and failed.html.exists()
    executed = nbformat.read(failed.ipynb, as_version=4)
    assert "raise ValueError" in executed.cells[failed.failed_cell].source
    assert "deliberate fixture failure" in body(failed.html)
    assert "before the failure" in body(failed.html)
    assert "never reached" not in "".join(
        o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert sorted(p.name for p in out.iterdir()) == [  # both forms, and no temp files left
        "build.log", "fails.code.html", "fails.html", "fails.ipynb", "fails_files",
        "good.code.html", "good.html", "good.ipynb", "good_files", "index.html", "index.json"]
    banner = body(failed.html)
    assert banner.index("This run failed.") < banner.index("before the failure")  # on top
    assert f"stopped at cell {failed.failed_cell + 1}, in the section “Failing fixture”" in banner


@pytest.mark.notebook
def test_kernels_run_over_ipc_with_the_export_folder_set(build):
    rows, out = build
    # the stale file is gone, the one the notebook wrote is there, and the kernel was told where
    assert sorted(p.name for p in (out / "good_files").iterdir()) == ["table.csv"]
    assert f"export={out / 'good_files'} batch=1 transport=ipc" in printed(rows.loc["good"].ipynb)
    assert "without encryption" not in (out / "build.log").read_text(encoding="utf-8")


@pytest.mark.notebook
def test_reader_page_holds_no_stderr_warning_or_traceback_but_the_code_page_does(build):
    rows, _ = build
    for name in ("good", "fails"):
        reader = body(rows.loc[name].html)
        assert STDERR_OUTPUT not in reader and "Traceback" not in reader
    assert "fixture noise" not in body(rows.loc["good"].html)
    assert "fixture warning" not in body(rows.loc["good"].html)
    code = body(rows.loc["good"].html_code)
    assert STDERR_OUTPUT in code and "fixture noise on stderr" in code and "fixture warning" in code
    assert "deliberate fixture failure" in body(rows.loc["fails"].html)  # said in the banner


@pytest.mark.notebook
def test_every_report_links_back_to_the_index(build):
    rows, _ = build
    for page in [*rows["html"], *rows["html_code"]]:
        assert '<nav class="report-nav"><a href="index.html">' in page.read_text(encoding="utf-8")


@pytest.mark.notebook
def test_index_lists_runs_marks_failure_and_names_the_corpus(build):
    rows, out = build
    index = (out / "index.html").read_text(encoding="utf-8")
    for link in ("good.html", "good.ipynb", "fails.html", "fails.ipynb"):
        assert f'href="{link}"' in index
    failed_row = next(line for line in index.splitlines() if 'href="fails.html"' in line)
    assert 'class="failed"' in failed_row and "FAILED" in failed_row
    assert "deliberate fixture failure" in failed_row
    assert f"cell {rows.loc['fails'].failed_cell + 1}" in failed_row
    good_row = next(line for line in index.splitlines() if 'href="good.html"' in line)
    assert "<td>Good fixture</td>" in good_row                     # the notebook's first heading
    assert 'href="good_files"' in good_row and 'href="fails_files"' not in failed_row  # empty
    n_articles, digest = corpus_fingerprint(CORPUS_DIR)
    assert f"{n_articles} articles" in index and digest in index
    assert f"helpers {helpers.__version__}" in index
    assert "1 of 2 runs ran without error" in index


def test_index_escapes_every_inserted_value(tmp_path):
    run = reports.RunResult(
        name="<b>nb</b>", notebook=tmp_path / "x.ipynb", status="failed",
        parameters={"corpus_path": "<img src=x onerror=alert(1)>"}, started="<i>t</i>",
        seconds=1.0, ipynb=None, html=tmp_path / '"><script>.html',
        error="<script>alert(2)</script>", failed_cell=3)
    page = reports._index_html([run], tmp_path / "<corpus>", (1, "<hash>"))
    for live in ("<b>nb", "<img", "<script", "<i>t", "<corpus>", "<hash>"):
        assert live not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


@pytest.mark.notebook
def test_export_removes_active_content_but_keeps_tables_and_images(build):
    rows, _ = build
    report = body(rows.loc["good"].html)
    for payload in ("alert(", "onerror", "javascript:", "<script"):
        assert payload not in report
    assert '<table border="1" class="dataframe">' in report
    assert "<td>TASS-fixture</td>" in report and "<td>2323</td>" in report
    assert "th:only-of-type" not in report  # pandas' <style> body is not shown as text
    assert 'src="data:image/png;base64,' in report


@pytest.mark.parametrize("failure", ["exporter", "replace"])
def test_export_failure_leaves_previous_report_and_no_temp_file(tmp_path, monkeypatch, failure):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "print('new')", outputs=[nbformat.v4.new_output("stream", text="new\n")])])
    nbformat.write(notebook, tmp_path / "nb.ipynb")
    target = tmp_path / "nb.html"
    target.write_text("GOOD OLD REPORT")

    def boom(*args, **kwargs):
        raise RuntimeError("export interrupted")

    if failure == "exporter":
        monkeypatch.setattr(HTMLExporter, "from_notebook_node", boom)
    else:  # the temp file is fully written, then the final rename fails
        monkeypatch.setattr(reports.os, "replace", boom)
    with pytest.raises(RuntimeError, match="export interrupted"):
        reports.export_html(tmp_path / "nb.ipynb", target)
    assert target.read_text() == "GOOD OLD REPORT"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.html", "nb.ipynb"]


@pytest.mark.notebook
def test_cli_exit_code_says_whether_every_notebook_ran(tmp_path):
    mixed = run_cli(copy_fixtures(tmp_path / "mixed", "good.ipynb", "fails.ipynb"),
                    tmp_path / "out-mixed")
    assert mixed.returncode == 1, mixed.stderr
    assert [line.split()[:2] for line in mixed.stdout.splitlines()[:2]] == [
        ["fails", "failed"], ["good", "ok"]]
    assert str(tmp_path / "out-mixed" / "index.html") in mixed.stdout
    good = run_cli(copy_fixtures(tmp_path / "good", "good.ipynb"), tmp_path / "out-good")
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "out-good" / "good.html").exists()


@pytest.mark.notebook
def test_full_form_keeps_the_code_and_the_reader_form_does_not(build):
    rows, _ = build
    good = rows.loc["good"]
    code = re.sub(r"<[^>]+>", "", body(good.html_code))          # highlighted code, tags dropped
    assert 'print(f"corpus_path' in html.unescape(code)
    assert 'class="highlight' in body(good.html_code) and 'class="highlight' not in body(good.html)
    assert f"corpus_path={CORPUS_DIR}" in body(good.html_code)
    page = body(good.html_code)       # the code shows the payload as text, never as live HTML
    assert not re.search(r"<script\b[^>]*>[^<]*alert\(", page)
    assert not re.search(r"<[a-z][^>]*\bon\w+\s*=", page, re.IGNORECASE)
    assert not re.search(r"<a\b[^>]*href\s*=\s*[\"']?javascript:", page, re.IGNORECASE)


def write_config(folder: Path, text: str) -> Path:
    """Folder, TOML text -> the path of reports.toml written there."""
    (folder / "reports.toml").write_text(text, encoding="utf-8")
    return folder / "reports.toml"


def test_config_expands_each_outlet_and_year(tmp_path):
    config = write_config(tmp_path, """
[[run]]
notebook = "nb.ipynb"
[[run]]
name = "by-outlet"
notebook = "nb.ipynb"
each = "outlet"
parameters = { freq = "month" }
[[run]]
name = "by-year"
notebook = "nb.ipynb"
each = "year"
""")
    runs = reports.load_config(config, CORPUS_DIR)
    names = [r.name for r in runs]
    # SEEDS.md: five outlets; articles dated 2015 (two), 2016, 2017, 2018
    assert names == ["nb", "by-outlet-financial-tribune", "by-outlet-press-tv",
                     "by-outlet-rossa-primavera-news-agency", "by-outlet-the-brics-post",
                     "by-outlet-the-independent", "by-year-2015", "by-year-2016",
                     "by-year-2017", "by-year-2018"]
    assert runs[2].parameters == {"freq": "month", "outlets": ["Press TV"]}
    assert runs[7].parameters == {"start": "2016-01-01", "end": "2016-12-31"}


def test_every_configuration_problem_is_reported_before_anything_runs(tmp_path):
    copy_fixtures(tmp_path / "nbs", "good.ipynb")
    config = write_config(tmp_path / "nbs", """
[[run]]
notebook = "good.ipynb"
parameters = { wrong = 1 }
[[run]]
notebook = "missing.ipynb"
[[run]]
name = "good"
notebook = "good.ipynb"
""")
    with pytest.raises(ValueError) as err:
        reports.build_reports(tmp_path / "nbs", tmp_path / "out", CORPUS_DIR, config=config)
    message = str(err.value)
    assert "wrong" in message and "missing.ipynb" in message and "'good' is used twice" in message
    assert not (tmp_path / "out").exists()                 # nothing ran, nothing written


@pytest.mark.notebook
def test_parallel_build_reports_timeouts_and_dead_kernels_and_finishes_the_rest(tmp_path):
    folder = copy_fixtures(tmp_path / "nbs", "good.ipynb")
    for name, code in {"slow": "import time\ntime.sleep(30)", "dies": "import os\nos._exit(1)"}.items():
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell('corpus_path = "unset"', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(code)])
        nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "k", "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")
    rows = reports.build_reports(folder, tmp_path / "out", CORPUS_DIR, jobs=2, timeout=5)
    status = dict(zip(rows["name"], rows["status"]))
    assert status == {"dies": "failed", "good": "ok", "slow": "failed"}
    errors = dict(zip(rows["name"], rows["error"]))
    assert "Timeout" in errors["slow"] or "timed out" in errors["slow"]
    assert "ead" in errors["dies"] or "died" in errors["dies"]      # DeadKernelError / kernel died
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert index.count("FAILED") == 2
    for name in ("dies", "slow"):    # the partial reports say so on top, in words
        page = body(tmp_path / "out" / f"{name}.html")
        assert "This run failed." in page and "cells after that point did not run" in page
        assert html.escape(errors[name]).split(":")[0] in page


@pytest.mark.notebook
def test_only_replaces_its_own_rows_of_the_index_and_keeps_the_others(build, tmp_path):
    rows, out = build
    out = Path(shutil.copytree(out, tmp_path / "out"))
    notebooks = copy_fixtures(tmp_path / "nbs", "good.ipynb", "fails.ipynb")
    again = reports.build_reports(notebooks, out, CORPUS_DIR, only=["good"], timeout=60)
    assert list(again["name"]) == ["good"]
    index = (out / "index.html").read_text(encoding="utf-8")
    rows_html = [line for line in index.splitlines() if line.startswith("<tr class=")]
    assert len(rows_html) == 2                                   # one row per run, none lost
    assert 'href="fails.html"' in rows_html[0] and "deliberate fixture failure" in rows_html[0]
    assert 'href="good.html"' in rows_html[1] and again.loc[0, "started"] in rows_html[1]
    assert "1 of 2 runs ran without error" in index
    listed = json.loads((out / "index.json").read_text(encoding="utf-8"))["runs"]
    assert [r["name"] for r in listed] == ["fails", "good"]


# --- what the build refuses before anything runs -----------------------------------------

@pytest.mark.parametrize("name", ["./../x", "../x", "a/b", "x.code", "index", "", " x", "-x"])
def test_run_names_that_could_leave_the_output_folder_or_clobber_a_file_are_refused(tmp_path, name):
    copy_fixtures(tmp_path / "nbs", "good.ipynb")
    runs = [reports.Run(name, tmp_path / "nbs" / "good.ipynb")]
    with pytest.raises(ValueError, match="run name"):
        reports.plan_runs(runs, CORPUS_DIR)
    with pytest.raises(ValueError, match="run name"):
        reports.run_notebook(tmp_path / "nbs" / "good.ipynb", tmp_path / "out", {}, name=name)
    assert not (tmp_path / "out").exists() and not (tmp_path / "x.html").exists()


def test_good_run_names_pass():
    for name in ("01_corpus", "framing-press-tv", "timeline-2016", "framing-россия"):
        assert reports.run_name_problem(name) is None


@pytest.mark.parametrize("text, says", [
    ("[[run]\nnotebook = 'good.ipynb'", "not valid TOML"),
    ("[[run]]\nnotebook = 'good.ipynb'\nparameters = 'outlets'", "run 1 (good.ipynb): key 'parameters' must be a table"),
    ("[[run]]\nnotebook = 3", "run 1: key 'notebook' is missing or not a string"),
    ("[[run]]\nnotebook = 'good.ipynb'\nname = 5", "run 1 (good.ipynb): key 'name' must be a string"),
    ("[[run]]\nnotebook = 'good.ipynb'\nname = './../x'", "run 1 (./../x): key 'name': run name"),
    ("[[run]]\nnotebook = 'good.ipynb'\neach = 'month'", "run 1 (good.ipynb): key 'each' must be 'outlet' or 'year'"),
    ("[[run]]\nnotebook = 'good.ipynb'\nparamters = {}", "run 1 (good.ipynb): key 'paramters' is unknown"),
    ("[[run]]\nnotebook = 'good.ipynb'\nparameters = { corpus_path = '/elsewhere' }",
     "run 1 (good.ipynb): key 'parameters.corpus_path'"),
    ("[[run]]\nnotebook = 'good.ipynb'\neach = 'outlet'\nparameters = { outlets = ['x'] }",
     "run 1 (good.ipynb): key 'parameters.outlets'"),
    ("run = 3", "'run' must be [[run]] tables"),
    ("[[run]]\nnotebook = 'good.ipynb'\n[[run]]\nnotebook = 'good.ipynb'\nname = 7", "run 2 (good.ipynb): key 'name' must be a string, not 7"),
])
def test_a_bad_reports_toml_names_the_file_the_run_and_the_key(tmp_path, text, says):
    config = write_config(tmp_path, text)
    with pytest.raises(ValueError) as err:
        reports.load_config(config, CORPUS_DIR)
    assert str(config) in str(err.value) and says in str(err.value)


def test_a_missing_reports_toml_is_named(tmp_path):
    with pytest.raises(ValueError, match=re.escape(str(tmp_path / "nope.toml"))):
        reports.load_config(tmp_path / "nope.toml", CORPUS_DIR)


def test_cli_reports_a_bad_reports_toml_without_a_traceback(tmp_path):
    copy_fixtures(tmp_path / "nbs", "good.ipynb")
    config = write_config(tmp_path / "nbs", "[[run]]\nnotebook = 'good.ipynb'\nparameters = 5\n")
    done = run_cli(tmp_path / "nbs", tmp_path / "out")
    assert done.returncode == 2
    assert f"{config}: run 1 (good.ipynb): key 'parameters' must be a table" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_the_corpus_given_to_the_build_always_wins(tmp_path):
    copy_fixtures(tmp_path / "nbs", "good.ipynb")
    run = reports.Run("good", tmp_path / "nbs" / "good.ipynb", {"corpus_path": "/elsewhere"})
    (planned,) = reports.plan_runs([run], tmp_path / "mine")
    assert planned.parameters == {"corpus_path": str(tmp_path / "mine")}


def sleeper(folder: Path, name: str, cells: list[str], parameters: str = 'corpus_path = "unset"') -> Path:
    """Folder, name, code cells -> a notebook there with a parameters cell and those cells."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"# {name}\n\n**Question.** Does {name}\nstop?\n\nMore."),
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        *[nbformat.v4.new_code_cell(code) for code in cells]])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "k", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder / f"{name}.ipynb"


def test_a_start_after_end_is_refused_before_anything_runs(tmp_path):
    notebook = sleeper(tmp_path, "tl", [], 'start = "2015-01-01"\nend = "2018-12-31"')
    bad = [reports.Run("late", notebook, {"start": "2019-01-01"}),         # after the default end
           reports.Run("swapped", notebook, {"start": "2017-02-01", "end": "2016-01-31"}),
           reports.Run("typo", notebook, {"end": "2016-13-01"}),
           reports.Run("number", notebook, {"start": 2016})]
    with pytest.raises(ValueError) as err:
        reports.plan_runs(bad, CORPUS_DIR)
    message = str(err.value)
    assert "late: start 2019-01-01 is after end 2018-12-31" in message
    assert "swapped: start 2017-02-01 is after end 2016-01-31" in message
    assert "typo: end '2016-13-01' is not a real date" in message
    assert "number: start must be a date written YYYY-MM-DD or empty, not 2016" in message
    fine = reports.plan_runs([reports.Run("open", notebook, {"start": "", "end": "2016-01-31"})], CORPUS_DIR)
    assert fine[0].parameters == {"start": "", "end": "2016-01-31"}


def test_the_question_comes_from_the_first_markdown_cell(tmp_path):
    notebook = sleeper(tmp_path, "q", [])
    assert reports.notebook_question(notebook) == "Does q stop?"           # the paragraph, one line
    assert reports.notebook_question(FIXTURES / "fails.ipynb") == "Failing fixture"  # else the heading
    (planned,) = reports.plan_runs([reports.Run("q", notebook, {}, "Asked here?")], CORPUS_DIR)
    assert planned.question == "Asked here?"                               # reports.toml wins


def small_corpus(folder: Path, outlets: list[str]) -> Path:
    """Folder, one outlet per article ("" for none) -> a corpus of those articles there."""
    (folder / "articles").mkdir(parents=True)
    rows = ["article_id,file,outlet,published"]
    for i, outlet in enumerate(outlets):
        (folder / "articles" / f"a{i}.txt").write_text(f"Article {i} says Peskov spoke.\n")
        rows.append(f"a{i},articles/a{i}.txt,{outlet},2016-0{i + 1}-15")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n")
    shutil.copy(CORPUS_DIR / "outlets.csv", folder / "outlets.csv")
    return folder


@pytest.mark.parametrize("outlets, names", [
    (["", ""], []),                                          # an import without outlets
    (["Press TV", "Press TV"], ["f-press-tv"]),              # one outlet
    (["Press TV", "", "The Independent"], ["f-press-tv", "f-the-independent"]),
])
def test_one_run_per_named_outlet_and_none_for_a_missing_one(tmp_path, outlets, names):
    corpus = small_corpus(tmp_path / "corpus", outlets)
    config = write_config(tmp_path, "[[run]]\nname = 'f'\nnotebook = 'nb.ipynb'\neach = 'outlet'\n")
    runs = reports.load_config(config, corpus)
    assert [r.name for r in runs] == names
    assert all(r.parameters["outlets"][0].strip() for r in runs)


# --- Ctrl-C, and JupyterLab -----------------------------------------------------------------

def alive(pid: int) -> bool:
    """Process id -> True while that process exists (and is not a zombie)."""
    import psutil
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def interrupted_build(tmp_path: Path, sleepers: list[str], others: dict[str, list[str]],
                      ready) -> tuple[subprocess.CompletedProcess, list[int]]:
    """Notebooks that sleep (writing their kernel's pid first) and others, a condition on the
    output folder -> (the finished `helpers reports --jobs 2`, the sleepers' kernel pids),
    after Ctrl-C was sent to the build's process group once every sleeper started and
    ``ready(out)`` held."""
    pids = tmp_path / "pids"
    pids.mkdir()
    for name in sleepers:
        sleeper(tmp_path / "nbs", name, [
            f"import os, time\nopen({str(pids / name)!r}, 'w').write(str(os.getpid()))",
            "time.sleep(600)", "print('never reached')"])
    for name, cells in others.items():
        sleeper(tmp_path / "nbs", name, cells)
    out = tmp_path / "out"
    build = subprocess.Popen(
        [sys.executable, "-m", "helpers", "reports", "--notebooks", str(tmp_path / "nbs"),
         "--out", str(out), "--jobs", "2", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not (len(list(pids.iterdir())) == len(sleepers) and ready(out)):
            assert time.monotonic() < deadline and build.poll() is None, build.communicate()
            time.sleep(0.5)
        time.sleep(2)                                            # let a finished worker go idle
        kernels = [int(p.read_text()) for p in pids.iterdir()]
        os.killpg(build.pid, signal.SIGINT)                      # what Ctrl-C in a terminal does
        stdout, stderr = build.communicate(timeout=180)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in kernels) and time.monotonic() < deadline:
        time.sleep(0.5)
    return subprocess.CompletedProcess(build.args, build.returncode, stdout, stderr), kernels


@pytest.mark.notebook
def test_ctrl_c_cancels_queued_runs_stops_kernels_and_writes_the_index(tmp_path):
    done, kernels = interrupted_build(tmp_path, ["a", "b"], {"queued": ["print('ran')"]},
                                      lambda out: True)
    assert done.returncode == 130, done.stderr
    assert not any(alive(pid) for pid in kernels)                # the running kernels stopped
    assert [line.split()[:2] for line in done.stdout.splitlines()[:3]] == [
        ["a", "interrupted"], ["b", "interrupted"], ["queued", "interrupted"]]
    out = tmp_path / "out"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<tr class="interrupted">') == 3 and "0 of 3 runs" in index
    assert "before this run started" in index
    for name in ("a", "b"):                                      # partial reports, bannered
        assert "This run was interrupted." in body(out / f"{name}.html")
    assert not (out / "queued.html").exists()                    # the queued run never started
    assert "Traceback" not in done.stderr


@pytest.mark.notebook
def test_ctrl_c_with_an_idle_worker_still_stops_the_running_kernel(tmp_path):
    done, kernels = interrupted_build(tmp_path, ["a"], {"quick": ["print('done')"]},
                                      lambda out: (out / "quick.code.html").exists())
    assert done.returncode == 130, done.stderr
    assert not any(alive(pid) for pid in kernels)
    assert [line.split()[:2] for line in done.stdout.splitlines()[:2]] == [
        ["a", "interrupted"], ["quick", "ok"]]
    assert "Traceback" not in done.stderr


def test_a_worker_takes_ctrl_c_only_while_a_run_goes(monkeypatch):
    seen = []
    monkeypatch.setattr(reports, "run_notebook", lambda *a, **k: seen.append(signal.getsignal(signal.SIGINT)))
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        reports._run_in_child(reports.Run("x", FIXTURES / "good.ipynb"), Path("."), 5)
        after = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, before)
    assert seen == [signal.default_int_handler]   # a run can be interrupted ...
    assert after == signal.SIG_IGN                # ... an idle worker cannot die of it


def make_lab(uid: int) -> list[str]:
    """A user id -> the command `make lab` runs for that user, with this venv's jupyter."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(["make", "-n", "-C", str(root), "lab", f"LAB_UID={uid}",
                           f"BIN={Path(sys.executable).parent}"],
                          capture_output=True, text=True, check=True, timeout=60)
    (line,) = [line for line in done.stdout.splitlines() if "jupyter lab" in line]
    return shlex.split(line)


def test_make_lab_allows_root_only_for_root_and_serves_the_project_root():
    root = str(Path(__file__).resolve().parents[1])
    as_root, as_user = make_lab(0), make_lab(1000)
    assert "--allow-root" in as_root and "--allow-root" not in as_user
    for command in (as_root, as_user):
        assert f"--ServerApp.root_dir={root}" in command
        assert "--FileContentsManager.preferred_dir=notebooks" in command


def test_make_lab_starts_for_this_user_and_opens_the_data_files(tmp_path):
    import urllib.request

    command = make_lab(os.geteuid())
    port = 20000 + os.getpid() % 20000
    lab = subprocess.Popen(
        [*command, "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", "--IdentityProvider.token=t0k"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env=os.environ | {"JUPYTER_RUNTIME_DIR": str(tmp_path)})
    try:
        def get(path: str) -> str:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?token=t0k", timeout=10) as r:
                return r.read().decode()

        deadline = time.monotonic() + 120
        while True:
            try:
                get("/api/status")
                break
            except OSError:
                assert lab.poll() is None, lab.stderr.read()
                assert time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(1)
        frames = json.loads(get("/api/contents/helpers/data/frames.toml"))
        assert frames["type"] == "file" and frames["content"] == (
            Path(__file__).resolve().parents[1] / "helpers" / "data" / "frames.toml").read_text()
        assert '"preferredPath": "notebooks"' in get("/lab")
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)


def test_a_notebook_saved_with_widgets_exports_without_the_widget_manager(tmp_path):
    view = {"model_id": "m1", "version_major": 2, "version_minor": 0}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("box", outputs=[
        nbformat.v4.new_output("display_data", data={
            "application/vnd.jupyter.widget-view+json": view, "text/plain": "VBox(children=...)"})])])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "version_major": 2, "version_minor": 0, "state": {"m1": {"model_name": "VBoxModel",
                                                                  "model_module": "@jupyter-widgets/controls",
                                                                  "model_module_version": "2.0.0",
                                                                  "state": {}}}}}
    nbformat.write(nb, tmp_path / "w.ipynb")
    page = reports.export_html(tmp_path / "w.ipynb", tmp_path / "w.html").read_text(encoding="utf-8")
    assert "html-manager" not in page and "unpkg" not in page and "widget-state" not in page
    assert "VBox(children" not in page and "controls live in JupyterLab" in page
