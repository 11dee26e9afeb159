"""Frozen copy of helpers/clean.py before issue 13 (the benchmark's baseline), with its
rules file beside it; only the imports and RULES_FILE differ.

Cleaning: scraped article text in, the article's own text out, every removed line audited.

Cleaning removes whole lines, never words inside a line, so it can only drop page
furniture and never rewrite what the article says. A line goes when
1. it is only a date (``dateline``, see ``helpers.dates``), or a rule in
   ``data/cleaning_rules.toml`` recognises what it says (share buttons, comment forms,
   captions, sign-offs, breadcrumbs, "Read more" links and the headlines listed under
   them, tag lists ...; rules marked ``where = "end"``, such as the author's bio, only in
   the last paragraphs), or
2. where it stands gives it away: ``title`` (the headline, and its repeats),
   ``repeated_line`` (a line printed again right after itself: the repeat goes, and the
   first copy too unless it is prose, since captions and alt text do this),
   ``byline`` (a line that is only an author, perhaps with outlet and date),
   ``header`` and ``footer`` (short fragments before the first or after the last paragraph
   of prose), ``subheading`` (a short line with no sentence punctuation between paragraphs).
Cleaning is repeated on the kept lines until nothing more goes, so cleaning a cleaned text
(with the same title) changes nothing. Kept lines keep their order and are joined by blank
lines, one paragraph each, with their white space folded (non-breaking spaces become
spaces).

Limits: a caption printed once, without a credit, in full sentences reads like prose and
is kept; a paragraph of fewer than eight words with no sentence punctuation is taken for a
fragment (header, sub-heading or footer) -- except between paragraphs, where a run of
three or more such lines is a list and is kept, and so is a line that continues a
sentence (it ends with a comma, or starts in lower case with three words or more: verse,
wrapped text); so a single short line of verse or a one-line list item between
paragraphs is lost as a "sub-heading", and lists above the first or below the last
paragraph go as header or footer. A standfirst under the headline is kept. Boilerplate in
full sentences that no rule names (a site's own slogan, "Continued below..." glued to a
paragraph) is kept.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from helpers.bylines import byline_author
from helpers.dates import dateline_date

RULES_FILE = Path(__file__).with_name("cleaning_rules_before.toml")

# Runs of white space, non-breaking and zero-width spaces included.
_SPACE = re.compile(r"[\s\u00a0\u200b\u2009\u202f\ufeff]+")
# Quotes and brackets that may close a sentence after its full stop.
_CLOSERS = "\"'”’»)]"
_SENTENCE_END = re.compile(r"[.!?…:;]$")
# Shorter lines without sentence punctuation are fragments (labels, sub-headings, credits);
# longer ones, such as a standfirst under the headline, are kept.
FRAGMENT_WORDS = 8

# A line that ends with a comma, or starts in lower case and has three words or more,
# continues a sentence (verse, wrapped text), so between paragraphs it is never a
# sub-heading ("from RT", "by Mark" are labels, not text).
_CONTINUES = re.compile(r",$|^[a-z]\S*(\s+\S+){2,}")
# A run of this many fragments or more between paragraphs is a list, and is kept.
LIST_LINES = 3
# A "more_link" line that heads a list of links: "Read more:", "Related Articles",
# "Also by Jane Smith:", "Recommended Resources".
_LINK_LIST_HEAD = re.compile(r":$|^(?:related|recommended|suggested|further)\b[^:]*$",
                             re.IGNORECASE)
LINK_LIST_HEAD_WORDS = 6

STRUCTURAL_RULES = {
    "title": "The headline, wherever it is printed again.",
    "repeated_line": "A line printed again right after itself: the repeat, and both copies "
                     "when it is not prose (captions and alt text do this).",
    "dateline": "A line that is only a publication date (and time, label, place or source).",
    "byline": "A line that is only the author's name (perhaps with outlet and date).",
    "header": "Fragments above the headline and first paragraph (section labels, counters).",
    "footer": "Fragments below the last paragraph of prose.",
    "subheading": "A short line without sentence punctuation between paragraphs (not a line "
                  "continuing a sentence, not one of a list of three or more such lines).",
}


@dataclass(frozen=True)
class Rule:
    """A named cleaning rule: the lines it removes match one of its patterns."""

    name: str
    description: str
    patterns: tuple[re.Pattern, ...]
    where: str = "anywhere"          # or "end": only the last paragraphs (see the rules file)
    combined: re.Pattern | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "combined", _one_pattern(self.patterns))

    def matches(self, line: str) -> bool:
        """True if the (folded) line matches any of the rule's patterns."""
        if self.combined is not None:
            return self.combined.search(line) is not None
        return any(p.search(line) for p in self.patterns)


