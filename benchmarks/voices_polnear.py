"""Direct quotes and their speakers, measured on PolNeAR, today's ``voices`` beside the baseline.

    .venv/bin/python benchmarks/voices_polnear.py [--split dev] [--polnear DIR] [--misses N]
        [--repeats N]

PolNeAR v1.0.0 (Newell, Margolin & Ruths, LREC 2018): news articles with attributions in
brat standoff (Source, Cue and Content spans tied by E lines). Develop on ``train``, report
on ``dev``; the test split is held out and never read here.

Gold direct quotes. In each paragraph of an article, quotations are paired as a reader
pairs them: “ opens and ” closes, a straight double quote opens or closes in turn, and a
quotation still open at the paragraph's end runs to it (a quote spanning paragraphs
reopens in the next). A quotation of two words or more whose text lies at least half
inside the Content span of an attribution with a Source is a gold direct quote, its
speaker the Source of the smallest such Content (the innermost attribution: in "The Post
reports that Trump said “X”", X is Trump's). Quotations inside the Content of attributions
without a Source are neither counted nor held against a prediction. Single quotation
marks are not read (as in ``voices``). An article annotated by several annotators is read
in the first annotator's annotation (metadata order).

Matching. A predicted ``direct quote`` row matches a gold quote when their character
spans overlap by at least half the gold quote's length (quotation marks and outer spaces
excluded from both). Precision: predicted quotes matching some gold quote / predicted
quotes (predictions inside unsourced Content left out); recall: gold quotes matched by
some prediction / gold quotes.

Speaker head-word accuracy, on matched gold quotes (the prediction with the largest
overlap): the head word of the predicted ``speaker`` as written equals the head word of
the gold Source. Head word: the phrase cut before its first comma, bracket, dash or
"of/for/to/at/from/who/whose/with/in/on", then its last word, possessive 's dropped,
case-folded ("retired neurosurgeon Ben Carson" -> carson, "the mayor of Charlotte" -> mayor). A
pronoun Source ("he") is gold as written, so a pronoun is right when the prediction is
that pronoun; what the pronoun resolves to is ``speaker_id``/``antecedent``, not measured
here.

Speed: each implementation runs over the split's articles three times; the best run is
reported per article, with the ratio.

The baseline is ``helpers/voices.py`` as it was before this measure was built (commit
BASELINE_COMMIT), read from git and run beside today's module in the same process.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pandas as pd
from baseline import at_commit  # noqa: E402  (benchmarks/ is on the path when run as a script)

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
BASELINE_COMMIT = "736c0b2"
SPLITS = ("train", "dev")                      # the test split is held out: never read
QUOTE_MARK = re.compile(r"[“”\"]")
HEAD_CUT = re.compile(r",|\(|\[|—|–| - | (?:of|for|to|at|from|who|whose|with|in|on)\b")
WORD = re.compile(r"[\w.'’-]*\w")
PRONOUN = re.compile(r"(?i)he|she|they|him|her|them|I|we")   # a gold source that is a pronoun


@dataclass
class Gold:
    """A gold direct quote: its span (marks excluded) and its Source as written."""
    start: int
    end: int
    source: str
    sourced: bool = True


# --- gold -------------------------------------------------------------------------------

def _spans(field: str) -> list[tuple[int, int]]:
    """A brat offsets field ("10 20;30 40") -> its fragments as (start, end)."""
    return [tuple(int(x) for x in part.split()) for part in field.split(";")]


def read_ann(path: Path) -> list[dict]:
    """A brat .ann file -> its attributions: {"source": [(s, e)] or [], "content": [(s, e)]}."""
    spans, events = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, field = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(field))
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    found = []
    for event in events:
        roles = {role.rstrip("0123456789"): [] for role in event}
        for role, tid in event.items():
            if tid in spans:
                roles[role.rstrip("0123456789")] += spans[tid][1]
        if roles.get("Content"):
            found.append({"source": roles.get("Source", []), "content": roles["Content"]})
    return found


def quotations(text: str) -> list[tuple[int, int]]:
    """A text -> the inside of each quotation, paired per paragraph (see the docstring)."""
    found, offset = [], 0
    for paragraph in text.split("\n\n"):
        opened = None
        for mark in QUOTE_MARK.finditer(paragraph):
            m = mark.group()
            if opened is None and m != "”":
                opened = mark.end()
            elif opened is not None and m != "“":
                found.append((offset + opened, offset + mark.start()))
                opened = None
            elif opened is not None:         # “ inside an open “: the first one never closed
                found.append((offset + opened, offset + mark.start()))
                opened = mark.end()
        if opened is not None:
            found.append((offset + opened, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return [_strip(text, s, e) for s, e in found]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """A span -> without outer white space and commas."""
    while start < end and (text[start].isspace()):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Two spans -> the characters they share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def gold_quotes(text: str, attributions: list[dict]) -> list[Gold]:
    """An article and its attributions -> its gold direct quotes (sourced and unsourced)."""
    golds = []
    for start, end in quotations(text):
        if len(text[start:end].split()) < 2:
            continue
        holders = [a for a in attributions
                   if 2 * sum(_overlap((start, end), c) for c in a["content"]) >= end - start]
        if not holders:
            continue
        inner = min(holders, key=lambda a: sum(e - s for s, e in a["content"]))
        source = " ".join(text[s:e] for s, e in inner["source"])
        golds.append(Gold(start, end, source, bool(inner["source"])))
    return golds


def load_split(folder: Path, split: str) -> tuple[pd.DataFrame, dict[str, list[Gold]]]:
    """PolNeAR folder and split -> (articles: article_id, outlet, body; gold quotes per id)."""
    if split not in SPLITS:
        raise SystemExit(f"split must be one of {', '.join(SPLITS)} (the test split is held out)")
    meta = {}
    with open(folder / "metadata.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["compartment"] == split:
                meta[row["filename"]] = row
    rows, gold = [], {}
    for name, row in sorted(meta.items()):
        text = (folder / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        annotator = row["annotators"].split("|")[0]
        attributions = read_ann(folder / split / "attributions" / f"{name}_{annotator}.ann")
        rows.append((name, row["publisher"], text))
        gold[name] = gold_quotes(text, attributions)
    return pd.DataFrame(rows, columns=["article_id", "outlet", "body"]), gold


# --- scoring ------------------------------------------------------------------------------

def head_word(phrase: str) -> str:
    """A speaker phrase -> its head word (see the docstring); "" for an empty phrase."""
    phrase = HEAD_CUT.split(phrase.replace("’", "'"), maxsplit=1)[0]
    words = WORD.findall(phrase)
    if not words:
        return ""
    word = words[-1]
    return re.sub(r"'s?$", "", word).strip(".").casefold()


@dataclass
class Score:
    """The figures of one implementation on one split."""
    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0
    speaker_right: int = 0
    referent_right: int = 0        # a he/she scored by the person it was resolved to
    seconds: float = 0.0
    articles: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.found if self.found else 0.0

    @property
    def referent_accuracy(self) -> float:
        return self.referent_right / self.found if self.found else 0.0


def score(table: pd.DataFrame, articles: pd.DataFrame, gold: dict[str, list[Gold]],
          misses: list | None = None) -> Score:
    """A voices table, the articles and the gold -> the figures (misses appended if asked)."""
    s = Score(articles=len(articles))
    bodies = dict(zip(articles["article_id"], articles["body"]))
    quotes = table[table["kind"] == "direct quote"]
    by_article = {k: g for k, g in quotes.groupby("article_id")}
    for article_id, golds in gold.items():
        pred = by_article.get(article_id, quotes.iloc[:0])
        spans = [(_strip(bodies[article_id], r.start, r.end), r.speaker,
                  getattr(r, "antecedent", "") or r.speaker) for r in pred.itertuples()]
        spans = [((a, b), sp, ref) for (a, b), sp, ref in spans if b > a]
        for span, speaker, _ in spans:
            hits = [g for g in golds if 2 * _overlap(span, (g.start, g.end)) >= g.end - g.start]
            if hits and not any(g.sourced for g in hits):
                continue
            s.predicted += 1
            s.correct += bool(hits)
            if not hits and misses is not None:
                misses.append(("false", article_id, span, speaker, ""))
        for g in (g for g in golds if g.sourced):
            s.gold += 1
            matched = [(_overlap(span, (g.start, g.end)), speaker, referent)
                       for span, speaker, referent in spans
                       if 2 * _overlap(span, (g.start, g.end)) >= g.end - g.start]
            if not matched:
                if misses is not None:
                    misses.append(("missed", article_id, (g.start, g.end), "", g.source))
                continue
            s.found += 1
            _, speaker, referent = max(matched)
            right = head_word(speaker) == head_word(g.source)
            s.speaker_right += right
            # a he/she is scored as written where the annotators wrote a pronoun too, else by
            # the person it was resolved to
            as_resolved = speaker if PRONOUN.fullmatch(g.source.strip()) else referent
            s.referent_right += head_word(as_resolved) == head_word(g.source)
            if not right and misses is not None:
                misses.append(("speaker", article_id, (g.start, g.end), speaker, g.source))
    return s


# --- the two implementations --------------------------------------------------------------

def baseline_module() -> ModuleType:
    """The baseline ``helpers.measures.voices`` (BASELINE_COMMIT), read from git, as a module."""
    return at_commit(BASELINE_COMMIT, "helpers/voices.py", "helpers._voices_baseline")


def timed(voices, articles: pd.DataFrame, repeats: int = 3) -> tuple[pd.DataFrame, float]:
    """A voices function and articles -> (its table, the best of ``repeats`` wall times)."""
    best, table = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        table = voices(articles)
        best = min(best, time.perf_counter() - t0)
    return table, best


def render(split: str, n_articles: int, n_gold: int, scores: dict[str, Score]) -> str:
    """The scores -> a Markdown table with the speed ratio."""
    lines = [f"PolNeAR {split}: {n_articles} articles, {n_gold} gold direct quotes (sourced)",
             "", "| voices | predicted | P | R | F1 | speaker head-word acc. "
             "| he/she scored as resolved | ms/article |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, s in scores.items():
        lines.append(f"| {name} | {s.predicted} | {s.precision:.3f} | {s.recall:.3f} | "
                     f"{s.f1:.3f} | {s.speaker_accuracy:.3f} ({s.speaker_right}/{s.found}) | "
                     f"{s.referent_accuracy:.3f} ({s.referent_right}/{s.found}) | "
                     f"{1000 * s.seconds / max(s.articles, 1):.2f} |")
    ours, base = scores["today"], scores["baseline"]
    lines += ["", f"time per article, today / baseline: {ours.seconds / base.seconds:.2f}x"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line -> the figures of both implementations, printed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=SPLITS)
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--misses", type=int, default=0, help="print this many errors of today's")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs per implementation, the best kept")
    args = parser.parse_args(argv)
    if not (args.polnear / "metadata.tsv").is_file():
        raise SystemExit(f"{args.polnear}: no PolNeAR metadata.tsv here (pass --polnear DIR)")
    today = importlib.import_module("helpers.measures.voices")

    articles, gold = load_split(args.polnear, args.split)
    scores, misses = {}, []
    for name, module in (("baseline", baseline_module()), ("today", today)):
        table, seconds = timed(module.voices, articles, max(args.repeats, 1))
        scores[name] = score(table, articles, gold, misses if name == "today" else None)
        scores[name].seconds = seconds
    print(render(args.split, len(articles), sum(g.sourced for v in gold.values() for g in v),
                 scores))
    bodies = dict(zip(articles["article_id"], articles["body"]))
    for kind, article_id, (a, b), speaker, source in misses[:args.misses]:
        body = bodies[article_id]
        print(f"\n[{kind}] {article_id} pred={speaker!r} gold={source!r}\n  "
              + " ".join(body[max(0, a - 150):min(len(body), b + 100)].split()))


if __name__ == "__main__":
    main()
