"""The declared tables: their columns and dtypes, read from ``data/schemas.toml``.

In: a table's name (articles, audit, sentences, scored, tone, matches, mentions, voices,
kwic). Out: its columns in order (``columns``), their dtypes (``dtypes``), or the list of
ways a DataFrame differs from the declaration (``differences``, empty when it conforms).
The file also states the naming rule: per-unit rows named for the unit, aggregates for
what they measure.
"""
from __future__ import annotations

import tomllib
from functools import cache

from helpers.config import DATA_DIR

SCHEMAS_FILE = DATA_DIR / "schemas.toml"


@cache
def schemas() -> dict[str, dict[str, str]]:
    """Nothing -> {table: {column: dtype}} from data/schemas.toml (a syntax error names the file)."""
    try:
        data = tomllib.loads(SCHEMAS_FILE.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"{SCHEMAS_FILE}: {err}") from None
    return {name: dict(table["columns"]) for name, table in data.items()}


def dtypes(table: str) -> dict[str, str]:
    """A table's name -> {column: dtype}, in column order (KeyError names the unknown table)."""
    try:
        return schemas()[table]
    except KeyError:
        raise KeyError(f"no table {table!r} in {SCHEMAS_FILE.name}; "
                       f"known: {', '.join(schemas())}") from None


def columns(table: str) -> list[str]:
    """A table's name -> its columns in order."""
    return list(dtypes(table))


def differences(frame, table: str) -> list[str]:
    """A DataFrame and a table's name -> what differs from the declaration (missing, extra or
    reordered columns, other dtypes); empty when the frame conforms."""
    declared = dtypes(table)
    problems = []
    if list(frame.columns) != list(declared):
        problems.append(f"columns {list(frame.columns)} != declared {list(declared)}")
    for column, dtype in declared.items():
        if column in frame.columns and str(frame[column].dtype) != dtype:
            problems.append(f"{column}: dtype {frame[column].dtype}, declared {dtype}")
    return problems
