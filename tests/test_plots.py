"""Tests for helpers.figures.plots: every figure function returns a titled, labelled Axes."""
from __future__ import annotations

import csv

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import support
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.container import ErrorbarContainer  # noqa: E402

from helpers.config import CORPUS_DIR  # noqa: E402
from helpers.measures.framing import frame_prevalence, lexical_choice  # noqa: E402
from helpers.figures.plots import (  # noqa: E402
    event_label_levels,
    outlet_colors,
    plot_articles_per_outlet_year,
    plot_audit,
    plot_frames,
    plot_lengths,
    plot_lexical_choice,
    plot_sentence_tone,
    plot_timeline,
    plot_tone,
)
from helpers.measures.tone import article_tone, outlet_tone, sentence_sentiment  # noqa: E402
from helpers.figures.tables import show_figure  # noqa: E402
from helpers.measures.timeline import event_window, events_between, timeline  # noqa: E402
from helpers.figures.timeline import plot_counts_over_time, plot_event_window  # noqa: E402



def make_articles(rows: list[dict]) -> pd.DataFrame:
    """Hand-made rows -> an articles table whose raw text carries two lines of furniture."""
    return support.make_articles([{"raw_text": "Share this\n" + r["body"] + "\nComments"} | r for r in rows])


# Alpha: 2 articles, 3 sentences; Beta: 1 article, 2 sentences; Gamma: 1 article, 1 sentence.
ROWS = [
    {"article_id": "a1", "outlet": "Alpha", "published": "2015-10-01",
     "body": "The peace talks were a wonderful success. Daesh fighters killed many innocent people."},
    {"article_id": "a2", "outlet": "Alpha", "published": "2015-12-31", "date_source": "inferred",
     "body": "The minister arrived in Moscow on Tuesday."},
    {"article_id": "b1", "outlet": "Beta", "published": "2016-02-01",
     "body": "Officials praised the excellent agreement.\n\nISIS and IS are the same terrible group."},
    {"article_id": "g1", "outlet": "Gamma", "published": "2016-03-01",
     "body": "Rebels attacked the Syrian government army."},
]


@pytest.fixture(autouse=True)
def agg_backend(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def articles():
    return make_articles(ROWS)


@pytest.fixture(scope="module")
def scored(articles):
    return sentence_sentiment(articles)


@pytest.fixture(scope="module")
def tone(scored):
    return outlet_tone(scored)


def registry_names() -> list[str]:
    with open(CORPUS_DIR / "outlets.csv", newline="", encoding="utf-8") as f:
        return [row["outlet"] for row in csv.DictReader(f)]


def assert_titled(ax, *, xlabel=True, ylabel=False):
    assert isinstance(ax, Axes)
    assert ax.get_title().strip()
    if xlabel:
        assert ax.get_xlabel().strip()
    if ylabel:
        assert ax.get_ylabel().strip()


def ytick_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


# --- outlet_colors ----------------------------------------------------------------------------

def test_outlet_colors_distinct_for_registry():
    names = registry_names()
    colors = outlet_colors(names)
    assert list(colors) == names
    assert len({to_rgba(c) for c in colors.values()}) == len(names)


def test_outlet_colors_same_outlet_same_colour_whatever_follows():
    names = registry_names()
    full = outlet_colors(names)
    for k in range(1, len(names)):
        prefix = outlet_colors(names[:k])
        for name in names[:k]:
            assert to_rgba(prefix[name]) == to_rgba(full[name]), (k, name)
    extra = outlet_colors([*names, "Another Outlet", "Yet Another"])
    for name in names:
        assert to_rgba(extra[name]) == to_rgba(full[name])


def test_outlet_colors_ignores_repeated_names():
    colors = outlet_colors(["A", "B", "A", "C"])
    assert list(colors) == ["A", "B", "C"]
    assert colors == outlet_colors(["A", "B", "C"])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=10, unique=True),
       st.integers(min_value=1, max_value=10))
def test_outlet_colors_prefix_property(names, k):
    k = min(k, len(names))
    full, prefix = outlet_colors(names), outlet_colors(names[:k])
    assert all(to_rgba(prefix[n]) == to_rgba(full[n]) for n in names[:k])
    assert len({to_rgba(c) for c in full.values()}) == len(names)


