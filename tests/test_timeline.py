"""Tests for helpers.measures.timeline: articles per period, date provenance, events in a range."""
from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest
import support

from helpers import load_events
from helpers.config import CORPUS_DIR
from helpers.measures.timeline import date_provenance, events_between, timeline



make_articles = support.make_articles


ROWS = [
    {"article_id": "a1", "outlet": "Alpha", "published": "2015-10-01", "date_source": "text"},
    {"article_id": "a2", "outlet": "Alpha", "published": "2015-12-31", "date_source": "inferred"},
    {"article_id": "a3", "outlet": "Alpha", "published": "2016-01-01", "date_source": "text"},
    {"article_id": "a4", "outlet": "Alpha", "published": None, "date_source": ""},
    {"article_id": "b1", "outlet": "Beta", "published": "2015-11-15", "date_source": "manifest"},
    {"article_id": "b2", "outlet": "Beta", "published": "2017-06-30", "date_source": "text"},
]


@pytest.fixture
def articles():
    return make_articles(ROWS)


def as_dict(table: pd.DataFrame, column: str) -> dict:
    return {(row.period, row.outlet): getattr(row, column) for row in table.itertuples()}


T = pd.Timestamp


def test_quarter_counts(articles):
    table = timeline(articles)                           # quarter is the default
    assert list(table.columns[:4]) == ["period", "outlet", "n_articles", "n_inferred"]
    assert as_dict(table, "n_articles") == {
        (T("2015-10-01"), "Alpha"): 2, (T("2016-01-01"), "Alpha"): 1,
        (T("2015-10-01"), "Beta"): 1, (T("2017-04-01"), "Beta"): 1,
    }
    assert as_dict(table, "n_inferred") == {
        (T("2015-10-01"), "Alpha"): 1, (T("2016-01-01"), "Alpha"): 0,
        (T("2015-10-01"), "Beta"): 1, (T("2017-04-01"), "Beta"): 0,
    }
    assert table["n_inferred"].dtype == "int64"


def test_month_counts(articles):
    table = timeline(articles, freq="month")
    assert as_dict(table, "n_articles") == {
        (T("2015-10-01"), "Alpha"): 1, (T("2015-12-01"), "Alpha"): 1, (T("2016-01-01"), "Alpha"): 1,
        (T("2015-11-01"), "Beta"): 1, (T("2017-06-01"), "Beta"): 1,
    }


def test_year_counts(articles):
    table = timeline(articles, freq="year")
    assert as_dict(table, "n_articles") == {
        (T("2015-01-01"), "Alpha"): 2, (T("2016-01-01"), "Alpha"): 1,
        (T("2015-01-01"), "Beta"): 1, (T("2017-01-01"), "Beta"): 1,
    }
    assert as_dict(table, "n_inferred") == {
        (T("2015-01-01"), "Alpha"): 1, (T("2016-01-01"), "Alpha"): 0,
        (T("2015-01-01"), "Beta"): 1, (T("2017-01-01"), "Beta"): 0,
    }


def test_week_starts_on_monday(articles):
    table = timeline(articles, freq="week")
    # 2015-10-01 was a Thursday: its week starts on Monday 2015-09-28.
    assert (T("2015-09-28"), "Alpha") in as_dict(table, "n_articles")
    assert all(p.weekday() == 0 for p in table["period"])


def test_undated_article_absent_from_timeline(articles):
    for freq in ["week", "month", "quarter", "year"]:
        table = timeline(articles, freq=freq)
        assert table["n_articles"].sum() == 5            # 6 articles, one undated
        assert table["period"].notna().all()


def test_mean_compound_nan_without_tone(articles):
    assert timeline(articles)["mean_compound"].isna().all()


