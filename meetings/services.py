"""Recording meetings and delegation visits: the checks beyond the generic
write rules of ``coop_lib.writes`` (permission, edit lock, validation,
audit), above all that a meeting or visit is not recorded twice."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, utils

from coop_lib.writes import LikelyDuplicate, Related, create_record
from meetings.models import Meeting, Visit, city_day, city_midnight

# Titles at least this similar (rapidfuzz's token sort ratio, 0–100) within
# a day are taken for the same meeting written twice.
SIMILAR_TITLE_SCORE = 85


def similar_titles(first: str, second: str) -> bool:
    return fuzz.token_sort_ratio(first, second, processor=utils.default_process) >= SIMILAR_TITLE_SCORE


def meetings_near(days: Iterable[datetime.date]):
    """The meetings on these days and the day either side, with their
    partners: what a duplicate check compares with, in two queries. Read as
    ranges of the start, so the index on it serves."""
    windows = Q()
    for first, last in _day_ranges(days):
        windows |= Q(
            starts_at__gte=city_midnight(first, days_later=-1),
            starts_at__lt=city_midnight(last, days_later=2),
        )
    if not windows:
        return Meeting.objects.none()
    return Meeting.objects.filter(windows).prefetch_related("partners")


def _day_ranges(days: Iterable[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Runs of days no more than two apart, as (first, last)."""
    ranges: list[tuple[datetime.date, datetime.date]] = []
    for day in sorted(set(days)):
        if ranges and (day - ranges[-1][1]).days <= 2:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


@dataclass(frozen=True, slots=True)
class Seen:
    """What the duplicate check knows of a meeting: enough to compare and to
    name it."""

    pk: int | None
    title: str
    starts_at: datetime.datetime
    place: str
    partner_ids: tuple[int, ...]


class NearbyMeetings:
    """Meetings by their day (WIB), to find those that look like a given one:
    a shared partner on the same day, or a very similar title within a day.
    Rows of an import not yet written are added as they are planned."""

    def __init__(self, meetings: Iterable[Meeting] = ()):
        # A ``Seen``'s values as a plain tuple, small enough to keep one for
        # each row of a large sheet; and the cycle collector stops watching
        # a tuple of plain values, so its collections do not walk them all.
        self.by_day: dict[datetime.date, list[tuple]] = defaultdict(list)
        # The days the duplicate check has read, and the days whose window it has.
        self.read: set[datetime.date] = set()
        self.windowed: set[datetime.date] = set()
        for meeting in meetings:
            self.add(meeting, [partner.pk for partner in meeting.partners.all()])

    def load(self, days: Iterable[datetime.date]) -> None:
        """The recorded meetings around ``days`` not read yet (an import reads
        a batch of rows at a time)."""
        new = set(days) - self.windowed
        if not new:
            return
        for meeting in meetings_near(new):
            if city_day(meeting.starts_at) not in self.read:
                self.add(meeting, [partner.pk for partner in meeting.partners.all()])
        self.read |= {day + datetime.timedelta(days=offset) for day in new for offset in (-1, 0, 1)}
        self.windowed |= new

    def add(self, meeting: Meeting, partner_ids: Iterable[int]) -> None:
        self.by_day[city_day(meeting.starts_at)].append(
            (meeting.pk, meeting.title, meeting.starts_at, meeting.place, tuple(partner_ids))
        )

    def like(self, *, title: str, starts_at: datetime.datetime, partner_ids: Iterable[int]) -> list[Seen]:
        day, partner_ids = city_day(starts_at), set(partner_ids)
        found = []
        for offset in (-1, 0, 1):
            for values in self.by_day.get(day + datetime.timedelta(days=offset), []):
                seen = Seen(*values)
                shares_a_partner = offset == 0 and not partner_ids.isdisjoint(seen.partner_ids)
                if shares_a_partner or similar_titles(seen.title, title):
                    found.append(seen)
        return sorted(found, key=lambda seen: seen.starts_at)


def likely_duplicate_meetings(
    *, title: str, starts_at: datetime.datetime, partner_ids: Iterable[int]
) -> list[Meeting]:
    nearby = NearbyMeetings(meetings_near([city_day(starts_at)]))
    found = [
        seen.pk
        for seen in nearby.like(title=title, starts_at=starts_at, partner_ids=partner_ids)
        if seen.pk is not None
    ]
    return sorted(Meeting.objects.filter(pk__in=found), key=lambda meeting: (meeting.starts_at, meeting.pk))


def likely_duplicate_visits(
    *, partner_id: int, starts_on: datetime.date, ends_on: datetime.date
) -> list[Visit]:
    """Visits of the same partner whose dates overlap."""
    return list(
        Visit.objects.filter(partner_id=partner_id, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .select_related("partner")
        .order_by("starts_on", "pk")
    )


def describe_meeting(meeting: Meeting | Seen) -> str:
    when = formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
    return f"“{meeting.title}” ({when}, {meeting.place})"


def describe_visit(visit: Visit) -> str:
    return _("%(partner)s, %(starts)s – %(ends)s") % {
        "partner": visit.partner,
        "starts": formats.date_format(visit.starts_on, "DATE_FORMAT"),
        "ends": formats.date_format(visit.ends_on, "DATE_FORMAT"),
    }


def meeting_create(
    *, meeting: Meeting, user, related: Related | None = None, duplicates_confirmed: bool = False
) -> Meeting:
    """Record a new meeting, unless it looks like one already recorded and
    the user has not confirmed that it is another."""
    related = related or {}
    if not duplicates_confirmed and meeting.starts_at is not None:
        partner_ids = [getattr(partner, "pk", partner) for partner in related.get("partners", [])]
        candidates = likely_duplicate_meetings(
            title=meeting.title, starts_at=meeting.starts_at, partner_ids=partner_ids
        )
        if candidates:
            raise LikelyDuplicate(
                _("This meeting may be recorded already: %(meetings)s.")
                % {"meetings": "; ".join(describe_meeting(candidate) for candidate in candidates)},
                candidates,
            )
    return create_record(instance=meeting, user=user, related=related)


def visit_create(*, visit: Visit, user, duplicates_confirmed: bool = False) -> Visit:
    """Record a new delegation visit, unless the same partner already has a
    visit on overlapping dates and the user has not confirmed another one."""
    if not duplicates_confirmed and visit.partner_id and visit.starts_on and visit.ends_on:
        candidates = likely_duplicate_visits(
            partner_id=visit.partner_id, starts_on=visit.starts_on, ends_on=visit.ends_on
        )
        if candidates:
            raise LikelyDuplicate(
                _("This visit may be recorded already: %(visits)s.")
                % {"visits": "; ".join(describe_visit(candidate) for candidate in candidates)},
                candidates,
            )
    return create_record(instance=visit, user=user)
