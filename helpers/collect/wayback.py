"""The Wayback Machine for dead links: its availability API, and snapshots in original form.

The availability API (``GET AVAILABILITY?url=URL&timestamp=YYYYMMDD``) answers
``{"archived_snapshots": {"closest": {"available": true, "url": ..., "timestamp":
"YYYYMMDDhhmmss", "status": "200"}}}``, or ``{"archived_snapshots": {}}`` when it has no
copy. A snapshot URL ``.../web/TIMESTAMP/URL`` serves the page inside the archive's
toolbar with rewritten links; ``.../web/TIMESTAMPid_/URL`` serves it as it was captured.
The archive may redirect an ``id_`` URL to a nearby capture: the time kept is that of the
capture finally served.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from helpers.collect.fetch import Fetched, Fetcher

AVAILABILITY = "https://archive.org/wayback/available"
# A snapshot URL: the archive's prefix, a 14-digit capture time, an optional flag such as
# id_ or if_, and the archived URL.
SNAPSHOT = re.compile(r"^(?P<prefix>https?://[^/]+/web/)(?P<stamp>\d{14})(?:[a-z]{2}_)?/"
                      r"(?P<url>.+)$")


@dataclass
class Snapshot:
    """An archived copy: its URL in original (``id_``) form and its capture time."""

    url: str
    stamp: str              # YYYYMMDDhhmmss, as the archive writes it

    @property
    def time(self) -> str:
        """The capture time as "YYYY-MM-DD HH:MM:SS"."""
        s = self.stamp
        return f"{s[:4]}-{s[4:6]}-{s[6:8]} {s[8:10]}:{s[10:12]}:{s[12:14]}"


def original_form(snapshot_url: str) -> Snapshot | None:
    """A snapshot URL -> the same capture without the archive's toolbar, or None if not one."""
    match = SNAPSHOT.match(snapshot_url)
    if match is None:
        return None
    return Snapshot(f"{match['prefix']}{match['stamp']}id_/{match['url']}", match["stamp"])


def lookup_query(url: str, near: pd.Timestamp | None, endpoint: str = AVAILABILITY) -> str:
    """A URL and a date to look near (or None) -> the availability API's query URL."""
    params = {"url": url} | ({"timestamp": near.strftime("%Y%m%d%H%M%S")} if near else {})
    return f"{endpoint}?{urlencode(params)}"


def closest(answer: bytes) -> Snapshot | None:
    """The availability API's JSON answer -> its closest usable snapshot, or None."""
    try:
        found = json.loads(answer).get("archived_snapshots", {}).get("closest") or {}
    except (ValueError, AttributeError):
        return None
    if found.get("available") is not True or not str(found.get("status", "")).startswith("2"):
        return None
    return original_form(str(found.get("url", "")))


def archived_copy(fetcher: Fetcher, url: str, near: pd.Timestamp | None,
                  endpoint: str = AVAILABILITY) -> tuple[Snapshot | None, list[Fetched]]:
    """A dead URL -> its archived copy's snapshot (None if none) and the fetches made.

    The last fetch, when there are two, is of the snapshot in original form; its final
    response is the archived page (or whatever the archive answered).
    """
    asked = fetcher.get(lookup_query(url, near, endpoint))
    if asked.final is None or asked.final.status != 200:
        return None, [asked]
    snapshot = closest(asked.final.content())
    if snapshot is None:
        return None, [asked]
    page = fetcher.get(snapshot.url)
    if page.final is not None:
        snapshot = original_form(page.final.url) or snapshot
    return snapshot, [asked, page]
