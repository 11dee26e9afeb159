"""Whose voices an article carries: direct quotes, reported speech and agency citations.

``voices(articles)`` reads each article's ``body`` and returns one row per mention:

============ ==================================================================
article_id   the article
outlet       its outlet
sentence_no  the sentence (as ``helpers.text.sentences.split_sentences`` numbers them) that
             holds ``start``
kind         ``direct quote`` (text in quotation marks, attributed), ``reported speech``
             ("<speaker> said/told/stressed ... (that) <clause>") or ``agency citation``
             (a news agency named as the source: "TASS reported", "told the Russian
             news agency TASS", "according to Reuters", "[Xinhua]", or an agency as
             the speaker of a quote)
speaker      the speaker as written ("Kremlin spokesman Dmitry Peskov", "he", "TASS")
speaker_id   the person, institution (``data/people.csv``) or agency
             (``data/agencies.csv``) it resolves to; ``""`` when unknown or ambiguous
quote        the quoted or reported text: ``body[start:end]``
start, end   character offsets into ``body``
speaker_kind ``name`` (the phrase ends in a capitalised word: "Peskov", "retired
             neurosurgeon Ben Carson"), ``role`` (a common-noun phrase: "the mayor",
             "a senior official") or ``pronoun`` ("he", "she", "they", "it", "we", "I")
antecedent   for "he"/"she": the speaker phrase or registry name it refers to; else ""
============ ==================================================================

One statement can give two rows: "Peskov told the Russian news agency TASS that X" is
reported speech by Peskov *and* an agency citation of TASS, both with quote X.

``voice_counts`` -> outlet, speaker_id (``"(unresolved)"`` when empty), kind, n.
``agency_counts`` -> outlet, agency_id, agency (its name), n (citations), n_articles.
``load_reporting_verbs`` -> the verb forms that introduce speech (``data/reporting_verbs.csv``:
verb, inverts = "yes" when the form may precede its speaker, "..., said Peskov").

How a mention is found (regular expressions over each sentence; quotes over paragraphs):

1. Quotations: text between “ and ” (a second “ also closes one, as mistyped in some
   scrapes) or between straight double quotes, within a paragraph. A closing mark with no
   opening one before it in its paragraph starts the quote at the paragraph's start (the
   scrape lost the opening mark); an unclosed quote runs to the paragraph's end.
   Quotations of a single word (“moderate”, “interests”) are scare quotes: never voices.
2. Attributions, searched with quoted text masked (so "we told them" inside a quote is nobody's
   attribution): a speaker phrase before a reporting verb (``SPEECH_VERBS``, from the data
   file), optionally with "has", an adverb, a party tag "(D-Nev.)" or ", however," between; the
   verb may follow a modal ("he will say") or be a progressive ("Trump is telling supporters";
   never the passive "was told"). A speaker phrase is a name or role phrase ("Kremlin spokesman
   Dmitry Peskov", "US officials"), a common-noun phrase after a determiner or possessive ("the
   mayor", "one of those advisers", "Clinton's campaign"), a name after lower-case titles
   ("retired neurosurgeon Ben Carson") or a pronoun. Also: inverted "..., said Peskov" / "“…”
   asked the boy, who ..." (verbs marked ``inverts``; the speaker must end at punctuation or a
   preposition); "Ilya Rogachev, the director of ..., told" and "Others, reacting to ...,
   shouted" (at a sentence's start or after a quote); a participle or coordinated verb whose
   speaker is the sentence's subject ("Trump took a risk, telling the crowd", "by saying", "and
   joked"; an opening phrase "Amid ...," is skipped and a swallowed past-tense verb cut off); a
   colon before a quotation, its speaker the subject ("Clinton apologized: “…”"); "according to
   (a statement by) X".
3. A quotation takes the attribution right after it ("“…,” Peskov said") if the quote is
   closed by a comma, ? or ! or nothing stands before it, else the nearest one before it
   in its sentence ("On Monday, Peskov said, “…”", "Peskov called it “a mistake”"), else
   the nearest after it in its sentence. An unattributed quotation continues: the speaker
   of the quotation before it in its paragraph when no other attribution stands between
   ("“A,” Lavrov said. “B.”"), else the latest attribution before it in its paragraph
   ("Trump said that X. “Y.”"); one opening a paragraph continues the previous
   paragraph's quoted speaker, or the attribution ending the previous paragraph in a colon
   ("He said:" ¶ "“…”"). So a quote spanning paragraphs keeps its speaker. A quotation
   after "what/whom/which he (calls)" is the sentence subject's ("Cruz has railed against
   what he calls “…”" -> Cruz); one before "<speaker> said, according to Y" is Y's, where
   the speaker had it from. "according to a Pentagon readout" names the document as the
   speaker, resolved as its source (Pentagon). An attribution
   that governs no quotation is reported speech: the clause after "that" (or ":"), else
   the rest of the sentence, else (for "<clause>, Peskov said.") the text before the
   comma -- unless an opening phrase ("On Monday, Peskov said ...") is all that stands
   before it. Reported speech of fewer than MIN_CLAUSE_WORDS words is a fragment ("But",
   "me") and dropped.
4. Speakers resolve by the longest known alias that ends the speaker phrase ("Pentagon
   spokesman Peter Cook" -> Peter Cook, "the US president" -> US president). An alias
   shared by several people ("US president") resolves to the one the article names
   elsewhere, if exactly one; else it stays unresolved. "he"/"she" resolve to the nearest
   person before them in the article, outside quotations: a speaker that is a person (a
   two-word name that is not an organisation, or a person role such as "the mayor"), or a
   person from ``people.csv`` mentioned in the text; ``antecedent`` is that phrase.

Validity (benchmarks/voices_polnear.py, PolNeAR dev split, 84 US news articles of 2016;
benchmarks/RESULTS.md): direct quotes found with precision and recall measured there, and
the speaker's head word as written checked against the annotators'. What "he" resolves to
is not measured.

Limits: regular expressions, not a parser. Single quotation marks are not read as quotes
(they double as apostrophes); pronouns other than he/she ("it said", "they say") are kept
as written and not resolved; "he" ignores gender; countries named as speakers ("Russia has
argued", "Washington warned") resolve to that government; verbs outside the data file
("signaled", "expressed") are missed, and "called" or "reported" can misfire; a quote's
speaker in a paragraph of several voices can be the wrong one of them; agencies are only
found in the listed patterns, and photo credits ("Photo by Reuters") are not citations.
Cleaning removes captions, so credits such as "[Xinhua]" in a caption are not in
``body``: pass ``column="raw_text"`` to search the scraped text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.config import DATA_DIR
from helpers.text.sentences import sentence_spans
from helpers.schemas import columns

PEOPLE_FILE = DATA_DIR / "people.csv"
AGENCIES_FILE = DATA_DIR / "agencies.csv"
REPORTING_VERBS_FILE = DATA_DIR / "reporting_verbs.csv"
VOICE_COLUMNS = columns("voices")
DIRECT, REPORTED, AGENCY = "direct quote", "reported speech", "agency citation"
KINDS = (DIRECT, REPORTED, AGENCY)
NAME, ROLE, PRONOUN_KIND = "name", "role", "pronoun"
UNRESOLVED = "(unresolved)"
MASK = "\u00b7"         # what quoted text is replaced by while attributions are searched
MIN_CLAUSE_WORDS = 3    # reported speech shorter than this is a fragment ("But", "me"), dropped


def load_reporting_verbs(path: str | Path = REPORTING_VERBS_FILE) -> pd.DataFrame:
    """Reporting-verbs CSV -> verb (one form, lower case: "said", "pointed out", "telling") and
    inverts (bool: the form may precede its speaker, "..., said Peskov")."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(table.columns[:2]) != ["verb", "inverts"]:
        raise ValueError(f"{path}: the columns must be verb, inverts")
    for row, (verb, inverts) in enumerate(zip(table["verb"], table["inverts"]), start=2):
        if not re.fullmatch(r"[a-z]+(?: [a-z]+)*", verb.strip()) or inverts not in ("yes", ""):
            raise ValueError(f"{path}, row {row}: a verb is lower-case words and inverts is "
                             f"'yes' or empty, not {verb!r}, {inverts!r}")
    return pd.DataFrame({"verb": table["verb"].str.strip(), "inverts": table["inverts"] == "yes"})


