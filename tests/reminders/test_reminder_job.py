"""The daily digests as a background job: the command queues them, a worker
sends them, each item once per threshold however often the job runs; a job
that fails halfway has recorded only the digests that went out."""

import datetime
import smtplib
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.test import TestCase, override_settings

from accounts.roles import Role
from bandung_coop.agenda.digests import send_reminders_job
from bandung_coop.models import ReminderSent
from coop_lib.jobs import enqueue
from coop_lib.models import Job
from tests import factories
from tests.jobs.helpers import DATABASE_QUEUE, run_worker

TODAY = datetime.date(2026, 3, 2)


def command(*arguments: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", TODAY.isoformat(), *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_job() -> Job:
    return enqueue(send_reminders_job, user=None, title="Digest", params={"today": TODAY.isoformat()})


class ReminderJobTests(TestCase):
    def setUp(self):
        for acronym in ("AAA", "BBB"):
            department = factories.make_department(acronym=acronym, email=f"{acronym.lower()}@example.org")
            factories.make_follow_up(
                meeting=factories.make_meeting(owner_department=department), due_on=datetime.date(2026, 3, 1)
            )
        factories.make_user(role=Role.COOPERATION_ADMIN, email="kerjasama@example.org")

    @override_settings(TASKS=DATABASE_QUEUE)
    def test_the_command_queues_the_digests_and_the_worker_sends_them(self):
        output = command()
        job = Job.objects.get()
        self.assertIn(f"pekerjaan latar {job.pk}", output)
        self.assertEqual((job.status, job.user, job.params), ("queued", None, {"today": "2026-03-02"}))
        self.assertEqual(len(mail.outbox), 0)
        run_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.done, job.total), ("done", 3, 3))
        self.assertEqual(
            job.result["sent"],
            [
                {"audience": "AAA", "items": 1, "recipients": "aaa@example.org"},
                {"audience": "BBB", "items": 1, "recipients": "bbb@example.org"},
                {"audience": "Kota Bandung (semua OPD)", "items": 2, "recipients": "kerjasama@example.org"},
            ],
        )
        self.assertEqual(len(mail.outbox), 3)

    def test_running_the_job_twice_sends_nothing_new(self):
        run_job()
        second = run_job()
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(ReminderSent.objects.count(), 4)
        self.assertEqual((second.status, second.result), ("done", {"sent": [], "without_recipients": []}))

    def test_a_job_that_fails_halfway_records_only_what_was_sent_and_its_rerun_sends_the_rest_once(self):
        real_send = EmailMultiAlternatives.send

        def second_fails(message, *args, **kwargs):
            if len(mail.outbox) == 1:
                raise smtplib.SMTPServerDisconnected("connection lost")
            return real_send(message, *args, **kwargs)

        with mock.patch.object(EmailMultiAlternatives, "send", second_fails), self.assertLogs("bandung_coop"):
            failed = run_job()
        self.assertEqual(failed.status, "failed")
        self.assertIn("Digest yang terkirim sebelumnya sudah tercatat", failed.error)
        self.assertNotIn("connection lost", failed.error)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(list(ReminderSent.objects.values_list("department__acronym", flat=True)), ["AAA"])

        rerun = run_job()
        self.assertEqual(rerun.status, "done")
        self.assertEqual(
            sorted(address for message in mail.outbox for address in message.to),
            [
                "aaa@example.org",
                "bbb@example.org",
                "kerjasama@example.org",
            ],
        )

    def test_now_sends_without_a_job(self):
        output = command("--now")
        self.assertIn("AAA: 1 pengingat dikirim ke aaa@example.org", output)
        self.assertEqual(len(mail.outbox), 3)
        self.assertFalse(Job.objects.exists())
