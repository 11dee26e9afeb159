"""Figures for the validation notebook: one function per figure, each returning its Axes.

Same conventions as ``helpers.figures.plots``: a title that says what is shown, labelled axes,
and the n behind the figure.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns


def plot_confusion(confusion_table: pd.DataFrame, measure: str = "measure", ax=None):
    """confusion() table -> heatmap of units per human label (rows) and measure label
    (columns), each cell annotated with its count; the diagonal is agreement.

    ``measure`` names the measure in the title and axis label (e.g. "vader").
    """
    rows = list(dict.fromkeys(confusion_table["human"]))
    columns = list(dict.fromkeys(confusion_table["measure"]))
    table = (confusion_table.pivot_table(index="human", columns="measure", values="n", aggfunc="sum",
                                         fill_value=0)
             .reindex(index=rows, columns=columns, fill_value=0))
    n = int(confusion_table["n"].sum())
    agreed = int(sum(table.at[label, label] for label in rows if label in table.columns))
    ax = ax or plt.subplots(figsize=(0.9 * len(columns) + 3, 0.6 * len(rows) + 2))[1]
    sns.heatmap(table, annot=True, fmt="d", cmap="Blues", cbar_kws={"label": "units"}, ax=ax,
                linewidths=0.5, linecolor="white")
    ax.set(xlabel=f"label from {measure}", ylabel="human label (majority of coders)",
           title=f"Human codes against {measure}: {agreed} of {n} units agree")
    ax.tick_params(axis="x", rotation=30)
    ax.tick_params(axis="y", rotation=0)
    return ax
