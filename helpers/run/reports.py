"""Run the notebooks with papermill and publish each run as HTML, with an index.

Runs come from a TOML configuration (``notebooks/reports.toml``): each ``[[run]]`` names a
notebook and its parameters, and ``each = "outlet"`` or ``each = "year"`` expands it to one
run per outlet or publication year of the corpus. Every run is checked (name, notebook,
parameter names, dates) before anything executes. Runs go in worker processes, one run per
worker at a time (papermill's ``cwd`` is process-wide and kernels started from threads
race), on kernels over IPC transport, with a per-cell timeout. Each run gives
``NAME.ipynb`` (executed), ``NAME.html`` (the reader's version: no code, no stderr, no
traceback), ``NAME.code.html`` (with code) and ``NAME_files/`` (what the notebook exported),
all written atomically; a run that did not finish carries a banner saying so. The index
(``index.html``, and ``index.json`` it is rebuilt from) lists every run with its question,
parameters, status, duration and links; a build of some runs (``only``) replaces their rows
and keeps the others. Ctrl-C cancels the queued runs, stops the running kernels and still
writes the index, with those runs marked interrupted.
"""
from __future__ import annotations

import ast
import functools
import html
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
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
from papermill.execute import ERROR_MARKER_TAG
from tqdm import tqdm
from traitlets.config import Config

from helpers.config import BATCH_ENV, CORPUS_DIR, EXPORT_ENV, KERNEL_NAME, NOTEBOOKS_DIR, REPORTS_DIR
from helpers.corpus.reading import corpus_fingerprint, load_corpus
from helpers.run.cache import atomic_write, current_umask
from helpers.run.provenance import RECORD_MIME, build_info


# What untrusted HTML may keep: bleach's inline defaults, prose blocks, and pandas tables.
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "caption", "colgroup", "col"}
SAFE_TAGS = set(ALLOWED_TAGS) | TABLE_TAGS | {"p", "div", "span", "br", "hr", "pre",
                                               "h1", "h2", "h3", "h4", "h5", "h6"}
SAFE_ATTRS = {**ALLOWED_ATTRIBUTES,
              **{tag: ["class", "border", "colspan", "rowspan", "halign"] for tag in TABLE_TAGS},
              "div": ["class", "role"]}
# Scripts the template loads from a CDN (require.js, MathJax): the reports use neither, and a
# report read offline would log an error for each.
_REMOTE_SCRIPTS = re.compile(r'<script\s+src="https?://[^"]*"\s*>\s*</script>', re.IGNORECASE)
# Elements whose *content* is code, not text: bleach's strip=True keeps it as visible text.
_CODE_ELEMENTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
# A run name names files in --out: letters, digits, "_" and "-" only (no dots, no slashes).
_RUN_NAME = re.compile(r"[^\W_][\w-]{0,99}")
RESERVED_NAMES = {"index"}                       # index.html is the build's own page
# The question a notebook answers: the "**Question.**" paragraph of its first markdown cell.
_QUESTION = re.compile(r"\*\*Question\.?\*\*\s*(.+?)(?:\n\s*\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ('<p class="widget-note">The interactive controls live in JupyterLab '
               '(<code>make lab</code>); a static page cannot show them.</p>')
BANNER_TAG = "kremlin-syria-run-banner"
# Trusted markup the build adds to every report: the banner's look, a way back to the index.
PAGE_STYLE = """<style>
nav.report-nav{font-family:sans-serif;padding:.5em 1em;border-bottom:1px solid #ccc}
div.run-banner{border:2px solid #b00;background:#fee;color:#600;padding:.8em 1em;margin:1em 0;
font-family:sans-serif}
</style>
"""
PAGE_NAV = '<nav class="report-nav"><a href="index.html">&larr; All reports</a></nav>\n'
INTERRUPTED_RUNNING = "interrupted: the build was stopped (Ctrl-C) while this run was going"
INTERRUPTED_QUEUED = "interrupted: the build was stopped (Ctrl-C) before this run started"
CONFIG_NAME = "reports.toml"
CONFIG_KEYS = ("notebook", "name", "parameters", "each", "question")
EACH_SETS = {"outlet": ("outlets",), "year": ("start", "end")}
INDEX_JSON = "index.json"
BUILD_LOG = "build.log"            # what the workers and their kernels printed to stderr


