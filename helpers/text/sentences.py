"""NLTK offline: the data it needs, built from installed packages; sentences and VADER.

NLTK 3.10 loads resources only from its data roots and refuses group-writable or
hard-linked files, so nothing is shipped as nltk_data. At first use we write what NLTK
expects into a private folder (mode 0700) and put it on ``nltk.data.path``:

- ``sentiment/vader_lexicon.zip``: the VADER lexicon from the ``vaderSentiment`` package
  (the original authors' release, the same 7,506 entries NLTK downloads);
- ``tokenizers/punkt_tab/english/``: Punkt parameters built from ``data/abbreviations.txt``.

The folder's name is a hash of those inputs, so editing the abbreviation list builds a
new one rather than reusing a stale one. ``nltk.download()`` is never called.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import nltk
import pandas as pd

from helpers.run.cache import KEY, per_article, stage_version
from helpers.config import DATA_DIR, cache_dir
from helpers.schemas import columns

if TYPE_CHECKING:
    from helpers.measures.fast_vader import FastVader

ABBREVIATIONS_FILE = DATA_DIR / "abbreviations.txt"


def vader_lexicon_bytes() -> bytes:
    """The VADER lexicon text shipped inside the vaderSentiment package."""
    return files("vaderSentiment").joinpath("vader_lexicon.txt").read_bytes()


def _abbreviations() -> list[str]:
    """Abbreviation types from data/abbreviations.txt (comments and blanks dropped)."""
    lines = ABBREVIATIONS_FILE.read_text(encoding="utf-8").splitlines()
    return sorted({ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#")})


def _write_private(path: Path, data: bytes) -> None:
    """Write bytes to a new owner-only file (mode 0600), creating folders as 0700."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_bytes(data)
    path.chmod(0o600)


def _build_nltk_data(target: Path, lexicon: bytes, abbreviations: list[str]) -> None:
    """Write the VADER zip and Punkt tables into a fresh folder, then move it to target."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("vader_lexicon/vader_lexicon.txt", lexicon)
        _write_private(staging / "sentiment" / "vader_lexicon.zip", buf.getvalue())
        punkt = staging / "tokenizers" / "punkt_tab" / "english"
        _write_private(punkt / "abbrev_types.txt", ("\n".join(abbreviations) + "\n").encode())
        for name in ("collocations.tab", "sent_starters.txt", "ortho_context.tab"):
            _write_private(punkt / name, b"")
        for folder in [staging, *staging.rglob("*")]:
            if folder.is_dir():
                folder.chmod(0o700)
        os.rename(staging, target)          # atomic: readers see all of it or none
    except OSError:
        if not target.exists():            # another process may have won the race
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def nltk_data_dir() -> Path:
    """Build (once) and return the private NLTK data folder; it is put on nltk.data.path."""
    lexicon, abbreviations = vader_lexicon_bytes(), _abbreviations()
    digest = hashlib.sha256(lexicon + "\n".join(abbreviations).encode()).hexdigest()[:16]
    target = cache_dir() / "nltk_data" / digest
    if not target.exists():
        _build_nltk_data(target, lexicon, abbreviations)
    if str(target) not in nltk.data.path:
        nltk.data.path.insert(0, str(target))
    return target


@cache
def sentence_splitter() -> nltk.tokenize.PunktTokenizer:
    """NLTK's Punkt sentence tokenizer for English, loaded from the private data folder."""
    nltk_data_dir()
    return nltk.tokenize.PunktTokenizer("english")


@cache
def vader() -> FastVader:
    """Nothing -> NLTK's VADER analyser (its scores, tokenised faster: ``helpers.measures.fast_vader``),
    its lexicon loaded from the private data folder."""
    from helpers.measures.fast_vader import FastVader

    nltk_data_dir()
    return FastVader()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences in text; a paragraph break always ends one."""
    splitter, spans, offset = sentence_splitter(), [], 0
    for paragraph in text.split("\n\n"):
        spans += [(offset + s, offset + e) for s, e in splitter.span_tokenize(paragraph)]
        offset += len(paragraph) + 2
    return spans


SENTENCE_COLUMNS = columns("sentences")


def sentence_rows(bodies: dict[str, str]) -> pd.DataFrame:
    """Bodies by cache key -> one row per sentence: _key, sentence_no, start, end, text."""
    rows = [(key, i, s, e, body[s:e])
            for key, body in bodies.items() for i, (s, e) in enumerate(sentence_spans(body))]
    table = pd.DataFrame(rows, columns=[KEY, "sentence_no", "start", "end", "text"])
    return table.astype({"sentence_no": "int64", "start": "int64", "end": "int64"})


def splitter_version(*code) -> str:
    """Functions computing a sentence-level stage -> its cache version (NLTK and Punkt data too)."""
    return stage_version(files=[ABBREVIATIONS_FILE], code=[sentence_spans, sentence_rows, *code],
                         extra=[nltk.__version__])


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles (article_id, outlet, published, body) -> one row per sentence of each body.

    Columns: article_id, outlet, published, sentence_no (0-based within the article),
    start and end (character offsets into ``body``), text. Cached per article body.
    """
    table = per_article(articles, "body", "sentences", splitter_version(), sentence_rows)
    return table.astype({"published": "datetime64[ns]"})[SENTENCE_COLUMNS]
