"""Tell a file's format from its content (the suffix only breaks ties)."""
from __future__ import annotations

import gzip
import re
import zipfile
from pathlib import Path

# The formats ``--format`` names; nexis and factiva each cover two layouts.
FORMATS = ("nexis", "factiva", "warc", "csv", "jsonl", "html", "txt")
HEAD_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"
# "1 of 10 DOCUMENTS", the line that opens each document of a LexisNexis text export.
NEXIS_TXT_DOC = re.compile(rb"^\s*\d+ of \d+ DOCUMENTS\s*$", re.MULTILINE)
# Factiva's HTML article block ("article enArticle", "article frArticle") or its XML root.
FACTIVA_HTML = re.compile(rb"class=[\"']article [a-z]{2}Article[\"']")
FACTIVA_XML = re.compile(rb"<ppsarticle\b|global\.factiva\.com/pps", re.IGNORECASE)
FACTIVA_TITLE = re.compile(rb"<title>\s*Factiva\s*</title>", re.IGNORECASE)
HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype html|html|head|body)\b",
                        re.IGNORECASE | re.DOTALL)
SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".html": "html", ".htm": "html", ".txt": "txt", ".docx": "nexis",
            ".warc": "warc", ".arc": "warc", ".xml": "factiva"}


class FormatError(ValueError):
    """A file the importer cannot read: the message names it and says why."""


def head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """A file -> its first bytes, decompressed if it is gzipped."""
    with open(path, "rb") as raw:
        start = raw.read(size)
    if start.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as unzipped:
                return unzipped.read(size)
        except (OSError, EOFError) as exc:
            raise FormatError(f"{path}: a damaged gzip file ({exc})") from None
    return start


def inner_suffix(path: Path) -> str:
    """A path -> its suffix, under a .gz ("x.csv.gz" -> ".csv"), lower case."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def detect_format(path: str | Path) -> str:
    """A file -> one of FORMATS, told from its content; FormatError if none fits."""
    path = Path(path)
    try:
        start = head(path)
    except OSError as exc:
        raise FormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    suffix = inner_suffix(path)
    if start.startswith(b"PK\x03\x04"):
        if zipfile.is_zipfile(path) and "word/document.xml" in zipfile.ZipFile(path).namelist():
            return "nexis"
        raise FormatError(f"{path}: a zip file that is not a Word (.docx) export")
    if start.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if FACTIVA_XML.search(start) or FACTIVA_TITLE.search(start) or FACTIVA_HTML.search(start):
        return "factiva"
    if NEXIS_TXT_DOC.search(start.replace(b"\x00", b"")):
        return "nexis"
    if HTML_START.match(start.lstrip(b"\xef\xbb\xbf")):
        return "html"
    if suffix in SUFFIXES and SUFFIXES[suffix] in ("csv", "jsonl", "txt", "html"):
        return SUFFIXES[suffix]
    if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "jsonl"
    raise FormatError(f"{path}: not a format the importer reads (pass --format: "
                      f"{', '.join(FORMATS)})")
