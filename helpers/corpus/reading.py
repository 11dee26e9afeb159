"""The corpus on disk -> the articles table every notebook starts from.

A corpus folder holds
- ``manifest.csv``: one row per article. Columns: article_id, file (path relative to the
  folder), outlet, published, date_source, title, author, url, note. Only article_id and
  file are required; other columns are allowed; what the manifest leaves empty is read
  from the text.
- the texts, byte for byte as scraped: ``file`` names either a UTF-8 text file (one
  article per file) or a Parquet shard (``*.parquet``, columns article_id and raw_text)
  whose row with the article's id holds its text;
- ``outlets.csv``: the outlet registry (see ``helpers.corpus.outlets``);
- ``events.csv``: dated events for the timeline (date, event, actors, kind).

The articles table (``load_corpus``) has one row per article:

==============  ==============================================================
article_id      the manifest's id
outlet          canonical outlet name from the registry; an outlet the manifest names
                that the registry lacks is kept as given (``corpus check`` warns)
outlet_source   where the outlet came from: ``manifest`` or ``text``
published       publication time (datetime64; NaT when unknown)
date_source     ``text`` (a dateline), or the manifest's own word (e.g. ``inferred``),
                ``manifest`` when it gives none; empty when undated
date_confidence for dates from the text: ``high`` (a time or a weekday that fits),
                ``medium`` (a date alone), ``low`` (day and month could swap, or the
                date stands below the article); empty otherwise
title           headline; ``title_source`` says ``manifest`` or ``text``
author          author when known; ``author_source`` likewise
url             where known
file            the article's file (or shard), relative to the corpus folder
encoding        how the text was decoded: ``utf-8`` (``utf-8-sig`` when the file starts
                with a byte-order mark), or ``cp1252`` / ``latin-1`` for a legacy file
                that is not UTF-8 (``corpus check`` warns about those)
raw_text        the text as scraped (decoded)
body            the article's own text, cleaned (paragraphs split by blank lines)
n_words         words in body (white-space separated)
==============  ==============================================================

What makes a corpus unreadable, and what only deserves a warning, is decided in
``helpers.corpus.check`` (``python -m helpers corpus check DIR`` lists it all).
"""
from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import pandas as pd

from helpers.text.bylines import ROLES_FILE, byline_author
from helpers.corpus.check import (  # the format's constants live in check.py; importable from here too
    FIRST_ROW,
    MANIFEST,
    OPTIONAL_COLUMNS,  # noqa: F401
    OUTLETS,
    REQUIRED_COLUMNS,  # noqa: F401
    SANE_YEARS,  # noqa: F401
    Problem,
    check_manifest,
    iter_texts,
    load_manifest,
    load_registry,
    missing_columns,
    sort_problems,
)
from helpers.text import bylines, clean, dates, navigation
from helpers.run.cache import KEY, cached_rows, digest, stage_version
from helpers.text.clean import RULES_FILE, Cleaned, clean_text, recurring_per_article
from helpers.config import CORPUS_DIR
from helpers.text.dates import parse_timestamp, publication_date
from helpers.measures.keyness import STOPWORDS_FILE
from helpers.text.navigation import NAVIGATION_WORDS_FILE
from helpers.corpus.outlets import canonical_outlet, resolve_outlet
from helpers.schemas import columns

EVENTS = "events.csv"
ARTICLE_COLUMNS = columns("articles")
AUDIT_COLUMNS = columns("audit")
# Removed lines that may name the outlet, most telling first; then the credit lines
# (see ``_credit_lines``), since a byline may name another outlet the author writes for.
_OUTLET_RULES = ("signoff", "domain_line", "alternate_address", "app_promo", "footer")
# Removed lines that may credit the author: bylines, and lines the navigation rule took
# that read as a byline ("Jane Smith | Press TV" is shaped like "World | Politics").
_CREDIT_RULES = ("byline", "navigation")


class CorpusError(ValueError):
    """A corpus that cannot be read; ``problems`` lists every problem found (errors and any
    warnings alongside them) as a line naming file and row, and ``str()`` shows them all."""

    def __init__(self, folder: str | Path, problems: list[Problem | str]):
        self.folder = Path(folder)
        self.problems = [str(p) for p in problems]
        warned = sum(p.startswith("warning:") for p in self.problems)
        counts = f"{len(self.problems) - warned} error(s), {warned} warning(s)"
        super().__init__(f"{folder}: {counts}:\n  " + "\n  ".join(self.problems))


