"""Each reminder goes out once: a second run the same day sends nothing, and a
run that dies halfway neither loses nor repeats a digest."""

import datetime
import smtplib
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from accounts.roles import Role
from bandung_coop.agenda.digests import pending_digests, send_digest
from bandung_coop.models import ReminderSent
from tests import factories
from tests.factories import WIB

TODAY = datetime.date(2026, 3, 2)


def send(today: datetime.date = TODAY) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", today.isoformat(), stdout=out, stderr=StringIO())
    return out.getvalue()


class SentOnceTests(TestCase):
    def setUp(self):
        self.first = factories.make_department(acronym="AAA", email="aaa@example.org")
        self.second = factories.make_department(acronym="BBB", email="bbb@example.org")
        for department in (self.first, self.second):
            factories.make_follow_up(
                meeting=factories.make_meeting(owner_department=department), due_on=datetime.date(2026, 3, 1)
            )
        factories.make_user(role=Role.COOPERATION_ADMIN, email="kerjasama@example.org")

    def recipients_count(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for message in mail.outbox:
            for address in message.to:
                counts[address] = counts.get(address, 0) + 1
        return counts

    def test_running_again_the_same_day_sends_nothing_new(self):
        send()
        self.assertEqual(len(mail.outbox), 3)
        output = send()
        self.assertEqual(len(mail.outbox), 3)
        self.assertIn("Tidak ada pengingat baru", output)

    def test_a_new_item_the_next_day_is_sent_alone(self):
        send()
        factories.make_follow_up(
            meeting=factories.make_meeting(owner_department=self.first),
            description="Tindak lanjut baru",
            due_on=datetime.date(2026, 3, 5),
        )
        send(TODAY + datetime.timedelta(days=1))
        later = [message for message in mail.outbox[3:] if "aaa@example.org" in message.to]
        self.assertEqual(len(later), 1)
        self.assertIn("Tindak lanjut baru", later[0].body)
        self.assertIn(": 1 hal", later[0].subject)

    def test_a_crash_while_sending_loses_and_repeats_nothing(self):
        real_send = EmailMultiAlternatives.send
        calls = []

        def send_then_fail(message, *args, **kwargs):
            calls.append(message.to)
            if len(calls) == 2:
                raise smtplib.SMTPServerDisconnected("connection lost")
            return real_send(message, *args, **kwargs)

        # The job fails with the reason, which the command reports as its error.
        with (
            mock.patch.object(EmailMultiAlternatives, "send", send_then_fail),
            self.assertRaisesMessage(CommandError, "Server surat tidak dapat dihubungi"),
        ):
            send()
        self.assertEqual(len(mail.outbox), 1)
        # Only the digest that went out is recorded.
        self.assertEqual(set(ReminderSent.objects.values_list("department__acronym", flat=True)), {"AAA"})
        send()
        self.assertEqual(
            self.recipients_count(),
            {"aaa@example.org": 1, "bbb@example.org": 1, "kerjasama@example.org": 1},
        )

    def test_a_digest_recorded_by_a_concurrent_run_is_not_sent_twice(self):
        digests = pending_digests(TODAY)
        self.assertTrue(send_digest(digests[0], TODAY))
        # The same digest, computed before the other run committed.
        self.assertFalse(send_digest(digests[0], TODAY))
        self.assertEqual(len(mail.outbox), 1)

    def test_the_record_says_who_received_what(self):
        send()
        reminder = ReminderSent.objects.get(department=self.first)
        self.assertEqual(reminder.recipients, "aaa@example.org")
        self.assertEqual(reminder.sent_on, TODAY)
        self.assertEqual(reminder.threshold_days, 0)


class MovedMeetingTests(TestCase):
    def test_a_meeting_moved_to_another_day_is_reminded_again(self):
        department = factories.make_department(email="opd@example.org")
        meeting = factories.make_meeting(
            owner_department=department, starts_at=datetime.datetime(2026, 3, 5, 9, tzinfo=WIB)
        )
        send()
        meeting.starts_at = datetime.datetime(2026, 3, 9, 9, tzinfo=WIB)
        meeting.save()
        send()
        self.assertEqual(len([m for m in mail.outbox if "opd@example.org" in m.to]), 2)
        self.assertIn("Senin, 9 Maret 2026 09:00 WIB", mail.outbox[-1].body)

    def test_a_meeting_moved_to_another_hour_of_the_same_day_is_reminded_again(self):
        department = factories.make_department(email="opd@example.org")
        meeting = factories.make_meeting(
            owner_department=department, starts_at=datetime.datetime(2026, 3, 5, 9, tzinfo=WIB)
        )
        send()
        send()
        meeting.starts_at = datetime.datetime(2026, 3, 5, 14, 30, tzinfo=WIB)
        meeting.save()
        send()
        to_opd = [m for m in mail.outbox if "opd@example.org" in m.to]
        self.assertEqual(len(to_opd), 2)
        self.assertIn("Kamis, 5 Maret 2026 09:00 WIB", to_opd[0].body)
        self.assertIn("Kamis, 5 Maret 2026 14:30 WIB", to_opd[1].body)
        self.assertEqual(
            sorted(ReminderSent.objects.filter(department=department).values_list("due_time", flat=True)),
            [datetime.time(9), datetime.time(14, 30)],
        )
