"""Tests for helpers.schemas: the declared tables, and the tables the package makes conform."""
from __future__ import annotations

import pandas as pd
import pytest

import helpers as h
from helpers import schemas
from helpers.config import CORPUS_DIR
from support import assert_schema


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return h.load_corpus(CORPUS_DIR)


def test_every_declared_table_has_columns_and_known_dtypes():
    known = {"str", "int64", "float64", "datetime64[ns]"}
    for table, declared in schemas.schemas().items():
        assert declared, table
        assert set(declared.values()) <= known, table


def test_an_unknown_table_is_named_with_the_known_ones():
    with pytest.raises(KeyError, match="no table 'article'.*known: articles"):
        schemas.columns("article")


def test_differences_names_a_missing_column_and_a_wrong_dtype():
    frame = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "line_no": [1.5], "rule": ["r"]})
    problems = schemas.differences(frame, "audit")
    assert any("declared" in p and "text" in p for p in problems)
    assert "line_no: dtype float64, declared int64" in problems


def test_a_toml_syntax_error_names_the_file(tmp_path, monkeypatch):
    bad = tmp_path / "schemas.toml"
    bad.write_text("[articles\n", encoding="utf-8")
    monkeypatch.setattr(schemas, "SCHEMAS_FILE", bad)
    schemas.schemas.cache_clear()
    try:
        with pytest.raises(ValueError, match="schemas.toml"):
            schemas.schemas()
    finally:
        schemas.schemas.cache_clear()


def test_the_seed_tables_conform_to_their_declarations(seeds):
    sentences = h.split_sentences(seeds)
    assert_schema(seeds, "articles")
    assert_schema(h.load_audit(CORPUS_DIR), "audit")
    assert_schema(sentences, "sentences")
    assert_schema(h.sentence_sentiment(seeds), "scored")
    assert_schema(h.outlet_tone(h.sentence_sentiment(seeds)).drop(columns="outlet"), "tone")
    assert_schema(h.actor_mentions(seeds), "mentions")
    assert_schema(h.kwic(seeds, "Syria"), "kwic")
    assert_schema(h.voices(seeds), "voices")
    assert_schema(h.frame_matches(sentences).drop(columns="frame"), "matches")
