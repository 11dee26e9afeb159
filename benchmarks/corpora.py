"""Synthetic corpora from real article text: real sentences recombined, real lengths and furniture.

The sentences come from the seed corpus and, when ``../shared/data/`` is there, from the
FakeNewsCorpus sample, each article split into sentences by the package's own splitter.
An article copies the shape of a real article drawn at random (its paragraphs and the
number of sentences in each) and fills it with sentences drawn from the pool; now and then
lines that cleaning removed from real articles (share buttons, bylines, datelines, "Read
more" lists) go above or below it, so cleaning has work. Article i depends only on the seed
and i, so the 1,000-article corpus is the first 1,000 articles of the 10,000-article one.
The articles are written as JSON Lines and imported with ``import_source`` (shards layout).
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FNC_SAMPLE = SHARED_DATA / "fakenewscorpus_sample.csv"
SOURCE_NAME = "synthetic.jsonl"
SEED = 20151001
FURNITURE_SHARE = 0.4       # share of articles with removed-type lines above or below


@dataclass
class Material:
    """What synthetic articles are made of: sentences, article shapes, furniture, titles, outlets."""

    sentences: list[str]
    shapes: list[list[int]]         # per real article: sentences per paragraph
    furniture: list[str]            # lines cleaning removed from real articles
    titles: list[str]
    outlets: list[str]


def real_articles(with_shared: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nothing -> (articles, cleaning audit) of the seed corpus and, if present, the FNC sample."""
    from helpers.config import CORPUS_DIR
    from helpers.corpus.reading import read_corpus
    from helpers.corpus.importers import import_source

    tables = [read_corpus(CORPUS_DIR)]
    if with_shared and FNC_SAMPLE.is_file():
        with tempfile.TemporaryDirectory() as tmp:
            import_source(FNC_SAMPLE, Path(tmp) / "fnc", preset="fakenewscorpus",
                          add_outlets=True, progress=False)
            tables.append(read_corpus(Path(tmp) / "fnc"))
    return (pd.concat([t[0] for t in tables], ignore_index=True),
            pd.concat([t[1] for t in tables], ignore_index=True))


def material(with_shared: bool = True) -> Material:
    """Nothing -> the sentence pool, shapes, furniture, titles and outlets of the real articles."""
    from helpers.config import CORPUS_DIR
    from helpers.text.sentences import sentence_spans
    from helpers.corpus.outlets import load_outlets

    articles, audit = real_articles(with_shared)
    sentences, shapes = [], []
    for body in articles["body"]:
        shape = []
        for paragraph in body.split("\n\n"):
            found = [paragraph[s:e] for s, e in sentence_spans(paragraph)]
            sentences += found
            shape.append(len(found))
        if sum(shape):
            shapes.append([n for n in shape if n])
    furniture = sorted(set(audit.loc[audit["rule"] != "title", "text"]))
    titles = sorted(set(articles["title"]) - {""})
    outlets = list(load_outlets(CORPUS_DIR / "outlets.csv")["outlet"])
    return Material(sorted(set(sentences)), shapes, furniture, titles, outlets)


def synthetic_record(i: int, stuff: Material, seed: int = SEED) -> dict[str, str]:
    """Article number i -> its JSON Lines record (id, title, outlet, published, text)."""
    rng = np.random.default_rng([seed, i])
    shape = stuff.shapes[rng.integers(len(stuff.shapes))]
    pick = lambda n: [stuff.sentences[j] for j in rng.integers(len(stuff.sentences), size=n)]
    lines = [" ".join(pick(n)) for n in shape]
    if rng.random() < FURNITURE_SHARE:
        above = [stuff.furniture[j] for j in rng.integers(len(stuff.furniture), size=rng.integers(0, 3))]
        below = [stuff.furniture[j] for j in rng.integers(len(stuff.furniture), size=rng.integers(0, 4))]
        lines = above + lines + below
    day = pd.Timestamp("2015-09-30") + pd.Timedelta(days=int(rng.integers(0, 1200)))
    return {"id": f"synthetic-{i}", "title": stuff.titles[rng.integers(len(stuff.titles))],
            "outlet": stuff.outlets[rng.integers(len(stuff.outlets))] if rng.random() < 0.8 else "",
            "published": str(day.date()) if rng.random() < 0.7 else "",
            "text": "\n\n".join(lines)}


def write_jsonl(path: Path, numbers: range, stuff: Material, seed: int = SEED) -> Path:
    """A path and article numbers -> a JSON Lines file of those synthetic articles."""
    with open(path, "w", encoding="utf-8") as out:
        for i in numbers:
            out.write(json.dumps(synthetic_record(i, stuff, seed), ensure_ascii=False) + "\n")
    return path


def build_corpus(into: Path, n: int, stuff: Material, *, layout: str = "shards",
                 source: Path | None = None, chunksize: int = 10_000):
    """A folder and a size -> a corpus of n synthetic articles imported there; the import report."""
    from helpers.corpus.importers import import_source

    if source is None:
        source = write_jsonl(into.parent / f"{into.name}-{SOURCE_NAME}", range(n), stuff)
    return import_source(source, into, layout=layout, progress=False, chunksize=chunksize)


def jsonl_for(folder: Path, n: int, stuff: Material) -> Path:
    """A folder and a size -> the JSON Lines source of n synthetic articles, named as the
    importer's ids expect (the same name whatever the size, so ids match across sizes)."""
    folder.mkdir(parents=True, exist_ok=True)
    return write_jsonl(folder / SOURCE_NAME, range(n), stuff)


def add_one(corpus: Path, number: int, stuff: Material, scratch: Path):
    """A corpus and an article number -> that synthetic article imported into it (a new shard)."""
    from helpers.corpus.importers import import_source

    scratch.mkdir(parents=True, exist_ok=True)
    source = write_jsonl(scratch / "added.jsonl", range(number, number + 1), stuff)
    return import_source(source, corpus, progress=False)


if __name__ == "__main__":       # a quick look: python benchmarks/corpora.py
    os.environ.setdefault("KREMLIN_SYRIA_NO_CACHE", "1")
    found = material()
    print(f"{len(found.sentences)} sentences, {len(found.shapes)} shapes, "
          f"{len(found.furniture)} furniture lines")
    print(synthetic_record(0, found)["text"][:800])
