"""Turn a list of links into a corpus: ``python -m helpers corpus collect URLS --into DIR``.

URLS is a ``.csv`` file with a ``url`` column (its other columns, such as Media Cloud's
``media_name``, ``publish_date`` and ``title``, are kept as metadata) or a text file of one
URL per line (blank lines and ``#`` comments skipped). DIR becomes a corpus folder that
also holds what the collection fetched and how:
- ``DIR/warc/articles-*.warc.gz``: the response of every page imported as an article;
  ``DIR/warc/exchanges-*.warc.gz``: every other response (robots.txt, redirects, retries,
  errors, archive look-ups, non-HTML documents). Both with their requests; see
  ``helpers.collect.warc_files``.
- ``DIR/collect_log.csv``: one row per URL per run (LOG_COLUMNS), its outcome one of
  OUTCOMES, appended as each URL ends.
- ``DIR/warc/imported.csv``: the article WARC files already imported into the corpus.

Choices:
- Politeness is ``helpers.collect.fetch``'s (robots.txt, a per-host rate, retries, redirects).
- The same URL (scheme and host case-folded, fragment dropped) is fetched once per run.
  A re-run skips URLs whose log rows say ``fetched``, ``archived`` or ``not html`` (their
  responses are kept) unless ``refresh``; it tries ``not found``, ``failed`` and
  ``disallowed`` ones again (a page, or robots.txt, may have changed).
- With ``wayback``, a URL that is ``not found`` (404, 410) or ``failed`` is looked up in the
  Wayback Machine near the list's date; its archived copy, fetched in original form, makes
  the outcome ``archived`` and the article keeps the URL of the list.
- Memory: the list is read as a stream; at most WINDOW URLs wait in memory, grouped by
  host, and a set of 8-byte URL hashes (about 70 bytes each in Python, so some 70 MB for a
  million distinct URLs) tells collected and repeated ones apart. A list sorted by host
  can fill the window with one host, which then paces the run.
- Parallelism: up to ``workers`` URLs at once, never two of one host: the next URL goes to
  the free host whose next allowed time comes first.
- Articles are imported once the fetching ends (an interrupted run's files on the next
  run): text and metadata by trafilatura, the list's ``media_name``, ``publish_date`` and
  ``title`` used only where the page gives none (a list date gets date_source ``list``).
"""
from __future__ import annotations

import csv
import hashlib
import heapq
import itertools
import json
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urldefrag, urlsplit, urlunsplit

from tqdm import tqdm

from helpers import __version__
from helpers.collect.fetch import Exchange, Fetched, Fetcher, HostGate, host_of
from helpers.corpus.importers import ImportReport, import_source, parse_date
from helpers.collect.wayback import AVAILABILITY, archived_copy
from helpers.collect.warc_files import WarcSeries, repair

LOG = "collect_log.csv"
WARC_DIR = "warc"
IMPORTED = "imported.csv"
LOG_COLUMNS = ["url", "outcome", "status", "final_url", "snapshot", "reason", "redirects",
               "warc_file", "warc_offset", "collected_at", "list_row", "fields"]
OUTCOMES = ("fetched", "archived", "disallowed", "not found", "failed", "not html")
KEPT = {"fetched", "archived", "not html"}      # a re-run does not fetch these again
FAILED = {"not found", "failed"}                # any of these makes the exit code 1
HTML_TYPES = ("text/html", "application/xhtml+xml")
WINDOW = 10_000                                 # URLs read ahead of the fetching
LIST_FIELDS = {"outlet": "media_name", "published": "publish_date", "title": "title"}


@dataclass
class Link:
    """One URL of the list: its row, the URL as fetched, the list's other fields."""

    row: int
    url: str
    fields: dict[str, str]

    @property
    def host(self) -> str:
        """The host the URL's requests are paced by."""
        return host_of(self.url)


@dataclass
class Outcome:
    """How collecting one URL ended, as one row of the log."""

    link: Link
    outcome: str
    status: int = 0
    final_url: str = ""
    snapshot: str = ""
    reason: str = ""
    redirects: str = ""
    warc_file: str = ""
    warc_offset: int | str = ""

    def row(self) -> list:
        """The log row (LOG_COLUMNS)."""
        when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        return [self.link.url, self.outcome, self.status or "", self.final_url, self.snapshot,
                self.reason, self.redirects, self.warc_file, self.warc_offset, when,
                self.link.row, json.dumps(self.link.fields, ensure_ascii=False)]


