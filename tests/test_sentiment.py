"""Tests for helpers.measures.tone: sentence-level VADER tone and its aggregates."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import support

from helpers.measures.tone import (
    MIN_ARTICLES,
    article_tone,
    comparison_caveat,
    extreme_sentences,
    outlet_tone,
    sentence_sentiment,
)


POSITIVE = "The peace talks were a wonderful success and everyone was happy."
NEGATIVE = "The terrible bombing killed many innocent children."
NEUTRAL = "The minister arrived in Moscow on Tuesday."
PRAISE = "Officials praised the excellent agreement."
SCORN = "Critics called the deal a disgraceful failure."


make_articles = support.make_articles


# Alpha: two articles, three sentences; Beta: one article, two sentences.
ROWS = [
    {"article_id": "a1", "outlet": "Alpha", "published": "2015-10-01", "body": f"{POSITIVE} {NEGATIVE}"},
    {"article_id": "a2", "outlet": "Alpha", "published": "2015-10-05", "body": NEUTRAL},
    {"article_id": "b1", "outlet": "Beta", "published": "2016-02-01", "body": f"{PRAISE}\n\n{SCORN}"},
]
SENTENCES = {"a1": [POSITIVE, NEGATIVE], "a2": [NEUTRAL], "b1": [PRAISE, SCORN]}


@pytest.fixture(scope="module")
def vader_reference():
    """A fresh NLTK VADER analyser, independent of the package's cached one."""
    from nltk.sentiment import SentimentIntensityAnalyzer

    from helpers.text.sentences import nltk_data_dir

    nltk_data_dir()                      # puts the offline lexicon on nltk.data.path
    analyser = SentimentIntensityAnalyzer()
    return lambda text: analyser.polarity_scores(text)["compound"]


@pytest.fixture(scope="module")
def articles():
    return make_articles(ROWS)


@pytest.fixture(scope="module")
def scored(articles):
    return sentence_sentiment(articles)


# --- sentence_sentiment -----------------------------------------------------------------------

def test_one_row_per_sentence(scored):
    got = {a: list(g.sort_values("sentence_no")["text"]) for a, g in scored.groupby("article_id")}
    assert got == SENTENCES
    assert len(scored) == 5


def test_score_columns_present_and_in_range(scored):
    for column in ["neg", "neu", "pos", "compound"]:
        assert column in scored.columns
        assert scored[column].dtype == "float64"
    assert scored[["neg", "neu", "pos"]].sum(axis=1).to_numpy() == pytest.approx(1.0, abs=0.01)
    assert scored["compound"].between(-1, 1).all()


def test_compound_equals_vader_on_sentence_text(scored, vader_reference):
    for row in scored.itertuples():
        assert row.compound == pytest.approx(vader_reference(row.text)), row.text


def test_offsets_point_into_body(scored, articles):
    bodies = dict(zip(articles["article_id"], articles["body"]))
    for row in scored.itertuples():
        assert bodies[row.article_id][row.start:row.end] == row.text


def test_signs_of_clearly_positive_and_negative_sentences(scored):
    compound = dict(zip(scored["text"], scored["compound"]))
    assert compound[POSITIVE] > 0.05
    assert compound[PRAISE] > 0.05
    assert compound[NEGATIVE] < -0.05
    assert compound[SCORN] < -0.05


def test_index_is_kept_and_no_rows_lost_with_non_default_index():
    articles = make_articles(ROWS)
    articles.index = [10, 20, 30]
    scored = sentence_sentiment(articles)
    assert len(scored) == 5
    assert scored["compound"].notna().all()


# --- article_tone -----------------------------------------------------------------------------

def test_article_tone_mean_is_mean_of_its_sentences(scored, vader_reference):
    tone = article_tone(scored).set_index("article_id")
    assert set(tone.index) == {"a1", "a2", "b1"}
    for article_id, sentences in SENTENCES.items():
        expected = np.mean([vader_reference(s) for s in sentences])
        assert tone.loc[article_id, "mean_compound"] == pytest.approx(expected)
        assert tone.loc[article_id, "n_sentences"] == len(sentences)
        assert tone.loc[article_id, "n_articles"] == 1


