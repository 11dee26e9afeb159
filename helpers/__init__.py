"""Helpers for the Kremlin-Syria coverage notebooks: every computation the notebooks show.

The layout is the data flow, one subpackage per stage:

    collect   a list of links -> WARC files
    corpus    archive exports, WARC, tables, pages -> the corpus folder -> articles
    text      articles -> clean text + audit, dates, bylines, sentences, keyword in context
    measures  articles, sentences -> tone, targets, frames, lexical choice, keyness, voices,
              timeline, validation against hand coding
    figures   measures -> figures, tables and findings a report shows
    run       the per-article cache, the streamed pipeline, the report build, provenance
    teaching  workshop exercises and explorers

``import helpers as h`` gives every public name below; each is imported from its module on
first use, so starting a kernel or ``python -m helpers`` does not load the plotting, widget
or Dask stacks until something needs them.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# module (under helpers.) -> the public names it gives ``helpers``
API: dict[str, tuple[str, ...]] = {
    "collect.links": ("collect_urls",),
    "corpus.check": ("check_corpus",),
    "corpus.duplicates": ("dedupe", "duplicate_summary", "flag_duplicates",),
    "corpus.outlets": ("load_outlets", "resolve_outlet",),
    "corpus.reading": (
        "audit_sample", "corpus_fingerprint", "CorpusError", "load_audit", "load_corpus",
        "load_events", "load_selection", "read_corpus", "select",
    ),
    "text.clean": ("audit_summary", "clean_text", "recurring_lines", "rule_descriptions",),
    "text.kwic": ("kwic", "kwic_for",),
    "text.sentences": ("nltk_data_dir", "split_sentences",),
    "measures.actors": ("actor_mentions", "actor_sentiment", "actor_tone", "load_actors",),
    "measures.framing": (
        "frame_matches", "frame_prevalence", "lexical_choice", "lexical_matches", "load_frames",
        "load_variants",
    ),
    "measures.keyness": ("keyness",),
    "measures.target_polarity": ("target_polarity",),
    "measures.timeline": (
        "date_provenance", "event_window", "events_between", "timeline", "window_event",
    ),
    "measures.tone": (
        "article_tone", "comparison_caveat", "extreme_sentences", "lexicon_agreement",
        "load_conflict_terms", "outlet_tone", "score_sentences", "second_lexicon_scores",
        "sentence_sentiment", "sentiment_drivers", "target_sentiment",
    ),
    "measures.validation": (
        "coder_agreement", "coder_disagreements", "coding_instructions", "coding_sheet",
        "coding_sheets", "confusion", "disagreements", "load_example_codes", "macro_f1",
        "measure_agreement", "read_codes", "sample_sentences", "validation_inputs",
        "write_coding_sheet",
    ),
    "measures.voices": (
        "agency_counts", "load_agencies", "load_people", "load_reporting_verbs", "voice_counts",
        "voices",
    ),
    "figures.findings": (
        "coding_source", "corpus_findings", "framing_findings", "report_title",
        "selection_findings", "show_findings", "timeline_findings", "tone_findings",
        "validation_findings",
    ),
    "figures.framing": ("plot_agencies", "plot_keyness", "plot_voices",),
    "figures.plots": (
        "outlet_colors", "plot_articles_per_outlet_year", "plot_audit", "plot_frames",
        "plot_lengths", "plot_lexical_choice", "plot_sentence_tone", "plot_timeline",
        "plot_tone", "use_report_style",
    ),
    "figures.tables": ("show_figure", "show_table",),
    "figures.timeline": ("plot_counts_over_time", "plot_event_window",),
    "figures.tone": ("plot_actor_heatmap", "plot_drivers", "plot_tone_vs_topic",),
    "figures.validation": ("plot_confusion",),
    "run.provenance": ("record", "run_provenance",),
    "teaching.exercises": (
        "check_count", "check_overlap", "check_periods", "check_rule", "exercise_line",
        "exercise_term",
    ),
    "teaching.explore": ("explore_lines", "kwic_explorer",),
}

_WHERE = {name: module for module, names in API.items() for name in names}
__all__ = sorted(_WHERE, key=str.lower)


def __getattr__(name: str) -> Any:
    """A public name -> the object, imported from its module on first use (PEP 562)."""
    if name not in _WHERE:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"helpers.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names and the module's own attributes."""
    return sorted(set(globals()) | set(__all__))
