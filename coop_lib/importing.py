"""Importing a sheet: its columns matched to the fields of a kind of record,
each row read by a Django form, the rows planned and then written through
the write door, a batch at a time.

A kind of record declares its import (``ImportKind``, in its app): the row
form (``form_class``, fields of ``coop_lib.import_fields``), the headings
people give its columns besides the export's (``synonyms``), and two
steps: ``plan`` turns a batch of valid row forms into planned writes
(create, update or unchanged), finding existing records in a few queries
for the whole batch and adding the errors only the register can tell;
``write`` writes a batch of planned rows (through the write door's batch
functions or the app's services).

An import runs in two background jobs (``coop_lib.jobs``): the preview
reads every row and plans it, writing nothing, and leaves a summary: how
many rows would be created, updated or left unchanged, each error by row,
column and reason (with a suggestion for a name the register holds in
another spelling), what to look at (a likely duplicate), and the columns
the file has that the import does not use. The confirm reads the same file
again with the same choices, plans it again, and refuses to write if a row
is not what the preview showed (someone changed the register meanwhile);
otherwise it writes every batch in one transaction.
"""

import copy
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from coop_lib.history import changes_since
from coop_lib.import_fields import RegisterField, Suggestion
from coop_lib.matching import NameMatcher, normalise
from coop_lib.spreadsheets import Cell, Sheet
from coop_lib.writes import create_records, may_change, update_record, update_records, version_of

# Rows planned and written together: the queries of a batch do not grow with its rows.
BATCH = 1000
# What a preview's summary keeps for the page; the counts cover every row.
SHOWN_ERRORS = 500
SHOWN_ROWS = 100
# A heading is taken for a field this similar (rapidfuzz, 0–100) or more.
HEADING_SIMILARITY = 85.0
UNUSED = ""

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
# The field of a register entry holding its other names, one per line.
ALIASES = "aliases"


@dataclass
class Planned:
    """What one row will do."""

    row: int
    action: str  # CREATE, UPDATE or UNCHANGED
    summary: str
    instance: models.Model | None = None
    related: dict[str, list] = field(default_factory=dict)
    # The version of the stored record the row was planned against.
    expected_version: int | None = None
    # What the user should look at before confirming (a likely duplicate).
    warnings: list[str] = field(default_factory=list)
    # What a kind's ``write`` needs besides the record (a stage to move to).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class RowError:
    row: int
    column: str
    reason: str
    # For a name the register holds in another spelling.
    written: str = ""
    suggested: str = ""
    key: Any = None


class RowForm(forms.Form):
    """A row of a sheet: its cells by field, read by the fields."""

    def __init__(self, *args, row: int, kind: "ImportKind", **kwargs):
        # Django gives each form a deep copy of the class's fields, so that a
        # form may change its own. A row form changes none, and a copy per
        # row of a large sheet costs as much as reading the row: the rows of
        # an import share one set (``ImportKind.row_fields``).
        self.base_fields = {}  # type: ignore[misc]  # this form's own, empty: nothing to copy
        super().__init__(*args, **kwargs)
        # Only the fields of the sheet's columns: the others are empty on
        # every row, and a field read costs as much on an empty cell.
        self.fields = kind.row_fields()
        self.kind = kind
        self.row = row

    def clean(self):
        super().clean()
        # A field whose column the sheet does not have reads as an empty cell.
        for name, form_field in self.kind.unmapped_fields().items():
            try:
                self.cleaned_data[name] = form_field.clean(None)
            except ValidationError as error:  # a required field without a column
                self.add_error(name, error)
        return self.cleaned_data

    def add_error(self, field, error):
        if field is not None and field not in self.fields:
            # A field whose column the sheet does not have: the row's error, named by the field.
            label = self.kind.label(field)
            error = ValidationError([f"{label}: {message}" for message in ValidationError(error).messages])
            field = None
        super().add_error(field, error)


# Each kind of record that can be imported, by its model's label ("meetings.meeting").
KINDS: dict[str, type["ImportKind"]] = {}


