"""Tests for helpers.reports (papermill runs, sanitised HTML, index) and `python -m helpers`."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbconvert import HTMLExporter

import helpers
from helpers import reports
from helpers.config import CORPUS_DIR, KERNEL_NAME
from helpers.corpus import corpus_fingerprint

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
    """One build_reports run over a good and a failing notebook: (rows by name, out dir)."""
    base = tmp_path_factory.mktemp("build")
    notebooks = copy_fixtures(base / "notebooks", "good.ipynb", "fails.ipynb")
    rows = reports.build_reports(notebooks, base / "out", CORPUS_DIR, timeout=60)
    return rows.set_index("name", drop=False), base / "out"


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
        "fails.code.html", "fails.html", "fails.ipynb",
        "good.code.html", "good.html", "good.ipynb", "index.html"]


@pytest.mark.notebook
def test_index_lists_runs_marks_failure_and_names_the_corpus(build):
    rows, out = build
    index = (out / "index.html").read_text(encoding="utf-8")
    for link in ("good.html", "good.ipynb", "fails.html", "fails.ipynb"):
        assert f'href="{link}"' in index
    failed_row = next(line for line in index.splitlines() if 'href="fails.html"' in line)
    assert 'class="failed"' in failed_row and "FAILED" in failed_row
    assert "deliberate fixture failure" in failed_row
    assert f"cell {rows.loc['fails'].failed_cell}" in failed_row
    n_articles, digest = corpus_fingerprint(CORPUS_DIR)
    assert f"{n_articles} articles" in index and digest in index
    assert f"helpers {helpers.__version__}" in index


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
