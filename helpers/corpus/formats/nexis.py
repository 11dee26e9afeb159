"""Nexis Uni Word exports (.docx) and LexisNexis text exports (.txt): many articles a file.

A text export opens each document with "N of M DOCUMENTS", then the outlet, the date (an
edition may follow on the next lines), the title, header fields (BYLINE:, SECTION:,
LENGTH: ...), the body, and trailing fields (LOAD-DATE:, LANGUAGE: ...) and a copyright
notice. A Word export gives each document as paragraphs: title, outlet, date, a copyright
line, "Section:", "Length:", "Byline:" fields, a "Body" heading, the body, optional
"Classification" fields, and "End of Document". The body is kept as the export gives it
(the text export's line breaks included); section and length go to the manifest's note.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .dates import export_date
from .detect import FormatError
from .tables import FIELDS, Record
from .text import decode

DOC_LINE = re.compile(r"^[ \t]*(\d+) of \d+ DOCUMENTS[ \t]*\r?$", re.MULTILINE)
# Header fields before a text export's body, and trailing fields after it.
HEAD_FIELD = re.compile(r"^(BYLINE|SECTION|LENGTH|DATELINE|HIGHLIGHT|EDITION|SERIES|"
                        r"CORRECTION-APPENDED|ABSTRACT): ?(.*)", re.DOTALL)
TAIL_FIELD = re.compile(r"^(LOAD-DATE|LANGUAGE|GRAPHIC|PUBLICATION-TYPE|JOURNAL-CODE|"
                        r"DOCUMENT-TYPE|SUBJECT|ORGANIZATION|GEOGRAPHIC|PERSON|CITY|STATE|"
                        r"COUNTRY|COMPANY|TICKER|INDUSTRY|NOTES|URL|DISTRIBUTION|"
                        r"CORRECTION-DATE|TYPE): ")
COPYRIGHT = re.compile(r"^(Copyright|All Rights Reserved|©|\(c\))", re.IGNORECASE)
# "Section:\xa0POLITICS; Version:28" in a Word export (a no-break space after the colon).
DOCX_FIELD = re.compile(r"^([A-Z][\w-]*(?: [A-Z][\w-]*)?):\xa0(.*)", re.DOTALL)
DOCX_END = "End of Document"


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """Lines -> (first, past-last) index of each run of non-blank lines."""
    runs, start = [], None
    for i, line in enumerate(lines + [""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _joined(lines: list[str], run: tuple[int, int]) -> str:
    """Lines and a run -> its lines joined by spaces, whitespace tidied."""
    return " ".join(" ".join(lines[run[0]:run[1]]).split())


def _note(fields: dict[str, str]) -> str:
    """Header fields -> the manifest note ("section: NEWS; Pg. 6; length: 471 words")."""
    return "; ".join(f"{k.lower()}: {fields[k]}" for k in ("SECTION", "LENGTH") if k in fields)


def _txt_document(chunk: str) -> Record | str:
    """One document of a text export -> its record, or why it has none."""
    lines = chunk.splitlines(keepends=True)
    runs = _paragraphs(lines)
    if len(runs) < 3:
        return "document too short (no outlet, date and body)"
    outlet, date = _joined(lines, runs[0]), lines[runs[1][0]].strip()
    p, title = 2, ""
    if not HEAD_FIELD.match(lines[runs[2][0]]):
        title, p = _joined(lines, runs[2]), 3
    fields = {}
    while p < len(runs) and (m := HEAD_FIELD.match(_joined(lines, runs[p]))):
        fields[m.group(1)] = m.group(2).strip()
        p += 1
    q = len(runs)
    while q > p and (TAIL_FIELD.match(lines[runs[q - 1][0]].strip())
                     or COPYRIGHT.match(lines[runs[q - 1][0]].strip())):
        q -= 1
    if q <= p:
        return "no body text"
    body = "".join(lines[runs[p][0]:runs[q - 1][1]]).strip()
    return dict.fromkeys(FIELDS, "") | {
        "text": body, "title": title, "outlet": outlet, "published": export_date(date),
        "author": fields.get("BYLINE", ""), "note": _note(fields)}


def read_nexis_txt(path: Path, encoding: str, used: set[str]) -> Iterator[Record]:
    """A LexisNexis text export -> one record per document ("document N" as numbered)."""
    text, name = decode(path.read_bytes(), encoding)
    used.add(name)
    marks = list(DOC_LINE.finditer(text))
    if not marks:
        raise FormatError(f"{path}: no 'N of M DOCUMENTS' line: not a LexisNexis text export")
    for mark, after in zip(marks, marks[1:] + [None]):
        chunk = text[mark.end():after.start() if after else len(text)]
        record = _txt_document(chunk)
        where = f"document {mark.group(1)}"
        yield record | {"where": where} if isinstance(record, dict) else \
            {"where": where, "skip": record}


def _docx_document(paras: list[str]) -> Record | str:
    """The paragraphs of one Word-export document -> its record, or why it has none."""
    stripped = [p.strip() for p in paras]
    if "Body" not in stripped:
        return "no 'Body' heading: not a Nexis Uni document"
    body_at = stripped.index("Body")
    fields, head = {}, []
    for text in reversed(stripped[:body_at]):
        if m := DOCX_FIELD.match(text):
            fields[m.group(1).upper()] = m.group(2).strip()
        elif text and not COPYRIGHT.match(text):
            head.append(text)
        if len(head) == 3:
            break
    date, outlet, title = (head + ["", "", ""])[:3]
    body = []
    for text, raw in zip(stripped[body_at + 1:], paras[body_at + 1:]):
        if text == "Classification" or (DOCX_FIELD.match(text) and raw.startswith("\n")):
            break
        body.append(raw)
    body_text = "\n".join(body).strip()
    if not body_text:
        return "no body text"
    return dict.fromkeys(FIELDS, "") | {
        "text": body_text, "title": title, "outlet": outlet, "published": export_date(date),
        "author": fields.get("BYLINE", ""), "note": _note(fields)}


def read_nexis_docx(path: Path, used: set[str]) -> Iterator[Record]:
    """A Nexis Uni Word export -> one record per document ("document N", counted from 1)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        paras = [p.text for p in docx.Document(str(path)).paragraphs]
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise FormatError(f"{path}: not a readable Word file ({exc})") from None
    used.add("docx")
    ends = [i for i, p in enumerate(paras) if p.strip() == DOCX_END]
    if not ends:
        raise FormatError(f"{path}: no 'End of Document' paragraph: not a Nexis Uni export")
    start = 0
    for n, end in enumerate(ends, 1):
        record = _docx_document(paras[start:end])
        start = end + 1
        yield record | {"where": f"document {n}"} if isinstance(record, dict) else \
            {"where": f"document {n}", "skip": record}


def read_nexis(path: Path, encoding: str, used: set[str]) -> Iterator[Record]:
    """A Nexis export, Word or text -> its records."""
    with open(path, "rb") as handle:
        zipped = handle.read(4) == b"PK\x03\x04"
    return read_nexis_docx(path, used) if zipped else read_nexis_txt(path, encoding, used)
