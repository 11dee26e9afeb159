"""Bylines printed in article text: a byline line in, the author's name out."""
from __future__ import annotations

import re

# A personal name: two to four capitalised words ("Lizzie Dearden", "Jean-Paul de Ville").
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:de|van|von|al|bin|la|le|[A-Z][\w'’.-]+)){1,3}"
BYLINES = [
    # "By Lizzie Dearden", "By Lizzie Dearden and Tom Batchelor, Moscow"
    re.compile(rf"^(?:[Bb]y|BY)\s+(?P<name>{_NAME}(?:\s+(?:and|&)\s+{_NAME})?)(?:\s*[,|—–@-].*)?$"),
    # "Written by Lizzie Dearden"
    re.compile(rf"^(?:[Ww]ritten|[Pp]osted|[Rr]eported)\s+by:?\s+(?P<name>{_NAME})(?:\s*[,|—–@-].*)?$"),
    # "Lizzie Dearden@lizziedearden": the name fused with its Twitter handle
    re.compile(rf"^(?P<name>{_NAME})\s*@\w{{2,}}$"),
]


def byline_author(line: str) -> str | None:
    """A line that is only a byline -> the author's name as printed; else None.

    A line ending in a full stop is a sentence ("By President Putin, the order was signed.").
    """
    if line.rstrip().endswith((".", "!", "?")):
        return None
    for pattern in BYLINES:
        if match := pattern.match(line.strip()):
            return match["name"]
    return None
