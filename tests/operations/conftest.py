"""A database of its own for the tests that migrate, drop and restore a whole
installation through manage.py, so the test database stays as it is."""

import contextlib
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class SeparateDatabase:
    url: str
    vendor: str
    name: str
    server: dict

    def _on_server(self, statement: str) -> None:
        admin = psycopg2.connect(dbname="postgres", **self.server)
        admin.autocommit = True  # CREATE and DROP DATABASE refuse to run in a transaction
        try:
            with admin.cursor() as cursor:
                cursor.execute(statement)
        finally:
            admin.close()

    def create(self) -> None:
        if self.vendor == "postgresql":
            self._on_server(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._on_server(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            Path(self.name).unlink(missing_ok=True)

    def connect(self):
        """A connection to read it, closed on leaving the ``with`` block."""
        if self.vendor == "postgresql":
            return contextlib.closing(psycopg2.connect(dbname=self.name, **self.server))
        return contextlib.closing(sqlite3.connect(self.name))


@pytest.fixture
def separate_database(tmp_path):
    """A new, empty database: PostgreSQL when the tests run on it, else a SQLite file."""
    if connection.vendor != "postgresql":
        path = tmp_path / "separate.sqlite3"
        yield SeparateDatabase(url=f"sqlite:///{path}", vendor="sqlite", name=str(path), server={})
        return
    settings = dj_database_url.parse(os.environ["DATABASE_URL"])
    server = {
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
    }
    name = f"{settings['NAME']}_operations_check"
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    database = SeparateDatabase(url=url, vendor="postgresql", name=name, server=server)
    database.drop()
    database.create()
    yield database
    database.drop()


def manage(*arguments: str, environment: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    """``python manage.py …`` as an operator runs it, with the application's own settings."""
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert done.returncode == 0, f"manage.py {' '.join(arguments)}\n{done.stdout}\n{done.stderr}"
    return done


def operator_environment(**settings: str) -> dict[str, str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "MEDIA_ROOT", "BACKUP_DIR")
    }
    return inherited | {"DJANGO_SETTINGS_MODULE": "bandung_coop.settings"} | settings
