"""The meeting changelist's partner-country filter and date drill-down."""

import datetime

from django.test import TestCase
from django.urls import reverse

from tests import factories
from tests.admin.helpers import make_superuser


class PartnerCountryFilterTests(TestCase):
    def setUp(self):
        self.client.force_login(make_superuser())
        self.kawasaki = factories.make_partner(name="Kota Kawasaki", country="JP")
        self.embassy = factories.make_partner(name="Kedutaan Belanda", country="NL")
        self.at_table = factories.make_meeting(title="Rapat dengan Kawasaki", partners=[self.kawasaki])
        self.about = factories.make_meeting(title="Rapat internal kerja sama Kawasaki")
        self.about.cooperations.add(factories.make_cooperation(partners=[self.kawasaki]))
        factories.make_meeting(
            title="Rapat dengan Belanda",
            partners=[self.embassy],
            starts_at=datetime.datetime(2019, 4, 1, 9, tzinfo=factories.WIB),
        )
        self.url = reverse("admin:meetings_meeting_changelist")

    def test_it_offers_only_the_countries_of_registered_partners(self):
        response = self.client.get(self.url)
        choices = [
            choice["display"]
            for spec in response.context["cl"].filter_specs
            for choice in spec.choices(response.context["cl"])
            if spec.title == "negara mitra"
        ]
        self.assertEqual(choices[1:], ["Belanda", "Jepang"])

    def test_it_lists_meetings_involving_a_partner_of_the_country_as_the_dashboard_counts(self):
        response = self.client.get(self.url + "?country=JP")
        titles = {meeting.title for meeting in response.context["cl"].result_list}
        self.assertEqual(titles, {"Rapat dengan Kawasaki", "Rapat internal kerja sama Kawasaki"})

    def test_the_date_drill_down_spans_the_filtered_meetings(self):
        response = self.client.get(self.url + "?country=NL")
        self.assertContains(response, "starts_at__year=2019")
        self.assertNotContains(response, "starts_at__year=2024")
