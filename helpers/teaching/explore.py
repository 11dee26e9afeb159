"""Interactive exploration in JupyterLab: choose outlets, a term and dates, read the lines.

``kwic_explorer(articles)`` returns an ipywidgets box; ``explore_lines`` is the function it
calls on every change, so what the widget shows is tested without a browser. In a batch
build (``$KREMLIN_SYRIA_BATCH`` set) no frontend can show widgets, so it returns a note
instead and creates none: a widget cell cannot hold up the build.
"""
from __future__ import annotations

import html
import os

import ipywidgets as widgets
import pandas as pd
from IPython.display import Markdown

from helpers.config import BATCH_ENV
from helpers.corpus.reading import select
from helpers.text.kwic import kwic

IN_LAB_ONLY = ("*The explorer's controls live in JupyterLab* (`make lab`, then open "
               "`notebooks/06_explore.ipynb`); this page shows the same lines as a table below.")


def explore_lines(articles: pd.DataFrame, outlets: list[str], term: str,
                  start: str | None = None, end: str | None = None, window: int = 60) -> pd.DataFrame:
    """Articles and the widget's choices -> the keyword-in-context lines they select."""
    if not term.strip():
        return pd.DataFrame(columns=["outlet", "published", "left", "match", "right"])
    chosen = select(articles, outlets or None, start or None, end or None)
    lines = kwic(chosen, term.strip(), window=window)
    return lines[["outlet", "published", "left", "match", "right"]]


def kwic_explorer(articles: pd.DataFrame, term: str = "Peskov") -> widgets.VBox | Markdown:
    """Articles -> a widget: outlets, a term, a date range, and the matching lines below (as
    escaped HTML); in a batch build, a note saying where the widget lives."""
    if os.environ.get(BATCH_ENV):
        return Markdown(IN_LAB_ONLY)
    names = sorted(articles["outlet"].unique())
    outlets = widgets.SelectMultiple(options=names, value=tuple(names), description="outlets")
    word = widgets.Text(value=term, description="term")
    start = widgets.Text(value="", placeholder="YYYY-MM-DD", description="from")
    end = widgets.Text(value="", placeholder="YYYY-MM-DD", description="to")
    out = widgets.HTML()       # not an Output widget: nothing is captured from the kernel

    def show(_=None) -> None:
        try:
            lines = explore_lines(articles, list(outlets.value), word.value, start.value, end.value)
            out.value = lines.to_html(index=False, escape=True)   # article text stays text
        except ValueError as exc:            # a half-typed date, an unknown outlet
            out.value = f"<p>{html.escape(str(exc))}</p>"

    for control in (outlets, word, start, end):
        control.observe(show, names="value")
    show()
    return widgets.VBox([widgets.HBox([outlets, widgets.VBox([word, start, end])]), out])
