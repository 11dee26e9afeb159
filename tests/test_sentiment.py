"""Tests for helpers.sentiment: sentence-level VADER tone and its aggregates."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.sentiment import (
    MIN_ARTICLES,
    article_tone,
    comparison_caveat,
    extreme_sentences,
    outlet_tone,
    sentence_sentiment,
)

ARTICLE_COLUMNS = [
    "article_id", "outlet", "outlet_source", "published", "date_source", "title",
    "title_source", "author", "author_source", "url", "file", "raw_text", "body", "n_words",
]

POSITIVE = "The peace talks were a wonderful success and everyone was happy."
NEGATIVE = "The terrible bombing killed many innocent children."
NEUTRAL = "The minister arrived in Moscow on Tuesday."
PRAISE = "Officials praised the excellent agreement."
SCORN = "Critics called the deal a disgraceful failure."


def make_articles(rows: list[dict]) -> pd.DataFrame:
    """Hand-made rows (article_id, outlet, published, date_source, body) -> an articles table."""
    records = []
    for r in rows:
        body = r["body"]
        published = r.get("published")
        records.append({
            "article_id": r["article_id"], "outlet": r["outlet"], "outlet_source": "manifest",
            "published": published,
            "date_source": r.get("date_source", "text" if published else ""),
            "title": r.get("title", ""), "title_source": "", "author": "", "author_source": "",
            "url": "", "file": f"articles/{r['article_id']}.txt", "raw_text": body, "body": body,
            "n_words": len(body.split()),
        })
    table = pd.DataFrame(records, columns=ARTICLE_COLUMNS)
    table["published"] = pd.to_datetime(table["published"]).astype("datetime64[ns]")
    return table


# Alpha: two articles, three sentences; Beta: one article, two sentences.
ROWS = [
    {"article_id": "a1", "outlet": "Alpha", "published": "2015-10-01", "body": f"{POSITIVE} {NEGATIVE}"},
    {"article_id": "a2", "outlet": "Alpha", "published": "2015-10-05", "body": NEUTRAL},
    {"article_id": "b1", "outlet": "Beta", "published": "2016-02-01", "body": f"{PRAISE}\n\n{SCORN}"},
]
SENTENCES = {"a1": [POSITIVE, NEGATIVE], "a2": [NEUTRAL], "b1": [PRAISE, SCORN]}


@pytest.fixture(scope="module")
def vader_reference():
    """A fresh NLTK VADER analyser, independent of the package's cached one."""
    from nltk.sentiment import SentimentIntensityAnalyzer

    from helpers.language import nltk_data_dir

    nltk_data_dir()                      # puts the offline lexicon on nltk.data.path
    analyser = SentimentIntensityAnalyzer()
    return lambda text: analyser.polarity_scores(text)["compound"]


@pytest.fixture(scope="module")
def articles():
    return make_articles(ROWS)


@pytest.fixture(scope="module")
def scored(articles):
    return sentence_sentiment(articles)


# --- sentence_sentiment -----------------------------------------------------------------------

def test_one_row_per_sentence(scored):
    got = {a: list(g.sort_values("sentence_no")["text"]) for a, g in scored.groupby("article_id")}
    assert got == SENTENCES
    assert len(scored) == 5


def test_score_columns_present_and_in_range(scored):
    for column in ["neg", "neu", "pos", "compound"]:
        assert column in scored.columns
        assert scored[column].dtype == "float64"
    assert scored[["neg", "neu", "pos"]].sum(axis=1).to_numpy() == pytest.approx(1.0, abs=0.01)
    assert scored["compound"].between(-1, 1).all()


def test_compound_equals_vader_on_sentence_text(scored, vader_reference):
    for row in scored.itertuples():
        assert row.compound == pytest.approx(vader_reference(row.text)), row.text


def test_offsets_point_into_body(scored, articles):
    bodies = dict(zip(articles["article_id"], articles["body"]))
    for row in scored.itertuples():
        assert bodies[row.article_id][row.start:row.end] == row.text


def test_signs_of_clearly_positive_and_negative_sentences(scored):
    compound = dict(zip(scored["text"], scored["compound"]))
    assert compound[POSITIVE] > 0.05
    assert compound[PRAISE] > 0.05
    assert compound[NEGATIVE] < -0.05
    assert compound[SCORN] < -0.05


def test_index_is_kept_and_no_rows_lost_with_non_default_index():
    articles = make_articles(ROWS)
    articles.index = [10, 20, 30]
    scored = sentence_sentiment(articles)
    assert len(scored) == 5
    assert scored["compound"].notna().all()


# --- article_tone -----------------------------------------------------------------------------

def test_article_tone_mean_is_mean_of_its_sentences(scored, vader_reference):
    tone = article_tone(scored).set_index("article_id")
    assert set(tone.index) == {"a1", "a2", "b1"}
    for article_id, sentences in SENTENCES.items():
        expected = np.mean([vader_reference(s) for s in sentences])
        assert tone.loc[article_id, "mean_compound"] == pytest.approx(expected)
        assert tone.loc[article_id, "n_sentences"] == len(sentences)
        assert tone.loc[article_id, "n_articles"] == 1


