"""CSV exports that Excel opens correctly, streamed in constant memory.

A spec names the columns of one kind of record. Rows are read in chunks of
primary keys (keyset pagination, so memory does not grow with the table),
each chunk's many-to-many values with one query per relation, and every
cell goes through ``neutralise`` on the way out. The file starts with a
UTF-8 byte-order mark, so Excel reads Indonesian and Japanese text right,
and uses the separator the user chose (``;`` for Excel in Indonesian).

On PostgreSQL the same cells are computed and written by the database
(``coop_lib.csv_copy``); the rows here are the reference for them.
"""

import csv
from collections import defaultdict
from collections.abc import Iterator

from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone

from coop_lib.csv_copy import copy_cells, copy_lines
from coop_lib.csv_spec import BOM, Column, CsvSpec, ManyColumn, cell, neutralise

CHUNK = 2000


def _many_values(column: ManyColumn, ids: list[int]) -> dict[int, str]:
    joined = defaultdict(list)
    rows = (
        column.through._default_manager.filter(**{f"{column.owner_field}__in": ids})
        .order_by(column.value_path)
        .values_list(column.owner_field, column.value_path)
    )
    for owner, value in rows:
        joined[owner].append(str(value))
    return {owner: ", ".join(values) for owner, values in joined.items()}


def export_rows(queryset: models.QuerySet, spec: CsvSpec) -> Iterator[list[str]]:
    """Every row of ``queryset`` as cells, ordered by primary key."""
    plain = [column for column in spec.columns if isinstance(column, Column)]
    paths = [column.path for column in plain]
    queryset = queryset.order_by("pk")
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).values_list("pk", *paths)[:CHUNK])
        if not chunk:
            return
        ids = [row[0] for row in chunk]
        many = {
            column.header: _many_values(column, ids)
            for column in spec.columns
            if isinstance(column, ManyColumn)
        }
        for row in chunk:
            values = dict(zip(paths, row[1:], strict=True))
            out = []
            for column in spec.columns:
                if isinstance(column, ManyColumn):
                    out.append(neutralise(many[column.header].get(row[0], "")))
                else:
                    value = values[column.path]
                    out.append(cell(column.display(value) if column.display else value))
            yield out
        last = ids[-1]


class _Echo:
    """csv.writer writes into this and gets the line back to stream it."""

    def write(self, value: str) -> str:
        return value


DELIMITERS = (";", ",")
DEFAULT_DELIMITER = ";"  # Excel in Indonesian reads ";"


def delimiter_for(request) -> str:
    """``?sep=;`` or ``?sep=,`` for this download, else the user's own choice:
    ``request.csv_delimiter``, which the accounts middleware reads from the
    profile (``;`` when there is none)."""
    chosen = request.GET.get("sep")
    if chosen in DELIMITERS:
        return chosen
    preferred = getattr(request, "csv_delimiter", None)
    return preferred if preferred in DELIMITERS else DEFAULT_DELIMITER


def csv_lines(queryset: models.QuerySet, spec: CsvSpec, delimiter: str) -> Iterator[str]:
    # Headers are read now, in the request's language, not while streaming.
    header = [str(column.header) for column in spec.columns]
    cells = copy_cells(queryset, spec, delimiter)

    def lines():
        writer = csv.writer(_Echo(), delimiter=delimiter)
        yield BOM + writer.writerow(header)
        if cells is not None:
            yield from copy_lines(queryset, cells, delimiter)
            return
        for row in export_rows(queryset, spec):
            yield writer.writerow(row)

    return lines()


def csv_response(
    *, queryset: models.QuerySet, spec: CsvSpec, request, delimiter: str | None = None
) -> StreamingHttpResponse:
    """The export of exactly ``queryset``'s rows, with the spec's row rules for this user."""
    if spec.prepare:
        queryset = spec.prepare(queryset, request.user)
    filename = f"{spec.stem}-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(
        csv_lines(queryset, spec, delimiter or delimiter_for(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
