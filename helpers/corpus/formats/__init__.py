"""Readers of the formats the importer takes, one module per family of formats.

Every reader takes a path (and options) and yields records: dicts with the standard
fields (``helpers.corpus.importers.FIELDS``), ``where`` (the line, record or document number in
the file) and, for a record that cannot be used, ``skip`` (the reason). A file that cannot
be read at all raises FormatError, naming it; the importer reports it and goes on.
"""
from __future__ import annotations

from .detect import FORMATS, FormatError, detect_format

__all__ = ["FORMATS", "FormatError", "detect_format"]
