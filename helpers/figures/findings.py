"""What a report found, in sentences: each built from the tables a notebook computes.

Every ``*_findings`` function takes those tables and returns a list of sentences, each with
its n and, where there is one, its 95% interval, and the caveat that applies (an outlet
with one article describes an article; overlapping intervals are not a difference).
``show_findings`` renders them under the report's title and a ``## Findings`` heading,
with every sentence escaped (outlet names and titles are untrusted text).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import Markdown

from helpers.measures.tone import MIN_ARTICLES
from helpers.measures.stats import wilson_interval
from helpers.figures.tables import format_number, period_label

# Markdown's punctuation that could start a link, emphasis, code or a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def escape_markdown(text: str) -> str:
    """Any text -> the same, safe in Markdown: HTML characters escaped, Markdown's
    punctuation backslashed, line breaks made spaces."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False))


def show_findings(sentences: list[str], title: str | None = None) -> Markdown:
    """Sentences (and the report's title) -> Markdown: ``# title``, ``## Findings`` and one
    bullet per sentence, every piece escaped."""
    head = f"# {escape_markdown(title)}\n\n" if title else ""
    items = "\n".join(f"- {escape_markdown(s)}" for s in sentences) or "- Nothing to report."
    return Markdown(f"{head}## Findings\n\n{items}\n")


def number(value: float, decimals: int = 2) -> str:
    """A number -> rounded text with a true minus sign ("−0.31"); "—" when missing."""
    return format_number(value, decimals).replace("-", "−")


def interval(low: float, high: float, decimals: int = 2) -> str:
    """Interval bounds -> "95% interval −0.52 to −0.09", or a note that there is none."""
    if pd.isna(low) or pd.isna(high):
        return "no interval: too few units"
    return f"95% interval {number(low, decimals)} to {number(high, decimals)}"


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two intervals (low, high) -> True if they share a point (or either is missing)."""
    if any(pd.isna(x) for x in (*a, *b)):
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    """A count and a noun -> "1 article" / "3 articles" (thousands separated)."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def report_title(subject: str, outlets: list[str] | None = None, start: str = "", end: str = "") -> str:
    """A report's subject and its parameters -> its title ("Timeline, 2016: Press TV")."""
    when = period_label(start, end)
    title = f"{subject}, {when}" if when else subject
    return f"{title}: {', '.join(outlets)}" if outlets else title


def selection_findings(articles: pd.DataFrame, outlets: list[str] | None = None,
                       start: str = "", end: str = "") -> list[str]:
    """The selected articles and the parameters -> sentences on what cannot be shown (start
    after end, nothing selected, one outlet); empty when the selection is usable."""
    said = []
    if start and end and pd.Timestamp(start) > pd.Timestamp(end):
        said.append(f"The start date ({start}) is after the end date ({end}): no article can be "
                    "selected. Swap them in the parameters.")
    if articles.empty:
        chosen = f"outlets {', '.join(outlets)}" if outlets else "any outlet"
        when = period_label(start, end) or "any date"
        said.append(f"No article matches this selection ({chosen}, {when}): the tables below are "
                    "empty and no figure can be drawn.")
    elif articles["outlet"].nunique() == 1:
        said.append(f"The selection holds one outlet ({articles['outlet'].iloc[0]}): "
                    "there is no other outlet to compare it with.")
    return said


def _single_article_caveat(n_articles: pd.Series) -> str | None:
    """Articles per outlet -> the caveat for outlets with one article (None if none has)."""
    single = int((n_articles == 1).sum())
    if single == 0:
        return None
    if single == len(n_articles):
        return ("Every outlet here has a single article: each figure describes that article, "
                "not the outlet's coverage.")
    return (f"{single} of {len(n_articles)} outlets have a single article: their figures "
            "describe that article, not the outlet's coverage.")


