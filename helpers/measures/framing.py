"""Framing, measured so a reader can audit it: frame dictionaries and lexical choice.

Both read their vocabularies from data files (``data/frames.toml``,
``data/lexical_choice.csv``) and count matches per sentence, so every figure can be traced
back to the sentences behind it (``frame_matches``, ``lexical_matches``).
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd

from helpers.config import DATA_DIR
from helpers.text.sentences import split_sentences
from helpers.measures.stats import bootstrap_ratio
from helpers.schemas import columns
from helpers.text.patterns import compile_terms

FRAMES_FILE = DATA_DIR / "frames.toml"
LEXICAL_CHOICE_FILE = DATA_DIR / "lexical_choice.csv"
MATCH_COLUMNS = columns("matches")


def load_frames(path: str | Path = FRAMES_FILE) -> pd.DataFrame:
    """Frames TOML -> one row per frame: frame, definition, source, terms (list of str)."""
    with open(path, "rb") as f:
        spec = tomllib.load(f)["frame"]
    return pd.DataFrame(
        [(name, f["definition"], f["source"], list(f["terms"])) for name, f in spec.items()],
        columns=["frame", "definition", "source", "terms"],
    )


def term_pattern(terms: list[str]) -> re.Pattern:
    """Dictionary terms ("terroris*", "air strike*") -> one case-insensitive regex (glob terms of
    ``helpers.text.patterns``)."""
    return compile_terms(terms, kind="glob", case="insensitive")


def load_variants(path: str | Path = LEXICAL_CHOICE_FILE) -> pd.DataFrame:
    """Lexical-choice CSV -> rows of concept, variant, pattern (case-sensitive regex), note.

    A pattern may not set global flags or use numbered back-references: the patterns of a
    concept are joined into one regex.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for row in table.itertuples():
        try:                        # compiled as lexical_matches uses it: inside a group
            re.compile(f"(?P<v>{row.pattern})")
        except re.error as exc:
            raise ValueError(f"{path} row {row.Index + 2} ({row.variant}): bad pattern: {exc}") from exc
    return table


def _find(sentences: pd.DataFrame, pattern: re.Pattern, label: str) -> list[tuple]:
    """Sentences and a regex -> (article_id, outlet, sentence_no, match, start, end, label)."""
    return [
        (s.article_id, s.outlet, s.sentence_no, m.group(), s.start + m.start(), s.start + m.end(), label)
        for s in sentences.itertuples(index=False) for m in pattern.finditer(s.text)
    ]


def frame_matches(sentences: pd.DataFrame, frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentences -> one row per frame-term match: MATCH_COLUMNS (offsets into body) + frame.

    Each frame's regex runs only on the sentences that contain one of its terms' stems
    (``_may_match``), which finds the same matches as running it on all of them.
    """
    frames = load_frames() if frames is None else frames
    folded = [text.translate(_FOLD).lower() for text in sentences["text"]]
    rows = []
    for f in frames.itertuples():
        candidates = sentences.loc[_may_match(folded, f.terms)]
        rows += _find(candidates, term_pattern(f.terms), f.frame)
    return pd.DataFrame(rows, columns=[*MATCH_COLUMNS, "frame"])


# Characters a case-insensitive regex matches to an ASCII letter that lower() does not turn
# into it, and the apostrophe a term's ' also matches.
_FOLD = str.maketrans({"ſ": "s", "ı": "i", "İ": "i", "’": "'"})


def _may_match(folded: list[str], terms: list[str]) -> list[bool]:
    """Sentences folded (``_FOLD``, then lower()) and a frame's terms -> per sentence, False
    where none of the terms' regexes can match it; True wherever that is not certain.

    A match of a term contains its stem (the term without ``*``) in some letter case, so a
    sentence whose folded text lacks every stem has none. Exact for ASCII stems (Python's
    case-insensitive matching pairs an ASCII letter only with its other case, K, ſ, ı and
    İ), so any other stem makes every sentence True.
    """
    stems = [t.rstrip("*").replace("’", "'").lower() for t in terms]
    if not all(s.isascii() for s in stems):
        return [True] * len(folded)
    return [any(s in text for s in stems) for text in folded]


def frame_prevalence(articles: pd.DataFrame, frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles -> one row per outlet and frame: outlet, frame, hits, words, n_articles,
    per_1000 (hits per 1,000 words), ci_low, ci_high (95% bootstrap over sentences).
    """
    frames = load_frames() if frames is None else frames
    sentences = split_sentences(articles)
    sentences["words"] = sentences["text"].str.split().str.len()
    hits = frame_matches(sentences, frames).groupby(["article_id", "sentence_no", "frame"]).size()
    rows = []
    for outlet, group in sentences.groupby("outlet", sort=True):
        for frame in frames["frame"]:
            per_sentence = [hits.get((a, n, frame), 0) for a, n in zip(group.article_id, group.sentence_no)]
            low, high = bootstrap_ratio(per_sentence, group["words"], scale=1000)
            rows.append((outlet, frame, sum(per_sentence), group["words"].sum(),
                         group["article_id"].nunique(), 1000 * sum(per_sentence) / group["words"].sum(),
                         low, high))
    return pd.DataFrame(rows, columns=["outlet", "frame", "hits", "words", "n_articles",
                                       "per_1000", "ci_low", "ci_high"])


def lexical_matches(articles: pd.DataFrame, variants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles -> one row per naming choice found: MATCH_COLUMNS + concept, variant.

    Within a concept the variants are tried in file order at each position, so a phrase
    ("so-called moderate opposition") is counted once, as the first variant that fits.
    """
    variants = load_variants() if variants is None else variants
    sentences = split_sentences(articles)
    rows = []
    for concept, group in variants.groupby("concept", sort=False):
        names = {f"v{i}": v for i, v in enumerate(group["variant"])}
        combined = re.compile("|".join(f"(?P<v{i}>{p})" for i, p in enumerate(group["pattern"])))
        rows += [
            (s.article_id, s.outlet, s.sentence_no, m.group(), s.start + m.start(), s.start + m.end(),
             concept, names[m.lastgroup])
            for s in sentences.itertuples(index=False) for m in combined.finditer(s.text)
        ]
    return pd.DataFrame(rows, columns=[*MATCH_COLUMNS, "concept", "variant"])


def lexical_choice(articles: pd.DataFrame, variants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles -> one row per outlet, concept and variant: outlet, concept, variant, count,
    share (of the concept's mentions in that outlet), n_mentions, ci_low, ci_high (95%
    bootstrap of the share over sentences). Variants never used by an outlet have count 0.
    """
    variants = load_variants() if variants is None else variants
    found = lexical_matches(articles, variants)
    rows = []
    for outlet in sorted(articles["outlet"].unique()):
        mine = found[found["outlet"] == outlet]
        for concept, group in variants.groupby("concept", sort=False):
            used = mine[mine["concept"] == concept]
            units = used.groupby(["article_id", "sentence_no"])["variant"]
            for variant in group["variant"]:
                count = int((used["variant"] == variant).sum())
                share = count / len(used) if len(used) else float("nan")
                low, high = bootstrap_ratio(units.apply(lambda v: (v == variant).sum()), units.size())
                rows.append((outlet, concept, variant, count, share, len(used), low, high))
    return pd.DataFrame(rows, columns=["outlet", "concept", "variant", "count", "share",
                                       "n_mentions", "ci_low", "ci_high"])
