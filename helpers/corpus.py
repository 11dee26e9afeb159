"""The corpus on disk -> the articles table every notebook starts from.

A corpus folder holds
- ``manifest.csv``: one row per article. Columns: article_id, file (path relative to the
  folder), outlet, published, date_source, title, author, url, note. Only article_id and
  file are required; what the manifest leaves empty is read from the text.
- the article files, byte for byte as scraped (UTF-8);
- ``outlets.csv``: the outlet registry (see ``helpers.outlets``);
- ``events.csv``: dated events for the timeline (date, event, actors, kind).

The articles table (``load_corpus``) has one row per article:

==============  ==============================================================
article_id      the manifest's id
outlet          canonical outlet name from the registry
outlet_source   where the outlet came from: ``manifest`` or ``text``
published       publication time (datetime64; NaT when unknown)
date_source     ``text`` (a dateline), or the manifest's own word (e.g. ``inferred``),
                ``manifest`` when it gives none; empty when undated
title           headline; ``title_source`` says ``manifest`` or ``text``
author          author when known; ``author_source`` likewise
url             where known
file            the article's file, relative to the corpus folder
raw_text        the text as scraped
body            the article's own text, cleaned (paragraphs split by blank lines)
n_words         words in body (white-space separated)
==============  ==============================================================
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .bylines import byline_author
from .clean import Cleaned, clean_text
from .config import CORPUS_DIR
from .dates import dateline_date
from .outlets import canonical_outlet, load_outlets, resolve_outlet

MANIFEST = "manifest.csv"
OUTLETS = "outlets.csv"
EVENTS = "events.csv"
REQUIRED_COLUMNS = ["article_id", "file"]
OPTIONAL_COLUMNS = ["outlet", "published", "date_source", "title", "author", "url", "note"]
ARTICLE_COLUMNS = [
    "article_id", "outlet", "outlet_source", "published", "date_source", "title",
    "title_source", "author", "author_source", "url", "file", "raw_text", "body", "n_words",
]
AUDIT_COLUMNS = ["article_id", "outlet", "line_no", "rule", "text"]
# Publication dates outside these years are typing errors, not news about 2015-2018.
SANE_YEARS = (1990, 2035)
# Removed lines that may name the outlet, most telling first.
_OUTLET_RULES = ("signoff", "domain_line", "alternate_address", "app_promo", "footer")


class CorpusError(ValueError):
    """A corpus that cannot be read; ``problems`` lists each one, naming file and row."""

    def __init__(self, folder: Path, problems: list[str]):
        self.problems = problems
        super().__init__(f"{folder}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))


def read_manifest(folder: str | Path) -> pd.DataFrame:
    """Corpus folder -> its manifest as strings, every optional column present."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise CorpusError(Path(folder), [f"{path}: no manifest (expected {MANIFEST})"])
    manifest = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REQUIRED_COLUMNS if c not in manifest.columns]
    if missing:
        raise CorpusError(Path(folder), [f"{path}: missing column(s) {', '.join(missing)}"])
    for column in OPTIONAL_COLUMNS:
        if column not in manifest.columns:
            manifest[column] = ""
    return manifest


def _read_text(folder: Path, row_no: int, row: pd.Series) -> tuple[str | None, str | None]:
    """A manifest row -> (text, None), or (None, a problem naming the row and file)."""
    path = folder / row["file"]
    where = f"{MANIFEST} row {row_no} ({row['article_id']}): {row['file']}"
    if not path.resolve().is_relative_to(folder.resolve()):
        return None, f"{where}: path points outside the corpus folder"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"{where}: cannot read file ({exc.strerror or exc})"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, f"{where}: not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})"


def text_metadata(cleaned: Cleaned, outlets: pd.DataFrame) -> dict[str, object]:
    """The lines cleaning removed -> title, published, author and outlet found in them."""
    found: dict[str, object] = {}
    by_rule: dict[str, list[str]] = {}
    for _, rule, text in cleaned.removed:
        by_rule.setdefault(rule, []).append(text)
    if by_rule.get("title"):
        found["title"] = by_rule["title"][0]
    if by_rule.get("dateline"):
        found["published"] = dateline_date(by_rule["dateline"][0])
    if by_rule.get("byline"):
        found["author"] = byline_author(by_rule["byline"][0])
    candidates = (resolve_outlet(t, outlets) for r in _OUTLET_RULES for t in by_rule.get(r, []))
    if outlet := next((o for o in candidates if o), None):
        found["outlet"] = outlet
    return found


def _article_row(row: pd.Series, raw: str, outlets: pd.DataFrame) -> tuple[dict, Cleaned]:
    """A manifest row and its text -> one articles-table row and its cleaning result."""
    cleaned = clean_text(raw, title=row["title"] or None)
    found = text_metadata(cleaned, outlets)
    record = {"article_id": row["article_id"], "url": row["url"], "file": row["file"]}
    for key in ("outlet", "title", "author"):
        given = row[key].strip() if key != "outlet" else canonical_outlet(row[key], outlets) or ""
        record[key] = given or found.get(key) or ""
        record[f"{key}_source"] = "manifest" if given else ("text" if found.get(key) else "")
    if row["published"].strip():
        record["published"] = pd.Timestamp(row["published"])
        record["date_source"] = row["date_source"].strip() or "manifest"
    else:
        record["published"] = found.get("published", pd.NaT)
        record["date_source"] = "text" if found.get("published") is not None else ""
    record |= {"raw_text": raw, "body": cleaned.body, "n_words": len(cleaned.body.split())}
    return record, cleaned


