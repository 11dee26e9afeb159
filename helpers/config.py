"""Where things live: every path the package uses, in one place."""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"              # lexicons, frame dictionaries, cleaning rules
CORPUS_DIR = PROJECT_ROOT / "corpus"         # the bundled seed corpus
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"

KERNEL_NAME = "kremlin-syria"                # the Jupyter kernel the notebooks run on

# Set by the report build in every run's kernel environment:
EXPORT_ENV = "KREMLIN_SYRIA_EXPORT_DIR"      # the folder a run writes its tables' CSV and figures into
BATCH_ENV = "KREMLIN_SYRIA_BATCH"            # set: no frontend will show widgets (a batch build)


def cache_dir() -> Path:
    """Per-user cache folder ($KREMLIN_SYRIA_CACHE, else $XDG_CACHE_HOME or ~/.cache)."""
    if override := os.environ.get("KREMLIN_SYRIA_CACHE"):
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kremlin-syria-coverage"


@cache
def word_list(path: Path) -> frozenset[str]:
    """A word-list data file (one entry a line, "#" comments) -> its entries, lower case."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


def export_dir() -> Path | None:
    """Folder for a report's table CSVs and figure files ($KREMLIN_SYRIA_EXPORT_DIR, made if
    need be), or None when unset (in JupyterLab): then nothing is written."""
    if folder := os.environ.get(EXPORT_ENV):
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return None
