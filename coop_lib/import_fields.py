"""Form fields that read a spreadsheet's cells as people fill them: dates and
times as Indonesian and English sheets write them (or as a workbook stores
them), choices by their label in either language, and names of the register
(departments, partners, ...) as written, through the shared name matcher.

Each is an ordinary Django form field: a row of an import is a form of
these, and its errors are the form's errors.
"""

import datetime
import functools
import re
from collections.abc import Hashable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from coop_lib.csv_spec import FORMULA_TRIGGERS
from coop_lib.dates import MONTHS
from coop_lib.ids import LARGEST_ID
from coop_lib.matching import MatchKind, NameMatcher, normalise

WRITTEN_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
WRITTEN_TIME = re.compile(r"^(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?\s*(AM|PM|am|pm)?$")
SLASHED_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january",),
            ("february",),
            ("march",),
            ("april",),
            ("may",),
            ("june",),
            ("july",),
            ("august",),
            ("september",),
            ("october",),
            ("november",),
            ("december",),
        ],
        start=1,
    )
    for name in names
}


def strip_neutraliser(value: str) -> str:
    """Undo the export's leading apostrophe on formula-like cells."""
    return value[1:] if value.startswith("'") and value[1:2].startswith(FORMULA_TRIGGERS) else value


def cell_text(value: Any) -> str:
    """A cell as text: what a CSV holds, or a workbook cell written out."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return strip_neutraliser(str(value).strip())


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    not_a_date = ValidationError(
        _("“%(value)s” is not a date (use 2022-02-03, 03/02/2022 or 3 Februari 2022).") % {"value": text},
        code="invalid",
    )
    try:
        if match := SLASHED_DATE.match(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := WRITTEN_DATE.match(text):
            name = match.group(2).lower()
            written_month = MONTHS.get(name) or ENGLISH_MONTHS.get(name)
            if written_month:
                return datetime.date(int(match.group(3)), written_month, int(match.group(1)))
    except ValueError as impossible:  # 31/02/2022: Python's own reason is in English
        raise not_a_date from impossible
    raise not_a_date


def parse_time(value: Any) -> datetime.time:
    """09:30, 09.30, 09:30:00, or 9:30 AM / 02:00:00 PM as spreadsheets in
    an English locale write them; a workbook's time as it is."""
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, datetime.time):
        return value
    text = cell_text(value)
    match = WRITTEN_TIME.match(text)
    if not match:
        raise _not_a_time(text)
    hour, minute, second = (int(part or 0) for part in match.groups()[:3])
    half = (match.group(4) or "").upper()
    if half:
        if not 1 <= hour <= 12:
            raise _not_a_time(text)
        hour = hour % 12 + (12 if half == "PM" else 0)
    try:
        return datetime.time(hour, minute, second)
    except ValueError as impossible:  # 25:00
        raise _not_a_time(text) from impossible


def _not_a_time(text: str) -> ValidationError:
    return ValidationError(
        _("“%(value)s” is not a time (use 09:30 or 09.30).") % {"value": text}, code="invalid"
    )


class SheetField(forms.Field):
    """A cell: empty is None, anything else is read by ``read``."""

    def to_python(self, value):
        if value is None or cell_text(value) == "":
            return None
        return self.read(value)

    def read(self, value):
        return cell_text(value)


class SheetTextField(SheetField):
    def __init__(self, *, max_length: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def read(self, value):
        text = cell_text(value).replace("\r\n", "\n")
        if self.max_length and len(text) > self.max_length:
            raise ValidationError(
                _("At most %(limit)d characters (this one has %(length)d).")
                % {"limit": self.max_length, "length": len(text)},
                code="max_length",
            )
        return text

    def to_python(self, value):
        return super().to_python(value) or ""


class SheetDateField(SheetField):
    def read(self, value):
        return parse_date(value)


class SheetTimeField(SheetField):
    def read(self, value):
        return parse_time(value)


class SheetNumberField(SheetField):
    """A whole number, as an export writes an id or a version."""

    def __init__(self, *, largest: int = LARGEST_ID, **kwargs):
        super().__init__(**kwargs)
        self.largest = largest

    def read(self, value):
        text = cell_text(value)
        if not text.isdecimal() or not 0 < int(text) <= self.largest:
            raise ValidationError(
                _("“%(value)s” is not a number from the export.") % {"value": text}, code="invalid"
            )
        return int(text)


class SheetChoiceField(SheetField):
    """A choice by its label in Indonesian or English, or its stored value."""

    def __init__(self, *, choices: type[models.TextChoices], **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def read(self, value):
        text = cell_text(value)
        found = _choice_names(self.choices).get(text.lower())
        if found is None:
            raise ValidationError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(str(label) for label in self.choices.labels)},
                code="invalid_choice",
            )
        return found


@functools.cache
def _choice_names(choices: type[models.TextChoices]) -> dict[str, str]:
    """Lower-case label in either language, or value -> value."""
    names: dict[str, str] = {}
    for language in ("en", "id"):
        with translation.override(language):
            names |= {str(label).lower(): value for value, label in choices.choices}
    return names | {value.lower(): value for value in choices.values}


class Suggestion(ValidationError):
    """A name the register does not hold as written, but one close to it."""

    def __init__(self, *, written: str, suggested: str, key: Hashable):
        super().__init__(
            _("Unknown: “%(written)s”. Did you mean “%(suggested)s”?")
            % {"written": written, "suggested": suggested},
            code="suggestion",
        )
        self.written, self.suggested, self.key = written, suggested, key


class RegisterField(SheetField):
    """One name of the register (a department, a partner, ...), matched by
    the form's ``NameMatcher`` for this field; a close name is offered as a
    suggestion, which the user may accept (``accepted``: written name ->
    the key of the record meant)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.matcher: NameMatcher = NameMatcher()
        self.accepted: dict[str, Any] = {}
        self.key_of = lambda value: getattr(value, "pk", value)

    def read(self, value):
        return self.find(cell_text(value))

    def _accepted(self, written: str):
        """The record the user accepted for ``written`` in the preview, if any."""
        return self.accepted.get(normalise(written)) if self.accepted else None

    def find(self, written: str):
        accepted = self._accepted(written)
        if accepted is not None:
            return accepted
        match = self.matcher.match(written)
        if match.kind != MatchKind.NONE and match.value is not None:
            return match.value
        if match.suggestion is not None:
            key = self.key_of(match.suggestion)
            raise Suggestion(written=written, suggested=match.suggested_name, key=key)
        raise ValidationError(_("Unknown: “%(written)s”.") % {"written": written}, code="unknown")


class RegisterListField(RegisterField):
    """Names of the register in one cell, separated by commas (as the export
    joins them); a name may hold a comma itself ("Kadin Indonesia, Komite
    Jepang"): the longest run of pieces that is a name wins."""

    def to_python(self, value):
        return super().to_python(value) or []

    def read(self, value):
        pieces = cell_text(value).replace(";", ",").split(",")
        found, errors, start = [], [], 0
        while start < len(pieces):
            for end in range(len(pieces), start, -1):
                written = ",".join(pieces[start:end]).strip()
                match = self.matcher.match(written)
                accepted = self._accepted(written)
                if accepted is not None or (match.kind in (MatchKind.EXACT, MatchKind.SHORTER_FORM)):
                    found.append(accepted if accepted is not None else match.value)
                    start = end
                    break
            else:
                written = pieces[start].strip()
                if written:
                    try:
                        found.append(self.find(written))
                    except ValidationError as error:
                        errors.append(error)
                start += 1
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(found))
