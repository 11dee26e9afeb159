"""Shared fixtures: a private per-user cache for the whole session, the seed corpus, and the
one report build of the session (every run of notebooks/reports.toml and the explorer, on
the seed corpus plus one hostile article)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from helpers.config import CORPUS_DIR, NOTEBOOKS_DIR

TESTS_DIR = Path(__file__).resolve().parent
TEST_DATA = TESTS_DIR / "data"
CACHE_ENV = "KREMLIN_SYRIA_CACHE"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory) -> Path:
    """Point the package's per-user cache at a fresh temp folder for the whole session.

    No test may depend on ~/.cache or ~/nltk_data; subprocesses inherit the variable.
    """
    folder = tmp_path_factory.mktemp("kremlin-syria-cache")
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture(scope="session")
def seed_articles(private_cache):
    """The articles table of the bundled seed corpus (read once; do not modify it)."""
    from helpers.corpus.reading import load_corpus

    return load_corpus(CORPUS_DIR)


# Each payload would leave a mark if it ran: a changed title, a global, a dialog.
HOSTILE = """Share this <script>window.pwned = 'script'; document.title = 'PWNED'</script>

<script>window.pwned = 'script'; alert('article-script')</script> The horrific, brutal attack killed and wounded hundreds.

<img src=x onerror="window.pwned = 'img'; alert('article-img')"> The terrible massacre was a disaster, a tragic war crime.

<a href="javascript:window.pwned='link'">Read more</a> about the ceasefire talks in the region.
"""


@pytest.fixture(scope="session")
def seed_reports(tmp_path_factory):
    """The session's one report build: (output folder, runs table, corpus folder), from every
    run of notebooks/reports.toml plus the explorer, on the seeds and one hostile article."""
    from helpers.run.reports import build_reports

    base = tmp_path_factory.mktemp("reports")
    corpus = shutil.copytree(CORPUS_DIR, base / "corpus")
    (corpus / "articles" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    with open(corpus / "manifest.csv", "a", encoding="utf-8") as f:
        f.write("hostile,articles/hostile.txt,Press TV,2016-10-01,manifest,Hostile test,,,\n")
    runs = (NOTEBOOKS_DIR / "reports.toml").read_text(encoding="utf-8")
    runs = re.sub(r'notebook = "([^"]+)"', lambda m: f'notebook = "{NOTEBOOKS_DIR / m[1]}"', runs)
    config = base / "reports.toml"
    config.write_text(runs + f'\n[[run]]\nnotebook = "{NOTEBOOKS_DIR / "06_explore.ipynb"}"\n',
                      encoding="utf-8")
    table = build_reports(out_dir=base / "out", corpus=corpus, config=config, jobs=2, timeout=300)
    return base / "out", table, corpus
