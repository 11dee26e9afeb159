"""Tests for the archive-export and WARC importers, encodings, bad input and file modes.

Expected values are read by hand from the sample exports in ../shared/data/formats/ (see its
README) and from the fixtures, never from the importer's output.
"""
from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.config import CORPUS_DIR, PROJECT_ROOT
from helpers.corpus.reading import load_corpus, read_manifest
from helpers.corpus.formats import FormatError, detect_format
from helpers.corpus.formats.text import detect_encoding
from helpers.corpus.importers import import_source
from helpers.corpus.outlets import load_outlets

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SHARED = Path(os.environ.get("KREMLIN_SYRIA_SHARED")
              or Path(__file__).resolve().parents[2] / "shared")
FORMATS = SHARED / "data" / "formats"
PAGES = SHARED / "data" / "cleaning_dev" / "pages"
needs_formats = pytest.mark.skipif(
    not FORMATS.is_dir(), reason=f"the sample exports are not beside the project ({FORMATS})")
needs_pages = pytest.mark.skipif(
    not PAGES.is_dir(), reason=f"the saved pages are not beside the project ({PAGES})")


def stored_texts(folder: Path) -> dict[str, str]:
    """Corpus folder -> {article_id: text}, read with pandas (each shard once) or as files."""
    out, shards = {}, {}
    for row in read_manifest(folder).itertuples():
        path = folder / row.file
        if path.suffix == ".parquet":
            if path not in shards:
                shards[path] = pd.read_parquet(path).set_index("article_id")["raw_text"]
            out[row.article_id] = shards[path][row.article_id]
        else:
            out[row.article_id] = path.read_bytes().decode("utf-8")
    return out


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """python -m helpers corpus import ARGS -> the finished process."""
    return subprocess.run([sys.executable, "-m", "helpers", "corpus", "import", *args,
                           "--quiet"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=300)


# ---------------------------------------------------------------- Nexis

@needs_formats
def test_lexisnexis_text_export(tmp_path):
    report = import_source(FORMATS / "lnt_sample.TXT", tmp_path, progress=False)
    assert (report.read, report.added, report.encoding) == (10, 10, "utf-8-sig")
    manifest = read_manifest(tmp_path)
    assert manifest["outlet"].tolist() == [
        "Guardian.com", "Guardian", "The Sun (England)", "The Times (London)",
        "The Times (London)", "The Times (London)", "Guardian", "MAIL ON SUNDAY (London)",
        "Sunday Mirror", "DAILY MAIL (London)"]
    assert manifest["published"].tolist() == ["2010-01-11"] * 6 + [
        "2010-01-08", "2010-01-10", "2010-01-10", "2010-01-09"]
    assert manifest["title"].tolist()[6:] == [
        "ranch noble ash voice declaration", "PRISONER OF HIS OWN CABINET",
        "R (programming language) on Wikipedia", "Wikipedia"]
    assert manifest["title"][4] == ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
                                    "Etiam lacinia elementum sapien?; eget aliquet ex finibus ut.")
    assert manifest["author"].tolist()[:3] == ["Andrew Sparrow", "Simon Tisdall",
                                               "TREVOR Kavanagh"]
    assert manifest["record"].tolist()[7] == "document 8"          # "8 of 383 DOCUMENTS"
    assert (manifest["source"] == "lnt_sample.TXT").all()
    assert manifest["note"][2] == "section: FEATURES; Pg. 6; length: 677 words"
    texts = stored_texts(tmp_path)
    first = texts[manifest["article_id"][0]]
    assert first.startswith("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam "
                            "lacinia\r\nelementum sapien")             # as given: CRLF kept
    assert first.endswith("Nulla suscipit metus neque, ut\r\nvarius.")
    assert "LOAD-DATE" not in first and "BYLINE" not in first
    sixth = texts[manifest["article_id"][5]]
    assert sixth.endswith("Serious but stable: photographer Philip Coburn")
    assert report.unknown_outlets["The Times (London)"] == 3
    again = import_source(FORMATS / "lnt_sample.TXT", tmp_path, progress=False)
    assert (again.added, again.already_present) == (0, 10)


