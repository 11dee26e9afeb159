"""Tests for helpers.text.sentences: NLTK data built offline in a private folder, sentences, VADER."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from importlib.resources import files
from pathlib import Path

import nltk
import pandas as pd
import pytest

from helpers.text import sentences as language
from helpers.text.sentences import (
    SENTENCE_COLUMNS,
    nltk_data_dir,
    sentence_spans,
    split_sentences,
)


def vader_file_lexicon() -> dict[str, float]:
    """The lexicon in vaderSentiment's own file, read independently (later entries win)."""
    text = files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    entries = {}
    for line in text.splitlines():
        if line.strip():
            word, measure = line.strip().split("\t")[:2]
            entries[word] = float(measure)
    return entries


@pytest.fixture
def fresh_nltk(tmp_path, monkeypatch) -> Path:
    """An empty cache folder, an empty nltk.data.path and NLTK's caches cleared."""
    cache = tmp_path / "empty-cache"
    monkeypatch.setenv("KREMLIN_SYRIA_CACHE", str(cache))
    monkeypatch.delenv("NLTK_DATA", raising=False)
    monkeypatch.setattr(nltk.data, "path", [])
    nltk.data.clear_cache()
    nltk.tokenize._get_punkt_tokenizer.cache_clear()
    yield cache
    nltk.data.clear_cache()
    nltk.tokenize._get_punkt_tokenizer.cache_clear()


# ---------------------------------------------------------------- the private data folder

def test_nothing_is_found_before_the_folder_is_built(fresh_nltk):
    with pytest.raises(LookupError):
        nltk.data.find("sentiment/vader_lexicon.zip")
    with pytest.raises(LookupError):
        nltk.data.find("tokenizers/punkt_tab/english/")


def test_nltk_data_dir_builds_a_private_folder(fresh_nltk):
    assert not fresh_nltk.exists()
    target = nltk_data_dir()
    assert target.is_dir() and target.is_relative_to(fresh_nltk)
    assert nltk.data.path[0] == str(target)
    entries = [target, *target.rglob("*")]
    folders = [p for p in entries if p.is_dir()]
    regular = [p for p in entries if p.is_file()]
    assert {p.relative_to(target).as_posix() for p in regular} >= {
        "sentiment/vader_lexicon.zip", "tokenizers/punkt_tab/english/abbrev_types.txt"}
    for p in folders:
        assert stat.S_IMODE(p.stat().st_mode) == 0o700, p
    for p in regular:
        st = p.lstat()
        assert stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o600, p
        assert st.st_nlink == 1, p
    assert not any(p.is_symlink() for p in entries)
    # nothing half-built is left beside it
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_nltk_data_dir_is_built_once(fresh_nltk):
    target = nltk_data_dir()
    stamp = (target / "sentiment" / "vader_lexicon.zip").stat().st_mtime_ns
    assert nltk_data_dir() == target
    assert nltk.data.path.count(str(target)) == 1
    assert (target / "sentiment" / "vader_lexicon.zip").stat().st_mtime_ns == stamp


def test_new_abbreviations_build_a_new_folder(fresh_nltk, monkeypatch):
    first = nltk_data_dir()
    monkeypatch.setattr(language, "_abbreviations", lambda: ["mr", "zzz"])
    second = nltk_data_dir()
    assert second != first and second.parent == first.parent
    abbrevs = (second / "tokenizers/punkt_tab/english/abbrev_types.txt").read_text().split()
    assert abbrevs == ["mr", "zzz"]


def test_punkt_abbreviations_come_from_the_data_file(fresh_nltk):
    target = nltk_data_dir()
    written = (target / "tokenizers/punkt_tab/english/abbrev_types.txt").read_text().split()
    listed = [ln.strip().lower() for ln in
              language.ABBREVIATIONS_FILE.read_text(encoding="utf-8").splitlines()
              if ln.strip() and not ln.startswith("#")]
    assert sorted(written) == sorted(set(listed))
    assert {"mr", "gen", "u.s"} <= set(written)


# ---------------------------------------------------------------- NLTK through it

def test_vader_loads_the_lexicon_from_the_folder(fresh_nltk):
    target = nltk_data_dir()
    found = nltk.data.find("sentiment/vader_lexicon.zip")
    assert str(target) in str(found)
    from nltk.sentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    expected = vader_file_lexicon()
    assert len(expected) == 7506
    assert sia.lexicon == expected
    assert sia.lexicon["good"] > 0 > sia.lexicon["bad"]
    assert sia.polarity_scores("This is a good day.")["compound"] > 0
    assert sia.polarity_scores("This is a terrible, awful day.")["compound"] < 0
    assert sia.polarity_scores("The meeting is on Tuesday.")["compound"] == 0


def test_sent_tokenize_works_through_the_folder(fresh_nltk):
    nltk_data_dir()
    sentences = nltk.sent_tokenize("Mr. Putin met Gen. Smith in Moscow. They talked for an hour.")
    assert sentences == ["Mr. Putin met Gen. Smith in Moscow.", "They talked for an hour."]


def test_cached_helpers_work():
    assert language.vader().polarity_scores("A great success.")["compound"] > 0
    assert isinstance(language.sentence_splitter(), nltk.tokenize.PunktTokenizer)


# ---------------------------------------------------------------- sentence spans

