"""Dates as archive exports print them, in the export's language, read by dateparser."""
from __future__ import annotations

import re
from functools import lru_cache

# Languages tried when an export does not say its own; a short list keeps dateparser fast.
LANGUAGES = ("en", "fr", "de", "es", "it", "nl", "pt", "ru")
SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DAY_OF_MONTH": "first"}
# A printed date has a day (1-2 digits) and a year (4 digits): nothing else is worth parsing.
DATE_SHAPE = re.compile(r"(?<!\d)\d{1,2}(?!\d).*?(?<!\d)(1[89]|20)\d\d(?!\d)"
                        r"|(?<!\d)(1[89]|20)\d\d(?!\d).*?(?<!\d)\d{1,2}(?!\d)")


@lru_cache(maxsize=4096)
def export_date(text: str, language: str | None = None) -> str:
    """A printed date ("January 11, 2010 Monday", "29 décembre 2011") and the export's
    language code, if known -> "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (the printed local
    time; a zone is dropped); "" if it is not a date."""
    text = " ".join(text.split())
    if not DATE_SHAPE.search(text):
        return ""
    import dateparser
    languages = [language] if language in LANGUAGES else list(LANGUAGES)
    moment = dateparser.parse(text, languages=languages, settings=SETTINGS)
    if moment is None:
        return ""
    moment = moment.replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.time().isoformat() != "00:00:00"
                           else "%Y-%m-%d")
