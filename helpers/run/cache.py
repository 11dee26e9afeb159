"""Derived tables cached on disk as Parquet, so nothing is computed twice.

A stage (cleaning, sentence splitting, VADER scores) caches its rows per article under a
key: a hash of that article's input (its raw text and title, or its body). The stage's
store is one Parquet file whose name carries the stage's *version*: a hash of the package
version, the data files it reads (rules, lexicons) and the source of the code that
computes it. So
- a second run over an unchanged corpus reads every row from the store;
- a changed article has a new key: only it is recomputed;
- a changed rule, lexicon or function gives a new version: a new store, computed afresh.
Writes go to a temporary file in the same folder and are renamed into place, so an
interrupted run never leaves a half-written store. A store that cannot be read (cut short,
garbage) is warned about, removed and computed afresh; a folder that cannot be written is
warned about and the rows are returned uncached. The store lives in the per-user cache
folder (``helpers.config.cache_dir()``); set ``KREMLIN_SYRIA_NO_CACHE=1`` to bypass it.

Limits: two processes computing the same stage at once each write their own rows and the
last rename wins; the rows it lacks are computed again next time, never wrong.
"""
from __future__ import annotations

import contextlib
import hashlib
import inspect
import os
import tempfile
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from helpers import __version__
from helpers.config import cache_dir

KEY = "_key"


def enabled() -> bool:
    """True unless KREMLIN_SYRIA_NO_CACHE is set to something other than 0 or empty."""
    return os.environ.get("KREMLIN_SYRIA_NO_CACHE", "") in ("", "0")


def digest(*parts: str | bytes) -> str:
    """Strings or bytes -> sha256 hex of them, each part delimited."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def stage_version(*, files: Iterable[Path] = (), code: Iterable[object] = (),
                  extra: Iterable[str] = ()) -> str:
    """Data files, functions and other facts (library versions) a stage depends on -> its
    version hash, with the package version."""
    parts = [__version__, *extra] + [Path(f).read_bytes() for f in files]
    parts += [inspect.getsource(obj) for obj in code]
    return digest(*parts)[:16]


def store_path(stage: str, version: str) -> Path:
    """Stage name and version -> the Parquet file holding its cached rows."""
    return cache_dir() / "tables" / f"{stage}-{version}.parquet"


def current_umask() -> int:
    """Nothing -> the process's umask, read from /proc where it can be (no race), else by
    setting and restoring it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """A path and a function writing a file -> that file at path, written to a temporary
    file in the same folder and renamed into place, so no reader sees half of it. The file
    gets the mode a plain open() would give (0o666 less the umask), not mkstemp's 0o600."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.chmod(fd, 0o666 & ~current_umask())
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_parquet_atomic(table: pd.DataFrame, path: Path) -> None:
    """Table -> Parquet at path (its folder made if need be), written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: table.to_parquet(tmp, index=False))


def read_store(path: Path) -> pd.DataFrame | None:
    """Store path -> its rows, or None when it is absent or unreadable (then warned about and
    removed, so the next write starts afresh)."""
    if not path.exists():
        return None
    try:
        stored = pd.read_parquet(path)
        if KEY not in stored.columns:
            raise ValueError(f"no {KEY} column")
        return stored
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        warnings.warn(f"cache file {path} is unreadable ({error}); removed, computing afresh",
                      stacklevel=3)
        with contextlib.suppress(OSError):   # an unwritable folder keeps it; it is skipped
            path.unlink(missing_ok=True)
        return None


def try_write_store(table: pd.DataFrame, path: Path) -> None:
    """Rows and store path -> the store written, or a warning when its folder cannot be."""
    try:
        write_parquet_atomic(table, path)
    except OSError as error:
        warnings.warn(f"cache file {path} could not be written ({error}); results not cached",
                      stacklevel=3)


def cached_rows(stage: str, version: str, inputs: dict[str, object],
                compute: Callable[[dict[str, object]], pd.DataFrame]) -> pd.DataFrame:
    """Inputs by key, and a function computing rows (with a ``_key`` column) for some of
    them -> the rows of every key, read from the store where present, computed otherwise.
    """
    if not enabled() or not inputs:
        return compute(inputs)
    path = store_path(stage, version)
    stored = read_store(path)
    have = set(stored[KEY]) if stored is not None else set()
    missing = {k: v for k, v in inputs.items() if k not in have}
    if not missing:
        return stored[stored[KEY].isin(inputs.keys())].reset_index(drop=True)
    fresh = compute(missing)
    combined = fresh if stored is None else pd.concat([stored, fresh], ignore_index=True)
    try_write_store(combined, path)
    return combined[combined[KEY].isin(inputs.keys())].reset_index(drop=True)


def per_article(articles: pd.DataFrame, column: str, stage: str, version: str,
                compute: Callable[[dict[str, object]], pd.DataFrame],
                keep: tuple[str, ...] = ("article_id", "outlet", "published")) -> pd.DataFrame:
    """Articles, the column a stage reads, and the stage -> the stage's rows for every article,
    in article order, each led by the article's ``keep`` columns.

    ``compute`` gets {key: value of column} for the articles not in the store and returns
    their rows with a ``_key`` column; articles with equal input share one computation.
    """
    keys = [digest(str(v)) for v in articles[column]]
    rows = cached_rows(stage, version, dict(zip(keys, articles[column])), compute)
    lead = articles[list(keep)].assign(**{KEY: pd.Series(keys, index=articles.index, dtype=str)})
    return lead.merge(rows.astype({KEY: str}), on=KEY, how="inner").drop(columns=KEY)
