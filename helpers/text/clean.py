"""Cleaning: scraped article text in, the article's own text out, every removed line audited.

Cleaning removes whole lines, never words inside a line, so it can only drop page
furniture and never rewrite what the article says. A line goes when
1. it is only a date (``dateline``, see ``helpers.text.dates``), or a rule in
   ``data/cleaning_rules.toml`` recognises what it says (share buttons, comment forms and
   their notices, cookie banners, newsletter, app and paywall prompts, affiliate
   disclosures, captions, sign-offs, site links, "Read more" links and the headlines listed
   under them, tag lists, authors' and sites' self-descriptions ...; rules marked
   ``where = "end"``, such as the author's bio, only in the last paragraphs), or
2. where it stands gives it away: ``title`` (the headline, and its repeats),
   ``repeated_line`` (a line printed again right after itself: the repeat goes, and the
   first copy too unless it is prose, since captions and alt text do this),
   ``byline`` (a line that is only an author, perhaps with outlet and date),
   ``recurring_line`` (a line the outlet prints in many of its articles: given by the
   caller, see ``recurring_lines``), ``outside`` (prose outside the article's main run of
   text: the run of lines with the most words of text less GAP_COST for each removed or
   link-like line in it, so a blurb cut off by a long menu goes), ``header`` (short
   fragments before the first paragraph of prose), ``footer`` (fragments and teaser
   headlines after the last) and ``head_bio`` (a paragraph above the article starting with
   the author's name printed above it and going on about "He" or "She").
Cleaning is repeated on the kept lines until nothing more goes, so cleaning a cleaned text
(with the same title and recurring lines) changes nothing. Kept lines keep their order and
are joined by blank lines, one paragraph each, with their white space folded
(non-breaking spaces become spaces).

Limits: a caption printed once, without a credit, in full sentences reads like prose and
is kept; short lines between paragraphs (sub-headings, list items, table cells, a
one-line label no rule names) are kept, while lists above the first or below the last
paragraph go as header or footer, and so does a sub-heading that ends the text. A
standfirst under the headline is kept. Boilerplate in full sentences that no rule names
(a site's own slogan, a related story's standfirst) is kept unless it recurs across the
outlet's articles or stands apart from the article.
"""
from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from helpers.text.bylines import byline_author, personal_name
from helpers.config import DATA_DIR
from helpers.text.dates import dateline_date
from helpers.measures.keyness import load_stopwords
from helpers.text.navigation import looks_like_navigation

RULES_FILE = DATA_DIR / "cleaning_rules.toml"

# Runs of white space, non-breaking and zero-width spaces included.
_SPACE = re.compile(r"[\s\u00a0\u200b\u2009\u202f\ufeff]+")
# Quotes and brackets that may close a sentence after its full stop.
_CLOSERS = "\"'”’»)]"
_SENTENCE_END = re.compile(r"[.!?…:;]$")
# A character class of a regular expression, from its "[" to its "]" (for _is_anchored).
_CLASS_END = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]")
# Shorter lines without sentence punctuation are fragments (labels, headings, credits);
# longer ones, such as a standfirst under the headline, are kept.
FRAGMENT_WORDS = 8

# A "more_link" line that heads a list of links: "Read more:", "Related Articles",
# "Also by Jane Smith:", "Recommended Resources", "Keep Reading", "More about Syria", "Latest".
_LINK_LIST_HEAD = re.compile(r":$|^(?:related|recommended|suggested|further|keep reading|similar"
                             r"|more about|latest)\b[^:]*$",
                             re.IGNORECASE)