def test_outlet_colors_distinct_beyond_ten_outlets():
    names = [f"Outlet {i}" for i in range(11)]
    colors = outlet_colors(names)
    assert len({to_rgba(c) for c in colors.values()}) == 11


# --- plot_tone --------------------------------------------------------------------------------

def errorbars(ax) -> list[ErrorbarContainer]:
    return [c for c in ax.containers if isinstance(c, ErrorbarContainer)]


def test_plot_tone_one_error_bar_per_outlet_with_n(tone):
    ax = plot_tone(tone)
    assert_titled(ax)
    assert len(errorbars(ax)) == len(tone) == 3
    assert ytick_texts(ax) == ["Alpha", "Beta", "Gamma"]
    texts = [t.get_text() for t in ax.texts]
    assert "n = 3 sentences, 2 article(s)" in texts           # Alpha
    assert "n = 2 sentences, 1 article(s)" in texts           # Beta
    assert "n = 1 sentences, 1 article(s)" in texts           # Gamma


def test_plot_tone_points_at_means(tone):
    ax = plot_tone(tone)
    for container, row in zip(errorbars(ax), tone.itertuples()):
        x, _ = container.lines[0].get_data()
        assert x[0] == pytest.approx(row.mean_compound)


def test_plot_tone_uses_given_colours(tone):
    colors = outlet_colors(["Gamma", "Beta", "Alpha"])
    ax = plot_tone(tone, colors=colors)
    for container, outlet in zip(errorbars(ax), tone["outlet"]):
        assert to_rgba(container.lines[0].get_color()) == to_rgba(colors[outlet])


def test_plot_tone_default_colours_differ_between_outlets(tone):
    ax = plot_tone(tone)
    colours = {to_rgba(c.lines[0].get_color()) for c in errorbars(ax)}
    assert len(colours) == len(tone)


def test_plot_tone_draws_on_given_axes(tone):
    fig, ax = plt.subplots()
    assert plot_tone(tone, ax=ax) is ax


def test_plot_tone_article_labels(scored):
    table = article_tone(scored)
    ax = plot_tone(table, label="article_id")
    assert ytick_texts(ax) == list(table["article_id"])
    assert len(errorbars(ax)) == len(table)


# --- other figures ----------------------------------------------------------------------------

def test_plot_articles_per_outlet_year(articles):
    ax = plot_articles_per_outlet_year(articles)
    assert_titled(ax)
    assert sorted(ytick_texts(ax)) == ["Alpha", "Beta", "Gamma"]
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"2015", "2016"}
    assert sum(p.get_width() for p in ax.patches) == pytest.approx(len(articles))


def test_plot_articles_per_outlet_year_shows_undated(articles):
    rows = ROWS + [{"article_id": "u1", "outlet": "Beta", "published": None, "body": "Undated text."}]
    undated = make_articles(rows)
    ax = plot_articles_per_outlet_year(undated)
    assert "undated" in {t.get_text() for t in ax.get_legend().get_texts()}
    assert sum(p.get_width() for p in ax.patches) == pytest.approx(len(undated))


def test_plot_lengths(articles):
    ax = plot_lengths(articles)
    assert_titled(ax, ylabel=True)
    points = [tuple(p) for c in ax.collections for p in c.get_offsets()]
    raw = [len(t.split()) for t in articles["raw_text"]]
    assert sorted(points) == sorted(zip(raw, articles["n_words"]))
    assert all(x > y for x, y in points)                  # two furniture lines were removed
    # one colour per outlet, each named in the legend with its n (Alpha has two articles)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Alpha (n = 2)", "Beta (n = 1)", "Gamma (n = 1)", "nothing removed"]


def test_plot_audit():
    audit = pd.DataFrame({"article_id": ["a1"] * 3 + ["b1"], "outlet": ["Alpha"] * 3 + ["Beta"],
                          "line_no": [1, 2, 9, 1], "rule": ["social", "social", "title", "social"],
                          "text": ["Share", "Tweet", "Headline", "Share"]})
    ax = plot_audit(audit)
    assert_titled(ax, ylabel=True)
    assert ytick_texts(ax) == ["title", "social"]         # ascending by count: 1, 3
    assert [p.get_width() for p in ax.patches] == [1, 3]


