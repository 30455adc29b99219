"""Reading spreadsheets that people really keep: the shared half of the CSV
imports (decoding, separators, dates, name matching, per-row errors).

An importer turns each row into a planned create, update or "unchanged", or
into errors naming the row, the column and the reason; nothing is written
unless the whole file is valid, and then in one transaction, through ordinary
saves so the audit trail records every row with the user. Each kind of record
has a natural key (a meeting's title and start, a partner's name), so a file
imported twice creates nothing the second time.
"""

import codecs
import contextlib
import csv
import datetime
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from coop_lib.csv_spec import FORMULA_TRIGGERS
from coop_lib.dates import MONTHS
from coop_lib.history import changes_since, verbose_name
from coop_lib.ids import LARGEST_ID
from coop_lib.writes import create_record, may, update_record, version_of

MAX_BYTES = 2 * 1024 * 1024
WRITTEN_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
WRITTEN_TIME = re.compile(r"^(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?\s*(AM|PM|am|pm)?$")
SLASHED_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB; split it into smaller files."))
    not_text = ImportFileError(_("The file is not text in UTF-8 or Windows-1252; save it as CSV."))
    # A NUL byte means a binary file (a workbook saved as .xlsx, say); the
    # database could not store it either.
    if b"\0" in data:
        raise not_text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows saves "CSV" in Windows-1252; an editor that re-saved
        # an export may have kept its UTF-8 byte-order mark in front.
        return data.removeprefix(codecs.BOM_UTF8).decode("cp1252")
    except UnicodeDecodeError as error:
        raise not_text from error


def read_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows; the separator (`;` or `,`) is detected."""
    first_line = text.splitlines()[0] if text else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    # newline="": line ends inside quoted cells are kept, and the old
    # Macintosh CR-only line ends are read as line ends.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
        rows = [
            dict(zip(header, (value.strip() for value in row), strict=False)) for row in reader if any(row)
        ]
    except StopIteration as empty:
        raise ImportFileError(_("The file is empty.")) from empty
    except csv.Error as error:
        # csv's own reason is in English and technical: the line is what helps.
        raise ImportFileError(
            _("Line %(line)d cannot be read as CSV: check its quotation marks, or split a very long cell.")
            % {"line": reader.line_num}
        ) from error
    return header, rows


def strip_neutraliser(value: str) -> str:
    """Undo the export's leading apostrophe on formula-like cells."""
    return value[1:] if value.startswith("'") and value[1:2].startswith(FORMULA_TRIGGERS) else value


def parse_date(value: str) -> datetime.date:
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    not_a_date = ValueError(
        _("“%(value)s” is not a date (use 2022-02-03, 03/02/2022 or 3 Februari 2022).") % {"value": value}
    )
    try:
        if match := SLASHED_DATE.match(value):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if (match := WRITTEN_DATE.match(value)) and match.group(2).lower() in MONTHS:
            return datetime.date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError as impossible:  # 31/02/2022: Python's own reason is in English
        raise not_a_date from impossible
    raise not_a_date


def parse_time(value: str) -> datetime.time:
    """09:30, 09.30, 09:30:00, or 9:30 AM / 02:00:00 PM as spreadsheets in
    an English locale write them."""
    not_a_time = ValueError(_("“%(value)s” is not a time (use 09:30 or 09.30).") % {"value": value})
    match = WRITTEN_TIME.match(value.strip())
    if not match:
        raise not_a_time
    hour, minute, second = (int(part or 0) for part in match.groups()[:3])
    half = (match.group(4) or "").upper()
    if half:
        if not 1 <= hour <= 12:
            raise not_a_time
        hour = hour % 12 + (12 if half == "PM" else 0)
    try:
        return datetime.time(hour, minute, second)
    except ValueError as impossible:  # 25:00
        raise not_a_time from impossible


