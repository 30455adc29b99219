"""What an export writes: its columns, declared once per kind of record, and
the rule for cells (ISO dates, formula triggers neutralised). ``csv_cells``
turns the declaration into the SQL that computes every cell; ``csv_export``
writes those cells, on any database."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models

BOM = "\ufeff"
# OWASP: a cell starting with one of these runs as a formula in a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(text: str) -> str:
    """Prefix a formula-like cell with an apostrophe: Excel and LibreOffice
    then show it as text, and a reader still sees the same value."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def cell(value) -> str:
    """A value computed in Python (a report's line), as the export writes
    the cells it reads from the database (``csv_cells``)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return neutralise(str(value))


@dataclass(frozen=True)
class ChoiceLabels:
    """Each stored value of a choice written as its label; the labels are
    read when the spec is built, in the request's language."""

    labels: dict

    def __call__(self, value):
        return self.labels.get(value, value)


def choice_labels(choices: type[models.Choices]) -> ChoiceLabels:
    return ChoiceLabels({value: str(label) for value, label in choices.choices})


@dataclass(frozen=True)
class Column:
    """A field (``path``, across foreign keys, or an annotation the spec's
    ``prepare`` adds) or an SQL ``expression`` of the row, written as its
    cell; a choice with ``labels`` as its label."""

    header: Any
    path: str = ""
    labels: ChoiceLabels | None = None
    expression: models.Expression | None = None


@dataclass(frozen=True)
class ManyColumn:
    """Values of a many-to-many relation, joined in one cell in their order."""

    header: Any
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
    prepare: Any = None
