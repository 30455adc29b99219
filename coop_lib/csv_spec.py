"""What an export writes: its columns, declared once per kind of record, and
the rule for cells (ISO dates, formula triggers neutralised). Both ways of
writing the rows (``csv_export`` in Python, ``csv_copy`` in PostgreSQL)
read these declarations."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models

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