def _check_row(row_no: int, row: pd.Series, outlets: pd.DataFrame) -> list[str]:
    """Problems with one manifest row's own values (date, outlet), each naming the row."""
    where = f"{MANIFEST} row {row_no} ({row['article_id']})"
    problems = []
    if row["published"].strip():
        try:
            year = pd.Timestamp(row["published"]).year
        except ValueError:
            problems.append(f"{where}: published {row['published']!r} is not a date")
        else:
            if not SANE_YEARS[0] <= year <= SANE_YEARS[1]:
                problems.append(f"{where}: published {row['published']!r} is outside "
                                f"{SANE_YEARS[0]}-{SANE_YEARS[1]}")
    if row["outlet"].strip() and not canonical_outlet(row["outlet"], outlets):
        problems.append(f"{where}: outlet {row['outlet']!r} is not in {OUTLETS}")
    return problems


def read_corpus(folder: str | Path = CORPUS_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Corpus folder -> (articles table, cleaning audit); every problem reported at once.

    The audit has one row per removed line: article_id, outlet, line_no (1-based in the raw
    file), rule (see ``helpers.clean.rule_descriptions()``), text (the line, folded).
    """
    folder = Path(folder)
    manifest, outlets = read_manifest(folder), load_outlets(folder / OUTLETS)
    problems = [f"{MANIFEST}: article_id {i!r} appears more than once"
                for i in manifest["article_id"][manifest["article_id"].duplicated()].unique()]
    records, audit = [], []
    for row_no, row in enumerate(manifest.to_dict("records"), start=2):   # row 1: header
        row = pd.Series(row)
        text, problem = _read_text(folder, row_no, row)
        row_problems = _check_row(row_no, row, outlets) + ([problem] if problem else [])
        if row_problems:
            problems += row_problems
            continue
        record, cleaned = _article_row(row, text, outlets)
        records.append(record)
        audit += [(record["article_id"], record["outlet"], *line) for line in cleaned.removed]
    if problems:
        raise CorpusError(folder, problems)
    articles = pd.DataFrame(records, columns=ARTICLE_COLUMNS)
    articles["published"] = pd.to_datetime(articles["published"]).astype("datetime64[ns]")
    return articles, pd.DataFrame(audit, columns=AUDIT_COLUMNS)


def load_corpus(path: str | Path = CORPUS_DIR) -> pd.DataFrame:
    """Corpus folder -> the articles table (columns in this module's docstring)."""
    return read_corpus(path)[0]


def load_audit(path: str | Path = CORPUS_DIR) -> pd.DataFrame:
    """Corpus folder -> the cleaning audit: one row per removed line, with its rule."""
    return read_corpus(path)[1]


def load_events(path: str | Path = CORPUS_DIR) -> pd.DataFrame:
    """Corpus folder (or an events CSV) -> events: date (datetime64), event, actors (list), kind."""
    path = Path(path)
    events = pd.read_csv(path / EVENTS if path.is_dir() else path, dtype=str, keep_default_na=False)
    events["date"] = pd.to_datetime(events["date"], format="%Y-%m-%d")
    events["actors"] = events["actors"].str.split(";")
    return events


def corpus_fingerprint(path: str | Path = CORPUS_DIR) -> tuple[int, str]:
    """Corpus folder -> (number of articles, sha256 of the manifest, registry and article bytes)."""
    folder = Path(path)
    manifest = read_manifest(folder)
    digest = hashlib.sha256()
    for name in [MANIFEST, OUTLETS, *sorted(manifest["file"])]:
        file = folder / name
        content = file.read_bytes() if file.is_file() else b"\0missing"
        digest.update(name.encode() + b"\0" + content + b"\0")
    return len(manifest), digest.hexdigest()


def select(
    table: pd.DataFrame,
    outlets: list[str] | str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> pd.DataFrame:
    """Any table with outlet and published columns -> the rows of those outlets and dates.

    Empty or None outlets keeps every outlet; an outlet the table does not have is an error.
    A date range keeps dated rows from start to end inclusive (end covers its whole day).
    """
    keep = pd.Series(True, index=table.index)
    outlets = [outlets] if isinstance(outlets, str) else outlets
    if outlets:
        unknown = sorted(set(outlets) - set(table["outlet"]))
        if unknown:
            known = ", ".join(sorted(set(table["outlet"])))
            raise ValueError(f"unknown outlet(s) {', '.join(map(repr, unknown))}; known: {known}")
        keep &= table["outlet"].isin(outlets)
    if start:
        keep &= table["published"] >= pd.Timestamp(start)
    if end:
        keep &= table["published"] < pd.Timestamp(end) + pd.Timedelta(days=1)
    return table[keep].reset_index(drop=True)