@dataclass
class CollectReport:
    """What a collection did: outcomes, URLs skipped, articles imported, time taken."""

    source: str
    into: str
    listed: int = 0
    skipped: int = 0                    # collected before, or listed twice
    outcomes: Counter = field(default_factory=Counter)
    imports: list[ImportReport] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """Did any URL end not found or failed?"""
        return any(self.outcomes[o] for o in FAILED)

    def summary(self) -> str:
        """The report as a few lines for the terminal."""
        done = sum(self.outcomes.values())
        added = sum(r.added for r in self.imports)
        present = sum(r.already_present + r.duplicates for r in self.imports)
        unread = sum(sum(r.skipped.values()) for r in self.imports)
        return "\n".join([
            f"{self.source} -> {self.into}: {self.listed} URL(s) listed, {self.skipped} "
            "collected before or listed twice",
            ", ".join(f"{o} {self.outcomes[o]}" for o in OUTCOMES),
            f"imported {added} article(s) from {len(self.imports)} WARC file(s)"
            + (f" ({present} already in the corpus)" if present else "")
            + (f"; {unread} page(s) without article text" if unread else ""),
            f"{self.seconds:.1f} s, {done / max(self.seconds, 1e-9):,.1f} URLs/s; "
            f"log: {Path(self.into) / LOG}"])


def url_key(url: str) -> int:
    """A URL -> a 64-bit hash of it with scheme and host case-folded and no fragment."""
    parts = urlsplit(url.strip())
    canon = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                        parts.query, ""))
    return int.from_bytes(hashlib.blake2b(canon.encode("utf-8"), digest_size=8).digest(), "big")


def read_list(path: str | Path) -> Iterator[Link]:
    """A .csv with a url column, or a text file of URLs -> its links, read lazily.

    The file and (for a CSV) its header are checked at once; a row that cannot be decoded
    stops the reading with a message naming it.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    if path.suffix.lower() != ".csv":
        return _text_links(path)
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
        header = next(csv.reader(handle), [])
    if "url" not in (h.strip().lower() for h in header):
        raise ValueError(f"{path}: no 'url' column; it has {', '.join(header) or 'no header'}")
    return _csv_links(path)


def _csv_links(path: Path) -> Iterator[Link]:
    """A CSV with a url column -> its links (the other columns as fields)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = csv.DictReader(handle)
        column = next(h for h in rows.fieldnames if h.strip().lower() == "url")
        number = 0
        try:
            for number, row in enumerate(rows, 1):
                fields = {k: v for k, v in row.items() if k != column and k and v}
                yield Link(number, urldefrag((row[column] or "").strip())[0], fields)
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: row {number + 1} is not UTF-8 ({exc.reason})") from None


def _text_links(path: Path) -> Iterator[Link]:
    """A text file of one URL per line -> its links (blank and # lines skipped)."""
    with open(path, encoding="utf-8-sig") as handle:
        number = 0
        try:
            for number, line in enumerate(handle, 1):
                if line.strip() and not line.lstrip().startswith("#"):
                    yield Link(number, urldefrag(line.strip())[0], {})
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: line {number + 1} is not UTF-8 ({exc.reason})") from None


def _count(path: Path) -> int:
    """A list file -> how many links it holds (for the progress bar)."""
    return sum(1 for _ in read_list(path))


def collected(log: Path) -> set[int]:
    """A collection log -> the hashes of the URLs whose responses are kept."""
    if not log.exists():
        return set()
    with open(log, newline="", encoding="utf-8") as handle:
        return {url_key(row["url"]) for row in csv.DictReader(handle)
                if row.get("outcome") in KEPT and row.get("url")}


class _Log:
    """collect_log.csv opened for appending, one flushed row per URL."""

    def __init__(self, path: Path):
        fresh = not path.exists() or path.stat().st_size == 0
        if not fresh:
            with open(path, "rb") as handle:
                handle.seek(-1, 2)
                torn = handle.read(1) != b"\n"      # a run killed mid-row
        self.handle = open(path, "a", newline="", encoding="utf-8")
        self.writer = csv.writer(self.handle, lineterminator="\n")
        if fresh:
            self.writer.writerow(LOG_COLUMNS)
        elif torn:
            self.handle.write("\n")

    def write(self, outcome: Outcome) -> None:
        """Append one row and flush it."""
        self.writer.writerow(outcome.row())
        self.handle.flush()

    def close(self) -> None:
        """Close the file."""
        self.handle.close()


def is_html(ex: Exchange) -> bool:
    """A response -> is it an HTML page (by Content-Type, else by its first bytes)?"""
    kind = ex.header("content-type").lower()
    if kind:
        return any(t in kind for t in HTML_TYPES)
    start = ex.content()[:1024].lower()
    return b"<html" in start or b"<!doctype html" in start


def judge(got: Fetched) -> tuple[str, str]:
    """A fetch -> its outcome (one of OUTCOMES) and the reason, if it is not fetched."""
    if got.disallowed:
        return "disallowed", got.disallowed
    if got.final is None:
        return "failed", got.error
    status = got.final.status
    if status in (404, 410):
        return "not found", f"HTTP {status}"
    if not 200 <= status < 300:
        return "failed", f"HTTP {status}"
    if not is_html(got.final):
        return "not html", got.final.header("content-type") or "no Content-Type"
    return "fetched", ""