@dataclass
class RunResult:
    """One notebook run: what ran, with what, how it ended, and where its outputs are."""

    name: str
    notebook: Path
    status: str                      # "ok", "failed" or "interrupted"
    parameters: dict
    started: str                     # ISO time, local zone
    seconds: float
    ipynb: Path | None
    html: Path | None
    error: str | None = None
    failed_cell: int | None = None   # index in the *executed* notebook (papermill adds cells)
    html_code: Path | None = None    # the full version, code included
    question: str = ""               # what the notebook asks
    files: Path | None = None        # the run's exported tables and figures
    corpus_sha256: str = ""          # the corpus it read


@dataclass(frozen=True)
class Run:
    """One configured run: its name (which names its outputs), notebook and parameters."""

    name: str
    notebook: Path
    parameters: dict = field(default_factory=dict)
    question: str = ""


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


def notebook_question(path: str | Path) -> str:
    """Notebook path -> the question its first markdown cell asks ("**Question.** ..."), else
    that cell's first heading, else ""."""
    nb = nbformat.read(str(path), as_version=4)
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    found = _QUESTION.search(first) or _HEADING.search(first)
    return " ".join(found.group(1).split()) if found else ""


def check_parameters(path: str | Path, params: dict) -> None:
    """Notebook path, parameters -> None; ValueError naming every name it does not declare."""
    unknown = sorted(set(params) - set(notebook_parameters(path)))
    if unknown:
        raise ValueError(f"{Path(path).name} has no parameter(s) {', '.join(unknown)} "
                         f"(declared: {', '.join(notebook_parameters(path)) or 'none'})")


def run_name_problem(name: object) -> str | None:
    """A run name -> None if it can name files in the output folder, else what is wrong."""
    if not isinstance(name, str) or not _RUN_NAME.fullmatch(name):
        return (f"run name {name!r} is not allowed: use letters, digits, '_' and '-' "
                f"(no dots, slashes or spaces), starting with a letter or digit")
    if name.lower() in RESERVED_NAMES:
        return f"run name {name!r} is reserved for the build's own {name}.html"
    return None


def _default_value(source: str) -> object:
    """A parameter's default source text -> its value, or None if it is not a literal."""
    try:
        return ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return None


def date_problem(parameters: dict, defaults: dict[str, str] | None = None) -> str | None:
    """Run parameters (and the notebook's default sources) -> None if start and end are
    empty or YYYY-MM-DD dates with start on or before end, else what is wrong."""
    values = {k: _default_value(v) for k, v in (defaults or {}).items()} | parameters
    dates = {}
    for key in ("start", "end"):
        value = values.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            return f"{key} must be a date written YYYY-MM-DD or empty, not {value!r}"
        try:
            dates[key] = pd.Timestamp(value)
        except ValueError:
            return f"{key} {value!r} is not a real date"
    if len(dates) == 2 and dates["start"] > dates["end"]:
        return (f"start {values['start']} is after end {values['end']}: "
                f"the run would select no article, so it is not run")
    return None


def _write_text(path: Path, text: str) -> Path:
    """Path, text -> path, written whole or not at all (``helpers.run.cache.atomic_write``)."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


def _disarm_outputs(nb, resources):
    """Notebook, resources -> same, with values recorded for tests dropped, widgets replaced
    by a note (their state would load a widget manager from a CDN), script/style bodies
    dropped and markdown outputs rendered to HTML, so that SanitizeHTML (which runs next)
    sees every link as HTML."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if RECORD_MIME not in o.get("data", {})]
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                out["data"] = data = {"text/html": WIDGET_NOTE}
            if "text/markdown" in data:  # mistune keeps javascript: links; bleach removes them
                data.setdefault("text/html", markdown2html(data["text/markdown"]))
                del data["text/markdown"]
            if "text/html" in data:
                data["text/html"] = _CODE_ELEMENTS.sub("", data["text/html"])
    return nb, resources


