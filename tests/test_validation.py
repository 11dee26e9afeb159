"""Tests for helpers.measures.validation: sampling, the coding sheet, reading codes, agreement."""
from __future__ import annotations

import csv
import os

import krippendorff
import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from helpers.measures.validation import (  # noqa: E402
    EXAMPLE_FILE,
    EXAMPLE_NOTE,
    SHEET_COLUMNS,
    coder_agreement,
    coder_disagreements,
    coding_instructions,
    coding_sheet,
    compared,
    confusion,
    disagreements,
    load_example_codes,
    f1_per_label,
    macro_f1,
    measure_agreement,
    read_codes,
    reliability_matrix,
    sample_sentences,
    tone_label,
    write_coding_sheet,
)
from helpers.figures.validation import plot_confusion  # noqa: E402

FRAMES = pd.DataFrame({"frame": ["war", "talk"], "definition": ["War.", "Talks."], "source": ["", ""],
                       "terms": [["strike*", "bomb*"], ["talks", "agreement"]]})


def scored_table(rows: list[tuple]) -> pd.DataFrame:
    """(article_id, outlet, sentence_no, text, compound) -> a scored sentences table."""
    table = pd.DataFrame(rows, columns=["article_id", "outlet", "sentence_no", "text", "compound"])
    return table.assign(published=pd.NaT, start=0, end=table["text"].str.len())


