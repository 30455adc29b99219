"""Bulk loads: the counting triggers paused, and every tally recounted once
from the rows afterwards (PostgreSQL; elsewhere there is nothing to keep)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from figures.models import (
    COOPERATION_PARTNERS,
    COUNTRY_COUNTS,
    COUNTRY_INVOLVEMENTS,
    INVOLVEMENTS,
    MEETING_COOPERATIONS,
    MEETING_COUNTS,
    MEETINGS,
    PARTNER_COUNTS,
    PARTNERS,
    PENDING_COUNTS,
    PENDING_MONTH_COUNTS,
)
from meetings.choices import PENDING_STATUSES
from meetings.models import FollowUp, Meeting

# The tables whose triggers count (see figures.models), and the tally tables
# whose own triggers pass a count on.
COUNTED_TABLES = (
    MEETINGS,
    Meeting.partners.through._meta.db_table,
    MEETING_COOPERATIONS,
    COOPERATION_PARTNERS,
    PARTNERS,
    FollowUp._meta.db_table,
)
CASCADING_TALLIES = (INVOLVEMENTS, COUNTRY_INVOLVEMENTS)
TALLIES = (
    MEETING_COUNTS,
    PARTNER_COUNTS,
    COUNTRY_COUNTS,
    COUNTRY_INVOLVEMENTS,
    INVOLVEMENTS,
    PENDING_COUNTS,
    PENDING_MONTH_COUNTS,
)


def recount_statements() -> list[str]:
    """Every tally counted from the rows, set by set."""
    year = f"extract(year FROM m.starts_at AT TIME ZONE '{settings.TIME_ZONE}')::integer"
    pending = ", ".join(f"'{status}'" for status in PENDING_STATUSES)
    return [
        f"TRUNCATE {', '.join(TALLIES)}",
        *(f"ALTER TABLE {table} DISABLE TRIGGER USER" for table in CASCADING_TALLIES),
        f"INSERT INTO {MEETING_COUNTS} (year, department_id, meetings) "
        f"SELECT {year}, m.owner_department_id, count(*) FROM {MEETINGS} m GROUP BY 1, 2",
        f"INSERT INTO {INVOLVEMENTS} (meeting_id, partner_id, starts_at, year, country, paths) "
        f"SELECT pairs.meeting_id, pairs.partner_id, m.starts_at, {year}, p.country, count(*) FROM ("
        f"SELECT meeting_id, partner_id FROM {Meeting.partners.through._meta.db_table} UNION ALL "
        f"SELECT mc.meeting_id, cp.partner_id FROM {MEETING_COOPERATIONS} mc "
        f"JOIN {COOPERATION_PARTNERS} cp ON cp.cooperation_id = mc.cooperation_id"
        f") pairs JOIN {MEETINGS} m ON m.id = pairs.meeting_id JOIN {PARTNERS} p ON p.id = pairs.partner_id "
        f"GROUP BY 1, 2, 3, 4, 5",
        f"INSERT INTO {PARTNER_COUNTS} (partner_id, year, meetings) "
        f"SELECT partner_id, year, count(*) FROM {INVOLVEMENTS} GROUP BY 1, 2",
        f"INSERT INTO {COUNTRY_INVOLVEMENTS} (meeting_id, country, year, partners) "
        f"SELECT meeting_id, country, year, count(*) FROM {INVOLVEMENTS} GROUP BY 1, 2, 3",
        f"INSERT INTO {COUNTRY_COUNTS} (country, year, meetings) "
        f"SELECT country, year, count(*) FROM {COUNTRY_INVOLVEMENTS} GROUP BY 1, 2",
        f"INSERT INTO {PENDING_COUNTS} (department_id, due_on, follow_ups) "
        f"SELECT owner_department_id, due_on, count(*) FROM {FollowUp._meta.db_table} "
        f"WHERE due_on IS NOT NULL AND status IN ({pending}) GROUP BY 1, 2",
        f"INSERT INTO {PENDING_MONTH_COUNTS} (department_id, due_month, follow_ups) "
        f"SELECT department_id, date_trunc('month', due_on)::date, sum(follow_ups) "
        f"FROM {PENDING_COUNTS} GROUP BY 1, 2",
        *(f"ALTER TABLE {table} ENABLE TRIGGER USER" for table in CASCADING_TALLIES),
    ]


def recount() -> None:
    """Count every tally again from the rows, in one transaction."""
    if connection.vendor != "postgresql":
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # Deferred foreign-key checks are pending events that forbid ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in recount_statements():
            cursor.execute(statement)


@contextmanager
def paused() -> Iterator[None]:
    """For a bulk load inside a transaction: the counting triggers are off
    while it runs and every tally is recounted once at the end. Should the
    load fail, the rollback restores the triggers with everything else."""
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("figures.bulk.paused() needs a transaction (transaction.atomic).")
    # A savepoint: a load that fails undoes the switch-off with it, even
    # where the caller catches the error and commits the rest.
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in COUNTED_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in COUNTED_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        recount()
