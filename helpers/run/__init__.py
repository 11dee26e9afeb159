"""Running it all: the per-article cache (``cache``), the streamed pipeline (``pipeline``,
``distributed`` on Dask), the report build (``reports``) and run provenance
(``provenance``).
"""
