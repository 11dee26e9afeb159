"""Import articles into a corpus folder: ``python -m helpers corpus import SOURCE --into DIR``.

SOURCE is a ``.csv`` file (fields mapped by ``columns`` or a preset), a ``.jsonl`` file (one
JSON object per line; fields by ``columns`` or the standard names), a folder of saved
``.html``/``.htm`` pages (text and metadata by trafilatura, which never fetches anything
here) or a folder of ``.txt`` files (text only). Every reader yields records with the
standard fields (FIELDS); one writer adds them to the corpus (see ``helpers.corpus``).

Choices:
- Text is stored as the source gave it; only metadata is tidied (stripped, dates as ISO).
- Encoding "auto": UTF-8 if the bytes decode so (a big file: its first MiB), else
  charset-normalizer's guess; a file that turns out not to be that encoding later stops
  the import with a message (what was imported before stays consistent).
- Dates: a published value is parsed with ``date_format`` (else dateutil); an offset is
  dropped and the printed local time kept; unreadable or implausible dates stay empty.
  ``since``/``until`` drop undated rows when the source has a date field (CSV with a
  published column, JSON Lines, HTML); otherwise (CSV without one, .txt) they cannot be
  applied and the report says so. FakeNewsCorpus' crawl times are never publication dates.
- Outlets: the source's outlet (or the url's domain) resolves to the registry's name. The
  web domain goes to the manifest's ``domain`` column; an unknown outlet leaves ``outlet``
  empty (the loader rejects names the registry lacks) unless ``add_outlets`` adds it.
- article_id: sha1 of "id:<source file name>:<id>", else "url:<url>", else "text:<text>",
  16 hex digits. The file name keeps two sources' row numbers from colliding.
- The C CSV parser handles quoted newlines and has no field-size limit (the csv module's
  limit binds only engine="python"); malformed lines are skipped and counted.
- Each batch of ``chunksize`` new articles: texts, then outlets.csv, then the manifest
  (existing rows + new), each to a temp file and ``os.replace``d. The manifest is held in
  memory and rewritten per batch, so an unfiltered import of millions of rows costs
  manifest-size I/O per batch: use a large chunksize for that.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import json
import re
import shutil
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import dateutil.parser
import pandas as pd
from tqdm import tqdm

from .cache import atomic_write
from .config import CORPUS_DIR
from .corpus import EVENTS, MANIFEST, OUTLETS, SANE_YEARS, read_manifest
from .outlets import canonical_outlet, load_outlets

FIELDS = ("text", "title", "outlet", "published", "url", "author", "id")
PRESETS = {"fakenewscorpus": {"text": "content", "title": "title", "outlet": "domain",
                              "url": "url", "author": "authors", "id": "id"}}
MANIFEST_COLUMNS = ["article_id", "file", "outlet", "published", "date_source", "title",
                    "author", "url", "note", "domain", "source"]
HAS_DATES = {"csv": False, "jsonl": True, "html": True, "txt": False}   # csv: if mapped
SAMPLE_BYTES = 1 << 20          # bytes read to tell a big file's encoding
ADDED_KIND = "added by import"
MAX_TEXT_BYTES = 5 * 1024 * 1024    # the loader rejects larger articles (helpers.check)
# Rows per row group of a Parquet shard: a reader of a few articles (a pipeline batch)
# decodes the row groups holding them, not the whole shard.
SHARD_ROW_GROUP = 1_000
Record = dict[str, str]


@dataclass
class ImportReport:
    """What an import read, kept, added and skipped, and how long it took."""

    source: str
    into: str
    read: int = 0
    matched: int = 0
    added: int = 0
    already_present: int = 0
    duplicates: int = 0                                   # repeated ids within the source
    skipped: Counter = field(default_factory=Counter)     # reason -> rows without text
    unknown_outlets: Counter = field(default_factory=Counter)
    encoding: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The report as a few human-readable lines."""
        skipped = ", ".join(f"{n} {why}" for why, n in self.skipped.most_common())
        lines = [f"{self.source} -> {self.into} (encoding: {self.encoding or 'n/a'})",
                 f"read {self.read}, matched {self.matched}, added {self.added}, already "
                 f"present {self.already_present}, repeated in source {self.duplicates}, "
                 f"skipped {sum(self.skipped.values())}" + (f" ({skipped})" if skipped else ""),
                 f"{self.seconds:.1f} s, {self.read / max(self.seconds, 1e-9):,.0f} articles/s"]
        if self.unknown_outlets:
            top = ", ".join(f"{k} ({n})" for k, n in self.unknown_outlets.most_common(5))
            lines.append(f"{len(self.unknown_outlets)} outlet(s) not in the registry: {top}"
                         + (", ..." if len(self.unknown_outlets) > 5 else ""))
        return "\n".join(lines + [f"note: {n}" for n in self.notes])