class _Collector:
    """Fetches one link at a time (from any thread) into the two WARC series."""

    def __init__(self, fetcher: Fetcher, articles: WarcSeries, exchanges: WarcSeries,
                 wayback: bool, endpoint: str):
        self.fetcher, self.articles, self.exchanges = fetcher, articles, exchanges
        self.wayback, self.endpoint = wayback, endpoint

    def __call__(self, link: Link) -> Outcome:
        """A link -> its outcome, every response written to WARC; never raises."""
        try:
            return self._collect(link)
        except Exception as exc:        # one URL's surprise must not cost the others
            return Outcome(link, "failed", reason=f"{type(exc).__name__}: {exc}")

    def _collect(self, link: Link) -> Outcome:
        """A link -> its outcome (the Wayback Machine asked if it is dead)."""
        got = self.fetcher.get(link.url)
        outcome, reason = judge(got)
        result = self._keep(link, got, outcome, reason)
        if outcome not in FAILED or not self.wayback:
            return result
        near = parse_date(link.fields.get(LIST_FIELDS["published"], ""))
        snapshot, fetches = archived_copy(self.fetcher, link.url, near, self.endpoint)
        page = judge(fetches[-1]) if snapshot else None
        found = page is not None and page[0] == "fetched"
        for fetch in fetches[:-1] if found else fetches:
            self._write(fetch, article=False)
        if not found:
            result.reason += f"; archived copy {page[0]}: {page[1]}" if page else \
                "; no archived copy"
            return result
        archived = self._keep(link, fetches[-1], "archived",
                              f"{reason}; archived copy of {snapshot.time}")
        archived.snapshot = snapshot.time
        return archived

    def _keep(self, link: Link, got: Fetched, outcome: str, reason: str) -> Outcome:
        """Write a fetch's responses (an article's own to articles) -> its outcome row."""
        result = Outcome(link, outcome, reason=reason,
                         redirects=" ".join(f"{e.status} {e.url} ->" for e in got.hops[:-1]))
        if got.hops:
            result.status, result.final_url = got.hops[-1].status, got.hops[-1].url
        place = self._write(got, article=outcome in ("fetched", "archived"))
        if place:
            result.warc_file, result.warc_offset = place
        return result

    def _write(self, got: Fetched, *, article: bool) -> tuple[str, int] | None:
        """Write a fetch's responses, its final one as an article if ``article`` -> where
        the article's record is (None if not written as one)."""
        for ex in got.exchanges:
            if ex.status and not (article and ex is got.final):
                self.exchanges.write(ex)
        return self.articles.write(got.final) if article else None


def schedule(links: Iterable[Link], work: Callable[[Link], Outcome], gate: HostGate,
             workers: int, window: int = WINDOW) -> Iterator[Outcome]:
    """Links -> their outcomes as they end: ``workers`` at once, one per host at a time."""
    links = iter(links)
    waiting: dict[str, deque[Link]] = {}
    ready: list[tuple[float, int, str]] = []        # (next allowed time, order, host), free hosts
    running: dict[Future, Link] = {}
    order, queued, more = itertools.count(), 0, True
    with ThreadPoolExecutor(workers) as pool:
        try:
            while True:
                while more and queued < window:
                    link = next(links, None)
                    if link is None:
                        more = False
                        break
                    if link.host not in waiting:
                        waiting[link.host] = deque()
                        if all(r.host != link.host for r in running.values()):
                            heapq.heappush(ready, (gate.ready_at(link.host), next(order),
                                                   link.host))
                    waiting[link.host].append(link)
                    queued += 1
                now = time.monotonic()
                while ready and len(running) < workers and ready[0][0] <= now:
                    host = heapq.heappop(ready)[2]
                    link = waiting[host].popleft()
                    if not waiting[host]:
                        del waiting[host]
                    queued -= 1
                    running[pool.submit(work, link)] = link
                if not running and not ready and not more:
                    return
                pause = max(0.0, ready[0][0] - now) if ready and len(running) < workers else None
                if not running:
                    time.sleep(pause)
                    continue
                finished, _ = wait(running, timeout=pause, return_when=FIRST_COMPLETED)
                for future in finished:
                    link = running.pop(future)
                    if link.host in waiting:
                        heapq.heappush(ready, (gate.ready_at(link.host), next(order), link.host))
                    yield future.result()
        finally:
            pool.shutdown(cancel_futures=True)


