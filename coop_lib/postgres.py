"""Migration operations that only PostgreSQL runs.

Trigram indexes make the admin's substring search fast on PostgreSQL; SQLite,
the development database, has no such index and needs none at its size.
"""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_index(table: str, column: str) -> PostgresOnlySQL:
    """A GIN trigram index on the expression Django's icontains compares."""
    name = f"{table}_{column}_trgm"
    expression = f'UPPER("{column}"::text)'
    return PostgresOnlySQL(
        sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({expression}) gin_trgm_ops)',
        reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
    )


CREATE_TRIGRAM_EXTENSION = PostgresOnlySQL(
    sql="CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop
)


class PostgresOnlyIndex(migrations.operations.base.Operation):
    """An index that only PostgreSQL builds (a GIN index over an expression),
    written by Django's schema editor from the index declaration, so that its
    expression is exactly the one the queries compile to. It is no part of
    the model's state: SQLite, which cannot build it, never sees it."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_label: str, index) -> None:
        self.model_label = model_label
        self.index = index

    def state_forwards(self, app_label, state) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(to_state.apps.get_model(self.model_label), self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(from_state.apps.get_model(self.model_label), self.index)

    def describe(self) -> str:
        return f"Create index {self.index.name} on {self.model_label} (PostgreSQL only)"
