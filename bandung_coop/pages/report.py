"""The activity report of a month, a semester or a year, for A4 print."""

import calendar
import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bandung_coop.pages.access import role_required
from figures import counts
from meetings.models import FollowUp, Meeting, Visit
from partnerships.models import Document, Partner

PERIODS = {"tahun": _("Year"), "semester": _("Semester"), "bulan": _("Month")}


def period_bounds(period: str, year: int, part: int) -> tuple[datetime.date, datetime.date]:
    if period == "bulan":
        return datetime.date(year, part, 1), datetime.date(year, part, calendar.monthrange(year, part)[1])
    if period == "semester":
        first_month = 1 if part == 1 else 7
        last_month = first_month + 5
        return datetime.date(year, first_month, 1), datetime.date(
            year, last_month, calendar.monthrange(year, last_month)[1]
        )
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _number(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _meetings_per_owner_and_partner(meetings, year: int, period: str) -> dict:
    """Of a whole year, the city-wide figures are kept by year already."""
    whole_year = {"year": year} if period == "tahun" else {}
    per_partner = counts.meetings_per_partner(meetings, Partner.objects.all(), **whole_year)
    return {
        "per_department": counts.meetings_per_owner(meetings, **whole_year),
        "per_partner": [partner for partner in per_partner if partner.meeting_count],
    }


@role_required
def report(request):
    today = timezone.localdate()
    period = request.GET.get("periode") if request.GET.get("periode") in PERIODS else "tahun"
    year = _number(request.GET.get("tahun"), today.year, 2000, 2100)
    month = _number(request.GET.get("bulan"), today.month, 1, 12)
    semester = _number(request.GET.get("semester"), 1 if today.month <= 6 else 2, 1, 2)
    start, end = period_bounds(period, year, month if period == "bulan" else semester)

    user = request.user
    visible = Meeting.objects.visible_to(user)
    meetings = (
        visible.in_period(start, end)
        .select_related("owner_department")
        .prefetch_related("partners")
        .order_by("starts_at")
    )
    context = {
        "period": period,
        "periods": PERIODS,
        "year": year,
        "month": month,
        "semester": semester,
        "months": [(number, datetime.date(2000, number, 1)) for number in range(1, 13)],
        "start": start,
        "end": end,
        "meetings": meetings,
        "visits": Visit.objects.visible_to(user)
        .in_period(start, end)
        .select_related("partner", "host_department"),
        "documents": Document.objects.filter(signed_on__range=(start, end)).select_related("cooperation"),
        "follow_ups_due": FollowUp.objects.visible_to(user)
        .filter(due_on__range=(start, end))
        .select_related("owner_department", "meeting"),
        **_meetings_per_owner_and_partner(visible if period == "tahun" else meetings, year, period),
    }
    return render(request, "pages/report.html", context)
