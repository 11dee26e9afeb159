"""Tests for helpers.corpus.importers: every source format, filters, outlets, ids, atomic writes, CLI."""
from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.config import CORPUS_DIR, PROJECT_ROOT
from helpers.corpus.reading import load_corpus, read_manifest
from helpers.corpus import importers
from helpers.corpus.importers import PRESETS, detect_encoding, import_source, parse_columns
from helpers.corpus.outlets import load_outlets

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SHARED = Path(os.environ.get("KREMLIN_SYRIA_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SAMPLE = SHARED / "data" / "fakenewscorpus_sample.csv"
needs_sample = pytest.mark.skipif(
    not SAMPLE.is_file(), reason=f"the FakeNewsCorpus sample is not beside the project ({SAMPLE})")
COLUMNS = {"id": "ref", "title": "headline", "text": "body", "outlet": "site",
           "published": "date", "url": "link", "author": "byline"}


def sample_rows() -> list[dict[str, str]]:
    """The FakeNewsCorpus sample read with the csv module, independently of the importer."""
    csv.field_size_limit(2**31 - 1)
    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def texts(folder: Path) -> dict[str, str]:
    """Corpus folder -> {article_id: text}, read from text files or Parquet shards with pandas."""
    out = {}
    for row in read_manifest(folder).itertuples():
        path = folder / row.file
        if path.suffix == ".parquet":
            shard = pd.read_parquet(path).set_index("article_id")["raw_text"]
            out[row.article_id] = shard[row.article_id]
        else:
            out[row.article_id] = path.read_bytes().decode("utf-8")
    return out


def test_parse_columns():
    assert parse_columns(None) is None
    assert parse_columns("text=content, title=headline") == {"text": "content", "title": "headline"}
    with pytest.raises(ValueError, match="'headline' is not FIELD=COLUMN"):
        parse_columns("text=content,headline")
    with pytest.raises(ValueError, match="unknown field 'body'"):
        parse_columns("body=content")


def test_new_corpus_gets_registry_events_and_manifest(tmp_path):
    into = tmp_path / "new" / "corpus"
    import_source(FIXTURES / "txt", into, progress=False)
    assert (into / "outlets.csv").read_bytes() == (CORPUS_DIR / "outlets.csv").read_bytes()
    assert (into / "events.csv").read_bytes() == (CORPUS_DIR / "events.csv").read_bytes()
    assert len(read_manifest(into)) == 2


def test_csv_with_columns(tmp_path):
    report = import_source(FIXTURES / "articles.csv", tmp_path, columns=COLUMNS,
                           date_format="%d/%m/%Y", layout="files", progress=False)
    assert (report.read, report.matched, report.added) == (7, 6, 5)
    assert report.skipped == {"no text": 1} and report.duplicates == 1
    manifest = read_manifest(tmp_path).set_index("url")
    a1 = manifest.loc["https://www.presstv.ir/Detail/2016/10/04/kremlin"]
    assert (a1.outlet, a1.published, a1.date_source, a1.domain) == ("Press TV", "2016-10-04",
                                                                      "source", "presstv.ir")
    assert a1.title == "Kremlin vows to keep up Syria air campaign"   # the first of the repeats
    assert a1.article_id == hashlib.sha1(b"id:articles.csv:a1").hexdigest()[:16]
    assert manifest.loc["https://www.independent.co.uk/news/world/aleppo-evacuation"].outlet \
        == "The Independent"
    assert manifest.loc["http://thebricspost.com/brics-middle-east/"].published == ""
    assert manifest.loc["http://thebricspost.com/lavrov-kerry-geneva/"].published == ""
    assert any("unreadable as dates" in n for n in report.notes)
    with open(FIXTURES / "articles.csv", newline="", encoding="utf-8") as handle:
        bodies = {r["link"]: r["body"] for r in csv.DictReader(handle) if r["ref"] != "a1"}
    stored = texts(tmp_path)
    for url, row in manifest.iterrows():
        assert row.file == f"articles/{row.article_id}.txt"
        if url in bodies:
            assert stored[row.article_id] == bodies[url]               # byte for byte
    assert stored[a1.article_id].startswith("MOSCOW - The Kremlin") and "\n\nPeskov" in \
        stored[a1.article_id]


@needs_sample
def test_fakenewscorpus_sample_imports_every_row(tmp_path):
    rows = sample_rows()
    report = import_source(SAMPLE, tmp_path, preset="fakenewscorpus", progress=False,
                           chunksize=100)
    assert report.read == report.added == len(rows) == 250
    manifest = read_manifest(tmp_path)
    assert sorted(set(manifest["file"])) == [f"shards/part-0000{i}.parquet" for i in range(3)]
    assert (manifest["published"] == "").all() and (manifest["date_source"] == "").all()
    by_url = {r["url"]: r for r in rows}
    stored = texts(tmp_path)
    for row in manifest.itertuples():
        assert stored[row.article_id] == by_url[row.url]["content"]
        assert row.title == by_url[row.url]["title"].strip()
    assert report.unknown_outlets["beforeitsnews.com"] == \
        sum(r["domain"] == "beforeitsnews.com" for r in rows)

    again = import_source(SAMPLE, tmp_path, preset="fakenewscorpus", progress=False)
    assert (again.added, again.already_present) == (0, 250)
    assert len(read_manifest(tmp_path)) == 250


@needs_sample
def test_fakenewscorpus_match_filter(tmp_path):
    pattern = re.compile("Syria|Kremlin", re.I)
    expected = {r["url"] for r in sample_rows() if pattern.search(r["title"] + "\n" + r["content"])}
    report = import_source(SAMPLE, tmp_path, preset="fakenewscorpus", match="Syria|Kremlin",
                           progress=False)
    assert 0 < len(expected) < 250
    assert report.matched == report.added == len(expected)
    assert set(read_manifest(tmp_path)["url"]) == expected


@needs_sample
def test_crawl_time_never_becomes_published_and_dates_cannot_filter(tmp_path):
    assert "published" not in PRESETS["fakenewscorpus"]
    report = import_source(SAMPLE, tmp_path, preset="fakenewscorpus", since="2018-01-26",
                           progress=False)
    assert report.added == 250                  # scraped_at is no date to filter on
    assert any("since/until not applied" in n for n in report.notes)
    assert (read_manifest(tmp_path)["published"] == "").all()


def test_jsonl(tmp_path):
    report = import_source(FIXTURES / "articles.jsonl", tmp_path, progress=False)
    assert (report.read, report.added) == (5, 3)      # the blank line is not a row
    assert report.skipped == {"invalid JSON line": 1, "no text": 1}
    manifest = read_manifest(tmp_path).set_index("url")
    astana = manifest.loc["https://www.presstv.com/Detail/2017/01/20/astana"]
    assert (astana.outlet, astana.published, astana.author) == (
        "Press TV", "2017-01-20 10:30:00", "Sara Rahimi; Ali Karimi")
    assert manifest.loc["https://www.independent.co.uk/news/world/churkin-veto"].outlet == \
        "The Independent"                       # no outlet field: the url's domain
    assert report.unknown_outlets == {"sports.example.com": 1}
    assert texts(tmp_path)[astana.article_id].endswith("\nPeskov added that the date had been "
                                                       "agreed with Ankara.")


def test_jsonl_with_columns_and_date_filter(tmp_path):
    source = tmp_path / "mapped.jsonl"
    source.write_text(
        '{"body": "Putin met Assad in Sochi.", "headline": "Sochi", "day": "21.11.2017"}\n'
        '{"body": "Lavrov spoke in Moscow.", "headline": "Moscow", "day": "02.01.2015"}\n'
        '{"body": "An undated piece on Syria.", "headline": "Undated"}\n')
    report = import_source(source, tmp_path / "corpus", columns=parse_columns(
        "text=body,title=headline,published=day"), date_format="%d.%m.%Y", since="2016-01-01",
        progress=False)
    manifest = read_manifest(tmp_path / "corpus")
    assert (report.read, report.matched) == (3, 1)
    assert manifest[["title", "published"]].values.tolist() == [["Sochi", "2017-11-21"]]


def test_html_folder(tmp_path):
    report = import_source(FIXTURES / "html", tmp_path, progress=False)
    assert (report.read, report.added, report.encoding) == (2, 2, "utf-8")
    manifest = read_manifest(tmp_path).set_index("title")
    page = manifest.loc["Kremlin defends airstrikes near Aleppo"]
    assert (page.outlet, page.published, page.date_source, page.author) == (
        "Press TV", "2016-10-04", "html", "Sara Rahimi")
    other = manifest.loc["Moscow and Damascus agree on humanitarian pauses"]
    assert (other.published, other.author, other.domain, other.outlet) == (
        "2016-10-20", "Ivan Petrov", "example-news.org", "example-news.org")   # kept
    text = texts(tmp_path)[page.article_id]
    assert "Peskov told reporters in Moscow" in text and "Copyright" not in text
    assert "Home" not in text


def test_txt_folder(tmp_path):
    report = import_source(FIXTURES / "txt", tmp_path, progress=False)
    assert report.added == 2
    manifest = read_manifest(tmp_path)
    assert (manifest[["title", "outlet", "published", "author", "url"]] == "").all().all()
    assert set(manifest["file"]) == {f"articles/{i}.txt" for i in manifest["article_id"]}
    originals = {p.read_bytes().decode() for p in (FIXTURES / "txt").glob("*.txt")}
    assert set(texts(tmp_path).values()) == originals        # \r\n kept as given


def test_date_filters(tmp_path):
    report = import_source(FIXTURES / "articles.csv", tmp_path, columns=COLUMNS,
                           date_format="%d/%m/%Y", since="2016-10-01", until="2016-12-15",
                           progress=False)
    assert sorted(read_manifest(tmp_path)["published"]) == ["2016-10-04", "2016-12-15"]
    assert report.added == 2                    # undated and unreadable dates left out
    assert any("without a readable date were left out" in n for n in report.notes)


@pytest.mark.parametrize("wanted, outlets, rows", [
    (["presstv.com"], {"Press TV"}, 1),         # another domain of the same outlet
    (["WWW.PressTV.ir"], {"Press TV"}, 1),
    (["The BRICS Post"], {"The BRICS Post"}, 2),
    (["Independent", "rt.com"], {"The Independent", "rt.com"}, 2),   # an alias; an unknown domain
])
def test_outlet_filter(tmp_path, wanted, outlets, rows):
    report = import_source(FIXTURES / "articles.csv", tmp_path, columns=COLUMNS,
                           date_format="%d/%m/%Y", outlets=wanted, progress=False)
    manifest = read_manifest(tmp_path)
    assert set(manifest["outlet"]) == outlets
    assert len(manifest) == report.added == rows


def test_bad_options_fail_before_touching_into(tmp_path):
    into = tmp_path / "corpus"
    with pytest.raises(ValueError, match="content"):
        import_source(FIXTURES / "articles.csv", into, columns={"text": "content"},
                      progress=False)
    with pytest.raises(ValueError, match="unknown preset"):
        import_source(FIXTURES / "articles.csv", into, preset="gdelt", progress=False)
    with pytest.raises(ValueError, match="CSV needs a preset or columns"):
        import_source(FIXTURES / "articles.csv", into, progress=False)
    with pytest.raises(ValueError, match="CSV and JSON Lines sources only"):
        import_source(FIXTURES / "txt", into, columns={"text": "body"}, progress=False)
    with pytest.raises(ValueError):
        import_source(FIXTURES / "txt", into, since="not a date", progress=False)
    assert not into.exists()


def test_unknown_outlets_reported_and_added(tmp_path):
    first = import_source(FIXTURES / "articles.csv", tmp_path / "a", columns=COLUMNS,
                          progress=False)
    assert first.unknown_outlets == {"rt.com": 1}
    assert read_manifest(tmp_path / "a").set_index("domain").loc["rt.com"].outlet == "rt.com"
    assert load_outlets(tmp_path / "a").equals(load_outlets(CORPUS_DIR))     # not added
    report = import_source(FIXTURES / "articles.csv", tmp_path / "b", columns=COLUMNS,
                           add_outlets=True, progress=False)
    assert report.unknown_outlets == {"rt.com": 1}
    registry = load_outlets(tmp_path / "b")
    added = registry[registry["outlet"] == "rt.com"].iloc[0]
    assert (added.domains, added.kind) == (["rt.com"], "added by import")
    assert len(registry) == len(load_outlets(CORPUS_DIR)) + 1
    assert read_manifest(tmp_path / "b").set_index("domain").loc["rt.com"].outlet == "rt.com"
    jsonl = import_source(FIXTURES / "articles.jsonl", tmp_path / "b", progress=False,
                          add_outlets=True)
    assert jsonl.unknown_outlets == {"sports.example.com": 1}
    assert len(load_outlets(tmp_path / "b")) == len(registry) + 1
    articles = load_corpus(tmp_path / "b")     # every outlet named is in the registry
    assert {"rt.com", "sports.example.com", "Press TV"} <= set(articles["outlet"])


def test_cp1252_csv_is_detected(tmp_path):
    bodies = [
        "The Kremlin’s spokesman said Moscow would “continue its operation” in Syria until "
        "the régime’s partners asked it to stop.",
        "Lavrov met de Mistura in Genève; the café near the Palais des Nations was full – "
        "diplomats called it a “très bon” meeting.",
        "Officials in Ankara said the talks cost €5 million and that Russia’s role was "
        "“décisif”, a word the Élysée repeated.",
        "Peskov told reporters: «We are not discussing Assad’s future», adding that the naïve "
        "hopes of the coalition were misplaced.",
    ]
    source = tmp_path / "cp1252.csv"
    pd.DataFrame({"story": bodies}).to_csv(source, index=False, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        source.read_bytes().decode("utf-8")
    report = import_source(source, tmp_path / "corpus", columns={"text": "story"},
                           progress=False)
    assert report.encoding == "cp1252"
    assert sorted(texts(tmp_path / "corpus").values()) == sorted(bodies)
    assert detect_encoding("Kremlin – Syria".encode()) == "utf-8"


@pytest.mark.parametrize("layout, fail_at", [("files", 6), ("shards", 4)])
def test_interrupted_import_leaves_a_consistent_corpus(tmp_path, monkeypatch, layout, fail_at):
    """chunksize 3: files layout replaces 3 texts + the manifest per chunk (the 6th replace
    is a text in the 2nd chunk); shards replace a shard + the manifest (the 4th replace is
    the 2nd chunk's manifest, after its shard is in place)."""
    source = tmp_path / "ten.jsonl"
    source.write_text("".join(f'{{"id": {i}, "text": "Article {i} on Syria."}}\n'
                              for i in range(10)))
    into = tmp_path / "corpus"
    import_source(FIXTURES / "txt", into, progress=False, layout=layout)     # 2 rows already
    calls, real_replace = [], os.replace

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == fail_at:
            raise OSError("disk full")
        return real_replace(src, dst)
    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        import_source(source, into, layout=layout, chunksize=3, progress=False)
    monkeypatch.setattr(os, "replace", real_replace)

    manifest = read_manifest(into)
    assert len(manifest) == 2 + 3               # the seed rows and the first chunk only
    assert texts(into) and all(t.startswith(("Article", "Lavrov", "Russia"))
                               for t in texts(into).values())   # every row's text exists
    assert not list(into.rglob("*.tmp"))        # no temp files left behind
    report = import_source(source, into, layout=layout, chunksize=3, progress=False)
    assert (report.added, report.already_present) == (7, 3)
    assert len(read_manifest(into)) == 12 and len(set(texts(into).values())) == 12
    assert len(load_corpus(into)) == 12         # the failed batch left no orphan text


def test_malformed_csv_lines_and_unusable_texts_are_skipped(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text('id,text\n1,"fine text"\n2,"too",many,fields\n3," "\n4,"a\0b"\n5,ok\n')
    report = import_source(source, tmp_path / "corpus", columns={"id": "id", "text": "text"},
                           progress=False)
    assert report.skipped == {"malformed CSV row": 1, "no text": 1, "NUL bytes in text": 1}
    assert ("bad.csv", "line 3", "malformed CSV row (4 fields, the header has 2)") in report.skips
    assert report.files["bad.csv"].skipped == 3 and not report.ok
    assert (report.read, report.added) == (5, 2)
    assert sorted(texts(tmp_path / "corpus").values()) == ["fine text", "ok"]


@needs_sample
def test_load_corpus_round_trip_files(tmp_path):
    import_source(SAMPLE, tmp_path, preset="fakenewscorpus", match="Kremlin", layout="files",
                  progress=False)
    articles = load_corpus(tmp_path)
    expected = {r["url"]: r["content"] for r in sample_rows() if re.search("Kremlin",
                r["title"] + "\n" + r["content"], re.I)}
    assert dict(zip(articles["url"], articles["raw_text"])) == expected


@needs_sample
def test_load_corpus_round_trip_shards(tmp_path):
    import_source(SAMPLE, tmp_path, preset="fakenewscorpus", match="Syria", chunksize=5,
                  progress=False)
    assert len(set(read_manifest(tmp_path)["file"])) > 1
    articles = load_corpus(tmp_path)
    assert dict(zip(articles["article_id"], articles["raw_text"])) == texts(tmp_path)


@needs_sample
def test_shards_are_written_in_row_groups(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    monkeypatch.setattr(importers, "SHARD_ROW_GROUP", 7)
    import_source(SAMPLE, tmp_path, preset="fakenewscorpus", chunksize=100, progress=False)
    shard = pq.ParquetFile(tmp_path / read_manifest(tmp_path)["file"].iloc[0])
    sizes = [shard.metadata.row_group(i).num_rows for i in range(shard.num_row_groups)]
    assert sum(sizes) == 100 and max(sizes) == 7
    assert len(load_corpus(tmp_path)) == 250


def test_existing_corpus_is_appended_to(tmp_path):
    corpus = tmp_path / "corpus"
    for name in ("manifest.csv", "outlets.csv", "events.csv"):
        (corpus / "articles").mkdir(parents=True, exist_ok=True)
        (corpus / name).write_bytes((CORPUS_DIR / name).read_bytes())
    for path in (CORPUS_DIR / "articles").iterdir():
        (corpus / "articles" / path.name).write_bytes(path.read_bytes())
    seed = read_manifest(CORPUS_DIR)
    import_source(FIXTURES / "html", corpus, progress=False)
    manifest = read_manifest(corpus)
    assert len(manifest) == len(seed) + 2
    assert manifest.head(len(seed))[seed.columns].equals(seed)
    articles = load_corpus(corpus)
    assert "Kremlin defends airstrikes near Aleppo" in set(articles["title"])


@needs_sample
def test_cli_import(tmp_path):
    into = tmp_path / "corpus"
    done = subprocess.run(
        [sys.executable, "-m", "helpers", "corpus", "import", str(SAMPLE), "--into", str(into),
         "--preset", "fakenewscorpus", "--match", "Syria", "--quiet"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    expected = sum(bool(re.search("Syria", r["title"] + "\n" + r["content"], re.I))
                   for r in sample_rows())
    assert f"read 250, matched {expected}, added {expected}" in done.stdout
    assert "articles/s" in done.stdout and done.stderr == ""
    assert len(read_manifest(into)) == expected
