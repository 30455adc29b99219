"""The tally tables behind the city-wide figures, and the PostgreSQL triggers
that keep them exact.

Counted from the rows, the dashboard's figures (meetings per year, owner
department, partner and partner country; overdue follow-ups) take seconds at a
million meetings. Here each lives in a small table that a trigger updates in
the same transaction as the row it counts: exact the moment a change commits,
never a cache to refresh. The triggers are declared below, on the tables they
watch (through proxy models, as django-pgtrigger does for other apps' tables),
and ``makemigrations`` writes them into this app's migrations, so a change to
a trigger is a migration like any other.

A meeting involves a partner at the table (``Meeting.partners``) or through a
related cooperation of that partner (``Meeting.cooperations`` and
``Cooperation.partners``), as ``MeetingQuerySet.involving_partner`` defines
it. ``Involvement`` holds each such pair with the number of paths that link
them, so a pair appears and disappears once however many ways link it; its
own triggers then move the partner and country tallies.

SQLite (development and tests) has the tables but no triggers: there, and
for any filtered list, ``figures.counts`` aggregates the rows.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F

from meetings.choices import PENDING_STATUSES
from meetings.models import FollowUp, Meeting
from partnerships.models import Cooperation, Department, Partner

MEETINGS = Meeting._meta.db_table
PARTNERS = Partner._meta.db_table
MEETING_COOPERATIONS = Meeting.cooperations.through._meta.db_table
COOPERATION_PARTNERS = Cooperation.partners.through._meta.db_table

# The first key of the advisory locks taken per cooperation (a constant the
# project uses for nothing else).
COOPERATION_LOCK = 5805


def _year(starts_at: str) -> str:
    """The meeting's year in the city's time zone, as SQL."""
    return f"extract(year FROM {starts_at} AT TIME ZONE '{settings.TIME_ZONE}')::integer"


def _add(table: str, keys: dict[str, str], column: str, delta: str, *, drop_zero: bool = False) -> str:
    """SQL adding ``delta`` to ``column`` of the row with ``keys`` (column ->
    SQL value), made if missing and, with ``drop_zero``, removed at zero."""
    names = ", ".join([*keys, column])
    values = ", ".join([*keys.values(), delta])
    sql = (
        f"INSERT INTO {table} AS t ({names}) VALUES ({values}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {column} = t.{column} + EXCLUDED.{column};"
    )
    if drop_zero:
        match = " AND ".join(f"{key} = {value}" for key, value in keys.items())
        sql += f" DELETE FROM {table} WHERE {match} AND {column} = 0;"
    return sql


def _add_rows(table: str, keys: dict[str, str], column: str, *, where: str = "") -> str:
    """SQL adding to ``column`` of each row with ``keys`` (column -> SQL
    over ``new_rows``) the number of ``new_rows`` with those keys."""
    names = ", ".join([*keys, column])
    groups = ", ".join(str(position) for position in range(1, len(keys) + 1))
    return (
        f"INSERT INTO {table} AS t ({names}) SELECT {', '.join(keys.values())}, count(*) FROM new_rows "
        f"{f'WHERE {where} ' if where else ''}GROUP BY {groups} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {column} = t.{column} + EXCLUDED.{column};"
    )


def _trigger(name: str, operation, func: str, condition=None) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.After,
        operation=operation,
        condition=condition,
        func=f"{func} RETURN NULL;",
    )


def _inserts_trigger(name: str, func: str) -> pgtrigger.Trigger:
    """Once per INSERT statement, over the rows it inserted (``new_rows``).
    A bulk write (an import, a batch of the write door) then moves each
    tally row once per statement: a row updated thousands of times in one
    transaction leaves as many dead versions for each next update to pass."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.After,
        operation=pgtrigger.Insert,
        level=pgtrigger.Statement,
        referencing=pgtrigger.Referencing(new="new_rows"),
        func=f"{func} RETURN NULL;",
    )


