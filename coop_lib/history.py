"""Reading the audit trail (django-simple-history): who changed a record
after a given version, and the values of a past version."""

from typing import cast

from django.db import models
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
