"""Tests for the metadata lines of article text: datelines (helpers.dates) and bylines."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers.bylines import byline_author
from helpers.dates import dateline_date

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
}


@pytest.mark.parametrize("line, name", list(BYLINES.items()))
def test_byline_names(line, name):
    assert byline_author(line) == name


@pytest.mark.parametrize("line", [
    "by the way, it rained",
    "By Friday, Russian jets had flown 67 sorties over Hama.",
    "By then the ceasefire had collapsed.",
    "Jane Smith",
    "Jane",
    "By Jane",
    "Kremlin spokesman Dmitry Peskov told reporters on Friday.",
    "",
])
def test_non_bylines_are_none(line):
    assert byline_author(line) is None
