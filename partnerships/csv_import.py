"""Reading spreadsheets that people really keep: the shared half of the CSV
imports (decoding, separators, dates, name matching, per-row errors).

An importer turns each row into a planned create or update, or into errors
naming the row, the column and the reason; nothing is written unless the whole
file is valid, and then in one transaction, through ordinary saves so the audit
trail records every row with the user.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from partnerships.models import Department, Partner, Person, split_aliases

MAX_BYTES = 2 * 1024 * 1024
INDONESIAN_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb", "pebruari"),
            ("maret", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("agustus", "agu", "agt", "ags", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov", "nop"),
            ("desember", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}
WRITTEN_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
SLASHED_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB; split it into smaller files."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in Windows-1252.
        return data.decode("cp1252")


def read_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows; the separator (`;` or `,`) is detected."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration as empty:
        raise ImportFileError(_("The file is empty.")) from empty
    rows = [dict(zip(header, (value.strip() for value in row), strict=False)) for row in reader if any(row)]
    return header, rows


def strip_neutraliser(value: str) -> str:
    """Undo the export's leading apostrophe on formula-like cells."""
    return value[1:] if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def parse_date(value: str) -> datetime.date:
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    if match := SLASHED_DATE.match(value):
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    if (match := WRITTEN_DATE.match(value)) and match.group(2).lower() in INDONESIAN_MONTHS:
        return datetime.date(
            int(match.group(3)), INDONESIAN_MONTHS[match.group(2).lower()], int(match.group(1))
        )
    raise ValueError(
        _("“%(value)s” is not a date (use 2022-02-03, 03/02/2022 or 3 Februari 2022).") % {"value": value}
    )


def parse_time(value: str) -> datetime.time:
    match = re.match(r"^(\d{1,2})[.:](\d{2})", value.strip())
    if not match:
        raise ValueError(_("“%(value)s” is not a time (use 09:30 or 09.30).") % {"value": value})
    return datetime.time(int(match.group(1)), int(match.group(2)))


class NameIndex:
    """Finds register rows by name, acronym or a known alternative spelling,
    ignoring letter case; loaded once per import."""

    def __init__(self, queryset: models.QuerySet, *fields: str):
        self.by_name: dict[str, models.Model] = {}
        for row in queryset:
            names = [getattr(row, name) for name in fields] + split_aliases(getattr(row, "aliases", ""))
            for name in names:
                self.by_name.setdefault(name.strip().lower(), row)

    def find(self, name: str):
        return self.by_name.get(name.strip().lower())


def departments() -> NameIndex:
    return NameIndex(Department.objects.all(), "acronym", "name")


def partners() -> NameIndex:
    return NameIndex(Partner.objects.all(), "name")


def people() -> NameIndex:
    return NameIndex(Person.objects.all(), "full_name")


def choice_value(choices: type[models.TextChoices], text: str) -> str | None:
    """A choice from its value or its label in either language."""
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in (value.lower(), str(label).lower()):
            return value
    return None


@dataclass
class RowError:
    row: int
    column: str
    reason: str
    label: str = ""  # the column as the user names it


@dataclass
class PlannedRow:
    row: int
    action: str  # "create" or "update"
    summary: str
    apply: object = None  # a function that writes the row


@dataclass
class ImportPlan:
    planned: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.planned)
