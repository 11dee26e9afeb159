"""Tests for the metadata lines of article text: datelines (helpers.text.dates) and bylines.

tests/data/dateline_formats.csv is a hand-made table of date formats, real-world ones and
those found in the FakeNewsCorpus sample, with the right date and confidence for each.
tests/data/fnc_dates.csv holds what ``publication_date`` finds in sample articles, each
checked by reading the article (``correct`` says whether it is the publication date).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.text.bylines import byline_author, personal_name
from helpers.text.clean import clean_text
from helpers.config import CORPUS_DIR
from helpers.text.dates import (
    NO_DATE,
    dateline_date,
    is_relative_date,
    parse_timestamp,
    publication_date,
    read_dateline,
    split_dated,
)
from helpers.corpus.importers import parse_date

DATA = Path(__file__).parent / "data"
FORMATS = pd.read_csv(DATA / "dateline_formats.csv", dtype=str, keep_default_na=False)
FNC_DATES = pd.read_csv(DATA / "fnc_dates.csv", dtype=str, keep_default_na=False)
FNC_SAMPLE = Path(__file__).parents[2] / "shared" / "data" / "fakenewscorpus_sample.csv"

T = pd.Timestamp

DATELINES = {
    # the seeds' three formats
    "March 6, 2017, 8:29 am": T("2017-03-06 08:29"),
    "14.02.2018, Moscow.": T("2018-02-14"),
    "Thursday 24 September 2015 14:32": T("2015-09-24 14:32"),
    # other real-world formats
    "Wed 05 Apr 2017": T("2017-04-05"),
    "04/05/2017": T("2017-05-04"),                      # numeric: day first
    "04.05.2017": T("2017-05-04"),
    "2018-02-03": T("2018-02-03"),                      # ISO: year-month-day, not day first
    "2018-02-03T09:30": T("2018-02-03 09:30"),
    "Published: 3 March 2016 at 9.30 GMT": T("2016-03-03 09:30"),
    "Sept. 9, 2016": T("2016-09-09"),
    "Thursday, 24th of September, 2015": T("2015-09-24"),
    "Posted on March 6, 2017": T("2017-03-06"),
    "Updated: 6 Mar 2017 20:29": T("2017-03-06 20:29"),
    "March 6, 2017 8:29 pm": T("2017-03-06 20:29"),
    "6 March 2017, 8.29am": T("2017-03-06 08:29"),
    "Feb. 1st, 2016 | Tehran": T("2016-02-01"),
    "  December 31, 2017  ": T("2017-12-31"),
}


@pytest.mark.parametrize("line, expected", list(DATELINES.items()))
def test_dateline_formats(line, expected):
    got = dateline_date(line)
    assert isinstance(got, pd.Timestamp)
    assert got == expected


@pytest.mark.parametrize("line", [
    "Russia said on March 6, 2017 that it would fight alone.",
    "Russia said on March 6, 2017 that ...",
    "The ceasefire ended on 19.09.2016, officials said, after five days of talks in Geneva "
    "and elsewhere in Europe.",
    "31.02.2018",                                   # no 31 February
    "2018-02-30",
    "29 February 2017",                             # 2017 is no leap year
    "24 September 2015 25:61",
    "March 2017",
    "2017",
    "8:29 am",
    "Kremlin spokesman Dmitry Peskov",
    "",
    "Loading Facebook Comments ...",
])
def test_non_datelines_are_none(line):
    assert dateline_date(line) is None


def test_sentence_starting_with_a_date_is_not_a_dateline():
    assert dateline_date("6 March 2017, a day of mourning.") is None


# ---------------------------------------------------------------- the table of formats

def test_format_table_is_big_and_well_formed():
    assert len(FORMATS) >= 25
    assert set(FORMATS["provenance"]) == {"dateline", "byline"}
    assert set(FORMATS["confidence"]) == {"high", "medium", "low"}
    assert not FORMATS["line"].duplicated().any()


@pytest.mark.parametrize("line, provenance, date, confidence",
                         FORMATS[["line", "provenance", "date", "confidence"]].values.tolist(),
                         ids=FORMATS["line"].tolist())
def test_format_table(line, provenance, date, confidence):
    if provenance == "dateline":
        reading = read_dateline(line)
        assert reading is not None and reading.date == T(date)
        assert reading.confidence == confidence
        assert dateline_date(line) == T(date)
    else:
        assert dateline_date(line) is None           # a byline with a date is no dateline ...
        assert byline_author(line) is not None       # ... but a byline
    found = publication_date([(1, provenance, line)])
    assert found == (T(date), provenance, confidence, line)


@pytest.mark.parametrize("line", [
    "On March 6, 2017, Russian jets struck targets near Idlib.",
    "The talks, held on 14.02.2018 in Moscow, ended without agreement.",
    "Russia said on 6 March 2017 that it would not withdraw.",
    "Vatican City, Jan 24, 2018 / 04:26 am (CNA/EWTN News).- In his message, the Pope said.",
    "Published in 2017",
    "Updated daily",
    "June 2017 - present",
    "Posted by Jane Smith",
    "The ceasefire of 12/09/2016 collapsed.",
    "2016-2017",
    "12-14",
    "Sunny 6 March 2017",
    "March 6, 2017 at noon, the convoy left Aleppo.",
])
def test_sentences_mentioning_dates_are_no_datelines(line):
    assert read_dateline(line) is None
    assert publication_date([(1, "dateline", line)]) == NO_DATE


@pytest.mark.parametrize("line", ["31.02.2018", "2018-02-30", "29 February 2017", "13/13/2017",
                                  "24 September 2015 25:61", "March 6, 2017, 13:05 pm"])
def test_impossible_dates_give_none(line):
    assert read_dateline(line) is None
    assert publication_date([(1, "dateline", line)]).date is None


def test_ambiguous_numeric_dates_are_low():
    for line in ["04/05/2017", "05.04.2017", "3-6-16", "11/12/2017 10:30"]:
        assert read_dateline(line).confidence == "low", line
    for line in ["14/05/2017", "04/13/2017", "12.12.2017"]:       # day and month cannot swap
        assert read_dateline(line).confidence == "medium", line


def test_a_contradicting_weekday_lowers_the_confidence():
    assert read_dateline("Thursday 24 September 2015 14:32").confidence == "high"
    assert read_dateline("Tuesday 24 September 2015 14:32").confidence == "medium"
    assert read_dateline("Thursday 24 September 2015").confidence == "high"
    assert read_dateline("Tuesday 24 September 2015").confidence == "low"
    assert read_dateline("24 September 2015").confidence == "medium"


def test_split_dated_cuts_name_and_date_either_way():
    name, reading = split_dated("By Jane Smith | March 6, 2017")
    assert name == "By Jane Smith" and reading.date == T("2017-03-06")
    name, reading = split_dated("Aug 26, 2017 — Mark Smyth")
    assert name == "Mark Smyth" and reading.date == T("2017-08-26")
    assert split_dated("By Jane Smith") is None


# ---------------------------------------------------------------- choosing the publication date

def test_publication_date_reads_only_dateline_and_byline_lines():
    lines = [(1, "title", "March 6, 2017"), (2, "signoff", "6 March 2017")]
    assert publication_date(lines) == NO_DATE
    assert publication_date([]) == NO_DATE


KEPT = tuple(range(5, 31, 2))            # the article's paragraphs: odd lines 5 to 29


def test_a_dateline_between_paragraphs_is_not_the_publication_date():
    lines = [(12, "dateline", "June 25, 2015")]
    assert publication_date(lines, kept_lines=KEPT) == NO_DATE
    assert publication_date(lines).date == T("2015-06-25")          # without positions


def test_a_dateline_under_a_standfirst_still_dates_the_page():
    lines = [(6, "dateline", "Thursday 24 September 2015 14:32")]
    assert publication_date(lines, kept_lines=KEPT) == (
        T("2015-09-24 14:32"), "dateline", "high", "Thursday 24 September 2015 14:32")
    assert publication_date([(8, "dateline", "24 September 2015")], KEPT) == NO_DATE


def test_a_published_label_wins_and_an_update_comes_last():
    lines = [(1, "dateline", "Updated: 7 March 2017 10:00"), (2, "dateline", "6 March 2017"),
             (40, "dateline", "Published: 6 March 2017 09:00")]
    found = publication_date(lines, kept_lines=KEPT)
    assert found.date == T("2017-03-06 09:00") and found.line.startswith("Published")
    assert found.confidence == "medium"       # high, one step down: the update disagrees
    found = publication_date(lines[:2], kept_lines=KEPT)
    assert found == (T("2017-03-06"), "dateline", "low", "6 March 2017")


def test_many_different_dates_are_a_list_of_entries():
    lines = [(3, "dateline", "Aug 26, 2017 — Mark Smyth"), (31, "dateline", "Apr 21, 2017"),
             (33, "byline", "By Mark Smyth | Apr 4, 2017")]
    assert publication_date(lines, kept_lines=KEPT) == NO_DATE
    assert publication_date(lines[:2], kept_lines=KEPT).confidence == "low"


def test_an_unlabelled_date_below_the_article_is_one_step_lower():
    assert publication_date([(40, "dateline", "October 13, 2016.")], kept_lines=KEPT) \
        == (T("2016-10-13"), "dateline", "low", "October 13, 2016.")
    labelled = [(40, "dateline", "Published: October 13, 2016")]
    assert publication_date(labelled, kept_lines=KEPT).confidence == "medium"


def test_agreeing_lines_keep_the_confidence():
    lines = [(3, "dateline", "October 26, 2013"),
             (40, "dateline", "This article was posted: Saturday, October 26, 2013 at 3:06 pm")]
    assert publication_date(lines, kept_lines=KEPT) == (
        T("2013-10-26 15:06"), "dateline", "high", lines[1][2])


@pytest.mark.parametrize("file, date, confidence", [
    ("000_2cabe1b1d240ea97.txt", "2017-03-06 08:29", "high"),
    ("001_f1e5e4c1dfc49953.txt", "2018-02-14", "medium"),
    ("004_c25635f3460691ac.txt", "2015-09-24 14:32", "high"),       # under its standfirst
])
def test_publication_dates_of_the_seeds(file, date, confidence):
    cleaned = clean_text((CORPUS_DIR / "articles" / file).read_text(encoding="utf-8"))
    found = publication_date(cleaned.removed, cleaned.kept_lines)
    assert found[:3] == (T(date), "dateline", confidence)


def test_publication_date_from_a_cleaned_page():
    page = "\n".join([
        "Home / World / Middle East", "",
        "Ministers meet to discuss the regional water agreement",
        "By Jane Smith | Wednesday, March 8, 2017", "",
        "The ministers of three neighbouring countries met on Tuesday to discuss a new "
        "agreement on sharing the river's water, officials said on March 7, 2017.", "",
        "Talks will resume next month in the capital, officials said.",
    ])
    cleaned = clean_text(page)
    assert (4, "byline", "By Jane Smith | Wednesday, March 8, 2017") in cleaned.removed
    assert publication_date(cleaned.removed, cleaned.kept_lines) == (
        T("2017-03-08"), "byline", "high", "By Jane Smith | Wednesday, March 8, 2017")


# ---------------------------------------------------------------- the FakeNewsCorpus sample

@pytest.mark.skipif(not FNC_SAMPLE.is_file(),
                    reason="the FakeNewsCorpus sample (shared/data beside the project) "
                           "is not there")
@pytest.mark.parametrize("article_id, date, provenance, confidence",
                         FNC_DATES[["id", "date", "provenance", "confidence"]].values.tolist(),
                         ids=FNC_DATES["id"].tolist())
def test_publication_dates_found_in_the_sample(article_id, date, provenance, confidence):
    sample = pd.read_csv(FNC_SAMPLE, dtype=str, keep_default_na=False).set_index("id")
    row = sample.loc[article_id]
    cleaned = clean_text(row["content"], title=row["title"] or None)
    found = publication_date(cleaned.removed, cleaned.kept_lines)
    assert found[:3] == ((T(date) if date else None), provenance, confidence)


BYLINES = {
    "By Jane Smith": "Jane Smith",
    "by Jane Smith": "Jane Smith",
    "BY Jane Smith": "Jane Smith",
    "Jane Smith@janesmith": "Jane Smith",
    "Lizzie Dearden@lizziedearden": "Lizzie Dearden",
    "Written by Jane Smith": "Jane Smith",
    "Reported by: Jane Smith": "Jane Smith",
    "By Jane Smith, Moscow": "Jane Smith",
    "By Jane Smith | Reuters": "Jane Smith",
    "By Jane Smith and John Doe": "Jane Smith and John Doe",
    "By Jean-Paul de Ville": "Jean-Paul de Ville",
    "  By Jane Smith  ": "Jane Smith",
    # forms found in the FakeNewsCorpus sample
    "By: Jayson Veley / Natural News": "Jayson Veley",
    "By ANDREW C. MCCARTHY / FAMILY SECURITY MATTERS": "ANDREW C. MCCARTHY",
    "Authored by Turd Ferguson via TFMetalsReport.com": "Turd Ferguson",
    "by Benny G. Powell Jr.": "Benny G. Powell Jr.",
    "By Pam Martens and Russ Martens: April 4, 2016": "Pam Martens and Russ Martens",
    "news.goldseek.com / By: Jim Willie CB, GoldenJackass.com / 26 December 2017": "Jim Willie CB",
    "Jane Smith, 6 March 2017": "Jane Smith",
    # FNC sample 13842: the byline of a Strategic Culture reprint, a name and its outlet
    "PETER KORZUN / STRATEGIC CULTURE": "PETER KORZUN",
}


@pytest.mark.parametrize("line, name", list(BYLINES.items()))
def test_byline_names(line, name):
    assert byline_author(line) == name


@pytest.mark.parametrize("line, name", [("Jane Smith", "Jane Smith"), (" Jean-Paul de Ville ", "Jean-Paul de Ville"),
                                        ("Jane", None), ("Jane Smith, RT", None), ("jane smith", None),
                                        ("Jane Smith said", None)])
def test_personal_name_is_a_line_that_is_only_a_name(line, name):
    assert personal_name(line) == name


@pytest.mark.parametrize("line", [
    "by the way, it rained",
    "By Friday, Russian jets had flown 67 sorties over Hama.",
    "By then the ceasefire had collapsed.",
    "Jane Smith",
    "Jane",
    "By Jane",
    "Kremlin spokesman Dmitry Peskov told reporters on Friday.",
    "",
    "Russia said on March 6, 2017",
    "Home / World / Middle East",
    "By the end of 2017 / early 2018",
])
def test_non_bylines_are_none(line):
    assert byline_author(line) is None


# ---------------------------------------------------------------- relative words are no dates

@pytest.mark.parametrize("value", ["now", "today", "Today", " now ", "yesterday", "tomorrow",
                                   "tonight", "2 hours ago", "just now", "today 14:05"])
def test_relative_words_are_never_dates(value):
    assert is_relative_date(value)
    with pytest.raises(ValueError, match="relative"):
        parse_timestamp(value)
    assert dateline_date(value) is None
    assert dateline_date(f"Published: {value}") is None
    assert parse_date(value) is None                   # the importer's parser too


@pytest.mark.parametrize("value, expected", [
    ("2017-12-11", T("2017-12-11")),
    ("2017-12-11 14:05", T("2017-12-11 14:05")),
    ("2017-12-11T14:05:00", T("2017-12-11 14:05")),
])
def test_parse_timestamp_reads_written_dates(value, expected):
    assert not is_relative_date(value)
    assert parse_timestamp(value) == expected


@pytest.mark.parametrize("value", ["", "6th of Smarch 2017"])
def test_parse_timestamp_refuses_what_is_no_date(value):
    with pytest.raises(ValueError):
        parse_timestamp(value)


@pytest.mark.parametrize("value", ["Monday", "14:05", "6 March"])
def test_importer_dates_without_a_year_are_none(value):
    # dateutil fills what is not printed from a default date: "Monday" was 3 Jan 2000
    assert parse_date(value) is None


def test_importer_dates_with_a_year_still_parse():
    assert parse_date("11 Dec 2017 14:05") == T("2017-12-11 14:05")
    assert parse_date("December 2017") == T("2017-12-01")