def _metadata(log: Path, warc_file: str) -> dict[str, dict[str, str]]:
    """The log and an article WARC file -> {its records' target URI: fallback fields}."""
    metadata = {}
    with open(log, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["warc_file"] != warc_file or row["outcome"] not in ("fetched", "archived"):
                continue
            fields = json.loads(row["fields"] or "{}")
            meta = {k: fields[c].strip() for k, c in LIST_FIELDS.items()
                    if fields.get(c, "").strip()}
            if row["outcome"] == "archived":
                meta |= {"url": row["url"],
                         "note": f"archived copy, Wayback snapshot {row['snapshot']}"}
            elif row["final_url"] != row["url"]:
                meta["note"] = f"listed as {row['url']}"
            metadata[row["final_url"]] = meta
    return metadata


def _import_warcs(source: Path, into: Path, metadata: dict[str, dict[str, str]], *,
                  add_outlets: bool = False, progress: bool = True) -> ImportReport:
    """An article WARC file -> its HTML responses added to the corpus INTO, as a report.

    Through the WARC importer: text and metadata by trafilatura; ``metadata`` (by
    WARC-Target-URI) gives the outlet, date and title only where the page has none (a list
    date gets date_source "list"), the URL to keep, and a note.
    """
    return import_source(source, into, format="warc", metadata=metadata,
                         add_outlets=add_outlets, progress=progress)


def import_collected(into: str | Path, *, add_outlets: bool = False,
                     progress: bool = True) -> list[ImportReport]:
    """A collection folder -> its article WARC files not yet imported, imported (reports)."""
    into = Path(into)
    folder, log = into / WARC_DIR, into / LOG
    done_path = folder / IMPORTED
    done = set()
    if done_path.exists():
        with open(done_path, newline="", encoding="utf-8") as handle:
            done = {row["warc_file"] for row in csv.DictReader(handle)}
    reports = []
    for path in sorted(folder.glob("articles-*.warc.gz")):
        if path.name in done:
            continue
        report = _import_warcs(path, into, _metadata(log, path.name), add_outlets=add_outlets,
                               progress=progress)
        fresh = not done_path.exists()
        with open(done_path, "a", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            if fresh:
                writer.writerow(["warc_file", "imported_at", "added"])
            writer.writerow([path.name, datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
                             report.added])
        reports.append(report)
    return reports


def collect_urls(urls: str | Path, into: str | Path, *, rate: float = 1.0,
                 user_agent: str | None = None, timeout: float = 30.0, retries: int = 3,
                 backoff: float = 1.0, wayback: bool = False,
                 wayback_endpoint: str = AVAILABILITY, refresh: bool = False,
                 workers: int = 8, add_outlets: bool = False, extract: bool = True,
                 progress: bool = True) -> CollectReport:
    """Fetch every URL of the list politely into WARC files under INTO, log each outcome,
    and import the pages as articles of the corpus INTO (unless ``extract`` is False)."""
    started, urls, into = time.perf_counter(), Path(urls), Path(into)
    links = read_list(urls)                 # a bad list fails before INTO is touched
    total = _count(urls) if progress else None
    into.mkdir(parents=True, exist_ok=True)
    repair(into / WARC_DIR)
    report = CollectReport(str(urls), str(into))
    seen = set() if refresh else collected(into / LOG)
    fetcher = Fetcher(rate=rate, user_agent=user_agent, timeout=timeout, retries=retries,
                      backoff=backoff, connections=2 * workers)
    run = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    info = {"software": f"kremlin-syria-coverage/{__version__} (helpers.collect.links)",
            "http-header-user-agent": fetcher.user_agent, "robots": "obey",
            "rate": f"at most one request per host every {rate} s", "list": urls.name,
            "format": "WARC File Format 1.1"}
    log = _Log(into / LOG)
    bar = tqdm(total=total, unit="url", disable=not progress, desc=urls.name)

    def fresh() -> Iterator[Link]:
        for link in links:
            report.listed += 1
            key = url_key(link.url)
            if key in seen:
                report.skipped += 1
                bar.update(1)
                continue
            seen.add(key)
            parts = urlsplit(link.url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                _end(Outcome(link, "failed", reason=f"row {link.row}: not an http(s) URL"))
                continue
            yield link

    def _end(outcome: Outcome) -> None:
        log.write(outcome)
        report.outcomes[outcome.outcome] += 1
        bar.update(1)

    try:
        with fetcher, WarcSeries(into / WARC_DIR, f"articles-{run}", info) as articles, \
                WarcSeries(into / WARC_DIR, f"exchanges-{run}", info) as exchanges:
            work = _Collector(fetcher, articles, exchanges, wayback, wayback_endpoint)
            for outcome in schedule(fresh(), work, fetcher.gate, workers):
                _end(outcome)
    finally:
        log.close()
        bar.close()
    if extract:
        report.imports = import_collected(into, add_outlets=add_outlets, progress=progress)
    report.seconds = time.perf_counter() - started
    return report
