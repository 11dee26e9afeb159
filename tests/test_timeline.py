"""Tests for helpers.timeline: articles per period, date provenance, events in a range."""
from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from helpers import load_events
from helpers.config import CORPUS_DIR
from helpers.timeline import date_provenance, events_between, timeline

ARTICLE_COLUMNS = [
    "article_id", "outlet", "outlet_source", "published", "date_source", "title",
    "title_source", "author", "author_source", "url", "file", "raw_text", "body", "n_words",
]


def make_articles(rows: list[dict]) -> pd.DataFrame:
    """Hand-made rows (article_id, outlet, published, date_source, body) -> an articles table."""
    records = []
    for r in rows:
        body = r.get("body", "Some words here.")
        published = r.get("published")
        records.append({
            "article_id": r["article_id"], "outlet": r["outlet"], "outlet_source": "manifest",
            "published": published,
            "date_source": r.get("date_source", "text" if published else ""),
            "title": "", "title_source": "", "author": "", "author_source": "", "url": "",
            "file": f"articles/{r['article_id']}.txt", "raw_text": body, "body": body,
            "n_words": len(body.split()),
        })
    table = pd.DataFrame(records, columns=ARTICLE_COLUMNS)
    table["published"] = pd.to_datetime(table["published"]).astype("datetime64[ns]")
    return table


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