def test_mean_compound_is_mean_article_tone(articles):
    tone = pd.DataFrame({"article_id": ["a1", "a2", "a3", "a4", "b1"],
                         "mean_compound": [0.2, -0.6, 0.5, 0.9, 0.1]})
    table = timeline(articles, tone)
    got = as_dict(table, "mean_compound")
    assert got[(T("2015-10-01"), "Alpha")] == pytest.approx((0.2 - 0.6) / 2)
    assert got[(T("2016-01-01"), "Alpha")] == pytest.approx(0.5)
    assert got[(T("2015-10-01"), "Beta")] == pytest.approx(0.1)
    assert np.isnan(got[(T("2017-04-01"), "Beta")])      # b2 has no tone row
    assert table["n_articles"].sum() == 5                # the merge adds no rows


@pytest.mark.parametrize("freq", ["Q", "quarterly", "day", ""])
def test_bad_freq_raises(articles, freq):
    with pytest.raises(ValueError, match="freq"):
        timeline(articles, freq=freq)


def test_date_provenance_counts(articles):
    table = date_provenance(articles)
    assert list(table.columns) == ["outlet", "date_source", "n_articles"]
    got = {(r.outlet, r.date_source): r.n_articles for r in table.itertuples()}
    assert got == {("Alpha", "text"): 2, ("Alpha", "inferred"): 1, ("Alpha", "undated"): 1,
                   ("Beta", "manifest"): 1, ("Beta", "text"): 1}


def test_date_provenance_undated_whatever_the_source_says():
    articles = make_articles([{"article_id": "x", "outlet": "Alpha", "published": None,
                               "date_source": "text"}])
    table = date_provenance(articles)
    assert table.to_dict("records") == [{"outlet": "Alpha", "date_source": "undated", "n_articles": 1}]


def test_date_provenance_total_is_every_article(articles):
    assert date_provenance(articles)["n_articles"].sum() == len(articles)


# --- events_between ---------------------------------------------------------------------------

def csv_event_dates() -> list[str]:
    with open(CORPUS_DIR / "events.csv", newline="", encoding="utf-8") as f:
        return [row["date"] for row in csv.DictReader(f)]


@pytest.fixture(scope="module")
def events():
    return load_events(CORPUS_DIR)


def test_events_between_inclusive_and_numbered(events):
    # events.csv: 2015-09-30, 2015-10-02 and 2015-10-20 lie in this range, both ends included.
    table = events_between(events, "2015-09-30", "2015-10-20")
    assert [d.strftime("%Y-%m-%d") for d in table["date"]] == ["2015-09-30", "2015-10-02", "2015-10-20"]
    assert list(table["no"]) == [1, 2, 3]
    assert table["event"].iloc[0] == "Russia begins its air campaign in Syria"


def test_events_between_without_bounds_keeps_all(events):
    table = events_between(events)
    dates = csv_event_dates()
    assert len(table) == len(dates)
    assert list(table["no"]) == list(range(1, len(dates) + 1))


def test_events_between_open_start(events):
    table = events_between(events, end="2015-09-28")
    assert [d.strftime("%Y-%m-%d") for d in table["date"]] == ["2015-09-24", "2015-09-28"]
    assert list(table["no"]) == [1, 2]


def test_events_between_open_end(events):
    dates = csv_event_dates()
    table = events_between(events, start="2018-09-17")
    assert len(table) == sum(d >= "2018-09-17" for d in dates)
    assert table["no"].iloc[0] == 1


def test_events_between_does_not_modify_input(events):
    before = events.copy()
    events_between(events, "2016-01-01", "2016-12-31")
    assert "no" not in events.columns
    pd.testing.assert_frame_equal(events, before)


# --- frames over time -------------------------------------------------------------------------

FRAMES = pd.DataFrame({
    "frame": ["war", "talk", "unused"],
    "definition": ["", "", ""], "source": ["", "", ""],
    "terms": [["strike*"], ["talks"], ["zeppelin"]],
})