def _alternation(words) -> str:
    """Words -> one regex alternation, longest first, each followed by a word boundary."""
    return ("(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
            + r")(?![\w'’-])")


_VERBS = load_reporting_verbs()
SPEECH_VERBS = tuple(v for v in _VERBS["verb"] if not v.endswith("ing"))
PARTICIPLES = tuple(v for v in _VERBS["verb"] if v.endswith("ing"))
INVERTING_VERBS = tuple(v for v, inv in zip(_VERBS["verb"], _VERBS["inverts"])
                        if inv and not v.endswith("ing"))

# --- building blocks of the attribution patterns (strings, compiled below) ----------------
# A capitalised word: names, "U.S.", "Mr.", "UK-based", "Russia’s", "al-Assad" (a full stop
# only inside initials or after a title, never the one ending the sentence).
_CAP = (r"(?:(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Sens|Rep|Reps|Gov|Rev|Sgt|Adm"
        r"|Capt|Maj|Prof|Jr|St)\.|[A-Z]\.(?=\s[A-Z])|[A-Z][\w'’-]*(?![\w'’-]|\.\w)"
        r"|al-[A-Z][\w'’-]*)")
# Lower-case words that make up role phrases ("Kremlin spokesman", "Syrian state media").
_ROLE = (r"(?:spokes(?:man|woman|person|men|people)|press secretary|prime minister|president"
         r"|ministers?|ministry|secretary|foreign|defen[cs]e|state|media|government|officials?"
         r"|sources?|monitors?|activists?|diplomats?|analysts?|experts?|observers?|commanders?"
         r"|military|army|envoy|ambassador|general|leaders?|director|chief|deputy|aides?"
         r"|advis[eo]rs?|news agency|agency|office|authorities|residents|witnesses|statement"
         r"|senators?|lawmakers|critics|supporters|voters|protesters|organi[sz]ers|insiders"
         r"|strategists|operatives|donors|delegates|members|police|investigators|prosecutors"
         r"|lawyers|attorneys|economists|pollsters|staffers|people|polls?|governor|mayor"
         r"|candidate|nominee|chair(?:man|woman)?|congress(?:man|woman)|representative"
         r"|strategist|pollster|manager|founder|host|anchor|columnist|author|professor|judge"
         r"|attorney|lawyer|sheriff|officer|commissioner|campaign)(?![\w-])")
_TOKEN = rf"(?:{_CAP}|{_ROLE})"
# A name or role phrase: optional article, up to nine name/role words, "of"/"for" between.
_NAMED = rf"(?:(?:[Tt]he|[Aa]n?)\s+)?{_TOKEN}(?:\s+(?:(?:of|for|of the)\s+)?{_TOKEN}){{0,8}}"
# A common-noun phrase: a determiner or a possessive, then up to five words that are not
# function words or -ly adverbs ("the mayor", "a 2008 Clinton veteran", "Clinton's campaign").
_DETERMINER = (r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Tt]his|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts"
               r"|[Ss]ome|[Mm]any|[Ss]everal|[Mm]ost|[Oo]ther|[Bb]oth|[Ee]ach|[Tt]wo|[Tt]hree"
               r"|[A-Z][\w.-]*['’]s?(?=\s))")
_FUNCTION = (r"(?:that|which|who|whom|whose|what|when|where|why|how|and|but|or|nor|if|is|are"
             r"|was|were|be|been|being|has|have|had|do|does|did|to|it|he|she|they|we|you|i|not"
             r"|also|as|than|then|by|with|on|in|at|from|this|these|those|the|a|an|there|here"
             r"|would|could|should|will|can|may|might|must|so|said|says|told|about|after"
             r"|before|during|into|over|under|while|since|until|because|for|of|now|still|just|later"
             r"|earlier|again|too|there"
             r"|even|never|often|already|always|once|first|past|time|week|weeks|year|years"
             r"|month|months|day|days|weekend|morning|afternoon|evening|night|moment|way"
             r"|[a-z]+ly)")
