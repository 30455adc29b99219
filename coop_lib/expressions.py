"""SQL expressions the admin lists share."""

from django.db import models


class JoinedValues(models.Subquery):
    """The values of a one-column queryset (annotated ``value``), in its
    order, joined with ", " in one cell: a list column read in the list's own
    query instead of a prefetch query and a related manager per row.

    The aggregate reads an ordered subquery, which both PostgreSQL and SQLite
    (before 3.44 it has no ORDER BY inside group_concat) follow.
    """

    output_field = models.TextField()

    def as_sql(self, compiler, connection, template=None, **extra_context):
        function = "string_agg" if connection.vendor == "postgresql" else "group_concat"
        template = f"(SELECT {function}(value, ', ') FROM (%(subquery)s) AS joined)"
        return super().as_sql(compiler, connection, template=template, **extra_context)