def parse_columns(spec: str | None) -> dict[str, str] | None:
    """"text=content,title=headline" -> {"text": "content", "title": "headline"}; None -> None."""
    if spec is None:
        return None
    mapping = {}
    for part in spec.split(","):
        key, sep, column = (s.strip() for s in part.partition("="))
        if not (sep and key and column):
            raise ValueError(f"columns: {part!r} is not FIELD=COLUMN")
        if key not in FIELDS:
            raise ValueError(f"columns: unknown field {key!r} (fields: {', '.join(FIELDS)})")
        if key in mapping:
            raise ValueError(f"columns: field {key!r} given twice")
        mapping[key] = column
    return mapping


def detect_encoding(data: bytes, complete: bool = True) -> str:
    """Bytes -> "utf-8" (or "utf-8-sig") if they decode so, else charset-normalizer's guess."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
        if best is None:
            raise ValueError("cannot tell the text encoding; pass encoding=") from None
        return best.encoding


def _as_text(value: object) -> str:
    """A JSON value -> a string ("" for null, "; "-joined lists)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(_as_text, value))
    return value if isinstance(value, str) else str(value)


def _read_csv(path: Path, columns: dict[str, str], encoding: str, chunksize: int,
              bar: tqdm) -> Iterator[Record]:
    """CSV file -> its records (read lazily); checks at once that it has the mapped columns."""
    header = pd.read_csv(path, nrows=0, encoding=encoding).columns
    if missing := sorted(set(columns.values()) - set(header)):
        raise ValueError(f"{path}: no column(s) {', '.join(missing)}; it has {', '.join(header)}")
    return _csv_records(path, columns, encoding, chunksize, bar)


def _csv_records(path: Path, columns: dict[str, str], encoding: str, chunksize: int,
                 bar: tqdm) -> Iterator[Record]:
    """CSV file -> records, chunksize rows at a time; malformed lines -> skip records."""
    with open(path, "rb") as handle:
        chunks = pd.read_csv(handle, chunksize=chunksize, dtype=str, keep_default_na=False,
                             encoding=encoding, engine="c", quoting=csv.QUOTE_MINIMAL,
                             doublequote=True, on_bad_lines="warn")
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                try:
                    chunk = next(chunks, None)
                except UnicodeDecodeError as exc:
                    raise ValueError(f"{path}: not {encoding} near byte {handle.tell()} "
                                     f"({exc.reason}); pass encoding=") from None
            bad = sum(str(w.message).count("Skipping line") for w in caught)
            yield from ({"skip": "malformed CSV line"} for _ in range(bad))
            if chunk is None:
                return
            bar.update(handle.tell() - bar.n)
            values = {f: chunk[c].tolist() for f, c in columns.items()}
            for i in range(len(chunk)):
                yield {f: values[f][i] if f in values else "" for f in FIELDS}


def _read_jsonl(path: Path, columns: dict[str, str], encoding: str, bar: tqdm) -> Iterator[Record]:
    """JSON Lines file -> records (keys by columns, else the field names)."""
    names = {f: f for f in FIELDS} | columns
    with open(path, "rb") as handle:
        for line in handle:
            bar.update(len(line))
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode(encoding))
            except ValueError:          # bad JSON or bad bytes
                obj = None
            if not isinstance(obj, dict):
                yield {"skip": "invalid JSON line"}
                continue
            yield {f: _as_text(obj.get(name)) for f, name in names.items()}


