"""Stage 3, measures: tone (``tone``, ``fast_vader``, ``target_polarity``, ``actors``),
frames and lexical choice (``framing``), ``keyness``, quotes and speakers (``voices``),
the ``timeline``, ``validation`` against hand coding and the bootstrap (``stats``).
In: articles and sentences; out: per-unit rows and aggregates.
"""
