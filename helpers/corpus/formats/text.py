"""Text encodings: tell UTF-8 (BOM or none), UTF-16/32, cp1252 and Latin-1 apart; open a
file (gzipped or not) as text.

Rules, in order: a byte-order mark decides; NUL bytes on every other position mean UTF-16
without a BOM; bytes that decode as UTF-8 are UTF-8. Otherwise the text is Western
European unless most of its letters are outside ASCII (Cyrillic, Greek, Arabic in a legacy
code page): only then is charset-normalizer asked, so a code page such as cp775 is never
chosen on the evidence of a few accented letters. Western: cp1252 when bytes 0x80-0x9F
(curly quotes, dashes, bullets, the euro sign) occur and cp1252 defines them all, else
Latin-1 (which decodes any byte).
"""
from __future__ import annotations

import codecs
import gzip
import io
from pathlib import Path
from typing import BinaryIO

from .detect import GZIP_MAGIC, FormatError

SAMPLE_BYTES = 1 << 20               # bytes read from the head of a big file
WINDOW_BYTES = 1 << 18               # and from each of a few places further in
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
C1_BYTES = bytes(range(0x80, 0xA0))
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# A legacy text whose letters are mostly non-ASCII is not Western European.
FOREIGN_SCRIPT_SHARE = 0.5
MIN_FOREIGN_LETTERS = 20


def _utf16_without_bom(data: bytes) -> str | None:
    """Bytes -> "utf-16-le"/"utf-16-be" if NULs fill every other byte (ASCII in UTF-16)."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _western(data: bytes) -> str:
    """Bytes that are not UTF-8 -> "cp1252" or "latin-1" (see the module's rules)."""
    c1 = {b for b in data if 0x80 <= b < 0xA0}
    return "cp1252" if c1 and not c1 & CP1252_UNDEFINED else "latin-1"


def _foreign_script(text: str) -> bool:
    """Text decoded as Latin-1 -> are most of its letters non-ASCII (another script)?"""
    letters = [c for c in text if c.isalpha()]
    foreign = sum(not c.isascii() for c in letters)
    return foreign >= MIN_FOREIGN_LETTERS and foreign > FOREIGN_SCRIPT_SHARE * len(letters)


def detect_encoding(data: bytes, complete: bool = True) -> str:
    """Bytes (all of a text, or its start if not complete) -> the name of their encoding."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    if utf16 := _utf16_without_bom(data):
        return utf16
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _foreign_script(data.decode("latin-1")):
        from charset_normalizer import from_bytes
        if (best := from_bytes(data).best()) is not None:
            return best.encoding
    return _western(data)


def _windows(raw: BinaryIO, size: int) -> list[bytes]:
    """A seekable binary file of size bytes -> its head and a few windows further in, each
    trimmed to start on a character (no UTF-8 continuation bytes first)."""
    raw.seek(0)
    parts = [raw.read(SAMPLE_BYTES)]
    for share in (0.25, 0.5, 0.75, 1.0):
        offset = max(0, int(size * share) - WINDOW_BYTES)
        if offset > SAMPLE_BYTES:
            raw.seek(offset)
            parts.append(raw.read(WINDOW_BYTES).lstrip(bytes(range(0x80, 0xC0))))
    raw.seek(0)
    return parts


def sniff_encoding(path: Path) -> str:
    """A file (gzipped or not) -> its encoding, from its head and a few windows further in."""
    with open(path, "rb") as raw:
        gzipped = raw.read(2) == GZIP_MAGIC
        if gzipped:
            with gzip.open(path, "rb") as unzipped:
                parts = [unzipped.read(SAMPLE_BYTES * 4)]
        else:
            parts = _windows(raw, path.stat().st_size)
    first = detect_encoding(parts[0], complete=False)
    if first != "utf-8" or len(parts) == 1:
        return first
    rest = [p for p in parts[1:] if detect_encoding(p, complete=False) != "utf-8"]
    return detect_encoding(b"".join(rest), complete=False) if rest else "utf-8"


def open_binary(path: Path) -> BinaryIO:
    """A file -> a binary stream of its content (decompressed if it is gzipped)."""
    raw = open(path, "rb")
    if raw.read(2) == GZIP_MAGIC:
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw, mode="rb")
    raw.seek(0)
    return raw


def open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    """A file and an encoding -> a text stream with line ends kept as written."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FormatError(f"unknown encoding {encoding!r}") from None
    return io.TextIOWrapper(open_binary(path), encoding=encoding, newline="")


def decode(data: bytes, encoding: str) -> tuple[str, str]:
    """Bytes and an encoding ("auto" to detect) -> (text, the encoding used); FormatError if
    the bytes are not in that encoding."""
    used = detect_encoding(data) if encoding == "auto" else encoding
    try:
        return data.decode(used), used
    except UnicodeDecodeError as exc:
        raise FormatError(f"not {used} at byte {exc.start} ({exc.reason}); pass --encoding"
                          ) from None
    except LookupError:
        raise FormatError(f"unknown encoding {encoding!r}") from None