def _one_pattern(patterns: tuple[re.Pattern, ...]) -> re.Pattern | None:
    """Patterns -> one regex that finds a match wherever any of them does (their alternation),
    or None where joining could change one (a numbered back-reference, differing flags)."""
    if len({p.flags for p in patterns}) != 1 or any(re.search(r"\\[0-9]", p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
    except re.error:
        return None


@dataclass(frozen=True)
class Cleaned:
    """The article's own text, the lines removed as (line_no, rule, text), and the line
    numbers of the kept lines, in order (all 1-based); these tell a removed line above the
    article from one below it or between its paragraphs."""

    body: str
    removed: list[tuple[int, str, str]] = field(default_factory=list)
    kept_lines: tuple[int, ...] = ()

    @property
    def span(self) -> tuple[int, int] | None:
        """Line numbers of the first and last kept line; None when nothing is kept."""
        return (self.kept_lines[0], self.kept_lines[-1]) if self.kept_lines else None


@cache
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """Rules file (TOML, ``[[rule]]`` tables with name, description, patterns) -> rules."""
    with open(path, "rb") as f:
        spec = tomllib.load(f)
    return tuple(
        Rule(r["name"], r["description"],
             tuple(re.compile(p, re.IGNORECASE) for p in r["patterns"]), r.get("where", "anywhere"))
        for r in spec["rule"]
    )


def rule_descriptions() -> dict[str, str]:
    """Every rule's name -> its description, pattern rules first."""
    return {r.name: r.description for r in load_rules()} | STRUCTURAL_RULES


def audit_summary(audit: pd.DataFrame) -> pd.DataFrame:
    """Cleaning audit -> one row per rule used: rule, description, lines_removed, articles."""
    descriptions = rule_descriptions()
    table = audit.groupby("rule").agg(lines_removed=("line_no", "size"), articles=("article_id", "nunique"))
    table = table.reindex([r for r in descriptions if r in table.index]).reset_index()
    table.insert(1, "description", table["rule"].map(descriptions))
    return table


def fold(line: str) -> str:
    """A line with runs of white space (non-breaking too) made one space, ends trimmed."""
    return _SPACE.sub(" ", line).strip()


def is_prose(line: str) -> bool:
    """True for a line that reads as running text: six words or more ending a sentence."""
    words = len(line.split())
    return words >= 6 and bool(_SENTENCE_END.search(line.rstrip(_CLOSERS))) or words >= 25


def _is_fragment(line: str) -> bool:
    """True for a line of fewer than FRAGMENT_WORDS words that does not end a sentence."""
    return len(line.split()) < FRAGMENT_WORDS and not _SENTENCE_END.search(line.rstrip(_CLOSERS))


def _looks_like_headline(line: str) -> bool:
    """True for a line of 3 to 30 words that does not end like a sentence."""
    return 3 <= len(line.split()) <= 30 and not re.search(r"[.!?:]$", line.rstrip(_CLOSERS))


def _label_by_content(lines: list[str]) -> list[str | None]:
    """Each folded line -> "dateline" or the first content rule it matches, "" if blank,
    else None. Rules for the end of the text are left to ``_label_tail``."""
    rules = [r for r in load_rules() if r.where != "end"]
    return ["" if not ln else "dateline" if dateline_date(ln) is not None
            else next((r.name for r in rules if r.matches(ln)), None) for ln in lines]


def _label_link_lists(lines: list[str], labels: list[str | None]) -> None:
    """Label, in place, the headline-like lines right under a list head ("Read more:",
    "Related Articles") as ``more_link``: they are the links the head announces."""
    for i, label in enumerate(labels):
        if label != "more_link" or len(lines[i].split()) > LINK_LIST_HEAD_WORDS \
                or not _LINK_LIST_HEAD.search(lines[i]):
            continue
        for j in range(i + 1, len(lines)):
            if labels[j] in ("", "more_link", "domain_line"):
                continue
            if labels[j] is not None or not _looks_like_headline(lines[j]):
                break
            labels[j] = "more_link"


def _label_tail(lines: list[str], labels: list[str | None]) -> None:
    """Label, in place, the last paragraphs that a ``where = "end"`` rule matches: walking up
    over removed and non-prose lines, stopping at the first prose line no such rule matches."""
    rules = [r for r in load_rules() if r.where == "end"]
    for i in reversed(range(len(lines))):
        if labels[i] is not None or not is_prose(lines[i]):
            continue
        rule = next((r.name for r in rules if r.matches(lines[i])), None)
        if rule is None:
            return
        labels[i] = rule


def _find_title(lines: list[str], labels: list[str | None]) -> str | None:
    """The first unlabelled headline-like line before any prose, or None."""
    for line, label in zip(lines, labels):
        if label is None and is_prose(line):
            return None
        if label is None and _looks_like_headline(line) and not dateline_date(line):
            return line
    return None


def _label_by_position(lines: list[str], labels: list[str | None], title: str | None) -> None:
    """Fill unlabelled lines with the structural rules, in place."""
    key = [ln.casefold() for ln in lines]
    text_lines = [i for i, ln in enumerate(lines) if ln]
    title_key = fold(title).casefold() if title else None
    for pos, i in enumerate(text_lines):
        if labels[i] is not None:
            continue
        before = key[text_lines[pos - 1]] if pos > 0 else None
        after = key[text_lines[pos + 1]] if pos + 1 < len(text_lines) else None
        if title_key and key[i] == title_key:
            labels[i] = "title"
        elif key[i] == before or (key[i] == after and not is_prose(lines[i])):
            labels[i] = "repeated_line"     # a repeat; and the first copy of a repeated caption
        elif byline_author(lines[i]) is not None:
            labels[i] = "byline"
    _label_tail(lines, labels)
    _label_fragments(lines, labels, text_lines)


def _list_lines(lines: list[str], labels: list[str | None], text_lines: list[int]) -> set[int]:
    """The unlabelled fragments that stand in runs of LIST_LINES or more: lists, not headings."""
    runs: list[list[int]] = [[]]
    for i in text_lines:
        if labels[i] is None and _is_fragment(lines[i]):
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    return {i for run in runs if len(run) >= LIST_LINES for i in run}


def _label_fragments(lines: list[str], labels: list[str | None], text_lines: list[int]) -> None:
    """Label unlabelled fragments, in place, as header, footer or sub-heading by where they
    stand; between paragraphs, lists and lines that continue a sentence are kept."""
    prose = [i for i in text_lines if labels[i] is None and is_prose(lines[i])]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    in_lists = _list_lines(lines, labels, text_lines)
    for i in text_lines:
        if labels[i] is not None or not _is_fragment(lines[i]):
            continue
        if i < first:
            labels[i] = "header"
        elif i > last:
            labels[i] = "footer"
        elif i not in in_lists and not _CONTINUES.search(lines[i]):
            labels[i] = "subheading"


def _label(lines: list[str], title: str | None, find_title: bool = True
           ) -> tuple[list[str | None], str | None]:
    """Folded lines (and the title, if known) -> each line's rule (None: kept, "": blank),
    and the title used (the one given, else the one found if ``find_title``)."""
    labels = _label_by_content(lines)
    _label_link_lists(lines, labels)
    title = title if title or not find_title else _find_title(lines, labels)
    _label_by_position(lines, labels, title)
    return labels, title


def clean_text(raw: str, *, title: str | None = None) -> Cleaned:
    """Raw scraped text (and its title, if known) -> the article's own text and the audit.

    Without a title, the first headline-like line above the first paragraph is taken as
    the title; ``Cleaned.removed`` then names it under the rule ``title``.
    """
    lines = [fold(ln) for ln in raw.splitlines()]
    labels, title = _label(lines, title)
    while True:                         # clean the kept lines again until nothing more goes
        kept = [i for i, label in enumerate(labels) if label is None]
        again, _ = _label([lines[i] for i in kept], title, find_title=False)
        if not any(again):
            break
        for i, label in zip(kept, again):
            labels[i] = label or None
    body = "\n\n".join(ln for ln, label in zip(lines, labels) if label is None)
    removed = [(i + 1, label, lines[i]) for i, label in enumerate(labels) if label]
    kept = tuple(i + 1 for i, label in enumerate(labels) if label is None)
    return Cleaned(body, removed, kept)