@needs_formats
def test_nexis_uni_word_export(tmp_path):
    report = import_source(FORMATS / "lnt_sample.DOCX", tmp_path, progress=False)
    assert (report.read, report.added) == (10, 10)
    manifest = read_manifest(tmp_path)
    assert (manifest["outlet"] == "The Guardian(London)").all()
    assert manifest["published"].tolist()[:4] == [
        "2019-07-01 09:20:00", "2019-07-02 09:33:00", "2019-07-04 13:04:00",
        "2019-07-03 19:53:00"]
    assert manifest["title"].tolist()[6:] == [
        "Sample Headline", "Lorem ipsum dolor sit amet, nec egestas blandit",
        "R (programming language) on Wikipedia", "What is Wikipedia"]
    assert manifest["author"][0] == "Mattha Busby (now), Andrew Sparrow (earlier)"
    assert manifest["note"][7] == "section: SPORT; Version:3; length: 838 words"
    text = stored_texts(tmp_path)[manifest["article_id"][9]]
    assert text.startswith("Wikipedia is a multilingual online encyclopedia")
    assert "Load-Date" not in text and "End of Document" not in text
    assert report.unknown_outlets == {"The Guardian(London)": 10}
    assert len(load_corpus(tmp_path)) == 10          # unknown outlets load, kept as given


@needs_formats
def test_word_file_that_is_no_nexis_export_is_named(tmp_path):
    report = import_source(FORMATS / "lnt_test.DOCX", tmp_path / "c", progress=False)
    assert report.added == 0 and not report.ok
    assert "lnt_test.DOCX" in report.failed["lnt_test.DOCX"]
    assert "End of Document" in report.failed["lnt_test.DOCX"]
    assert not (tmp_path / "c").exists()              # nothing written for nothing kept


# ---------------------------------------------------------------- Factiva

@needs_formats
def test_factiva_html_with_field_codes_in_french(tmp_path):
    report = import_source(FORMATS / "factiva_test.html", tmp_path, progress=False)
    assert (report.read, report.added) == (2, 2)
    manifest = read_manifest(tmp_path)
    assert manifest[["title", "outlet", "published"]].values.tolist() == [
        ["Test 1", "Test newspaper", "2011-12-29"], ["Test 2", "Ouest France", "2011-12-29"]]
    texts = stored_texts(tmp_path)
    assert texts[manifest["article_id"][0]] == (
        "First head paragraph, with a few non-ASCII characters: à la française.\n\n"
        "Second head paragraph.\n\nThird paragraph.\n\nFourth and last paragraph.")
    assert manifest["note"][1] == "section: Infolocale"


def test_factiva_html_plain_layout_in_german(tmp_path):
    report = import_source(FIXTURES / "factiva_plain.html", tmp_path, progress=False)
    assert (report.read, report.added) == (2, 2)
    manifest = read_manifest(tmp_path)
    assert manifest[["title", "outlet", "published", "author"]].values.tolist() == [
        ["Moskau verlängert den Einsatz in Syrien", "Süddeutsche Zeitung", "2017-10-19",
         "Anna Weber"],
        ["Lawrow trifft de Mistura in Genf", "Der Tagesspiegel", "2017-12-03", "Jonas Keller"]]
    assert stored_texts(tmp_path)[manifest["article_id"][1]] == (
        "Der russische Außenminister Sergej Lawrow ist in Genf mit dem "
        "UN-Sondergesandten zusammengetroffen.")


@needs_formats
def test_factiva_xml(tmp_path):
    report = import_source(FORMATS / "factiva_test.xml", tmp_path, progress=False)
    assert (report.read, report.added) == (3, 3)
    manifest = read_manifest(tmp_path)
    assert manifest[["title", "published"]].values.tolist() == [
        ["TEST - first test article", "2012-01-09 01:35:58"],
        ["TEST - second article de test", "2012-01-06 01:05:06"],
        ["TEST - third test article", "2012-05-06 01:07:06"]]
    assert (manifest["outlet"] == "My Newspaper").all()
    assert stored_texts(tmp_path)[manifest["article_id"][2]] == (
        "This is the lead paragraph of the third test article.\n\n"
        "This is the body of the third test article.")
    reuters = import_source(FORMATS / "reut21578-factiva.xml", tmp_path / "r", progress=False)
    assert reuters.added == 19                      # the file's count="20" is wrong
    rows = read_manifest(tmp_path / "r")
    assert (rows["outlet"] == "Reuters-21578").all()
    assert (rows["published"] == "").all()          # 1987: before the sane years (1990-)
    assert any("19 published value(s) unreadable as dates or outside 1990-2035" in n
               for n in reuters.notes)
    assert rows["title"][0] == "DIAMOND SHAMROCK (DIA) CUTS CRUDE PRICES"
    again = import_source(FORMATS / "reut21578-factiva.xml", tmp_path / "r", progress=False)
    assert (again.added, again.already_present) == (0, 19)


