"""Tests for helpers.run.provenance: the run's provenance table, and values recorded for tests."""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nltk
import numpy as np
import pandas as pd
import papermill
import pytest

import helpers
from helpers.config import CORPUS_DIR
from helpers.run.provenance import RECORD_MIME, git_commit, record, recorded, run_provenance


def manifest_files() -> list[str]:
    with open(CORPUS_DIR / "manifest.csv", newline="", encoding="utf-8") as f:
        return [row["file"] for row in csv.DictReader(f)]


def expected_digest() -> str:
    """sha256 over manifest, registry and article files, each as name NUL bytes NUL."""
    digest = hashlib.sha256()
    for name in ["manifest.csv", "outlets.csv", *sorted(manifest_files())]:
        digest.update(name.encode() + b"\0" + (CORPUS_DIR / name).read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="module")
def provenance():
    return run_provenance(CORPUS_DIR, outlets=["The Independent", "Press TV"], freq="quarter",
                          start=None, min_articles=10)


def items(table: pd.DataFrame) -> dict[str, str]:
    return dict(zip(table["item"], table["value"]))


def test_provenance_columns_are_strings(provenance):
    assert list(provenance.columns) == ["item", "value"]
    assert all(isinstance(v, str) for v in provenance["value"])
    assert provenance["item"].is_unique


def test_provenance_article_count_and_corpus(provenance):
    got = items(provenance)
    assert len(manifest_files()) == 5
    assert got["articles in corpus"] == "5"
    assert got["corpus"] == str(CORPUS_DIR.resolve())          # the full path, not its name


def test_provenance_hash_is_the_full_corpus_digest(provenance):
    assert items(provenance)["corpus hash (sha256)"] == expected_digest()


def test_provenance_versions(provenance):
    got = items(provenance)
    assert got["package version"] == helpers.__version__
    assert got["Python"] == "{}.{}.{}".format(*sys.version_info[:3])
    assert got["pandas"] == pd.__version__ and got["NLTK"] == nltk.__version__
    assert got["papermill"] == papermill.__version__
    assert nltk.__version__ in got["sentiment"]
    assert "VADER" in got["sentiment"]


def git(folder, *args) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_commit_is_named_and_marked_when_files_differ(tmp_path):
    assert git_commit(tmp_path) is None                        # not a checkout: no commit
    git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("one")
    git(tmp_path, "add", "a.txt")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    head = git(tmp_path, "log", "-1", "--format=%H")
    assert len(head) == 40 and git_commit(tmp_path) == head
    (tmp_path / "a.txt").write_text("two")
    assert git_commit(tmp_path) == f"{head} (with uncommitted changes)"


def test_provenance_names_the_commit_of_this_checkout(provenance):
    root = Path(helpers.__file__).resolve().parents[1]
    if not (root / ".git").exists() or shutil.which("git") is None:
        assert "git commit" not in items(provenance)
    else:
        assert items(provenance)["git commit"].split()[0] == git(root, "log", "-1", "--format=%H")


def test_provenance_run_time_is_now_utc(provenance):
    run_at = datetime.strptime(items(provenance)["run at (UTC)"], "%Y-%m-%d %H:%M")
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    assert timedelta(0) <= now - run_at < timedelta(minutes=5)


def test_provenance_parameters_as_json(provenance):
    got = items(provenance)
    assert got["parameter outlets"] == '["The Independent", "Press TV"]'
    assert got["parameter freq"] == '"quarter"'
    assert got["parameter start"] == "null"
    assert got["parameter min_articles"] == "10"


def test_provenance_without_parameters_has_none():
    table = run_provenance(CORPUS_DIR)
    assert not any(i.startswith("parameter ") for i in table["item"])


def test_provenance_of_a_copied_corpus_names_its_folder(tmp_path):
    folder = tmp_path / "my-corpus"
    folder.mkdir()
    (folder / "manifest.csv").write_text("article_id,file\nx1,articles/x1.txt\nx2,articles/x2.txt\n")
    (folder / "articles").mkdir()
    (folder / "articles" / "x1.txt").write_text("One.")
    (folder / "articles" / "x2.txt").write_text("Two.")
    got = items(run_provenance(folder))
    assert got["corpus"] == str(folder)
    assert got["articles in corpus"] == "2"


# --- record / recorded ------------------------------------------------------------------------

@pytest.fixture
def captured(monkeypatch):
    """What record() displays, as nbformat display_data outputs."""
    outputs = []

    def fake_display(obj, raw=False):
        assert raw is True
        outputs.append({"output_type": "display_data", "data": obj, "metadata": {}})

    monkeypatch.setattr("helpers.run.provenance.display", fake_display)
    return outputs


def notebook(*cells_outputs) -> dict:
    """Lists of outputs -> an nbformat-like notebook dict, with a markdown cell in between."""
    cells = [{"cell_type": "markdown", "source": "# Title", "metadata": {}}]
    for outputs in cells_outputs:
        cells.append({"cell_type": "code", "source": "", "metadata": {}, "outputs": outputs,
                      "execution_count": 1})
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_record_displays_one_raw_bundle(captured):
    record(n_articles=5)
    assert len(captured) == 1
    assert list(captured[0]["data"]) == [RECORD_MIME]
    assert captured[0]["data"][RECORD_MIME] == {"n_articles": 5}


def test_record_values_round_trip(captured):
    values = {"n_articles": 5, "mean": -0.25, "outlets": ["Press TV", "The Independent"],
              "table": {"a": 1, "b": [True, None]}, "label": "tone"}
    record(**values)
    assert recorded(notebook(captured)) == values


def test_recorded_survives_json_file_round_trip(captured, tmp_path):
    record(n=3, share=0.5)
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook(captured)))
    assert recorded(json.loads(path.read_text())) == {"n": 3, "share": 0.5}


def test_recorded_merges_cells_later_wins(captured):
    record(a=1, b=2)
    first = list(captured)
    captured.clear()
    record(b=3, c=4)
    nb = notebook(first, [{"output_type": "stream", "name": "stdout", "text": "hi\n"}], list(captured))
    assert recorded(nb) == {"a": 1, "b": 3, "c": 4}


def test_recorded_ignores_other_outputs():
    nb = notebook([{"output_type": "execute_result", "data": {"text/plain": "5"}, "metadata": {},
                    "execution_count": 1},
                   {"output_type": "stream", "name": "stdout", "text": "x"}])
    nb["cells"].append({"cell_type": "raw", "source": "", "metadata": {}})
    assert recorded(nb) == {}


def test_record_turns_non_json_values_into_text(captured):
    record(when=pd.Timestamp("2015-09-30"))
    assert recorded(notebook(captured)) == {"when": "2015-09-30 00:00:00"}


def test_record_numpy_integer_round_trips_as_number(captured):
    record(n=np.int64(5))
    assert recorded(notebook(captured)) == {"n": 5}


def test_record_through_ipython_display_hook():
    """The real IPython display machinery: record's bundle reaches the cell's outputs."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    existed = InteractiveShell.initialized()
    InteractiveShell.instance()
    try:
        with capture_output() as cap:
            record(n_articles=5, outlets=["Press TV"])
    finally:
        if not existed:
            InteractiveShell.clear_instance()
    outputs = [{"output_type": "display_data", "data": o.data, "metadata": o.metadata or {}}
               for o in cap.outputs]
    assert [list(o["data"]) for o in outputs] == [[RECORD_MIME]]
    assert recorded(notebook(outputs)) == {"n_articles": 5, "outlets": ["Press TV"]}
    assert cap.stdout == ""
