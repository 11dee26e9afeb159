"""Figures for distinctive words, voices and agencies: one function per figure.

Small multiples (one panel per outlet) return the array of their Axes, one per panel in
group order; single-panel figures return their Axes. Every panel's title carries its n.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator

from helpers.figures.plots import outlet_colors
from helpers.measures.voices import KINDS, UNRESOLVED, load_agencies, load_people

Z_BAR = 1.96                     # |z| beyond this: the usual two-sided 5% bar
KIND_COLORS = dict(zip(KINDS, sns.color_palette("colorblind")[:3]))


def _panels(n_panels: int, width: float, height: float, ncols: int = 3) -> np.ndarray:
    """Number of panels and each one's size -> a flat array of that many Axes (rest hidden)."""
    ncols = max(1, min(ncols, n_panels))
    nrows = max(1, math.ceil(n_panels / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False)
    axes = axes.ravel()
    for ax in axes[max(n_panels, 1):]:      # no panel: keep one, for the message saying so
        fig.delaxes(ax)
    return axes[:max(n_panels, 1)]


def _empty(ax, title: str, message: str):
    """An Axes -> the same, titled, with a message in place of data."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set(title=title, xticks=[], yticks=[], xlabel="")
    return ax


def plot_keyness(table: pd.DataFrame, n: int = 10, colors: dict | None = None) -> np.ndarray:
    """Keyness table -> one panel per group: its top-n words by z as horizontal bars, the
    group's word count in the title, dashed lines at z = ±1.96."""
    by = table.columns[0]
    groups = list(dict.fromkeys(table[by]))
    top_rows = max(min(n, int(table.groupby(by).size().max())) if len(table) else 1, 1)
    axes = _panels(len(groups), 4.2, 0.28 * top_rows + 1.4)
    if not groups:
        return np.array([_empty(axes[0], "Distinctive words", "no words to show")])
    palette = colors or (outlet_colors(sorted(groups)) if by == "outlet" else {})
    for ax, group in zip(axes, groups):
        rows = table[table[by] == group].nlargest(n, "z").iloc[::-1]
        ax.barh(rows["word"], rows["z"], color=palette.get(group, "#0072B2"))
        for x in (Z_BAR, -Z_BAR):
            ax.axvline(x, color="grey", lw=0.8, ls="--")
        ax.axvline(0, color="black", lw=0.6)
        ax.set(title=f"{group}\n(n = {int(rows['n_words'].iloc[0]) if len(rows) else 0:,} words)",
               xlabel="z of weighted log-odds vs the rest")
        ax.tick_params(axis="y", labelsize=8)
    axes[0].figure.suptitle(f"Distinctive words per {by} (Monroe et al. 2008, informative prior)")
    axes[0].figure.tight_layout()
    return axes


def _names() -> dict[str, str]:
    """Speaker ids -> display names, from the people and agency registries."""
    people, agencies = load_people(), load_agencies()
    return {**dict(zip(people["id"], people["name"])),
            **dict(zip(agencies["id"], agencies["name"]))}


def plot_voices(counts: pd.DataFrame, n: int = 10) -> np.ndarray:
    """Voice counts (outlet, speaker_id, kind, n) -> one panel per outlet: its n most
    mentioned speakers, bars stacked by kind, the outlet's mentions in the title."""
    outlets = sorted(counts["outlet"].unique())
    wide = counts.pivot_table(index=["outlet", "speaker_id"], columns="kind", values="n",
                              aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=[k for k in KINDS if k in wide.columns])
    axes = _panels(len(outlets), 4.6, 0.3 * n + 1.6)
    if not outlets:
        return np.array([_empty(axes[0], "Voices", "no voices found")])
    names = _names() | {UNRESOLVED: UNRESOLVED}
    for i, (ax, outlet) in enumerate(zip(axes, outlets)):
        mine = wide.loc[outlet]
        order = mine.sum(axis=1).sort_values(ascending=False, kind="stable").index[:n]
        mine = mine.loc[order].iloc[::-1]
        left = np.zeros(len(mine))
        labels = [names.get(s, s) for s in mine.index]
        for kind in mine.columns:
            ax.barh(labels, mine[kind], left=left, color=KIND_COLORS[kind], label=kind)
            left += mine[kind].to_numpy()
        total = int(counts.loc[counts["outlet"] == outlet, "n"].sum())
        ax.set(title=f"{outlet}\n(n = {total} mentions)", xlabel="mentions")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="y", labelsize=8)
        if i == 0:
            ax.legend(fontsize=7, loc="lower right")
    axes[0].figure.suptitle("Who is quoted, paraphrased or cited, per outlet")
    axes[0].figure.tight_layout()
    return axes


def plot_agencies(agency_table: pd.DataFrame, ax=None):
    """Agency counts (outlet, agency, n, n_articles) -> heatmap of citations, outlets by
    agencies, each outlet's number of citations (n) in its label."""
    ax = ax or plt.subplots(figsize=(7, 0.5 * max(agency_table["outlet"].nunique(), 1) + 2))[1]
    title = "News agencies cited as sources"
    if agency_table.empty:
        return _empty(ax, title, "no agency cited")
    grid = agency_table.pivot_table(index="outlet", columns="agency", values="n", aggfunc="sum",
                                    fill_value=0)
    totals = agency_table.groupby("outlet")["n"].sum()
    grid.index = [f"{o} (n = {totals[o]} citations)" for o in grid.index]
    sns.heatmap(grid, annot=True, fmt="d", cmap="Blues", cbar=False, ax=ax, linewidths=0.5)
    ax.set(title=title, xlabel="agency", ylabel="")
    return ax