class NameIndex:
    """Finds register rows by name, acronym or a known alternative spelling,
    ignoring letter case; loaded once per import."""

    def __init__(self, queryset: models.QuerySet, *fields: str):
        self.by_name: dict[str, models.Model] = {}
        for row in queryset:
            aliases = row.alias_list() if hasattr(row, "alias_list") else []
            names = [getattr(row, name) for name in fields] + aliases
            for name in names:
                if name.strip():
                    self.by_name.setdefault(name.strip().lower(), row)
        self.most_pieces = max((name.count(",") + 1 for name in self.by_name), default=1)

    def find(self, name: str):
        return self.by_name.get(name.strip().lower())

    def find_many(self, text: str) -> tuple[list, list[str]]:
        """The rows named in a cell of comma-separated names, and the names not
        found. Exports join names with commas, and a name may hold one itself
        ("Kadin Indonesia, Komite Jepang"): the longest run of pieces that is a
        known name wins."""
        pieces = text.split(",")
        found, unknown, start = [], [], 0
        while start < len(pieces):
            # No known name spans more pieces than it has commas, plus one.
            longest = min(len(pieces), start + self.most_pieces)
            for end in range(longest, start, -1):
                if (match := self.find(",".join(pieces[start:end]))) is not None:
                    found.append(match)
                    start = end
                    break
            else:
                if pieces[start].strip():
                    unknown.append(pieces[start].strip())
                start += 1
        return found, unknown


def choice_value(choices: type[models.TextChoices], text: str) -> str | None:
    """A choice from its value or its label in either language."""
    return _choice_names(choices).get(text.strip().lower())


def not_a_choice(choices: type[models.TextChoices], text: str) -> str:
    """The reason for a cell that names no choice, listing the ones there are."""
    return _("“%(value)s” is not one of: %(choices)s.") % {
        "value": text,
        "choices": ", ".join(str(label) for label in choices.labels),
    }


@functools.cache
def _choice_names(choices: type[models.TextChoices]) -> dict[str, str]:
    """Lower-case label in either language, or value -> value."""
    names: dict[str, str] = {}
    for language in ("en", "id"):
        with translation.override(language):
            names |= {str(label).lower(): value for value, label in choices.choices}
    return names | {value.lower(): value for value in choices.values}


class Columns:
    """The columns one import reads: each model field by its verbose name in
    Indonesian or English (the export's headers) or by its own name, and
    ``extra`` columns that are no field (name -> header)."""

    def __init__(
        self, model: type[models.Model], fields: Iterable[str], extra: dict[str, Promise] | None = None
    ):
        self.model = model
        self.fields = tuple(fields)
        self.extra = extra or {}

    def by_header(self) -> dict[str, str]:
        """Header text (lower case, either language) -> column."""
        names: dict[str, str] = {}
        for language in ("id", "en"):
            with translation.override(language):
                for name in self.fields:
                    names[verbose_name(self.model, name).lower()] = name
                for name, header in self.extra.items():
                    names[str(header).lower()] = name
        return names | {name: name for name in [*self.fields, *self.extra]}

    def label(self, column: str) -> str:
        if column in self.extra:
            return str(self.extra[column])
        if column in self.fields:
            return verbose_name(self.model, column)
        return column

    def complete_rows(
        self, rows: list[dict[str, str]], plan: "ImportPlan", required: Iterable[str]
    ) -> Iterator[tuple[int, dict[str, str], "RowErrors"]]:
        """Each row that has its required cells, with its number and the
        collector of its errors; a row missing one is reported in ``plan``."""
        for number, row in self.read(rows):
            errors = RowErrors(plan, number, self)
            errors.require(row, *required)
            if not errors:
                yield number, row, errors

    def read(self, rows: list[dict[str, str]]) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row's number in the file (row 1 is the header) and its cells by column."""
        headers = self.by_header()
        for number, raw in enumerate(rows, start=2):
            yield (
                number,
                {headers[key]: strip_neutraliser(value) for key, value in raw.items() if key in headers},
            )


@dataclass
class RowError:
    row: int
    column: str
    reason: str
    label: str = ""  # the column as the user names it


CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class PlannedRow:
    row: int
    action: str  # CREATE, UPDATE or UNCHANGED
    summary: str
    instance: models.Model | None = None
    related: dict[str, list] = field(default_factory=dict)
    # The version the row was planned against: the file's, or the stored one.
    expected_version: int | None = None
    # Writes a new record: the write door, or a service of the record's app.
    create: Callable = create_record
    # Runs after the record is written (a stage move, say).
    after: Callable[[models.Model], None] | None = None
    # What the user should look at before confirming (a likely duplicate).
    warnings: list[str] = field(default_factory=list)

    def write(self, user) -> None:
        """Through the write door, with the same rules as the admin."""
        if self.action == UNCHANGED:
            return
        instance = cast(models.Model, self.instance)  # a row to write always has one
        if self.action == CREATE:
            self.create(instance=instance, user=user, related=self.related)
        else:
            version = self.expected_version
            update_record(instance=instance, user=user, expected_version=version, related=self.related)
        if self.after is not None:
            self.after(instance)


@dataclass
class ImportPlan:
    planned: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.planned)

    def count(self, action: str) -> int:
        return sum(row.action == action for row in self.planned)

    @property
    def warned(self) -> bool:
        return any(row.warnings for row in self.planned)

    # For the preview's summary line.
    created = property(lambda self: self.count(CREATE))
    updated = property(lambda self: self.count(UPDATE))
    unchanged = property(lambda self: self.count(UNCHANGED))


