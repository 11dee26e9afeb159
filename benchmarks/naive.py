"""The naive way, as a notebook author would write it: one process, no cache, all in memory.

``load_corpus`` (read and clean every text), Punkt over every body with ``apply``, then
NLTK's own VADER (``SentimentIntensityAnalyzer``) sentence by sentence with ``apply`` (the
full lexicon, then one without the conflict terms for compound_no_topic, on every
sentence), then each frame's regex over every sentence with ``apply``, and the article
means. Loading, splitting and the means are the package's functions; scoring and frame
matching are written here as a notebook author would, so the tables can be compared with
ours bit for bit.
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
    from nltk.sentiment import SentimentIntensityAnalyzer

    from helpers.corpus.reading import load_corpus
    from helpers.text.sentences import nltk_data_dir, sentence_spans
    from helpers.measures.tone import article_tone, load_conflict_terms

    before = os.environ.get("KREMLIN_SYRIA_NO_CACHE")
    os.environ["KREMLIN_SYRIA_NO_CACHE"] = "1"
    try:
        with stage("clean"):
            articles = load_corpus(folder)
        with stage("split"):
            sentences = _split(articles, sentence_spans)
        with stage("sentiment"):
            nltk_data_dir()
            sia, no_topic = SentimentIntensityAnalyzer(), SentimentIntensityAnalyzer()
            conflict = set(load_conflict_terms()["term"])
            no_topic.lexicon = {w: v for w, v in no_topic.lexicon.items() if w not in conflict}
            scores = sentences["text"].apply(sia.polarity_scores)
            sentences = pd.concat([sentences, pd.DataFrame(scores.tolist(), index=sentences.index,
                                                           dtype="float64")], axis=1)
            sentences["compound_no_topic"] = sentences["text"].apply(
                lambda text: no_topic.polarity_scores(text)["compound"]).astype("float64")
        with stage("frames"):
            frames = _frame_matches(sentences)
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


def _frame_matches(sentences: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences -> one row per frame-term match (``frame_matches``' columns): each
    frame's regex applied to every sentence."""
    from helpers.measures.framing import MATCH_COLUMNS, load_frames, term_pattern

    rows = []
    for frame in load_frames().itertuples():
        pattern = term_pattern(frame.terms)
        found = sentences["text"].apply(lambda text: [(m.group(), m.start(), m.end())
                                                      for m in pattern.finditer(text)])
        for s, matches in zip(sentences.itertuples(index=False), found):
            rows += [(s.article_id, s.outlet, s.sentence_no, text, s.start + start, s.start + end,
                      frame.frame) for text, start, end in matches]
    return pd.DataFrame(rows, columns=[*MATCH_COLUMNS, "frame"])