def read_manifest(folder: str | Path) -> pd.DataFrame:
    """Corpus folder -> its manifest as strings, every optional column present.

    Raises ``CorpusError`` when there is no manifest, it cannot be read as CSV, or it lacks
    a required column.
    """
    manifest, problems = load_manifest(folder)
    if manifest is not None:
        problems += missing_columns(manifest)
    if problems:
        raise CorpusError(folder, problems)
    return manifest


def text_metadata(cleaned: Cleaned, outlets: pd.DataFrame) -> dict[str, object]:
    """The lines cleaning removed -> title, published (and date_confidence), author and
    outlet found in them (the outlet from sign-offs and web addresses, else a byline)."""
    found: dict[str, object] = {}
    by_rule: dict[str, list[str]] = {}
    for _, rule, text in cleaned.removed:
        by_rule.setdefault(rule, []).append(text)
    if by_rule.get("title"):
        found["title"] = by_rule["title"][0]
    dated = publication_date(cleaned.removed, cleaned.kept_lines)
    if dated.date is not None:
        found["published"], found["date_confidence"] = dated.date, dated.confidence
    credits = [(line, author) for rule in _CREDIT_RULES for line in by_rule.get(rule, [])
               if (author := byline_author(line))]
    if credits:
        found["author"] = credits[0][1]
    lines = [t for r in _OUTLET_RULES for t in by_rule.get(r, [])] + [c[0] for c in credits]
    candidates = (resolve_outlet(line, outlets) for line in lines)
    if outlet := next((o for o in candidates if o), None):
        found["outlet"] = outlet
    return found


def _clean_rows(texts: dict[str, tuple[str, str, tuple[str, ...]]]) -> pd.DataFrame:
    """(raw text, title, recurring lines) by cache key -> rows of _key, body, removed (JSON
    of the audit lines), kept_lines."""
    cleaned = {key: clean_text(raw, title=title or None, recurring=recurring)
               for key, (raw, title, recurring) in texts.items()}
    return pd.DataFrame({KEY: list(cleaned), "body": [c.body for c in cleaned.values()],
                         "removed": [json.dumps(c.removed) for c in cleaned.values()],
                         "kept_lines": [json.dumps(c.kept_lines) for c in cleaned.values()]})


def clean_all(texts: list[tuple[str, str]], outlets: list[str] | None = None) -> list[Cleaned]:
    """(raw text, manifest title) pairs, and each one's outlet ("" or None: unknown) -> their
    cleaning results, cached per article (keyed by text, title and the lines recurring across
    the outlet's articles that the text prints, which go as ``recurring_line``)."""
    version = stage_version(files=[RULES_FILE, NAVIGATION_WORDS_FILE, ROLES_FILE, STOPWORDS_FILE],
                            code=[clean, dates, bylines, navigation, _clean_rows])
    recurring = recurring_per_article([raw for raw, _ in texts], outlets or [""] * len(texts))
    inputs = [(raw, title, lines) for (raw, title), lines in zip(texts, recurring)]
    keys = [digest(raw, title, *lines) for raw, title, lines in inputs]
    rows = cached_rows("clean", version, dict(zip(keys, inputs)), _clean_rows).set_index(KEY)
    return [Cleaned(rows.at[k, "body"], [tuple(line) for line in json.loads(rows.at[k, "removed"])],
                    tuple(json.loads(rows.at[k, "kept_lines"])))
            for k in keys]


def article_row(row: pd.Series, raw: str, cleaned: Cleaned, outlets: pd.DataFrame) -> dict:
    """A manifest row, its text and its cleaning result -> one articles-table row."""
    found = text_metadata(cleaned, outlets)
    record = {"article_id": row["article_id"], "url": row["url"], "file": row["file"]}
    for key in ("outlet", "title", "author"):
        given = row[key].strip()
        if key == "outlet":                   # the registry's name, else the outlet as given
            given = canonical_outlet(given, outlets) or given
        record[key] = given or found.get(key) or ""
        record[f"{key}_source"] = "manifest" if given else ("text" if found.get(key) else "")
    if row["published"].strip():
        record["published"] = parse_timestamp(row["published"])
        record["date_source"] = row["date_source"].strip() or "manifest"
    else:
        record["published"] = found.get("published", pd.NaT)
        record["date_source"] = "text" if found.get("published") is not None else ""
    record["date_confidence"] = "" if row["published"].strip() else found.get("date_confidence", "")
    record |= {"raw_text": raw, "body": cleaned.body, "n_words": len(cleaned.body.split())}
    return record


