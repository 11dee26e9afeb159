"""Figures: one function per figure, each returning its matplotlib Axes.

Every outlet keeps one colour in every figure (``outlet_colors``, a colour-blind-safe
palette in registry order); every comparison of outlets shows its n.
"""
from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from helpers.text.clean import rule_descriptions
from helpers.figures.tables import period_label

DATE_MARKERS = {"text": "o", "inferred": "D"}       # filled circle: printed; diamond: inferred
JITTER_SEED = 20151001     # the sentence dots' jitter: the same corpus gives the same figure
LABEL_GAP = 0.03           # event labels closer than this share of the time axis are stacked


def use_report_style() -> None:
    """Nothing -> pandas shows whole sentences and up to 200 rows; figures get one clean style."""
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 200)
    sns.set_theme(style="ticks", context="notebook")     # no grid over heatmaps


def outlet_colors(outlets) -> dict[str, tuple]:
    """Outlet names (registry order) -> a colour each from seaborn's colour-blind palette."""
    names = list(dict.fromkeys(outlets))
    palette = sns.color_palette("colorblind")              # 10 colours, then distinct hues
    palette += sns.color_palette("husl", max(len(names) - len(palette), 0))
    return {name: palette[i] for i, name in enumerate(names)}


def colors_for(names, colors: dict | None) -> list:
    """Outlet names -> their colours (from ``colors``, else one each in name order); grey for
    an outlet the mapping lacks."""
    colors = colors or outlet_colors(sorted(set(names)))
    return [colors.get(n, (0.5, 0.5, 0.5)) for n in names]


def plot_articles_per_outlet_year(articles: pd.DataFrame, colors: dict | None = None, ax=None):
    """Articles -> bar chart of articles per outlet, stacked by publication year."""
    ax = ax or plt.subplots(figsize=(7, 0.3 * articles["outlet"].nunique() + 1.5))[1]
    title = "Articles per outlet and year"
    if articles.empty:
        return empty_axes(ax, title, "no article selected")
    year = articles["published"].dt.year.map(lambda y: "undated" if pd.isna(y) else str(int(y)))
    counts = pd.crosstab(articles["outlet"], year)
    counts.plot.barh(stacked=True, ax=ax, colormap="cividis", width=0.7)
    ax.set(xlabel="articles", ylabel="", title=title)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(title="year", bbox_to_anchor=(1.01, 1), loc="upper left")
    return ax


