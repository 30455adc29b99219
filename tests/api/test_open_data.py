"""The open data for the city's data portal: anonymous, counts only, and
limited per client address."""

import datetime
import json

from django.test import override_settings

from meetings.models import Meeting
from tests import factories
from tests.api.helpers import ApiTestCase
from tests.factories import WIB

OPEN_DATA = "/api/v1/open-data/"


class OpenDataTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rows = factories.make_linked_rows()
        Meeting.objects.filter(pk=cls.rows.meeting.pk).update(
            minutes="Notulen rahasia", minutes_confidential=True
        )
        factories.make_meeting(
            title="Rapat dengan Seoul",
            partners=[factories.make_partner(name="Seoul", country="KR")],
            starts_at=datetime.datetime(2023, 2, 3, 9, tzinfo=WIB),
        )

    def test_it_answers_without_a_token_with_counts(self):
        response = self.client.get(OPEN_DATA)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "meetings_per_year": [{"year": 2023, "count": 1}, {"year": 2024, "count": 1}],
                "visits_per_year": [{"year": 2024, "count": 1}],
                "meetings_per_country": [
                    {"country": "JP", "country_name": "Jepang", "count": 1},
                    {"country": "KR", "country_name": "Korea Selatan", "count": 1},
                ],
                "cooperations_per_sector": [{"sector": self.rows.cooperation.sectors.get().name, "count": 1}],
            },
        )

    def test_it_holds_no_names_titles_or_minutes(self):
        text = self.client.get(OPEN_DATA).content.decode()
        for person in self.rows.people:
            self.assertNotIn(person.full_name, text)
        for private in (
            "Notulen",
            "Rapat dengan Seoul",
            self.rows.meeting.title,
            self.rows.partner.name,
            'Seoul"',
        ):
            self.assertNotIn(private, text)
        keys = set()

        def collect(value):
            if isinstance(value, dict):
                keys.update(value)
                for inner in value.values():
                    collect(inner)
            elif isinstance(value, list):
                for inner in value:
                    collect(inner)

        collect(json.loads(text))
        self.assertEqual(
            keys,
            {
                "meetings_per_year",
                "visits_per_year",
                "meetings_per_country",
                "cooperations_per_sector",
                "year",
                "count",
                "country",
                "country_name",
                "sector",
            },
        )

    def test_a_token_sent_along_is_ignored(self):
        response = self.client.get(OPEN_DATA, headers={"Authorization": "Bearer salah"})
        self.assertEqual(response.status_code, 200)

    def test_it_only_reads(self):
        self.assertEqual(self.client.post(OPEN_DATA).status_code, 405)

    @override_settings(API_OPEN_DATA_THROTTLE_RATE="3/minute")
    def test_too_many_requests_from_one_address_answer_429(self):
        statuses = [self.client.get(OPEN_DATA).status_code for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        response = self.client.get(OPEN_DATA)
        self.assertIn("Retry-After", response.headers)
        other = self.client.get(OPEN_DATA, REMOTE_ADDR="10.1.2.3")
        self.assertEqual(other.status_code, 200)
