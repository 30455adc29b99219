"""The writes to a user's notifications: read one, read all, clear old ones.

A notification is its user's own bookkeeping, not a record of the
register: no audit trail, no edit version, and only its user marks it."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from bandung_coop.models import Notification


def mark_read(*, notification: Notification, user) -> Notification:
    """Mark ``notification`` read, once (the first reading is the one kept)."""
    if notification.user_id != user.pk:
        raise PermissionDenied("A notification is marked read only by its user.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.of(user).unread().update(read_at=timezone.now())


def clear_read_notifications(*, now: datetime.datetime, keep_days: int) -> int:
    """Delete the notifications read more than ``keep_days`` days before
    ``now``; unread ones stay until read. Returns how many were deleted."""
    deleted, _by_model = Notification.objects.read_before(now - datetime.timedelta(days=keep_days)).delete()
    return deleted
