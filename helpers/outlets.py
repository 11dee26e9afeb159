"""The outlet registry: names, aliases and web domains -> one canonical outlet name.

Registry columns (``corpus/outlets.csv``): outlet, aliases (``;``-separated), domains
(``;``-separated), country, kind.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

REGISTRY_COLUMNS = ["outlet", "aliases", "domains", "country", "kind"]


def load_outlets(path: str | Path) -> pd.DataFrame:
    """Registry CSV (or a corpus folder holding outlets.csv) -> REGISTRY_COLUMNS; aliases and
    domains become lists."""
    path = Path(path) / "outlets.csv" if Path(path).is_dir() else Path(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REGISTRY_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: outlet registry lacks column(s) {', '.join(missing)}")
    for column in ("aliases", "domains"):
        table[column] = [[v.strip() for v in cell.split(";") if v.strip()] for cell in table[column]]
    return table[REGISTRY_COLUMNS]


def _names_pattern(outlets: pd.DataFrame) -> list[tuple[re.Pattern, str]]:
    """(pattern, outlet) pairs for every name, alias and domain, longest first.

    Names and aliases match as written ("Independent", not "an independent group");
    domains match in any case ("Financialtribune.com").
    """
    pairs = []
    for row in outlets.itertuples(index=False):
        for name in [row.outlet, *row.aliases]:
            pairs.append((re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)"), row.outlet, len(name)))
        for domain in row.domains:
            pairs.append((re.compile(rf"(?<![\w-]){re.escape(domain)}\b", re.I), row.outlet, len(domain)))
    pairs.sort(key=lambda p: -p[2])
    return [(pattern, outlet) for pattern, outlet, _ in pairs]


def canonical_outlet(name: str, outlets: pd.DataFrame) -> str | None:
    """An outlet name or alias as a manifest gives it -> the registry's name, or None."""
    wanted = name.strip().casefold()
    for row in outlets.itertuples(index=False):
        if wanted in {n.casefold() for n in [row.outlet, *row.aliases]}:
            return row.outlet
    return None


def resolve_outlet(text: str, outlets: pd.DataFrame) -> str | None:
    """A line of text -> the registry outlet whose name, alias or domain it contains, or None."""
    for pattern, outlet in _names_pattern(outlets):
        if pattern.search(text):
            return outlet
    return None
