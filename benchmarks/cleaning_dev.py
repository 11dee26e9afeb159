"""Cleaning on whole web pages: furniture left and article text kept, before and after issue 13.

    .venv/bin/python benchmarks/cleaning_dev.py [DEV_DIR]

DEV_DIR (default ``../shared/data/cleaning_dev``) holds ``pages/*.html`` and
``expectations.jsonl`` (per page: ``file``, ``url``, ``with``: snippets of the article that
must survive, ``without``: snippets of page furniture that must not). Each page is rendered
to plain text two ways, here and not in the package (cleaning never sees HTML):

- whole page, the way a simple scraper does: lxml.html, ``script``/``style``/``noscript``/
  ``template`` and comments dropped, all text of ``<body>``, one line per block element
  (``p``, ``div``, ``li``, ``h1``-``h6``, ``td``, ``br`` ... see ``BLOCKS``);
- article region alone: the element holding the article, found by a simple general
  heuristic (``article_region``): the ``itemprop="articleBody"`` element with the most
  text, else the ``<article>`` with the most text, else ``<main>`` (or ``role="main"``),
  else the element whose own ``<p>`` children hold the most text; rendered as above.

Each rendering is cleaned by the baseline (``helpers/clean.py`` and its rules file as they
were before issue 13, commit BASELINE_COMMIT, read from git) and by
``helpers.text.clean.clean_text``, in the same run. Figures, pooled over pages (text compared white-space-folded, case kept):

- furniture words surviving = words of the ``without`` snippets found in the cleaned text /
  words of the ``without`` snippets found in the rendered text before cleaning;
- must-keep kept = ``with`` snippets found in the cleaned text / ``with`` snippets found
  in the rendered text before cleaning;
- removed lines that hold a must-keep snippet (article text lost, in lines);
- per-article time: mean seconds of cleaning one rendered page, best of three rounds, and
  the ratio new / baseline; and the same on article texts as the pipeline cleans them (the
  seed corpus and the FakeNewsCorpus sample, ``../shared/data/fakenewscorpus_sample.csv``,
  when present), where ours includes its share of the per-outlet recurring-lines pass
  (``recurring_per_article``, all texts pooled as one outlet: the most work it can do).

trafilatura (which reads the HTML) is printed beside them for reference: its ``extract``
on the page, measured the same way.
"""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from types import ModuleType

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.text.clean import clean_text, recurring_per_article  # noqa: E402
from helpers.config import CORPUS_DIR  # noqa: E402
from baseline import at_commit, git_show  # noqa: E402  (benchmarks/ is on the path)

DEV_DIR = ROOT.parent / "shared" / "data" / "cleaning_dev"
BASELINE_COMMIT = "736c0b2"
FNC_SAMPLE = DEV_DIR.parent / "fakenewscorpus_sample.csv"
DROP = ("script", "style", "noscript", "template", "svg", "head")
# Elements that start a new line of text (HTML's block-level and table elements, and br).
BLOCKS = frozenset("""p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 td th tr table thead tbody
    tfoot caption br hr blockquote pre section article aside header footer nav main figure
    figcaption form fieldset legend address details summary option label button
    center""".split())
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def baseline_module() -> ModuleType:
    """The baseline ``helpers.text.clean`` (BASELINE_COMMIT) with its rules file, read from git, as a module."""
    rules = Path(tempfile.mkdtemp()) / "cleaning_rules.toml"
    rules.write_text(git_show(BASELINE_COMMIT, "helpers/data/cleaning_rules.toml"), encoding="utf-8")
    module = at_commit(BASELINE_COMMIT, "helpers/clean.py", "helpers._clean_baseline")
    module.load_rules = cache(partial(module.load_rules.__wrapped__, rules))
    return module


clean_before = baseline_module()


