"""Import of follow-ups from a spreadsheet: the columns of the follow-up
export, headers in Indonesian or English. A row with the export's id updates
that follow-up; a row without one is recognised by its meeting and its
description, so importing the same file twice changes nothing the second time.

Who may write which row follows the follow-up admin: a new follow-up goes
only on a meeting the user may change; an existing one may be changed by the
meeting's department or the responsible department, the latter only in its
progress (status, date done, note) when the meeting is another department's.
"""

from collections import defaultdict

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop_lib.csv_import import (
    Columns,
    ImportPlan,
    RowErrors,
    assign,
    choice_value,
    differs,
    in_file_only,
    not_a_choice,
    parse_date,
    planned_row,
    records_by_id,
)
from meetings.models import FOLLOW_UP_PROGRESS_FIELDS, FollowUp, FollowUpStatus, Meeting
from partnerships.csv_columns import departments_by_name

COLUMNS = Columns(
    FollowUp,
    ["id", "version", "meeting", "description", "owner_department", "due_on", "status", "done_on", "note"],
    extra={"meeting_date": gettext_lazy("meeting date")},
)
REQUIRED = ("meeting", "description", "owner_department")


def plan_follow_ups(rows: list[dict[str, str]], user) -> ImportPlan:
    plan = ImportPlan()
    department_index = departments_by_name()
    by_id = records_by_id(FollowUp.objects.select_related("meeting"), COLUMNS, rows)
    meetings = _MeetingsNamed(rows, user, by_id.values())
    seen = {}
    for number, row, errors in COLUMNS.complete_rows(rows, plan, REQUIRED):
        description = row["description"]
        named_by_id, follow_up = errors.record(row, by_id)
        if named_by_id:
            meeting = follow_up.meeting if follow_up else None
        else:
            meeting_date = errors.parse(row, "meeting_date", parse_date)
            meeting = meetings.find(row["meeting"], meeting_date, description, errors)
        owner = department_index.find(row["owner_department"])
        if owner is None:
            errors.add(
                "owner_department", _("Unknown department “%(name)s”.") % {"name": row["owner_department"]}
            )
        status = choice_value(FollowUpStatus, row["status"]) if row.get("status") else FollowUpStatus.OPEN
        if status is None:
            errors.add("status", not_a_choice(FollowUpStatus, row["status"]))
        due_on = errors.parse(row, "due_on", parse_date)
        done_on = errors.parse(row, "done_on", parse_date)
        if errors:
            continue
        if named_by_id:
            errors.repeated(seen, follow_up.pk, "id")
        else:
            errors.repeated(seen, (meeting.pk, description), "description")
            follow_up = meetings.follow_up(meeting, description, errors)
        version = errors.version(row, follow_up, named_by_id)
        if errors:
            continue
        values = {
            "owner_department": owner,
            "due_on": due_on,
            "status": status,
            "done_on": done_on,
            "note": row.get("note", ""),
        }
        if named_by_id:
            values["description"] = description
        if follow_up is None and meeting.pk in meetings.editable:
            follow_up = FollowUp(meeting=meeting, description=description)
        else:
            _check_scope(follow_up, meeting, values, meetings, errors)
        if errors:
            continue
        if not row.get("status"):
            row.pop("status", None)
        (values,) = in_file_only(follow_up, row, values)
        changed = assign(follow_up, values)
        errors.check_write(follow_up, changed, user, "description")
        if errors:
            continue
        summary = f"{meeting.title} — {description[:80]}"
        plan.planned.append(planned_row(number, changed, follow_up, summary, file_version=version))
    return plan


def _check_scope(follow_up, meeting: Meeting, values: dict, meetings: "_MeetingsNamed", errors: RowErrors):
    """The admin's rules for a follow-up the user may not simply write."""
    if follow_up is None:
        errors.add("meeting", _("You may only add follow-ups to meetings of your own department."))
    elif follow_up.pk not in meetings.editable_follow_ups:
        errors.add("description", _("This follow-up belongs to another department."))
    elif meeting.pk not in meetings.editable:
        for name, value in values.items():
            if name not in FOLLOW_UP_PROGRESS_FIELDS and differs(follow_up, name, value):
                errors.add(
                    name,
                    _(
                        "The meeting belongs to another department: only the status, "
                        "date done and note may change."
                    ),
                )


class _MeetingsNamed:
    """The meetings the file's titles name and their follow-ups, read in a few
    queries for the whole file, with which of them the user may change."""

    def __init__(self, rows: list[dict[str, str]], user, follow_ups_by_id=()):
        titles = {row["meeting"] for _number, row in COLUMNS.read(rows) if row.get("meeting")}
        # Titles are matched ignoring case; the exact title is matched too,
        # because SQLite lowers only ASCII letters.
        found = (
            Meeting.objects.alias(lower_title=Lower("title"))
            .filter(Q(title__in=titles) | Q(lower_title__in={title.lower() for title in titles}))
            .only("title", "starts_at", "owner_department")
        )
        self.by_title = defaultdict(list)
        for meeting in found:
            self.by_title[meeting.title.strip().lower()].append(meeting)
        meeting_ids = [meeting.pk for meetings in self.by_title.values() for meeting in meetings]
        meeting_ids += [follow_up.meeting_id for follow_up in follow_ups_by_id]
        self.follow_ups = defaultdict(list)
        for follow_up in FollowUp.objects.filter(meeting_id__in=meeting_ids):
            self.follow_ups[follow_up.meeting_id, follow_up.description].append(follow_up)
        self.editable = set(
            Meeting.objects.editable_by(user).filter(pk__in=meeting_ids).values_list("pk", flat=True)
        )
        self.editable_follow_ups = set(
            FollowUp.objects.editable_by(user).filter(meeting_id__in=meeting_ids).values_list("pk", flat=True)
        )

    def find(self, title: str, date, description: str, errors: RowErrors) -> Meeting | None:
        candidates = self.by_title.get(title.strip().lower(), [])
        if date is not None:
            candidates = [meeting for meeting in candidates if timezone.localdate(meeting.starts_at) == date]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates and date is not None:
            errors.add(
                "meeting_date",
                _("No meeting “%(title)s” on %(date)s.")
                % {"title": title, "date": formats.date_format(date, "SHORT_DATE_FORMAT")},
            )
            return None
        if not candidates:
            errors.add("meeting", _("Unknown: %(names)s.") % {"names": title})
            return None
        # Meetings may share a title; the one that already has this
        # follow-up is meant.
        holding = [meeting for meeting in candidates if (meeting.pk, description) in self.follow_ups]
        if len(holding) == 1:
            return holding[0]
        dates = ", ".join(
            formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
            for meeting in sorted(candidates, key=lambda meeting: meeting.starts_at)
        )
        errors.add(
            "meeting",
            _("Several meetings have the title “%(title)s” (%(dates)s); the file cannot tell which is meant.")
            % {"title": title, "dates": dates},
        )
        return None

    def follow_up(self, meeting: Meeting, description: str, errors: RowErrors) -> FollowUp | None:
        matches = self.follow_ups.get((meeting.pk, description), [])
        if len(matches) > 1:
            errors.add("description", _("This meeting has several follow-ups with this description."))
            return None
        return matches[0] if matches else None
