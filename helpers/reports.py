"""Run the notebooks with papermill and publish each run as HTML, with an index.

Runs come from a TOML configuration (``notebooks/reports.toml``): each ``[[run]]`` names a
notebook and its parameters, and ``each = "outlet"`` or ``each = "year"`` expands it to one
run per outlet or publication year of the corpus. Every run is checked against its
notebook's parameters cell before anything executes. Runs go in parallel, one process per
run (papermill's ``cwd`` is process-wide and kernels started from threads race), with a
per-cell timeout. Each run gives ``NAME.ipynb`` (executed), ``NAME.html`` (the reader's
version: no code) and ``NAME.code.html`` (with code), all written atomically; the index
lists every run with its parameters, status, duration and the corpus it read.
"""
from __future__ import annotations

import html
import multiprocessing
import os
import re
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import nbformat
import pandas as pd
import papermill as pm
from bleach import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from ipykernel.kernelspec import install as install_kernelspec
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbconvert import HTMLExporter
from nbconvert.filters.markdown import markdown2html
from nbconvert.preprocessors.sanitize import SanitizeHTML  # not re-exported by the package
from papermill.exceptions import PapermillExecutionError
from tqdm import tqdm
from traitlets.config import Config

import helpers
from helpers.config import CORPUS_DIR, KERNEL_NAME, NOTEBOOKS_DIR, REPORTS_DIR
from helpers.corpus import corpus_fingerprint, load_corpus
from helpers.provenance import RECORD_MIME

_UMASK = os.umask(0o022)  # read the process umask (and put it back)
os.umask(_UMASK)

# What untrusted HTML may keep: bleach's inline defaults, prose blocks, and pandas tables.
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "caption", "colgroup", "col"}
SAFE_TAGS = set(ALLOWED_TAGS) | TABLE_TAGS | {"p", "div", "span", "br", "hr", "pre",
                                               "h1", "h2", "h3", "h4", "h5", "h6"}
SAFE_ATTRS = {**ALLOWED_ATTRIBUTES,
              **{tag: ["class", "border", "colspan", "rowspan", "halign"] for tag in TABLE_TAGS}}
# Scripts the template loads from a CDN (require.js, MathJax): the reports use neither, and a
# report read offline would log an error for each.
_REMOTE_SCRIPTS = re.compile(r'<script\s+src="https?://[^"]*"\s*>\s*</script>', re.IGNORECASE)
# Elements whose *content* is code, not text: bleach's strip=True keeps it as visible text.
_CODE_ELEMENTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


@dataclass
class RunResult:
    """One notebook run: what ran, with what, how it ended, and where its outputs are."""

    name: str
    notebook: Path
    status: str                      # "ok" or "failed"
    parameters: dict
    started: str                     # ISO time, local zone
    seconds: float
    ipynb: Path | None
    html: Path | None
    error: str | None = None
    failed_cell: int | None = None   # index in the *executed* notebook (papermill adds cells)
    html_code: Path | None = None    # the full version, code included


@dataclass(frozen=True)
class Run:
    """One configured run: its name (which names its outputs), notebook and parameters."""

    name: str
    notebook: Path
    parameters: dict = field(default_factory=dict)


def _now() -> str:
    """Nothing -> the current local time, ISO 8601 to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def ensure_kernel() -> str:
    """Nothing -> the name of a kernelspec running this interpreter (installed if needed)."""
    def runs_this_python() -> bool:  # bin/python and bin/python3 of one venv count as one
        try:
            exe = Path(KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0])
        except NoSuchKernel:
            return False
        here = Path(sys.executable)
        return exe.parent == here.parent and exe.exists() and os.path.samefile(exe, here)

    if not runs_this_python():
        install_kernelspec(kernel_name=KERNEL_NAME, display_name="Python (kremlin-syria)",
                           prefix=sys.prefix)
        if not runs_this_python():  # e.g. a user-level kernelspec shadows sys.prefix
            raise RuntimeError(f"kernel {KERNEL_NAME!r} does not run {sys.executable}; "
                               f"see `jupyter kernelspec list`")
    return KERNEL_NAME


def notebook_parameters(path: str | Path) -> dict[str, str]:
    """Notebook path -> {name: default source text} of its cell tagged `parameters`."""
    return {name: p["default"] for name, p in pm.inspect_notebook(str(path)).items()}


def check_parameters(path: str | Path, params: dict) -> None:
    """Notebook path, parameters -> None; ValueError naming every name it does not declare."""
    unknown = sorted(set(params) - set(notebook_parameters(path)))
    if unknown:
        raise ValueError(f"{Path(path).name} has no parameter(s) {', '.join(unknown)} "
                         f"(declared: {', '.join(notebook_parameters(path)) or 'none'})")


def _atomic_write(path: Path, text: str) -> Path:
    """Path, text -> path, written via a temp file in the same folder and os.replace."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; reports are meant to be shared
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _disarm_outputs(nb, resources):
    """Notebook, resources -> same, with values recorded for tests dropped, script/style bodies
    dropped and markdown outputs rendered to HTML, so that SanitizeHTML (which runs next)
    sees every link as HTML."""
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if RECORD_MIME not in o.get("data", {})]
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:  # mistune keeps javascript: links; bleach removes them
                data.setdefault("text/html", markdown2html(data["text/markdown"]))
                del data["text/markdown"]
            if "text/html" in data:
                data["text/html"] = _CODE_ELEMENTS.sub("", data["text/html"])
    return nb, resources


