"""Tests for helpers.measures.keyness: weighted log-odds with an informative Dirichlet prior."""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from helpers.figures.framing import plot_keyness  # noqa: E402
from helpers.measures.keyness import STOPWORDS_FILE, keyness, load_stopwords, tokens  # noqa: E402

COLUMNS = ["outlet", "word", "count", "count_rest", "log_odds", "z", "n_words"]


def articles(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(article_id, outlet, body) rows -> a minimal articles table."""
    return pd.DataFrame(rows, columns=["article_id", "outlet", "body"])


def row(table: pd.DataFrame, group: str, word: str) -> pd.Series:
    found = table[(table["outlet"] == group) & (table["word"] == word)]
    assert len(found) == 1, (group, word)
    return found.iloc[0]


# Same size (6 tokens each); "peskov" only in A, "kerry" only in B, the rest shared equally.
TWO = articles([
    ("a1", "A", "Peskov Peskov Syria Syria talks talks"),
    ("b1", "B", "Kerry Kerry Syria Syria talks talks"),
])


# --- tokens -------------------------------------------------------------------------------

def test_tokens_lower_case_words_and_keep_acronyms():
    assert tokens("The Kremlin said US and IS") == ["the", "kremlin", "said", "US", "and", "IS"]


def test_tokens_drop_possessive_and_numbers_keep_inner_hyphen_and_apostrophe():
    assert tokens("Russia’s 83 soldiers, al-Nusra, co-operate, don't") == [
        "russia", "soldiers", "al-nusra", "co-operate", "don't"]


def test_tokens_read_initials_as_acronym():
    assert tokens("the U.S. said") == ["the", "US", "said"]


def test_stopwords_come_from_the_data_file():
    words = load_stopwords()
    assert STOPWORDS_FILE.name == "stopwords.txt"
    assert {"the", "and", "of"} <= words
    assert "said" not in words and "russia" not in words
    assert all(w == w.lower() and not w.startswith("#") for w in words)


# --- known answers ------------------------------------------------------------------------

def test_columns_and_sort_order():
    table = keyness(TWO)
    assert list(table.columns) == COLUMNS
    for _, group in table.groupby("outlet"):
        assert list(group["z"]) == sorted(group["z"], reverse=True)
    assert list(table["outlet"]) == sorted(table["outlet"])


def test_word_of_one_group_is_positive_for_it_and_negative_for_the_other():
    table = keyness(TWO)
    assert row(table, "A", "peskov")["log_odds"] > 0 and row(table, "A", "peskov")["z"] > 0
    assert row(table, "B", "peskov")["log_odds"] < 0 and row(table, "B", "peskov")["z"] < 0
    assert row(table, "A", "peskov")["count"] == 2 and row(table, "A", "peskov")["count_rest"] == 0
    assert table[table["outlet"] == "A"].iloc[0]["word"] == "peskov"


def test_words_used_equally_score_zero():
    table = keyness(TWO)
    for word in ("syria", "talks"):
        assert row(table, "A", word)["z"] == pytest.approx(0, abs=1e-12)
        assert row(table, "B", word)["log_odds"] == pytest.approx(0, abs=1e-12)


def test_two_groups_are_symmetric():
    table = keyness(articles([
        ("a1", "A", "war war war peace talks Syria Russia Russia"),
        ("b1", "B", "peace peace talks talks talks Syria"),
    ]), min_count=1)
    a = table[table["outlet"] == "A"].set_index("word")
    b = table[table["outlet"] == "B"].set_index("word").loc[a.index]
    np.testing.assert_allclose(a["log_odds"], -b["log_odds"])
    np.testing.assert_allclose(a["z"], -b["z"])


def test_three_groups_one_word_positive_only_for_its_group():
    table = keyness(articles([
        ("a1", "A", "Daesh Daesh Syria"),
        ("b1", "B", "Isis Syria Syria"),
        ("c1", "C", "Isis Syria Syria"),
    ]))
    assert row(table, "A", "daesh")["z"] > 0
    assert row(table, "B", "daesh")["z"] < 0 and row(table, "C", "daesh")["z"] < 0


def test_matches_the_formula_by_hand():
    table = keyness(TWO, prior=3.0)
    # corpus: 12 tokens, peskov 2 -> alpha = 3 * 2/12 = 0.5; n_A = n_B = 6, a0 = 3
    alpha, a0, n = 0.5, 3.0, 6
    delta = math.log((2 + alpha) / (n + a0 - 2 - alpha)) - math.log(alpha / (n + a0 - alpha))
    z = delta / math.sqrt(1 / (2 + alpha) + 1 / alpha)
    assert row(table, "A", "peskov")["log_odds"] == pytest.approx(delta)
    assert row(table, "A", "peskov")["z"] == pytest.approx(z)


def test_default_prior_is_the_corpus_counts():
    assert keyness(TWO).equals(keyness(TWO, prior=12.0))


def test_weaker_prior_shrinks_less():
    strong = row(keyness(TWO), "A", "peskov")["log_odds"]
    weak = row(keyness(TWO, prior=0.5), "A", "peskov")["log_odds"]
    assert weak > strong > 0


def test_stopwords_counted_but_not_shown():
    table = keyness(articles([("a1", "A", "the the Peskov Peskov"),
                              ("b1", "B", "the Kerry Kerry")]))
    assert "the" not in set(table["word"])
    assert row(table, "A", "peskov")["n_words"] == 4          # "the" still counts


def test_us_the_country_is_not_the_stopword_us():
    table = keyness(articles([("a1", "A", "US US us"), ("b1", "B", "UN UN us")]))
    assert "US" in set(table["word"]) and "us" not in set(table["word"])


def test_min_count_is_corpus_wide():
    body = [("a1", "A", "Peskov Peskov hapax"), ("b1", "B", "Kerry Kerry Kerry")]
    assert "hapax" not in set(keyness(articles(body))["word"])
    assert "hapax" in set(keyness(articles(body), min_count=1)["word"])


def test_several_articles_pool_into_their_group():
    table = keyness(articles([("a1", "A", "Peskov"), ("a2", "A", "Peskov"),
                              ("b1", "B", "Kerry Kerry")]))
    assert row(table, "A", "peskov")["count"] == 2 and row(table, "A", "peskov")["n_words"] == 2


def test_group_column_follows_by():
    table = keyness(TWO, by="article_id")
    assert table.columns[0] == "article_id" and set(table["article_id"]) == {"a1", "b1"}


def test_one_group_has_nothing_to_compare():
    table = keyness(articles([("a1", "A", "Peskov said Peskov said")]))
    assert table.empty and list(table.columns[:2]) == ["outlet", "word"]


# --- seed corpus and figure ---------------------------------------------------------------

def test_seed_corpus_keyness(seed_articles):
    table = keyness(seed_articles)
    assert set(table["outlet"]) == set(seed_articles["outlet"])
    top = table.groupby("outlet").head(5)
    assert "isis" in set(top[top["outlet"] == "The Independent"]["word"])
    assert "trump" in set(top[top["outlet"] == "The BRICS Post"]["word"])
    assert not set(table["word"]) & load_stopwords()


def test_plot_keyness_one_panel_per_group_with_n(seed_articles):
    table = keyness(seed_articles)
    axes = plot_keyness(table, n=5)
    assert len(axes) == seed_articles["outlet"].nunique()
    for ax, (outlet, group) in zip(axes, table.groupby("outlet")):
        assert isinstance(ax, Axes)
        title = ax.get_title()
        assert outlet in title and f"n = {group['n_words'].iloc[0]:,} words" in title
        assert ax.get_xlabel() and len(ax.patches) == 5
    plt.close("all")
