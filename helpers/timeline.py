"""Coverage over time: articles and tone per period and outlet, and where dates came from."""
from __future__ import annotations

import pandas as pd

FREQUENCIES = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}   # pandas period codes


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


def timeline(articles: pd.DataFrame, tone: pd.DataFrame | None = None, *, freq: str = "quarter") -> pd.DataFrame:
    """Articles (and optionally article_tone's table) -> one row per period and outlet.

    Columns: period (start of the week, month, quarter or year), outlet, n_articles,
    n_inferred (dates not printed in the text), mean_compound (mean article tone; NaN
    without ``tone``). Undated articles cannot be placed: ``date_provenance`` counts them.
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
    table = dated.groupby(["period", "outlet"]).agg(
        n_articles=("article_id", "size"),
        n_inferred=("inferred", "sum"),
        mean_compound=("mean_compound", "mean"),
    )
    return table.reset_index().astype({"n_inferred": "int64"})
