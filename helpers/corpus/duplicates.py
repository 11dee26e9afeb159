"""Syndicated copy: exact and near-duplicate articles grouped into stories, and dedupe.

Agency text (TASS, Reuters, AFP) is carried by several outlets, verbatim or lightly
edited. ``flag_duplicates`` groups such copies into stories; ``dedupe`` then keeps one
article per story, or one per story and outlet. Columns added to the articles table:

==============  ==============================================================
story_id        article_id of the first article of its group (earliest published,
                then article_id; undated articles come after dated ones). An article
                with no duplicate is its own story.
duplicate_of    the story_id when this article is not the first of its group, else ""
duplicate_kind  "" for the first (or only) article of a group; "exact" when its
                folded body equals the first article's; "near" otherwise
similarity      estimated Jaccard similarity of its word shingles to the first
                article's: 1.0 for exact copies (and for the first article itself),
                NaN for a group of one
==============  ==============================================================

Method. Bodies are folded (Unicode NFKC, case folded, punctuation replaced by spaces,
white space collapsed). Exact duplicates share the hash of the folded body. Near
duplicates: each distinct folded body is cut into overlapping word ``shingle``-grams and
summarised by a MinHash of ``num_perm`` permutations (datasketch, fixed ``seed``); the
share of equal MinHash values estimates the Jaccard similarity |A & B| / |A | B| of two
bodies' shingle sets (Broder 1997, "On the resemblance and containment of documents").
A MinHash LSH index (banding) proposes candidate pairs without comparing all pairs, and
a candidate is kept when its estimated Jaccard is at least ``threshold``. Groups are the
connected components of kept pairs (union-find). ``threshold`` = 0.8 means that at
least 80% of the two bodies' distinct 5-word sequences, counted over their union, are
shared.

Limits.
- The estimate has a standard error of about sqrt(J(1 - J) / num_perm): 0.035 at
  J = 0.8 with 128 permutations, so pairs near the threshold go either way. LSH itself
  misses some pairs near the threshold (about 13% at J = 0.8, 2.5% at 0.85 with the
  default settings; ``LSH_WEIGHTS``).
- Jaccard is symmetric and size-blind: a short wire item quoted whole inside a long
  article is not a near duplicate. Each changed word alters up to ``shingle`` shingles:
  on a 210-word wire item, a rewritten lead sentence plus another sign-off already bring
  J to 0.77, below the default threshold (a re-attributed lead and a changed editor's
  name: 0.88). Short items with their own lead need a lower threshold.
- Groups are transitive: if A ~ B and B ~ C, then A, B and C are one story even when A
  and C alone fall below the threshold (their ``similarity`` shows it).
- Bodies of fewer than ``shingle`` words are compared exactly only; empty bodies are
  never duplicates. Same text is not same story: identical page leftovers (error pages,
  headline widgets, "Recommended resources" blocks) are grouped like agency copy.
- Cost is linear in the number of articles (one index query each; exact copies never
  enter the index), about 0.6 ms and 5-9 KB per distinct ~270-word body with the
  defaults, mostly datasketch's in-memory LSH tables: 500,000 articles take minutes
  and a few GB. Within one group of k distinct near copies the work grows with k squared.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

FLAG_COLUMNS = ["story_id", "duplicate_of", "duplicate_kind", "similarity"]
SUMMARY_COLUMNS = ["outlet", "n_articles", "n_exact_duplicates", "n_near_duplicates", "n_stories"]
DEDUPE_CHOICES = ("story", "outlet")
# LSH band layout weights (false positive, false negative). Every candidate is confirmed
# with the estimated Jaccard, so a false positive costs only one comparison: weigh missed
# pairs more. At threshold 0.8 and 128 permutations this gives 14 bands of 9 rows.
LSH_WEIGHTS = (0.1, 0.9)

_PUNCT = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")


def fold_text(text: str) -> str:
    """Text -> NFKC, case folded, punctuation as spaces, white space collapsed to one space."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def body_hash(folded: str) -> bytes:
    """Folded body -> 16-byte BLAKE2b digest (the exact-duplicate key)."""
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).digest()


def shingles(folded: str, size: int = 5) -> set[bytes]:
    """Folded body -> its distinct word size-grams as UTF-8 bytes (empty if fewer words)."""
    words = folded.split()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class _Components:
    """Union-find over 0..n-1 whose root is always the smallest member (the earliest)."""

    def __init__(self, n: int):
        self.parent = np.arange(n)

    def find(self, i: int) -> int:
        """Member -> root of its component (with path halving)."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return int(i)

    def union(self, i: int, j: int) -> None:
        """Join the components of i and j under the smaller root."""
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def roots(self) -> np.ndarray:
        """-> the root of every member."""
        return np.array([self.find(i) for i in range(len(self.parent))], dtype=int)


def _first_order(articles: pd.DataFrame) -> np.ndarray:
    """Articles table -> row positions from first to last (published, then article_id; NaT last)."""
    keys = pd.DataFrame({"published": pd.to_datetime(articles["published"]).to_numpy(),
                         "article_id": articles["article_id"].to_numpy()})
    return keys.sort_values(["published", "article_id"], kind="stable",
                            na_position="last").index.to_numpy()


def _check_args(threshold: float, num_perm: int, shingle: int) -> None:
    """Raise ValueError for parameters outside their range."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if num_perm < 2:
        raise ValueError(f"num_perm must be at least 2, got {num_perm!r}")
    if shingle < 1:
        raise ValueError(f"shingle must be at least 1, got {shingle!r}")