def corpus_findings(articles: pd.DataFrame, audit: pd.DataFrame) -> list[str]:
    """Articles (flagged for duplicates) and the cleaning audit -> sentences on what the
    selection holds, its dates, what cleaning removed and how much copy repeats."""
    if articles.empty:
        return []
    dated = articles["published"].dropna()
    years = sorted(dated.dt.year.unique())
    span = ("undated" if not years else str(years[0]) if len(years) == 1
            else f"published {years[0]}–{years[-1]}")
    undated = len(articles) - len(dated)
    inferred = int(((articles["date_source"] != "text") & articles["published"].notna()).sum())
    said = [f"The selection holds {_plural(len(articles), 'article')} from "
            f"{_plural(articles['outlet'].nunique(), 'outlet')}, {span}"
            + (f"; {_plural(undated, 'article')} {'carries' if undated == 1 else 'carry'} no date"
               if undated and years else "") + "."]
    if inferred:
        said.append(f"{_plural(inferred, 'date')} of {len(dated)} were inferred, not printed in the "
                    "article: read them as approximate.")
    raw_words = int(articles["raw_text"].str.split().str.len().sum())
    kept = int(articles["n_words"].sum())
    if len(audit):
        top = audit["rule"].value_counts()
        share = 100 * (raw_words - kept) / raw_words if raw_words else 0.0
        said.append(f"Cleaning removed {_plural(len(audit), 'line')} ({number(share, 0)}% of "
                    f"{raw_words:,} scraped words); the rule that removed most was "
                    f"{top.index[0]} ({_plural(int(top.iloc[0]), 'line')}).")
    copies = int(articles["duplicate_kind"].isin(["exact", "near"]).sum())
    said.append(f"{_plural(copies, 'article')} {'repeats' if copies == 1 else 'repeat'} another's "
                "text (exact or near copies): "
                f"{_plural(int(articles['story_id'].nunique()), 'distinct story', 'distinct stories')}.")
    if caveat := _single_article_caveat(articles.groupby("outlet").size()):
        said.append(caveat)
    return said


def _tone_phrase(row) -> str:
    """A tone table row -> "mean compound −0.31 (95% interval …; n = 17 sentences in 1 article)"."""
    return (f"mean compound {number(row.mean_compound)} ({interval(row.ci_low, row.ci_high)}; "
            f"n = {_plural(int(row.n_sentences), 'sentence')} in {_plural(int(row.n_articles), 'article')})")


def tone_findings(tone: pd.DataFrame, min_articles: int = MIN_ARTICLES) -> list[str]:
    """Outlet tone table (``outlet_tone``) -> sentences: the most negative and most positive
    outlet with n and interval, whether their intervals overlap, tone without the war's
    vocabulary, and the caveat on outlets with few articles."""
    if tone.empty:
        return ["No sentence was scored, so no tone can be reported."]
    ranked = tone.sort_values("mean_compound", kind="stable")
    low, high = ranked.iloc[0], ranked.iloc[-1]
    if len(tone) == 1:
        said = [f"{low.outlet}: {_tone_phrase(low)}."]
    else:
        said = [f"{low.outlet} reads most negative: {_tone_phrase(low)}.",
                f"{high.outlet} reads most positive: {_tone_phrase(high)}."]
        if overlaps((low.ci_low, low.ci_high), (high.ci_low, high.ci_high)):
            said.append("Their intervals overlap: the data do not show a difference in tone "
                        "between them.")
        else:
            said.append("Their intervals do not overlap, a difference between these sentences; "
                        "sentences of one article are not independent, so the intervals are too narrow.")
    if "mean_no_topic" in tone:
        lifted = int((tone["mean_no_topic"] > tone["mean_compound"]).sum())
        gap = float((tone["mean_no_topic"] - tone["mean_compound"]).mean())
        said.append(f"With the conflict vocabulary given no valence, {lifted} of "
                    f"{len(tone)} outlet(s) read less negative (by {number(gap)} on "
                    "average): that part of the tone is the war's topic, not a stance.")
    few = int((tone["n_articles"] < min_articles).sum())
    if caveat := _single_article_caveat(tone.set_index("outlet")["n_articles"]):
        said.append(caveat)
    elif few:
        said.append(f"{few} of {len(tone)} outlet(s) have fewer than {min_articles} articles: "
                    "read their figures as those few articles', not the outlet's.")
    return said