def _reader_outputs(nb, resources):
    """Notebook, resources -> same without stderr streams or tracebacks: the reader's form
    says what went wrong in its banner, the form with code keeps the details."""
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "error"
                            and not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    return nb, resources


def export_html(ipynb_path: str | Path, html_path: str | Path, *, code: bool = False) -> Path:
    """Executed notebook -> sanitised HTML report at html_path (written atomically), linking
    back to index.html beside it; without code cells, stderr or tracebacks unless ``code``.
    Figures are embedded and nothing is loaded from the network."""
    c = Config()
    c.HTMLExporter.update(exclude_input=not code, exclude_input_prompt=not code,
                          exclude_output_prompt=True)
    c.SanitizeHTML.update(tags=sorted(SAFE_TAGS), attributes=SAFE_ATTRS, strip=True)
    exporter = HTMLExporter(config=c)
    exporter.register_preprocessor(_disarm_outputs)
    if not code:
        exporter.register_preprocessor(_reader_outputs)
    exporter.register_preprocessor(SanitizeHTML, enabled=True)
    body, _ = exporter.from_filename(str(ipynb_path))
    body = _HEAD_END.sub(lambda m: PAGE_STYLE + m.group(0), _REMOTE_SCRIPTS.sub("", body), count=1)
    body = _BODY_TAG.sub(lambda m: m.group(0) + PAGE_NAV, body, count=1)
    return _write_text(Path(html_path), body)


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


def _section_of(nb, index: int) -> str:
    """Notebook, cell index -> the last markdown heading at or before that cell, or ""."""
    for cell in reversed(nb.cells[:index + 1]):
        if cell.cell_type == "markdown" and (found := _HEADING.search(cell.source)):
            return found.group(1)
    return ""


def add_banner(nb, status: str, error: str) -> int | None:
    """Executed notebook (changed in place), a status that is not "ok" and its error -> the
    index of the failing (or last started) cell, after a banner cell at the top that says in
    words that the run did not finish, where and why. Papermill's own banner is replaced."""
    nb.cells = [c for c in nb.cells
                if not (ERROR_MARKER_TAG in c.metadata.get("tags", []) and "#papermill-error-cell" in c.source)
                and BANNER_TAG not in c.metadata.get("tags", [])]
    cell = _failed_cell(nb)
    where = ""
    if cell is not None:
        section = _section_of(nb, cell)
        where = f" It stopped at cell {cell + 2}" + (f", in the section “{section}”" if section else "") + "."
    title = "This run was interrupted." if status == "interrupted" else "This run failed."
    text = (f'<div class="run-banner" role="alert"><strong>{title}</strong>{html.escape(where)} '
            f'Error: <code>{html.escape(error)}</code>. What follows is partial: the cells after '
            f'that point did not run.</div>')
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(text, metadata={"tags": [BANNER_TAG]}))
    return None if cell is None else cell + 1


# --- running one notebook (in a worker process) -------------------------------------------

_STOP = None        # in a worker: the build's stop event (set on Ctrl-C)


def _stopping() -> bool:
    """Nothing -> True if the build this worker serves has been asked to stop."""
    return _STOP is not None and _STOP.is_set()


def _kernel_config(ipc_dir: str) -> Config:
    """A private folder -> configuration for kernels over IPC transport with sockets there
    (no TCP ports to race for, nothing sent in plain text on the network)."""
    return Config({"KernelManager": {"transport": "ipc", "ip": str(Path(ipc_dir) / "kernel")}})


