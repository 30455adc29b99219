"""Every page carries the Content-Security-Policy and runs no inline script;
repeated failed logins lock the account for that address."""

import re

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from bandung_coop.demo import load_demo_data
from meetings.models import Meeting
from tests.access.fixtures import AccessFixture
from tests.admin.helpers import make_superuser

# A <script> without src runs inline; JSON data blocks do not run.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


class ContentSecurityPolicyTests(TestCase):
    def setUp(self):
        load_demo_data()
        self.client.force_login(get_user_model().objects.get(username="kerjasama"))

    def pages(self) -> list[str]:
        meeting = Meeting.objects.first()
        return [
            reverse("admin:index"),
            reverse("admin:meetings_meeting_changelist"),
            reverse("admin:meetings_meeting_add"),
            reverse("admin:meetings_meeting_change", args=[meeting.pk]),
            reverse("admin:meetings_meeting_history", args=[meeting.pk]),
            reverse("admin:partnerships_cooperation_changelist"),
            reverse("admin:partnerships_document_changelist"),
            reverse("admin:auth_user_changelist"),
        ]

    def test_every_page_sends_a_policy_without_unsafe_sources(self):
        for url in self.pages():
            with self.subTest(url=url):
                policy = self.client.get(url).headers["Content-Security-Policy"]
                self.assertIn("script-src 'self'", policy)
                self.assertNotIn("unsafe-inline", policy)
                self.assertNotIn("unsafe-eval", policy)

    def test_no_page_contains_inline_script_handlers_or_styles(self):
        for url in self.pages():
            with self.subTest(url=url):
                html = self.client.get(url).text
                self.assertIsNone(INLINE_SCRIPT.search(html))
                self.assertIsNone(INLINE_HANDLER.search(html))
                self.assertIsNone(STYLE_ATTRIBUTE.search(html))

    def test_the_login_page_carries_the_policy(self):
        self.client.logout()
        response = self.client.get(reverse("admin:login"))
        self.assertIn("default-src 'self'", response.headers["Content-Security-Policy"])
        self.assertEqual(response.headers["X-Frame-Options"], "DENY")


class LoginLockoutTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()

    def login(self, password: str, address: str = "10.0.0.5"):
        return self.client.post(
            reverse("admin:login"),
            {"username": "staf", "password": password},
            REMOTE_ADDR=address,
        )

    def test_five_failures_lock_the_user_out_from_that_address_even_with_the_right_password(self):
        for _ in range(5):
            self.login("salah")
        response = self.login("pw-for-tests-1")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Terlalu banyak percobaan masuk yang gagal", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_same_user_can_still_log_in_from_another_address(self):
        for _ in range(5):
            self.login("salah")
        response = self.login("pw-for-tests-1", address="10.0.0.9")
        self.assertEqual(response.status_code, 302)

    def test_a_superuser_clears_the_expired_lockouts_with_the_admin_action(self):
        for _ in range(5):
            self.login("salah")
        admin = Client()
        admin.force_login(make_superuser())
        # After the login, which clears expired attempts itself.
        AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
        response = admin.post(
            reverse("admin:axes_accessattempt_changelist"),
            {"action": "cleanup_expired_attempts", "_selected_action": [AccessAttempt.objects.get().pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AccessAttempt.objects.exists())
        self.assertEqual(self.login("pw-for-tests-1").status_code, 302)
