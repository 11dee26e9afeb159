"""Built reports opened in headless Chromium: they render, their figures load, nothing from
an article executes, and the console stays clean.

Uses Debian's chromium (``apt-get install chromium``; .ci/run installs it) driven by
Playwright, which never downloads a browser of its own here.
"""
from __future__ import annotations

import re
import shutil

import pytest

from helpers.config import CORPUS_DIR
from helpers.reports import build_reports

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.notebook
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium: install Debian's package with `apt-get install chromium` (.ci/run does)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Each payload would leave a mark if it ran: a changed title, a global, a dialog.
HOSTILE = """Share this <script>window.pwned = 'script'; document.title = 'PWNED'</script>

<script>window.pwned = 'script'; alert('article-script')</script> The horrific, brutal attack killed and wounded hundreds.

<img src=x onerror="window.pwned = 'img'; alert('article-img')"> The terrible massacre was a disaster, a tragic war crime.

<a href="javascript:window.pwned='link'">Read more</a> about the ceasefire talks in the region.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Reports built from the seed corpus plus one hostile article: (output folder, runs)."""
    base = tmp_path_factory.mktemp("browser")
    corpus = shutil.copytree(CORPUS_DIR, base / "corpus")
    (corpus / "articles" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    with open(corpus / "manifest.csv", "a", encoding="utf-8") as f:
        f.write("hostile,articles/hostile.txt,Press TV,2016-10-01,manifest,Hostile test,,,\n")
    runs = build_reports(out_dir=base / "out", corpus=corpus, jobs=2, timeout=300,
                         only=["01_corpus", "02_sentiment", "03_framing", "04_timeline"])
    assert list(runs["status"]) == ["ok"] * 4
    return base / "out", runs


def test_article_html_never_reaches_a_report_live(built):
    out, runs = built
    pages = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.html"))
    assert "&lt;script&gt;window.pwned" in pages              # the text did reach a report ...
    live = {   # a real tag starts with an unescaped "<"; escaped text shows as &lt;
        "script": r"<script\b[^>]*>[^<]*(?:alert\(|pwned)",
        "handler": r"<[a-z][^>]*\bon\w+\s*=",
        "javascript link": r"<[a-z][^>]*\b(?:href|src)\s*=\s*[\"']?\s*javascript:",
    }
    for what, pattern in live.items():                         # ... but never as live HTML
        assert not re.search(pattern, pages, re.IGNORECASE), f"live {what} in a report"


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser, path):
    """Browser, HTML file -> (page, console messages, page errors, dialogs) once it has loaded."""
    page = browser.new_page()
    console, errors, dialogs = [], [], []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.mouse.click(5, 5)
    return page, console, errors, dialogs


@needs_chromium
@pytest.mark.parametrize("form", ["html", "html_code"])
def test_reports_render_with_figures_and_nothing_from_the_article_runs(built, browser, form):
    out, runs = built
    for path in runs[form]:
        page, console, errors, dialogs = open_page(browser, path)
        assert page.title() == path.name.split(".")[0]                        # title untouched
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert dialogs == [] and errors == []
        assert [m for m in console if m.startswith("error")] == []
        images = page.evaluate("Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
        assert images and all(images), f"{path.name}: a figure did not load"
        assert page.locator("h1").count() >= 1                                # the page rendered
        for link in page.locator("a").all():
            assert not (link.get_attribute("href") or "").strip().lower().startswith("javascript:")
        page.close()


@needs_chromium
def test_the_hostile_text_is_shown_as_text(built, browser):
    out, runs = built
    shown = ""
    for path in runs["html"]:
        page, *_ = open_page(browser, path)
        shown += page.inner_text("body")
        page.close()
    assert "<script>window.pwned" in shown and "onerror=" in shown             # visible, inert


@needs_chromium
def test_the_index_opens_and_links_every_report(built, browser):
    out, runs = built
    page, console, errors, dialogs = open_page(browser, out / "index.html")
    hrefs = {a.get_attribute("href") for a in page.locator("a").all()}
    assert {p.name for p in runs["html"]} <= hrefs and {p.name for p in runs["html_code"]} <= hrefs
    assert errors == [] and dialogs == [] and not [m for m in console if m.startswith("error")]
    page.close()
