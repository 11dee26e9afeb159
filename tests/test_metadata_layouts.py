"""Tests for reading metadata from the common layouts of news sites: datelines
(helpers.text.dates), bylines (helpers.text.bylines) and site navigation (helpers.text.navigation).

tests/data/metadata_layouts.csv is a hand-made table of real-world layouts (RT, the Daily
Mail, CNN, the Guardian, WordPress, breadcrumbs and menus). Every line carries all three
expected values, written by hand: the date it prints as a dateline (empty: none), the
author it credits as a byline (empty: none) and whether it is navigation, so a breadcrumb
is also checked to be no byline and a byline no date.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.text.bylines import byline_author
from helpers.text.dates import dateline_date
from helpers.text.navigation import looks_like_navigation

LAYOUTS = pd.read_csv(Path(__file__).parent / "data" / "metadata_layouts.csv", dtype=str,
                      keep_default_na=False)
ROWS = [pytest.param(r, id=r.line[:40]) for r in LAYOUTS.itertuples()]


def test_layouts_file_is_well_formed():
    assert list(LAYOUTS.columns) == ["line", "date", "author", "navigation", "note"]
    assert set(LAYOUTS["navigation"]) == {"yes", "no"}
    assert not LAYOUTS["line"].duplicated().any()
    assert all(LAYOUTS["note"])
    for kind, column in [("datelines", "date"), ("bylines", "author")]:
        assert (LAYOUTS[column] != "").sum() >= 10, kind


@pytest.mark.parametrize("row", ROWS)
def test_dateline_of_each_layout(row):
    expected = pd.Timestamp(row.date) if row.date else None
    assert dateline_date(row.line) == expected


@pytest.mark.parametrize("row", ROWS)
def test_byline_of_each_layout(row):
    assert (byline_author(row.line) or "") == row.author


@pytest.mark.parametrize("row", ROWS)
def test_navigation_of_each_layout(row):
    assert looks_like_navigation(row.line) == (row.navigation == "yes")


def test_the_first_of_two_datelines_on_a_line_must_be_a_date_too():
    # the line is cut before "Updated" only when both halves are datelines
    assert dateline_date("Russia said it would leave Syria. Updated 11 December 2017") is None
    assert dateline_date("Published time: 11 Dec, 2017 14:05 Edited time: soon") is None


def test_word_list_reads_entries_lower_case_without_comments(tmp_path):
    from helpers.config import word_list

    path = tmp_path / "words.txt"
    path.write_text("# a comment\nNow\n\n  skip to content  \n#today\n", encoding="utf-8")
    assert word_list(path) == {"now", "skip to content"}