LINK_LIST_HEAD_WORDS = 6
# A longer line is no byline (and reading one for a date costs time quadratic in its length).
BYLINE_CHARS = 300
# The article is the run of lines that maximises its words of text minus GAP_COST for
# every removed or link-like line in it; prose outside it is page furniture ("outside").
# Text has at least STOPWORD_SHARE stop words (menus run into one long line have few).
GAP_COST = 1
STOPWORD_SHARE = 0.2
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_STOPWORDS = load_stopwords()
# A sentence of a biography that goes on about its subject ("He is a former editor.").
_PERSON_SENTENCE = re.compile(r"[.!?][\"'”’)]*\s+(?:He|She|His|Her)\s")
# A line recurs in an outlet when it is printed in at least RECURRING_ARTICLES of its
# stories, and, if it ends like a sentence ("He declined to comment."), in at least
# RECURRING_SHARE of them too.
RECURRING_ARTICLES = 3
RECURRING_SHARE = 0.3
# Lines whose per-line tests (text, byline) are remembered while one text is cleaned:
# each cleaning round asks again of the lines kept.
LINE_CACHE = 16384

STRUCTURAL_RULES = {
    "title": "The headline, wherever it is printed again.",
    "repeated_line": "A line printed again right after itself: the repeat, and both copies "
                     "when it is not prose (captions and alt text do this).",
    "dateline": "A line that is only a publication date (and time, label, place or source).",
    "byline": "A line that is only the author's name (perhaps with outlet and date).",
    "header": "Fragments above the headline and first paragraph (section labels, counters).",
    "footer": "Fragments below the last paragraph of prose.",
    "head_bio": "The author's biography above the article: a paragraph before it that starts "
                "with the author's name, printed alone or as a byline above it, and speaks "
                "of them as he or she.",
    "recurring_line": "A line the outlet prints in many of its articles (counting copies of one "
                      "story once): its page furniture, found over the corpus.",
    "outside": "Prose outside the article's main run of paragraphs, cut off from it by page "
               "furniture (menus, link lists, removed lines): sidebars, teasers, site blurbs.",
}


@dataclass(frozen=True)
class Rule:
    """A named cleaning rule: the lines it removes match one of its patterns."""

    name: str
    description: str
    patterns: tuple[re.Pattern, ...]
    where: str = "anywhere"          # or "end": only the last paragraphs (see the rules file)
    # The patterns anchored at the start ("^..."), joined, tried at the start of a line only
    # (None where joining could change one); the others are searched for one by one, since
    # joined they lose the regex engine's literal scans and cost a try at every character.
    combined: re.Pattern | None = field(default=None, compare=False, repr=False)
    floating: tuple[re.Pattern, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        anchored = tuple(p for p in self.patterns if _is_anchored(p))
        combined = _one_pattern(anchored) if anchored else None
        object.__setattr__(self, "combined", combined)
        object.__setattr__(self, "floating", tuple(p for p in self.patterns
                                                   if combined is None or p not in anchored))

    def matches(self, line: str) -> bool:
        """True if the (folded) line matches any of the rule's patterns."""
        return (self.combined is not None and self.combined.match(line) is not None) \
            or any(p.search(line) for p in self.floating)


def _is_anchored(pattern: re.Pattern) -> bool:
    """True for a pattern that can only match at the start: it begins with ^ and has no
    alternative outside brackets that could match elsewhere."""
    text, depth, i = pattern.pattern, 0, 0
    if not text.startswith("^"):
        return False
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 1
        elif c == "[":
            i = _CLASS_END.match(text, i).end() - 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


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
    "Related Articles") as ``more_link``: they are the links the head announces (blank lines,
    separators such as ">" and other links between them are passed over)."""
    for i, label in enumerate(labels):
        if label != "more_link" or len(lines[i].split()) > LINK_LIST_HEAD_WORDS \
                or not _LINK_LIST_HEAD.search(lines[i]):
            continue
        for j in range(i + 1, len(lines)):
            if labels[j] in ("", "more_link", "domain_line", "separator"):
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
    """The first unlabelled headline-like line before any prose, or None; a dateline, a
    byline or site navigation ("Home / World News /") is never the title."""
    for line, label in zip(lines, labels):
        if label is None and is_prose(line):
            return None
        if label is None and _looks_like_headline(line) and not dateline_date(line) \
                and not looks_like_navigation(line) and byline_author(line) is None:
            return line
    return None


def _label_by_position(lines: list[str], labels: list[str | None], title: str | None,
                       recurring: frozenset[str] = frozenset()) -> None:
    """Fill unlabelled lines with the structural rules (and ``recurring_line`` for the lines
    in ``recurring``), in place."""
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
        elif len(lines[i]) <= BYLINE_CHARS and _byline_author(lines[i]) is not None:
            labels[i] = "byline"
        elif lines[i] in recurring:
            labels[i] = "recurring_line"
    _label_tail(lines, labels)
    _label_outside(lines, labels, text_lines)
    _label_fragments(lines, labels, text_lines)
    _label_head_bio(lines, labels, text_lines)


@lru_cache(maxsize=LINE_CACHE)
def _byline_author(line: str) -> str | None:
    """``byline_author``, remembered: each cleaning round asks again of the lines kept."""
    return byline_author(line)


def _label_head_bio(lines: list[str], labels: list[str | None], text_lines: list[int]) -> None:
    """Label, in place, the paragraphs above the article that are its author's bio as
    ``head_bio``: walking down to the first paragraph of prose that is not one, a bio starts
    with a name printed above it alone (a header) or as a byline, then a lower-case word
    ("Jane Smith is ...", "Jane Smith fell ..."), and has a later sentence on "He" or "She"."""
    names: set[str] = set()
    for i in text_lines:
        line, label = lines[i], labels[i]
        if label is None and is_prose(line):
            if not any(_is_bio_of(line, name) for name in names):
                return
            labels[i] = "head_bio"
        elif label == "byline" and (name := byline_author(line)):
            names.add(name)
        elif label == "header" and (name := personal_name(line)):
            names.add(name)


def _is_bio_of(line: str, name: str) -> bool:
    """True for a paragraph that starts with the name and a lower-case word and has a later
    sentence on "He", "She", "His" or "Her"."""
    rest = line[len(name):]
    return line.startswith(name) and rest[:1] == " " and rest[1:2].islower() \
        and _PERSON_SENTENCE.search(rest) is not None


@lru_cache(maxsize=LINE_CACHE)
def _is_text(line: str) -> bool:
    """True for a line that reads as the article's text: prose with enough stop words."""
    if not is_prose(line):
        return False
    words = _WORD.findall(line.casefold())
    return sum(w in _STOPWORDS for w in words) >= STOPWORD_SHARE * len(words)


