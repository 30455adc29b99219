"""``/healthz``: whether this installation can serve, for a load balancer or a
monitor: the database, the upload storage and the job queue. Each check is
a named function in ``CHECKS``; one more dependency is one more line there.

The answer names each check and says ``ok`` or ``error``, and nothing else:
no data, no versions, no error text (the error goes to the log).
"""

import logging
import os
import tempfile
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from coop_lib.jobs import queue_is_reachable

logger = logging.getLogger(__name__)

# The probe file's name starts with this, so a backup taken at that moment leaves it out.
PROBE_PREFIX = ".healthz-"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_storage() -> None:
    """An upload can be stored: MEDIA_ROOT takes a small file and gives it up again."""
    # As the storage itself would on the first upload.
    os.makedirs(settings.MEDIA_ROOT, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=settings.MEDIA_ROOT, prefix=PROBE_PREFIX) as probe:
        probe.write(b"ok")
        probe.flush()
        os.fsync(probe.fileno())


def check_queue() -> None:
    """Jobs can be queued and followed (``coop_lib.jobs``)."""
    if not queue_is_reachable():
        raise RuntimeError("the job queue cannot be read")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "storage": check_storage,
    "queue": check_queue,
}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            # Whatever broke, the page must still answer; the log says what it was.
            logger.exception("Health check %s failed", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    return results


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every check passes, else 503; open to anyone, as it shows no data."""
    checks = run_checks()
    healthy = all(result == "ok" for result in checks.values())
    status = "ok" if healthy else "error"
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)
