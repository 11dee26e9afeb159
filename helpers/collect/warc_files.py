"""WARC files a collection writes: request/response pairs, gzipped per record, rotated by size.

A series is ``PREFIX-RUN-NNNNN.warc.gz`` in one folder; each file opens with a warcinfo
record (software, user agent, politeness settings) and is written as ``NAME.open`` and
renamed when closed, so a finished file is never one still being written. A run that was
killed leaves a ``.open`` file: ``repair`` cuts it after its last whole record and renames
it. Transfer-Encoding is dropped from the recorded headers (the body is stored de-chunked)
and Content-Length set to the stored body's size; Content-Encoding is kept with the body
as it was sent.
"""
from __future__ import annotations

import threading
import zlib
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from helpers.collect.fetch import Exchange

ROTATE_BYTES = 1_000_000_000        # ISO 28500's customary 1 GB per file
OPEN = ".open"
DROPPED = {"transfer-encoding", "content-length"}
BUILDER = RecordBuilder(warc_version="1.1")


def whole_records_end(path: Path, chunk: int = 1 << 20) -> int:
    """A gzipped WARC file -> the byte offset where its last complete gzip member ends.

    Each record is one gzip member, so a cut there drops only a torn last record.
    """
    end = offset = 0
    member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    with open(path, "rb") as handle:
        while data := handle.read(chunk):
            while data:
                try:
                    member.decompress(data)
                except zlib.error:
                    return end
                if not member.eof:
                    offset += len(data)
                    break
                used = len(data) - len(member.unused_data)
                offset += used
                end, data = offset, member.unused_data
                member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    return end


def repair(folder: Path) -> list[Path]:
    """Folder -> the WARC files left open by a killed run, cut after their last whole record."""
    fixed = []
    for path in sorted(folder.glob(f"*.warc.gz{OPEN}")):
        end = whole_records_end(path)
        with open(path, "r+b") as handle:
            handle.truncate(end)
        target = path.with_name(path.name.removesuffix(OPEN))
        path.replace(target)
        fixed.append(target)
    return fixed


class WarcSeries:
    """A rotating series of WARC files; ``write`` is thread-safe."""

    def __init__(self, folder: Path, prefix: str, info: dict[str, str],
                 rotate_bytes: int = ROTATE_BYTES):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.prefix, self.info, self.rotate = folder, prefix, info, rotate_bytes
        self.lock, self.handle, self.writer, self.name = threading.Lock(), None, None, ""
        self.number = 0

    def _open(self) -> None:
        """Start the next file of the series, with its warcinfo record."""
        while True:
            self.number += 1
            self.name = f"{self.prefix}-{self.number:05d}.warc.gz"
            if not (self.folder / self.name).exists():
                break
        self.handle = open(self.folder / (self.name + OPEN), "xb")
        self.writer = WARCWriter(self.handle, gzip=True, warc_version="1.1")
        self.writer.write_record(self.writer.create_warcinfo_record(self.name, self.info))

    def write(self, ex: Exchange) -> tuple[str, int]:
        """An exchange with a response -> (file name, offset) of its response record."""
        request, response = self._records(ex)
        with self.lock:
            if self.handle is not None and self.handle.tell() >= self.rotate:
                self.close()
            if self.handle is None:
                self._open()
            self.writer.write_record(request)
            offset = self.handle.tell()
            self.writer.write_record(response)
            self.handle.flush()
            return self.name, offset

    @staticmethod
    def _records(ex: Exchange):
        """An exchange -> its WARC request and response records, linked."""
        parts = urlsplit(ex.url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        date = ex.when.strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = [(k, v) for k, v in ex.headers if k.lower() not in DROPPED]
        http = StatusAndHeaders(f"{ex.status} {ex.reason}".strip(),
                                headers + [("Content-Length", str(len(ex.body)))],
                                protocol=ex.http_version)
        response = BUILDER.create_warc_record(
            ex.url, "response", payload=BytesIO(ex.body), length=len(ex.body),
            http_headers=http, warc_headers_dict={"WARC-Date": date})
        asked = StatusAndHeaders(f"GET {path} {ex.http_version}", ex.request_headers,
                                 is_http_request=True)
        request = BUILDER.create_warc_record(
            ex.url, "request", payload=BytesIO(b""), length=0, http_headers=asked,
            warc_headers_dict={"WARC-Date": date,
                               "WARC-Concurrent-To": response.rec_headers["WARC-Record-ID"]})
        return request, response

    def close(self) -> None:
        """Finish the current file (rename it from .open)."""
        if self.handle is None:
            return
        self.handle.close()
        (self.folder / (self.name + OPEN)).replace(self.folder / self.name)
        self.handle = self.writer = None

    def __enter__(self) -> WarcSeries:
        return self

    def __exit__(self, *exc) -> None:
        with self.lock:
            self.close()
