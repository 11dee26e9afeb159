"""Publication dates printed in article text: dateline lines in, a dated reading out.

A dateline is a line that is nothing but a date, perhaps with a weekday, a time (after
the date, or before it: "14:05 GMT, 11 December 2017"), a label ("Published:", "Updated",
"Posted on", "Published time:", "Edited time:", "This article was posted:"), brackets and
a place or source after it ("March 6, 2017, 8:29 am"; "14.02.2018, Moscow.";
"Thursday 24 September 2015 14:32"; "[January 24, 2018 - ZurichTimes.net]"), or two such
dates, the second an update ("Published time: 11 Dec, 2017 14:05 Edited time: 11 Dec,
2017 15:38"). A byline line may carry a date too ("By Jane Smith | March 6, 2017";
"Jane Smith, 6 March 2017"; "Posted on March 6, 2017 by Jane Smith"); ``split_dated``
finds it. A date inside a sentence is something the story mentions, not when it was
published, and is never taken. Relative words ("now", "today", "2 hours ago") are never
dates: they name no calendar day (``is_relative_date``; ``parse_timestamp`` reads a
manifest's published value and refuses them).

``publication_date`` weighs the dateline and byline lines that cleaning removed and
returns one date with its provenance and a confidence.

Limits, stated openly:
- numeric dates are read day first ("04/05/2017" is 4 May) unless that is impossible
  ("4-13-16" is 13 April); when day and month could swap, the reading is a guess and its
  confidence is ``low`` (a printed weekday that fits only one reading settles it);
- two-digit years are taken as 20xx;
- times are kept as printed, naive, in the outlet's own time zone; a zone or offset is
  read and dropped, never converted;
- only English month and weekday names are understood.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, NamedTuple, Sequence

import pandas as pd

from helpers.config import DATA_DIR, word_list

# Words such as "now" and "today" that are never dates (see the file's comment).
RELATIVE_WORDS_FILE = DATA_DIR / "relative_dates.txt"

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
CONFIDENCE = ("low", "medium", "high")
# Kept lines that may stand above a dateline that still dates the page (a standfirst).
STANDFIRST_LINES = 1
# This many different days printed in datelines and bylines make a list of dated entries.
LIST_DATES = 3

# A month name, full or abbreviated, with an optional full stop ("Sept.", "March", "Dec").
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# An optional weekday before the date ("Wed ", "Thursday, ", "Tues. ").
_WEEKDAY = r"(?:(?P<weekday>(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# "24 September 2015", "24th of September, 2015", "05 Apr 2017"
_DAY_MONTH_YEAR = rf"(?P<d1>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<m1>{_MONTH}),?\s+(?P<y1>\d{{4}})"
# "March 6, 2017", "March 6th 2017", "Dec 29 2017"
_MONTH_DAY_YEAR = rf"(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}){_ORDINAL},?\s+(?P<y2>\d{{4}})"
# "14.02.2018", "04/05/2017", "3-6-16": the same separator twice, a 4- or 2-digit year
_NUMERIC = r"(?P<n1>\d{1,2})(?P<sep>[./-])(?P<n2>\d{1,2})(?P=sep)(?P<ny>\d{4}|\d{2})"
# "2018-02-14", "2018/02/14", "2018-02-14T09:30:00Z", "2018-02-14 09:30+03:00"
_ISO = (r"(?P<iy>\d{4})[-/](?P<im>\d{2})[-/](?P<id>\d{2})"
        r"(?:[T ](?P<ih>\d{2}):(?P<imin>\d{2})(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?")
# A time zone after a time, read and dropped: " GMT", " (MSK)", " UTC+3"
_ZONE = (r"(?:\s*\(?(?:gmt|utc|bst|cet|cest|eet|est|edt|cst|cdt|pst|pdt|msk|et|pt)\b\)?"
         r"(?:\s*[+-]\s*\d{1,2})?)?")
# A time after the date: ", 8:29 am", " 14:32", " at 9.30 GMT", " / 04:26 am", " 8 p.m. EST"
_TIME = (r"(?:\s*[,/|—–-]?\s*(?:at\s+|@\s*)?"
         r"(?:(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2})?(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?"
         rf"|(?P<hour2>\d{{1,2}})\s*(?P<ampm2>[ap])\.?\s?m\b\.?){_ZONE})?")
# A time before the date, as the Daily Mail and CNN print it: "14:05 GMT, 11 December 2017",
# "11:04 AM ET, Mon December 11, 2017".
_LEAD_TIME = (r"(?:(?P<lhour>\d{1,2})[:.](?P<lminute>\d{2})(?:\s*(?P<lampm>[ap])\.?\s?m\b\.?)?"
              rf"{_ZONE}\s*,?\s+(?:on\s+)?)?")
# A label before the date: "Published:", "Last updated on", "Published time:" (RT),
# "Edited time:", "This article was posted:"
_LABEL = (r"(?:(?P<label>(?:(?:first|last)\s+)?"
          r"(?:published|posted|updated|modified|edited|released)(?:\s+(?:time|date|at))?|date|dated"
          r"|this\s+(?:article|story|post|entry|page)\s+was\s+(?:first\s+)?"
          r"(?:posted|published|updated|last\s+updated))(?:\s+on)?\s*:?\s+)?")
# A place or source after the date: one to three capitalised words ("Moscow",
# "Washington, D.C.", "ZurichTimes.net"), case-sensitive so that prose does not pass.
_PLACE = r"(?:\s*[,|/—–-]\s*(?-i:[A-Z][\w.'’-]*(?:,?\s[A-Z][\w.'’-]*){0,2}))?"

DATELINE = re.compile(
    rf"^[\[(]?{_LABEL}{_LEAD_TIME}{_WEEKDAY}"
    rf"(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|{_NUMERIC}|{_ISO})"
    rf"{_TIME}{_PLACE}[\])]?\.?$",
    re.IGNORECASE,
)
# Where a byline line may be cut between its name part and its date part:
# "By Jane Smith | March 6, 2017", "Jane Smith, 6 March 2017", "... on Friday Dec 29 2017",
# "Posted on March 6, 2017 by Jane Smith".
_SPLIT = re.compile(r"\s*(?:[|/—–:]|\s-|,)\s*|\s+(?:on|by)\s+", re.IGNORECASE)
# Labels that say the date is not the first publication.
_UPDATE_LABEL = re.compile(r"updated|modified|edited", re.IGNORECASE)
# Where a line of two datelines is cut before its second, an update: "Published time:
# 11 Dec, 2017 14:05 Edited time: 11 Dec, 2017 15:38" (RT), "PUBLISHED: 14:05 GMT,
# 11 December 2017 | UPDATED: 15:38 GMT, 11 December 2017" (Daily Mail).
_SECOND_DATELINE = re.compile(r"\s*[|,;·•]?\s+(?=(?:last\s+)?(?:updated|modified|edited)\b)",
                              re.IGNORECASE)


@dataclass(frozen=True)
class DateReading:
    """What one dateline says: the timestamp and how far it can be trusted.

    ``ambiguous``: a numeric date whose day and month could swap; ``weekday_ok``: None
    when no weekday is printed, else whether it fits the date; ``label``: "published",
    "updated" ... as printed (lower case), "" when none.
    """

    date: pd.Timestamp
    has_time: bool
    weekday_ok: bool | None
    ambiguous: bool
    label: str

    @property
    def confidence(self) -> str:
        """``high`` (time, or a fitting weekday), ``medium`` (a date alone), ``low``
        (day and month could swap); a weekday that contradicts the date costs one step."""
        if self.ambiguous:
            level = 0
        else:
            level = 2 if self.has_time or self.weekday_ok else 1
        if self.weekday_ok is False:
            level = max(level - 1, 0)
        return CONFIDENCE[level]


class PublicationDate(NamedTuple):
    """A publication date read from the text: date (None if none), provenance
    (``dateline`` or ``byline``, "" if none), confidence (``high``/``medium``/``low``,
    "" if none) and the line it was read from."""

    date: pd.Timestamp | None
    provenance: str
    confidence: str
    line: str


NO_DATE = PublicationDate(None, "", "", "")
# The words of a written date value ("2 hours ago" -> "hours", "ago").
_WORDS = re.compile(r"[^\W\d_]+")


def is_relative_date(value: str) -> bool:
    """A written date -> True if a word of it dates it from when it is read ("now",
    "today", "yesterday", "2 hours ago"), so that it names no calendar day."""
    return any(word in word_list(RELATIVE_WORDS_FILE) for word in _WORDS.findall(value.lower()))


def parse_timestamp(value: str) -> pd.Timestamp:
    """A written timestamp ("2017-12-11", "2017-12-11 14:05") -> a Timestamp.

    Raises ValueError for what is no date, and for a relative word ("now", "today"),
    which pandas alone would read as the clock time of each run.
    """
    if is_relative_date(value):
        raise ValueError(f"{value!r} is relative to the moment it is read, not a date")
    stamp = pd.Timestamp(value.strip())
    if pd.isna(stamp):
        raise ValueError(f"{value!r} is not a date")
    return stamp


def _month(name: str) -> int:
    """A month name or abbreviation ("Sept.", "march") -> its number."""
    return MONTHS[name.strip(".").lower()[:3]]


def _weekday(name: str | None) -> int | None:
    """A printed weekday ("Wed", "thursday", "Tues") -> 0-6 (Monday 0); None if none.

    Raises ValueError for a word that is no weekday ("Sunny").
    """
    if not name:
        return None
    word = name.lower()
    for number, full in enumerate(WEEKDAYS):
        if len(word) >= 3 and full.startswith(word):
            return number
    raise ValueError(f"not a weekday: {name}")


def _year(text: str) -> int:
    """A printed year -> a four-digit year (two digits are taken as 20xx)."""
    return int(text) + 2000 if len(text) == 2 else int(text)


def _time(match: re.Match) -> tuple[int, int] | None:
    """The time printed after the date -> (hour, minute) on the 24-hour clock, or None.

    Raises ValueError for an impossible time ("25:61", "13 pm").
    """
    if match["ih"]:
        hour, minute, ampm = int(match["ih"]), int(match["imin"]), None
    elif match["lhour"]:
        hour, minute, ampm = int(match["lhour"]), int(match["lminute"]), match["lampm"]
    elif match["hour"]:
        hour, minute, ampm = int(match["hour"]), int(match["minute"]), match["ampm"]
    elif match["hour2"]:
        hour, minute, ampm = int(match["hour2"]), 0, match["ampm2"]
    else:
        return None
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("hour out of range for am/pm")
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError("impossible time")
    return hour, minute


def _day_month_year(match: re.Match) -> tuple[list[tuple[int, int, int]], bool]:
    """The date printed -> its possible (year, month, day) readings, most likely first,
    and whether it is a numeric date whose day and month could swap."""
    if match["d1"]:
        return [(int(match["y1"]), _month(match["m1"]), int(match["d1"]))], False
    if match["d2"]:
        return [(int(match["y2"]), _month(match["m2"]), int(match["d2"]))], False
    if match["iy"]:
        return [(int(match["iy"]), int(match["im"]), int(match["id"]))], False
    first, second, year = int(match["n1"]), int(match["n2"]), _year(match["ny"])
    readings = [(year, second, first), (year, first, second)]     # day first, then month first
    possible = [r for r in readings if 1 <= r[1] <= 12]
    return possible, len(possible) == 2 and first != second


def read_dateline(line: str) -> DateReading | None:
    """A line that is only a dateline -> what it says (date, time, weekday check); else None.

    A line of two datelines, the second an update ("Published time: 11 Dec, 2017 14:05
    Edited time: 11 Dec, 2017 15:38"), is read by its first. An impossible date or time
    ("31.02.2018", "24 September 2015 25:61") gives None.
    """
    line = line.strip()
    if (reading := _read_one(line)) is not None:
        return reading
    for cut in _SECOND_DATELINE.finditer(line):
        head, tail = line[:cut.start()], line[cut.end():]
        if head and (reading := _read_one(head)) is not None and _read_one(tail) is not None:
            return reading
    return None


def _read_one(line: str) -> DateReading | None:
    """A stripped line that is one dateline -> what it says; else None."""
    match = DATELINE.match(line)
    if not match:
        return None
    try:
        readings, ambiguous = _day_month_year(match)
        clock = _time(match)
        weekday = _weekday(match["weekday"])
        dates = [datetime(y, m, d, *(clock or (0, 0))) for y, m, d in readings
                 if _valid(y, m, d)]
    except (ValueError, KeyError):
        return None
    if not dates:
        return None
    if ambiguous and len(dates) == 2 and weekday is not None:
        fitting = [d for d in dates if d.weekday() == weekday]
        if len(fitting) == 1:                     # the weekday settles day and month
            dates, ambiguous = fitting, False
    date = dates[0]
    label = re.sub(r"\s+", " ", (match["label"] or "").lower())
    return DateReading(
        date=pd.Timestamp(date),
        has_time=clock is not None,
        weekday_ok=None if weekday is None else date.weekday() == weekday,
        ambiguous=ambiguous and len(dates) == 2,
        label=label,
    )


def _valid(year: int, month: int, day: int) -> bool:
    """True for a real calendar day."""
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def dateline_date(line: str) -> pd.Timestamp | None:
    """A line that is only a dateline -> its timestamp (naive, local to the outlet); else None."""
    reading = read_dateline(line)
    return reading.date if reading else None


def split_dated(line: str) -> tuple[str, DateReading] | None:
    """A line made of some text and a dateline -> (the text, the date reading); else None.

    The date may come after the text ("By Jane Smith | March 6, 2017", "Jane Smith,
    6 March 2017", "Posted by Jane Smith on March 6, 2017") or before it ("Aug 26, 2017 —
    Mark Smyth"). Limit: this only cuts the line; whether the text is a byline is for the
    caller to decide (``helpers.text.bylines`` does), since "Russia said on March 6, 2017"
    splits the same way.
    """
    line = line.strip()
    for cut in _SPLIT.finditer(line):
        head, tail = line[:cut.start()].strip(), line[cut.end():].strip()
        if not head or not tail:
            continue
        if (reading := read_dateline(tail)) is not None:
            return head, reading
        if (reading := read_dateline(head)) is not None:
            return tail, reading
    return None


def _position(line_no: int, kept_lines: Sequence[int] | None) -> str:
    """Where a removed line stands: ``above`` the article (at most STANDFIRST_LINES kept
    lines before it: a standfirst may come before the dateline), ``below`` it (no kept line
    after it), or ``inside`` it, between paragraphs (then it dates a section or a document
    the article quotes)."""
    if kept_lines is None:
        return "above"
    if not any(n > line_no for n in kept_lines):
        return "below"
    if sum(n < line_no for n in kept_lines) <= STANDFIRST_LINES:
        return "above"
    return "inside"


def _lower(confidence: str) -> str:
    """One confidence step down (``low`` stays ``low``)."""
    return CONFIDENCE[max(CONFIDENCE.index(confidence) - 1, 0)]


def _dated_lines(lines: Iterable[tuple[int, str, str]]) -> list[tuple[int, str, str, DateReading]]:
    """(line_no, rule, text) removed as ``dateline`` or ``byline`` -> those that carry a date,
    with their reading."""
    found = []
    for line_no, rule, text in lines:
        if rule == "dateline":
            reading = read_dateline(text)
        elif rule == "byline":
            reading = (split_dated(text) or (None, None))[1]
        else:
            continue
        if reading is not None:
            found.append((line_no, rule, text, reading))
    return found


def publication_date(
    lines: Iterable[tuple[int, str, str]],
    kept_lines: Sequence[int] | None = None,
) -> PublicationDate:
    """The lines cleaning removed, as (line_no, rule, text) -> the publication date.

    Only lines removed as ``dateline`` or ``byline`` are read (a dateline's date, or the
    date in a byline, see ``split_dated``); others are ignored. ``kept_lines`` are the line
    numbers of the article's own paragraphs (``Cleaned.kept_lines``): a dateline between
    paragraphs dates a section or a quoted document ("June 25, 2015" over a bill), not the
    page, and is skipped; without them every line counts as above the article.

    Of the rest, a line labelled "Published"/"Posted" wins over an unlabelled one, and an
    "Updated" line comes last; then a line above the article over one below it; then the
    first. Confidence is the line's own (see ``DateReading.confidence``), one step lower
    when the line stands below the article without a label (a date under a text is as
    often the date of the document it reprints) and one step lower when another dated
    line gives a different day. Returns ``NO_DATE`` when nothing is dated, and when
    LIST_DATES or more different days are printed: the page lists dated entries (an
    archive or author page, a live blog) and none of them is the page's date.

    Limits: only what cleaning removed is read, so a date glued to a paragraph ("Vatican
    City, Jan 24, 2018 / 04:26 am (CNA).- In his message...") is not seen; a page that
    reprints a story keeps the original's dateline, which dates the original.
    """
    dated = _dated_lines(lines)
    if len({reading.date.normalize() for *_, reading in dated}) >= LIST_DATES:
        return NO_DATE
    candidates = []
    for line_no, rule, text, reading in dated:
        where = _position(line_no, kept_lines)
        if where == "inside":
            continue
        rank = (2 if _UPDATE_LABEL.search(reading.label) else 0 if reading.label else 1,
                0 if where == "above" else 1, line_no)
        candidates.append((rank, rule, text, reading, where))
    if not candidates:
        return NO_DATE
    _, rule, text, best, where = min(candidates, key=lambda c: c[0])
    confidence = best.confidence
    if where == "below" and not best.label:
        confidence = _lower(confidence)
    if any(c[3].date.normalize() != best.date.normalize() for c in candidates):
        confidence = _lower(confidence)
    return PublicationDate(best.date, rule, confidence, text)
