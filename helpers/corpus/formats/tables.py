"""CSV and JSON Lines files -> records, each with its line number; bad rows -> skips.

CSV is read with the csv module in strict mode, line by line, so every row knows its line.
A stray quote makes a field swallow the rows after it until the next quote; in strict mode
the parse then fails where that quote is not followed by a comma, or the row comes out with
the wrong number of fields. Either way the row that opened the quote is reported by its line
and the lines after it are read again, so the rows it swallowed still import. A record that
grows beyond MAX_RECORD_CHARS is treated the same way.
"""
from __future__ import annotations

import csv
import json
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from .detect import FormatError
from .text import open_binary, open_text

FIELDS = ("text", "title", "outlet", "published", "url", "author", "id")
MAX_RECORD_CHARS = 8 * 1024 * 1024   # no article is this long: a runaway quoted field
Record = dict[str, str]
csv.field_size_limit(2**31 - 1)      # the csv module's 128 KiB default cuts long articles


class _TooLong(Exception):
    """A CSV record grew past MAX_RECORD_CHARS."""


class _Lines:
    """The physical lines of a text stream, numbered; a failed record's lines can be put
    back (all but its first) to be read again."""

    def __init__(self, stream, progress: Callable[[], None]):
        self.stream, self.progress = stream, progress
        self.read_no, self.again = 0, deque()
        self.taken: list[tuple[int, str]] = []
        self.size = 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        if self.again:
            no, line = self.again.popleft()
        else:
            line = self.stream.readline()
            if not line:
                raise StopIteration
            self.read_no += 1
            no = self.read_no
            if no % 4096 == 0:
                self.progress()
        self.taken.append((no, line))
        self.size += len(line)
        if self.size > MAX_RECORD_CHARS:
            raise _TooLong
        return line

    def start(self) -> None:
        """A new record begins."""
        self.taken, self.size = [], 0

    def first(self) -> int:
        """The line number the current record began on."""
        return self.taken[0][0] if self.taken else self.read_no + 1

    def replay(self) -> int:
        """Put back the current record's lines but its first; -> that first line's number."""
        first = self.first()
        self.again.extendleft(reversed(self.taken[1:]))
        self.start()
        return first


def csv_header(path: Path, encoding: str) -> list[str]:
    """A CSV file -> its header row; FormatError if it has none."""
    with open_text(path, encoding) as stream:
        try:
            header = next(csv.reader(stream), None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise FormatError(f"{path}: the header row cannot be read ({exc})") from None
    if not header:
        raise FormatError(f"{path}: empty file, no header row")
    return header


def read_csv(path: Path, columns: dict[str, str], encoding: str,
             progress: Callable[[], None] = lambda: None) -> Iterator[Record]:
    """A CSV file, FIELD -> column, an encoding -> its records (skips for bad rows)."""
    header = csv_header(path, encoding)
    if missing := sorted(set(columns.values()) - set(header)):
        raise FormatError(f"{path}: no column(s) {', '.join(missing)}; it has "
                          f"{', '.join(header)}")
    index = {f: header.index(c) for f, c in columns.items()}
    with open_text(path, encoding) as stream:
        lines = _Lines(stream, progress)
        reader = csv.reader(lines, strict=True)
        next(reader)
        while True:
            lines.start()
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise FormatError(f"{path}: not {encoding} at line {lines.read_no + 1} "
                                  f"({exc.reason}); pass --encoding") from None
            except (csv.Error, _TooLong) as exc:
                why = str(exc) if isinstance(exc, csv.Error) else "a quoted field runs on"
                first = lines.replay()
                yield {"where": f"line {first}", "skip": "malformed CSV row",
                       "detail": f"{why}; an unbalanced quote? the lines after it were read again"}
                continue
            if not row:
                continue
            if len(row) != len(header):
                first = lines.replay() if len(lines.taken) > 1 else lines.first()
                yield {"where": f"line {first}", "skip": "malformed CSV row",
                       "detail": f"{len(row)} fields, the header has {len(header)}"}
                continue
            yield {f: row[index[f]] if f in index else "" for f in FIELDS} | {
                "where": f"line {lines.first()}"}


def _as_text(value: object) -> str:
    """A JSON value -> a string ("" for null, "; "-joined lists)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(_as_text, value))
    return value if isinstance(value, str) else str(value)


def _json_lines(path: Path, encoding: str) -> Iterator[tuple[int, str | None]]:
    """A JSON Lines file -> (line number, decoded line or None if undecodable)."""
    if encoding.startswith(("utf-16", "utf-32")):       # not line-by-line decodable
        with open_text(path, encoding) as stream:
            yield from enumerate(stream, 1)
        return
    with open_binary(path) as handle:
        for no, line in enumerate(handle, 1):
            try:
                yield no, line.decode(encoding)
            except UnicodeDecodeError:
                yield no, None


def read_jsonl(path: Path, columns: dict[str, str], encoding: str,
               progress: Callable[[], None] = lambda: None) -> Iterator[Record]:
    """A JSON Lines file -> its records (keys by columns, else the field names)."""
    names = {f: f for f in FIELDS} | columns
    for no, line in _json_lines(path, encoding):
        if no % 4096 == 0:
            progress()
        if line is None:
            yield {"where": f"line {no}", "skip": f"not {encoding}"}
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line.lstrip("\ufeff"))
        except ValueError:
            obj = None
        if not isinstance(obj, dict):
            yield {"where": f"line {no}", "skip": "invalid JSON line"}
            continue
        yield {f: _as_text(obj.get(name)) for f, name in names.items()} | {"where": f"line {no}"}