def _line_scores(lines: list[str], labels: list[str | None], text_lines: list[int]) -> list[float]:
    """Each non-blank line -> its words if it is unlabelled text; -GAP_COST if it was removed
    or reads like a link (menus, link lists and removed lines part the article from other
    text); else 0 (headings, list items, code and table cells belong to either)."""
    return [len(lines[i].split()) if labels[i] is None and _is_text(lines[i])
            else -GAP_COST if labels[i] or _is_linklike(lines[i]) else 0
            for i in text_lines]


def _is_linklike(line: str) -> bool:
    """True for a line without a stop word (menu items, headline links, tag lists)."""
    return not any(w in _STOPWORDS for w in _WORD.findall(line.casefold()))


def _best_run(scores: list[float]) -> tuple[int, int]:
    """Scores -> (start, end) of the run with the largest sum (end exclusive; Kadane)."""
    best, best_span, total, start = 0.0, (0, 0), 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _label_outside(lines: list[str], labels: list[str | None], text_lines: list[int]) -> None:
    """Label, in place, the prose outside the article's main run of text as ``outside``."""
    start, end = _best_run(_line_scores(lines, labels, text_lines))
    for pos, i in enumerate(text_lines):
        if labels[i] is None and not start <= pos < end and is_prose(lines[i]):
            labels[i] = "outside"


def _is_teaser(line: str) -> bool:
    """True for a headline-like line that does not read as wrapped text: it starts with a
    capital or digit and does not end on a stop word (the links listed under an article)."""
    words = _WORD.findall(line.casefold())
    return _looks_like_headline(line) and not line[0].islower() and bool(words) \
        and words[-1] not in _STOPWORDS


def _label_fragments(lines: list[str], labels: list[str | None], text_lines: list[int]) -> None:
    """Label unlabelled fragments above the first paragraph of prose as header, and
    fragments and teaser headlines below the last as footer, in place; fragments between
    paragraphs (sub-headings, list items, table cells) are the article's."""
    prose = [i for i in text_lines if labels[i] is None and is_prose(lines[i])]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    for i in text_lines:
        if labels[i] is None and (i < first and _is_fragment(lines[i]) or i > last and (
                _is_fragment(lines[i]) or _is_teaser(lines[i]))):
            labels[i] = "header" if i < first else "footer"


