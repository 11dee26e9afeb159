"""A corpus folder -> every problem that would stop it loading, or that a reader should know.

``check_corpus`` reads the manifest, the outlet registry and every article's text and
returns all problems at once as ``Problem`` objects (``python -m helpers corpus check`` prints
them). ``helpers.corpus.reading.read_corpus`` uses the same functions while loading, so the check
and the loader cannot disagree.

An article's text comes from the manifest's ``file`` column, which names either
- a UTF-8 text file (one article per file), or
- a Parquet shard (``*.parquet``, columns ``article_id`` and ``raw_text``) whose row with the
  manifest row's article_id holds the text; each shard is read once.

Errors stop a corpus loading (unless the loader is told to skip broken articles); warnings
do not. Texts that are not UTF-8 are decoded as cp1252, else latin-1, with a warning; an
outlet the registry lacks is kept as given, with a warning. ``check_corpus`` also cleans
the articles that would load and warns about each without a date, without an outlet, or
with a title that looks like site navigation (``metadata_problems``).
Manifest rows are numbered as in a spreadsheet: the header is row 1, the first article row 2.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.config import CORPUS_DIR
from helpers.text.dates import is_relative_date, parse_timestamp
from helpers.text.navigation import looks_like_navigation
from helpers.corpus.outlets import REGISTRY_COLUMNS, canonical_outlet, load_outlets

MANIFEST = "manifest.csv"
OUTLETS = "outlets.csv"
REQUIRED_COLUMNS = ["article_id", "file"]
OPTIONAL_COLUMNS = ["outlet", "published", "date_source", "title", "author", "url", "note"]
SHARD_COLUMNS = ["article_id", "raw_text"]
SHARD_SUFFIX = ".parquet"
# Publication dates outside these years are typing errors, not news about 2015-2018.
SANE_YEARS = (1990, 2035)
# An article file larger than this (5 MB) is a dump or a binary, not one article.
MAX_BYTES = 5 * 1024 * 1024
# A text with more control characters than this share of its bytes is binary.
MAX_CONTROL_SHARE = 0.05
# Encodings tried, in order, for a text that is not UTF-8; latin-1 decodes any bytes.
LEGACY_ENCODINGS = ("cp1252", "latin-1")
# Control bytes that do not occur in text (tab, newline, form feed and carriage return do).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
FIRST_ROW = 2                      # manifest.csv row 1 is the header
# Shards read so far: resolved path -> {article_id: [raw_text, ...]}, or why it is unusable.
ShardCache = dict[Path, dict[str, list] | str]
# A manifest file value -> (resolved path, inside the corpus folder) or why it cannot be followed.
Resolved = dict[str, tuple[Path, bool] | str]


@dataclass(frozen=True)
class Problem:
    """One problem of a corpus: where (a file, or a manifest row and its file), what, how bad.

    ``rows`` lists the manifest rows the problem concerns (empty when it concerns a file
    or the folder as a whole); the loader leaves those rows out when skipping broken ones.
    """

    where: str
    message: str
    severity: str = "error"
    rows: tuple[int, ...] = ()

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


# ---------------------------------------------------------------- manifest and registry

def load_manifest(folder: str | Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Corpus folder -> (its manifest as strings with every optional column, or None; problems)."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return None, [Problem(MANIFEST, f"no manifest: expected {path}")]
    try:
        manifest = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        return None, [Problem(MANIFEST, "the manifest is empty: it has no header row")]
    except UnicodeDecodeError as exc:
        return None, [Problem(MANIFEST, f"the manifest is not UTF-8 (byte {exc.start})")]
    except (OSError, pd.errors.ParserError) as exc:
        return None, [Problem(MANIFEST, f"the manifest cannot be read as CSV ({_first_line(exc)})")]
    manifest = manifest.fillna("")                 # rows with too few fields
    for column in OPTIONAL_COLUMNS:
        if column not in manifest.columns:
            manifest[column] = ""
    return manifest, []


def missing_columns(manifest: pd.DataFrame) -> list[Problem]:
    """A manifest -> a problem naming the required columns it lacks (empty if none)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in manifest.columns]
    if not missing:
        return []
    return [Problem(MANIFEST, f"the manifest lacks required column(s) {', '.join(missing)}")]


