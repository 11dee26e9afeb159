"""Figures for tone versus topic, tone toward actors and the words behind the scores.

The conventions of ``helpers.figures.plots``: one function per figure, each returning its
matplotlib Axes; an outlet keeps its colour (``outlet_colors``); every comparison shows n.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import Rectangle

from helpers.figures.plots import colors_for, empty_axes

MIN_MENTIONS = 3        # heatmap cells with fewer mentions are hatched, not coloured
TONE_LIMIT = 0.5        # colour scale of the actor heatmap: -0.5 ... +0.5 unless data go further


def plot_tone_vs_topic(tone: pd.DataFrame, colors: dict | None = None, ax=None):
    """Outlet tone table -> per outlet mean compound (filled) beside mean_no_topic (hollow),
    each with its 95% interval and n: the gap is the tone carried by the war's vocabulary."""
    ax = ax or plt.subplots(figsize=(7, 0.6 * len(tone) + 1.4))[1]
    if tone.empty:
        return empty_axes(ax, "Tone with and without the vocabulary of war", "no sentence scored")
    palette = colors_for(list(tone["outlet"]), colors)
    for i, row in enumerate(tone.itertuples()):
        for value, low, high, offset, face in (
                (row.mean_compound, row.ci_low, row.ci_high, -0.12, palette[i]),
                (row.mean_no_topic, row.ci_low_no_topic, row.ci_high_no_topic, 0.12, "white")):
            err = None if np.isnan(low) else [[value - low], [high - value]]
            ax.errorbar(value, i + offset, xerr=err, fmt="o", capsize=3, color=palette[i],
                        markerfacecolor=face, markeredgecolor=palette[i])
        ax.annotate(f"n = {row.n_sentences} sentences, {row.n_articles} article(s)",
                    (1.0, i), xycoords=("axes fraction", "data"), xytext=(5, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(np.arange(len(tone)), tone["outlet"])
    ax.plot([], [], "o", color="grey", label="all words (compound)")
    ax.plot([], [], "o", color="grey", markerfacecolor="white", label="conflict words neutralised")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.18), ncol=2, fontsize=8, frameon=False)
    ax.set(xlabel="mean VADER compound per sentence (−1 negative … +1 positive)",
           title="Tone with and without the vocabulary of war (95% bootstrap intervals)")
    ax.invert_yaxis()
    return ax


def plot_actor_heatmap(actor_tone_table: pd.DataFrame, min_n: int = MIN_MENTIONS,
                       actors: list[str] | None = None, ax=None):
    """Actor tone table -> outlets × actors heatmap of mean tone toward each actor, every cell
    annotated with its n; cells with fewer than ``min_n`` mentions hatched and uncoloured.

    Diverging colours centred at 0 (red negative, blue positive). ``actors`` orders the
    columns (default: the order of first appearance in the table).
    """
    table = actor_tone_table
    if table.empty:
        return empty_axes(ax or plt.subplots(figsize=(7, 2))[1], "Tone toward each actor", "no actor mentioned")
    order = actors or list(dict.fromkeys(table["actor"]))
    mean = table.pivot(index="outlet", columns="actor", values="mean_tone").reindex(columns=order)
    n = (table.pivot(index="outlet", columns="actor", values="n_mentions")
         .reindex(index=mean.index, columns=order).fillna(0).astype(int))
    shown = mean.where(n >= min_n)
    totals = n.sum(axis=1)
    labels = [f"{o} (n = {totals[o]} mentions)" for o in mean.index]
    counts = n.map(lambda k: f"n={k}")
    annot = np.where(n >= min_n, shown.map(lambda v: f"{v:+.2f}") + "\n" + counts,
                     np.where(n > 0, counts, ""))
    ax = ax or plt.subplots(figsize=(1.0 * len(order) + 3, 0.55 * len(mean) + 2))[1]
    finite = shown.abs().max().max()
    limit = max(TONE_LIMIT, float(finite)) if pd.notna(finite) else TONE_LIMIT
    sns.heatmap(shown, ax=ax, cmap="RdBu", center=0, vmin=-limit, vmax=limit, annot=annot,
                fmt="", annot_kws={"fontsize": 8}, linewidths=0.5, linecolor="white",
                cbar_kws={"label": "mean tone toward the actor (target_sentiment)"},
                yticklabels=labels)
    for i, j in zip(*np.nonzero((n < min_n).to_numpy())):
        ax.add_patch(Rectangle((j, i), 1, 1, fill=False, hatch="///", edgecolor="lightgrey", lw=0))
        if n.iat[i, j] > 0:             # the annotation of a masked cell is not drawn: add it
            ax.text(j + 0.5, i + 0.5, f"n={n.iat[i, j]}", ha="center", va="center",
                    fontsize=8, color="dimgrey")
    ax.set(xlabel="actor", ylabel="",
           title=f"Tone toward each actor, by outlet (hatched: fewer than {min_n} mentions)")
    ax.tick_params(axis="x", rotation=30)
    return ax


def plot_drivers(drivers: pd.DataFrame, outlet: str | None = None, ax=None):
    """Drivers table (``sentiment_drivers``) and an outlet -> horizontal bars of the words that
    pushed its scores down (left) and up (right), each labelled with its count.

    ``outlet`` may be left out when the table holds one outlet; words that are conflict terms
    (neutralised in compound_no_topic) are hatched.
    """
    outlets = list(dict.fromkeys(drivers["outlet"]))
    if outlet is None:
        if len(outlets) != 1:
            raise ValueError(f"drivers hold {len(outlets)} outlets; pass outlet= one of {outlets}")
        outlet = outlets[0]
    rows = drivers[drivers["outlet"] == outlet]
    if rows.empty:
        raise ValueError(f"no drivers for outlet {outlet!r}; outlets: {outlets}")
    rows = pd.concat([rows[rows["direction"] == "negative"].sort_values("rank", ascending=False),
                      rows[rows["direction"] == "positive"].sort_values("rank")])
    ax = ax or plt.subplots(figsize=(7, 0.28 * len(rows) + 1.5))[1]
    colors = np.where(rows["contribution"] < 0, "#D55E00", "#0072B2")
    bars = ax.barh(np.arange(len(rows)), rows["contribution"], color=colors)
    for bar, conflict in zip(bars, rows["conflict_term"]):
        if conflict:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    for i, row in enumerate(rows.itertuples()):
        right = row.contribution > 0
        ax.annotate(f"×{row.count}", (row.contribution, i), xytext=(3 if right else -3, 0),
                    textcoords="offset points", va="center", fontsize=7,
                    ha="left" if right else "right")
    ax.set_yticks(np.arange(len(rows)), rows["word"])
    ax.axvline(0, color="grey", lw=0.8)
    n_sentences = int(rows["n_sentences"].iloc[0])
    ax.set(xlabel="contribution = VADER valence × occurrences (hatched: conflict term)",
           title=f"Words behind {outlet}'s tone (n = {n_sentences} sentences)")
    ax.margins(x=0.15)
    return ax
