"""Sentence-level VADER tone, and article and outlet aggregates with their n and intervals.

VADER's compound score saturates on long texts, so tone is scored per sentence and an
article's tone is the mean of its sentences. Scores come from NLTK's VADER (lexicon from
the vaderSentiment package, see ``helpers.language``).
"""
from __future__ import annotations

import pandas as pd

from .cache import digest, per_article
from .language import _vader_lexicon_bytes, sentence_rows, splitter_version, vader
from .stats import bootstrap_mean

SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]
# VADER's own thresholds for calling a compound score positive or negative.
POSITIVE, NEGATIVE = 0.05, -0.05
# Below this many articles an outlet's tone describes its articles, not the outlet.
MIN_ARTICLES = 10


def score_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences table -> the same rows with VADER's neg, neu, pos and compound added."""
    analyser = vader()
    scores = pd.DataFrame([analyser.polarity_scores(t) for t in sentences["text"]],
                          columns=SCORE_COLUMNS, index=sentences.index, dtype="float64")
    return pd.concat([sentences, scores], axis=1)


def _scored_rows(bodies: dict[str, str]) -> pd.DataFrame:
    """Bodies by cache key -> their sentence rows with VADER scores."""
    return score_sentences(sentence_rows(bodies))


def sentence_sentiment(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles table -> one row per sentence with VADER scores.

    Columns: those of ``helpers.language.split_sentences`` plus neg, neu, pos (shares of
    the sentence's words, 0-1) and compound (normalised sum, -1 to 1). Cached per article
    body, keyed also by the VADER lexicon.
    """
    version = splitter_version(score_sentences, _scored_rows) + digest(_vader_lexicon_bytes())[:8]
    table = per_article(articles, "body", "vader", version, _scored_rows)
    return table.astype({"published": "datetime64[ns]"})


TONE_COLUMNS = ["n_articles", "n_sentences", "mean_compound", "ci_low", "ci_high",
                "share_positive", "share_negative"]


def _tone(group: pd.DataFrame) -> pd.Series:
    """Scored sentences of one group -> n, mean compound, its interval, shares of +/- sentences."""
    low, high = bootstrap_mean(group["compound"])
    return pd.Series({
        "n_articles": group["article_id"].nunique(),
        "n_sentences": len(group),
        "mean_compound": group["compound"].mean(),
        "ci_low": low,
        "ci_high": high,
        "share_positive": (group["compound"] >= POSITIVE).mean(),
        "share_negative": (group["compound"] <= NEGATIVE).mean(),
    })


def article_tone(scored: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences -> one row per article: article_id, outlet, published and _tone's columns.

    The interval is a 95% bootstrap over the article's sentences.
    """
    keys = ["article_id", "outlet", "published"]
    if scored.empty:
        return pd.DataFrame(columns=keys + TONE_COLUMNS)
    table = scored.groupby(keys, dropna=False, sort=False)[scored.columns].apply(_tone)
    return _counts_as_int(table.reset_index())


def outlet_tone(scored: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences -> one row per outlet: outlet, n_articles, n_sentences, mean_compound,
    ci_low, ci_high (95% bootstrap over sentences), share_positive, share_negative.

    Resampling sentences treats them as independent, which they are not within an article:
    with few articles per outlet the interval describes those articles, not the outlet.
    """
    if scored.empty:
        return pd.DataFrame(columns=["outlet"] + TONE_COLUMNS)
    table = scored.groupby("outlet", sort=True)[scored.columns].apply(_tone)
    return _counts_as_int(table.reset_index())


def extreme_sentences(scored: pd.DataFrame, n: int = 2) -> pd.DataFrame:
    """Scored sentences -> each outlet's n most negative and n most positive sentences.

    Columns: outlet, end ("most negative" / "most positive"), compound, text, article_id.
    """
    keep = ["outlet", "compound", "text", "article_id"]
    ranked = scored.sort_values("compound", kind="stable")
    low = ranked.groupby("outlet").head(n).assign(end="most negative")
    high = ranked.iloc[::-1].groupby("outlet").head(n).assign(end="most positive")
    table = pd.concat([low, high])[["outlet", "end", *keep[1:]]]
    return table.sort_values(["outlet", "end", "compound"], kind="stable").reset_index(drop=True)


def comparison_caveat(tone: pd.DataFrame, min_articles: int = MIN_ARTICLES) -> str:
    """Outlet tone table -> a sentence saying whether its n allows comparing outlets."""
    few = tone.loc[tone["n_articles"] < min_articles, "outlet"].tolist()
    if len(tone) < 2:
        return "Only one outlet is selected: there is nothing to compare it with."
    if not few:
        return (f"Every outlet has at least {min_articles} articles; intervals that do not "
                "overlap suggest a real difference in tone.")
    return (f"{len(few)} of {len(tone)} outlets have fewer than {min_articles} articles "
            f"({', '.join(few)}): their intervals describe those few articles, not the outlet's "
            "coverage, and differences between them should not be read as differences between outlets.")


def _counts_as_int(table: pd.DataFrame) -> pd.DataFrame:
    """A tone table -> the same with its n columns as integers."""
    return table.astype({"n_articles": "int64", "n_sentences": "int64"})
