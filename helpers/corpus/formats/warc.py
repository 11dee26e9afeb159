"""WARC and ARC files (plain or gzipped) from web archives and crawls, read with warcio.

One article per HTML response record (HTTP 200): text and metadata by trafilatura, the
record's target URI kept as the URL. The WARC-Date is the crawl time, never taken for a
publication date: the date comes from the page, or from ``metadata`` (a link list's date,
date_source "list"). Other records (requests, warcinfo, metadata, redirects, images) are
counted as ``other``, not skipped. ``metadata`` maps a target URI to fallback fields
(outlet, published, title, url, note) that apply only where the page gives none; its url
replaces the recorded one (a Wayback copy's target URI is the archive's ``id_`` URL).
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from .detect import FormatError
from .pages import page_record
from .tables import Record
from .text import decode

HTML_TYPES = ("text/html", "application/xhtml+xml")
CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", re.IGNORECASE)


def _charset(content_type: str, body: bytes) -> str:
    """An HTTP Content-Type and a page's bytes -> the charset they declare, or "auto"."""
    if m := CHARSET.search(content_type or ""):
        return m.group(1).lower()
    if m := META_CHARSET.search(body[:4096]):
        return m.group(1).decode("ascii").lower()
    return "auto"


def _page_text(body: bytes, declared: str) -> str:
    """A page's bytes and the charset it declares -> its text (detected if the declared
    charset is unknown or wrong)."""
    try:
        return decode(body, declared)[0]
    except FormatError:
        return decode(body, "auto")[0]


def _with_fallbacks(record: Record, extra: Mapping[str, str]) -> Record:
    """A page's record and a link list's fields -> the record, the list filling its gaps."""
    record = dict(record)
    for key in ("outlet", "title"):
        if not record[key].strip() and extra.get(key):
            record[key] = extra[key]
    if not record["published"].strip() and extra.get("published"):
        record["published"], record["date_source"] = extra["published"], "list"
    if extra.get("url"):
        record["url"] = extra["url"]
    if extra.get("note"):
        record["note"] = extra["note"]
    return record


def read_warc(path: Path, encoding: str, used: set[str],
              metadata: Mapping[str, Mapping[str, str]] | None = None) -> Iterator[Record]:
    """A .warc/.warc.gz/.arc file -> one record per HTML response ("record N", counted from
    1 over every record, with its byte offset), others as ``other``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    metadata = metadata or {}
    used.add("warc")
    n = 0
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream, arc2warc=True)
        try:
            for rec in records:
                n += 1
                body = rec.content_stream().read()   # before the offset: asking it first
                where = f"record {n} (offset {records.get_record_offset()})"   # empties it
                if rec.rec_type != "response" or rec.http_headers is None:
                    yield {"where": where, "other": rec.rec_type}
                    continue
                status = rec.http_headers.get_statuscode()
                kind = (rec.http_headers.get_header("Content-Type") or "").split(";")[0]
                if status != "200" or kind.strip().lower() not in HTML_TYPES:
                    yield {"where": where, "other": f"HTTP {status} {kind}".strip()}
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
                html = _page_text(body, _charset(rec.http_headers.get_header("Content-Type"),
                                                 body) if encoding == "auto" else encoding)
                record = page_record(html, uri)
                if record is None:
                    yield {"where": where, "skip": "no article text in page", "url": uri}
                    continue
                record["url"] = uri or record["url"]
                record = _with_fallbacks(record, metadata.get(uri, {}))
                if not record["outlet"]:            # the site's name, else its domain
                    record["outlet"] = (urlsplit(record["url"]).hostname or "")
                yield record | {"where": where}
        except ArchiveLoadFailed as exc:
            raise FormatError(f"{path}: not a readable WARC/ARC after record {n} ({exc})") \
                from None
