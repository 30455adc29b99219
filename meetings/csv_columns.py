"""The columns of the meeting, visit and follow-up exports."""

from django.db.models.functions import TruncDate, TruncTime
from django.utils.translation import gettext_lazy as _

from coop_lib.csv_spec import Column, CsvSpec, ManyColumn, choice_labels
from meetings.models import FollowUpStatus, Meeting, MeetingKind, MeetingMode, VisitDirection


def _meeting_rows(queryset, user):
    # Dates and times in WIB, computed by the database; minutes only where
    # the user may read them.
    return queryset.with_visible_minutes(user).annotate(
        start_date=TruncDate("starts_at"), start_time=TruncTime("starts_at")
    )


def meeting_spec() -> CsvSpec:
    return CsvSpec(
        stem="pertemuan",
        prepare=_meeting_rows,
        columns=[
            Column(_("ID"), "id"),
            Column(_("title"), "title"),
            Column(_("date"), "start_date"),
            Column(_("time"), "start_time"),
            Column(_("place"), "place"),
            Column(_("kind"), "kind", choice_labels(MeetingKind)),
            Column(_("mode"), "mode", choice_labels(MeetingMode)),
            Column(_("owner department"), "owner_department__acronym"),
            ManyColumn(
                _("attending departments"),
                Meeting.attending_departments.through,
                "meeting_id",
                "department__acronym",
            ),
            ManyColumn(_("partners"), Meeting.partners.through, "meeting_id", "partner__name"),
            ManyColumn(
                _("related cooperations"), Meeting.cooperations.through, "meeting_id", "cooperation__title"
            ),
            Column(_("summary"), "summary"),
            Column(_("minutes"), "visible_minutes"),
            Column(_("source link"), "source_url"),
            Column(_("version"), "version"),
        ],
    )


def visit_spec() -> CsvSpec:
    return CsvSpec(
        stem="kunjungan",
        columns=[
            Column(_("ID"), "id"),
            Column(_("direction"), "direction", choice_labels(VisitDirection)),
            Column(_("partner"), "partner__name"),
            Column(_("delegation leader"), "leader__full_name"),
            Column(_("number of members"), "member_count"),
            Column(_("start date"), "starts_on"),
            Column(_("end date"), "ends_on"),
            Column(_("places visited"), "places"),
            Column(_("purpose"), "purpose"),
            Column(_("hosting department"), "host_department__acronym"),
            Column(_("outcome"), "outcome"),
            Column(_("version"), "version"),
        ],
    )


def _follow_up_rows(queryset, user):
    # The meeting's date (WIB) tells meetings of the same title apart on import.
    return queryset.annotate(meeting_date=TruncDate("meeting__starts_at"))


def follow_up_spec() -> CsvSpec:
    return CsvSpec(
        stem="tindak-lanjut",
        prepare=_follow_up_rows,
        columns=[
            Column(_("ID"), "id"),
            Column(_("meeting"), "meeting__title"),
            Column(_("meeting date"), "meeting_date"),
            Column(_("what"), "description"),
            Column(_("responsible department"), "owner_department__acronym"),
            Column(_("due date"), "due_on"),
            Column(_("status"), "status", choice_labels(FollowUpStatus)),
            Column(_("date done"), "done_on"),
            Column(_("note"), "note"),
            Column(_("version"), "version"),
        ],
    )
