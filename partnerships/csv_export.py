"""CSV exports that Excel opens correctly, streamed in constant memory.

A spec names the columns of one kind of record. Rows are read in chunks of
primary keys (keyset pagination, so memory does not grow with the table),
each chunk's many-to-many values with one query per relation, and every
cell goes through ``neutralise`` on the way out. The file starts with a
UTF-8 byte-order mark, so Excel reads Indonesian and Japanese text right,
and uses the separator the user chose (``;`` for Excel in Indonesian).

On PostgreSQL the same cells are computed and written by the database
(``partnerships.csv_copy``); the rows here are the reference for them.
"""

import csv
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone

from partnerships.models import CsvDelimiter, StaffProfile

CHUNK = 2000
BOM = "\ufeff"
# OWASP: a cell starting with one of these runs as a formula in a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(text: str) -> str:
    """Prefix a formula-like cell with an apostrophe: Excel and LibreOffice
    then show it as text, and a reader still sees the same value."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return neutralise(str(value))


@dataclass(frozen=True)
class Column:
    header: str
    path: str = ""
    # Turns the stored value into what a reader expects, e.g. a choice label.
    display: Callable | None = None


@dataclass(frozen=True)
class ManyColumn:
    """Values of a many-to-many relation, joined in one cell."""

    header: str
    through: type[models.Model]
    owner_field: str
    value_path: str


@dataclass(frozen=True)
class CsvSpec:
    """Built per request (see the ``*_spec`` functions), so headers and
    choice labels are in the user's language."""

    stem: str
    columns: list = field(default_factory=list)
    # Adds what the columns read (annotations) and applies row rules, e.g.
    # confidential minutes: ``prepare(queryset, user)``.
    prepare: Callable | None = None


@dataclass(frozen=True)
class ChoiceLabels:
    """A column's ``display`` writing each stored value as its label; the
    labels are read when the spec is built, in the request's language."""

    labels: dict

    def __call__(self, value):
        return self.labels.get(value, value)


def choice_labels(choices: type[models.Choices]) -> ChoiceLabels:
    return ChoiceLabels({value: str(label) for value, label in choices.choices})


def _many_values(column: ManyColumn, ids: list[int]) -> dict[int, str]:
    joined = defaultdict(list)
    rows = (
        column.through.objects.filter(**{f"{column.owner_field}__in": ids})
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


def delimiter_for(request) -> str:
    """``?sep=;`` or ``?sep=,`` (remembered in the profile), else the user's choice."""
    chosen = request.GET.get("sep")
    if chosen in CsvDelimiter.values:
        if request.user.is_authenticated:
            StaffProfile.objects.update_or_create(user=request.user, defaults={"csv_delimiter": chosen})
        return chosen
    profile = getattr(request.user, "staff_profile", None) if request.user.is_authenticated else None
    return profile.csv_delimiter if profile else CsvDelimiter.SEMICOLON


def csv_lines(queryset: models.QuerySet, spec: CsvSpec, delimiter: str) -> Iterator[str]:
    # Headers are read now, in the request's language, not while streaming.
    header = [str(column.header) for column in spec.columns]
    # Imported here: the PostgreSQL path builds on this module's columns.
    from partnerships.csv_copy import copy_cells, copy_lines

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
