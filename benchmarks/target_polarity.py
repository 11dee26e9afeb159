"""Target polarity on NewsMTSC's dev split beside the baselines, and what it costs per article.

    .venv/bin/python benchmarks/target_polarity.py [path/to/newsmtsc/dev.jsonl]

Validity: for each target of the dev split (343 news sentences, one annotated target each,
polarity -1, 0, 1) it prints macro-F1 and per-class F1 of
- sentence-level VADER: the sentence's compound, -1 at <= -0.05, 1 at >= 0.05, else 0
  (``helpers.measures.tone.sign_class``: VADER's usual thresholds, inclusive);
- ``target_sentiment`` (the rule score toward the target) with the same thresholds;
- ``target_polarity`` (the shipped model).
Speed: the actor-mention stage (``helpers.measures.actors._mention_rows``: sentences, actor mentions,
their scores) over real articles (the seed corpus and, when ../shared is there, the
FakeNewsCorpus sample's texts), today's way (``target_sentiment`` only, a copy of the stage
before ``polarity`` was added) beside ours (``target_sentiment`` and ``polarity``), in the
same run, as seconds per article and their ratio; and per mention, each function alone.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# ../shared beside the checkout (or beside the folder holding it, for a worktree)
SHARED = next((p / "shared" / "data" for p in ROOT.parents[:2] if (p / "shared" / "data").is_dir()),
              ROOT.parent / "shared" / "data")
DEV = SHARED / "newsmtsc" / "dev.jsonl"
FNC_SAMPLE = SHARED / "fakenewscorpus_sample.csv"
REPEATS = 3                 # timings are the best of this many passes
LABELS = (-1, 0, 1)


def read_dev(path: Path) -> list[dict]:
    """NewsMTSC JSON Lines -> its rows (sentence, from, to, polarity)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def validity(rows: list[dict]) -> list[tuple[str, float, dict]]:
    """Dev rows -> (method, macro-F1, {label: F1}) for VADER, target_sentiment, target_polarity."""
    from helpers.text.sentences import vader
    from helpers.measures.tone import sign_class, target_sentiment
    from helpers.measures.target_polarity import target_polarity
    from helpers.measures.validation import f1_per_label, macro_f1

    gold = [r["polarity"] for r in rows]
    compound = [vader().polarity_scores(r["sentence"])["compound"] for r in rows]
    rule = [target_sentiment(r["sentence"], r["from"], r["to"]) for r in rows]
    model = [target_polarity(r["sentence"], r["from"], r["to"]) for r in rows]
    out = []
    for name, labels in (("sentence-level VADER (compound, +/-0.05)", sign_class(compound)),
                         ("target_sentiment (+/-0.05)", sign_class(rule)),
                         ("target_polarity", model)):
        labels = [int(x) for x in labels]
        out.append((name, macro_f1(gold, labels), f1_per_label(gold, labels)))
    return out


def todays_stage(bodies: dict[str, str], actors: pd.DataFrame) -> list[tuple]:
    """Bodies -> mention rows as the stage made them before polarity: target_sentiment only."""
    from helpers.measures.actors import _find, _matchers
    from helpers.text.sentences import sentence_spans, vader
    from helpers.measures.tone import target_score, speech_verb_directions

    matchers, lexicon, verbs, rows = _matchers(actors), vader().lexicon, speech_verb_directions(), []
    for key, body in bodies.items():
        for no, (s, e) in enumerate(sentence_spans(body)):
            sentence = body[s:e]
            found = _find(sentence, matchers)
            spans = [(ms, me) for _, _, ms, me in found]
            for i, (actor, alias, ms, me) in enumerate(found):
                tone = target_score(sentence, ms, me, lexicon, verbs, spans[:i] + spans[i + 1:])
                rows.append((key, no, actor, alias, s + ms, s + me, sentence, tone))
    return rows


def best_time(fn, *args) -> float:
    """A function and its arguments -> the fastest of REPEATS calls, in seconds."""
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times)


def bodies() -> dict[str, str]:
    """Nothing -> article texts by id: the seed corpus and the FakeNewsCorpus sample if present."""
    from helpers.config import CORPUS_DIR
    from helpers.corpus.reading import read_corpus

    articles, _ = read_corpus(CORPUS_DIR)
    texts = dict(zip(articles["article_id"], articles["body"]))
    if FNC_SAMPLE.is_file():
        sample = pd.read_csv(FNC_SAMPLE, usecols=["id", "content"], dtype=str).dropna()
        texts.update({f"fnc-{i}": t for i, t in zip(sample["id"], sample["content"])})
    return texts


def speed(rows: list[dict]) -> list[str]:
    """Dev rows -> lines on the mention stage's time per article (today's, ours) and per mention."""
    from helpers.measures.actors import _mention_rows, load_actors
    from helpers.measures.tone import target_sentiment
    from helpers.measures.target_polarity import target_polarity

    texts, actors = bodies(), load_actors()
    todays_stage(texts, actors), _mention_rows(texts, actors, score=True)      # warm up
    today = best_time(todays_stage, texts, actors)
    ours = best_time(_mention_rows, texts, actors, True)
    n_mentions = len(todays_stage(texts, actors))
    args = [(r["sentence"], r["from"], r["to"]) for r in rows]
    per_rule = best_time(lambda: [target_sentiment(*a) for a in args]) / len(args)
    per_model = best_time(lambda: [target_polarity(*a) for a in args]) / len(args)
    n = len(texts)
    return [f"mention stage over {n} articles ({n_mentions} mentions), best of {REPEATS}:",
            f"  today (target_sentiment only): {1e3 * today / n:.2f} ms per article",
            f"  ours (target_sentiment + polarity): {1e3 * ours / n:.2f} ms per article",
            f"  ratio ours / today: {ours / today:.2f}x (budget 1.50x)",
            f"per dev target: target_sentiment {1e6 * per_rule:.0f} us, "
            f"target_polarity {1e6 * per_model:.0f} us (each from the raw sentence)"]


def main(path: Path = DEV) -> None:
    """Dev file -> validity and speed figures, printed."""
    if not path.is_file():
        sys.exit(f"{path}: no such file (the NewsMTSC dev split, in ../shared/data/newsmtsc/)")
    rows = read_dev(path)
    counts = pd.Series([r["polarity"] for r in rows]).value_counts().sort_index()
    shares = ", ".join(f"{k}: {v}" for k, v in counts.items())
    print(f"NewsMTSC dev: {len(rows)} targets ({shares})")
    print("| method | macro-F1 | F1 -1 | F1 0 | F1 +1 |\n|---|---:|---:|---:|---:|")
    for name, macro, per in validity(rows):
        print(f"| {name} | {macro:.3f} | " + " | ".join(f"{per[k]:.3f}" for k in LABELS) + " |")
    print("\n".join(speed(rows)))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEV)
