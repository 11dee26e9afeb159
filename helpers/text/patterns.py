"""The one pattern language of every term list (frames, kwic, actors' aliases).

A term is one of three kinds:
- ``fixed``: words as written; inner white space matches any run of white space, an
  apostrophe matches ' and ’, and a term that starts or ends with a letter, digit or _
  matches only whole words there ("IS" does not match "ISIS");
- ``glob``: a fixed term whose trailing ``*`` matches any word ending ("terroris*");
- ``regex``: a Python regular expression, used as written (no global flags).

The case rule is said per list: ``insensitive``, ``sensitive``, or ``auto`` (sensitive for
a term with no lower-case letter, such as "IS" or "UN"; insensitive otherwise).
In: terms, their kind and the case rule; out: one regex, longest term first.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

KINDS = ("fixed", "glob", "regex")
CASES = ("insensitive", "sensitive", "auto")
NEVER = r"(?!x)x"                         # the regex of an empty list: matches nothing
_SPACE = re.compile(r"\s+")
_APOSTROPHE = re.compile(r"\\?['’]")


def _word_edge(char: str) -> bool:
    """A term's first or last character -> True when a word boundary belongs there."""
    return char.isalnum() or char == "_"


def term_regex(term: str, kind: str = "fixed") -> str:
    """A term and its kind -> its regex (a ValueError names an empty term or unknown kind)."""
    if kind not in KINDS:
        raise ValueError(f"unknown pattern kind {kind!r}; use one of {', '.join(KINDS)}")
    if kind == "regex":
        return term
    term = term.strip()
    open_end = kind == "glob" and term.endswith("*")
    stem = term[:-1].rstrip() if open_end else term
    if not stem:
        raise ValueError(f"an empty term ({term!r})")
    body = r"\s+".join(_APOSTROPHE.sub("['’]", re.escape(word)) for word in _SPACE.split(stem))
    start = r"(?<!\w)" if _word_edge(stem[0]) else ""
    end = r"\w*" if open_end else (r"(?!\w)" if _word_edge(stem[-1]) else "")
    return start + body + end


def cased(regex: str, term: str, case: str) -> str:
    """A term's regex, the term and the case rule -> the regex with its case flag inline."""
    if case not in CASES:
        raise ValueError(f"unknown case rule {case!r}; use one of {', '.join(CASES)}")
    sensitive = case == "sensitive" or (case == "auto" and not any(c.islower() for c in term))
    return regex if sensitive else f"(?i:{regex})"


def alternation(terms: Iterable[str], kind: str = "fixed", case: str = "insensitive") -> str:
    """Terms, their kind and the case rule -> one alternation, longest term first."""
    ordered = sorted(set(terms), key=len, reverse=True)
    parts = [cased(term_regex(t, kind), t, case) for t in ordered]
    return "|".join(parts) if parts else NEVER


def compile_terms(terms: Iterable[str], kind: str = "fixed", case: str = "insensitive") -> re.Pattern:
    """Terms, their kind and the case rule -> one compiled regex matching any of them."""
    return re.compile(alternation(terms, kind, case))
