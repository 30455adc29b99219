"""How each city-wide figure is computed, and how the meetings involving a
partner or a country are found: the one place that decides.

Pages ask here for a figure of a queryset. For the whole register on
PostgreSQL (every role sees every meeting, so the visible queryset is the
table) the answer is read from the tallies that triggers keep
(``figures.models``); for a filtered queryset, and on other databases, the
rows are aggregated by the querysets' own methods, which are the definition.
The meetings involving a partner (a country) are read on PostgreSQL from
the tally of such pairs, whose index and statistics know each partner, so
its latest meetings take one index read however busy it is. Both ways give
the same figures and rows; ``tests/scale/test_tallies.py`` holds them to it.
"""

import datetime
from typing import Any

from django.db import connection, models
from django.db.models import Count, F, Sum

from figures.models import (
    CountryCount,
    CountryInvolvement,
    Involvement,
    MeetingCount,
    PartnerCount,
    PendingFollowUpCount,
    PendingFollowUpMonthCount,
)
from meetings.models import FollowUpQuerySet, Meeting, MeetingQuerySet, city_midnight
from partnerships.models import Cooperation, Department, Partner


def tallied(queryset: models.QuerySet) -> bool:
    """Whether the tallies hold this queryset's figures: all of a table, on PostgreSQL."""
    query = queryset.query
    whole = not query.where and not query.is_sliced and not query.combinator and not query.distinct
    return whole and connection.vendor == "postgresql"


def meeting_total(meetings: MeetingQuerySet) -> int:
    if tallied(meetings):
        return MeetingCount.objects.aggregate(total=Sum("meetings", default=0))["total"]
    return meetings.count()


def meetings_per_year(meetings: MeetingQuerySet) -> list[Any]:
    """``{"year", "count"}`` per year with meetings, in order."""
    if tallied(meetings):
        rows = MeetingCount.objects.values("year").annotate(count=Sum("meetings")).filter(count__gt=0)
        return list(rows.order_by("year"))
    return list(meetings.count_per_year())


def meetings_per_owner(meetings: MeetingQuerySet, *, year: int | None = None) -> list[Any]:
    """``{"owner_department", "owner_department__acronym", "count"}`` per
    department, most first; of one calendar year when ``year`` is given."""
    if tallied(meetings):
        rows = MeetingCount.objects.filter(year=year) if year else MeetingCount.objects.all()
        return list(
            rows.values(owner_department=F("department"), owner_department__acronym=F("department__acronym"))
            .annotate(count=Sum("meetings"))
            .filter(count__gt=0)
            .order_by("-count", "owner_department__acronym")
        )
    if year:
        meetings = meetings.in_year(year)
    return list(meetings.count_per_owner())


def meetings_per_partner(
    meetings: MeetingQuerySet,
    partners: models.QuerySet[Partner],
    *,
    year: int | None = None,
    between: tuple[datetime.date, datetime.date] | None = None,
) -> list[Partner]:
    """``partners`` with ``meeting_count`` (meetings involving them), most
    first; of one calendar year when ``year`` is given, or of the days
    ``between`` two dates (both included)."""
    if not tallied(meetings):
        if between:
            meetings = meetings.in_period(*between)
        elif year:
            meetings = meetings.in_year(year)
        return meetings.count_involving(partners)
    if between:
        # A few weeks' pairs, read by their start from the involvement rows.
        start, end = between
        pairs = Involvement.objects.filter(
            starts_at__gte=city_midnight(start), starts_at__lt=city_midnight(end, days_later=1)
        )
        counts = dict(pairs.values_list("partner").annotate(count=Count("meeting")).order_by())
    else:
        rows = PartnerCount.objects.filter(year=year) if year else PartnerCount.objects.all()
        counts = dict(rows.values_list("partner").annotate(count=Sum("meetings")).filter(count__gt=0))
    annotated: list[Any] = list(partners)
    for partner in annotated:
        partner.meeting_count = counts.get(partner.pk, 0)
    return sorted(annotated, key=lambda partner: (-partner.meeting_count, partner.name))


def meetings_per_country(meetings: MeetingQuerySet) -> list[tuple[str, int]]:
    """(country code, meetings involving a partner of that country), most first."""
    if tallied(meetings):
        rows = CountryCount.objects.values("country").annotate(count=Sum("meetings")).filter(count__gt=0)
        return list(rows.order_by("-count", "country").values_list("country", "count"))
    return meetings.count_per_country()


def _pending_before(day: datetime.date) -> tuple[models.QuerySet, models.QuerySet]:
    """Follow-ups to do that were due before ``day``: whole months before its
    month, then its days."""
    month = day.replace(day=1)
    return (
        PendingFollowUpMonthCount.objects.filter(due_month__lt=month),
        PendingFollowUpCount.objects.filter(due_on__gte=month, due_on__lt=day),
    )


