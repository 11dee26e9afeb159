"""Tests for helpers.text.patterns: the one pattern language of every term list."""
from __future__ import annotations

import re

import pytest

from helpers.text.patterns import alternation, compile_terms, term_regex


def found(pattern: re.Pattern, text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)]


def test_a_fixed_term_matches_whole_words_only():
    assert found(compile_terms(["IS"], case="sensitive"), "IS and ISIS, this IS.") == ["IS", "IS"]


def test_inner_space_matches_any_white_space_and_apostrophes_match_both_forms():
    pattern = compile_terms(["moderate opposition", "Assad's forces"])
    text = "the moderate\nopposition and Assad’s  forces"
    assert found(pattern, text) == ["moderate\nopposition", "Assad’s  forces"]


def test_a_glob_star_takes_any_word_ending():
    pattern = compile_terms(["terroris*", "air strike*"], kind="glob")
    assert found(pattern, "Terrorists staged air strikes; terror and airstrikes") == [
        "Terrorists", "air strikes"]


def test_a_regex_term_is_used_as_written():
    assert found(compile_terms([r"Daesh|ISIL"], kind="regex", case="sensitive"), "Daesh, ISIL, isil") == [
        "Daesh", "ISIL"]


def test_auto_case_is_sensitive_for_a_term_without_lower_case_letters():
    pattern = compile_terms(["IS", "Kremlin"], case="auto")
    assert found(pattern, "is IS the kremlin KREMLIN") == ["IS", "kremlin", "KREMLIN"]


def test_the_longest_term_wins_where_two_start_together():
    assert found(compile_terms(["Syria", "Syrian army"]), "the Syrian army") == ["Syrian army"]


def test_an_empty_list_matches_nothing():
    assert compile_terms([]).search("anything") is None and alternation([]) == r"(?!x)x"


@pytest.mark.parametrize("term, kind, says", [("  ", "fixed", "empty term"), ("*", "glob", "empty term"),
                                              ("x", "fuzzy", "unknown pattern kind")])
def test_bad_terms_and_kinds_are_named(term, kind, says):
    with pytest.raises(ValueError, match=says):
        term_regex(term, kind)


def test_an_unknown_case_rule_is_named():
    with pytest.raises(ValueError, match="unknown case rule 'upper'"):
        compile_terms(["x"], case="upper")
