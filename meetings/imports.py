"""Importing meetings and follow-ups from a sheet (``coop_lib.importing``):
the columns of their exports, or the headings people give them.

A row with the export's ID (and version) updates that record. A meeting
without one is recognised by its title and start, a follow-up by its
meeting and its description, so importing the same sheet twice changes
nothing the second time. A new meeting that looks like one already recorded
(a shared partner on the same day, a very similar title within a day) is
flagged in the preview.

Who may write which row follows the admin: staff import their own
department's meetings; follow-ups only onto meetings their department owns,
and on another department's meeting only the progress (status, date done,
note) of follow-ups their department is responsible for.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import department_id_of, is_cooperation_admin
from coop_lib.import_fields import (
    RegisterField,
    RegisterListField,
    SheetChoiceField,
    SheetDateField,
    SheetNumberField,
    SheetTextField,
    SheetTimeField,
)
from coop_lib.importing import CREATE, ImportKind, Planned, RowForm
from meetings.models import (
    DEFAULT_PLACE,
    FOLLOW_UP_PROGRESS_FIELDS,
    FollowUp,
    FollowUpStatus,
    Meeting,
    MeetingKind,
    MeetingMode,
    city_day,
    city_time,
)
from meetings.services import NearbyMeetings, Seen, describe_meeting
from partnerships.registers import cooperation_titles, department_names, partner_names

RELATED = ("attending_departments", "partners", "cooperations")
# A version number is a whole number; no record reaches this many saves.
LARGEST_VERSION = 2_000_000_000


class MeetingRow(RowForm):
    id = SheetNumberField(label=gettext_lazy("ID"), required=False)
    version = SheetNumberField(label=gettext_lazy("version"), required=False, largest=LARGEST_VERSION)
    title = SheetTextField(label=gettext_lazy("title"), max_length=250)
    date = SheetDateField(label=gettext_lazy("date"))
    time = SheetTimeField(label=gettext_lazy("time"), required=False)
    place = SheetTextField(label=gettext_lazy("place"), required=False, max_length=200)
    kind = SheetChoiceField(label=gettext_lazy("kind"), choices=MeetingKind, required=False)
    mode = SheetChoiceField(label=gettext_lazy("mode"), choices=MeetingMode, required=False)
    owner_department = RegisterField(label=gettext_lazy("owner department"))
    attending_departments = RegisterListField(label=gettext_lazy("attending departments"), required=False)
    partners = RegisterListField(label=gettext_lazy("partners"), required=False)
    cooperations = RegisterListField(label=gettext_lazy("related cooperations"), required=False)
    summary = SheetTextField(label=gettext_lazy("summary"), required=False)
    minutes = SheetTextField(label=gettext_lazy("minutes"), required=False)
    source_url = SheetTextField(label=gettext_lazy("source link"), required=False, max_length=500)


def _may_be_recorded(found: list[Seen]) -> str:
    return _("May be recorded already: %(meetings)s.") % {
        "meetings": "; ".join(describe_meeting(seen) for seen in found)
    }


# Written out only where shown: the preview shows the first few, the
# confirm only asks whether a row has one.
may_be_recorded = lazy(_may_be_recorded, str)


class MeetingImport(ImportKind):
    model = Meeting
    key = "title"
    form_class = MeetingRow
    required = ("title", "date", "owner_department")
    synonyms = {
        "title": ("nama kegiatan", "kegiatan", "judul kegiatan", "nama acara", "acara", "subject", "event"),
        "date": ("tanggal kegiatan", "hari/tanggal", "waktu pelaksanaan", "tgl"),
        "time": ("jam", "pukul"),
        "place": ("lokasi", "tempat kegiatan", "venue", "location"),
        "owner_department": ("perangkat daerah", "opd", "opd pemilik", "unit kerja", "department"),
        "attending_departments": ("opd yang hadir", "perangkat daerah yang hadir"),
        "partners": ("instansi mitra", "mitra kerja sama", "mitra luar negeri", "partner"),
        "summary": ("keterangan", "uraian", "hasil", "description", "notes"),
        "minutes": ("notulensi", "notula"),
        "source_url": ("tautan", "link", "url", "sumber"),
    }

    def matchers(self):
        departments = department_names()
        return {
            "owner_department": departments,
            "attending_departments": departments,
            "partners": partner_names(),
            "cooperations": cooperation_titles(),
        }

    def plan(self, forms_: list[RowForm]) -> Iterator[Planned]:
        rows = [(form, self._start(form)) for form in forms_]
        by_id = Meeting.objects.prefetch_related(*RELATED).in_bulk(self.ids(forms_))
        titles = {form.cleaned_data["title"] for form, _start in rows}
        # Both halves of the key: a title many meetings share ("Rapat
        # koordinasi") must not bring all of them.
        starts = {start for _form, start in rows}
        by_key = {
            (meeting.title, meeting.starts_at): meeting
            for meeting in Meeting.objects.filter(title__in=titles, starts_at__in=starts).prefetch_related(
                *RELATED
            )
        }
        stored = [*by_id.values(), *by_key.values()]
        editable = set(
            Meeting.objects.editable_by(self.user)
            .filter(pk__in=[meeting.pk for meeting in stored])
            .values_list("pk", flat=True)
        )
        if not hasattr(self, "nearby"):
            self.nearby = NearbyMeetings()
        self.nearby.load({city_day(start) for _form, start in rows})
        own = department_id_of(self.user)
        for form, starts_at in rows:
            data = form.cleaned_data
            owner = data["owner_department"]
            if not is_cooperation_admin(self.user) and owner.pk != own:
                form.add_error("owner_department", _("You may only import meetings of your own department."))
                continue
            named_by_id = data["id"] is not None
            meeting = by_id.get(data["id"]) if named_by_id else by_key.get((data["title"], starts_at))
            if named_by_id and meeting is None:
                form.add_error("id", _("No record has the id %(id)s.") % {"id": data["id"]})
                continue
            if self.repeated(form, meeting.pk if meeting else (data["title"], starts_at), "title"):
                continue
            if meeting is not None and meeting.pk not in editable:
                form.add_error("title", _("This meeting exists and belongs to another department."))
                continue
            version = self.expected_version(form, meeting, named_by_id)
            if form.errors:
                continue
            if meeting is not None and named_by_id and "time" not in self.mapped:
                # A sheet without times keeps the stored time of the day.
                stored_time = timezone.localtime(meeting.starts_at).time()
                starts_at = datetime.datetime.combine(
                    data["date"], stored_time, timezone.get_default_timezone()
                )
            meeting = meeting or Meeting()
            values = {
                "title": data["title"],
                "starts_at": starts_at,
                "place": data["place"] or (DEFAULT_PLACE if meeting._state.adding else None),
                "kind": data["kind"] or (MeetingKind.AUDIENCE if meeting._state.adding else None),
                "mode": data["mode"] or (MeetingMode.IN_PERSON if meeting._state.adding else None),
                "owner_department": owner,
                "summary": data["summary"],
                "source_url": data["source_url"],
            }
            # Confidential minutes the user may not read were exported empty:
            # the empty cell must not erase them.
            if meeting._state.adding or meeting.minutes_readable_by(self.user):
                values["minutes"] = data["minutes"]
            values = self.given(meeting, values)
            related = {name: data[name] for name in RELATED if meeting._state.adding or name in self.mapped}
            plan = self.plan_row(
                form,
                meeting,
                values,
                related,
                summary=f"{data['title']} — {city_time(starts_at):%Y-%m-%d %H:%M}",
                expected_version=version,
            )
            if plan is None:
                continue
            if plan.action == CREATE:
                partner_ids = [partner.pk for partner in related.get("partners", [])]
                found = self.nearby.like(title=meeting.title, starts_at=starts_at, partner_ids=partner_ids)
                if found:
                    plan.warnings.append(may_be_recorded(found))
                # A later row of the same sheet may repeat this one.
                self.nearby.add(meeting, partner_ids)
            yield plan

    def _start(self, form: RowForm) -> datetime.datetime:
        time = form.cleaned_data["time"] or datetime.time(9, 0)
        return datetime.datetime.combine(form.cleaned_data["date"], time, timezone.get_default_timezone())

    # ``write``: the import's, with the new meetings confirmed as not
    # duplicates (the preview showed the likely ones).


class FollowUpRow(RowForm):
    id = SheetNumberField(label=gettext_lazy("ID"), required=False)
    version = SheetNumberField(label=gettext_lazy("version"), required=False, largest=LARGEST_VERSION)
    meeting = SheetTextField(label=gettext_lazy("meeting"), required=False, max_length=250)
    meeting_date = SheetDateField(label=gettext_lazy("meeting date"), required=False)
    description = SheetTextField(label=gettext_lazy("what"))
    owner_department = RegisterField(label=gettext_lazy("responsible department"))
    due_on = SheetDateField(label=gettext_lazy("due date"), required=False)
    status = SheetChoiceField(label=gettext_lazy("status"), choices=FollowUpStatus, required=False)
    done_on = SheetDateField(label=gettext_lazy("date done"), required=False)
    note = SheetTextField(label=gettext_lazy("note"), required=False)


class FollowUpImport(ImportKind):
    model = FollowUp
    key = "description"
    form_class = FollowUpRow
    required = ("description", "owner_department")
    synonyms = {
        "meeting": ("pertemuan", "nama kegiatan", "kegiatan", "rapat"),
        "meeting_date": ("tanggal pertemuan", "tanggal rapat"),
        "description": (
            "tindak lanjut",
            "uraian tindak lanjut",
            "rencana tindak lanjut",
            "follow-up",
            "action",
        ),
        "owner_department": ("perangkat daerah", "opd", "penanggung jawab", "pj"),
        "due_on": ("tenggat", "batas waktu", "target waktu", "deadline"),
        "done_on": ("tanggal selesai", "selesai"),
        "note": ("keterangan", "catatan", "progres", "remarks"),
    }

    def matchers(self):
        return {"owner_department": department_names()}

    def plan(self, forms_: list[RowForm]) -> Iterator[Planned]:
        by_id = FollowUp.objects.select_related("meeting").in_bulk(self.ids(forms_))
        meetings = _MeetingsNamed(
            {form.cleaned_data["meeting"] for form in forms_ if form.cleaned_data["meeting"]},
            self.user,
            by_id.values(),
        )
        for form in forms_:
            data = form.cleaned_data
            named_by_id = data["id"] is not None
            if named_by_id:
                follow_up = by_id.get(data["id"])
                if follow_up is None:
                    form.add_error("id", _("No record has the id %(id)s.") % {"id": data["id"]})
                    continue
                meeting = follow_up.meeting
            elif not data["meeting"]:
                form.add_error("meeting", _("This field is required."))
                continue
            else:
                meeting = meetings.find(data["meeting"], data["meeting_date"], data["description"], form)
                if meeting is None:
                    continue
                follow_up = meetings.follow_up(meeting, data["description"], form)
                if form.errors:
                    continue
            key = follow_up.pk if follow_up else (meeting.pk, data["description"])
            if self.repeated(form, key, "id" if named_by_id else "description"):
                continue
            version = self.expected_version(form, follow_up, named_by_id)
            if form.errors:
                continue
            values = {
                "owner_department": data["owner_department"],
                "due_on": data["due_on"],
                "status": data["status"] or (FollowUpStatus.OPEN if follow_up is None else None),
                "done_on": data["done_on"],
                "note": data["note"],
            }
            if named_by_id:
                values["description"] = data["description"]
            if follow_up is None:
                if meeting.pk not in meetings.editable:
                    form.add_error(
                        "meeting", _("You may only add follow-ups to meetings of your own department.")
                    )
                    continue
                follow_up = FollowUp(meeting=meeting, description=data["description"])
            else:
                values = self.given(follow_up, values)
                if not self._in_scope(form, follow_up, meeting, values, meetings):
                    continue
            plan = self.plan_row(
                form,
                follow_up,
                values,
                summary=f"{meeting.title} — {data['description'][:80]}",
                expected_version=version,
            )
            if plan is not None:
                yield plan

    def _in_scope(self, form, follow_up: FollowUp, meeting: Meeting, values: dict, meetings) -> bool:
        """The admin's rules for a follow-up the user may not simply write."""
        if follow_up.pk not in meetings.editable_follow_ups:
            form.add_error("description", _("This follow-up belongs to another department."))
            return False
        if meeting.pk not in meetings.editable:
            for name, value in values.items():
                stored = getattr(follow_up, follow_up._meta.get_field(name).attname)
                new = value.pk if hasattr(value, "pk") else value
                if name not in FOLLOW_UP_PROGRESS_FIELDS and stored != new:
                    form.add_error(
                        name if name in form.fields else None,
                        _(
                            "The meeting belongs to another department: only the status, "
                            "date done and note may change."
                        ),
                    )
                    return False
        return True