def _folder_files(folder: Path) -> tuple[str, list[Path]]:
    """Folder -> ("html" or "txt", its files of that kind, sorted, subfolders included)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    html = [p for p in files if p.suffix.lower() in (".html", ".htm")]
    txt = [p for p in files if p.suffix.lower() == ".txt"]
    if html and txt:
        raise ValueError(f"{folder}: holds both .html and .txt files; import them separately")
    if not (html or txt):
        raise ValueError(f"{folder}: no .html, .htm or .txt files")
    return ("html", html) if html else ("txt", txt)


def _decode(path: Path, encoding: str, seen: set[str]) -> str | None:
    """A small file -> its text (encoding given or detected, noted in seen), or None."""
    data = path.read_bytes()
    encoding = detect_encoding(data) if encoding == "auto" else encoding
    seen.add(encoding)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _read_folder(kind: str, files: list[Path], encoding: str, seen: set[str],
                 bar: tqdm) -> Iterator[Record]:
    """Files of .txt (text only) or .html (trafilatura text and metadata) -> records."""
    from trafilatura import bare_extraction
    for path in files:
        bar.update(1)
        page = _decode(path, encoding, seen)
        if page is None:
            yield {"skip": "undecodable file"}
        elif kind == "txt":
            yield dict.fromkeys(FIELDS, "") | {"text": page}
        elif (doc := bare_extraction(page, with_metadata=True, include_comments=False)) \
                and doc.text:
            yield {"text": doc.text, "title": doc.title or "", "published": doc.date or "",
                   "outlet": doc.sitename or doc.hostname or "", "url": doc.url or "",
                   "author": doc.author or "", "id": ""}
        else:
            yield {"skip": "no article text in page"}


def _domain(value: str) -> str:
    """An outlet value or url -> its web domain (lower case, no www.), or "" if not one."""
    host = (urlsplit(value).hostname or "") if "://" in value else value.strip().lower()
    host = host.removeprefix("www.").rstrip(".")
    return host if "." in host and not re.search(r"[\s/]", host) else ""


class _Registry:
    """A corpus's outlets.csv as lookups (names, aliases, domains -> outlet); can grow."""

    def __init__(self, path: Path):
        self.path, self.table, self.added = path, load_outlets(path), []
        self.by_domain = {d.lower().removeprefix("www."): row.outlet
                          for row in self.table.itertuples() for d in row.domains}
        self.cache: dict[str, str | None] = {}

    def resolve(self, value: str) -> str | None:
        """An outlet name, alias or domain -> the registry's outlet name, or None."""
        if value not in self.cache:
            self.cache[value] = (canonical_outlet(value, self.table) if value.strip() else None) \
                or self.by_domain.get(_domain(value))
        return self.cache[value]

    def add(self, name: str, domain: str) -> None:
        """Add an outlet (kind "added by import"); saved by save()."""
        row = {"outlet": name, "aliases": [], "domains": [domain] if domain else [],
               "country": "", "kind": ADDED_KIND}
        self.table = pd.concat([self.table, pd.DataFrame([row])], ignore_index=True)
        self.by_domain |= {domain: name} if domain else {}
        self.cache.clear()
        self.added.append(row)

    def save(self) -> None:
        """Append the outlets added since the last save to outlets.csv, atomically."""
        if not self.added:
            return
        old = self.path.read_bytes()
        rows = [[r["outlet"], "", ";".join(r["domains"]), "", ADDED_KIND] for r in self.added]

        def write(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                out.write(old.decode("utf-8") + ("" if old.endswith(b"\n") or not old else "\n"))
                csv.writer(out, lineterminator="\n").writerows(rows)
        atomic_write(self.path, write)
        self.added = []


class _Store:
    """A corpus folder being added to: known ids, a pending batch, atomic flushes."""

    def __init__(self, folder: Path, layout: str):
        folder.mkdir(parents=True, exist_ok=True)
        for name in (OUTLETS, EVENTS):
            if not (folder / name).exists():
                shutil.copyfile(CORPUS_DIR / name, folder / name)
        if not (folder / MANIFEST).exists():
            header = pd.DataFrame(columns=MANIFEST_COLUMNS)
            atomic_write(folder / MANIFEST, lambda tmp: header.to_csv(tmp, index=False))
        self.folder, self.layout, self.registry = folder, layout, _Registry(folder / OUTLETS)
        self.manifest = read_manifest(folder)
        self.known, self.new = set(self.manifest["article_id"]), set()
        self.pending: list[tuple[dict, str]] = []
        shards = [int(p.stem.split("-")[-1]) for p in (folder / "shards").glob("part-*.parquet")]
        self.next_shard = max(shards, default=-1) + 1

    def add(self, row: dict, text: str) -> None:
        """Queue one new article (its manifest row and text)."""
        self.new.add(row["article_id"])
        self.pending.append((row, text))

    def _write_texts(self) -> None:
        """Write the pending texts: one file each, or one new Parquet shard."""
        if self.layout == "files":
            (self.folder / "articles").mkdir(exist_ok=True)
            for row, text in self.pending:
                row["file"] = f"articles/{row['article_id']}.txt"
                atomic_write(self.folder / row["file"], lambda tmp: tmp.write_bytes(text.encode()))
            return
        import pyarrow as pa
        import pyarrow.parquet as pq
        (self.folder / "shards").mkdir(exist_ok=True)
        while (self.folder / f"shards/part-{self.next_shard:05d}.parquet").exists():
            self.next_shard += 1
        name = f"shards/part-{self.next_shard:05d}.parquet"
        table = pa.table({"article_id": [r["article_id"] for r, _ in self.pending],
                          "raw_text": [t for _, t in self.pending]})
        atomic_write(self.folder / name,
                      lambda tmp: pq.write_table(table, tmp, row_group_size=SHARD_ROW_GROUP))
        self.next_shard += 1
        for row, _ in self.pending:
            row["file"] = name

    def flush(self) -> None:
        """Texts, then added outlets, then the manifest (old rows + new), each atomically."""
        if not self.pending:
            return
        self._write_texts()
        self.registry.save()
        new_rows = pd.DataFrame([row for row, _ in self.pending], columns=MANIFEST_COLUMNS)
        manifest = pd.concat([self.manifest, new_rows], ignore_index=True).fillna("")
        atomic_write(self.folder / MANIFEST,
                      lambda tmp: manifest.to_csv(tmp, index=False, lineterminator="\n"))
        self.manifest, self.pending = manifest, []


def article_id(record: Record, source_name: str) -> str:
    """A record -> its stable id: sha1 of its source id, else url, else text (16 hex)."""
    if record["id"].strip():
        key = f"id:{source_name}:{record['id'].strip()}"
    else:
        key = f"url:{record['url'].strip()}" if record["url"].strip() else f"text:{record['text']}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def parse_date(value: str, date_format: str | None = None) -> pd.Timestamp | None:
    """A published value -> a naive Timestamp (local time kept), or None if not a sane date."""
    from .dates import is_relative_date

    value = value.strip()
    if is_relative_date(value):                      # "now", "today": no calendar day
        return None
    try:
        moment = (datetime.strptime(value, date_format) if date_format
                  else dateutil.parser.parse(value, default=datetime(2000, 1, 1)))
        if not date_format and dateutil.parser.parse(value, default=datetime(2001, 1, 1)).year \
                != moment.year:                      # no year printed ("Monday", "14:05")
            return None
    except (ValueError, OverflowError):
        return None
    if not SANE_YEARS[0] <= moment.year <= SANE_YEARS[1]:
        return None
    return pd.Timestamp(moment.replace(tzinfo=None))


def unusable(text: str) -> str | None:
    """An article's text -> why the loader would reject it (empty, too big, binary), or None."""
    if not text.strip():
        return "no text"
    if len(text) * 4 > MAX_TEXT_BYTES and len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        return "text over 5 MB"
    return "NUL bytes in text" if "\0" in text else None


def _unlisted(folder: Path, manifest: pd.DataFrame) -> int:
    """Corpus folder -> how many imported texts or shards no manifest row names."""
    named = set(manifest["file"])
    found = [*folder.glob("articles/*.txt"), *folder.glob("shards/part-*.parquet")]
    return sum(p.relative_to(folder).as_posix() not in named for p in found)


def _open(source: Path, kind: str, files: list[Path], columns: dict[str, str], encoding: str,
          chunksize: int, report: ImportReport, bar: tqdm) -> Iterator[Record]:
    """A source of a known kind -> its records (the report learns the encoding)."""
    if kind in ("csv", "jsonl"):
        if encoding == "auto":
            with open(source, "rb") as handle:
                encoding = detect_encoding(handle.read(SAMPLE_BYTES), complete=False)
        report.encoding = encoding
        if kind == "csv":
            return _read_csv(source, columns, encoding, chunksize, bar)
        return _read_jsonl(source, columns, encoding, bar)
    seen: set[str] = set()

    def records() -> Iterator[Record]:
        for record in _read_folder(kind, files, encoding, seen, bar):
            report.encoding = ", ".join(sorted(seen))
            yield record
    return records()


def _kind(source: Path, preset: str | None, columns: dict[str, str] | None
          ) -> tuple[str, list[Path]]:
    """SOURCE -> ("csv" | "jsonl" | "html" | "txt", the folder's files); checks the options."""
    if not source.exists():
        raise FileNotFoundError(f"{source}: no such file or folder")
    if preset is not None and preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r} (known: {', '.join(PRESETS)})")
    if source.is_dir():
        if preset or columns:
            raise ValueError("preset and columns apply to CSV and JSON Lines sources only")
        return _folder_files(source)
    kind = source.suffix.lower().lstrip(".")
    if kind not in ("csv", "jsonl"):
        raise ValueError(f"{source}: not a .csv or .jsonl file or a folder of .html/.txt files")
    if kind == "csv" and "text" not in (PRESETS.get(preset, {}) | (columns or {})):
        raise ValueError(f"{source}: a CSV needs a preset or columns naming its text column")
    return kind, []


