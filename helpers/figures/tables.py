"""Tables and figures for reading, and their files beside the report.

``show_table`` turns a DataFrame into what a reader can use: numbers rounded to what they
can support, no positional index, text left-aligned, missing values as "—", long tables
shortened. ``show_figure`` displays a figure. When ``$KREMLIN_SYRIA_EXPORT_DIR`` is set
(the report build sets it to ``<out>/<run-name>_files/``), each shown table's full CSV and
each figure's PNG and SVG are written there and linked from the report with a link
relative to the report (``<run-name>_files/<name>.csv``); when unset (in JupyterLab)
nothing is written. All text is HTML-escaped: article text never reaches a report as markup.
"""
from __future__ import annotations

import html
import math
import re
from pathlib import Path
from urllib.parse import quote

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, display

from helpers.run.cache import atomic_write
from helpers.config import export_dir

MISSING = "—"                 # what a reader sees for NaN, NaT, None and empty text
MAX_ROWS = 20                 # rows shown before a table is shortened
SVG_SALT = "kremlin-syria"    # seeds the ids inside SVG files, so an unchanged figure is unchanged
DECIMALS = 2                  # decimals of a float column below 10 (1 below 100, else 0)
# What a file name keeps of a table's or figure's name: letters, digits, - and _.
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def export_name(name: str) -> str:
    """A table's or figure's name -> a safe file stem (letters, digits, - and _ only)."""
    stem = _UNSAFE_NAME.sub("-", name).strip("-")
    if not stem:
        raise ValueError(f"{name!r} gives no usable file name: use letters or digits")
    return stem


def _link(path: Path, label: str) -> str:
    """An exported file and a label -> an escaped HTML link relative to the report's folder."""
    href = quote(f"{path.parent.name}/{path.name}")
    return f'<a href="{html.escape(href)}">{html.escape(label)}</a>'


def format_number(value: float, decimals: int = DECIMALS) -> str:
    """A number -> text rounded to ``decimals`` ("—" if missing; never "-0.00" or 1e-17)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    text = f"{value:,.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


def period_label(start: str = "", end: str = "") -> str:
    """start, end parameters -> "2016" (one whole year), "2015–2018", "from 2016-03-01", ""."""
    if start and end:
        first, last = pd.Timestamp(start), pd.Timestamp(end)
        if first.year == last.year and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
            return str(first.year)
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
            return f"{first.year}–{last.year}"
        return f"{first.date()} to {last.date()}"
    if start:
        return f"from {pd.Timestamp(start).date()}"
    if end:
        return f"up to {pd.Timestamp(end).date()}"
    return ""


def _is_missing(value) -> bool:
    """Any cell value -> True for None, NaN, NaT and empty or blank text."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return len(value) == 0
    return bool(pd.isna(value))


def _date_format(column: pd.Series) -> str:
    """A datetime column -> "%Y-%m-%d" when every time is midnight, else with hours and minutes."""
    times = column.dropna()
    midnight = (times == times.dt.normalize()).all() if len(times) else True
    return "%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M"


def _cell_text(value, column: pd.Series, decimals: int) -> str:
    """One cell and its column -> the text a reader sees."""
    if _is_missing(value):
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return ", ".join(map(str, value))
    if pd.api.types.is_datetime64_any_dtype(column):
        return pd.Timestamp(value).strftime(_date_format(column))
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        whole = column.dropna().apply(lambda x: float(x).is_integer()).all()
        return f"{int(value):,}" if whole else format_number(float(value), decimals)
    return str(value)


def column_decimals(column: pd.Series) -> int:
    """A column -> decimals that keep about three significant digits of its largest value:
    2 below 10 (tone, shares, correlations), 1 below 100 (rates per 1,000 words), else 0."""
    numbers = pd.to_numeric(column, errors="coerce").abs()
    top = numbers.max() if numbers.notna().any() else 0.0
    return DECIMALS if top < 10 else 1 if top < 100 else 0