def _label(lines: list[str], title: str | None, find_title: bool = True,
           recurring: frozenset[str] = frozenset()) -> tuple[list[str | None], str | None]:
    """Folded lines (and the title, if known) -> each line's rule (None: kept, "": blank),
    and the title used (the one given, else the one found if ``find_title``). Lines kept
    once are not read by the content rules again (``find_title`` False): none matched."""
    labels = _label_by_content(lines) if find_title else [None] * len(lines)
    _label_link_lists(lines, labels)
    title = title if title or not find_title else _find_title(lines, labels)
    _label_by_position(lines, labels, title, recurring)
    return labels, title


def clean_text(raw: str, *, title: str | None = None,
               recurring: Collection[str] = frozenset()) -> Cleaned:
    """Raw scraped text (and its title, if known) -> the article's own text and the audit.

    Without a title, the first headline-like line above the first paragraph is taken as
    the title; ``Cleaned.removed`` then names it under the rule ``title``. ``recurring``:
    folded lines known to recur across the outlet's articles (``recurring_lines``); those
    the text prints go as ``recurring_line`` unless a rule names them first.
    """
    _is_text.cache_clear()              # remembered for this text's rounds only
    _byline_author.cache_clear()
    lines = [fold(ln) for ln in raw.splitlines()]
    labels, title = _label(lines, title, recurring=frozenset(recurring))
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


def recurring_lines(texts: Iterable[str], *, min_articles: int = RECURRING_ARTICLES,
                    min_share: float = RECURRING_SHARE) -> frozenset[str]:
    """Raw texts of one outlet's articles -> the folded lines that recur across them: printed
    in at least ``min_articles`` stories, and in at least ``min_share`` of the stories if
    the line ends like a sentence. Copies of one story (syndicated or re-scraped text)
    count once: articles are the same story when they share their longest line that is
    not a candidate (a line in ``min_articles`` articles or more)."""
    articles = [frozenset(filter(None, map(fold, text.splitlines()))) for text in texts]
    seen: dict[str, int] = defaultdict(int)
    for lines in articles:
        for line in lines:
            seen[line] += 1
    candidates = {line for line, n in seen.items() if n >= min_articles}
    story_of = [_story(lines, candidates) for lines in articles]
    stories: dict[str, set[object]] = defaultdict(set)
    for lines, story in zip(articles, story_of):
        for line in lines & candidates:
            stories[line].add(story)
    n_stories = len(set(story_of))
    return frozenset(line for line, found in stories.items() if len(found) >= min_articles
                     and (not _ends_sentence(line) or len(found) >= min_share * n_stories))


def _story(lines: frozenset[str], candidates: set[str]) -> object:
    """An article's lines and the candidate recurring lines -> what tells its story apart:
    its longest line that is not a candidate, or all its lines when every one is."""
    own = [line for line in lines if line not in candidates]
    return max(own, key=lambda line: (len(line), line)) if own else lines


def _ends_sentence(line: str) -> bool:
    """True for a line ending in sentence punctuation (perhaps before a closing quote)."""
    return bool(_SENTENCE_END.search(line.rstrip(_CLOSERS)))


def recurring_per_article(texts: list[str], outlets: list[str]) -> list[tuple[str, ...]]:
    """Raw texts and each one's outlet ("" when unknown: never pooled) -> for each text, the
    lines recurring across its outlet's articles (``recurring_lines``) that it prints, sorted."""
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, outlet in enumerate(outlets):
        if outlet:
            by_outlet[outlet].append(i)
    found: list[tuple[str, ...]] = [()] * len(texts)
    for members in by_outlet.values():
        recurring = recurring_lines(texts[i] for i in members)
        for i in members if recurring else ():
            found[i] = tuple(sorted(recurring & {fold(ln) for ln in texts[i].splitlines()}))
    return found