@contextmanager
def _environment(values: dict[str, str]):
    """Names and values -> a context in which os.environ has them (kernels inherit it)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _execute(notebook: Path, scratch: str, parameters: dict, timeout: int) -> str | None:
    """Notebook, scratch output path, parameters, timeout -> None, or the error it ended with.
    A kernel that fails before running any cell is started once more."""
    error = None
    for attempt in (1, 2):
        ipc_dir = tempfile.mkdtemp(prefix="kernel-")
        try:
            pm.execute_notebook(notebook, scratch, parameters=parameters,
                                kernel_name=ensure_kernel(), cwd=notebook.parent,
                                execution_timeout=timeout, progress_bar=False, log_output=False,
                                config=_kernel_config(ipc_dir))
            return None
        except PapermillExecutionError as exc:
            return f"{exc.ename}: {exc.evalue}"
        except Exception as exc:  # dead kernel, timeout, kernel that never started ...
            error = f"{type(exc).__name__}: {exc}"
            if attempt == 2 or _stopping() or (os.path.getsize(scratch) and _started_any(scratch)):
                return error
        finally:
            shutil.rmtree(ipc_dir, ignore_errors=True)
    return error


def _started_any(ipynb: str) -> bool:
    """Executed notebook path -> True if papermill started any of its cells."""
    nb = nbformat.read(ipynb, as_version=4)
    return any(c.get("metadata", {}).get("papermill", {}).get("start_time") for c in nb.cells)


def _fresh_dir(path: Path) -> Path:
    """Folder path -> the folder, emptied (created if missing)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def run_notebook(notebook: str | Path, out_dir: str | Path, parameters: dict, *,
                 timeout: int = 600, name: str | None = None, question: str = "") -> RunResult:
    """Notebook, output folder, parameters -> RunResult; out_dir/NAME.ipynb, NAME.html (no
    code), NAME.code.html and NAME_files/ (set as $KREMLIN_SYRIA_EXPORT_DIR for the kernel).
    A failing notebook does not raise: its partial outputs are kept, under a banner."""
    notebook, out_dir = Path(notebook).resolve(), Path(out_dir).resolve()
    name = notebook.stem if name is None else name
    if problem := run_name_problem(name):
        raise ValueError(problem)
    check_parameters(notebook, parameters)
    if _stopping():
        return RunResult(name, notebook, "interrupted", dict(parameters), _now(), 0.0, None, None,
                         INTERRUPTED_QUEUED, question=question)
    out_dir.mkdir(parents=True, exist_ok=True)
    ipynb, html_path = out_dir / f"{name}.ipynb", out_dir / f"{name}.html"
    html_code, files = out_dir / f"{name}.code.html", _fresh_dir(out_dir / f"{name}_files")
    fd, scratch = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".ipynb")
    os.close(fd)
    started, t0 = _now(), time.monotonic()
    failed_cell = None
    try:
        try:
            with _environment({EXPORT_ENV: str(files), BATCH_ENV: "1"}):
                error = _execute(notebook, scratch, parameters, timeout)
        except KeyboardInterrupt:
            error = INTERRUPTED_RUNNING
        status = "ok" if error is None else "interrupted" if _stopping() else "failed"
        error = INTERRUPTED_RUNNING if status == "interrupted" else error
        if os.path.getsize(scratch):  # papermill wrote something: keep it, even if partial
            nb = nbformat.read(scratch, as_version=4)
            nb.metadata.setdefault("papermill", {})["output_path"] = str(ipynb)
            failed_cell = add_banner(nb, status, error) if error else None
            _write_text(ipynb, nbformat.writes(nb))
            try:
                export_html(ipynb, html_path)
                export_html(ipynb, html_code, code=True)
            except Exception as exc:
                error = error or f"HTML export failed: {type(exc).__name__}: {exc}"
                status = "failed" if status == "ok" else status
                html_path = html_code = None
        else:
            ipynb = html_path = html_code = None
    finally:
        Path(scratch).unlink(missing_ok=True)
    return RunResult(name=name, notebook=notebook, status=status, parameters=dict(parameters),
                     started=started, seconds=round(time.monotonic() - t0, 2), ipynb=ipynb,
                     html=html_path, error=error, failed_cell=failed_cell, html_code=html_code,
                     question=question, files=files)


# --- the index ----------------------------------------------------------------------------

