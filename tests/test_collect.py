"""Tests for helpers.collect.links, fetch, wayback, warc_files: against HTTP servers on 127.0.0.x only.

Two servers on 127.0.0.1 (two ports, so two hosts: requests are paced per host and port,
and robots.txt is per origin) serve a robots.txt disallowing
/private/, article pages with navigation and footer, a 404, a 429 with Retry-After then
a page, a 301, a PDF, and a stand-in for the Wayback availability API with its snapshots.
Every request is recorded (host, path, time, User-Agent).
"""
from __future__ import annotations

import csv
import gzip
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from helpers.collect.links import Link, Outcome, collect_urls, read_list, schedule, url_key
from helpers.__main__ import main
from helpers.corpus.check import check_corpus
from helpers.corpus.reading import load_corpus, read_manifest
from helpers.collect.fetch import Exchange, Fetcher, HostGate, retry_after
from helpers.collect.warc_files import WarcSeries, repair
from helpers.collect.wayback import closest, lookup_query, original_form

NAV = ("<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World news</a></li>"
       "<li><a href='/sport'>Sport</a></li></ul><p>Subscribe to our newsletter</p></nav>")
FOOTER = ("<footer><p>All rights reserved. Cookie policy. Follow us on Twitter and "
          "Facebook.</p><ul><li><a href='/about'>About us</a></li></ul></footer>")
PARAGRAPHS = {
    "kremlin": ["Russia will keep up its air campaign in Syria, the Kremlin said on Tuesday, "
                "rejecting calls from Western capitals for a pause in the bombing of Aleppo.",
                "Kremlin spokesman Dmitry Peskov told reporters that the strikes targeted "
                "terrorist groups and would continue for as long as the Syrian army needed.",
                "Diplomats in Geneva said talks on a ceasefire had stalled after the United "
                "States suspended its bilateral contacts with Moscow over the fighting."],
    "undated": ["Aid agencies warned that civilians in eastern Aleppo were running out of "
                "food and medicine as the siege of the city tightened again this week.",
                "The United Nations envoy said convoys were ready to move as soon as the "
                "warring parties guaranteed safe passage for the trucks and their drivers.",
                "Residents described queues for bread that stretched for several streets "
                "and said prices had doubled since the last road into the city was cut."],
    "gone": ["Moscow announced the withdrawal of the main part of its forces from Syria, "
             "a surprise move that President Putin said followed the fulfilment of their task.",
             "The first group of aircraft left the Hmeimim air base for Russia on Tuesday "
             "morning, the defence ministry said in a statement read on state television.",
             "Analysts said the decision was meant to press the Syrian government to make "
             "concessions at the peace talks that had just resumed in Geneva."],
    "busy": ["Syrian government forces backed by Russian air power recaptured the ancient city "
             "of Palmyra from Islamic State militants after weeks of fierce fighting.",
             "Russian sappers began clearing mines from the site of the ruins, and the "
             "defence ministry flew journalists in to see the damaged temples and arches.",
             "Western governments welcomed the defeat of the militants but said the "
             "offensive did not change their view of the government in Damascus."],
    "moved": ["Turkey shot down a Russian warplane near the Syrian border, the first time in "
              "half a century that a NATO member had downed a Russian military aircraft.",
              "President Putin called the attack a stab in the back delivered by the "
              "accomplices of terrorists and warned of serious consequences for relations.",
              "Ankara said the jet had violated its airspace ten times in five minutes "
              "despite repeated warnings broadcast on an emergency radio channel."],
    "aleppo": ["Evacuation buses left the last rebel-held districts of eastern Aleppo under a "
               "deal brokered by Russia and Turkey, ending four years of fighting for the city.",
               "Thousands of people, many of them wounded, waited in the cold for their "
               "turn to board the green buses that took them to the countryside in the west.",
               "The Red Cross said it would keep working in the city for as long as "
               "civilians needed help, and called on all sides to respect the agreement."],
}
PAGES = {   # path -> (paragraphs, title, date meta or "", site name meta or "")
    "/news/kremlin-vows": ("kremlin", "Kremlin vows to keep up Syria air campaign",
                           "2016-10-04T08:30:00+00:00", ""),
    "/news/aid-warning": ("undated", "Aid agencies warn of hunger in Aleppo", "", ""),
    "/news/moved": ("moved", "Turkey shoots down Russian warplane", "2015-11-24", ""),
    "/news/palmyra": ("busy", "Syrian army retakes Palmyra", "2016-03-27", ""),
    "/news/aleppo-evacuation": ("aleppo", "Buses leave eastern Aleppo", "2016-12-15",
                                "The Independent"),
}
SNAPSHOT_STAMP = "20160301120000"
ARCHIVED = ("gone", "Russia begins pulling forces out of Syria", "2016-03-15", "")


