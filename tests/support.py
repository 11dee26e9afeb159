"""Shared test helpers: hand-made articles tables."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from helpers.corpus.reading import ARTICLE_COLUMNS


def make_articles(rows: list[dict], *, published: str | None = None) -> pd.DataFrame:
    """Hand-made rows (article_id, outlet and any other article column) -> an articles table.

    A row without a date gets ``published``; body defaults to a short neutral sentence,
    raw_text to the body, date_source to "text" for dated rows.
    """
    records = []
    for r in rows:
        body = r.get("body", "Some words here.")
        date = r.get("published", published)
        record = {column: "" for column in ARTICLE_COLUMNS} | {
            "outlet_source": "manifest", "published": date, "date_source": "text" if date else "",
            "file": f"articles/{r['article_id']}.txt", "raw_text": body, "encoding": "utf-8",
        }
        record |= r
        record |= {"body": body, "n_words": len(body.split())}
        records.append(record)
    table = pd.DataFrame(records, columns=ARTICLE_COLUMNS)
    table["published"] = pd.to_datetime(table["published"]).astype("datetime64[ns]")
    return table


SHARED_SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "fakenewscorpus_sample.csv"
SEED_ARTICLES = Path(__file__).resolve().parents[1] / "corpus" / "articles"


@cache
def real_sentences() -> tuple[str, ...]:
    """Nothing -> the sentences of the seed articles' raw texts and, where ../shared is beside
    the project, of the FakeNewsCorpus sample's articles (about 11,000 in all)."""
    from helpers.text.sentences import sentence_rows

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEED_ARTICLES.glob("*.txt"))]
    if SHARED_SAMPLE.exists():
        texts += [str(t) for t in pd.read_csv(SHARED_SAMPLE)["content"].dropna()]
    return tuple(sentence_rows(dict(enumerate(texts)))["text"])


def assert_schema(frame: pd.DataFrame, table: str) -> None:
    """A DataFrame and a declared table's name -> nothing; fails listing every difference."""
    from helpers.schemas import differences

    problems = differences(frame, table)
    assert problems == [], f"{table}: " + "; ".join(problems)
