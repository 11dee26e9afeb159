"""Built reports opened in headless Chromium: they render, their figures load, nothing from
an article executes, nothing is requested from the network, the console stays clean, and
every page links back to the index.

Uses Debian's chromium (``apt-get install chromium``; .ci/run installs it) driven by
Playwright, which never downloads a browser of its own here.
"""
from __future__ import annotations

import re
import shutil

import pytest


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.notebook
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium: install Debian's package with `apt-get install chromium` (.ci/run does)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Every notebook's default run, the explorer included (its widgets must not need a CDN).
NOTEBOOKS = ["01_corpus", "02_sentiment", "03_framing", "04_timeline", "05_validation", "06_explore"]
WITH_FIGURES = ["01_corpus", "02_sentiment", "03_framing", "04_timeline"]
STDERR_OUTPUT = 'data-mime-type="application/vnd.jupyter.stderr"'   # how nbconvert marks one

@pytest.fixture(scope="module")
def built(seed_reports):
    """The session's report build, its runs narrowed to every notebook's default run."""
    out, runs, _ = seed_reports
    runs = runs[runs["name"].isin(NOTEBOOKS)].set_index("name").loc[NOTEBOOKS].reset_index()
    assert list(runs["status"]) == ["ok"] * len(NOTEBOOKS), list(runs["error"])
    return out, runs


def test_no_reader_page_holds_stderr_a_warning_or_a_traceback(built):
    out, runs = built
    for path in runs["html"]:
        page = path.read_text(encoding="utf-8")
        assert STDERR_OUTPUT not in page, f"{path.name}: a stderr output reached the reader"
        assert "Traceback" not in page and "Warning:" not in page, path.name


def test_no_page_refers_to_the_network_for_a_script_style_or_widget(built):
    out, runs = built
    for path in [*runs["html"], *runs["html_code"], out / "index.html"]:
        page = path.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//",
                             page, re.IGNORECASE), f"{path.name} loads something from the network"
        assert "html-manager" not in page and "application/vnd.jupyter.widget" not in page


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


REMOTE = []   # every request a page made that would leave the machine (blocked)


def open_page(browser, path):
    """Browser, HTML file -> (page, console messages, page errors, dialogs) once it has loaded;
    a request for anything but a local file or inline data is recorded in REMOTE and blocked."""
    page = browser.new_page()
    console, errors, dialogs = [], [], []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route(re.compile(r"^(?!file:|data:|about:|blob:)"),
               lambda route: (REMOTE.append(f"{path.name}: {route.request.url}"), route.abort()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.mouse.click(5, 5)
    return page, console, errors, dialogs


@needs_chromium
@pytest.mark.parametrize("form", ["html", "html_code"])
def test_reports_render_with_figures_and_nothing_from_the_article_runs(built, browser, form):
    out, runs = built
    for path in runs[form]:
        REMOTE.clear()
        page, console, errors, dialogs = open_page(browser, path)
        assert page.title() == path.name.split(".")[0]                        # title untouched
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert dialogs == [] and errors == []
        assert [m for m in console if m.startswith("error")] == []
        assert REMOTE == []                                                    # nothing left the machine
        images = page.evaluate("Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
        assert all(images), f"{path.name}: a figure did not load"
        assert images or path.name.split(".")[0] not in WITH_FIGURES, f"{path.name}: no figure"
        assert page.locator("h1").count() >= 1                                # the page rendered
        for link in page.locator("a").all():
            assert not (link.get_attribute("href") or "").strip().lower().startswith("javascript:")
        back = page.locator("nav a[href='index.html']")                       # a way back
        assert back.count() == 1 and back.is_visible()
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
def test_the_index_opens_and_links_every_report(built, browser, seed_reports):
    out, runs = built
    REMOTE.clear()
    page, console, errors, dialogs = open_page(browser, out / "index.html")
    hrefs = {a.get_attribute("href") for a in page.locator("a").all()}
    assert {p.name for p in runs["html"]} <= hrefs and {p.name for p in runs["html_code"]} <= hrefs
    assert errors == [] and dialogs == [] and not [m for m in console if m.startswith("error")]
    assert REMOTE == []
    rows = page.locator("tbody tr")
    assert rows.count() == len(seed_reports[1])                        # one row per run
    questions = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert all(q.strip() for q in questions)                           # each says what it asks
    page.click("text=01_corpus")                                       # a link that leads there
    assert page.url.endswith("/01_corpus.html")
    page.click("nav >> text=All reports")                              # and back
    assert page.url.endswith("/index.html")
    page.close()


@needs_chromium
def test_the_explorer_page_says_where_its_widgets_live_and_shows_the_lines(built, browser):
    out, runs = built
    page, console, errors, dialogs = open_page(browser, out / "06_explore.html")
    text = page.inner_text("body")
    assert "controls live in JupyterLab" in text and page.locator("table").count() >= 1
    page.close()


@needs_chromium
def test_findings_come_before_the_first_figure(built, browser):
    out, runs = built
    for path in runs["html"]:
        if path.name.split(".")[0] not in WITH_FIGURES:
            continue
        page, *_ = open_page(browser, path)
        order = page.evaluate("""() => {
            const heading = Array.from(document.querySelectorAll('h1,h2,h3,h4'))
                .find(h => h.textContent.replace('¶', '').trim() === 'Findings');
            const figure = document.querySelector('img');
            if (!heading) return 'no Findings heading';
            if (!figure) return 'no figure';
            return heading.compareDocumentPosition(figure) & Node.DOCUMENT_POSITION_FOLLOWING
                ? 'before' : 'after';
        }""")
        page.close()
        assert order == "before", f"{path.name}: {order}"
