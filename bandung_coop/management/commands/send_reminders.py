"""Daily: e-mail each OPD, and the cooperation division, what is due."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bandung_coop.agenda.digests import send_reminders


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("--today must be a date written YYYY-MM-DD, e.g. 2026-03-31.")) from error


class Command(BaseCommand):
    help = "E-mail the reminder digests of the day; safe to run again, each item is sent once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=parse_day,
            help="Act as if today were this date (YYYY-MM-DD), to test or to catch up a missed day.",
        )

    def handle(self, *args, **options):
        report = send_reminders(options["today"])
        for digest in report.sent:
            self.stdout.write(
                ngettext(
                    "%(audience)s: %(items)d reminder sent to %(recipients)s",
                    "%(audience)s: %(items)d reminders sent to %(recipients)s",
                    len(digest.items),
                )
                % {
                    "audience": digest.audience,
                    "items": len(digest.items),
                    "recipients": ", ".join(digest.recipients),
                }
            )
        for digest in report.without_recipients:
            self.stderr.write(
                ngettext(
                    "%(audience)s: %(items)d reminder not sent: the OPD has no contact address and no "
                    "staff account with an e-mail address. It will be sent once there is one.",
                    "%(audience)s: %(items)d reminders not sent: the OPD has no contact address and no "
                    "staff account with an e-mail address. They will be sent once there is one.",
                    len(digest.items),
                )
                % {"audience": digest.audience, "items": len(digest.items)}
            )
        if not report.sent and not report.without_recipients:
            self.stdout.write(_("Nothing new to remind."))
