"""The whole pipeline, streamed: a corpus folder -> articles, sentence scores, article tone and
frame hits, batch by batch over worker processes, every stage cached per article.

    result = run_pipeline("corpus/")                       # tables in memory
    result = run_pipeline(big_corpus, out_dir="tables/")   # streamed to Parquet, batch by batch
    tables = load_tables("tables/")

Each batch (``BATCH`` manifest rows, in manifest order) goes through the same steps as
``load_corpus`` -> ``sentence_sentiment`` -> ``frame_matches`` / ``article_tone``, with the
same functions, so the tables are equal, bit for bit, to what those give on the whole corpus:

1. read: the batch's texts (``helpers.corpus.check.read_text``; a shard is read once per batch);
2. clean: ``clean_text`` and the metadata found in the removed lines (``article_row``);
3. split and sentiment: ``sentence_rows`` then ``score_sentences`` (VADER; the topic-free pass
   only on sentences that hold a conflict term);
4. frames: ``frame_matches``; tone: ``article_tone``.

The cache is per article like ``helpers.run.cache`` (same keys: the article's text for step 2,
its body for steps 3-4; a version hash of code and data files per stage) but partitioned:
each batch writes the rows it computed as a new, never rewritten Parquet part, and a run
reads only the parts holding its articles. So a second run over an unchanged corpus reads
every row and computes nothing; an added article is the only one computed; two processes
(or cluster machines sharing the folder) write separate parts and never lose rows; and
memory holds one batch per worker, whatever the corpus's size. On top of that, each batch
that ran without problems keeps its four tables under a key of its manifest rows, its
files' sizes and modification times, the registry and the stage versions: a later batch
with the same key copies them without reading a text (so a second run over an unchanged
corpus takes about a second). A file rewritten with the same size and modification time
is not noticed. The stores live in ``cache_dir()/pipeline``; ``KREMLIN_SYRIA_NO_CACHE=1``
bypasses them.

Tables (``TABLES``): ``articles`` (the articles table without raw_text), ``sentences``
(``sentence_sentiment``'s columns), ``tone`` (``article_tone``'s), ``frames``
(``frame_matches``'s). ``helpers.run.distributed.run_on_dask`` runs the same batches on Dask.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path

import pandas as pd

from helpers.corpus import check, outlets as outlets_module
from helpers.measures import framing
from helpers.text import bylines, clean, dates
from helpers.run.cache import (KEY, atomic_write, current_umask, digest, enabled, stage_version,
                    write_parquet_atomic)
from helpers.corpus.check import (FIRST_ROW, Problem, Resolved, ShardCache, resolve_file, shard_key,
                    check_row, duplicate_ids, is_shard, read_text, sort_problems,
                    unlisted_files)
from helpers.text.clean import RULES_FILE, clean_text
from helpers.config import cache_dir
from helpers.corpus.reading import (
    ARTICLE_COLUMNS,
    CorpusError,
    OUTLETS,
    article_row,
    manifest_and_registry,
    skipped_message,
    text_metadata,
)
from helpers.measures.framing import FRAMES_FILE, MATCH_COLUMNS, frame_matches, load_frames
from helpers.text.sentences import SENTENCE_COLUMNS, sentence_rows, sentence_splitter
from helpers.measures.tone import (
    TONE_COLUMNS,
    group_tone,
    article_tone,
    score_sentences,
    topic_free_vader,
    vader,
    vader_version,
)
from helpers.schemas import columns

BATCH = 250                 # articles per batch: small enough to balance 2 workers' last tasks
TABLES = ("articles", "sentences", "tone", "frames")
# Worker-seconds are counted per stage; "cache" is the rest: keys, store reads and writes, merges.
STAGES = ("read", "clean", "split", "sentiment", "frames", "tone", "cache", "write")
LEAD = ["article_id", "outlet", "published"]
ARTICLE_TABLE_COLUMNS = [c for c in ARTICLE_COLUMNS if c != "raw_text"]
SCORED_COLUMNS = columns("scored")
FRAME_COLUMNS = [*MATCH_COLUMNS, "frame"]
TONE_TABLE_COLUMNS = [*LEAD, *TONE_COLUMNS]


# ---------------------------------------------------------------- the plan: batches of rows

@dataclass(frozen=True)
class Task:
    """One batch of manifest rows and everything a worker needs to run it."""

    number: int
    folder: str
    rows: tuple[tuple[int, dict[str, str]], ...]    # (manifest row number, row)
    registry: pd.DataFrame
    registry_digest: str
    store_root: str | None                          # None: cache off
    out_dir: str | None                             # None: return the tables


@dataclass
class Plan:
    """A run's batches, and the manifest problems found before any was run."""

    folder: Path
    tasks: list[Task]
    problems: list[Problem]
    skip_broken: bool
    out_dir: Path | None