def read_corpus(folder: str | Path = CORPUS_DIR, *, skip_broken: bool = False,
                recurring: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Corpus folder -> (articles table, cleaning audit); every problem reported at once.

    Any error (see ``helpers.corpus.check``) raises one ``CorpusError`` listing all problems;
    warnings alone (e.g. a text decoded as cp1252) never do. With ``skip_broken`` the
    articles with errors are left out and a ``UserWarning`` names each with its reasons;
    a corpus without a readable manifest or outlet registry still raises.

    The audit has one row per removed line: article_id, outlet, line_no (1-based in the raw
    file), rule (see ``helpers.text.clean.rule_descriptions()``), text (the line, folded).
    ``recurring``: also remove the lines recurring across an outlet's articles (outlet from
    the manifest, or its url), as ``recurring_line``; off by default, since the batched
    pipeline (``helpers.run.pipeline``) cleans each batch alone and does not do it yet.
    """
    folder = Path(folder)
    manifest, outlets = manifest_and_registry(folder)
    texts, problems = _texts(folder, manifest, outlets)
    errors = [p for p in problems if p.severity == "error"]
    if errors and not skip_broken:
        raise CorpusError(folder, sort_problems(problems))
    if errors:
        warnings.warn(skipped_message(folder, manifest, errors), UserWarning, stacklevel=2)
    broken = {row_no for p in errors for row_no in p.rows}
    return articles_from_texts([t for t in texts if t[0] not in broken], outlets,
                               recurring=recurring)


def articles_from_texts(texts: list[tuple[int, pd.Series, str, str]], outlets: pd.DataFrame,
                        *, recurring: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(row_no, manifest row, text, encoding) of articles without errors, and the registry
    -> (articles table, cleaning audit), as ``read_corpus`` returns them (``recurring``: as
    there)."""
    records, audit = [], []
    outlet_names = [canonical_outlet(row["outlet"], outlets) or resolve_outlet(row["url"], outlets)
                    or "" for _, row, _, _ in texts] if recurring else None
    cleaned_all = clean_all([(text, row["title"]) for _, row, text, _ in texts], outlet_names)
    for (row_no, row, text, encoding), cleaned in zip(texts, cleaned_all):
        record = article_row(row, text, cleaned, outlets)
        record["encoding"] = encoding
        records.append(record)
        audit += [(record["article_id"], record["outlet"], *line) for line in cleaned.removed]
    articles = pd.DataFrame(records, columns=ARTICLE_COLUMNS)
    articles["published"] = pd.to_datetime(articles["published"]).astype("datetime64[ns]")
    return articles, pd.DataFrame(audit, columns=AUDIT_COLUMNS)