@dataclass
class _Filters:
    """The import's filters: a regex on title + text, outlets, a date range."""

    pattern: re.Pattern | None
    wanted: set[str]                    # registry names, domains, casefolded other names
    start: pd.Timestamp | None
    end: pd.Timestamp | None            # exclusive: the day after `until`
    dated: bool                         # the source has a date field, so the range applies

    def text_ok(self, rec: Record) -> bool:
        """Does the title or text match the regex (if any)?"""
        return not self.pattern or bool(self.pattern.search(f"{rec['title']}\n{rec['text']}"))

    def outlet_ok(self, outlet: str | None, domain: str, given: str) -> bool:
        """Is the outlet (resolved, its domain, or as given) one of the wanted ones?"""
        return not self.wanted or bool({outlet, domain, given.casefold()} & self.wanted)

    def date_ok(self, stamp: pd.Timestamp | None) -> bool:
        """Is the date in range? Undated rows fail a range only if the source has dates."""
        if not self.dated or not (self.start or self.end):
            return True
        return stamp is not None and not (self.start and stamp < self.start) \
            and not (self.end and stamp >= self.end)


def _iso(stamp: pd.Timestamp | None) -> str:
    """A timestamp -> "YYYY-MM-DD" (midnight) or "YYYY-MM-DD HH:MM:SS"; None -> ""."""
    if stamp is None:
        return ""
    return str(stamp.date()) if stamp == stamp.normalize() else stamp.isoformat(sep=" ")


