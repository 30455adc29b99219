"""The daily digests: what each OPD and the cooperation division receive on a
fixed day, from fixed data."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from accounts.roles import Role
from bandung_coop.models import ReminderKind, ReminderSent
from meetings.models import FollowUpStatus
from partnerships.models import Stage
from tests import factories
from tests.factories import WIB

TODAY = datetime.date(2026, 3, 2)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def send(today: datetime.date = TODAY) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", today.isoformat(), stdout=out, stderr=StringIO())
    return out.getvalue()


def message_to(address: str):
    messages = [message for message in mail.outbox if address in message.to]
    assert len(messages) == 1, f"{len(messages)} messages to {address}"
    return messages[0]


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


@override_settings(SITE_URL="https://kerjasama.example.org")
class DigestContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dlhk = factories.make_department(acronym="DLHK", email="dlhk@example.org")
        cls.disnaker = factories.make_department(acronym="Disnaker", email="disnaker@example.org")
        cls.pdam = factories.make_department(acronym="PDAM", email="pdam@example.org")
        cooperation = factories.make_cooperation(
            lead_department=cls.dlhk, title="Kerja sama Bandung – Kawasaki"
        )
        cooperation.supporting_departments.set([cls.pdam])
        cls.mou_30 = factories.make_document(cooperation=cooperation, number="MOU/30", valid_until=days(20))
        cls.mou_180 = factories.make_document(
            cooperation=cooperation, number="MOU/180", valid_until=days(100)
        )
        factories.make_document(cooperation=cooperation, number="MOU/LATER", valid_until=days(200))
        ended = factories.make_cooperation(lead_department=cls.dlhk, stage=Stage.ENDED)
        factories.make_document(cooperation=ended, number="MOU/ENDED", valid_until=days(10))

        cls.meeting = factories.make_meeting(
            owner_department=cls.dlhk,
            title="Rapat teknis pengelolaan sampah",
            starts_at=datetime.datetime(2026, 3, 4, 13, 30, tzinfo=WIB),
            place="Balaikota Bandung",
            minutes="RAHASIA: posisi tawar kota",
            minutes_confidential=True,
        )
        cls.meeting.attending_departments.set([cls.disnaker])
        factories.make_meeting(
            owner_department=cls.dlhk,
            title="Rapat bulan depan",
            starts_at=datetime.datetime(2026, 3, 20, 9, tzinfo=WIB),
        )
        cls.due_soon = factories.make_follow_up(
            meeting=cls.meeting, owner_department=cls.disnaker, description="Kirim data tenaga terampil",
            due_on=days(3),
        )  # fmt: skip
        cls.overdue = factories.make_follow_up(
            meeting=cls.meeting, owner_department=cls.disnaker, description="Surat balasan <segera>",
            due_on=days(-5),
        )  # fmt: skip
        factories.make_follow_up(
            meeting=cls.meeting, owner_department=cls.disnaker, description="Sudah selesai",
            due_on=days(-5), status=FollowUpStatus.DONE, done_on=days(-6),
        )  # fmt: skip
        factories.make_follow_up(
            meeting=cls.meeting, owner_department=cls.disnaker, description="Masih lama", due_on=days(10)
        )
        cls.visit = factories.make_visit(
            host_department=cls.pdam,
            partner=factories.make_partner(name="Kota Hamamatsu"),
            starts_on=days(5),
            ends_on=days(6),
            places="Instalasi Pengolahan Air Badaksinga",
        )
        cls.admin = factories.make_user(role=Role.COOPERATION_ADMIN, email="kerjasama@example.org")
        cls.staff = factories.make_user(
            role=Role.DEPARTMENT_STAFF, department=cls.disnaker, email="staf.disnaker@example.org"
        )

    def test_the_lead_opd_gets_its_agreements_and_meetings_and_nothing_else(self):
        send()
        body = message_to("dlhk@example.org").body
        self.assertIn("MOU/30", body)
        self.assertIn("tinggal 20 hari", body)
        self.assertIn("MOU/180", body)
        self.assertIn("Rapat teknis pengelolaan sampah", body)
        self.assertIn("Rabu, 4 Maret 2026 13:30 WIB, Balaikota Bandung", body)
        for absent in ("MOU/LATER", "MOU/ENDED", "Rapat bulan depan", "Kirim data tenaga terampil"):
            self.assertNotIn(absent, body)

    def test_the_responsible_opd_gets_its_follow_ups_due_and_overdue_sent_to_contact_and_staff(self):
        send()
        message = message_to("disnaker@example.org")
        self.assertEqual(message.to, ["disnaker@example.org", "staf.disnaker@example.org"])
        self.assertIn("Disnaker", message.subject)
        self.assertIn("Tindak lanjut yang jatuh tempo dalam 7 hari", message.body)
        self.assertIn("Kirim data tenaga terampil", message.body)
        self.assertIn("jatuh tempo 5 Maret 2026", message.body)
        self.assertIn("Tindak lanjut yang terlambat", message.body)
        self.assertIn("terlambat 5 hari", message.body)
        self.assertNotIn("Sudah selesai", message.body)
        self.assertNotIn("Masih lama", message.body)
        # Disnaker attends the meeting, so it is told about it too.
        self.assertIn("Rapat teknis pengelolaan sampah", message.body)

    def test_a_supporting_opd_hears_of_the_agreement_and_the_visit_it_hosts(self):
        send()
        body = message_to("pdam@example.org").body
        self.assertIn("MOU/30", body)
        self.assertIn("Kota Hamamatsu", body)
        self.assertIn("7 Maret 2026 – 8 Maret 2026", body)
        self.assertNotIn("Rapat teknis pengelolaan sampah", body)

    def test_the_cooperation_division_gets_the_whole_city_in_one_digest(self):
        send()
        message = message_to("kerjasama@example.org")
        self.assertEqual(message.subject, "Pengingat kerja sama untuk Kota Bandung (semua OPD): 6 hal")
        for expected in ("MOU/30", "MOU/180", "Rapat teknis", "Kirim data", "Surat balasan", "Hamamatsu"):
            self.assertIn(expected, message.body)
        self.assertEqual(len(mail.outbox), 4)

    def test_each_item_links_to_its_record_and_the_html_part_escapes_user_text(self):
        send()
        message = message_to("disnaker@example.org")
        link = f"https://kerjasama.example.org/admin/meetings/followup/{self.overdue.pk}/change/"
        self.assertIn(link, message.body)
        html = html_of(message)
        self.assertRegex(html, rf'<a href="{link}"[^>]*>Surat balasan &lt;segera&gt;</a>')
        self.assertIn("Surat balasan <segera>", message.body)

    def test_confidential_minutes_are_in_no_e_mail(self):
        send()
        for message in mail.outbox:
            self.assertNotIn("RAHASIA", message.body)
            self.assertNotIn("RAHASIA", html_of(message))

    def test_the_command_says_what_it_sent(self):
        output = send()
        self.assertIn(
            "Disnaker: 3 pengingat dikirim ke disnaker@example.org, staf.disnaker@example.org", output
        )


class AgreementThresholdTests(TestCase):
    def setUp(self):
        department = factories.make_department(email="opd@example.org")
        self.document = factories.make_document(
            cooperation=factories.make_cooperation(lead_department=department), valid_until=days(100)
        )

    def sent_thresholds(self) -> list[int]:
        return sorted(
            ReminderSent.objects.filter(
                department__isnull=False, kind=ReminderKind.AGREEMENT_EXPIRING
            ).values_list("threshold_days", flat=True)
        )

    def test_it_reminds_once_at_180_then_at_90_then_at_30_days(self):
        send(TODAY)
        send(TODAY + datetime.timedelta(days=1))
        self.assertEqual(self.sent_thresholds(), [180])
        send(days(10))  # 90 days left
        send(days(70))  # 30 days left
        send(days(71))
        self.assertEqual(self.sent_thresholds(), [30, 90, 180])
        self.assertEqual(len([m for m in mail.outbox if "opd@example.org" in m.to]), 3)

    def test_a_missed_week_sends_only_the_tightest_threshold(self):
        send(days(75))  # 25 days left: the 180 and 90 reminders are long past
        self.assertEqual(self.sent_thresholds(), [30])

    def test_an_agreement_given_a_new_end_date_is_reminded_again(self):
        send()
        self.document.valid_until = days(120)
        self.document.save()
        send()
        self.assertEqual(self.sent_thresholds(), [180, 180])


class CommandArgumentTests(TestCase):
    def test_it_refuses_a_date_it_cannot_read(self):
        with self.assertRaisesMessage(CommandError, "YYYY-MM-DD"):
            call_command("send_reminders", "--today", "2/3/2026")

    def test_it_says_when_there_is_nothing_to_remind(self):
        self.assertIn("Tidak ada pengingat baru", send())
