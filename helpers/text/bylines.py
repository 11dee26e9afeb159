"""Bylines printed in article text: a byline line in, the author's name out.

A byline is a line that is only an author credit: "By Lizzie Dearden", "Written by Jane
Smith", "Lizzie Dearden@lizziedearden", possibly with the outlet and a date beside it
("By Jim Quinn / The Burning Platform", "By Jane Smith | March 6, 2017",
"Jane Smith, 6 March 2017", "news.goldseek.com / By: Jim Willie CB / 26 December 2017").

A bare name is a byline only with something beside it that makes it one: a date
("Jane Smith, 6 March 2017"), a job title from ``data/byline_roles.txt`` ("Jane Smith,
RT correspondent"), or an outlet after a bar or slash ("Jane Smith | RT"). Site navigation
("Middle East | Syria", see ``helpers.text.navigation``) is never a byline.

Limits: a bare name with nothing else ("Jane Smith") is not taken for a byline, since a
caption or a list of names looks the same, and neither is a name over a job title on the
next line; names must be capitalised words, so user names ("by willyloman") and names
with lower-case words other than particles are missed; "Jane Smith | Syria" reads as
a name and its outlet.
"""
from __future__ import annotations

import re

from helpers.config import DATA_DIR, word_list
from helpers.text.dates import dateline_date, split_dated
from helpers.text.navigation import looks_like_navigation

ROLES_FILE = DATA_DIR / "byline_roles.txt"

# A personal name: two to four capitalised words ("Lizzie Dearden", "Jean-Paul de Ville",
# "ANDREW C. MCCARTHY"), particles allowed between them.
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:de|van|von|al|bin|la|le|[A-Z][\w'’.-]+)){1,3}"
# What may follow the name: a separator and anything (outlet, place, date), or "via X".
_TAIL = r"(?:\s*[,|—–@/:-].*|\s+via\s+.*)?"
BYLINES = [
    # "By Lizzie Dearden", "By: Lizzie Dearden and Tom Batchelor, Moscow"
    re.compile(rf"^(?:[Bb]y|BY):?\s+(?P<name>{_NAME}(?:\s+(?:and|&)\s+{_NAME})?){_TAIL}$"),
    # "Written by Lizzie Dearden", "Authored by Turd Ferguson via TFMetalsReport.com"
    re.compile(rf"^(?:[Ww]ritten|[Pp]osted|[Rr]eported|[Aa]uthored)\s+by:?\s+"
               rf"(?P<name>{_NAME}){_TAIL}$"),
    # "Lizzie Dearden@lizziedearden": the name fused with its Twitter handle
    re.compile(rf"^(?P<name>{_NAME})\s*@\w{{2,}}$"),
]
# A bare name, allowed only where a date stands beside it ("Jane Smith, 6 March 2017").
_BARE_NAME = re.compile(rf"^(?P<name>{_NAME})$")
# Segments of a credit line joined by " / " or " | ".
_SEGMENT_SPLIT = re.compile(r"\s+[/|]\s+")
# A segment that is a web address or an outlet-like short name without sentence punctuation.
_DOMAIN = re.compile(r"^(https?://)?(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?$", re.IGNORECASE)
_SHORT_NAME = re.compile(r"^[\w&'’., -]{1,40}$")
# A name ending in an abbreviation ("Benny G. Powell Jr.") is not a sentence's full stop.
_ABBREVIATION_END = re.compile(r"\b(?:Jr|Sr|[A-Z])\.$")
# A bare name and what follows a comma, bar, slash or dash: "Jane Smith, RT correspondent".
_NAME_AND_REST = re.compile(rf"^(?P<name>{_NAME})\s*(?:,|\s[|/—–-])\s*(?P<rest>.+)$")
# A job title is a few words: "RT correspondent", "Senior Middle East Editor".
ROLE_WORDS = 5


def _is_role(text: str) -> bool:
    """Text after a name -> True if it is a short job title ("RT correspondent")."""
    words = text.lower().split()
    return len(words) <= ROLE_WORDS and any(w.strip(".,") in word_list(ROLES_FILE) for w in words)


def _match_byline(line: str) -> str | None:
    """A line matching one of the BYLINES shapes -> the name; else None."""
    for pattern in BYLINES:
        if match := pattern.match(line):
            return match["name"]
    return None


def _from_segments(line: str) -> str | None:
    """A credit line of segments joined by " / " or " | " -> the name in its byline segment.

    Every other segment must be a date, a web address or a short outlet-like name.
    """
    segments = _SEGMENT_SPLIT.split(line)
    if len(segments) < 2:
        return None
    names = [_match_byline(s) for s in segments]
    if not any(names) and len(segments) == 2 and (bare := _BARE_NAME.match(segments[0])):
        names[0] = bare["name"]                  # "Jane Smith | RT": a name and its outlet
    if sum(n is not None for n in names) != 1:
        return None
    others = [s for s, n in zip(segments, names) if n is None]
    if all(dateline_date(s) or _DOMAIN.match(s) or _SHORT_NAME.match(s) for s in others):
        return next(n for n in names if n)
    return None


def personal_name(line: str) -> str | None:
    """A line that is only a personal name ("Jane Smith", "Jean-Paul de Ville") -> the
    name; else None (a title-case label such as "Full Bio" reads as one too)."""
    match = _BARE_NAME.match(line.strip())
    return match["name"] if match else None


def byline_author(line: str) -> str | None:
    """A line that is only a byline -> the author's name as printed; else None.

    A line ending in a full stop is a sentence ("By President Putin, the order was signed."),
    unless the stop ends an abbreviation of the name ("By Benny G. Powell Jr.").
    """
    line = line.strip()
    if line.endswith(("!", "?")) or (line.endswith(".") and not _ABBREVIATION_END.search(line)):
        return None
    if looks_like_navigation(line):
        return None
    if name := _match_byline(line) or _from_segments(line):
        return name
    if (match := _NAME_AND_REST.match(line)) and _is_role(match["rest"]):
        return match["name"]
    if dated := split_dated(line):
        text = dated[0]
        if match := _BARE_NAME.match(text):
            return match["name"]
        return _match_byline(text) or _from_segments(text)
    return None