_COMMON_WORD = rf"(?:(?!{_FUNCTION}(?![\w'’-]))[a-z][\w'’-]*|{_CAP}|\d[\d,]*)"
_COMMON = (rf"{_DETERMINER}(?:\s+of(?:\s+(?:the|those|these|his|her|their|its))?)?"
           rf"(?:\s+{_COMMON_WORD}){{1,5}}")
# A name after lower-case titles: "retired neurosurgeon Ben Carson".
_TITLED = rf"(?:(?!{_FUNCTION}(?![\w'’-]))[a-z][\w'’-]*\s+){{1,2}}{_CAP}(?:\s+{_CAP}){{0,5}}"
_PHRASE = rf"(?:{_COMMON}|{_NAMED}|{_TITLED})"
# After an inverted verb, a name after any title words: "said Republican party boss Reince
# Priebus", "said Air Force 1st Lt. Tyler Livingston".
_MIXED = (rf"(?:(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+)?(?:{_COMMON_WORD}\s+){{0,5}}"
          rf"{_CAP}(?:\s+{_CAP}){{0,5}}")
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t)"
_SPEAKER = rf"(?:{_PRONOUN}|{_PHRASE})"
# Between speaker and verb: ", however,", "has", "also", "further", "now", an -ly adverb.
_BETWEEN = (r"(?:\s*\([^()]{1,16}\))?"             # a party and state: "(D-Nev.)"
            r"(?:\s*,\s*(?:however|though|meanwhile|too|in turn|for (?:his|her|its|their) part)"
            r"\s*,)?(?:\s+(?:has|have|had|also|further|now|then|again|later|earlier|previously"
            r"|once again|[a-z]+ly))*\s+")
_VERB = _alternation(SPEECH_VERBS)

# A verb after a modal or in the progressive: "he will say", "Trump is telling supporters".
_PERIPHRASTIC = (rf"(?:(?:will|would|could|might|can|did|does|went on to)\s+(?:also\s+)?{_VERB}"
                 rf"|(?:is|are|was|were)\s+(?:also\s+|now\s+)?{_alternation(PARTICIPLES)})")

# "<speaker> [has/also/, however,] <speech verb>": "Peskov said", "the Pentagon now says".
ATTRIBUTION = re.compile(rf"(?<![\w'’-])(?P<speaker>{_SPEAKER}){_BETWEEN}"
                         rf"(?P<verb>{_PERIPHRASTIC}|{_VERB})")
# Inverted, after a comma or closing quote: "..., said Peskov.", "“…,” asked the boy".
INVERTED = re.compile(rf"(?:(?<=[,”\"])|(?<=[,”\"]\s))\s*"
                      rf"(?P<verb>{_alternation(INVERTING_VERBS)})\s+"
                      rf"(?P<speaker>{_PRONOUN}|{_PHRASE}|{_MIXED})(?![\w'’-])"
                      rf"(?=\s*(?:[,.;:!?(—–]|$|(?:on|in|at|during|after|before|about|to"
                      rf"|from|of|for"
                      rf"|with|as|who|last|this|earlier|recently|today|yesterday)\s))")
# A name, an appositive, then the verb: "Ilya Rogachev, the director of ..., told",
# "Sembler, who helped lead fundraising, responded".
APPOSITIVE = re.compile(rf"(?P<speaker>{_CAP}(?:\s+{_CAP}){{0,3}}),\s+(?:(?:the|a|an|who)\s"
                        rf"[^.;!?]{{1,160}}?\s|[^,.;!?“”\"]{{1,120}},\s+)(?P<verb>{_VERB})")
# A participle after a comma, its speaker the sentence's subject: "Trump took a risk,
# telling the crowd, “…”".
# So too a verb coordinated with the sentence's first: "He adopted an accent and joked, “…”".
PARTICIPLE = re.compile(rf"(?:,|(?<=\s)by)\s+(?P<verb>{_alternation(PARTICIPLES)})"
                        rf"|(?<=\s)(?:and|but)\s+(?:then\s+|also\s+)?(?P<finite>{_VERB})")
SUBJECT = re.compile(
    rf"(?:(?:Amid|For|In|On|At|After|Before|During|When|While|As|Since|Recalling|Speaking"
    rf"|Asked|Later|Earlier|Last|This|Despite|Following|Like|Unlike|With|Without|Soon|Under"
    rf"|From|Although|Though|If|Because|Once|Until|By)\b[^,]{{0,80}},\s+)?"
    rf"(?P<speaker>{_SPEAKER})(?![\w'’-])(?:\s*,[^,]{{1,80}},)?\s+(?=[a-z])")
# A past-tense verb a subject phrase may have swallowed: "The businessman began (by ...)".
PAST_VERB = re.compile(r"\s+(?:[a-z]+ed|began|ran|went|made|took|gave|got|came|did|saw|spoke"
                       r"|met|left|won|lost|sent|put|set|kept|held|brought|led|became|stood|sat"
                       r"|fell|drew|grew|threw|struck|beat|sought|thought|fought|bought|caught"
                       r"|told|knew|felt|found|paid|spent|built|wrote|heard|meant|known|has|had"
                       r"|is|was|are|were)(?![\w'’-])")
# "according to (a statement by) <speaker>": a person, institution or agency.
_DOCUMENT = (r"(?:statement|report|reports|readout|transcript|account|memoir|interview|remarks"
             r"|comments|briefing)")
# "according to a Pentagon readout", "... White House pool reports": the document is the source.
ACCORDING_TO = re.compile(
    rf"(?<![\w-])(?P<verb>[Aa]ccording to)\s+(?:(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,2}}?"
    rf"{_DOCUMENT}\s+(?:by|from|of|with)\s+)?"
    rf"(?P<speaker>{_NAMED}(?:\s+(?:pool\s+)?{_DOCUMENT})?)(?![\w'’-])")