def test_article_tone_keeps_outlet_and_published(scored):
    tone = article_tone(scored).set_index("article_id")
    assert tone.loc["b1", "outlet"] == "Beta"
    assert tone.loc["a2", "published"] == pd.Timestamp("2015-10-05")


def test_article_tone_keeps_undated_article():
    rows = ROWS + [{"article_id": "u1", "outlet": "Beta", "published": None, "body": NEGATIVE}]
    tone = article_tone(sentence_sentiment(make_articles(rows)))
    assert "u1" in set(tone["article_id"])
    assert pd.isna(tone.set_index("article_id").loc["u1", "published"])


def test_article_tone_single_sentence_has_nan_interval(scored):
    tone = article_tone(scored).set_index("article_id")
    assert np.isnan(tone.loc["a2", "ci_low"]) and np.isnan(tone.loc["a2", "ci_high"])


# --- outlet_tone ------------------------------------------------------------------------------

def test_outlet_tone_counts(scored):
    tone = outlet_tone(scored)
    assert list(tone["outlet"]) == ["Alpha", "Beta"]
    assert tone["n_articles"].dtype == "int64" and tone["n_sentences"].dtype == "int64"
    assert list(tone["n_articles"]) == [2, 1]
    assert list(tone["n_sentences"]) == [3, 2]


def test_outlet_tone_mean_and_interval(scored, vader_reference):
    tone = outlet_tone(scored).set_index("outlet")
    alpha = np.mean([vader_reference(s) for s in [POSITIVE, NEGATIVE, NEUTRAL]])
    beta = np.mean([vader_reference(s) for s in [PRAISE, SCORN]])
    assert tone.loc["Alpha", "mean_compound"] == pytest.approx(alpha)
    assert tone.loc["Beta", "mean_compound"] == pytest.approx(beta)
    for row in tone.itertuples():
        assert row.ci_low <= row.mean_compound <= row.ci_high


def test_outlet_tone_shares(scored, vader_reference):
    tone = outlet_tone(scored).set_index("outlet")
    alpha = [vader_reference(s) for s in [POSITIVE, NEGATIVE, NEUTRAL]]
    assert tone.loc["Alpha", "share_positive"] == pytest.approx(np.mean([c >= 0.05 for c in alpha]))
    assert tone.loc["Alpha", "share_negative"] == pytest.approx(np.mean([c <= -0.05 for c in alpha]))
    assert tone.loc["Beta", "share_positive"] == pytest.approx(0.5)
    assert tone.loc["Beta", "share_negative"] == pytest.approx(0.5)


# --- extreme_sentences ------------------------------------------------------------------------

def test_extreme_sentences_pick_known_ends(scored):
    table = extreme_sentences(scored, n=1)
    assert set(table.columns) >= {"outlet", "end", "compound", "text", "article_id"}
    picked = {(r.outlet, r.end): r.text for r in table.itertuples()}
    assert picked == {
        ("Alpha", "most negative"): NEGATIVE,
        ("Alpha", "most positive"): POSITIVE,
        ("Beta", "most negative"): SCORN,
        ("Beta", "most positive"): PRAISE,
    }


def test_extreme_sentences_n_per_end(scored):
    table = extreme_sentences(scored, n=2)
    counts = table.groupby(["outlet", "end"]).size()
    assert counts[("Alpha", "most negative")] == 2
    assert counts[("Alpha", "most positive")] == 2
    alpha_negative = table[(table["outlet"] == "Alpha") & (table["end"] == "most negative")]
    assert set(alpha_negative["text"]) == {NEGATIVE, NEUTRAL}


# --- comparison_caveat ------------------------------------------------------------------------

def tone_table(counts: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"outlet": list(counts), "n_articles": list(counts.values())})