class ImportKind:
    """One kind of record a sheet can be imported as; see the module's description."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "model" in cls.__dict__:
            KINDS[cls.model._meta.label_lower] = cls

    model: ClassVar[type[models.Model]]
    form_class: ClassVar[type[RowForm]]
    # Field -> other headings people give its column ("Nama Kegiatan" for the title).
    synonyms: ClassVar[dict[str, Sequence[str]]] = {}
    # Fields a sheet must have a column for.
    required: ClassVar[Sequence[str]] = ()
    # The column that names the record: errors of the whole record are shown there.
    key: ClassVar[str] = ""

    def __init__(self, user, *, accepted: dict[str, dict[str, Any]] | None = None):
        self.user = user
        # Field -> written name (normalised) -> the key of the record the user accepted for it.
        self._accepted_keys = accepted or {}
        self._matchers: dict[str, NameMatcher] = {}
        self._accepted: dict[str, dict[str, Any]] = {}
        self._row_fields: dict[str, forms.Field] | None = None
        self._unmapped_fields: dict[str, forms.Field] | None = None

    # What subclasses give

    def matchers(self) -> dict[str, NameMatcher]:
        """The name matcher of each register field, built once per import."""
        return {}

    def plan(self, forms_: list[RowForm]) -> Iterator[Planned]:
        """The plan of each valid row form of a batch; a row the register
        refuses gets its errors on its form (``form.add_error``) and no plan."""
        raise NotImplementedError

    def write(self, planned: list[Planned]) -> None:
        """A batch of planned rows through the write door: the new records
        together, then the changed ones together."""
        new = [plan for plan in planned if plan.action == CREATE]
        changed = [plan for plan in planned if plan.action == UPDATE]
        if new:
            create_records(
                instances=[cast(models.Model, plan.instance) for plan in new],
                user=self.user,
                related=[plan.related for plan in new],
            )
        if changed:
            update_records(
                instances=[cast(models.Model, plan.instance) for plan in changed],
                user=self.user,
                expected_versions=[plan.expected_version for plan in changed],
                related=[plan.related for plan in changed],
            )

    @staticmethod
    def ids(forms_: list[RowForm]) -> list[int]:
        """The records a batch's rows name by their ID."""
        return [form.cleaned_data["id"] for form in forms_ if form.cleaned_data.get("id")]

    # The columns

    def row_fields(self) -> dict[str, forms.Field]:
        """The fields the row forms of this import share: the form's fields
        of the sheet's columns, each register field with its matcher and
        the suggestions accepted."""
        if self._row_fields is None:
            mapped = getattr(self, "mapped", None)
            self._row_fields = {
                name: copy.deepcopy(form_field)
                for name, form_field in self.form_class.base_fields.items()
                if mapped is None or name in mapped
            }
            for name, form_field in self._row_fields.items():
                if isinstance(form_field, RegisterField):
                    form_field.matcher = self.matcher(name)
                    form_field.accepted = self.accepted_for(name)
        return self._row_fields

    def unmapped_fields(self) -> dict[str, forms.Field]:
        """The form's fields whose columns the sheet does not have."""
        if self._unmapped_fields is None:
            row_fields = self.row_fields()
            self._unmapped_fields = {
                name: form_field
                for name, form_field in self.form_class.base_fields.items()
                if name not in row_fields
            }
        return self._unmapped_fields

    def matcher(self, name: str) -> NameMatcher:
        if not self._matchers:
            self._matchers = self.matchers()
        return self._matchers.get(name, NameMatcher())

    def accepted_for(self, name: str) -> dict[str, Any]:
        """Accepted suggestions of a field: written name -> the record."""
        if name not in self._accepted:
            by_key = {self._key(value): value for _name, value in self.matcher(name).names()}
            self._accepted[name] = {
                written: by_key[key]
                for written, key in self._accepted_keys.get(name, {}).items()
                if key in by_key
            }
        return self._accepted[name]

    @staticmethod
    def _key(value) -> Any:
        return getattr(value, "pk", value)

    # Spellings kept as other names

    def entry(self, name: str, key: Any) -> Any:
        """The register entry of field ``name`` with ``key``, or None."""
        return next(
            (value for _written, value in self.matcher(name).names() if self._key(value) == key), None
        )

    def may_remember(self, name: str, key: Any) -> bool:
        """Whether the user may keep a spelling as another name of that
        entry: it has other names (``aliases``) and the user may change it."""
        entry = self.entry(name, key)
        if entry is None or not any(field.name == ALIASES for field in entry._meta.concrete_fields):
            return False
        return may_change(self.user, entry)

    def remember(self, name: str, key: Any, written: str) -> None:
        """Keep ``written`` as another name of the entry, through the write
        door (refused like any change the user may not make)."""
        entry = self.entry(name, key)
        if entry is None:
            return
        names = {normalise(known) for known, value in self.matcher(name).names() if value == entry}
        if normalise(written) in names:
            return  # one of its names already
        entry.aliases = f"{entry.aliases}\n{written}".strip()
        update_record(instance=entry, user=self.user, expected_version=version_of(entry))

    @classmethod
    def fields(cls) -> dict[str, forms.Field]:
        return cls.form_class.base_fields

    @classmethod
    def headings(cls) -> dict[str, list[str]]:
        """Each field's headings: its label in Indonesian and English, its
        name, and the synonyms people use."""
        names: dict[str, list[str]] = {}
        for name, form_field in cls.fields().items():
            labels = []
            for language in ("id", "en"):
                with translation.override(language):
                    labels.append(str(form_field.label or name))
            names[name] = list(dict.fromkeys([*labels, name.replace("_", " "), *cls.synonyms.get(name, ())]))
        return names

    @classmethod
    def label(cls, name: str) -> str:
        form_field = cls.fields().get(name)
        return str(form_field.label) if form_field is not None and form_field.label else name

    @classmethod
    def guess_mapping(cls, headings: Sequence[str]) -> list[str]:
        """For each heading of a sheet, the field it fills, or ``UNUSED``:
        by the export's headings, the synonyms, then similarity; a field is
        filled by one column only."""
        matcher = NameMatcher(
            [(heading, name) for name, known in cls.headings().items() for heading in known],
            certain=HEADING_SIMILARITY,
            likely=HEADING_SIMILARITY,
        )
        taken: set[str] = set()
        mapping = []
        for heading in headings:
            match = matcher.match(heading)
            name = match.value if match.value is not None and match.value not in taken else UNUSED
            taken.add(name)
            mapping.append(name)
        return mapping

    @classmethod
    def check_mapping(cls, mapping: Sequence[str]) -> list[str]:
        """What is wrong with a mapping: a required field without a column,
        a field filled by two columns."""
        problems = []
        chosen = [name for name in mapping if name != UNUSED]
        for name in cls.required:
            if name not in chosen:
                problems.append(
                    _("No column gives “%(field)s”, which is required.") % {"field": cls.label(name)}
                )
        for name in sorted({name for name in chosen if chosen.count(name) > 1}):
            problems.append(_("Two columns give “%(field)s”; choose one.") % {"field": cls.label(name)})
        return problems

    # Reading and planning

    def forms(self, sheet: Sheet, mapping: Sequence[str]) -> Iterator[RowForm]:
        """A bound form per row, with the cells of the mapped columns only."""
        columns = [(index, name) for index, name in enumerate(mapping) if name != UNUSED]
        for number, cells in sheet.rows:
            data: dict[str, Cell] = {name: cells[index] for index, name in columns if index < len(cells)}
            yield self.form_class(data=data, row=number, kind=self)

    def batches(self, sheet: Sheet, mapping: Sequence[str]) -> Iterator[tuple[list[RowForm], list[Planned]]]:
        """The rows in batches: the forms of each batch and the plans of its valid rows."""
        self.mapped = {name for name in mapping if name != UNUSED}
        self._row_fields = self._unmapped_fields = None
        self.seen: dict[Any, int] = {}
        batch: list[RowForm] = []
        for form in self.forms(sheet, mapping):
            batch.append(form)
            if len(batch) == BATCH:
                yield self._planned(batch)
        if batch:
            yield self._planned(batch)

    def _planned(self, batch: list[RowForm]) -> tuple[list[RowForm], list[Planned]]:
        """The forms of ``batch``, taken out of it so that only the caller
        holds them, and the plans of the valid ones."""
        forms_ = batch.copy()
        batch.clear()
        return forms_, list(self.plan([form for form in forms_ if form.is_valid()]))

    # Rules every kind applies

    def repeated(self, form: RowForm, key: Any, column: str) -> bool:
        """Two rows naming the same record would both be planned as new, or
        change it twice: the second is refused."""
        first = self.seen.setdefault(key, form.row)
        if first != form.row:
            form.add_error(column, _("This row repeats row %(row)d.") % {"row": first})
            return True
        return False

    def expected_version(self, form: RowForm, record: models.Model | None, named_by_id: bool) -> int | None:
        """The version the sheet was exported at, checked against the stored
        record: a sheet edited while someone else changed the record must
        not overwrite that change unseen. None, with an error, when it fails."""
        if record is None or record._state.adding:
            return None
        version = form.cleaned_data.get("version")
        stored = getattr(record, "version", None)
        if version is None:
            if named_by_id:
                form.add_error(
                    "version" if "version" in self.form_class.base_fields else None,
                    _("A row with an ID needs the version of the export; export the list again."),
                )
                return None
            return stored
        if stored is not None and version > stored:
            form.add_error(
                "version", _("No version %(version)d of this record exists.") % {"version": version}
            )
            return None
        if stored is not None and version != stored:
            who, when, fields = changes_since(record, version)
            form.add_error(
                "version",
                _(
                    "%(who)s saved this record at %(when)s, after this file was exported, and changed: "
                    "%(fields)s. Export the list again and make your changes in the new file."
                )
                % {"who": who, "when": when, "fields": ", ".join(fields) or _("related rows")},
            )
            return None
        return version

    def given(self, record: models.Model, values: dict[str, Any]) -> dict[str, Any]:
        """On a stored record, only the values whose column the sheet has, and
        not an empty choice: a sheet of a few columns changes those and
        leaves the rest as stored. A new record takes all of them."""
        if record._state.adding:
            return values
        return {name: value for name, value in values.items() if name in self.mapped and value is not None}

    def plan_row(
        self,
        form: RowForm,
        record: models.Model,
        values: dict[str, Any],
        related: dict[str, list] | None = None,
        *,
        summary: str,
        expected_version: int | None = None,
    ) -> Planned | None:
        """``values`` (and ``related``) given to ``record``, checked by the
        model's own rules; the row's plan, or None with its errors on the form."""
        related = related or {}
        changed = assign(record, values, related)
        try:
            # Foreign keys were found in the register already; the write door
            # checks the rules that need the database.
            loaded = [f.name for f in record._meta.concrete_fields if f.many_to_one]
            record.clean_fields(exclude=loaded)
            record.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                # A field without a column still names itself (``RowForm.add_error``).
                own = name in self.form_class.base_fields
                form.add_error(name if own else self.key or None, " ".join(messages))
            return None
        if not record._state.adding and changed and not self.user.has_perm(_permission(record, "change")):
            form.add_error(self.key or None, _("You may not change existing records of this kind."))
            return None
        if record._state.adding:
            action = CREATE
        else:
            action = UPDATE if changed else UNCHANGED
            expected_version = (
                expected_version if expected_version is not None else getattr(record, "version", None)
            )
        return Planned(form.row, action, summary, record, related, expected_version)


