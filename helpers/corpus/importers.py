"""Import articles into a corpus folder: ``python -m helpers corpus import SOURCE --into DIR``.

SOURCE is a file or a folder of files; each file's format is told from its content (or
named by ``format``): CSV (fields by ``columns`` or a preset; ``.csv.gz`` too), JSON Lines,
saved ``.html`` pages and ``.txt`` articles, Nexis Uni ``.docx`` and LexisNexis ``.txt``
exports, Factiva HTML and XML exports, WARC/ARC files (see ``helpers.corpus.formats``). Every
reader yields records with the standard fields (FIELDS) and where in the file each came
from; one writer adds them to the corpus (see ``helpers.corpus.reading``).

Choices:
- Text is stored as the source gave it; only metadata is tidied (stripped, dates as ISO).
- Encoding "auto" (``helpers.corpus.formats.text``): BOMs, UTF-16, UTF-8, then cp1252 or Latin-1;
  another code page only when most letters are not ASCII. The encoding used is reported.
- Dates: a published value is parsed with ``date_format`` (else dateutil); an offset is
  dropped and the printed local time kept; unreadable or implausible dates stay empty.
  ``since``/``until`` drop undated rows when the source has a date field; otherwise (CSV
  without one, .txt) they cannot be applied and the report says so. Crawl times (the
  FakeNewsCorpus' scraped_at, a WARC-Date) are never publication dates.
- Outlets: the outlet the source names (or its url's domain) is kept on the article; a
  name, alias or domain the registry knows becomes the registry's name; unknown outlets
  are counted (every article) and ``add_outlets`` adds them to outlets.csv.
- article_id: sha1 of a global id (a Factiva accession number), else "id:<source file
  name>:<id>", else "url:<url>", else "text:<text>", 16 hex digits.
- Bad input: every skipped record is reported with its file, line/record/document number
  and reason; a file that cannot be read is named and the others still import.
- Each batch of ``chunksize`` new articles: texts, then outlets.csv, then the manifest
  (existing rows + new), each to a temp file and ``os.replace``d; if a step fails, the
  batch's new texts are removed, so no orphan is left, and a re-run completes the import
  (it also removes shards a killed run left without manifest rows). Nothing is written
  to INTO until the first article is kept.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import dateutil.parser
import pandas as pd
from tqdm import tqdm

from helpers.run.cache import atomic_write
from helpers.config import CORPUS_DIR
from helpers.corpus.reading import EVENTS, MANIFEST, OUTLETS, SANE_YEARS, read_manifest
from helpers.corpus.formats import FORMATS, FormatError, detect_format
from helpers.corpus.formats.detect import SUFFIXES, inner_suffix
from helpers.corpus.formats.factiva import read_factiva
from helpers.corpus.formats.nexis import read_nexis
from helpers.corpus.formats.pages import read_page, read_txt
from helpers.corpus.formats.tables import FIELDS, Record, csv_header, read_csv, read_jsonl
from helpers.corpus.formats.text import detect_encoding, sniff_encoding
from helpers.corpus.formats.warc import read_warc
from helpers.corpus.outlets import canonical_outlet, load_outlets

__all__ = ["FIELDS", "FORMATS", "PRESETS", "ImportReport", "article_id", "detect_encoding",
           "import_source", "parse_columns", "parse_date"]

PRESETS = {"fakenewscorpus": {"text": "content", "title": "title", "outlet": "domain",
                              "url": "url", "author": "authors", "id": "id"}}
MANIFEST_COLUMNS = ["article_id", "file", "outlet", "published", "date_source", "title",
                    "author", "url", "note", "domain", "source", "record"]
# Formats whose records carry a publication date field (csv: if one is mapped).
HAS_DATES = {"csv": False, "jsonl": True, "html": True, "txt": False, "nexis": True,
             "factiva": True, "warc": True}
DATE_SOURCE = {"html": "html", "warc": "html", "nexis": "export", "factiva": "export"}
MANY_ARTICLES = ("csv", "jsonl", "warc")       # formats stored in shards by default
ADDED_KIND = "added by import"
MAX_TEXT_BYTES = 5 * 1024 * 1024    # the loader rejects larger articles (helpers.corpus.check)
SKIPS_SHOWN = 100                   # skips the summary lists; ImportReport.skips has all
# Rows per row group of a Parquet shard: a reader of a few articles (a pipeline batch)
# decodes the row groups holding them, not the whole shard.
SHARD_ROW_GROUP = 1_000


@dataclass
class FileStats:
    """One source file's import: its format and encoding, records read, imported, skipped,
    other records (a WARC's requests), and the error that stopped it, if any."""

    format: str = ""
    encoding: str = ""
    read: int = 0
    imported: int = 0
    skipped: int = 0
    other: int = 0
    error: str = ""


@dataclass
class ImportReport:
    """What an import read, kept, added and skipped (per file, each skip by its line or
    record number), and how long it took."""

    source: str
    into: str
    read: int = 0
    matched: int = 0
    added: int = 0
    already_present: int = 0
    duplicates: int = 0                                   # repeated ids within the source
    skipped: Counter = field(default_factory=Counter)     # reason -> records skipped
    unknown_outlets: Counter = field(default_factory=Counter)
    encoding: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    files: dict[str, FileStats] = field(default_factory=dict)
    skips: list[tuple[str, str, str]] = field(default_factory=list)   # (file, where, why)

    @property
    def failed(self) -> dict[str, str]:
        """File -> why it could not be read (or read to the end)."""
        return {name: f.error for name, f in self.files.items() if f.error}

    @property
    def ok(self) -> bool:
        """True when nothing was skipped and no file failed."""
        return not self.skips and not self.failed

    def summary(self) -> str:
        """The report as human-readable lines: totals, each file, each skip, notes."""
        skipped = ", ".join(f"{n} {why}" for why, n in self.skipped.most_common())
        lines = [f"{self.source} -> {self.into} (encoding: {self.encoding or 'n/a'})",
                 f"read {self.read}, matched {self.matched}, added {self.added}, already "
                 f"present {self.already_present}, repeated in source {self.duplicates}, "
                 f"skipped {sum(self.skipped.values())}" + (f" ({skipped})" if skipped else ""),
                 f"{self.seconds:.1f} s, {self.read / max(self.seconds, 1e-9):,.0f} articles/s"]
        for name, f in self.files.items():
            other = f", other records {f.other}" if f.other else ""
            lines.append(f"  {name} [{f.format}, {f.encoding or 'n/a'}]: read {f.read}, "
                         f"imported {f.imported}, skipped {f.skipped}{other}"
                         + (f"; FAILED: {f.error}" if f.error else ""))
        for name, where, why in self.skips[:SKIPS_SHOWN]:
            lines.append(f"  skipped {name}, {where}: {why}")
        if len(self.skips) > SKIPS_SHOWN:
            lines.append(f"  ... and {len(self.skips) - SKIPS_SHOWN} more skips")
        if self.unknown_outlets:
            top = ", ".join(f"{k} ({n})" for k, n in self.unknown_outlets.most_common(10))
            lines.append(f"{len(self.unknown_outlets)} outlet(s) not in the registry: {top}"
                         + (", ..." if len(self.unknown_outlets) > 10 else ""))
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


def _domain(value: str) -> str:
    """An outlet value or url -> its web domain (lower case, no www.), or "" if not one."""
    host = (urlsplit(value).hostname or "") if "://" in value else value.strip().lower()
    host = host.removeprefix("www.").rstrip(".")
    return host if "." in host and not re.search(r"[\s/]", host) else ""


def _outlet_name(given: str) -> str:
    """An outlet as the source names it -> the name to keep ("www." dropped from a domain)."""
    return given[4:] if given.lower().startswith("www.") and _domain(given) else given


class _Registry:
    """A corpus's outlets.csv (or, for a new corpus, the bundled one) as lookups (names,
    aliases, domains -> outlet); can grow. ``new`` holds the names added by this import."""

    def __init__(self, folder: Path):
        self.path = folder / OUTLETS
        self.table = load_outlets(self.path if self.path.exists() else CORPUS_DIR / OUTLETS)
        self.by_domain = {d.lower().removeprefix("www."): row.outlet
                          for row in self.table.itertuples() for d in row.domains}
        self.cache: dict[str, str | None] = {}
        self.added: list[dict] = []
        self.new: set[str] = set()

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
        self.new.add(name)

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
    """A corpus folder being added to: known ids, a pending batch, atomic flushes. The
    folder is created (with the bundled registries) only when the first batch is written."""

    def __init__(self, folder: Path, layout: str):
        self.folder, self.layout, self.registry = folder, layout, _Registry(folder)
        exists = (folder / MANIFEST).exists()
        self.manifest = read_manifest(folder) if exists else \
            pd.DataFrame(columns=MANIFEST_COLUMNS, dtype=str)
        for column in MANIFEST_COLUMNS:
            if column not in self.manifest:
                self.manifest[column] = ""
        self.known, self.new = set(self.manifest["article_id"]), set()
        self.pending: list[tuple[dict, str]] = []
        self.removed = self._remove_orphan_shards() if exists else 0
        shards = [int(p.stem.split("-")[-1]) for p in (folder / "shards").glob("part-*.parquet")]
        self.next_shard = max(shards, default=-1) + 1

    def _remove_orphan_shards(self) -> int:
        """Remove the shards no manifest row names (a killed import's); -> how many."""
        named = set(self.manifest["file"])
        orphans = [p for p in self.folder.glob("shards/part-*.parquet")
                   if p.relative_to(self.folder).as_posix() not in named]
        for path in orphans:
            path.unlink()
        return len(orphans)

    def _create(self) -> None:
        """Make the corpus folder, its registries and an empty manifest, if not there."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in (OUTLETS, EVENTS):
            if not (self.folder / name).exists():
                shutil.copyfile(CORPUS_DIR / name, self.folder / name)
        if not (self.folder / MANIFEST).exists():
            header = pd.DataFrame(columns=MANIFEST_COLUMNS)
            atomic_write(self.folder / MANIFEST, lambda tmp: header.to_csv(tmp, index=False))

    def add(self, row: dict, text: str) -> None:
        """Queue one new article (its manifest row and text)."""
        self.new.add(row["article_id"])
        self.pending.append((row, text))

    def _write_texts(self, written: list[Path]) -> None:
        """Write the pending texts (one file each, or one new Parquet shard), each path
        appended to written as soon as it exists."""
        if self.layout == "files":
            (self.folder / "articles").mkdir(exist_ok=True)
            for row, text in self.pending:
                row["file"] = f"articles/{row['article_id']}.txt"
                path = self.folder / row["file"]
                fresh = not path.exists()
                atomic_write(path, lambda tmp: tmp.write_bytes(text.encode()))
                written += [path] if fresh else []
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
        written.append(self.folder / name)
        self.next_shard += 1
        for row, _ in self.pending:
            row["file"] = name

    def flush(self) -> None:
        """Texts, then added outlets, then the manifest (old rows + new), each atomically;
        if any step fails the batch's new texts are removed before the error goes on."""
        if not self.pending:
            return
        self._create()
        written: list[Path] = []
        try:
            self._write_texts(written)
            self.registry.save()
            new_rows = pd.DataFrame([row for row, _ in self.pending], columns=MANIFEST_COLUMNS)
            manifest = pd.concat([self.manifest, new_rows], ignore_index=True).fillna("")
            atomic_write(self.folder / MANIFEST,
                         lambda tmp: manifest.to_csv(tmp, index=False, lineterminator="\n"))
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        self.manifest, self.pending = manifest, []


def article_id(record: Record, source_name: str) -> str:
    """A record -> its stable id: sha1 of its global id, else its source id, else url, else
    text (16 hex)."""
    if record.get("uid", "").strip():
        key = record["uid"].strip()
    elif record["id"].strip():
        key = f"id:{source_name}:{record['id'].strip()}"
    else:
        key = f"url:{record['url'].strip()}" if record["url"].strip() else f"text:{record['text']}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def parse_date(value: str, date_format: str | None = None) -> pd.Timestamp | None:
    """A published value -> a naive Timestamp (local time kept), or None if not a sane date."""
    from helpers.text.dates import is_relative_date

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


@dataclass
class _Options:
    """How to read the source: its format (or "auto"), columns, encoding, link metadata."""

    format: str
    columns: dict[str, str]
    encoding: str
    metadata: Mapping[str, Mapping[str, str]] | None


def _sources(source: Path, fmt: str) -> tuple[list[Path], list[Path]]:
    """SOURCE -> (the files to read, the files of a folder left aside as not importable)."""
    if not source.exists():
        raise FileNotFoundError(f"{source}: no such file or folder")
    if source.is_file():
        return [source], []
    files = sorted(p for p in source.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(source).parts))
    known = [p for p in files if inner_suffix(p) in SUFFIXES or p.suffix.lower() == ".gz"]
    if not known:
        raise ValueError(f"{source}: no files the importer reads "
                         f"({', '.join(sorted(SUFFIXES))})")
    return known, [p for p in files if p not in known]


