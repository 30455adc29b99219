"""Delete the notifications read long ago, so the table stays small."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import ngettext

from bandung_coop.notifications.services import clear_read_notifications


class Command(BaseCommand):
    help = (
        "Delete notifications read more than NOTIFICATION_KEEP_DAYS days ago; unread ones stay. Run hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep read notifications this many days (default: NOTIFICATION_KEEP_DAYS).",
        )

    def handle(self, *args, **options):
        days = settings.NOTIFICATION_KEEP_DAYS if options["days"] is None else options["days"]
        deleted = clear_read_notifications(now=timezone.now(), keep_days=days)
        self.stdout.write(
            ngettext("%(count)d old notification deleted.", "%(count)d old notifications deleted.", deleted)
            % {"count": deleted}
        )
