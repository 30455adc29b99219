"""The city-wide tallies (PostgreSQL) always equal the figures counted from
the rows, whatever changes: meetings, their partners and cooperations, a
cooperation's partners, a partner's country, follow-ups, deletions, a bulk
load with the triggers paused, and a recount after a TRUNCATE."""

import datetime
import unittest

from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from accounts.roles import Role
from coop_lib.writes import create_records
from figures import counts
from figures.bulk import paused, recount
from meetings.models import FollowUp, FollowUpStatus, Meeting
from partnerships.models import Partner
from tests.factories import (
    WIB,
    make_cooperation,
    make_department,
    make_follow_up,
    make_meeting,
    make_partner,
    make_user,
)

TODAY = datetime.date(2024, 7, 15)


def counted_from_rows():
    """The same figures through a filter that matches every row, which
    makes ``figures.counts`` aggregate the rows instead of reading the tallies."""
    meetings = Meeting.objects.filter(pk__gt=0)
    follow_ups = FollowUp.objects.filter(pk__gt=0)
    return _figures(meetings, follow_ups)


def tallied():
    return _figures(Meeting.objects.all(), FollowUp.objects.all())


def _figures(meetings, follow_ups):
    def per_partner(**period):
        partners = counts.meetings_per_partner(meetings, Partner.objects.all(), **period)
        return {partner.pk: partner.meeting_count for partner in partners if partner.meeting_count}

    return {
        "total": counts.meeting_total(meetings),
        "per_year": [dict(row) for row in counts.meetings_per_year(meetings)],
        "per_owner": [dict(row) for row in counts.meetings_per_owner(meetings)],
        "per_owner_2021": [dict(row) for row in counts.meetings_per_owner(meetings, year=2021)],
        "per_partner": per_partner(),
        "per_partner_2021": per_partner(year=2021),
        # The days of a report shorter than a year, both included, on the city's clock.
        "per_partner_may_2024": per_partner(between=(datetime.date(2024, 5, 1), datetime.date(2024, 5, 14))),
        "per_country": [tuple(row) for row in counts.meetings_per_country(meetings)],
        "overdue": counts.overdue_follow_ups(follow_ups, TODAY),
        "overdue_per_owner": [dict(row) for row in counts.overdue_per_owner(follow_ups, TODAY)],
    }


