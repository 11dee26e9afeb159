"""Sentence-level VADER tone, and article and outlet aggregates with their n and intervals.

VADER's compound score saturates on long texts, so tone is scored per sentence and an
article's tone is the mean of its sentences. Scores come from NLTK's VADER (lexicon from
the vaderSentiment package, see ``helpers.text.sentences``).

Beside the plain scores this module offers what a reviewer of VADER-on-news asks for:

- tone versus topic: ``compound_no_topic`` scores each sentence again with the conflict
  vocabulary of ``data/conflict_terms.txt`` given valence 0 ("war", "killed", "terrorists"
  are negative whatever the stance), and the tone tables carry both means;
- tone toward a target (``target_sentiment``): the tone of the words around one mention,
  with verbs of praise and criticism (``data/speech_verbs.csv``) passing their tone to
  their object rather than their subject;
- explanation (``sentiment_drivers``): which lexicon words drove an outlet's scores;
- robustness (``lexicon_agreement``): how far a second, independent lexicon (TextBlob's
  Pattern polarity, offline) agrees with VADER.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from nltk.sentiment.vader import VaderConstants

from helpers.run.cache import digest, per_article
from helpers.config import DATA_DIR
from helpers.text.sentences import (
    vader_lexicon_bytes,
    nltk_data_dir,
    sentence_rows,
    sentence_spans,
    splitter_version,
    vader,
)
from helpers.measures.stats import bootstrap_mean
from helpers.schemas import columns

if TYPE_CHECKING:
    from helpers.measures.fast_vader import FastVader

CONFLICT_TERMS_FILE = DATA_DIR / "conflict_terms.txt"
SPEECH_VERBS_FILE = DATA_DIR / "speech_verbs.csv"
NO_TOPIC = "compound_no_topic"

SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]
# VADER's own thresholds for calling a compound score positive or negative.
POSITIVE, NEGATIVE = 0.05, -0.05
# Below this many articles an outlet's tone describes its articles, not the outlet.
MIN_ARTICLES = 10


def load_conflict_terms(path: str | Path | None = None) -> pd.DataFrame:
    """Conflict-terms file (default data/conflict_terms.txt) -> one row per term: term,
    valence (VADER's, all negative).

    Raises ValueError for a term VADER's lexicon lacks: the file lists only words VADER
    scores, so that neutralising each one changes something.
    """
    path = CONFLICT_TERMS_FILE if path is None else path
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    terms = list(dict.fromkeys(ln.strip().lower() for ln in lines
                               if ln.strip() and not ln.lstrip().startswith("#")))
    lexicon = vader().lexicon
    missing = [t for t in terms if t not in lexicon]
    if missing:
        raise ValueError(f"{path}: not in VADER's lexicon, so nothing to neutralise: {missing}")
    return pd.DataFrame({"term": terms, "valence": [float(lexicon[t]) for t in terms]})


@cache
def _vader_without(terms: tuple[str, ...]) -> FastVader:
    """Terms -> a second VADER analyser whose lexicon lacks them, so they score 0.

    A separate instance: the shared ``vader()`` keeps its full lexicon.
    """
    from helpers.measures.fast_vader import FastVader

    nltk_data_dir()
    analyser = FastVader()
    drop = set(terms)
    analyser.lexicon = {w: v for w, v in analyser.lexicon.items() if w not in drop}
    return analyser


def topic_free_vader() -> FastVader:
    """Nothing -> VADER with the conflict terms of data/conflict_terms.txt given valence 0."""
    return _vader_without(tuple(load_conflict_terms()["term"]))


def score_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences table -> the same rows with VADER's neg, neu, pos, compound and
    compound_no_topic (compound with the conflict terms given valence 0) added.

    The topic-free analyser runs only on sentences that may contain a conflict term: on the
    others its lexicon is never asked about one, so its score is the plain compound.
    """
    terms = tuple(load_conflict_terms()["term"])
    analyser, no_topic = vader(), _vader_without(terms)
    texts = list(sentences["text"])
    scores = pd.DataFrame([analyser.polarity_scores(t) for t in texts],
                          columns=SCORE_COLUMNS, index=sentences.index, dtype="float64")
    maybe = _may_contain(texts, terms)
    scores[NO_TOPIC] = [no_topic.polarity_scores(t)["compound"] if m else c
                        for t, m, c in zip(texts, maybe, scores["compound"])]
    return pd.concat([sentences, scores], axis=1)


def _may_contain(texts: list[str], terms: tuple[str, ...]) -> list[bool]:
    """Texts and lowercase terms -> per text, False where no token of it can be one of the
    terms once lowercased (VADER's lexicon lookup); True wherever that is not certain.

    A token is part of its text, so a term missing from the lowercased text is missing
    from every token. The test is made with the shortest terms (a term containing another
    is covered by it); it is exact for ASCII terms, so any other term makes every text True.
    """
    if not all(t.isascii() for t in terms):
        return [True] * len(texts)
    needles = [t for t in terms if not any(s != t and s in t for s in terms)]
    return [any(n in low for n in needles) for low in (t.lower() for t in texts)]


def _scored_rows(bodies: dict[str, str]) -> pd.DataFrame:
    """Bodies by cache key -> their sentence rows with VADER scores."""
    return score_sentences(sentence_rows(bodies))


def vader_version() -> str:
    """Nothing -> the cache version of scored sentences: splitter, scoring code, lexicon, terms."""
    from helpers.measures import fast_vader

    return (splitter_version(score_sentences, _may_contain, _scored_rows, _vader_without,
                             topic_free_vader, load_conflict_terms, fast_vader)
            + digest(vader_lexicon_bytes(), Path(CONFLICT_TERMS_FILE).read_bytes())[:8])


def sentence_sentiment(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles table -> one row per sentence with VADER scores.

    Columns: those of ``helpers.text.sentences.split_sentences`` plus neg, neu, pos (shares of
    the sentence's words, 0-1), compound (normalised sum, -1 to 1) and compound_no_topic
    (the same with the words of ``data/conflict_terms.txt`` given valence 0). Cached per
    article body, keyed also by the VADER lexicon and the conflict-terms file.
    """
    table = per_article(articles, "body", "vader", vader_version(), _scored_rows)
    return table.astype({"published": "datetime64[ns]"})


TONE_COLUMNS = columns("tone")


def group_tone(group: pd.DataFrame) -> pd.Series:
    """Scored sentences of one group -> n, mean compound, its interval, shares of +/- sentences,
    and the mean and interval of compound_no_topic (NaN when the table lacks that column)."""
    low, high = bootstrap_mean(group["compound"])
    if NO_TOPIC in group:
        no_topic = group[NO_TOPIC].mean()
        low_no_topic, high_no_topic = bootstrap_mean(group[NO_TOPIC])
    else:
        no_topic = low_no_topic = high_no_topic = np.nan
    return pd.Series({
        "n_articles": group["article_id"].nunique(),
        "n_sentences": len(group),
        "mean_compound": group["compound"].mean(),
        "ci_low": low,
        "ci_high": high,
        "share_positive": (group["compound"] >= POSITIVE).mean(),
        "share_negative": (group["compound"] <= NEGATIVE).mean(),
        "mean_no_topic": no_topic,
        "ci_low_no_topic": low_no_topic,
        "ci_high_no_topic": high_no_topic,
    })


def article_tone(scored: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences -> one row per article: article_id, outlet, published and group_tone's columns.

    The intervals are 95% bootstraps over the article's sentences. mean_no_topic (with
    ci_low_no_topic, ci_high_no_topic) is the mean of compound_no_topic: the difference
    mean_compound - mean_no_topic is the part of the tone carried by conflict vocabulary.
    """
    keys = ["article_id", "outlet", "published"]
    if scored.empty:
        return pd.DataFrame(columns=keys + TONE_COLUMNS)
    table = scored.groupby(keys, dropna=False, sort=False)[scored.columns].apply(group_tone)
    return _counts_as_int(table.reset_index())


def outlet_tone(scored: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences -> one row per outlet: outlet, n_articles, n_sentences, mean_compound,
    ci_low, ci_high (95% bootstrap over sentences), share_positive, share_negative,
    mean_no_topic, ci_low_no_topic, ci_high_no_topic (the same for compound_no_topic:
    how negative the outlet reads once the war's own vocabulary is neutralised).

    Resampling sentences treats them as independent, which they are not within an article:
    with few articles per outlet the interval describes those articles, not the outlet.
    """
    if scored.empty:
        return pd.DataFrame(columns=["outlet"] + TONE_COLUMNS)
    table = scored.groupby("outlet", sort=True)[scored.columns].apply(group_tone)
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


# --- tone toward a target ---------------------------------------------------------------------
#
# target_sentiment scores only the words near one mention, in three steps:
# 1. The sentence holding the mention is cut into clauses at , ; : dashes and brackets and
#    at the conjunctions in CLAUSE_WORDS; only the mention's own clause counts. A clause that
#    is nothing but names (capitalised words, LIST_WORDS), as "Iran" in "condemned Russia
#    and Iran", is read together with the clause before it, so list members share a verb.
# 2. Verbs of praise and criticism (data/speech_verbs.csv: verb, direction + or -) pass their
#    tone to their object, not their subject: a mention after such a verb receives its
#    direction (valence +/- VERB_VALENCE) and is described by the words after the verb; a
#    mention before it (its subject) is described only by the words before the verb. In the
#    passive ("Turkey was criticised by Russia": a form of "be" up to two words before an
#    -ed form) the roles swap.
# 3. The remaining words are looked up in VADER's lexicon and weighted by 1 / distance (in
#    words) to the mention; a negator up to three words before a word flips it (VADER's own
#    factor -0.74). The sum is squashed into -1..1 as VADER squashes its compound.

VERB_VALENCE = 2.0          # about VADER's own "praised" (2.2) and "blamed" (-2.1)
NEGATION_SCALAR = -0.74     # VADER's N_SCALAR
NEGATION_WINDOW = 3         # words before a word in which a negator flips it (as VADER)
ALPHA = 15                  # VADER's normalisation constant: x / sqrt(x**2 + ALPHA)
CLAUSE_WORDS = frozenset({"and", "but", "while", "whereas", "although", "though", "however",
                          "yet"})
CLAUSE_PUNCTUATION = frozenset({",", ";", ":", "(", ")", "[", "]", "—", "–", "-", "--"})
LIST_WORDS = frozenset({"the", "its", "their", "his", "her", "of", "other", "also"})
PASSIVE_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d[\d.,]*|--|[^\w\s]")
_WORD = re.compile(r"[^\W\d_]")
NEGATORS = frozenset(VaderConstants.NEGATE)     # VADER's negators ("not", "never", "without" ...)


def load_speech_verbs(path: str | Path | None = None) -> pd.DataFrame:
    """Speech-verbs CSV (default data/speech_verbs.csv) -> one row per verb form: verb (lower
    case), direction (+1 praise, -1 criticism)."""
    path = SPEECH_VERBS_FILE if path is None else path
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad = table.loc[~table["direction"].isin(["+", "-"]), "verb"].tolist()
    if bad:
        raise ValueError(f"{path}: direction must be + or -, not for {bad}")
    return pd.DataFrame({"verb": table["verb"].str.strip().str.lower(),
                         "direction": np.where(table["direction"] == "+", 1, -1)})


@cache
def _speech_verbs(path: Path, content: bytes) -> dict[str, int]:
    """Speech-verbs file and its content -> {verb form: +1 or -1} (keyed by content too)."""
    table = load_speech_verbs(path)
    return dict(zip(table["verb"], table["direction"].astype(int)))


def speech_verb_directions() -> dict[str, int]:
    """The speech verbs of data/speech_verbs.csv as {verb form: direction}."""
    path = Path(SPEECH_VERBS_FILE)
    return _speech_verbs(path, path.read_bytes())


def is_negated(words: list[str], i: int) -> bool:
    """Lower-cased clause words and a position -> True if a negator stands up to 3 words before."""
    before = words[max(0, i - NEGATION_WINDOW):i]
    return any(w in NEGATORS or w.endswith("n't") for w in before)


def split_clauses(sentence: str) -> list[list[tuple[str, int, int]]]:
    """Sentence -> its clauses, each a list of word tokens (text, start, end); the boundary
    tokens themselves (punctuation, conjunctions) belong to no clause."""
    clauses, current = [], []
    for m in _TOKEN.finditer(sentence):
        token = m.group()
        if token in CLAUSE_PUNCTUATION or token.lower() in CLAUSE_WORDS:
            clauses.append(current)
            current = []
        elif _WORD.match(token):
            current.append((token, m.start(), m.end()))
    clauses.append(current)
    return [c for c in clauses if c]


def _overlaps(token: tuple[str, int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """A token and character spans -> True if the token overlaps any span."""
    return any(token[1] < e and s < token[2] for s, e in spans)


def target_score(sentence: str, start: int, end: int, lexicon: dict[str, float],
                  verbs: dict[str, int], ignore: Iterable[tuple[int, int]] = ()) -> float:
    """One sentence and a span in it (offsets into the sentence) -> tone toward that span."""
    ignore, target = list(ignore), [(start, end)]
    clauses = split_clauses(sentence)
    k = next((k for k, c in enumerate(clauses) if any(_overlaps(t, target) for t in c)), None)
    if k is None:
        return 0.0
    first = k                                   # a bare list of names joins the clause before
    while first > 0 and all(_overlaps(t, target + ignore) or t[0][0].isupper()
                            or t[0].lower() in LIST_WORDS for t in clauses[first]):
        first -= 1
    clause = [t for c in clauses[first:k + 1] for t in c]
    mention = [i for i, t in enumerate(clause) if _overlaps(t, target)]
    lo, hi = mention[0], mention[-1]
    words = [t[0].lower().replace("’", "'") for t in clause]
    skip = set(mention) | {i for i, t in enumerate(clause) if _overlaps(t, ignore)}
    speech = [i for i, w in enumerate(words) if w in verbs and i not in skip]
    before = [i for i in speech if i < lo]
    after = [i for i in speech if i > hi]

    def passive(v: int) -> bool:                # "was (strongly) criticised", not "is praising"
        return words[v].endswith("ed") and any(w in PASSIVE_AUXILIARIES
                                               for w in words[max(0, v - 2):v])

    total, region = 0.0, range(len(clause))
    if before:                                  # the mention follows a verb of praise/blame
        verb = before[-1]
        stop = after[0] if after else len(clause)
        agent = passive(verb) and "by" in words[verb + 1:lo]
        if not agent:                           # its object: it receives the verb's tone
            sign = NEGATION_SCALAR if is_negated(words, verb) else 1.0
            total += verbs[words[verb]] * VERB_VALENCE * sign
        region = range(verb + 1, stop)
    elif after:                                 # the mention precedes a verb of praise/blame
        verb = after[0]
        if passive(verb):                       # "X was criticised (by Y)": X receives it
            sign = NEGATION_SCALAR if is_negated(words, verb) else 1.0
            total += verbs[words[verb]] * VERB_VALENCE * sign
            by = [i for i in range(verb + 1, len(clause)) if words[i] == "by"]
            region = range(0, by[0] if by else len(clause))
        else:                                   # its subject: only its own words describe it
            region = range(0, verb)
    for i in region:
        if i in skip or i in speech or words[i] not in lexicon:
            continue
        distance = lo - i if i < lo else i - hi
        sign = NEGATION_SCALAR if is_negated(words, i) else 1.0
        total += lexicon[words[i]] * sign / distance
    return total / math.sqrt(total * total + ALPHA)


def target_sentiment(text: str, start: int, end: int, *, neutralise_topic: bool = False,
                     ignore: Iterable[tuple[int, int]] = ()) -> float:
    """A text and the span text[start:end] of a mention -> tone toward that mention, -1 to 1.

    Only the mention's own clause of its own sentence is read: verbs of praise and
    criticism give their tone to their object, not their subject, and other words count by
    VADER's valence divided by their distance in words to the mention (the method is spelt
    out above this function). 0.0 when nothing evaluative is near. ``neutralise_topic``
    drops the conflict terms (as compound_no_topic does); ``ignore`` lists other spans
    (offsets into text, e.g. other actors' names such as "Free Syrian Army") whose words
    must not count.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span ({start}, {end}) is not inside a text of {len(text)} characters")
    s, e = next(((s, e) for s, e in sentence_spans(text) if s <= start < e), (0, len(text)))
    lexicon = (topic_free_vader() if neutralise_topic else vader()).lexicon
    shifted = [(a - s, b - s) for a, b in ignore]
    return target_score(text[s:e], start - s, min(end, e) - s, lexicon, speech_verb_directions(), shifted)


# --- which words drove the scores -------------------------------------------------------------

DRIVER_COLUMNS = ["outlet", "n_sentences", "direction", "rank", "word", "valence", "count",
                  "contribution", "conflict_term"]


def _vader_tokens(text: str) -> list[str]:
    """Text -> its words as VADER splits them (white space, edge punctuation off), lower case."""
    from nltk.sentiment.vader import SentiText

    constants = vader().constants
    words = SentiText(text, constants.PUNC_LIST, constants.REGEX_REMOVE_PUNCTUATION)
    return [w.lower() for w in words.words_and_emoticons]


def sentiment_drivers(scored: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Scored sentences (outlet, text) -> per outlet the n lexicon words that pushed its scores
    most towards negative and most towards positive.

    Columns: outlet, n_sentences (the outlet's), direction ("negative" / "positive"), rank
    (1 = strongest), word, valence (VADER's lexicon), count (occurrences in the outlet's
    sentences), contribution (valence x count), conflict_term (True if the word is in
    data/conflict_terms.txt, i.e. neutralised in compound_no_topic). Contributions use the
    raw lexicon valence, before VADER's rules for negation, boosters and capitals.
    """
    lexicon = vader().lexicon
    conflict = set(load_conflict_terms()["term"])
    rows = []
    for outlet, group in scored.groupby("outlet", sort=True):
        counts = Counter(w for text in group["text"] for w in _vader_tokens(text) if w in lexicon)
        table = pd.DataFrame({"word": list(counts), "count": list(counts.values())}, dtype=object)
        table["valence"] = [float(lexicon[w]) for w in table["word"]]
        table["contribution"] = table["valence"] * table["count"]
        for direction, picked in (("negative", table[table["valence"] < 0]),
                                  ("positive", table[table["valence"] > 0])):
            top = picked.assign(strength=picked["contribution"].abs())
            top = top.sort_values(["strength", "word"], ascending=[False, True]).head(n)
            rows += [(outlet, len(group), direction, rank, r.word, r.valence, r.count,
                      r.contribution, r.word in conflict)
                     for rank, r in enumerate(top.itertuples(), start=1)]
    table = pd.DataFrame(rows, columns=DRIVER_COLUMNS)
    return table.astype({"n_sentences": "int64", "rank": "int64", "valence": "float64",
                         "count": "int64", "contribution": "float64", "conflict_term": "bool"})


# --- a second lexicon -------------------------------------------------------------------------

ALL_OUTLETS = "all outlets"
AGREEMENT_COLUMNS = ["outlet", "n_sentences", "pearson", "spearman", "sign_agreement", "kappa",
                     "share_neutral_vader", "share_neutral_textblob"]


@cache
def _pattern_analyzer():
    """TextBlob's PatternAnalyzer (Pattern's lexicon, shipped inside textblob: no download)."""
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


def second_lexicon_scores(scored: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences (any table with text) -> the same with a textblob column: TextBlob's
    Pattern polarity of each sentence, -1 to 1 (0 when no word of its lexicon occurs)."""
    analyzer = _pattern_analyzer()
    polarity = [float(analyzer.analyze(t).polarity) for t in scored["text"]]
    return scored.assign(textblob=pd.Series(polarity, index=scored.index, dtype="float64"))


def sign_class(scores, band: float = POSITIVE) -> np.ndarray:
    """Scores -> -1 (<= -band), 0 (neutral, strictly inside the band) or +1 (>= band)."""
    x = np.asarray(scores, dtype=float)
    return np.where(x >= band, 1, np.where(x <= -band, -1, 0))


def _cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Two raters' classes for the same items -> Cohen's kappa (NaN if chance agreement is 1).

    kappa = (p_o - p_e) / (1 - p_e): p_o is the share of items both put in the same class,
    p_e the share expected by chance, the sum over classes of the product of the two
    raters' shares of that class. 1 is perfect agreement, 0 no better than chance.
    """
    if len(a) == 0:
        return float("nan")
    classes = np.union1d(a, b)
    observed = np.mean(a == b)
    expected = sum(np.mean(a == k) * np.mean(b == k) for k in classes)
    return float("nan") if expected == 1 else float((observed - expected) / (1 - expected))


def _agreement(group: pd.DataFrame, band: float) -> dict:
    """Sentences with compound and textblob -> agreement figures for them."""
    v, t = group["compound"].astype(float), group["textblob"].astype(float)
    a, b = sign_class(v, band), sign_class(t, band)
    return {
        "n_sentences": len(group),
        "pearson": v.corr(t) if len(group) > 1 else np.nan,
        "spearman": v.rank().corr(t.rank()) if len(group) > 1 else np.nan,
        "sign_agreement": float(np.mean(a == b)) if len(group) else np.nan,
        "kappa": _cohen_kappa(a, b),
        "share_neutral_vader": float(np.mean(a == 0)) if len(group) else np.nan,
        "share_neutral_textblob": float(np.mean(b == 0)) if len(group) else np.nan,
    }


def lexicon_agreement(scored: pd.DataFrame, band: float = POSITIVE) -> pd.DataFrame:
    """Scored sentences -> how far VADER and TextBlob agree: one row per outlet, then "all outlets".

    Columns: outlet, n_sentences, pearson and spearman (correlation of VADER compound with
    TextBlob polarity; Spearman is Pearson on average ranks, as pandas computes it without
    SciPy), sign_agreement (share of sentences both call negative, neutral or positive, the
    neutral band being +/- ``band``), kappa (Cohen's kappa on those three classes: agreement
    beyond what the two lexicons' class shares give by chance), share_neutral_vader and
    share_neutral_textblob (how often each calls a sentence neutral: TextBlob, with a smaller
    lexicon, often scores 0). Uses a textblob column if present, else computes it.
    """
    if "textblob" not in scored:
        scored = second_lexicon_scores(scored)
    rows = [{"outlet": o, **_agreement(g, band)} for o, g in scored.groupby("outlet", sort=True)]
    rows.append({"outlet": ALL_OUTLETS, **_agreement(scored, band)})
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS).astype({"n_sentences": "int64"})