def _format_of(path: Path, options: _Options) -> str:
    """A file -> its format: as named, else told from its content (FormatError if none)."""
    return options.format if options.format != "auto" else detect_format(path)


def _records(path: Path, fmt: str, options: _Options, stats: FileStats,
             bar: tqdm) -> Iterator[Record]:
    """One file of a known format -> its records; the stats learn its encoding."""
    used: set[str] = set()
    encoding = options.encoding
    if fmt in ("csv", "jsonl"):
        encoding = sniff_encoding(path) if encoding == "auto" else encoding
        used.add(encoding)
    stats.encoding = encoding if fmt in ("csv", "jsonl") else ""
    size = path.stat().st_size
    if fmt == "csv":
        if "text" not in options.columns:
            raise FormatError(f"{path}: a CSV needs a preset or columns naming its text column")
        reader = read_csv(path, options.columns, encoding)
    elif fmt == "jsonl":
        reader = read_jsonl(path, options.columns, encoding)
    elif fmt == "warc":
        reader = read_warc(path, encoding, used, options.metadata)
    else:
        read = {"html": read_page, "txt": read_txt, "nexis": read_nexis,
                "factiva": read_factiva}[fmt]
        reader = read(path, encoding, used)
    for record in reader:
        stats.encoding = ", ".join(sorted(used))
        yield record
    stats.encoding = ", ".join(sorted(used))
    bar.update(size)