@unittest.skipUnless(connection.vendor == "postgresql", "the tallies are kept by PostgreSQL triggers")
class TallyTests(TestCase):
    def setUp(self):
        self.kawasaki = make_partner(name="Kawasaki", country="JP")
        self.hamamatsu = make_partner(name="Hamamatsu", country="JP")
        self.embassy = make_partner(name="Kedutaan Belanda", country="NL")
        self.dlhk, self.dishub = make_department(acronym="DLHK"), make_department(acronym="Dishub")
        self.cooperation = make_cooperation(partners=[self.kawasaki, self.hamamatsu])

    def assert_tallies_match(self):
        self.assertEqual(tallied(), counted_from_rows())

    def test_new_meetings_count_per_year_department_partner_and_country(self):
        meeting = make_meeting(owner_department=self.dlhk, partners=[self.kawasaki, self.embassy])
        make_meeting(owner_department=self.dishub, starts_at=datetime.datetime(2022, 2, 3, 10, tzinfo=WIB))
        figures = tallied()
        self.assertEqual(figures["total"], 2)
        self.assertEqual(figures["per_partner"], {self.kawasaki.pk: 1, self.embassy.pk: 1})
        self.assertEqual(figures["per_country"], [("JP", 1), ("NL", 1)])
        meeting.cooperations.add(self.cooperation)
        self.assertEqual(tallied()["per_partner"][self.hamamatsu.pk], 1)
        self.assertEqual(tallied()["per_country"], [("JP", 1), ("NL", 1)])  # one meeting, counted once
        self.assert_tallies_match()

    def test_a_meeting_at_new_years_eve_counts_in_the_year_of_jakarta_time(self):
        make_meeting(starts_at=datetime.datetime(2023, 12, 31, 23, 30, tzinfo=WIB))
        self.assertEqual(tallied()["per_year"], [{"year": 2023, "count": 1}])
        self.assert_tallies_match()

    def test_a_period_counts_the_partners_of_its_days_on_the_citys_clock(self):
        last_evening = datetime.datetime(2024, 5, 14, 23, 30, tzinfo=WIB)
        next_night = datetime.datetime(2024, 5, 15, 0, 30, tzinfo=WIB)
        inside = make_meeting(starts_at=last_evening, partners=[self.embassy])
        inside.cooperations.add(self.cooperation)
        make_meeting(starts_at=next_night, partners=[self.embassy])
        figures = tallied()
        self.assertEqual(
            figures["per_partner_may_2024"], {self.embassy.pk: 1, self.kawasaki.pk: 1, self.hamamatsu.pk: 1}
        )
        self.assert_tallies_match()

    def test_a_partner_linked_two_ways_counts_once_until_both_links_go(self):
        meeting = make_meeting(partners=[self.kawasaki])
        meeting.cooperations.add(self.cooperation)
        self.assertEqual(tallied()["per_partner"][self.kawasaki.pk], 1)
        meeting.partners.remove(self.kawasaki)
        self.assertEqual(tallied()["per_partner"][self.kawasaki.pk], 1)
        meeting.cooperations.remove(self.cooperation)
        self.assertNotIn(self.kawasaki.pk, tallied()["per_partner"])
        self.assertEqual(tallied()["per_country"], [])
        self.assert_tallies_match()

    def test_changing_a_cooperations_partners_moves_its_meetings(self):
        meetings = [make_meeting() for _ in range(3)]
        for meeting in meetings:
            meeting.cooperations.add(self.cooperation)
        self.cooperation.partners.add(self.embassy)
        self.cooperation.partners.remove(self.kawasaki)
        figures = tallied()
        self.assertEqual(figures["per_partner"], {self.hamamatsu.pk: 3, self.embassy.pk: 3})
        self.assert_tallies_match()

    def test_moving_a_partner_to_another_country_moves_its_meetings(self):
        make_meeting(partners=[self.kawasaki, self.hamamatsu])
        make_meeting(partners=[self.kawasaki])
        self.kawasaki.country = "KR"
        self.kawasaki.save()
        self.assertEqual(tallied()["per_country"], [("KR", 2), ("JP", 1)])
        self.assert_tallies_match()

    def test_editing_and_deleting_meetings_keeps_the_figures(self):
        meeting = make_meeting(owner_department=self.dlhk, partners=[self.kawasaki])
        make_follow_up(meeting=meeting, due_on=datetime.date(2024, 7, 1))
        meeting.owner_department = self.dishub
        meeting.starts_at = datetime.datetime(2021, 3, 1, 9, tzinfo=WIB)
        meeting.save()
        self.assertEqual(tallied()["per_partner_2021"], {self.kawasaki.pk: 1})
        self.assertEqual(tallied()["per_owner_2021"][0]["owner_department__acronym"], "Dishub")
        self.assert_tallies_match()
        meeting.delete()
        self.assertEqual(tallied()["total"], 0)
        self.assertEqual(tallied()["per_partner"], {})
        self.assertEqual(tallied()["overdue"], 0)
        self.assert_tallies_match()

    def test_overdue_follow_ups_follow_status_due_date_and_department(self):
        meeting = make_meeting(owner_department=self.dlhk)
        earlier_month = make_follow_up(meeting=meeting, due_on=datetime.date(2024, 5, 2))
        this_month = make_follow_up(meeting=meeting, due_on=datetime.date(2024, 7, 14))
        make_follow_up(meeting=meeting, due_on=TODAY)  # due today: not yet overdue
        make_follow_up(meeting=meeting, due_on=None)
        self.assertEqual(tallied()["overdue"], 2)
        this_month.status, this_month.done_on = FollowUpStatus.DONE, TODAY
        this_month.save()
        earlier_month.owner_department = self.dishub
        earlier_month.save()
        figures = tallied()
        self.assertEqual(figures["overdue"], 1)
        self.assertEqual(figures["overdue_per_owner"][0]["owner_department__acronym"], "Dishub")
        self.assert_tallies_match()

    def test_a_batch_written_in_one_statement_counts_every_row(self):
        """An import writes a batch of meetings, their partner links and
        follow-ups each in one INSERT: every row counts, a meeting once per
        country however many of its partners come from there."""
        user = make_user(is_superuser=True)
        meetings = [
            Meeting(
                title=f"Rapat {n}",
                starts_at=datetime.datetime(2021 + n % 2, 3, 1 + n, 9, tzinfo=WIB),
                owner_department=(self.dlhk, self.dishub)[n % 2],
                place="Balai Kota",
            )
            for n in range(6)
        ]
        partners = [
            [self.kawasaki, self.hamamatsu],
            [self.embassy],
            [],
            [self.kawasaki],
            [],
            [self.hamamatsu],
        ]
        create_records(instances=meetings, user=user, related=[{"partners": each} for each in partners])
        create_records(
            instances=[
                FollowUp(
                    meeting=meetings[n], owner_department=self.dlhk, description="Kirim notulen", due_on=due
                )
                for n, due in enumerate([datetime.date(2024, 5, 2), datetime.date(2024, 7, 1), None, TODAY])
            ],
            user=user,
        )
        figures = tallied()
        self.assertEqual(figures["total"], 6)
        self.assertEqual(figures["per_year"], [{"year": 2021, "count": 3}, {"year": 2022, "count": 3}])
        self.assertEqual(
            figures["per_partner"], {self.kawasaki.pk: 2, self.hamamatsu.pk: 2, self.embassy.pk: 1}
        )
        self.assertEqual(figures["per_country"], [("JP", 3), ("NL", 1)])
        self.assertEqual(figures["overdue"], 2)
        self.assert_tallies_match()

    def test_the_dashboard_shows_the_tallied_figures(self):
        make_meeting(owner_department=self.dlhk, partners=[self.kawasaki])
        self.client.force_login(make_user(role=Role.LEADERSHIP))
        response = self.client.get(reverse("pages:dashboard"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kawasaki")


@unittest.skipUnless(connection.vendor == "postgresql", "the tallies are kept by PostgreSQL triggers")
class TallyRebuildTests(TransactionTestCase):
    def test_a_bulk_load_with_paused_triggers_is_recounted_at_the_end(self):
        partner = make_partner(country="JP")
        department = make_department()
        with transaction.atomic(), paused():
            meetings = Meeting.objects.bulk_create(
                Meeting(
                    title=f"Pertemuan {n}",
                    owner_department=department,
                    starts_at=datetime.datetime(2020 + n % 3, 1, 10, tzinfo=WIB),
                )
                for n in range(30)
            )
            Meeting.partners.through.objects.bulk_create(
                Meeting.partners.through(meeting_id=meeting.pk, partner_id=partner.pk) for meeting in meetings
            )
        self.assertEqual(tallied(), counted_from_rows())
        self.assertEqual(tallied()["per_partner"], {partner.pk: 30})

    def test_a_recount_after_a_truncate_empties_the_tallies(self):
        make_meeting(partners=[make_partner()])
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE meetings_meeting CASCADE")
        recount()
        self.assertEqual(tallied()["total"], 0)
        self.assertEqual(tallied()["per_partner"], {})
