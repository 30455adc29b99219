"""Every migration runs backwards and forwards again on PostgreSQL: an
installation with the demo data is migrated back to zero, app by app, then
forwards, and its schema (tables, columns, constraints, indexes, triggers,
functions) is the one it had before."""

import subprocess

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.operations.conftest import manage, operator_environment

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL is the production database; on SQLite every step back rebuilds tables (minutes)",
)

# How far back an app can go while its rows exist, where that is not zero.
# Django's auth.0002 widens permission names from 50 to 255 characters; its
# reverse cannot narrow them again once Django has created permissions with
# longer names, as it does for django-simple-history's many-to-many history
# models ("Can change HistoricalCooperation_supporting_departments").
# django-tasks-db's 0013 moves exception data with a RunPython that has no
# reverse: the job queue's table can go back to that step and no further.
FLOOR = {
    "auth": "0002_alter_permission_name_max_length",
    "contenttypes": "0001_initial",
    "django_tasks_database": "0013_separate_exception_fields",
}


def apps_in_migration_order() -> list[str]:
    """Every app with migrations, each after the apps its migrations depend on."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    plan = []
    for leaf in graph.leaf_nodes():
        plan += [node for node in graph.forwards_plan(leaf) if node not in plan]
    return list(dict.fromkeys(app for app, _name in plan))


def schema(database) -> str:
    dump = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", database.url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # pg_dump's \restrict line carries a new random key on each run.
    return "\n".join(
        line for line in dump.splitlines() if not line.startswith(("\\restrict", "\\unrestrict"))
    )


def test_every_migration_runs_back_to_zero_and_forwards_again(separate_database):
    environment = operator_environment(DATABASE_URL=separate_database.url, DEBUG="1")
    manage("migrate", "--no-input", environment=environment)
    manage("load_demo", environment=environment)  # backwards over rows, as on a real installation
    migrated = schema(separate_database)

    apps = apps_in_migration_order()
    assert {"accounts", "partnerships", "meetings", "bandung_coop"} <= set(apps)
    for app in reversed(apps):
        manage("migrate", app, FLOOR.get(app, "zero"), "--no-input", environment=environment)

    with separate_database.connect() as db, db.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        applied = cursor.fetchall()
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = {table for (table,) in cursor.fetchall()}
    assert {app for app, _name in applied} == {"auth", "contenttypes", "django_tasks_database"}
    assert ("auth", "0003_alter_user_email_max_length") not in applied
    assert max(name for app, name in applied if app == "django_tasks_database") == (
        "0013_separate_exception_fields"
    )
    left = tables - {"django_migrations", "django_content_type"}
    assert {table for table in left if not table.startswith(("auth_", "django_tasks_database_"))} == set()

    manage("migrate", "--no-input", environment=environment)
    assert schema(separate_database) == migrated
