"""Calendar feeds by secret link: parsed back with icalendar, they hold the
expected events at the right times in WIB, never any confidential minutes,
and stop answering once the link is revoked."""

import datetime

import icalendar
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import StaffProfile
from accounts.roles import Role
from accounts.views import renew_calendar_token
from meetings.models import FollowUpStatus
from tests import factories
from tests.factories import WIB

SECRET = "RAHASIA: posisi tawar kota"


def subscribe(user) -> str:
    profile, _created = StaffProfile.objects.get_or_create(user=user)
    return reverse("calendar_feed", args=[renew_calendar_token(profile=profile)])


def events_of(response) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in cal.walk("VEVENT")}


@override_settings(SITE_URL="https://kerjasama.example.org")
class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dlhk = factories.make_department(acronym="DLHK")
        cls.disnaker = factories.make_department(acronym="Disnaker")
        cls.meeting = factories.make_meeting(
            owner_department=cls.dlhk,
            title="Rapat teknis; pengelolaan sampah",
            starts_at=datetime.datetime(2026, 3, 4, 13, 30, tzinfo=WIB),
            ends_at=datetime.datetime(2026, 3, 4, 15, 0, tzinfo=WIB),
            place="Balaikota Bandung",
            summary="Ringkasan terbuka",
            minutes=SECRET,
            minutes_confidential=True,
        )
        cls.other_meeting = factories.make_meeting(
            owner_department=cls.disnaker, starts_at=datetime.datetime(2026, 3, 5, 8, 0, tzinfo=datetime.UTC)
        )
        cls.visit = factories.make_visit(
            host_department=cls.dlhk,
            starts_on=datetime.date(2026, 3, 7),
            ends_on=datetime.date(2026, 3, 8),
            purpose="Studi banding pengolahan air",
        )
        cls.follow_up = factories.make_follow_up(
            meeting=cls.meeting, owner_department=cls.dlhk, due_on=datetime.date(2026, 3, 10)
        )
        cls.done = factories.make_follow_up(
            meeting=cls.meeting, status=FollowUpStatus.DONE, done_on=datetime.date(2026, 3, 1)
        )
        cls.admin = factories.make_user(role=Role.COOPERATION_ADMIN)
        cls.leader = factories.make_user(role=Role.LEADERSHIP)
        cls.dlhk_staff = factories.make_user(role=Role.DEPARTMENT_STAFF, department=cls.dlhk)
        cls.disnaker_staff = factories.make_user(role=Role.DEPARTMENT_STAFF, department=cls.disnaker)

    def test_the_city_wide_feed_holds_meetings_visits_and_follow_up_due_dates(self):
        response = self.client.get(subscribe(self.admin))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(
            set(events_of(response)),
            {
                f"meeting-{self.meeting.pk}@kerjasama.bandung.go.id",
                f"meeting-{self.other_meeting.pk}@kerjasama.bandung.go.id",
                f"visit-{self.visit.pk}@kerjasama.bandung.go.id",
                f"followup-{self.follow_up.pk}@kerjasama.bandung.go.id",
            },
        )

    def test_meeting_times_are_in_wib_with_the_time_zone_defined(self):
        response = self.client.get(subscribe(self.admin))
        events = events_of(response)
        meeting = events[f"meeting-{self.meeting.pk}@kerjasama.bandung.go.id"]
        self.assertEqual(meeting.start, datetime.datetime(2026, 3, 4, 13, 30, tzinfo=WIB))
        self.assertEqual(meeting.end, datetime.datetime(2026, 3, 4, 15, 0, tzinfo=WIB))
        self.assertEqual(str(meeting.start.tzinfo), "Asia/Jakarta")
        self.assertEqual(str(meeting["summary"]), "Rapat teknis; pengelolaan sampah")
        self.assertEqual(str(meeting["location"]), "Balaikota Bandung")
        # A meeting stored in UTC is shown in WIB: 08:00 UTC is 15:00 WIB.
        other = events[f"meeting-{self.other_meeting.pk}@kerjasama.bandung.go.id"]
        self.assertEqual((other.start.hour, str(other.start.tzinfo)), (15, "Asia/Jakarta"))
        self.assertIn(b"DTSTART;TZID=Asia/Jakarta:20260304T133000", response.content)
        timezones = icalendar.Calendar.from_ical(response.content).walk("VTIMEZONE")
        self.assertEqual([str(tz["tzid"]) for tz in timezones], ["Asia/Jakarta"])

    def test_visits_and_follow_ups_are_all_day_events(self):
        events = events_of(self.client.get(subscribe(self.admin)))
        visit = events[f"visit-{self.visit.pk}@kerjasama.bandung.go.id"]
        self.assertEqual((visit.start, visit.end), (datetime.date(2026, 3, 7), datetime.date(2026, 3, 9)))
        follow_up = events[f"followup-{self.follow_up.pk}@kerjasama.bandung.go.id"]
        self.assertEqual(follow_up.start, datetime.date(2026, 3, 10))
        self.assertIn("DLHK", str(follow_up["description"]))

    def test_events_link_to_their_records(self):
        events = events_of(self.client.get(subscribe(self.admin)))
        meeting = events[f"meeting-{self.meeting.pk}@kerjasama.bandung.go.id"]
        self.assertEqual(
            str(meeting["url"]),
            f"https://kerjasama.example.org/admin/meetings/meeting/{self.meeting.pk}/change/",
        )

    def test_the_same_feed_fetched_twice_is_identical_so_apps_update_rather_than_duplicate(self):
        url = subscribe(self.admin)
        self.assertEqual(self.client.get(url).content, self.client.get(url).content)

    def test_an_opd_staff_feed_holds_only_its_own_department(self):
        events = events_of(self.client.get(subscribe(self.disnaker_staff)))
        self.assertEqual(set(events), {f"meeting-{self.other_meeting.pk}@kerjasama.bandung.go.id"})

    def test_an_attending_department_sees_the_meeting_in_its_feed(self):
        self.meeting.attending_departments.add(self.disnaker)
        events = events_of(self.client.get(subscribe(self.disnaker_staff)))
        self.assertIn(f"meeting-{self.meeting.pk}@kerjasama.bandung.go.id", events)

    def test_opd_parameter_picks_one_department(self):
        response = self.client.get(subscribe(self.leader), {"opd": "dlhk"})
        self.assertEqual(
            set(events_of(response)),
            {
                f"meeting-{self.meeting.pk}@kerjasama.bandung.go.id",
                f"visit-{self.visit.pk}@kerjasama.bandung.go.id",
                f"followup-{self.follow_up.pk}@kerjasama.bandung.go.id",
            },
        )
        self.assertIn(b"X-WR-CALNAME:Kerja Sama Luar Negeri \xe2\x80\x94 DLHK", response.content)

    def test_the_feed_is_in_indonesian_whatever_language_the_calendar_app_asks_for(self):
        response = self.client.get(subscribe(self.admin), headers={"accept-language": "en"})
        events = events_of(response)
        follow_up = events[f"followup-{self.follow_up.pk}@kerjasama.bandung.go.id"]
        self.assertTrue(str(follow_up["summary"]).startswith("Tenggat tindak lanjut: "))

    def test_an_unknown_department_is_not_found(self):
        self.assertEqual(self.client.get(subscribe(self.admin), {"opd": "XYZ"}).status_code, 404)

    def test_no_feed_of_any_reader_holds_confidential_minutes(self):
        for user in (self.admin, self.leader, self.dlhk_staff, self.disnaker_staff):
            for params in ({}, {"opd": "DLHK"}):
                response = self.client.get(subscribe(user), params)
                self.assertEqual(response.status_code, 200)
                # Unfolded, so a word split across a folded line is still found.
                text = response.content.replace(b"\r\n ", b"").decode()
                self.assertNotIn("RAHASIA", text)
                if params:
                    self.assertIn("Ringkasan terbuka", text)

    def test_the_feed_costs_the_same_queries_for_a_few_or_many_meetings(self):
        url = subscribe(self.admin)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries)

        for _ in range(3):
            factories.make_linked_rows(on=datetime.date(2026, 4, 1))
        few = count()
        for _ in range(12):
            factories.make_linked_rows(on=datetime.date(2026, 4, 1))
        self.assertEqual(count(), few)


class FeedTokenTests(TestCase):
    def setUp(self):
        self.user = factories.make_user(role=Role.COOPERATION_ADMIN)
        self.url = subscribe(self.user)

    def test_a_revoked_link_is_refused(self):
        self.client.force_login(self.user)
        self.client.post(reverse("calendar_token"), {"action": "revoke"})
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_a_regenerated_link_replaces_the_old_one(self):
        self.client.force_login(self.user)
        self.client.post(reverse("calendar_token"), {"action": "renew"})
        self.client.logout()
        new_url = reverse("calendar_feed", args=[StaffProfile.objects.get(user=self.user).calendar_token])
        self.assertNotEqual(new_url, self.url)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.get(new_url).status_code, 200)

    def test_an_unknown_link_is_refused(self):
        self.assertEqual(self.client.get(reverse("calendar_feed", args=["tebakan"])).status_code, 404)

    def test_a_deactivated_account_loses_its_feed(self):
        self.user.is_active = False
        self.user.save()
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_account_that_lost_its_role_loses_its_feed(self):
        self.user.groups.clear()
        self.assertEqual(self.client.get(self.url).status_code, 404)
