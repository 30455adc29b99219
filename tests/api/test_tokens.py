"""Personal tokens: made on the profile page and shown once, kept only as a
hash, used as a Bearer header, revoked; every refusal a 401 that says why."""

import datetime
import hashlib
import re

from django.urls import reverse

from accounts.models import ApiToken
from accounts.roles import Role
from accounts.tokens import create_api_token, revoke_api_token
from tests import factories
from tests.api.helpers import ApiTestCase

MEETINGS = "/api/v1/meetings/"


class TokenOnTheProfilePageTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.user = factories.make_user(role=Role.LEADERSHIP)
        self.client.force_login(self.user)

    def create(self, name="Portal data"):
        return self.client.post(reverse("api_tokens"), {"action": "create", "name": name}, follow=True)

    def secret_on(self, page) -> str:
        match = re.search(r'id="new-api-token" type="text" readonly value="([^"]+)"', page.content.decode())
        return match[1] if match else ""

    def test_a_token_is_created_shown_once_and_stored_as_a_hash(self):
        page = self.create()
        secret = self.secret_on(page)
        self.assertTrue(secret.startswith("bdg_"))
        self.assertGreater(len(secret), 40)
        token = ApiToken.objects.get(user=self.user)
        self.assertEqual(token.name, "Portal data")
        self.assertEqual(token.secret_hash, hashlib.sha256(secret.encode()).hexdigest())
        self.assertEqual(token.prefix, secret[:12])
        # Nowhere in the database, the audit trail included.
        self.assertFalse(ApiToken.objects.filter(secret_hash=secret).exists())
        self.assertFalse(token.history.filter(secret_hash=secret).exists())
        self.assertNotIn(secret, str(list(ApiToken.objects.values())))
        self.assertIn("no-store", page["Cache-Control"])  # no copy in the browser's cache
        # The next view of the page shows its prefix, never the secret again.
        again = self.client.get(reverse("profile"))
        self.assertNotContains(again, secret)
        self.assertContains(again, f"{token.prefix}…")
        self.assertContains(again, "Portal data")

    def test_the_token_reads_the_api_then_stops_once_revoked(self):
        secret = self.secret_on(self.create())
        self.client.logout()
        self.assertEqual(self.api(MEETINGS, secret).status_code, 200)
        token = ApiToken.objects.get(user=self.user)
        self.assertIsNotNone(token.last_used_at)
        self.client.force_login(self.user)
        page = self.client.post(reverse("api_tokens"), {"action": "revoke", "token": token.pk}, follow=True)
        self.assertContains(page, "sudah dicabut")
        self.client.logout()
        response = self.api(MEETINGS, secret)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Token ini sudah dicabut."})

    def test_the_last_use_is_kept_to_the_minute(self):
        token, secret = create_api_token(user=self.user, name="Portal data")
        self.assertEqual(self.api(MEETINGS, secret).status_code, 200)
        token.refresh_from_db()
        first = token.last_used_at
        self.assertEqual(self.api(MEETINGS, secret).status_code, 200)
        token.refresh_from_db()
        self.assertEqual(token.last_used_at, first)  # within the minute: not written again
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
        self.assertEqual(self.api(MEETINGS, secret).status_code, 200)
        token.refresh_from_db()
        self.assertGreaterEqual(token.last_used_at, first)

    def test_a_token_without_a_name_is_refused(self):
        page = self.create(name="   ")
        self.assertContains(page, "Beri nama token")
        self.assertFalse(ApiToken.objects.exists())

    def test_another_users_token_cannot_be_revoked(self):
        other = factories.make_user(role=Role.LEADERSHIP)
        token, secret = create_api_token(user=other, name="milik orang lain")
        for value in (token.pk, "abc", "", "²", "9" * 30):
            response = self.client.post(reverse("api_tokens"), {"action": "revoke", "token": value})
            self.assertEqual(response.status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
        self.assertEqual(self.api(MEETINGS, secret).status_code, 200)

    def test_an_account_without_a_role_gets_no_token(self):
        self.client.force_login(factories.make_user())
        page = self.create()
        self.assertContains(page, "belum dapat memakai API")
        self.assertFalse(ApiToken.objects.exists())

    def test_ten_active_tokens_are_the_most(self):
        for n in range(10):
            create_api_token(user=self.user, name=f"token {n}")
        page = self.create()
        self.assertContains(page, "sudah memiliki 10 token aktif")
        self.assertEqual(ApiToken.objects.filter(user=self.user).count(), 10)

    def test_the_page_links_to_the_api_documentation(self):
        self.assertContains(self.client.get(reverse("profile")), f'href="{reverse("api:docs")}"')

    def test_tokens_change_only_by_post(self):
        self.assertEqual(self.client.get(reverse("api_tokens")).status_code, 405)


class RefusedCredentialsTests(ApiTestCase):
    def test_no_credentials_answer_401_naming_the_scheme(self):
        response = self.api(MEETINGS)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.headers["WWW-Authenticate"], 'Bearer realm="api"')

    def test_an_unknown_token_answers_401(self):
        response = self.api(MEETINGS, "bdg_tidak-ada-token-seperti-ini")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Token ini tidak valid."})

    def test_a_malformed_header_answers_401(self):
        for header in ("Bearer", "Bearer satu dua", "Bearer t\u00f6ken"):
            with self.subTest(header=header):
                response = self.client.get(MEETINGS, headers={"Authorization": header})
                self.assertEqual(response.status_code, 401)

    def test_the_token_of_a_disabled_account_answers_401(self):
        user = factories.make_user(role=Role.LEADERSHIP)
        secret = self.token_for(user)
        user.is_active = False
        user.save()
        response = self.api(MEETINGS, secret)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Akun pemilik token ini dinonaktifkan."})

    def test_a_revoked_token_answers_401(self):
        user = factories.make_user(role=Role.LEADERSHIP)
        token, secret = create_api_token(user=user, name="uji")
        revoke_api_token(token=token, user=user)
        self.assertEqual(self.api(MEETINGS, secret).status_code, 401)

    def test_an_account_without_a_role_reads_nothing(self):
        secret = self.token_for(factories.make_user())
        factories.make_meeting()
        for path in (MEETINGS, "/api/v1/partners/", "/api/v1/dashboard/", "/api/v1/schema/"):
            with self.subTest(path=path):
                response = self.api(path, secret)
                self.assertEqual(response.status_code, 403)
                self.assertNotIn("Pertemuan", response.content.decode())

    def test_a_signed_in_user_reads_with_the_session(self):
        self.client.force_login(factories.make_user(role=Role.DEPARTMENT_STAFF))
        self.assertEqual(self.client.get(MEETINGS).status_code, 200)
