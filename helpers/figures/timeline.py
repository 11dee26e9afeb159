"""Figures for the timeline notebook: one function per figure, each returning its Axes.

Same conventions as ``helpers.figures.plots``: an outlet keeps its colour (``outlet_colors``, pass
``colors``), every comparison shows its n, inferred dates are told apart from printed
ones (hatched bars here; hollow diamonds in ``plot_timeline``).
"""
from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from helpers.figures.plots import axis_label, draw_events, empty_axes, outlet_colors, time_range
from helpers.measures.timeline import FREQUENCIES

INFERRED_HATCH = "///"


def _palette(names, colors: dict | None) -> dict:
    """Outlet names -> {name: colour}: from ``colors``, else one each in name order; grey
    for an outlet the mapping lacks."""
    colors = colors or outlet_colors(sorted(set(names)))
    return {n: colors.get(n, (0.5, 0.5, 0.5)) for n in names}


def plot_counts_over_time(timeline_table: pd.DataFrame, events: pd.DataFrame | None = None, *,
                          freq: str = "quarter", n_undated: int | None = None,
                          colors: dict | None = None, ax=None, start: str = "", end: str = ""):
    """timeline() table -> stacked bars of articles per period by outlet; the part of each
    bar whose dates were inferred is hatched; events as numbered grey lines.

    ``freq`` must be the one the table was made with (it sets the bar widths);
    ``n_undated`` (e.g. from ``date_provenance``) is written under the title: those
    articles cannot be placed on the axis. The axis runs from ``start`` to ``end`` where
    given, else over the table's periods.
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {', '.join(FREQUENCIES)}, not {freq!r}")
    ax = ax or plt.subplots(figsize=(10, 4))[1]
    outlets = sorted(timeline_table["outlet"].unique())
    palette = _palette(outlets, colors)
    periods = sorted(timeline_table["period"].unique())
    left = {p: mdates.date2num(pd.Timestamp(p)) for p in periods}
    width = {p: 0.85 * ((pd.Period(p, FREQUENCIES[freq]).end_time - pd.Timestamp(p)).days + 1)
             for p in periods}
    bottom = dict.fromkeys(periods, 0.0)
    for outlet in outlets:
        rows = timeline_table[timeline_table["outlet"] == outlet]
        for part, hatched in (("printed", False), ("inferred", True)):
            heights = rows["n_inferred"] if hatched else rows["n_articles"] - rows["n_inferred"]
            keep = heights.to_numpy() > 0
            if not keep.any():
                continue
            ps = list(rows["period"][keep])
            ax.bar([left[p] for p in ps], heights[keep], width=[width[p] for p in ps],
                   bottom=[bottom[p] for p in ps], align="edge", color=palette[outlet],
                   alpha=0.5 if hatched else 1.0, hatch=INFERRED_HATCH if hatched else None,
                   edgecolor=palette[outlet] if hatched else "white", linewidth=0.8,
                   label=f"{outlet} ({part})")
            for p, h in zip(ps, heights[keep]):
                bottom[p] += h
    ends = [pd.Period(p, FREQUENCIES[freq]).end_time.normalize() for p in periods]
    first, last = time_range(list(periods) + ends + ([] if events is None else list(events["date"])),
                             start, end)
    ax.set_xlim(mdates.date2num(first), mdates.date2num(last))
    rows = draw_events(ax, events, first, last)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    total, inferred = int(timeline_table["n_articles"].sum()), int(timeline_table["n_inferred"].sum())
    note = f"n = {total} dated article(s), {inferred} with inferred dates (hatched)"
    if n_undated is not None:
        note += f"; {n_undated} undated, not shown"
    ax.set(xlabel=f"{freq} of publication", ylabel="articles")
    ax.set_title(f"Articles per {freq} and outlet, {axis_label(first, last)} "
                 f"(grey lines: numbered events)\n{note}", pad=8 + 9 * rows)
    if timeline_table.empty:
        ax.set_ylim(0, 1)
        ax.text(0.5, 0.5, "no dated article in this range", ha="center", va="center", transform=ax.transAxes)
    else:
        handles = [Patch(color=palette[o], label=o) for o in outlets]
        handles.append(Patch(facecolor="white", edgecolor="grey", hatch=INFERRED_HATCH, label="date inferred"))
        ax.legend(handles=handles, bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return ax


SIDE_STYLE = {"before": {"marker": "o", "offset": -0.15}, "after": {"marker": "s", "offset": 0.15}}


def plot_event_window(window_table: pd.DataFrame, colors: dict | None = None, ax=None):
    """event_window() table -> each outlet's mean sentence tone before (hollow circle) and
    after (filled square) the event, with 95% bootstrap intervals and n per side."""
    table = window_table[window_table["side"].isin(list(SIDE_STYLE))]
    outlets = sorted(table["outlet"].unique())
    palette = _palette(outlets, colors)
    ax = ax or plt.subplots(figsize=(8, 0.8 * len(outlets) + 1.5))[1]
    for i, outlet in enumerate(outlets):
        for side, style in SIDE_STYLE.items():
            row = table[(table["outlet"] == outlet) & (table["side"] == side)].iloc[0]
            y = i + style["offset"]
            if row["n_sentences"] > 0:
                err = np.array([[row["mean_compound"] - row["ci_low"]], [row["ci_high"] - row["mean_compound"]]])
                ax.errorbar(row["mean_compound"], y, xerr=None if np.isnan(err).any() else err,
                            fmt=style["marker"], capsize=3, color=palette[outlet],
                            mfc=palette[outlet] if side == "after" else "white", label=f"{outlet} {side}")
            text = (f"{side}: n = {row['n_sentences']} sentences, {row['n_articles']} article(s)"
                    + (f", {row['n_inferred']} inferred date(s)" if row["n_inferred"] else ""))
            ax.annotate(text, (1.0, y), xycoords=("axes fraction", "data"), xytext=(5, 0),
                        textcoords="offset points", va="center", fontsize=8)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(np.arange(len(outlets)), outlets)
    ax.set_ylim(max(len(outlets), 1) - 0.5, -0.5)      # one empty row when there is no outlet
    title = "Tone before and after the event"
    if len(table):
        before = table[table["side"] == "before"].iloc[0]
        event = table[table["side"] == "after"]["first_day"].iloc[0]
        days = (before["last_day"] - before["first_day"]).days + 1
        title = f"Tone in the {days} days before and from {event:%Y-%m-%d} on"
    else:
        ax.text(0.5, 0.5, "no dated article in this window", ha="center", va="center", transform=ax.transAxes)
    ax.set(xlabel="mean VADER compound per sentence (−1 negative … +1 positive)",
           title=f"{title}\n(hollow circle: before; filled square: after; 95% bootstrap intervals)")
    return ax