def flag_duplicates(
    articles: pd.DataFrame,
    *,
    threshold: float = 0.8,
    num_perm: int = 128,
    shingle: int = 5,
    seed: int = 1,
) -> pd.DataFrame:
    """Articles table -> the same rows and index with story_id, duplicate_of, duplicate_kind,
    similarity added (see the module docstring).

    Needs article_id (unique), published and body. Deterministic for given parameters.
    """
    _check_args(threshold, num_perm, shingle)
    ids = articles["article_id"]
    if ids.duplicated().any():
        repeated = ", ".join(map(repr, ids[ids.duplicated()].unique()[:5]))
        raise ValueError(f"article_id must be unique; repeated: {repeated}")
    order = _first_order(articles)                      # rank r -> row position
    n = len(order)
    groups = _Components(n)
    rep_of = np.arange(n)                               # rank -> first rank with the same body
    digests: list[bytes] = []
    first_with: dict[bytes, int] = {}
    signature = np.zeros((n, num_perm), dtype=np.uint32)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    base = MinHash(num_perm=num_perm, seed=seed)
    # One pass from first to last: an exact copy joins the first body with its hash; a new
    # body long enough to shingle is compared with the earlier ones LSH proposes, then
    # indexed, so each candidate pair is seen once and exact copies never enter the index.
    for rank, body in enumerate(articles["body"].to_numpy()[order]):
        folded = fold_text(body) if isinstance(body, str) else ""
        digests.append(body_hash(folded))
        if not folded:
            continue
        rep_of[rank] = first_with.setdefault(digests[rank], rank)
        if rep_of[rank] != rank:
            groups.union(rep_of[rank], rank)
            continue
        shingled = shingles(folded, shingle)
        if not shingled:
            continue
        minhash = base.copy()
        minhash.update_batch(shingled)
        signature[rank] = minhash.hashvalues
        candidates = [c for c in lsh.query(minhash) if groups.find(c) != groups.find(rank)]
        if candidates:
            similar = (signature[candidates] == signature[rank]).mean(axis=1) >= threshold
            for c in np.asarray(candidates)[similar]:
                groups.union(int(c), rank)
        lsh.insert(rank, minhash, check_duplication=False)

    roots = groups.roots()
    first = roots == np.arange(n)
    size = np.bincount(roots, minlength=n)[roots]
    exact = np.array([digests[r] == digests[root] for r, root in enumerate(roots)], dtype=bool)
    near = np.flatnonzero(~exact)
    similarity = np.where(size == 1, np.nan, 1.0)
    similarity[near] = (signature[rep_of[near]] == signature[roots[near]]).mean(axis=1)
    story = articles["article_id"].to_numpy()[order][roots]
    duplicate_of = story.astype(object)
    duplicate_of[first] = ""
    flags = {
        "story_id": pd.array(story, dtype=articles["article_id"].dtype),
        "duplicate_of": duplicate_of,
        "duplicate_kind": np.where(first, "", np.where(exact, "exact", "near")).astype(object),
        "similarity": similarity,
    }
    row_rank = np.empty(n, dtype=int)
    row_rank[order] = np.arange(n)                      # row position -> rank
    out = articles.copy(deep=False)                     # new columns only; bodies not copied
    for column in FLAG_COLUMNS:
        out[column] = flags[column][row_rank]
    return out


def dedupe(articles: pd.DataFrame, *, per: str = "story") -> pd.DataFrame:
    """Articles table (flagged or not) -> one article per story (per="story") or per story and
    outlet (per="outlet"), the first of each; original row order, index reset.

    Runs ``flag_duplicates`` with its defaults when story_id is missing.
    """
    if per not in DEDUPE_CHOICES:
        raise ValueError(f"per must be one of {', '.join(map(repr, DEDUPE_CHOICES))}; got {per!r}")
    flagged = articles if "story_id" in articles.columns else flag_duplicates(articles)
    keys = ["story_id"] if per == "story" else ["story_id", "outlet"]
    order = _first_order(flagged)
    later = flagged[keys].iloc[order].duplicated().to_numpy()
    keep = np.zeros(len(flagged), dtype=bool)
    keep[order[~later]] = True
    return flagged[keep].reset_index(drop=True)


def duplicate_summary(flagged: pd.DataFrame) -> pd.DataFrame:
    """Flagged articles table -> one row per outlet: outlet, n_articles, n_exact_duplicates,
    n_near_duplicates, n_stories (distinct story_id among the outlet's articles).

    A duplicate is counted under the outlet that carries the copy, not the first outlet.
    """
    kind = flagged["duplicate_kind"]
    table = flagged.assign(_exact=kind.eq("exact"), _near=kind.eq("near")).groupby(
        "outlet", sort=True).agg(
        n_articles=("article_id", "size"),
        n_exact_duplicates=("_exact", "sum"),
        n_near_duplicates=("_near", "sum"),
        n_stories=("story_id", "nunique"),
    ).reset_index()
    return table.astype({c: "int64" for c in SUMMARY_COLUMNS[1:]})[SUMMARY_COLUMNS]
