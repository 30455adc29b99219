"""A paginator for lists of a million rows: it never counts a whole large
table, and computes a page's columns for the rows shown only.

The admin counts the rows of every list it shows. At a million rows an exact
COUNT(*) costs more than the page itself, so an unfiltered PostgreSQL table
is counted from the planner's statistics, and any other list is counted only
up to a limit: past it, the admin shows the limit and pages up to it.

A page deep in a list skips thousands of rows; the database would compute
every column of each skipped row (a list of partners, a count of open
follow-ups) before dropping it. So a page first reads the keys of its rows,
in the list's order, then the rows of those keys with all their columns.
"""

import heapq
import itertools
from typing import cast

from django.core.paginator import Page, Paginator
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
        rows = cast(models.QuerySet, self.object_list)  # the admin and the pages page querysets
        estimate = planner_row_estimate(rows)
        if estimate is not None:
            return estimate
        # values("pk") leaves out the list's annotations, which a count never needs.
        return rows.order_by().values("pk")[: COUNT_LIMIT + 1].count()

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = cast(models.QuerySet, self.object_list)
        keys = list(rows.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        # The same queryset, so the same order, columns and related rows.
        return Page(rows.filter(pk__in=keys), number, self)


class MergedRows:
    """The rows of a few disjoint querysets of one model, in one order, as
    the object list of a ``Paginator``.

    A rule such as "answered for by the department, or agreed in its
    meetings" is an OR across a join, which the database can only answer by
    reading every row when few match. Split into parts that each read
    through an index, every part gives its first rows in order and they are
    merged here: a page reads at most its own end from each part.
    ``order_by`` is each part's ordering; ``key`` gives the same order in
    Python from the ``fields`` read for it.
    """

    def __init__(self, parts, *, order_by, fields, key, reverse=False, select_related=()):
        self.parts, self.order_by, self.fields = list(parts), order_by, fields
        self.key, self.reverse, self.select_related = key, reverse, select_related

    def count(self) -> int:
        return sum(part.order_by().values("pk")[: COUNT_LIMIT + 1].count() for part in self.parts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop
        heads = [
            list(part.order_by(*self.order_by).values_list("pk", *self.fields)[:stop]) for part in self.parts
        ]
        merged = heapq.merge(*heads, key=lambda row: self.key(*row[1:], row[0]), reverse=self.reverse)
        keys = [row[0] for row in itertools.islice(merged, start, stop)]
        if not keys:
            return []
        model = self.parts[0].model
        rows = model._default_manager.filter(pk__in=keys).select_related(*self.select_related).in_bulk()
        return [rows[pk] for pk in keys if pk in rows]
