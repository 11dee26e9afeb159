"""Polite HTTP fetching for ``corpus collect``: robots.txt, a per-host rate, retries, redirects.

Choices:
- robots.txt is fetched once per origin (scheme, host, port) and kept for the last
  ROBOTS_CACHE origins; its fetch is a request like any other (rate, retries, recorded).
  Following RFC 9309: 2xx -> its rules; 4xx (404 included) -> everything allowed; 5xx or
  a 429 that outlasts the retries -> everything disallowed. A host that does not answer
  at all (no DNS, refused, timed out) is asked nothing else this run: its URLs fail (a
  caller may look for an archived copy; a re-run tries the host again). Redirects are
  followed (MAX_ROBOTS_REDIRECTS hops). The rules are read by the standard library's
  parser, which applies the first matching rule (not the RFC's longest match).
- Rate: before every request the host's next allowed time is reserved under a lock, so no
  two requests reach one host (host:port) less than ``rate`` seconds apart, whichever
  thread sends them. A Retry-After or a backoff pushes that time, so the host's other URLs
  wait too.
- Retries: on 429, any 5xx and transport errors (timeouts included), up to ``retries``
  times, after Retry-After (seconds or an HTTP date) or else ``backoff * 2**attempt``
  seconds. A Retry-After over MAX_RETRY_AFTER seconds ends the URL as failed.
- Redirects: followed one hop at a time (MAX_REDIRECTS), each hop through robots.txt and
  the rate of its own host; every hop is kept in the result.
- Bodies are read as sent (Content-Encoding kept, as a WARC record wants), at most
  MAX_BODY bytes; ``Exchange.content()`` decodes gzip and deflate, the only codings asked for.
"""
from __future__ import annotations

import email.utils
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from helpers import __version__

USER_AGENT = (f"kremlin-syria-coverage/{__version__} (research collection of news articles; "
              "python-httpx)")
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 10
MAX_ROBOTS_REDIRECTS = 5
MAX_RETRY_AFTER = 600.0         # seconds; a server asking for longer fails the URL
MAX_BODY = 20 * 1024 * 1024     # bytes read of one response
ROBOTS_CACHE = 10_000           # origins whose robots.txt rules are kept
GATE_PRUNE = 100_000            # hosts remembered by the rate gate before past ones are dropped


@dataclass
class Exchange:
    """One request and its response, or the error that left it without one."""

    url: str
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    status: int = 0
    reason: str = ""
    http_version: str = "HTTP/1.1"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""               # as sent: Content-Encoding not undone
    error: str = ""
    when: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def header(self, name: str) -> str:
        """A response header's value ("" if absent)."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    def content(self) -> bytes:
        """The body with its gzip or deflate Content-Encoding undone."""
        coding = self.header("content-encoding").strip().lower()
        if coding in ("gzip", "x-gzip"):
            return zlib.decompress(self.body, 16 + zlib.MAX_WBITS)
        if coding == "deflate":
            try:
                return zlib.decompress(self.body)
            except zlib.error:
                return zlib.decompress(self.body, -zlib.MAX_WBITS)
        return self.body


@dataclass
class Fetched:
    """Fetching one URL: every exchange in order (robots.txt, retries, redirects) and the end."""

    url: str
    exchanges: list[Exchange] = field(default_factory=list)
    hops: list[Exchange] = field(default_factory=list)      # the URL's own, redirects first
    final: Exchange | None = None       # the response that ended it (no redirect to follow)
    disallowed: str = ""                # why robots.txt refused it, if it did
    error: str = ""                     # why there is no final response


def host_of(url: str) -> str:
    """A URL -> its host and port as requests are rate-limited by ("" if none)."""
    return urlsplit(url).netloc.lower()


def retry_after(value: str) -> float | None:
    """A Retry-After header (seconds or an HTTP date) -> seconds to wait, or None."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())


class HostGate:
    """Per-host next allowed times: at most one request per host every ``rate`` seconds."""

    def __init__(self, rate: float):
        self.rate, self.next, self.lock = rate, {}, threading.Lock()

    def reserve(self, host: str, delay: float = 0.0) -> float:
        """Book the host's next slot, no sooner than ``delay`` s from now -> seconds to wait."""
        with self.lock:
            now = time.monotonic()
            if len(self.next) > GATE_PRUNE:
                self.next = {h: t for h, t in self.next.items() if t > now}
            slot = max(now + delay, self.next.get(host, 0.0))
            self.next[host] = slot + self.rate
            return slot - now

    def ready_at(self, host: str) -> float:
        """The monotonic time at which the host may next be asked."""
        return self.next.get(host, 0.0)