# Templates filled with the agencies' aliases (compiled once per agency list, see
# _agency_patterns): an agency as the object of "told", "quoted by", "in an interview with"
# ("told the Russian news agency TASS"), and a bracketed credit ("[Xinhua]", "(AFP)").
AGENCY_OBJECT_TEMPLATE = (r"(?<![\w-])(?P<verb>told|telling|tells|quoted by|cited by|reported by"
                          r"|in an interview with|in an interview to|speaking to|speaking with)\s+"
                          r"(?:the\s+)?(?:[\w'’-]+\s+){{0,3}}?(?P<speaker>{aliases})(?![\w-])")
AGENCY_TAG_TEMPLATE = r"[\[(](?P<speaker>{aliases})[\])]"

# Quotation marks: curly double quotes and the straight double quote.
QUOTE_MARK = re.compile(r"[“”\"]")
# After the verb (and its object: "told reporters on Thursday"), "that" opens the clause.
THAT_CLAUSE = re.compile(r"(?:\s+[\w'’.-]+){0,8}?\s+that\s+")
# A colon after the verb opens the clause: "Peskov said: ...".
COLON_CLAUSE = re.compile(r"\s*:\s*")
# A time phrase right after the verb is not what was said: "Russia said on Monday it ...".
LEADING_TIME = re.compile(r"\s*(?:(?:on|last|this|late|early)\s+)?(?:Monday|Tuesday|Wednesday"
                          r"|Thursday|Friday|Saturday|Sunday|today|yesterday|week|night|morning"
                          r"|evening)\b,?")
# A dateline before a bracketed credit: "MOSCOW (Reuters) -" (no lower-case letter).
DATELINE = re.compile(r"[^a-z]*")
# What separates a dateline credit from the story: dashes and spaces.
DATELINE_DASH = re.compile(r"[\s\-–—]*")
# What a postposed attribution may leave after the verb: a short tail ("on Sunday",
# "told reporters") before the sentence ends or a comma.
SHORT_TAIL = re.compile(r"(?:\s+(?!that\b)[\w'’.-]+){0,6}\s*(?:[,.;!?]|$)")
# What may stand between a quotation's closing mark and the attribution right after it.
QUOTE_TO_ATTRIBUTION = re.compile(r"[ \t,”\"]*")
# A leading word that is not part of the speaker ("But Peskov said", "On Thursday Peskov").
LEADING_NOISE = re.compile(
    r"(?:(?:But|And|Yet|So|Also|Then|Now|Still|Instead|Earlier|Later|Meanwhile|Separately"
    r"|Last|This|Next|Late|Early|Asked|Speaking|Writing|Indeed|However|Still|Here|There"
    r"|What|From|For|Amid|Despite|Following|With|Without|Under|Like"
    r"|Today|Yesterday|On|In|At|During|After|Before|Since|When|While|Although|As|If"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December)\s+)+")
# Between a postposed verb and an "according to" that cites it: "said (on Monday), ".
CITED_AFTER = re.compile(r"(?:\s+[\w'’.$-]+){0,10}?\s*,\s*")
# A document named after its source ("a TASS report"): resolved as the source.
DOCUMENT_TAIL = re.compile(rf"\s+(?:pool\s+)?{_DOCUMENT}$")
# A relative word right before a pronoun speaker: "what he calls", "whom she described as".
RELATIVE_BEFORE = re.compile(r"(?<![\w'’-])(?:what|whom|which)\s+$")
PRONOUN = re.compile(r"[Hh]e|[Ss]he")                 # the pronouns resolved to a person
ANY_PRONOUN = re.compile(_PRONOUN)
# A quotation opening right after an inverted speaker: "explained Nancy Cordes: “…".
QUOTE_AFTER_SPEAKER = re.compile(r"\s*[,:]\s*[“\"]")
# Where a speaker phrase may start besides the sentence's start: after a closing quote.
AFTER_QUOTE = re.compile(r"[”\"],?\s+(?=[A-Z])")
# A colon before a quotation, its speaker the sentence's subject: "Clinton apologized: “…”".
COLON_QUOTE = re.compile(r"(?P<verb>:)\s*(?=[“\"]|$)")
# A quotation opening right after the verb (and a short object): "said, “…", "told CNN: “…".
QUOTE_AFTER_CUE = re.compile(r"(?:\s+[\w'’.-]+){0,4}?\s*[,:]?\s*[“\"]")
# Role words at the end of an unresolved speaker that make it a person ("the US president").
PERSON_HEAD = re.compile(r"(?:spokes(?:man|woman|person)|president|minister|secretary|official"
                         r"|ambassador|envoy|general|commander|director|chief|leader|diplomat"
                         r"|advis[eo]r|aide|senator)$", re.IGNORECASE)
# Two or more capitalised words: a personal name, unless it names an organisation.
NAME_LIKE = re.compile(rf"{_CAP}(?:\s+{_CAP})+")
ORGANISATION_WORD = re.compile(r"\b(?:Ministry|Department|Observatory|Agency|Council|Office"
                               r"|Government|Army|Forces|Media|News|Today|Post|Times|Committee"
                               r"|Coalition|Nations|Union|Kremlin|Pentagon|House)\b")
DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
AGENCY_SUFFIX = re.compile(r"\s+(?:news agency|news service|agency)$", re.IGNORECASE)


# --- the registries -----------------------------------------------------------------------

def _read_registry(path: str | Path, columns: list[str]) -> pd.DataFrame:
    """A registry CSV -> its rows, aliases split on ';' into lists (the name always included)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    if table["id"].eq("").any() or table["id"].duplicated().any():
        raise ValueError(f"{path}: every row needs a unique id")
    table["aliases"] = [list(dict.fromkeys([n, *(a.strip() for a in al.split(";") if a.strip())]))
                        for n, al in zip(table["name"], table["aliases"])]
    return table


def load_people(path: str | Path = PEOPLE_FILE) -> pd.DataFrame:
    """People CSV -> id, name, aliases (list, name included), role, affiliation, kind
    (``person`` or ``institution``)."""
    table = _read_registry(path, ["id", "name", "aliases", "role", "affiliation", "kind"])
    bad = sorted(set(table["kind"]) - {"person", "institution"})
    if bad:
        raise ValueError(f"{path}: kind must be person or institution, not {', '.join(bad)}")
    return table


def load_agencies(path: str | Path = AGENCIES_FILE) -> pd.DataFrame:
    """Agencies CSV -> id, name, aliases (list, name included) and any further columns."""
    return _read_registry(path, ["id", "name", "aliases"])


def _alias_key(text: str) -> str:
    """An alias or speaker phrase -> its comparison form: ’ as ', no article, folded spaces."""
    return DETERMINER.sub("", " ".join(text.replace("’", "'").split()))


