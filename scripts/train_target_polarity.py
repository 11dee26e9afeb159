"""Train the target-polarity model and write it to helpers/data/target_polarity.json.

    .venv/bin/python scripts/train_target_polarity.py            # train, write the model
    .venv/bin/python scripts/train_target_polarity.py --cv       # first choose C by 5-fold CV

Reads the train split of NewsMTSC ("rw" variant; Hamborg & Donnay, EACL 2021; MIT licence)
from ``../shared/data/newsmtsc/train.jsonl`` (or ``--train``): one sentence per line with one
target (``from``, ``to``) and its polarity (-1, 0, 1). Only the train split is read. Each
target becomes ``helpers.measures.target_polarity.target_features``; features seen in fewer than
MIN_DF training rows are dropped; a multinomial logistic regression (scikit-learn, lbfgs,
balanced class weights) is fitted and its weights are written as JSON, rounded to
DIGITS significant digits, so inference needs no scikit-learn.

``--cv`` runs 5-fold cross-validation on train, folds grouped by sentence (a sentence with
two targets stays in one fold) and seeded, over the grid C_GRID, prints each C's macro-F1
and per-class F1, and trains with the best. Without it C is the one CV chose last time
(C below). The fit is deterministic: the same data, code and library versions give the
same file byte for byte. Needs the ``train`` extra (scikit-learn).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.measures.target_polarity import LABELS, MODEL_FILE, target_features  # noqa: E402

# ../shared beside the checkout (or beside the folder holding it, for a worktree)
NEWSMTSC = next((p / "shared" / "data" / "newsmtsc" for p in ROOT.parents[:2]
                 if (p / "shared" / "data" / "newsmtsc").is_dir()),
                ROOT.parent / "shared" / "data" / "newsmtsc")
TRAIN = NEWSMTSC / "train.jsonl"
C = 0.05                    # chosen by --cv on train (grid C_GRID)
C_GRID = (0.02, 0.05, 0.1, 0.2)
MIN_DF = 3                  # a feature must occur in this many training rows
DIGITS = 5                  # significant digits kept of each weight
SEED = 0


def read_rows(path: Path) -> list[dict]:
    """NewsMTSC JSON Lines file -> its rows (sentence, from, to, polarity), checked."""
    rows = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} line {no}: not JSON ({exc})") from exc
        if not _valid(row):
            raise ValueError(f"{path} line {no}: needs polarity in {LABELS} and a span "
                             "(from, to) inside the sentence")
        rows.append(row)
    return rows


def _valid(row: object) -> bool:
    """A parsed line -> whether it has a sentence, a span inside it and a polarity label."""
    return (isinstance(row, dict) and isinstance(row.get("sentence"), str)
            and row.get("polarity") in LABELS
            and all(isinstance(row.get(k), int) for k in ("from", "to"))
            and 0 <= row["from"] < row["to"] <= len(row["sentence"]))


def design(rows: list[dict]):
    """Rows -> (sparse feature matrix with features of MIN_DF+ rows, feature names, labels)."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer(sort=True)
    X = vec.fit_transform([target_features(r["sentence"], r["from"], r["to"]) for r in rows])
    keep = np.flatnonzero(np.diff(X.tocsc().indptr) >= MIN_DF)
    names = vec.get_feature_names_out()[keep]
    return X[:, keep].tocsr(), [str(n) for n in names], np.array([r["polarity"] for r in rows])


def model(c: float):
    """C -> the (unfitted) logistic regression."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, tol=1e-6)


def cross_validate(X, y, groups: list[str]) -> float:
    """Design matrix, labels, sentence of each row -> the C of C_GRID with the best CV macro-F1."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict

    folds = StratifiedGroupKFold(5, shuffle=True, random_state=SEED)
    best = (-1.0, C)
    for c in C_GRID:
        predicted = cross_val_predict(model(c), X, y, cv=folds, groups=groups)
        macro = f1_score(y, predicted, average="macro")
        per_class = f1_score(y, predicted, average=None, labels=list(LABELS))
        print(f"C={c}: CV macro-F1 {macro:.3f}, per class (-1, 0, 1) "
              + ", ".join(f"{f:.3f}" for f in per_class), flush=True)
        best = max(best, (macro, c))
    return best[1]


def _round(x: float) -> float:
    """A weight -> the same to DIGITS significant digits."""
    return float(f"{x:.{DIGITS}g}")


def fitted_model(X, y, names: list[str], c: float, n_rows: int) -> dict:
    """Design matrix, labels, feature names, C -> the model file's content."""
    import sklearn

    fit = model(c).fit(X, y)
    assert list(fit.classes_) == list(LABELS)
    weights = [[_round(w) for w in column] for column in fit.coef_.T]
    kept = [(n, w) for n, w in zip(names, weights) if any(w)]
    return {
        "about": "target polarity (-1, 0, 1): multinomial logistic regression over "
                 "helpers.measures.target_polarity.target_features",
        "data": "NewsMTSC rw, train split (Hamborg & Donnay, EACL 2021; MIT licence)",
        "trained_by": "scripts/train_target_polarity.py",
        "n_train": n_rows, "C": c, "min_df": MIN_DF, "class_weight": "balanced",
        "scikit_learn": sklearn.__version__,
        "labels": list(LABELS),
        "intercept": [_round(b) for b in fit.intercept_],
        "features": [n for n, _ in kept],
        "weights": [w for _, w in kept],
    }


def main(argv: list[str] | None = None) -> None:
    """Command line -> the model trained and written (after CV, with --cv)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=TRAIN, help="NewsMTSC train.jsonl")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="model file to write")
    parser.add_argument("--cv", action="store_true", help="choose C by cross-validation first")
    args = parser.parse_args(argv)
    try:
        rows = read_rows(args.train)
    except (OSError, ValueError) as exc:
        sys.exit(f"cannot train: {exc}")
    X, names, y = design(rows)
    print(f"{len(rows)} training rows, {len(names)} features in {MIN_DF}+ rows", flush=True)
    c = cross_validate(X, y, [r["sentence"] for r in rows]) if args.cv else C
    content = fitted_model(X, y, names, c, len(rows))
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":")) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"C={c}: wrote {args.out.name}, {len(content['features'])} features, "
          f"{len(text.encode()) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
