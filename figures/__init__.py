"""The city-wide figures: tally tables kept by PostgreSQL triggers, and the
one module that decides how each figure is computed (``counts``)."""
