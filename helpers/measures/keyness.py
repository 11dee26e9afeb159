"""Distinctive words: each group's vocabulary against the rest of the corpus.

``keyness(articles)`` computes the weighted log-odds ratio with an informative Dirichlet
prior of Monroe, Colaresi & Quinn (2008, "Fightin' Words", section 3.5) for every word and
every group (by default: outlet), comparing the group i with all other groups j pooled:

    alpha_w = a0 * (corpus count of w) / (corpus tokens)        the prior, alpha0 = a0
    delta_w = log((y_iw + alpha_w) / (n_i + alpha0 - y_iw - alpha_w))
              - log((y_jw + alpha_w) / (n_j + alpha0 - y_jw - alpha_w))
    var_w  ~= 1 / (y_iw + alpha_w) + 1 / (y_jw + alpha_w)
    z_w     = delta_w / sqrt(var_w)

With the default ``prior=None``, a0 is the corpus's token count, so alpha_w is the word's
corpus count (the empirical-Bayes default of R's tidylo): a prior as strong as the data,
which shrinks rare words hard. A smaller a0 shrinks less. With two groups the table is
symmetric: delta for A is minus delta for B.

Columns of the keyness table (one row per group and word, sorted by group, then z
descending):

===========  ==============================================================
<by>         the group (column named as ``by``: ``outlet`` by default)
word         the word type (see tokens below)
count        y_iw: times the group uses it
count_rest   y_jw: times all other groups use it
log_odds     delta_w (positive: more typical of the group than of the rest)
z            delta_w / its standard error; |z| > 1.96 is the usual bar
n_words      n_i: tokens in the group (the n for figures)
===========  ==============================================================

Tokens (``tokens``): runs of letters, with inner apostrophes and hyphens kept
("al-nusra", "co-operate"), found by ``TOKEN``; initials lose their full stops ("U.S." ->
"US"); a word written all in capitals ("US",
"IS", "TASS") keeps its case so it stays apart from "us" and "is", every other word is
lower-cased; a possessive "'s"/"’s" is dropped ("Russia’s" -> "russia"); numbers are not
words. Every token counts towards n_i and the prior; stop words (``data/stopwords.txt``)
are only left out of the table, and so are words used fewer than ``min_count`` times in
the whole corpus.

Limits: one article per group (as in the seed corpus) measures that article, not the
outlet's habits; z is an approximation that assumes independent tokens, so repeated
phrases and syndicated copy inflate it; no lemmatisation ("strike" and "strikes" differ).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.config import DATA_DIR

STOPWORDS_FILE = DATA_DIR / "stopwords.txt"
# A word: initials ("U.S.", read as "US"), or letters with inner apostrophes (’ or ') and
# hyphens; digits and "_" excluded.
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A possessive ending, dropped from a token: "Russia’s" -> "Russia".
POSSESSIVE = re.compile(r"['’][sS]$")
# Letters only in capitals, two or more: an acronym that keeps its case ("US", "IS").
ACRONYM = re.compile(r"[^\W\d_a-z]{2,}(?:-[^\W\d_a-z]+)*")


@cache
def _stopwords(path: Path) -> frozenset[str]:
    """Stop-word file -> its words (lower case; comments and blanks dropped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower().replace("’", "'") for ln in lines
                     if ln.strip() and not ln.lstrip().startswith("#"))


def load_stopwords(path: str | Path = STOPWORDS_FILE) -> frozenset[str]:
    """Stop-word file (one word a line, # comments) -> the set of words."""
    return _stopwords(Path(path))


def tokens(text: str) -> list[str]:
    """Text -> its word tokens: lower-cased unless all capitals, apostrophes as ', no "'s"."""
    words = []
    for m in TOKEN.finditer(text):
        word = POSSESSIVE.sub("", m.group().replace("’", "'").replace(".", ""))
        words.append(word if ACRONYM.fullmatch(word) else word.lower())
    return words


def keyness(articles: pd.DataFrame, *, by: str = "outlet", prior: float | None = None,
            min_count: int = 2, stopwords: frozenset[str] | None = None) -> pd.DataFrame:
    """Articles (body and the ``by`` column) -> the keyness table (module docstring).

    ``prior``: a0, the prior's total weight (None: the corpus's token count).
    ``min_count``: leave out words used fewer times than this in the whole corpus.
    ``stopwords``: words left out of the table (default ``load_stopwords()``).
    With fewer than two groups there is nothing to compare: the table is empty.
    """
    groups = sorted(articles[by].dropna().unique())
    if len(groups) < 2:
        return pd.DataFrame(columns=[by, "word", "count", "count_rest", "log_odds", "z", "n_words"])
    stopwords = load_stopwords() if stopwords is None else stopwords
    per_group = {g: Counter() for g in groups}
    for group, body in zip(articles[by], articles["body"]):
        if group in per_group:
            per_group[group].update(tokens(body))
    counts = pd.DataFrame(per_group).fillna(0).astype("int64")      # words x groups
    total = counts.sum(axis=1)
    n_total = int(total.sum())
    a0 = float(n_total if prior is None else prior)
    if a0 <= 0:
        raise ValueError(f"prior (a0) must be positive, not {prior!r}")
    alpha = a0 * total / n_total
    keep = (total >= min_count) & ~counts.index.isin(list(stopwords))   # "US" stays, "us" goes
    frames = []
    for group in groups:
        y_i, n_i = counts[group], int(counts[group].sum())
        y_j, n_j = total - y_i, n_total - n_i
        delta = (np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
                 - np.log((y_j + alpha) / (n_j + a0 - y_j - alpha)))
        z = delta / np.sqrt(1 / (y_i + alpha) + 1 / (y_j + alpha))
        frames.append(pd.DataFrame({by: group, "word": counts.index, "count": y_i.values,
                                    "count_rest": y_j.values, "log_odds": delta.values,
                                    "z": z.values, "n_words": n_i})[keep.values])
    columns = [by, "word", "count", "count_rest", "log_odds", "z", "n_words"]
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True)[columns]
    table = table.sort_values([by, "z", "word"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True).astype({"count": "int64", "count_rest": "int64",
                                                "n_words": "int64"})
