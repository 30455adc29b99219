"""The bell's count, on every page that shows it."""

from functools import cache

from bandung_coop.models import Notification


def unread_notifications(request) -> dict:
    """``unread_notifications``: how many of the user's notifications are
    unread. A function the template calls when it shows the bell, and only
    then (a JSON answer or a file costs nothing); counted once per page,
    in one query on the unread rows' partial index."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return Notification.objects.of(user).unread().count()

    return {"unread_notifications": count}
