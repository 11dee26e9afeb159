"""The Parquet cache: reused when nothing changed, per article when one did, never half-written."""
from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

import helpers.corpus.reading as corpus
import helpers.text.sentences as language
from helpers.run import cache
from helpers.config import CORPUS_DIR
from helpers.measures.tone import sentence_sentiment

BODIES = [
    "Peskov said the talks would go on. Lavrov agreed on Monday.",
    "The ministry denied the report. It called the claims false.",
    "Russia's air force flew 60 sorties. The Pentagon said little.",
]


def articles(bodies=BODIES) -> pd.DataFrame:
    """Bodies -> a minimal articles table (one outlet, one date)."""
    return pd.DataFrame({
        "article_id": [f"a{i}" for i in range(len(bodies))],
        "outlet": "Outlet",
        "published": pd.Timestamp("2016-09-29"),
        "body": bodies,
    })


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache folder for this test only, and the cache switched on."""
    monkeypatch.setenv("KREMLIN_SYRIA_CACHE", str(tmp_path))
    monkeypatch.delenv("KREMLIN_SYRIA_NO_CACHE", raising=False)
    return tmp_path


@pytest.fixture
def counted(monkeypatch):
    """Count the bodies the sentence stage computes (its function wrapped, same every call)."""
    calls: list[list[str]] = []
    original = language.sentence_rows

    def sentence_rows(bodies):
        calls.append(sorted(bodies.values()))
        return original(bodies)

    monkeypatch.setattr(language, "sentence_rows", sentence_rows)
    return calls


def test_second_run_reads_every_row_from_the_store(fresh_cache, counted):
    first = language.split_sentences(articles())
    second = language.split_sentences(articles())
    assert counted == [sorted(BODIES)]                       # computed once, read once
    pd.testing.assert_frame_equal(first, second)
    assert list((fresh_cache / "tables").glob("sentences-*.parquet"))


def test_changing_one_article_recomputes_that_article_only(fresh_cache, counted):
    language.split_sentences(articles())
    changed = [BODIES[0], BODIES[1] + " A new sentence.", BODIES[2]]
    table = language.split_sentences(articles(changed))
    assert counted[1] == [changed[1]]
    assert table.loc[table["article_id"] == "a1", "text"].iloc[-1] == "A new sentence."


def test_cached_and_uncached_results_are_identical(fresh_cache, monkeypatch):
    warm = sentence_sentiment(articles())
    cached = sentence_sentiment(articles())
    monkeypatch.setenv("KREMLIN_SYRIA_NO_CACHE", "1")
    uncached = sentence_sentiment(articles())
    pd.testing.assert_frame_equal(cached, uncached)
    pd.testing.assert_frame_equal(warm, uncached)


def test_no_cache_setting_computes_every_time(fresh_cache, counted, monkeypatch):
    monkeypatch.setenv("KREMLIN_SYRIA_NO_CACHE", "1")
    language.split_sentences(articles())
    language.split_sentences(articles())
    assert len(counted) == 2
    assert not (fresh_cache / "tables").exists()


def test_version_changes_with_a_data_file_and_with_code(tmp_path):
    lexicon = tmp_path / "lexicon.txt"
    lexicon.write_text("war\t-2.9\n", encoding="utf-8")
    before = cache.stage_version(files=[lexicon], code=[articles])
    lexicon.write_text("war\t-1.0\n", encoding="utf-8")
    assert cache.stage_version(files=[lexicon], code=[articles]) != before
    assert cache.stage_version(files=[lexicon], code=[counted]) != cache.stage_version(files=[lexicon], code=[articles])


def test_interrupted_write_leaves_the_old_store_whole(fresh_cache, counted, monkeypatch):
    language.split_sentences(articles(BODIES[:2]))
    store = next((fresh_cache / "tables").glob("sentences-*.parquet"))
    before = store.read_bytes()

    def crash(src, dst):
        raise KeyboardInterrupt("interrupted")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        language.split_sentences(articles())                  # one new body: a write is due
    assert store.read_bytes() == before
    assert [p.name for p in store.parent.iterdir()] == [store.name]   # no temporary file left
    monkeypatch.undo()
    assert len(pd.read_parquet(store)["_key"].unique()) == 2


@pytest.fixture
def counted_cleaning(monkeypatch):
    """Count the raw texts the loader cleans."""
    calls: list[str] = []
    original = corpus.clean_text

    def clean_text(raw, **options):
        calls.append(raw)
        return original(raw, **options)

    monkeypatch.setattr(corpus, "clean_text", clean_text)
    return calls


def test_loading_an_unchanged_corpus_cleans_nothing_again(fresh_cache, counted_cleaning, tmp_path):
    folder = shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    first, first_audit = corpus.read_corpus(folder)
    assert len(counted_cleaning) == 5
    second, second_audit = corpus.read_corpus(folder)
    assert len(counted_cleaning) == 5                         # all five read from the store
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first_audit, second_audit)


def test_editing_one_article_cleans_that_article_only(fresh_cache, counted_cleaning, tmp_path):
    folder = shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    corpus.read_corpus(folder)
    edited = folder / "articles" / "002_efd0d1664d1d1a47.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nPeskov added nothing more.\n",
                      encoding="utf-8")
    articles, _ = corpus.read_corpus(folder)
    assert len(counted_cleaning) == 6 and counted_cleaning[-1].endswith("Peskov added nothing more.\n")
    assert articles.loc[articles["article_id"] == "efd0d1664d1d1a47", "body"].iloc[0].endswith(
        "Peskov added nothing more.")


def cut_every_store(folder) -> list:
    """Cache folder -> its Parquet stores, each cut to its first half."""
    stores = sorted((folder / "tables").glob("*.parquet"))
    for store in stores:
        store.write_bytes(store.read_bytes()[: store.stat().st_size // 2])
    return stores


def test_a_cut_store_is_warned_about_removed_and_recomputed(fresh_cache, tmp_path):
    folder = shutil.copytree(CORPUS_DIR, tmp_path / "corpus")
    first, _ = corpus.read_corpus(folder)
    tones = sentence_sentiment(first)
    stores = cut_every_store(fresh_cache)
    assert {store.name.split("-")[0] for store in stores} >= {"clean", "vader"}
    with pytest.warns(UserWarning) as caught:
        again, _ = corpus.read_corpus(folder)
        tones_again = sentence_sentiment(again)
    named = {store.name for store in stores if any(store.name in str(w.message) for w in caught)}
    assert named == {store.name for store in stores}
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(tones, tones_again)
    assert all(len(pd.read_parquet(store)) > 0 for store in stores)   # rewritten whole


def test_a_garbage_store_is_replaced(fresh_cache, counted):
    language.split_sentences(articles())
    store = next((fresh_cache / "tables").glob("sentences-*.parquet"))
    store.write_bytes(b"PAR1 not a table")
    with pytest.warns(UserWarning, match=store.name):
        table = language.split_sentences(articles())
    assert counted == [sorted(BODIES), sorted(BODIES)]
    assert table.loc[table["article_id"] == "a2", "text"].tolist() == [
        "Russia's air force flew 60 sorties.", "The Pentagon said little."]


def test_an_unwritable_cache_folder_is_a_warning(fresh_cache, monkeypatch):
    expected = language.split_sentences(articles())
    tables = fresh_cache / "tables"
    shutil.rmtree(tables)
    if os.geteuid() == 0:                                     # root ignores chmod: simulate it
        def refuse(table, path):
            raise PermissionError(13, "Permission denied", str(path))
        monkeypatch.setattr(cache, "write_parquet_atomic", refuse)
    else:
        tables.mkdir()
        tables.chmod(0o500)
    try:
        with pytest.warns(UserWarning, match="could not be written"):
            table = language.split_sentences(articles())
    finally:
        if tables.exists():
            tables.chmod(0o700)
    pd.testing.assert_frame_equal(table, expected)
    assert not tables.exists() or not list(tables.glob("*.parquet"))   # nothing was cached