class MeetingCount(models.Model):
    """Meetings per year and owner department."""

    pk = models.CompositePrimaryKey("year", "department")
    year = models.IntegerField()
    department = models.ForeignKey(Department, models.DO_NOTHING, db_constraint=False, related_name="+")
    meetings = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.year}, department {self.department_id}: {self.meetings}"


MEETING_COUNTS = MeetingCount._meta.db_table


class PartnerCount(models.Model):
    """Meetings involving a partner, per year of the meeting."""

    pk = models.CompositePrimaryKey("partner", "year")
    partner = models.ForeignKey(Partner, models.DO_NOTHING, db_constraint=False, related_name="+")
    year = models.IntegerField()
    meetings = models.BigIntegerField()

    def __str__(self) -> str:
        return f"partner {self.partner_id}, {self.year}: {self.meetings}"


PARTNER_COUNTS = PartnerCount._meta.db_table


class CountryCount(models.Model):
    """Meetings involving partners of a country, per year of the meeting."""

    pk = models.CompositePrimaryKey("country", "year")
    country = models.CharField(max_length=2)
    year = models.IntegerField()
    meetings = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.country}, {self.year}: {self.meetings}"


COUNTRY_COUNTS = CountryCount._meta.db_table


def _count_meeting(row: str, delta: str) -> str:
    keys = {"year": _year(f"{row}.starts_at"), "department_id": f"{row}.owner_department_id"}
    return _add(MEETING_COUNTS, keys, "meetings", delta)


def _count_partner(row: str, delta: str) -> str:
    return _add(PARTNER_COUNTS, {"partner_id": f"{row}.partner_id", "year": f"{row}.year"}, "meetings", delta)


def _count_country(row: str, delta: str) -> str:
    return _add(COUNTRY_COUNTS, {"country": f"{row}.country", "year": f"{row}.year"}, "meetings", delta)


class CountryInvolvement(models.Model):
    """How many partners of a country a meeting involves: a meeting counts
    once for its country, however many of its partners come from there."""

    pk = models.CompositePrimaryKey("meeting", "country")
    meeting = models.ForeignKey(Meeting, models.DO_NOTHING, db_constraint=False, related_name="+")
    country = models.CharField(max_length=2)
    year = models.IntegerField()
    partners = models.IntegerField()

    class Meta:
        triggers = [
            _inserts_trigger(
                "count_new_country_meetings",
                _add_rows(COUNTRY_COUNTS, {"country": "country", "year": "year"}, "meetings"),
            ),
            _trigger("count_deleted_country_meeting", pgtrigger.Delete, _count_country("OLD", "-1")),
            _trigger(
                "move_country_meeting",
                pgtrigger.UpdateOf("year"),
                f"""
                {_count_country("OLD", "-1")}
                {_count_country("NEW", "1")}
                """,
                condition=pgtrigger.AnyChange("year"),
            ),
        ]

    def __str__(self) -> str:
        return f"meeting {self.meeting_id}, {self.country}: {self.partners} partners"


COUNTRY_INVOLVEMENTS = CountryInvolvement._meta.db_table


def _country_involvement(meeting: str, country: str, year: str, delta: str) -> str:
    keys = {"meeting_id": meeting, "country": country}
    # The year comes with a new row; an existing row has it already.
    return (
        f"INSERT INTO {COUNTRY_INVOLVEMENTS} AS t (meeting_id, country, year, partners) "
        f"VALUES ({meeting}, {country}, {year}, {delta}) "
        f"ON CONFLICT (meeting_id, country) DO UPDATE SET partners = t.partners + EXCLUDED.partners; "
        f"DELETE FROM {COUNTRY_INVOLVEMENTS} WHERE "
        f"{' AND '.join(f'{key} = {value}' for key, value in keys.items())} AND partners = 0;"
    )


