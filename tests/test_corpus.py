"""Tests for helpers.corpus.reading: seed metadata and provenance, corpus errors, select, fingerprint."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.config import CORPUS_DIR
from helpers.corpus.outlets import canonical_outlet, load_outlets, resolve_outlet
from helpers.corpus.reading import (
    ARTICLE_COLUMNS,
    CorpusError,
    corpus_fingerprint,
    audit_sample,
    load_audit,
    load_corpus,
    load_selection,
    read_corpus,
    select,
)

# Written out by hand from ../shared/seeds/SEEDS.md (the table "What is known about each").
SEEDS = {
    "000_2cabe1b1d240ea97.txt": dict(
        outlet="The BRICS Post", outlet_source="text",
        published=pd.Timestamp("2017-03-06 08:29"), date_source="text",
        title="Russia will fight ISIL alone if it has to – Kremlin",
        author="", author_source=""),
    "001_f1e5e4c1dfc49953.txt": dict(
        outlet="Rossa Primavera News Agency", outlet_source="text",
        published=pd.Timestamp("2018-02-14"), date_source="text",
        title="The Kremlin: meagre external assistance from the US to stabilize the "
              "situation in Syria",
        author="", author_source=""),
    "002_efd0d1664d1d1a47.txt": dict(
        outlet="Press TV", outlet_source="text",
        published=pd.Timestamp("2016-09-29"), date_source="inferred",
        title="Russia vows to keep up support for Syria in defiance of US threat",
        author="", author_source=""),
    "003_dfe3d341facf82c9.txt": dict(
        outlet="Financial Tribune", outlet_source="text",
        published=pd.Timestamp("2015-10-10"), date_source="inferred",
        title="Russia Not Assuming Leadership Through Syria Operation",
        author="", author_source=""),
    "004_c25635f3460691ac.txt": dict(
        outlet="The Independent", outlet_source="manifest",
        published=pd.Timestamp("2015-09-24 14:32"), date_source="text",
        title="Russia could co-operate with the US to fight Isis in Syria because "
              "'there is no alternative'",
        author="Lizzie Dearden", author_source="text"),
}
MANIFEST_HEADER = "article_id,file,outlet,published,date_source,title,author,url,note\n"
PROSE = ("Kremlin spokesman Dmitry Peskov told reporters on Friday that Moscow would "
         "continue its operation in Syria.\n")


def by_file(articles: pd.DataFrame) -> dict[str, pd.Series]:
    """Articles table -> {file name: row}."""
    return {Path(row["file"]).name: row for _, row in articles.iterrows()}


# ---------------------------------------------------------------- the seed corpus

def test_seed_corpus_has_the_five_articles_and_documented_columns(seed_articles):
    assert list(seed_articles.columns) == ARTICLE_COLUMNS
    assert sorted(by_file(seed_articles)) == sorted(SEEDS)
    assert seed_articles["article_id"].is_unique
    assert str(seed_articles["published"].dtype) == "datetime64[ns]"


@pytest.mark.parametrize("file", sorted(SEEDS))
@pytest.mark.parametrize("field", ["outlet", "outlet_source", "published", "date_source",
                                   "title", "author", "author_source"])
def test_seed_metadata_matches_seeds_md(seed_articles, file, field):
    row = by_file(seed_articles)[file]
    assert row[field] == SEEDS[file][field], f"{file}: {field}"


def test_seed_titles_come_from_the_text(seed_articles):
    assert set(seed_articles["title_source"]) == {"text"}


def test_seed_raw_text_is_the_file_byte_for_byte(seed_articles):
    for file, row in by_file(seed_articles).items():
        assert row["raw_text"] == (CORPUS_DIR / "articles" / file).read_bytes().decode("utf-8")


def test_seed_n_words_counts_the_body(seed_articles):
    for _, row in seed_articles.iterrows():
        assert row["n_words"] == len(row["body"].split()) > 100


# ---------------------------------------------------------------- manifest provenance

def make_corpus(folder: Path, rows: list[str], files: dict[str, bytes | str]) -> Path:
    """Folder, manifest rows (CSV lines without header), {relative path: content} -> folder."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORPUS_DIR / "outlets.csv", folder / "outlets.csv")
    (folder / "manifest.csv").write_text(MANIFEST_HEADER + "".join(r + "\n" for r in rows),
                                         encoding="utf-8")
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def test_manifest_values_win_and_are_marked_manifest(tmp_path):
    text = ("A headline printed in the article text itself here\n\n"
            "March 6, 2017, 8:29 am\n\nBy Jane Smith\n\n" + PROSE + "\nSource: Press TV\n")
    folder = make_corpus(tmp_path / "c", [
        "a1,a.txt,Financial Tribune,2017-03-07,,A given title,John Doe,,",
        "a2,a.txt,,,,,,,",
    ], {"a.txt": text})
    articles = load_corpus(folder).set_index("article_id")
    given, found = articles.loc["a1"], articles.loc["a2"]
    assert (given["outlet"], given["outlet_source"]) == ("Financial Tribune", "manifest")
    assert (given["published"], given["date_source"]) == (pd.Timestamp("2017-03-07"), "manifest")
    assert (given["title"], given["title_source"]) == ("A given title", "manifest")
    assert (given["author"], given["author_source"]) == ("John Doe", "manifest")
    assert (found["outlet"], found["outlet_source"]) == ("Press TV", "text")
    assert (found["published"], found["date_source"]) == (pd.Timestamp("2017-03-06 08:29"), "text")
    assert (found["title"], found["title_source"]) == (
        "A headline printed in the article text itself here", "text")
    assert (found["author"], found["author_source"]) == ("Jane Smith", "text")


