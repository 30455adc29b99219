"""Side-by-side page timings for ``manage.py bench``.

Each page is requested through Django's test client (middleware, queries,
templates: everything but the network), a few times to warm up, then
``repetitions`` times; the median is reported with the page's query count.
The meeting changelist is also served by a *baseline* admin
(``tests/bench/baseline.py``): the same columns, filters, search and date
drill-down written the way a typical project writes them, with Django's
defaults for everything else (exact counts, DISTINCT date drill-down, a query
per row for computed columns).
"""

import resource
import statistics
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coop_lib.csv_export import csv_lines
from meetings.csv_columns import meeting_spec
from meetings.models import Meeting


@dataclass
class Timing:
    label: str
    milliseconds: list[float] = field(default_factory=list)
    queries: int = 0
    status: int = 0
    sql: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.milliseconds)

    def scans_whole_table(self, table: str) -> bool:
        """A COUNT(*) or DISTINCT over the table without a WHERE clause."""
        for statement in self.sql:
            upper = statement.upper()
            whole_table = f'FROM "{table.upper()}"' in upper and "WHERE" not in upper
            if whole_table and ("COUNT(*)" in upper and "LIMIT" not in upper or "DISTINCT" in upper):
                return True
        return False


def time_page(client: Client, label: str, url: str, *, warmups: int = 2, repetitions: int = 7) -> Timing:
    timing = Timing(label)
    for _ in range(warmups):
        client.get(url)
    for _ in range(repetitions):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timing.milliseconds.append((time.perf_counter() - started) * 1000)
        timing.status = response.status_code
        timing.queries = len(queries)
        timing.sql = [query["sql"] for query in queries]
    return timing


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
class ExportRate:
    label: str
    rows: int
    seconds: float
    peak_rss_mb: float | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def measure_export(user) -> ExportRate:
    """The project's export of every meeting, consumed as a client would."""

    spec = meeting_spec()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rows = -1  # the header
    for line in csv_lines(spec.prepare(Meeting.objects.all(), user), spec, ";"):
        rows += line.count("\n")
    seconds = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before, 0) / 1024
    return ExportRate("project export", rows, seconds, peak)


def measure_copy() -> ExportRate:
    sink = _Discard()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(COPY_MEETINGS.format(time_zone=settings.TIME_ZONE), sink)
    return ExportRate("PostgreSQL COPY", sink.lines - 1, time.perf_counter() - started)
