"""Import of meetings from a spreadsheet: the same columns the export writes,
headers in Indonesian or English. A meeting is recognised by its title and
start, so importing the same file twice changes nothing the second time."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from meetings.models import DEFAULT_PLACE, Meeting, MeetingKind, MeetingMode
from partnerships.csv_import import (
    ImportPlan,
    PlannedRow,
    RowError,
    choice_value,
    departments,
    parse_date,
    parse_time,
    partners,
    strip_neutraliser,
)
from partnerships.models import Cooperation
from partnerships.roles import department_id_of, is_cooperation_admin

FIELDS = [
    "title", "starts_at", "place", "kind", "mode", "owner_department", "attending_departments", "partners",
    "cooperations", "summary", "minutes", "source_url",
]  # fmt: skip
# Columns of the file per field: the export's headers ("date", "time") and the model's names.
EXTRA_HEADERS = {"date": "date", "time": "time"}
REQUIRED = ("title", "date", "owner_department")


def _headers() -> dict[str, str]:
    """Header text (lower case, either language) -> field or extra column."""
    names = {}
    for language in ("id", "en"):
        with translation.override(language):
            for name in FIELDS:
                names[str(Meeting._meta.get_field(name).verbose_name).lower()] = name
            for header in EXTRA_HEADERS:
                names[_(header).lower()] = header
    return names | {name: name for name in [*FIELDS, *EXTRA_HEADERS]}


def column_label(column: str) -> str:
    if column in EXTRA_HEADERS:
        return _(column)
    return str(Meeting._meta.get_field(column).verbose_name)


def plan_meetings(rows: list[dict[str, str]], user) -> ImportPlan:
    headers = _headers()
    plan = ImportPlan()
    department_index, partner_index = departments(), partners()
    cooperation_index = {c.title.lower(): c for c in Cooperation.objects.all()}
    wib = ZoneInfo(settings.TIME_ZONE)
    own_department = department_id_of(user)
    for number, raw in enumerate(rows, start=2):  # row 1 is the header
        row = {headers[key]: strip_neutraliser(value) for key, value in raw.items() if key in headers}
        errors = [
            RowError(number, column, _("This column is required."))
            for column in REQUIRED
            if not row.get(column)
        ]
        if errors:
            plan.errors += errors
            continue

        def fail(column: str, reason: str, number=number) -> None:
            plan.errors.append(RowError(number, column, reason, column_label(column)))

        try:
            date = parse_date(row["date"])
            time = parse_time(row["time"]) if row.get("time") else datetime.time(9, 0)
        except ValueError as error:
            fail("date", str(error))
            continue
        starts_at = datetime.datetime.combine(date, time, wib)
        owner = department_index.find(row["owner_department"])
        if owner is None:
            fail("owner_department", _("Unknown department “%(name)s”.") % {"name": row["owner_department"]})
            continue
        if not is_cooperation_admin(user) and owner.pk != own_department:
            fail("owner_department", _("You may only import meetings of your own department."))
            continue
        kind = choice_value(MeetingKind, row["kind"]) if row.get("kind") else MeetingKind.AUDIENCE
        mode = choice_value(MeetingMode, row["mode"]) if row.get("mode") else MeetingMode.IN_PERSON
        if kind is None or mode is None:
            fail("kind" if kind is None else "mode", _("Not one of the choices."))
            continue
        related = {}
        for column, index in (("attending_departments", department_index), ("partners", partner_index)):
            names = [name for name in row.get(column, "").split(",") if name.strip()]
            found = [index.find(name) for name in names]
            if unknown := [name.strip() for name, match in zip(names, found, strict=True) if match is None]:
                fail(column, _("Unknown: %(names)s.") % {"names": ", ".join(unknown)})
            related[column] = [match for match in found if match is not None]
        titles = [title.strip() for title in row.get("cooperations", "").split(",") if title.strip()]
        related["cooperations"] = [
            cooperation_index[t.lower()] for t in titles if t.lower() in cooperation_index
        ]
        if len(related["cooperations"]) < len(titles):
            fail("cooperations", _("Unknown cooperation title."))
        existing = Meeting.objects.filter(title=row["title"], starts_at=starts_at).first()
        if existing and not Meeting.objects.editable_by(user).filter(pk=existing.pk).exists():
            fail("title", _("This meeting exists and belongs to another department."))
        if any(error.row == number for error in plan.errors):
            continue
        values = {
            "place": row.get("place") or DEFAULT_PLACE,
            "kind": kind,
            "mode": mode,
            "owner_department": owner,
            "summary": row.get("summary", ""),
            "minutes": row.get("minutes", "")
            if existing is None or existing.minutes_readable_by(user)
            else None,
            "source_url": row.get("source_url", ""),
        }
        plan.planned.append(
            PlannedRow(
                row=number,
                action="update" if existing else "create",
                summary=f"{row['title']} — {starts_at:%Y-%m-%d %H:%M}",
                apply=_writer(existing, row["title"], starts_at, values, related),
            )
        )
    return plan


def _writer(existing, title, starts_at, values, related):
    def write():
        meeting = existing or Meeting(title=title, starts_at=starts_at)
        for name, value in values.items():
            if value is not None:
                setattr(meeting, name, value)
        meeting.full_clean()
        meeting.save()
        for name, objects in related.items():
            getattr(meeting, name).set(objects)

    return write
