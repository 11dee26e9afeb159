"""The outlet registry: names, aliases and web domains -> one canonical outlet name.

Registry columns (``corpus/outlets.csv``): outlet, aliases (``;``-separated), domains
(``;``-separated), country, kind.
"""
from __future__ import annotations

import re
from functools import lru_cache
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


def _registry_key(outlets: pd.DataFrame) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """Registry -> its names, aliases and domains as a hashable key."""
    return tuple(zip(outlets["outlet"], map(tuple, outlets["aliases"]), map(tuple, outlets["domains"])))


@lru_cache(maxsize=8)
def _lookups(key: tuple) -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    """Registry key -> (casefolded name or alias -> outlet, the first row winning;
    (pattern, outlet) for every name, alias and domain, longest first). Built once per registry.

    Names and aliases match as written ("Independent", not "an independent group");
    domains match in any case ("Financialtribune.com").
    """
    names: dict[str, str] = {}
    pairs = []
    for outlet, aliases, domains in key:
        for name in [outlet, *aliases]:
            names.setdefault(name.casefold(), outlet)
            pairs.append((re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)"), outlet, len(name)))
        for domain in domains:
            pairs.append((re.compile(rf"(?<![\w-]){re.escape(domain)}\b", re.I), outlet, len(domain)))
    pairs.sort(key=lambda p: -p[2])
    return names, [(pattern, outlet) for pattern, outlet, _ in pairs]


def canonical_outlet(name: str, outlets: pd.DataFrame) -> str | None:
    """An outlet name or alias as a manifest gives it -> the registry's name, or None."""
    return _lookups(_registry_key(outlets))[0].get(name.strip().casefold())


def resolve_outlet(text: str, outlets: pd.DataFrame) -> str | None:
    """A line of text -> the registry outlet whose name, alias or domain it contains, or None."""
    for pattern, outlet in _lookups(_registry_key(outlets))[1]:
        if pattern.search(text):
            return outlet
    return None
