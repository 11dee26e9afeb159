"""Tests for helpers.corpus.duplicates: exact and near copies grouped into stories, dedupe, summary."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.corpus.duplicates import (
    FLAG_COLUMNS,
    SUMMARY_COLUMNS,
    dedupe,
    duplicate_summary,
    flag_duplicates,
    fold_text,
    shingles,
)

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "fakenewscorpus_sample.csv"

# One agency item (~210 words): a lead sentence, the body, and a sign-off line.
LEAD = ("MOSCOW, January 2 (TASS) - Russia will keep its air group in Syria for as long as "
        "Damascus asks for it, Kremlin spokesman Dmitry Peskov told reporters on Monday.")
BODY = """
Peskov said the operation of the Russian Aerospace Forces was being carried out in strict
accordance with international law and at the request of the legitimate Syrian government.
He declined to say how many aircraft were based at the Hmeimim airfield near Latakia, saying
that such figures were a matter for the Defence Ministry. The spokesman rejected reports from
Western monitoring groups that recent strikes had hit civilian areas in Idlib province,
calling them unverified and based on social media posts. Moscow, he said, remained open to
coordination with the United States and other members of the coalition in the fight against
terrorist groups, but Washington had so far refused to share intelligence on targets. Peskov
added that President Vladimir Putin had discussed the situation with Syrian President Bashar
al-Assad by telephone and that both sides had agreed to continue the political process in
Geneva. Russian diplomats are expected to meet the United Nations special envoy later this
week to prepare the next round of talks between the government and the opposition.
"""
SIGNOFF = "(Reporting by TASS correspondents; editing by the Moscow desk)"
ORIGINAL = "\n\n".join([LEAD, BODY.strip(), SIGNOFF])
# The same text as carried elsewhere: white space, case and punctuation differ, words do not.
EXACT_COPY = "   " + ORIGINAL.upper().replace("\n", " ").replace(",", " ,").replace(" - ", " -- ")
# A light edit, as syndication does: the lead re-attributed, the sign-off's editor changed.
NEAR_COPY = "\n\n".join([
    "Russia will keep its air group in Syria for as long as Damascus asks for it, Kremlin "
    "spokesman Dmitry Peskov said on Monday, according to TASS.",
    BODY.strip(),
    "(Reporting by TASS correspondents; editing by Anna Petrova)",
])
# A heavier edit: the outlet's own lead sentence and sign-off around the agency body.
REWRITTEN = "\n\n".join([
    "Moscow will not withdraw its aircraft from Syria, the Kremlin said on Monday.",
    BODY.strip(),
    "(Sputnik, with TASS material)",
])
# Same topic, same vocabulary, different sentences.
TOPIC = """
The Kremlin has again defended the Russian air campaign in Syria. Speaking on Monday,
Dmitry Peskov said Moscow had no plans to reduce the number of aircraft at Hmeimim, and he
accused Washington of refusing to coordinate strikes against terrorist groups. Monitoring
groups in Idlib province say civilian areas have been hit, a charge the Defence Ministry
denies. Putin and Assad spoke by telephone, and diplomats in Geneva are preparing another
round of talks with the opposition and the United Nations envoy. Western governments say
international law does not allow strikes on civilians, and the coalition says the Russian
operation helps the Syrian government rather than the fight against terrorists.
"""
UNIQUE = """
Turkey and Russia agreed on Tuesday to restore direct flights between Istanbul and Moscow,
ending a suspension that followed the downing of a Russian bomber near the Syrian border.
Officials in Ankara said tourism companies expected the first charter flights within weeks,
while exporters of fruit and vegetables waited for the lifting of import restrictions.
"""


def article(article_id: str, outlet: str, published: str | None, body: str) -> dict:
    """One articles-table row with the columns flag_duplicates needs (plus outlet)."""
    return dict(article_id=article_id, outlet=outlet,
                published=pd.Timestamp(published) if published else pd.NaT, body=body)


def table(*rows: dict, index: list | None = None) -> pd.DataFrame:
    """Rows -> an articles-like table with datetime64 published."""
    frame = pd.DataFrame(list(rows), index=index)
    frame["published"] = pd.to_datetime(frame["published"]).astype("datetime64[ns]")
    return frame


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    """A unique article, an agency item, an exact and a near copy, a repeat, a topic article.

    Rows are deliberately out of date order, with a non-default index.
    """
    return table(
        article("t1", "TASS", "2016-01-06", TOPIC),
        article("w3", "RT", "2016-01-03", NEAR_COPY),
        article("u1", "Press TV", "2016-01-05", UNIQUE),
        article("w2", "Sputnik", "2016-01-02 12:00", EXACT_COPY),
        article("w4", "RT", "2016-01-04", ORIGINAL),
        article("w1", "TASS", "2016-01-02 10:00", ORIGINAL),
        index=[50, 40, 30, 20, 10, 0],
    )


@pytest.fixture(scope="module")
def flagged(articles) -> pd.DataFrame:
    return flag_duplicates(articles)


def by_id(frame: pd.DataFrame) -> pd.DataFrame:
    """Flagged table -> indexed by article_id."""
    return frame.set_index("article_id")


# --- folding and shingles --------------------------------------------------------------------

def test_fold_text_ignores_case_white_space_and_punctuation():
    assert fold_text("  Russia's  AIR-group,\n\nin Syria! ") == "russia s air group in syria"
    assert fold_text(ORIGINAL) == fold_text(EXACT_COPY)
    assert fold_text("") == ""


def test_shingles_are_word_five_grams_and_none_for_short_text():
    assert shingles("a b c d e f") == {b"a b c d e", b"b c d e f"}
    assert shingles("a b c d") == set()


# --- flag_duplicates on hand-made articles ---------------------------------------------------

def test_flags_keep_rows_index_and_columns(articles, flagged):
    assert list(flagged.index) == list(articles.index)
    assert list(flagged.columns) == list(articles.columns) + FLAG_COLUMNS
    pd.testing.assert_frame_equal(flagged[articles.columns], articles)


def test_unique_article_is_its_own_story(flagged):
    row = by_id(flagged).loc["u1"]
    assert row["story_id"] == "u1"
    assert row["duplicate_of"] == "" and row["duplicate_kind"] == ""
    assert np.isnan(row["similarity"])


def test_exact_copy_under_another_outlet_points_to_the_earlier_article(flagged):
    rows = by_id(flagged)
    assert rows.loc["w1", "story_id"] == "w1"
    assert rows.loc["w1", "duplicate_of"] == "" and rows.loc["w1", "duplicate_kind"] == ""
    assert rows.loc["w1", "similarity"] == 1.0          # the first of a group of several
    assert rows.loc["w2", ["story_id", "duplicate_of", "duplicate_kind"]].tolist() == [
        "w1", "w1", "exact"]
    assert rows.loc["w2", "similarity"] == 1.0


def test_near_copy_with_own_lead_and_signoff_is_near(flagged):
    row = by_id(flagged).loc["w3"]
    assert row[["story_id", "duplicate_of", "duplicate_kind"]].tolist() == ["w1", "w1", "near"]
    assert 0.8 <= row["similarity"] < 1.0


def test_near_copy_similarity_estimates_the_true_jaccard(flagged):
    a, b = shingles(fold_text(ORIGINAL)), shingles(fold_text(NEAR_COPY))
    true = len(a & b) / len(a | b)
    assert true >= 0.8                                  # the test text is built to be a near copy
    assert abs(by_id(flagged).loc["w3", "similarity"] - true) < 0.1   # ~3 standard errors


def test_same_topic_article_is_not_a_duplicate(flagged):
    row = by_id(flagged).loc["t1"]
    assert row["story_id"] == "t1" and row["duplicate_kind"] == ""
    assert np.isnan(row["similarity"])


def test_a_later_repeat_of_the_original_is_exact(flagged):
    assert by_id(flagged).loc["w4", ["story_id", "duplicate_kind"]].tolist() == ["w1", "exact"]


def test_flag_duplicates_is_deterministic(articles, flagged):
    pd.testing.assert_frame_equal(flag_duplicates(articles), flagged)
    pd.testing.assert_frame_equal(flag_duplicates(articles.copy()), flag_duplicates(articles))


def test_groups_do_not_depend_on_input_order(articles, flagged):
    shuffled = articles.sample(frac=1, random_state=3)
    again = flag_duplicates(shuffled).loc[flagged.index]
    pd.testing.assert_frame_equal(again, flagged)


def test_earliest_published_is_first_not_the_first_row():
    rows = table(
        article("a", "RT", "2017-05-02", ORIGINAL),
        article("b", "TASS", "2017-05-01", EXACT_COPY),
    )
    flags = by_id(flag_duplicates(rows))
    assert flags.loc["a", ["story_id", "duplicate_of", "duplicate_kind"]].tolist() == [
        "b", "b", "exact"]
    assert flags.loc["b", "duplicate_of"] == ""


def test_same_time_falls_back_to_article_id_and_undated_come_last():
    rows = table(
        article("z", "RT", None, ORIGINAL),
        article("y", "RT", "2017-05-01", ORIGINAL),
        article("x", "TASS", "2017-05-01", ORIGINAL),
    )
    assert by_id(flag_duplicates(rows))["story_id"].tolist() == ["x", "x", "x"]


def test_stricter_threshold_separates_the_near_copy(articles):
    flags = by_id(flag_duplicates(articles, threshold=0.95))
    assert flags.loc["w3", "story_id"] == "w3"
    assert flags.loc["w2", "story_id"] == "w1"         # exact copies are found at any threshold


def test_rewritten_lead_and_signoff_fall_below_the_default_threshold():
    # Each changed word alters up to 5 shingles: on a 210-word item a new lead sentence and
    # sign-off leave Jaccard at 0.77 (a documented limit), found with a lower threshold.
    a, b = shingles(fold_text(ORIGINAL)), shingles(fold_text(REWRITTEN))
    assert 0.75 < len(a & b) / len(a | b) < 0.8
    rows = table(article("w1", "TASS", "2016-01-02", ORIGINAL),
                 article("r1", "Sputnik", "2016-01-03", REWRITTEN))
    assert by_id(flag_duplicates(rows)).loc["r1", "story_id"] == "r1"
    assert by_id(flag_duplicates(rows, threshold=0.7)).loc["r1", "story_id"] == "w1"


def test_groups_are_transitive():
    # Windows of 150 words shifted by 10: neighbours share 136 of 156 shingles (J = 0.87),
    # a and c share 126 of 166 (J = 0.76).
    words = [f"w{i}" for i in range(200)]
    a, b, c = (" ".join(words[start:start + 150]) for start in (0, 10, 20))
    rows = table(article("a", "x", "2017-01-01", a), article("b", "x", "2017-01-02", b),
                 article("c", "x", "2017-01-03", c))
    flags = by_id(flag_duplicates(rows))
    assert flags["story_id"].tolist() == ["a", "a", "a"]
    assert flags.loc["c", "duplicate_kind"] == "near"
    assert flags.loc["c", "similarity"] < 0.8          # a ~ b ~ c, but c alone is below a


def test_short_bodies_are_compared_exactly_only():
    rows = table(
        article("s1", "RT", "2017-01-01", "Live updates follow."),
        article("s2", "TASS", "2017-01-02", "LIVE   updates follow!"),
        article("s3", "TASS", "2017-01-03", "Live updates followed."),
        article("e1", "RT", "2017-01-01", ""),
        article("e2", "TASS", "2017-01-02", " ... "),
        article("n1", "RT", "2017-01-04", None),
    )
    flags = by_id(flag_duplicates(rows))
    assert flags.loc["s2", ["story_id", "duplicate_kind", "similarity"]].tolist() == [
        "s1", "exact", 1.0]
    assert flags.loc["s3", "story_id"] == "s3"          # one word differs: not compared by MinHash
    for empty in ("e1", "e2", "n1"):                    # empty bodies are never duplicates
        assert flags.loc[empty, "story_id"] == empty


def test_flag_duplicates_rejects_repeated_ids_and_bad_parameters(articles):
    with pytest.raises(ValueError, match="article_id must be unique.*'w1'"):
        flag_duplicates(pd.concat([articles, articles.iloc[-1:]]))
    with pytest.raises(ValueError, match="threshold"):
        flag_duplicates(articles, threshold=0)
    with pytest.raises(ValueError, match="shingle"):
        flag_duplicates(articles, shingle=0)


def test_repeated_index_labels_are_fine(articles, flagged):
    repeated = articles.set_axis([7] * len(articles))
    flags = flag_duplicates(repeated)
    assert flags["story_id"].tolist() == flagged["story_id"].tolist()
    assert sorted(dedupe(flags)["article_id"]) == ["t1", "u1", "w1"]


def test_empty_table_gets_the_columns(articles):
    flags = flag_duplicates(articles.iloc[:0])
    assert flags.empty and list(flags.columns) == list(articles.columns) + FLAG_COLUMNS


# --- dedupe ----------------------------------------------------------------------------------

def test_dedupe_per_story_keeps_the_first_of_each_story(flagged):
    kept = dedupe(flagged, per="story")
    assert sorted(kept["article_id"]) == ["t1", "u1", "w1"]
    assert list(kept.index) == [0, 1, 2]


def test_dedupe_per_outlet_counts_a_story_once_for_each_outlet(flagged):
    kept = dedupe(flagged, per="outlet")
    # w1 story: TASS (w1), Sputnik (w2), RT (w3, the earlier of w3 and w4).
    assert sorted(kept["article_id"]) == ["t1", "u1", "w1", "w2", "w3"]
    assert kept.groupby("outlet").size().to_dict() == {"Press TV": 1, "RT": 1, "Sputnik": 1,
                                                       "TASS": 2}


def test_dedupe_keeps_input_row_order(articles, flagged):
    kept = dedupe(flagged, per="outlet")
    assert kept["article_id"].tolist() == [i for i in articles["article_id"]
                                           if i in set(kept["article_id"])]


def test_dedupe_flags_an_unflagged_table_first(articles, flagged):
    pd.testing.assert_frame_equal(dedupe(articles), dedupe(flagged))


def test_dedupe_rejects_unknown_per(flagged):
    with pytest.raises(ValueError, match="'story', 'outlet'.*'article'"):
        dedupe(flagged, per="article")


# --- duplicate_summary -----------------------------------------------------------------------

def test_duplicate_summary_counts_per_outlet(flagged):
    summary = duplicate_summary(flagged)
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert summary.set_index("outlet").to_dict("index") == {
        "Press TV": dict(n_articles=1, n_exact_duplicates=0, n_near_duplicates=0, n_stories=1),
        "RT": dict(n_articles=2, n_exact_duplicates=1, n_near_duplicates=1, n_stories=1),
        "Sputnik": dict(n_articles=1, n_exact_duplicates=1, n_near_duplicates=0, n_stories=1),
        "TASS": dict(n_articles=2, n_exact_duplicates=0, n_near_duplicates=0, n_stories=2),
    }


# --- real text -------------------------------------------------------------------------------

def test_seed_corpus_has_five_different_stories(seed_articles):
    flags = flag_duplicates(seed_articles)
    assert (flags["story_id"] == flags["article_id"]).all()
    assert (flags["duplicate_kind"] == "").all()
    assert len(dedupe(flags)) == len(seed_articles) == 5


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """The FakeNewsCorpus sample as an articles-like table (undated)."""
    if not SAMPLE.is_file():
        pytest.skip(f"shared sample data not found at ../shared/data/{SAMPLE.name} "
                    "(the shared folder sits next to the repository)")
    raw = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    return pd.DataFrame({"article_id": raw["id"], "outlet": raw["domain"],
                         "published": pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]"),
                         "body": raw["content"]})


def test_sample_duplicates_are_the_repeated_page_leftovers(sample):
    # Read by hand: every duplicate is a verbatim repeat of page furniture, not a story:
    # a beforeitsnews.com headline widget (20 words, 9 pages), a naturalnews.com
    # "Recommended Resources" block (2 pages), another beforeitsnews.com headline (2 pages)
    # and a city-journal.org error page (2 pages). No two distinct bodies come near 0.8:
    # the closest, 34573 and 37351, share beforeitsnews.com's template (Jaccard 0.39).
    flags = flag_duplicates(sample)
    assert flags["duplicate_kind"].value_counts().to_dict() == {"": 239, "exact": 11}
    copies = flags[flags["duplicate_kind"] == "exact"]
    assert copies.groupby("story_id").size().to_dict() == {
        "20749": 8, "28369": 1, "31019": 1, "37771": 1}
    bodies = sample.set_index("article_id")["body"].map(fold_text)
    assert (bodies[copies["article_id"]].to_numpy() == bodies[copies["story_id"]].to_numpy()).all()
    summary = duplicate_summary(flags).set_index("outlet")
    assert summary.loc["beforeitsnews.com", "n_exact_duplicates"] == 9
    assert summary["n_near_duplicates"].sum() == 0
