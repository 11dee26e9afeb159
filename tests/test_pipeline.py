"""The streamed pipeline: the same tables as the notebooks' functions, cached per article."""
from __future__ import annotations

import importlib.util
import sys
import shutil
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from helpers.config import CORPUS_DIR
from helpers.corpus.reading import CorpusError, load_corpus
from helpers.measures.framing import frame_matches
from helpers.run.pipeline import ARTICLE_TABLE_COLUMNS, TABLES, canonical, load_tables, run_pipeline
from helpers.measures.tone import article_tone, sentence_sentiment

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
STAGES = ("articles", "sentences", "tone", "frames")


def corpora_module():
    """Nothing -> benchmarks/corpora.py as a module (it builds the synthetic corpora)."""
    spec = importlib.util.spec_from_file_location("bench_corpora", BENCHMARKS / "corpora.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module             # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory, private_cache) -> Path:
    """A 30-article corpus of seed sentences recombined, in three Parquet shards."""
    corpora = corpora_module()
    folder = tmp_path_factory.mktemp("synthetic")
    corpora.build_corpus(folder / "corpus", 30, corpora.material(with_shared=False), chunksize=10)
    return folder / "corpus"


def reference(folder: Path) -> dict[str, pd.DataFrame]:
    """Corpus folder -> the four tables as a notebook computes them, one function at a time."""
    articles = load_corpus(folder)
    scored = sentence_sentiment(articles)
    return {"articles": articles[ARTICLE_TABLE_COLUMNS], "sentences": scored,
            "tone": article_tone(scored), "frames": frame_matches(scored)}


def assert_same(tables: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    """Two sets of tables -> equal bit for bit once rows are sorted by their keys."""
    for name in TABLES:
        assert_frame_equal(canonical(tables[name], name), canonical(expected[name], name),
                           check_exact=True)


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder for this test only."""
    monkeypatch.setenv("KREMLIN_SYRIA_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_seed_corpus_matches_the_notebook_functions(fresh_cache):
    result = run_pipeline(CORPUS_DIR, workers=1)
    assert_same(result.tables, reference(CORPUS_DIR))
    assert [result.computed(s) for s in STAGES] == [5, 5, 5, 5]


def test_tables_keep_article_and_sentence_order(fresh_cache):
    tables = run_pipeline(CORPUS_DIR, workers=1).tables
    expected = sentence_sentiment(load_corpus(CORPUS_DIR))
    assert_frame_equal(tables["sentences"], expected.reset_index(drop=True))


def test_worker_processes_and_streaming_give_the_same_tables(synthetic, fresh_cache, tmp_path):
    result = run_pipeline(synthetic, tmp_path / "out", workers=2, batch_size=7)
    assert result.tables is None and result.workers == 2
    assert sorted(p.name for p in (tmp_path / "out" / "sentences").iterdir()) == \
        [f"part-{n:06d}.parquet" for n in range(5)]
    assert_same(load_tables(tmp_path / "out"), reference(synthetic))


def test_second_run_reads_every_row_from_the_cache(synthetic, fresh_cache):
    first = run_pipeline(synthetic, workers=1, batch_size=8)
    second = run_pipeline(synthetic, workers=1, batch_size=8)
    assert [first.computed(s) for s in STAGES] == [30, 30, 30, 30]
    assert [second.computed(s) for s in STAGES] == [0, 0, 0, 0]
    assert [second.cached(s) for s in STAGES] == [30, 30, 30, 30]
    assert_same(second.tables, first.tables)


def test_an_added_article_is_the_only_one_computed(synthetic, fresh_cache, tmp_path):
    corpora = corpora_module()
    corpus = tmp_path / "corpus"
    shutil.copytree(synthetic, corpus)
    run_pipeline(corpus, workers=1, batch_size=8)
    parts = {p: p.stat().st_mtime_ns for p in fresh_cache.rglob("*.parquet")}
    corpora.add_one(corpus, 30, corpora.material(with_shared=False), tmp_path / "added")
    again = run_pipeline(corpus, workers=1, batch_size=8)
    assert [again.computed(s) for s in STAGES] == [1, 1, 1, 1]
    assert {p: p.stat().st_mtime_ns for p in parts} == parts       # old parts never rewritten
    assert_same(again.tables, reference(corpus))


def test_a_changed_article_is_recomputed(fresh_cache, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    run_pipeline(corpus, workers=1)
    first = sorted((corpus / "articles").iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nRussia denied it.\n", encoding="utf-8")
    again = run_pipeline(corpus, workers=1)
    assert [again.computed(s) for s in STAGES] == [1, 1, 1, 1]
    assert_same(again.tables, reference(corpus))


def test_no_cache_variable_bypasses_the_store(fresh_cache, monkeypatch):
    monkeypatch.setenv("KREMLIN_SYRIA_NO_CACHE", "1")
    result = run_pipeline(CORPUS_DIR, workers=1)
    assert result.computed() == 5 and result.cached() == 0
    assert not (fresh_cache / "pipeline").exists()


def test_broken_article_raises_or_is_skipped(fresh_cache, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    broken = sorted((corpus / "articles").iterdir())[1]
    broken.write_bytes(b"")
    with pytest.raises(CorpusError, match="empty"):
        run_pipeline(corpus, workers=1)
    for _ in range(2):                       # a batch with a problem is never kept
        with pytest.warns(UserWarning, match="skipped 1 broken article"):
            result = run_pipeline(corpus, workers=1, skip_broken=True)
    assert result.tables["articles"]["article_id"].nunique() == 4


def rewrite_shards(corpus: Path, rows_per_group: int, *, reverse: bool = False) -> None:
    """Corpus -> its shards written again with small row groups (rows reversed if asked)."""
    import pyarrow.parquet as pq

    for shard in sorted((corpus / "shards").glob("*.parquet")):
        table = pq.read_table(shard)
        table = table.take(list(range(table.num_rows))[::-1]) if reverse else table
        pq.write_table(table, shard, row_group_size=rows_per_group)


def test_batches_read_their_rows_from_shards_of_many_row_groups(synthetic, fresh_cache, tmp_path):
    import pyarrow.parquet as pq

    corpus = tmp_path / "corpus"
    shutil.copytree(synthetic, corpus)
    rewrite_shards(corpus, 3)
    assert pq.ParquetFile(next((corpus / "shards").glob("*.parquet"))).num_row_groups == 4
    assert_same(run_pipeline(corpus, workers=1, batch_size=4).tables, reference(corpus))
    rewrite_shards(corpus, 3, reverse=True)            # the same ids, now in other row groups
    again = run_pipeline(corpus, workers=1, batch_size=4)
    assert [again.computed(s) for s in STAGES] == [0, 0, 0, 0]
    assert_same(again.tables, reference(corpus))


def test_an_unchanged_batch_is_copied_without_reading_its_texts(synthetic, fresh_cache, tmp_path):
    first = run_pipeline(synthetic, tmp_path / "first", workers=1, batch_size=8)
    second = run_pipeline(synthetic, tmp_path / "second", workers=1, batch_size=8)
    assert first.seconds["read"] > 0 and second.seconds["read"] == 0
    assert [second.computed(s) for s in STAGES] == [0, 0, 0, 0]
    assert [second.cached(s) for s in STAGES] == [30, 30, 30, 30]
    for name in TABLES:
        parts = sorted(p.name for p in (tmp_path / "first" / name).iterdir())
        assert parts == sorted(p.name for p in (tmp_path / "second" / name).iterdir())
        assert all((tmp_path / "first" / name / p).read_bytes() ==
                   (tmp_path / "second" / name / p).read_bytes() for p in parts)
    assert_same(run_pipeline(synthetic, workers=1, batch_size=8).tables, reference(synthetic))


def test_a_batch_whose_kept_tables_were_deleted_is_run_again(synthetic, fresh_cache):
    first = run_pipeline(synthetic, workers=1, batch_size=8)
    for kept in (fresh_cache / "pipeline" / "batches").glob("*/sentences.parquet"):
        kept.unlink()
    again = run_pipeline(synthetic, workers=1, batch_size=8)
    assert again.seconds["read"] > 0 and again.computed() == 0
    assert_same(again.tables, first.tables)


def test_an_edited_manifest_row_reruns_its_batch(fresh_cache, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    run_pipeline(corpus, workers=1)
    manifest = pd.read_csv(corpus / "manifest.csv", dtype=str, keep_default_na=False)
    manifest.loc[0, "url"] = "https://example.org/moved"
    manifest.to_csv(corpus / "manifest.csv", index=False)
    again = run_pipeline(corpus, workers=1)
    assert [again.computed(s) for s in STAGES] == [1, 0, 0, 0]
    assert again.tables["articles"].loc[0, "url"] == "https://example.org/moved"
