"""The one door for writes to a record: who may write it, the edit lock,
validation and the audit trail, checked in the transaction that writes.

The admin, history revert and restore, bulk actions, imports and the apps'
services all write through these functions; none writes around them. The
rules come from the model itself, so every caller applies the same ones:

- Django's model permissions ``add``, ``change``, ``delete`` and, for
  bringing a deleted record back, ``restore`` (``coop_lib.models``);
- the rows a user may change, ``Model.objects.editable_by(user)``, and the
  rows they keep outright (may add and delete), ``managed_by(user)``, which
  defaults to the same rows;
- the fields a user may change on one record, ``record.fields_editable_by(user)``
  (None for all of them);
- the record's ``version`` for the edit lock;
- the model's own rules, ``full_clean()``.

A refusal is a ``WriteRefused`` (a ``ValidationError``), which callers show
as a form or row error; the transaction is then rolled back, so nothing of
a refused write stays.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from coop_lib.history import (
    changes_since,
    copy_into_history,
    last_version_number,
    related_ids_at,
    tracked_many_to_many,
)
from coop_lib.models import VersionedRecord
from coop_lib.uploads import new_files, note_stored

logger = logging.getLogger(__name__)

Record = TypeVar("Record", bound=models.Model)
# A row of a model's audit trail: a model django-simple-history makes at start-up.
HistoricalVersion = Any
User = AbstractUser | AnonymousUser
Related = Mapping[str, Iterable]

# The form field that carries the version a record was opened at.
VERSION_FIELD = "opened_version"


class WriteRefused(ValidationError):
    """A write the rules refuse, with the reason for the user."""


class NotPermitted(WriteRefused):
    pass


class StaleVersion(WriteRefused):
    """Someone else saved the record after it was opened."""


class LikelyDuplicate(WriteRefused):
    """The new record seems to be one already recorded: ``candidates``."""

    def __init__(self, message, candidates: Sequence[models.Model]):
        super().__init__(message, code="likely_duplicate")
        self.candidates = candidates


def editable_rows(model: type[models.Model], user) -> models.QuerySet:
    manager = model._default_manager
    return manager.editable_by(user) if hasattr(manager, "editable_by") else manager.all()


def managed_rows(model: type[models.Model], user) -> models.QuerySet:
    manager = model._default_manager
    return manager.managed_by(user) if hasattr(manager, "managed_by") else editable_rows(model, user)


def may(user, action: str, model: type[models.Model]) -> bool:
    return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


def may_change(user, record: models.Model) -> bool:
    model = type(record)
    return may(user, "change", model) and editable_rows(model, user).filter(pk=record.pk).exists()


def version_of(record: models.Model) -> int:
    return cast(VersionedRecord, record).version


def set_version(record: models.Model, version: int) -> None:
    cast(VersionedRecord, record).version = version


def record_user(record: models.Model, user: User) -> None:
    """Who makes the change, for the audit trail (django-simple-history reads
    ``_history_user`` from the record it saves)."""
    record.__dict__["_history_user"] = user


def is_versioned(model: type[models.Model]) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


@transaction.atomic
def create_record(*, instance: Record, user: User, related: Related | None = None) -> Record:
    """Save the new ``instance`` (and its many-to-many ``related`` rows) for ``user``."""
    model = type(instance)
    if not may(user, "add", model):
        raise NotPermitted(_("You may not add %(kind)s.") % {"kind": model._meta.verbose_name_plural})
    if instance.pk is not None and model._base_manager.filter(pk=instance.pk).exists():
        raise WriteRefused(_("“%(record)s” exists already.") % {"record": instance})
    # Measured against a record of defaults: a new cooperation starts at the
    # first stage, whatever the caller set.
    _check_fields(model(), instance, {}, user, rules_of=instance)
    _validate(instance)
    refusal = _("You may not add “%(record)s”: you may only add records that your department keeps.")
    return _save_within(instance, user, related, version=1, rows=managed_rows(model, user), refusal=refusal)


@transaction.atomic
def update_record(
    *, instance: Record, user: User, expected_version: int | None, related: Related | None = None
) -> Record:
    """Save the changed ``instance``, opened at ``expected_version``, for ``user``.

    The stored row is locked for the rest of the transaction: a concurrent
    save waits, then finds the new version and is refused.
    """
    model = type(instance)
    stored = _locked(instance)
    if not may_change(user, stored):
        raise NotPermitted(_("You may not change “%(record)s”.") % {"record": stored})
    if is_versioned(model):
        check_version(stored, expected_version)
    _check_fields(stored, instance, related or {}, user)
    _validate(instance)
    refusal = _("After this change you could no longer change “%(record)s”, so it was not saved.")
    version = version_of(stored) + 1 if is_versioned(model) else None
    return _save_within(
        instance, user, related, version=version, rows=editable_rows(model, user), refusal=refusal
    )


@transaction.atomic
def create_records(
    *, instances: Sequence[Record], user: User, related: Sequence[Related] | None = None
) -> list[Record]:
    """``create_record`` for many new records of one kind (an import): the
    same rules for each, written a batch at a time, so the queries do not
    grow with the rows. Each record gets one entry in the audit trail, with
    its many-to-many rows. Refused as a whole if one record is."""
    if not instances:
        return []
    model = type(instances[0])
    if not may(user, "add", model):
        raise NotPermitted(_("You may not add %(kind)s.") % {"kind": model._meta.verbose_name_plural})
    related = list(related or [{}] * len(instances))
    defaults = model()
    for instance in instances:
        _check_fields(defaults, instance, {}, user, rules_of=instance)
        _validate(instance, queries=False)
        if is_versioned(model):
            set_version(instance, 1)
        record_user(instance, user)
    try:
        with transaction.atomic():
            model._default_manager.bulk_create(instances)
            _link_many(model, instances, related, replace=False)
    except IntegrityError as error:
        logger.warning("Batch write of %s refused by the database: %s", model.__name__, error)
        raise _clash() from error
    record_history(model, instances, user, "+")
    kept = set(
        managed_rows(model, user).filter(pk__in=[row.pk for row in instances]).values_list("pk", flat=True)
    )
    if foreign := [row for row in instances if row.pk not in kept]:
        raise NotPermitted(
            _("You may not add “%(record)s”: you may only add records that your department keeps.")
            % {"record": foreign[0]}
        )
    return list(instances)


@transaction.atomic
def update_records(
    *,
    instances: Sequence[Record],
    user: User,
    expected_versions: Sequence[int | None],
    related: Sequence[Related] | None = None,
) -> list[Record]:
    """``update_record`` for many changed records of one kind, each opened
    at its expected version: the stored rows are locked, checked and written
    a batch at a time. Refused as a whole if one record is."""
    if not instances:
        return []
    model = type(instances[0])
    related = list(related or [{}] * len(instances))
    keys = [instance.pk for instance in instances]
    stored = model._base_manager.select_for_update(of=("self",)).in_bulk(keys)
    editable = set(editable_rows(model, user).filter(pk__in=keys).values_list("pk", flat=True))
    if not may(user, "change", model):
        raise NotPermitted(_("You may not change %(kind)s.") % {"kind": model._meta.verbose_name_plural})
    for instance, expected, links in zip(instances, expected_versions, related, strict=True):
        if instance.pk not in stored:
            raise WriteRefused(
                _("“%(record)s” was deleted by another user after you opened it; nothing was saved.")
                % {"record": instance},
                code="deleted",
            )
        if instance.pk not in editable:
            raise NotPermitted(_("You may not change “%(record)s”.") % {"record": stored[instance.pk]})
        if is_versioned(model):
            check_version(stored[instance.pk], expected)
            set_version(instance, version_of(stored[instance.pk]) + 1)
        _check_fields(stored[instance.pk], instance, links, user)
        _validate(instance, queries=False)
        record_user(instance, user)
    fields = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now_add", False)
    ]
    for instance in instances:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                setattr(instance, field.attname, timezone.now())
    try:
        with transaction.atomic():
            model._default_manager.bulk_update(instances, fields)
            _link_many(model, instances, related, replace=True)
    except IntegrityError as error:
        logger.warning("Batch write of %s refused by the database: %s", model.__name__, error)
        raise _clash() from error
    record_history(model, instances, user, "~")
    still = set(editable_rows(model, user).filter(pk__in=keys).values_list("pk", flat=True))
    if lost := [instance for instance in instances if instance.pk not in still]:
        raise NotPermitted(
            _("After this change you could no longer change “%(record)s”, so it was not saved.")
            % {"record": lost[0]}
        )
    return list(instances)


def _clash() -> WriteRefused:
    return WriteRefused(
        _(
            "The records could not be saved: one clashes with another record "
            "or refers to one deleted meanwhile."
        ),
        code="integrity",
    )


def _link_many(
    model: type[models.Model], instances: Sequence[models.Model], related: list, *, replace: bool
) -> None:
    """The many-to-many rows of each record as ``related`` gives them, one
    statement per relation (two where existing rows are replaced)."""
    for field in model._meta.many_to_many:
        given = [
            (instance, links[field.name])
            for instance, links in zip(instances, related, strict=True)
            if field.name in links
        ]
        if not given:
            continue
        through = cast(type[models.Model], field.remote_field.through)
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        if replace:
            through._default_manager.filter(
                **{f"{source}__in": [instance.pk for instance, _rows in given]}
            ).delete()
        through._default_manager.bulk_create(
            through(**{f"{source}_id": instance.pk, f"{target}_id": getattr(row, "pk", row)})
            for instance, rows in given
            for row in dict.fromkeys(rows)
        )


def record_history(model, instances: Sequence[models.Model], user, history_type: str) -> None:
    """One entry of the audit trail per record, with its many-to-many rows
    as they now stand: copied by the database from the rows just written,
    a statement per table for the whole batch."""
    copy_into_history(model, [instance.pk for instance in instances], user=user, history_type=history_type)


@transaction.atomic
def delete_record(*, instance: models.Model, user: User, expected_version: int | None = None) -> None:
    """Delete ``instance`` for ``user``; with ``expected_version``, only if
    nobody saved it since."""
    model = type(instance)
    stored = _locked(instance)
    if not may(user, "delete", model) or not managed_rows(model, user).filter(pk=stored.pk).exists():
        raise NotPermitted(_("You may not delete “%(record)s”.") % {"record": stored})
    if expected_version is not None and is_versioned(model):
        check_version(stored, expected_version)
    record_user(stored, user)
    try:
        stored.delete()
    except models.ProtectedError as error:
        referring = get_text_list(sorted({str(row) for row in error.protected_objects})[:5], _("and"))
        raise WriteRefused(
            _("“%(record)s” cannot be deleted: other records refer to it (%(records)s).")
            % {"record": stored, "records": referring}
        ) from error


@transaction.atomic
def revert_record(
    *, version: HistoricalVersion, user: User, expected_version: int | None
) -> tuple[models.Model, list[str]]:
    """Give the record the values it had at the past ``version`` (a row of
    its audit trail), as a change of ``user``: the same rules as any change.
    A deleted record is brought back, which needs the restore permission.

    Returns the record and what could not come back, which stays as it is:
    a link to a row deleted since, a field the user may not change (a
    cooperation's stage moves only with its evidence)."""
    model = version.instance_type
    past = version.instance
    current = model._base_manager.filter(pk=past.pk).first()
    # A deletion's own row of the trail holds no links (they went first):
    # they come from the version before it.
    links_at = version.prev_record if version.history_type == "-" and version.prev_record else version
    related, not_restored = {}, []
    for field in tracked_many_to_many(model):
        ids = related_ids_at(links_at, field)
        still_there = set(field.related_model._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
        related[field.name] = [pk for pk in ids if pk in still_there]
        if len(still_there) < len(set(ids)):
            not_restored.append(str(field.verbose_name))
    if current is None:
        record = _restore(past, user, related)
    else:
        allowed = current.fields_editable_by(user) if hasattr(current, "fields_editable_by") else None
        restores_something = any(
            set(getattr(current, name).values_list("pk", flat=True)) != set(ids)
            for name, ids in related.items()
        )
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name == "version" or _set_automatically(field):
                continue
            if getattr(current, field.attname) == getattr(past, field.attname):
                continue
            if allowed is not None and field.name not in allowed:
                not_restored.append(str(field.verbose_name))
                continue
            setattr(current, field.attname, getattr(past, field.attname))
            restores_something = True
        if not_restored and not restores_something:
            raise NotPermitted(
                _("Nothing of this version can be restored by you: %(fields)s stay as they are.")
                % {"fields": ", ".join(not_restored)}
            )
        record = update_record(
            instance=current, user=user, expected_version=expected_version, related=related
        )
    return record, not_restored


def _restore(instance: Record, user, related: Related) -> Record:
    model = type(instance)
    if not may(user, "restore", model):
        raise NotPermitted(
            _("Only Admin Kerja Sama may restore deleted %(kind)s.")
            % {"kind": model._meta.verbose_name_plural}
        )
    created = {field.attname: getattr(instance, field.attname) for field in model._meta.concrete_fields}
    instance._state.adding = True
    _validate(instance)
    if is_versioned(model):
        # Past the last version the audit trail knows, so no form opened
        # before the deletion can be saved over it.
        set_version(instance, last_version_number(model, instance.pk) + 1)
    _save(instance, user, related, force_insert=True)
    # An insert stamps "created at" now; the record was created long before.
    kept = {
        name: value
        for name, value in created.items()
        if getattr(model._meta.get_field(name), "auto_now_add", False)
    }
    if kept:
        model._base_manager.filter(pk=instance.pk).update(**kept)
        for name, value in kept.items():
            setattr(instance, name, value)
    return instance


def check_version(stored: models.Model, expected_version: int | None) -> None:
    """Refuse a save based on another version than the stored one; a form
    that does not say its version is refused too, never taken as current."""
    if expected_version is None:
        raise StaleVersion(
            _(
                "The form did not say which version of “%(record)s” it was opened at, so nothing was "
                "saved. Open the record again and repeat your changes."
            )
            % {"record": stored},
            code="version_missing",
        )
    if expected_version == version_of(stored):
        return
    who, when, fields = changes_since(stored, expected_version)
    raise StaleVersion(
        _(
            "%(who)s saved “%(record)s” at %(when)s, after you opened it, and changed: %(fields)s. "
            "Your changes were not saved. Open the record again to see the current version, "
            "then make your changes again."
        )
        % {"who": who, "record": stored, "when": when, "fields": ", ".join(fields) or _("related rows")},
        code="stale",
    )


def _locked(instance: models.Model) -> models.Model:
    model = type(instance)
    # of=("self",): only this row, not those of tables a join adds (.first()
    # orders by Meta.ordering, which may follow a foreign key).
    stored = model._base_manager.select_for_update(of=("self",)).filter(pk=instance.pk).first()
    if stored is None:
        raise WriteRefused(
            _("“%(record)s” was deleted by another user after you opened it; nothing was saved.")
            % {"record": instance},
            code="deleted",
        )
    return stored


def _check_fields(
    stored: models.Model, changed: models.Model, related: Related, user, rules_of: models.Model | None = None
) -> None:
    """Refuse a change to a field ``user`` may not change on the record
    (``rules_of``, by default ``stored``)."""
    rules_of = rules_of or stored
    allowed = rules_of.fields_editable_by(user) if hasattr(rules_of, "fields_editable_by") else None
    if allowed is None:
        return
    touched = [
        field
        for field in stored._meta.concrete_fields
        if field.name not in allowed
        and not (field.primary_key or field.name == "version" or _set_automatically(field))
        and getattr(stored, field.attname) != getattr(changed, field.attname)
    ]
    for name, rows in related.items():
        if name not in allowed:
            before = set(getattr(stored, name).values_list("pk", flat=True))
            if before != {getattr(row, "pk", row) for row in rows}:
                touched.append(cast(models.Field, stored._meta.get_field(name)))
    if touched:
        raise NotPermitted(
            _("On “%(record)s” you may not change: %(fields)s.")
            % {"record": stored, "fields": ", ".join(str(field.verbose_name) for field in touched)},
            code="fields_not_editable",
        )


def _set_automatically(field: models.Field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _validate(instance: models.Model, *, queries: bool = True) -> None:
    """``full_clean``, but a foreign key whose row the caller loaded is not
    looked up again (an import of thousands of rows would repeat it for
    each); the database's own constraint still refuses one deleted meanwhile.
    The uniqueness and check constraints are all validated, those that
    involve such a key too; in a batch (``queries=False``), where each would
    be a query per record, the database checks them as it writes, refusing
    the whole batch."""
    loaded = [
        field.name
        for field in instance._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and field.is_cached(instance)
        and getattr(instance, field.name)
    ]
    errors: dict = {}
    checks = [lambda: instance.clean_fields(exclude=loaded), instance.clean]
    if queries:
        checks += [instance.validate_unique, instance.validate_constraints]
    for check in checks:
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _save_within(
    instance: Record,
    user,
    related: Related | None,
    *,
    version: int | None,
    rows: models.QuerySet,
    refusal: str,
) -> Record:
    """Save ``instance`` at ``version``; refused (and so rolled back) unless
    the saved row is among ``rows``, the ones the user may hold."""
    if version is not None and is_versioned(type(instance)):
        set_version(instance, version)
    _save(instance, user, related)
    if not rows.filter(pk=instance.pk).exists():
        raise NotPermitted(refusal % {"record": instance})
    return instance


def _save(instance: models.Model, user, related: Related | None, **save_options) -> None:
    record_user(instance, user)
    uploads = new_files(instance)
    try:
        with transaction.atomic():
            instance.save(**save_options)
            note_stored(uploads)
    except IntegrityError as error:
        # The database's words name tables and columns: for the log, not the user.
        logger.warning(
            "Write of %s %s refused by the database: %s", type(instance).__name__, instance.pk, error
        )
        raise WriteRefused(
            _(
                "“%(record)s” could not be saved: it clashes with another record or refers to one that "
                "was deleted meanwhile. Open it again and check."
            )
            % {"record": instance},
            code="integrity",
        ) from error
    for name, rows in (related or {}).items():
        getattr(instance, name).set(rows)
