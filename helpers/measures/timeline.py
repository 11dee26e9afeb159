"""Coverage over time: articles, tone and frames per period and outlet, where dates came
from, and a before/after comparison around one event.

Dates: an article's ``date_source`` says where its date came from. ``text`` means printed
in the article; anything else (``inferred``, ``manifest``, ...) is counted as *inferred*
in ``n_inferred`` (the date is an argument, not a record). Undated articles cannot be
placed on an axis: ``date_provenance`` counts them, the other functions leave them out.

Frames: ``frames`` means what it means in ``helpers.measures.framing`` -- a frame dictionary table
(``load_frames()``: frame, definition, source, terms). Prevalence is dictionary hits per
1,000 words, words counted per sentence as ``frame_prevalence`` counts them, so the
numbers here add up to that table's.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.measures.framing import frame_matches, load_frames
from helpers.text.sentences import split_sentences
from helpers.measures.tone import sentence_sentiment
from helpers.measures.stats import LEVEL, N_BOOT, SEED, bootstrap_mean, percentile_interval, resampled_means

AIR_CAMPAIGN = "2015-09-30"      # Russia's air campaign in Syria begins: the default event

FREQUENCIES = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}   # pandas period codes
SIDES = ("before", "after")
DIFFERENCE = "after - before"          # the ``side`` of event_window's difference rows
FRAME_PREFIX = "frame_"                # frame prevalence columns: frame_<name>


def date_provenance(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles -> counts per outlet and date source (``undated`` for missing dates).

    Columns: outlet, date_source, n_articles.
    """
    source = articles["date_source"].where(articles["published"].notna(), "undated")
    table = articles.assign(date_source=source.replace("", "undated"))
    return table.groupby(["outlet", "date_source"]).size().rename("n_articles").reset_index()