def _manifest_row(rec: Record, aid: str, outlet: str | None, domain: str, stamp, kind: str,
                  source: Path) -> dict[str, str]:
    """A kept record -> its manifest row (file filled in when its text is written)."""
    given = rec["outlet"].strip()
    note = f"outlet in source: {given}" if given and not (outlet or domain) else ""
    return {"article_id": aid, "file": "", "outlet": outlet or "", "published": _iso(stamp),
            "date_source": ("html" if kind == "html" else "source") if stamp is not None else "",
            "title": rec["title"].strip(), "author": rec["author"].strip(),
            "url": rec["url"].strip(), "note": note, "domain": domain, "source": source.name}


def _notes(report: ImportReport, filters: _Filters, store: _Store, bad_dates: int,
           add_outlets: bool) -> None:
    """Add to the report what the user should know about dates and outlets."""
    if (filters.start or filters.end) and not filters.dated:
        report.notes.append("since/until not applied: the source has no publication date "
                            "(crawl times such as scraped_at are not publication dates)")
    elif filters.start or filters.end:
        report.notes.append("since/until: rows without a readable date were left out")
    if unlisted := _unlisted(store.folder, store.manifest):
        report.notes.append(f"{unlisted} text file(s) or shard(s) have no manifest row (left by "
                            "an interrupted import?); the loader rejects them: remove them")
    if bad_dates:
        report.notes.append(f"{bad_dates} published value(s) unreadable as dates; left empty")
    if report.unknown_outlets:
        report.notes.append("unknown outlets were added to outlets.csv" if add_outlets else
                            "unknown outlets: outlet left empty, domain kept; "
                            "--add-outlets adds them to outlets.csv")