@dataclass
class _Filters:
    """The import's filters: a regex on title + text, outlets, a date range."""

    pattern: re.Pattern | None
    wanted: set[str]                    # registry names, domains, casefolded other names
    start: pd.Timestamp | None
    end: pd.Timestamp | None            # exclusive: the day after `until`
    dated: bool = True                  # the source has a date field, so the range applies
    undated_source: bool = False        # some file had no date field: the range was not applied

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


def _manifest_row(rec: Record, aid: str, outlet: str, domain: str, stamp, fmt: str,
                  name: str) -> dict[str, str]:
    """A kept record -> its manifest row (file filled in when its text is written)."""
    date_source = rec.get("date_source") or DATE_SOURCE.get(fmt, "source")
    return {"article_id": aid, "file": "", "outlet": outlet, "published": _iso(stamp),
            "date_source": date_source if stamp is not None else "",
            "title": " ".join(rec["title"].split()), "author": rec["author"].strip(),
            "url": rec["url"].strip(), "note": rec.get("note", "").strip(), "domain": domain,
            "source": name, "record": rec.get("where", "")}


def _notes(report: ImportReport, filters: _Filters, store: _Store, bad_dates: int,
           add_outlets: bool, ignored: list[Path]) -> None:
    """Add to the report what the user should know about dates, outlets and files."""
    if (filters.start or filters.end) and filters.undated_source:
        report.notes.append("since/until not applied: the source has no publication date "
                            "(crawl times such as scraped_at are not publication dates)")
    elif filters.start or filters.end:
        report.notes.append("since/until: rows without a readable date were left out")
    if store.removed:
        report.notes.append(f"{store.removed} shard(s) an interrupted import left without "
                            "manifest rows were removed; their articles were imported again")
    if bad_dates:
        report.notes.append(f"{bad_dates} published value(s) unreadable as dates or outside "
                            f"{SANE_YEARS[0]}-{SANE_YEARS[1]}; left empty")
    if ignored:
        report.notes.append(f"{len(ignored)} file(s) of other kinds left aside, e.g. "
                            f"{ignored[0].name}")
    if report.unknown_outlets:
        report.notes.append("unknown outlets were added to outlets.csv" if add_outlets else
                            "unknown outlets kept as the source names them; "
                            "--add-outlets adds them to outlets.csv")


