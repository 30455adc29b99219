"""The audit trail (django-simple-history): entries for a batch of records
written at once, who changed a record after a given version, and the
values of a past version."""

from collections.abc import Sequence
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import get_history_manager_for_model

# Changed by every save; naming them would tell the user nothing.
BOOKKEEPING_FIELDS = {"version", "updated_at", "created_at"}


def history_of(model: type[models.Model]):
    return get_history_manager_for_model(model)


def tracked_many_to_many(model: type[models.Model]) -> list[models.ManyToManyField]:
    """The many-to-many fields whose rows the audit trail keeps with each version."""
    history_model = history_of(model).model
    return [field for field in model._meta.many_to_many if field in history_model._history_m2m_fields]


def copy_into_history(model: type[models.Model], keys: Sequence, *, user, history_type: str) -> None:
    """An entry in the audit trail of ``model`` for each record of ``keys``,
    by ``user``, with its many-to-many rows: the stored rows copied by the
    database (``INSERT … SELECT``), as ``bulk_history_create`` would write
    them from the instances, without building a model instance per row."""
    if not keys or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history_model = history_of(model).model
    quote = connection.ops.quote_name
    given = {
        "history_date": timezone.now(),
        "history_user": getattr(user, "pk", None),
        "history_change_reason": "",
        "history_type": history_type,
    }
    tracked = {field.attname for field in history_model.tracked_fields}
    columns, selected, params = [], [], []
    for field in history_model._meta.concrete_fields:
        if field.primary_key:
            if field.has_default():  # a key the database does not number (uuid)
                raise ImproperlyConfigured(f"{history_model.__name__}'s key is not numbered by the database.")
            continue
        if field.name in given:
            selected.append("%s")
            params.append(field.get_db_prep_save(given[field.name], connection))
        elif field.attname in tracked:
            selected.append(_column(model, field.name))
        else:
            raise ImproperlyConfigured(
                f"{history_model.__name__}.{field.name} is not a field of {model.__name__}."
            )
        columns.append(_column(history_model, field.name))
    pk = cast(models.Field, model._meta.pk)
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history_model._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(selected)} FROM {quote(model._meta.db_table)} "
            f"WHERE {_column(model, pk.name)} IN ({marks}) "
            f"RETURNING {_column(history_model, _key(model))}, {_column(history_model, _key(history_model))}",
            [*params, *(pk.get_db_prep_value(key, connection) for key in keys)],
        )
        entries = cursor.fetchall()
        for field in tracked_many_to_many(model):
            _copy_links_into_history(cursor, history_model, field, entries)


def _copy_links_into_history(
    cursor, history_model, field: models.ManyToManyField, entries: list[tuple[Any, Any]]
) -> None:
    """The rows of ``field`` of the records just entered in the audit trail,
    copied beside each entry (``entries``: the record's key, the entry's).
    The links are read by the records' keys, so the statement reads an
    index however long the tables grow."""
    if not entries:
        return
    quote = connection.ops.quote_name
    links = getattr(history_model, field.name).model
    through = cast(type[models.Model], field.remote_field.through)
    copied = [_column(through, f.name) for f in through._meta.concrete_fields]
    record = _column(through, field.m2m_field_name())
    # VALUES names its columns column1, column2 in PostgreSQL and SQLite alike.
    cursor.execute(
        f"INSERT INTO {quote(links._meta.db_table)} ({', '.join(copied)}, {_column(links, 'history')}) "
        f"SELECT {', '.join('link.' + column for column in copied)}, entry.column2 "
        f"FROM {quote(through._meta.db_table)} link "
        f"JOIN (VALUES {', '.join(['(%s, %s)'] * len(entries))}) entry ON entry.column1 = link.{record} "
        f"WHERE link.{record} IN ({', '.join(['%s'] * len(entries))})",
        [*(value for entry in entries for value in entry), *(key for key, _entry in entries)],
    )


def _key(model: type[models.Model]) -> str:
    return cast(models.Field, model._meta.pk).name


def _column(model: type[models.Model], name: str) -> str:
    """The quoted column of field ``name`` of ``model``, for hand-written SQL."""
    return connection.ops.quote_name(cast(str, cast(models.Field, model._meta.get_field(name)).column))


def changes_since(record: models.Model, version: int) -> tuple[str, str, list[str]]:
    """Who last saved ``record``, when, and the verbose names of the fields
    changed since ``version``, as the audit trail tells."""
    versions = history_of(type(record)).filter(**{record._meta.pk.attname: record.pk})
    latest = versions.order_by("-history_date", "-history_id").select_related("history_user").first()
    if latest is None:
        return _("another user"), "", []
    who = getattr(latest.history_user, "username", None) or _("another user")
    when = formats.localize(timezone.localtime(latest.history_date))
    seen = versions.filter(version=version).order_by("-history_date", "-history_id").first()
    if seen is None:
        return who, when, []
    names = [change.field for change in latest.diff_against(seen).changes]
    return who, when, [verbose_name(record, name) for name in names if name not in BOOKKEEPING_FIELDS]


def verbose_name(record: models.Model | type[models.Model], field_name: str) -> str:
    return str(cast(models.Field, record._meta.get_field(field_name)).verbose_name)


def related_ids_at(version: models.Model, field: models.ManyToManyField) -> list:
    """The ids a many-to-many field held at a past ``version``."""
    through_rows = getattr(version, field.name).all()
    target = field.m2m_reverse_field_name()
    return [getattr(row, f"{target}_id") for row in through_rows]


def last_version_number(model: type[models.Model], pk) -> int:
    numbers = history_of(model).filter(**{model._meta.pk.attname: pk}).values_list("version", flat=True)
    return max(numbers, default=0)