def article_html(paragraphs: str, title: str, date: str, site: str, toolbar: str = "") -> bytes:
    """A real-looking article page: head metadata, navigation, the article, a footer."""
    meta = f"<meta property='og:title' content='{title}'>"
    meta += f"<meta property='article:published_time' content='{date}'>" if date else ""
    meta += f"<meta property='og:site_name' content='{site}'>" if site else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[paragraphs])
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{meta}"
            f"</head><body>{toolbar}{NAV}<article><h1>{title}</h1>{body}</article>{FOOTER}"
            "</body></html>").encode("utf-8")


class Site:
    """The two local servers' shared state: every request seen, and switches for tests."""

    def __init__(self):
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        self.robots_status = 200
        self.busy_calls = 0
        self.a = self.b = ""

    def paths(self, base: str | None = None) -> list[str]:
        """The paths requested (of one base URL's host, or of any)."""
        host = urlsplit(base).netloc if base else None
        return [r["path"] for r in self.requests if host is None or r["host"] == host]


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    """A request handler class serving the test site and recording into ``site``."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):      # keep the test output clean
            pass

        def send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            with site.lock:
                site.requests.append({"host": self.headers["Host"], "path": self.path,
                                      "time": time.monotonic(),
                                      "agent": self.headers["User-Agent"]})
            path = urlsplit(self.path).path
            here = f"http://{self.headers['Host']}"
            if path == "/robots.txt":
                if site.robots_status != 200:
                    return self.send(site.robots_status, b"down", "text/plain")
                return self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            if path in PAGES:
                return self.send(200, article_html(*PAGES[path]), "text/html; charset=utf-8")
            if path == "/busy":
                with site.lock:
                    site.busy_calls += 1
                    first = site.busy_calls == 1
                if first:
                    return self.send(429, b"slow down", "text/plain", Retry_After="1")
                return self.send(200, article_html(*PAGES["/news/palmyra"]), "text/html")
            if path == "/very-busy":
                return self.send(429, b"come back later", "text/plain", Retry_After="3600")
            if path == "/old-path":
                return self.send(301, b"", "text/html", Location="/news/moved")
            if path == "/report.pdf":
                return self.send(200, b"%PDF-1.4 fake", "application/pdf")
            if path == "/wayback/available":
                query = parse_qs(urlsplit(self.path).query)
                asked = query["url"][0]
                snapshots = {}
                if asked.endswith(("/gone", "/gone-too")):
                    snapshots = {"closest": {
                        "available": True, "status": "200", "timestamp": SNAPSHOT_STAMP,
                        "url": f"{here}/web/{SNAPSHOT_STAMP}/{asked}"}}
                return self.send(200, json.dumps({"url": asked, "archived_snapshots":
                                                  snapshots}).encode(), "application/json")
            if path.startswith(f"/web/{SNAPSHOT_STAMP}id_/") and not path.endswith("-too"):
                return self.send(200, article_html(*ARCHIVED), "text/html")
            if path.startswith(f"/web/{SNAPSHOT_STAMP}/"):
                toolbar = "<div id='wm-ipp'>Wayback Machine toolbar</div>"
                return self.send(200, article_html(*ARCHIVED, toolbar=toolbar), "text/html")
            return self.send(404, b"<html><body>Not found</body></html>", "text/html")

    return Handler


@pytest.fixture
def site(monkeypatch):
    """Two servers on 127.0.0.1, two ports (two hosts to the collector), sharing one Site."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)        # nothing may leave the loopback
    state = Site()
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state)) for _ in range(2)]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    state.a, state.b = (f"http://127.0.0.1:{s.server_address[1]}" for s in servers)
    yield state
    for server in servers:
        server.shutdown()
        server.server_close()