def test_plot_sentence_tone(scored):
    ax = plot_sentence_tone(scored)
    assert_titled(ax)
    assert ytick_texts(ax) == ["Alpha (n = 3)", "Beta (n = 2)", "Gamma (n = 1)"]   # sentences (ROWS)
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(scored)


def test_plot_frames(articles):
    prevalence = frame_prevalence(articles)
    ax = plot_frames(prevalence)
    assert_titled(ax)
    words = {"Alpha": 7 + 6 + 7, "Beta": 5 + 8, "Gamma": 6}
    assert sorted(ytick_texts(ax)) == sorted(f"{o} (n = {w} words)" for o, w in words.items())
    assert len({t.get_text() for t in ax.get_xticklabels()}) == prevalence["frame"].nunique()


def test_plot_lexical_choice_leaves_out_outlet_without_mentions(articles):
    choice = lexical_choice(articles)
    ax = plot_lexical_choice(choice, "islamic_state")
    assert_titled(ax)
    assert "islamic state" in ax.get_title()
    # Alpha: Daesh (1); Beta: ISIS, IS (2); Gamma: none -> left out.
    assert ytick_texts(ax) == ["Alpha (n = 1)", "Beta (n = 2)"]
    widths = {}
    for container, label in zip(ax.containers, [t.get_text() for t in ax.get_legend().get_texts()]):
        widths[label] = [p.get_width() for p in container.patches]
    # One stacked segment per variant some outlet used, in file order; rows Alpha, Beta.
    assert widths == {"Daesh": [1.0, 0.0], "ISIS": [0.0, 0.5], "IS": [0.0, 0.5]}


def test_plot_timeline(articles, scored):
    tone = article_tone(scored)
    from helpers import load_events

    events = events_between(load_events(CORPUS_DIR), "2015-09-30", "2015-10-20")   # 3 events
    ax = plot_timeline(articles, tone, events)
    assert_titled(ax, ylabel=True)
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["1", "2", "3"]
    # Alpha printed, Alpha inferred, Beta printed, Gamma printed.
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert sorted(labels) == sorted(["Alpha", "Alpha (date inferred)", "Beta", "Gamma"])
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(articles)


def test_plot_timeline_uses_given_colours(articles, scored):
    colors = outlet_colors(["Alpha", "Beta", "Gamma"])
    ax = plot_timeline(articles, article_tone(scored), events_between(pd.DataFrame(
        {"date": pd.to_datetime(["2015-11-01"]), "event": ["e"]})), colors=colors)
    by_label = dict(zip([t.get_text() for t in ax.get_legend().get_texts()], ax.collections))
    assert to_rgba(by_label["Beta"].get_edgecolor()[0]) == to_rgba(colors["Beta"])
    assert to_rgba(by_label["Gamma"].get_edgecolor()[0]) == to_rgba(colors["Gamma"])


def test_plot_timeline_default_colours_differ_between_outlets(articles, scored):
    ax = plot_timeline(articles, article_tone(scored), pd.DataFrame({"date": [], "event": []}))
    by_label = dict(zip([t.get_text() for t in ax.get_legend().get_texts()], ax.collections))
    colours = {to_rgba(by_label[o].get_edgecolor()[0]) for o in ["Alpha", "Beta", "Gamma"]}
    assert len(colours) == 3


def test_plot_lexical_choice_says_when_nobody_mentions_the_concept(articles):
    choice = lexical_choice(articles)
    nobody = choice.assign(count=0, n_mentions=0, share=float("nan"))
    ax = plot_lexical_choice(nobody, "islamic_state")
    assert ax.get_legend() is None and not ax.patches
    assert any("no outlet mentions" in t.get_text() for t in ax.texts)


