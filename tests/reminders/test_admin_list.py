"""The admin lists the reminders sent, read-only."""

import datetime

from django.test import TestCase
from django.urls import reverse

from bandung_coop.models import ReminderKind, ReminderSent
from tests import factories
from tests.admin.helpers import make_superuser, submitted_form


class ReminderSentAdminTests(TestCase):
    def setUp(self):
        ReminderSent.objects.create(
            department=factories.make_department(acronym="Disnaker"),
            kind=ReminderKind.FOLLOW_UP_OVERDUE,
            object_id=7,
            threshold_days=0,
            due_on=datetime.date(2026, 3, 1),
            sent_on=datetime.date(2026, 3, 2),
            recipients="disnaker@example.org",
        )
        self.client.force_login(make_superuser())

    def test_the_list_shows_who_was_told_what(self):
        response = self.client.get(reverse("admin:bandung_coop_remindersent_changelist"))
        self.assertContains(response, "disnaker@example.org")
        self.assertContains(response, "Tindak lanjut terlambat")

    def test_nobody_adds_or_edits_a_reminder_by_hand(self):
        self.assertEqual(self.client.get(reverse("admin:bandung_coop_remindersent_add")).status_code, 403)

    def test_nobody_reverts_a_reminder_to_a_past_version(self):
        reminder = ReminderSent.objects.get()
        first = reminder.history.get()
        reminder.recipients = "disnaker@opd.example.org"
        reminder.save()
        url = reverse("admin:bandung_coop_remindersent_simple_history", args=[reminder.pk, first.history_id])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self.client.post(url, submitted_form(page)).status_code, 403)
        self.assertEqual(ReminderSent.objects.get().recipients, "disnaker@opd.example.org")