def _index_html(results: list[RunResult], corpus: Path, fingerprint: tuple[int, str]) -> str:
    """Runs, corpus path, (articles, sha256) -> the HTML of the reports index page."""
    e = html.escape
    n_articles, digest = fingerprint

    def link(path: Path | None, label: str) -> str:
        return f'<a href="{e(quote(path.name))}">{label}</a>' if path else ""

    rows = []
    for r in results:
        if r.status == "ok":
            status = "ok"
        else:
            at = f" at cell {r.failed_cell + 1}" if r.failed_cell is not None else ""
            status = f"<strong>{e(r.status.upper())}</strong>{at}: <code>{e(str(r.error))}</code>"
        if r.corpus_sha256 and r.corpus_sha256 != digest:
            status += f"<br>(built from another corpus, sha256 {e(r.corpus_sha256[:16])}…)"
        params = ", ".join(f"{e(k)}={e(json.dumps(v, ensure_ascii=False))}"
                           for k, v in r.parameters.items() if k != "corpus_path")
        files = r.files if r.files and r.files.is_dir() and any(r.files.iterdir()) else None
        also = " ".join(filter(None, [link(r.html_code, "with code"), link(r.ipynb, "ipynb"),
                                      link(files, "files")]))
        rows.append(f'<tr class="{e(r.status)}"><td>{link(r.html, e(r.name)) or e(r.name)}</td>'
                    f'<td>{e(r.question)}</td><td>{params}</td><td>{status}</td>'
                    f'<td>{r.seconds:.1f} s</td><td>{also}</td><td>{e(r.started)}</td></tr>')
    info = build_info()
    commit = f", git commit <code>{e(info['git commit'])}</code>" if "git commit" in info else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reports</title>