def write_list(path: Path, site: Site) -> Path:
    """The Media Cloud-like list of the tests: url, media_name, publish_date, title."""
    a, b = site.a, site.b
    rows = [
        [f"{a}/news/kremlin-vows", "Press TV", "2016-10-05", "List title (not used)"],
        [f"{a}/news/aid-warning", "PressTV", "2017-02-01", "List title of the aid page"],
        [f"{a}/private/secret", "Press TV", "", ""],
        [f"{a}/gone", "Press TV", "2016-03-01", ""],
        [f"{a}/busy", "Press TV", "", ""],
        [f"{a}/old-path", "Press TV", "", ""],
        [f"{a}/report.pdf", "Press TV", "", ""],
        [f"{a}/news/kremlin-vows#comments", "Press TV", "2016-10-05", ""],   # listed twice
        [f"{b}/news/aleppo-evacuation", "", "", ""],
    ]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "media_name", "publish_date", "title"])
        writer.writerows(rows)
    return path


def log_rows(into: Path) -> list[dict[str, str]]:
    """The collection log's rows."""
    with open(into / "collect_log.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def collect(site: Site, tmp_path: Path, **options):
    """collect_urls on the test list with the test's fast settings -> (report, into)."""
    into = tmp_path / "corpus"
    settings = {"rate": 0.0, "backoff": 0.05, "retries": 2, "timeout": 5.0, "progress": False,
                "wayback": True, "wayback_endpoint": f"{site.a}/wayback/available"} | options
    report = collect_urls(write_list(tmp_path / "links.csv", site), into, **settings)
    return report, into


@pytest.fixture
def collected(site, tmp_path):
    """The test list collected once (report, corpus folder)."""
    return collect(site, tmp_path)


def test_every_url_gets_its_outcome(collected, site):
    report, into = collected
    outcomes = {row["url"].removeprefix(site.a).removeprefix(site.b): row["outcome"]
                for row in log_rows(into)}
    assert outcomes == {"/news/kremlin-vows": "fetched", "/news/aid-warning": "fetched",
                        "/private/secret": "disallowed", "/gone": "archived",
                        "/busy": "fetched", "/old-path": "fetched", "/report.pdf": "not html",
                        "/news/aleppo-evacuation": "fetched"}
    assert len(log_rows(into)) == 8                 # the repeat has no row of its own
    assert report.listed == 9 and report.skipped == 1
    assert not report.failed


def test_disallowed_page_is_never_requested(collected, site):
    assert not any(p.startswith("/private/") for p in site.paths())
    assert site.paths(site.a).count("/robots.txt") == 1         # once per host
    assert site.paths(site.b).count("/robots.txt") == 1


def test_same_url_listed_twice_is_fetched_once(collected, site):
    assert site.paths(site.a).count("/news/kremlin-vows") == 1


def test_retry_after_is_honoured(collected, site):
    busy = [r["time"] for r in site.requests if r["path"] == "/busy"]
    assert len(busy) == 2
    assert busy[1] - busy[0] >= 0.95                # Retry-After: 1, not the 0.05 s backoff


def test_redirect_is_followed_and_recorded(collected, site):
    row = next(r for r in log_rows(collected[1]) if r["url"].endswith("/old-path"))
    assert row["final_url"] == f"{site.a}/news/moved"
    assert row["redirects"] == f"301 {site.a}/old-path ->"
    assert row["status"] == "200"


def test_dead_link_comes_back_from_the_archive_in_original_form(collected, site):
    lookups = [p for p in site.paths() if p.startswith("/wayback/available")]
    assert len(lookups) == 1                        # only /gone is dead
    query = parse_qs(urlsplit(lookups[0]).query)
    assert query == {"url": [f"{site.a}/gone"], "timestamp": ["20160301000000"]}
    assert f"/web/{SNAPSHOT_STAMP}id_/{site.a}/gone" in site.paths()
    assert f"/web/{SNAPSHOT_STAMP}/{site.a}/gone" not in site.paths()   # no toolbar copy
    row = next(r for r in log_rows(collected[1]) if r["url"].endswith("/gone"))
    assert row["snapshot"] == "2016-03-01 12:00:00" and row["status"] == "200"


def test_corpus_loads_with_titles_outlets_and_dates(collected, site):
    articles = load_corpus(collected[1]).set_index("url")
    a, b = site.a, site.b
    assert sorted(articles.index) == sorted([f"{a}/news/kremlin-vows", f"{a}/news/aid-warning",
                                             f"{a}/gone", f"{a}/busy", f"{a}/news/moved",
                                             f"{b}/news/aleppo-evacuation"])
    kremlin = articles.loc[f"{a}/news/kremlin-vows"]
    assert kremlin.title == "Kremlin vows to keep up Syria air campaign"   # the page's title
    assert kremlin.outlet == "Press TV"                                    # the list's media_name
    assert (str(kremlin.published.date()), kremlin.date_source) == ("2016-10-04", "html")
    aid = articles.loc[f"{a}/news/aid-warning"]
    assert aid.outlet == "Press TV"                                         # alias PressTV
    assert (str(aid.published.date()), aid.date_source) == ("2017-02-01", "list")
    evacuation = articles.loc[f"{b}/news/aleppo-evacuation"]
    assert evacuation.outlet == "The Independent"                           # the page's site name
    gone = articles.loc[f"{a}/gone"]
    assert gone.title == "Russia begins pulling forces out of Syria"
    assert "Wayback Machine toolbar" not in gone.raw_text
    notes = read_manifest(collected[1]).set_index("url")["note"]
    assert notes[f"{a}/gone"] == "archived copy, Wayback snapshot 2016-03-01 12:00:00"
    assert notes[f"{a}/news/moved"] == f"listed as {a}/old-path"


def test_page_furniture_is_removed(collected):
    articles = load_corpus(collected[1])
    for text in articles["raw_text"]:
        assert "Subscribe to our newsletter" not in text
        assert "Cookie policy" not in text and "World news" not in text
    kremlin = articles.set_index("title").loc["Kremlin vows to keep up Syria air campaign"]
    assert "Dmitry Peskov told reporters" in kremlin.raw_text


def test_rerun_asks_only_for_what_was_not_collected(collected, site, tmp_path):
    before = len(site.requests)
    report, into = collect(site, tmp_path)
    assert set(site.paths()[before:]) <= {"/robots.txt"}      # the disallowed URL, checked again
    assert report.outcomes == {"disallowed": 1} and report.skipped == 8
    assert sum(r.added for r in report.imports) == 0
    assert len(load_corpus(into)) == 6


def test_refresh_fetches_again(collected, site, tmp_path):
    before = len(site.requests)
    collect(site, tmp_path, refresh=True)
    assert site.paths()[before:].count("/news/kremlin-vows") == 1


def test_warc_files_hold_every_response(collected, site):
    into = collected[1]
    records = {}
    for path in sorted((into / "warc").glob("*.warc.gz")):
        with open(path, "rb") as handle:        # every digest checked: a bad one raises
            for record in ArchiveIterator(handle, check_digests="raise"):
                record.content_stream().read()
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    records.setdefault(path.name.split("-")[0], []).append(
                        (uri.removeprefix(site.a).removeprefix(site.b),
                         record.http_headers.get_statuscode()))
    assert sorted(records["articles"]) == sorted([
        ("/news/kremlin-vows", "200"), ("/news/aid-warning", "200"), ("/busy", "200"),
        ("/news/moved", "200"), ("/news/aleppo-evacuation", "200"),
        (f"/web/{SNAPSHOT_STAMP}id_/{site.a}/gone", "200")])
    others = records["exchanges"]
    for expected in [("/robots.txt", "200"), ("/busy", "429"), ("/old-path", "301"),
                     ("/gone", "404"), ("/report.pdf", "200")]:
        assert expected in others
    row = next(r for r in log_rows(into) if r["url"].endswith("/news/kremlin-vows"))
    with open(into / "warc" / row["warc_file"], "rb") as handle:     # the log's offset finds it
        handle.seek(int(row["warc_offset"]))
        record = next(iter(ArchiveIterator(handle)))
        assert record.rec_headers.get_header("WARC-Target-URI") == row["url"]
        assert b"Dmitry Peskov" in record.content_stream().read()


def test_user_agent_names_the_package_or_the_override(collected, site, tmp_path):
    assert {r["agent"] for r in site.requests} == {
        "kremlin-syria-coverage/0.1.0 (research collection of news articles; python-httpx)"}
    before = len(site.requests)
    (tmp_path / "other").mkdir()
    collect(site, tmp_path / "other", user_agent="TestBot/2.0")
    assert {r["agent"] for r in site.requests[before:]} == {"TestBot/2.0"}


def test_rate_spaces_requests_to_one_host(site, tmp_path):
    collect(site, tmp_path, rate=0.3, wayback=False)
    times = [r["time"] for r in site.requests if r["host"] == urlsplit(site.a).netloc]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) >= 8 and min(gaps) >= 0.25      # 0.3 s, less the server's jitter
    other = [r["time"] for r in site.requests if r["host"] == urlsplit(site.b).netloc]
    assert other[0] < times[-1]                     # the second host did not wait its turn


