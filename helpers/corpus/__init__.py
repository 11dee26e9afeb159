"""Stage 1, the corpus: importing collections (``importers``, readers in ``formats``),
reading and checking the corpus folder (``reading``, ``check``), the outlet registry
(``outlets``) and near-duplicate flags (``duplicates``). Out: the articles table.
"""
