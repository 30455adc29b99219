"""What the calendar page shows on each day: meetings, delegation visits,
follow-ups still to do by their due date, and the day each signed document
of a cooperation stops being valid.

Each kind is read in one query, through its ``visible_to(user)`` row rule,
so the page costs the same number of queries however many entries a period
holds. The department and partner filters mean what they mean on the
browsing lists: a meeting's owner, a visit's host, a follow-up's responsible
department and a cooperation's lead department; a meeting involving the
partner (at the table or about one of its cooperations), the visiting
partner, a follow-up of such a meeting, a cooperation with the partner.
"""

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber, TruncDate
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bandung_coop.agenda.periods import FIRST_DAY, LAST_DAY
from figures import counts
from meetings.models import FollowUp, Meeting, Visit, city_time
from partnerships.models import Cooperation, Department, Document, Partner


class Kind(StrEnum):
    # In the order entries of one day are listed.
    MEETING = "meeting"
    VISIT = "visit"
    FOLLOW_UP = "follow-up"
    AGREEMENT = "agreement"


KIND_LABELS: dict[Kind, Promise] = {
    Kind.MEETING: _("Meeting"),
    Kind.VISIT: _("Delegation visit"),
    Kind.FOLLOW_UP: _("Follow-up due"),
    Kind.AGREEMENT: _("Agreement expires"),
}
KIND_ORDER = {kind: position for position, kind in enumerate(Kind)}


@dataclass(frozen=True)
class Entry:
    kind: Kind
    title: str
    detail: str  # the department, the direction of a visit, the document
    url: str
    time: datetime.time | None = None  # of a meeting, on the city's clock
    first_day: datetime.date | None = None  # of a visit that spans days
    last_day: datetime.date | None = None
    overdue: bool = False

    @property
    def label(self) -> Promise:
        return KIND_LABELS[self.kind]

    @property
    def spans_days(self) -> bool:
        return self.first_day is not None and self.first_day != self.last_day

    def sort_key(self) -> tuple:
        return (KIND_ORDER[self.kind], self.time or datetime.time.min, self.title)


@dataclass(frozen=True)
class Filters:
    department: Department | None = None
    partner: Partner | None = None


def calendar_meetings(user, start: datetime.date, end: datetime.date, filters: Filters) -> QuerySet:
    meetings = (
        Meeting.objects.visible_to(user)
        .in_period(start, end)
        .select_related("owner_department")
        .only("title", "starts_at", "owner_department__acronym")
        .order_by("starts_at", "pk")
    )
    if filters.department:
        meetings = meetings.filter(owner_department=filters.department)
    if filters.partner:
        meetings = counts.meetings_involving(meetings, filters.partner)
    return meetings


def calendar_visits(user, start: datetime.date, end: datetime.date, filters: Filters) -> QuerySet:
    visits = (
        Visit.objects.visible_to(user)
        # Every visit under way in the period, also one that began before it.
        .filter(starts_on__lte=end, ends_on__gte=start)
        .select_related("partner", "host_department")
        .only("direction", "starts_on", "ends_on", "partner__name", "host_department__acronym")
        .order_by("starts_on", "pk")
    )
    if filters.department:
        visits = visits.filter(host_department=filters.department)
    if filters.partner:
        visits = visits.filter(partner=filters.partner)
    return visits


def calendar_follow_ups(user, start: datetime.date, end: datetime.date, filters: Filters) -> QuerySet:
    follow_ups = (
        FollowUp.objects.visible_to(user)
        .pending()
        .filter(due_on__range=(start, end))
        .select_related("owner_department")
        .only("description", "due_on", "meeting_id", "owner_department__acronym")
        .order_by("due_on", "pk")
    )
    if filters.department:
        follow_ups = follow_ups.filter(owner_department=filters.department)
    if filters.partner:
        involving = counts.meetings_involving(Meeting.objects.all(), filters.partner)
        follow_ups = follow_ups.filter(meeting__in=involving.values("pk"))
    return follow_ups


def calendar_expiries(user, start: datetime.date, end: datetime.date, filters: Filters) -> QuerySet:
    cooperations = Cooperation.objects.visible_to(user)
    if filters.department:
        cooperations = cooperations.filter(lead_department=filters.department)
    if filters.partner:
        cooperations = cooperations.filter(partners=filters.partner)
    return (
        Document.objects.filter(valid_until__range=(start, end), cooperation__in=cooperations.values("pk"))
        .select_related("cooperation")
        .only("kind", "number", "valid_until", "cooperation__title")
        .order_by("valid_until", "pk")
    )


def _meeting_entries(meetings: Iterable[Meeting]) -> Iterator[tuple[datetime.date, Entry]]:
    for meeting in meetings:
        moment = city_time(meeting.starts_at)
        entry = Entry(
            kind=Kind.MEETING,
            title=meeting.title,
            detail=meeting.owner_department.acronym,
            url=meeting.get_absolute_url(),
            time=moment.time(),
        )
        yield moment.date(), entry


def visit_url(visit: Visit) -> str:
    """A visit has no page of its own: the visit list narrowed to it (the
    partner's visits starting that day), which every role may open."""
    day = visit.starts_on.isoformat()
    query = urlencode({"partner": visit.partner_id, "date_from": day, "date_until": day})
    return f"{reverse('pages:visit_list')}?{query}"


