"""Delete old background jobs with their files, and fail those whose worker stopped."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import ngettext

from coop_lib.jobs import clear_old_jobs, fail_stalled_jobs

# A running job reports progress at least every few seconds; this long
# without a word, its worker was killed or its machine restarted.
STALLED_AFTER = datetime.timedelta(hours=1)


class Command(BaseCommand):
    help = (
        "Delete background jobs older than JOB_KEEP_DAYS days with their files, and mark as failed the "
        "jobs whose worker stopped reporting an hour ago. Run hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Keep jobs this many days (default: JOB_KEEP_DAYS)."
        )

    def handle(self, *args, **options):
        now = timezone.now()
        stalled = fail_stalled_jobs(now, after=STALLED_AFTER)
        deleted = clear_old_jobs(
            now, keep_days=settings.JOB_KEEP_DAYS if options["days"] is None else options["days"]
        )
        self.stdout.write(
            ngettext(
                "%(count)d stopped job marked as failed.", "%(count)d stopped jobs marked as failed.", stalled
            )
            % {"count": stalled}
        )
        self.stdout.write(
            ngettext("%(count)d old job deleted.", "%(count)d old jobs deleted.", deleted)
            % {"count": deleted}
        )
