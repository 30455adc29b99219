"""Import of meetings from a spreadsheet: the same columns the export writes,
headers in Indonesian or English. A row with the export's id updates that
meeting; a row without one is recognised by its title and start, so
importing the same file twice changes nothing the second time. A new
meeting that looks like one already recorded is flagged in the preview."""

import contextlib
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import department_id_of, is_cooperation_admin
from coop_lib.csv_import import (
    Columns,
    ImportPlan,
    NameIndex,
    assign,
    choice_value,
    in_file_only,
    not_a_choice,
    parse_date,
    parse_time,
    planned_row,
    records_by_id,
)
from meetings.models import DEFAULT_PLACE, Meeting, MeetingKind, MeetingMode
from meetings.services import NearbyMeetings, describe_meeting, meeting_create, meetings_near
from partnerships.csv_columns import departments_by_name, partners_by_name
from partnerships.models import Cooperation

FIELDS = [
    "id", "version", "title", "starts_at", "place", "kind", "mode", "owner_department",
    "attending_departments", "partners", "cooperations", "summary", "minutes", "source_url",
]  # fmt: skip
# The export writes the start as two columns.
COLUMNS = Columns(Meeting, FIELDS, extra={"date": gettext_lazy("date"), "time": gettext_lazy("time")})
REQUIRED = ("title", "date", "owner_department")
RELATED = ("attending_departments", "partners", "cooperations")


def plan_meetings(rows: list[dict[str, str]], user) -> ImportPlan:
    plan = ImportPlan()
    department_index = departments_by_name()
    indexes = {
        "attending_departments": department_index,
        "partners": partners_by_name(),
        "cooperations": NameIndex(Cooperation.objects.all(), "title"),
    }
    wib = timezone.get_default_timezone()
    own_department = department_id_of(user)
    existing = _existing_meetings(rows)
    by_id = records_by_id(Meeting.objects.prefetch_related(*RELATED), COLUMNS, rows)
    editable = set(
        Meeting.objects.editable_by(user)
        .filter(pk__in=[meeting.pk for meeting in [*existing.values(), *by_id.values()]])
        .values_list("pk", flat=True)
    )
    nearby = NearbyMeetings(meetings_near(_row_dates(rows)))
    seen = {}
    for number, row, errors in COLUMNS.complete_rows(rows, plan, REQUIRED):
        named_by_id, meeting = errors.record(row, by_id)
        date = errors.parse(row, "date", parse_date)
        time = errors.parse(row, "time", parse_time) or datetime.time(9, 0)
        if errors:
            continue
        starts_at = datetime.datetime.combine(date, time, wib)
        owner = department_index.find(row["owner_department"])
        if owner is None:
            errors.add(
                "owner_department", _("Unknown department “%(name)s”.") % {"name": row["owner_department"]}
            )
            continue
        if not is_cooperation_admin(user) and owner.pk != own_department:
            errors.add("owner_department", _("You may only import meetings of your own department."))
            continue
        _drop_empty(row, "kind", "mode")
        kind = choice_value(MeetingKind, row["kind"]) if row.get("kind") else MeetingKind.AUDIENCE
        mode = choice_value(MeetingMode, row["mode"]) if row.get("mode") else MeetingMode.IN_PERSON
        if kind is None:
            errors.add("kind", not_a_choice(MeetingKind, row["kind"]))
        if mode is None:
            errors.add("mode", not_a_choice(MeetingMode, row["mode"]))
        if kind is None or mode is None:
            continue
        related = {column: errors.names(row, column, indexes[column]) for column in RELATED}
        errors.repeated(seen, meeting.pk if meeting else (row["title"], starts_at), "title")
        if not named_by_id:
            meeting = existing.get((row["title"], starts_at))
        if meeting is not None and meeting.pk not in editable:
            errors.add("title", _("This meeting exists and belongs to another department."))
        version = errors.version(row, meeting, named_by_id)
        if errors:
            continue
        meeting = meeting or Meeting(title=row["title"], starts_at=starts_at)
        values = {
            "title": row["title"],
            "starts_at": starts_at,
            "place": row.get("place") or DEFAULT_PLACE,
            "kind": kind,
            "mode": mode,
            "owner_department": owner,
            "summary": row.get("summary", ""),
            "source_url": row.get("source_url", ""),
        }
        # Confidential minutes the user may not read were exported empty:
        # the empty cell must not erase them.
        if meeting._state.adding or meeting.minutes_readable_by(user):
            values["minutes"] = row.get("minutes", "")
        values, related = in_file_only(meeting, row, values, related)
        if named_by_id and not row.get("time"):
            # A file without times keeps the stored time of the day.
            starts_at = datetime.datetime.combine(date, timezone.localtime(meeting.starts_at).time(), wib)
        values["starts_at"] = starts_at  # the file's date and time columns
        changed = assign(meeting, values, related)
        errors.check_write(meeting, changed, user, "title")
        if errors:
            continue
        planned = planned_row(
            number,
            changed,
            meeting,
            f"{row['title']} — {starts_at:%Y-%m-%d %H:%M}",
            related,
            create=_create_flagged,
            file_version=version,
        )
        if meeting._state.adding:
            partner_ids = [partner.pk for partner in related.get("partners", [])]
            planned.warnings = _likely_duplicates(nearby, meeting, partner_ids)
            # A later row of the same file may repeat this one.
            nearby.add(meeting, partner_ids)
        plan.planned.append(planned)
    return plan


def _likely_duplicates(nearby: NearbyMeetings, meeting: Meeting, partner_ids: list[int]) -> list[str]:
    found = nearby.like(title=meeting.title, starts_at=meeting.starts_at, partner_ids=partner_ids)
    if not found:
        return []
    return [
        _("May be recorded already: %(meetings)s.")
        % {"meetings": "; ".join(describe_meeting(candidate) for candidate in found)}
    ]


def _create_flagged(*, instance: Meeting, user, related: dict) -> Meeting:
    # The preview showed the likely duplicates, and the user confirmed the import.
    return meeting_create(meeting=instance, user=user, related=related, duplicates_confirmed=True)


def _row_dates(rows: list[dict[str, str]]) -> list[datetime.date]:
    dates = []
    for _number, row in COLUMNS.read(rows):
        with contextlib.suppress(ValueError):
            dates.append(parse_date(row.get("date", "")))
    return dates


def _drop_empty(row: dict[str, str], *columns: str) -> None:
    """An empty choice cell means the default on a new record and no change
    on an existing one."""
    for column in columns:
        if not row.get(column):
            row.pop(column, None)


def _existing_meetings(rows: list[dict[str, str]]) -> dict[tuple, Meeting]:
    """The meetings the file's titles name, by (title, start), with the
    related rows a comparison reads: a few queries for the whole file."""
    titles = {row.get("title") for _number, row in COLUMNS.read(rows)} - {None, ""}
    meetings = Meeting.objects.filter(title__in=titles).prefetch_related(*RELATED)
    return {(meeting.title, meeting.starts_at): meeting for meeting in meetings}
