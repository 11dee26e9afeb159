"""Validation: how well VADER and the frame dictionaries agree with people.

Dictionaries and VADER are only as good as their agreement with human coders. The steps:

1. ``sample_sentences``: a stratified, seeded sample of scored sentences (per outlet).
2. ``coding_sheet`` / ``write_coding_sheet``: a CSV a person fills in, one row per
   sentence and actor. ``write_coding_sheet`` never overwrites an existing sheet unless
   told to (``overwrite=True``): a coder's work must not be lost.
3. ``read_codes``: the filled sheets back (one per coder), checked; every problem is
   reported at once with its file and row.
4. ``coder_agreement``: agreement between people (Krippendorff's alpha, percent
   agreement); ``coder_disagreements`` lists where they differ.
5. ``measure_agreement`` / ``confusion`` / ``disagreements``: agreement between people
   and each measure (accuracy, macro-F1, confusion matrix, the sentences that differ).

A corpus's own filled sheets go in its ``coding/`` folder (``CODING_FOLDER``; CSV files,
one per coder): ``validation_inputs`` validates against them when they exist, and
otherwise shows the method on the shipped example and the seed sentences it codes.

Instructions for coders (``coding_instructions()`` gives them with the frame list)
-----------------------------------------------------------------------------------
Fill in one row per sentence and actor; leave sentence_id, outlet, sentence and actor
as they are.

- ``tone``: the tone of the sentence *toward the actor in the ``actor`` column*:
  ``negative``, ``neutral`` or ``positive``. Judge what the sentence says or implies
  about that actor (criticism, blame, failure -> negative; praise, success, a
  constructive role -> positive), not the mood of the events it reports. Write
  ``neutral`` when it neither praises nor criticises the actor, including when it does
  not concern the actor at all.
- ``frame``: the one frame (a name from ``helpers/data/frames.toml``) that best describes
  how the sentence presents the conflict, or ``none``. The frame belongs to the sentence:
  give the same frame on every row of one sentence.
- ``coder``: your name or code, on every row. Each coder fills their own copy.
- ``notes``: anything worth saying (optional).

Units: tone is coded per (sentence_id, actor), frame per sentence_id. When several coders
coded a unit, the *human label* compared with a measure is the majority label; a tie goes
to the label of the coder first in alphabetical order among those giving a tied label.

The shipped example (``EXAMPLE_FILE``, ``data/validation_example.csv``) is an EXAMPLE
coding for demonstration, NOT a validation of this corpus. Ten seed sentences (two per
outlet, picked by hand so that most name both actors; not drawn by ``sample_sentences``)
were coded toward Russia and the United States (20 units) under two labels,
"example-coder-A" and "example-coder-B". Both were written by one person reading each
sentence; where a sentence allows two readings, the two labels take different ones. They
are not independent coders, and every row's ``notes`` says "EXAMPLE coding for
demonstration; not a validation of this corpus". Its numbers only show that the notebook
runs end to end; they say nothing about how good VADER or the dictionaries are.
"""
from __future__ import annotations

import os
import re
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd

from helpers.run.cache import current_umask
from helpers.config import CORPUS_DIR, DATA_DIR
from helpers.measures.framing import frame_matches, load_frames
from helpers.measures.tone import POSITIVE

TONE_LABELS = ("negative", "neutral", "positive")      # ordered: tone is ordinal
NO_FRAME = "none"
DEFAULT_ACTORS = ("Russia", "United States")
SHEET_COLUMNS = ["sentence_id", "outlet", "sentence", "actor", "tone", "frame", "coder", "notes"]
CODE_COLUMNS = ["sentence_id", "article_id", "sentence_no", "outlet", "sentence", "actor", "tone",
                "frame", "coder", "notes", "file", "row"]
EXAMPLE_FILE = DATA_DIR / "validation_example.csv"
CODING_FOLDER = "coding"             # a corpus's filled coding sheets: <corpus>/coding/*.csv
EXAMPLE_NOTE = "EXAMPLE coding for demonstration; not a validation of this corpus"
# Tone measures: name -> column of the scored sentences table. Any other numeric column
# of that table may be named too; "dictionary" is the frame measure.
TONE_MEASURES = {"vader": "compound", "compound_no_topic": "compound_no_topic", "textblob": "textblob"}
FRAME_MEASURE = "dictionary"
ALL = "all"                          # the actor column's value for rows pooling every unit
SENTENCE_ID = re.compile(r"^(?P<article_id>.+):(?P<sentence_no>\d+)$")


