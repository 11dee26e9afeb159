"""Shared test helpers: hand-made articles tables."""
from __future__ import annotations

import pandas as pd

from helpers.corpus import ARTICLE_COLUMNS


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
