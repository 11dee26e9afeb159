"""What a notebook run read and produced: a provenance table, and values recorded for tests."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import nltk
import pandas as pd
from IPython.display import display

from . import __version__
from .corpus import corpus_fingerprint

RECORD_MIME = "application/vnd.kremlin-syria.record+json"


def run_provenance(corpus_path: str | Path, **parameters) -> pd.DataFrame:
    """Corpus folder and the run's parameters -> a two-column table (item, value) to show."""
    n_articles, digest = corpus_fingerprint(corpus_path)
    items = {
        "corpus": str(Path(corpus_path).resolve().name),
        "articles in corpus": n_articles,
        "corpus hash (sha256)": digest[:16],
        "package version": __version__,
        "sentiment": f"NLTK {nltk.__version__} VADER (lexicon from vaderSentiment)",
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