def _permission(record: models.Model, action: str) -> str:
    return f"{record._meta.app_label}.{action}_{record._meta.model_name}"


def assign(record: models.Model, values: dict[str, Any], related: dict[str, list] | None = None) -> bool:
    """Set ``values`` on ``record``; whether that changes the stored record
    (always for a new one). ``related`` many-to-many rows are compared, not
    set (the write sets them); prefetch them on stored records."""
    changed = record._state.adding
    for name, value in values.items():
        model_field = record._meta.get_field(name)
        stored = getattr(record, model_field.attname)  # type: ignore[union-attr]
        new = value.pk if model_field.many_to_one and value is not None else value
        changed = changed or stored != new
        setattr(record, name, value)
    if not record._state.adding:
        for name, rows in (related or {}).items():
            stored_keys = {row.pk for row in getattr(record, name).all()}
            changed = changed or stored_keys != {row.pk for row in rows}
    return changed


def row_errors(form: RowForm, kind: ImportKind) -> list[RowError]:
    errors = []
    for name, problems in form.errors.as_data().items():
        column = name if name in form.fields else ""
        for problem in problems:
            for error in problem.error_list if isinstance(problem, ValidationError) else [problem]:
                suggestion = error if isinstance(error, Suggestion) else None
                errors.append(
                    RowError(
                        row=form.row,
                        column=column,
                        reason=" ".join(error.messages),
                        written=suggestion.written if suggestion else "",
                        suggested=suggestion.suggested if suggestion else "",
                        key=suggestion.key if suggestion else None,
                    )
                )
    return errors