def _check_options(fmt: str, preset: str | None, layout: str, match: str | None,
                   since: str | None, until: str | None, encoding: str) -> re.Pattern | None:
    """The options -> the compiled regex; ValueError naming a bad option."""
    if fmt not in ("auto", *FORMATS):
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if preset is not None and preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r} (known: {', '.join(PRESETS)})")
    if layout not in ("auto", "files", "shards"):
        raise ValueError(f"layout must be auto, files or shards, not {layout!r}")
    for name, value in (("since", since), ("until", until)):
        if value is not None:
            try:
                pd.Timestamp(value)
            except ValueError:
                raise ValueError(f"{name}: {value!r} is not a date") from None
    if encoding != "auto":
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValueError(f"unknown encoding {encoding!r}") from None
    try:
        return re.compile(match, re.IGNORECASE) if match else None
    except re.error as exc:
        raise ValueError(f"match: {match!r} is not a regular expression ({exc})") from None


def _plan(source: Path, files: list[Path], options: _Options, report: ImportReport
          ) -> dict[Path, str]:
    """The files to read -> their formats (a file none fits is noted as failed in the
    report); ValueError where the options do not fit the files (CSV columns above all)."""
    formats: dict[Path, str] = {}
    for path in files:
        try:
            formats[path] = _format_of(path, options)
            report.files[_name(source, path)] = FileStats(format=formats[path])
        except FormatError as exc:
            report.files[_name(source, path)] = FileStats(error=str(exc))
    columns, encoding = options.columns, options.encoding
    for path in (p for p, f in formats.items() if f == "csv"):
        if "text" not in columns:
            raise ValueError(f"{path}: a CSV needs a preset or columns naming its text column")
        header = csv_header(path, sniff_encoding(path) if encoding == "auto" else encoding)
        if missing := sorted(set(columns.values()) - set(header)):
            raise ValueError(f"{path}: no column(s) {', '.join(missing)}; it has "
                             f"{', '.join(header)}")
    if columns and not {"csv", "jsonl"} & set(formats.values()):
        raise ValueError("preset and columns apply to CSV and JSON Lines sources only")
    return formats