def fold(text: str) -> str:
    """Text -> its runs of white space made one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


def render(element) -> str:
    """An lxml element -> its text, one line per block element (blank lines dropped)."""
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in BLOCKS
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(element)
    lines = (fold(ln) for ln in "".join(parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)


def parse(html: bytes):
    """Page bytes -> its lxml tree with scripts, styles and comments dropped."""
    tree = lxml.html.document_fromstring(html)
    for el in [*tree.xpath("//comment() | //processing-instruction()"), *tree.iter(*DROP)]:
        if el.getparent() is not None:
            el.drop_tree()
    return tree


def text_length(el) -> int:
    """An element -> the length of its folded text."""
    return len(fold(el.text_content()))


def article_region(tree):
    """A page tree -> the element holding the article (see the module docstring)."""
    for xpath in ('//*[@itemprop="articleBody"]', "//article", '//main | //*[@role="main"]'):
        found = tree.xpath(xpath)
        if found:
            return max(found, key=text_length)
    parents: dict = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is not None:
            parents[parent] = parents.get(parent, 0) + text_length(p)
    return max(parents, key=parents.get) if parents else tree


def words(snippet: str) -> int:
    """A snippet -> its number of words."""
    return len(_WORD.findall(snippet))


def score(pages: list[dict], texts: list[str], cleaned: list[str]) -> dict[str, float]:
    """Expectations, rendered texts and cleaned texts -> the figures (see the module docstring)."""
    fw_before = fw_after = keep_before = keep_after = 0
    for page, before, after in zip(pages, texts, cleaned):
        before, after = fold(before), fold(after)
        for snippet in map(fold, page["without"]):
            if snippet in before:
                fw_before += words(snippet)
                fw_after += words(snippet) if snippet in after else 0
        for snippet in map(fold, page["with"]):
            if snippet in before:
                keep_before += 1
                keep_after += snippet in after
    return {"furniture_surviving": fw_after / fw_before, "kept": keep_after / keep_before,
            "furniture_words": fw_before, "keep_snippets": keep_before}


def timed(clean: Callable[[str], str], texts: list[str], rounds: int = 3) -> tuple[list[str], float]:
    """A cleaning function and texts -> (cleaned texts, best mean seconds per text)."""
    best, out = float("inf"), []
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = [clean(t) for t in texts]
        best = min(best, (time.perf_counter() - t0) / len(texts))
    return out, best


def lost_lines(pages: list[dict], texts: list[str]) -> int:
    """Expectations and rendered texts -> lines removed by the new cleaning holding a must-keep snippet."""
    lost = 0
    for page, text in zip(pages, texts):
        for _, _, line in clean_text(text).removed:
            lost += any(fold(s) in line for s in page["with"])
    return lost


def main(dev_dir: Path = DEV_DIR) -> None:
    """Development folder -> the figures, printed as a Markdown table."""
    pages = [json.loads(ln) for ln in (dev_dir / "expectations.jsonl").read_text().splitlines() if ln]
    trees = [parse((dev_dir / p["file"]).read_bytes()) for p in pages]
    renderings = {"whole page": [render(t.body if t.body is not None else t) for t in trees],
                  "article region": [render(article_region(t)) for t in trees]}
    cleaners = {"baseline": lambda t: clean_before.clean_text(t).body,
                "ours": lambda t: clean_text(t).body}
    print(f"{len(pages)} pages from {dev_dir.name}\n")
    print("| text | cleaning | furniture words surviving | must-keep kept | lines lost | ms/article |")
    print("|---|---|---|---|---|---|")
    for name, texts in renderings.items():
        times = {}
        for who, clean in cleaners.items():
            cleaned, times[who] = timed(clean, texts)
            s = score(pages, texts, cleaned)
            lost = lost_lines(pages, texts) if who == "ours" else "–"
            print(f"| {name} | {who} | {s['furniture_surviving']:.1%} of {s['furniture_words']} | "
                  f"{s['kept']:.1%} of {s['keep_snippets']} | {lost} | {times[who] * 1e3:.2f} |")
        s = score(pages, texts, texts)
        print(f"| {name} | none | {s['furniture_surviving']:.1%} | {s['kept']:.1%} | – | – |")
        print(f"| {name} | time ratio ours / baseline | {times['ours'] / times['baseline']:.2f}× | | | |")
    extracted = [trafilatura_text(dev_dir / p["file"]) for p in pages]
    s = score(pages, renderings["whole page"], extracted)
    print(f"| HTML | trafilatura (reference) | {s['furniture_surviving']:.1%} | {s['kept']:.1%} | – | – |")
    texts = article_texts(dev_dir.parent / FNC_SAMPLE.name)
    before, ours = article_timing(texts)
    print(f"\narticle texts ({len(texts)}): baseline {before * 1e3:.2f} ms/article, ours "
          f"{ours * 1e3:.2f} ms/article (with the recurring-lines pass), ratio {ours / before:.2f}×")


def article_texts(fnc_sample: Path) -> list[str]:
    """The seed articles' raw texts and, when present, the FakeNewsCorpus sample's."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS_DIR / "articles").glob("*.txt"))]
    if fnc_sample.is_file():
        import pandas as pd

        texts += [str(t) for t in pd.read_csv(fnc_sample)["content"].dropna()]
    return texts


def article_timing(texts: list[str], rounds: int = 5) -> tuple[float, float]:
    """Article texts -> (baseline, ours) best mean seconds per article over rounds that
    alternate the two (the machine is shared: a slow spell hits both); ours with its share
    of the recurring-lines pass over all of them."""
    def ours() -> None:
        recurring = recurring_per_article(texts, ["one outlet"] * len(texts))
        for text, lines in zip(texts, recurring):
            clean_text(text, recurring=lines)

    best = {"baseline": float("inf"), "ours": float("inf")}
    for _ in range(rounds):
        for who, run in (("baseline", lambda: [clean_before.clean_text(t) for t in texts]),
                         ("ours", ours)):
            t0 = time.perf_counter()
            run()
            best[who] = min(best[who], (time.perf_counter() - t0) / len(texts))
    return best["baseline"], best["ours"]


def trafilatura_text(path: Path) -> str:
    """A saved page -> trafilatura's extracted text ("" when it finds none)."""
    import trafilatura

    return trafilatura.extract(path.read_bytes(), url=None) or ""


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEV_DIR)