class Involvement(models.Model):
    """A meeting and a partner it involves, with the number of ways it does,
    and the meeting's start, so that a partner's latest meetings are read
    from one index however many it has."""

    pk = models.CompositePrimaryKey("meeting", "partner")
    meeting = models.ForeignKey(Meeting, models.DO_NOTHING, db_constraint=False, related_name="+")
    partner = models.ForeignKey(Partner, models.DO_NOTHING, db_constraint=False, related_name="+")
    starts_at = models.DateTimeField()
    year = models.IntegerField()
    country = models.CharField(max_length=2)
    paths = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(
                F("partner"), F("starts_at").desc(), F("meeting").desc(), name="involvement_latest_first"
            ),
            # A month's partners for the report, read without the rows.
            models.Index(fields=["starts_at", "partner"], name="involvement_by_start"),
        ]
        triggers = [
            _inserts_trigger(
                "count_new_involvements",
                f"""
                {_add_rows(PARTNER_COUNTS, {"partner_id": "partner_id", "year": "year"}, "meetings")}
                INSERT INTO {COUNTRY_INVOLVEMENTS} AS t (meeting_id, country, year, partners)
                SELECT meeting_id, country, year, count(*) FROM new_rows GROUP BY 1, 2, 3
                ON CONFLICT (meeting_id, country) DO UPDATE SET partners = t.partners + EXCLUDED.partners;
                """,
            ),
            _trigger(
                "count_deleted_involvement",
                pgtrigger.Delete,
                f"""
                {_count_partner("OLD", "-1")}
                {_country_involvement("OLD.meeting_id", "OLD.country", "OLD.year", "-1")}
                """,
            ),
            _trigger(
                "move_involvement_year",
                pgtrigger.UpdateOf("year"),
                f"""
                {_count_partner("OLD", "-1")}
                {_count_partner("NEW", "1")}
                """,
                condition=pgtrigger.AnyChange("year"),
            ),
            _trigger(
                "move_involvement_country",
                pgtrigger.UpdateOf("country"),
                f"""
                {_country_involvement("OLD.meeting_id", "OLD.country", "OLD.year", "-1")}
                {_country_involvement("NEW.meeting_id", "NEW.country", "NEW.year", "1")}
                """,
                condition=pgtrigger.AnyChange("country"),
            ),
        ]

    def __str__(self) -> str:
        return f"meeting {self.meeting_id}, partner {self.partner_id}: {self.paths} paths"


INVOLVEMENTS = Involvement._meta.db_table


def _paths(pairs: str, delta: str) -> str:
    """SQL adding ``delta`` paths to each (meeting_id, partner_id) of the
    ``pairs`` query and, when it takes paths away, removing the pairs no
    path links any more (an addition leaves none at zero: looking for them
    would read the whole table). The partner's country is read under a
    share lock: a concurrent change of it waits for this transaction, or
    this one for it."""
    added = f"""
        INSERT INTO {INVOLVEMENTS} AS t (meeting_id, partner_id, starts_at, year, country, paths)
        SELECT pairs.meeting_id, pairs.partner_id, m.starts_at, {_year("m.starts_at")}, p.country, {delta}
        FROM ({pairs}) pairs
        JOIN {MEETINGS} m ON m.id = pairs.meeting_id
        JOIN {PARTNERS} p ON p.id = pairs.partner_id
        FOR SHARE OF p
        ON CONFLICT (meeting_id, partner_id) DO UPDATE SET paths = t.paths + EXCLUDED.paths;
    """
    if int(delta) > 0:
        return added
    return f"""{added}
        DELETE FROM {INVOLVEMENTS} i USING ({pairs}) pairs
        WHERE i.meeting_id = pairs.meeting_id AND i.partner_id = pairs.partner_id AND i.paths = 0;
    """


def _partners_of_cooperation(row: str) -> str:
    """The pairs a meeting's link to a cooperation (``row``) makes."""
    return (
        f"SELECT {row}.meeting_id AS meeting_id, cp.partner_id FROM {COOPERATION_PARTNERS} cp "
        f"WHERE cp.cooperation_id = {row}.cooperation_id"
    )


