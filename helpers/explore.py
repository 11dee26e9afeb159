"""Interactive exploration in JupyterLab: choose outlets, a term and dates, read the lines.

``kwic_explorer(articles)`` returns an ipywidgets box; ``explore_lines`` is the function it
calls on every change, so what the widget shows is tested without a browser.
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from .corpus import select
from .kwic import kwic


def explore_lines(articles: pd.DataFrame, outlets: list[str], term: str,
                  start: str | None = None, end: str | None = None, window: int = 60) -> pd.DataFrame:
    """Articles and the widget's choices -> the keyword-in-context lines they select."""
    if not term.strip():
        return pd.DataFrame(columns=["outlet", "published", "left", "match", "right"])
    chosen = select(articles, outlets or None, start or None, end or None)
    lines = kwic(chosen, term.strip(), window=window)
    return lines[["outlet", "published", "left", "match", "right"]]


def kwic_explorer(articles: pd.DataFrame, term: str = "Peskov") -> widgets.VBox:
    """Articles -> a widget: outlets, a term, a date range, and the matching lines below."""
    names = sorted(articles["outlet"].unique())
    outlets = widgets.SelectMultiple(options=names, value=tuple(names), description="outlets")
    word = widgets.Text(value=term, description="term")
    start = widgets.Text(value="", placeholder="YYYY-MM-DD", description="from")
    end = widgets.Text(value="", placeholder="YYYY-MM-DD", description="to")
    out = widgets.Output()

    def show(_=None) -> None:
        out.clear_output()
        with out:
            try:
                display(explore_lines(articles, list(outlets.value), word.value, start.value, end.value))
            except ValueError as exc:            # a half-typed date, an unknown outlet
                print(exc)

    for control in (outlets, word, start, end):
        control.observe(show, names="value")
    show()
    return widgets.VBox([widgets.HBox([outlets, widgets.VBox([word, start, end])]), out])