def test_robots_server_error_disallows_everything(site, tmp_path):
    site.robots_status = 503
    report, into = collect(site, tmp_path, wayback=False)
    assert report.outcomes == {"disallowed": 8}
    assert set(site.paths()) == {"/robots.txt"}
    reasons = {r["url"]: r["reason"] for r in log_rows(into)}
    assert reasons[f"{site.a}/news/kremlin-vows"] == (
        f"robots.txt disallows {site.a}/news/kremlin-vows "
        "(robots.txt answered HTTP 503: every path disallowed)")
    assert len(site.paths(site.a)) == 3             # the first try and two retries


def test_robots_not_found_allows_everything(site, tmp_path):
    site.robots_status = 404
    report, _ = collect(site, tmp_path, wayback=False)
    assert "/private/secret" in site.paths()        # a 404 there, so: not found
    assert report.outcomes["not found"] == 2 and report.outcomes["disallowed"] == 0


def test_dead_link_without_archive_copy_fails_the_run(site, tmp_path):
    links = tmp_path / "links.txt"
    links.write_text(f"# two links\n{site.a}/news/kremlin-vows\n\n{site.a}/nothing-here\n"
                     "mailto:someone@example.org\n", encoding="utf-8")
    report = collect_urls(links, tmp_path / "c", rate=0, wayback=True, progress=False,
                          wayback_endpoint=f"{site.a}/wayback/available")
    rows = {r["url"]: r for r in log_rows(tmp_path / "c")}
    assert rows[f"{site.a}/nothing-here"]["outcome"] == "not found"
    assert rows[f"{site.a}/nothing-here"]["reason"] == "HTTP 404; no archived copy"
    assert rows["mailto:someone@example.org"]["outcome"] == "failed"
    assert rows["mailto:someone@example.org"]["reason"] == "row 5: not an http(s) URL"
    assert report.failed and report.outcomes == {"fetched": 1, "not found": 1, "failed": 1}