@lru_cache(maxsize=8)
def _agency_patterns(aliases: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """Agency aliases -> the compiled object and bracketed-credit patterns (case-sensitive)."""
    alternation = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return (re.compile(AGENCY_OBJECT_TEMPLATE.format(aliases=alternation)),
            re.compile(AGENCY_TAG_TEMPLATE.format(aliases=alternation)))


@lru_cache(maxsize=8)
def _mention_pattern(aliases: tuple[str, ...]) -> re.Pattern:
    """Person aliases -> one word-bounded, case-sensitive pattern finding any of them."""
    alternation = "|".join(re.escape(a).replace("'", "['’]")
                           for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternation})(?![\w-])")


class _Resolver:
    """Speaker phrases -> ids, from the people and agency registries."""

    def __init__(self, people: pd.DataFrame, agencies: pd.DataFrame):
        self.people: dict[str, set[str]] = {}
        for row in people.itertuples(index=False):
            for alias in row.aliases:
                self.people.setdefault(_alias_key(alias).casefold(), set()).add(row.id)
        self.agencies = {_alias_key(a): row.id for row in agencies.itertuples(index=False)
                         for a in row.aliases}
        self.kind = {**dict(zip(people["id"], people["kind"])),
                     **{i: "agency" for i in agencies["id"]}}
        persons = people[people["kind"] == "person"]
        self.person_alias = {a.replace("’", "'"): row.id
                             for row in persons.itertuples(index=False) for a in row.aliases
                             if len(self.people[_alias_key(a).casefold()]) == 1}
        self.ambiguous = {a: self.people[_alias_key(a).casefold()]
                          for row in persons.itertuples(index=False) for a in row.aliases
                          if len(self.people[_alias_key(a).casefold()]) > 1}
        self.mentions = _mention_pattern(tuple(sorted({*self.person_alias, *self.ambiguous})))
        self.agency_patterns = _agency_patterns(tuple(sorted(self.agencies)))

    def named_in(self, text: str) -> set[str]:
        """A body -> the people it names by an alias only they carry."""
        found = (m.group().replace("’", "'") for m in self.mentions.finditer(text))
        return {self.person_alias[alias] for alias in found if alias in self.person_alias}

    def mention_id(self, alias: str, context: set[str]) -> str:
        """A person alias found in the text -> its id ("" if ambiguous in this article)."""
        alias = alias.replace("’", "'")
        if alias in self.person_alias:
            return self.person_alias[alias]
        found = self.ambiguous.get(alias, set()) & context
        return next(iter(found)) if len(found) == 1 else ""

    def resolve(self, phrase: str, context: set[str]) -> str:
        """A speaker phrase -> the id of the longest alias ending it ("" if none or ambiguous)."""
        words = _alias_key(phrase).split()
        for i in range(len(words)):
            suffix = " ".join(words[i:])
            bare = AGENCY_SUFFIX.sub("", suffix)
            if bare in self.agencies:
                return self.agencies[bare]
            ids = self.people.get(suffix.casefold())
            if ids:
                found = ids if len(ids) == 1 else ids & context
                return next(iter(found)) if len(found) == 1 else ""
        return ""

    def is_person(self, speaker_id: str, phrase: str) -> bool:
        """A resolved id (or an unresolved phrase) -> whether it can be the antecedent of he/she."""
        if speaker_id:
            return self.kind.get(speaker_id) == "person"
        key = _alias_key(phrase)
        return bool(PERSON_HEAD.search(key)
                    or (NAME_LIKE.fullmatch(key) and not ORGANISATION_WORD.search(key)))


# --- finding quotations and attributions --------------------------------------------------

@dataclass
class _Quote:
    """A quotation: opening mark (or paragraph start), end after the closing mark, the
    quoted text's trimmed span, and the paragraph it is in."""
    open: int
    close: int
    start: int
    end: int
    paragraph: tuple[int, int]
    text: str

    @property
    def is_speech(self) -> bool:
        """More than one word: a single quoted word is a scare quote, nobody's voice."""
        return len(self.text.split()) > 1


@dataclass
class _Attribution:
    """A speaker with a speech cue in one sentence, and how the clause it reports is found."""
    speaker: str
    speaker_start: int
    speaker_end: int
    cue_start: int
    cue_end: int
    sentence: tuple[int, int]
    pattern: str                   # attribution, inverted, appositive, according, object, tag
    postposed: bool = False
    speaker_id: str = ""
    antecedent: str = ""           # for he/she: the person it refers to, as written
    governs: list = field(default_factory=list)

    @property
    def speaker_kind(self) -> str:
        """pronoun ("he", "they"), name (the phrase ends in a capitalised word) or role."""
        if ANY_PRONOUN.fullmatch(self.speaker):
            return PRONOUN_KIND
        return NAME if self.speaker.split()[-1][:1].isupper() else ROLE

    @property
    def lead(self) -> int:
        """Where the attribution starts in the text (speaker, or verb when inverted)."""
        return min(self.speaker_start, self.cue_start)