def plan_run(folder: str | Path, out_dir: str | Path | None = None, *, batch_size: int = BATCH,
             skip_broken: bool = False) -> Plan:
    """Corpus folder -> its batches; CorpusError on a duplicate id or an unlisted file unless
    skip_broken, which leaves the broken rows out. Each row's own values are checked in its
    batch (``check_row``, as ``read_corpus`` does), and only for articles not in the cache:
    a cached article had the same values and passed the same checks."""
    folder = Path(folder).resolve()
    manifest, registry = manifest_and_registry(folder)
    problems = duplicate_ids(manifest) + unlisted_files(folder, manifest)
    broken = {row_no for p in problems if p.severity == "error" for row_no in p.rows}
    if broken and not skip_broken:
        raise CorpusError(folder, sort_problems(problems))
    rows = [(i + FIRST_ROW, row) for i, row in enumerate(manifest.to_dict("records"))
            if i + FIRST_ROW not in broken]
    store_root = str(cache_dir() / "pipeline") if enabled() else None
    out = Path(out_dir).resolve() if out_dir is not None else None
    if out is not None:
        _clear_outputs(out)
    registry_digest = digest((folder / OUTLETS).read_bytes())
    tasks = [Task(n, str(folder), tuple(rows[start:start + batch_size]), registry,
                  registry_digest, store_root, str(out) if out else None)
             for n, start in enumerate(range(0, len(rows), batch_size))]
    return Plan(folder, tasks, problems, skip_broken, out)


def _clear_outputs(out_dir: Path) -> None:
    """Output folder -> its tables' old parts removed (a run writes them all anew)."""
    for table in TABLES:
        (out_dir / table).mkdir(parents=True, exist_ok=True)
        for part in (out_dir / table).glob("part-*.parquet"):
            part.unlink()


# ---------------------------------------------------------------- the partitioned store

