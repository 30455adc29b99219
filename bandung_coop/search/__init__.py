"""One search box across the register (``/cari/``): what was typed
(``terms``), how the database matches and ranks it (``backends``, the one
place that knows PostgreSQL from SQLite), what each kind of record searches
and shows (``kinds``), and the page (``views``)."""
