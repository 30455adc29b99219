"""What the admin takes from the address, checked before it reaches a query.

Django's changelist passes some query-string values on unchecked: the date
drill-down builds ``datetime(year, month, day)`` from them and adds a year or
a month (year 99999999999999999999 or 9999 is an OverflowError), and a lookup
through a relation (``?lead_department=99999999999999999999``) skips the
range check Django gives integer fields, so SQLite's driver fails to bind
it. The add form takes its initial values from the query string as text, so
``?starts_at=2024-05-01`` breaks the date widget and ``?visit=abc`` the
select's query. Object and version ids of the history pages go into a query
as they are, and ``abc`` is a ValueError. Each was a server error; here the
list is shown whole with a message saying what was wrong, the add form
leaves out a value its field cannot read, and the history page of a record
that cannot exist is a 404.
"""

import contextlib
import datetime
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from coop_lib.ids import fits_integer_column, parse_id
from coop_lib.validators import FIRST_YEAR, LAST_YEAR, YEAR_OUT_OF_RANGE

INVALID_ADDRESS = gettext_lazy(
    "The address holds a filter or a page that this list does not have; the whole list is shown."
)


class RefusedParameter(IncorrectLookupParameters):
    """A query-string value refused with a message for the reader."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _integer(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def date_drilldown_error(year: str, month: str | None, day: str | None) -> str | None:
    """What is wrong with a date drill-down's year, month and day, or None."""
    number = _integer(year)
    if number is None or not FIRST_YEAR <= number <= LAST_YEAR:
        return YEAR_OUT_OF_RANGE % {"first": FIRST_YEAR, "last": LAST_YEAR}
    if month is not None and _integer(month) not in range(1, 13):
        return gettext("The month must be between 1 and 12.")
    if day is not None:
        try:
            datetime.date(number, int(month or 1), int(day))
        except (OverflowError, ValueError):
            return gettext("The day must be a day of the chosen month.")
    return None


def relation_of(model: type[models.Model], lookup: str) -> models.Field | models.ForeignObjectRel | None:
    """The relation a lookup compares its value with, as in
    ``lead_department``, ``sectors__in`` or ``staff_profile__department``;
    None when it ends on a plain field (``lead_department__id``), which
    Django checks itself."""
    opts, relation = model._meta, None
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            # The lookup itself: exact, in, ...; isnull takes no number.
            return None if part == "isnull" else relation
        if not field.is_relation or field.related_model is None:
            return None
        relation, opts = field, field.related_model._meta
    return relation


class CheckedChangeList(ChangeList):
    def get_filters(self, request):
        for lookup, values in self.get_filters_params().items():
            if error := self.lookup_error(lookup, values):
                raise RefusedParameter(error)
        return super().get_filters(request)

    def lookup_error(self, lookup: str, values: list[str]) -> str | None:
        field = self.date_hierarchy
        if field and lookup == f"{field}__year":
            params = self.get_filters_params()
            month, day = params.get(f"{field}__month"), params.get(f"{field}__day")
            # Django reads the last value of each, as here.
            return date_drilldown_error(values[-1], month and month[-1], day and day[-1])
        relation = relation_of(self.model, lookup)
        target = relation.related_model if relation is not None else None
        if target is None or not isinstance(target._meta.pk, models.IntegerField):
            return None
        for value in values:
            for number in map(_integer, value.split(",")):
                if number is not None and not fits_integer_column(number):
                    name = getattr(relation, "verbose_name", None) or lookup
                    return gettext("The number given for “%(field)s” is out of range.") % {
                        "field": capfirst(name)
                    }
        return None


def _is_key(field: models.Field, value: str) -> bool:
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    return not isinstance(key, int) or fits_integer_column(key)


def initial_values(model: type[models.Model], initial: dict) -> dict:
    """The add form's initial values from the query string, each read as
    its model field reads it (a date as a date); those that do not read,
    and keys no row can have, are left out. Other keys stay as they are."""
    checked = {}
    for name, value in initial.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            checked[name] = value
            continue
        if isinstance(field, models.ManyToManyField):
            checked[name] = [key for key in value if _is_key(field.related_model._meta.pk, key)]
        elif field.is_relation:
            if field.related_model is not None and _is_key(field.related_model._meta.pk, value):
                checked[name] = value
        elif isinstance(field, models.Field):
            with contextlib.suppress(ValidationError):
                checked[name] = field.to_python(value)
    return checked


if TYPE_CHECKING:  # the admin classes these mixins go with
    from django.contrib.admin import ModelAdmin as ModelAdminBase
    from simple_history.admin import SimpleHistoryAdmin as HistoryAdminBase
else:
    ModelAdminBase = HistoryAdminBase = object


class CheckedQueryStringMixin(ModelAdminBase):
    """For a ModelAdmin: its list refuses the values above with a message,
    its add form leaves out the initial values it cannot use."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_changeform_initial_data(self, request):
        return initial_values(self.model, super().get_changeform_initial_data(request))

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            # The caller answers with the whole list (Django's ?e=1), which shows this.
            messages.error(request, error.message if isinstance(error, RefusedParameter) else INVALID_ADDRESS)
            raise


def history_ids_or_404(object_id: str, version_id: str | None = None) -> None:
    """The ids of a history page, as its queries can take them: anything
    else names a record or version that cannot exist."""
    parse_id(unquote(object_id))
    if version_id is not None:
        parse_id(version_id)


class CheckedHistoryIdsMixin(HistoryAdminBase):
    """For a SimpleHistoryAdmin: history pages 404 on ids that cannot exist."""

    def history_view(self, request, object_id, extra_context=None):
        history_ids_or_404(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history_ids_or_404(object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
