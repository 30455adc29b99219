"""Daily: e-mail each OPD, and the cooperation division, what is due."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bandung_coop.agenda.digests import send_reminders, send_reminders_job
from coop_lib.jobs import enqueue
from coop_lib.models import Job


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("--today must be a date written YYYY-MM-DD, e.g. 2026-03-31.")) from error


class Command(BaseCommand):
    help = (
        "Queue the reminder digests of the day for a job worker, or send them here with --now; "
        "safe to run again, each item is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=parse_day,
            help="Act as if today were this date (YYYY-MM-DD), to test or to catch up a missed day.",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send the digests here and now, not through the queue (cron on a server without a worker).",
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        if options["now"]:
            self.report(send_reminders(today).summary())
            return
        job = enqueue(
            send_reminders_job,
            user=None,
            title=_("Reminder digests of %(day)s") % {"day": date_format(today)},
            params={"today": today.isoformat()},
        )
        # A queue that runs jobs at once (the tests') has finished it already.
        if job.status == Job.Status.DONE:
            self.report(job.result)
        elif job.status == Job.Status.FAILED:
            raise CommandError(job.error)
        else:
            self.stdout.write(
                _("Queued as background job %(id)s: a job worker (manage.py db_worker) sends the digests.")
                % {"id": job.pk}
            )

    def report(self, summary: dict) -> None:
        for digest in summary["sent"]:
            self.stdout.write(
                ngettext(
                    "%(audience)s: %(items)d reminder sent to %(recipients)s",
                    "%(audience)s: %(items)d reminders sent to %(recipients)s",
                    digest["items"],
                )
                % digest
            )
        for digest in summary["without_recipients"]:
            self.stderr.write(
                ngettext(
                    "%(audience)s: %(items)d reminder not sent: the OPD has no contact address and no "
                    "staff account with an e-mail address. It will be sent once there is one.",
                    "%(audience)s: %(items)d reminders not sent: the OPD has no contact address and no "
                    "staff account with an e-mail address. They will be sent once there is one.",
                    digest["items"],
                )
                % digest
            )
        if not summary["sent"] and not summary["without_recipients"]:
            self.stdout.write(_("Nothing new to remind."))