@dataclass
class _Span:
    """A speaker span cut shorter than its match (answers start/end like a match)."""
    begin: int
    finish: int

    def start(self, _group: str = "speaker") -> int:
        return self.begin

    def end(self, _group: str = "speaker") -> int:
        return self.finish


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """A body -> (start, end) of each paragraph (blocks split by a blank line)."""
    spans, offset = [], 0
    for paragraph in body.split("\n\n"):
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return spans


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """A span -> the same span without surrounding white space or a trailing comma."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == ","):
        end -= 1
    return start, end


def _quotes(body: str) -> list[_Quote]:
    """A body -> its quotations, paragraph by paragraph (see rule 1 in the module docstring)."""
    found = []
    for p_start, p_end in _paragraphs(body):
        opened, any_here = None, False
        for mark in QUOTE_MARK.finditer(body, p_start, p_end):
            if opened is None and mark.group() == "”":
                if not any_here:         # a closing mark with no opening one: lost in the scrape
                    found.append((p_start, mark.end(), p_start, mark.start(), (p_start, p_end)))
                    any_here = True
                continue
            if opened is None:
                opened = mark.start()
                continue
            found.append((opened, mark.end(), opened + 1, mark.start(), (p_start, p_end)))
            opened, any_here = None, True
        if opened is not None:
            found.append((opened, p_end, opened + 1, p_end, (p_start, p_end)))
    quotes = []
    for open_, close, start, end, paragraph in found:
        start, end = _trim(body, start, end)
        quotes.append(_Quote(open_, close, start, end, paragraph, body[start:end]))
    return quotes


def _masked(body: str, quotes: list[_Quote]) -> str:
    """A body -> the same text with every quotation's inside replaced by MASK characters."""
    chars = list(body)
    for q in quotes:
        inside_start = q.open + (1 if body[q.open] in "“\"" else 0)
        inside_end = q.close - (1 if q.close > q.open and body[q.close - 1] in "”“\"" else 0)
        for i in range(inside_start, inside_end):
            if chars[i] != "\n":
                chars[i] = MASK
    return "".join(chars)


def _strip_noise(body: str, start: int, end: int) -> int:
    """A speaker span -> its start moved past leading words that are not the speaker."""
    noise = LEADING_NOISE.match(body, start, end)
    return noise.end() if noise and noise.end() < end else start


def _attributions(body: str, masked: str, sentences: list[tuple[int, int]],
                  resolver: _Resolver) -> list[_Attribution]:
    """A body (and its masked copy) -> every attribution in its sentences, deduplicated."""
    agency_object, agency_tag = resolver.agency_patterns
    patterns = [("attribution", ATTRIBUTION), ("inverted", INVERTED), ("appositive", APPOSITIVE),
                ("according", ACCORDING_TO), ("object", agency_object), ("tag", agency_tag),
                ("participle", PARTICIPLE), ("colon", COLON_QUOTE)]
    found, seen = [], set()
    for s_start, s_end in sentences:
        text = masked[s_start:s_end]
        first = s_start + len(text) - len(text.lstrip())
        for name, pattern in patterns:
            if name == "appositive":          # at the sentence's start or after a quote
                starts = [first, *(m.end() for m in AFTER_QUOTE.finditer(masked, s_start, s_end))]
                matches = [m for m in (pattern.match(masked, i, s_end) for i in starts) if m]
            else:
                matches = pattern.finditer(masked, s_start, s_end)
            for m in matches:
                agency_only = name in ("object", "tag")
                verb = "finite" if name == "participle" and m.group("finite") else "verb"
                key = (m.start(verb) if verb in m.re.groupindex else m.start(), agency_only)
                if key in seen:
                    continue
                speaker = m
                if name == "colon" and any(a.sentence[0] == s_start and a.cue_end <= m.start()
                                           for a in found):
                    continue                      # "Peskov said: “…”" has its verb already
                if name in ("participle", "colon"):   # the speaker is the sentence's subject
                    speaker = SUBJECT.match(masked, first, m.start())
                    if not speaker:
                        continue
                    second = masked.find(" ", speaker.start("speaker"), speaker.end("speaker"))
                    swallowed = second >= 0 and PAST_VERB.search(masked, second + 1,
                                                                 speaker.end("speaker"))
                    if swallowed:
                        speaker = _Span(speaker.start("speaker"), swallowed.start())
                seen.add(key)
                sp_start = _strip_noise(body, speaker.start("speaker"), speaker.end("speaker"))
                if LEADING_NOISE.fullmatch(body[sp_start:speaker.end("speaker")] + " "):
                    continue
                cue = (m.start(verb), m.end(verb)) if name != "tag" else (m.start(), m.end())
                found.append(_Attribution(body[sp_start:speaker.end("speaker")], sp_start,
                                          speaker.end("speaker"), *cue, (s_start, s_end), name))
    for a in found:
        a.postposed = _is_postposed(masked, a)
    return found


def _is_postposed(masked: str, a: _Attribution) -> bool:
    """An attribution -> whether it follows the words it reports ("<clause>, Peskov said.")."""
    if a.pattern == "inverted":          # "explained Nancy Cordes: “…”" introduces its quote
        return not QUOTE_AFTER_SPEAKER.match(masked, a.speaker_end, a.sentence[1])
    if a.pattern == "tag":
        return True
    if a.pattern in ("object", "appositive", "participle", "colon"):
        return False
    before = masked[a.sentence[0]:a.lead].rstrip()
    if a.pattern == "according":
        return bool(before)
    if QUOTE_AFTER_CUE.match(masked, a.cue_end, a.sentence[1]):
        return False                     # "On Monday, Peskov said, “…”": the quote is his
    opening = before.endswith(",") and len(before.split()) < MIN_CLAUSE_WORDS
    return (before.endswith((",", "”", "\"", MASK)) and not opening
            and bool(SHORT_TAIL.match(masked, a.cue_end, a.sentence[1])))


# --- clauses, quote attribution, pronouns ------------------------------------------------

