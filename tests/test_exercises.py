"""Workshop self-checks and the JupyterLab explorer, on small tables whose answers are known."""
from __future__ import annotations

import pandas as pd

from helpers.teaching.exercises import (PASS, TRY_AGAIN, OPEN, check_count, check_overlap, check_periods, check_rule,
                               exercise_line, exercise_term)
from helpers.teaching import explore
from helpers.teaching.explore import explore_lines

AUDIT = pd.DataFrame({"article_id": ["a", "a"], "outlet": ["X", "X"], "line_no": [3, 9],
                      "rule": ["social", "caption"], "text": ["SHARE THIS ARTICLE", "Peskov (Photo by AFP)"]})
ARTICLES = pd.DataFrame({
    "article_id": ["a", "b"], "outlet": ["Press TV", "The Independent"],
    "published": pd.to_datetime(["2016-09-29", "2015-09-24"]),
    "body": ["Peskov said Daesh would lose. Daesh fled.", "Rogachev said Isis would talk."],
})


def test_rule_check_knows_right_wrong_and_unanswered(capsys):
    assert check_rule(AUDIT, "SHARE THIS ARTICLE", "social").startswith(PASS)
    assert check_rule(AUDIT, "SHARE THIS ARTICLE", "caption").startswith(TRY_AGAIN)
    assert check_rule(AUDIT, "SHARE THIS ARTICLE", None).startswith(OPEN)
    assert check_rule(AUDIT, "not in the audit", "social").startswith(TRY_AGAIN)
    assert "social" in capsys.readouterr().out                 # feedback is printed


def test_the_rule_exercise_asks_about_the_line_removed_most_often():
    audit = pd.concat([AUDIT, AUDIT.iloc[[1]]], ignore_index=True)      # the caption twice
    assert exercise_line(audit) == "Peskov (Photo by AFP)"
    # once each: the line of the rule that removed most (social: 2 lines) wins; a headline
    # (title: a rule by position, with no pattern to find in cleaning_rules.toml) never
    more = pd.concat([AUDIT, AUDIT.iloc[[0]].assign(text="Tweet"),
                      AUDIT.iloc[[0]].assign(rule="title", text="Headline")], ignore_index=True)
    assert exercise_line(more) == "SHARE THIS ARTICLE"
    assert exercise_line(AUDIT.iloc[0:0]) == ""
    assert check_rule(AUDIT.iloc[0:0], "", None).startswith(OPEN)


def tone(low_a, high_a, low_b, high_b) -> pd.DataFrame:
    return pd.DataFrame({"outlet": ["Press TV", "The Independent"], "ci_low": [low_a, low_b],
                         "ci_high": [high_a, high_b]})


def test_overlap_check_can_say_right_and_wrong():
    overlapping, apart = tone(-0.5, -0.1, -0.3, 0.1), tone(-0.5, -0.3, -0.1, 0.1)
    assert check_overlap(overlapping, True).startswith(PASS)
    assert check_overlap(overlapping, False).startswith(TRY_AGAIN)
    assert check_overlap(apart, False).startswith(PASS)
    assert check_overlap(apart, True).startswith(TRY_AGAIN)
    assert check_overlap(apart, None).startswith(OPEN)
    three = pd.concat([apart, apart.iloc[[0]].assign(outlet="RT")])
    assert check_overlap(three, True).startswith(TRY_AGAIN)            # not two outlets: wrong
    assert check_overlap(three, None).startswith(OPEN)


def test_count_check_and_its_term():
    lines = explore_lines(ARTICLES, ["Press TV"], "Daesh")
    assert check_count(lines, 2, "Daesh").startswith(PASS)
    assert check_count(lines, 3, "Daesh").startswith(TRY_AGAIN)
    choice = pd.DataFrame({"variant": ["Daesh", "IS", "Daesh", "ISIS"], "count": [1, 3, 3, 0]})
    assert exercise_term(choice) == "Daesh"                           # 4 uses against IS's 3
    assert exercise_term(choice.assign(count=0)) == "Russia"


def test_periods_check_counts_periods_not_rows():
    # two months with articles, three rows (September has two outlets)
    per_period = pd.DataFrame({"period": pd.to_datetime(["2016-09-01", "2016-09-01", "2016-10-01"]),
                               "outlet": ["X", "Y", "X"]})
    assert check_periods(per_period, "month", 2).startswith(PASS)
    assert check_periods(per_period, "month", 3).startswith(TRY_AGAIN)
    assert check_periods(per_period, "month", None).startswith(OPEN)
    assert check_periods(per_period, "quarter", None).startswith(OPEN)
    assert check_periods(per_period, "quarter", 2).startswith(TRY_AGAIN)   # answered at the wrong freq


def test_explorer_lines_follow_outlets_term_and_dates():
    assert list(explore_lines(ARTICLES, [], "said")["outlet"]) == ["Press TV", "The Independent"]
    assert list(explore_lines(ARTICLES, ["The Independent"], "said")["outlet"]) == ["The Independent"]
    assert explore_lines(ARTICLES, [], "said", start="2016-01-01")["outlet"].tolist() == ["Press TV"]
    assert explore_lines(ARTICLES, [], "  ").empty


def test_explorer_widget_queries_again_when_a_control_changes(monkeypatch):
    asked = []
    monkeypatch.setattr(explore, "explore_lines", lambda a, o, t, s, e: asked.append((o, t, s, e)) or a)
    box = explore.kwic_explorer(ARTICLES, term="Daesh")
    controls, _ = box.children
    outlets, (term, start, end) = controls.children[0], controls.children[1].children
    term.value = "Isis"
    outlets.value = ("The Independent",)
    start.value = "2015-01-01"
    assert asked == [(["Press TV", "The Independent"], "Daesh", "", ""),
                     (["Press TV", "The Independent"], "Isis", "", ""),
                     (["The Independent"], "Isis", "", ""),
                     (["The Independent"], "Isis", "2015-01-01", "")]
