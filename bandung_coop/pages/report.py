"""The activity report of a month, a semester or a year, for A4 print."""

import calendar
import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bandung_coop.pages.access import role_required
from figures import counts
from meetings.models import FollowUp, Meeting, Visit
from partnerships.models import Document, Partner

PERIODS = {"tahun": _("Year"), "semester": _("Semester"), "bulan": _("Month")}
# The lines of each list of the report. A year of a busy register holds tens
# of thousands of meetings: the report counts them all, shows the first ones
# and links to the browsing list of the whole period, which exports them.
REPORT_ROWS = 100


@dataclass
class Part:
    """A list of the report: its first rows, how many it has in all, and the
    browsing list of them all."""

    rows: list
    total: int
    full_list: str = ""

    @property
    def cut(self) -> bool:
        return self.total > len(self.rows)


def _part(queryset, full_list: str = "", filters: dict | None = None) -> Part:
    rows = list(queryset[:REPORT_ROWS])
    total = queryset.count()
    link = f"{reverse(full_list)}?{urlencode(filters or {})}" if full_list else ""
    return Part(rows=rows, total=total, full_list=link)


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


def _meetings_per_owner_and_partner(
    visible, meetings, year: int, period: str, start: datetime.date, end: datetime.date
) -> dict:
    """Of a whole year, the city-wide figures are kept by year already; a
    shorter period's partners are counted from the involvement rows of its days."""
    if period == "tahun":
        per_partner = counts.meetings_per_partner(visible, Partner.objects.all(), year=year)
        per_department = counts.meetings_per_owner(visible, year=year)
    else:
        per_partner = counts.meetings_per_partner(visible, Partner.objects.all(), between=(start, end))
        per_department = counts.meetings_per_owner(meetings)
    return {
        "per_department": per_department,
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
        .prefetch_related("partners", "cooperations__partners")
        .order_by("starts_at", "pk")
    )
    dates = {"date_from": start.isoformat(), "date_until": end.isoformat()}
    context = {
        "period": period,
        "periods": PERIODS,
        "year": year,
        "month": month,
        "semester": semester,
        "months": [(number, datetime.date(2000, number, 1)) for number in range(1, 13)],
        "start": start,
        "end": end,
        "meetings": _part(meetings, "pages:meeting_list", dates),
        "visits": _part(
            Visit.objects.visible_to(user)
            .in_period(start, end)
            .select_related("partner", "host_department")
            .order_by("starts_on", "pk"),
            "pages:visit_list",
            dates,
        ),
        "documents": _part(
            Document.objects.filter(signed_on__range=(start, end))
            .select_related("cooperation")
            .order_by("signed_on", "pk")
        ),
        "follow_ups_due": _part(
            FollowUp.objects.visible_to(user)
            .filter(due_on__range=(start, end))
            .select_related("owner_department", "meeting")
            .order_by("due_on", "pk"),
            "pages:follow_up_list",
            {"due_from": start.isoformat(), "due_until": end.isoformat()},
        ),
        **_meetings_per_owner_and_partner(visible, meetings, year, period, start, end),
    }
    return render(request, "pages/report.html", context)
