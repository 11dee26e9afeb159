"""Stage 4, what a report shows: figures (``plots`` and one module per notebook's figures),
tables and figures with their exported files (``tables``) and the findings written
from the measures (``findings``).
"""
