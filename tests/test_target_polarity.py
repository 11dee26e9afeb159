"""Tests for helpers.measures.target_polarity: features, the shipped model, labels, and dev validity."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.text.sentences import vader
from helpers.measures.tone import sign_class
from helpers.measures.target_polarity import (
    LABELS,
    MODEL_FILE,
    load_model,
    polarity_scores,
    target_features,
    target_polarity,
)
from helpers.measures.validation import f1_per_label, macro_f1

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (or beside the folder holding it, for a worktree)
NEWSMTSC = next((p / "shared" / "data" / "newsmtsc" for p in ROOT.parents[:2]
                 if (p / "shared" / "data" / "newsmtsc").is_dir()), None)


def polarity_of(text: str, name: str) -> int:
    """Text and a name in it -> target_polarity of its first occurrence."""
    start = text.index(name)
    return target_polarity(text, start, start + len(name))


# --- labels on sentences whose answer is plain ---------------------------------------------

@pytest.mark.parametrize("text, name, expected", [
    ("Critics condemned Russia for the brutal bombing that killed hundreds of innocent "
     "civilians.", "Russia", -1),
    ("Human rights groups accused Assad of horrific war crimes and torture.", "Assad", -1),
    ("The charity praised Merkel for her generous and courageous leadership.", "Merkel", 1),
    ("Fans cheered Obama, who won a well-deserved award for his wonderful work.", "Obama", 1),
    ("Putin arrived in Moscow on Tuesday for the meeting.", "Putin", 0),
    ("The spokesman for the Pentagon said the report would be published on Friday.",
     "Pentagon", 0),
])
def test_plain_cases(text, name, expected):
    assert polarity_of(text, name) == expected


def test_the_same_words_toward_another_target():
    text = "Lavrov praised Kerry for his wise, constructive and helpful diplomacy."
    assert polarity_of(text, "Kerry") == 1


def test_span_outside_the_sentence_is_refused():
    with pytest.raises(ValueError, match="not inside"):
        target_polarity("Russia spoke.", 3, 40)
    with pytest.raises(ValueError, match="not inside"):
        target_polarity("Russia spoke.", 4, 4)


# --- features --------------------------------------------------------------------------------

def test_features_mask_the_mention_and_read_its_context():
    feats = target_features("Russia was not praised, but Iran was.", 0, 6)
    assert "w:russia" not in feats and "w:iran" in feats          # the mention's words are masked
    assert feats["l1:<s>"] == 1.0 and feats["r1:was"] == 1.0 and feats["r2:not"] == 1.0
    assert feats["b:<t>_was"] == 1.0
    assert {"c:was", "c:not", "c:praised"} <= set(feats) and "c:iran" not in feats  # own clause
    assert feats["role:first"] == 1.0 and feats["role:negated_after"] == 1.0
    assert "role:quoted" not in feats
    # "praised" (VADER 2.2 ... positive) is negated: it counts toward the negative side
    assert "lex:neg" in feats and "lex:pos" not in feats


def test_quoted_pronoun_after_by():
    text = '"He was attacked by them," she said.'
    feats = target_features(text, text.index("them"), text.index("them") + 4)
    assert feats["role:by"] == 1.0 and feats["role:quoted"] == 1.0 and feats["role:pronoun"] == 1.0
    assert "role:speech_after" not in feats          # "said" is four tokens after, past the window


def test_probabilities_sum_to_one():
    probs = polarity_scores(target_features("Russia condemned the attack.", 0, 6))
    assert len(probs) == 3 and sum(probs) == pytest.approx(1.0)
    assert all(0 < p < 1 for p in probs)


# --- the shipped model -----------------------------------------------------------------------

def test_model_file_loads_with_its_declared_shape():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["labels"] == list(LABELS)
    assert len(data["features"]) == len(data["weights"]) == len(set(data["features"]))
    assert all(len(w) == 3 for w in data["weights"]) and len(data["intercept"]) == 3
    assert MODEL_FILE.stat().st_size < 5_000_000
    weights, intercept = load_model()
    assert len(weights) == len(data["features"]) and intercept == tuple(data["intercept"])
    # every kind of feature target_features makes is in the model
    for prefix in ("w:", "b:", "l1:", "r1:", "c:", "lex:", "rule", "role:"):
        assert any(f.startswith(prefix) for f in weights), prefix


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"labels": [0, 1], "features": [], "weights": [],
                                "intercept": [0, 0]}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a target-polarity model"):
        load_model(path)


# --- validity on the development data --------------------------------------------------------

@pytest.fixture(scope="module")
def dev_rows() -> list[dict]:
    """NewsMTSC's dev split, or a skip saying why not."""
    if NEWSMTSC is None or not (NEWSMTSC / "dev.jsonl").is_file():
        pytest.skip("../shared/data/newsmtsc/dev.jsonl is not there (NewsMTSC dev split)")
    lines = (NEWSMTSC / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_dev_macro_f1_and_every_class_above_sentence_vader(dev_rows):
    gold = [r["polarity"] for r in dev_rows]
    ours = [target_polarity(r["sentence"], r["from"], r["to"]) for r in dev_rows]
    baseline = [int(x) for x in sign_class([vader().polarity_scores(r["sentence"])["compound"]
                                            for r in dev_rows])]
    assert macro_f1(gold, ours) >= 0.62
    ours_f1, vader_f1 = f1_per_label(gold, ours), f1_per_label(gold, baseline)
    assert all(ours_f1[k] > vader_f1[k] for k in LABELS), (ours_f1, vader_f1)


def test_a_roles_file_without_its_lists_is_refused(tmp_path):
    from helpers.measures.target_polarity import _roles

    path = tmp_path / "roles.toml"
    path.write_text('speech = ["said"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="pronouns"):
        _roles(path)


def test_training_rows_are_checked_with_file_and_line(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "train_target_polarity", ROOT / "scripts" / "train_target_polarity.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    good = {"sentence": "Russia spoke.", "from": 0, "to": 6, "polarity": 0}
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + json.dumps({**good, "polarity": 2}) + "\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"train.jsonl line 3: needs polarity"):
        script.read_rows(path)
    path.write_text(json.dumps({"sentence": "Russia spoke.", "polarity": 1}) + "\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 1: needs polarity .* a span"):
        script.read_rows(path)
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    assert script.read_rows(path) == [good]
