"""Tests for helpers.measures.actors: the actor table, finding mentions, and tone toward actors."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from helpers.measures.actors import (  # noqa: E402
    ACTOR_TONE_COLUMNS,
    MENTION_COLUMNS,
    actor_mentions,
    actor_sentiment,
    actor_tone,
    find_actors,
    load_actors,
)
from helpers.text.sentences import split_sentences  # noqa: E402
from helpers.measures.tone import target_sentiment  # noqa: E402
from helpers.measures.target_polarity import target_polarity  # noqa: E402
from helpers.figures.tone import plot_actor_heatmap  # noqa: E402
from helpers.measures.stats import bootstrap_mean  # noqa: E402

ACTORS = ["Russia", "United States", "Syrian government", "armed opposition", "ISIS", "Turkey",
          "Iran", "United Nations", "NATO", "Israel", "Saudi Arabia", "al-Nusra"]


def make_articles(rows: list[dict]) -> pd.DataFrame:
    """Hand-made rows (article_id, outlet, published, body) -> the articles columns we read."""
    table = pd.DataFrame([{"article_id": r["article_id"], "outlet": r["outlet"],
                           "published": r["published"], "body": r["body"]} for r in rows])
    table["published"] = pd.to_datetime(table["published"]).astype("datetime64[ns]")
    return table


def names(text: str) -> list[tuple[str, str]]:
    """Text -> (actor, matched text) of each mention, in order."""
    return [(actor, alias) for actor, alias, _, _ in find_actors(text)]


# --- the table --------------------------------------------------------------------------------

def test_actor_table_has_the_actors_and_their_aliases():
    actors = load_actors().set_index("actor")
    assert list(actors.index) == ACTORS
    assert {"Kremlin", "Putin", "Peskov", "Lavrov", "Shoigu", "Moscow"} <= set(actors.loc["Russia", "aliases"])
    assert {"US", "U.S.", "Pentagon", "State Department", "Kerry"} <= set(actors.loc["United States", "aliases"])
    assert {"IS", "ISIS", "ISIL", "Isis", "Daesh", "Islamic State"} <= set(actors.loc["ISIS", "aliases"])
    assert actors["kind"].ne("").all()


def test_bad_pattern_and_repeated_actor_are_refused(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("actor,kind,aliases,pattern\nX,state,X,(unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad pattern"):
        load_actors(path)
    path.write_text("actor,kind,aliases\nX,state,X\nX,state,Y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unique"):
        load_actors(path)


# --- finding mentions -------------------------------------------------------------------------

def test_kremlin_is_russia():
    assert names("A statement from the Kremlin on Monday.") == [("Russia", "Kremlin")]


def test_acronyms_are_case_sensitive():
    assert names("IS fighters said it is over.") == [("ISIS", "IS")]
    assert names("The US told us nothing.") == [("United States", "US")]
    assert names("The UN said it was unclear.") == [("United Nations", "UN")]


def test_islamic_state_counts_once():
    assert names("The Islamic State lost ground.") == [("ISIS", "Islamic State")]
    assert names("The State Department spoke.") == [("United States", "State Department")]


def test_longest_name_wins():
    assert names("The Free Syrian Army and the Syrian army clashed.") == [
        ("armed opposition", "Free Syrian Army"), ("Syrian government", "Syrian army")]
    assert names("The Assad regime and the UN Security Council.") == [
        ("Syrian government", "Assad regime"), ("United Nations", "UN Security Council")]


def test_patterns_exclude_what_is_not_the_actor():
    assert names("The Washington Post reported that Washington objected.") == [
        ("United States", "Washington")]
    assert names("Moscow's opposition to the plan angered the Syrian opposition.") == [
        ("Russia", "Moscow"), ("armed opposition", "Syrian opposition")]


def test_word_boundaries_and_possessives():
    assert names("Russia's and the Russians' view; Prussia; Iranian and Iran.") == [
        ("Russia", "Russia"), ("Russia", "Russians"), ("Iran", "Iranian"), ("Iran", "Iran")]
    assert names("U.S.-led strikes and US-backed rebels.") == [
        ("United States", "U.S."), ("United States", "US"), ("armed opposition", "rebels")]


def test_actor_mentions_offsets_and_sentences():
    body = ("The Kremlin denied it. Islamic State fighters, IS and Isis, it is said, fled.\n\n"
            "Washington and Ankara met.")
    articles = make_articles([{"article_id": "m1", "outlet": "Alpha", "published": "2016-01-01",
                               "body": body}])
    mentions = actor_mentions(articles)
    assert list(mentions.columns) == MENTION_COLUMNS
    assert list(mentions["actor"]) == ["Russia", "ISIS", "ISIS", "ISIS", "United States", "Turkey"]
    assert list(mentions["alias"]) == ["Kremlin", "Islamic State", "IS", "Isis", "Washington", "Ankara"]
    for row in mentions.itertuples():
        assert body[row.start:row.end] == row.alias
    sentences = split_sentences(articles).set_index("sentence_no")
    for row in mentions.itertuples():
        assert sentences.loc[row.sentence_no, "start"] <= row.start < sentences.loc[row.sentence_no, "end"]
    assert list(mentions["sentence_no"]) == [0, 1, 1, 1, 2, 2]
    assert mentions["start"].dtype == "int64" and mentions["published"].dtype == "datetime64[ns]"


def test_custom_actor_table(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("actor,kind,aliases,pattern\nHezbollah,armed group,Hezbollah;Hizbollah,\\bHizb\\w*\n",
                    encoding="utf-8")
    articles = make_articles([{"article_id": "c1", "outlet": "Alpha", "published": "2016-01-01",
                               "body": "Hezbollah and Hizbullah fighters; Russia watched."}])
    mentions = actor_mentions(articles, load_actors(path))
    assert list(mentions["alias"]) == ["Hezbollah", "Hizbullah"]
    assert set(mentions["actor"]) == {"Hezbollah"}


def test_seed_corpus_mentions_point_into_bodies(seed_articles):
    mentions = actor_mentions(seed_articles)
    bodies = dict(zip(seed_articles["article_id"], seed_articles["body"]))
    assert len(mentions) > 50
    assert {"Russia", "United States"} <= set(mentions["actor"])
    for row in mentions.itertuples():
        assert bodies[row.article_id][row.start:row.end] == row.alias
    assert not (mentions["alias"] == "is").any()


# --- tone toward actors -----------------------------------------------------------------------

BODY = ("Peskov denounced Washington's clumsy statement. Russia praised Turkey's constructive role. "
        "The US welcomed the ceasefire but blamed Russia for the attacks.")


@pytest.fixture(scope="module")
def scored_mentions():
    articles = make_articles([
        {"article_id": "t1", "outlet": "Alpha", "published": "2016-01-01", "body": BODY},
        {"article_id": "t2", "outlet": "Beta", "published": "2016-02-01",
         "body": "Russia met the Free Syrian Army. Russia praised Iran. Russia praised Iran."},
    ])
    return actor_sentiment(articles)


def test_actor_sentiment_known_answers(scored_mentions):
    alpha = scored_mentions[scored_mentions["article_id"] == "t1"]
    tone = list(zip(alpha["alias"], alpha["target_sentiment"]))
    assert [a for a, _ in tone] == ["Peskov", "Washington", "Russia", "Turkey", "US", "Russia"]
    assert tone[0][1] >= -0.05 and tone[1][1] < -0.05           # Peskov / Washington
    assert tone[3][1] > 0.05                                     # Turkey praised
    assert tone[5][1] < -0.05                                    # Russia blamed
    for row in alpha.itertuples():
        assert row.target_sentiment == pytest.approx(target_sentiment(BODY, row.start, row.end))
        assert row.sentence in BODY


def test_other_actors_names_do_not_colour_a_mention(scored_mentions):
    beta = scored_mentions[scored_mentions["article_id"] == "t2"].set_index("alias")
    assert beta.loc["Russia", "target_sentiment"].iloc[0] == 0.0   # the "free" of Free Syrian Army
    assert list(scored_mentions.columns) == [*MENTION_COLUMNS, "sentence", "target_sentiment",
                                             "polarity"]


def test_mentions_carry_the_models_polarity(scored_mentions):
    alpha = scored_mentions[scored_mentions["article_id"] == "t1"]
    assert scored_mentions["polarity"].dtype == "int64"
    assert set(scored_mentions["polarity"]) <= {-1, 0, 1}
    for row in alpha.itertuples():                  # the label of the mention, other names ignored
        offset = BODY.index(row.sentence)
        others = [(r.start - offset, r.end - offset) for r in alpha.itertuples()
                  if r.sentence == row.sentence and r.start != row.start]
        label = target_polarity(row.sentence, row.start - offset, row.end - offset, ignore=others)
        assert row.polarity == label
    assert alpha["polarity"].iloc[3] == 1                       # Turkey praised
    assert alpha["polarity"].iloc[5] == -1                      # Russia blamed for the attacks


def test_actor_tone_counts_means_and_intervals(scored_mentions):
    tone = actor_tone(scored_mentions)
    assert list(tone.columns) == ACTOR_TONE_COLUMNS
    table = tone.set_index(["outlet", "actor"])
    assert table.loc[("Alpha", "Russia"), "n_mentions"] == 3           # Peskov, Russia, Russia
    assert table.loc[("Beta", "Iran"), "n_mentions"] == 2
    russia = scored_mentions[(scored_mentions["outlet"] == "Alpha") & (scored_mentions["actor"] == "Russia")]
    assert table.loc[("Alpha", "Russia"), "mean_tone"] == pytest.approx(russia["target_sentiment"].mean())
    low, high = bootstrap_mean(russia["target_sentiment"])
    assert table.loc[("Alpha", "Russia"), "ci_low"] == pytest.approx(low)
    assert table.loc[("Alpha", "Russia"), "ci_high"] == pytest.approx(high)
    assert np.isnan(table.loc[("Alpha", "Turkey"), "ci_low"])          # one mention
    assert table.loc[("Beta", "Iran"), "share_evaluative"] == 1.0
    polarity = list(russia["polarity"])                                # shares of the labels
    assert table.loc[("Alpha", "Russia"), "share_negative"] == pytest.approx(polarity.count(-1) / 3)
    assert table.loc[("Alpha", "Russia"), "share_positive"] == pytest.approx(polarity.count(1) / 3)
    assert table.loc[("Alpha", "Turkey"), "share_positive"] == 1.0     # its one mention: praised
    assert tone["n_mentions"].dtype == "int64"


def test_actor_tone_without_polarity_leaves_its_shares_empty(scored_mentions):
    table = actor_tone(scored_mentions.drop(columns="polarity"))
    assert table["share_negative"].isna().all() and table["share_positive"].isna().all()
    assert table["share_evaluative"].notna().all()


def test_actor_tone_of_no_mentions_is_empty():
    empty = pd.DataFrame(columns=[*MENTION_COLUMNS, "sentence", "target_sentiment"])
    assert list(actor_tone(empty).columns) == ACTOR_TONE_COLUMNS


def test_plot_actor_heatmap_hatches_small_cells_and_shows_n(scored_mentions):
    tone = actor_tone(scored_mentions)
    ax = plot_actor_heatmap(tone, min_n=2)
    hatched = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
    n_cells = len(tone["outlet"].unique()) * len(tone["actor"].unique())
    assert len(hatched) == n_cells - (tone["n_mentions"] >= 2).sum()
    texts = " ".join(t.get_text() for t in ax.texts)
    for n in tone["n_mentions"]:
        assert f"n={n}" in texts
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any(label.startswith("Alpha (n = ") for label in labels)
    assert ax.collections[0].norm.vmin == -ax.collections[0].norm.vmax    # centred at 0
    plt.close(ax.figure)
