"""Site navigation printed in article text: a line in, whether it is a breadcrumb or menu.

Navigation is short items joined by separators ("Home / World News /", "Home > Middle
East > Syria", "News » World", "World | Politics | Business"), or a menu entry alone
("Home", "Skip to main content"; the list is ``data/navigation_words.txt``). It is never
a headline (``helpers.text.clean`` does not take it for the title; ``corpus check`` warns about
a title that looks like it) nor a byline.

Limits: items joined by dashes ("Home - News - World") are not recognised, since
headlines use dashes ("... alone if it has to – Kremlin"); two items joined by " | " or
" / " whose first is not a menu word ("Putin visits Syria | RT", "US / Russia") read as a
headline with its outlet, not navigation; a menu row without separators is recognised
only when every word of it is a menu word.
"""
from __future__ import annotations

import re

from helpers.config import DATA_DIR, word_list

NAVIGATION_WORDS_FILE = DATA_DIR / "navigation_words.txt"
# A separator between breadcrumb or menu items, with space around it, or dangling at
# either end of the line ("Home / World News /"): / > » › → | • · ::
_MARK = r"(?:[/>»›→|•·]|::)"
_SEPARATOR = re.compile(rf"\s+{_MARK}\s+|\s+{_MARK}$|^{_MARK}\s+")
# Separators that headlines do not use between words: > » › →
_ARROWS = re.compile(r"\s[>»›→]\s")
# Items of navigation are short: a section name, not a clause.
ITEM_WORDS = 3
# This many items or more, joined by separators, are a menu or breadcrumb whatever they say.
MENU_ITEMS = 3


def looks_like_navigation(line: str) -> bool:
    """A line -> True if it reads as site navigation (a breadcrumb, a menu row, a menu entry)."""
    line = " ".join(line.split())
    words = word_list(NAVIGATION_WORDS_FILE)
    key = line.casefold()
    if key in words or (len(key.split()) > 1 and all(w in words for w in key.split())):
        return True
    parts = _SEPARATOR.split(line)
    items = [p for p in parts if p]
    if len(parts) < 2 or not items or any(len(i.split()) > ITEM_WORDS for i in items):
        return False
    dangling = len(items) < len(parts)
    return (len(items) >= MENU_ITEMS or dangling or bool(_ARROWS.search(line))
            or items[0].casefold() in words)
