"""Keyword in context: every match shown in its sentence's surroundings, checkable by eye.

``kwic(articles, pattern)`` finds a term or regular expression in each article's ``body``;
``kwic_for(matches, articles)`` shows the rows of any match table that carries
article_id, start and end (``frame_matches``, ``lexical_matches``, ``voices``), so every
count behind a figure can be read in context.

Columns of a KWIC table (one row per match, in article order, then by position):

===========  ==============================================================
article_id   the article
outlet       its outlet
published    its publication time
sentence_no  the sentence (numbered as ``split_sentences`` does) holding ``start``
left         up to ``window`` characters of ``body`` before the match, white space
             folded to single spaces
match        the matched text, exactly ``body[start:end]``
right        up to ``window`` characters of ``body`` after the match, folded likewise
start, end   character offsets into ``body``
===========  ==============================================================

``kwic_for`` keeps any further columns of the match table (frame, concept, variant,
speaker, ...) after these.

Limits: ``window`` counts characters of the body before folding, so a context may be cut
mid-word; matches are found in the whole body, so a regular expression may cross a
sentence or paragraph break (``sentence_no`` is the sentence where the match starts).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

import pandas as pd

from helpers.text.sentences import sentence_spans
from helpers.schemas import columns
from helpers.text import patterns

KWIC_COLUMNS = columns("kwic")
# Runs of white space (newlines, paragraph breaks, no-break spaces), folded to one space.
WHITESPACE = re.compile(r"\s+")


def term_regex(term: str) -> str:
    """A plain term ("IS", "moderate opposition") -> its regex, a fixed term of
    ``helpers.text.patterns`` (a ValueError for an empty term)."""
    if not term.strip():
        raise ValueError("kwic needs a non-empty term")
    return patterns.term_regex(term, "fixed")


def _fold(text: str) -> str:
    """Text -> the same with every run of white space as one space."""
    return WHITESPACE.sub(" ", text)


def _sentence_starts(body: str) -> list[int]:
    """A body -> the start offset of each of its sentences (cached: kwic_for asks often)."""
    return _starts_cached(body)


@lru_cache(maxsize=256)
def _starts_cached(body: str) -> list[int]:
    """A body -> its sentence starts (see ``helpers.text.sentences.sentence_spans``)."""
    return [s for s, _ in sentence_spans(body)] or [0]


def _rows(article, spans: list[tuple[int, int]], window: int) -> list[tuple]:
    """An article (article_id, outlet, published, body) and match spans -> KWIC rows."""
    body = article.body
    starts = _sentence_starts(body)
    return [(article.article_id, article.outlet, article.published,
             max(bisect.bisect_right(starts, start) - 1, 0),
             _fold(body[max(start - window, 0):start]), body[start:end],
             _fold(body[end:end + window]), start, end)
            for start, end in spans]


def _table(rows: list[tuple]) -> pd.DataFrame:
    """KWIC rows -> the KWIC table with its column types."""
    table = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    table["published"] = pd.to_datetime(table["published"]).astype("datetime64[ns]")
    return table.astype({"sentence_no": "int64", "start": "int64", "end": "int64"})


def kwic(articles: pd.DataFrame, pattern: str, *, window: int = 60, regex: bool = False,
         case: bool = False) -> pd.DataFrame:
    """Articles and a term (or regex) -> one row per match in a body: KWIC_COLUMNS.

    A plain term matches whole words only ("IS" never inside "crisis"); with
    ``regex=True`` the pattern is used as written. ``case=False`` ignores case.
    Empty matches of a regex are skipped.
    """
    if window < 0:
        raise ValueError(f"window must be 0 or more, not {window}")
    compiled = re.compile(pattern if regex else term_regex(pattern), 0 if case else re.IGNORECASE)
    rows = []
    for article in articles[["article_id", "outlet", "published", "body"]].itertuples(index=False):
        spans = [m.span() for m in compiled.finditer(article.body) if m.end() > m.start()]
        rows += _rows(article, spans, window)
    return _table(rows)


def kwic_for(matches: pd.DataFrame, articles: pd.DataFrame, window: int = 60) -> pd.DataFrame:
    """Any match table (article_id, start, end) and the articles -> its rows in context:
    KWIC_COLUMNS, then the match table's other columns, in the match table's order."""
    missing = {"article_id", "start", "end"} - set(matches.columns)
    if missing:
        raise ValueError(f"match table lacks column(s) {', '.join(sorted(missing))}")
    if window < 0:
        raise ValueError(f"window must be 0 or more, not {window}")
    by_id = articles.drop_duplicates("article_id").set_index("article_id")
    unknown = sorted(set(matches["article_id"]) - set(by_id.index))
    if unknown:
        raise ValueError(f"article(s) not in the articles table: {', '.join(map(str, unknown))}")
    matches = matches.reset_index(drop=True)
    rows = []
    for article_id, start, end in zip(matches["article_id"], matches["start"], matches["end"]):
        source = by_id.loc[article_id]
        if not 0 <= int(start) <= int(end) <= len(source["body"]):
            raise ValueError(f"{article_id}: offsets {start}:{end} lie outside its body")
        article = pd.Series({"article_id": article_id, "outlet": source["outlet"],
                             "published": source["published"], "body": source["body"]})
        rows += _rows(article, [(int(start), int(end))], window)
    table = _table(rows)
    extra = [c for c in matches.columns if c not in KWIC_COLUMNS]
    return pd.concat([table, matches[extra]], axis=1) if extra else table
