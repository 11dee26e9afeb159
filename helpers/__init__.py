"""Helpers for the Kremlin-Syria coverage notebooks: every computation the notebooks show.

Data flow: ``load_corpus`` (articles) -> ``split_sentences`` / ``sentence_sentiment``
(sentences) -> tone, frames, lexical choice, timeline tables -> ``plots``.
"""
__version__ = "0.1.0"

from .actors import actor_mentions, actor_sentiment, actor_tone, load_actors
from .check import check_corpus
from .clean import audit_summary, clean_text, recurring_lines, rule_descriptions
from .collect import collect_urls
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
from .exercises import check_count, check_overlap, check_periods, check_rule, exercise_line, exercise_term
from .explore import explore_lines, kwic_explorer
from .duplicates import dedupe, duplicate_summary, flag_duplicates
from .findings import (
    coding_source,
    corpus_findings,
    framing_findings,
    report_title,
    selection_findings,
    show_findings,
    timeline_findings,
    tone_findings,
    validation_findings,
)
from .framing import (
    frame_matches,
    frame_prevalence,
    lexical_choice,
    lexical_matches,
    load_frames,
    load_variants,
)
from .framing_plots import plot_agencies, plot_keyness, plot_voices
from .keyness import keyness
from .kwic import kwic, kwic_for
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
    lexicon_agreement,
    load_conflict_terms,
    outlet_tone,
    score_sentences,
    second_lexicon_scores,
    sentence_sentiment,
    sentiment_drivers,
    target_sentiment,
)
from .tables import show_figure, show_table
from .sentiment_plots import plot_actor_heatmap, plot_drivers, plot_tone_vs_topic
from .target_polarity import target_polarity
from .timeline import date_provenance, event_window, events_between, timeline, window_event
from .timeline_plots import plot_counts_over_time, plot_event_window
from .validation import (
    coder_agreement,
    coder_disagreements,
    coding_instructions,
    coding_sheet,
    coding_sheets,
    confusion,
    disagreements,
    load_example_codes,
    macro_f1,
    measure_agreement,
    read_codes,
    sample_sentences,
    validation_inputs,
    write_coding_sheet,
)
from .validation_plots import plot_confusion
from .voices import (agency_counts, load_agencies, load_people, load_reporting_verbs,
                     voice_counts, voices)

__all__ = [
    "actor_mentions",
    "actor_sentiment",
    "actor_tone",
    "agency_counts",
    "article_tone",
    "audit_sample",
    "audit_summary",
    "check_corpus",
    "check_count",
    "check_overlap",
    "check_periods",
    "check_rule",
    "clean_text",
    "collect_urls",
    "coder_agreement",
    "coder_disagreements",
    "coding_instructions",
    "coding_sheet",
    "coding_sheets",
    "coding_source",
    "comparison_caveat",
    "confusion",
    "corpus_findings",
    "corpus_fingerprint",
    "CorpusError",
    "date_provenance",
    "dedupe",
    "disagreements",
    "duplicate_summary",
    "event_window",
    "events_between",
    "exercise_line",
    "exercise_term",
    "explore_lines",
    "extreme_sentences",
    "flag_duplicates",
    "frame_matches",
    "frame_prevalence",
    "framing_findings",
    "keyness",
    "kwic",
    "kwic_explorer",
    "kwic_for",
    "lexical_choice",
    "lexical_matches",
    "lexicon_agreement",
    "load_actors",
    "load_agencies",
    "load_audit",
    "load_conflict_terms",
    "load_corpus",
    "load_events",
    "load_example_codes",
    "load_frames",
    "load_outlets",
    "load_people",
    "load_reporting_verbs",
    "load_selection",
    "load_variants",
    "macro_f1",
    "measure_agreement",
    "nltk_data_dir",
    "outlet_colors",
    "outlet_tone",
    "plot_actor_heatmap",
    "plot_agencies",
    "plot_articles_per_outlet_year",
    "plot_audit",
    "plot_confusion",
    "plot_counts_over_time",
    "plot_drivers",
    "plot_event_window",
    "plot_frames",
    "plot_keyness",
    "plot_lengths",
    "plot_lexical_choice",
    "plot_sentence_tone",
    "plot_timeline",
    "plot_tone",
    "plot_tone_vs_topic",
    "plot_voices",
    "read_codes",
    "read_corpus",
    "record",
    "report_title",
    "recurring_lines",
    "resolve_outlet",
    "rule_descriptions",
    "run_provenance",
    "sample_sentences",
    "score_sentences",
    "second_lexicon_scores",
    "select",
    "selection_findings",
    "sentence_sentiment",
    "sentiment_drivers",
    "show_figure",
    "show_findings",
    "show_table",
    "split_sentences",
    "target_polarity",
    "target_sentiment",
    "timeline",
    "timeline_findings",
    "tone_findings",
    "use_report_style",
    "validation_findings",
    "validation_inputs",
    "voice_counts",
    "voices",
    "window_event",
    "write_coding_sheet",
]