def spans_text(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentence_spans_keep_abbreviations_inside_a_sentence():
    text = ("Mr. Putin met Gen. Smith and Dr. Jones in Moscow. The U.S. delegation "
            "arrived later. Talks went on until the evening.")
    assert spans_text(text) == [
        "Mr. Putin met Gen. Smith and Dr. Jones in Moscow.",
        "The U.S. delegation arrived later.",
        "Talks went on until the evening.",
    ]


def test_sentence_spans_split_at_paragraph_breaks():
    text = "The talks went on without a full stop\n\nand on. A second sentence."
    assert spans_text(text) == ["The talks went on without a full stop", "and on.",
                                "A second sentence."]


def test_a_reverend_title_does_not_end_the_sentence():
    text = "“We must act,” said the Rev. Jesse Jackson. He spoke in Chicago."
    assert spans_text(text) == ["“We must act,” said the Rev. Jesse Jackson.", "He spoke in Chicago."]


def test_sentence_spans_index_the_original_text():
    text = ("  “We will not leave,” Peskov said.  Mr. Lavrov agreed!\n\n\n"
            "\u00a0Is this the end? Gen. Smith did not think so…\n\nLast one")
    spans = sentence_spans(text)
    assert spans and all(0 <= s < e <= len(text) for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))       # in order
    # Punkt leaves a paragraph's leading white space in its first span; the sentence itself
    # (stripped) must be there whole, never spanning a paragraph break
    pieces = [text[s:e].strip() for s, e in spans]
    assert all(p and "\n\n" not in p for p in pieces)
    assert all(text[e - 1] not in " \n\u00a0" for _, e in spans)
    assert "“We will not leave,” Peskov said." in pieces
    assert "Mr. Lavrov agreed!" in pieces
    assert pieces[-1] == "Last one"
    assert any(p.startswith("Gen. Smith") or "Gen. Smith did not think so" in p for p in pieces)
    # every non-space character is inside some sentence
    covered = set().union(*(range(s, e) for s, e in spans))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_sentence_spans_of_empty_text():
    assert sentence_spans("") == []


# ---------------------------------------------------------------- sentences of the seeds

@pytest.fixture(scope="module")
def seed_sentences(seed_articles) -> pd.DataFrame:
    return split_sentences(seed_articles)


def test_split_sentences_columns(seed_sentences):
    assert SENTENCE_COLUMNS == ["article_id", "outlet", "published", "sentence_no", "start",
                                "end", "text"]
    assert list(seed_sentences.columns) == SENTENCE_COLUMNS
    assert str(seed_sentences["published"].dtype) == "datetime64[ns]"
    assert seed_sentences["start"].dtype == "int64" and seed_sentences["end"].dtype == "int64"


def test_split_sentences_index_the_bodies(seed_articles, seed_sentences):
    articles = seed_articles.set_index("article_id")
    assert set(seed_sentences["article_id"]) == set(articles.index)
    for article_id, group in seed_sentences.groupby("article_id"):
        article = articles.loc[article_id]
        body = article["body"]
        assert list(group["sentence_no"]) == list(range(len(group)))
        assert (group["outlet"] == article["outlet"]).all()
        assert (group["published"] == article["published"]).all()
        for row in group.itertuples():
            assert row.text == body[row.start:row.end] and row.text.strip()
            assert "\n\n" not in row.text
            assert not row.text.endswith(("Mr.", "Gen.", "Dr."))
        assert len(group) > 5, article_id
        covered = set().union(*(range(s, e) for s, e in zip(group["start"], group["end"])))
        assert all(i in covered for i, ch in enumerate(body) if not ch.isspace())


def test_split_sentences_on_known_seed_sentences(seed_sentences):
    texts = set(seed_sentences["text"])
    # 003 para. 17: "Mr. Putin" must not end a sentence
    assert any(t.startswith("“And today, rather than being able to count on their support")
               and "Mr. Putin now is devoting his own troops" in t for t in texts)
    # 001 para. 9 holds four sentences, split at their full stops
    assert "This requires long and thorough work." in texts


def test_split_sentences_of_no_articles():
    empty = pd.DataFrame(columns=["article_id", "outlet", "published", "body"])
    table = split_sentences(empty)
    assert list(table.columns) == SENTENCE_COLUMNS and table.empty


# ---------------------------------------------------------------- offline from nothing

SCRIPT = textwrap.dedent("""
    import json, os, nltk
    from helpers.text.sentences import vader, sentence_spans, nltk_data_dir
    assert "NLTK_DATA" not in os.environ
    scores = vader().polarity_scores("The talks were a great success.")
    text = "Mr. Putin spoke first. Gen. Smith listened."
    print(json.dumps({"compound": scores["compound"], "dir": str(nltk_data_dir()),
                      "sentences": [text[s:e] for s, e in sentence_spans(text)]}))
""")


@pytest.mark.parametrize("use_cache_env", [True, False])
def test_offline_from_nothing_in_a_subprocess(tmp_path, use_cache_env):
    home, cache = tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in {"NLTK_DATA", "XDG_CACHE_HOME", "KREMLIN_SYRIA_CACHE", "HOME"}}
    env["HOME"] = str(home)
    if use_cache_env:
        env["KREMLIN_SYRIA_CACHE"] = str(cache)
    done = subprocess.run([sys.executable, "-I", "-c", SCRIPT], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["compound"] > 0
    assert result["sentences"] == ["Mr. Putin spoke first.", "Gen. Smith listened."]
    where = cache if use_cache_env else home / ".cache" / "kremlin-syria-coverage"
    assert Path(result["dir"]).is_relative_to(where)
    assert (Path(result["dir"]) / "sentiment" / "vader_lexicon.zip").is_file()
