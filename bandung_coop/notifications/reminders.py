"""The digests' items under the bell: each item of a department's digest for
the department's staff, each item of the city-wide digest for the cooperation
division. Made by the daily reminder run from the digests it is about to
send (``bandung_coop.agenda.digests.send_reminders``), so the bell and the
e-mail tell the same things; unlike the e-mail, they reach a user who opted
out of the digests and a department that has no address yet.
"""

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType

from bandung_coop.models import Notification, NotificationKind
from bandung_coop.notifications.audience import city_wide_users, staff_by_department

if TYPE_CHECKING:  # the digests import this module to call it
    from bandung_coop.agenda.digests import Digest, Item


def reminder_key(item: "Item") -> str:
    """The event, as the e-mail's record of it: kind, record, threshold, day and hour."""
    kind, record_id, threshold, day, time = item.key
    return f"{kind}:{record_id}:{threshold}:{day.isoformat()}:{time.strftime('%H%M')}"


def notify_digests(digests: "list[Digest]") -> None:
    """A notification per item of each digest for each user it concerns;
    those made by an earlier run are left as they are (read or not)."""
    staff = staff_by_department(digest.department.pk for digest in digests if digest.department)
    city_wide = city_wide_users() if any(digest.department is None for digest in digests) else []
    record_types = ContentType.objects.get_for_models(
        *{type(item.record) for digest in digests for item in digest.items}
    )
    notifications = []
    for digest in digests:
        users = city_wide if digest.department is None else staff.get(digest.department.pk, [])
        for item in digest.items:
            for user_id in users:
                notifications.append(
                    Notification(
                        user_id=user_id,
                        kind=NotificationKind(item.kind.value),
                        record_type=record_types[type(item.record)],
                        record_id=item.record.pk,
                        title=str(item.record)[:255],
                        due_on=item.due_on,
                        due_time=item.due_time if item.kind == NotificationKind.MEETING else None,
                        key=reminder_key(item),
                    )
                )
    # The unique (user, key) keeps a second run, or a second process, from
    # telling anyone twice.
    Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=500)