def integer_ticks(axis) -> bool:
    """An x or y axis -> True if every tick it shows is a whole number."""
    low, high = axis.get_view_interval()
    ticks = [t for t in axis.get_majorticklocs() if low <= t <= high]
    return bool(ticks) and all(float(t).is_integer() for t in ticks)


def test_count_axes_have_whole_number_ticks(articles):
    one_each = articles.drop_duplicates("outlet")          # one article per outlet: 0 ... 1
    assert integer_ticks(plot_articles_per_outlet_year(one_each).xaxis)
    audit = pd.DataFrame({"rule": ["social"], "line_no": [1], "text": ["Share"], "article_id": ["a1"]})
    assert integer_ticks(plot_audit(audit).xaxis)


def test_event_labels_close_together_are_stacked_never_on_one_row():
    # a 4-year axis (1,461 days): a gap under 3% of it (44 days) puts a label on a new row
    dates = pd.to_datetime(["2016-09-09", "2016-09-12", "2016-09-17", "2016-09-19", "2017-03-01"])
    assert event_label_levels(dates, 1461) == [0, 1, 2, 3, 0]
    # 100 days: 3 days apart clear the gap (3% of 100), 2 days (17th to 19th) do not
    assert event_label_levels(dates, 100) == [0, 0, 0, 1, 0]


def test_timeline_event_labels_do_not_overlap(articles, scored):
    from helpers import load_events

    events = events_between(load_events(CORPUS_DIR), "2015-01-01", "2018-12-31")
    ax = plot_timeline(articles, article_tone(scored), events, start="2015-01-01", end="2018-12-31")
    ax.figure.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts if t.get_text().isdigit()]
    assert len(boxes) == len(events)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_timelines_are_drawn_for_their_range(articles, scored):
    tone = article_tone(scored)
    ax = plot_timeline(articles, tone, events_between(pd.DataFrame(
        {"date": pd.to_datetime(["2016-03-14"]), "event": ["e"]}), "2016-01-01", "2016-12-31"),
        start="2016-01-01", end="2016-12-31")
    low, high = (matplotlib.dates.num2date(x).date().isoformat() for x in ax.get_xlim())
    assert (low, high) == ("2016-01-01", "2017-01-01")
    assert "Tone of each article, 2016 " in ax.get_title()
    table = timeline(articles, tone, freq="month")
    ax = plot_counts_over_time(table, freq="month", start="2016-01-01", end="2016-12-31")
    assert matplotlib.dates.num2date(ax.get_xlim()[0]).year == 2016
    assert integer_ticks(ax.yaxis)


def test_an_empty_event_window_draws_without_warnings(articles, recwarn):
    window = event_window(articles, "2018-06-01", days=10)      # no article near that day
    ax = plot_event_window(window)
    assert any("no dated article" in t.get_text() for t in ax.texts)
    assert not [w for w in recwarn if "ylims" in str(w.message) or "xlims" in str(w.message)]


def test_empty_tables_give_a_figure_that_says_so(articles):
    none = articles.iloc[0:0]
    for ax in (plot_articles_per_outlet_year(none), plot_lengths(none)):
        assert any("no article" in t.get_text() for t in ax.texts)


def test_sentence_jitter_is_seeded_so_figures_are_byte_identical(scored, tmp_path, monkeypatch):
    monkeypatch.setenv("KREMLIN_SYRIA_EXPORT_DIR", str(tmp_path / "run_files"))
    import numpy as np

    np.random.seed(1)
    show_figure(plot_sentence_tone(scored), "first")
    np.random.seed(2)                                         # the global state must not matter
    show_figure(plot_sentence_tone(scored), "second")
    folder = tmp_path / "run_files"
    assert (folder / "first.png").read_bytes() == (folder / "second.png").read_bytes()


def test_distinctive_words_of_a_one_outlet_corpus_say_there_is_nothing_to_compare():
    from helpers.figures.framing import plot_keyness
    from helpers.measures.keyness import keyness

    axes = plot_keyness(keyness(make_articles(ROWS[:1])))          # one outlet: an empty table
    assert len(axes) == 1 and axes[0].figure.axes == [axes[0]]    # the panel is kept, not deleted
    assert any("no words" in t.get_text() for t in axes[0].texts)
