"""Load check: gunicorn with the production settings, N concurrent clients.

    python manage.py loadcheck --duration 60 --connections 20

Starts gunicorn on a free loopback port with DEBUG off, logs a user in over
HTTP, then runs wrk against each page in turn and prints requests/s, errors
and the 50th/95th/99th latency percentiles. Loopback only; the run is
bounded by --duration per page.
"""

import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

# wrk reports percentiles through a Lua hook; these lines are parsed below.
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d p50=%d p95=%d p99=%d\\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
RESULT = re.compile(r"RESULT requests=(\d+) errors=(\d+) p50=(\d+) p95=(\d+) p99=(\d+)")
PASSWORD = secrets.token_urlsafe(16)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def log_in(base: str, username: str) -> str:
    """The session cookie of a fresh login, read from the headers: the
    production cookies are Secure, which a cookie jar would not send over
    plain HTTP on loopback."""
    with urllib.request.urlopen(f"{base}/admin/login/", timeout=10) as response:
        csrf_cookie = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"}
    ).encode()
    request = urllib.request.Request(
        f"{base}/admin/login/", data=body, headers={"Cookie": f"csrftoken={csrf_cookie}"}
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        answer = opener.open(request, timeout=10)
    except urllib.error.HTTPError as redirect:
        cookies = " ".join(redirect.headers.get_all("Set-Cookie") or [])
        if redirect.code == 302 and (session := re.search(r"sessionid=([^;]+)", cookies)):
            return f"sessionid={session.group(1)}"
        raise CommandError(
            f"could not log in to the gunicorn under test (HTTP {redirect.code})"
        ) from redirect
    errors = re.findall(r'class="errornote"[^>]*>([^<]+)', answer.read().decode())
    raise CommandError(f"could not log in to the gunicorn under test: {errors}")


class Command(BaseCommand):
    help = "Run wrk against gunicorn with production settings and report p95 latencies."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=60, help="seconds per page")
        parser.add_argument("--connections", type=int, default=20)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
        parser.add_argument("--paths", default="/,/admin/meetings/meeting/")

    def handle(self, *args, duration, connections, workers, paths, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian: apt-get install wrk)")
        user = self._load_user()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        environment = {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": self._database_url(),
            "PATH": "/usr/bin:/bin",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], env=environment, check=True
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "bandung_coop.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self._wait_for(base)
            cookie = log_in(base, user.username)
            with tempfile.TemporaryDirectory() as directory:
                script = Path(directory) / "report.lua"
                script.write_text(WRK_REPORT)
                self.stdout.write(f"gunicorn, {workers} workers, production settings")
                self.stdout.write(f"wrk, {connections} clients, {duration} s per page")
                self.stdout.write(
                    f"{'page':<32} {'requests/s':>11} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
                )
                for path in paths.split(","):
                    self._run_wrk(base + path, path, cookie, script, duration, connections)
        finally:
            server.terminate()
            server.wait(timeout=20)

    def _run_wrk(self, url, path, cookie, script, duration, connections) -> None:
        result = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script),
             "-H", f"Cookie: {cookie}", "-H", "Host: 127.0.0.1", url],
            capture_output=True, text=True, timeout=duration + 60,
        )  # fmt: skip
        match = RESULT.search(result.stdout)
        if not match:
            raise CommandError(f"wrk gave no result for {path}: {result.stdout} {result.stderr}")
        requests, errors, p50, p95, p99 = (int(value) for value in match.groups())
        rate, percentiles = requests / duration, (f"{value / 1000:>8.1f}" for value in (p50, p95, p99))
        self.stdout.write(f"{path:<32} {rate:>11.1f} {errors:>7} {' '.join(percentiles)}")

    def _wait_for(self, base: str) -> None:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/admin/login/", timeout=2)
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise CommandError("gunicorn did not start")

    def _load_user(self):
        user, _created = get_user_model().objects.get_or_create(
            username="loadcheck", defaults={"is_staff": True, "is_superuser": True}
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        return user

    def _database_url(self) -> str:
        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3"):
            return f"sqlite:///{database['NAME']}"
        port = database.get("PORT") or 5432
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        return f"postgres://{database['USER']}{password}@{database['HOST']}:{port}/{database['NAME']}"
