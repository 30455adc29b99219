"""`/healthz` answers a load balancer without a login: 200 when the database
and the upload storage work, 503 naming the check that failed, and never
any data, version or error text."""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

from django.db import DatabaseError, OperationalError
from django.test import TestCase, override_settings

from coop_lib import health, jobs
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
ALL_OK = {"status": "ok", "checks": {"database": "ok", "storage": "ok", "queue": "ok"}}


def database_down() -> None:
    raise OperationalError('connection to server at "10.0.0.9", port 5432 failed: Connection refused')


class HealthzTests(TestCase):
    def setUp(self):
        self.media = Path(self.enterContext(tempfile.TemporaryDirectory())) / "media"
        self.enterContext(override_settings(MEDIA_ROOT=self.media))

    def test_it_answers_200_with_each_check_named_and_no_login(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            json.loads(response.content),
            {"status": "ok", "checks": {"database": "ok", "storage": "ok", "queue": "ok"}},
        )
        self.assertIn("no-store", response["Cache-Control"])

    def test_the_storage_check_leaves_no_file_behind(self):
        self.client.get("/healthz")
        self.assertEqual(list(self.media.iterdir()), [])

    def test_it_answers_503_naming_the_database_when_the_database_is_down(self):
        with mock.patch.dict(health.CHECKS, {"database": database_down}), self.assertLogs("coop_lib.health"):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            json.loads(response.content),
            {"status": "error", "checks": {"database": "error", "storage": "ok", "queue": "ok"}},
        )
        self.assertNotIn(b"10.0.0.9", response.content)

    def test_it_answers_503_naming_the_storage_when_uploads_cannot_be_stored(self):
        self.media.parent.mkdir(exist_ok=True)
        self.media.write_bytes(b"")  # a file where the folder should be
        with self.assertLogs("coop_lib.health") as logged:
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            json.loads(response.content),
            {"status": "error", "checks": {"database": "ok", "storage": "error", "queue": "ok"}},
        )
        self.assertIn("storage", logged.output[0])

    def test_it_answers_503_naming_the_queue_when_jobs_cannot_be_queued(self):
        unreadable = mock.patch.object(
            jobs.Job.objects, "order_by", side_effect=DatabaseError("no such table")
        )
        with unreadable, self.assertLogs("coop_lib.jobs"):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            json.loads(response.content),
            {"status": "error", "checks": {"database": "ok", "storage": "ok", "queue": "error"}},
        )

    def test_a_logged_in_user_gets_the_same_answer_and_no_more(self):
        self.client.force_login(factories.make_user(is_superuser=True))
        response = self.client.get("/healthz")
        self.assertEqual(
            json.loads(response.content),
            {"status": "ok", "checks": {"database": "ok", "storage": "ok", "queue": "ok"}},
        )

    def test_it_only_answers_reads(self):
        self.assertEqual(self.client.head("/healthz").status_code, 200)
        self.assertEqual(self.client.post("/healthz").status_code, 405)


def test_with_production_settings_plain_http_reaches_healthz_while_pages_go_to_https(tmp_path):
    """A load balancer probes over HTTP; everything else is still sent to HTTPS."""
    probe = (
        "from django.test import Client; client = Client(HTTP_HOST='kerjasama.bandung.go.id'); "
        "print(client.get('/healthz').status_code, client.get('/admin/login/').status_code)"
    )
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"} | {
        "DJANGO_SETTINGS_MODULE": "bandung_coop.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "kerjasama.bandung.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "ERROR",
    }
    # A migrated database, as a server has, so that every check passes.
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrated.returncode == 0, migrated.stderr
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", probe],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "301"]
