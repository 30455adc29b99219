"""A meeting or a visit as a single .ics file, linked from its admin page."""

import datetime

import icalendar
from django.test import TestCase
from django.urls import reverse

from accounts.roles import Role
from tests import factories
from tests.admin.helpers import make_superuser
from tests.factories import WIB


class DownloadTests(TestCase):
    def setUp(self):
        self.meeting = factories.make_meeting(
            title="Audiensi Duta Besar Jepang",
            starts_at=datetime.datetime(2022, 2, 3, 10, 0, tzinfo=WIB),
            minutes="RAHASIA",
            minutes_confidential=True,
        )
        self.visit = factories.make_visit(
            starts_on=datetime.date(2025, 8, 11), ends_on=datetime.date(2025, 8, 12)
        )
        self.staff = factories.make_user(role=Role.DEPARTMENT_STAFF, department=factories.make_department())

    def test_a_meeting_downloads_as_one_event_in_wib(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("meeting_ics", args=[self.meeting.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Disposition"], f'attachment; filename="pertemuan-{self.meeting.pk}.ics"'
        )
        events = icalendar.Calendar.from_ical(response.content).events
        self.assertEqual(len(events), 1)
        self.assertEqual(str(events[0]["uid"]), f"meeting-{self.meeting.pk}@kerjasama.bandung.go.id")
        self.assertEqual(events[0].start, datetime.datetime(2022, 2, 3, 10, 0, tzinfo=WIB))
        self.assertNotIn(b"RAHASIA", response.content)

    def test_a_visit_downloads_as_an_all_day_event(self):
        self.client.force_login(self.staff)
        response = self.client.get(reverse("visit_ics", args=[self.visit.pk]))
        event = icalendar.Calendar.from_ical(response.content).events[0]
        self.assertEqual(str(event["uid"]), f"visit-{self.visit.pk}@kerjasama.bandung.go.id")
        self.assertEqual((event.start, event.end), (datetime.date(2025, 8, 11), datetime.date(2025, 8, 13)))

    def test_it_asks_to_log_in_first(self):
        response = self.client.get(reverse("meeting_ics", args=[self.meeting.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])

    def test_a_user_without_a_role_or_a_missing_record_gets_not_found(self):
        self.client.force_login(factories.make_user())
        self.assertEqual(self.client.get(reverse("meeting_ics", args=[self.meeting.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("visit_ics", args=[self.visit.pk])).status_code, 404)
        self.client.force_login(self.staff)
        missing = reverse("meeting_ics", args=[self.meeting.pk + 99])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_the_admin_pages_of_a_meeting_and_a_visit_link_to_the_download(self):
        self.client.force_login(make_superuser())
        page = self.client.get(reverse("admin:meetings_meeting_change", args=[self.meeting.pk]))
        self.assertContains(page, f'href="{reverse("meeting_ics", args=[self.meeting.pk])}"')
        self.assertContains(page, "Unduh .ics")
        page = self.client.get(reverse("admin:meetings_visit_change", args=[self.visit.pk]))
        self.assertContains(page, f'href="{reverse("visit_ics", args=[self.visit.pk])}"')