class _MeetingsNamed:
    """The meetings a batch's rows name and their follow-ups, read in a few
    queries for the batch, with which of them the user may change."""

    def __init__(self, titles: set[str], user, follow_ups_by_id=()):
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

    def find(self, title: str, date, description: str, form: RowForm) -> Meeting | None:
        candidates = self.by_title.get(title.strip().lower(), [])
        if date is not None:
            candidates = [meeting for meeting in candidates if timezone.localdate(meeting.starts_at) == date]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates and date is not None:
            form.add_error(
                "meeting_date",
                _("No meeting “%(title)s” on %(date)s.")
                % {"title": title, "date": formats.date_format(date, "SHORT_DATE_FORMAT")},
            )
            return None
        if not candidates:
            form.add_error("meeting", _("Unknown: “%(written)s”.") % {"written": title})
            return None
        # Meetings may share a title; the one that already has this follow-up is meant.
        holding = [meeting for meeting in candidates if (meeting.pk, description) in self.follow_ups]
        if len(holding) == 1:
            return holding[0]
        dates = ", ".join(
            formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
            for meeting in sorted(candidates, key=lambda meeting: meeting.starts_at)
        )
        form.add_error(
            "meeting",
            _("Several meetings have the title “%(title)s” (%(dates)s); the file cannot tell which is meant.")
            % {"title": title, "dates": dates},
        )
        return None

    def follow_up(self, meeting: Meeting, description: str, form: RowForm) -> FollowUp | None:
        matches = self.follow_ups.get((meeting.pk, description), [])
        if len(matches) > 1:
            form.add_error("description", _("This meeting has several follow-ups with this description."))
            return None
        return matches[0] if matches else None