def _meetings_about_cooperation(row: str) -> str:
    """The pairs a cooperation's link to a partner (``row``) makes."""
    return (
        f"SELECT mc.meeting_id, {row}.partner_id AS partner_id FROM {MEETING_COOPERATIONS} mc "
        f"WHERE mc.cooperation_id = {row}.cooperation_id"
    )


# A meeting's link to a cooperation and the cooperation's link to a partner
# each read the other table: one lock per cooperation makes two concurrent
# transactions take turns, so the second sees the first's committed link.
LOCK_COOPERATIONS = f"""
    PERFORM pg_advisory_xact_lock({COOPERATION_LOCK}, id::integer)
    FROM (SELECT NEW.cooperation_id AS id UNION SELECT OLD.cooperation_id) ids
    WHERE id IS NOT NULL ORDER BY id;
"""


class CountedMeeting(Meeting):
    """The meetings table, with the triggers that count its rows."""

    class Meta:
        proxy = True
        triggers = [
            _inserts_trigger(
                "count_new_meetings",
                _add_rows(
                    MEETING_COUNTS,
                    {"year": _year("starts_at"), "department_id": "owner_department_id"},
                    "meetings",
                ),
            ),
            _trigger("count_deleted_meeting", pgtrigger.Delete, _count_meeting("OLD", "-1")),
            _trigger(
                "move_meeting",
                pgtrigger.UpdateOf("starts_at", "owner_department_id"),
                f"""
                IF OLD.starts_at <> NEW.starts_at THEN
                    UPDATE {INVOLVEMENTS} SET starts_at = NEW.starts_at, year = {_year("NEW.starts_at")}
                    WHERE meeting_id = NEW.id;
                END IF;
                IF {_year("OLD.starts_at")} <> {_year("NEW.starts_at")} THEN
                    UPDATE {COUNTRY_INVOLVEMENTS} SET year = {_year("NEW.starts_at")}
                    WHERE meeting_id = NEW.id;
                ELSIF OLD.owner_department_id = NEW.owner_department_id THEN
                    RETURN NULL;
                END IF;
                {_count_meeting("OLD", "-1")}
                {_count_meeting("NEW", "1")}
                """,
            ),
        ]


class CountedPartnerLink(Meeting.partners.through):
    """A partner at a meeting's table: one path between them."""

    class Meta:
        proxy = True
        triggers = [
            _inserts_trigger(
                "count_new_partner_links", _paths("SELECT meeting_id, partner_id FROM new_rows", "1")
            ),
            _trigger(
                "count_partner_link",
                pgtrigger.Update | pgtrigger.Delete,
                f"""
                {_paths("SELECT OLD.meeting_id, OLD.partner_id", "-1")}
                IF TG_OP = 'UPDATE' THEN
                    {_paths("SELECT NEW.meeting_id, NEW.partner_id", "1")}
                END IF;
                """,
            ),
        ]


class CountedCooperationLink(Meeting.cooperations.through):
    """A cooperation a meeting is about: a path to each of its partners."""

    class Meta:
        proxy = True
        triggers = [
            _trigger(
                "count_cooperation_link",
                pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                f"""
                {LOCK_COOPERATIONS}
                IF TG_OP IN ('DELETE', 'UPDATE') THEN
                    {_paths(_partners_of_cooperation("OLD"), "-1")}
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    {_paths(_partners_of_cooperation("NEW"), "1")}
                END IF;
                """,
            )
        ]


class CountedCooperationPartner(Cooperation.partners.through):
    """A partner of a cooperation: a path to it from each meeting about the cooperation."""

    class Meta:
        proxy = True
        triggers = [
            _trigger(
                "count_cooperation_partner",
                pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                f"""
                {LOCK_COOPERATIONS}
                IF TG_OP IN ('DELETE', 'UPDATE') THEN
                    {_paths(_meetings_about_cooperation("OLD"), "-1")}
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    {_paths(_meetings_about_cooperation("NEW"), "1")}
                END IF;
                """,
            )
        ]


