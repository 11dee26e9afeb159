"""Actors of the Syrian war in the text: who is mentioned, where, and in what tone.

The actors and their names live in ``data/actors.csv`` (columns actor, kind, aliases
separated by ``;``, pattern, note), so a reader can audit and extend them:

- an alias is matched as a whole word (or phrase); an alias without lower-case letters
  (US, U.S., IS, UN, NATO, ISIS) is matched in that case only, so the verb "is" and the
  pronoun "us" never count; any other alias ignores case;
- ``pattern`` (optional) is a case-sensitive Python regex for names an alias cannot
  express (Washington, but not the Washington Post); its matches count as mentions too;
- where names overlap, the longest wins, so "Free Syrian Army" is one mention of the armed
  opposition (not also "Syrian army"), "Islamic State" one of ISIS, "Assad regime" one of
  the Syrian government.

Each mention is then scored with ``helpers.measures.tone.target_sentiment``: the tone of the
words of its own clause, verbs of praise and criticism passing their tone to their object;
and labelled -1, 0 or 1 by ``helpers.measures.target_polarity`` (a linear model over its context).
The other actors' names in the sentence are left out of that score, so the "free" of Free
Syrian Army or the "united" of United Nations does not colour a neighbour.
"""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.run.cache import digest, per_article
from helpers.config import DATA_DIR
from helpers.text.sentences import vader_lexicon_bytes, sentence_spans, splitter_version, vader
from helpers.measures import tone as sentiment
from helpers.measures.tone import (
    NEGATIVE,
    POSITIVE,
    split_clauses,
    is_negated,
    target_score,
    speech_verb_directions,
    target_sentiment,
    topic_free_vader,
)
from helpers.measures.stats import bootstrap_mean
from helpers.measures.target_polarity import MODEL_FILE as POLARITY_MODEL_FILE, ROLES_FILE, target_polarity
from helpers.schemas import columns
from helpers.text.patterns import NEVER, alternation, term_regex

ACTORS_FILE = DATA_DIR / "actors.csv"
ACTOR_COLUMNS = ["actor", "kind", "aliases", "pattern", "note"]
MENTION_COLUMNS = columns("mentions")
SENTIMENT_COLUMNS = [*MENTION_COLUMNS, "sentence", "target_sentiment", "polarity"]
ACTOR_TONE_COLUMNS = ["outlet", "actor", "n_mentions", "n_articles", "mean_tone", "ci_low",
                      "ci_high", "share_evaluative", "share_negative", "share_positive"]
_ROW_COLUMNS = ["_key", "sentence_no", "actor", "alias", "start", "end", "sentence",
                "target_sentiment", "polarity"]


def load_actors(path: str | Path | None = None) -> pd.DataFrame:
    """Actors CSV (default data/actors.csv) -> one row per actor: actor, kind, aliases (list
    of str), pattern (regex or ""), note. Raises ValueError for a missing column, a repeated
    actor or a bad pattern."""
    path = ACTORS_FILE if path is None else path
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("actor", "kind", "aliases") if c not in table]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}")
    for column in ("pattern", "note"):
        if column not in table:
            table[column] = ""
    table["actor"] = table["actor"].str.strip()
    repeated = table.loc[table["actor"].duplicated(), "actor"].tolist()
    if repeated or (table["actor"] == "").any():
        raise ValueError(f"{path}: every actor needs a unique, non-empty name "
                         f"(repeated: {repeated})")
    table["aliases"] = [[a.strip() for a in cell.split(";") if a.strip()]
                        for cell in table["aliases"]]
    for row in table.itertuples():
        try:
            _actor_regex(row.aliases, row.pattern)
        except re.error as exc:
            raise ValueError(f"{path} row {row.Index + 2} ({row.actor}): "
                             f"bad pattern: {exc}") from exc
    return table[ACTOR_COLUMNS].reset_index(drop=True)


