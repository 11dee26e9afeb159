"""Benchmark ``corpus collect`` beside a naive sequential loop, against local servers only.

    python benchmarks/collect.py                 # 10,000 URLs over 8 hosts, --rate 0
    python benchmarks/collect.py --urls 2000     # a quicker run

A child process serves small article pages (and an allow-all robots.txt) on 8 ports of
127.0.0.1, one server each: 8 hosts to the collector, which paces requests per host and
port. Both ways fetch every
URL of the same list with httpx and keep each response in a gzipped WARC file:
- naive: the list read whole, then ``client.get`` URL after URL, no robots.txt, no log;
- ours: ``helpers.collect.links.collect_urls(rate=0, workers=8, extract=False)`` (robots.txt,
  the per-host gate, the log, two WARC series; articles not imported, so the figures are
  of collecting alone).
It prints URLs per second both ways, their ratio, and each way's peak resident memory
(and its growth over the memory before it ran). Nothing leaves the loopback. Not part of
``make test``.
"""
from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOSTS = ["127.0.0.1"] * 8
SERVE_SECONDS = 3600            # the servers stop by themselves after this long
PARAGRAPH = ("<p>Russia will keep up its air campaign in Syria, the Kremlin said, rejecting "
             "calls for a pause in the bombing of Aleppo while talks in Geneva stalled.</p>")


def serve(hosts: list[str], ports: multiprocessing.Queue) -> None:
    """Serve an article page at every /p/N and an allow-all robots.txt on each host."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"       # keep-alive, as real servers do

        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
            else:
                body = (f"<!DOCTYPE html><html><head><title>Article {self.path}</title></head>"
                        f"<body><nav>Home | World</nav><article>{PARAGRAPH * 20}</article>"
                        "<footer>Cookie policy</footer></body></html>").encode()
                kind = "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers = [ThreadingHTTPServer((host, 0), Handler) for host in hosts]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports.put([s.server_address[1] for s in servers])
    time.sleep(SERVE_SECONDS)


def write_list(path: Path, bases: list[str], n: int) -> None:
    """A Media Cloud-like CSV of n URLs, the hosts taking turns."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "media_name", "publish_date", "title"])
        for i in range(n):
            writer.writerow([f"{bases[i % len(bases)]}/p/{i}", "Press TV", "2016-10-04",
                             f"Article {i}"])


def naive(urls: Path, out: Path) -> int:
    """The list -> how many 200s, fetched one after another into one WARC file."""
    from io import BytesIO

    import httpx
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(urls, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ok = 0
    with httpx.Client(timeout=30) as client, open(out / "naive.warc.gz", "wb") as warc:
        writer = WARCWriter(warc, gzip=True)
        for row in rows:
            response = client.get(row["url"], follow_redirects=True)
            ok += response.status_code == 200
            http = StatusAndHeaders(f"{response.status_code} {response.reason_phrase}",
                                    list(response.headers.items()), protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                row["url"], "response", payload=BytesIO(response.content), http_headers=http))
    return ok


def ours(urls: Path, out: Path) -> int:
    """The list -> how many URLs ended fetched, collected by helpers.collect.links."""
    from helpers.collect.links import collect_urls

    report = collect_urls(urls, out, rate=0, workers=8, extract=False, progress=False)
    return report.outcomes["fetched"]


def main() -> None:
    """Run both ways on the same list and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=10_000, help="URLs in the list")
    args = parser.parse_args()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)          # nothing may leave the loopback
    context = multiprocessing.get_context("fork")       # before the heavy imports
    ports = context.Queue()
    server = context.Process(target=serve, args=(HOSTS, ports), daemon=True)
    server.start()
    bases = [f"http://{h}:{p}" for h, p in zip(HOSTS, ports.get(timeout=60))]

    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))
    from measure import machine, measured, peak_mb, reset_peak
    import helpers.collect.links  # noqa: F401  (imported before measuring either way)
    import httpx  # noqa: F401

    results = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            write_list(tmp / "links.csv", bases, args.urls)
            for label, way in (("naive sequential loop", naive), ("corpus collect", ours)):
                (tmp / label).mkdir()
                reset_peak()
                before = peak_mb()          # the resident memory now
                with measured() as found:
                    ok = way(tmp / "links.csv", tmp / label)
                results[label] = (found.seconds, found.peak_mb, found.peak_mb - before, ok)
    finally:
        server.terminate()
    print(f"{args.urls:,} URLs over {len(HOSTS)} local hosts, --rate 0; "
          f"{machine()['cores (nproc)']} cores, {machine()['CPU']}")
    print(f"{'way':<24}{'seconds':>9}{'URLs/s':>9}{'peak MB':>9}{'growth MB':>11}{'ok':>8}")
    for label, (seconds, peak, growth, ok) in results.items():
        print(f"{label:<24}{seconds:9.1f}{args.urls / seconds:9.1f}{peak:9.0f}{growth:11.0f}"
              f"{ok:8,}")
    naive_s, ours_s = results["naive sequential loop"][0], results["corpus collect"][0]
    print(f"speed-up (naive seconds / ours): {naive_s / ours_s:.2f}x")


if __name__ == "__main__":
    main()
