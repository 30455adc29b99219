"""Requests per user are limited, and every use of a token is logged with
the token, the user, the method, the path and the answer."""

import io
import json
import logging
import os
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings

from accounts.models import ApiToken
from accounts.roles import Role
from accounts.tokens import create_api_token
from bandung_coop.settings import envrate
from coop_lib.logs import JsonFormatter
from tests import factories
from tests.api.helpers import ApiTestCase


class RateSettingTests(SimpleTestCase):
    def test_a_rate_reads_requests_per_period_and_refuses_anything_else(self):
        with mock.patch.dict(os.environ, {"API_THROTTLE_RATE": " 120/minute "}):
            self.assertEqual(envrate("API_THROTTLE_RATE", "1/day"), "120/minute")
        self.assertEqual(envrate("API_NO_SUCH_RATE", "60/hour"), "60/hour")
        for wrong in ("100/hours", "100/mins", "0/minute", "-5/minute", "banyak/hour", "100", ""):
            with (
                self.subTest(rate=wrong),
                mock.patch.dict(os.environ, {"API_THROTTLE_RATE": wrong}),
                self.assertRaisesMessage(ImproperlyConfigured, "API_THROTTLE_RATE="),
            ):
                envrate("API_THROTTLE_RATE", "1/day")


class ThrottleTests(ApiTestCase):
    @override_settings(API_THROTTLE_RATE="2/minute")
    def test_a_user_past_the_limit_gets_429_whatever_the_token(self):
        user = factories.make_user(role=Role.LEADERSHIP)
        first, second = (create_api_token(user=user, name=name)[1] for name in ("satu", "dua"))
        self.assertEqual(self.api("/api/v1/meetings/", first).status_code, 200)
        self.assertEqual(self.api("/api/v1/partners/", second).status_code, 200)
        response = self.api("/api/v1/meetings/", first)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Retry-After", response.headers)
        # Another user has a limit of their own.
        self.assertEqual(self.api("/api/v1/meetings/", self.token_for()).status_code, 200)


class TokenUseLogTests(ApiTestCase):
    def test_every_use_of_a_token_is_logged(self):
        user = factories.make_user(role=Role.DEPARTMENT_STAFF)
        token, secret = create_api_token(user=user, name="uji")
        with self.assertLogs("bandung_coop.api", logging.INFO) as logs:
            self.api("/api/v1/meetings/", secret)
            self.api("/api/v1/meetings/999999/", secret)
            self.api("/api/v1/meetings/", secret, method="post")
        lines = [record for record in logs.records if record.levelno == logging.INFO]
        self.assertEqual(
            [record.getMessage() for record in lines],
            [
                f"API token {token.pk} ({token.prefix}…) of user {user.pk}: GET /api/v1/meetings/ 200",
                f"API token {token.pk} ({token.prefix}…) of user {user.pk}: GET /api/v1/meetings/999999/ 404",
                f"API token {token.pk} ({token.prefix}…) of user {user.pk}: POST /api/v1/meetings/ 405",
            ],
        )
        line = json.loads(JsonFormatter().format(lines[0]))
        self.assertEqual(
            (line["token_id"], line["token_prefix"], line["status"]), (token.pk, token.prefix, 200)
        )
        self.assertNotIn(secret, str([record.__dict__ for record in logs.records]))

    def test_a_refused_token_is_logged_without_its_secret(self):
        user = factories.make_user(role=Role.LEADERSHIP)
        token, secret = create_api_token(user=user, name="uji")
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.created_at)
        with self.assertLogs("bandung_coop.api", logging.WARNING) as logs:
            self.api("/api/v1/meetings/", secret)
            self.api("/api/v1/meetings/", "bdg_rahasia-yang-salah")
        self.assertEqual(
            [record.getMessage() for record in logs.records],
            [
                f"API request with revoked token {token.pk} ({token.prefix}…)",
                "API request with an unknown token",
            ],
        )
        self.assertNotIn("rahasia-yang-salah", str([record.__dict__ for record in logs.records]))

    def test_the_json_lines_carry_the_tokens_user(self):
        # Formatted as they are written, while the request's context is set.
        lines = io.StringIO()
        handler = logging.StreamHandler(lines)
        handler.setFormatter(JsonFormatter())
        root = logging.getLogger()
        root.addHandler(handler)
        self.addCleanup(root.removeHandler, handler)
        user = factories.make_user(role=Role.LEADERSHIP)
        secret = self.token_for(user)
        self.api("/api/v1/partners/", secret)
        logged = [json.loads(line) for line in lines.getvalue().splitlines()]
        use, request_line = (
            line for line in logged if line["logger"] in ("bandung_coop.api", "coop_lib.request")
        )
        self.assertEqual((use["user_id"], use["path"], use["status"]), (user.pk, "/api/v1/partners/", 200))
        self.assertEqual((request_line["user_id"], request_line["status"]), (user.pk, 200))
        self.assertNotIn(secret, lines.getvalue())

    def test_session_requests_are_not_token_uses(self):
        self.client.force_login(factories.make_user(role=Role.LEADERSHIP))
        with self.assertNoLogs("bandung_coop.api", logging.INFO):
            self.client.get("/api/v1/partners/")