def _actor_regex(aliases: list[str], pattern: str = "") -> re.Pattern:
    """An actor's aliases (fixed terms, case rule auto: "IS" is case-sensitive, "Kremlin" is
    not) and optional regex -> one regex, longest alias first; no names match nothing."""
    parts = [alternation(aliases, "fixed", "auto")] if aliases else []
    if pattern:
        parts.append(f"(?:{pattern})")
    return re.compile("|".join(parts) or NEVER)


def _matchers(actors: pd.DataFrame) -> list[tuple[str, re.Pattern]]:
    """Actors table -> (actor, compiled regex) for each actor."""
    return [(r.actor, _actor_regex(list(r.aliases), r.pattern)) for r in actors.itertuples()]


def find_actors(text: str, actors: pd.DataFrame | None = None) -> list[tuple[str, str, int, int]]:
    """A text -> its actor mentions (actor, matched text, start, end), in text order; where
    names overlap the longest wins (an earlier one on a tie)."""
    matchers = _matchers(load_actors() if actors is None else actors)
    return _find(text, matchers)


def _find(text: str, matchers: list[tuple[str, re.Pattern]]) -> list[tuple[str, str, int, int]]:
    """A text and compiled actor regexes -> non-overlapping mentions, longest first."""
    found = [(actor, m.start(), m.end()) for actor, rx in matchers for m in rx.finditer(text)
             if m.end() > m.start()]
    found.sort(key=lambda f: (f[1] - f[2], f[1]))
    taken: list[tuple[str, int, int]] = []
    for actor, s, e in found:
        if all(e <= ts or s >= te for _, ts, te in taken):
            taken.append((actor, s, e))
    return [(actor, text[s:e], s, e) for actor, s, e in sorted(taken, key=lambda f: f[1])]


def _mention_rows(bodies: dict[str, str], actors: pd.DataFrame, score: bool,
                  neutralise_topic: bool = False) -> pd.DataFrame:
    """Bodies by cache key -> one row per actor mention (offsets into the body), with the
    sentence and, if ``score``, the mention's target_sentiment and polarity (-1, 0, 1; 0
    unscored). The polarity model reads the full lexicon's rule score whatever
    ``neutralise_topic`` says, as it was trained."""
    matchers = _matchers(actors)
    lexicon = (topic_free_vader() if neutralise_topic else vader()).lexicon if score else {}
    verbs = speech_verb_directions() if score else {}
    rows = []
    for key, body in bodies.items():
        for no, (s, e) in enumerate(sentence_spans(body)):
            sentence = body[s:e]
            found = _find(sentence, matchers)
            spans = [(ms, me) for _, _, ms, me in found]
            for i, (actor, alias, ms, me) in enumerate(found):
                tone, polarity = np.nan, 0
                if score:
                    others = spans[:i] + spans[i + 1:]
                    tone = target_score(sentence, ms, me, lexicon, verbs, others)
                    polarity = target_polarity(sentence, ms, me, ignore=others,
                                               rule=None if neutralise_topic else tone)
                rows.append((key, no, actor, alias, s + ms, s + me, sentence, tone, polarity))
    table = pd.DataFrame(rows, columns=_ROW_COLUMNS)
    return table.astype({"sentence_no": "int64", "start": "int64", "end": "int64",
                         "target_sentiment": "float64", "polarity": "int64"})


def _version(actors: pd.DataFrame, score: bool, neutralise_topic: bool) -> str:
    """The actors table and scoring options -> the cache version of the mention stage."""
    code = [_mention_rows, _find, _matchers, _actor_regex, term_regex, alternation]
    if score:
        code += [target_score, split_clauses, is_negated, target_sentiment,
                 inspect.getmodule(target_polarity)]
    data = [actors.to_json(), str(neutralise_topic)]
    if score:
        data += [vader_lexicon_bytes(), Path(sentiment.SPEECH_VERBS_FILE).read_bytes(),
                 Path(sentiment.CONFLICT_TERMS_FILE).read_bytes(),
                 Path(POLARITY_MODEL_FILE).read_bytes(), Path(ROLES_FILE).read_bytes()]
    return splitter_version(*code) + digest(*data)[:8]