def framing_findings(prevalence: pd.DataFrame) -> list[str]:
    """Frame prevalence table (``frame_prevalence``) -> sentences: the commonest frame overall,
    the highest rate of any outlet with its interval and n, whether that interval sets it
    apart from the other outlets, and the single-article caveat."""
    if prevalence.empty or prevalence["hits"].sum() == 0:
        return ["No frame term was found in the selected articles."]
    words = int(prevalence.groupby("outlet")["words"].first().sum())
    overall = prevalence.groupby("frame", sort=False)["hits"].sum().sort_values(ascending=False, kind="stable")
    frame, hits = overall.index[0], int(overall.iloc[0])
    said = [f"The commonest frame is {frame.replace('_', ' ')}: {_plural(hits, 'hit')} in "
            f"{words:,} words ({number(1000 * hits / words, 1)} per 1,000 words) across "
            f"{_plural(prevalence['outlet'].nunique(), 'outlet')}."]
    top = prevalence.sort_values("per_1000", ascending=False, kind="stable").iloc[0]
    said.append(f"The highest rate is {top.frame.replace('_', ' ')} in {top.outlet}: "
                f"{number(top.per_1000, 1)} per 1,000 words ({interval(top.ci_low, top.ci_high, 1)}; "
                f"n = {int(top.words):,} words in {_plural(int(top.n_articles), 'article')}).")
    others = prevalence[(prevalence["frame"] == top.frame) & (prevalence["outlet"] != top.outlet)]
    if len(others):
        apart = [o.outlet for o in others.itertuples()
                 if not overlaps((top.ci_low, top.ci_high), (o.ci_low, o.ci_high))]
        said.append(f"Its interval overlaps those of {len(others) - len(apart)} of {len(others)} other "
                    "outlets for this frame: overlapping intervals are not a difference."
                    if len(apart) < len(others) else
                    f"Its interval overlaps no other outlet's for this frame ({len(others)} compared).")
    if caveat := _single_article_caveat(prevalence.groupby("outlet")["n_articles"].first()):
        said.append(caveat)
    said.append("A dictionary counts words, not meaning: a term inside a quotation counts the same "
                "as the outlet's own words.")
    return said


def timeline_findings(per_period: pd.DataFrame, window: pd.DataFrame, *, freq: str, event: str,
                      days: int, n_undated: int = 0) -> list[str]:
    """timeline() and event_window() tables and their parameters -> sentences: how many
    articles are placed and how, the busiest period, and the tone before and after the event
    for every outlet with articles on both sides (with intervals and n)."""
    placed, inferred = int(per_period["n_articles"].sum()), int(per_period["n_inferred"].sum())
    if placed == 0:
        said = ["No dated article falls in this range: nothing can be placed on the axis."]
    else:
        said = [f"{_plural(placed, 'dated article')} {'is' if placed == 1 else 'are'} placed on the "
                f"axis, {inferred} with an inferred date (approximate)."]
        busiest = per_period.groupby("period")["n_articles"].sum().sort_values(ascending=False, kind="stable")
        when = pd.Timestamp(busiest.index[0])
        label = {"year": f"{when:%Y}", "quarter": f"{when:%Y} Q{when.quarter}", "month": f"{when:%B %Y}",
                 "week": f"the week of {when:%Y-%m-%d}"}[freq]
        said.append(f"The busiest {freq} is {label}, with "
                    f"{_plural(int(busiest.iloc[0]), 'article')}.")
    if n_undated:
        said.append(f"{_plural(n_undated, 'article')} {'carries' if n_undated == 1 else 'carry'} no date "
                    "and cannot be placed.")
    sides = window[window["side"].isin(["before", "after"])]
    both = [o for o, g in sides.groupby("outlet") if (g["n_articles"] > 0).all() and len(g) == 2]
    if sides.empty or sides["n_articles"].sum() == 0:
        said.append(f"No dated article falls within {days} days of the event ({event}): "
                    "nothing to compare before and after.")
    elif not both:
        said.append(f"No outlet has articles on both sides of {event} (±{days} days): its articles "
                    "fall on one side only, so before and after cannot be compared.")
    for outlet in both[:3]:
        g = sides[sides["outlet"] == outlet].set_index("side")
        b, a = g.loc["before"], g.loc["after"]
        verdict = ("the intervals overlap: no change shown" if overlaps((b.ci_low, b.ci_high), (a.ci_low, a.ci_high))
                   else "the intervals do not overlap")
        said.append(f"{outlet} around {event}: {number(b.mean_compound)} before "
                    f"({interval(b.ci_low, b.ci_high)}; n = {int(b.n_sentences)} sentences) and "
                    f"{number(a.mean_compound)} after ({interval(a.ci_low, a.ci_high)}; "
                    f"n = {int(a.n_sentences)} sentences); {verdict}.")
    if placed and (caveat := _single_article_caveat(per_period.groupby("outlet")["n_articles"].sum())):
        said.append(caveat)
    return said


