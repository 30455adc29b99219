"""City-wide meeting figures kept in step with the data by PostgreSQL triggers.

The dashboard shows, over every meeting, the total, the meetings per year
and per owner department, per partner and per partner country, and the
overdue follow-ups. Aggregated from the rows, these take seconds at a million
meetings. Here each figure lives in a small table that a trigger updates in
the same transaction as the row it counts, so it is exact the moment the
change commits; there is no refresh and nothing can be stale.

A meeting involves a partner at the table (``meeting_partners``) or through
a related cooperation of that partner (``meeting_cooperations`` joined with
``cooperation_partners``), the definition of ``involving_partner``. The
pairs are counted in ``meetings_tally_involvement`` with the number of paths
that link them, so a pair appears and disappears exactly once however many
ways link it; the partner and country tallies move only then.

The pair tables also answer "the meetings involving this partner (country)"
for the lists and the partner page, through an index instead of a UNION of
the link tables.

SQLite (development and tests) has none of this: there the figures are
aggregated from the rows, which is quick at its sizes. The querysets decide
(``is_whole_table`` and ``available``).
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from meetings.choices import PENDING_STATUSES

MEETING = "meetings_meeting"
AT_TABLE = "meetings_meeting_partners"
ABOUT = "meetings_meeting_cooperations"
COOPERATION_PARTNERS = "partnerships_cooperation_partners"
PARTNER = "partnerships_partner"
FOLLOW_UP = "meetings_followup"

# The first key of the advisory locks taken per cooperation (any constant
# the project uses for nothing else).
COOPERATION_LOCK = 5805

TABLES = """
CREATE TABLE meetings_tally_year_department (
    year integer NOT NULL,
    department_id bigint NOT NULL,
    meetings bigint NOT NULL,
    PRIMARY KEY (year, department_id)
);
CREATE TABLE meetings_tally_involvement (
    meeting_id bigint NOT NULL,
    partner_id bigint NOT NULL,
    country varchar(2) NOT NULL,
    paths integer NOT NULL,
    PRIMARY KEY (meeting_id, partner_id)
);
CREATE INDEX meetings_tally_involvement_partner ON meetings_tally_involvement (partner_id, meeting_id);
CREATE TABLE meetings_tally_partner (
    partner_id bigint PRIMARY KEY,
    meetings bigint NOT NULL
);
CREATE TABLE meetings_tally_country_involvement (
    meeting_id bigint NOT NULL,
    country varchar(2) NOT NULL,
    partners integer NOT NULL,
    PRIMARY KEY (meeting_id, country)
);
CREATE INDEX meetings_tally_country_involvement_country
    ON meetings_tally_country_involvement (country, meeting_id);
CREATE TABLE meetings_tally_country (
    country varchar(2) PRIMARY KEY,
    meetings bigint NOT NULL
);
CREATE TABLE meetings_tally_pending_follow_up (
    department_id bigint NOT NULL,
    due_on date NOT NULL,
    follow_ups bigint NOT NULL,
    PRIMARY KEY (department_id, due_on)
);
CREATE INDEX meetings_tally_pending_follow_up_due ON meetings_tally_pending_follow_up (due_on);
CREATE TABLE meetings_tally_pending_follow_up_month (
    department_id bigint NOT NULL,
    due_month date NOT NULL,
    follow_ups bigint NOT NULL,
    PRIMARY KEY (department_id, due_month)
);
"""


# The functions are written with the settings' time zone and the pending
# follow-up statuses of today; should either change, a migration must run
# uninstall_sql() and install_sql() again.
def _functions() -> str:
    time_zone = settings.TIME_ZONE.replace("'", "")
    pending = ", ".join(f"'{status}'" for status in PENDING_STATUSES)
    return f"""
