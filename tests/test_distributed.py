"""The pipeline on a Dask local cluster gives the single-machine tables, bit for bit."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from helpers.config import CORPUS_DIR
from helpers.corpus.reading import load_corpus
from helpers.run.distributed import run_on_dask
from helpers.measures.framing import frame_matches
from helpers.run.pipeline import TABLES, canonical, load_tables, run_pipeline
from helpers.measures.tone import article_tone, sentence_sentiment

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def cluster(private_cache):
    """A two-worker local cluster on the loopback interface, closed after the module."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0", host="127.0.0.1") as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory, private_cache) -> Path:
    """A 24-article corpus of seed sentences recombined, in three Parquet shards."""
    spec = importlib.util.spec_from_file_location("bench_corpora", BENCHMARKS / "corpora.py")
    corpora = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpora            # its dataclasses look themselves up there
    spec.loader.exec_module(corpora)
    folder = tmp_path_factory.mktemp("dask-synthetic")
    corpora.build_corpus(folder / "corpus", 24, corpora.material(with_shared=False), chunksize=8)
    return folder / "corpus"


def sorted_sentences(table):
    """A sentence table -> sorted by article_id and sentence_no, index 0..n-1."""
    return canonical(table, "sentences")


def test_seed_corpus_on_dask_equals_single_machine(cluster):
    result = run_on_dask(CORPUS_DIR, scheduler=cluster, batch_size=2)
    expected = sentence_sentiment(load_corpus(CORPUS_DIR))
    assert_frame_equal(sorted_sentences(result.tables["sentences"]), sorted_sentences(expected),
                       check_exact=True)
    assert result.workers == 2


def test_sharded_corpus_on_dask_equals_single_machine(cluster, synthetic, tmp_path):
    result = run_on_dask(synthetic, scheduler=cluster, out_dir=tmp_path / "out", batch_size=5)
    assert result.tables is None
    tables = load_tables(tmp_path / "out")
    scored = sentence_sentiment(load_corpus(synthetic))
    assert_frame_equal(sorted_sentences(tables["sentences"]), sorted_sentences(scored),
                       check_exact=True)
    assert_frame_equal(canonical(tables["tone"], "tone"), canonical(article_tone(scored), "tone"))
    assert_frame_equal(canonical(tables["frames"], "frames"),
                       canonical(frame_matches(scored), "frames"))
    single = run_pipeline(synthetic, workers=1, batch_size=5).tables
    for name in TABLES:
        assert_frame_equal(tables[name], single[name], check_exact=True)


def test_without_an_address_a_local_cluster_is_started_and_closed():
    result = run_on_dask(CORPUS_DIR, n_workers=1)
    assert result.workers == 1
    assert_frame_equal(sorted_sentences(result.tables["sentences"]),
                       sorted_sentences(sentence_sentiment(load_corpus(CORPUS_DIR))),
                       check_exact=True)
