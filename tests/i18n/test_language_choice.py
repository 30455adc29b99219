"""Indonesian by default, whatever the browser asks; English for the users
who choose it, remembered in their profile."""

from django.test import TestCase
from django.urls import reverse

from tests.access.fixtures import AccessFixture


class LanguageChoiceTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.client.force_login(self.fixture.staff)

    def test_the_interface_is_indonesian_even_for_an_english_browser(self):
        response = self.client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "Kerja Sama Luar Negeri — Pemerintah Kota Bandung")
        self.assertEqual(response.headers["Content-Language"], "id")

    def test_a_user_who_chooses_english_keeps_it_in_the_next_session(self):
        response = self.client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
        self.assertEqual(response.status_code, 302)
        self.fixture.staff.staff_profile.refresh_from_db()
        self.assertEqual(self.fixture.staff.staff_profile.language, "en")

        self.client.cookies.clear()
        self.client.force_login(self.fixture.staff)
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "International Cooperation — Bandung City Government")

    def test_another_user_is_not_affected(self):
        self.client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
        self.client.cookies.clear()
        self.client.force_login(self.fixture.leader)
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "Kerja Sama Luar Negeri — Pemerintah Kota Bandung")

    def test_dates_and_numbers_are_in_indonesian_format(self):
        import datetime

        from django.utils import formats, translation

        with translation.override("id"):
            self.assertEqual(formats.date_format(datetime.date(2022, 2, 3), "DATE_FORMAT"), "3 Februari 2022")
            self.assertEqual(
                formats.number_format(1234567.5, decimal_pos=1, force_grouping=True), "1.234.567,5"
            )