def _clause(body: str, masked: str, a: _Attribution, quotes: list[_Quote],
            others: list[_Attribution]) -> tuple[int, int]:
    """An attribution that governs no quotation -> the span of the clause it reports."""
    s_start, s_end = a.sentence
    if a.postposed:
        start = s_start
        for q in quotes:                    # a sentence that starts inside a quotation
            if q.open < s_start < q.close:
                start = q.open
        if a.pattern == "tag" and DATELINE.fullmatch(masked, s_start, a.cue_start):
            after = DATELINE_DASH.match(masked, a.cue_end, s_end).end()   # "MOSCOW (AFP) - ..."
            return _trim_clause(body, after, s_end)
        return _trim_clause(body, start, a.lead)
    if a.pattern == "according" and not masked[s_start:a.lead].strip():
        comma = masked.find(",", a.speaker_end, s_end)      # "According to TASS, ..."
        return _trim_clause(body, comma + 1 if comma >= 0 else a.speaker_end, s_end)
    start = a.cue_end
    opener = (THAT_CLAUSE.match(masked, a.cue_end, s_end)
              or COLON_CLAUSE.match(masked, a.cue_end, s_end))
    if opener:
        start = opener.end()
    elif time := LEADING_TIME.match(masked, a.cue_end, s_end):
        start = time.end()
    end = s_end
    for other in others:                   # stop before a later attribution: ", TASS reports"
        if other is not a and other.postposed and start < other.lead < end:
            comma = masked.rfind(",", start, other.lead)
            end = comma if comma >= 0 else other.lead
    span = _trim_clause(body, start, end)
    return span if span[1] > span[0] else _trim_clause(body, s_start, s_end)


def _trim_clause(body: str, start: int, end: int) -> tuple[int, int]:
    """A clause span -> without surrounding white space and trailing punctuation."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in ".,;:"):
        end -= 1
    return start, end


def _governor(q: _Quote, attributions: list[_Attribution], body: str) -> _Attribution | None:
    """A quotation -> the attribution it belongs to (rule 3 of the module docstring)."""
    candidates = [a for a in attributions if a.pattern not in ("object", "tag")]
    opening, closing = q.open, max(q.close - 1, q.open)
    before = [a for a in candidates if a.sentence[0] <= opening < a.sentence[1]
              and a.cue_end <= opening and not a.postposed]
    after = [a for a in candidates if a.lead >= q.close
             and QUOTE_TO_ATTRIBUTION.fullmatch(body, q.close, a.lead)]
    # "“…,” Peskov said" takes the attribution after it; "Hunter told Politico “…” He
    # also said" (no comma, ? or ! closing the quote) the one before it.
    closed = body[q.start:q.end].endswith((",", "?", "!")) or "," in body[q.end:q.close + 2]
    if after and (closed or not before):
        return min(after, key=lambda a: a.lead)
    if before:
        return max(before, key=lambda a: a.cue_end)
    later = [a for a in candidates
             if a.sentence[0] <= closing < a.sentence[1] and a.lead >= q.close]
    return min(later, key=lambda a: a.lead) if later else None


def _resolve_all(body: str, masked: str, attributions: list[_Attribution],
                 resolver: _Resolver) -> None:
    """Attributions of one article -> speaker_id set; he/she -> antecedent and its id, from the
    nearest person before: a speaker that is a person, or a person of the registry named."""
    context = resolver.named_in(body)
    events: list[tuple[int, int, object]] = [
        (m.start(), 0, (resolver.mention_id(m.group(), context), m.group()))
        for m in resolver.mentions.finditer(masked)]
    events += [(a.speaker_start, 1, a) for a in attributions]
    last = ("", "")
    for _, _, item in sorted(events, key=lambda e: (e[0], e[1])):
        if isinstance(item, tuple):
            last = item
            continue
        if PRONOUN.fullmatch(item.speaker):
            item.speaker_id, item.antecedent = last
            continue
        item.speaker_id = resolver.resolve(DOCUMENT_TAIL.sub("", item.speaker), context)
        if item.speaker_kind != PRONOUN_KIND and resolver.is_person(item.speaker_id, item.speaker):
            last = (item.speaker_id, item.speaker)


def _continuing(q: _Quote, previous: _Quote | None, attributions: list[_Attribution],
                governors: dict[int, _Attribution], body: str) -> _Attribution | None:
    """An unattributed quotation and the quotation before it -> the attribution it continues,
    in this order: the one ending the previous paragraph in a colon ("He said:" ¶ "“…”");
    if it is the first quotation of its paragraph, the latest attribution before it there
    ("Trump said that X. “Y.”"); the previous quotation's, when that is in the same
    paragraph with no other attribution between ("“A,” Lavrov said. “B.”"), or in the
    paragraph just before while this one opens its paragraph. None if none applies."""
    opens = not body[q.paragraph[0]:q.open].strip()
    end = q.paragraph[0] - 2              # "He said:" ¶ "“…”": the colon ends the paragraph
    if opens and body[:max(end, 0)].rstrip().endswith(":"):
        colon = [a for a in attributions if a.pattern not in ("object", "tag")
                 and not a.postposed and a.sentence[1] >= end - 1 and a.cue_end <= end]
        if colon:
            return max(colon, key=lambda a: a.cue_end)
    if previous is None or previous.paragraph != q.paragraph:
        earlier = [a for a in attributions if q.paragraph[0] <= a.lead and a.cue_end <= q.open
                   and a.pattern not in ("object", "tag")]
        if earlier:                       # "Trump said that X. “Y.”": Y is Trump's too
            return max(earlier, key=lambda a: a.cue_end)
    if previous is None or id(previous) not in governors:
        return None
    governor = governors[id(previous)]
    if previous.paragraph == q.paragraph:
        between = [a for a in attributions if previous.close <= a.lead < q.open
                   and a is not governor and a.pattern not in ("object", "tag")]
        return None if between else governor
    return governor if opens and previous.paragraph[1] + 2 == q.paragraph[0] else None


def _outer_speaker(body: str, masked: str, a: _Attribution, q: _Quote,
                   resolver: _Resolver) -> _Attribution | None:
    """A "he"/"she" attribution inside a sentence and the quotation after its verb -> the
    same attribution spoken by the sentence's subject when that is a name or role phrase
    before the pronoun ("Cruz has railed against what he calls “…”" -> Cruz); else None."""
    first = a.sentence[0] + len(masked[a.sentence[0]:a.sentence[1]]) \
        - len(masked[a.sentence[0]:a.sentence[1]].lstrip())
    if (not PRONOUN.fullmatch(a.speaker) or a.pattern != "attribution" or q.open < a.cue_end
            or a.speaker_start <= first
            or not RELATIVE_BEFORE.search(masked, first, a.speaker_start)):
        return None
    subject = SUBJECT.match(masked, first, a.speaker_start)
    if not subject or ANY_PRONOUN.fullmatch(subject.group("speaker")):
        return None
    start = _strip_noise(body, subject.start("speaker"), subject.end("speaker"))
    end = subject.end("speaker")
    if start >= end or LEADING_NOISE.fullmatch(body[start:end] + " "):
        return None
    speaker = body[start:end]
    return replace(a, speaker=speaker, speaker_start=start, speaker_end=end, antecedent="",
                   speaker_id=resolver.resolve(speaker, resolver.named_in(body)), governs=[])


def _cited_source(masked: str, a: _Attribution, q: _Quote,
                  attributions: list[_Attribution]) -> _Attribution | None:
    """An attribution after its quotation -> the "according to" right after its verb, which
    the quote is taken from ("“…,” Sanders said, according to CNN" -> CNN); else None."""
    if a.lead < q.close or a.pattern not in ("attribution", "inverted"):
        return None
    cited = [c for c in attributions if c.pattern == "according" and c.sentence == a.sentence
             and c.lead >= a.cue_end and CITED_AFTER.fullmatch(masked, a.cue_end, c.lead)]
    return min(cited, key=lambda c: c.lead) if cited else None


def _article_voices(body: str, resolver: _Resolver) -> list[tuple]:
    """One body -> (sentence_no, kind, speaker, speaker_id, quote, start, end, speaker_kind,
    antecedent) per mention."""
    sentences = sentence_spans(body)
    quotes = _quotes(body)
    masked = _masked(body, quotes)
    attributions = _attributions(body, masked, sentences, resolver)
    _resolve_all(body, masked, attributions, resolver)

    def kind_of(a: _Attribution, default: str) -> str:
        """An attribution and its kind as a person's -> agency citation if an agency speaks."""
        return AGENCY if resolver.kind.get(a.speaker_id) == "agency" else default

    spans: list[tuple[str, _Attribution, int, int]] = []
    governors: dict[int, _Attribution] = {}
    previous = None
    for q in (q for q in quotes if q.is_speech):
        governor = (_governor(q, attributions, body)
                    or _continuing(q, previous, attributions, governors, body))
        previous = q
        if governor is None:
            continue
        governor.governs.append(q)
        governors[id(q)] = governor
        speaker = (_outer_speaker(body, masked, governor, q, resolver)
                   or _cited_source(masked, governor, q, attributions) or governor)
        spans.append((kind_of(speaker, DIRECT), speaker, q.start, q.end))
    for a in attributions:
        if a.pattern in ("object", "tag") or (not a.governs and a.pattern != "colon"):
            kind = AGENCY if a.pattern in ("object", "tag") else kind_of(a, REPORTED)
            start, end = _clause(body, masked, a, quotes, attributions)
            if len(body[start:end].split()) >= MIN_CLAUSE_WORDS or kind == AGENCY:
                spans.append((kind, a, start, end))
    starts = [s for s, _ in sentences]
    rows = {}
    for kind, a, start, end in spans:
        sentence_no = max(bisect.bisect_right(starts, start) - 1, 0)
        rows[(start, end, kind, a.speaker_start)] = (sentence_no, kind, a.speaker, a.speaker_id,
                                                     body[start:end], start, end,
                                                     a.speaker_kind, a.antecedent)
    return [rows[k] for k in sorted(rows)]


