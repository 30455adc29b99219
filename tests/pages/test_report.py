"""The activity report of a busy period: every meeting counted, the first
ones listed, and the way to all of them."""

import datetime
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from tests import factories
from tests.access.fixtures import AccessFixture


class BusyPeriodReportTests(TestCase):
    def setUp(self):
        fixture = AccessFixture()
        self.client.force_login(fixture.leader)
        for day in (3, 4, 5):
            meeting = factories.make_meeting(
                title=f"Rapat Maret {day}", starts_at=datetime.datetime(2021, 3, day, 9, tzinfo=factories.WIB)
            )
            factories.make_follow_up(meeting=meeting, due_on=datetime.date(2021, 3, 20 + day))

    def test_the_report_counts_every_meeting_lists_the_first_and_links_to_the_rest(self):
        with mock.patch("bandung_coop.pages.report.REPORT_ROWS", 2):
            response = self.client.get(
                reverse("pages:report"), {"periode": "bulan", "tahun": 2021, "bulan": 3}
            )
        self.assertContains(response, "3 pertemuan")
        self.assertContains(response, "Rapat Maret 3")
        self.assertContains(response, "Rapat Maret 4")
        self.assertNotContains(response, "Rapat Maret 5")
        self.assertContains(response, "2 pertama dari 3.")
        self.assertContains(
            response, reverse("pages:meeting_list") + "?date_from=2021-03-01&amp;date_until=2021-03-31"
        )
        self.assertContains(
            response, reverse("pages:follow_up_list") + "?due_from=2021-03-01&amp;due_until=2021-03-31"
        )
        listed = self.client.get(
            reverse("pages:meeting_list"), {"date_from": "2021-03-01", "date_until": "2021-03-31"}
        )
        self.assertEqual(listed.context["page"].paginator.count, 3)

    def test_a_quiet_period_lists_everything_without_a_link(self):
        response = self.client.get(reverse("pages:report"), {"periode": "bulan", "tahun": 2021, "bulan": 3})
        self.assertContains(response, "Rapat Maret 5")
        self.assertNotContains(response, "pertama dari")
