"""Findings sentences, on small tables whose answers are known by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.figures.findings import (coding_source, corpus_findings, escape_markdown, framing_findings,
                              interval, overlaps, report_title, selection_findings,
                              show_findings, timeline_findings, tone_findings, validation_findings)
from helpers.measures.stats import wilson_interval
from helpers.figures.tables import period_label
from support import make_articles


def tone_table(rows: list[tuple]) -> pd.DataFrame:
    """(outlet, n_articles, n_sentences, mean, low, high, mean_no_topic) rows -> a tone table."""
    return pd.DataFrame(rows, columns=["outlet", "n_articles", "n_sentences", "mean_compound",
                                       "ci_low", "ci_high", "mean_no_topic"])


def test_intervals_overlap_or_not():
    assert overlaps((-0.5, -0.1), (-0.2, 0.3))
    assert overlaps((-0.5, -0.1), (-0.1, 0.3))                  # touching counts as overlapping
    assert not overlaps((-0.5, -0.2), (-0.1, 0.3))
    assert overlaps((np.nan, np.nan), (0, 1))                  # no interval: no difference shown
    assert interval(-0.52014, -0.093228) == "95% interval −0.52 to −0.09"
    assert interval(np.nan, np.nan) == "no interval: too few units"


def test_tone_findings_name_the_extremes_with_n_and_interval():
    said = tone_findings(tone_table([
        ("A", 12, 120, -0.30, -0.40, -0.20, -0.10),
        ("B", 15, 150, 0.10, 0.02, 0.18, 0.20),
        ("C", 11, 90, -0.05, -0.15, 0.05, 0.05),
    ]), min_articles=10)
    assert said[0] == ("A reads most negative: mean compound −0.30 (95% interval −0.40 to −0.20; "
                       "n = 120 sentences in 12 articles).")
    assert said[1].startswith("B reads most positive: mean compound 0.10 (95% interval 0.02 to 0.18;")
    assert said[2].startswith("Their intervals do not overlap")
    # no_topic - compound: 0.20, 0.10, 0.10 -> all three lifted, by 0.13 on average
    assert said[3].startswith("With the conflict vocabulary given no valence, 3 of 3 outlet(s) read "
                              "less negative (by 0.13 on average)")
    assert len(said) == 4                                      # every outlet has 10+ articles: no caveat


def test_tone_findings_say_overlap_and_one_article_per_outlet():
    said = tone_findings(tone_table([
        ("Press TV", 1, 17, -0.31, -0.52, -0.09, 0.09),
        ("The BRICS Post", 1, 11, 0.02, -0.23, 0.27, 0.13),
    ]))
    assert "in 1 article)" in said[0]
    assert said[2].startswith("Their intervals overlap: the data do not show a difference")
    assert said[-1].startswith("Every outlet here has a single article")
    assert 3 <= len(said) <= 6


def test_tone_findings_for_one_outlet_and_for_none():
    said = tone_findings(tone_table([("RT", 3, 40, -0.1, -0.2, 0.0, 0.0)]))
    assert said[0] == "RT: mean compound −0.10 (95% interval −0.20 to 0.00; n = 40 sentences in 3 articles)."
    assert said[2] == ("1 of 1 outlet(s) have fewer than 10 articles: read their figures as those few "
                       "articles', not the outlet's.")
    assert tone_findings(tone_table([])) == ["No sentence was scored, so no tone can be reported."]


def prevalence_table() -> pd.DataFrame:
    """Two outlets, two frames: A 400 words (war 8 hits, talks 2), B 600 words (war 3, talks 6)."""
    return pd.DataFrame([
        ("A", "war", 8, 400, 1, 20.0, 10.0, 30.0),
        ("A", "talks", 2, 400, 1, 5.0, 0.0, 10.0),
        ("B", "war", 3, 600, 2, 5.0, 1.0, 9.0),
        ("B", "talks", 6, 600, 2, 10.0, 4.0, 16.0),
    ], columns=["outlet", "frame", "hits", "words", "n_articles", "per_1000", "ci_low", "ci_high"])


def test_framing_findings():
    said = framing_findings(prevalence_table())
    # war: 11 hits in 1,000 words -> 11.0 per 1,000
    assert said[0] == ("The commonest frame is war: 11 hits in 1,000 words (11.0 per 1,000 words) "
                       "across 2 outlets.")
    assert said[1] == ("The highest rate is war in A: 20.0 per 1,000 words (95% interval 10.0 to 30.0; "
                       "n = 400 words in 1 article).")
    assert said[2] == "Its interval overlaps no other outlet's for this frame (1 compared)."   # 10-30 vs 1-9
    assert said[3].startswith("1 of 2 outlets have a single article")
    assert framing_findings(prevalence_table().iloc[0:0]) == ["No frame term was found in the selected articles."]


def test_corpus_findings_count_articles_dates_cleaning_and_copies():
    articles = make_articles([
        {"article_id": "a", "outlet": "X", "published": "2015-10-01", "raw_text": "one two three four",
         "body": "one two three"},
        {"article_id": "b", "outlet": "X", "published": "2016-02-01", "date_source": "inferred",
         "raw_text": "five six", "body": "five six"},
        {"article_id": "c", "outlet": "Y", "raw_text": "seven eight", "body": "seven eight"},
    ])
    articles["duplicate_kind"] = ["", "", "near"]
    articles["story_id"] = ["s1", "s2", "s1"]
    audit = pd.DataFrame({"article_id": ["a"], "rule": ["social"], "text": ["four"]})
    said = corpus_findings(articles, audit)
    assert said[0] == ("The selection holds 3 articles from 2 outlets, published 2015–2016; "
                       "1 article carries no date.")
    assert said[1].startswith("1 date of 2 were inferred")
    # raw 8 words, kept 7: 12.5% -> "12%" (rounded half to even)
    assert said[2] == ("Cleaning removed 1 line (12% of 8 scraped words); the rule that removed most "
                       "was social (1 line).")
    assert said[3] == "1 article repeats another's text (exact or near copies): 2 distinct stories."
    assert said[4].startswith("1 of 2 outlets have a single article")


def test_timeline_findings_before_and_after():
    per_period = pd.DataFrame({"period": pd.to_datetime(["2016-09-01", "2016-10-01"]),
                               "outlet": ["X", "X"], "n_articles": [3, 1], "n_inferred": [1, 0]})
    window = pd.DataFrame([
        ("X", "before", 2, 20, -0.30, -0.40, -0.20),
        ("X", "after", 1, 10, 0.10, 0.00, 0.20),
        ("X", "after - before", -1, -10, 0.40, 0.20, 0.60),
    ], columns=["outlet", "side", "n_articles", "n_sentences", "mean_compound", "ci_low", "ci_high"])
    said = timeline_findings(per_period, window, freq="month", event="2016-09-30", days=30, n_undated=2)
    assert said[0] == "4 dated articles are placed on the axis, 1 with an inferred date (approximate)."
    assert said[1] == "The busiest month is September 2016, with 3 articles."
    assert said[2] == "2 articles carry no date and cannot be placed."
    assert said[3] == ("X around 2016-09-30: −0.30 before (95% interval −0.40 to −0.20; n = 20 sentences) "
                       "and 0.10 after (95% interval 0.00 to 0.20; n = 10 sentences); the intervals do "
                       "not overlap.")
    assert len(said) == 4                                      # X has 4 articles: no caveat
    single = timeline_findings(per_period.assign(n_articles=[1, 0]), window, freq="month",
                               event="2016-09-30", days=30)
    assert single[-1].startswith("Every outlet here has a single article")


def test_timeline_findings_when_the_window_is_one_sided_or_empty():
    per_period = pd.DataFrame({"period": pd.to_datetime(["2016-09-01"]), "outlet": ["X"],
                               "n_articles": [1], "n_inferred": [1]})
    one_sided = pd.DataFrame([("X", "before", 0, 0, np.nan, np.nan, np.nan),
                              ("X", "after", 1, 17, -0.3, -0.5, -0.1)],
                             columns=["outlet", "side", "n_articles", "n_sentences", "mean_compound",
                                      "ci_low", "ci_high"])
    said = timeline_findings(per_period, one_sided, freq="month", event="2016-09-09", days=30)
    assert said[-2].startswith("No outlet has articles on both sides of 2016-09-09")
    assert said[-1].startswith("Every outlet here has a single article")      # X: one article
    empty = one_sided.iloc[0:0]
    said = timeline_findings(per_period.iloc[0:0], empty, freq="year", event="2016-01-01", days=30)
    assert said == ["No dated article falls in this range: nothing can be placed on the axis.",
                    "No dated article falls within 30 days of the event (2016-01-01): nothing to "
                    "compare before and after."]


def test_validation_findings_say_example_alpha_and_accuracy_with_interval():
    agreement = pd.DataFrame([("tone", "ordinal", 2, 20, 0.61234, 0.75, ""),
                              ("frame", "nominal", 1, 0, np.nan, np.nan, "only one coder")],
                             columns=["variable", "level", "n_coders", "n_units", "alpha",
                                      "percent_agreement", "note"])
    measures = pd.DataFrame([("tone", "vader", "all", 10, 0.8, 0.7), ("tone", "vader", "Russia", 5, 1.0, 1.0)],
                            columns=["variable", "measure", "actor", "n", "accuracy", "macro_f1"])
    said = validation_findings(agreement, measures, example=True)
    assert "EXAMPLE" in said[0]
    assert said[1] == ("Agreement between coders on tone: Krippendorff's alpha 0.61 over 20 units "
                       "(2 coders; 75% identical).")
    assert said[2] == "Agreement between coders on frame: no alpha (only one coder)."
    low, high = wilson_interval(8, 10)                        # 8 of 10: 49% to 94% (Wilson)
    assert (round(100 * low), round(100 * high)) == (49, 94)
    assert said[3] == ("People and VADER agree on 80% of 10 units (95% interval 49 to 94 points), "
                       "macro-F1 0.70.")
    assert "EXAMPLE" not in " ".join(validation_findings(agreement, measures, example=False))


def test_wilson_interval_by_hand():
    # 5 of 10, z = 1.96: centre 0.5, half-width 1.96*sqrt(0.025 + 0.0096)/1.384 = 0.2366
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-3) and high == pytest.approx(0.7634, abs=1e-3)
    assert all(np.isnan(wilson_interval(0, 0)))


def test_selection_findings_say_what_cannot_be_shown():
    empty = make_articles([]).iloc[0:0]
    said = selection_findings(empty, ["RT"], "2017-01-01", "2016-01-01")
    assert said[0].startswith("The start date (2017-01-01) is after the end date (2016-01-01)")
    assert said[1].startswith("No article matches this selection (outlets RT,")
    one = make_articles([{"article_id": "a", "outlet": "RT"}], published="2016-01-01")
    assert selection_findings(one)[0].startswith("The selection holds one outlet (RT)")
    two = make_articles([{"article_id": "a", "outlet": "RT"}, {"article_id": "b", "outlet": "X"}],
                        published="2016-01-01")
    assert selection_findings(two) == []


def test_titles_follow_the_parameters():
    assert period_label("2016-01-01", "2016-12-31") == "2016"
    assert period_label("2015-01-01", "2018-12-31") == "2015–2018"
    assert period_label("2016-03-01", "2016-04-30") == "2016-03-01 to 2016-04-30"
    assert period_label("", "") == ""
    assert report_title("Timeline", [], "2016-01-01", "2016-12-31") == "Timeline, 2016"
    assert report_title("Framing by outlet", ["RT"]) == "Framing by outlet: RT"


def test_findings_are_escaped_markdown_under_the_title():
    text = show_findings(["Outlet <script>alert(1)</script> [x](javascript:y) *bold*"], title="T_1").data
    assert text.startswith("# T\\_1\n\n## Findings\n\n- ")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[x\\](javascript:y)" in text and "\\*bold\\*" in text
    assert escape_markdown("a\nb") == "a b"
    assert show_findings([]).data.endswith("- Nothing to report.\n")


def test_coding_source_labels_the_example():
    assert "EXAMPLE coding, not this corpus" in coding_source(True, "/x/corpus-fnc").data
    assert "corpus-fnc/coding/" in coding_source(True, "/x/corpus-fnc").data
    assert "2 coding sheets read" in coding_source(False, "/x/corpus-fnc", 2).data