def _name(source: Path, path: Path) -> str:
    """A source and one of its files -> the file's name in the report and the manifest."""
    return path.relative_to(source).as_posix() if source.is_dir() else path.name


@dataclass
class _Import:
    """One import under way: where it writes, what it keeps, what it has counted."""

    report: ImportReport
    store: _Store
    filters: _Filters
    date_format: str | None
    add_outlets: bool
    chunksize: int
    bad_dates: int = 0

    def file(self, path: Path, fmt: str, name: str, options: _Options, bar: tqdm) -> None:
        """Read one file of a known format and take each of its records."""
        stats = self.report.files[name]
        self.filters.dated = "published" in options.columns if fmt == "csv" else HAS_DATES[fmt]
        self.filters.undated_source |= not self.filters.dated
        for rec in _guarded(_records(path, fmt, options, stats, bar), stats, path):
            if "other" in rec:
                stats.other += 1
                continue
            stats.read += 1
            self.report.read += 1
            if why := rec.get("skip") or unusable(rec["text"]):
                self.skip(name, rec, why, stats)
            elif self.take(rec, fmt, name):
                stats.imported += 1

    def skip(self, name: str, rec: Record, why: str, stats: FileStats) -> None:
        """Count a record that cannot be used, by its file, place and reason."""
        self.report.skipped[why] += 1
        self.report.skips.append((name, rec.get("where", ""),
                                  f"{why} ({rec['detail']})" if rec.get("detail") else why))
        stats.skipped += 1

    def take(self, rec: Record, fmt: str, name: str) -> bool:
        """A usable record -> True if it passed the filters and is new (then it is queued)."""
        registry, report = self.store.registry, self.report
        given = rec["outlet"].strip()
        domain = _domain(given) or _domain(rec["url"].strip())
        outlet = registry.resolve(given) or registry.resolve(domain)
        if not (self.filters.text_ok(rec) and self.filters.outlet_ok(outlet, domain, given)):
            return False
        stamp = parse_date(rec["published"], self.date_format if fmt in ("csv", "jsonl")
                           else None)
        self.bad_dates += bool(rec["published"].strip()) and stamp is None
        if not self.filters.date_ok(stamp):
            return False
        report.matched += 1
        aid = article_id(rec, name)
        if aid in self.store.known or aid in self.store.new:
            report.already_present += aid in self.store.known
            report.duplicates += aid in self.store.new
            return False
        if outlet is None or outlet in registry.new:       # unknown: every article counted
            outlet = outlet or _outlet_name(given) or domain
            if outlet:
                report.unknown_outlets[outlet] += 1
                if self.add_outlets and outlet not in registry.new:
                    registry.add(outlet, domain)
        self.store.add(_manifest_row(rec, aid, outlet or "", domain, stamp, fmt, name),
                       rec["text"])
        report.added += 1
        if len(self.store.pending) >= self.chunksize:
            self.store.flush()
        return True


