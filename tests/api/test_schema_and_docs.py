"""The OpenAPI schema generates without a warning and validates; the
documentation page works under the Content-Security-Policy with files served
from here only."""

import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.core.management import call_command

from accounts.roles import Role
from tests import factories
from tests.api.helpers import ApiTestCase

ENDPOINTS = (
    "/api/v1/departments/",
    "/api/v1/partners/",
    "/api/v1/cooperations/",
    "/api/v1/meetings/",
    "/api/v1/visits/",
    "/api/v1/follow-ups/",
    "/api/v1/dashboard/",
    "/api/v1/open-data/",
)


class SchemaTests(ApiTestCase):
    def test_the_schema_validates_without_a_warning(self):
        with tempfile.TemporaryDirectory() as folder:
            schema = Path(folder) / "schema.yaml"
            # --fail-on-warn raises on any warning of the generator.
            call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
            text = schema.read_text()
        for path in ENDPOINTS:
            self.assertIn(f"  {path}:", text)
        self.assertIn("personalToken", text)

    def test_the_schema_is_served_to_a_token(self):
        response = self.api("/api/v1/schema/?format=json", self.token_for())
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertEqual(schema["info"]["version"], "1")
        self.assertLessEqual(set(ENDPOINTS), set(schema["paths"]))
        self.assertEqual(schema["components"]["securitySchemes"]["personalToken"]["scheme"], "bearer")
        # Every endpoint but the open data asks for a token or a session.
        self.assertEqual(
            schema["paths"]["/api/v1/meetings/"]["get"]["security"],
            [{"personalToken": []}, {"cookieAuth": []}],
        )
        self.assertNotIn("security", schema["paths"]["/api/v1/open-data/"]["get"])
        self.assertNotIn("security", schema)


class DocsPageTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(factories.make_user(role=Role.DEPARTMENT_STAFF))

    def test_without_a_session_it_asks_to_log_in(self):
        self.client.logout()
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_it_names_only_files_served_here_and_no_inline_code(self):
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
        self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])
        self.assertIsNone(re.search(r"<script(?![^>]*\bsrc=)", html), "an inline script")
        self.assertNotIn("<style", html)
        self.assertNotIn("style=", html)
        addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
        self.assertGreaterEqual(len(addresses), 5)
        for address in addresses:
            with self.subTest(address=address):
                parts = urlsplit(address.replace("&amp;", "&"))
                self.assertEqual(parts.netloc, "", "a file from another host")
                if parts.path.startswith("/static/"):
                    self.assertIsNotNone(finders.find(parts.path.removeprefix("/static/")))
                else:
                    served = self.client.get(f"{parts.path}?{parts.query}")
                    self.assertEqual(served.status_code, 200)
                    self.assertIn("javascript", served["Content-Type"])
                    self.assertIn("/api/v1/schema/", served.content.decode())