# --- sampling and the coding sheet ------------------------------------------------------------

def _with_sentence_id(table: pd.DataFrame) -> pd.DataFrame:
    """Sentences (article_id, sentence_no) -> the same with sentence_id ("article_id:sentence_no") first."""
    ids = table["article_id"].astype(str) + ":" + table["sentence_no"].astype(int).astype(str)
    return table.drop(columns="sentence_id", errors="ignore").assign(sentence_id=ids)[
        ["sentence_id", *[c for c in table.columns if c != "sentence_id"]]]


def sample_sentences(scored: pd.DataFrame, *, per_outlet: int = 10, seed: int = 0) -> pd.DataFrame:
    """Scored sentences -> a sample of ``per_outlet`` sentences per outlet (all of an
    outlet's sentences when it has fewer), drawn without replacement.

    Columns: sentence_id ("article_id:sentence_no"), then every column of ``scored``;
    sorted by outlet, article_id, sentence_no. Reproducible: the same input rows (in any
    order) and seed give the same sample, and each outlet's draw is seeded by the seed and
    the outlet's name, so adding an outlet does not change the others' samples.
    """
    if per_outlet < 1:
        raise ValueError(f"per_outlet must be at least 1, not {per_outlet!r}")
    ordered = scored.sort_values(["outlet", "article_id", "sentence_no"], kind="stable").reset_index(drop=True)
    parts = []
    for outlet, group in ordered.groupby("outlet", sort=True):
        if len(group) > per_outlet:
            rng = np.random.default_rng([seed, zlib.crc32(str(outlet).encode("utf-8"))])
            group = group.iloc[np.sort(rng.choice(len(group), size=per_outlet, replace=False))]
        parts.append(group)
    sample = pd.concat(parts) if parts else ordered
    return _with_sentence_id(sample.reset_index(drop=True))


def coding_sheet(sample: pd.DataFrame, *, actors: Sequence[str] = DEFAULT_ACTORS) -> pd.DataFrame:
    """Sampled sentences -> a blank coding sheet: one row per sentence and actor.

    Columns (SHEET_COLUMNS): sentence_id, outlet, sentence (the text), actor (whom the
    tone is judged toward), and blank tone, frame, coder, notes for the coder to fill.
    """
    if not actors:
        raise ValueError("actors must name at least one actor")
    sample = _with_sentence_id(sample)
    rows = [(s.sentence_id, s.outlet, s.text, actor, "", "", "", "")
            for s in sample.itertuples(index=False) for actor in actors]
    return pd.DataFrame(rows, columns=SHEET_COLUMNS)


def coding_instructions(frames: pd.DataFrame | None = None) -> str:
    """Frame dictionary (default ``load_frames()``) -> the coders' instructions as Markdown,
    listing the tone labels and every frame name with its definition."""
    frames = load_frames() if frames is None else frames
    lines = [
        "**How to code.** One row per sentence and actor. Fill in `tone`, `frame` and `coder`;",
        "leave `sentence_id`, `outlet`, `sentence` and `actor` as they are.",
        "",
        "- `tone` toward the actor named in `actor`: " + ", ".join(f"`{t}`" for t in TONE_LABELS)
        + ". Judge what the sentence says or implies about that actor, not the mood of the events;",
        "  `neutral` when it neither praises nor criticises the actor (or does not concern it).",
        "- `frame`: the one frame that best describes the sentence, or `none`; the same on every",
        "  row of a sentence:",
        *[f"  - `{f.frame}`: {f.definition}" for f in frames.itertuples()],
        f"  - `{NO_FRAME}`: none of these.",
        "- `coder`: your name or code, on every row; each coder fills their own copy.",
        "- `notes`: optional.",
    ]
    return "\n".join(lines)


