"""Self-checks for the workshop exercises: a student's answer in, a line of feedback out.

Each check reads the answer against the data the notebook just computed, so it holds for
any corpus, and prints rather than raises: an unanswered exercise never stops a batch run.
"""
from __future__ import annotations

import pandas as pd

PASS, TRY_AGAIN, OPEN = "✓ ", "✗ ", "… "


def _say(ok: bool | None, message: str) -> str:
    """Outcome (None: not answered yet) and message -> the printed feedback line."""
    line = (OPEN if ok is None else PASS if ok else TRY_AGAIN) + message
    print(line)
    return line


def check_rule(audit: pd.DataFrame, line: str, answer: str | None) -> str:
    """Cleaning audit, a removed line and the student's rule name -> feedback."""
    rules = set(audit.loc[audit["text"].str.strip() == line.strip(), "rule"])
    if answer is None:
        return _say(None, f"Find {line!r} in the audit table and set answer to its rule.")
    if not rules:
        return _say(False, f"{line!r} was not removed from the selected articles.")
    ok = answer in rules
    return _say(ok, f"{answer!r} removed that line." if ok else
                f"Not {answer!r}: look at the rule column of the audit row whose text is {line!r}.")


def check_outlets(table: pd.DataFrame, wanted: list[str]) -> str:
    """Any table with an outlet column and the outlets the student chose -> feedback."""
    shown = sorted(table["outlet"].unique())
    if not wanted:
        return _say(None, "Set outlets (in the parameters cell) to two outlets and run all cells again.")
    ok = shown == sorted(wanted)
    return _say(ok, f"The tables now show {', '.join(shown)}." if ok else
                f"The tables show {', '.join(shown)}, not {', '.join(wanted)}: did you run all cells?")


def check_count(matches: pd.DataFrame, answer: int | None, what: str) -> str:
    """A keyword-in-context table and the student's count of its rows -> feedback."""
    if answer is None:
        return _say(None, f"Count the lines of {what} with h.kwic and set answer to the number.")
    ok = int(answer) == len(matches)
    return _say(ok, f"Yes: {len(matches)} lines of {what}." if ok else
                f"Not {answer}: run the kwic cell and count its rows (or use len()).")


def check_freq(per_period: pd.DataFrame, freq: str, wanted: str = "month") -> str:
    """The timeline table, the freq parameter and the asked-for freq -> feedback."""
    if freq != wanted:
        return _say(None, f"Set freq = {wanted!r} in the parameters cell and run all cells again.")
    periods = per_period["period"].nunique()
    return _say(True, f"Each row is now one {wanted} and outlet: {periods} {wanted}(s) with articles.")
