"""Tests for helpers.corpus.check and the loader's use of it: one hand-made bad corpus per problem,
legacy encodings, Parquet shards, skipping broken articles, and `corpus check` on the CLI."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.corpus import check
from helpers.corpus.check import MAX_BYTES, Problem, check_corpus, read_text
from helpers.config import CORPUS_DIR, PROJECT_ROOT
from helpers.corpus.reading import CorpusError, load_corpus, read_corpus

HEADER = "article_id,file,outlet,published,date_source,title,author,url,note\n"
PROSE = ("Kremlin spokesman Dmitry Peskov told reporters on Friday that Moscow would "
         "continue its operation in Syria.\n")
CAFE = "Peskov met reporters at a caf\u00e9 and called the talks \u201cuseful\u201d.\n"


def make_corpus(folder: Path, rows: list[str], files: dict[str, bytes | str] | None = None,
                header: str = HEADER) -> Path:
    """Folder, manifest rows (CSV lines), {relative path: content} -> a corpus folder."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORPUS_DIR / "outlets.csv", folder / "outlets.csv")
    (folder / "manifest.csv").write_text(header + "".join(r + "\n" for r in rows),
                                         encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def write_shard(path: Path, rows: dict[str, str | None],
                columns: tuple[str, str] = ("article_id", "raw_text")) -> None:
    """Path and {article_id: raw_text} -> a Parquet shard (columns named as given)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pd.DataFrame({columns[0]: list(rows), columns[1]: list(rows.values())})
    table.to_parquet(path, index=False)


def only(problems: list[Problem]) -> Problem:
    """A list of problems -> its single problem (the test fails if there are more)."""
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def one_problem(folder: Path) -> str:
    """A corpus folder with one problem -> that problem as printed."""
    return str(only(check_corpus(folder, metadata=False)))


# ---------------------------------------------------------------- Problem

def test_problem_prints_severity_where_and_message():
    problem = Problem("manifest.csv row 7 (abc): articles/x.txt", "file is empty (0 bytes)")
    assert str(problem) == ("error: manifest.csv row 7 (abc): articles/x.txt: "
                            "file is empty (0 bytes)")
    assert Problem("a.txt", "odd", "warning").severity == "warning"


def test_bundled_corpus_has_no_problems():
    assert check_corpus(CORPUS_DIR) == []
    assert check_corpus() == []


# ---------------------------------------------------------------- one text per file

def test_path_outside_the_folder(tmp_path):
    (tmp_path / "x.txt").write_text(PROSE, encoding="utf-8")
    folder = make_corpus(tmp_path / "c", ["a1,../x.txt,,,,,,,"])
    problem = one_problem(folder)
    assert problem.startswith("error: manifest.csv row 2 (a1): ../x.txt:")
    assert "outside the corpus folder" in problem


def test_absolute_path_outside_the_folder(tmp_path):
    outside = tmp_path / "x.txt"
    outside.write_text(PROSE, encoding="utf-8")
    folder = make_corpus(tmp_path / "c", [f"a1,{outside},,,,,,,"])
    problem = one_problem(folder)
    assert f"row 2 (a1): {outside}" in problem and "outside the corpus folder" in problem


def test_symlink_pointing_outside_the_folder(tmp_path):
    outside = tmp_path / "x.txt"
    outside.write_text(PROSE, encoding="utf-8")
    folder = make_corpus(tmp_path / "c", ["a1,articles/link.txt,,,,,,,"])
    (folder / "articles").mkdir()
    (folder / "articles" / "link.txt").symlink_to(outside)
    problem = one_problem(folder)
    assert "row 2 (a1): articles/link.txt" in problem and "outside the corpus folder" in problem


def test_missing_file(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,articles/gone.txt,,,,,,,"])
    assert one_problem(folder) == ("error: manifest.csv row 2 (a1): articles/gone.txt: "
                                   "file not found")


def test_unreadable_file_a_folder(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,articles,,,,,,,"], {"articles/x.txt": PROSE})
    problems = check_corpus(folder, metadata=False)
    problem = next(str(p) for p in problems if "row 2" in p.where)
    assert "row 2 (a1): articles:" in problem and "cannot read file" in problem


def test_unreadable_file_reported_by_read_text(tmp_path, monkeypatch):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": PROSE})

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    text, encoding, [problem] = read_text(folder, 2, {"article_id": "a1", "file": "a.txt"}, {})
    assert text is None and encoding is None
    assert str(problem) == ("error: manifest.csv row 2 (a1): a.txt: "
                            "cannot read file (Permission denied)")


@pytest.mark.parametrize("content, what", [
    (b"", "0 bytes"),
    (b"  \n\t\r\n \n", "only white space"),
    ("\u00a0\n\u3000\n".encode("utf-8"), "only white space"),      # Unicode spaces
])
def test_empty_file(tmp_path, content, what):
    folder = make_corpus(tmp_path / "c", ["a1,good.txt,,,,,,,", "a2,empty.txt,,,,,,,"],
                         {"good.txt": PROSE, "empty.txt": content})
    assert one_problem(folder) == (f"error: manifest.csv row 3 (a2): empty.txt: "
                                   f"file is empty ({what})")


def test_binary_file_with_nul_bytes(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    folder = make_corpus(tmp_path / "c", ["a1,photo.txt,,,,,,,"], {"photo.txt": png})
    problem = one_problem(folder)
    assert "row 2 (a1): photo.txt" in problem and "binary" in problem and "NUL" in problem


def test_binary_file_with_many_control_characters(tmp_path):
    junk = (b"ab\x01\x02\x03\x1b\x7fcd" * 50)
    folder = make_corpus(tmp_path / "c", ["a1,junk.txt,,,,,,,"], {"junk.txt": junk})
    problem = one_problem(folder)
    assert "row 2 (a1): junk.txt" in problem and "binary" in problem
    assert "control characters" in problem


def test_a_few_control_characters_are_still_text(tmp_path):
    text = PROSE * 5 + "\f\x0b\n"                 # form feed and a stray vertical tab
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": text})
    assert check_corpus(folder, metadata=False) == []


def test_oversized_file(tmp_path):
    big = (PROSE * (MAX_BYTES // len(PROSE) + 2)).encode("utf-8")
    assert MAX_BYTES == 5 * 1024 * 1024 < len(big)
    folder = make_corpus(tmp_path / "c", ["a1,big.txt,,,,,,,"], {"big.txt": big})
    problem = one_problem(folder)
    assert "row 2 (a1): big.txt" in problem and "too large" in problem
    assert f"{len(big):,} bytes" in problem


def test_cp1252_file_is_decoded_with_a_warning_and_loads(tmp_path):
    data = CAFE.encode("cp1252")
    assert b"\xe9" in data and b"\x93" in data and b"\x94" in data
    folder = make_corpus(tmp_path / "c", ["a1,good.txt,,,,,,,", "a2,legacy.txt,,,,,,,"],
                         {"good.txt": PROSE, "legacy.txt": data})
    problem = only(check_corpus(folder, metadata=False))
    assert problem.severity == "warning" and problem.where == "manifest.csv row 3 (a2): legacy.txt"
    assert "not UTF-8: decoded as cp1252" in problem.message and "0xE9" in problem.message
    articles = load_corpus(folder).set_index("article_id")
    assert articles.loc["a2", "raw_text"] == CAFE
    assert list(articles["encoding"]) == ["utf-8", "cp1252"]


def test_text_cp1252_cannot_decode_falls_back_to_latin1(tmp_path):
    data = b"Stra\xdfe \x81 and \x8d marks\n"       # 0x81 and 0x8D are unassigned in cp1252
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": data})
    problem = only(check_corpus(folder, metadata=False))
    assert problem.severity == "warning" and "not UTF-8: decoded as latin-1" in problem.message
    row = load_corpus(folder).iloc[0]
    assert row["encoding"] == "latin-1" and row["raw_text"] == data.decode("latin-1")


def test_utf8_byte_order_mark_is_dropped(tmp_path):
    bom = b"\xef\xbb\xbf" + PROSE.encode("utf-8")
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": bom})
    assert check_corpus(folder, metadata=False) == []
    row = load_corpus(folder).iloc[0]
    assert row["raw_text"] == PROSE and row["encoding"] == "utf-8-sig"


def test_read_text_returns_text_encoding_and_problems(tmp_path):
    folder = make_corpus(tmp_path / "c", [], {"a.txt": PROSE, "b.txt": CAFE.encode("cp1252")})
    assert read_text(folder, 2, {"article_id": "a", "file": "a.txt"}, {}) == (PROSE, "utf-8", [])
    text, encoding, [warning] = read_text(folder, 5, {"article_id": "b", "file": "b.txt"}, {})
    assert (text, encoding, warning.severity) == (CAFE, "cp1252", "warning")
    assert warning.where == "manifest.csv row 5 (b): b.txt"


# ---------------------------------------------------------------- the manifest

def test_duplicate_article_ids_name_every_row(tmp_path):
    folder = make_corpus(tmp_path / "c", ["same,a.txt,,,,,,,", "other,b.txt,,,,,,,",
                                          "same,c.txt,,,,,,,", "same,d.txt,,,,,,,"],
                         {n: PROSE for n in ["a.txt", "b.txt", "c.txt", "d.txt"]})
    problem = only(check_corpus(folder, metadata=False))
    assert problem.where == "manifest.csv row 2 (same)"
    assert "'same' appears more than once" in problem.message and "rows 2, 4, 5" in problem.message
    assert problem.rows == (2, 4, 5)


def test_missing_required_columns(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,Press TV"], {"a.txt": PROSE},
                         header="article_id,outlet\n")
    problems = [str(p) for p in check_corpus(folder, metadata=False)]
    assert "error: manifest.csv: the manifest lacks required column(s) file" in problems
    with pytest.raises(CorpusError, match="lacks required column"):
        read_corpus(folder)


def test_empty_article_id_and_empty_file(tmp_path):
    folder = make_corpus(tmp_path / "c", [",a.txt,,,,,,,", "a2,,,,,,,,"], {"a.txt": PROSE})
    problems = [str(p) for p in check_corpus(folder, metadata=False)]
    assert problems == [
        "error: manifest.csv row 2 (): the article_id column is empty: the row has no id",
        "error: manifest.csv row 3 (a2): the file column is empty: the row names no article file",
    ]


@pytest.mark.parametrize("published, says", [
    ("6th of Smarch 2017", "is not a date"),
    ("2017-13-45", "is not a date"),
    ("0217-03-06", "is outside the years 1990-2035"),
    ("2107-03-06", "is outside the years 1990-2035"),
    ("2017-03-06T08:29+03:00", "has a time-zone offset"),
    ("now", "is relative to the day it is read"),          # pandas reads it as the clock
    ("today", "is relative to the day it is read"),
    ("yesterday", "is relative to the day it is read"),
])
def test_bad_published_date(tmp_path, published, says):
    folder = make_corpus(tmp_path / "c", [f"a1,a.txt,,{published},,,,,"], {"a.txt": PROSE})
    problem = one_problem(folder)
    assert problem.startswith("error: manifest.csv row 2 (a1): ")
    assert f"published {published!r} {says}" in problem


def test_sane_years_moved_to_check_and_still_importable_from_corpus():
    from helpers.corpus import reading as corpus
    assert corpus.SANE_YEARS is check.SANE_YEARS == (1990, 2035)


def test_unknown_outlet_but_names_and_aliases_are_known(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,Daily Planet,,,,,,",
                                          "a2,a.txt,presstv,,,,,,",          # alias, any case
                                          "a3,a.txt,Krasnaya Vesna,,,,,,",   # alias
                                          "a4,a.txt,Press TV,,,,,,"],        # name
                         {"a.txt": PROSE})
    problem = one_problem(folder)
    assert problem == ("warning: manifest.csv row 2 (a1): outlet 'Daily Planet' is not in "
                       "outlets.csv: it is kept as given; add it there to give it "
                       "aliases/domains/country")


def test_an_outlet_the_registry_lacks_loads_as_given(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt, Daily Planet ,,,,,,",
                                          "a2,a.txt,presstv,,,,,,"], {"a.txt": PROSE})
    articles = load_corpus(folder).set_index("article_id")
    assert (articles.at["a1", "outlet"], articles.at["a1", "outlet_source"]) == ("Daily Planet",
                                                                                 "manifest")
    assert articles.at["a2", "outlet"] == "Press TV"               # a known alias: the name


def test_file_without_a_manifest_row(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,articles/a.txt,,,,,,,"],
                         {"articles/a.txt": PROSE, "articles/lost.txt": PROSE,
                          "articles/old/lost2.txt": PROSE, ".hidden/notes.txt": PROSE})
    problems = check_corpus(folder, metadata=False)
    assert [p.where for p in problems] == ["articles/lost.txt", "articles/old/lost2.txt"]
    assert all(p.severity == "error" and "has no manifest row" in p.message for p in problems)


def test_shard_without_a_manifest_row(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": PROSE})
    write_shard(folder / "shards" / "part-0001.parquet", {"x": PROSE})
    problem = only(check_corpus(folder, metadata=False))
    assert problem.where == "shards/part-0001.parquet" and "has no manifest row" in problem.message


def test_a_file_named_differently_still_counts_as_named(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,./articles//a.txt,,,,,,,"], {"articles/a.txt": PROSE})
    assert check_corpus(folder, metadata=False) == []


def test_extra_manifest_columns_are_allowed(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,,fakenews,42"], {"a.txt": PROSE},
                         header=HEADER.strip() + ",source,score\n")
    assert check_corpus(folder, metadata=False) == []
    assert len(load_corpus(folder)) == 1


def test_no_manifest(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(CORPUS_DIR / "outlets.csv", folder)
    problem = one_problem(folder)
    assert problem.startswith("error: manifest.csv: no manifest")


def test_empty_manifest(tmp_path):
    folder = make_corpus(tmp_path / "c", [], header="")
    assert one_problem(folder) == "error: manifest.csv: the manifest is empty: it has no header row"


# ---------------------------------------------------------------- the outlet registry

def test_registry_missing(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": PROSE})
    (folder / "outlets.csv").unlink()
    problem = one_problem(folder)
    assert problem.startswith("error: outlets.csv: no outlet registry")
    with pytest.raises(CorpusError, match="no outlet registry"):
        read_corpus(folder, skip_broken=True)           # nothing can load without a registry


def test_registry_without_required_columns(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": PROSE})
    (folder / "outlets.csv").write_text("outlet,domains\nPress TV,presstv.com\n", encoding="utf-8")
    problem = one_problem(folder)
    assert problem.startswith("error: outlets.csv: the outlet registry lacks column(s) aliases")
    assert "country" in problem and "kind" in problem


# ---------------------------------------------------------------- Parquet shards

def test_two_articles_in_one_shard_load_exactly(tmp_path, monkeypatch):
    texts = {"s1": "First article.\n\n" + PROSE, "s2": CAFE + "\n" + PROSE + "\u00a0end\r\n"}
    folder = make_corpus(tmp_path / "c", ["s1,shards/part-0.parquet,Press TV,,,,,,",
                                          "t1,articles/t.txt,,,,,,,",
                                          "s2,shards/part-0.parquet,,,,,,,"],
                         {"articles/t.txt": PROSE})
    write_shard(folder / "shards" / "part-0.parquet", {"other": PROSE, **texts})
    reads = []
    real_read = check._read_shard
    monkeypatch.setattr(check, "_read_shard", lambda path: reads.append(path) or real_read(path))
    assert check_corpus(folder, metadata=False) == []
    assert len(reads) == 1                                  # each shard read once
    articles = load_corpus(folder).set_index("article_id")
    assert len(reads) == 2
    assert articles.loc["s1", "raw_text"] == texts["s1"]
    assert articles.loc["s2", "raw_text"] == texts["s2"]
    assert articles.loc["s1", "file"] == "shards/part-0.parquet"
    assert set(articles["encoding"]) == {"utf-8"}


def test_shard_without_the_article_id(tmp_path):
    folder = make_corpus(tmp_path / "c", ["s1,shards/p.parquet,,,,,,,",
                                          "s2,shards/p.parquet,,,,,,,"])
    write_shard(folder / "shards" / "p.parquet", {"s1": PROSE})
    assert one_problem(folder) == ("error: manifest.csv row 3 (s2): shards/p.parquet: "
                                   "shard has no row with article_id 's2'")


def test_shard_missing(tmp_path):
    folder = make_corpus(tmp_path / "c", ["s1,shards/gone.parquet,,,,,,,"])
    assert one_problem(folder) == ("error: manifest.csv row 2 (s1): shards/gone.parquet: "
                                   "shard not found")


def test_shard_without_raw_text_column(tmp_path):
    folder = make_corpus(tmp_path / "c", ["s1,p.parquet,,,,,,,"])
    write_shard(folder / "p.parquet", {"s1": PROSE}, columns=("article_id", "text"))
    problem = one_problem(folder)
    assert "row 2 (s1): p.parquet" in problem and "shard lacks column(s) raw_text" in problem


def test_shard_that_is_not_parquet(tmp_path):
    folder = make_corpus(tmp_path / "c", ["s1,p.parquet,,,,,,,"], {"p.parquet": PROSE})
    problem = one_problem(folder)
    assert "row 2 (s1): p.parquet" in problem and "cannot read shard as Parquet" in problem


@pytest.mark.parametrize("raw, says", [("", "shard text is empty (0 bytes)"),
                                       (None, "is empty (null)"),
                                       ("bad\x00text", "shard text looks binary")])
def test_shard_text_is_checked_like_a_file(tmp_path, raw, says):
    folder = make_corpus(tmp_path / "c", ["s1,p.parquet,,,,,,,"])
    write_shard(folder / "p.parquet", {"s1": raw})
    problem = one_problem(folder)
    assert "row 2 (s1): p.parquet" in problem and says in problem


def test_shard_with_the_article_id_twice(tmp_path):
    folder = make_corpus(tmp_path / "c", ["s1,p.parquet,,,,,,,"])
    pd.DataFrame({"article_id": ["s1", "s1"], "raw_text": [PROSE, PROSE]}).to_parquet(
        folder / "p.parquet", index=False)
    assert "shard has 2 rows with article_id 's1'" in one_problem(folder)


# ---------------------------------------------------------------- all at once, loading

def broken_corpus(tmp_path: Path) -> Path:
    """tmp_path -> a corpus with two good articles and one of every kind of problem."""
    (tmp_path / "outside.txt").write_text(PROSE, encoding="utf-8")
    folder = make_corpus(tmp_path / "c", [
        "good1,articles/good1.txt,,,,,,,",                 # row 2
        "gone,articles/gone.txt,,,,,,,",                   # row 3
        "legacy,articles/legacy.txt,,,,,,,",               # row 4: warning only
        "dup,articles/good2.txt,,,,,,,",                   # row 5
        "dup,articles/good2.txt,,,,,,,",                   # row 6
        "escape,../outside.txt,,,,,,,",                    # row 7
        "baddate,articles/good1.txt,,not a date,,,,,",     # row 8
        "planet,articles/good1.txt,Daily Planet,,,,,,",    # row 9
        "empty,articles/empty.txt,,,,,,,",                 # row 10
        "binary,articles/binary.txt,,,,,,,",               # row 11
        "good2,articles/good3.txt,,,,,,,",                 # row 12
        "shard,p.parquet,,,,,,,",                          # row 13
    ], {"articles/good1.txt": PROSE, "articles/good2.txt": PROSE, "articles/good3.txt": PROSE,
        "articles/legacy.txt": CAFE.encode("cp1252"), "articles/empty.txt": b"",
        "articles/binary.txt": b"\x00\x01\x02", "articles/stray.txt": PROSE})
    write_shard(folder / "p.parquet", {"someone-else": PROSE})
    return folder


EXPECTED = [                       # (where starts with, message contains), in sorted order
    ("articles/stray.txt", "has no manifest row"),
    ("manifest.csv row 3 (gone)", "file not found"),
    ("manifest.csv row 4 (legacy)", "decoded as cp1252"),
    ("manifest.csv row 5 (dup)", "rows 5, 6"),
    ("manifest.csv row 7 (escape)", "outside the corpus folder"),
    ("manifest.csv row 8 (baddate)", "not a date"),
    ("manifest.csv row 9 (planet)", "Daily Planet"),
    ("manifest.csv row 10 (empty)", "file is empty"),
    ("manifest.csv row 11 (binary)", "binary"),
    ("manifest.csv row 13 (shard)", "no row with article_id 'shard'"),
]


def test_every_problem_reported_at_once_and_sorted(tmp_path):
    problems = check_corpus(broken_corpus(tmp_path), metadata=False)
    assert len(problems) == len(EXPECTED), "\n".join(map(str, problems))
    for problem, (where, says) in zip(problems, EXPECTED):
        assert problem.where.startswith(where) and says in problem.message, str(problem)
    assert [p.severity for p in problems].count("warning") == 2     # cp1252, Daily Planet


def test_read_corpus_raises_listing_every_problem_one_per_line(tmp_path):
    with pytest.raises(CorpusError) as info:
        read_corpus(broken_corpus(tmp_path))
    lines = str(info.value).splitlines()
    assert "8 error(s), 2 warning(s)" in lines[0]
    assert len(lines) == 1 + len(EXPECTED) == 1 + len(info.value.problems)
    for line, (where, says) in zip(lines[1:], EXPECTED):
        assert where in line and says in line
    assert any(p.startswith("warning: manifest.csv row 4 (legacy)") for p in info.value.problems)


def test_skip_broken_loads_the_good_articles_and_warns_naming_the_skipped(tmp_path):
    folder = broken_corpus(tmp_path)
    with pytest.warns(UserWarning) as caught:
        articles, audit = read_corpus(folder, skip_broken=True)
    assert sorted(articles["article_id"]) == ["good1", "good2", "legacy", "planet"]
    assert set(audit["article_id"]) <= {"good1", "good2", "legacy", "planet"}
    [message] = [str(w.message) for w in caught]
    assert "skipped 8 broken article(s) of 12" in message
    assert "planet" not in message
    for article_id, why in [("gone", "file not found"), ("dup", "more than once"),
                            ("escape", "outside"), ("baddate", "not a date"),
                            ("empty", "empty"), ("binary", "binary"),
                            ("shard", "no row with article_id")]:
        assert any(line.strip().startswith(article_id) and why in line
                   for line in message.splitlines()), article_id
    assert "not loaded: articles/stray.txt" in message
    with pytest.warns(UserWarning, match="skipped 8"):
        assert len(load_corpus(folder, skip_broken=True)) == 4


def test_warnings_alone_neither_raise_nor_warn(tmp_path, recwarn):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": CAFE.encode("cp1252")})
    assert load_corpus(folder)["raw_text"].tolist() == [CAFE]
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


# ---------------------------------------------------------------- the command line

def run_check(folder: Path) -> subprocess.CompletedProcess:
    """A corpus folder -> the finished `python -m helpers corpus check` run on it."""
    return subprocess.run([sys.executable, "-m", "helpers", "corpus", "check", str(folder)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)


NO_DATE, NO_OUTLET = "no publication date", "no outlet"
CLI_EXPECTED = [                   # EXPECTED with the metadata warnings of the rows that load
    ("error: articles/stray.txt", "has no manifest row"),
    ("warning: manifest.csv row 2 (good1): articles/good1.txt", NO_DATE),
    ("warning: manifest.csv row 2 (good1): articles/good1.txt", NO_OUTLET),
    ("error: manifest.csv row 3 (gone)", "file not found"),
    ("warning: manifest.csv row 4 (legacy): articles/legacy.txt", "decoded as cp1252"),
    ("warning: manifest.csv row 4 (legacy): articles/legacy.txt", NO_DATE),
    ("warning: manifest.csv row 4 (legacy): articles/legacy.txt", NO_OUTLET),
    ("error: manifest.csv row 5 (dup)", "rows 5, 6"),
    ("error: manifest.csv row 7 (escape)", "outside the corpus folder"),
    ("error: manifest.csv row 8 (baddate)", "not a date"),
    ("warning: manifest.csv row 9 (planet)", "'Daily Planet' is not in outlets.csv"),
    ("warning: manifest.csv row 9 (planet): articles/good1.txt", NO_DATE),
    ("error: manifest.csv row 10 (empty)", "file is empty"),
    ("error: manifest.csv row 11 (binary)", "binary"),
    ("warning: manifest.csv row 12 (good2): articles/good3.txt", NO_DATE),
    ("warning: manifest.csv row 12 (good2): articles/good3.txt", NO_OUTLET),
    ("error: manifest.csv row 13 (shard)", "no row with article_id 'shard'"),
]


def test_cli_check_prints_every_problem_and_exits_1(tmp_path):
    run = run_check(broken_corpus(tmp_path))
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(CLI_EXPECTED) + 1, run.stdout
    for (where, says), line in zip(CLI_EXPECTED, lines):
        assert line.startswith(where + ": ") and says in line, line
    assert lines[-1].endswith("8 error(s), 9 warning(s)")


def test_cli_check_on_the_bundled_corpus_exits_0():
    run = run_check(CORPUS_DIR)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 error(s)" in run.stdout


def test_cli_check_warnings_only_exits_0(tmp_path, capsys):
    from helpers.__main__ import main                   # in-process: a subprocess takes seconds

    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": CAFE.encode("cp1252")})
    assert main(["corpus", "check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "warning: manifest.csv row 2 (a1): a.txt: not UTF-8: decoded as cp1252" in out
    assert "warning: manifest.csv row 2 (a1): a.txt: no publication date" in out
    assert "warning: manifest.csv row 2 (a1): a.txt: no outlet" in out
    assert "0 error(s), 3 warning(s)" in out


# ---------------------------------------------------------------- metadata warnings

RT_TEXT = "\n".join(["Home / World News /",
                     "Putin orders Russian troops to start withdrawing from Syria",
                     "Published time: 11 Dec, 2017 14:05", "By Jane Smith", PROSE])


def test_metadata_warnings_name_each_article_and_what_it_lacks(tmp_path):
    folder = make_corpus(tmp_path / "c", [
        "rt,rt.txt,Press TV,,,,,,",                                        # row 2: all found
        "undated,a.txt,Press TV,,,,,,",                                    # row 3
        "nooutlet,a.txt,,2017-12-11,,,,,",                                 # row 4
        "nav,a.txt,Press TV,2017-12-11,,Home > Middle East > Syria,,,",    # row 5
        "headline,a.txt,Press TV,2017-12-11,,Putin visits Syria | RT,,,",  # row 6: a headline
        "gone,missing.txt,,,,,,,",                                         # row 7: an error only
    ], {"rt.txt": RT_TEXT, "a.txt": PROSE})
    assert [str(p) for p in check_corpus(folder)] == [
        "warning: manifest.csv row 3 (undated): a.txt: no publication date: the manifest's "
        "published column is empty and no dateline or dated byline of the text gives one; "
        "add it to the manifest (with date_source)",
        "warning: manifest.csv row 4 (nooutlet): a.txt: no outlet: the manifest's outlet column "
        "is empty and the text names no outlet of outlets.csv; add it to the manifest",
        "warning: manifest.csv row 5 (nav): a.txt: title 'Home > Middle East > Syria' (from the "
        "manifest) looks like site navigation, not a headline; give the headline in the "
        "manifest's title column",
        "error: manifest.csv row 7 (gone): missing.txt: file not found",
    ]


def test_the_issue_10_layout_loads_with_its_metadata_from_the_text(tmp_path):
    folder = make_corpus(tmp_path / "c", ["rt,rt.txt,Press TV,,,,,,"], {"rt.txt": RT_TEXT})
    row = load_corpus(folder).iloc[0]
    assert (row["title"], row["title_source"]) == (
        "Putin orders Russian troops to start withdrawing from Syria", "text")
    assert (row["published"], row["date_source"], row["date_confidence"]) == (
        pd.Timestamp("2017-12-11 14:05"), "text", "high")
    assert (row["author"], row["author_source"]) == ("Jane Smith", "text")
    assert row["body"] == PROSE.strip()


def test_metadata_warnings_can_be_left_out(tmp_path):
    folder = make_corpus(tmp_path / "c", ["a1,a.txt,,,,,,,"], {"a.txt": PROSE})
    assert check_corpus(folder, metadata=False) == []
    assert [p.message.split(":")[0] for p in check_corpus(folder)] == ["no publication date",
                                                                      "no outlet"]
