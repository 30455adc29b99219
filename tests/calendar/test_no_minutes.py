"""Calendar feeds and single-event files carry a meeting's summary, never its
minutes: not confidential ones, not open ones, for no reader. A calendar app
keeps what it fetched on phones and in other companies' clouds."""

import datetime

from django.test import TestCase
from django.urls import reverse

from accounts.role_groups import ensure_role_groups
from accounts.roles import Role
from tests import factories
from tests.admin.helpers import make_superuser
from tests.calendar.test_feeds import subscribe
from tests.factories import WIB

# One word each that appears nowhere else, so a quoted or folded line still shows it.
OPEN_MINUTES = "NotulenTerbukaQX17 wali kota menyetujui program pelatihan"
CONFIDENTIAL_MINUTES = "NotulenRahasiaZK42 posisi tawar kota dalam negosiasi"
MINUTES_WORDS = ("NotulenTerbukaQX17", "NotulenRahasiaZK42")


def unfolded(content: bytes) -> str:
    """The calendar text with folded lines joined (RFC 5545 3.1), so a word
    split over two lines is still found."""
    return content.decode().replace("\r\n ", "").replace("\r\n\t", "")


class NoMinutesInCalendarsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_role_groups()
        cls.dlhk = factories.make_department(acronym="DLHK")
        cls.dishub = factories.make_department(acronym="Dishub")
        cls.visit = factories.make_visit(
            host_department=cls.dlhk, starts_on=datetime.date(2026, 3, 3), ends_on=datetime.date(2026, 3, 5)
        )
        cls.meetings = [
            factories.make_meeting(
                owner_department=cls.dlhk,
                title=f"Rapat {n}",
                starts_at=datetime.datetime(2026, 3, 4, 9 + n, tzinfo=WIB),
                summary=f"Ringkasan rapat {n}",
                minutes=minutes,
                minutes_confidential=confidential,
                visit=cls.visit,
            )
            for n, (minutes, confidential) in enumerate([(OPEN_MINUTES, False), (CONFIDENTIAL_MINUTES, True)])
        ]
        for meeting in cls.meetings:
            meeting.attending_departments.set([cls.dishub])
            factories.make_follow_up(meeting=meeting, due_on=datetime.date(2026, 3, 20))
        cls.readers = {
            "superuser": make_superuser(),
            Role.COOPERATION_ADMIN: factories.make_user(role=Role.COOPERATION_ADMIN),
            Role.LEADERSHIP: factories.make_user(role=Role.LEADERSHIP),
            "Staf OPD of the owner": factories.make_user(role=Role.DEPARTMENT_STAFF, department=cls.dlhk),
            "Staf OPD of another OPD": factories.make_user(role=Role.DEPARTMENT_STAFF, department=cls.dishub),
        }

    def assert_no_minutes(self, content: bytes, *shown: str) -> None:
        """``shown`` is what the calendar holds, so the check is not of an empty file."""
        text = unfolded(content)
        for expected in shown:
            self.assertIn(expected, text)
        for word in MINUTES_WORDS:
            self.assertNotIn(word, text)

    def test_no_readers_feed_holds_minutes_open_or_confidential(self):
        for reader, user in self.readers.items():
            for params in ({}, {"opd": "DLHK"}, {"opd": "Dishub"}):
                with self.subTest(reader=str(reader), params=params):
                    response = self.client.get(subscribe(user), params)
                    self.assertEqual(response.status_code, 200)
                    self.assert_no_minutes(response.content, *(m.summary for m in self.meetings))

    def test_no_single_meeting_download_holds_minutes_open_or_confidential(self):
        for reader, user in self.readers.items():
            self.client.force_login(user)
            for meeting in self.meetings:
                with self.subTest(reader=str(reader), meeting=meeting.title):
                    response = self.client.get(reverse("meeting_ics", args=[meeting.pk]))
                    self.assertEqual(response.status_code, 200)
                    self.assert_no_minutes(response.content, meeting.summary)

    def test_no_download_of_the_visit_the_meetings_were_held_in_holds_their_minutes(self):
        for reader, user in self.readers.items():
            self.client.force_login(user)
            with self.subTest(reader=str(reader)):
                response = self.client.get(reverse("visit_ics", args=[self.visit.pk]))
                self.assertEqual(response.status_code, 200)
                self.assert_no_minutes(response.content, self.visit.purpose)
