"""Polarity toward one target in a sentence (-1, 0, 1): a small linear model over its context.

``target_polarity(sentence, start, end)`` labels the tone of a sentence toward the mention
``sentence[start:end]``: -1 negative, 0 neutral, 1 positive. It reads features of the
mention's context (``target_features``) and weighs them with a multinomial logistic
regression shipped as ``data/target_polarity.json``; inference needs only the standard
library. The features, all with the mention's own words left out:

- the sentence's words and word pairs, the mention masked as one token;
- the words one to three places left and right of the mention, and its own clause's words
  (clauses as ``helpers.measures.tone`` cuts them);
- VADER lexicon sums (positive and negative, in the sentence, its clause, and weighted by
  1 / distance to the mention), and the rule score ``target_sentiment`` with its sign;
- the mention's role: sentence-initial (subject), after "by" (agent of a passive), before or
  after a verb of speech, inside quotation marks, a pronoun (the word lists are in
  ``data/target_roles.toml``); a negator near it.

The model is trained by ``scripts/train_target_polarity.py`` on the train split of NewsMTSC
(Hamborg & Donnay, EACL 2021; MIT licence), news sentences with one annotated target each;
its figures on the dev split are in ``benchmarks/RESULTS.md`` ("Target polarity"). It is a
bag-of-words model: it does not parse, so long-range roles and irony escape it.
"""
from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from helpers.config import DATA_DIR
from helpers.text.sentences import vader
from helpers.measures.tone import (
    ALPHA,
    CLAUSE_PUNCTUATION,
    CLAUSE_WORDS,
    NEGATION_SCALAR,
    NEGATIVE,
    POSITIVE,
    is_negated,
    target_score,
    speech_verb_directions,
)

MODEL_FILE = DATA_DIR / "target_polarity.json"
LABELS = (-1, 0, 1)
WINDOW = 3                  # words each side of the mention read as positional features
MASK = "<t>"                # the mention, as one token, in the word pairs
# Word tokens and single punctuation marks (quotation marks among them); digits as one class.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d[\d.,]*|[^\w\s]")
_QUOTES = frozenset({'"', "“", "”", "«", "»"})
ROLES_FILE = DATA_DIR / "target_roles.toml"   # speech verbs and pronouns for the role features
LEXICON_FEATURES = ("lex:pos", "lex:neg", "lex:pos_clause", "lex:neg_clause", "lex:pos_near",
                    "lex:neg_near")


@cache
def _roles(path: Path = ROLES_FILE) -> tuple[frozenset[str], frozenset[str]]:
    """Roles file (data/target_roles.toml) -> (speech words, pronouns), lower case."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    missing = [k for k in ("speech", "pronouns") if not isinstance(data.get(k), list)]
    if missing:
        raise ValueError(f"{path}: needs a list of words for {missing}")
    return (frozenset(w.lower() for w in data["speech"]),
            frozenset(w.lower() for w in data["pronouns"]))


def _tokens(sentence: str, start: int, end: int) -> tuple[list[str], int, int]:
    """Sentence and mention span -> lower-case tokens with the mention as one MASK token, and
    the MASK's position and the number of tokens before it that were quotation marks."""
    words: list[str] = []
    at, quotes = -1, 0
    for m in _TOKEN.finditer(sentence):
        if m.start() < end and start < m.end():
            if at < 0:
                at = len(words)
                words.append(MASK)
            continue
        token = m.group().lower().replace("’", "'")
        if at < 0 and token in _QUOTES:
            quotes += 1
        words.append("<num>" if token[0].isdigit() else token)
    if at < 0:                                  # a span inside no token: mask at its place
        at = sum(1 for m in _TOKEN.finditer(sentence) if m.end() <= start)
        words.insert(at, MASK)
    return words, at, quotes


def _clause_span(words: list[str], at: int) -> range:
    """Tokens and the mention's position -> the positions of its clause: up to the nearest
    clause boundary (punctuation or conjunction of ``helpers.measures.tone``) on each side."""
    lo = at
    while lo > 0 and words[lo - 1] not in CLAUSE_PUNCTUATION and words[lo - 1] not in CLAUSE_WORDS:
        lo -= 1
    hi = at + 1
    while hi < len(words) and words[hi] not in CLAUSE_PUNCTUATION and words[hi] not in CLAUSE_WORDS:
        hi += 1
    return range(lo, hi)


def _lexicon_features(words: list[str], at: int, clause: range,
                      lexicon: dict[str, float]) -> dict[str, float]:
    """Tokens, the mention's position, its clause and VADER's lexicon -> sums of positive and
    negative valence (a negator flips a word, as in VADER): in the sentence, in the clause,
    and weighted by 1 / distance to the mention; each squashed into 0..1 as VADER's compound."""
    sums = [0.0] * 6                            # pos, neg, pos in clause, neg in clause, near
    for i, w in enumerate(words):
        value = lexicon.get(w)
        if not value or i == at:
            continue
        if is_negated(words, i):
            value *= NEGATION_SCALAR
        side = 0 if value > 0 else 1
        value = abs(value)
        sums[side] += value
        if i in clause:
            sums[2 + side] += value
        sums[4 + side] += value / abs(i - at)
    return {name: v / math.sqrt(v * v + ALPHA) for name, v in zip(LEXICON_FEATURES, sums) if v}


