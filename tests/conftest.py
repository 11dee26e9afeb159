"""Shared fixtures: a private per-user cache for the whole session, and the seed corpus."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.config import CORPUS_DIR

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
