"""Tables for reading and the files written beside a report, on tables whose display is known."""
from __future__ import annotations

import csv

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers.config import EXPORT_ENV  # noqa: E402
from helpers.figures.tables import (MISSING, column_decimals, export_name, format_number, readable,  # noqa: E402
                            show_figure, show_table, table_html)

TABLE = pd.DataFrame({
    "outlet": ["Press <b>TV</b>", "RT"],
    "kappa": [8.578996e-17, -0.123456],
    "n_sentences": [17, 3],
    "published": pd.to_datetime(["2016-09-29", None]),
    "author": ["", None],
    "per_1000": [27.777778, 11.574074],
}, index=[7, 9])


@pytest.fixture
def export(tmp_path, monkeypatch):
    """An export folder named like the build's (<run>_files) inside tmp_path."""
    folder = tmp_path / "02_sentiment_files"
    monkeypatch.setenv(EXPORT_ENV, str(folder))
    return folder


@pytest.fixture
def no_export(monkeypatch):
    monkeypatch.delenv(EXPORT_ENV, raising=False)


def test_numbers_are_rounded_and_never_shown_in_exponent_form():
    assert format_number(8.578996e-17) == "0.00"
    assert format_number(-0.0001) == "0.00"                    # no "-0.00"
    assert format_number(-0.314935) == "-0.31"
    assert format_number(1234.5, 0) == "1,234"                 # rounds half to even, thousands
    assert format_number(float("nan")) == MISSING


def test_decimals_follow_the_size_of_the_column():
    assert column_decimals(pd.Series([0.1, -0.9])) == 2        # tone
    assert column_decimals(pd.Series([27.7, 11.5])) == 1       # rates per 1,000 words
    assert column_decimals(pd.Series([579.2, 432.0])) == 0


def test_readable_cells():
    shown = readable(TABLE)
    assert list(shown.index) == [0, 1]                         # no positional index of the source
    assert shown["kappa"].tolist() == ["0.00", "-0.12"]
    assert shown["n_sentences"].tolist() == ["17", "3"]
    assert shown["published"].tolist() == ["2016-09-29", MISSING]   # midnight: the day only
    assert shown["author"].tolist() == [MISSING, MISSING]     # "" and None
    assert shown["per_1000"].tolist() == ["27.8", "11.6"]
    assert readable(TABLE, {"per_1000": 0})["per_1000"].tolist() == ["28", "12"]


def test_html_escapes_text_aligns_it_left_and_has_no_index():
    page = table_html(TABLE)
    assert "<b>TV</b>" not in page and "Press &lt;b&gt;TV&lt;/b&gt;" in page
    assert "<p>Press &lt;b&gt;TV&lt;/b&gt;</p>" in page        # text in <p>: left-aligned in reports
    assert "<p>0.00</p>" not in page and ">0.00</td>" in page  # numbers stay right-aligned
    assert ">7<" not in page and ">9<" not in page             # the source index is not shown
    assert ">n sentences</th>" in page and "n_sentences" not in page
    assert "<p>outlet</p></th>" in page                        # a text column's header goes left too
    assert "nan" not in page.lower() and "NaT" not in page


def test_header_text_from_data_is_escaped():
    page = table_html(pd.DataFrame({"<script>x</script>": [1]}))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_long_table_is_shortened_and_its_csv_linked(export):
    table = pd.DataFrame({"outlet": [f"o{i}" for i in range(25)], "n": range(25)})
    page = show_table(table, "many rows").data
    assert "o19" in page and "o20" not in page
    assert "Showing the first 20 of 25 rows." in page
    assert 'href="02_sentiment_files/many-rows.csv"' in page   # relative to the report beside it
    with open(export / "many-rows.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 25 and rows[24] == {"outlet": "o24", "n": "24"}   # the full table


def test_a_short_table_has_its_csv_too(export):
    page = show_table(TABLE, "tone").data
    assert "Showing" not in page and 'href="02_sentiment_files/tone.csv"' in page
    assert pd.read_csv(export / "tone.csv")["n_sentences"].tolist() == [17, 3]


def test_columns_left_out_of_the_display_stay_in_the_csv(export):
    page = show_table(TABLE, "some", columns=["outlet"]).data
    assert "kappa" not in page and "5 more column(s) in the full table." in page
    assert "kappa" in pd.read_csv(export / "some.csv").columns


def test_without_an_export_folder_nothing_is_written(no_export, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = show_table(TABLE, "tone").data
    assert "href" not in page and list(tmp_path.iterdir()) == []


def test_file_names_are_made_safe():
    assert export_name("names-islamic_state") == "names-islamic_state"
    assert export_name("../a b/c") == "a-b-c"
    with pytest.raises(ValueError, match="no usable file name"):
        export_name("///")


def test_a_figure_is_written_as_png_and_svg_and_linked(export, capsys):
    ax = plt.subplots()[1]
    ax.plot([0, 1], [0, 1])
    show_figure(ax, "tone")
    assert (export / "tone.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (export / "tone.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert plt.get_fignums() == []                             # closed: not drawn a second time


def test_the_same_figure_gives_the_same_bytes(export):
    def draw():
        ax = plt.subplots()[1]
        ax.scatter(np.arange(5), np.arange(5))
        return ax

    show_figure(draw(), "first")
    show_figure(draw(), "second")
    assert (export / "first.png").read_bytes() == (export / "second.png").read_bytes()
    assert (export / "first.svg").read_bytes() == (export / "second.svg").read_bytes()
