"""What a notebook run read and produced: a provenance table, and values recorded for tests."""
from __future__ import annotations

import json
import platform
import subprocess
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
from IPython.display import display

from helpers import __version__
from helpers.config import PROJECT_ROOT
from helpers.corpus.reading import corpus_fingerprint

RECORD_MIME = "application/vnd.kremlin-syria.record+json"


SOFTWARE = ("pandas", "nltk", "papermill")     # the libraries whose versions a report names


def _installed(package: str) -> str:
    """Distribution name -> its installed version, or "not installed"."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def git_commit(root: str | Path = PROJECT_ROOT) -> str | None:
    """Project folder -> the git commit checked out there (marked if files differ from it),
    or None when it is not a git checkout or git is missing."""
    if not (Path(root) / ".git").exists():
        return None
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        changed = subprocess.run(["git", "-C", str(root), "status", "--porcelain",
                                  "--untracked-files=no"], capture_output=True, text=True,
                                 timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head} (with uncommitted changes)" if changed else head


def build_info() -> dict[str, str]:
    """Nothing -> {item: value}: package version, git commit (when there is one), and the
    versions of Python, pandas, NLTK and papermill."""
    commit = git_commit()
    return ({"package version": __version__} | ({"git commit": commit} if commit else {})
            | {"Python": platform.python_version()}
            | {name if name != "nltk" else "NLTK": _installed(name) for name in SOFTWARE})


def run_provenance(corpus_path: str | Path, **parameters) -> pd.DataFrame:
    """Corpus folder and the run's parameters -> a two-column table (item, value) to show:
    the corpus (full path, article count, full sha256), the software, the time of the run."""
    n_articles, digest = corpus_fingerprint(corpus_path)
    info = build_info()
    items = {
        "corpus": str(Path(corpus_path).resolve()),
        "articles in corpus": n_articles,
        "corpus hash (sha256)": digest,
        **info,
        "sentiment": f"NLTK {info['NLTK']} VADER (lexicon from vaderSentiment)",
        "run at (UTC)": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
    } | {f"parameter {k}": json.dumps(v, default=str) for k, v in parameters.items()}
    return pd.DataFrame({"item": list(items), "value": [str(v) for v in items.values()]})


def record(**values) -> None:
    """Name=value pairs (JSON-serialisable) -> a hidden output tests read back from the notebook."""
    display({RECORD_MIME: json.loads(json.dumps(values, default=_plain))}, raw=True)


def _plain(value):
    """A value json cannot write -> a plain Python one (numpy scalars) or its text."""
    return value.item() if hasattr(value, "item") else str(value)


def recorded(notebook: dict) -> dict:
    """An executed notebook (nbformat dict) -> every value its cells recorded, merged."""
    values = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            values |= output.get("data", {}).get(RECORD_MIME, {})
    return values