def write_coding_sheet(sheet: pd.DataFrame, path: str | Path, *, overwrite: bool = False) -> Path:
    """Coding sheet and a path -> the path, the sheet written there as UTF-8 CSV (with a
    byte-order mark, so spreadsheet programs read the accents right).

    Written to a temporary file in the same folder, then moved into place in one step, so
    a reader never sees half a sheet. An existing file is never replaced unless
    ``overwrite=True``: FileExistsError instead.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists: it may hold a coder's work. Choose another path, "
                              "or pass overwrite=True to replace it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(fd, 0o666 & ~current_umask())       # mkstemp makes 0o600: honour the umask
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            sheet.to_csv(f, index=False)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)           # fails if path appeared meanwhile: no clobbering
            except FileExistsError:
                raise FileExistsError(f"{path} exists: it may hold a coder's work. Choose another "
                                      "path, or pass overwrite=True to replace it.") from None
            except OSError:                  # no hard links here: check, then move
                if path.exists():
                    raise FileExistsError(f"{path} exists: pass overwrite=True to replace it.") from None
                os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


# --- reading codes back -----------------------------------------------------------------------

def _paths(path_or_paths) -> list[Path]:
    """A file, a folder (its *.csv) or several files -> a list of files."""
    if isinstance(path_or_paths, (str, Path)):
        path = Path(path_or_paths)
        return sorted(path.glob("*.csv")) if path.is_dir() else [path]
    return [Path(p) for p in path_or_paths]


def read_codes(path_or_paths: str | Path | Iterable[str | Path], *,
               frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Filled coding sheet(s) (files, or a folder of *.csv) -> one row per code, checked.

    Columns (CODE_COLUMNS): sentence_id, article_id, sentence_no, outlet, sentence, actor,
    tone, frame, coder, notes, file, row (the spreadsheet row: the header is row 1). Tone
    and frame are lower-cased and stripped. Raises ValueError listing every problem, each
    with its file and row: missing columns, a malformed sentence_id, an empty actor or
    coder, an empty or unknown tone or frame (frames from ``frames``, default
    ``load_frames()``, plus "none"), a duplicate (sentence_id, actor, coder), one coder
    giving one sentence different frames, or one sentence_id with different texts.
    """
    frames = load_frames() if frames is None else frames
    frame_names = [*frames["frame"], NO_FRAME]
    problems, tables = [], []
    for path in _paths(path_or_paths):
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except FileNotFoundError:
            problems.append(f"{path}: no such file")
            continue
        except UnicodeDecodeError:
            problems.append(f"{path}: not UTF-8 text (save it as 'CSV UTF-8')")
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            problems.append(f"{path}: not a readable CSV ({str(exc).strip()})")
            continue
        missing = [c for c in ["sentence_id", "actor", "tone", "frame", "coder"] if c not in table]
        if missing:
            problems.append(f"{path}: missing column(s) {', '.join(missing)}")
            continue
        for column in ["outlet", "sentence", "notes"]:
            if column not in table:
                table[column] = ""
        table = table.apply(lambda c: c.str.strip())
        table["tone"], table["frame"] = table["tone"].str.lower(), table["frame"].str.lower()
        table["file"], table["row"] = str(path), np.arange(2, len(table) + 2)
        for r in table.itertuples():
            where = f"{path}, row {r.row}"
            if not SENTENCE_ID.match(r.sentence_id):
                problems.append(f"{where}: sentence_id {r.sentence_id!r} is not article_id:sentence_no")
            if not r.actor:
                problems.append(f"{where}: actor is empty")
            if not r.tone:
                problems.append(f"{where}: tone is empty (use {', '.join(TONE_LABELS)})")
            elif r.tone not in TONE_LABELS:
                problems.append(f"{where}: unknown tone {r.tone!r} (use {', '.join(TONE_LABELS)})")
            if not r.frame:
                problems.append(f"{where}: frame is empty (use a frame name or {NO_FRAME!r})")
            elif r.frame not in frame_names:
                problems.append(f"{where}: unknown frame {r.frame!r} (known: {', '.join(frame_names)})")
            if not r.coder:
                problems.append(f"{where}: coder is empty")
        tables.append(table)
    codes = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=CODE_COLUMNS)
    problems += _cross_row_problems(codes)
    if problems:
        raise ValueError(f"{len(problems)} problem(s) in the coding sheet(s):\n" + "\n".join(problems))
    parts = codes["sentence_id"].str.extract(SENTENCE_ID)
    codes = codes.assign(article_id=parts["article_id"], sentence_no=parts["sentence_no"].astype("int64"))
    return codes[CODE_COLUMNS].reset_index(drop=True)


