"""The README's deployment recipe, run as it is written there: in a copy of
the checkout, a new virtual environment from the lock, the npm packages, the
migrations, the roles, the first administrator answering its prompts,
collectstatic, the job worker and gunicorn with production settings. The
installation has no demo account, serves the login page with every asset it
names, and its worker runs a job queued in it."""

import os
import pty
import re
import secrets
import select
import shlex
import shutil
import socket
import subprocess
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


README = ROOT / "README.md"
PASSWORD = "Kata-sandi-penerapan-2026"


def deployment_commands() -> list[str]:
    """The shell lines of the first ``sh`` block of the README's Deployment section."""
    section = README.read_text(encoding="utf-8").split("## Deployment", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def copy_of_checkout(target: Path) -> None:
    """The tracked files, as a fresh clone would have them."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True)
    for name in tracked.stdout.splitlines():
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def answer_prompts(command: list[str], cwd: Path, environment: dict, answers: list[str]) -> str:
    """Runs an interactive command on a terminal of its own, typing the next
    answer each time it waits at a prompt (a line ending in a colon);
    returns what it printed."""
    leader, follower = pty.openpty()
    terminal = {"stdin": follower, "stdout": follower, "stderr": follower}
    process = subprocess.Popen(command, cwd=cwd, env=environment, **terminal)
    os.close(follower)
    shown, answered, pending = "", 0, list(answers)
    while process.poll() is None:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            process.kill()
            pytest.fail("no prompt for 30 s; it printed: " + shown)
        try:
            shown += os.read(leader, 1024).decode(errors="replace")
        except OSError:  # the terminal closed as the command ended
            break
        prompts = shown.count(":")
        if shown.rstrip().endswith(":") and pending and prompts > answered:
            answered = prompts
            os.write(leader, (pending.pop(0) + "\n").encode())
    process.wait(timeout=30)
    os.close(leader)
    assert process.returncode == 0, shown
    return shown


def test_the_readme_deployment_recipe_gives_a_working_installation(production_database, tmp_path):
    checkout = tmp_path / "checkout"
    copy_of_checkout(checkout)
    port = free_port()
    settings = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": production_database,
    }
    environment = (
        {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV")
        }
        | settings
        | {
            "STATIC_ROOT": str(tmp_path / "static"),
            # Plain HTTP on loopback: TLS is the reverse proxy's job.
            "SECURE_SSL_REDIRECT": "0",
        }
    )
    server = worker = None
    worker_log = tmp_path / "worker.log"
    try:
        for line in deployment_commands():
            words = shlex.split(line)
            if words[-1] == "&":
                # Started in the background, as the shell would: the job worker.
                assert "db_worker" in words, line
                with worker_log.open("w") as log:
                    worker = subprocess.Popen(
                        words[:-1], cwd=checkout, env=environment, stdout=log, stderr=log
                    )
            elif words[0] == "export":
                # The settings line: the test gives its own values for the same names.
                named = {word.split("=", 1)[0] for word in words[1:]}
                assert named == set(settings), line
            elif "createsuperuser" in words:
                # User name, e-mail address, password, the password again.
                answers = ["kepala.kerjasama", "kerjasama@example.org", PASSWORD, PASSWORD]
                answer_prompts(words, checkout, environment, answers)
            elif words[0].endswith("gunicorn"):
                words[words.index("--bind") + 1] = f"127.0.0.1:{port}"  # a free port, not 8000
                server = subprocess.Popen(
                    words, cwd=checkout, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
            else:
                done = subprocess.run(words, cwd=checkout, env=environment, capture_output=True, text=True)
                assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        assert server is not None, "the recipe starts gunicorn"
        assert worker is not None, "the recipe starts a job worker"

        python = [str(checkout / ".venv/bin/python"), "manage.py"]
        unapplied = subprocess.run([*python, "migrate", "--check"], cwd=checkout, env=environment)
        assert unapplied.returncode == 0, "every migration is applied"
        state = subprocess.run(
            [*python, "shell", "-c", STATE],
            cwd=checkout,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
        )
        groups, users = state.stdout.strip().splitlines()[-2:]
        assert groups == "Admin Kerja Sama|Pimpinan|Staf OPD"
        assert users == "kepala.kerjasama superuser", "the first administrator, and no demo account"

        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
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

        # A job queued in the installation (the day's reminder digests) is run by its worker.
        queued = subprocess.run(
            [*python, "send_reminders"],
            cwd=checkout,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
        )
        job_id = re.search(r"[0-9a-f]{8}-[0-9a-f-]{27}", queued.stdout)
        assert job_id, queued.stdout
        for _ in range(60):
            state = (
                subprocess.run(
                    [*python, "shell", "-c", JOB_STATE % job_id[0]],
                    cwd=checkout,
                    env=environment,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.splitlines()[-1]
                .split()
            )  # after the shell's line about its imports
            if state[0] != "queued" and state[0] != "running":
                break
            time.sleep(1)
        assert state == ["done", "SUCCESSFUL", "worker"], worker_log.read_text()
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)


# Printed by the installed application itself: its role groups and users.
STATE = """
from django.contrib.auth.models import Group, User
print("|".join(sorted(Group.objects.values_list("name", flat=True))))
users = User.objects.order_by("pk")
print(",".join(f"{user.username} {'superuser' if user.is_superuser else 'user'}" for user in users))
"""

# The job's status, its queue entry's, and whether a worker took it.
JOB_STATE = """
from coop_lib.models import Job
from django_tasks_db.models import DBTaskResult
job = Job.objects.get(pk="%s")
entry = DBTaskResult.objects.get(pk=job.task_result_id)
print(job.status, entry.status, "worker" if entry.worker_ids else "nobody")
"""