def export_html(ipynb_path: str | Path, html_path: str | Path, *, code: bool = False) -> Path:
    """Executed notebook -> sanitised HTML report at html_path (written atomically); without
    code cells unless ``code``. Figures are embedded, so the file is complete on its own."""
    c = Config()
    c.HTMLExporter.update(exclude_input=not code, exclude_input_prompt=not code,
                          exclude_output_prompt=True)
    c.SanitizeHTML.update(tags=sorted(SAFE_TAGS), attributes=SAFE_ATTRS, strip=True)
    exporter = HTMLExporter(config=c)
    exporter.register_preprocessor(_disarm_outputs)
    exporter.register_preprocessor(SanitizeHTML, enabled=True)
    body, _ = exporter.from_filename(str(ipynb_path))
    return _atomic_write(Path(html_path), _REMOTE_SCRIPTS.sub("", body))


def _failed_cell(nb) -> int | None:
    """Executed notebook -> index of the cell that failed (or, after a timeout, ran last)."""
    started = None
    for i, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("papermill", {})
        if meta.get("status") == "failed" or any(
                o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
        started = i if meta.get("start_time") else started
    return started


def _execute(notebook: Path, scratch: str, parameters: dict, timeout: int) -> str | None:
    """Notebook, scratch output path, parameters, timeout -> None, or the error it ended with.
    A kernel that fails before running any cell (a port race) is started once more."""
    for attempt in (1, 2):
        try:
            pm.execute_notebook(notebook, scratch, parameters=parameters,
                                kernel_name=ensure_kernel(), cwd=notebook.parent,
                                execution_timeout=timeout, progress_bar=False, log_output=False)
            return None
        except PapermillExecutionError as exc:
            return f"{exc.ename}: {exc.evalue}"
        except Exception as exc:  # dead kernel, timeout, kernel that never started ...
            error = f"{type(exc).__name__}: {exc}"
            if attempt == 2 or (os.path.getsize(scratch) and _started_any(scratch)):
                return error
    return error


def _started_any(ipynb: str) -> bool:
    """Executed notebook path -> True if papermill started any of its cells."""
    nb = nbformat.read(ipynb, as_version=4)
    return any(c.get("metadata", {}).get("papermill", {}).get("start_time") for c in nb.cells)


def run_notebook(notebook: str | Path, out_dir: str | Path, parameters: dict, *,
                 timeout: int = 600, name: str | None = None) -> RunResult:
    """Notebook, output folder, parameters -> RunResult; out_dir/NAME.ipynb, NAME.html (no
    code) and NAME.code.html. A failing notebook does not raise: its partial outputs are kept."""
    notebook, out_dir = Path(notebook).resolve(), Path(out_dir).resolve()
    name = name or notebook.stem
    check_parameters(notebook, parameters)
    out_dir.mkdir(parents=True, exist_ok=True)
    ipynb, html_path = out_dir / f"{name}.ipynb", out_dir / f"{name}.html"
    html_code = out_dir / f"{name}.code.html"
    fd, scratch = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".ipynb")
    os.close(fd)
    started, t0 = _now(), time.monotonic()
    failed_cell = None
    try:
        error = _execute(notebook, scratch, parameters, timeout)
        if os.path.getsize(scratch):  # papermill wrote something: keep it, even if partial
            nb = nbformat.read(scratch, as_version=4)
            nb.metadata.setdefault("papermill", {})["output_path"] = str(ipynb)
            failed_cell = _failed_cell(nb) if error else None
            _atomic_write(ipynb, nbformat.writes(nb))
            try:
                export_html(ipynb, html_path)
                export_html(ipynb, html_code, code=True)
            except Exception as exc:
                error = error or f"HTML export failed: {type(exc).__name__}: {exc}"
                html_path = html_code = None
        else:
            ipynb = html_path = html_code = None
    finally:
        Path(scratch).unlink(missing_ok=True)
    return RunResult(name=name, notebook=notebook, status="failed" if error else "ok",
                     parameters=dict(parameters), started=started,
                     seconds=round(time.monotonic() - t0, 2), ipynb=ipynb, html=html_path,
                     error=error, failed_cell=failed_cell, html_code=html_code)


