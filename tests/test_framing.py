"""Tests for helpers.measures.framing: frame dictionaries, prevalence per 1,000 words, lexical choice."""
from __future__ import annotations

import csv
import tomllib

import numpy as np
import pandas as pd
import pytest
import support

from helpers.config import DATA_DIR
from helpers.measures.framing import (
    frame_matches,
    frame_prevalence,
    lexical_choice,
    lexical_matches,
    load_frames,
    load_variants,
    term_pattern,
)
from helpers.text.sentences import split_sentences

FRAMES_TOML = DATA_DIR / "frames.toml"
VARIANTS_CSV = DATA_DIR / "lexical_choice.csv"


def make_articles(rows: list[dict]) -> pd.DataFrame:
    """Hand-made rows -> an articles table, undated rows dated 1 October 2015."""
    return support.make_articles(rows, published="2015-10-01")


def toml_frames() -> dict:
    with open(FRAMES_TOML, "rb") as f:
        return tomllib.load(f)["frame"]


def csv_variants() -> list[dict]:
    with open(VARIANTS_CSV, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --- term_pattern -----------------------------------------------------------------------------

def test_wildcard_matches_endings():
    pattern = term_pattern(["terroris*"])
    assert pattern.findall("terrorism and terrorists, a Terrorist") == ["terrorism", "terrorists", "Terrorist"]


def test_wildcard_needs_word_start():
    assert term_pattern(["terroris*"]).findall("counterterrorism") == []


@pytest.mark.parametrize("text", ["the crisis deepened", "Isistan", "this is it"])
def test_word_boundaries_hold(text):
    assert term_pattern(["isis"]).search(text) is None


def test_plain_term_matches_whole_word_case_insensitively():
    assert term_pattern(["isis"]).findall("ISIS, Isis and isis.") == ["ISIS", "Isis", "isis"]


def test_phrase_with_wildcard():
    pattern = term_pattern(["air strike*"])
    assert pattern.findall("An air strike, then Air strikes.") == ["air strike", "Air strikes"]
    assert pattern.search("airstrike") is None


def test_phrase_preferred_over_word_it_contains():
    pattern = term_pattern(["state", "islamic state"])
    assert pattern.findall("the Islamic State said") == ["Islamic State"]


def test_term_is_literal_not_regex():
    pattern = term_pattern(["u.s"])
    assert pattern.search("uxs") is None
    assert pattern.findall("the u.s said") == ["u.s"]


def test_possessive_request_term_matches():
    pattern = term_pattern(["'s request"])
    assert pattern.findall("Russia acted at Syria's request.") == ["'s request"]


# --- load_frames ------------------------------------------------------------------------------

def test_load_frames_matches_toml():
    frames = load_frames()
    spec = toml_frames()
    assert list(frames.columns) == ["frame", "definition", "source", "terms"]
    assert list(frames["frame"]) == list(spec)
    for row in frames.itertuples():
        assert row.terms == list(spec[row.frame]["terms"])


def test_every_frame_has_definition_source_and_terms():
    for row in load_frames().itertuples():
        assert isinstance(row.definition, str) and row.definition.strip(), row.frame
        assert isinstance(row.source, str) and row.source.strip(), row.frame
        assert row.terms and all(isinstance(t, str) and t.strip() for t in row.terms), row.frame


# --- frame_prevalence -------------------------------------------------------------------------

# Alpha: 6 + 4 + 3 = 13 words; counter_terrorism hits: "terrorism", "Terrorists" (not
# "crisis", not "is") = 2; no other frame's vocabulary.
ALPHA_BODY = "Russia said terrorism is the enemy. Terrorists attacked the city.\n\nThe crisis deepened."
# Beta: 4 + 3 = 7 words; military_operation: "Air strikes" = 1; diplomacy_cooperation:
# "Diplomats", "talks" = 2.
BETA_BODY = "Air strikes hit Aleppo. Diplomats held talks."


@pytest.fixture(scope="module")
def frame_articles():
    return make_articles([
        {"article_id": "a1", "outlet": "Alpha", "body": ALPHA_BODY},
        {"article_id": "b1", "outlet": "Beta", "body": BETA_BODY},
    ])


@pytest.fixture(scope="module")
def prevalence(frame_articles):
    return frame_prevalence(frame_articles)


def test_prevalence_columns(prevalence):
    assert list(prevalence.columns) == ["outlet", "frame", "hits", "words", "n_articles",
                                        "per_1000", "ci_low", "ci_high"]


def test_every_frame_appears_for_each_outlet(prevalence):
    frames = set(toml_frames())
    for outlet in ["Alpha", "Beta"]:
        assert set(prevalence.loc[prevalence["outlet"] == outlet, "frame"]) == frames
    assert len(prevalence) == 2 * len(frames)


def test_hand_counted_hits_and_words(prevalence):
    table = prevalence.set_index(["outlet", "frame"])
    expected_hits = {("Alpha", "counter_terrorism"): 2, ("Beta", "military_operation"): 1,
                     ("Beta", "diplomacy_cooperation"): 2}
    for (outlet, frame), row in table.iterrows():
        assert row["hits"] == expected_hits.get((outlet, frame), 0), (outlet, frame)
        assert row["words"] == {"Alpha": 13, "Beta": 7}[outlet]
        assert row["n_articles"] == 1


def test_per_1000_is_hits_per_thousand_words(prevalence):
    table = prevalence.set_index(["outlet", "frame"])
    assert table.loc[("Alpha", "counter_terrorism"), "per_1000"] == pytest.approx(2000 / 13)
    assert table.loc[("Beta", "diplomacy_cooperation"), "per_1000"] == pytest.approx(2000 / 7)
    assert table.loc[("Beta", "military_operation"), "per_1000"] == pytest.approx(1000 / 7)
    assert table.loc[("Alpha", "humanitarian_cost"), "per_1000"] == 0


def test_prevalence_interval(prevalence):
    for row in prevalence.itertuples():
        assert row.ci_low <= row.per_1000 <= row.ci_high, (row.outlet, row.frame)
        if row.hits == 0:
            assert row.ci_low == row.ci_high == 0


def test_prevalence_with_custom_frames(frame_articles):
    frames = pd.DataFrame({"frame": ["place"], "definition": ["d"], "source": ["s"],
                           "terms": [["aleppo", "city"]]})
    table = frame_prevalence(frame_articles, frames).set_index("outlet")
    assert table.loc["Alpha", "hits"] == 1 and table.loc["Beta", "hits"] == 1


def test_frame_matches_offsets_point_into_body(frame_articles):
    matches = frame_matches(split_sentences(frame_articles))
    bodies = dict(zip(frame_articles["article_id"], frame_articles["body"]))
    assert len(matches) == 5
    for row in matches.itertuples():
        assert bodies[row.article_id][row.start:row.end] == row.match
    assert sorted(matches["match"]) == sorted(["terrorism", "Terrorists", "Air strikes", "Diplomats", "talks"])


# --- lexical choice ---------------------------------------------------------------------------

# Alpha: Daesh once ("is" is the verb); "Damascus government" once as government;
# "so-called moderate opposition" once as moderate opposition. Nothing else.
LEX_ALPHA = ("Russia says Daesh is a threat to the Damascus government.\n\n"
             "Western states armed the so-called moderate opposition.")
# Beta: Islamic State, ISIS, IS once each; rebels, militants once each.
LEX_BETA = "The Islamic State and ISIS are the same group. IS fighters fled. The rebels and militants fought."
# Gamma: no naming choice at all; "is"/"Is" are verbs.
LEX_GAMMA = "This is what it is. Is it over?"


@pytest.fixture(scope="module")
def lex_articles():
    return make_articles([
        {"article_id": "a1", "outlet": "Alpha", "body": LEX_ALPHA},
        {"article_id": "b1", "outlet": "Beta", "body": LEX_BETA},
        {"article_id": "g1", "outlet": "Gamma", "body": LEX_GAMMA},
    ])


@pytest.fixture(scope="module")
def choice(lex_articles):
    return lexical_choice(lex_articles)


def counts(choice: pd.DataFrame, outlet: str, concept: str) -> dict[str, int]:
    rows = choice[(choice["outlet"] == outlet) & (choice["concept"] == concept)]
    return dict(zip(rows["variant"], rows["count"]))


def test_choice_columns_and_rows(choice):
    assert {"outlet", "concept", "variant", "count", "share"} <= set(choice.columns)
    assert len(choice) == 3 * len(csv_variants())         # every variant, for every outlet


def test_daesh_counted_once_and_verb_is_not_IS(choice):
    got = counts(choice, "Alpha", "islamic_state")
    assert got["Daesh"] == 1
    assert sum(got.values()) == 1
    assert got["IS"] == 0


def test_lowercase_is_never_counts(choice):
    assert sum(counts(choice, "Gamma", "islamic_state").values()) == 0
    assert sum(choice.loc[choice["outlet"] == "Gamma", "count"]) == 0


def test_damascus_government_counts_once(choice):
    got = counts(choice, "Alpha", "syrian_government")
    assert got["government"] == 1
    assert got["Damascus"] == 0
    assert sum(got.values()) == 1


def test_so_called_moderate_opposition_counts_once(choice):
    got = counts(choice, "Alpha", "armed_opposition")
    assert got["moderate opposition"] == 1
    assert got["opposition"] == 0
    assert sum(got.values()) == 1


def test_beta_counts(choice):
    assert counts(choice, "Beta", "islamic_state") == {
        "Daesh": 0, "Islamic State": 1, "ISIL": 0, "ISIS": 1, "IS": 1}
    got = counts(choice, "Beta", "armed_opposition")
    assert got["rebels"] == 1 and got["militants"] == 1 and sum(got.values()) == 2


def test_shares_sum_to_one_where_mentioned(choice):
    for (outlet, concept), group in choice.groupby(["outlet", "concept"]):
        mentions = group["count"].sum()
        if mentions:
            assert group["share"].sum() == pytest.approx(1.0), (outlet, concept)
            assert (group["share"] == group["count"] / mentions).all()
            if "n_mentions" in group:
                assert (group["n_mentions"] == mentions).all()
        else:
            assert group["share"].isna().all(), (outlet, concept)


def test_beta_shares(choice):
    rows = choice[(choice["outlet"] == "Beta") & (choice["concept"] == "islamic_state")]
    shares = dict(zip(rows["variant"], rows["share"]))
    assert shares["ISIS"] == pytest.approx(1 / 3)
    assert shares["Daesh"] == 0


def test_lexical_matches_offsets(lex_articles):
    matches = lexical_matches(lex_articles)
    bodies = dict(zip(lex_articles["article_id"], lex_articles["body"]))
    assert len(matches) == 3 + 5                          # Alpha 3, Beta 5, Gamma 0
    for row in matches.itertuples():
        assert bodies[row.article_id][row.start:row.end] == row.match
    alpha = matches[matches["article_id"] == "a1"].set_index("variant")["match"].to_dict()
    assert alpha == {"Daesh": "Daesh", "government": "Damascus government",
                     "moderate opposition": "so-called moderate opposition"}


def test_load_variants_reads_file_order():
    table = load_variants()
    expected = csv_variants()
    assert list(table["variant"]) == [r["variant"] for r in expected]
    assert list(table["pattern"]) == [r["pattern"] for r in expected]


def write_variants(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["concept", "variant", "pattern", "note"])
        writer.writerows(rows)


def test_bad_regex_names_file_row_and_variant(tmp_path):
    path = tmp_path / "variants.csv"
    write_variants(path, [["islamic_state", "Daesh", r"\bDaesh\b", ""],
                          ["islamic_state", "Broken ISIS", r"\b(ISIS\b", "unclosed group"]])
    with pytest.raises(ValueError) as info:
        load_variants(path)
    message = str(info.value)
    assert str(path) in message
    assert "row 3" in message                 # header is row 1, the bad one is the second data row
    assert "Broken ISIS" in message


def test_custom_variants_file_is_used(tmp_path, lex_articles):
    path = tmp_path / "variants.csv"
    write_variants(path, [["place", "Damascus", r"\bDamascus\b", ""],
                          ["place", "Aleppo", r"\bAleppo\b", ""]])
    table = lexical_choice(lex_articles, load_variants(path))
    assert len(table) == 3 * 2
    alpha = table[table["outlet"] == "Alpha"].set_index("variant")
    assert alpha.loc["Damascus", "count"] == 1 and alpha.loc["Damascus", "share"] == 1.0
    assert np.isnan(table.set_index(["outlet", "variant"]).loc[("Beta", "Damascus"), "share"])


def test_pattern_accepted_by_load_variants_works_in_lexical_matches(tmp_path, lex_articles):
    path = tmp_path / "variants.csv"
    write_variants(path, [["islamic_state", "ISIS", r"\bISIS\b", ""],
                          ["islamic_state", "Daesh", r"(?i)\bdaesh\b", "any case"]])
    try:
        variants = load_variants(path)
    except ValueError:
        return                                   # rejected up front, naming the row: fine
    found = lexical_matches(lex_articles, variants)
    assert list(found["match"]) == ["Daesh", "ISIS"]


# Forms a case-insensitive regex matches that plain lowercasing does not turn into the term:
# long s, dotless and dotted i, the Kelvin sign, the typographic apostrophe.
FRAME_EDGES = ["Terroriſts struck the air baſe.", "The \u212aremlin's mılitary operation.",
               "\u0130SIS fighters and ısıs.", "Russia\u2019s diplomat\u2019s talks.",
               "AIR STRIKES, airstrikes; air-strikes", "A peaceful settlement\u2026"]


def every_sentence_matches(sentences: pd.DataFrame, frames: pd.DataFrame) -> list[tuple]:
    """Sentences and frames -> each frame's regex run on every sentence, as rows."""
    return [(s.article_id, s.outlet, s.sentence_no, m.group(), s.start + m.start(),
             s.start + m.end(), f.frame)
            for f in frames.itertuples() for s in sentences.itertuples()
            for m in term_pattern(f.terms).finditer(s.text)]


@pytest.mark.parametrize("frames", [
    load_frames(),
    pd.DataFrame({"frame": ["accented", "apostrophe"], "terms": [["Türkiye*", "ſtrike"], ["diplomat’s"]]}),
], ids=["shipped", "non-ascii terms"])
def test_frame_matches_equal_every_regex_on_every_sentence(frames):
    texts = [*support.real_sentences(), *FRAME_EDGES, "Türkiye and TÜRKIYE struck."]
    sentences = pd.DataFrame({"article_id": "a", "outlet": "o", "sentence_no": range(len(texts)),
                              "start": 0, "text": texts})
    found = frame_matches(sentences, frames)
    assert list(found.itertuples(index=False, name=None)) == every_sentence_matches(sentences, frames)
    assert len(found) > 10
