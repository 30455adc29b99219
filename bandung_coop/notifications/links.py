"""Where a notification leads: its record's page for officials where it has
one (a meeting), else the record in the admin, which opens read-only for
those who may not change it."""

from bandung_coop.models import Notification
from coop_lib.admin import admin_change_url


def record_url(notification: Notification, user) -> str | None:
    """The address of the notification's record, or None once it is deleted
    (or hidden from ``user``)."""
    model = notification.record_type.model_class()
    if model is None:  # a kind of record removed from the code
        return None
    rows = model._default_manager.all()
    if hasattr(rows, "visible_to"):
        rows = rows.visible_to(user)
    record = rows.filter(pk=notification.record_id).first()
    if record is None:
        return None
    own_page = getattr(record, "get_absolute_url", None)
    return own_page() if callable(own_page) else admin_change_url(record)