def _cross_row_problems(codes: pd.DataFrame) -> list[str]:
    """Codes of every file -> problems between rows: duplicates, a coder's frames differing
    within a sentence, texts differing within a sentence_id."""
    problems, seen, frame_of, text_of = [], {}, {}, {}
    for r in codes.itertuples():
        where = f"{r.file}, row {r.row}"
        key = (r.sentence_id, r.actor, r.coder)
        if r.coder and key in seen:
            problems.append(f"{where}: duplicate of {seen[key]} (same sentence_id, actor and coder)")
        seen.setdefault(key, where)
        if r.coder and r.frame:
            first = frame_of.setdefault((r.sentence_id, r.coder), (r.frame, where))
            if first[0] != r.frame:
                problems.append(f"{where}: frame {r.frame!r} differs from {first[0]!r} at {first[1]} "
                                "(same sentence and coder; a frame belongs to the sentence)")
        if r.sentence:
            first = text_of.setdefault(r.sentence_id, (r.sentence, where))
            if first[0] != r.sentence:
                problems.append(f"{where}: sentence text differs from {first[1]} (same sentence_id)")
    return problems


# --- agreement between people -----------------------------------------------------------------

def _units(codes: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Codes and "tone" or "frame" -> one row per unit and coder: sentence_id, actor ("" for
    frames, whose unit is the sentence), coder, label."""
    if variable == "tone":
        return codes[["sentence_id", "actor", "coder", "tone"]].rename(columns={"tone": "label"})
    if variable == "frame":
        table = codes.drop_duplicates(["sentence_id", "coder"])[["sentence_id", "coder", "frame"]]
        table = table.assign(actor="").rename(columns={"frame": "label"})
        return table[["sentence_id", "actor", "coder", "label"]]
    raise ValueError(f"variable must be 'tone' or 'frame', not {variable!r}")


AGREEMENT_COLUMNS = ["variable", "level", "n_coders", "n_units", "alpha", "percent_agreement", "note"]


def reliability_matrix(codes: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Codes and "tone" or "frame" -> coders (rows) by units (columns) of numeric codes, NaN
    where a coder did not code a unit; only units coded by at least two coders.

    Tone is coded 0, 1, 2 for negative, neutral, positive; frames by their position in the
    sorted list of frame labels used.
    """
    units = _units(codes, variable)
    order = list(TONE_LABELS) if variable == "tone" else sorted(units["label"].unique())
    units = units.assign(value=units["label"].map({label: i for i, label in enumerate(order)}).astype(float))
    matrix = units.pivot_table(index="coder", columns=["sentence_id", "actor"], values="value", aggfunc="first")
    return matrix.loc[:, matrix.notna().sum() >= 2]


def coder_agreement(codes: pd.DataFrame) -> pd.DataFrame:
    """Codes -> agreement between coders, one row per variable (tone, frame).

    Columns: variable, level (ordinal for tone, nominal for frame), n_coders, n_units
    (units coded by at least two coders: (sentence, actor) for tone, sentence for frame),
    alpha (Krippendorff's alpha, from the ``krippendorff`` package), percent_agreement
    (share of those units on which every coder gave the same label), note (why alpha is
    NaN, when it is).
    """
    rows = []
    for variable, level in [("tone", "ordinal"), ("frame", "nominal")]:
        matrix = reliability_matrix(codes, variable)
        n_coders, n_units = codes["coder"].nunique(), matrix.shape[1]
        alpha, note = np.nan, ""
        values = matrix.to_numpy()
        same = [len(set(col[~np.isnan(col)])) == 1 for col in values.T]
        agreement = float(np.mean(same)) if n_units else np.nan
        if n_coders < 2:
            note = "only one coder: agreement between people needs at least two"
        elif n_units == 0:
            note = "no unit was coded by two coders"
        elif len(set(values[~np.isnan(values)])) < 2:
            note = "every code is the same label: alpha is undefined (nothing varies)"
        else:
            alpha = float(krippendorff.alpha(reliability_data=values, level_of_measurement=level,
                                             value_domain=list(range(len(TONE_LABELS))) if variable == "tone"
                                             else None))
        rows.append((variable, level, n_coders, n_units, alpha, agreement, note))
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def _consensus(codes: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Codes and a variable -> one row per unit: sentence_id, actor, human (majority label;
    a tie goes to the alphabetically first coder among those giving a tied label), coders
    ("coder: label; ..." in coder order), n_coders, agreed (every coder gave the same)."""
    rows = []
    for (sentence_id, actor), group in _units(codes, variable).groupby(["sentence_id", "actor"], sort=True):
        group = group.sort_values("coder")
        counts = group["label"].value_counts()
        top = set(counts[counts == counts.max()].index)
        human = next(label for label in group["label"] if label in top)
        rows.append((sentence_id, actor, human,
                     "; ".join(f"{c}: {v}" for c, v in zip(group["coder"], group["label"])),
                     len(group), group["label"].nunique() == 1))
    return pd.DataFrame(rows, columns=["sentence_id", "actor", "human", "coders", "n_coders", "agreed"])


def _sentence_info(codes: pd.DataFrame) -> pd.DataFrame:
    """Codes -> one row per sentence_id: outlet, sentence."""
    return codes.drop_duplicates("sentence_id").set_index("sentence_id")[["outlet", "sentence"]]


def coder_disagreements(codes: pd.DataFrame) -> pd.DataFrame:
    """Codes -> every unit on which coders differ: variable, sentence_id, outlet, actor ("" for
    frames), sentence, coders ("coder: label; ...")."""
    info, parts = _sentence_info(codes), []
    for variable in ["tone", "frame"]:
        table = _consensus(codes, variable)
        table = table[(table["n_coders"] >= 2) & ~table["agreed"]].assign(variable=variable)
        parts.append(table.join(info, on="sentence_id"))
    columns = ["variable", "sentence_id", "outlet", "actor", "sentence", "coders"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


# --- agreement between people and measures ----------------------------------------------------

def tone_label(score: float, threshold: float = POSITIVE) -> str:
    """A score from -1 to 1 -> "positive" (>= threshold), "negative" (<= -threshold) or
    "neutral" (VADER's own cut-offs, ±0.05, by default)."""
    if score >= threshold:
        return "positive"
    if score <= -threshold:
        return "negative"
    return "neutral"


def macro_f1(human: Sequence[str], measured: Sequence[str]) -> float:
    """Paired labels -> macro-averaged F1 over every label seen in either sequence.

    Per label: precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2PR / (P + R),
    taken as 0 when the label is never correctly found (TP = 0); macro-F1 is the
    unweighted mean over labels, so a rare label counts as much as a common one. NaN for
    no pairs.
    """
    scores = list(f1_per_label(human, measured).values())
    return float(np.mean(scores)) if scores else np.nan


def f1_per_label(human: Sequence, measured: Sequence) -> dict:
    """Paired labels -> {label: F1} for every label seen in either sequence, in sorted order
    (F1 as in ``macro_f1``)."""
    human, measured = list(human), list(measured)
    if len(human) != len(measured):
        raise ValueError("human and measured must have the same length")
    scores = {}
    for label in sorted(set(human) | set(measured)):
        tp = sum(h == label and m == label for h, m in zip(human, measured))
        fp = sum(h != label and m == label for h, m in zip(human, measured))
        fn = sum(h == label and m != label for h, m in zip(human, measured))
        scores[label] = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)   # = 2PR / (P + R)
    return scores


def _scored_sentences(codes: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """Codes and scored sentences -> the scored rows of the coded sentences, indexed by
    sentence_id; ValueError if a coded sentence is missing or its text has changed (the
    corpus or the sentence splitter changed after coding)."""
    table = _with_sentence_id(scored).drop_duplicates("sentence_id").set_index("sentence_id")
    info = _sentence_info(codes)
    missing = [s for s in info.index if s not in table.index]
    norm = " ".join
    changed = [s for s in info.index if s in table.index and info.at[s, "sentence"]
               and norm(info.at[s, "sentence"].split()) != norm(str(table.at[s, "text"]).split())]
    if missing or changed:
        raise ValueError("the coded sentences do not match the scored ones: "
                         + "; ".join([f"{s} not in the scored sentences" for s in missing]
                                     + [f"{s} has a different text now" for s in changed]))
    return table.loc[list(info.index)]


def available_measures(scored: pd.DataFrame) -> list[str]:
    """Scored sentences -> the measures that can be validated on them: the tone measures of
    TONE_MEASURES whose column is present, then "dictionary" (frames)."""
    return [name for name, column in TONE_MEASURES.items() if column in scored] + [FRAME_MEASURE]


def _dictionary_frames(sentences: pd.DataFrame, frames: pd.DataFrame) -> pd.DataFrame:
    """Scored sentences (indexed by sentence_id) -> label (the frame with the most hits; a
    tie goes to the frame listed first in the dictionary; "none" without hits) and detail
    (each frame's hits and the words matched)."""
    matches = frame_matches(sentences.reset_index(), frames)
    matches["sentence_id"] = matches["article_id"].astype(str) + ":" + matches["sentence_no"].astype(str)
    order = list(frames["frame"])
    rows = {}
    for sentence_id in sentences.index:
        mine = matches[matches["sentence_id"] == sentence_id]
        if mine.empty:
            rows[sentence_id] = (NO_FRAME, "no dictionary hit")
            continue
        counts = mine["frame"].value_counts()
        best = next(f for f in order if counts.get(f, 0) == counts.max())
        detail = "; ".join(f"{f} {counts[f]} ({', '.join(mine.loc[mine['frame'] == f, 'match'])})"
                           for f in order if f in counts)
        rows[sentence_id] = (best, detail)
    return pd.DataFrame.from_dict(rows, orient="index", columns=["measured", "detail"])


def compared(codes: pd.DataFrame, scored: pd.DataFrame, *, measure: str = "vader",
             frames: pd.DataFrame | None = None, threshold: float = POSITIVE) -> pd.DataFrame:
    """Codes, scored sentences and a measure -> one row per unit with the human and the
    measured label.

    Columns: sentence_id, outlet, actor ("" for frames), sentence, coders ("coder:
    label; ..."), human (majority label), measured, detail (the score, or the frames' hits
    and matched words). A tone measure (``vader``, a TONE_MEASURES name, or any numeric
    column of ``scored``) is compared with the tone codes, its score mapped to a label by
    ``tone_label``; ``dictionary`` is compared with the frame codes.
    """
    sentences = _scored_sentences(codes, scored)
    if measure == FRAME_MEASURE:
        human = _consensus(codes, "frame")
        labels = _dictionary_frames(sentences, load_frames() if frames is None else frames)
    else:
        column = TONE_MEASURES.get(measure, measure)
        if column not in sentences or not pd.api.types.is_numeric_dtype(sentences[column]):
            raise ValueError(f"measure {measure!r}: no numeric column {column!r} in the scored sentences "
                             f"(available: {', '.join(available_measures(scored))})")
        human = _consensus(codes, "tone")
        labels = pd.DataFrame({"measured": [tone_label(x, threshold) for x in sentences[column]],
                               "detail": [f"{column} = {x:+.3f}" for x in sentences[column]]},
                              index=sentences.index)
    table = human.join(_sentence_info(codes), on="sentence_id").join(labels, on="sentence_id")
    return table[["sentence_id", "outlet", "actor", "sentence", "coders", "human", "measured", "detail"]]


MEASURE_COLUMNS = ["variable", "measure", "actor", "n", "accuracy", "macro_f1", "n_labels"]


def measure_agreement(codes: pd.DataFrame, scored: pd.DataFrame, *,
                      measure: str | Sequence[str] | None = None, frames: pd.DataFrame | None = None,
                      threshold: float = POSITIVE) -> pd.DataFrame:
    """Codes and scored sentences -> agreement between the human labels and each measure.

    ``measure``: one name or several; default every measure ``available_measures`` finds
    (vader, the other tone columns present, dictionary). Columns: variable (tone or
    frame), measure, actor ("all" pools every unit; tone measures also get one row per
    actor), n (units), accuracy (share of units where the labels match), macro_f1
    (``macro_f1``), n_labels (labels seen in either).
    """
    if measure is None:
        names = available_measures(scored)
    else:
        names = [measure] if isinstance(measure, str) else list(measure)
    rows = []
    for name in names:
        table = compared(codes, scored, measure=name, frames=frames, threshold=threshold)
        variable = "frame" if name == FRAME_MEASURE else "tone"
        groups = [(ALL, table)]
        if variable == "tone":
            groups += list(table.groupby("actor", sort=True))
        for actor, group in groups:
            rows.append((variable, name, actor, len(group),
                         float((group["human"] == group["measured"]).mean()) if len(group) else np.nan,
                         macro_f1(group["human"], group["measured"]),
                         len(set(group["human"]) | set(group["measured"]))))
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS)


def confusion(codes: pd.DataFrame, scored: pd.DataFrame, *, measure: str = "vader",
              actor: str | None = None, frames: pd.DataFrame | None = None,
              threshold: float = POSITIVE) -> pd.DataFrame:
    """Codes, scored sentences and a measure -> the confusion matrix as a tidy table.

    Columns: human, measure (the measure's label), n (units). Every combination of labels
    appears (n = 0 included): for tone the three tone labels, for frames every label seen
    in either, in dictionary order with "none" last. ``actor`` keeps one actor's tone units.
    """
    table = compared(codes, scored, measure=measure, frames=frames, threshold=threshold)
    if actor is not None:
        table = table[table["actor"] == actor]
    if measure == FRAME_MEASURE:
        seen = set(table["human"]) | set(table["measured"])
        order = [f for f in [*(load_frames() if frames is None else frames)["frame"], NO_FRAME] if f in seen]
    else:
        order = list(TONE_LABELS)
    counts = table.groupby(["human", "measured"]).size()
    rows = [(h, m, int(counts.get((h, m), 0))) for h in order for m in order]
    return pd.DataFrame(rows, columns=["human", "measure", "n"])


def disagreements(codes: pd.DataFrame, scored: pd.DataFrame, *, measure: str = "vader",
                  frames: pd.DataFrame | None = None, threshold: float = POSITIVE) -> pd.DataFrame:
    """Codes, scored sentences and a measure -> the units where the human label and the
    measure's differ; ``compared``'s columns."""
    table = compared(codes, scored, measure=measure, frames=frames, threshold=threshold)
    return table[table["human"] != table["measured"]].reset_index(drop=True)


def load_example_codes() -> pd.DataFrame:
    """Nothing -> the shipped EXAMPLE codes (``read_codes(EXAMPLE_FILE)``): two made-up
    coders, for demonstration only; not a validation of this corpus."""
    return read_codes(EXAMPLE_FILE)


def coding_sheets(corpus_path: str | Path) -> list[Path]:
    """Corpus folder -> its filled coding sheets (``coding/*.csv``, sorted); [] if none."""
    return sorted((Path(corpus_path) / CODING_FOLDER).glob("*.csv"))


def validation_inputs(corpus_path: str | Path, codes: Sequence[str | Path],
                      scored: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """Corpus folder, the ``codes`` parameter and the corpus's scored sentences -> (codes,
    the scored sentences they refer to, whether they are the shipped EXAMPLE).

    Sheets named in ``codes``, else the corpus's own ``coding/*.csv``, are read and checked
    against ``scored``; with neither, the EXAMPLE codes come back with the seed corpus's
    sentences (which they code), whatever corpus is selected.
    """
    from helpers.corpus.reading import load_corpus
    from helpers.measures.tone import second_lexicon_scores, sentence_sentiment

    paths = list(codes) or coding_sheets(corpus_path)
    if paths:
        return read_codes(paths), scored, False
    seeds = second_lexicon_scores(sentence_sentiment(load_corpus(CORPUS_DIR)))
    return load_example_codes(), seeds, True
