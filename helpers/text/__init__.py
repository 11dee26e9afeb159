"""Stage 2, text: cleaning with an audit (``clean``, ``navigation``), dates and bylines read
from the text (``dates``, ``bylines``), sentences (``sentences``) and keyword in context
(``kwic``). In: article texts; out: clean text, audit rows, sentences.
"""