class Fetcher:
    """An httpx client that obeys robots.txt, a per-host rate and retries; thread-safe."""

    def __init__(self, *, rate: float = 1.0, user_agent: str | None = None,
                 timeout: float = 30.0, retries: int = 3, backoff: float = 1.0,
                 connections: int = 16):
        self.user_agent = user_agent or USER_AGENT
        self.client = httpx.Client(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=timeout, follow_redirects=False,
            limits=httpx.Limits(max_connections=connections,
                                max_keepalive_connections=connections))
        self.gate, self.retries, self.backoff = HostGate(rate), retries, backoff
        self.robots: OrderedDict[str, RobotFileParser] = OrderedDict()
        self.lock, self.origin_locks = threading.Lock(), {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()

    def get(self, url: str) -> Fetched:
        """A URL -> every exchange of fetching it politely, following redirects."""
        got = Fetched(url)
        for _ in range(MAX_REDIRECTS + 1):
            rules, why = self._rules(url, got.exchanges)
            if rules is None:
                got.error = why
                return got
            if not rules.can_fetch(self.user_agent, url):
                got.disallowed = f"robots.txt disallows {url}" + (f" ({why})" if why else "")
                return got
            last = self._send(url, got.exchanges)
            got.hops.append(last)
            location = last.header("location")
            if last.error:
                got.error = last.error
                return got
            if last.status not in REDIRECTS or not location:
                got.final = last
                return got
            url = urljoin(url, location)
        got.error = f"more than {MAX_REDIRECTS} redirects"
        return got

    def _send(self, url: str, log: list[Exchange]) -> Exchange:
        """One GET with retries on 429, 5xx and network errors; every attempt goes to log."""
        delay = 0.0
        for attempt in range(self.retries + 1):
            time.sleep(self.gate.reserve(host_of(url), delay))
            ex = self._once(url)
            log.append(ex)
            if not (ex.error or ex.status == 429 or ex.status >= 500) or attempt == self.retries:
                break
            asked = retry_after(ex.header("retry-after")) if ex.status else None
            if asked is not None and asked > MAX_RETRY_AFTER:
                ex.error = f"HTTP {ex.status}, asked to wait {asked:.0f} s (Retry-After)"
                break
            delay = asked if asked is not None else self.backoff * 2 ** attempt
        if not ex.error and (ex.status == 429 or ex.status >= 500):
            ex.error = f"HTTP {ex.status} after {self.retries} retries"
        return ex

    def _once(self, url: str) -> Exchange:
        """One GET -> its exchange (raw body, at most MAX_BODY bytes) or the error."""
        ex = Exchange(url)
        try:
            request = self.client.build_request("GET", url)
            ex.request_headers = [(k.decode("latin-1"), v.decode("latin-1"))
                                  for k, v in request.headers.raw]
            response = self.client.send(request, stream=True)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            ex.error = f"{type(exc).__name__}: {exc}".rstrip(": ")
            return ex
        try:
            ex.status, ex.reason = response.status_code, response.reason_phrase
            ex.http_version = response.http_version
            ex.headers = [(k.decode("latin-1"), v.decode("latin-1"))
                          for k, v in response.headers.raw]
            chunks, size = [], 0
            for chunk in response.iter_raw():
                size += len(chunk)
                if size > MAX_BODY:
                    ex.error = f"response over {MAX_BODY // 2**20} MiB"
                    break
                chunks.append(chunk)
            ex.body = b"".join(chunks)
        except httpx.HTTPError as exc:
            ex.error = f"{type(exc).__name__} while reading: {exc}".rstrip(": ")
        finally:
            response.close()
        return ex

    def _rules(self, url: str, log: list[Exchange]) -> tuple[RobotFileParser | None, str]:
        """A URL -> its origin's robots.txt rules (fetched once) and a note; None and the
        reason if the host could not be reached at all."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self.lock:
            lock = self.origin_locks.setdefault(origin, threading.Lock())
        with lock:
            with self.lock:
                known = self.robots.get(origin)
                if known is not None:
                    self.robots.move_to_end(origin)
            if known is None:
                known = self._robots(origin, log)
                with self.lock:
                    self.robots[origin] = known
                    if len(self.robots) > ROBOTS_CACHE:
                        old, _ = self.robots.popitem(last=False)
                        self.origin_locks.pop(old, None)
        return known

    def _robots(self, origin: str, log: list[Exchange]) -> tuple[RobotFileParser | None, str]:
        """An origin -> its robots.txt rules (RFC 9309's reading of 4xx and 5xx) and a note;
        (None, reason) if no answer came at all."""
        rules, url = RobotFileParser(), f"{origin}/robots.txt"
        for _ in range(MAX_ROBOTS_REDIRECTS + 1):
            ex = self._send(url, log)
            if ex.status in REDIRECTS and ex.header("location") and not ex.error:
                url = urljoin(url, ex.header("location"))
                continue
            break
        if not ex.status:
            return None, f"host unreachable ({ex.error})"
        if 200 <= ex.status < 300 and not ex.error:
            rules.parse(ex.content().decode("utf-8", errors="replace").splitlines())
            return rules, ""
        if 400 <= ex.status < 500 and ex.status != 429:
            rules.allow_all = True
            return rules, ""
        rules.disallow_all = True       # 5xx, a lasting 429, too many redirects
        return rules, f"robots.txt answered HTTP {ex.status}: every path disallowed"
