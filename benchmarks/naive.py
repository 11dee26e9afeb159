"""The naive way, as a notebook author would write it: one process, no cache, all in memory.

``load_corpus`` (read and clean every text), Punkt over every body with ``apply``, then
NLTK's VADER sentence by sentence with ``apply`` (the full lexicon, then the one without
the conflict terms for compound_no_topic), then the frame regexes and the article means.
The same functions of the package do the work, so the tables can be compared bit for bit.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pandas as pd

Stage = Callable[[str], AbstractContextManager]


def naive_pipeline(folder: Path, stage: Stage) -> dict[str, pd.DataFrame]:
    """Corpus folder and a stage timer -> the tables articles, sentences, tone, frames."""
    from helpers.corpus import load_corpus
    from helpers.framing import frame_matches
    from helpers.language import sentence_spans
    from helpers.sentiment import article_tone, topic_free_vader, vader

    before = os.environ.get("KREMLIN_SYRIA_NO_CACHE")
    os.environ["KREMLIN_SYRIA_NO_CACHE"] = "1"
    try:
        with stage("clean"):
            articles = load_corpus(folder)
        with stage("split"):
            sentences = _split(articles, sentence_spans)
        with stage("sentiment"):
            sia, no_topic = vader(), topic_free_vader()
            scores = sentences["text"].apply(sia.polarity_scores)
            sentences = pd.concat([sentences, pd.DataFrame(scores.tolist(), index=sentences.index,
                                                           dtype="float64")], axis=1)
            sentences["compound_no_topic"] = sentences["text"].apply(
                lambda text: no_topic.polarity_scores(text)["compound"]).astype("float64")
        with stage("frames"):
            frames = frame_matches(sentences)
        with stage("tone"):
            tone = article_tone(sentences)
    finally:
        if before is None:
            os.environ.pop("KREMLIN_SYRIA_NO_CACHE", None)
        else:
            os.environ["KREMLIN_SYRIA_NO_CACHE"] = before
    return {"articles": articles.drop(columns="raw_text"), "sentences": sentences,
            "tone": tone, "frames": frames}


def _split(articles: pd.DataFrame, spans_of: Callable) -> pd.DataFrame:
    """Articles -> one row per sentence: article_id, outlet, published, sentence_no, start,
    end, text (an apply of the splitter, then one row per span)."""
    spans = articles["body"].apply(spans_of)
    counts = spans.map(len)
    lead = ["article_id", "outlet", "published"]
    table = articles.loc[articles.index.repeat(counts), lead].reset_index(drop=True)
    table["sentence_no"] = pd.Series([i for n in counts for i in range(n)], dtype="int64")
    table["start"] = pd.Series([s for row in spans for s, _ in row], dtype="int64")
    table["end"] = pd.Series([e for row in spans for _, e in row], dtype="int64")
    table["text"] = [body[s:e] for body, row in zip(articles["body"], spans) for s, e in row]
    return table