def test_article_tone_keeps_outlet_and_published(scored):
    tone = article_tone(scored).set_index("article_id")
    assert tone.loc["b1", "outlet"] == "Beta"
    assert tone.loc["a2", "published"] == pd.Timestamp("2015-10-05")


def test_article_tone_keeps_undated_article():
    rows = ROWS + [{"article_id": "u1", "outlet": "Beta", "published": None, "body": NEGATIVE}]
    tone = article_tone(sentence_sentiment(make_articles(rows)))
    assert "u1" in set(tone["article_id"])
    assert pd.isna(tone.set_index("article_id").loc["u1", "published"])


def test_article_tone_single_sentence_has_nan_interval(scored):
    tone = article_tone(scored).set_index("article_id")
    assert np.isnan(tone.loc["a2", "ci_low"]) and np.isnan(tone.loc["a2", "ci_high"])


# --- outlet_tone ------------------------------------------------------------------------------

def test_outlet_tone_counts(scored):
    tone = outlet_tone(scored)
    assert list(tone["outlet"]) == ["Alpha", "Beta"]
    assert tone["n_articles"].dtype == "int64" and tone["n_sentences"].dtype == "int64"
    assert list(tone["n_articles"]) == [2, 1]
    assert list(tone["n_sentences"]) == [3, 2]


def test_outlet_tone_mean_and_interval(scored, vader_reference):
    tone = outlet_tone(scored).set_index("outlet")
    alpha = np.mean([vader_reference(s) for s in [POSITIVE, NEGATIVE, NEUTRAL]])
    beta = np.mean([vader_reference(s) for s in [PRAISE, SCORN]])
    assert tone.loc["Alpha", "mean_compound"] == pytest.approx(alpha)
    assert tone.loc["Beta", "mean_compound"] == pytest.approx(beta)
    for row in tone.itertuples():
        assert row.ci_low <= row.mean_compound <= row.ci_high


def test_outlet_tone_shares(scored, vader_reference):
    tone = outlet_tone(scored).set_index("outlet")
    alpha = [vader_reference(s) for s in [POSITIVE, NEGATIVE, NEUTRAL]]
    assert tone.loc["Alpha", "share_positive"] == pytest.approx(np.mean([c >= 0.05 for c in alpha]))
    assert tone.loc["Alpha", "share_negative"] == pytest.approx(np.mean([c <= -0.05 for c in alpha]))
    assert tone.loc["Beta", "share_positive"] == pytest.approx(0.5)
    assert tone.loc["Beta", "share_negative"] == pytest.approx(0.5)


# --- extreme_sentences ------------------------------------------------------------------------

def test_extreme_sentences_pick_known_ends(scored):
    table = extreme_sentences(scored, n=1)
    assert set(table.columns) >= {"outlet", "end", "compound", "text", "article_id"}
    picked = {(r.outlet, r.end): r.text for r in table.itertuples()}
    assert picked == {
        ("Alpha", "most negative"): NEGATIVE,
        ("Alpha", "most positive"): POSITIVE,
        ("Beta", "most negative"): SCORN,
        ("Beta", "most positive"): PRAISE,
    }


def test_extreme_sentences_n_per_end(scored):
    table = extreme_sentences(scored, n=2)
    counts = table.groupby(["outlet", "end"]).size()
    assert counts[("Alpha", "most negative")] == 2
    assert counts[("Alpha", "most positive")] == 2
    alpha_negative = table[(table["outlet"] == "Alpha") & (table["end"] == "most negative")]
    assert set(alpha_negative["text"]) == {NEGATIVE, NEUTRAL}


# --- comparison_caveat ------------------------------------------------------------------------

def tone_table(counts: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"outlet": list(counts), "n_articles": list(counts.values())})


def test_caveat_names_outlets_below_threshold():
    text = comparison_caveat(tone_table({"Alpha": 12, "Beta": 3, "Gamma": 9}))
    assert "Beta" in text and "Gamma" in text
    assert "Alpha" not in text
    assert "2 of 3" in text
    assert str(MIN_ARTICLES) in text


def test_caveat_respects_min_articles(scored):
    tone = outlet_tone(scored)                      # Alpha 2 articles, Beta 1
    text = comparison_caveat(tone, min_articles=2)
    assert "Beta" in text and "Alpha" not in text


def test_caveat_when_every_outlet_is_large_enough():
    text = comparison_caveat(tone_table({"Alpha": 10, "Beta": 25}))
    assert "Alpha" not in text and "Beta" not in text
    assert "at least 10" in text


def test_caveat_single_outlet_nothing_to_compare():
    text = comparison_caveat(tone_table({"Alpha": 2}))
    assert "nothing to compare" in text