FRAME_ROWS = [
    # Alpha, 2015 Q4: 6 + 7 = 13 words; war 1 + 1 = 2 hits; talk 1 + 2 = 3 hits.
    {"article_id": "a1", "outlet": "Alpha", "published": "2015-10-01", "body": "Air strikes hit. Talks began today."},
    {"article_id": "a2", "outlet": "Alpha", "published": "2015-12-31", "date_source": "inferred",
     "body": "No strikes or talks and more talks."},
    # Alpha, 2016 Q1: 4 words, no hits.
    {"article_id": "a3", "outlet": "Alpha", "published": "2016-01-01", "body": "Nothing happened there today."},
    # Beta, 2015 Q4: 5 words; war 2 hits.
    {"article_id": "b1", "outlet": "Beta", "published": "2015-11-15", "body": "Strikes, strikes and silence."},
    {"article_id": "u1", "outlet": "Beta", "published": None, "body": "Talks talks talks."},      # undated
]


def test_timeline_frames_per_1000_words_by_hand():
    table = timeline(make_articles(FRAME_ROWS), frames=FRAMES)
    assert list(table.columns) == ["period", "outlet", "n_articles", "n_inferred", "mean_compound",
                                   "n_words", "frame_war", "frame_talk", "frame_unused"]
    got = {(r.period, r.outlet): (r.n_words, r.frame_war, r.frame_talk, r.frame_unused)
           for r in table.itertuples()}
    assert got[(T("2015-10-01"), "Alpha")] == pytest.approx((13, 2000 / 13, 3000 / 13, 0))
    assert got[(T("2016-01-01"), "Alpha")] == pytest.approx((4, 0, 0, 0))
    assert got[(T("2015-10-01"), "Beta")] == pytest.approx((4, 500, 0, 0))
    assert len(got) == 3                                   # the undated article is left out
    assert {(r.period, r.outlet): r.n_inferred for r in table.itertuples()}[(T("2015-10-01"), "Alpha")] == 1


def test_timeline_without_frames_unchanged(articles):
    assert list(timeline(articles).columns) == ["period", "outlet", "n_articles", "n_inferred", "mean_compound"]


def test_timeline_frames_agree_with_frame_prevalence(seed_articles):
    from helpers.measures.framing import frame_prevalence, load_frames

    frames = load_frames()
    dated = seed_articles[seed_articles["published"].notna()]
    years = timeline(dated, frames=frames, freq="year")      # one article per outlet: one row each
    prevalence = frame_prevalence(dated, frames).set_index(["outlet", "frame"])
    for row in years.itertuples():
        for frame in frames["frame"]:
            assert getattr(row, f"frame_{frame}") == pytest.approx(prevalence.at[(row.outlet, frame), "per_1000"])
        assert row.n_words == prevalence.at[(row.outlet, frames["frame"].iloc[0]), "words"]


# --- event_window -----------------------------------------------------------------------------

from helpers.measures.tone import sentence_sentiment  # noqa: E402
from helpers.measures.stats import bootstrap_mean  # noqa: E402
from helpers.measures.timeline import DIFFERENCE, event_window, window_bounds  # noqa: E402

EVENT = "2016-09-19"
WINDOW_ROWS = [
    {"article_id": "out-early", "outlet": "Alpha", "published": "2016-09-15 23:59", "body": "Talks. Strikes."},
    {"article_id": "b-first", "outlet": "Alpha", "published": "2016-09-16 00:00",
     "body": "The talks were a wonderful success. Strikes were terrible."},
    {"article_id": "b-last", "outlet": "Alpha", "published": "2016-09-18 23:59", "date_source": "inferred",
     "body": "Talks continued."},
    {"article_id": "a-first", "outlet": "Alpha", "published": "2016-09-19 00:00",
     "body": "Strikes killed many people. Strikes destroyed a hospital."},
    {"article_id": "a-noon", "outlet": "Alpha", "published": "2016-09-19 12:00", "date_source": "inferred",
     "body": "A horrible attack."},
    {"article_id": "a-last", "outlet": "Alpha", "published": "2016-09-21 00:00", "body": "Peace talks resumed happily."},
    {"article_id": "out-late", "outlet": "Alpha", "published": "2016-09-22 00:00", "body": "Strikes."},
    {"article_id": "undated", "outlet": "Alpha", "published": None, "body": "Strikes everywhere."},
    {"article_id": "beta-after", "outlet": "Beta", "published": "2016-09-20 00:00", "body": "Strikes again."},
]