def voices(articles: pd.DataFrame, *, people: pd.DataFrame | None = None,
           agencies: pd.DataFrame | None = None, column: str = "body") -> pd.DataFrame:
    """Articles -> one row per voice (quote, reported speech, agency citation): VOICE_COLUMNS.

    ``people`` and ``agencies`` default to ``load_people()`` and ``load_agencies()``.
    ``column`` is the text searched: offsets and sentence numbers refer to it (for ``body``,
    the same sentences ``split_sentences`` gives). Rules and limits: the module docstring.
    """
    resolver = _Resolver(load_people() if people is None else people,
                         load_agencies() if agencies is None else agencies)
    rows = [(article.article_id, article.outlet, *row)
            for article in articles[["article_id", "outlet", column]].itertuples(index=False)
            for row in _article_voices(getattr(article, column), resolver)]
    table = pd.DataFrame(rows, columns=VOICE_COLUMNS)
    return table.astype({"sentence_no": "int64", "start": "int64", "end": "int64"})


def voice_counts(voices_table: pd.DataFrame) -> pd.DataFrame:
    """Voices table -> outlet, speaker_id, kind, n (mentions); unresolved speakers pooled as
    ``"(unresolved)"``. Sorted by outlet, then n descending."""
    table = voices_table.assign(speaker_id=voices_table["speaker_id"].replace("", UNRESOLVED))
    counts = table.groupby(["outlet", "speaker_id", "kind"]).size().rename("n").reset_index()
    counts = counts.sort_values(["outlet", "n", "speaker_id", "kind"],
                                ascending=[True, False, True, True])
    return counts.reset_index(drop=True).astype({"n": "int64"})


def agency_counts(voices_table: pd.DataFrame, agencies: pd.DataFrame | None = None) -> pd.DataFrame:
    """Voices table -> outlet, agency_id, agency (name), n (citations), n_articles (articles
    citing it). Sorted by outlet, then n descending."""
    agencies = load_agencies() if agencies is None else agencies
    cited = voices_table[voices_table["kind"] == AGENCY]
    counts = (cited.groupby(["outlet", "speaker_id"])
              .agg(n=("article_id", "size"), n_articles=("article_id", "nunique"))
              .reset_index().rename(columns={"speaker_id": "agency_id"}))
    names = dict(zip(agencies["id"], agencies["name"]))
    counts.insert(2, "agency", counts["agency_id"].map(names).fillna(counts["agency_id"]))
    counts = counts.sort_values(["outlet", "n", "agency_id"], ascending=[True, False, True])
    return counts.reset_index(drop=True).astype({"n": "int64", "n_articles": "int64"})