def _index_html(results: list[RunResult], corpus: Path, fingerprint: tuple[int, str]) -> str:
    """Runs, corpus path, (articles, sha256) -> the HTML of the reports index page."""
    e = html.escape

    def link(path: Path | None, label: str) -> str:
        return f'<a href="{e(quote(path.name))}">{label}</a>' if path else ""

    rows = []
    for r in results:
        status = "ok" if r.status == "ok" else (
            f"<strong>FAILED</strong> at cell {e(str(r.failed_cell))}: "
            f"<code>{e(str(r.error))}</code>")
        params = ", ".join(f"{e(k)}={e(repr(v))}" for k, v in r.parameters.items())
        rows.append(f'<tr class="{e(r.status)}"><td>{link(r.html, e(r.name)) or e(r.name)}</td>'
                    f'<td>{link(r.html_code, "with code")} {link(r.ipynb, "ipynb")}</td>'
                    f'<td>{status}</td><td>{params}</td>'
                    f'<td>{r.seconds:.1f} s</td><td>{e(r.started)}</td></tr>')
    n_articles, digest = fingerprint
    built = _now()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reports</title>
<style>body{{font-family:sans-serif;margin:2em}} td,th{{padding:.3em .8em;text-align:left}}
tr.failed{{background:#fdd}} code{{white-space:pre-wrap}}</style></head><body>
<h1>Reports</h1>
<p>Corpus <code>{e(str(corpus))}</code>: {e(str(n_articles))} articles,
sha256 <code>{e(digest)}</code><br>
helpers {e(helpers.__version__)}, built {e(built)};
{sum(r.status == "ok" for r in results)} of {len(results)} notebooks ran without error.</p>
<table><thead><tr><th>Report</th><th>Also</th><th>Status</th><th>Parameters</th>
<th>Duration</th><th>Started</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


CONFIG_NAME = "reports.toml"


def _slug(text: str) -> str:
    """Any text -> a file-name-safe slug ("Press TV" -> "press-tv")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def default_runs(notebooks_dir: str | Path = NOTEBOOKS_DIR) -> list[Run]:
    """Notebook folder -> one run per notebook, with its default parameters."""
    return [Run(nb.stem, nb) for nb in sorted(Path(notebooks_dir).resolve().glob("*.ipynb"))]


def load_config(path: str | Path, corpus: str | Path = CORPUS_DIR) -> list[Run]:
    """Reports TOML and the corpus -> the runs it lists, ``each`` expanded per outlet or year.

    ``[[run]]`` keys: notebook (path relative to the TOML), name (default: the notebook's
    stem), parameters (a table), each ("outlet" or "year", optional).
    """
    path = Path(path).resolve()
    with open(path, "rb") as f:
        spec = tomllib.load(f)
    articles = None
    runs = []
    for i, entry in enumerate(spec.get("run", []), start=1):
        if "notebook" not in entry:
            raise ValueError(f"{path}: run {i} names no notebook")
        notebook = (path.parent / entry["notebook"]).resolve()
        name, params, each = entry.get("name", notebook.stem), dict(entry.get("parameters", {})), entry.get("each")
        if each is None:
            runs.append(Run(name, notebook, params))
            continue
        if each not in ("outlet", "year"):
            raise ValueError(f"{path}: run {i} ({name}): each must be 'outlet' or 'year', not {each!r}")
        articles = load_corpus(corpus) if articles is None else articles
        if each == "outlet":
            runs += [Run(f"{name}-{_slug(o)}", notebook, params | {"outlets": [o]})
                     for o in sorted(articles["outlet"].unique())]
        else:
            years = sorted(articles["published"].dropna().dt.year.unique())
            runs += [Run(f"{name}-{y}", notebook, params | {"start": f"{y}-01-01", "end": f"{y}-12-31"})
                     for y in years]
    return runs


def plan_runs(runs: list[Run], corpus: str | Path) -> list[Run]:
    """Runs and the corpus -> the same runs with corpus_path added where the notebook takes it;
    ValueError listing every problem (missing notebook, unknown parameter, repeated name)."""
    problems, planned, seen = [], [], set()
    for run in runs:
        if run.name in seen:
            problems.append(f"run name {run.name!r} is used twice")
        seen.add(run.name)
        if not run.notebook.is_file():
            problems.append(f"{run.name}: no notebook {run.notebook}")
            continue
        try:
            declared = notebook_parameters(run.notebook)
            params = ({"corpus_path": str(Path(corpus).resolve())} if "corpus_path" in declared else {}) | run.parameters
            check_parameters(run.notebook, params)
            planned.append(Run(run.name, run.notebook, params))
        except Exception as exc:
            problems.append(f"{run.name}: {exc}")
    if problems:
        raise ValueError("reports not built:\n  " + "\n  ".join(problems))
    return planned


def _one_thread_each() -> None:
    """Nothing -> numerical libraries in this worker and its kernels use one thread each, so
    parallel runs share the cores instead of oversubscribing them."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def _run_in_child(run: Run, out_dir: Path, timeout: int) -> RunResult:
    """A run -> its result; the entry point of each worker process."""
    return run_notebook(run.notebook, out_dir, run.parameters, timeout=timeout, name=run.name)


def run_all(runs: list[Run], out_dir: Path, *, jobs: int = 1, timeout: int = 600,
            progress: bool = False) -> list[RunResult]:
    """Planned runs -> their results in run order; ``jobs`` worker processes at a time."""
    ensure_kernel()                     # once, before any worker could race to install it
    bar = tqdm(total=len(runs), desc="reports", unit="run", disable=not progress)
    results: dict[str, RunResult] = {}
    if jobs <= 1:
        for run in runs:
            results[run.name] = _run_in_child(run, out_dir, timeout)
            bar.update()
    else:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_one_thread_each) as pool:
            futures = {pool.submit(_run_in_child, run, out_dir, timeout): run for run in runs}
            for future in as_completed(futures):
                run = futures[future]
                try:
                    results[run.name] = future.result()
                except Exception as exc:   # the worker process itself died
                    results[run.name] = RunResult(run.name, run.notebook, "failed", run.parameters,
                                                  _now(), 0.0, None, None, f"{type(exc).__name__}: {exc}")
                bar.update()
    bar.close()
    return [results[run.name] for run in runs]


def build_reports(notebooks_dir: str | Path = NOTEBOOKS_DIR, out_dir: str | Path = REPORTS_DIR,
                  corpus: str | Path = CORPUS_DIR, *, config: str | Path | None = None,
                  only: list[str] | None = None, jobs: int = 1, timeout: int = 600,
                  progress: bool = False) -> pd.DataFrame:
    """Notebooks (or a reports TOML), output folder, corpus -> one row per run (RunResult
    fields); writes every run's outputs and out_dir/index.html.

    Without ``config``, ``notebooks_dir/reports.toml`` is used if present, else one default
    run per notebook. ``only`` keeps the runs with those names (or name prefixes).
    """
    corpus, out_dir = Path(corpus).resolve(), Path(out_dir).resolve()
    config = config or (Path(notebooks_dir) / CONFIG_NAME if (Path(notebooks_dir) / CONFIG_NAME).exists() else None)
    runs = load_config(config, corpus) if config else default_runs(notebooks_dir)
    if only:
        runs = [r for r in runs if any(r.name == o or r.name.startswith(f"{o}-") for o in only)]
        if not runs:
            raise ValueError(f"no configured run is named {', '.join(only)}")
    runs = plan_runs(runs, corpus)
    fingerprint = corpus_fingerprint(corpus)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = run_all(runs, out_dir, jobs=jobs, timeout=timeout, progress=progress)
    _atomic_write(out_dir / "index.html", _index_html(results, corpus, fingerprint))
    rows = pd.DataFrame([asdict(r) for r in results], columns=[f.name for f in fields(RunResult)])
    return rows.astype({"failed_cell": "Int64"})  # a nullable int, not a float with NaN