@pytest.fixture(scope="module")
def window_articles():
    return make_articles(WINDOW_ROWS)


@pytest.fixture(scope="module")
def window(window_articles):
    return event_window(window_articles, EVENT, days=3, frames=FRAMES)


def row(table, outlet, side):
    found = table[(table["outlet"] == outlet) & (table["side"] == side)]
    assert len(found) == 1
    return found.iloc[0]


def test_window_bounds_event_day_is_after():
    bounds = window_bounds(EVENT, days=3)
    assert bounds == {"before": (T("2016-09-16"), T("2016-09-18")), "after": (T("2016-09-19"), T("2016-09-21"))}
    assert window_bounds(T("2016-09-19 15:30"), 1) == {"before": (T("2016-09-18"),) * 2,
                                                        "after": (T("2016-09-19"),) * 2}


@pytest.mark.parametrize("days", [0, -3])
def test_window_bounds_bad_days(days, window_articles):
    with pytest.raises(ValueError, match="days"):
        event_window(window_articles, EVENT, days=days, frames=FRAMES)


def test_event_window_shape(window):
    assert list(window.columns) == ["outlet", "side", "first_day", "last_day", "n_articles", "n_inferred",
                                    "n_sentences", "mean_compound", "ci_low", "ci_high", "n_words",
                                    "frame_war", "frame_talk", "frame_unused"]
    assert list(zip(window["outlet"], window["side"])) == [
        ("Alpha", "before"), ("Alpha", "after"), ("Alpha", DIFFERENCE),
        ("Beta", "before"), ("Beta", "after"), ("Beta", DIFFERENCE)]
    assert window["n_articles"].dtype == "int64" and window["n_inferred"].dtype == "int64"


def test_event_window_membership_at_the_boundaries(window):
    before, after = row(window, "Alpha", "before"), row(window, "Alpha", "after")
    assert before["n_articles"] == 2          # b-first (first minute), b-last (last minute)
    assert after["n_articles"] == 3           # a-first (midnight of the event day), a-noon, a-last
    assert before["n_inferred"] == 1 and after["n_inferred"] == 1
    assert (before["first_day"], before["last_day"]) == (T("2016-09-16"), T("2016-09-18"))
    assert (after["first_day"], after["last_day"]) == (T("2016-09-19"), T("2016-09-21"))


def test_event_window_counts_and_tone(window, window_articles):
    scored = sentence_sentiment(window_articles).set_index("article_id")
    for side, ids, n_sentences, words in [("before", ["b-first", "b-last"], 3, 6 + 3 + 2),
                                          ("after", ["a-first", "a-noon", "a-last"], 4, 4 + 4 + 3 + 4)]:
        got = row(window, "Alpha", side)
        compound = scored.loc[ids, "compound"].to_numpy()
        assert got["n_sentences"] == n_sentences == len(compound)
        assert got["n_words"] == words
        assert got["mean_compound"] == pytest.approx(compound.mean())
        assert (got["ci_low"], got["ci_high"]) == pytest.approx(bootstrap_mean(compound))


def test_event_window_frames_by_hand(window):
    before, after = row(window, "Alpha", "before"), row(window, "Alpha", "after")
    # before: 11 words; "talks", "Strikes", "Talks" -> war 1, talk 2
    assert (before["frame_war"], before["frame_talk"], before["frame_unused"]) == pytest.approx(
        (1000 / 11, 2000 / 11, 0))
    # after: 15 words; "Strikes" x2, "talks" x1
    assert (after["frame_war"], after["frame_talk"]) == pytest.approx((2000 / 15, 1000 / 15))


