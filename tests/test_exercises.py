"""Workshop self-checks and the JupyterLab explorer, on small tables whose answers are known."""
from __future__ import annotations

import pandas as pd

from helpers.exercises import PASS, TRY_AGAIN, OPEN, check_count, check_freq, check_outlets, check_rule
from helpers import explore
from helpers.explore import explore_lines

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


def test_outlets_check_compares_the_table_with_the_choice():
    tone = pd.DataFrame({"outlet": ["Press TV", "The Independent"]})
    assert check_outlets(tone, ["The Independent", "Press TV"]).startswith(PASS)
    assert check_outlets(tone, ["Press TV"]).startswith(TRY_AGAIN)
    assert check_outlets(tone, []).startswith(OPEN)


def test_count_and_freq_checks():
    lines = explore_lines(ARTICLES, ["Press TV"], "Daesh")
    assert check_count(lines, 2, "Daesh").startswith(PASS)
    assert check_count(lines, 3, "Daesh").startswith(TRY_AGAIN)
    per_period = pd.DataFrame({"period": pd.to_datetime(["2016-09-01", "2016-10-01"]), "outlet": ["X", "X"]})
    assert check_freq(per_period, "quarter").startswith(OPEN)
    assert check_freq(per_period, "month").startswith(PASS)


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