def _visit_entries(
    visits: Iterable[Visit], start: datetime.date, end: datetime.date
) -> Iterator[tuple[datetime.date, Entry]]:
    for visit in visits:
        entry = Entry(
            kind=Kind.VISIT,
            title=visit.partner.name,
            detail=f"{visit.get_direction_display()} · {visit.host_department.acronym}",
            url=visit_url(visit),
            first_day=visit.starts_on,
            last_day=visit.ends_on,
        )
        day = max(visit.starts_on, start)
        while day <= min(visit.ends_on, end):
            yield day, entry
            day += datetime.timedelta(days=1)


def _follow_up_entries(
    follow_ups: Iterable[FollowUp], today: datetime.date
) -> Iterator[tuple[datetime.date, Entry]]:
    for follow_up in follow_ups:
        if follow_up.due_on is None:  # the query asks for a due date in the period
            continue
        entry = Entry(
            kind=Kind.FOLLOW_UP,
            title=follow_up.description,
            detail=follow_up.owner_department.acronym,
            url=reverse("pages:meeting_detail", args=[follow_up.meeting_id]),
            overdue=follow_up.due_on < today,
        )
        yield follow_up.due_on, entry


def _expiry_entries(documents: Iterable[Document]) -> Iterator[tuple[datetime.date, Entry]]:
    for document in documents:
        if document.valid_until is None:  # the query asks for an end in the period
            continue
        entry = Entry(
            kind=Kind.AGREEMENT,
            title=document.cooperation.title,
            detail=" ".join(filter(None, [str(document.get_kind_display()), document.number])),
            # The cooperation's report of that year lists its documents
            # with their validity.
            url=reverse(
                "pages:implementation_report", args=[document.cooperation_id, document.valid_until.year]
            ),
        )
        yield document.valid_until, entry


# A day shows this many entries (a cell of the month), then how many more: its meetings and
# follow-ups are read up to this many a day, whatever the period holds.
SHOWN_PER_DAY = 5
# Visits and agreement expiries are few; a period reads at most this many of
# each, in date order, and the page says when a kind was cut.
READ_PER_KIND = 1_000


@dataclass
class PeriodEntries:
    by_day: dict[datetime.date, list[Entry]]  # at most SHOWN_PER_DAY a day
    more: dict[datetime.date, int]  # a day's entries beyond those
    cut: bool  # visits or expiries beyond READ_PER_KIND in the period


def _first_of_each_day(rows: QuerySet, day, order: list) -> tuple[QuerySet, dict[int, int]]:
    """The first SHOWN_PER_DAY rows of each day, and the count of each day
    keyed by its first row: a busy month of a city-wide register is read a
    few rows a day. The ranks are taken over keys and dates only, then the
    rows of the keys kept are read."""
    ranked = (
        rows.order_by()
        .annotate(
            rank_in_day=Window(RowNumber(), partition_by=[day], order_by=order),
            on_day=Window(Count("pk"), partition_by=[day]),
        )
        .filter(rank_in_day__lte=SHOWN_PER_DAY)
        .values_list("pk", "rank_in_day", "on_day")
    )
    kept, day_counts = [], {}
    for pk, rank, on_day in ranked:
        kept.append(pk)
        if rank == 1:
            day_counts[pk] = on_day
    return rows.filter(pk__in=kept), day_counts


def entries_by_day(
    user, start: datetime.date, end: datetime.date, filters: Filters, *, today: datetime.date
) -> PeriodEntries:
    """The entries ``user`` may see from ``start`` to ``end`` (both
    included), by day, each day's in the order of ``Entry.sort_key``."""
    # A month grid of January 1900 starts in 1899: no record is dated there.
    start, end = max(start, FIRST_DAY), min(end, LAST_DAY)
    by_day: dict[datetime.date, list[Entry]] = defaultdict(list)
    counted: dict[datetime.date, int] = defaultdict(int)
    meetings, meetings_a_day = _first_of_each_day(
        calendar_meetings(user, start, end, filters),
        TruncDate("starts_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)),
        [F("starts_at").asc(), F("pk").asc()],
    )
    follow_ups, follow_ups_a_day = _first_of_each_day(
        calendar_follow_ups(user, start, end, filters), F("due_on"), [F("due_on").asc(), F("pk").asc()]
    )
    for rows, a_day, entries_of in (
        (meetings, meetings_a_day, _meeting_entries),
        (follow_ups, follow_ups_a_day, lambda rows: _follow_up_entries(rows, today)),
    ):
        read = list(rows)
        for row, (day, entry) in zip(read, entries_of(read), strict=True):
            by_day[day].append(entry)
            counted[day] += a_day.get(row.pk, 0)
    cut = False
    for few, entries_of in (
        (calendar_visits(user, start, end, filters), lambda rows: _visit_entries(rows, start, end)),
        (calendar_expiries(user, start, end, filters), _expiry_entries),
    ):
        read = list(few[: READ_PER_KIND + 1])
        cut = cut or len(read) > READ_PER_KIND
        for day, entry in entries_of(read[:READ_PER_KIND]):
            by_day[day].append(entry)
            counted[day] += 1
    shown: dict[datetime.date, list[Entry]] = {}
    for day, entries_of_day in by_day.items():
        entries_of_day.sort(key=Entry.sort_key)
        shown[day] = entries_of_day[:SHOWN_PER_DAY]
    more = {day: counted[day] - len(shown[day]) for day in shown if counted[day] > len(shown[day])}
    return PeriodEntries(shown, more, cut)
