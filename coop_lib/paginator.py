"""A changelist paginator that never counts a whole large table.

The admin counts the rows of every list it shows. At a million rows an exact
COUNT(*) costs more than the page itself, so an unfiltered PostgreSQL table
is counted from the planner's statistics, and any other list is counted only
up to a limit: past it, the admin shows the limit and pages up to it.
"""

from typing import cast

from django.core.paginator import Paginator
from django.db import connections, models
from django.utils.functional import cached_property

COUNT_LIMIT = 10_000


def planner_row_estimate(queryset) -> int | None:
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or queryset.query.where:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table]
        )
        row = cursor.fetchone()
    # Never analysed tables report -1 (PostgreSQL 14+) or 0.
    return row[0] if row and row[0] > COUNT_LIMIT else None


class BoundedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        rows = cast(models.QuerySet, self.object_list)  # the admin pages querysets
        estimate = planner_row_estimate(rows)
        if estimate is not None:
            return estimate
        # values("pk") leaves out the list's annotations, which a count never needs.
        return rows.order_by().values("pk")[: COUNT_LIMIT + 1].count()
