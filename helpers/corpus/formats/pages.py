"""Saved web pages (.html, text and metadata by trafilatura) and plain .txt articles."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from .tables import FIELDS, Record
from .text import decode


def page_record(html: str, url: str = "") -> Record | None:
    """An HTML page (and its URL, if known) -> its article record, or None if it has no
    article text. Trafilatura reads the page only; it fetches nothing."""
    from trafilatura import bare_extraction
    doc = bare_extraction(html, url=url or None, with_metadata=True, include_comments=False)
    if not doc or not doc.text:
        return None
    host = doc.hostname or urlsplit(doc.url or url).netloc.removeprefix("www.")
    # Without a site name in the page, trafilatura gives the host as its "site name": that is
    # no outlet the page names, so a link list's media_name may still fill it in.
    site = "" if (doc.sitename or "").casefold() in (host.casefold(), "") else doc.sitename
    return {"text": doc.text, "title": doc.title or "", "published": doc.date or "",
            "outlet": site, "url": doc.url or url, "author": doc.author or "",
            "id": "", "hostname": host}


def read_page(path: Path, encoding: str, used: set[str]) -> Iterator[Record]:
    """A saved .html page -> its one record (or a skip); the encoding used goes in used."""
    html, name = decode(path.read_bytes(), encoding)
    used.add(name)
    record = page_record(html)
    if record and not record["outlet"]:
        record["outlet"] = record["hostname"]
    yield record | {"where": "page"} if record else {"where": "page",
                                                    "skip": "no article text in page"}


def read_txt(path: Path, encoding: str, used: set[str]) -> Iterator[Record]:
    """A .txt file -> one record, its whole text as given."""
    text, name = decode(path.read_bytes(), encoding)
    used.add(name)
    yield dict.fromkeys(FIELDS, "") | {"text": text, "where": "file"}
