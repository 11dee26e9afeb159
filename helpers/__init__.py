"""Helpers for the Kremlin-Syria coverage notebooks: every computation the notebooks show.

Data flow: ``load_corpus`` (articles) -> ``split_sentences`` / ``sentence_sentiment``
(sentences) -> tone, frames, lexical choice, timeline tables -> ``plots``.
"""
__version__ = "0.1.0"

from .check import check_corpus
from .clean import audit_summary, clean_text, rule_descriptions
from .corpus import (
    CorpusError,
    corpus_fingerprint,
    load_audit,
    load_corpus,
    audit_sample,
    load_events,
    load_selection,
    read_corpus,
    select,
)
from .duplicates import dedupe, duplicate_summary, flag_duplicates
from .framing import (
    frame_matches,
    frame_prevalence,
    lexical_choice,
    lexical_matches,
    load_frames,
    load_variants,
)
from .language import nltk_data_dir, split_sentences
from .outlets import load_outlets, resolve_outlet
from .plots import (
    outlet_colors,
    plot_articles_per_outlet_year,
    plot_audit,
    plot_frames,
    plot_lengths,
    plot_lexical_choice,
    plot_sentence_tone,
    plot_timeline,
    plot_tone,
    use_report_style,
)
from .provenance import record, run_provenance
from .sentiment import (
    article_tone,
    comparison_caveat,
    extreme_sentences,
    outlet_tone,
    score_sentences,
    sentence_sentiment,
)
from .timeline import date_provenance, events_between, timeline

__all__ = [
    "CorpusError",
    "article_tone",
    "audit_sample",
    "audit_summary",
    "check_corpus",
    "clean_text",
    "comparison_caveat",
    "corpus_fingerprint",
    "date_provenance",
    "dedupe",
    "duplicate_summary",
    "events_between",
    "extreme_sentences",
    "flag_duplicates",
    "frame_matches",
    "frame_prevalence",
    "lexical_choice",
    "lexical_matches",
    "load_audit",
    "load_corpus",
    "load_events",
    "load_frames",
    "load_outlets",
    "load_selection",
    "load_variants",
    "nltk_data_dir",
    "outlet_colors",
    "outlet_tone",
    "plot_articles_per_outlet_year",
    "plot_audit",
    "plot_frames",
    "plot_lengths",
    "plot_lexical_choice",
    "plot_sentence_tone",
    "plot_timeline",
    "plot_tone",
    "read_corpus",
    "record",
    "resolve_outlet",
    "rule_descriptions",
    "run_provenance",
    "score_sentences",
    "select",
    "sentence_sentiment",
    "split_sentences",
    "timeline",
    "use_report_style",
]