def readable(table: pd.DataFrame, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """A table -> the same cells as the text a reader sees: rounded numbers (``decimals``
    per column, else ``column_decimals``), dates without midnight times, "—" for missing
    values, no index."""
    decimals = decimals or {}
    table = table.reset_index(drop=True)
    places = {c: decimals.get(c, column_decimals(table[c]) if _numeric(table[c]) else DECIMALS)
              for c in table.columns}
    return pd.DataFrame({c: [_cell_text(v, table[c], places[c]) for v in table[c]]
                         for c in table.columns}, index=table.index, dtype=object)


def _numeric(column: pd.Series) -> bool:
    """A column -> True if it holds numbers (shown right-aligned), False for text."""
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def column_label(name) -> str:
    """A column name -> its header for readers ("n_sentences" -> "n sentences")."""
    return str(name).replace("_", " ")


def table_html(table: pd.DataFrame, decimals: dict[str, int] | None = None) -> str:
    """A table -> escaped HTML without an index: numbers right-aligned, text left-aligned.

    Text cells are wrapped in <p>, which the report's style sheet aligns left (a report's
    own <style> is stripped when it is sanitised); every value is HTML-escaped first.
    """
    shown = readable(table, decimals)
    text_columns = [c for c in table.columns if not _numeric(table[c])]
    formatters = {c: (lambda v: f"<p>{html.escape(v)}</p>") if c in text_columns else html.escape
                  for c in shown.columns}
    styler = (shown.style.hide(axis="index").format(formatters, escape=None)
              .format_index(lambda c: (f"<p>{html.escape(column_label(c))}</p>" if c in text_columns
                                       else html.escape(column_label(c))), axis=1, escape=None)
              .set_properties(subset=text_columns, **{"text-align": "left"}))
    return styler.to_html(uuid="t", cell_ids=False)


def _write_csv(table: pd.DataFrame, name: str) -> Path | None:
    """A table and its name -> the CSV written in the export folder, or None when unset."""
    folder = export_dir()
    if folder is None:
        return None
    path = folder / f"{export_name(name)}.csv"
    atomic_write(path, lambda tmp: table.to_csv(tmp, index=False))
    return path


def show_table(table: pd.DataFrame, name: str, *, max_rows: int = MAX_ROWS,
               columns: list[str] | None = None, decimals: dict[str, int] | None = None) -> HTML:
    """A table and a name for its file -> HTML for readers: the first ``max_rows`` rows of
    ``columns`` (default all), with a note of what was left out and a link to the full
    table's CSV when the export folder is set."""
    full = table.reset_index(drop=True)
    shown = full[columns] if columns else full
    csv = _write_csv(full, name)
    notes = []
    if len(full) > max_rows:
        notes.append(f"Showing the first {max_rows} of {len(full):,} rows.")
    if len(shown.columns) < len(full.columns):
        notes.append(f"{len(full.columns) - len(shown.columns)} more column(s) in the full table.")
    if full.empty:
        notes.append("No rows.")
    text = " ".join(html.escape(n) for n in notes)
    if csv is not None:
        text += (" " if text else "") + "Full table: " + _link(csv, csv.name)
    note = f"<p>{text}</p>" if text else ""
    return HTML(table_html(shown.head(max_rows), decimals) + note)


def show_figure(drawn, name: str) -> None:
    """Axes (or an array of them, or a Figure) and a name -> the figure shown once, with
    links to its PNG and SVG when the export folder is set; the figure is then closed."""
    first = np.ravel(drawn)[0] if isinstance(drawn, (np.ndarray, list, tuple)) else drawn
    figure = first if isinstance(first, plt.Figure) else first.figure
    folder = export_dir()
    links = []
    if folder is not None:
        for kind in ("png", "svg"):
            path = folder / f"{export_name(name)}.{kind}"
            metadata = {"Date": None} if kind == "svg" else {"Software": None}
            with plt.rc_context({"svg.hashsalt": SVG_SALT}):        # the same ids in every build
                atomic_write(path, lambda tmp, k=kind, m=metadata:
                             figure.savefig(tmp, format=k, metadata=m, bbox_inches="tight"))
            links.append(_link(path, kind.upper()))
    display(figure)
    plt.close(figure)
    if links:
        display(HTML(f"<p>Figure files: {' · '.join(links)}</p>"))