<style>body{{font-family:sans-serif;margin:2em}} td,th{{padding:.3em .8em;text-align:left;
vertical-align:top}} tr.failed,tr.interrupted{{background:#fdd}} code{{white-space:pre-wrap}}</style>
</head><body>
<h1>Reports</h1>
<p>Corpus <code>{e(str(corpus))}</code>: {e(str(n_articles))} articles,
sha256 <code>{e(digest)}</code><br>
helpers {e(info['package version'])}{commit}; built {e(_now())};
{sum(r.status == "ok" for r in results)} of {len(results)} runs ran without error.</p>
<table><thead><tr><th>Report</th><th>Question</th><th>Parameters</th><th>Status</th>
<th>Duration</th><th>Also</th><th>Started</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


def _result_record(r: RunResult) -> dict:
    """RunResult -> a JSON-ready dict, paths as file names in the output folder."""
    return {k: (v.name if isinstance(v, Path) and k != "notebook" else
                str(v) if isinstance(v, Path) else v) for k, v in asdict(r).items()}


def _result_from(record: dict, out_dir: Path) -> RunResult:
    """A dict written by _result_record, output folder -> the RunResult (missing files: None)."""
    def present(name):
        return out_dir / name if name and (out_dir / name).exists() else None

    known = {f.name for f in fields(RunResult)}
    values = {k: v for k, v in record.items() if k in known}
    values |= {k: present(values.get(k)) for k in ("ipynb", "html", "html_code", "files")}
    return RunResult(**values | {"notebook": Path(values["notebook"])})


def previous_results(out_dir: Path) -> list[RunResult]:
    """Output folder -> the runs its index.json lists ([] if there is none or it is unreadable)."""
    try:
        records = json.loads((out_dir / INDEX_JSON).read_text(encoding="utf-8"))["runs"]
        return [_result_from(r, out_dir) for r in records]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def merge_results(old: list[RunResult], new: list[RunResult]) -> list[RunResult]:
    """Earlier runs and this build's -> the earlier list with this build's runs in their
    place (by name), and new names at the end."""
    fresh = {r.name: r for r in new}
    kept = [fresh.pop(r.name, r) for r in old]
    return kept + [r for r in new if r.name in fresh]


def write_index(out_dir: Path, results: list[RunResult], corpus: Path,
                fingerprint: tuple[int, str]) -> Path:
    """Output folder, runs, corpus -> index.html there (index.json beside it), written atomically."""
    records = {"runs": [_result_record(r) for r in results]}
    _write_text(out_dir / INDEX_JSON, json.dumps(records, indent=1, ensure_ascii=False))
    return _write_text(out_dir / "index.html", _index_html(results, corpus, fingerprint))


# --- configuration ------------------------------------------------------------------------

def _slug(text: str) -> str:
    """Any text -> a file-name-safe slug ("Press TV" -> "press-tv"); "" if it has no letter
    or digit."""
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-")


def default_runs(notebooks_dir: str | Path = NOTEBOOKS_DIR) -> list[Run]:
    """Notebook folder -> one run per notebook, with its default parameters."""
    return [Run(nb.stem, nb) for nb in sorted(Path(notebooks_dir).resolve().glob("*.ipynb"))]


def _read_toml(path: Path) -> dict:
    """TOML path -> its tables; ValueError naming the file if it is missing or not TOML."""
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None


def _entry_problems(entry: object, path: Path, i: int) -> list[str]:
    """One [[run]] entry, the file and its number -> every problem, each naming file, run
    and key."""
    if not isinstance(entry, dict):
        return [f"{path}: run {i}: is not a table of keys"]
    called = next((entry[k] for k in ("name", "notebook") if isinstance(entry.get(k), str)), None)
    label = f"{path}: run {i}" + (f" ({called})" if called else "")
    problems = [f"{label}: key {k!r} is unknown (known: {', '.join(CONFIG_KEYS)})"
                for k in entry if k not in CONFIG_KEYS]
    if not isinstance(entry.get("notebook"), str):
        problems.append(f"{label}: key 'notebook' is missing or not a string")
    for key in ("name", "question"):
        if key in entry and not isinstance(entry[key], str):
            problems.append(f"{label}: key {key!r} must be a string, not {entry[key]!r}")
    if "name" in entry and isinstance(entry["name"], str) and (why := run_name_problem(entry["name"])):
        problems.append(f"{label}: key 'name': {why}")
    params = entry.get("parameters", {})
    if not isinstance(params, dict):
        problems.append(f"{label}: key 'parameters' must be a table, not {params!r}")
        params = {}
    if "corpus_path" in params:
        problems.append(f"{label}: key 'parameters.corpus_path': the corpus is the one the build "
                        f"is given (--corpus, default corpus/); remove it here")
    each = entry.get("each")
    if each is not None and each not in EACH_SETS:
        problems.append(f"{label}: key 'each' must be 'outlet' or 'year', not {each!r}")
    for key in EACH_SETS.get(each, ()):
        if key in params:
            problems.append(f"{label}: key 'parameters.{key}': each = {each!r} sets it per run")
    return problems


def _outlet_names(articles: pd.DataFrame) -> list[str]:
    """Articles -> their distinct outlet names, sorted, without empty or missing ones."""
    names = articles["outlet"].dropna().astype(str).str.strip()
    return sorted(set(names[names != ""]))


def _expand(name: str, notebook: Path, params: dict, question: str, each: str | None,
            articles) -> list[Run]:
    """One configured run and a callable giving the corpus's articles (for ``each``) -> its
    runs: one per named outlet or per publication year, or itself."""
    if each is None:
        return [Run(name, notebook, params, question)]
    table = articles()
    if each == "outlet":
        return [Run(f"{name}-{_slug(o) or 'outlet-' + str(i)}", notebook, params | {"outlets": [o]},
                    question) for i, o in enumerate(_outlet_names(table), start=1)]
    years = sorted(table["published"].dropna().dt.year.unique())
    return [Run(f"{name}-{y}", notebook, params | {"start": f"{y}-01-01", "end": f"{y}-12-31"},
                question) for y in years]


def load_config(path: str | Path, corpus: str | Path = CORPUS_DIR) -> list[Run]:
    """Reports TOML and the corpus -> the runs it lists, ``each`` expanded per outlet (with a
    name) or publication year of the corpus; ValueError listing every problem, each naming
    the file, the run and the key.

    ``[[run]]`` keys: notebook (path relative to the TOML), name (default: the notebook's
    stem), parameters (a table; never corpus_path), each ("outlet" or "year", optional),
    question (default: the notebook's own, from its first markdown cell).
    """
    path = Path(path).resolve()
    spec = _read_toml(path)
    entries = spec.get("run", [])
    problems = [f"{path}: key {k!r} is unknown (runs are [[run]] tables)" for k in spec if k != "run"]
    if not isinstance(entries, list):
        problems.append(f"{path}: 'run' must be [[run]] tables")
        entries = []
    for i, entry in enumerate(entries, start=1):
        problems += _entry_problems(entry, path, i)
    if problems:
        raise ValueError("reports not built:\n  " + "\n  ".join(problems))
    articles = functools.cache(lambda: load_corpus(corpus))    # read only if a run has each
    runs = []
    for entry in entries:
        notebook = (path.parent / entry["notebook"]).resolve()
        runs += _expand(entry.get("name", notebook.stem), notebook, dict(entry.get("parameters", {})),
                        entry.get("question", ""), entry.get("each"), articles)
    return runs


def plan_runs(runs: list[Run], corpus: str | Path) -> list[Run]:
    """Runs and the corpus -> the same runs with corpus_path set to the corpus wherever the
    notebook takes it, and a question; ValueError listing every problem (bad or repeated
    name, missing notebook, unknown parameter, impossible dates)."""
    problems, planned, seen = [], [], set()
    for run in runs:
        if why := run_name_problem(run.name):
            problems.append(why)
            continue
        if run.name in seen:
            problems.append(f"run name {run.name!r} is used twice")
        seen.add(run.name)
        if not run.notebook.is_file():
            problems.append(f"{run.name}: no notebook {run.notebook}")
            continue
        try:
            declared = notebook_parameters(run.notebook)
            params = run.parameters | ({"corpus_path": str(Path(corpus).resolve())}
                                       if "corpus_path" in declared else {})
            check_parameters(run.notebook, params)
            if why := date_problem(params, declared):
                raise ValueError(why)
            planned.append(replace(run, parameters=params,
                                   question=run.question or notebook_question(run.notebook)))
        except Exception as exc:
            problems.append(f"{run.name}: {exc}")
    if problems:
        raise ValueError("reports not built:\n  " + "\n  ".join(problems))
    return planned


# --- running many -------------------------------------------------------------------------

def _one_thread_each() -> None:
    """Nothing -> numerical libraries in this worker and its kernels use one thread each, so
    parallel runs share the cores instead of oversubscribing them."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def _interrupt_when(stop) -> None:
    """Stop event -> None; waits for it, then interrupts this process's main thread."""
    stop.wait()
    os.kill(os.getpid(), signal.SIGINT)


def _worker_init(stop, log: str) -> None:
    """The build's stop event and log file -> None; this worker leaves the terminal's process
    group (the build relays Ctrl-C to it, after setting the event, so a run knows why it
    ended) and sends its stderr, which its kernels inherit, to the log, not the terminal."""
    global _STOP
    _STOP = stop
    os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # between runs: a late Ctrl-C is moot
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666 & ~current_umask())
    os.dup2(fd, 2)
    os.close(fd)
    _one_thread_each()
    threading.Thread(target=_interrupt_when, args=(stop,), daemon=True).start()


def _run_in_child(run: Run, out_dir: Path, timeout: int) -> RunResult:
    """A run -> its result; the entry point of each worker process. Ctrl-C interrupts only
    while a run goes: an idle worker that died of it would break the pool and orphan the
    kernels of the others."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return run_notebook(run.notebook, out_dir, run.parameters, timeout=timeout, name=run.name,
                            question=run.question)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _not_run(run: Run, error: str, status: str = "failed") -> RunResult:
    """A run that produced nothing, and why -> its RunResult."""
    return RunResult(run.name, run.notebook, status, run.parameters, _now(), 0.0, None, None,
                     error, question=run.question)


@contextmanager
def _sigterm_as_interrupt():
    """A context in which SIGTERM stops the build the way Ctrl-C does (main thread only)."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def run_all(runs: list[Run], out_dir: Path, *, jobs: int = 1, timeout: int = 600,
            progress: bool = False) -> list[RunResult]:
    """Planned runs -> their results in run order; ``jobs`` worker processes at a time.
    Ctrl-C (or SIGTERM) cancels the queued runs and stops the running ones: all of them come
    back with status "interrupted". What kernels print to stderr goes to out_dir/build.log."""
    ensure_kernel()                     # once, before any worker could race to install it
    log = out_dir / BUILD_LOG
    log.write_text("", encoding="utf-8")
    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    results: dict[str, RunResult] = {}
    bar = tqdm(total=len(runs), desc="reports", unit="run", disable=not progress)
    with _sigterm_as_interrupt(), ProcessPoolExecutor(
            max_workers=max(1, min(jobs, len(runs) or 1)), mp_context=ctx,
            initializer=_worker_init, initargs=(stop, str(log))) as pool:
        futures = {pool.submit(_run_in_child, run, out_dir, timeout): run for run in runs}
        try:
            for future in as_completed(futures):
                results[futures[future].name] = _outcome(future, futures[future])
                bar.update()
        except KeyboardInterrupt:
            stop.set()                   # workers interrupt their kernels, queued runs are dropped
            for future, run in futures.items():
                if future.cancel():
                    results[run.name] = _not_run(run, INTERRUPTED_QUEUED, "interrupted")
            for future in as_completed([f for f in futures if not f.cancelled()]):
                results.setdefault(futures[future].name, _outcome(future, futures[future]))
                bar.update()
    bar.close()
    return [results[run.name] for run in runs]