def _mentions(articles: pd.DataFrame, actors: pd.DataFrame | None, score: bool,
              neutralise_topic: bool = False) -> pd.DataFrame:
    """Articles -> their mention rows (scored or not), cached per article body."""
    actors = load_actors() if actors is None else actors
    if score:
        stage = "actor_sentiment_no_topic" if neutralise_topic else "actor_sentiment"
    else:
        stage = "actor_mentions"
    table = per_article(articles, "body", stage, _version(actors, score, neutralise_topic),
                        lambda bodies: _mention_rows(bodies, actors, score, neutralise_topic))
    return table.astype({"published": "datetime64[ns]"}).reset_index(drop=True)


def actor_mentions(articles: pd.DataFrame, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles -> one row per actor mention in their bodies.

    Columns: article_id, outlet, published, sentence_no (as in ``split_sentences``), actor
    (canonical name from the actors table), alias (the text as matched, e.g. "Kremlin",
    "Isis"), start and end (character offsets into ``body``). ``actors`` defaults to
    ``load_actors()``. Cached per article body.
    """
    return _mentions(articles, actors, score=False)[MENTION_COLUMNS]


def actor_sentiment(articles: pd.DataFrame, actors: pd.DataFrame | None = None, *,
                    neutralise_topic: bool = False) -> pd.DataFrame:
    """Articles -> one row per actor mention with the tone toward it.

    Columns: those of ``actor_mentions``, sentence (the sentence's text, to check a score by
    eye), target_sentiment (``helpers.measures.tone.target_sentiment`` of the mention, -1 to
    1; 0 when nothing evaluative is near) and polarity (``helpers.measures.target_polarity``'s label
    of the mention: -1, 0 or 1; validated on news sentences, see benchmarks/RESULTS.md). The
    other actors' names in the sentence do not count toward a mention's score.
    ``neutralise_topic`` drops the conflict terms from target_sentiment as
    ``compound_no_topic`` does (polarity is the model's, unchanged). Cached per article body.
    """
    table = _mentions(articles, actors, score=True, neutralise_topic=neutralise_topic)
    return table[SENTIMENT_COLUMNS]


def _actor_tone(group: pd.DataFrame) -> pd.Series:
    """Scored mentions of one outlet and actor -> n, mean tone, its interval, share evaluative,
    shares labelled negative and positive (NaN without a polarity column)."""
    tone = group["target_sentiment"]
    low, high = bootstrap_mean(tone)
    labelled = "polarity" in group
    return pd.Series({
        "n_mentions": len(group),
        "n_articles": group["article_id"].nunique(),
        "mean_tone": tone.mean(),
        "ci_low": low,
        "ci_high": high,
        "share_evaluative": ((tone >= POSITIVE) | (tone <= NEGATIVE)).mean(),
        "share_negative": (group["polarity"] == -1).mean() if labelled else np.nan,
        "share_positive": (group["polarity"] == 1).mean() if labelled else np.nan,
    })


def actor_tone(mentions: pd.DataFrame) -> pd.DataFrame:
    """Scored mentions (``actor_sentiment``) -> one row per outlet and actor.

    Columns: outlet, actor, n_mentions, n_articles, mean_tone (mean target_sentiment),
    ci_low, ci_high (95% bootstrap over mentions; NaN below 2 mentions), share_evaluative
    (share of mentions scored outside the neutral band +/-0.05: most mentions carry no
    evaluation, which pulls mean_tone toward 0), share_negative and share_positive (shares
    of mentions that ``target_polarity`` labels -1 and 1: the validated measure, see
    benchmarks/RESULTS.md; NaN if the mentions lack a polarity column). Mentions within an
    article are not independent: with few articles the interval describes those articles,
    not the outlet.
    """
    if mentions.empty:
        return pd.DataFrame(columns=ACTOR_TONE_COLUMNS)
    groups = mentions.groupby(["outlet", "actor"], sort=True)[list(mentions.columns)]
    table = groups.apply(_actor_tone)
    table = table.reset_index()[ACTOR_TONE_COLUMNS]
    return table.astype({"n_mentions": "int64", "n_articles": "int64"})