def import_source(source: str | Path, into: str | Path, *, preset: str | None = None,
                  columns: dict[str, str] | None = None, date_format: str | None = None,
                  encoding: str = "auto", match: str | None = None,
                  outlets: list[str] | None = None, since: str | None = None,
                  until: str | None = None, add_outlets: bool = False, layout: str = "auto",
                  progress: bool = True, chunksize: int = 10_000) -> ImportReport:
    """Read SOURCE, keep the rows that pass the filters and add the new ones to INTO."""
    started, source, into = time.perf_counter(), Path(source), Path(into)
    kind, files = _kind(source, preset, columns)
    columns = PRESETS.get(preset, {}) | (columns or {})
    folder = kind in ("html", "txt")
    layout = ("files" if folder else "shards") if layout == "auto" else layout
    if layout not in ("files", "shards"):
        raise ValueError(f"layout must be auto, files or shards, not {layout!r}")
    filters = _Filters(     # bad options and sources fail before INTO is touched
        re.compile(match, re.IGNORECASE) if match else None, set(),
        pd.Timestamp(since) if since else None,
        pd.Timestamp(until) + pd.Timedelta(days=1) if until else None,
        "published" in columns if kind == "csv" else HAS_DATES[kind])
    report, bad_dates = ImportReport(str(source), str(into)), 0
    with tqdm(total=len(files) if folder else source.stat().st_size, unit="file" if folder
              else "B", unit_scale=not folder, disable=not progress, desc=source.name) as bar:
        records = _open(source, kind, files, columns, encoding, chunksize, report, bar)
        store = _Store(into, layout)
        registry = store.registry
        filters.wanted = {registry.resolve(o) or _domain(o) or o.strip().casefold()
                          for o in outlets or []}
        for rec in records:
            report.read += 1
            if why := rec.get("skip") or unusable(rec["text"]):
                report.skipped[why] += 1
                continue
            given = rec["outlet"].strip()
            domain = _domain(given) or _domain(rec["url"].strip())
            outlet = registry.resolve(given) or registry.resolve(domain)
            if not (filters.text_ok(rec) and filters.outlet_ok(outlet, domain, given)):
                continue
            stamp = parse_date(rec["published"], None if folder else date_format)
            bad_dates += bool(rec["published"].strip()) and stamp is None
            if not filters.date_ok(stamp):
                continue
            report.matched += 1
            aid = article_id(rec, source.name)
            if aid in store.known or aid in store.new:
                report.already_present += aid in store.known
                report.duplicates += aid in store.new
                continue
            if not outlet and (domain or given):
                report.unknown_outlets[domain or given] += 1
                if add_outlets:
                    registry.add(domain or given, domain)
                    outlet = domain or given
            store.add(_manifest_row(rec, aid, outlet, domain, stamp, kind, source), rec["text"])
            report.added += 1
            if len(store.pending) >= chunksize:
                store.flush()
        store.flush()
    _notes(report, filters, store, bad_dates, add_outlets)
    report.seconds = time.perf_counter() - started
    return report