def test_archived_copy_that_is_gone_too_keeps_the_link_not_found(site, tmp_path):
    links = tmp_path / "links.txt"
    links.write_text(f"{site.a}/gone-too\n", encoding="utf-8")
    report = collect_urls(links, tmp_path / "c", rate=0, wayback=True, progress=False,
                          wayback_endpoint=f"{site.a}/wayback/available")
    row = log_rows(tmp_path / "c")[0]
    assert (row["outcome"], row["reason"]) == ("not found",
                                               "HTTP 404; archived copy not found: HTTP 404")
    assert f"/web/{SNAPSHOT_STAMP}id_/{site.a}/gone-too" in site.paths()
    assert report.failed and not list((tmp_path / "c" / "warc").glob("articles-*"))


def test_schedule_reads_a_window_ahead_and_never_runs_a_host_twice_at_once():
    pulled, lock = [0], threading.Lock()
    active, worst = Counter(), Counter()

    def links():
        for i in range(60):
            pulled[0] += 1
            yield Link(i, f"http://127.0.0.1:{1000 + i % 4}/{i}", {})

    def work(link):
        with lock:
            active[link.host] += 1
            worst[link.host] = max(worst[link.host], active[link.host])
        time.sleep(0.005)
        with lock:
            active[link.host] -= 1
        return Outcome(link, "fetched")

    ahead, ended = [], []
    for outcome in schedule(links(), work, HostGate(0.0), workers=3, window=5):
        ended.append(outcome.link.row)
        ahead.append(pulled[0] - len(ended))
    assert sorted(ended) == list(range(60))
    assert max(ahead) <= 5 + 3                      # the window, and the ones running
    assert set(worst.values()) == {1}               # one request per host at a time