def manifest_and_registry(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Corpus folder -> (manifest, outlet registry); CorpusError if either cannot be read."""
    manifest, problems = load_manifest(folder)
    outlets, registry_problems = load_registry(folder)
    problems += registry_problems + ([] if manifest is None else missing_columns(manifest))
    if problems:
        raise CorpusError(folder, sort_problems(problems))
    return manifest, outlets


def _texts(folder: Path, manifest: pd.DataFrame, outlets: pd.DataFrame
           ) -> tuple[list[tuple[int, pd.Series, str, str]], list[Problem]]:
    """Folder, manifest, registry -> ((row_no, row, text, encoding) per readable row, problems)."""
    problems = check_manifest(folder, manifest, outlets)
    texts = []
    for row_no, row, text, encoding, row_problems in iter_texts(folder, manifest):
        problems += row_problems
        if text is not None:
            texts.append((row_no, row, text, encoding))
    return texts, problems


def skipped_message(folder: Path, manifest: pd.DataFrame, errors: list[Problem]) -> str:
    """Folder, manifest and its errors -> a warning naming each skipped article and why."""
    reasons: dict[int, list[str]] = {}
    for problem in errors:
        for row_no in problem.rows:
            reasons.setdefault(row_no, []).append(problem.message)
    lines = []
    for row_no in sorted(reasons):
        row = manifest.iloc[row_no - FIRST_ROW]
        name = row["article_id"] or "(no article_id)"
        lines.append(f"{name} ({MANIFEST} row {row_no}, {row['file'] or 'no file'}): "
                     + "; ".join(dict.fromkeys(reasons[row_no])))
    lines += [f"not loaded: {p.where}: {p.message}" for p in errors if not p.rows]
    return (f"{folder}: skipped {len(reasons)} broken article(s) of {len(manifest)}:\n  "
            + "\n  ".join(lines))


def load_corpus(path: str | Path = CORPUS_DIR, *, skip_broken: bool = False) -> pd.DataFrame:
    """Corpus folder -> the articles table (columns in this module's docstring).

    ``skip_broken``: leave out articles with errors, with a warning, instead of raising.
    """
    return read_corpus(path, skip_broken=skip_broken)[0]


def load_audit(path: str | Path = CORPUS_DIR, articles: pd.DataFrame | None = None, *,
               skip_broken: bool = False) -> pd.DataFrame:
    """Corpus folder (and optionally the articles selected from it) -> the cleaning audit
    of those articles: one row per removed line, with its rule."""
    audit = read_corpus(path, skip_broken=skip_broken)[1]
    if articles is None:
        return audit
    return audit[audit["article_id"].isin(articles["article_id"])].reset_index(drop=True)


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
    for name in [MANIFEST, OUTLETS, *sorted(set(manifest["file"]))]:
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

    Empty or None outlets keeps every outlet; an outlet a non-empty table does not have is an error.
    A date range keeps dated rows from start to end inclusive (end covers its whole day).
    """
    keep = pd.Series(True, index=table.index)
    outlets = [outlets] if isinstance(outlets, str) else outlets
    if outlets:
        unknown = sorted(set(outlets) - set(table["outlet"]))
        if unknown and len(table):          # a table with no rows lacks every outlet: no error
            known = ", ".join(sorted(set(table["outlet"])))
            raise ValueError(f"unknown outlet(s) {', '.join(map(repr, unknown))}; known: {known}")
        keep &= table["outlet"].isin(outlets)
    if start:
        keep &= table["published"] >= pd.Timestamp(start)
    if end:
        keep &= table["published"] < pd.Timestamp(end) + pd.Timedelta(days=1)
    return table[keep].reset_index(drop=True)


def load_selection(
    path: str | Path = CORPUS_DIR,
    outlets: list[str] | str | None = None,
    start: str | None = None,
    end: str | None = None,
    *,
    count: str = "articles",
    skip_broken: bool = False,
    allow_empty: bool = False,
) -> pd.DataFrame:
    """A notebook's parameters -> the articles they select, flagged for duplicates.

    ``count`` says how syndicated copy counts: ``articles`` (every article),
    ``stories`` (one article per story) or ``outlet-stories`` (one per story and outlet).
    An empty selection is an error naming the parameters, unless ``allow_empty`` (the
    notebooks', which say so in their findings and show empty tables).
    """
    from helpers.corpus.duplicates import dedupe, flag_duplicates

    choices = {"articles": None, "stories": "story", "outlet-stories": "outlet"}
    if count not in choices:
        raise ValueError(f"count must be one of {', '.join(choices)}, not {count!r}")
    articles = flag_duplicates(select(load_corpus(path, skip_broken=skip_broken), outlets, start, end))
    if choices[count]:
        articles = dedupe(articles, per=choices[count])
    if articles.empty and not allow_empty:
        raise ValueError(f"no article in {path} matches outlets={outlets!r}, start={start!r}, end={end!r}")
    return articles


def audit_sample(audit: pd.DataFrame, per_rule: int = 3, seed: int = 0) -> pd.DataFrame:
    """Cleaning audit -> up to per_rule removed lines of each rule, drawn reproducibly."""
    return (audit.groupby("rule", group_keys=False)[audit.columns]
            .apply(lambda g: g.sample(min(len(g), per_rule), random_state=seed))
            .reset_index(drop=True))
