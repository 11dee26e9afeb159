"""Figures: one function per figure, each returning its matplotlib Axes.

Every outlet keeps one colour in every figure (``outlet_colors``, a colour-blind-safe
palette in registry order); every comparison of outlets shows its n.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from .clean import rule_descriptions

DATE_MARKERS = {"text": "o", "inferred": "D"}       # filled circle: printed; diamond: inferred


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


def _colors_for(names, colors: dict | None) -> list:
    """Outlet names -> their colours (from ``colors``, else one each in name order); grey for
    an outlet the mapping lacks."""
    colors = colors or outlet_colors(sorted(set(names)))
    return [colors.get(n, (0.5, 0.5, 0.5)) for n in names]


def plot_articles_per_outlet_year(articles: pd.DataFrame, colors: dict | None = None, ax=None):
    """Articles -> bar chart of articles per outlet, stacked by publication year."""
    ax = ax or plt.subplots(figsize=(7, 0.3 * articles["outlet"].nunique() + 1.5))[1]
    year = articles["published"].dt.year.map(lambda y: "undated" if pd.isna(y) else str(int(y)))
    counts = pd.crosstab(articles["outlet"], year)
    counts.plot.barh(stacked=True, ax=ax, colormap="cividis", width=0.7)
    ax.set(xlabel="articles", ylabel="", title="Articles per outlet and year")
    ax.legend(title="year", bbox_to_anchor=(1.01, 1), loc="upper left")
    return ax


def plot_lengths(articles: pd.DataFrame, colors: dict | None = None, ax=None):
    """Articles -> dot per article: words of raw text vs words kept after cleaning."""
    ax = ax or plt.subplots(figsize=(7, 3))[1]
    raw = articles["raw_text"].str.split().str.len()
    ax.scatter(raw, articles["n_words"], c=_colors_for(articles["outlet"], colors), s=40)
    top = max(raw.max(), 1) * 1.05
    ax.plot([0, top], [0, top], color="grey", lw=0.8, ls="--", label="nothing removed")
    ax.set(xlabel="words in the scraped text", ylabel="words kept in the body",
           title="Article length before and after cleaning", xlim=(0, top), ylim=(0, top))
    ax.legend(loc="upper left")
    return ax


def plot_audit(audit: pd.DataFrame, ax=None):
    """Cleaning audit -> horizontal bars of lines removed per rule."""
    ax = ax or plt.subplots(figsize=(7, 4))[1]
    counts = audit["rule"].value_counts().reindex(list(rule_descriptions()), fill_value=0)
    counts = counts[counts > 0].sort_values()
    ax.barh(counts.index, counts.values, color="#0072B2")
    ax.set(xlabel="lines removed", ylabel="rule", title="What cleaning removed, by rule")
    return ax


def plot_tone(tone: pd.DataFrame, colors: dict | None = None, ax=None, label: str = "outlet"):
    """Outlet (or article) tone table -> mean compound per row with its 95% interval and n."""
    ax = ax or plt.subplots(figsize=(7, 0.5 * len(tone) + 1.2))[1]
    y = np.arange(len(tone))
    err = np.vstack([tone["mean_compound"] - tone["ci_low"], tone["ci_high"] - tone["mean_compound"]])
    palette = _colors_for(list(tone["outlet"]), colors)
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
    order = sorted(scored["outlet"].unique())
    sns.stripplot(data=scored, x="compound", y="outlet", hue="outlet", order=order, ax=ax,
                  palette=dict(zip(order, _colors_for(order, colors))), legend=False, jitter=0.2)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set(xlabel="VADER compound score of one sentence", ylabel="",
           title="Every sentence's tone", xlim=(-1.05, 1.05))
    return ax


def plot_frames(prevalence: pd.DataFrame, ax=None):
    """Frame prevalence table -> heatmap of hits per 1,000 words, outlets by frames."""
    table = prevalence.pivot(index="outlet", columns="frame", values="per_1000")
    words = prevalence.groupby("outlet")["words"].first()
    table.index = [f"{o} (n = {words[o]:,} words)" for o in table.index]
    ax = ax or plt.subplots(figsize=(9, 0.5 * len(table) + 2))[1]
    sns.heatmap(table, annot=True, fmt=".1f", cmap="viridis", ax=ax,
                cbar_kws={"label": "hits per 1,000 words"})
    ax.set(xlabel="frame", ylabel="", title="Frame vocabulary per 1,000 words")
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


def plot_timeline(articles: pd.DataFrame, tone: pd.DataFrame, events: pd.DataFrame,
                  colors: dict | None = None, ax=None):
    """Articles with their tone, and events -> tone over time; hollow markers for inferred dates."""
    ax = ax or plt.subplots(figsize=(10, 4))[1]
    data = articles[articles["published"].notna()].merge(tone[["article_id", "mean_compound"]], on="article_id")
    names = sorted(data["outlet"].unique())
    palette = dict(zip(names, _colors_for(names, colors)))
    for (outlet, printed), group in data.groupby(["outlet", data["date_source"] == "text"]):
        ax.scatter(group["published"], group["mean_compound"], s=60,
                   marker=DATE_MARKERS["text" if printed else "inferred"],
                   facecolors=palette[outlet] if printed else "none",
                   edgecolors=palette[outlet], linewidths=1.5,
                   label=f"{outlet}{'' if printed else ' (date inferred)'}")
    for i, event in enumerate(events.itertuples(), start=1):
        ax.axvline(event.date, color="grey", lw=0.6, alpha=0.6)
        ax.annotate(str(i), (event.date, 1.0), xycoords=("data", "axes fraction"),
                    fontsize=7, ha="center", va="bottom", color="grey")
    ax.axhline(0, color="black", lw=0.6)
    ax.set(xlabel="publication date", ylabel="mean sentence tone (VADER compound)",
           title="Tone of each article over time (grey lines: numbered events)\n")
    if data.empty:
        ax.text(0.5, 0.5, "no dated article in this range", ha="center", va="center",
                transform=ax.transAxes)
    else:
        ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return ax