def validation_findings(agreement: pd.DataFrame, measures: pd.DataFrame, *, example: bool) -> list[str]:
    """coder_agreement() and measure_agreement() tables, and whether they come from the
    shipped example -> sentences: agreement between people (alpha, n) and between people
    and VADER and the dictionary (accuracy with a Wilson interval, macro-F1, n)."""
    said = []
    if example:
        said.append("These figures come from the shipped EXAMPLE coding of the seed articles, made "
                    "to show the method: they are not a validation of this corpus.")
    for row in agreement.itertuples():
        if pd.isna(row.alpha):
            said.append(f"Agreement between coders on {row.variable}: no alpha ({row.note}).")
        else:
            said.append(f"Agreement between coders on {row.variable}: Krippendorff's alpha "
                        f"{number(row.alpha)} over {_plural(int(row.n_units), 'unit')} "
                        f"({int(row.n_coders)} coders; {number(100 * row.percent_agreement, 0)}% identical).")
    pooled = measures[measures["actor"] == "all"]
    for name, label in (("vader", "VADER"), ("dictionary", "the frame dictionary")):
        row = pooled[pooled["measure"] == name]
        if row.empty or int(row["n"].iloc[0]) == 0:
            continue
        n, accuracy, f1 = int(row["n"].iloc[0]), float(row["accuracy"].iloc[0]), float(row["macro_f1"].iloc[0])
        low, high = wilson_interval(round(accuracy * n), n)
        said.append(f"People and {label} agree on {number(100 * accuracy, 0)}% of "
                    f"{_plural(n, 'unit')} ({interval(100 * low, 100 * high, 0)} points), "
                    f"macro-F1 {number(f1)}.")
    if len(said) < 5:
        said.append("Agreement with people is the test of a measure: with a few dozen units every "
                    "interval is wide, so code more before trusting a figure.")
    return said


def coding_source(example: bool, corpus_path: str, n_sheets: int = 0) -> Markdown:
    """Whether the codes are the shipped example, the corpus folder and how many sheets were
    read -> a Markdown note saying what the agreement figures that follow are measured on."""
    folder = escape_markdown(f"{Path(corpus_path).resolve().name}/coding/")
    if example:
        return Markdown(f"**EXAMPLE coding, not this corpus.** No filled coding sheet was found in "
                        f"{folder}, so what follows shows the method on the shipped example coding "
                        "of the seed articles. It says nothing about the measures on this corpus: "
                        f"put one filled sheet per coder (CSV) in {folder} and run again.")
    return Markdown(f"**This corpus's own coding:** {_plural(n_sheets, 'coding sheet')} read; the "
                    "figures below compare them with the measures on this corpus's sentences.")