def test_caveat_names_outlets_below_threshold():
    text = comparison_caveat(tone_table({"Alpha": 12, "Beta": 3, "Gamma": 9}))
    assert "Beta" in text and "Gamma" in text
    assert "Alpha" not in text
    assert "2 of 3" in text
    assert str(MIN_ARTICLES) in text


def test_caveat_respects_min_articles(scored):
    tone = outlet_tone(scored)                      # Alpha 2 articles, Beta 1
    text = comparison_caveat(tone, min_articles=2)
    assert "Beta" in text and "Alpha" not in text


def test_caveat_when_every_outlet_is_large_enough():
    text = comparison_caveat(tone_table({"Alpha": 10, "Beta": 25}))
    assert "Alpha" not in text and "Beta" not in text
    assert "at least 10" in text


def test_caveat_single_outlet_nothing_to_compare():
    text = comparison_caveat(tone_table({"Alpha": 2}))
    assert "nothing to compare" in text


# --- tone versus topic: compound_no_topic -----------------------------------------------------

from helpers.measures import tone as sentiment_module  # noqa: E402
from helpers.text.sentences import vader  # noqa: E402
from helpers.measures.tone import (  # noqa: E402
    ALL_OUTLETS,
    TONE_COLUMNS,
    lexicon_agreement,
    load_conflict_terms,
    load_speech_verbs,
    second_lexicon_scores,
    sentiment_drivers,
    target_sentiment,
)

ONLY_WAR = "War, terrorism and violence."            # nothing but conflict vocabulary


def test_conflict_terms_are_all_negative_vader_entries():
    terms = load_conflict_terms()
    lexicon = vader().lexicon
    assert len(terms) >= 30 and terms["term"].is_unique
    for row in terms.itertuples():
        assert row.term in lexicon, row.term
        assert row.valence == lexicon[row.term] < 0, row.term
    for word in ["war", "killed", "terrorists", "terrorism", "attacks", "strikes", "crisis",
                 "violence", "conflict", "threat", "dead", "death", "fighting"]:
        assert word in set(terms["term"]), word