class CountedPartner(Partner):
    """Partners: a new country moves their meetings to it."""

    class Meta:
        proxy = True
        triggers = [
            _trigger(
                "move_partner_country",
                pgtrigger.UpdateOf("country"),
                f"UPDATE {INVOLVEMENTS} SET country = NEW.country WHERE partner_id = NEW.id;",
                condition=pgtrigger.AnyChange("country"),
            )
        ]


class PendingFollowUpCount(models.Model):
    """Follow-ups still to do, per responsible department and due date."""

    pk = models.CompositePrimaryKey("department", "due_on")
    department = models.ForeignKey(Department, models.DO_NOTHING, db_constraint=False, related_name="+")
    due_on = models.DateField()
    follow_ups = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["due_on"], name="pending_follow_up_due")]

    def __str__(self) -> str:
        return f"department {self.department_id}, due {self.due_on}: {self.follow_ups}"


class PendingFollowUpMonthCount(models.Model):
    """The same per month: "overdue today" sums the months before this one
    and the days of this month, a few thousand rows at most."""

    pk = models.CompositePrimaryKey("department", "due_month")
    department = models.ForeignKey(Department, models.DO_NOTHING, db_constraint=False, related_name="+")
    due_month = models.DateField()
    follow_ups = models.BigIntegerField()

    def __str__(self) -> str:
        return f"department {self.department_id}, {self.due_month:%Y-%m}: {self.follow_ups}"


PENDING_COUNTS = PendingFollowUpCount._meta.db_table
PENDING_MONTH_COUNTS = PendingFollowUpMonthCount._meta.db_table


# The statuses of a follow-up still to do, as SQL.
PENDING = ", ".join(f"'{status}'" for status in PENDING_STATUSES)


def _pending(row: str, delta: str) -> str:
    keys = {"department_id": f"{row}.owner_department_id", "due_on": f"{row}.due_on"}
    month = {
        "department_id": f"{row}.owner_department_id",
        "due_month": f"date_trunc('month', {row}.due_on)::date",
    }
    return f"""
        IF {row}.due_on IS NOT NULL AND {row}.status IN ({PENDING}) THEN
            {_add(PENDING_COUNTS, keys, "follow_ups", delta)}
            {_add(PENDING_MONTH_COUNTS, month, "follow_ups", delta)}
        END IF;
    """


# The follow-ups still to do among those a statement inserted, and their keys.
NEW_PENDING = f"due_on IS NOT NULL AND status IN ({PENDING})"
NEW_PENDING_KEYS = {"department_id": "owner_department_id", "due_on": "due_on"}
NEW_PENDING_MONTH_KEYS = {
    "department_id": "owner_department_id",
    "due_month": "date_trunc('month', due_on)::date",
}


class CountedFollowUp(FollowUp):
    """Follow-ups, with the triggers that count those still to do."""

    class Meta:
        proxy = True
        triggers = [
            _inserts_trigger(
                "count_new_follow_ups",
                f"""
                {_add_rows(PENDING_COUNTS, NEW_PENDING_KEYS, "follow_ups", where=NEW_PENDING)}
                {_add_rows(PENDING_MONTH_COUNTS, NEW_PENDING_MONTH_KEYS, "follow_ups", where=NEW_PENDING)}
                """,
            ),
            _trigger("count_deleted_follow_up", pgtrigger.Delete, _pending("OLD", "-1")),
            _trigger(
                "move_follow_up",
                pgtrigger.UpdateOf("status", "due_on", "owner_department_id"),
                f"""
                {_pending("OLD", "-1")}
                {_pending("NEW", "1")}
                """,
                condition=pgtrigger.AnyChange("status", "due_on", "owner_department"),
            ),
        ]