def write_sheet(path, rows: list[dict]) -> str:
    """Rows of sheet values (missing columns blank) -> the path of a CSV coding sheet."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=SHEET_COLUMNS)
        writer.writeheader()
        for r in rows:
            writer.writerow({c: r.get(c, "") for c in SHEET_COLUMNS})
    return str(path)


def code(sentence_id, actor, tone, frame, coder, sentence=None):
    return {"sentence_id": sentence_id, "outlet": "Alpha", "sentence": sentence or f"Text of {sentence_id}.",
            "actor": actor, "tone": tone, "frame": frame, "coder": coder}


# --- sample_sentences -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def many_sentences() -> pd.DataFrame:
    rows = [(f"a{i % 4}", "Alpha", i, f"Alpha sentence {i}.", 0.0) for i in range(40)]
    rows += [(f"b{i % 2}", "Beta", i, f"Beta sentence {i}.", 0.0) for i in range(25)]
    rows += [("g0", "Gamma", i, f"Gamma sentence {i}.", 0.0) for i in range(3)]
    return scored_table(rows)


def test_sample_is_stratified_by_outlet(many_sentences):
    sample = sample_sentences(many_sentences, per_outlet=5, seed=1)
    assert sample["outlet"].value_counts().to_dict() == {"Alpha": 5, "Beta": 5, "Gamma": 3}   # Gamma: all 3
    assert not sample["sentence_id"].duplicated().any()
    assert list(sample.columns[:2]) == ["sentence_id", "article_id"]
    assert all(sid == f"{a}:{n}" for sid, a, n in zip(sample["sentence_id"], sample["article_id"],
                                                        sample["sentence_no"]))


def test_sample_is_reproducible_whatever_the_row_order(many_sentences):
    first = sample_sentences(many_sentences, per_outlet=5, seed=7)
    shuffled = many_sentences.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(first, sample_sentences(shuffled, per_outlet=5, seed=7))
    other = sample_sentences(many_sentences, per_outlet=5, seed=8)
    assert set(first["sentence_id"]) != set(other["sentence_id"])


def test_sample_of_one_outlet_ignores_the_others(many_sentences):
    alone = sample_sentences(many_sentences[many_sentences["outlet"] == "Alpha"], per_outlet=5, seed=2)
    together = sample_sentences(many_sentences, per_outlet=5, seed=2)
    assert list(alone["sentence_id"]) == list(together.loc[together["outlet"] == "Alpha", "sentence_id"])


def test_sample_bad_size(many_sentences):
    with pytest.raises(ValueError, match="per_outlet"):
        sample_sentences(many_sentences, per_outlet=0)


# --- coding sheet -----------------------------------------------------------------------------

def test_coding_sheet_one_row_per_sentence_and_actor(many_sentences):
    sample = sample_sentences(many_sentences, per_outlet=2)
    sheet = coding_sheet(sample, actors=("Russia", "United States"))
    assert list(sheet.columns) == SHEET_COLUMNS
    assert len(sheet) == 2 * len(sample)
    assert list(sheet["actor"][:2]) == ["Russia", "United States"]
    assert (sheet[["tone", "frame", "coder", "notes"]] == "").all().all()
    assert sheet["sentence"].iloc[0] == sample["text"].iloc[0]


def test_coding_instructions_list_labels_and_frames():
    text = coding_instructions(FRAMES)
    assert all(word in text for word in ["`negative`", "`neutral`", "`positive`", "`war`", "`talk`", "`none`"])


def test_write_coding_sheet_refuses_to_overwrite(tmp_path, many_sentences):
    sheet = coding_sheet(sample_sentences(many_sentences, per_outlet=1))
    path = tmp_path / "sheet.csv"
    assert write_coding_sheet(sheet, path) == path
    path.write_text("a coder's work", encoding="utf-8")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write_coding_sheet(sheet, path)
    assert path.read_text(encoding="utf-8") == "a coder's work"
    write_coding_sheet(sheet, path, overwrite=True)
    assert pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False).shape == sheet.shape
    assert os.listdir(tmp_path) == ["sheet.csv"]                  # no temporary file left behind


def test_written_sheet_filled_in_reads_back(tmp_path, many_sentences):
    sheet = coding_sheet(sample_sentences(many_sentences, per_outlet=1), actors=("Russia",))
    sheet = sheet.assign(tone="neutral", frame="none", coder="me")
    codes = read_codes(write_coding_sheet(sheet, tmp_path / "me.csv"), frames=FRAMES)
    assert len(codes) == len(sheet) and set(codes["coder"]) == {"me"}
    assert list(codes["row"]) == list(range(2, len(sheet) + 2))


# --- read_codes -------------------------------------------------------------------------------

def test_read_codes_reports_every_problem_with_file_and_row(tmp_path):
    path = write_sheet(tmp_path / "coder.csv", [
        code("a1:0", "Russia", "Negative ", "war", "ann"),                   # row 2: fine (case, space)
        code("a1:1", "Russia", "hostile", "war", "ann"),                     # row 3: unknown tone
        code("a1:2", "Russia", "neutral", "economy", "ann"),                 # row 4: unknown frame
        code("a1:3", "Russia", "neutral", "none", ""),                       # row 5: no coder
        code("a1:0", "Russia", "positive", "war", "ann"),                    # row 6: duplicate of row 2
        code("a1:4", "Russia", "", "", "ann"),                               # row 7: empty tone and frame
        code("a1", "", "neutral", "none", "ann"),                            # row 8: bad id, no actor
        code("a1:0", "United States", "neutral", "talk", "ann"),             # row 9: frame differs from row 2
    ])
    with pytest.raises(ValueError) as info:
        read_codes(path, frames=FRAMES)
    message = str(info.value)
    expected = [
        (3, "unknown tone 'hostile'"), (4, "unknown frame 'economy'"), (5, "coder is empty"),
        (6, "duplicate of"), (7, "tone is empty"), (7, "frame is empty"), (8, "is not article_id:sentence_no"),
        (8, "actor is empty"), (9, "frame 'talk' differs from 'war'"),
    ]
    for row, problem in expected:
        assert any(f"{path}, row {row}:" in line and problem in line for line in message.splitlines()), (row, problem)
    assert f"{path}, row 2:" not in message
    assert message.startswith(f"{len(expected)} problem(s)")


def test_read_codes_duplicates_across_files_and_missing_columns(tmp_path):
    first = write_sheet(tmp_path / "one.csv", [code("a1:0", "Russia", "neutral", "none", "ann")])
    second = write_sheet(tmp_path / "two.csv", [code("a1:0", "Russia", "positive", "none", "ann")])
    broken = tmp_path / "broken.csv"
    broken.write_text("sentence_id,tone\na1:0,neutral\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        read_codes([first, second, broken], frames=FRAMES)
    message = str(info.value)
    assert f"{second}, row 2: duplicate of {first}, row 2" in message
    assert f"{broken}: missing column(s) actor, frame, coder" in message


def test_read_codes_changed_sentence_text(tmp_path):
    path = write_sheet(tmp_path / "s.csv", [code("a1:0", "Russia", "neutral", "none", "ann", "One text."),
                                            code("a1:0", "Russia", "neutral", "none", "bob", "Edited text.")])
    with pytest.raises(ValueError, match=r"row 3: sentence text differs"):
        read_codes(path, frames=FRAMES)


def test_read_codes_folder_of_sheets(tmp_path):
    write_sheet(tmp_path / "ann.csv", [code("a1:0", "Russia", "neutral", "none", "ann")])
    write_sheet(tmp_path / "bob.csv", [code("a1:0", "Russia", "negative", "war", "bob")])
    codes = read_codes(tmp_path, frames=FRAMES)
    assert sorted(codes["coder"]) == ["ann", "bob"]
    assert codes["sentence_no"].tolist() == [0, 0] and codes["article_id"].tolist() == ["a1", "a1"]


# --- agreement between coders -----------------------------------------------------------------

def codes_table(tones: dict[str, list[str]], frames: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """{coder: tone per unit}, {coder: frame per unit} -> a codes table, units s:0, s:1, ... (actor Russia)."""
    rows = []
    for coder, labels in tones.items():
        for i, tone in enumerate(labels):
            frame = (frames or {}).get(coder, ["none"] * len(labels))[i]
            if tone is not None:
                rows.append({"sentence_id": f"s:{i}", "article_id": "s", "sentence_no": i, "outlet": "Alpha",
                             "sentence": f"Sentence {i}.", "actor": "Russia", "tone": tone, "frame": frame,
                             "coder": coder, "notes": "", "file": "x.csv", "row": i + 2})
    return pd.DataFrame(rows)


TONES_A = ["negative", "neutral", "positive", "neutral", "negative", "positive"]


def test_alpha_is_one_for_identical_coders():
    table = coder_agreement(codes_table({"ann": TONES_A, "bob": TONES_A},
                                        {"ann": ["war", "talk", "none"] * 2, "bob": ["war", "talk", "none"] * 2}))
    assert table["alpha"].tolist() == [1.0, 1.0]
    assert table["percent_agreement"].tolist() == [1.0, 1.0]
    assert table["level"].tolist() == ["ordinal", "nominal"]
    assert table["n_units"].tolist() == [6, 6]


def test_alpha_with_disagreements_matches_krippendorff_on_a_hand_made_matrix():
    bob = ["negative", "negative", "positive", "neutral", "neutral", "positive"]
    carl = ["negative", "neutral", None, "positive", "negative", "positive"]    # skipped unit 2
    frames = {"ann": ["war", "talk", "none", "war", "war", "talk"],
              "bob": ["war", "war", "none", "war", "talk", "talk"],
              "carl": ["war", "talk", "none", "none", "war", "talk"]}
    table = coder_agreement(codes_table({"ann": TONES_A, "bob": bob, "carl": carl}, frames)).set_index("variable")
    # negative 0, neutral 1, positive 2; rows ann, bob, carl; columns units 0-5.
    tone_matrix = np.array([[0, 1, 2, 1, 0, 2],
                            [0, 0, 2, 1, 1, 2],
                            [0, 1, np.nan, 2, 0, 2]])
    expected = krippendorff.alpha(reliability_data=tone_matrix, level_of_measurement="ordinal")
    assert table.at["tone", "alpha"] == pytest.approx(expected)
    assert table.at["tone", "alpha"] < 1
    # frames sorted: none 0, talk 1, war 2 (carl coded frames only where he coded tone)
    frame_matrix = np.array([[2, 1, 0, 2, 2, 1],
                             [2, 2, 0, 2, 1, 1],
                             [2, 1, np.nan, 0, 2, 1]])
    expected = krippendorff.alpha(reliability_data=frame_matrix, level_of_measurement="nominal")
    assert table.at["frame", "alpha"] == pytest.approx(expected) and expected < 1
    # all coders agree on units 0, 2 and 5, for tone and for frame
    assert table.at["tone", "percent_agreement"] == pytest.approx(3 / 6)
    assert table.at["frame", "percent_agreement"] == pytest.approx(3 / 6)
    assert table.at["tone", "n_coders"] == 3


def test_reliability_matrix_layout():
    matrix = reliability_matrix(codes_table({"ann": TONES_A, "bob": ["neutral", None, None, None, None, None]}),
                                "tone")
    assert list(matrix.index) == ["ann", "bob"]
    assert matrix.shape == (2, 1)                                 # only unit 0 has two coders
    assert matrix.to_numpy().tolist() == [[0.0], [1.0]]


def test_alpha_nan_with_a_note_for_one_coder():
    table = coder_agreement(codes_table({"ann": TONES_A}))
    assert table["alpha"].isna().all()
    assert all("only one coder" in note for note in table["note"])
    assert (table["n_units"] == 0).all()


def test_alpha_nan_when_nothing_varies():
    table = coder_agreement(codes_table({"ann": ["neutral"] * 3, "bob": ["neutral"] * 3})).set_index("variable")
    assert np.isnan(table.at["tone", "alpha"]) and "undefined" in table.at["tone", "note"]
    assert table.at["tone", "percent_agreement"] == 1.0


def test_coder_disagreements_lists_the_differing_units():
    codes = codes_table({"ann": TONES_A, "bob": ["negative", "positive"] + TONES_A[2:]},
                        {"ann": ["war"] * 6, "bob": ["war"] * 5 + ["talk"]})
    table = coder_disagreements(codes)
    assert table[["variable", "sentence_id", "actor"]].values.tolist() == [
        ["tone", "s:1", "Russia"], ["frame", "s:5", ""]]
    assert table["coders"].tolist() == ["ann: neutral; bob: positive", "ann: war; bob: talk"]


# --- agreement with measures ------------------------------------------------------------------

def test_macro_f1_by_hand():
    human = ["neg", "neg", "neg", "neu", "neu", "pos", "pos", "pos"]
    measured = ["neg", "neg", "neu", "neu", "pos", "pos", "neg", "pos"]
    # neg: TP 2, FP 1, FN 1 -> P 2/3, R 2/3, F1 2/3
    # neu: TP 1, FP 1, FN 1 -> F1 1/2
    # pos: TP 2, FP 1, FN 1 -> F1 2/3
    assert macro_f1(human, measured) == pytest.approx((2 / 3 + 1 / 2 + 2 / 3) / 3)
    assert macro_f1(["a", "a"], ["b", "b"]) == 0.0                # a and b both F1 0
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0
    assert np.isnan(macro_f1([], []))
    with pytest.raises(ValueError):
        macro_f1(["a"], [])
    per_label = f1_per_label(human, measured)
    assert list(per_label) == ["neg", "neu", "pos"]
    assert per_label == pytest.approx({"neg": 2 / 3, "neu": 1 / 2, "pos": 2 / 3})
    assert f1_per_label([-1, 1], [0, 1]) == {-1: 0.0, 0: 0.0, 1: 1.0}


@pytest.mark.parametrize("score, label", [(0.05, "positive"), (0.0499, "neutral"), (-0.05, "negative"),
                                          (-0.0499, "neutral"), (0.9, "positive")])
def test_tone_label_uses_vaders_cutoffs(score, label):
    assert tone_label(score) == label


@pytest.fixture
def measured_case():
    """Four sentences, two coders, one actor; a known VADER score and dictionary hits each."""
    scored = scored_table([
        ("a", "Alpha", 0, "Air strikes and bombing resumed.", -0.6),          # war 2
        ("a", "Alpha", 1, "The talks led to an agreement.", 0.5),              # talk 2
        ("b", "Beta", 0, "Strikes after the talks.", 0.01),                    # war 1, talk 1: tie -> war
        ("b", "Beta", 1, "Nothing to see.", 0.2),                              # no hit -> none
    ])
    rows = []
    for coder, tones, frames in [("ann", ["negative", "positive", "neutral", "negative"], ["war", "talk", "talk", "none"]),
                                 ("bob", ["negative", "neutral", "neutral", "positive"], ["war", "talk", "war", "none"])]:
        for s, tone, frame in zip(scored.itertuples(), tones, frames):
            rows.append({"sentence_id": f"{s.article_id}:{s.sentence_no}", "article_id": s.article_id,
                         "sentence_no": s.sentence_no, "outlet": s.outlet, "sentence": s.text, "actor": "Russia",
                         "tone": tone, "frame": frame, "coder": coder, "notes": "", "file": "x", "row": 2})
    return pd.DataFrame(rows), scored


def test_majority_label_tie_goes_to_first_coder(measured_case):
    codes, scored = measured_case
    table = compared(codes, scored, measure="vader").set_index("sentence_id")
    assert table["human"].tolist() == ["negative", "positive", "neutral", "negative"]    # ann wins ties
    assert table["measured"].tolist() == ["negative", "positive", "neutral", "positive"]
    assert table.at["a:1", "coders"] == "ann: positive; bob: neutral"


def test_measure_agreement_and_confusion(measured_case):
    codes, scored = measured_case
    table = measure_agreement(codes, scored, frames=FRAMES)
    assert table[["variable", "measure", "actor"]].values.tolist() == [
        ["tone", "vader", "all"], ["tone", "vader", "Russia"], ["frame", "dictionary", "all"]]
    vader = table.iloc[0]
    assert (vader["n"], vader["accuracy"]) == (4, 0.75)
    # negative: TP 1, FN 1 -> 2/3; neutral: TP 1 -> 1; positive: TP 1, FP 1 -> 2/3
    assert vader["macro_f1"] == pytest.approx((2 / 3 + 1 + 2 / 3) / 3)
    frames = table.iloc[2]
    # human: war, talk, talk (tie -> ann), none; dictionary: war, talk, war (tie -> first frame), none
    assert (frames["n"], frames["accuracy"]) == (4, 0.75)
    grid = confusion(codes, scored, measure="vader")
    assert len(grid) == 9 and grid["n"].sum() == 4
    assert grid.set_index(["human", "measure"]).at[("negative", "positive"), "n"] == 1
    frame_grid = confusion(codes, scored, measure="dictionary", frames=FRAMES).set_index(["human", "measure"])
    assert frame_grid.at[("talk", "war"), "n"] == 1 and len(frame_grid) == 9       # war, talk, none
    listed = disagreements(codes, scored, measure="dictionary", frames=FRAMES)
    assert listed["sentence_id"].tolist() == ["b:0"]
    assert listed["detail"].iloc[0] == "war 1 (Strikes); talk 1 (talks)"


def test_other_tone_columns_are_measured_when_present(measured_case):
    codes, scored = measured_case
    scored = scored.assign(compound_no_topic=[0.0, 0.5, 0.0, -0.3])
    table = measure_agreement(codes, scored, frames=FRAMES)
    assert set(table["measure"]) == {"vader", "compound_no_topic", "dictionary"}
    only = measure_agreement(codes, scored, measure="compound_no_topic")
    assert only["measure"].unique().tolist() == ["compound_no_topic"]
    with pytest.raises(ValueError, match="textblob"):
        measure_agreement(codes, scored, measure="textblob")


def test_changed_sentences_are_refused(measured_case):
    codes, scored = measured_case
    scored = scored.assign(text=scored["text"].where(scored["sentence_no"] == 0, "Something else."))
    with pytest.raises(ValueError, match="a:1 has a different text"):
        measure_agreement(codes, scored)
    with pytest.raises(ValueError, match="b:1 not in the scored"):
        measure_agreement(codes, scored.iloc[:3])


def test_plot_confusion(measured_case):
    codes, scored = measured_case
    ax = plot_confusion(confusion(codes, scored), "vader")
    assert "3 of 4 units agree" in ax.get_title() and "vader" in ax.get_xlabel()
    assert [t.get_text() for t in ax.texts] == ["1", "0", "1", "0", "1", "0", "0", "0", "1"]
    plt.close("all")


# --- the shipped example ----------------------------------------------------------------------

def test_example_reads_back_with_two_coders():
    codes = read_codes(EXAMPLE_FILE)
    assert sorted(codes["coder"].unique()) == ["example-coder-A", "example-coder-B"]
    assert (codes["notes"] == EXAMPLE_NOTE).all()
    assert codes.groupby(["sentence_id", "actor"]).ngroups == 20
    pd.testing.assert_frame_equal(codes, load_example_codes())


def test_example_sentences_are_real_seed_sentences(seed_articles):
    from helpers.text.sentences import split_sentences

    codes = load_example_codes()
    sentences = split_sentences(seed_articles)
    text = {f"{r.article_id}:{r.sentence_no}": (r.outlet, r.text) for r in sentences.itertuples()}
    for r in codes.itertuples():
        assert text[r.sentence_id] == (r.outlet, r.sentence)


def test_example_has_disagreements_and_runs_end_to_end(seed_articles):
    from helpers.measures.tone import sentence_sentiment

    codes = load_example_codes()
    agreement = coder_agreement(codes).set_index("variable")
    assert 0 < agreement.at["tone", "alpha"] < 1 and 0 < agreement.at["frame", "alpha"] < 1
    assert len(coder_disagreements(codes)) > 0
    table = measure_agreement(codes, sentence_sentiment(seed_articles))
    assert {"vader", "dictionary"} <= set(table["measure"])
    assert table["n"].max() == 20


def test_validation_uses_the_corpus_coding_sheets_when_it_has_them(tmp_path):
    from helpers.measures.validation import coding_sheets, validation_inputs

    scored = pd.DataFrame({"article_id": ["a"], "sentence_no": [0], "outlet": ["X"],
                           "text": ["Russia helped."], "compound": [0.5]})
    assert coding_sheets(tmp_path) == []
    codes, against, example = validation_inputs(tmp_path, [], scored)
    assert example and against is not scored                  # the EXAMPLE and the seeds it codes
    assert (codes["notes"] == EXAMPLE_NOTE).all()
    assert set(codes["sentence_id"]) <= {f"{a}:{n}" for a, n in zip(against["article_id"], against["sentence_no"])}
    (tmp_path / "coding").mkdir()
    rows = [{"sentence_id": "a:0", "outlet": "X", "sentence": "Russia helped.", "actor": "Russia",
             "tone": "positive", "frame": "none", "coder": c, "notes": ""} for c in ("ann", "bob")]
    for coder, row in zip(("ann", "bob"), rows):
        with open(tmp_path / "coding" / f"{coder}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=SHEET_COLUMNS)
            writer.writeheader()
            writer.writerow(row)
    assert [p.name for p in coding_sheets(tmp_path)] == ["ann.csv", "bob.csv"]
    codes, against, example = validation_inputs(tmp_path, [], scored)
    assert not example and against is scored
    assert sorted(codes["coder"]) == ["ann", "bob"]
    table = measure_agreement(codes, against, measure="vader")
    assert table.loc[table["actor"] == "all", "accuracy"].item() == 1.0    # 0.5 is positive: both agree
