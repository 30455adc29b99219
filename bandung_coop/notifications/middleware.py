"""Changes show under the bell as soon as the page that made them answers."""

import logging

from django.db import DatabaseError
from django.utils import timezone

from bandung_coop.notifications.changes import notify_changes

logger = logging.getLogger(__name__)

# A write arrives as one of these; a GET never writes a record.
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ChangeNotificationsMiddleware:
    """After a request that may have written, reads the audit trail's
    entries made since it began (``bandung_coop.notifications.changes``).

    Read after the view has answered, so its transactions are committed
    and a refused write, rolled back, has left nothing to tell. The writes
    made outside a request, by a background import, are read by
    ``manage.py notify_changes``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in WRITING_METHODS:
            return self.get_response(request)
        began = timezone.now()
        response = self.get_response(request)
        if not request.user.is_authenticated:  # a login: nothing of the register written
            return response
        try:
            notify_changes(since=began)
        except DatabaseError:
            # The write itself is committed and its answer stands; the next
            # run of notify_changes reads the same entries again.
            logger.exception("Reading the audit trail for notifications failed")
        return response