@needs_formats
def test_a_folder_of_exports_and_format_detection(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("lnt_sample.TXT", "factiva_test.html", "factiva_test.xml"):
        shutil.copyfile(FORMATS / name, folder / name)
    assert {p.name: detect_format(p) for p in folder.iterdir()} == {
        "lnt_sample.TXT": "nexis", "factiva_test.html": "factiva", "factiva_test.xml": "factiva"}
    report = import_source(folder, tmp_path / "c", progress=False)
    assert report.added == 10 + 2 + 3 and report.ok
    assert {n: f.imported for n, f in report.files.items()} == {
        "factiva_test.html": 2, "factiva_test.xml": 3, "lnt_sample.TXT": 10}


# ---------------------------------------------------------------- WARC

def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    """(url, html bytes) pages -> a gzipped WARC: warcinfo, and per page a request and a
    response, plus one image response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, html in pages:
            request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(html), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-05-01T12:00:00Z"}))
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG...."),
            http_headers=png))


def cleaning_pages(n: int) -> list[tuple[str, bytes]]:
    """The first n saved pages with their URLs (from expectations.jsonl)."""
    rows = pd.read_json(PAGES.parent / "expectations.jsonl", lines=True).head(n)
    return [(r.url, (PAGES.parent / r.file).read_bytes()) for r in rows.itertuples()]


@needs_pages
def test_warc_one_article_per_html_response(tmp_path):
    pages = cleaning_pages(6)
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, pages)
    assert detect_format(warc) == "warc"
    report = import_source(warc, tmp_path / "c", progress=False)
    stats = report.files["crawl.warc.gz"]
    assert stats.read == 6 and stats.imported + stats.skipped == 6
    assert stats.other == 1 + 6 + 1                   # warcinfo, requests, the image
    manifest = read_manifest(tmp_path / "c")
    assert set(manifest["url"]) <= {url for url, _ in pages}
    assert len(manifest) == stats.imported >= 5
    assert not manifest["published"].str.startswith("2024-05-01").any()   # not the crawl time
    assert manifest["record"].str.match(r"record \d+ \(offset \d+\)").all()
    github = manifest.set_index("url").loc[pages[0][0]]
    assert github.domain == "github.blog"
    assert "Erin Spiceland is a Software Engineer for SpaceX." in \
        stored_texts(tmp_path / "c")[github.article_id]
    again = import_source(warc, tmp_path / "c", progress=False)
    assert again.added == 0 and again.already_present == stats.imported


@needs_pages
def test_warc_metadata_fills_only_what_the_page_lacks(tmp_path):
    url, html = cleaning_pages(1)[0]
    wayback = f"http://web.archive.org/web/2017id_/{url}"
    warc = tmp_path / "wayback.warc"
    write_warc(warc, [(wayback, html)])
    metadata = {wayback: {"url": url, "published": "2017-03-05", "title": "From the list",
                          "outlet": "GitHub Blog", "note": "Wayback copy"}}
    import_source(warc, tmp_path / "c", progress=False, metadata=metadata)
    row = read_manifest(tmp_path / "c").iloc[0]
    assert row.url == url and row.domain == "github.blog"
    assert row.title != "From the list"                   # the page has its own title
    assert "Wayback copy" in row.note
    if row.date_source == "list":                          # the page printed no date
        assert row.published == "2017-03-05"
    else:
        assert row.date_source == "html" and row.published != "2017-03-05"


# ---------------------------------------------------------------- encodings

def test_encodings_are_told_apart():
    text = "Le café «Genève» – 5 € · naïve"
    assert detect_encoding(text.encode("utf-8")) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf" + text.encode("utf-8")) == "utf-8-sig"
    assert detect_encoding(text.encode("utf-16")) == "utf-16"
    assert detect_encoding(text.encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding(text.encode("cp1252")) == "cp1252"           # € is 0x80
    latin = "Le café «Genève» à 5 °C · naïve".encode("latin-1")        # no 0x80-0x9F bytes
    assert detect_encoding(latin) == "latin-1"
    russian = "Кремль заявил, что операция в Сирии продолжится до весны. " * 3
    assert detect_encoding(russian.encode("cp1251")) == "cp1251"


def test_latin1_and_cp1252_csvs_are_read_right(tmp_path):
    bodies = ["• Moscow said the café talks would go on.", "The “régime” – Peskov said · twice."]
    for name, encoding in (("w.csv", "cp1252"), ("l.csv", "latin-1")):
        rows = bodies if encoding == "cp1252" else ["Genève: « la Russie » à 20 °C.",
                                                    "Naïve hopes, déjà vu · again."]
        pd.DataFrame({"story": rows}).to_csv(tmp_path / name, index=False, encoding=encoding)
        report = import_source(tmp_path / name, tmp_path / name.replace(".", "_"),
                               columns={"text": "story"}, progress=False)
        assert report.encoding == encoding and report.files[name].encoding == encoding
        assert sorted(stored_texts(tmp_path / name.replace(".", "_")).values()) == sorted(rows)


def test_utf16_csv(tmp_path):
    rows = ["Лавров встретился с де Мистурой.", "Peskov: “no comment”."]
    pd.DataFrame({"story": rows}).to_csv(tmp_path / "u.csv", index=False, encoding="utf-16")
    report = import_source(tmp_path / "u.csv", tmp_path / "c", columns={"text": "story"},
                           progress=False)
    assert report.encoding == "utf-16"
    assert sorted(stored_texts(tmp_path / "c").values()) == sorted(rows)


# ---------------------------------------------------------------- bad input

def test_broken_quote_mid_file_costs_only_its_row(tmp_path):
    lines = ["id,text,outlet"] + [f'{i},"Article {i} on Syria, said Peskov.",Press TV'
                                  for i in range(1, 10_001)]
    lines[5000] = '5000,"Article 5000 opens a quote and never closes it,Press TV'
    source = tmp_path / "big.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_source(source, tmp_path / "c", columns={"id": "id", "text": "text",
                                                            "outlet": "outlet"}, progress=False)
    assert report.added == 9_999 and report.read == 10_000
    assert [(f, w) for f, w, _ in report.skips] == [("big.csv", "line 5001")]   # row 5,000
    manifest = read_manifest(tmp_path / "c").set_index("record")
    assert manifest.loc["line 5000"].title == "" and manifest.loc["line 5002"].outlet == "Press TV"
    texts = stored_texts(tmp_path / "c")
    assert texts[manifest.loc["line 5000"].article_id] == "Article 4999 on Syria, said Peskov."
    assert texts[manifest.loc["line 5002"].article_id] == "Article 5001 on Syria, said Peskov."


def test_gzipped_csv_reads_like_the_plain_one(tmp_path):
    columns = {"id": "ref", "title": "headline", "text": "body", "url": "link"}
    with gzip.open(tmp_path / "articles.csv.gz", "wb") as out:
        out.write((FIXTURES / "articles.csv").read_bytes())
    plain = import_source(FIXTURES / "articles.csv", tmp_path / "a", columns=columns,
                          progress=False)
    zipped = import_source(tmp_path / "articles.csv.gz", tmp_path / "b", columns=columns,
                           progress=False)
    assert (zipped.read, zipped.added) == (plain.read, plain.added) == (7, 5)
    assert sorted(stored_texts(tmp_path / "b").values()) == \
        sorted(stored_texts(tmp_path / "a").values())


def test_html_folder_with_an_undecodable_page(tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(FIXTURES / "html", folder)
    (folder / "broken.html").write_bytes("<html><body><p>Caf\xe9 au Kremlin</p></body></html>"
                                         .encode("latin-1"))
    into = tmp_path / "c"
    report = import_source(folder, into, encoding="utf-8", progress=False)
    assert report.added == 2 and list(report.failed) == ["broken.html"]
    assert "broken.html" in report.failed["broken.html"] and "utf-8" in \
        report.failed["broken.html"]
    assert len(load_corpus(into)) == 2
    done = run_cli(str(folder), "--into", str(tmp_path / "d"), "--encoding", "utf-8")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "broken.html" in done.stdout and "FAILED" in done.stdout


@pytest.mark.parametrize("args, says", [
    (["no/such/file.csv"], "no such file or folder"),
    ([str(FIXTURES / "articles.csv"), "--columns", "text=content"], "no column(s) content"),
    ([str(FIXTURES / "articles.jsonl"), "--match", "Syria("], "not a regular expression"),
    ([str(FIXTURES / "articles.jsonl"), "--encoding", "klingon"], "unknown encoding"),
])
def test_cli_user_errors_are_one_line_and_exit_2(tmp_path, args, says):
    done = run_cli(*args, "--into", str(tmp_path / "c"))
    assert done.returncode == 2, done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "c").exists()


def test_cli_exits_1_and_lists_each_skip(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": "Fine text on Syria."}\n{broken\n{"text": ""}\n')
    done = run_cli(str(source), "--into", str(tmp_path / "c"))
    assert done.returncode == 1
    assert "skipped bad.jsonl, line 2: invalid JSON line" in done.stdout
    assert "skipped bad.jsonl, line 3: no text" in done.stdout
    assert "bad.jsonl [jsonl, utf-8]: read 3, imported 1, skipped 2" in done.stdout


def test_a_killed_import_leaves_no_orphan_after_the_rerun(tmp_path):
    source = tmp_path / "ten.jsonl"
    source.write_text("".join(f'{{"id": {i}, "text": "Article {i} on Syria."}}\n'
                              for i in range(10)))
    into = tmp_path / "c"
    import_source(source, into, chunksize=4, progress=False)
    orphan = into / "shards" / "part-00099.parquet"      # as if killed before the manifest
    shutil.copyfile(into / "shards" / "part-00000.parquet", orphan)
    report = import_source(source, into, progress=False)
    assert not orphan.exists() and any("were removed" in n for n in report.notes)
    assert len(load_corpus(into)) == 10


# ---------------------------------------------------------------- outlets

def test_outlets_from_the_source_are_kept_with_true_counts(tmp_path):
    rows = [{"body": f"Story {i} about the Kremlin.", "site": f"Outlet {i % 15}"}
            for i in range(789)] + [{"body": "A Press TV story.", "site": "PressTV"}]
    pd.DataFrame(rows).to_csv(tmp_path / "s.csv", index=False)
    columns = {"text": "body", "outlet": "site"}
    expected = {f"Outlet {k}": sum(i % 15 == k for i in range(789)) for k in range(15)}
    plain = import_source(tmp_path / "s.csv", tmp_path / "a", columns=columns, progress=False)
    assert dict(plain.unknown_outlets) == expected
    manifest = read_manifest(tmp_path / "a")
    assert manifest["outlet"].value_counts().to_dict() == expected | {"Press TV": 1}  # alias
    added = import_source(tmp_path / "s.csv", tmp_path / "b", columns=columns,
                          add_outlets=True, progress=False)
    assert dict(added.unknown_outlets) == expected
    registry = load_outlets(tmp_path / "b")
    assert set(registry["outlet"]) == set(load_outlets(CORPUS_DIR)["outlet"]) | set(expected)
    assert "Outlet 3 (53)" in added.summary()


# ---------------------------------------------------------------- file modes

def test_imported_files_honour_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        import_source(FIXTURES / "articles.jsonl", tmp_path / "s", progress=False)
        import_source(FIXTURES / "txt", tmp_path / "f", progress=False)
    finally:
        os.umask(old)
    written = [p for p in (tmp_path / "s").rglob("*")] + [p for p in (tmp_path / "f").rglob("*")]
    assert any(p.suffix == ".parquet" for p in written)
    for path in written:
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), path


# ---------------------------------------------------------------- reports on an imported corpus

@needs_formats
@needs_pages
@pytest.mark.notebook
def test_report_build_exits_0_on_a_corpus_of_every_export_format(tmp_path):
    from helpers.run.reports import build_reports

    exports = tmp_path / "exports"
    exports.mkdir()
    for name in ("lnt_sample.TXT", "lnt_sample.DOCX", "factiva_test.html", "factiva_test.xml"):
        shutil.copyfile(FORMATS / name, exports / name)
    write_warc(exports / "crawl.warc.gz", cleaning_pages(3))
    report = import_source(exports, tmp_path / "c", progress=False)
    imported = {n: f.imported for n, f in report.files.items()}
    assert imported.pop("crawl.warc.gz") >= 2                  # pages with article text
    assert imported == {"lnt_sample.TXT": 10, "lnt_sample.DOCX": 10, "factiva_test.html": 2,
                        "factiva_test.xml": 3}
    config = tmp_path / "reports.toml"
    config.write_text("".join(f'[[run]]\nnotebook = "{(PROJECT_ROOT / "notebooks" / n).as_posix()}"\n\n'
                              for n in ("01_corpus.ipynb", "02_sentiment.ipynb", "03_framing.ipynb",
                                        "04_timeline.ipynb", "05_validation.ipynb")),
                      encoding="utf-8")
    runs = build_reports(out_dir=tmp_path / "out", corpus=tmp_path / "c", config=config,
                         timeout=300, jobs=2)
    assert list(runs["status"]) == ["ok"] * 5, runs[["name", "status", "error"]].to_string()
    for name in runs["name"]:
        page = (tmp_path / "out" / f"{name}.html").read_text(encoding="utf-8")
        assert "Findings" in page and 'href="index.html"' in page
