"""The cells of an export, computed by the database from the declared columns.

Every cell is an SQL expression over the export's own queryset (its filters,
joins and row rules stay as they are): text with formula triggers
neutralised, numbers as digits, dates and times in ISO format, booleans as
1 and 0, choices as their labels in the request's language, many-to-many
values joined in their order. The expressions are the same on every
database; where SQL differs between them, the expression says so itself
(``as_postgresql``), as Django's own functions do. These are the only cell
rules of the exports: ``csv_export`` writes what the database returns.
"""

from django.db import models
from django.db.models import Case, F, Func, OuterRef, TextField, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import Exact

from coop_lib.csv_spec import FORMULA_TRIGGERS, Column, CsvSpec, ManyColumn, neutralise
from coop_lib.expressions import JoinedValues

TEXT_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}
NUMBER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "DecimalField",
}
# Column alias -> the SQL expression of its cells.
Cells = dict[str, models.Expression]


class _OneValueTemplate(Func):
    """A function of one value whose SQL names that value more than once."""

    arity = 1
    output_field = TextField()

    def as_sql(self, compiler, connection, template=None, **extra_context):  # type: ignore[override]
        sql, params = compiler.compile(self.get_source_expressions()[0])
        template = template or self.template
        return template % {"value": sql}, tuple(params) * template.count("%(value)s")


def _neutralising(also: str = "") -> str:
    triggers = ", ".join("'" + trigger + "'" for trigger in FORMULA_TRIGGERS if trigger != "\0")
    starts = f"substr(%(value)s, 1, 1) IN ({triggers}){also}"
    return f"CASE WHEN {starts} THEN '''' || %(value)s ELSE %(value)s END"


def _regexp_escaped(trigger: str) -> str:
    return {"\t": r"\t", "\r": r"\r", "-": r"\-"}.get(trigger, trigger)


# PostgreSQL's regular expressions: the first character, if a trigger, kept
# after an apostrophe.
NEUTRALISING_REGEXP = (
    "regexp_replace(%(value)s, '^(["
    + "".join(_regexp_escaped(trigger) for trigger in FORMULA_TRIGGERS if trigger != "\0")
    + r"])', '''\1')"
)


class Neutralised(_OneValueTemplate):
    """``neutralise`` in SQL: an apostrophe before a formula trigger. NUL is
    looked for on SQLite only (no PostgreSQL text holds it), and with
    instr(): SQLite's substr() stops at it."""

    template = _neutralising()

    def as_postgresql(self, compiler, connection, **extra_context):
        # The value once: a CASE computes it for the test and again for the
        # result, and a many-to-many cell's value is a subquery.
        return self.as_sql(compiler, connection, template=NEUTRALISING_REGEXP)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=_neutralising(" OR instr(%(value)s, char(0)) = 1"))


class IsoDate(Func):
    """``date.isoformat()``; SQLite stores dates so already."""

    arity = 1
    output_field = TextField()
    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra_context):
        # Whatever the connection's DateStyle.
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM-DD')")


class IsoTime(_OneValueTemplate):
    """``time.isoformat()``: microseconds only when there are some. SQLite
    stores times so already."""

    template = "%(value)s"

    def as_postgresql(self, compiler, connection, **extra_context):
        template = (
            "to_char(%(value)s, 'HH24:MI:SS') || "
            "CASE WHEN to_char(%(value)s, 'US') = '000000' THEN '' ELSE to_char(%(value)s, '.US') END"
        )
        return self.as_sql(compiler, connection, template=template)


def _text(value: Combinable, output_field: models.Field) -> models.Expression:
    """The cell of a value of ``output_field``'s type, "" for none."""
    kind = output_field.get_internal_type()
    if kind in TEXT_TYPES:
        text: Combinable = value
    elif kind in NUMBER_TYPES:
        text = Cast(value, TextField())
    elif kind == "DateField":
        text = IsoDate(value)
    elif kind == "TimeField":
        text = IsoTime(value)
    elif kind == "BooleanField":
        return Case(
            When(Exact(value, True), then=Value("1")),
            When(Exact(value, False), then=Value("0")),
            default=Value(""),
            output_field=TextField(),
        )
    else:
        raise ValueError(f"An export has no cell for a {kind}.")
    return Neutralised(Coalesce(text, Value(""), output_field=TextField()))


def _value(queryset: models.QuerySet, column: Column) -> tuple[Combinable, models.Field]:
    """The column's value and its field type."""
    if column.expression is not None:
        value: Combinable = column.expression
        return value, queryset.annotate(_cell=value).query.annotations["_cell"].output_field
    value = F(column.path)
    return value, queryset.values(_cell=value).query.annotations["_cell"].output_field


def cell_kinds(queryset: models.QuerySet, spec: CsvSpec) -> list[str]:
    """What each column's cells hold: "date", "time", "number" or "text",
    so that a workbook writes dates, times and numbers as such."""
    kinds = []
    for column in spec.columns:
        if isinstance(column, ManyColumn) or column.labels is not None:
            kinds.append("text")
            continue
        kind = _value(queryset, column)[1].get_internal_type()
        kinds.append(
            {"DateField": "date", "TimeField": "time"}.get(kind, "number" if kind in NUMBER_TYPES else "text")
        )
    return kinds


def _column_cell(queryset: models.QuerySet, column: Column) -> models.Expression:
    value, output_field = _value(queryset, column)
    text = _text(value, output_field)
    if column.labels is None:
        return text
    # A value without a label is written as itself, as ``ChoiceLabels`` does.
    return Case(
        *(
            When(Exact(value, stored), then=Value(neutralise(label)))
            for stored, label in column.labels.labels.items()
        ),
        default=text,
        output_field=TextField(),
    )


def _many_cell(column: ManyColumn) -> models.Expression:
    rows = column.through._default_manager.filter(**{column.owner_field: OuterRef("pk")})
    value: Combinable = F(column.value_path)
    if rows.values(value=value).query.annotations["value"].output_field.get_internal_type() not in TEXT_TYPES:
        value = Cast(value, TextField())
    joined = JoinedValues(rows.order_by(column.value_path).values(value=value))
    return Neutralised(Coalesce(joined, Value(""), output_field=TextField()))


def cell_expressions(queryset: models.QuerySet, spec: CsvSpec) -> Cells:
    """One SQL expression per column of ``spec``, in order."""
    return {
        f"cell_{number}": _many_cell(column)
        if isinstance(column, ManyColumn)
        else _column_cell(queryset, column)
        for number, column in enumerate(spec.columns)
    }