@dataclass
class Summary:
    """What a preview found, kept as the preview job's result (JSON)."""

    rows: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {CREATE: 0, UPDATE: 0, UNCHANGED: 0})
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)
    planned: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    # (field, written) -> suggestion, once each.
    suggestions: dict[str, dict] = field(default_factory=dict)
    # Row -> [key, version] of the stored record it updates.
    versions: dict[str, list] = field(default_factory=dict)
    warned_rows: list[int] = field(default_factory=list)

    def add(self, forms_: list[RowForm], planned: list[Planned], kind: ImportKind) -> None:
        self.rows += len(forms_)
        for form in forms_:
            for error in row_errors(form, kind):
                self.error_count += 1
                if len(self.errors) < SHOWN_ERRORS:
                    self.errors.append(
                        {
                            "row": error.row,
                            "column": error.column,
                            "label": kind.label(error.column) if error.column else "",
                            "reason": error.reason,
                        }
                    )
                suggestion_id = f"{error.column}\u0000{normalise(error.written)}"
                if error.key is not None and suggestion_id not in self.suggestions:
                    self.suggestions[suggestion_id] = {
                        "field": error.column,
                        "label": kind.label(error.column),
                        "written": error.written,
                        "normalised": normalise(error.written),
                        "suggested": error.suggested,
                        "key": error.key,
                        "may_remember": kind.may_remember(error.column, error.key),
                    }
        for plan in planned:
            self.counts[plan.action] += 1
            if plan.action == UPDATE and plan.instance is not None:
                self.versions[str(plan.row)] = [plan.instance.pk, plan.expected_version]
            if plan.warnings:
                self.warned_rows.append(plan.row)
                if len(self.warnings) < SHOWN_ERRORS:
                    self.warnings += [{"row": plan.row, "text": str(text)} for text in plan.warnings]
            if len(self.planned) < SHOWN_ROWS:
                self.planned.append({"row": plan.row, "action": plan.action, "summary": plan.summary})

    def as_result(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.counts[CREATE],
            "updated": self.counts[UPDATE],
            "unchanged": self.counts[UNCHANGED],
            "error_count": self.error_count,
            "errors": self.errors,
            "planned": self.planned,
            "warnings": self.warnings,
            "warned_rows": self.warned_rows,
            "suggestions": list(self.suggestions.values()),
            "versions": self.versions,
        }


def headings_signature(headings: Sequence[str]) -> str:
    """The same headings, however spaced or capitalised, give the same signature."""
    return hashlib.sha256(json.dumps([normalise(heading) for heading in headings]).encode()).hexdigest()
