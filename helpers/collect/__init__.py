"""Stage 0, collecting: a list of links fetched politely into WARC files (``links``), with
the HTTP client (``fetch``), the Wayback Machine fallback (``wayback``) and WARC writing
(``warc_files``); the WARC files then go through ``helpers.corpus.importers``.
"""
