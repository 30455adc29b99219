"""The daily reminder run puts the digests' items under the bell of the users
of each department, and of the cooperation division for the whole city."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from accounts.roles import Role
from bandung_coop.models import Notification
from tests import factories

TODAY = datetime.date(2026, 3, 2)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def run_reminders(today: datetime.date = TODAY) -> None:
    call_command("send_reminders", "--today", today.isoformat(), stdout=StringIO(), stderr=StringIO())


def titles_of(user) -> set[str]:
    return set(Notification.objects.filter(user=user).values_list("title", flat=True))


class ReminderNotificationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dlhk = factories.make_department(acronym="DLHK", email="dlhk@example.org")
        cls.disnaker = factories.make_department(acronym="Disnaker")  # no address: no e-mail
        cooperation = factories.make_cooperation(lead_department=cls.dlhk)
        factories.make_document(cooperation=cooperation, number="MOU/KAWASAKI", valid_until=days(25))
        meeting = factories.make_meeting(owner_department=cls.dlhk, title="Rapat sampah")
        factories.make_follow_up(
            meeting=meeting, owner_department=cls.disnaker, description="Kirim data pekerja", due_on=days(3)
        )
        factories.make_follow_up(
            meeting=meeting, owner_department=cls.disnaker, description="Balas surat", due_on=days(-4)
        )
        cls.dlhk_staff = factories.make_user(role=Role.DEPARTMENT_STAFF, department=cls.dlhk)
        cls.disnaker_staff = factories.make_user(
            role=Role.DEPARTMENT_STAFF, department=cls.disnaker, email_reminders=False
        )
        cls.admin = factories.make_user(role=Role.COOPERATION_ADMIN)
        cls.leader = factories.make_user(role=Role.LEADERSHIP)

    def test_the_staff_of_the_lead_opd_are_told_of_its_expiring_agreement_only(self):
        run_reminders()
        notification = Notification.objects.get(user=self.dlhk_staff)
        self.assertEqual(notification.title, "Nota kesepahaman (MoU) MOU/KAWASAKI")
        self.assertEqual(notification.kind, "agreement")
        self.assertEqual(notification.message(), "Perjanjian berlaku sampai 27 Maret 2026")

    def test_the_responsible_opd_hears_of_its_follow_ups_due_and_overdue_even_without_e_mail(self):
        run_reminders()
        self.assertEqual(titles_of(self.disnaker_staff), {"Kirim data pekerja", "Balas surat"})
        overdue = Notification.objects.get(user=self.disnaker_staff, kind="follow_up_overdue")
        self.assertEqual(overdue.message(), "Tindak lanjut terlambat sejak 26 Februari 2026")
        due = Notification.objects.get(user=self.disnaker_staff, kind="follow_up_due")
        self.assertEqual(due.message(), "Tindak lanjut jatuh tempo 5 Maret 2026")

    def test_the_cooperation_division_hears_of_the_whole_city(self):
        run_reminders()
        self.assertEqual(
            titles_of(self.admin),
            {"Nota kesepahaman (MoU) MOU/KAWASAKI", "Kirim data pekerja", "Balas surat"},
        )

    def test_leadership_and_a_staff_member_of_another_opd_hear_nothing(self):
        other = factories.make_user(role=Role.DEPARTMENT_STAFF, department=factories.make_department())
        run_reminders()
        self.assertEqual(titles_of(self.leader), set())
        self.assertEqual(titles_of(other), set())

    def test_running_the_reminders_twice_tells_nobody_twice(self):
        run_reminders()
        first = Notification.objects.count()
        run_reminders()
        run_reminders(TODAY + datetime.timedelta(days=1))
        self.assertEqual(first, 6)  # DLHK's agreement; Disnaker's two follow-ups; all three city-wide
        self.assertEqual(Notification.objects.count(), 6)

    def test_a_read_notification_is_not_made_again_by_the_next_run(self):
        run_reminders()
        Notification.objects.filter(user=self.dlhk_staff).update(
            read_at=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
        )
        run_reminders()
        self.assertEqual(Notification.objects.filter(user=self.dlhk_staff, read_at__isnull=True).count(), 0)

    def test_a_deactivated_account_hears_nothing(self):
        self.dlhk_staff.is_active = False
        self.dlhk_staff.save()
        run_reminders()
        self.assertEqual(titles_of(self.dlhk_staff), set())


class MovedMeetingNotificationTests(TestCase):
    def test_a_meeting_moved_to_another_hour_is_under_the_bell_again_with_its_new_hour(self):
        department = factories.make_department()
        staff = factories.make_user(role=Role.DEPARTMENT_STAFF, department=department)
        meeting = factories.make_meeting(
            owner_department=department,
            title="Audiensi Dubes Jepang",
            starts_at=datetime.datetime(2026, 3, 5, 9, tzinfo=factories.WIB),
        )
        run_reminders()
        meeting.starts_at = datetime.datetime(2026, 3, 5, 14, 30, tzinfo=factories.WIB)
        meeting.save()
        run_reminders()
        self.assertEqual(
            [n.message() for n in Notification.objects.filter(user=staff).order_by("pk")],
            ["Pertemuan pada 5 Maret 2026 pukul 09:00 WIB", "Pertemuan pada 5 Maret 2026 pukul 14:30 WIB"],
        )