def test_event_window_difference_is_after_minus_before(window):
    before, after, diff = (row(window, "Alpha", s) for s in ["before", "after", DIFFERENCE])
    for column in ["n_articles", "n_inferred", "n_sentences", "n_words", "mean_compound",
                   "frame_war", "frame_talk", "frame_unused"]:
        assert diff[column] == pytest.approx(after[column] - before[column]), column
    assert (diff["first_day"], diff["last_day"]) == (T("2016-09-16"), T("2016-09-21"))
    assert diff["ci_low"] <= diff["ci_high"]


def test_event_window_one_sided_outlet(window):
    before, after, diff = (row(window, "Beta", s) for s in ["before", "after", DIFFERENCE])
    assert (before["n_articles"], before["n_sentences"], before["n_words"]) == (0, 0, 0)
    assert np.isnan(before["mean_compound"]) and np.isnan(before["frame_war"])
    assert after["n_articles"] == 1 and after["frame_war"] == pytest.approx(500)
    assert diff["n_articles"] == 1
    assert np.isnan(diff["mean_compound"]) and np.isnan(diff["ci_low"]) and np.isnan(diff["frame_war"])


def test_event_window_nothing_in_the_window(window_articles):
    table = event_window(window_articles, "2018-01-01", days=5, frames=FRAMES)
    assert table.empty and "frame_war" in table.columns


# --- figures ----------------------------------------------------------------------------------

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.container import ErrorbarContainer  # noqa: E402

from helpers.figures.timeline import plot_counts_over_time, plot_event_window  # noqa: E402


@pytest.fixture
def close_figures():
    yield
    plt.close("all")


def test_plot_counts_over_time(articles, events, close_figures):
    table = timeline(articles, freq="month")
    shown = events_between(events, "2015-09-30", "2015-10-20")
    ax = plot_counts_over_time(table, shown, freq="month", n_undated=1)
    bars = [p for p in ax.patches if p.get_height() > 0]
    assert sum(p.get_height() for p in bars) == table["n_articles"].sum() == 5
    assert sum(p.get_height() for p in bars if p.get_hatch()) == table["n_inferred"].sum() == 2
    assert [t.get_text() for t in ax.texts] == ["1", "2", "3"]
    assert "1 undated" in ax.get_title() and "n = 5" in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    labels = {t.get_text() for t in ax.get_legend().get_texts()}
    assert labels == {"Alpha", "Beta", "date inferred"}


def test_plot_counts_over_time_bad_freq(articles, close_figures):
    with pytest.raises(ValueError, match="freq"):
        plot_counts_over_time(timeline(articles), freq="Q")


def test_plot_event_window(window, close_figures):
    ax = plot_event_window(window)
    bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(bars) == 3                                   # Alpha before, Alpha after, Beta after
    texts = [t.get_text() for t in ax.texts]
    assert "before: n = 3 sentences, 2 article(s), 1 inferred date(s)" in texts
    assert "before: n = 0 sentences, 0 article(s)" in texts
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alpha", "Beta"]
    assert "2016-09-19" in ax.get_title() and "3 days" in ax.get_title()


def test_the_window_event_follows_the_range():
    from helpers.measures.timeline import window_event

    events = events_between(pd.DataFrame({"date": pd.to_datetime(["2015-09-30", "2016-09-09", "2016-09-25"]),
                                          "event": ["a", "b", "c"]}))
    dated = make_articles([{"article_id": "x", "outlet": "X", "published": "2016-09-20"},
                           {"article_id": "y", "outlet": "X", "published": "2016-09-29"}])
    # inside the range the parameter is kept
    assert window_event(events, dated, "2015-09-30", start="2015-01-01", end="2018-12-31") == "2015-09-30"
    # 2016: 2015-09-30 is outside; 09-09 has both articles after it (poorer side 0),
    # 09-25 has one before and one after (poorer side 1): 09-25 wins
    assert window_event(events, dated, "2015-09-30", start="2016-01-01", end="2016-12-31") == "2016-09-25"
    # no event in the range: its first day
    assert window_event(events, dated, "2015-09-30", start="2017-01-01", end="2017-12-31") == "2017-01-01"
