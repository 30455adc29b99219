"""The pages ``manage.py bench`` times, and how it times them.

Each page is requested through Django's test client (middleware, queries,
templates: everything but the network), a few times to warm up, then
``repetitions`` times; the median is reported with the page's query count.
Where the admin has a *stock* counterpart (``tests/bench/baseline.py``: the
same columns, filters and search as a plain ``ModelAdmin``, with Django's
defaults for everything else), that is timed too, for the comparison.
"""

import calendar
import datetime
import resource
import statistics
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coop_lib.csv_export import csv_lines
from meetings.csv_columns import meeting_spec
from meetings.models import FollowUp, Meeting, Visit
from partnerships.models import Cooperation, Department, Document, Partner, Person, Sector

# Every page, at the largest size: the median at most this, and at most this
# many times its median at the smallest size.
TARGET_MS = 150
MAX_GROWTH = 3.0
# How much faster than the stock admin the admin must be, where the row asks.
FASTER_THAN_STOCK = {"changelist": 2.0, "filtered": 3.0}
# The export against PostgreSQL's COPY of the same columns.
EXPORT_RATIO = 0.6
# A page deep in a long list: Django's admin counts pages from 1.
DEEP_PAGE = 1000
# A word people search for: a partner's name, in a few records among many.
SEARCHED = "Hamamatsu"
# The search box: a word in every partner's name and most meetings' titles,
# and a partner's name misspelt.
SEARCHED_COMMON = "kota"
SEARCHED_MISSPELT = "Hamamatsuu"


@dataclass
class Page:
    label: str
    url: str
    stock_url: str = ""
    # A key of FASTER_THAN_STOCK, for rows measured against the stock admin.
    versus_stock: str = ""


@dataclass
class Timing:
    milliseconds: list[float] = field(default_factory=list)
    queries: int = 0
    status: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.milliseconds) if self.milliseconds else 0.0


def time_page(client: Client, url: str, *, warmups: int = 2, repetitions: int = 7) -> Timing:
    timing = Timing()
    for _ in range(warmups):
        client.get(url)
    for _ in range(repetitions):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timing.milliseconds.append((time.perf_counter() - started) * 1000)
        timing.status = response.status_code
        timing.queries = len(queries)
    return timing


def _admin(model, suffix: str = "") -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + suffix


def _stock(model, suffix: str = "") -> str:
    return reverse(f"baseline:{model._meta.app_label}_{model._meta.model_name}_changelist") + suffix


def _deep(model, per_page: int) -> str:
    """``?p=`` of page ``DEEP_PAGE``, or of the last page of a shorter list."""
    last = max((model.objects.count() + per_page - 1) // per_page, 1)
    return f"?p={min(DEEP_PAGE, last)}"


def _month_of(day: datetime.date) -> tuple[str, str]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1).isoformat(), day.replace(day=last).isoformat()


