"""Self-checks for the workshop exercises: a student's answer in, a line of feedback out.

Each check reads the answer against the data the notebook just computed, so it holds for
any corpus, and prints rather than raises: an unanswered exercise never stops a batch run.
"""
from __future__ import annotations

import pandas as pd

from helpers.text.clean import STRUCTURAL_RULES

PASS, TRY_AGAIN, OPEN = "✓ ", "✗ ", "… "


def _say(ok: bool | None, message: str) -> str:
    """Outcome (None: not answered yet) and message -> the printed feedback line."""
    line = (OPEN if ok is None else PASS if ok else TRY_AGAIN) + message
    print(line)
    return line


def check_rule(audit: pd.DataFrame, line: str, answer: str | None) -> str:
    """Cleaning audit, a removed line and the student's rule name -> feedback."""
    rules = set(audit.loc[audit["text"].str.strip() == line.strip(), "rule"])
    if not line.strip():
        return _say(None, "Cleaning removed nothing from the selected articles: there is no line to look up.")
    if answer is None:
        return _say(None, f"Find {line!r} in the audit table and set answer to its rule.")
    if not rules:
        return _say(False, f"{line!r} was not removed from the selected articles.")
    ok = answer in rules
    return _say(ok, f"{answer!r} removed that line." if ok else
                f"Not {answer!r}: look at the rule column of the audit row whose text is {line!r}.")


def exercise_line(audit: pd.DataFrame) -> str:
    """Cleaning audit -> the line the "which rule?" exercise asks about: of the lines removed
    by a pattern rule (``helpers/data/cleaning_rules.toml``; else by any rule), the one removed
    most often, on a tie the one whose rule removed most lines, then the first; "" when
    nothing was removed."""
    patterned = audit[~audit["rule"].isin(list(STRUCTURAL_RULES))]
    lines = patterned if len(patterned) else audit
    if lines.empty:
        return ""
    lines = lines.assign(line=lines["text"].str.strip())
    ranked = lines.assign(times=lines.groupby("line")["line"].transform("size"),
                          per_rule=lines["rule"].map(lines["rule"].value_counts()))
    return str(ranked.sort_values(["times", "per_rule"], ascending=False, kind="stable")["line"].iloc[0])


def check_overlap(tone: pd.DataFrame, answer: bool | None) -> str:
    """Outlet tone table of two outlets and the student's answer (True: the intervals
    overlap) -> feedback."""
    if len(tone) != 2:
        return _say(None if answer is None else False,
                    f"This needs exactly two outlets; the table shows {len(tone)}. Set outlets in the "
                    "parameters cell to two and run all cells again.")
    if answer is None:
        return _say(None, "Read the two intervals in the tone figure, then set answer = True if they "
                          "overlap, False if not.")
    a, b = tone.iloc[0], tone.iloc[1]
    overlap = bool(a["ci_low"] <= b["ci_high"] and b["ci_low"] <= a["ci_high"])
    bounds = (f"{a['outlet']} {a['ci_low']:+.2f} to {a['ci_high']:+.2f}, "
              f"{b['outlet']} {b['ci_low']:+.2f} to {b['ci_high']:+.2f}")
    if bool(answer) == overlap:
        return _say(True, f"Yes: they {'overlap' if overlap else 'do not overlap'} ({bounds}).")
    return _say(False, f"Look again at where each interval starts and ends: {bounds}.")


def exercise_term(choice: pd.DataFrame) -> str:
    """Lexical choice table -> the name used most often in the selection (the first on a
    tie), which the "sentences behind a number" exercise counts; "Russia" if none is used."""
    used = choice[choice["count"] > 0]
    if used.empty:
        return "Russia"
    return str(used.groupby("variant", sort=False)["count"].sum().sort_values(
        ascending=False, kind="stable").index[0])


def check_count(matches: pd.DataFrame, answer: int | None, what: str) -> str:
    """A keyword-in-context table and the student's count of its rows -> feedback."""
    if answer is None:
        return _say(None, f"Count the lines of {what} with h.kwic and set answer to the number.")
    ok = int(answer) == len(matches)
    return _say(ok, f"Yes: {len(matches)} lines of {what}." if ok else
                f"Not {answer}: run the kwic cell and count its rows (or use len()).")


def check_periods(per_period: pd.DataFrame, freq: str, answer: int | None, wanted: str = "month") -> str:
    """The timeline table, the freq parameter, the student's count of periods with an
    article and the asked-for freq -> feedback."""
    if freq != wanted:
        return _say(None if answer is None else False,
                    f"freq is {freq!r}: set freq = {wanted!r} in the parameters cell and run all cells again.")
    if answer is None:
        return _say(None, f"Count the {wanted}s with at least one article in the table above and set answer.")
    periods = int(per_period["period"].nunique())
    if int(answer) == periods:
        return _say(True, f"Yes: {periods} {wanted}(s) have articles; each row is one {wanted} and outlet.")
    return _say(False, f"Not {answer}: count distinct periods, not rows (a {wanted} with two outlets "
                       "has two rows).")
