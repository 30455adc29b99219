"""Logs are one JSON object a line with the time, level, request id, user id,
method and path, and no personal data: no query string, no user name, no
e-mail address, no calendar token. The request id a proxy sets comes back
in the response; without one, a new one is made."""

import datetime
import io
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

from django.test import TestCase

from accounts.models import StaffProfile
from accounts.roles import Role
from accounts.views import renew_calendar_token
from coop_lib import health
from coop_lib.logs import JsonFormatter
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


class JsonLinesTests(TestCase):
    def setUp(self):
        self.lines = io.StringIO()
        handler = logging.StreamHandler(self.lines)
        handler.setFormatter(JsonFormatter())
        root = logging.getLogger()
        root.addHandler(handler)
        self.addCleanup(root.removeHandler, handler)
        self.user = factories.make_user(role=Role.LEADERSHIP, email="budi.santoso@bandung.go.id")

    def logged(self) -> list[dict]:
        return [json.loads(line) for line in self.lines.getvalue().splitlines()]

    def request_line(self) -> dict:
        (line,) = [line for line in self.logged() if line["logger"] == "coop_lib.request"]
        return line

    def test_a_request_logs_one_json_line_with_its_fields_and_no_query_string(self):
        self.client.force_login(self.user)
        response = self.client.get("/pertemuan/", {"q": "Kanasugi", "tahun": "2022"})
        self.assertEqual(response.status_code, 200)
        line = self.request_line()
        self.assertEqual(
            set(line),
            {
                "time",
                "level",
                "logger",
                "message",
                "request_id",
                "user_id",
                "method",
                "path",
                "status",
                "duration_ms",
            },
        )
        self.assertEqual(datetime.datetime.fromisoformat(line["time"]).utcoffset(), datetime.timedelta(0))
        self.assertEqual(line["level"], "INFO")
        self.assertEqual(line["user_id"], self.user.pk)
        self.assertEqual((line["method"], line["path"], line["status"]), ("GET", "/pertemuan/", 200))
        self.assertEqual(line["message"], "GET /pertemuan/ 200")
        self.assertGreater(line["duration_ms"], 0)
        self.assertEqual(line["request_id"], response["X-Request-ID"])
        text = self.lines.getvalue()
        for personal in ("Kanasugi", "tahun", "?", self.user.username, "budi.santoso"):
            self.assertNotIn(personal, text)

    def test_the_request_id_a_proxy_sets_comes_back_and_is_logged(self):
        response = self.client.get("/healthz", headers={"X-Request-ID": "7f3a9c1e-proxy-0042"})
        self.assertEqual(response["X-Request-ID"], "7f3a9c1e-proxy-0042")
        self.assertEqual(self.request_line()["request_id"], "7f3a9c1e-proxy-0042")

    def test_a_request_id_that_is_no_id_is_replaced_by_a_new_one(self):
        for given in ('"}\n{"level": "ERROR"', "x" * 500, "short"):
            with self.subTest(given=given):
                response = self.client.get("/healthz", headers={"X-Request-ID": given})
                self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")

    def test_each_request_gets_its_own_id(self):
        first, second = self.client.get("/healthz"), self.client.get("/healthz")
        self.assertNotEqual(first["X-Request-ID"], second["X-Request-ID"])

    def test_a_line_logged_while_a_request_runs_carries_its_request_and_user(self):
        self.client.force_login(self.user)
        broken = mock.Mock(side_effect=OSError("disk full"))
        with mock.patch.dict(health.CHECKS, {"storage": broken}):
            response = self.client.get("/healthz")
        (line,) = [line for line in self.logged() if line["logger"] == "coop_lib.health"]
        self.assertEqual(line["level"], "ERROR")
        self.assertEqual(line["request_id"], response["X-Request-ID"])
        self.assertEqual((line["user_id"], line["path"]), (self.user.pk, "/healthz"))
        self.assertIn("OSError: disk full", line["exception"])

    def test_a_calendar_token_stays_out_of_the_log(self):
        profile = StaffProfile.objects.get_or_create(user=self.user)[0]
        token = renew_calendar_token(profile=profile)
        self.assertEqual(self.client.get(f"/kalender/{token}.ics").status_code, 200)
        self.assertNotIn(token, self.lines.getvalue())
        self.assertEqual(self.request_line()["path"], "/kalender/….ics")

    def test_a_visitor_is_logged_without_a_user_id(self):
        self.client.get("/healthz")
        self.assertIsNone(self.request_line()["user_id"])


def manage_with_settings(*arguments: str, **settings: str) -> subprocess.CompletedProcess:
    inherited = {
        key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "LOG_FORMAT")
    }
    environment = inherited | {"DJANGO_SETTINGS_MODULE": "bandung_coop.settings"} | settings
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


WARN = ("shell", "-c", "import logging; logging.getLogger('bandung_coop').warning('Kuota %s habis', 3)")
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "kerjasama.bandung.go.id",
}


class LogFormatSettingTests(TestCase):
    def test_production_logs_json_lines_by_default(self):
        done = manage_with_settings(*WARN, **PRODUCTION)
        line = json.loads(done.stderr.strip().splitlines()[-1])
        self.assertEqual(line["level"], "WARNING")
        self.assertEqual((line["logger"], line["message"]), ("bandung_coop", "Kuota 3 habis"))
        self.assertIsNone(line["request_id"])

    def test_log_format_text_gives_plain_lines(self):
        done = manage_with_settings(*WARN, **PRODUCTION, LOG_FORMAT="text")
        self.assertRegex(done.stderr.strip().splitlines()[-1], r"^\S+ WARNING bandung_coop: Kuota 3 habis$")

    def test_an_unknown_log_format_is_refused(self):
        done = manage_with_settings("check", LOG_FORMAT="xml")
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("LOG_FORMAT='xml'", done.stderr)


def test_gunicorn_writes_its_own_lines_as_json_too_and_no_access_log(tmp_path):
    """gunicorn.conf.py: the server's lines in the same format, and no access
    log, whose request line would carry the query string."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"} | {
        **PRODUCTION,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    environment.pop("LOG_FORMAT", None)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bandung_coop.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz?nama=Budi", timeout=5):
                    break
            except urllib.error.HTTPError:
                # An answer all the same: this database has no job queue
                # table, so the health check says 503.
                break
            except OSError:
                time.sleep(0.2)
    finally:
        server.terminate()
        output, errors = server.communicate(timeout=30)
    lines = [json.loads(line) for line in errors.decode().splitlines()]
    loggers = {line["logger"] for line in lines}
    assert {"gunicorn.error", "coop_lib.request"} <= loggers
    assert [line["path"] for line in lines if line["logger"] == "coop_lib.request"] == ["/healthz"]
    assert b"nama" not in output + errors
