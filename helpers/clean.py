"""Cleaning: scraped article text in, the article's own text out, every removed line audited.

Cleaning removes whole lines, never words inside a line, so it can only drop page
furniture and never rewrite what the article says. A line goes when
1. a rule in ``data/cleaning_rules.toml`` recognises what it says (share buttons,
   comment forms, captions, sign-offs, breadcrumbs ...), or
2. where it stands gives it away: ``title`` (the headline, and its repeats),
   ``repeated_line`` (a line printed again right after itself: the repeat goes, and the
   first copy too unless it is prose, since captions and alt text do this),
   ``dateline`` and ``byline`` (a line that is only a date or an author),
   ``header`` and ``footer`` (short fragments before the first or after the last paragraph
   of prose), ``subheading`` (a short line with no sentence punctuation between paragraphs).
Kept lines keep their order and are joined by blank lines, one paragraph each, with their
white space folded (non-breaking spaces become spaces).

Limits: a caption printed once, without a credit, in full sentences reads like prose and
is kept; a paragraph of fewer than eight words with no sentence punctuation is taken for a
fragment (header, sub-heading or footer); a standfirst under the headline is kept.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from .bylines import byline_author
from .config import DATA_DIR
from .dates import dateline_date

RULES_FILE = DATA_DIR / "cleaning_rules.toml"

# Runs of white space, non-breaking and zero-width spaces included.
_SPACE = re.compile(r"[\s\u00a0\u200b\u2009\u202f\ufeff]+")
# Quotes and brackets that may close a sentence after its full stop.
_CLOSERS = "\"'”’»)]"
_SENTENCE_END = re.compile(r"[.!?…:;]$")
# Shorter lines without sentence punctuation are fragments (labels, sub-headings, credits);
# longer ones, such as a standfirst under the headline, are kept.
FRAGMENT_WORDS = 8

STRUCTURAL_RULES = {
    "title": "The headline, wherever it is printed again.",
    "repeated_line": "A line printed again right after itself: the repeat, and both copies "
                     "when it is not prose (captions and alt text do this).",
    "dateline": "A line that is only a publication date (and time, and place).",
    "byline": "A line that is only the author's name.",
    "header": "Fragments above the headline and first paragraph (section labels, counters).",
    "footer": "Fragments below the last paragraph of prose.",
    "subheading": "A short line without sentence punctuation between paragraphs.",
}


@dataclass(frozen=True)
class Rule:
    """A named cleaning rule: the lines it removes match one of its patterns."""

    name: str
    description: str
    patterns: tuple[re.Pattern, ...]

    def matches(self, line: str) -> bool:
        """True if the (folded) line matches any of the rule's patterns."""
        return any(p.search(line) for p in self.patterns)


@dataclass(frozen=True)
class Cleaned:
    """The article's own text, and the lines removed as (line_no, rule, text), 1-based."""

    body: str
    removed: list[tuple[int, str, str]] = field(default_factory=list)


@cache
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """Rules file (TOML, ``[[rule]]`` tables with name, description, patterns) -> rules."""
    with open(path, "rb") as f:
        spec = tomllib.load(f)
    return tuple(
        Rule(r["name"], r["description"], tuple(re.compile(p, re.IGNORECASE) for p in r["patterns"]))
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
    """Each folded line -> the first content rule it matches, "" if blank, else None."""
    rules = load_rules()
    return ["" if not ln else next((r.name for r in rules if r.matches(ln)), None) for ln in lines]


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
        elif dateline_date(lines[i]) is not None:
            labels[i] = "dateline"
        elif byline_author(lines[i]) is not None:
            labels[i] = "byline"
    prose = [i for i in text_lines if labels[i] is None and is_prose(lines[i])]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    for i in text_lines:
        if labels[i] is None and _is_fragment(lines[i]):
            labels[i] = "header" if i < first else "footer" if i > last else "subheading"


def clean_text(raw: str, *, title: str | None = None) -> Cleaned:
    """Raw scraped text (and its title, if known) -> the article's own text and the audit.

    Without a title, the first headline-like line above the first paragraph is taken as
    the title; ``Cleaned.removed`` then names it under the rule ``title``.
    """
    raw_lines = raw.splitlines()
    lines = [fold(ln) for ln in raw_lines]
    labels = _label_by_content(lines)
    title = title if title else _find_title(lines, labels)
    _label_by_position(lines, labels, title)
    body = "\n\n".join(ln for ln, label in zip(lines, labels) if label is None)
    removed = [(i + 1, label, lines[i]) for i, label in enumerate(labels) if label]
    return Cleaned(body, removed)
