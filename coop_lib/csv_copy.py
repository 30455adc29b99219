"""The CSV export on PostgreSQL, written by the database itself.

Every cell is computed in SQL from the export's own queryset (its filters,
joins and row rules stay as they are): choice labels as constants in the
request's language, dates and times in ISO format, many-to-many values
joined by ``string_agg``, formula triggers neutralised. ``COPY ... TO
STDOUT`` then writes one chunk of primary keys at a time, so memory is
bounded by the chunk and Python never touches a single cell.

The cells are those of ``export_rows``, the reference that other databases
use; a spec with a column this module cannot express is exported by it too.
"""

import io
from collections.abc import Iterator
from typing import Any, cast

from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections, models
from django.db.backends.postgresql.psycopg_any import is_psycopg3
from django.db.models import Case, F, Func, OuterRef, Subquery, TextField, Value, When
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Cast
from django.db.models.lookups import Exact

from coop_lib.csv_spec import FORMULA_TRIGGERS, ChoiceLabels, Column, CsvSpec, ManyColumn, neutralise

# Rows per COPY. The two statements of a chunk cost about 3 ms, under 2% of
# writing its rows; smaller chunks keep the text held at once to a few
# megabytes and the first bytes quick. Larger ones were not faster at a
# million meetings (PostgreSQL then also compiles each chunk's plan by JIT).
COPY_CHUNK = 2_000

TEXT_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}
INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}
PK_ALIAS = "csv_pk"

# Column alias -> the SQL expression of its cells.
Cells = dict[str, models.Expression]


class _OneValueTemplate(Func):
    """A function of one value whose SQL names that value more than once."""

    arity = 1
    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]  # one value only
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return self.template % {"value": sql}, tuple(params) * self.template.count("%(value)s")


class Neutralised(_OneValueTemplate):
    """``neutralise`` in SQL. NUL is left out: PostgreSQL text cannot hold
    it, and ``ascii('')`` is 0, so it would mark every empty cell."""

    template = "CASE WHEN ascii(%(value)s) IN ({codes}) THEN '''' || %(value)s ELSE %(value)s END".format(
        codes=", ".join(str(ord(trigger)) for trigger in FORMULA_TRIGGERS if trigger != "\0")
    )


class IsoDate(Func):
    """``date.isoformat()``, whatever the connection's DateStyle."""

    function = "to_char"
    template = "%(function)s(%(expressions)s, 'YYYY-MM-DD')"
    arity = 1
    output_field = TextField()


class IsoTime(_OneValueTemplate):
    """``time.isoformat()``: microseconds only when there are some."""

    template = (
        "to_char(%(value)s, 'HH24:MI:SS') || "
        "CASE WHEN to_char(%(value)s, 'US') = '000000' THEN '' ELSE to_char(%(value)s, '.US') END"
    )


def _path_fields(model: type[models.Model], path: str) -> list[models.Field] | None:
    """The fields ``path`` walks through, or None where it does not name a
    field or crosses a many-valued relation (which would repeat rows)."""
    fields: list[models.Field] = []
    for name in path.split(LOOKUP_SEP):
        if fields:
            related = fields[-1].related_model
            if related is None or fields[-1].many_to_many or fields[-1].one_to_many:
                return None
            model = cast(type[models.Model], related)
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not isinstance(field, models.Field):  # a reverse relation: many rows
            return None
        fields.append(field)
    return fields


def _value_cell(output_field: models.Field | None, value) -> models.Expression | None:
    """The cell ``cell()`` makes of a stored value, as an SQL expression."""
    # A field that converts what it reads may not print as its stored text.
    if output_field is None or hasattr(output_field, "from_db_value"):
        return None
    kind = output_field.get_internal_type()
    if kind in TEXT_TYPES:
        return Neutralised(value)
    if kind in INTEGER_TYPES:
        return Neutralised(Cast(value, TextField()))
    if kind == "DateField":
        return IsoDate(value)
    if kind == "TimeField":
        return IsoTime(value)
    if kind == "BooleanField":
        return Case(
            When(Exact(value, True), then=Value("1")),
            When(Exact(value, False), then=Value("0")),
            output_field=TextField(),
        )
    return None


