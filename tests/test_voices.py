"""Tests for helpers.measures.voices: direct quotes, reported speech and agency citations."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from helpers.figures.framing import plot_agencies, plot_voices  # noqa: E402
from helpers.measures.voices import (  # noqa: E402
    AGENCY,
    DIRECT,
    REPORTED,
    UNRESOLVED,
    VOICE_COLUMNS,
    agency_counts,
    load_agencies,
    load_people,
    load_reporting_verbs,
    voice_counts,
    voices,
)

PESKOV = "dmitry-peskov"


def articles(*bodies: str, outlet: str = "X") -> pd.DataFrame:
    """Bodies -> a minimal articles table, one article each."""
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))],
                         "outlet": outlet, "body": list(bodies)})


def found(body: str) -> list[tuple[str, str, str, str]]:
    """One body -> its voices as (kind, speaker, speaker_id, quote)."""
    table = voices(articles(body))
    return list(zip(table["kind"], table["speaker"], table["speaker_id"], table["quote"]))


# --- registries ---------------------------------------------------------------------------

def test_people_registry():
    people = load_people()
    assert list(people.columns[:6]) == ["id", "name", "aliases", "role", "affiliation", "kind"]
    assert people["id"].is_unique and set(people["kind"]) == {"person", "institution"}
    assert all(name in aliases for name, aliases in zip(people["name"], people["aliases"]))
    peskov = people.set_index("id").loc[PESKOV, "aliases"]
    assert {"Peskov", "Kremlin spokesman", "Kremlin spokesperson",
            "Press Secretary of Russian President"} <= set(peskov)
    for person in ("vladimir-putin", "sergei-lavrov", "john-kerry", "john-kirby", "barack-obama",
                   "donald-trump", "ash-carter", "peter-cook", "ilya-rogachev", "igor-makushev",
                   "bashar-al-assad", "sohr", "russian-defense-ministry", "us-state-department",
                   "pentagon"):
        assert person in set(people["id"])


def test_agency_registry():
    agencies = load_agencies()
    assert list(agencies.columns[:3]) == ["id", "name", "aliases"]
    assert {"TASS", "RIA Novosti", "Xinhua", "Reuters", "AFP", "AP", "Russia Today", "Sputnik",
            "Interfax", "SANA", "Anadolu"} <= set(agencies["name"])
    assert "RT" in agencies.set_index("id").loc["russia-today", "aliases"]


def test_registry_rejects_duplicate_ids(tmp_path):
    bad = tmp_path / "people.csv"
    bad.write_text("id,name,aliases,role,affiliation,kind\nx,A,,r,a,person\nx,B,,r,a,person\n")
    with pytest.raises(ValueError, match="unique id"):
        load_people(bad)


# --- known answers ------------------------------------------------------------------------

def test_direct_quote_before_attribution():
    assert found("“There have been no real progress,” Peskov said.") == [
        (DIRECT, "Peskov", PESKOV, "There have been no real progress")]


def test_reported_speech_with_role_phrase():
    assert found("Kremlin spokesman Dmitry Peskov told reporters on Thursday that the Russian "
                 "air force would go on.") == [
        (REPORTED, "Kremlin spokesman Dmitry Peskov", PESKOV, "the Russian air force would go on")]


def test_pronoun_resolves_to_the_last_named_speaker():
    rows = found("Kremlin spokesman Dmitry Peskov said that the talks failed.\n\n"
                 "“All necessary measures are taken,” he said.")
    assert rows[1] == (DIRECT, "he", PESKOV, "All necessary measures are taken")


def test_told_an_agency_is_reported_speech_and_an_agency_citation():
    rows = found("Kremlin spokesperson Dmitry Peskov told the Russian news agency TASS that "
                 "Moscow will continue.")
    assert sorted(rows) == [(AGENCY, "TASS", "tass", "Moscow will continue"),
                            (REPORTED, "Kremlin spokesperson Dmitry Peskov", PESKOV,
                             "Moscow will continue")]


def test_attribution_before_quote():
    assert found("Peskov said: “We will continue the operation.”") == [
        (DIRECT, "Peskov", PESKOV, "We will continue the operation.")]
    assert found("Peskov called these efforts “essential support“.") == [
        (DIRECT, "Peskov", PESKOV, "essential support")]


def test_quote_spanning_sentences():
    body = "“We see an emotional atmosphere. But we should wait,” Peskov said on Sunday."
    assert found(body) == [
        (DIRECT, "Peskov", PESKOV, "We see an emotional atmosphere. But we should wait")]


def test_lost_opening_mark_starts_the_quote_at_the_paragraph():
    assert found("The assistance is in short supply,” Peskov said at a meeting.") == [
        (DIRECT, "Peskov", PESKOV, "The assistance is in short supply")]


def test_postposed_reported_speech():
    assert found("Jets killed 300 militants, the Russian Defense Ministry said Friday.") == [
        (REPORTED, "the Russian Defense Ministry", "russian-defense-ministry",
         "Jets killed 300 militants")]
    assert found("The strike killed 30 people, said Sergei Lavrov.") == [
        (REPORTED, "Sergei Lavrov", "sergei-lavrov", "The strike killed 30 people")]


@pytest.mark.parametrize("body, speaker", [
    ("Peskov stressed the importance of joint efforts.", "Peskov"),
    ("Peskov pointed out that attacks cannot be stopped.", "Peskov"),
    ("Peskov believes that the contingent is strong enough.", "Peskov"),
    ("On the other hand, Peskov observed a lack of support.", "Peskov"),
    ("Peskov, however, denounced the US statement as clumsy.", "Peskov"),
    ("But Peskov warned that the talks were over.", "Peskov"),
    ("The Press Secretary of Russian President Dmitry Peskov urged the sides to wait.",
     "The Press Secretary of Russian President Dmitry Peskov"),
])
def test_speech_verbs_and_speaker_phrases(body, speaker):
    rows = found(body)
    assert [(k, s, i) for k, s, i, _ in rows] == [(REPORTED, speaker, PESKOV)]


def test_agency_citation_patterns():
    rows = found("The strikes continue, TASS reported. The toll rose, according to Reuters. "
                 "According to AFP, the base fell. "
                 "“Nothing has changed here,” Russia Today said. "
                 "Jets struck the city [Xinhua]")
    assert rows == [(AGENCY, "TASS", "tass", "The strikes continue"),
                    (AGENCY, "Reuters", "reuters", "The toll rose"),
                    (AGENCY, "AFP", "afp", "the base fell"),
                    (AGENCY, "Russia Today", "russia-today", "Nothing has changed here"),
                    (AGENCY, "Xinhua", "xinhua", "Jets struck the city")]


def test_dateline_credit_cites_the_whole_sentence():
    rows = found("MOSCOW (Reuters) - Russia said on Monday it would keep its bases.")
    assert (AGENCY, "Reuters", "reuters", "Russia said on Monday it would keep its bases") in rows
    assert (REPORTED, "Russia", "russian-government", "it would keep its bases") in rows


def test_according_to_a_statement_by_a_person():
    rows = found("Kerry blamed Moscow, according to a statement by US State Department "
                 "spokesman John Kirby.")
    assert (REPORTED, "US State Department spokesman John Kirby", "john-kirby",
            "Kerry blamed Moscow") in rows
    # "Kerry blamed Moscow": its one-word content is a fragment, not a clause: no row.
    assert [r for r in rows if r[1] == "Kerry"] == []


def test_words_inside_quotes_are_nobodys_attribution():
    quote = "We told them that everything is fine. Then Putin said no"
    assert found(f"“{quote},” Lavrov said.") == [(DIRECT, "Lavrov", "sergei-lavrov", quote)]


def test_pronoun_skips_people_named_inside_quotes():
    rows = found("Lavrov said that talks go on. “Mr. Putin is devoting his troops,” he said.")
    assert rows[-1][1:3] == ("he", "sergei-lavrov")


def test_pronoun_without_antecedent_is_unresolved():
    assert found("“We will see what happens,” he said.") == [
        (DIRECT, "he", "", "We will see what happens")]


def test_pronoun_takes_a_person_mentioned_without_speaking():
    rows = found("General Igor Makushev gave a briefing during which he revealed that "
                 "67 sorties flew.")
    assert rows == [(REPORTED, "he", "igor-makushev", "67 sorties flew")]


def test_scare_quotes_are_not_voices():
    assert found("Russia backs “moderate” rebels, the Russian Defense Ministry said.") == [
        (REPORTED, "the Russian Defense Ministry", "russian-defense-ministry",
         "Russia backs “moderate” rebels")]
    assert found("The self-declared “Islamic State” group grew.") == []


def test_continuation_paragraph_keeps_the_speaker():
    rows = found("“We will see,” Lavrov said.\n\n“Nothing is decided yet.”")
    assert rows == [(DIRECT, "Lavrov", "sergei-lavrov", "We will see"),
                    (DIRECT, "Lavrov", "sergei-lavrov", "Nothing is decided yet.")]


def test_shared_alias_resolves_by_who_the_article_names():
    named = found("The US president said the war must end. Barack Obama left.")
    assert named[0][2] == "barack-obama"
    assert found("The US president said the war must end.")[0][2] == ""


def test_unknown_speaker_stays_unresolved_and_custom_people_resolve_it():
    body = "Maria Ivanova told reporters that the convoy had left."
    assert found(body) == [(REPORTED, "Maria Ivanova", "", "the convoy had left")]
    people = pd.concat([load_people(), pd.DataFrame([{
        "id": "maria-ivanova", "name": "Maria Ivanova", "aliases": ["Maria Ivanova", "Ivanova"],
        "role": "aid worker", "affiliation": "Red Crescent", "kind": "person"}])],
        ignore_index=True)
    table = voices(articles(body), people=people)
    assert list(table["speaker_id"]) == ["maria-ivanova"]


def test_no_voices_gives_empty_table_with_columns():
    table = voices(articles("Jets flew over Aleppo."))
    assert table.empty and list(table.columns) == VOICE_COLUMNS


# --- the seed corpus ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_voices(seed_articles):
    return voices(seed_articles)


def test_seed_offsets_round_trip(seed_articles, seed_voices):
    bodies = dict(zip(seed_articles["article_id"], seed_articles["body"]))
    assert list(seed_voices.columns) == VOICE_COLUMNS
    assert all(bodies[r.article_id][r.start:r.end] == r.quote for r in seed_voices.itertuples())
    assert set(seed_voices["kind"]) == {DIRECT, REPORTED, AGENCY}


def test_seed_peskov_is_quoted_in_every_article_that_names_him(seed_articles, seed_voices):
    naming = set(seed_articles.loc[seed_articles["body"].str.contains("Peskov"), "article_id"])
    quoting = set(seed_voices.loc[seed_voices["speaker_id"] == PESKOV, "article_id"])
    assert quoting == naming and len(naming) == 4
    # The Independent's article never names Peskov: its Russian voice is Ilya Rogachev.
    independent = seed_voices[seed_voices["outlet"] == "The Independent"]
    assert PESKOV not in set(independent["speaker_id"])
    assert {(DIRECT, "ilya-rogachev"), (REPORTED, "ilya-rogachev")} <= set(
        zip(independent["kind"], independent["speaker_id"]))


def test_seed_known_voices(seed_voices):
    pairs = set(zip(seed_voices["article_id"], seed_voices["speaker_id"], seed_voices["kind"]))
    assert {
        ("2cabe1b1d240ea97", PESKOV, DIRECT), ("2cabe1b1d240ea97", PESKOV, REPORTED),
        ("f1e5e4c1dfc49953", PESKOV, DIRECT), ("f1e5e4c1dfc49953", "vladimir-putin", REPORTED),
        ("efd0d1664d1d1a47", PESKOV, DIRECT), ("efd0d1664d1d1a47", "john-kerry", DIRECT),
        ("efd0d1664d1d1a47", "john-kirby", DIRECT),
        ("dfe3d341facf82c9", PESKOV, DIRECT), ("dfe3d341facf82c9", "barack-obama", DIRECT),
        ("dfe3d341facf82c9", "peter-cook", DIRECT), ("dfe3d341facf82c9", "ash-carter", DIRECT),
        ("dfe3d341facf82c9", "russian-defense-ministry", REPORTED),
        ("c25635f3460691ac", "sohr", DIRECT),
    } <= pairs
    he = seed_voices[(seed_voices["speaker"] == "he")]
    assert set(zip(he["article_id"], he["speaker_id"])) == {
        ("efd0d1664d1d1a47", PESKOV), ("dfe3d341facf82c9", PESKOV),
        ("dfe3d341facf82c9", "barack-obama"), ("dfe3d341facf82c9", "igor-makushev"),
        ("c25635f3460691ac", "ilya-rogachev")}


def test_seed_agencies_per_outlet(seed_voices):
    counts = agency_counts(seed_voices)
    assert list(counts.columns) == ["outlet", "agency_id", "agency", "n", "n_articles"]
    assert set(zip(counts["outlet"], counts["agency"])) == {
        ("The BRICS Post", "TASS"), ("Rossa Primavera News Agency", "TASS"),
        ("Financial Tribune", "TASS"), ("Financial Tribune", "Russia Today"),
        ("The Independent", "RIA Novosti")}


def test_seed_raw_text_has_the_caption_credit(seed_articles):
    raw = voices(seed_articles, column="raw_text")
    cited = raw[raw["kind"] == AGENCY]
    assert ("2cabe1b1d240ea97", "xinhua") in set(zip(cited["article_id"], cited["speaker_id"]))
    assert "reuters" not in set(cited["speaker_id"])         # "(Photo by Reuters)" is a credit


# --- summaries and figures ----------------------------------------------------------------

def test_voice_counts(seed_voices):
    counts = voice_counts(seed_voices)
    assert list(counts.columns) == ["outlet", "speaker_id", "kind", "n"]
    assert counts["n"].sum() == len(seed_voices)
    assert "" not in set(counts["speaker_id"]) and UNRESOLVED in set(counts["speaker_id"])
    row = counts[(counts["outlet"] == "The BRICS Post") & (counts["speaker_id"] == PESKOV)
                 & (counts["kind"] == DIRECT)]
    assert row["n"].tolist() == [2]


def test_plot_voices_and_agencies(seed_voices):
    counts = voice_counts(seed_voices)
    axes = plot_voices(counts, n=3)
    assert len(axes) == counts["outlet"].nunique()
    for ax, (outlet, group) in zip(axes, counts.groupby("outlet")):
        assert isinstance(ax, Axes) and outlet in ax.get_title()
        assert f"n = {group['n'].sum()} mentions" in ax.get_title() and ax.get_xlabel()
        assert len(ax.get_yticklabels()) <= 3
    ax = plot_agencies(agency_counts(seed_voices))
    assert isinstance(ax, Axes) and ax.get_title() and "n = 2 citations" in " ".join(
        t.get_text() for t in ax.get_yticklabels())
    empty = plot_agencies(agency_counts(seed_voices.iloc[:0]))
    assert empty.get_title()
    plt.close("all")


# --- issue 13: speakers without names, pronouns, more verbs, the comma construction --------

def test_opening_phrase_with_comma_gives_the_quote_not_a_fragment():
    rows = found("On Monday, Peskov said, “There has been no real progress in the talks.”")
    assert rows == [(DIRECT, "Peskov", PESKOV, "There has been no real progress in the talks.")]


def test_common_noun_and_titled_speakers():
    table = voices(articles("“We will not close the schools,” the mayor said.\n\n"
                            "“It is a disgrace,” said retired neurosurgeon Ben Carson.\n\n"
                            "“How big is that wall?” asked the boy, who wore a red hat."))
    assert list(zip(table["speaker"], table["speaker_kind"], table["quote"])) == [
        ("the mayor", "role", "We will not close the schools"),
        ("retired neurosurgeon Ben Carson", "name", "It is a disgrace"),
        ("the boy", "role", "How big is that wall?")]


@pytest.mark.parametrize("verb", ["tweeted", "asked", "continued", "responded"])
def test_verbs_of_the_issue_attribute_quotes(verb):
    assert found(f"“We are winning this race,” Trump {verb}.") == [
        (DIRECT, "Trump", "donald-trump", "We are winning this race")]


@pytest.mark.parametrize("verb", ["notes", "answers", "quips", "counters", "retorts"])
def test_present_tense_verbs_attribute_quotes_to_their_own_speaker(verb):
    rows = found(f"“The party is tired,” Mr. Bozell says. “They want unanimity,” Ms. Ivanova "
                 f"{verb}.")
    assert [(r[1], r[3]) for r in rows if r[0] == DIRECT] == [
        ("Mr. Bozell", "The party is tired"), ("Ms. Ivanova", "They want unanimity")]


@pytest.mark.parametrize("body, speaker, quote", [
    ("“We will win,” he will say tonight.", "he", "We will win"),
    ("Trump is telling supporters that “when you win, it’s beautiful.”", "Trump",
     "when you win, it’s beautiful."),
    ("She is also noting the “kind of problems” Sanders had.", "She", "kind of problems"),
    ("Pence went on to say he is “confident about the talks.”", "Pence",
     "confident about the talks.")])
def test_modal_and_progressive_verbs_attribute_quotes(body, speaker, quote):
    assert [(r[1], r[3]) for r in found(body) if r[0] == DIRECT] == [(speaker, quote)]


@pytest.mark.parametrize("verb", ["sought", "thought", "knew"])
def test_participle_subject_stops_before_an_irregular_past_verb(verb):
    rows = found(f"The Florida senator {verb} to calm the crowd, saying it would “not get "
                 "beat up at all.”")
    assert [(r[1], r[3]) for r in rows if r[0] == DIRECT] == [
        ("The Florida senator", "not get beat up at all.")]


def test_passive_was_told_is_not_the_speaker():
    assert [r for r in found("Smith was told “we are leaving soon.”") if r[0] == DIRECT] == []


def test_pronoun_takes_the_nearest_person_speaking_before_it():
    table = voices(articles("“The vote is rigged,” said Maria Ivanova, an aid worker.\n\n"
                            "“We need observers,” she added."))
    row = table.iloc[1]
    assert (row["speaker"], row["speaker_kind"], row["antecedent"], row["speaker_id"]) == (
        "she", "pronoun", "Maria Ivanova", "")


def test_quote_continues_after_its_attribution_in_the_paragraph_and_the_next():
    table = voices(articles("“We will see,” Lavrov said. “Nothing is decided yet.”\n\n"
                            "“The talks go on in Geneva.”\n\n"
                            "The ministers met in a hotel. “It will be very hard.”"))
    assert list(zip(table["quote"], table["speaker_id"])) == [
        ("We will see", "sergei-lavrov"), ("Nothing is decided yet.", "sergei-lavrov"),
        ("The talks go on in Geneva.", "sergei-lavrov")]


def test_quote_after_another_speaker_does_not_continue_the_first():
    rows = found("“We will see,” Lavrov said. Kerry said that the talks had failed. "
                 "“Not yet.”")
    assert [r[3] for r in rows if r[0] == DIRECT] == ["We will see"]


def test_quote_spanning_paragraphs_keeps_its_speaker():
    table = voices(articles("Lavrov said: “We will continue the talks in Geneva.\n\n"
                            "“The ceasefire must hold everywhere.”"))
    assert list(zip(table["quote"], table["speaker"])) == [
        ("We will continue the talks in Geneva.", "Lavrov"),
        ("The ceasefire must hold everywhere.", "Lavrov")]


def test_participle_takes_the_subject_as_speaker():
    assert found("Trump took a risk, telling the crowd, “I am a negotiator like you.”") == [
        (DIRECT, "Trump", "donald-trump", "I am a negotiator like you.")]


def test_reported_speech_is_a_clause_not_a_fragment():
    assert found("But officials said so.") == []
    assert found("Instead, Peskov told me.") == []


def test_reporting_verbs_file_is_checked(tmp_path):
    verbs = load_reporting_verbs()
    assert {"said", "tweeted", "asked", "continued", "responded"} <= set(verbs["verb"])
    assert bool(verbs.set_index("verb").loc["said", "inverts"])
    bad = tmp_path / "verbs.csv"
    bad.write_text("verb,inverts\nsaid,yes\nSaid!,maybe\n")
    with pytest.raises(ValueError, match=r"verbs\.csv, row 3"):
        load_reporting_verbs(bad)


def test_pronoun_after_a_relative_word_gives_the_quote_to_the_sentence_subject():
    body = ("Cruz has railed against what he calls the “Washington cartel” of both parties. "
            "He said he would fight it.")
    quotes = [(speaker, quote) for kind, speaker, _, quote in found(body) if kind == DIRECT]
    assert quotes == [("Cruz", "Washington cartel")]
    # a pronoun not after what/whom/which keeps the quote
    other = "Cruz said on Monday that he calls it “a rigged system of favours”."
    assert [s for k, s, _, _ in found(other) if k == DIRECT] == ["he"]


def test_quote_said_according_to_a_source_is_that_source_s():
    body = ("“We will win this state,” O’Malley said at a press conference, according to "
            "the Las Vegas Sun.")
    assert [s for k, s, _, _ in found(body) if k == DIRECT] == ["the Las Vegas Sun"]
    plain = "“We will win this state,” O’Malley said at a press conference in Reno."
    assert [s for k, s, _, _ in found(plain) if k == DIRECT] == ["O’Malley"]


def test_according_to_a_document_names_the_document_and_resolves_its_source():
    body = "“The strikes hit the targets,” according to a Pentagon readout."
    assert [s for k, s, _, _ in found(body) if k == DIRECT] == ["a Pentagon readout"]
    cited = "Ten people were killed in the strikes on Aleppo, according to a TASS report."
    assert [(k, s, i) for k, s, i, _ in found(cited)] == [(AGENCY, "a TASS report", "tass")]
