"""Meetings, visits and follow-up due dates as iCalendar (RFC 5545).

Every event has a UID built from its table and primary key, so a calendar
app that fetches a feed again updates the event instead of adding a copy.
Meeting times carry TZID=Asia/Jakarta with its VTIMEZONE; visits and
follow-up due dates are all-day events. Follow-ups are VEVENTs rather than
VTODOs because the common calendar apps (Google Calendar, Outlook) ignore
VTODOs in subscribed feeds.

Nothing confidential goes in: a meeting's event carries its summary, never
its minutes, whoever the reader is.
"""

import datetime
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coop_lib.admin import admin_change_url
from meetings.models import FollowUp, Meeting, Visit
from partnerships.models import Department

UID_DOMAIN = "kerjasama.bandung.go.id"
PRODID = "-//Pemerintah Kota Bandung//Kerja Sama Luar Negeri//ID"
DEFAULT_MEETING_LENGTH = datetime.timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{UID_DOMAIN}"


def _event(*, uid_: str, summary: str, description: str, url: str, changed: datetime.datetime):
    event = icalendar.Event()
    event.add("uid", uid_)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("url", url)
    # DTSTAMP and LAST-MODIFIED follow the record, so an unchanged feed is
    # byte-for-byte the same and calendar apps see nothing to update.
    event.add("dtstamp", changed.astimezone(datetime.UTC))
    event.add("last-modified", changed.astimezone(datetime.UTC))
    return event


def meeting_event(meeting: Meeting) -> icalendar.Event:
    zone = timezone.get_default_timezone()
    starts_at = meeting.starts_at.astimezone(zone)
    ends_at = (meeting.ends_at or meeting.starts_at + DEFAULT_MEETING_LENGTH).astimezone(zone)
    event = _event(
        uid_=uid("meeting", meeting.pk),
        summary=meeting.title,
        description=meeting.summary,
        url=admin_change_url(meeting, absolute=True),
        changed=meeting.updated_at,
    )
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("location", meeting.place)
    return event


def visit_event(visit: Visit) -> icalendar.Event:
    summary = _("Delegation visit: %(partner)s (%(direction)s)") % {
        "partner": visit.partner,
        "direction": visit.get_direction_display(),
    }
    event = _event(
        uid_=uid("visit", visit.pk),
        summary=summary,
        description=visit.purpose,
        url=admin_change_url(visit, absolute=True),
        changed=visit.updated_at,
    )
    event.add("dtstart", visit.starts_on)
    # DTEND of an all-day event is the day after the last one (RFC 5545 3.6.1).
    event.add("dtend", visit.ends_on + datetime.timedelta(days=1))
    if visit.places:
        event.add("location", visit.places)
    return event


def follow_up_event(follow_up: FollowUp) -> icalendar.Event:
    event = _event(
        uid_=uid("followup", follow_up.pk),
        summary=_("Follow-up due: %(what)s") % {"what": follow_up},
        description=_("%(what)s\nResponsible: %(department)s\nFrom the meeting: %(meeting)s")
        % {
            "what": follow_up.description,
            "department": follow_up.owner_department,
            "meeting": follow_up.meeting.title,
        },
        url=admin_change_url(follow_up, absolute=True),
        changed=follow_up.updated_at,
    )
    event.add("dtstart", follow_up.due_on)
    event.add("dtend", follow_up.due_on + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def calendar(name: str, events: Iterable[icalendar.Event]) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def feed_records(user, department: Department | None) -> tuple[QuerySet, QuerySet, QuerySet]:
    """Meetings, visits and pending follow-ups with a due date that ``user``
    may see, of one OPD (as in the reminders: owner or attending department
    for meetings) or of the whole city. Three queries, whatever the rows."""
    # The minutes are not even read, so no reader's feed can leak them.
    meetings = Meeting.objects.visible_to(user).defer("minutes").order_by("starts_at", "pk")
    visits = Visit.objects.visible_to(user).select_related("partner").order_by("starts_on", "pk")
    follow_ups = (
        FollowUp.objects.visible_to(user)
        .pending()
        .filter(due_on__isnull=False)
        .select_related("meeting", "owner_department")
        .order_by("due_on", "pk")
    )
    if department is not None:
        meetings = meetings.filter(
            pk__in=Meeting.objects.filter(
                Q(owner_department=department) | Q(attending_departments=department)
            ).values("pk")
        )
        visits = visits.filter(host_department=department)
        follow_ups = follow_ups.filter(owner_department=department)
    return meetings, visits, follow_ups


def feed_calendar(user, department: Department | None) -> icalendar.Calendar:
    meetings, visits, follow_ups = feed_records(user, department)
    if department is None:
        name = _("Foreign cooperation — Bandung City")
    else:
        name = _("Foreign cooperation — %(department)s") % {"department": department.acronym}
    return calendar(
        name,
        [
            *(meeting_event(meeting) for meeting in meetings),
            *(visit_event(visit) for visit in visits),
            *(follow_up_event(follow_up) for follow_up in follow_ups),
        ],
    )
