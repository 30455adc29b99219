"""The production path of the README: collectstatic, gunicorn with
production settings, static files from WhiteNoise, the configured database;
the pages load with no missing asset."""

import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.fixture
def production_database():
    """A database of its own: a fresh PostgreSQL database when the tests run
    on PostgreSQL, otherwise a SQLite file."""
    if connection.vendor != "postgresql":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{directory}/production-check.sqlite3"
        return
    settings = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{settings['NAME']}_production_check"
    admin = psycopg2.connect(
        dbname="postgres", user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_gunicorn_serves_the_pages_and_every_asset_with_production_settings(production_database, tmp_path):
    port = free_port()
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)
    } | {
        "DJANGO_SETTINGS_MODULE": "bandung_coop.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": production_database,
        "STATIC_ROOT": str(tmp_path / "static"),
        # Plain HTTP on loopback: TLS is the reverse proxy's job.
        "SECURE_SSL_REDIRECT": "0",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=environment, check=True, capture_output=True)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bandung_coop.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, html = fetch(f"{base}/admin/login/")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start: " + server.stderr.read().decode())
        assert status == 200
        assert "Kerja Sama Luar Negeri" in html
        assets = set(ASSET.findall(html)) | {"/static/vendor/bootstrap/css/bootstrap.min.css"}
        assert any("admin/css" in asset for asset in assets)
        for asset in sorted(assets):
            assert fetch(base + asset)[0] == 200, asset
    finally:
        server.terminate()
        server.wait(timeout=10)