def load_registry(folder: str | Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Corpus folder -> (its outlet registry as ``load_outlets`` gives it, or None; problems)."""
    path = Path(folder) / OUTLETS
    if not path.is_file():
        return None, [Problem(OUTLETS, f"no outlet registry: expected {path}")]
    try:
        header = pd.read_csv(path, dtype=str, keep_default_na=False, nrows=0)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return None, [Problem(OUTLETS, f"the outlet registry cannot be read as CSV "
                                       f"({_first_line(exc)})")]
    missing = [c for c in REGISTRY_COLUMNS if c not in header.columns]
    if missing:
        return None, [Problem(OUTLETS, f"the outlet registry lacks column(s) {', '.join(missing)}")]
    try:
        return load_outlets(path), []
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, [Problem(OUTLETS, f"the outlet registry cannot be read ({_first_line(exc)})")]


def check_manifest(folder: str | Path, manifest: pd.DataFrame,
                   outlets: pd.DataFrame | None) -> list[Problem]:
    """Folder, manifest, registry (None: unknown) -> problems of the manifest's own values.

    Missing required columns, empty article_id or file, duplicate article_ids, bad dates,
    and article files or shards no row names (errors); outlets the registry does not
    know (warnings: the outlet is kept as given).
    """
    if problems := missing_columns(manifest):
        return problems
    manifest = manifest.fillna("")
    for column in OPTIONAL_COLUMNS:
        if column not in manifest.columns:
            manifest = manifest.assign(**{column: ""})
    problems = duplicate_ids(manifest)
    for row_no, row in _rows(manifest):
        problems += check_row(row_no, row, outlets)
    return problems + unlisted_files(folder, manifest)


def duplicate_ids(manifest: pd.DataFrame) -> list[Problem]:
    """A manifest -> one problem per article_id used by more than one row, naming every row."""
    rows_of: dict[str, list[int]] = {}
    for row_no, article_id in enumerate(manifest["article_id"], start=FIRST_ROW):
        if article_id.strip():                      # empty ids are check_row's business
            rows_of.setdefault(article_id, []).append(row_no)
    return [Problem(f"{MANIFEST} row {rows[0]} ({article_id})",
                    f"article_id {article_id!r} appears more than once, in rows "
                    f"{', '.join(map(str, rows))}", rows=tuple(rows))
            for article_id, rows in rows_of.items() if len(rows) > 1]


def check_row(row_no: int, row: Mapping[str, str], outlets: pd.DataFrame | None) -> list[Problem]:
    """One manifest row -> problems with its own values (id, file, date, outlet)."""
    where = f"{MANIFEST} row {row_no} ({row['article_id']})"
    problems = []
    if not row["article_id"].strip():
        problems.append("the article_id column is empty: the row has no id")
    if not row["file"].strip():
        problems.append("the file column is empty: the row names no article file")
    if row["published"].strip():
        problems += _date_problems(row["published"])
    found = [Problem(where, message, rows=(row_no,)) for message in problems]
    outlet = row["outlet"].strip()
    if outlets is not None and outlet and not canonical_outlet(outlet, outlets):
        found.append(Problem(where, f"outlet {outlet!r} is not in {OUTLETS}: it is kept as "
                             f"given; add it there to give it aliases/domains/country",
                             "warning", rows=(row_no,)))
    return found


def _date_problems(published: str) -> list[str]:
    """A manifest's published value -> what is wrong with it (empty if it is a sane date)."""
    if is_relative_date(published):
        return [f"published {published!r} is relative to the day it is read, not a date "
                f"(it would become the clock time of each run); give the date, e.g. 2017-12-11"]
    try:
        stamp = parse_timestamp(published)
    except (ValueError, OverflowError):
        return [f"published {published!r} is not a date"]
    if not SANE_YEARS[0] <= stamp.year <= SANE_YEARS[1]:
        return [f"published {published!r} is outside the years {SANE_YEARS[0]}-{SANE_YEARS[1]}"]
    if stamp.tzinfo is not None:
        return [f"published {published!r} has a time-zone offset; give the local time "
                f"without one (e.g. {stamp.tz_localize(None).isoformat(sep=' ')})"]
    return []


def unlisted_files(folder: str | Path, manifest: pd.DataFrame) -> list[Problem]:
    """Folder and manifest -> an error for every .txt or .parquet file under it no row names.

    Hidden folders and files (a leading ``.``) are not looked in.
    """
    folder = Path(folder)
    named = {shard_key(folder, file) for file in set(manifest["file"]) if file.strip()}
    problems = []
    for suffix in (".txt", SHARD_SUFFIX):
        for path in folder.rglob(f"*{suffix}"):
            relative = path.relative_to(folder)
            if any(part.startswith(".") for part in relative.parts) or not path.is_file():
                continue
            if path.resolve() not in named:
                kind = "shard" if suffix == SHARD_SUFFIX else "article file"
                problems.append(Problem(relative.as_posix(), f"{kind} has no manifest row, so "
                                        f"its text would be lost; add a row or remove the file"))
    return problems


# ---------------------------------------------------------------- article texts

def read_text(folder: str | Path, row_no: int, row: Mapping[str, str], shards_cache: ShardCache,
              resolved: Resolved | None = None) -> tuple[str | None, str | None, list[Problem]]:
    """A manifest row -> (its text, the encoding used, problems); text None on an error.

    ``shards_cache`` maps each Parquet shard already read to {article_id: [texts]} or to
    the reason it cannot be used; pass the same dict for every row so each shard is read once.
    ``resolved`` likewise remembers each file value's resolved path (see ``resolve_file``).
    """
    folder = Path(folder)
    file = row["file"]
    where = f"{MANIFEST} row {row_no} ({row['article_id']}): {file}"

    def problem(message: str, severity: str = "error") -> Problem:
        return Problem(where, message, severity, rows=(row_no,))

    if not file.strip():
        return None, None, [problem("the row names no file")]
    found = resolve_file(folder, file, resolved)
    if isinstance(found, str):                             # e.g. a symlink loop
        return None, None, [problem(found)]
    path, inside = found
    if not inside:
        return None, None, [problem(f"path points outside the corpus folder (to {path})")]
    if is_shard(file):
        text, message = _shard_text(path, row["article_id"], shards_cache)
        if message:
            return None, None, [problem(message)]
        return _check_text(text.encode("utf-8", "replace"), problem, "shard text", text)
    data, message = _file_bytes(path)
    if message:
        return None, None, [problem(message)]
    return _check_text(data, problem, "file")


def _file_bytes(path: Path) -> tuple[bytes | None, str | None]:
    """A resolved article path -> (its bytes, None), or (None, what is wrong with it)."""
    if not path.exists():
        return None, "file not found"
    if not path.is_file():
        return None, "cannot read file: it is not a regular file (a folder?)"
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, (f"file is too large: {size:,} bytes, over the {MAX_BYTES:,}-byte limit "
                          f"for one article")
        return path.read_bytes(), None
    except OSError as exc:
        return None, f"cannot read file ({exc.strerror or exc})"


def _check_text(data: bytes, problem: Callable[..., Problem], noun: str,
                text: str | None = None) -> tuple[str | None, str | None, list[Problem]]:
    """An article's bytes (and its text, if a shard gave it) -> (text, encoding, problems).

    ``noun`` names what the bytes are ("file", "shard text") in the messages.
    """
    if len(data) > MAX_BYTES:
        return None, None, [problem(f"{noun} is too large: {len(data):,} bytes, over the "
                                    f"{MAX_BYTES:,}-byte limit for one article")]
    if not data.strip():
        what = "0 bytes" if not data else "only white space"
        return None, None, [problem(f"{noun} is empty ({what})")]
    if b"\0" in data:
        return None, None, [problem(f"{noun} looks binary: it contains NUL bytes "
                                    "(an image, a PDF, or UTF-16 text?)")]
    share = (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
    if share > MAX_CONTROL_SHARE:
        return None, None, [problem(f"{noun} looks binary: {share:.0%} of its bytes are "
                                    f"control characters")]
    if text is not None:
        encoding, problems = "utf-8", []            # Parquet strings are UTF-8
    else:
        text, encoding, problems = _decode(data, problem)
    if not text.strip():
        return None, None, [problem(f"{noun} is empty (only white space)")]
    return text, encoding, problems


def _decode(data: bytes, problem: Callable[..., Problem]) -> tuple[str, str, list[Problem]]:
    """Bytes -> (text, encoding, a warning if not UTF-8); a UTF-8 byte-order mark is dropped."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data.decode("utf-8-sig"), "utf-8-sig", []
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        bad = f"byte 0x{data[exc.start]:02X} at offset {exc.start}"
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, encoding, [problem(f"not UTF-8: decoded as {encoding} (first non-UTF-8 "
                                        f"{bad}); re-save it as UTF-8", "warning")]
    raise AssertionError("latin-1 decodes any bytes")


def _shard_text(path: Path, article_id: str, cache: ShardCache) -> tuple[str | None, str | None]:
    """A resolved shard path and an article_id -> (its raw_text, None), or (None, why not)."""
    if path not in cache:
        cache[path] = _read_shard(path)
    shard = cache[path]
    if isinstance(shard, str):
        return None, shard
    texts = shard.get(article_id, [])
    if not texts:
        return None, f"shard has no row with article_id {article_id!r}"
    if len(texts) > 1:
        return None, f"shard has {len(texts)} rows with article_id {article_id!r}"
    text = texts[0]
    if text is None:
        return None, f"shard's raw_text for article_id {article_id!r} is empty (null)"
    if isinstance(text, bytes):
        return None, f"shard's raw_text for article_id {article_id!r} is bytes, not a string"
    return text, None


def _read_shard(path: Path) -> dict[str, list] | str:
    """A Parquet shard -> {article_id: [raw_text, ...]}, or why it cannot be used."""
    import pyarrow.parquet as pq

    if not path.exists():
        return "shard not found"
    try:
        names = pq.read_schema(path).names
        missing = [c for c in SHARD_COLUMNS if c not in names]
        if missing:
            return (f"shard lacks column(s) {', '.join(missing)} "
                    f"(expected {', '.join(SHARD_COLUMNS)})")
        table = pq.read_table(path, columns=SHARD_COLUMNS)
    except Exception as exc:                       # pyarrow raises many kinds on a bad file
        return f"cannot read shard as Parquet ({_first_line(exc)})"
    texts: dict[str, list] = {}
    for article_id, text in zip(table.column("article_id").to_pylist(),
                                table.column("raw_text").to_pylist()):
        texts.setdefault("" if article_id is None else str(article_id), []).append(text)
    return texts


def iter_texts(folder: str | Path, manifest: pd.DataFrame
               ) -> Iterator[tuple[int, pd.Series, str | None, str | None, list[Problem]]]:
    """Folder and manifest -> (row_no, row, text, encoding, problems) for every row, in order.

    Rows without a file get no text and no problem here (``check_row`` reports them). Each
    shard is read once and dropped after the last row that uses it.
    """
    folder, resolved = Path(folder), {}
    last_use = {shard_key(folder, file, resolved): row_no
                for row_no, file in enumerate(manifest["file"], start=FIRST_ROW) if is_shard(file)}
    cache: ShardCache = {}
    for row_no, row in _rows(manifest):
        if not row["file"].strip():
            yield row_no, row, None, None, []
            continue
        yield row_no, row, *read_text(folder, row_no, row, cache, resolved)
        if is_shard(row["file"]) and last_use.get(key := shard_key(folder, row["file"], resolved)) == row_no:
            cache.pop(key, None)


def is_shard(file: str) -> bool:
    """A manifest file value -> whether it names a Parquet shard rather than a text file."""
    return file.strip().lower().endswith(SHARD_SUFFIX)


def shard_key(folder: Path, file: str, resolved: Resolved | None = None) -> Path | None:
    """Folder and a manifest file value -> the resolved path ``read_text`` caches it under."""
    found = resolve_file(folder, file, resolved)
    return None if isinstance(found, str) else found[0]


def resolve_file(folder: Path, file: str, resolved: Resolved | None = None) -> tuple[Path, bool] | str:
    """Folder and a manifest file value -> (its resolved path, whether that is inside the
    folder), or why the path cannot be followed; remembered in ``resolved`` (one folder's)
    so the rows of one shard resolve it once."""
    if resolved is not None and file in resolved:
        return resolved[file]
    try:
        path = (folder / file).resolve()
        found: tuple[Path, bool] | str = (path, path.is_relative_to(folder.resolve()))
    except (OSError, RuntimeError) as exc:
        found = f"cannot follow the path ({_first_line(exc)})"
    if resolved is not None:
        resolved[file] = found
    return found


# ---------------------------------------------------------------- the whole corpus

def check_corpus(folder: str | Path = CORPUS_DIR, *, metadata: bool = True) -> list[Problem]:
    """Corpus folder -> every problem of its manifest, registry and texts, sorted by where.

    With ``metadata``, the articles that would load are cleaned as the loader does and
    ``metadata_problems`` adds its warnings (no date, no outlet, a navigation title).
    """
    folder = Path(folder)
    manifest, problems = load_manifest(folder)
    outlets, registry_problems = load_registry(folder)
    problems += registry_problems
    if manifest is not None:
        problems += check_manifest(folder, manifest, outlets)
        if not missing_columns(manifest):
            texts = []
            for row_no, row, text, encoding, row_problems in iter_texts(folder, manifest):
                problems += row_problems
                if text is not None and metadata:
                    texts.append((row_no, row, text, encoding))
            if metadata and outlets is not None:
                problems += _loadable_metadata(texts, outlets, problems)
    return sort_problems(problems)


def _loadable_metadata(texts: list[tuple[int, pd.Series, str, str]], outlets: pd.DataFrame,
                       problems: list[Problem]) -> list[Problem]:
    """Readable rows, the registry and the problems found -> ``metadata_problems`` of the
    rows without errors, read as the loader reads them."""
    from helpers.corpus.reading import articles_from_texts       # corpus imports this module

    broken = {row_no for p in problems if p.severity == "error" for row_no in p.rows}
    good = [t for t in texts if t[0] not in broken]
    articles, _ = articles_from_texts(good, outlets)
    return metadata_problems(articles, [t[0] for t in good])


def metadata_problems(articles: pd.DataFrame, rows: Sequence[int]) -> list[Problem]:
    """The articles table and each article's manifest row number -> a warning for each
    article without a publication date, without an outlet, or whose title looks like site
    navigation (``helpers.text.navigation``), naming the row, the article_id and its file."""
    problems = []
    for row_no, article in zip(rows, articles.to_dict("records")):
        where = f"{MANIFEST} row {row_no} ({article['article_id']}): {article['file']}"
        problems += [Problem(where, message, "warning", rows=(row_no,))
                     for message in _metadata_messages(article)]
    return problems


def _metadata_messages(article: Mapping) -> list[str]:
    """One articles-table row -> what its metadata lacks, one message each."""
    messages = []
    if pd.isna(article["published"]):
        messages.append("no publication date: the manifest's published column is empty and "
                        "no dateline or dated byline of the text gives one; add it to the "
                        "manifest (with date_source)")
    if not article["outlet"]:
        messages.append(f"no outlet: the manifest's outlet column is empty and the text names "
                        f"no outlet of {OUTLETS}; add it to the manifest")
    if article["title"] and looks_like_navigation(article["title"]):
        messages.append(f"title {article['title']!r} (from the {article['title_source']}) "
                        f"looks like site navigation, not a headline; give the headline in "
                        f"the manifest's title column")
    return messages


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems -> the same, sorted by where (row 2 before row 10), then as found."""
    return sorted(problems, key=lambda p: _natural_key(p.where))


def _natural_key(text: str) -> list[tuple[int, int | str]]:
    """A string -> a sort key that orders its runs of digits as numbers."""
    return [(0, int(part)) if part.isdigit() else (1, part)
            for part in re.split(r"(\d+)", text) if part]


def _rows(manifest: pd.DataFrame) -> Iterator[tuple[int, pd.Series]]:
    """A manifest -> (row number as in a spreadsheet, row) for each article row."""
    for i, row in enumerate(manifest.to_dict("records")):
        yield i + FIRST_ROW, pd.Series(row)


def _first_line(exc: BaseException) -> str:
    """An exception -> the first line of its message (or its type when it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
