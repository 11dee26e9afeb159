"""Where things live: every path the package uses, in one place."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"              # lexicons, frame dictionaries, cleaning rules
CORPUS_DIR = PROJECT_ROOT / "corpus"         # the bundled seed corpus
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"

KERNEL_NAME = "kremlin-syria"                # the Jupyter kernel the notebooks run on


def cache_dir() -> Path:
    """Per-user cache folder ($KREMLIN_SYRIA_CACHE, else $XDG_CACHE_HOME or ~/.cache)."""
    if override := os.environ.get("KREMLIN_SYRIA_CACHE"):
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kremlin-syria-coverage"


EXPORT_ENV = "KREMLIN_SYRIA_EXPORT_DIR"       # set by the report build: where a run's files go


def export_dir() -> Path | None:
    """Folder for a report's table CSVs and figure files ($KREMLIN_SYRIA_EXPORT_DIR, made if
    need be), or None when unset (in JupyterLab): then nothing is written."""
    if folder := os.environ.get(EXPORT_ENV):
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return None
