"""Tests for helpers.text.kwic: keyword in context for terms, regexes and any match table."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers.measures.framing import lexical_matches
from helpers.text.kwic import KWIC_COLUMNS, kwic, kwic_for, term_regex
from helpers.measures.voices import voices

BODY = ("The IS group took the town. The crisis grew.\n\n"
        "Isis fighters fled; this is it, said U.S. officials.")


def articles(*bodies: str) -> pd.DataFrame:
    """Bodies -> a minimal articles table (one outlet each, dated)."""
    return pd.DataFrame({
        "article_id": [f"a{i}" for i in range(len(bodies))],
        "outlet": [f"Outlet {i}" for i in range(len(bodies))],
        "published": pd.to_datetime(["2015-10-01"] * len(bodies)).astype("datetime64[ns]"),
        "body": list(bodies),
    })


def test_columns_and_types():
    table = kwic(articles(BODY), "town")
    assert list(table.columns) == KWIC_COLUMNS
    assert str(table["published"].dtype) == "datetime64[ns]"
    assert table["start"].dtype == "int64" and table["sentence_no"].dtype == "int64"


def test_no_match_gives_empty_table_with_columns():
    table = kwic(articles(BODY), "Peskov")
    assert table.empty and list(table.columns) == KWIC_COLUMNS


def test_word_boundary_case_sensitive():
    table = kwic(articles(BODY), "IS", case=True)
    assert list(table["match"]) == ["IS"]                   # not in "crISis", not "Isis", "this"


def test_word_boundary_ignoring_case():
    table = kwic(articles(BODY), "IS")
    assert list(table["match"]) == ["IS", "is"]


def test_term_with_regex_characters_is_literal():
    assert list(kwic(articles(BODY), "U.S.")["match"]) == ["U.S."]
    assert kwic(articles("US officials"), "U.S.").empty


def test_regex_mode():
    table = kwic(articles(BODY), r"IS(?:IS|IL)?", regex=True, case=False)
    assert list(table["match"]) == ["IS", "isis", "Isis", "is", "is"]   # inside "crisis", "this"
    table = kwic(articles(BODY), r"\bIs(?:is|il)\b", regex=True, case=True)
    assert list(table["match"]) == ["Isis"]


def test_offsets_round_trip_and_sentence_numbers():
    table = kwic(articles(BODY), "is")
    for r in table.itertuples():
        assert BODY[r.start:r.end] == r.match
    assert list(table["sentence_no"]) == [0, 2]


def test_window_truncates_at_body_ends():
    table = kwic(articles("Peskov said it."), "Peskov", window=60)
    assert table.loc[0, "left"] == "" and table.loc[0, "right"] == " said it."
    table = kwic(articles("It was Peskov"), "Peskov", window=60)
    assert table.loc[0, "left"] == "It was " and table.loc[0, "right"] == ""


def test_window_length_and_whitespace_folded():
    table = kwic(articles(BODY), "Isis", window=10, case=True)
    left, right = table.loc[0, "left"], table.loc[0, "right"]
    assert left == "is grew. " and "\n" not in left    # 10 characters, "\n\n" folded to one
    assert right == " fighters "
    assert len(kwic(articles(BODY), "town", window=5).loc[0, "left"]) <= 5


def test_multiword_term_matches_across_white_space():
    table = kwic(articles("the moderate\nopposition"), "moderate opposition")
    assert list(table["match"]) == ["moderate\nopposition"]


def test_rejects_empty_term_and_negative_window():
    with pytest.raises(ValueError):
        term_regex("  ")
    with pytest.raises(ValueError):
        kwic(articles(BODY), "IS", window=-1)


def test_seed_offsets_round_trip(seed_articles):
    table = kwic(seed_articles, "Peskov")
    bodies = dict(zip(seed_articles["article_id"], seed_articles["body"]))
    assert len(table) >= 15
    assert all(bodies[r.article_id][r.start:r.end] == r.match for r in table.itertuples())
    assert set(table["match"]) == {"Peskov"}


# --- kwic_for -----------------------------------------------------------------------------

def test_kwic_for_lexical_matches_gives_the_matched_words(seed_articles):
    found = lexical_matches(seed_articles)
    table = kwic_for(found, seed_articles, window=40)
    assert list(table.columns[:len(KWIC_COLUMNS)]) == KWIC_COLUMNS
    assert list(table["match"]) == list(found["match"])
    assert list(table["variant"]) == list(found["variant"])              # extra columns kept
    assert list(table["sentence_no"]) == list(found["sentence_no"])
    assert (table["left"].str.len() <= 40).all()


def test_kwic_for_voices_shows_the_quotes(seed_articles):
    found = voices(seed_articles)
    table = kwic_for(found, seed_articles)
    assert list(table["match"]) == list(found["quote"])
    assert list(table["speaker"]) == list(found["speaker"])


def test_kwic_for_keeps_match_table_order_and_handles_any_index():
    arts = articles("Peskov said it.", "Kerry said it.")
    matches = pd.DataFrame({"article_id": ["a1", "a0"], "start": [0, 0], "end": [5, 6]},
                           index=[7, 7])
    table = kwic_for(matches, arts)
    assert list(table["match"]) == ["Kerry", "Peskov"]
    assert list(table["outlet"]) == ["Outlet 1", "Outlet 0"]


def test_kwic_for_rejects_bad_input():
    arts = articles("Peskov said it.")
    with pytest.raises(ValueError, match="lacks"):
        kwic_for(pd.DataFrame({"article_id": ["a0"], "start": [0]}), arts)
    with pytest.raises(ValueError, match="not in the articles"):
        kwic_for(pd.DataFrame({"article_id": ["zz"], "start": [0], "end": [1]}), arts)
    with pytest.raises(ValueError, match="outside"):
        kwic_for(pd.DataFrame({"article_id": ["a0"], "start": [0], "end": [99]}), arts)


def test_kwic_for_empty_match_table():
    empty = pd.DataFrame({"article_id": [], "start": [], "end": []})
    table = kwic_for(empty, articles("x"))
    assert table.empty and list(table.columns) == KWIC_COLUMNS