def overdue_follow_ups(follow_ups: FollowUpQuerySet, on: datetime.date) -> int:
    if tallied(follow_ups):
        return sum(rows.aggregate(n=Sum("follow_ups", default=0))["n"] for rows in _pending_before(on))
    return follow_ups.overdue(on).count()


def overdue_per_owner(follow_ups: FollowUpQuerySet, on: datetime.date) -> list[dict]:
    """``{"owner_department", "owner_department__acronym", "count"}`` of the
    overdue follow-ups, most first."""
    if not tallied(follow_ups):
        return list(follow_ups.overdue(on).count_per_owner())
    counts: dict[int, int] = {}
    for rows in _pending_before(on):
        for department, count in rows.values_list("department").annotate(n=Sum("follow_ups")):
            counts[department] = counts.get(department, 0) + count
    acronyms = dict(Department.objects.filter(pk__in=counts).values_list("pk", "acronym"))
    owed = [
        {"owner_department": pk, "owner_department__acronym": acronyms.get(pk, ""), "count": count}
        for pk, count in counts.items()
        if count > 0
    ]
    return sorted(owed, key=lambda row: (-row["count"], row["owner_department__acronym"]))


def meeting_keys_involving(*partners: Partner) -> models.QuerySet:
    """The keys of the meetings with one of ``partners`` at the table or
    about one of their cooperations, for ``pk__in`` or ``meeting__in``: a
    subquery, which the database joins (a busy partner's thousands of keys
    written out as parameters cost more to send than to look up)."""
    keys = [partner.pk for partner in partners]
    if connection.vendor == "postgresql":
        return Involvement.objects.filter(partner__in=keys).values("meeting")
    involving = Meeting.objects.involving(
        partners=Partner.objects.filter(pk__in=keys),
        cooperations=Cooperation.objects.filter(partners__in=keys),
    )
    return involving.values("pk")


def meetings_involving(meetings: MeetingQuerySet, *partners: Partner) -> MeetingQuerySet:
    """The meetings of ``meetings`` with one of ``partners`` at the table or
    about one of their cooperations."""
    if connection.vendor == "postgresql":
        # A subquery, unlike ``meeting_keys_involving``: a list reads its page
        # in the order of the meetings' index, checking each against the
        # partner's pairs, and stops at the page's end; thousands of keys
        # written out make the planner fetch and sort them all first.
        pairs = Involvement.objects.filter(partner__in=[partner.pk for partner in partners])
        return meetings.filter(pk__in=pairs.values("meeting"))
    return meetings.filter(pk__in=meeting_keys_involving(*partners))


def meetings_of_year_involving(
    meetings: MeetingQuerySet, partners: list[Partner], year: int
) -> MeetingQuerySet:
    """The meetings of ``meetings`` in ``year`` involving one of ``partners``."""
    if connection.vendor == "postgresql" and partners:
        # The year's pairs through the involvement index (partner, start):
        # a busy partner's other years are never read.
        pairs = Involvement.objects.filter(
            partner__in=[partner.pk for partner in partners],
            starts_at__gte=city_midnight(datetime.date(year, 1, 1)),
            starts_at__lt=city_midnight(datetime.date(year + 1, 1, 1)),
        )
        return meetings.filter(pk__in=pairs.values("meeting")).in_year(year)
    return meetings_involving(meetings, *partners).in_year(year)


def meetings_involving_country(meetings: MeetingQuerySet, country: str) -> MeetingQuerySet:
    """The meetings of ``meetings`` involving a partner of ``country``."""
    if connection.vendor == "postgresql":
        return meetings.filter(pk__in=CountryInvolvement.objects.filter(country=country).values("meeting"))
    return meetings.involving_country(country)


def latest_meetings_involving(
    meetings: MeetingQuerySet, partners: list[Partner], limit: int, *, before: datetime.datetime | None = None
) -> MeetingQuerySet:
    """The ``limit`` latest meetings (started before ``before``) involving
    one of ``partners``, newest first."""
    newest_first = ("-starts_at", "-pk")
    if not tallied(meetings) or not partners:
        rows = meetings_involving(meetings, *partners)
        rows = rows.filter(starts_at__lt=before) if before else rows
        return rows.order_by(*newest_first)[:limit]
    latest_of_each = []
    for partner in partners:
        pairs = Involvement.objects.filter(partner=partner)
        pairs = pairs.filter(starts_at__lt=before) if before else pairs
        latest_of_each.append(pairs.order_by("-starts_at", "-meeting").values("meeting")[:limit])
    # One query: each partner's latest through its index, then the newest of them.
    keys = latest_of_each[0].union(*latest_of_each[1:])
    return meetings.filter(pk__in=keys).order_by(*newest_first)[:limit]


def meetings_involving_count(meetings: MeetingQuerySet, partner: Partner) -> int:
    if tallied(meetings):
        rows = PartnerCount.objects.filter(partner=partner)
        return rows.aggregate(total=Sum("meetings", default=0))["total"]
    return meetings.involving_partner(partner).count()
