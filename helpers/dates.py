"""Publication dates printed in article text: a dateline line in, a timestamp out.

A dateline is a line that is nothing but a date, perhaps with a weekday, a time, a
"Published" label and a place ("March 6, 2017, 8:29 am"; "14.02.2018, Moscow.";
"Thursday 24 September 2015 14:32"). A date inside a sentence is something the story
mentions, not when it was published, and is never taken.
"""
from __future__ import annotations

import re

import pandas as pd
from dateutil import parser as dateparser

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# "24 September 2015", "Wed 05 Apr 2017", "Thursday, 24th of September, 2015"
_DAY_MONTH_YEAR = rf"{_WEEKDAY}\d{{1,2}}{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
# "March 6, 2017", "Thursday, March 6th 2017"
_MONTH_DAY_YEAR = rf"{_WEEKDAY}{_MONTH}\s+\d{{1,2}}{_ORDINAL},?\s+\d{{4}}"
# "14.02.2018", "14/02/2018": numeric dates are read day first, as outside the US
_NUMERIC_DMY = r"\d{1,2}[./]\d{1,2}[./]\d{4}"
# "2018-02-14", "2018-02-14T09:30"
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
# ", 8:29 am", " 14:32", " at 9.30 GMT"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:gmt|utc|bst|cet|est|edt|msk))?)?"

DATELINE = re.compile(
    r"^(?:(?:published|posted|updated|last updated|date)(?:\s+on)?:?\s+)?"
    rf"(?P<date>{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|(?P<numeric>{_NUMERIC_DMY})|(?P<iso>{_ISO}))"
    rf"(?P<time>{_TIME})"
    # an optional place: one to three capitalised words ("Moscow", "Washington, D.C.")
    r"(?:\s*[,|—–-]\s*(?-i:[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*){0,2}))?\.?$",
    re.IGNORECASE,
)
_TZ = re.compile(r"\b(?:gmt|utc|bst|cet|est|edt|msk)\b|\bat\b", re.IGNORECASE)


def dateline_date(line: str) -> pd.Timestamp | None:
    """A line that is only a dateline -> its timestamp (naive, local to the outlet); else None."""
    match = DATELINE.match(line.strip())
    if not match:
        return None
    text = _TZ.sub(" ", match["date"] + " " + match["time"].lstrip(", "))
    if match["time"] and not match["iso"]:
        text = re.sub(r"(\d)\.(\d{2})\s*([ap]\.?m|$)", r"\1:\2 \3", text.strip(), flags=re.I)
    try:
        return pd.Timestamp(dateparser.parse(text, dayfirst=bool(match["numeric"])))
    except (ValueError, OverflowError):
        return None          # matched the shape but is no real date ("31.02.2018")