def empty_axes(ax, title: str, message: str):
    """An Axes, a title and a message -> the Axes titled, the message in place of data."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set(title=title, xticks=[], yticks=[], xlabel="", ylabel="", xlim=(0, 1), ylim=(0, 1))
    return ax


def plot_lengths(articles: pd.DataFrame, colors: dict | None = None, ax=None):
    """Articles -> dot per article: words of raw text vs words kept after cleaning."""
    ax = ax or plt.subplots(figsize=(7, 3))[1]
    title = "Article length before and after cleaning"
    if articles.empty:
        return empty_axes(ax, title, "no article selected")
    raw = articles["raw_text"].str.split().str.len()
    names = sorted(articles["outlet"].unique())
    palette = dict(zip(names, colors_for(names, colors)))
    for outlet in names:
        mine = articles["outlet"] == outlet
        ax.scatter(raw[mine], articles.loc[mine, "n_words"], color=palette[outlet], s=40,
                   label=f"{outlet} (n = {int(mine.sum())})")
    top = max(raw.max(), 1) * 1.05
    ax.plot([0, top], [0, top], color="grey", lw=0.8, ls="--", label="nothing removed")
    ax.set(xlabel="words in the scraped text", ylabel="words kept in the body",
           title=title, xlim=(0, top), ylim=(0, top))
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return ax


def plot_audit(audit: pd.DataFrame, ax=None):
    """Cleaning audit -> horizontal bars of lines removed per rule."""
    ax = ax or plt.subplots(figsize=(7, 4))[1]
    title = "What cleaning removed, by rule"
    if audit.empty:
        return empty_axes(ax, title, "cleaning removed nothing")
    counts = audit["rule"].value_counts().reindex(list(rule_descriptions()), fill_value=0)
    counts = counts[counts > 0].sort_values()
    ax.barh(counts.index, counts.values, color="#0072B2")
    ax.set(xlabel="lines removed", ylabel="rule", title=f"{title} (n = {len(audit):,} lines)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return ax


def plot_tone(tone: pd.DataFrame, colors: dict | None = None, ax=None, label: str = "outlet"):
    """Outlet (or article) tone table -> mean compound per row with its 95% interval and n."""
    ax = ax or plt.subplots(figsize=(7, 0.5 * len(tone) + 1.2))[1]
    if tone.empty:
        return empty_axes(ax, "Tone by outlet", "no sentence scored")
    y = np.arange(len(tone))
    err = np.vstack([tone["mean_compound"] - tone["ci_low"], tone["ci_high"] - tone["mean_compound"]])
    palette = colors_for(list(tone["outlet"]), colors)
    for i, row in enumerate(tone.itertuples()):
        ax.errorbar(row.mean_compound, i, xerr=err[:, i:i + 1], fmt="o", capsize=3, color=palette[i])
        ax.annotate(f"n = {row.n_sentences} sentences, {row.n_articles} article(s)",
                    (1.0, i), xycoords=("axes fraction", "data"), xytext=(5, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, tone[label])
    ax.set(xlabel="mean VADER compound per sentence (−1 negative … +1 positive)",
           title="Tone by outlet, with 95% bootstrap intervals")
    ax.invert_yaxis()
    return ax


def plot_sentence_tone(scored: pd.DataFrame, colors: dict | None = None, ax=None):
    """Scored sentences -> every sentence's compound score as a dot, one row per outlet."""
    ax = ax or plt.subplots(figsize=(7, 0.4 * scored["outlet"].nunique() + 1.5))[1]
    title = "Every sentence's tone"
    if scored.empty:
        return empty_axes(ax, title, "no sentence scored")
    order = sorted(scored["outlet"].unique())
    rng = np.random.default_rng(JITTER_SEED)       # seeded: the same data, the same picture
    for i, (outlet, color) in enumerate(zip(order, colors_for(order, colors))):
        x = scored.loc[scored["outlet"] == outlet, "compound"].to_numpy()
        ax.scatter(x, i + rng.uniform(-0.2, 0.2, len(x)), color=color, s=14, alpha=0.8)
    n = scored["outlet"].value_counts()
    ax.set_yticks(np.arange(len(order)), [f"{o} (n = {n[o]})" for o in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set(xlabel="VADER compound score of one sentence", ylabel="", title=title, xlim=(-1.05, 1.05))
    return ax


def plot_frames(prevalence: pd.DataFrame, ax=None):
    """Frame prevalence table -> heatmap of hits per 1,000 words, outlets by frames."""
    title = "Frame vocabulary per 1,000 words"
    if prevalence.empty:
        return empty_axes(ax or plt.subplots(figsize=(7, 2))[1], title, "no article selected")
    table = prevalence.pivot(index="outlet", columns="frame", values="per_1000")
    words = prevalence.groupby("outlet")["words"].first()
    table.index = [f"{o} (n = {words[o]:,} words)" for o in table.index]
    ax = ax or plt.subplots(figsize=(9, 0.5 * len(table) + 2))[1]
    sns.heatmap(table, annot=True, fmt=".1f", cmap="viridis", ax=ax,
                cbar_kws={"label": "hits per 1,000 words"})
    ax.set(xlabel="frame", ylabel="", title=title)
    ax.tick_params(axis="x", rotation=30)
    return ax


def plot_lexical_choice(choice: pd.DataFrame, concept: str, ax=None):
    """Lexical choice table and a concept -> stacked bars of each outlet's share per variant."""
    rows = choice[(choice["concept"] == concept) & (choice["n_mentions"] > 0)]
    used = rows.groupby("variant", sort=False)["count"].sum()
    shares = rows.pivot(index="outlet", columns="variant", values="share")
    shares = shares[[v for v in used.index if used[v] > 0]]
    n = rows.groupby("outlet")["n_mentions"].first()
    shares.index = [f"{o} (n = {n[o]})" for o in shares.index]
    ax = ax or plt.subplots(figsize=(7, 0.45 * len(shares) + 1.5))[1]
    title = f"Names used for {concept.replace('_', ' ')}"
    if shares.empty:
        ax.text(0.5, 0.5, "no outlet mentions this", ha="center", va="center", transform=ax.transAxes)
        ax.set(title=title, xticks=[], yticks=[])
        return ax
    shares.plot.barh(stacked=True, ax=ax, colormap="tab20c", width=0.7)
    ax.set(xlabel="share of the outlet's mentions", ylabel="", xlim=(0, 1), title=title)
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return ax


def event_label_levels(dates, span_days: float, gap: float = LABEL_GAP) -> list[int]:
    """Event dates (in order) and the time axis's span in days -> a row for each label, so
    that two labels closer than ``gap`` of the axis never share a row."""
    last: list[pd.Timestamp] = []
    levels = []
    for date in map(pd.Timestamp, dates):
        free = [i for i, prev in enumerate(last) if (date - prev).days >= gap * span_days]
        level = free[0] if free else len(last)
        last[level:level + 1] = [date]
        levels.append(level)
    return levels


def draw_events(ax, events: pd.DataFrame | None, first, last) -> int:
    """Axes, events (date and ``no``, else numbered 1, 2, ...) and the axis's first and last
    day -> numbered grey lines, labels stacked where they would touch; the rows of labels."""
    if events is None or events.empty:
        return 0
    numbers = events["no"] if "no" in events else range(1, len(events) + 1)
    dates = [pd.Timestamp(d) for d in events["date"]]
    span = max((pd.Timestamp(last) - pd.Timestamp(first)).days, 1)
    levels = event_label_levels(dates, span)
    for no, date, level in zip(numbers, dates, levels):
        x = mdates.date2num(date)
        ax.axvline(x, color="grey", lw=0.6, alpha=0.6, zorder=0)
        ax.annotate(str(no), (x, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2 + 9 * level),
                    textcoords="offset points", fontsize=7, ha="center", va="bottom", color="grey")
    return max(levels) + 1


def time_range(dates, start: str = "", end: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    """Dates and the start/end parameters -> the time axis's first and last day: the
    parameters where given, else the dates' own range (a day either side)."""
    known = pd.to_datetime(pd.Series(list(dates)), errors="coerce").dropna()
    first = pd.Timestamp(start) if start else (known.min() - pd.Timedelta(days=1) if len(known) else None)
    last = pd.Timestamp(end) + pd.Timedelta(days=1) if end else (
        known.max() + pd.Timedelta(days=1) if len(known) else None)
    first = first if first is not None else (last - pd.Timedelta(days=365) if last is not None
                                             else pd.Timestamp("2015-01-01"))
    last = last if last is not None else first + pd.Timedelta(days=365)
    return first, last


def axis_label(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """A time axis's first day and the day after its last -> "2016", "2015–2018" or the dates."""
    return period_label(str(first.date()), str((last - pd.Timedelta(days=1)).date()))


def plot_timeline(articles: pd.DataFrame, tone: pd.DataFrame, events: pd.DataFrame,
                  colors: dict | None = None, ax=None, *, start: str = "", end: str = ""):
    """Articles with their tone, and events -> tone over time; hollow markers for inferred
    dates. The axis runs from ``start`` to ``end`` where given (else the data's range)."""
    ax = ax or plt.subplots(figsize=(10, 4))[1]
    data = articles[articles["published"].notna()].merge(tone[["article_id", "mean_compound"]], on="article_id")
    names = sorted(data["outlet"].unique())
    palette = dict(zip(names, colors_for(names, colors)))
    for (outlet, printed), group in data.groupby(["outlet", data["date_source"] == "text"]):
        ax.scatter(group["published"], group["mean_compound"], s=60,
                   marker=DATE_MARKERS["text" if printed else "inferred"],
                   facecolors=palette[outlet] if printed else "none",
                   edgecolors=palette[outlet], linewidths=1.5,
                   label=f"{outlet}{'' if printed else ' (date inferred)'}")
    first, last = time_range(list(data["published"]) + list(events["date"]), start, end)
    ax.set_xlim(mdates.date2num(first), mdates.date2num(last))
    ax.set_ylim(-1.05, 1.05)
    rows = draw_events(ax, events, first, last)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.axhline(0, color="black", lw=0.6)
    ax.set(xlabel="publication date", ylabel="mean sentence tone (VADER compound)")
    ax.set_title(f"Tone of each article, {axis_label(first, last)} "
                 "(grey lines: numbered events)", pad=8 + 9 * rows)
    if data.empty:
        ax.text(0.5, 0.5, "no dated article in this range", ha="center", va="center",
                transform=ax.transAxes)
    else:
        ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return ax