def test_unreachable_host_fails_its_urls(site, tmp_path):
    links = tmp_path / "links.txt"
    links.write_text("http://127.0.0.1:9/page\nhttp://127.0.0.1:9/other\n",   # port 9: closed
                     encoding="utf-8")
    report = collect_urls(links, tmp_path / "c", rate=0, retries=1, backoff=0.01,
                          progress=False)
    rows = log_rows(tmp_path / "c")
    assert [r["outcome"] for r in rows] == ["failed", "failed"]
    assert rows[0]["reason"].startswith("host unreachable (ConnectError")
    assert report.failed


def test_interrupted_collection_is_imported_and_resumed(site, tmp_path):
    report, into = collect(site, tmp_path, extract=False)     # stopped before the import
    assert not (into / "manifest.csv").exists() and report.imports == []
    with open(into / "collect_log.csv", "a", encoding="utf-8") as handle:
        handle.write(f"{site.a}/half-written-row,fetc")       # killed mid-row
    before = len(site.requests)
    report, into = collect(site, tmp_path)
    assert [p for p in site.paths()[before:] if p != "/robots.txt"] == []
    assert sum(r.added for r in report.imports) == 6
    assert log_rows(into)[-1]["outcome"] == "disallowed"      # a clean row after the torn one


def test_a_run_stopped_by_ctrl_c_resumes(site, tmp_path, monkeypatch):
    real_get, calls = Fetcher.get, []

    def get(self, url):
        calls.append(url)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real_get(self, url)

    monkeypatch.setattr(Fetcher, "get", get)
    with pytest.raises(KeyboardInterrupt):
        collect(site, tmp_path, workers=1)
    into = tmp_path / "corpus"
    assert list((into / "warc").glob("*.open")) == []          # the files were closed
    first = {r["url"] for r in log_rows(into)}
    assert 1 <= len(first) <= 3
    monkeypatch.setattr(Fetcher, "get", real_get)
    report, _ = collect(site, tmp_path)
    assert {r["url"] for r in log_rows(into)} >= first and len(log_rows(into)) == 8
    kept = ("fetched", "archived", "not html")
    assert report.skipped == 1 + sum(r["outcome"] in kept for r in log_rows(into)[:len(first)])
    assert len(load_corpus(into)) == 6


def test_collected_corpus_passes_the_check(collected):
    assert [p for p in check_corpus(collected[1]) if p.severity == "error"] == []


