"""After the upgrade that made the hour part of a meeting's reminder, the
meetings reminded before keep their hour, so they are not reminded twice."""

import datetime
import importlib

from django.apps import apps
from django.test import TestCase

from bandung_coop.models import ReminderKind, ReminderSent
from tests import factories
from tests.factories import WIB

upgrade = importlib.import_module("bandung_coop.migrations.0002_notifications_and_reminder_time")


class ReminderTimeUpgradeTests(TestCase):
    def remind(self, meeting, day: datetime.date) -> ReminderSent:
        return ReminderSent.objects.create(
            department=meeting.owner_department,
            kind=ReminderKind.MEETING,
            object_id=meeting.pk,
            threshold_days=14,
            due_on=day,
            sent_on=datetime.date(2026, 3, 1),
        )

    def test_a_meeting_still_on_its_day_keeps_its_hour_and_a_moved_one_does_not(self):
        same_day = factories.make_meeting(starts_at=datetime.datetime(2026, 3, 5, 13, 30, tzinfo=WIB))
        moved = factories.make_meeting(starts_at=datetime.datetime(2026, 3, 9, 9, tzinfo=WIB))
        kept = self.remind(same_day, datetime.date(2026, 3, 5))
        old = self.remind(moved, datetime.date(2026, 3, 6))
        upgrade.meeting_reminders_keep_their_hour(apps, None)
        kept.refresh_from_db()
        old.refresh_from_db()
        self.assertEqual(kept.due_time, datetime.time(13, 30))
        self.assertEqual(old.due_time, datetime.time(0, 0))
