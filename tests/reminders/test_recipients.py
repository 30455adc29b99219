"""Who receives a digest: the OPD's contact address and its staff, less those
who opted out in their profile; the cooperation division gets the city-wide one."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from accounts.roles import Role
from bandung_coop.models import ReminderSent
from tests import factories

TODAY = datetime.date(2026, 3, 2)


def send() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("send_reminders", "--today", TODAY.isoformat(), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def everyone_mailed() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


class RecipientTests(TestCase):
    def setUp(self):
        self.department = factories.make_department(acronym="DLHK", email="dlhk@example.org")
        factories.make_follow_up(
            meeting=factories.make_meeting(owner_department=self.department),
            due_on=datetime.date(2026, 3, 4),
        )

    def test_a_staff_member_who_opted_out_gets_nothing(self):
        factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.department, email="ikut@example.org")
        factories.make_user(
            role=Role.DEPARTMENT_STAFF,
            department=self.department,
            email="tidak@example.org",
            email_reminders=False,
        )
        send()
        self.assertIn("ikut@example.org", everyone_mailed())
        self.assertIn("dlhk@example.org", everyone_mailed())
        self.assertNotIn("tidak@example.org", everyone_mailed())

    def test_a_cooperation_admin_who_opted_out_gets_no_city_wide_digest(self):
        factories.make_user(role=Role.COOPERATION_ADMIN, email="admin1@example.org")
        factories.make_user(role=Role.COOPERATION_ADMIN, email="admin2@example.org", email_reminders=False)
        factories.make_user(is_superuser=True, email="root@example.org")
        send()
        city_wide = [m for m in mail.outbox if "semua OPD" in m.subject]
        self.assertEqual(len(city_wide), 1)
        self.assertEqual(city_wide[0].to, ["admin1@example.org", "root@example.org"])

    def test_inactive_accounts_and_other_departments_get_nothing(self):
        other = factories.make_department()
        factories.make_user(role=Role.DEPARTMENT_STAFF, department=other, email="lain@example.org")
        user = factories.make_user(
            role=Role.DEPARTMENT_STAFF, department=self.department, email="pensiun@example.org"
        )
        user.is_active = False
        user.save()
        factories.make_user(role=Role.LEADERSHIP, email="pimpinan@example.org")
        send()
        self.assertEqual(everyone_mailed(), {"dlhk@example.org"})

    def test_a_digest_with_nobody_to_receive_it_waits_until_there_is_someone(self):
        self.department.email = ""
        self.department.save()
        _out, err = send()
        self.assertIn("DLHK: 1 pengingat tidak dikirim", err)
        self.assertFalse(ReminderSent.objects.filter(department=self.department).exists())
        factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.department, email="baru@example.org")
        send()
        self.assertEqual(everyone_mailed(), {"baru@example.org"})