@pytest.mark.parametrize("byline", ["By Jane Smith | Press TV", "Jane Smith | Press TV",
                                    "By Jane Smith, PressTV"])
def test_outlet_named_in_the_byline_is_read(tmp_path, byline):
    text = "A headline printed in the article text itself here\n\n" + byline + "\n\n" + PROSE
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": text})
    row = load_corpus(folder).iloc[0]
    assert (row["outlet"], row["outlet_source"]) == ("Press TV", "text")
    assert (row["author"], row["author_source"]) == ("Jane Smith", "text")


def test_a_sign_off_names_the_outlet_before_the_byline(tmp_path):
    text = ("A headline printed in the article text itself here\n\nBy Jane Smith | Press TV\n\n"
            + PROSE + "\nSource: Financial Tribune\n")
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": text})
    assert load_corpus(folder).iloc[0]["outlet"] == "Financial Tribune"


def test_undated_article_has_nat_and_empty_date_source(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,Press TV,,,,,,"], {"a.txt": PROSE})
    row = load_corpus(folder).iloc[0]
    assert pd.isna(row["published"]) and row["date_source"] == ""
    assert row["author"] == "" and row["author_source"] == ""


# ---------------------------------------------------------------- corpus errors

def read_problems(folder: Path) -> list[str]:
    """Corpus folder -> the problems of the CorpusError reading it raises."""
    with pytest.raises(CorpusError) as info:
        read_corpus(folder)
    assert info.value.problems, "CorpusError without problems"
    assert all(p in str(info.value) for p in info.value.problems)
    return info.value.problems


def test_error_missing_file(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,articles/missing.txt,,,,,,,"], {})
    [problem] = read_problems(folder)
    assert "articles/missing.txt" in problem and "row 2" in problem


def test_file_not_utf8_is_decoded_and_reported(tmp_path):
    # A legacy-encoded file no longer stops the corpus loading: it is decoded as cp1252,
    # recorded in the encoding column, and `corpus check` warns naming file and row.
    from helpers.corpus.check import check_corpus

    said = "Peskov said the talks were \u201cuseful\u201d for the caf\u00e9."
    folder = make_corpus(tmp_path / "c", ["a1,good.txt,,,,,,,", "a2,bad.txt,,,,,,,"],
                         {"good.txt": PROSE, "bad.txt": said.encode("cp1252")})
    articles = load_corpus(folder).set_index("article_id")
    assert articles.loc["a2", "raw_text"] == said and articles.loc["a2", "encoding"] == "cp1252"
    assert articles.loc["a1", "encoding"] == "utf-8"
    [problem] = check_corpus(folder, metadata=False)
    assert problem.severity == "warning"
    assert "bad.txt" in str(problem) and "UTF-8" in str(problem) and "row 3" in str(problem)


def test_error_duplicate_article_id(tmp_path):
    folder = make_corpus(tmp_path / "c", ["same,a.txt,,,,,,,", "other,b.txt,,,,,,,",
                                          "same,b.txt,,,,,,,"], {"a.txt": PROSE, "b.txt": PROSE})
    [problem] = read_problems(folder)
    assert "'same'" in problem and "more than once" in problem


def test_error_path_outside_folder(tmp_path):
    (tmp_path / "x.txt").write_text(PROSE, encoding="utf-8")     # exists, but outside
    folder = make_corpus(tmp_path / "c", ["a1,../x.txt,,,,,,,"], {})
    [problem] = read_problems(folder)
    assert "../x.txt" in problem and "outside" in problem


def test_error_unparseable_date(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,6th of Smarch 2017,,,,,"], {"a.txt": PROSE})
    [problem] = read_problems(folder)
    assert "row 2" in problem and "a1" in problem and "Smarch" in problem


def test_outlet_the_registry_lacks_is_kept_as_given(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,Daily Planet,,,,,,"], {"a.txt": PROSE})
    row = load_corpus(folder).iloc[0]
    assert (row["outlet"], row["outlet_source"]) == ("Daily Planet", "manifest")


@pytest.mark.parametrize("published", ["now", "today", "Today", "yesterday", "2 hours ago"])
def test_error_relative_published_date(tmp_path, published):
    folder = make_corpus(tmp_path / "c", [f"a1,a.txt,,{published},,,,,"], {"a.txt": PROSE})
    [problem] = read_problems(folder)
    assert "row 2" in problem and f"'{published}' is relative" in problem


def test_error_no_manifest(tmp_path):
    (tmp_path / "c").mkdir()
    shutil.copy(CORPUS_DIR / "outlets.csv", tmp_path / "c")      # it lacks only the manifest
    [problem] = read_problems(tmp_path / "c")
    assert "manifest.csv" in problem


def test_all_problems_reported_at_once(tmp_path):
    (tmp_path / "x.txt").write_text(PROSE, encoding="utf-8")
    folder = make_corpus(tmp_path / "c", [
        "ok,ok.txt,,,,,,,",
        "gone,articles/missing.txt,,,,,,,",
        "latin,latin.txt,,,,,,,",
        "dup,ok.txt,,,,,,,",
        "dup,ok.txt,,,,,,,",
        "escape,../x.txt,,,,,,,",
        "baddate,ok.txt,,not a date,,,,,",
        "planet,ok.txt,Daily Planet,,,,,,",
    ], {"ok.txt": PROSE, "latin.txt": "na\u00efve caf\u00e9".encode("cp1252")})
    problems = read_problems(folder)
    text = "\n".join(problems)
    for needle in ["articles/missing.txt", "latin.txt", "'dup'", "../x.txt", "not a date",
                   "Daily Planet"]:
        assert needle in text, f"{needle!r} not reported"
    assert len(problems) == 6
    # each row-level problem names its manifest row (header is row 1)
    for row_no, needle in [(3, "missing.txt"), (4, "latin.txt"), (7, "../x.txt"),
                           (8, "not a date"), (9, "Daily Planet")]:
        assert any(needle in p and f"row {row_no}" in p for p in problems), needle


def test_corpus_error_is_a_value_error(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,nope.txt,,,,,,,"], {})
    with pytest.raises(ValueError):
        read_corpus(folder)


def test_error_out_of_range_date_is_a_corpus_error(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,0217-03-06,,,,,"], {"a.txt": PROSE})
    [problem] = read_problems(folder)
    assert "row 2" in problem and "0217-03-06" in problem


# ---------------------------------------------------------------- select

def test_select_by_outlets(seed_articles):
    picked = select(seed_articles, outlets=["Press TV", "The Independent"])
    assert sorted(picked["outlet"]) == ["Press TV", "The Independent"]
    assert list(picked.index) == [0, 1]
    assert len(select(seed_articles, outlets=[])) == 5
    assert len(select(seed_articles)) == 5


def test_select_unknown_outlet_raises_naming_it(seed_articles):
    with pytest.raises(ValueError, match="Daily Planet"):
        select(seed_articles, outlets=["Press TV", "Daily Planet"])


def test_select_end_date_covers_its_whole_day():
    table = pd.DataFrame({
        "outlet": ["A", "A", "A", "A", "A"],
        "published": pd.to_datetime(["2017-03-05 23:59", "2017-03-06 00:00", "2017-03-06 23:59",
                                     "2017-03-07 00:00", None]),
    })
    picked = select(table, start="2017-03-06", end="2017-03-06")
    assert list(picked["published"]) == [pd.Timestamp("2017-03-06 00:00"),
                                         pd.Timestamp("2017-03-06 23:59")]
    # an open range still drops undated rows
    assert list(select(table, start="2017-03-06")["published"].isna()) == [False] * 3
    assert list(select(table, end="2017-03-06")["published"].isna()) == [False] * 3
    assert len(select(table)) == 5


def test_select_date_range_on_seeds(seed_articles):
    picked = select(seed_articles, start="2015-09-24", end="2015-10-10")
    assert sorted(picked["outlet"]) == ["Financial Tribune", "The Independent"]
    picked = select(seed_articles, outlets=["The Independent"], start="2016-01-01")
    assert picked.empty


# ---------------------------------------------------------------- fingerprint

def test_fingerprint_counts_and_tracks_bytes(tmp_path):
    count, digest = corpus_fingerprint(CORPUS_DIR)
    assert count == 5 and len(digest) == 64
    copy = tmp_path / "copy"
    shutil.copytree(CORPUS_DIR, copy)
    assert corpus_fingerprint(copy) == (5, digest)
    article = copy / "articles" / "003_dfe3d341facf82c9.txt"
    data = bytearray(article.read_bytes())
    data[100] ^= 0x01                          # one bit of one byte
    article.write_bytes(bytes(data))
    changed = corpus_fingerprint(copy)
    assert changed[0] == 5 and changed[1] != digest
    article.write_bytes(article.read_bytes() + b"\n")
    assert corpus_fingerprint(copy)[1] not in (digest, changed[1])


def test_fingerprint_tracks_manifest_and_registry(tmp_path):
    _, digest = corpus_fingerprint(CORPUS_DIR)
    for name in ("manifest.csv", "outlets.csv"):
        copy = tmp_path / name
        shutil.copytree(CORPUS_DIR, copy)
        (copy / name).write_bytes((copy / name).read_bytes() + b"\n")
        assert corpus_fingerprint(copy)[1] != digest, name


# ---------------------------------------------------------------- the outlet registry

@pytest.fixture(scope="module")
def registry():
    return load_outlets(CORPUS_DIR / "outlets.csv")


@pytest.mark.parametrize("line, outlet", [
    ("The BRICS Post with inputs from Agencies", "The BRICS Post"),               # name
    ("Source: Rossa Primavera News Agency", "Rossa Primavera News Agency"),
    ("Press TV’s website can also be accessed at the following alternate addresses:",
     "Press TV"),
    ("Press TV News Roku", "Press TV"),
    ("Reprinted from Krasnaya Vesna", "Rossa Primavera News Agency"),            # alias
    ("Source: PressTV", "Press TV"),
    ("thebricspost", "The BRICS Post"),
    ("Financialtribune.com", "Financial Tribune"),                              # domains
    ("www.presstv.co.uk", "Press TV"),
    ("WWW.PRESSTV.IR", "Press TV"),
    ("https://www.independent.co.uk/news/world/middle-east", "The Independent"),
    ("rossaprimavera.ru", "Rossa Primavera News Agency"),
])
def test_resolve_outlet(registry, line, outlet):
    assert resolve_outlet(line, registry) == outlet


@pytest.mark.parametrize("line", [
    "Kremlin spokesman Dmitry Peskov told reporters on Friday.",
    "Source: TASS",
    "www.example.com",
    "notpresstv.com",
    "BRICS Postage stamps",
    "",
])
def test_resolve_outlet_none(registry, line):
    assert resolve_outlet(line, registry) is None


@pytest.mark.parametrize("line", ["Source: an independent monitoring group",
                                  "Source: observers of the red spring offensive"])
def test_lower_case_common_words_name_no_outlet(registry, line):
    assert resolve_outlet(line, registry) is None


@pytest.mark.parametrize("name, outlet", [
    ("Press TV", "Press TV"), ("  presstv ", "Press TV"), ("KRASNAYA VESNA", "Rossa Primavera News Agency"),
    ("presstv.com", None), ("TASS", None), ("", None),
])
def test_canonical_outlet(registry, name, outlet):
    assert canonical_outlet(name, registry) == outlet


def test_canonical_outlet_follows_an_edited_registry(registry):
    edited = registry.copy()
    edited.at[edited.index[edited["outlet"] == "Press TV"][0], "aliases"] = ["IRIB", "Press TV"]
    edited.loc[len(edited)] = ["Press TV Two", ["irib"], [], "", ""]
    assert canonical_outlet("irib", registry) is None
    assert canonical_outlet("irib", edited) == "Press TV"          # the first row naming it
    assert resolve_outlet("Source: IRIB", edited) == "Press TV"


def test_load_outlets_lists(registry):
    assert list(registry.columns) == ["outlet", "aliases", "domains", "country", "kind"]
    press = registry.set_index("outlet").loc["Press TV"]
    assert press["domains"] == ["presstv.com", "presstv.ir", "presstv.co.uk"]


def test_load_outlets_rejects_missing_columns(tmp_path):
    (tmp_path / "o.csv").write_text("outlet,domains\nX,x.com\n", encoding="utf-8")
    with pytest.raises(ValueError, match="aliases"):
        load_outlets(tmp_path / "o.csv")


def test_select_takes_one_outlet_as_a_string(seed_articles):
    assert list(select(seed_articles, "Press TV")["outlet"]) == ["Press TV"]


def test_load_selection_counts_stories_once_when_asked(tmp_path):
    folder = shutil.copytree(CORPUS_DIR, tmp_path / "c")
    source = folder / "articles" / "002_efd0d1664d1d1a47.txt"
    shutil.copy(source, folder / "articles" / "copy.txt")           # Press TV's text, carried again
    with open(folder / "manifest.csv", "a", encoding="utf-8") as f:
        f.write("copy1,articles/copy.txt,The BRICS Post,2016-09-30,manifest,,,,\n")
    assert len(load_selection(folder)) == 6
    stories = load_selection(folder, count="stories")
    assert len(stories) == 5 and "copy1" not in set(stories["article_id"])
    assert len(load_selection(folder, count="outlet-stories")) == 6   # two outlets carried it
    with pytest.raises(ValueError, match="count must be one of"):
        load_selection(folder, count="unique")


def test_load_selection_refuses_an_empty_selection():
    with pytest.raises(ValueError, match="no article .* start='2019-01-01'"):
        load_selection(CORPUS_DIR, start="2019-01-01")


def test_audit_of_selected_articles_and_its_sample(seed_articles):
    press_tv = select(seed_articles, ["Press TV"])
    audit = load_audit(CORPUS_DIR, press_tv)
    assert set(audit["article_id"]) == set(press_tv["article_id"])
    sample = audit_sample(load_audit(CORPUS_DIR), per_rule=1)
    assert sample["rule"].is_unique
    assert set(sample["rule"]) == set(load_audit(CORPUS_DIR)["rule"])


def test_date_confidence_of_the_seed_datelines(seed_articles):
    confidence = dict(zip(seed_articles["article_id"], seed_articles["date_confidence"]))
    assert confidence["2cabe1b1d240ea97"] == "high"     # "March 6, 2017, 8:29 am": a time
    assert confidence["c25635f3460691ac"] == "high"     # "Thursday 24 September 2015 14:32": it was a Thursday
    assert confidence["f1e5e4c1dfc49953"] == "medium"   # "14.02.2018, Moscow.": a date alone, day > 12
    assert confidence["efd0d1664d1d1a47"] == confidence["dfe3d341facf82c9"] == ""   # inferred in the manifest