def pages() -> list[Page]:
    """The pages of the register, with the rows of this database to show on
    them: the busiest and the quietest partner, the department keeping most
    meetings, a year, a country, a sector."""
    partners = Partner.objects.annotate(n=Count("meetings")).filter(n__gt=0).order_by("n", "pk")
    quiet, busy = partners.first(), partners.last()
    department = Department.objects.annotate(n=Count("owned_meetings")).order_by("-n", "pk").first()
    meeting = Meeting.objects.filter(partners=busy).order_by("-starts_at").first()
    cooperation = Cooperation.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()
    year = meeting.starts_at.year if meeting else 2022
    country = busy.country if busy else "JP"
    sector = Sector.objects.annotate(n=Count("cooperations")).order_by("-n", "pk").first()
    follow_up_department = (
        Department.objects.annotate(n=Count("follow_ups")).order_by("-n", "pk").first() or department
    )

    listed: list[Page] = []
    for model in (Meeting, Visit, FollowUp, Cooperation, Document, Person, Partner):
        name = model._meta.verbose_name_plural
        per_page = admin.site.get_model_admin(model).list_per_page
        versus = "changelist" if model is Meeting else ""
        listed.append(Page(f"admin {name}", _admin(model), _stock(model), versus))
        deep = _deep(model, per_page)
        listed.append(Page(f"admin {name}, deep page", _admin(model, deep), _stock(model, deep)))
    listed += [
        Page(
            "admin meetings, filtered by OPD",
            _admin(Meeting, f"?owner_department__id__exact={department.pk}"),
            _stock(Meeting, f"?owner_department__id__exact={department.pk}"),
            "filtered",
        ),
        Page(
            "admin meetings, searched",
            _admin(Meeting, f"?q={SEARCHED}"),
            _stock(Meeting, f"?q={SEARCHED}"),
        ),
        Page(
            "admin follow-ups, filtered by OPD",
            _admin(FollowUp, f"?owner_department__id__exact={follow_up_department.pk}"),
            _stock(FollowUp, f"?owner_department__id__exact={follow_up_department.pk}"),
        ),
        Page("dashboard", reverse("pages:dashboard")),
        Page("partners", reverse("pages:partner_list")),
        Page("partner page, quietest partner", reverse("pages:partner_detail", args=[quiet.pk])),
        Page("partner page, busiest partner", reverse("pages:partner_detail", args=[busy.pk])),
        Page("meeting page", reverse("pages:meeting_detail", args=[meeting.pk])),
        Page("briefing", reverse("pages:briefing", args=[meeting.pk])),
        Page(
            "implementation report",
            reverse("pages:implementation_report", args=[cooperation.pk, year]),
        ),
        Page("my tasks", reverse("pages:tasks")),
        Page("calendar, a month", reverse("calendar") + f"?view=month&date={year}-06-01"),
        Page("calendar, a week", reverse("calendar") + f"?view=week&date={year}-06-10"),
        Page("report of a year", reverse("pages:report") + f"?periode=tahun&tahun={year}"),
        Page("report of a month", reverse("pages:report") + f"?periode=bulan&tahun={year}&bulan=6"),
        Page("search, a common word", reverse("pages:search") + f"?q={SEARCHED_COMMON}"),
        Page("search, a misspelt partner", reverse("pages:search") + f"?q={SEARCHED_MISSPELT}"),
    ]
    # Each list with each filter officials use, labelled by what it shows
    # (not by ids, which differ between the databases the table compares).
    month = f"{year}-03-01", f"{year}-03-31"
    # A month with visits in both databases, so the two sizes show the same queries.
    visit = Visit.objects.filter(starts_on__year=year).order_by("starts_on", "pk").first()
    visit_month = _month_of(visit.starts_on) if visit else month
    list_filters = {
        "pages:meeting_list": [
            ("", ""),
            ("a month", f"date_from={month[0]}&date_until={month[1]}"),
            ("a year", f"year={year}"),
            ("quietest partner", f"partner={quiet.pk}"),
            ("busiest partner", f"partner={busy.pk}"),
            ("a country", f"country={country}"),
            ("a sector", f"sector={sector.pk}" if sector else ""),
            ("an OPD", f"opd={department.pk}"),
            ("signings", "kind=signing"),
            ("searched", f"q={SEARCHED}"),
        ],
        "pages:visit_list": [
            ("", ""),
            ("a month", f"date_from={visit_month[0]}&date_until={visit_month[1]}"),
            ("a year", f"year={year}"),
            ("busiest partner", f"partner={busy.pk}"),
            ("a country", f"country={country}"),
            ("an OPD", f"opd={department.pk}"),
            ("outbound", "direction=outbound"),
            ("searched", "q=kerja"),
        ],
        "pages:cooperation_list": [
            ("", ""),
            ("busiest partner", f"partner={busy.pk}"),
            ("a country", f"country={country}"),
            ("a sector", f"sector={sector.pk}" if sector else ""),
            ("an OPD", f"opd={department.pk}"),
            ("in implementation", "stage=implementation"),
            ("agreement in force", "agreement=active"),
            ("dormant", "agreement=dormant"),
            ("searched", "q=kerja"),
        ],
        "pages:follow_up_list": [
            ("", ""),
            ("an OPD", f"opd={follow_up_department.pk}"),
            ("open", "status=open"),
            ("overdue", "overdue=on"),
            ("quietest partner", f"partner={quiet.pk}"),
            ("busiest partner", f"partner={busy.pk}"),
            ("due in a month", f"due_from={month[0]}&due_until={month[1]}"),
            ("searched", "q=tindak"),
        ],
    }
    for name, filters in list_filters.items():
        label = name.split(":")[1].replace("_", " ")
        for description, query in filters:
            if description and not query:
                continue
            listed.append(
                Page(
                    f"{label}, {description}" if description else label,
                    reverse(name) + (f"?{query}" if query else ""),
                )
            )
    return listed


# The export's columns written by PostgreSQL itself: the yardstick for the
# project's export (same rows, same columns, many-to-many values joined).
COPY_MEETINGS = """
COPY (
  SELECT m.id, m.title, (m.starts_at AT TIME ZONE '{time_zone}')::date,
    (m.starts_at AT TIME ZONE '{time_zone}')::time, m.place, m.kind, m.mode, d.acronym,
    (SELECT string_agg(a.acronym, ', ' ORDER BY a.acronym) FROM meetings_meeting_attending_departments ma
       JOIN partnerships_department a ON a.id = ma.department_id WHERE ma.meeting_id = m.id),
    (SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM meetings_meeting_partners mp
       JOIN partnerships_partner p ON p.id = mp.partner_id WHERE mp.meeting_id = m.id),
    (SELECT string_agg(c.title, ', ' ORDER BY c.title) FROM meetings_meeting_cooperations mc
       JOIN partnerships_cooperation c ON c.id = mc.cooperation_id WHERE mc.meeting_id = m.id),
    m.summary, m.minutes, m.source_url, m.version
  FROM meetings_meeting m JOIN partnerships_department d ON d.id = m.owner_department_id
  ORDER BY m.id
) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';')
"""


class _Discard:
    def __init__(self):
        self.lines = 0

    def write(self, data) -> int:
        self.lines += data.count("\n") if isinstance(data, str) else data.count(b"\n")
        return len(data)


@dataclass
class Rate:
    label: str
    rows: int
    seconds: float
    peak_rss_mb: float | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def measure_export(user) -> Rate:
    """The project's export of every meeting, consumed as a client would."""
    spec = meeting_spec()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rows = -1  # the header
    for line in csv_lines(spec.prepare(Meeting.objects.all(), user), spec, ";"):
        rows += line.count("\n")
    seconds = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before, 0) / 1024
    return Rate("project export", rows, seconds, peak)


def measure_copy() -> Rate:
    sink = _Discard()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(COPY_MEETINGS.format(time_zone=settings.TIME_ZONE), sink)
    return Rate("PostgreSQL COPY", sink.lines - 1, time.perf_counter() - started)