def events_between(events: pd.DataFrame, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Events table -> the events from start to end inclusive, numbered from 1 in column ``no``."""
    keep = events["date"].between(pd.Timestamp(start or events["date"].min()),
                                  pd.Timestamp(end or events["date"].max()))
    return events[keep].reset_index(drop=True).assign(no=lambda t: t.index + 1)


def _frame_words(articles: pd.DataFrame, frames: pd.DataFrame) -> pd.DataFrame:
    """Articles and a frame dictionary -> one row per article: article_id, words and
    hits_<frame> for every frame in the dictionary (0 when it has none)."""
    sentences = split_sentences(articles)
    words = (sentences.assign(words=sentences["text"].str.split().str.len())
             .groupby("article_id")["words"].sum())
    hits = frame_matches(sentences, frames).groupby(["article_id", "frame"]).size().unstack(fill_value=0)
    hits = hits.reindex(index=articles["article_id"], columns=list(frames["frame"]), fill_value=0)
    table = pd.DataFrame({"article_id": articles["article_id"].to_numpy(),
                          "words": words.reindex(articles["article_id"], fill_value=0).to_numpy()})
    for frame in frames["frame"]:
        table[f"hits_{frame}"] = hits[frame].to_numpy()
    return table.astype({"words": "int64"})


def _per_1000(table: pd.DataFrame, frames: pd.DataFrame) -> pd.DataFrame:
    """Summed words and hits_<frame> columns -> frame_<frame> columns per 1,000 words (NaN
    where there are no words); the hits_ columns are dropped."""
    words = table["n_words"].where(table["n_words"] > 0)
    for frame in frames["frame"]:
        table[f"{FRAME_PREFIX}{frame}"] = 1000 * table.pop(f"hits_{frame}") / words
    return table


def timeline(articles: pd.DataFrame, tone: pd.DataFrame | None = None, *, freq: str = "quarter",
             frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles (and optionally article_tone's table and a frame dictionary) -> one row per
    period and outlet.

    Columns: period (start of the week, month, quarter or year), outlet, n_articles,
    n_inferred (dates not printed in the text), mean_compound (mean article tone; NaN
    without ``tone``). With ``frames`` (a frame dictionary such as ``load_frames()``):
    also n_words (words in those articles) and one ``frame_<name>`` column per frame, its
    dictionary hits per 1,000 words (0 when the frame has no hit). Undated articles cannot
    be placed: ``date_provenance`` counts them.
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {', '.join(FREQUENCIES)}, not {freq!r}")
    dated = articles[articles["published"].notna()].copy()
    dated["period"] = dated["published"].dt.to_period(FREQUENCIES[freq]).dt.start_time
    dated["inferred"] = dated["date_source"] != "text"
    if tone is not None:
        dated = dated.merge(tone[["article_id", "mean_compound"]], on="article_id", how="left")
    else:
        dated["mean_compound"] = float("nan")
    sums = {}
    if frames is not None:
        dated = dated.merge(_frame_words(dated, frames), on="article_id", how="left")
        sums = {"n_words": ("words", "sum")} | {c: (c, "sum") for c in dated if c.startswith("hits_")}
    table = dated.groupby(["period", "outlet"]).agg(
        n_articles=("article_id", "size"),
        n_inferred=("inferred", "sum"),
        mean_compound=("mean_compound", "mean"),
        **sums,
    )
    table = table.reset_index().astype({"n_inferred": "int64"})
    return _per_1000(table, frames) if frames is not None else table


def window_bounds(event_date: str | pd.Timestamp,
                  days: int = 30) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Event date and window length -> {"before": (first day, last day), "after": (...)}.

    Both sides are ``days`` calendar days long. The event day itself is the first day of
    "after": coverage dated on the event day is, as a rule, coverage of the event.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days!r}")
    day = pd.Timestamp(event_date).normalize()
    one = pd.Timedelta(days=1)
    return {"before": (day - days * one, day - one), "after": (day, day + (days - 1) * one)}


def _difference_interval(before: np.ndarray, after: np.ndarray) -> tuple[float, float]:
    """Sentence scores on each side -> 95% percentile bootstrap interval of mean(after) -
    mean(before), resampling sentences within each side (helpers.measures.stats' seed and size)."""
    if len(before) < 2 or len(after) < 2:
        return (np.nan, np.nan)
    rng = np.random.default_rng(SEED)                  # after's draws first, then before's
    draws = resampled_means(after, rng, N_BOOT) - resampled_means(before, rng, N_BOOT)
    return percentile_interval(draws, LEVEL)


WINDOW_COLUMNS = ["outlet", "side", "first_day", "last_day", "n_articles", "n_inferred",
                  "n_sentences", "mean_compound", "ci_low", "ci_high", "n_words"]


def event_window(articles: pd.DataFrame, event_date: str | pd.Timestamp, *, days: int = 30,
                 frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles and an event date -> tone and frames per outlet in the ``days`` days before
    and after it, and the change.

    Windows (``window_bounds``): "before" is the ``days`` calendar days before the event
    day; "after" is the event day and the ``days - 1`` days that follow (publication times
    are ignored: an article dated on the event day counts as "after"). Inferred dates are
    used and counted in n_inferred; undated articles are left out.

    Three rows per outlet with an article in either window, sides in the order "before",
    "after", "after - before". Columns: outlet, side, first_day, last_day (the side's
    dates; the difference row spans both), n_articles, n_inferred, n_sentences,
    mean_compound (mean VADER compound per sentence), ci_low, ci_high (95% bootstrap over
    sentences; for the difference, over sentences within each side), n_words, and
    ``frame_<name>`` per frame (dictionary hits per 1,000 words; ``frames`` defaults to
    ``load_frames()``). On the difference row every number is after minus before; a side
    without articles has n 0 and NaN tone and frames, so its difference is NaN.
    """
    frames = load_frames() if frames is None else frames
    bounds = window_bounds(event_date, days)
    dated = articles[articles["published"].notna()].copy()
    day = dated["published"].dt.normalize()
    dated["side"] = None
    for side, (first, last) in bounds.items():
        dated.loc[day.between(first, last), "side"] = side
    dated = dated[dated["side"].notna()]
    compound = (sentence_sentiment(dated).groupby("article_id")["compound"].apply(list)
                if len(dated) else pd.Series(dtype=object))
    dated = dated.merge(_frame_words(dated, frames), on="article_id", how="left")
    frame_columns = [f"{FRAME_PREFIX}{f}" for f in frames["frame"]]
    rows = []
    for outlet in sorted(dated["outlet"].unique()):
        sides = {}
        for side in SIDES:
            group = dated[(dated["outlet"] == outlet) & (dated["side"] == side)]
            scores = np.array([x for a in group["article_id"] for x in compound.get(a, [])], dtype=float)
            words = int(group["words"].sum())
            low, high = bootstrap_mean(scores)
            sides[side] = scores
            rows.append({
                "outlet": outlet, "side": side, "first_day": bounds[side][0], "last_day": bounds[side][1],
                "n_articles": len(group), "n_inferred": int((group["date_source"] != "text").sum()),
                "n_sentences": len(scores), "mean_compound": scores.mean() if len(scores) else np.nan,
                "ci_low": low, "ci_high": high, "n_words": words,
                **{c: 1000 * group[f"hits_{f}"].sum() / words if words else np.nan
                   for c, f in zip(frame_columns, frames["frame"])},
            })
        before, after = rows[-2], rows[-1]
        low, high = _difference_interval(sides["before"], sides["after"])
        rows.append({"outlet": outlet, "side": DIFFERENCE, "first_day": bounds["before"][0],
                     "last_day": bounds["after"][1], "ci_low": low, "ci_high": high,
                     **{c: after[c] - before[c] for c in WINDOW_COLUMNS[4:] + frame_columns
                        if c not in ("ci_low", "ci_high")}})
    table = pd.DataFrame(rows, columns=WINDOW_COLUMNS + frame_columns)
    return table.astype({c: "int64" for c in WINDOW_COLUMNS if c.startswith("n_")}
                        | {"first_day": "datetime64[ns]", "last_day": "datetime64[ns]",
                           "mean_compound": "float64", "ci_low": "float64", "ci_high": "float64"})


def window_event(events: pd.DataFrame, articles: pd.DataFrame, event: str = "", *, days: int = 30,
                 start: str = "", end: str = "") -> str:
    """Events, articles, the ``event`` parameter and the range -> the day (YYYY-MM-DD) to
    compare before and after.

    ``event`` itself when it lies from start to end; otherwise the event of ``events`` in
    that range with the most dated articles on its poorer side, then in both windows (the
    earliest on a tie); with no event in range, the range's first day (or ``event``).
    """
    first = pd.Timestamp(start) if start else pd.Timestamp.min
    last = pd.Timestamp(end) if end else pd.Timestamp.max
    day = articles["published"].dropna().dt.normalize()
    if event and first <= pd.Timestamp(event) <= last:
        return str(pd.Timestamp(event).date())
    inside = events[events["date"].between(first, last)].sort_values("date", kind="stable")
    if inside.empty:
        return str(pd.Timestamp(start or event or AIR_CAMPAIGN).date())

    def score(date: pd.Timestamp) -> tuple[int, int]:
        sides = [int(day.between(a, b).sum()) for a, b in window_bounds(date, days).values()]
        return (min(sides), sum(sides))

    best = max(inside["date"], key=score)          # max keeps the first (earliest) of equals
    return str(pd.Timestamp(best).date())