def test_bad_list_fails_before_anything_is_written(tmp_path):
    bad = tmp_path / "links.csv"
    bad.write_text("link,title\nhttp://127.0.0.1/x,X\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"links.csv: no 'url' column; it has link, title"):
        collect_urls(bad, tmp_path / "c", progress=False)
    assert not (tmp_path / "c").exists()
    with pytest.raises(FileNotFoundError, match="missing.csv: no such file"):
        read_list(tmp_path / "missing.csv")


def test_read_list_keeps_other_columns(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("URL,media_name,stories_id\nhttp://a.example/1#x,RT,17\n", encoding="utf-8")
    link = next(read_list(path))
    assert (link.row, link.url, link.fields) == (1, "http://a.example/1",
                                                  {"media_name": "RT", "stories_id": "17"})


def test_url_key_ignores_case_of_host_and_the_fragment():
    assert url_key("HTTP://Example.ORG/a?b=1#top") == url_key("http://example.org/a?b=1")
    assert url_key("http://example.org/A") != url_key("http://example.org/a")
    assert url_key("http://example.org") == url_key("http://example.org/")


def test_retry_after_reads_seconds_and_dates():
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0     # in the past
    assert retry_after("soon") is None


def test_host_gate_reserves_slots_rate_apart():
    gate = HostGate(2.0)
    assert gate.reserve("a") == 0.0
    assert 1.99 < gate.reserve("a") <= 2.0           # booked behind the first
    assert gate.reserve("b") == 0.0                  # another host is not held up
    assert 4.99 < gate.reserve("b", delay=5.0) <= 5.0


def test_wayback_query_and_answer():
    near = __import__("pandas").Timestamp("2016-03-01")
    assert lookup_query("http://rt.com/a?b=1", near, "http://127.0.0.1:1/available") == \
        "http://127.0.0.1:1/available?url=http%3A%2F%2Frt.com%2Fa%3Fb%3D1&timestamp=20160301000000"
    assert lookup_query("http://rt.com/", None) == \
        "https://archive.org/wayback/available?url=http%3A%2F%2Frt.com%2F"
    answer = {"archived_snapshots": {"closest": {"available": True, "status": "200",
              "timestamp": "20160301120000",
              "url": "http://web.archive.org/web/20160301120000/http://rt.com/"}}}
    snap = closest(json.dumps(answer).encode())
    assert snap.url == "http://web.archive.org/web/20160301120000id_/http://rt.com/"
    assert snap.time == "2016-03-01 12:00:00"
    assert closest(b'{"archived_snapshots": {}}') is None
    assert closest(b"not json") is None
    assert original_form("http://example.org/page") is None


def test_exchange_content_undoes_gzip():
    ex = Exchange("http://x/", headers=[("Content-Encoding", "gzip")], body=gzip.compress(b"hi"))
    assert ex.content() == b"hi"


def test_repair_cuts_a_torn_warc_file(tmp_path):
    series = WarcSeries(tmp_path, "articles-run", {"software": "test"})
    for n in (1, 2):
        series.write(Exchange(f"http://127.0.0.1/{n}", [("Host", "127.0.0.1")], 200, "OK",
                              headers=[("Content-Type", "text/html")], body=b"<p>%d</p>" % n))
    open_file = tmp_path / "articles-run-00001.warc.gz.open"
    whole = open_file.stat().st_size
    with open(open_file, "r+b") as handle:          # killed in the middle of the last record
        handle.truncate(whole - 20)
    series.handle.close()
    assert repair(tmp_path) == [tmp_path / "articles-run-00001.warc.gz"]
    with open(tmp_path / "articles-run-00001.warc.gz", "rb") as handle:
        kinds = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
                 for r in ArchiveIterator(handle)]
    assert kinds == [("warcinfo", None), ("request", "http://127.0.0.1/1"),
                     ("response", "http://127.0.0.1/1"), ("request", "http://127.0.0.1/2")]


def test_cli_summary_and_exit_codes(site, tmp_path, capsys):
    write_list(tmp_path / "links.csv", site)
    command = ["corpus", "collect", str(tmp_path / "links.csv"), "--into", str(tmp_path / "c"),
               "--rate", "0", "--quiet", "--wayback",
               "--wayback-endpoint", f"{site.a}/wayback/available"]
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "fetched 5, archived 1, disallowed 1, not found 0, failed 0, not html 1" in out
    assert "imported 6 article(s) from 1 WARC file(s)" in out
    (tmp_path / "links.txt").write_text(f"{site.a}/nothing-here\n", encoding="utf-8")
    assert main(command[:2] + [str(tmp_path / "links.txt")] + command[3:]) == 1
    (tmp_path / "bad.csv").write_text("link\nx\n", encoding="utf-8")
    assert main(command[:2] + [str(tmp_path / "bad.csv")] + command[3:]) == 2
    assert "bad.csv: no 'url' column; it has link" in capsys.readouterr().err


def test_fetcher_asks_robots_first_then_the_page(site):
    with Fetcher(rate=0, retries=3) as fetcher:
        got = fetcher.get(f"{site.a}/news/kremlin-vows")
    assert got.final is not None and got.final.status == 200
    assert [e.url.removeprefix(site.a) for e in got.exchanges] == ["/robots.txt",
                                                                   "/news/kremlin-vows"]


def test_fetcher_tries_an_unreachable_host_once(site):
    with Fetcher(rate=0, retries=1, backoff=0.01) as fetcher:
        first = fetcher.get("http://127.0.0.1:9/a")                # port 9: closed
        second = fetcher.get("http://127.0.0.1:9/b")
    assert [e.url for e in first.exchanges] == ["http://127.0.0.1:9/robots.txt"] * 2
    assert second.exchanges == [] and second.error == first.error
    assert first.error.startswith("host unreachable (ConnectError")


def test_fetcher_gives_up_on_a_long_retry_after(site):
    with Fetcher(rate=0, retries=3, backoff=0.01) as fetcher:
        got = fetcher.get(f"{site.a}/very-busy")
    assert got.final is None
    assert got.error == "HTTP 429, asked to wait 3600 s (Retry-After)"
    assert site.paths().count("/very-busy") == 1