@dataclass
class Store:
    """One stage's per-article rows under root/STAGE-VERSION: parts written once, each as
    ``rows-PART.parquet`` (with a ``_key`` column) and ``keys-PART.parquet`` (the keys it covers)."""

    root: Path | None
    stage: str
    version: str

    @property
    def folder(self) -> Path:
        """The stage's folder of parts."""
        return self.root / f"{self.stage}-{self.version}"

    def known(self) -> dict[str, str]:
        """Nothing -> {key: part} of every key in the store ({} with the cache off)."""
        return _index(self.folder) if self.root is not None else {}

    def rows(self, inputs: dict[str, object], compute: Callable[[dict], pd.DataFrame],
             counts: Counter) -> pd.DataFrame:
        """Inputs by key -> rows of every key: read from the parts holding them, computed
        (and written as a new part) for the rest; counts learns computed and cached."""
        if self.root is None or not inputs:
            counts[f"{self.stage}_computed"] += len(inputs)
            return compute(inputs)
        where = _index(self.folder)
        found = [k for k in inputs if k in where]
        missing = {k: v for k, v in inputs.items() if k not in where}
        counts[f"{self.stage}_computed"] += len(missing)
        counts[f"{self.stage}_cached"] += len(found)
        try:
            parts = [self._read(found, where)] if found else []
        except FileNotFoundError:           # the cache folder was emptied behind our back
            _INDEX.pop(self.folder, None)
            counts[f"{self.stage}_computed"] += len(found)
            counts[f"{self.stage}_cached"] -= len(found)
            found, missing, parts = [], dict(inputs), []
        if missing:
            fresh = compute(missing)
            self._write(list(missing), fresh)
            parts.append(fresh)
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]

    def _read(self, keys: list[str], where: dict[str, str]) -> pd.DataFrame:
        """Keys and the parts holding them -> their rows."""
        by_part: dict[str, list[str]] = {}
        for key in keys:
            by_part.setdefault(where[key], []).append(key)
        tables = []
        for part, wanted in by_part.items():
            table = pd.read_parquet(self.folder / f"rows-{part}.parquet")
            whole = len(wanted) == _INDEX[self.folder][1][part]
            tables.append(table if whole else table[table[KEY].isin(wanted)])
        return pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]

    def _write(self, keys: list[str], rows: pd.DataFrame) -> None:
        """Computed keys and their rows -> a new part: its rows, then the keys it covers (an
        article without rows, e.g. without frame hits, is covered too)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        part = digest(*sorted(keys))[:24]
        write_parquet_atomic(rows.assign(**{KEY: rows[KEY].astype(str)}),
                             self.folder / f"rows-{part}.parquet")
        write_parquet_atomic(pd.DataFrame({KEY: keys}), self.folder / f"keys-{part}.parquet")
        where, sizes = _INDEX.setdefault(self.folder, ({}, {}))
        where.update(dict.fromkeys(keys, part))
        sizes[part] = len(keys)


# stage folder -> ({key: part}, {part: number of keys}); grows as parts appear.
_INDEX: dict[Path, tuple[dict[str, str], dict[str, int]]] = {}


def _index(folder: Path) -> dict[str, str]:
    """A stage folder -> {key: part holding it}, reading the key lists of parts not seen before
    (a part's key list is written after its rows, so a listed part is complete)."""
    where, sizes = _INDEX.setdefault(folder, ({}, {}))
    if not folder.is_dir():
        return where
    for listing in folder.glob("keys-*.parquet"):
        part = listing.stem.removeprefix("keys-")
        if part in sizes:
            continue
        keys = pd.read_parquet(listing)[KEY].tolist()
        where.update(dict.fromkeys(keys, part))
        sizes[part] = len(keys)
    return where


@cache
def stores(root: str | None) -> dict[str, Store]:
    """Store root (None: cache off) -> the pipeline's stores with their versions."""
    base = Path(root) if root else None
    scored = vader_version()
    return {
        "articles": Store(base, "articles", stage_version(
            files=[RULES_FILE], code=[check, clean, dates, bylines, outlets_module, article_row,
                                      text_metadata, _article_rows])),
        "sentences": Store(base, "sentences", scored),
        "frames": Store(base, "frames", scored + stage_version(
            files=[FRAMES_FILE], code=[framing, _frame_rows])),
        "tone": Store(base, "tone", scored + stage_version(code=[article_tone, group_tone,
                                                                  _tone_rows])),
    }


# ---------------------------------------------------------------- one batch

@dataclass
class BatchResult:
    """What a batch gives back: its tables (or rows written), problems, counts and timings."""

    number: int
    tables: dict[str, pd.DataFrame] | None
    rows: dict[str, int]
    problems: list[Problem]
    counts: Counter
    seconds: dict[str, float]
    pid: int = field(default_factory=os.getpid)
    peak_rss_mb: float = 0.0


class _Timer:
    """Seconds spent per stage, accumulated."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self.stage, self.started = "", 0.0

    def __call__(self, stage: str) -> "_Timer":
        self.stage = stage
        return self

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *_) -> None:
        self.seconds[self.stage] += time.perf_counter() - self.started

    def wrap(self, stage: str, function: Callable) -> Callable:
        """A function -> the same, its time counted under stage."""
        def timed(*args, **kwargs):
            with self(stage):
                return function(*args, **kwargs)
        return timed


def run_batch(task: Task) -> BatchResult:
    """One batch of manifest rows -> its four tables (or their rows written to out_dir).

    A batch whose rows, files (size and modification time), registry and stage versions
    are all as in an earlier run without problems gets that run's tables back from the
    cache (``_batch_key``) without reading a text; any other batch is run article by article.
    """
    timer, counts, started = _Timer(), Counter(), time.perf_counter()
    key = _batch_key(task)
    if key is not None and (kept := _kept_batch(task, key, timer, counts)) is not None:
        tables, rows, problems = *kept, []
    else:
        tables, problems = _run_rows(task, timer, counts)
        rows = {name: len(table) for name, table in tables.items()}
        with timer("write"):
            if task.out_dir is not None:
                for name, table in tables.items():
                    write_parquet_atomic(table, _out_part(task, name))
            if key is not None and not problems:
                _keep_batch(task, key, tables, counts)
        if task.out_dir is not None:
            tables = None
    timer.seconds["cache"] = time.perf_counter() - started - sum(timer.seconds.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return BatchResult(task.number, tables, rows, problems, counts, timer.seconds,
                       peak_rss_mb=peak)


def _run_rows(task: Task, timer: _Timer, counts: Counter
              ) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """A batch -> its four tables and problems, each article read, then cached or computed."""
    all_stores = stores(task.store_root)
    with timer("read"):
        texts, problems = _read_texts(Path(task.folder), task.rows, task.registry)
    articles = _articles(texts, task, all_stores["articles"], timer, counts, problems)
    counts["articles"] = len(articles)
    keys = pd.Series([digest(str(body)) for body in articles["body"]], index=articles.index,
                     dtype=str)
    scored = _scored(articles, keys, all_stores["sentences"], timer, counts)
    return {"articles": articles, "sentences": scored,
            "tone": _per_body(articles, keys, scored, all_stores["tone"], TONE_TABLE_COLUMNS,
                              timer.wrap("tone", _tone_rows), counts),
            "frames": _per_body(articles, keys, scored, all_stores["frames"], FRAME_COLUMNS,
                                timer.wrap("frames", _frame_rows), counts,
                                keep=("article_id", "outlet"))}, problems


def _out_part(task: Task, name: str) -> Path:
    """A batch and a table's name -> the Parquet part it writes in out_dir."""
    return Path(task.out_dir) / name / f"part-{task.number:06d}.parquet"


def _batch_key(task: Task) -> str | None:
    """A batch -> a hash of what its tables depend on: its manifest rows, the size and
    modification time of each file they name, the registry, every stage's version; None
    with the cache off or where a file cannot be looked at (the batch then reports why)."""
    if task.store_root is None:
        return None
    folder, resolved, files = Path(task.folder), {}, []
    for file in sorted({row["file"] for _, row in task.rows}):
        found = resolve_file(folder, file, resolved) if file.strip() else "no file"
        if isinstance(found, str) or not found[1]:
            return None
        try:
            stat = found[0].stat()
        except OSError:
            return None
        files.append((file, stat.st_mtime_ns, stat.st_size))
    versions = sorted((s.stage, s.version) for s in stores(task.store_root).values())
    return digest(json.dumps([task.rows, files, task.registry_digest, versions]))[:24]


def _batch_dir(task: Task, key: str) -> Path:
    """A batch and its key -> the folder keeping its tables."""
    return Path(task.store_root) / "batches" / key


def _kept_batch(task: Task, key: str, timer: _Timer, counts: Counter
                ) -> tuple[dict[str, pd.DataFrame] | None, dict[str, int]] | None:
    """A batch and its key -> (its tables, or None once copied to out_dir; their row counts)
    from the cache, its counts all "cached"; None if the cache does not hold it."""
    folder = _batch_dir(task, key)
    try:
        kept = json.loads((folder / "counts.json").read_text(encoding="utf-8"))
        with timer("write"):
            if task.out_dir is None:
                tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
            else:
                tables = None
                for name in TABLES:
                    atomic_write(_out_part(task, name),
                                 partial(shutil.copyfile, folder / f"{name}.parquet"))
    except FileNotFoundError:           # not kept, or the cache was emptied behind our back
        return None
    counts.update(kept["counts"])
    return tables, kept["rows"]


def _keep_batch(task: Task, key: str, tables: dict[str, pd.DataFrame], counts: Counter) -> None:
    """A batch run without problems -> its tables (copies of its out_dir parts, if it wrote
    them) and counts kept in the cache under its key (a temporary folder renamed into place)."""
    folder = _batch_dir(task, key)
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{key}."))
    os.chmod(tmp, 0o777 & ~current_umask())     # mkdtemp makes 0o700: honour the umask
    try:
        for name, table in tables.items():
            if task.out_dir is None:
                table.to_parquet(tmp / f"{name}.parquet", index=False)
            else:
                shutil.copyfile(_out_part(task, name), tmp / f"{name}.parquet")
        cached = Counter()                  # a later run reads every article from here
        for name, n in counts.items():
            cached[name.replace("_computed", "_cached")] += n
        (tmp / "counts.json").write_text(json.dumps({
            "counts": cached, "rows": {name: len(t) for name, t in tables.items()}}),
            encoding="utf-8")
        tmp.rename(folder)
    except OSError:                     # another worker kept the same batch first
        shutil.rmtree(tmp, ignore_errors=True)


def _read_texts(folder: Path, rows: Iterable[tuple[int, dict[str, str]]], registry: pd.DataFrame
                ) -> tuple[list[tuple[int, dict[str, str], str, str]], list[Problem]]:
    """Folder and manifest rows -> ((row_no, row, text, encoding) per readable row, problems;
    a row that cannot be read also gets its values checked)."""
    rows, resolved = list(rows), {}
    cache: ShardCache = _shard_texts(folder, rows, resolved)
    texts, problems = [], []
    for row_no, row in rows:
        text, encoding, found = (read_text(folder, row_no, row, cache, resolved)
                                 if row["file"].strip() else (None, None, []))
        problems += found
        if text is None:
            problems += check_row(row_no, row, registry)
        else:
            texts.append((row_no, row, text, encoding))
    return texts, problems


def _shard_texts(folder: Path, rows: list[tuple[int, dict[str, str]]], resolved: Resolved
                 ) -> ShardCache:
    """Folder and rows -> {shard path: {article_id: [texts]}} for those rows' ids only, in
    the form ``read_text`` caches, reading only the row groups that hold them; a shard that
    cannot be read is left for ``read_text`` to report."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    wanted: dict[Path, set[str]] = {}
    for _, row in rows:
        if is_shard(row["file"]) and (key := shard_key(folder, row["file"], resolved)) is not None:
            wanted.setdefault(key, set()).add(row["article_id"])
    cache: ShardCache = {}
    for path, ids in wanted.items():
        try:
            stat = path.stat()
            groups = [i for i, held in enumerate(_row_group_ids(path, stat.st_mtime_ns, stat.st_size))
                      if not held.isdisjoint(ids)]
            table = pq.ParquetFile(path).read_row_groups(groups, columns=["article_id", "raw_text"])
        except Exception:                           # read_text says why
            continue
        table = table.filter(pc.is_in(table.column("article_id"), _string_array(ids)))
        texts: dict[str, list] = {}
        for aid, text in zip(table.column("article_id").to_pylist(),
                             table.column("raw_text").to_pylist()):
            texts.setdefault("" if aid is None else str(aid), []).append(text)
        cache[path] = texts
    return cache


@lru_cache(maxsize=64)
def _row_group_ids(path: Path, mtime_ns: int, size: int) -> tuple[frozenset[str], ...]:
    """A shard (its modification time and size, so a rewritten shard is read anew) -> the
    article ids of each of its row groups. Read once per worker: a batch then decodes only
    the row groups holding its articles, not the whole shard."""
    import pyarrow.parquet as pq

    shard = pq.ParquetFile(path)
    return tuple(frozenset(str(a) for a in shard.read_row_group(i, columns=["article_id"])
                           .column("article_id").to_pylist() if a is not None)
                 for i in range(shard.num_row_groups))


def _string_array(values: Iterable[str]):
    """Strings -> a pyarrow string array."""
    import pyarrow as pa

    return pa.array(sorted(values), type=pa.string())


def _article_rows(inputs: dict[str, tuple[dict, str, str, pd.DataFrame]]) -> pd.DataFrame:
    """(row, text, encoding, registry) by key -> the articles-table rows (no raw_text), _key."""
    records = []
    for key, (row, text, encoding, registry) in inputs.items():
        cleaned = clean_text(text, title=row["title"] or None)
        record = article_row(pd.Series(row), text, cleaned, registry)
        record["encoding"], record[KEY] = encoding, key
        records.append(record)
    table = pd.DataFrame(records, columns=[KEY, *ARTICLE_COLUMNS]).drop(columns="raw_text")
    table["published"] = pd.to_datetime(table["published"]).astype("datetime64[ns]")
    return table


def _articles(texts: list[tuple[int, dict, str, str]], task: Task, store: Store, timer: _Timer,
              counts: Counter, problems: list[Problem]) -> pd.DataFrame:
    """The batch's texts -> its articles table (no raw_text), cleaned, cached per article; the
    values of rows not in the cache are checked first, and a row with an error is left out."""
    known, inputs, keys = store.known(), {}, []
    for row_no, row, text, encoding in texts:
        key = digest(text, json.dumps(row, sort_keys=True), encoding, task.registry_digest)
        if key not in known and (found := check_row(row_no, row, task.registry)):
            problems += found
            continue
        inputs[key] = (row, text, encoding, task.registry)
        keys.append(key)
    rows = store.rows(inputs, timer.wrap("clean", _article_rows), counts)
    table = pd.DataFrame({KEY: keys}).merge(rows, on=KEY, how="left").drop(columns=KEY)
    table["published"] = table["published"].astype("datetime64[ns]")
    return table[ARTICLE_TABLE_COLUMNS]


def _scored(articles: pd.DataFrame, keys: pd.Series, store: Store, timer: _Timer,
            counts: Counter) -> pd.DataFrame:
    """Articles and their body keys -> ``sentence_sentiment``'s table for them, cached per body."""
    def compute(bodies: dict[str, str]) -> pd.DataFrame:
        with timer("split"):
            sentences = sentence_rows(bodies)
        with timer("sentiment"):
            return score_sentences(sentences)

    table = _lead_merge(articles, keys, store, compute, counts, LEAD)
    return table.astype({"published": "datetime64[ns]"})[SCORED_COLUMNS]


def _lead_merge(articles: pd.DataFrame, keys: pd.Series, store: Store,
                compute: Callable[[dict], pd.DataFrame], counts: Counter, keep: Iterable[str]
                ) -> pd.DataFrame:
    """Articles, their body keys, a store keyed by body -> the store's rows led by each
    article's keep columns (as ``helpers.run.cache.per_article``)."""
    rows = store.rows(dict(zip(keys, articles["body"])), compute, counts)
    lead = articles[list(keep)].assign(**{KEY: keys})
    return lead.merge(rows.astype({KEY: str}), on=KEY, how="inner").drop(columns=KEY)


def _per_body(articles: pd.DataFrame, keys: pd.Series, scored: pd.DataFrame, store: Store,
              columns: list[str], rows_of: Callable[[pd.DataFrame], pd.DataFrame],
              counts: Counter, keep: tuple[str, ...] = tuple(LEAD)) -> pd.DataFrame:
    """Articles, their body keys and scored sentences -> a table computed per body (tone,
    frames) from the sentences of one article with that body, cached per body."""

    def compute(bodies: dict[str, str]) -> pd.DataFrame:
        first = keys[keys.isin(bodies.keys())].drop_duplicates()
        by_id = dict(zip(articles.loc[first.index, "article_id"], first))
        mine = scored[scored["article_id"].isin(by_id.keys())]
        return rows_of(mine.assign(article_id=mine["article_id"].map(by_id)))

    table = _lead_merge(articles, keys, store, compute, counts, keep)
    if "published" in table:
        table = table.astype({"published": "datetime64[ns]"})
    return table[columns]


def _tone_rows(sentences: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences whose article_id is a body key -> _key and ``article_tone``'s columns."""
    tone = article_tone(sentences.assign(outlet="", published=pd.NaT))
    return tone.rename(columns={"article_id": KEY})[[KEY, *TONE_COLUMNS]]


def _frame_rows(sentences: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences whose article_id is a body key -> _key and ``frame_matches``' columns."""
    hits = frame_matches(sentences.assign(outlet=""))
    return hits.rename(columns={"article_id": KEY}).drop(columns="outlet")


# ---------------------------------------------------------------- the whole run

@dataclass
class PipelineResult:
    """A run's tables (None when streamed to out_dir), and what it did: per-stage counts of
    articles computed and read from the cache, worker-seconds per stage, peak memory."""

    tables: dict[str, pd.DataFrame] | None
    out_dir: Path | None
    counts: Counter
    seconds: dict[str, float]
    workers: int
    worker_peak_mb: dict[object, float]     # worker (pid or address) -> its peak RSS, MB

    def computed(self, stage: str = "articles") -> int:
        """A stage -> how many articles (or bodies) it computed in this run."""
        return self.counts[f"{stage}_computed"]

    def cached(self, stage: str = "articles") -> int:
        """A stage -> how many articles (or bodies) it read from the cache in this run."""
        return self.counts[f"{stage}_cached"]


def run_pipeline(folder: str | Path, out_dir: str | Path | None = None, *,
                 workers: int | None = None, batch_size: int = BATCH,
                 skip_broken: bool = False) -> PipelineResult:
    """Corpus folder -> the four tables (in memory, or streamed to out_dir as Parquet parts),
    batches run in ``workers`` processes (default: one per core; 1 runs in this process)."""
    plan = plan_run(folder, out_dir, batch_size=batch_size, skip_broken=skip_broken)
    workers = max(1, min(workers or os.cpu_count() or 1, len(plan.tasks)))
    if workers == 1:
        return finish(plan, map(run_batch, plan.tasks), 1)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["helpers.run.pipeline"])
    with context.Pool(workers, initializer=warm_up) as pool:
        return finish(plan, pool.imap_unordered(run_batch, plan.tasks), workers)


def warm_up() -> None:
    """Load NLTK's Punkt and both VADER analysers and the frames once per worker process."""
    sentence_splitter(), vader(), topic_free_vader(), load_frames()


def finish(plan: Plan, results: Iterable[BatchResult], workers: int) -> PipelineResult:
    """A plan and its batches' results (any order) -> the run's result, tables in article
    order; CorpusError if any article could not be read (unless skipping broken ones)."""
    counts, seconds, peaks = Counter(), dict.fromkeys(STAGES, 0.0), {}
    problems, tables = list(plan.problems), {}
    for result in results:
        counts.update(result.counts)
        for stage, value in result.seconds.items():
            seconds[stage] += value
        peaks[result.pid] = max(peaks.get(result.pid, 0.0), result.peak_rss_mb)
        problems += result.problems
        if result.tables is not None:
            tables[result.number] = result.tables
    _raise_or_warn(plan, problems)
    merged = None
    if plan.out_dir is None:
        merged = {name: _concat([tables[n][name] for n in sorted(tables)], name)
                  for name in TABLES}
    return PipelineResult(merged, plan.out_dir, counts, seconds, workers, peaks)


def _raise_or_warn(plan: Plan, problems: list[Problem]) -> None:
    """A run's problems -> CorpusError on an error (a warning naming them with skip_broken)."""
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return
    if not plan.skip_broken:
        raise CorpusError(plan.folder, sort_problems(problems))
    from helpers.corpus.reading import read_manifest

    warnings.warn(skipped_message(plan.folder, read_manifest(plan.folder), errors),
                  UserWarning, stacklevel=3)


def _concat(parts: list[pd.DataFrame], name: str) -> pd.DataFrame:
    """A table's batch parts -> one table, index 0..n-1 (an empty table keeps its columns)."""
    parts = [p for p in parts if len(p)] or parts[:1]
    if not parts:
        return pd.DataFrame(columns=_columns(name))
    return pd.concat(parts, ignore_index=True)


def _columns(name: str) -> list[str]:
    """A table's name -> its columns."""
    return {"articles": ARTICLE_TABLE_COLUMNS, "sentences": SCORED_COLUMNS,
            "tone": TONE_TABLE_COLUMNS, "frames": FRAME_COLUMNS}[name]


def load_tables(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """An output folder of a streamed run -> its four tables, in article order."""
    out = Path(out_dir)
    return {name: _concat([pd.read_parquet(p) for p in sorted((out / name).glob("part-*.parquet"))],
                          name) for name in TABLES}


def iter_tables(out_dir: str | Path, name: str) -> Iterator[pd.DataFrame]:
    """An output folder and a table's name -> its batches one at a time (to aggregate big runs)."""
    for part in sorted((Path(out_dir) / name).glob("part-*.parquet")):
        yield pd.read_parquet(part)


SORT_KEYS = {"articles": ["article_id"], "sentences": ["article_id", "sentence_no"],
             "tone": ["article_id"], "frames": ["article_id", "sentence_no", "start", "end", "frame"]}


def canonical(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """A table and its name -> its rows sorted by their key, index 0..n-1 (to compare runs)."""
    return table.sort_values(SORT_KEYS[name], kind="stable").reset_index(drop=True)