def target_features(sentence: str, start: int, end: int, *, rule: float | None = None,
                    ignore: Iterable[tuple[int, int]] = ()) -> dict[str, float]:
    """Sentence and mention span (offsets into it) -> {feature name: value} for the model.

    ``rule`` is the mention's ``target_sentiment`` score if already known (it is computed
    otherwise, with ``ignore`` listing other names' spans to leave out, as there).
    """
    lexicon = vader().lexicon
    words, at, quotes = _tokens(sentence, start, end)
    feats = dict.fromkeys(["w:" + w for w in words if w != MASK], 1.0)
    feats.update(dict.fromkeys([f"b:{a}_{b}" for a, b in zip(words, words[1:])], 1.0))
    for k in range(1, WINDOW + 1):
        feats[f"l{k}:" + (words[at - k] if at - k >= 0 else "<s>")] = 1.0
        feats[f"r{k}:" + (words[at + k] if at + k < len(words) else "</s>")] = 1.0
    clause = _clause_span(words, at)
    feats.update(dict.fromkeys(["c:" + words[i] for i in clause if i != at], 1.0))
    feats.update(_lexicon_features(words, at, clause, lexicon))
    if rule is None:
        rule = target_score(sentence, start, end, lexicon, speech_verb_directions(), ignore)
    feats["rule"] = rule
    feats["rule:sign"] = float((rule >= POSITIVE) - (rule <= NEGATIVE))
    speech, pronouns = _roles()
    role = {"first": at <= 1, "by": at > 0 and words[at - 1] == "by",
            "speech_after": not speech.isdisjoint(words[at + 1:at + 1 + WINDOW]),
            "speech_before": not speech.isdisjoint(words[max(0, at - WINDOW):at]),
            "quoted": quotes % 2 == 1, "pronoun": sentence[start:end].lower() in pronouns,
            "negated_before": is_negated(words, at),
            "negated_after": is_negated(words, min(len(words), at + 1 + WINDOW)),
            "last": at >= len(words) - 2}
    feats.update(dict.fromkeys(["role:" + k for k, v in role.items() if v], 1.0))
    return feats


@cache
def _model(path: Path, size: int) -> tuple[dict[str, tuple[float, ...]], tuple[float, ...]]:
    """Model file (and its size, so an edited file reloads) -> ({feature: weight per label},
    intercept per label)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("labels") != list(LABELS) or len(data["features"]) != len(data["weights"]):
        raise ValueError(f"{path}: not a target-polarity model (labels {LABELS}, one weight row "
                         "per feature)")
    return ({f: tuple(w) for f, w in zip(data["features"], data["weights"])},
            tuple(data["intercept"]))


def load_model(path: str | Path | None = None) -> tuple[dict[str, tuple[float, ...]],
                                                       tuple[float, ...]]:
    """Model file (default data/target_polarity.json) -> (weights by feature, intercepts)."""
    path = Path(MODEL_FILE if path is None else path)
    return _model(path, path.stat().st_size)


def polarity_scores(features: dict[str, float]) -> tuple[float, float, float]:
    """Features of one mention -> the model's probabilities of -1, 0 and 1."""
    weights, intercept = load_model()
    z = list(intercept)
    for name, value in features.items():
        w = weights.get(name)
        if w is not None:
            z[0] += w[0] * value
            z[1] += w[1] * value
            z[2] += w[2] * value
    top = max(z)
    e = [math.exp(v - top) for v in z]
    return (e[0] / sum(e), e[1] / sum(e), e[2] / sum(e))


def target_polarity(sentence: str, start: int, end: int, *, rule: float | None = None,
                    ignore: Iterable[tuple[int, int]] = ()) -> int:
    """Sentence and the span sentence[start:end] of a mention -> polarity toward it: -1, 0 or 1.

    The most probable label of the model in ``data/target_polarity.json`` (see the module
    docstring). ``rule`` (the mention's ``target_sentiment`` score, if known) saves computing
    it; ``ignore`` lists other names' spans, as in ``target_sentiment``. Raises ValueError for a
    span outside the sentence.
    """
    if not 0 <= start < end <= len(sentence):
        raise ValueError(f"span ({start}, {end}) is not inside a sentence of "
                         f"{len(sentence)} characters")
    probs = polarity_scores(target_features(sentence, start, end, rule=rule, ignore=ignore))
    return LABELS[max(range(3), key=probs.__getitem__)]