def _outcome(future, run: Run) -> RunResult:
    """A finished future and its run -> the RunResult (the worker's, or why it has none)."""
    try:
        return future.result()
    except KeyboardInterrupt:
        return _not_run(run, INTERRUPTED_RUNNING, "interrupted")
    except Exception as exc:             # the worker process itself died
        return _not_run(run, f"{type(exc).__name__}: {exc}")


def select_runs(runs: list[Run], only: list[str] | None) -> list[Run]:
    """Runs and names (or name prefixes, as in "framing" for "framing-press-tv") -> the runs
    they name; ValueError if they name none."""
    if not only:
        return runs
    chosen = [r for r in runs if any(r.name == o or r.name.startswith(f"{o}-") for o in only)]
    if not chosen:
        raise ValueError(f"no configured run is named {', '.join(only)} "
                         f"(runs: {', '.join(r.name for r in runs)})")
    return chosen


def build_reports(notebooks_dir: str | Path = NOTEBOOKS_DIR, out_dir: str | Path = REPORTS_DIR,
                  corpus: str | Path = CORPUS_DIR, *, config: str | Path | None = None,
                  only: list[str] | None = None, jobs: int = 1, timeout: int = 600,
                  progress: bool = False) -> pd.DataFrame:
    """Notebooks (or a reports TOML), output folder, corpus -> one row per run of this build
    (RunResult fields); writes every run's outputs and out_dir/index.html, which keeps the
    rows of earlier builds' other runs.

    Without ``config``, ``notebooks_dir/reports.toml`` is used if present, else one default
    run per notebook. ``only`` keeps the runs with those names (or name prefixes). The
    corpus is always ``corpus``: every notebook that takes corpus_path gets it.
    """
    corpus, out_dir = Path(corpus).resolve(), Path(out_dir).resolve()
    config = config or (Path(notebooks_dir) / CONFIG_NAME if (Path(notebooks_dir) / CONFIG_NAME).exists() else None)
    runs = load_config(config, corpus) if config else default_runs(notebooks_dir)
    runs = plan_runs(select_runs(runs, only), corpus)
    fingerprint = corpus_fingerprint(corpus)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = [replace(r, corpus_sha256=fingerprint[1])
               for r in run_all(runs, out_dir, jobs=jobs, timeout=timeout, progress=progress)]
    listed = merge_results(previous_results(out_dir), results) if only else results
    write_index(out_dir, listed, corpus, fingerprint)
    rows = pd.DataFrame([asdict(r) for r in results], columns=[f.name for f in fields(RunResult)])
    return rows.astype({"failed_cell": "Int64"})  # a nullable int, not a float with NaN
