"""Lists paginated by cursor: following ``next`` walks every row once, rows
sharing a start included, and ``previous`` walks back; a cursor edited by
hand answers 404 with the reason."""

import base64
import datetime

from accounts.roles import Role
from tests import factories
from tests.api.helpers import ApiTestCase
from tests.factories import WIB


class CursorTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        department = factories.make_department()
        same_start = datetime.datetime(2024, 5, 1, 9, tzinfo=WIB)
        # Seven meetings at one start among others: a cursor on the start
        # alone would repeat or skip some of them.
        cls.meetings = [
            factories.make_meeting(owner_department=department, starts_at=same_start) for _ in range(7)
        ] + [
            factories.make_meeting(
                owner_department=department, starts_at=same_start + datetime.timedelta(days=day)
            )
            for day in (-3, -1, 1, 2, 5)
        ]

    def setUp(self):
        super().setUp()
        self.secret = self.token_for(role=Role.DEPARTMENT_STAFF)

    def walk(self, url):
        seen, pages = [], 0
        while url:
            response = self.api(url, self.secret)
            self.assertEqual(response.status_code, 200)
            body = response.json()
            seen += [row["id"] for row in body["results"]]
            url, pages = body["next"], pages + 1
        return seen, pages

    def test_following_next_walks_every_row_once_newest_first(self):
        seen, pages = self.walk("/api/v1/meetings/?page_size=3")
        self.assertEqual(pages, 4)
        self.assertEqual(len(seen), 12)
        self.assertEqual(len(set(seen)), 12)
        expected = sorted(self.meetings, key=lambda meeting: (meeting.starts_at, meeting.pk), reverse=True)
        self.assertEqual(seen, [meeting.pk for meeting in expected])

    def test_previous_walks_back_to_the_same_pages(self):
        first = self.api("/api/v1/meetings/?page_size=5", self.secret).json()
        self.assertIsNone(first["previous"])
        second = self.api(first["next"], self.secret).json()
        back = self.api(second["previous"], self.secret).json()
        self.assertEqual([row["id"] for row in back["results"]], [row["id"] for row in first["results"]])
        self.assertIsNone(back["previous"])

    def test_the_filter_stays_in_the_next_address(self):
        seen, _pages = self.walk("/api/v1/meetings/?page_size=2&year=2024&q=Pertemuan")
        self.assertEqual(len(set(seen)), 12)
        first = self.api("/api/v1/meetings/?page_size=2&year=2024", self.secret).json()
        self.assertIn("year=2024", first["next"])

    def test_the_page_size_is_fifty_and_at_most_two_hundred(self):
        department = factories.make_department()
        for _ in range(201):
            factories.make_follow_up(meeting=self.meetings[0], owner_department=department)
        self.assertEqual(len(self.api("/api/v1/follow-ups/", self.secret).json()["results"]), 50)
        response = self.api("/api/v1/follow-ups/?page_size=1000", self.secret).json()
        self.assertEqual(len(response["results"]), 200)
        self.assertIsNotNone(response["next"])

    def test_a_cursor_edited_by_hand_answers_404(self):
        def cursor(text: str) -> str:
            return base64.b64encode(text.encode()).decode()

        for value in (
            "abc",
            "!!!",
            cursor("p=bukan-tanggal&k=1"),
            cursor("p=2024-05-01T02:00:00%2B00:00&k=abc"),
            cursor("k=1"),
            cursor("p=99999-01-01&k=1"),
        ):
            with self.subTest(cursor=value):
                response = self.api("/api/v1/meetings/", self.secret, cursor=value)
                self.assertEqual(response.status_code, 404)
                self.assertIn("Kursor ini tidak valid", response.json()["detail"])

    def test_a_key_beyond_any_column_reads_as_past_every_row(self):
        huge = base64.b64encode(b"p=2024-05-01T02:00:00%2B00:00&k=99999999999999999999999").decode()
        response = self.api("/api/v1/meetings/", self.secret, cursor=huge)
        self.assertEqual(response.status_code, 200)
        # The seven at that start (all below the key), then the earlier ones.
        self.assertEqual(len(response.json()["results"]), 9)