class RowErrors:
    """Collects the errors of one row, each labelled with its column's header."""

    def __init__(self, plan: ImportPlan, number: int, columns: Columns):
        self.plan, self.number, self.columns = plan, number, columns
        self.count = 0

    def add(self, column: str, reason: str) -> None:
        self.plan.errors.append(RowError(self.number, column, str(reason), self.columns.label(column)))
        self.count += 1

    def require(self, row: dict[str, str], *columns: str) -> None:
        for column in columns:
            if not row.get(column):
                self.add(column, _("This column is required."))

    def parse(self, row: dict[str, str], column: str, parser: Callable):
        """The cell read by ``parser``, None when empty or unreadable (then an error)."""
        if not row.get(column):
            return None
        try:
            return parser(row[column])
        except ValueError as error:
            self.add(column, str(error))
            return None

    def names(self, row: dict[str, str], column: str, index: NameIndex) -> list:
        found, unknown = index.find_many(row.get(column, ""))
        if unknown:
            self.add(column, _("Unknown: %(names)s.") % {"names": ", ".join(unknown)})
        return found

    def repeated(self, seen: dict, key, column: str) -> None:
        """Two rows of one file naming the same record would both be planned
        as new; the second is refused."""
        first = seen.setdefault(key, self.number)
        if first != self.number:
            self.add(column, _("This row repeats row %(row)d.") % {"row": first})

    def validate(self, instance: models.Model, key_column: str) -> None:
        """The model's own rules (field validators, ``clean()``, check
        constraints) as errors of this row, so a bad row is reported in the
        preview rather than refused by the database on confirm. Uniqueness is
        the importer's natural key, checked before; foreign keys were found
        in the register, so they are not looked up again."""
        found = [f.name for f in instance._meta.concrete_fields if f.many_to_one]
        try:
            instance.full_clean(exclude=found, validate_unique=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                # Errors of the whole record, or of a field the file has no column for.
                column = name if name in self.columns.fields else key_column
                self.add(column, " ".join(messages))

    def check_write(self, instance: models.Model, changed: bool, user, key_column: str) -> None:
        """The model's rules, and the change permission for a stored record
        the row would change."""
        self.validate(instance, key_column)
        if not instance._state.adding and changed and not may(user, "change", type(instance)):
            self.add(key_column, _("You may not change existing records of this kind."))

    def record(self, row: dict[str, str], records: dict) -> tuple[bool, models.Model | None]:
        """Whether the row names a record by its id, and that record (None,
        with an error of the row, when there is no such record)."""
        pk = self.parse(row, "id", parse_record_id)
        if pk is None:
            return bool(row.get("id")), None
        if pk not in records:
            self.add("id", _("No record has the id %(id)s.") % {"id": pk})
            return True, None
        return True, records[pk]

    def version(self, row: dict[str, str], record: models.Model | None, named_by_id: bool) -> int | None:
        """The version the file was exported at, checked against the stored
        record: an export edited while someone else changed the record must
        not overwrite that change unseen."""
        version = self.parse(row, "version", parse_version)
        if record is None or record._state.adding:
            return None
        if version is None:
            if named_by_id and not self.has_error("version"):
                self.add(
                    "version",
                    _("A row with an ID needs the version of the export; export the list again."),
                )
            return None
        if version > version_of(record):
            self.add("version", _("No version %(version)d of this record exists.") % {"version": version})
        elif version != version_of(record):
            who, when, fields = changes_since(record, version)
            self.add(
                "version",
                _(
                    "%(who)s saved this record at %(when)s, after this file was exported, and changed: "
                    "%(fields)s. Export the list again and make your changes in the new file."
                )
                % {"who": who, "when": when, "fields": ", ".join(fields) or _("related rows")},
            )
        return version

    def has_error(self, column: str) -> bool:
        return any(error.row == self.number and error.column == column for error in self.plan.errors)

    def __bool__(self) -> bool:
        return self.count > 0


def parse_version(value: str) -> int:
    if not value.strip().isdecimal():
        raise ValueError(_("“%(value)s” is not a version number.") % {"value": value})
    return int(value)


def in_file_only(instance: models.Model, row: dict[str, str], *fields: dict) -> tuple[dict, ...]:
    """On an existing record, only the fields whose column the file has, with
    a value (an empty choice cell counts as absent): a file of a few columns
    updates those and leaves the rest as stored."""
    if instance._state.adding:
        return fields
    return tuple({name: value for name, value in given.items() if name in row} for given in fields)


def assign(instance: models.Model, values: dict[str, object], related: dict[str, list] | None = None) -> bool:
    """Set ``values`` on ``instance``; whether that changes the stored record
    (always for a new one). ``related`` many-to-many rows are compared, not
    set: that happens on write (see ``PlannedRow.write``); prefetch them on existing rows."""
    changed = instance._state.adding
    for name, value in values.items():
        changed = changed or differs(instance, name, value)
        setattr(instance, name, value)
    if not instance._state.adding:
        for name, objects in (related or {}).items():
            stored = {row.pk for row in getattr(instance, name).all()}
            changed = changed or stored != {row.pk for row in objects}
    return changed


def differs(instance: models.Model, name: str, value) -> bool:
    """Whether ``value`` differs from the field's stored value; a foreign key
    compares ids, so the related row is not read."""
    model_field = cast(models.Field, instance._meta.get_field(name))
    new = value.pk if model_field.many_to_one and value is not None else value
    return getattr(instance, model_field.attname) != new


def planned_row(
    number: int,
    changed: bool,
    instance: models.Model,
    summary: str,
    related: dict[str, list] | None = None,
    file_version: int | None = None,
    **options,
) -> PlannedRow:
    """The row's plan, against the version the file was exported at or else
    the stored one; ``options`` are further ``PlannedRow`` fields."""
    if instance._state.adding:
        action = CREATE
    else:
        action = UPDATE if changed else UNCHANGED
        options["expected_version"] = version_of(instance) if file_version is None else file_version
    return PlannedRow(number, action, summary, instance, related or {}, **options)


def records_by_id(queryset: models.QuerySet, columns: "Columns", rows: list[dict[str, str]]) -> dict:
    """The records the file's ``id`` column names, read from ``queryset``
    (with what the comparison needs prefetched) in a few queries."""
    ids = set()
    for _number, row in columns.read(rows):
        with contextlib.suppress(ValueError):
            ids.add(parse_record_id(row.get("id", "")))
    return queryset.in_bulk(ids - {None})


def parse_record_id(value: str) -> int | None:
    """An id as the export writes it; empty for a row without one."""
    value = value.strip()
    if not value:
        return None
    if not value.isdecimal() or not 0 < int(value) <= LARGEST_ID:
        raise ValueError(_("“%(value)s” is not an id: give the number from the export.") % {"value": value})
    return int(value)
