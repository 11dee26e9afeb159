"""Tests for helpers.measures.fast_vader: NLTK's VADER scores, bit for bit, with a faster tokeniser."""
from __future__ import annotations

import string

import pytest
import support
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.sentiment import vader as nltk_vader

from helpers.measures.fast_vader import PUNCTUATION, FastSentiText, FastVader
from helpers.text.sentences import nltk_data_dir


@pytest.fixture(scope="module")
def analysers():
    """(NLTK's own analyser, ours), both with the full lexicon."""
    nltk_data_dir()
    return nltk_vader.SentimentIntensityAnalyzer(), FastVader()


def tokens(cls: type, text: str) -> list[str]:
    """A SentiText class and a text -> its words_and_emoticons."""
    constants = nltk_vader.VaderConstants
    return cls(text, constants.PUNC_LIST, constants.REGEX_REMOVE_PUNCTUATION).words_and_emoticons


def test_punctuation_is_what_nltk_removes():
    removed = {chr(c) for c in range(0x3000)
               if not nltk_vader.VaderConstants.REGEX_REMOVE_PUNCTUATION.sub("", chr(c))}
    assert removed == set(PUNCTUATION)


def test_scores_equal_nltk_on_every_real_sentence(analysers):
    nltk_sia, fast = analysers
    sentences = support.real_sentences()
    assert len(sentences) > 100
    differ = [s for s in sentences if nltk_sia.polarity_scores(s) != fast.polarity_scores(s)]
    assert differ == []


@pytest.mark.parametrize("text", [
    "It was a good, good day!!", "(Good) news: \"great\" -- not bad...", "no!! ?!?terrible",
    "'war' wars' war's", ":) :-( <3 :D", "!!! ??? ?!?! !?!?", "a b c !", "kind of good", "",
    "GOOD news, BAD news", "x-ray; e.g. U.S.-led", "\u2019Tis a \u201cfine\u201d mess\u2026",
])
def test_tokens_equal_nltk_on_edge_cases(text):
    assert tokens(FastSentiText, text) == tokens(nltk_vader.SentiText, text)


WORDS = ["good", "bad", "not", "war", "very", "kind", "of", "no", "but", "least", "Kremlin",
         "ok", "a", "I", "killed", "GREAT", "e.g", "U.S", ":)", "<3", "x"]
PIECES = st.one_of(st.sampled_from(WORDS), st.sampled_from(nltk_vader.VaderConstants.PUNC_LIST),
                   st.text(alphabet=string.punctuation, max_size=3),
                   st.text(alphabet=string.ascii_letters + "’é", min_size=1, max_size=4))
TOKEN = st.lists(PIECES, min_size=1, max_size=3).map("".join)
TEXT = st.lists(st.tuples(TOKEN, st.sampled_from([" ", "  ", "\n", "\t", "\u00a0"])),
                max_size=15).map(lambda parts: "".join(t + sep for t, sep in parts))


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_tokens_and_scores_equal_nltk_on_generated_text(analysers, text):
    nltk_sia, fast = analysers
    assert tokens(FastSentiText, text) == tokens(nltk_vader.SentiText, text)
    assert fast.polarity_scores(text) == nltk_sia.polarity_scores(text)
