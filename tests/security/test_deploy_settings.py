"""Production settings pass Django's deployment checks, and unsafe ones
refuse to start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from bandung_coop.settings import envbool, envint

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "ALLOWED_HOSTS")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "bandung_coop.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class DeploySettingsTests(SimpleTestCase):
    def test_production_settings_pass_the_deployment_checks_at_warning_level(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="kerjasama.bandung.go.id",
        )
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)

    def test_production_refuses_the_development_secret_key(self):
        result = manage("check", DEBUG="0", ALLOWED_HOSTS="kerjasama.bandung.go.id")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("bandung_coop.E001", result.stderr)

    def test_production_refuses_empty_allowed_hosts(self):
        result = manage("check", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("bandung_coop.E002", result.stderr)

    def test_the_wsgi_application_refuses_unsafe_production_settings(self):
        code = "import bandung_coop.wsgi"
        environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=PROJECT_ROOT,
            env=environment
            | {
                "DJANGO_SETTINGS_MODULE": "bandung_coop.settings",
                "DEBUG": "0",
                "ALLOWED_HOSTS": "kerjasama.bandung.go.id",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is the development key", result.stderr)


class EnvironmentParsingTests(SimpleTestCase):
    def test_a_misspelt_flag_or_number_stops_the_settings(self):
        for name, value, read in (("DEBUG", "flase", envbool), ("EMAIL_PORT", "25a", envint)):
            with (
                self.subTest(name=name),
                mock.patch.dict(os.environ, {name: value}),
                self.assertRaises(ImproperlyConfigured),
            ):
                read(name, "0")

    def test_the_usual_spellings_are_read(self):
        for value, expected in (("1", True), ("Yes", True), ("off", False), ("", False)):
            with self.subTest(value=value), mock.patch.dict(os.environ, {"FLAG": value}):
                self.assertIs(envbool("FLAG", "0"), expected)
