"""Every few minutes: changes written outside a request, under the bell."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import ngettext

from bandung_coop.notifications.changes import notify_changes


class Command(BaseCommand):
    help = (
        "Notify each department's staff of the changes others made to its records in the last minutes "
        "(the audit trail's entries); safe to run again, each change is told once. Run every 5 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=15,
            help="Read the entries of this many minutes back (default 15: three runs overlap, so a slow "
            "import committed late is still read).",
        )

    def handle(self, *args, **options):
        since = timezone.now() - datetime.timedelta(minutes=options["minutes"])
        count = notify_changes(since=since)
        self.stdout.write(
            ngettext(
                "%(count)d notification of a change offered.",
                "%(count)d notifications of changes offered.",
                count,
            )
            % {"count": count}
        )