def import_source(source: str | Path, into: str | Path, *, format: str = "auto",
                  preset: str | None = None, columns: dict[str, str] | None = None,
                  date_format: str | None = None, encoding: str = "auto",
                  match: str | None = None, outlets: list[str] | None = None,
                  since: str | None = None, until: str | None = None,
                  add_outlets: bool = False, layout: str = "auto", progress: bool = True,
                  chunksize: int = 10_000,
                  metadata: Mapping[str, Mapping[str, str]] | None = None) -> ImportReport:
    """Read SOURCE (a file or a folder of files), keep the records that pass the filters and
    add the new ones to INTO. Bad options raise ValueError (FileNotFoundError for a missing
    SOURCE) before INTO is touched; bad records and unreadable files are in the report.
    ``metadata`` (WARC only) maps a record's target URI to fallback fields (see
    ``helpers.corpus.formats.warc``)."""
    started, source, into = time.perf_counter(), Path(source), Path(into)
    pattern = _check_options(format, preset, layout, match, since, until, encoding)
    files, ignored = _sources(source, format)
    options = _Options(format, PRESETS.get(preset, {}) | (columns or {}), encoding, metadata)
    report = ImportReport(str(source), str(into))
    formats = _plan(source, files, options, report)
    if layout == "auto":
        layout = "shards" if any(f in MANY_ARTICLES for f in formats.values()) else "files"
    filters = _Filters(pattern, set(), pd.Timestamp(since) if since else None,
                       pd.Timestamp(until) + pd.Timedelta(days=1) if until else None)
    store = _Store(into, layout)
    filters.wanted = {store.registry.resolve(o) or _domain(o) or o.strip().casefold()
                      for o in outlets or []}
    run = _Import(report, store, filters, date_format, add_outlets, chunksize)
    with tqdm(total=sum(p.stat().st_size for p in formats), unit="B", unit_scale=True,
              disable=not progress, desc=source.name) as bar:
        for path, fmt in formats.items():
            run.file(path, fmt, _name(source, path), options, bar)
        store.flush()
    report.encoding = ", ".join(sorted({e for f in report.files.values() if f.encoding
                                        for e in f.encoding.split(", ")}))
    _notes(report, filters, store, run.bad_dates, add_outlets, ignored)
    report.seconds = time.perf_counter() - started
    return report


def _guarded(records: Iterator[Record], stats: FileStats, path: Path) -> Iterator[Record]:
    """A file's records -> the same, a reading error ending them and noted in stats (an
    error of the caller, such as a failed write, is not caught here)."""
    try:
        yield from records
    except (FormatError, OSError, UnicodeError) as exc:
        stats.error = _one_line(exc, path)


def _one_line(exc: BaseException, path: Path) -> str:
    """An error reading a file -> one line naming the file and the problem."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if str(path) in text else f"{path}: {text}"
