"""The profile page: e-mail reminders on or off, the CSV separator, and the
calendar link created, regenerated and revoked."""

import re

from django.test import TestCase
from django.urls import reverse

from accounts.models import StaffProfile
from accounts.roles import Role
from tests import factories


class ProfileTests(TestCase):
    def setUp(self):
        self.user = factories.make_user(role=Role.LEADERSHIP)
        self.client.force_login(self.user)

    def test_it_asks_to_log_in_first(self):
        self.client.logout()
        response = self.client.get(reverse("profile"))
        self.assertEqual(response.status_code, 302)

    def test_a_user_without_a_profile_sees_the_page_and_gets_one_on_saving(self):
        response = self.client.get(reverse("profile"))
        self.assertContains(response, "Profil saya")
        self.assertContains(response, "Buat tautan kalender saya")
        self.assertFalse(StaffProfile.objects.filter(user=self.user).exists())
        self.client.post(reverse("profile"), {"language": "id", "csv_delimiter": ","})
        profile = StaffProfile.objects.get(user=self.user)
        self.assertFalse(profile.email_reminders)
        self.assertEqual(profile.csv_delimiter, ",")

    def test_opting_back_in_is_saved(self):
        StaffProfile.objects.create(user=self.user, email_reminders=False)
        response = self.client.post(
            reverse("profile"), {"language": "id", "email_reminders": "on", "csv_delimiter": ";"}, follow=True
        )
        self.assertContains(response, "Preferensi Anda tersimpan.")
        self.assertTrue(StaffProfile.objects.get(user=self.user).email_reminders)

    def test_the_calendar_link_is_created_shown_regenerated_and_revoked(self):
        self.client.post(reverse("calendar_token"), {"action": "renew"})
        first = StaffProfile.objects.get(user=self.user).calendar_token
        self.assertGreaterEqual(len(first), 40)
        page = self.client.get(reverse("profile"))
        self.assertContains(page, f"http://127.0.0.1:8000/kalender/{first}.ics")
        self.assertContains(page, f'href="webcal://127.0.0.1:8000/kalender/{first}.ics"')
        self.client.post(reverse("calendar_token"), {"action": "renew"})
        second = StaffProfile.objects.get(user=self.user).calendar_token
        self.assertNotEqual(first, second)
        self.client.post(reverse("calendar_token"), {"action": "revoke"})
        self.assertEqual(StaffProfile.objects.get(user=self.user).calendar_token, "")

    def test_the_calendar_link_changes_only_by_post(self):
        self.assertEqual(self.client.get(reverse("calendar_token")).status_code, 405)

    def test_an_account_without_a_role_gets_no_calendar_link(self):
        self.client.force_login(factories.make_user())
        response = self.client.post(reverse("calendar_token"), {"action": "renew"}, follow=True)
        self.assertContains(response, "Akun Anda belum memiliki peran")
        self.assertFalse(StaffProfile.objects.exclude(calendar_token="").exists())

    def test_the_page_obeys_the_content_security_policy(self):
        self.client.post(reverse("calendar_token"), {"action": "renew"})
        html = self.client.get(reverse("profile")).content.decode()
        self.assertNotIn("style=", html)
        self.assertIsNone(re.search(r"<script(?![^>]*\bsrc=)", html))
        self.assertIsNone(re.search(r"\son[a-z]+=", html))

    def test_the_admin_links_to_the_profile(self):
        admin_user = factories.make_user(is_superuser=True)
        self.client.force_login(admin_user)
        self.assertContains(self.client.get(reverse("admin:index")), f'href="{reverse("profile")}"')
