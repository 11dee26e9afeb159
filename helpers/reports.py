"""Run the analysis notebooks with papermill and publish them as code-free HTML reports."""
from __future__ import annotations

import html
import os
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, fields
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
from traitlets.config import Config

import helpers
from helpers.config import CORPUS_DIR, KERNEL_NAME, NOTEBOOKS_DIR, REPORTS_DIR
from helpers.corpus import corpus_fingerprint
from helpers.provenance import RECORD_MIME

_UMASK = os.umask(0o022)  # read the process umask (and put it back)
os.umask(_UMASK)

# What untrusted HTML may keep: bleach's inline defaults, prose blocks, and pandas tables.
TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "caption", "colgroup", "col"}
SAFE_TAGS = set(ALLOWED_TAGS) | TABLE_TAGS | {"p", "div", "span", "br", "hr", "pre",
                                               "h1", "h2", "h3", "h4", "h5", "h6"}
SAFE_ATTRS = {**ALLOWED_ATTRIBUTES,
              **{tag: ["class", "border", "colspan", "rowspan", "halign"] for tag in TABLE_TAGS}}
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


def export_html(ipynb_path: str | Path, html_path: str | Path) -> Path:
    """Executed notebook -> sanitised, code-free HTML report at html_path (written atomically)."""
    c = Config()
    c.HTMLExporter.update(exclude_input=True, exclude_input_prompt=True,
                          exclude_output_prompt=True)
    c.SanitizeHTML.update(tags=sorted(SAFE_TAGS), attributes=SAFE_ATTRS, strip=True)
    exporter = HTMLExporter(config=c)
    exporter.register_preprocessor(_disarm_outputs)
    exporter.register_preprocessor(SanitizeHTML, enabled=True)
    body, _ = exporter.from_filename(str(ipynb_path))
    return _atomic_write(Path(html_path), body)


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


def run_notebook(notebook: str | Path, out_dir: str | Path, parameters: dict, *,
                 timeout: int = 600) -> RunResult:
    """Notebook, output folder, parameters -> RunResult; out_dir/<stem>.ipynb and .html.
    A failing notebook does not raise: its partial notebook and HTML are kept."""
    notebook, out_dir = Path(notebook).resolve(), Path(out_dir).resolve()
    check_parameters(notebook, parameters)
    out_dir.mkdir(parents=True, exist_ok=True)
    ipynb, html_path = out_dir / f"{notebook.stem}.ipynb", out_dir / f"{notebook.stem}.html"
    fd, scratch = tempfile.mkstemp(dir=out_dir, prefix=f".{notebook.stem}.", suffix=".ipynb")
    os.close(fd)
    started, t0 = _now(), time.monotonic()
    error = failed_cell = None
    try:
        try:
            pm.execute_notebook(notebook, scratch, parameters=parameters,
                                kernel_name=ensure_kernel(), cwd=notebook.parent,
                                execution_timeout=timeout, progress_bar=False, log_output=False)
        except PapermillExecutionError as exc:
            error = f"{exc.ename}: {exc.evalue}"
        except Exception as exc:  # dead kernel, timeout, kernel that never started ...
            error = f"{type(exc).__name__}: {exc}"
        if os.path.getsize(scratch):  # papermill wrote something: keep it, even if partial
            nb = nbformat.read(scratch, as_version=4)
            nb.metadata.setdefault("papermill", {})["output_path"] = str(ipynb)
            failed_cell = _failed_cell(nb) if error else None
            _atomic_write(ipynb, nbformat.writes(nb))
            try:
                export_html(ipynb, html_path)
            except Exception as exc:
                error = error or f"HTML export failed: {type(exc).__name__}: {exc}"
                html_path = None
        else:
            ipynb = html_path = None
    finally:
        Path(scratch).unlink(missing_ok=True)
    return RunResult(name=notebook.stem, notebook=notebook, status="failed" if error else "ok",
                     parameters=dict(parameters), started=started,
                     seconds=round(time.monotonic() - t0, 2), ipynb=ipynb, html=html_path,
                     error=error, failed_cell=failed_cell)


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
                    f'<td>{link(r.ipynb, "ipynb")}</td><td>{status}</td><td>{params}</td>'
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
<table><thead><tr><th>Report</th><th>Notebook</th><th>Status</th><th>Parameters</th>
<th>Duration</th><th>Started</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


def build_reports(notebooks_dir: str | Path = NOTEBOOKS_DIR, out_dir: str | Path = REPORTS_DIR,
                  corpus: str | Path = CORPUS_DIR, *, timeout: int = 600) -> pd.DataFrame:
    """Notebook folder, output folder, corpus -> one row per run (RunResult fields);
    runs every notebook in name order and writes out_dir/index.html."""
    corpus, out_dir = Path(corpus).resolve(), Path(out_dir).resolve()
    fingerprint = corpus_fingerprint(corpus)
    results = []
    for notebook in sorted(Path(notebooks_dir).resolve().glob("*.ipynb")):
        params = {}
        try:  # papermill cannot inspect unreadable notebooks or ones without a kernelspec
            params = {"corpus_path": str(corpus)} if "corpus_path" in notebook_parameters(
                notebook) else {}
            results.append(run_notebook(notebook, out_dir, params, timeout=timeout))
        except Exception as exc:
            results.append(RunResult(notebook.stem, notebook, "failed", params, _now(), 0.0,
                                     None, None, f"not run: {type(exc).__name__}: {exc}"))
    out_dir.mkdir(parents=True, exist_ok=True)
    _atomic_write(out_dir / "index.html", _index_html(results, corpus, fingerprint))
    rows = pd.DataFrame([asdict(r) for r in results], columns=[f.name for f in fields(RunResult)])
    return rows.astype({"failed_cell": "Int64"})  # a nullable int, not a float with NaN