def _column_cell(queryset: models.QuerySet, column: Column) -> models.Expression | None:
    annotation = queryset.query.annotations.get(column.path)
    if annotation is not None:
        output_field = annotation.output_field
    else:
        fields = _path_fields(queryset.model, column.path)
        # A path ending on a relation exports its key: left to the Python path.
        if not fields or fields[-1].is_relation:
            return None
        output_field = fields[-1]
    plain = _value_cell(output_field, F(column.path))
    if plain is None or column.display is None:
        return plain
    if not isinstance(column.display, ChoiceLabels):
        return None
    # Labels are constants, neutralised here; a value without a label is
    # written as itself, as ``ChoiceLabels`` does.
    return Case(
        *(
            When(Exact(F(column.path), value), then=Value(neutralise(label)))
            for value, label in column.display.labels.items()
        ),
        default=plain,
        output_field=TextField(),
    )


def _many_cell(column: ManyColumn) -> Subquery | None:
    fields = _path_fields(column.through, column.value_path)
    # ``_many_values`` writes a missing value as "None"; string_agg skips it.
    if not fields or any(field.null for field in fields):
        return None
    field = fields[-1]
    if field.is_relation or hasattr(field, "from_db_value"):
        return None
    value: F | Cast = F(column.value_path)
    if field.get_internal_type() in INTEGER_TYPES:
        value = Cast(value, TextField())
    elif field.get_internal_type() not in TEXT_TYPES:
        return None
    joined = (
        column.through._default_manager.filter(**{column.owner_field: OuterRef("pk")})
        .order_by()
        .values(column.owner_field)
        .annotate(cell=Neutralised(StringAgg(value, delimiter=", ", order_by=column.value_path)))
        .values("cell")
    )
    return Subquery(joined, output_field=TextField())


def copy_cells(queryset: models.QuerySet, spec: CsvSpec, delimiter: str) -> Cells | None:
    """One SQL expression per column, in order, or None where COPY cannot
    write the export (another database, or a column with no SQL form)."""
    # The chunks are written through psycopg2's ``copy_expert``.
    if connections[queryset.db].vendor != "postgresql" or is_psycopg3:
        return None
    # COPY takes a one-byte separator other than the quote and line ends.
    if len(delimiter.encode()) != 1 or delimiter in '"\r\n':
        return None
    cells: dict[str, Any] = {}
    for number, column in enumerate(spec.columns):
        many = isinstance(column, ManyColumn)
        expression = _many_cell(column) if many else _column_cell(queryset, column)
        if expression is None:
            return None
        cells[f"csv_{number}"] = expression
    return cells


def copy_lines(
    queryset: models.QuerySet, cells: Cells, delimiter: str, chunk: int | None = None
) -> Iterator[str]:
    """The rows of ``queryset`` as CSV text, ordered by primary key, one chunk at a time.

    Per chunk, a query finds its last primary key and COPY writes the rows
    up to it: two statements, whatever the number of rows."""
    chunk = chunk or COPY_CHUNK
    rows = queryset.order_by("pk")
    last = None
    while True:
        rest = rows if last is None else rows.filter(pk__gt=last)
        bound = next(iter(rest.values_list("pk", flat=True)[chunk - 1 : chunk]), None)
        text = _copy(rest if bound is None else rest.filter(pk__lte=bound), cells, delimiter)
        if text:
            yield text
        if bound is None:
            return
        last = bound


def _copy(rows: models.QuerySet, cells: Cells, delimiter: str) -> str:
    select = rows.order_by().values(**{PK_ALIAS: F("pk")}, **cells)
    try:
        sql, params = select.query.sql_with_params()
    except EmptyResultSet:
        return ""
    columns = ", ".join(f'"rows"."{name}"' for name in cells)
    buffer = io.StringIO()
    with connections[rows.db].cursor() as cursor:
        # COPY takes no parameters: psycopg quotes them into the statement.
        inner = cursor.mogrify(sql, params).decode()
        separator = cursor.mogrify("%s", [delimiter]).decode()
        cursor.copy_expert(
            f'COPY (SELECT {columns} FROM ({inner}) AS "rows" ORDER BY "rows"."{PK_ALIAS}") '
            f"TO STDOUT WITH (FORMAT csv, DELIMITER {separator})",
            buffer,
        )
    return buffer.getvalue()
