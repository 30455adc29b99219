"""Changes others made to a department's records, read from the audit trail.

Every write, whoever makes it (the admin and its bulk actions, an import,
a revert or restore, a service), goes through ``coop_lib.writes`` and leaves
an entry in the record's audit trail with who, when and the values. That
trail is read here, after the fact, rather than a hook being added to the
write door: the library stays free of the project's notions, no signal does
work out of sight, and any writer added later is covered the day it writes.

``notify_changes(since=…)`` turns each entry of the watched kinds written
since a moment into a notification for the staff of the departments the
record belongs to, except the one who made the change. It is run after
every request that may have written (``ChangeNotificationsMiddleware``) and
every few minutes by ``manage.py notify_changes`` for the writes made
outside a request (background imports). Each entry is told once: the
notification's key names the entry, so running it again over the same
moments adds nothing.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Subquery

from bandung_coop.models import Notification, NotificationKind
from bandung_coop.notifications.audience import staff_by_department
from coop_lib.history import BOOKKEEPING_FIELDS, history_of
from meetings.models import FollowUp, Meeting, Visit
from partnerships.models import Cooperation, Document

# A row of a model's audit trail: a model django-simple-history makes at start-up.
HistoryRow = Any


@dataclass(frozen=True)
class Through:
    """A department reached through a parent record: ``key`` on the entry
    names the parent, whose ``department`` field is the department."""

    key: str
    parent: type[models.Model]
    department: str


@dataclass(frozen=True)
class Watched:
    """A kind of record whose changes its departments hear of."""

    model: type[models.Model]
    departments: tuple[str | Through, ...]
    title: Callable[[HistoryRow], str] = str
    related: tuple[str, ...] = field(default=())  # for the title


WATCHED = (
    Watched(Meeting, ("owner_department_id",), title=lambda row: row.title),
    Watched(
        Visit,
        ("host_department_id",),
        title=lambda row: f"{row.partner} ({row.starts_on:%d/%m/%Y})",
        related=("partner",),
    ),
    # The responsible department and the one whose meeting agreed it.
    Watched(
        FollowUp,
        ("owner_department_id", Through("meeting_id", Meeting, "owner_department_id")),
        title=lambda row: row.description[:80],
    ),
    Watched(Cooperation, ("lead_department_id",), title=lambda row: row.title),
    Watched(
        Document,
        (Through("cooperation_id", Cooperation, "lead_department_id"),),
        title=lambda row: str(row.instance),
    ),
)


def change_key(row: HistoryRow) -> str:
    return f"change:{row._meta.db_table}:{row.pk}"


def notify_changes(*, since: datetime.datetime) -> int:
    """Notifications for the entries of the audit trail written at or after
    ``since``; returns how many were offered (those made before are kept)."""
    notifications: list[Notification] = []
    for watched in WATCHED:
        notifications += _notifications_for(watched, _entries_since(watched, since))
    Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=500)
    return len(notifications)


def _entries_since(watched: Watched, since: datetime.datetime) -> list[HistoryRow]:
    """The entries made by a user (not a data load) at or after ``since``,
    each with the key of the entry before it for the same record."""
    history = history_of(watched.model).model
    record_key = watched.model._meta.pk.attname
    previous = history.objects.filter(
        **{record_key: OuterRef(record_key)}, history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    return list(
        history.objects.filter(history_date__gte=since, history_user__isnull=False)
        .annotate(previous_entry=Subquery(previous.values("history_id")[:1]))
        .select_related(*watched.related)
        .order_by("history_id")
    )


def _notifications_for(watched: Watched, entries: list[HistoryRow]) -> list[Notification]:
    if not entries:
        return []
    history = type(entries[0])
    earlier = history.objects.in_bulk([entry.previous_entry for entry in entries if entry.previous_entry])
    # A record moved to another department is news to the one it left too.
    of_version = _departments_of(watched, [*entries, *earlier.values()])
    departments = {
        entry.pk: of_version[entry.pk]
        | (of_version.get(entry.previous_entry, set()) if entry.previous_entry else set())
        for entry in entries
    }
    staff = staff_by_department({pk for ids in departments.values() for pk in ids})
    record_type = ContentType.objects.get_for_model(watched.model)
    record_key = watched.model._meta.pk.attname
    notifications = []
    for entry in entries:
        readers = {user for department in departments[entry.pk] for user in staff.get(department, [])}
        readers.discard(entry.history_user_id)
        if not readers:
            continue
        fields = (
            _changed_fields(entry, earlier.get(entry.previous_entry)) if entry.history_type == "~" else []
        )
        for user_id in sorted(readers):
            notifications.append(
                Notification(
                    user_id=user_id,
                    kind=NotificationKind.CHANGE,
                    record_type=record_type,
                    record_id=getattr(entry, record_key),
                    title=watched.title(entry)[:255],
                    actor_id=entry.history_user_id,
                    change_type=entry.history_type,
                    changed_fields=fields,
                    key=change_key(entry),
                    created_at=entry.history_date,
                )
            )
    return notifications


def _departments_of(watched: Watched, entries: list[HistoryRow]) -> dict[int, set[int]]:
    """The departments each entry's record belonged to at that version; a
    parent record (a follow-up's meeting) as it stands now, one query per parent kind."""
    parents = {
        way.key: dict(
            way.parent._base_manager.filter(pk__in={getattr(entry, way.key) for entry in entries})
            .order_by()
            .values_list("pk", way.department)
        )
        for way in watched.departments
        if isinstance(way, Through)
    }
    found: dict[int, set[int]] = {}
    for entry in entries:
        ids: set[int] = set()
        for way in watched.departments:
            if isinstance(way, Through):
                department = parents[way.key].get(getattr(entry, way.key))
            else:
                department = getattr(entry, way)
            if department is not None:
                ids.add(department)
        found[entry.pk] = ids
    return found


def _changed_fields(entry: HistoryRow, before: HistoryRow | None) -> list[str]:
    """The names of the fields this entry changed, bookkeeping aside; empty
    when only related rows (partners, departments attending) changed."""
    if before is None:
        return []
    return [
        tracked.name
        for tracked in _tracked_fields(entry)
        if tracked.name not in BOOKKEEPING_FIELDS
        and getattr(entry, tracked.attname) != getattr(before, tracked.attname)
    ]


def _tracked_fields(entry: HistoryRow) -> Iterable[models.Field]:
    return type(entry).tracked_fields