def test_conflict_terms_file_rejects_a_word_vader_lacks(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text("# header\nwar\nbombing\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bombing"):
        load_conflict_terms(path)


def test_conflict_words_only_sentence_is_negative_but_zero_without_topic():
    scored = sentence_sentiment(make_articles([{"article_id": "w1", "outlet": "Alpha",
                                                "published": "2016-01-01", "body": ONLY_WAR}]))
    row = scored.iloc[0]
    assert row["compound"] < -0.05
    assert row["compound_no_topic"] == 0.0


def test_no_topic_equals_compound_without_conflict_words(scored):
    plain = scored[scored["text"].isin([POSITIVE, NEUTRAL, PRAISE, SCORN])]
    assert plain["compound_no_topic"].to_numpy() == pytest.approx(plain["compound"].to_numpy())
    negative = scored.set_index("text").loc[NEGATIVE]       # "killed" is a conflict term
    assert negative["compound_no_topic"] > negative["compound"]
    assert scored["compound_no_topic"].dtype == "float64"


# Conflict terms in the forms a lowercase comparison must still find: capitals, the Kelvin
# sign (lowercases to k), attached punctuation; and words that only contain a term.
TOPIC_EDGES = ["WAR is over.", "The \u212aILLING went on.", "They fought; peace followed.",
               "Warfare, warships!", "No war.", "A software award.", "'Crisis' talks", "dead-end"]


def test_no_topic_equals_the_topic_free_analyser_on_every_sentence():
    texts = [*support.real_sentences(), *TOPIC_EDGES]
    scored = sentiment_module.score_sentences(pd.DataFrame({"text": texts}))
    no_topic = sentiment_module.topic_free_vader()
    assert list(scored["compound_no_topic"]) == [no_topic.polarity_scores(t)["compound"]
                                                 for t in texts]
    assert (scored["compound_no_topic"] != scored["compound"]).sum() > 100


def test_shared_vader_keeps_its_full_lexicon(scored):
    assert "war" in vader().lexicon and "killed" in vader().lexicon


def test_editing_the_terms_file_changes_the_cached_scores(tmp_path, monkeypatch):
    articles = make_articles([{"article_id": "w1", "outlet": "Alpha", "published": "2016-01-01",
                               "body": ONLY_WAR}])
    assert sentence_sentiment(articles)["compound_no_topic"].iloc[0] == 0.0
    path = tmp_path / "terms.txt"
    path.write_text("war\n", encoding="utf-8")              # terrorism, violence score again
    monkeypatch.setattr(sentiment_module, "CONFLICT_TERMS_FILE", path)
    assert sentence_sentiment(articles)["compound_no_topic"].iloc[0] < -0.05


def test_tone_tables_carry_no_topic_mean_and_interval(scored):
    for table, key in ((outlet_tone(scored), "outlet"), (article_tone(scored), "article_id")):
        assert list(table.columns[-len(TONE_COLUMNS):]) == TONE_COLUMNS
        means = scored.groupby(key)["compound_no_topic"].mean()
        assert table.set_index(key)["mean_no_topic"].to_numpy() == pytest.approx(means[table[key]].to_numpy())
    tone = outlet_tone(scored)
    assert (tone["ci_low_no_topic"] <= tone["mean_no_topic"]).all()
    assert (tone["mean_no_topic"] <= tone["ci_high_no_topic"]).all()
    assert list(TONE_COLUMNS[:7]) == ["n_articles", "n_sentences", "mean_compound", "ci_low",
                                      "ci_high", "share_positive", "share_negative"]


def test_tone_of_a_table_without_no_topic_column_still_works(scored):
    tone = outlet_tone(scored.drop(columns="compound_no_topic"))
    assert tone["mean_no_topic"].isna().all()
    assert tone["mean_compound"].notna().all()


# --- target_sentiment -------------------------------------------------------------------------

def tone_toward(text: str, name: str, occurrence: int = 0, **options) -> float:
    """Text and a name in it -> target_sentiment of that name's n-th occurrence."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return target_sentiment(text, start, start + len(name), **options)


def test_denounced_object_is_negative_subject_is_not():
    text = "Peskov denounced Washington's clumsy statement"
    assert tone_toward(text, "Washington") < -0.05
    assert tone_toward(text, "Peskov") >= -0.05


def test_pitfalls_sentence_that_vader_scores_zero(vader_reference):
    text = "Peskov denounced the US statement as clumsy and unhelpful"
    assert vader_reference(text) == 0.0
    assert tone_toward(text, "US") < -0.05
    assert tone_toward(text, "Peskov") >= -0.05


def test_praised_object_is_positive():
    text = "Russia praised Turkey's constructive role"
    assert tone_toward(text, "Turkey") > 0.05
    assert tone_toward(text, "Russia") == 0.0


def test_blame_after_but_falls_on_its_object():
    text = "The US welcomed the ceasefire but blamed Russia for the attacks"
    assert tone_toward(text, "Russia") < -0.05
    assert tone_toward(text, "Russia", neutralise_topic=True) < -0.05
    assert tone_toward(text, "US") >= -0.05
    assert tone_toward(text, "ceasefire") > 0.05


def test_passive_voice_gives_the_tone_to_the_grammatical_subject():
    text = "Turkey was criticised by Russia."
    assert tone_toward(text, "Turkey") < -0.05
    assert tone_toward(text, "Russia") == 0.0


def test_progressive_is_not_passive():
    text = "Russia is praising Turkey."
    assert tone_toward(text, "Turkey") > 0.05
    assert tone_toward(text, "Russia") == 0.0
    assert tone_toward("Russia has been strongly criticised.", "Russia") < -0.05


def test_list_of_objects_shares_the_verb():
    text = "Lavrov criticised the US, Britain and France."
    for name in ["US", "Britain", "France"]:
        assert tone_toward(text, name) < -0.05, name
    assert tone_toward(text, "Lavrov") == 0.0


def test_nothing_evaluative_near_gives_zero():
    assert tone_toward("The minister arrived in Moscow on Tuesday.", "Moscow") == 0.0
    text = "The talks were a wonderful, happy success. Lavrov met Kerry in Geneva."
    assert tone_toward(text, "Kerry") == 0.0          # the praise is in another sentence


def test_other_clause_does_not_count_but_own_clause_does():
    text = "Russian jets killed dozens of civilians, and Turkey shot down a jet."
    assert tone_toward(text, "Turkey") == 0.0
    assert tone_toward(text, "Russian") < -0.05
    assert tone_toward(text, "Russian", neutralise_topic=True) == 0.0


def test_nearer_words_weigh_more():
    near = tone_toward("A terrible Russia plan emerged.", "Russia")
    far = tone_toward("A terrible long delayed and much discussed plan by Russia emerged.", "Russia")
    assert near < far <= 0.0


def test_ignored_spans_do_not_count():
    text = "Russia met the Free Syrian Army."
    start = text.index("Free Syrian Army")
    assert tone_toward(text, "Russia") > 0.0                     # "free" is +2.3 in VADER
    assert tone_toward(text, "Russia", ignore=[(start, start + 16)]) == 0.0


def test_target_sentiment_is_bounded_and_checks_its_span():
    text = "Terrible, horrible, disgraceful, awful, evil Russia."
    assert -1.0 <= tone_toward(text, "Russia") < -0.5
    with pytest.raises(ValueError):
        target_sentiment(text, 5, 500)


def test_speech_verbs_agree_with_vader_where_vader_knows_them():
    verbs = load_speech_verbs()
    lexicon = vader().lexicon
    assert {"denounced", "criticised", "praised", "accused", "welcomed", "condemned"} <= set(verbs["verb"])
    assert set(verbs["direction"]) == {1, -1}
    for row in verbs.itertuples():
        if row.verb in lexicon:
            assert np.sign(lexicon[row.verb]) == row.direction, row.verb


# --- sentiment_drivers ------------------------------------------------------------------------

def test_drivers_count_times_valence():
    lexicon = vader().lexicon
    scored = pd.DataFrame({"outlet": ["Alpha", "Alpha", "Beta"],
                           "text": ["good good bad", "The war.", "Nothing here."]})
    drivers = sentiment_drivers(scored, n=5)
    alpha = drivers[drivers["outlet"] == "Alpha"].set_index("word")
    assert alpha.loc["good", "count"] == 2
    assert alpha.loc["good", "contribution"] == pytest.approx(2 * lexicon["good"])
    assert alpha.loc["good", "direction"] == "positive"
    assert alpha.loc["bad", "contribution"] == pytest.approx(lexicon["bad"])
    assert alpha.loc["bad", "direction"] == "negative"
    assert bool(alpha.loc["war", "conflict_term"]) and not bool(alpha.loc["bad", "conflict_term"])
    assert set(alpha["n_sentences"]) == {2}
    assert "Beta" not in set(drivers["outlet"])


def test_drivers_rank_strongest_first_and_keep_n():
    scored = pd.DataFrame({"outlet": ["Alpha"], "text": ["bad bad bad terrible awful sad"]})
    drivers = sentiment_drivers(scored, n=2)
    negative = drivers[drivers["direction"] == "negative"].sort_values("rank")
    assert len(negative) == 2
    assert negative["contribution"].is_monotonic_increasing      # most negative first
    assert negative.iloc[0]["word"] == "bad"


def test_drivers_on_scored_corpus(scored):
    drivers = sentiment_drivers(scored, n=3)
    assert set(drivers["outlet"]) <= {"Alpha", "Beta"}
    assert (drivers.groupby(["outlet", "direction"]).size() <= 3).all()
    assert ((drivers["direction"] == "negative") == (drivers["contribution"] < 0)).all()


# --- a second lexicon -------------------------------------------------------------------------

def test_second_lexicon_scores_add_textblob_column(scored):
    table = second_lexicon_scores(scored)
    assert list(table.columns) == [*scored.columns, "textblob"]
    polarity = dict(zip(table["text"], table["textblob"]))
    assert polarity[POSITIVE] > 0.05
    assert polarity[NEUTRAL] == 0.0
    assert table["textblob"].between(-1, 1).all()


def test_agreement_of_perfectly_agreeing_scores_is_one():
    made_up = pd.DataFrame({"outlet": ["A"] * 3 + ["B"] * 3,
                            "compound": [-0.8, 0.0, 0.6, 0.3, -0.2, 0.01],
                            "textblob": [-0.4, 0.02, 0.3, 0.5, -0.6, 0.0]})
    table = lexicon_agreement(made_up).set_index("outlet")
    assert list(table.index) == ["A", "B", ALL_OUTLETS]
    assert (table["kappa"] == 1.0).all()
    assert (table["sign_agreement"] == 1.0).all()
    assert table.loc[ALL_OUTLETS, "n_sentences"] == 6
    assert table.loc["A", "spearman"] == pytest.approx(1.0)


def test_kappa_by_hand():
    # classes VADER: + + 0 -, TextBlob: + 0 0 -. p_o = 3/4; p_e = (2/4)(1/4) + (1/4)(2/4)
    # + (1/4)(1/4) = 5/16; kappa = (12/16 - 5/16) / (11/16) = 7/11.
    made_up = pd.DataFrame({"outlet": ["A"] * 4, "compound": [0.5, 0.5, 0.0, -0.5],
                            "textblob": [0.5, 0.0, 0.0, -0.5]})
    row = lexicon_agreement(made_up).set_index("outlet").loc["A"]
    assert row["sign_agreement"] == pytest.approx(0.75)
    assert row["kappa"] == pytest.approx(7 / 11)
    assert row["pearson"] == pytest.approx(made_up["compound"].corr(made_up["textblob"]))
    assert row["share_neutral_vader"] == pytest.approx(0.25)
    assert row["share_neutral_textblob"] == pytest.approx(0.5)


def test_agreement_computes_textblob_when_absent(scored):
    table = lexicon_agreement(scored)
    assert table.iloc[-1]["outlet"] == ALL_OUTLETS
    assert table.iloc[-1]["n_sentences"] == len(scored)
    assert table["kappa"].between(-1, 1).all()


def test_textblob_needs_no_download(tmp_path):
    """TextBlob's Pattern lexicon ships in the package: no NLTK data, no network, no ~/nltk_data."""
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "NLTK_DATA"}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"),
               KREMLIN_SYRIA_CACHE=str(tmp_path / "cache"))
    code = (
        "import nltk\n"
        "def refuse(*a, **k): raise SystemExit('nltk.download() was called')\n"
        "nltk.download = refuse\n"
        "import pandas as pd\n"
        "from helpers.measures.tone import second_lexicon_scores\n"
        "t = second_lexicon_scores(pd.DataFrame({'text': ['A wonderful success.', 'A terrible failure.']}))\n"
        "print(t['textblob'].tolist())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    good, bad = eval(done.stdout.strip())
    assert good > 0.05 and bad < -0.05
    assert not (home / "nltk_data").exists()


# --- figures ----------------------------------------------------------------------------------

def test_plot_tone_vs_topic_two_points_per_outlet_with_n(scored):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.figures.tone import plot_tone_vs_topic

    tone = outlet_tone(scored)
    ax = plot_tone_vs_topic(tone)
    assert len(ax.containers) == 2 * len(tone)
    texts = [t.get_text() for t in ax.texts]
    assert all(any(f"n = {n} sentences" in t for t in texts) for n in tone["n_sentences"])
    plt.close(ax.figure)


def test_plot_drivers_one_bar_per_word(scored):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.figures.tone import plot_drivers

    drivers = sentiment_drivers(scored, n=3)
    ax = plot_drivers(drivers, outlet="Alpha")
    assert len(ax.patches) == (drivers["outlet"] == "Alpha").sum()
    assert "n = 3 sentences" in ax.get_title()
    with pytest.raises(ValueError, match="outlet"):
        plot_drivers(drivers)
    plt.close("all")