CREATE FUNCTION meetings_tally_year(starts_at timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT extract(year FROM starts_at AT TIME ZONE '{time_zone}')::integer $$;

CREATE FUNCTION meetings_tally_add_meeting(p_year integer, p_department bigint, p_delta integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO meetings_tally_year_department AS t VALUES (p_year, p_department, p_delta)
    ON CONFLICT (year, department_id) DO UPDATE SET meetings = t.meetings + EXCLUDED.meetings;
$$;

CREATE FUNCTION meetings_tally_add_country(p_meeting bigint, p_country varchar, p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE now_partners integer;
BEGIN
    INSERT INTO meetings_tally_country_involvement AS t VALUES (p_meeting, p_country, p_delta)
    ON CONFLICT (meeting_id, country) DO UPDATE SET partners = t.partners + EXCLUDED.partners
    RETURNING partners INTO now_partners;
    IF now_partners = 0 THEN
        DELETE FROM meetings_tally_country_involvement WHERE meeting_id = p_meeting AND country = p_country;
    END IF;
    -- The meeting starts or stops counting for the country.
    IF (now_partners > 0) <> (now_partners - p_delta > 0) THEN
        INSERT INTO meetings_tally_country AS t VALUES (p_country, sign(p_delta))
        ON CONFLICT (country) DO UPDATE SET meetings = t.meetings + EXCLUDED.meetings;
    END IF;
END $$;

CREATE FUNCTION meetings_tally_add_path(p_meeting bigint, p_partner bigint, p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE now_paths integer; partner_country varchar;
BEGIN
    -- FOR SHARE: a concurrent change of the partner's country waits for this
    -- transaction, or this one for it, so the pair gets the country that holds.
    SELECT country INTO partner_country FROM {PARTNER} WHERE id = p_partner FOR SHARE;
    INSERT INTO meetings_tally_involvement AS t
    VALUES (p_meeting, p_partner, coalesce(partner_country, ''), p_delta)
    ON CONFLICT (meeting_id, partner_id) DO UPDATE SET paths = t.paths + EXCLUDED.paths
    RETURNING paths, country INTO now_paths, partner_country;
    IF now_paths = 0 THEN
        DELETE FROM meetings_tally_involvement WHERE meeting_id = p_meeting AND partner_id = p_partner;
    END IF;
    -- The partner starts or stops being involved in the meeting.
    IF (now_paths > 0) <> (now_paths - p_delta > 0) THEN
        INSERT INTO meetings_tally_partner AS t VALUES (p_partner, sign(p_delta))
        ON CONFLICT (partner_id) DO UPDATE SET meetings = t.meetings + EXCLUDED.meetings;
        PERFORM meetings_tally_add_country(p_meeting, partner_country, sign(p_delta)::integer);
    END IF;
END $$;

-- Per day and per month: "overdue today" sums the months before this one
-- and the days of this month, a few thousand rows at most.
CREATE FUNCTION meetings_tally_add_pending(p_department bigint, p_due date, p_status varchar, p_delta integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO meetings_tally_pending_follow_up AS t
    SELECT p_department, p_due, p_delta WHERE p_due IS NOT NULL AND p_status IN ({pending})
    ON CONFLICT (department_id, due_on) DO UPDATE SET follow_ups = t.follow_ups + EXCLUDED.follow_ups;
    INSERT INTO meetings_tally_pending_follow_up_month AS t
    SELECT p_department, date_trunc('month', p_due)::date, p_delta
    WHERE p_due IS NOT NULL AND p_status IN ({pending})
    ON CONFLICT (department_id, due_month) DO UPDATE SET follow_ups = t.follow_ups + EXCLUDED.follow_ups;
$$;

CREATE FUNCTION meetings_tally_on_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND meetings_tally_year(OLD.starts_at) = meetings_tally_year(NEW.starts_at)
        AND OLD.owner_department_id = NEW.owner_department_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_meeting(meetings_tally_year(OLD.starts_at), OLD.owner_department_id, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_meeting(meetings_tally_year(NEW.starts_at), NEW.owner_department_id, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_tally_on_at_table() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(OLD.meeting_id, OLD.partner_id, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(NEW.meeting_id, NEW.partner_id, 1);
    END IF;
    RETURN NULL;
END $$;

-- A meeting's link to a cooperation and the cooperation's link to a partner
-- each read the other table: one lock per cooperation makes two concurrent
-- transactions take turns, so the second sees the first's committed link.
CREATE FUNCTION meetings_tally_lock_cooperations(p_new bigint, p_old bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Both of an update, in id order, so two such updates cannot deadlock.
    PERFORM pg_advisory_xact_lock({COOPERATION_LOCK}, id::integer)
    FROM (SELECT p_new AS id UNION SELECT p_old) ids WHERE id IS NOT NULL ORDER BY id;
END $$;

CREATE FUNCTION meetings_tally_on_about() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_tally_lock_cooperations(NEW.cooperation_id, OLD.cooperation_id);
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(OLD.meeting_id, cp.partner_id, -1)
        FROM {COOPERATION_PARTNERS} cp WHERE cp.cooperation_id = OLD.cooperation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(NEW.meeting_id, cp.partner_id, 1)
        FROM {COOPERATION_PARTNERS} cp WHERE cp.cooperation_id = NEW.cooperation_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_tally_on_cooperation_partner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_tally_lock_cooperations(NEW.cooperation_id, OLD.cooperation_id);
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(mc.meeting_id, OLD.partner_id, -1)
        FROM {ABOUT} mc WHERE mc.cooperation_id = OLD.cooperation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_path(mc.meeting_id, NEW.partner_id, 1)
        FROM {ABOUT} mc WHERE mc.cooperation_id = NEW.cooperation_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_tally_on_partner_country() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_tally_add_country(i.meeting_id, OLD.country, -1),
            meetings_tally_add_country(i.meeting_id, NEW.country, 1)
    FROM meetings_tally_involvement i WHERE i.partner_id = NEW.id;
    UPDATE meetings_tally_involvement SET country = NEW.country WHERE partner_id = NEW.id;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_tally_on_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.owner_department_id, OLD.due_on, OLD.status)
        IS NOT DISTINCT FROM (NEW.owner_department_id, NEW.due_on, NEW.status) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM meetings_tally_add_pending(OLD.owner_department_id, OLD.due_on, OLD.status, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM meetings_tally_add_pending(NEW.owner_department_id, NEW.due_on, NEW.status, 1);
    END IF;
    RETURN NULL;
END $$;

-- Recounts everything from the rows: after a migration, a bulk load, or a
-- TRUNCATE (which row triggers do not see).
CREATE FUNCTION meetings_tally_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM meetings_tally_year_department;
    INSERT INTO meetings_tally_year_department
    SELECT meetings_tally_year(starts_at), owner_department_id, count(*) FROM {MEETING} GROUP BY 1, 2;

    DELETE FROM meetings_tally_involvement;
    INSERT INTO meetings_tally_involvement
    SELECT paths.meeting_id, paths.partner_id, p.country, count(*)
    FROM (
        SELECT meeting_id, partner_id FROM {AT_TABLE}
        UNION ALL
        SELECT mc.meeting_id, cp.partner_id FROM {ABOUT} mc
        JOIN {COOPERATION_PARTNERS} cp ON cp.cooperation_id = mc.cooperation_id
    ) paths JOIN {PARTNER} p ON p.id = paths.partner_id
    GROUP BY 1, 2, 3;

    DELETE FROM meetings_tally_partner;
    INSERT INTO meetings_tally_partner SELECT partner_id, count(*) FROM meetings_tally_involvement GROUP BY 1;

    DELETE FROM meetings_tally_country_involvement;
    INSERT INTO meetings_tally_country_involvement
    SELECT meeting_id, country, count(*) FROM meetings_tally_involvement GROUP BY 1, 2;

    DELETE FROM meetings_tally_country;
    INSERT INTO meetings_tally_country
    SELECT country, count(*) FROM meetings_tally_country_involvement GROUP BY 1;

    DELETE FROM meetings_tally_pending_follow_up;
    INSERT INTO meetings_tally_pending_follow_up
    SELECT owner_department_id, due_on, count(*) FROM {FOLLOW_UP}
    WHERE due_on IS NOT NULL AND status IN ({pending}) GROUP BY 1, 2;

    DELETE FROM meetings_tally_pending_follow_up_month;
    INSERT INTO meetings_tally_pending_follow_up_month
    SELECT department_id, date_trunc('month', due_on)::date, sum(follow_ups)
    FROM meetings_tally_pending_follow_up GROUP BY 1, 2;
END $$;

CREATE FUNCTION meetings_tally_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_tally_rebuild();
    RETURN NULL;
END $$;
"""


def _triggers() -> str:
    row_triggers = [
        (MEETING, "meeting", "INSERT OR DELETE OR UPDATE OF starts_at, owner_department_id"),
        (AT_TABLE, "at_table", "INSERT OR DELETE OR UPDATE"),
        (ABOUT, "about", "INSERT OR DELETE OR UPDATE"),
        (COOPERATION_PARTNERS, "cooperation_partner", "INSERT OR DELETE OR UPDATE"),
        (FOLLOW_UP, "follow_up", "INSERT OR DELETE OR UPDATE OF status, due_on, owner_department_id"),
    ]
    statements = [
        f"CREATE TRIGGER meetings_tally_{name} AFTER {events} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION meetings_tally_on_{name}();"
        for table, name, events in row_triggers
    ]
    statements.append(
        f"CREATE TRIGGER meetings_tally_partner_country AFTER UPDATE OF country ON {PARTNER} "
        "FOR EACH ROW WHEN (OLD.country IS DISTINCT FROM NEW.country) "
        "EXECUTE FUNCTION meetings_tally_on_partner_country();"
    )
    statements += [
        f"CREATE TRIGGER meetings_tally_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION meetings_tally_on_truncate();"
        for table in (MEETING, AT_TABLE, ABOUT, COOPERATION_PARTNERS, PARTNER, FOLLOW_UP)
    ]
    return "\n".join(statements)


TRIGGERED_TABLES = (MEETING, AT_TABLE, ABOUT, COOPERATION_PARTNERS, PARTNER, FOLLOW_UP)


def install_sql() -> str:
    return TABLES + _functions() + _triggers() + "\nSELECT meetings_tally_rebuild();"


def uninstall_sql() -> str:
    tables = [
        "meetings_tally_year_department",
        "meetings_tally_involvement",
        "meetings_tally_partner",
        "meetings_tally_country_involvement",
        "meetings_tally_country",
        "meetings_tally_pending_follow_up",
        "meetings_tally_pending_follow_up_month",
    ]
    triggers = [
        f"DROP TRIGGER IF EXISTS meetings_tally_{name} ON {table};"
        for table, name in [
            (MEETING, "meeting"),
            (AT_TABLE, "at_table"),
            (ABOUT, "about"),
            (COOPERATION_PARTNERS, "cooperation_partner"),
            (FOLLOW_UP, "follow_up"),
            (PARTNER, "partner_country"),
        ]
    ] + [f"DROP TRIGGER IF EXISTS meetings_tally_truncate ON {table};" for table in TRIGGERED_TABLES]
    functions = [
        "meetings_tally_on_truncate()",
        "meetings_tally_rebuild()",
        "meetings_tally_on_follow_up()",
        "meetings_tally_on_partner_country()",
        "meetings_tally_on_cooperation_partner()",
        "meetings_tally_on_about()",
        "meetings_tally_on_at_table()",
        "meetings_tally_on_meeting()",
        "meetings_tally_add_pending(bigint, date, varchar, integer)",
        "meetings_tally_add_path(bigint, bigint, integer)",
        "meetings_tally_add_country(bigint, varchar, integer)",
        "meetings_tally_add_meeting(integer, bigint, integer)",
        "meetings_tally_lock_cooperations(bigint, bigint)",
        "meetings_tally_year(timestamptz)",
    ]
    return "\n".join(
        triggers
        + [f"DROP FUNCTION IF EXISTS {function};" for function in functions]
        + [f"DROP TABLE IF EXISTS {table};" for table in tables]
    )


def available() -> bool:
    return connection.vendor == "postgresql"


def is_whole_table(queryset) -> bool:
    """True for an unfiltered, unsliced queryset: the rows the tallies count."""
    query = queryset.query
    return not query.where and not query.is_sliced and not query.combinator and not query.distinct


@contextmanager
def paused():
    """For a bulk load inside a transaction: the row triggers are switched
    off while it runs and every tally is recounted once at the end. Should
    the load fail, the rollback restores the triggers with everything else."""
    if not available():
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("tallies.paused() needs a transaction (transaction.atomic).")
    # A savepoint: a load that fails undoes the switch-off with it, even
    # where the caller catches the error and commits the rest.
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in TRIGGERED_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield
        _resume()


def _resume() -> None:
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of the load are pending events that
        # forbid ALTER TABLE: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in TRIGGERED_TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute("SELECT meetings_tally_rebuild()")


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def meetings_involving_partner(partner_id: int) -> RawSQL:
    """The ids of the meetings involving the partner, for ``pk__in``."""
    return RawSQL("SELECT meeting_id FROM meetings_tally_involvement WHERE partner_id = %s", [partner_id])


def meetings_involving_country(country: str) -> RawSQL:
    return RawSQL("SELECT meeting_id FROM meetings_tally_country_involvement WHERE country = %s", [country])


def meeting_total() -> int:
    return _rows("SELECT coalesce(sum(meetings), 0)::bigint FROM meetings_tally_year_department")[0][0]


def meetings_per_year() -> list[dict]:
    rows = _rows(
        "SELECT year, sum(meetings)::bigint FROM meetings_tally_year_department "
        "GROUP BY year HAVING sum(meetings) > 0 ORDER BY year"
    )
    return [{"year": year, "count": count} for year, count in rows]


def meetings_per_department() -> list[dict]:
    rows = _rows(
        "SELECT t.department_id, d.acronym, sum(t.meetings)::bigint FROM meetings_tally_year_department t "
        "JOIN partnerships_department d ON d.id = t.department_id "
        "GROUP BY t.department_id, d.acronym HAVING sum(t.meetings) > 0 ORDER BY 3 DESC, 2"
    )
    return [
        {"owner_department": pk, "owner_department__acronym": acronym, "count": count}
        for pk, acronym, count in rows
    ]


def meetings_per_partner() -> dict[int, int]:
    return dict(_rows("SELECT partner_id, meetings FROM meetings_tally_partner WHERE meetings > 0"))


def meetings_per_country() -> list[tuple[str, int]]:
    return _rows("SELECT country, meetings FROM meetings_tally_country WHERE meetings > 0 ORDER BY 2 DESC, 1")


# Follow-ups due before ``day``: whole months before its month, then its days.
PENDING_BEFORE = """
    SELECT department_id, follow_ups FROM meetings_tally_pending_follow_up_month
    WHERE due_month < date_trunc('month', %(day)s::date)
    UNION ALL
    SELECT department_id, follow_ups FROM meetings_tally_pending_follow_up
    WHERE due_on >= date_trunc('month', %(day)s::date) AND due_on < %(day)s
"""


def pending_follow_ups_due_before(day) -> int:
    sql = f"SELECT coalesce(sum(follow_ups), 0)::bigint FROM ({PENDING_BEFORE}) due"
    return _rows(sql, {"day": day})[0][0]


def pending_follow_ups_due_before_per_department(day) -> list[dict]:
    rows = _rows(
        f"SELECT due.department_id, d.acronym, sum(due.follow_ups)::bigint FROM ({PENDING_BEFORE}) due "
        "JOIN partnerships_department d ON d.id = due.department_id "
        "GROUP BY due.department_id, d.acronym HAVING sum(due.follow_ups) > 0 ORDER BY 3 DESC, 2",
        {"day": day},
    )
    return [
        {"owner_department": pk, "owner_department__acronym": acronym, "count": count}
        for pk, acronym, count in rows
    ]
