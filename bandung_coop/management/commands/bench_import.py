"""Time a large meeting import as a user runs it: the sheet uploaded, the
preview and the confirm queued as jobs, and a job worker in its own process
taking them, with its peak memory.

    python manage.py bench_import                       # 10,000 and 100,000 rows
    python manage.py bench_import --rows 2000 20000     # other sizes

It writes the meetings into the configured database: run it on a database
made for it (README, "Scale"), with the demo data loaded. The worker's peak
memory at two sizes tells whether it stays flat as the file grows.
"""

import csv
import datetime
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from coop_lib.import_jobs import confirm_import, preview_import
from coop_lib.importing import KINDS
from coop_lib.jobs import enqueue
from coop_lib.models import Job
from meetings.models import Meeting
from partnerships.models import Department, Partner

TARGET_ROWS_PER_SECOND = 2000
TARGET_PEAK_MB = 200
HEADINGS = ["judul", "tanggal", "waktu", "tempat", "perangkat daerah pemilik", "mitra", "ringkasan"]
# One topic per hour of a day, so no two meetings of a day look alike.
TOPICS = [
    "Rapat koordinasi pengelolaan sampah",
    "Audiensi delegasi",
    "Diskusi teknis air bersih",
    "Pertemuan transportasi publik",
    "Lokakarya kota cerdas",
    "Kunjungan kehormatan",
    "Forum investasi",
    "Seminar pertukaran budaya",
    "Evaluasi rencana aksi",
]
SUMMARY = (
    "Pembahasan tindak lanjut kerja sama pengelolaan sampah, air bersih dan transportasi publik "
    "bersama delegasi mitra; disepakati jadwal kunjungan teknis berikutnya."
)


class Command(BaseCommand):
    help = "Time a large meeting import through the job worker: rows per second and the worker's peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])

    def handle(self, *args, rows, **options):
        user = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        departments = list(Department.objects.values_list("acronym", flat=True)[:20])
        # A name with a comma would read as two partners.
        # The generated partners, not the demo's named ones: the pages `bench` times
        # (a search for a city's name) then find the same rows after an import.
        named = Partner.objects.order_by("-pk").values_list("name", flat=True)[:40]
        partners = [name for name in named if "," not in name]
        if user is None or not departments or not partners:
            raise CommandError(
                "The database needs a superuser, departments and partners: run load_demo first."
            )
        self.stdout.write(
            f"{'rows':>9}  {'MB':>5}  {'preview s':>9}  {'rows/s':>7}  {'confirm s':>9}  {'rows/s':>7}  "
            f"{'worker peak MB':>14}"
        )
        for count in rows:
            if connection.vendor == "postgresql":
                # The planner's statistics as autovacuum keeps them on a
                # server at rest (a test cluster may run without it).
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            with tempfile.TemporaryDirectory() as directory:
                path = Path(directory) / f"rapat-{count}.csv"
                # Days before any recorded meeting: every row is new, however
                # often the benchmark has run on this database.
                earliest = Meeting.objects.aggregate(first=Min("starts_at"))["first"]
                last_day = (
                    timezone.localdate(earliest) if earliest else timezone.localdate()
                ) - datetime.timedelta(days=2)
                write_sheet(path, count, departments, partners, last_day)
                megabytes = path.stat().st_size / 1024 / 1024
                preview, preview_peak = self._run(user, path)
                if preview.status != Job.Status.DONE or preview.result.get("error_count"):
                    raise CommandError(
                        f"The preview did not pass: {preview.error or preview.result.get('errors')}"
                    )
                confirm, confirm_peak = self._run(user, preview=preview)
                if confirm.status != Job.Status.DONE:
                    raise CommandError(f"The confirm failed: {confirm.error}")
            previewed, confirmed = seconds(preview), seconds(confirm)
            self.stdout.write(
                f"{count:>9,}  {megabytes:>5.1f}  {previewed:>9.1f}  {count / previewed:>7,.0f}  "
                f"{confirmed:>9.1f}  {count / confirmed:>7,.0f}  {max(preview_peak, confirm_peak):>14.0f}"
            )
            slowest = min(count / previewed, count / confirmed)
            self.stdout.write(
                f"{'':>9}  target >= {TARGET_ROWS_PER_SECOND:,} rows/s for each job: "
                f"{'met' if slowest >= TARGET_ROWS_PER_SECOND else 'MISSED'}; "
                f"worker peak <= {TARGET_PEAK_MB} MB: "
                f"{'met' if max(preview_peak, confirm_peak) <= TARGET_PEAK_MB else 'MISSED'}"
            )

    def _run(self, user, path: Path | None = None, preview: Job | None = None) -> tuple[Job, float]:
        """Queue the preview of ``path`` (or the confirm of ``preview``), let a
        worker process take it, and return the finished job and the worker's
        peak memory in MB."""
        if path is not None:
            with path.open("rb") as sheet:
                job = enqueue(
                    preview_import,
                    user=user,
                    title="bench_import",
                    params={
                        "kind": "meetings.meeting",
                        "mapping": KINDS["meetings.meeting"].guess_mapping(HEADINGS),
                        "accepted": {},
                    },
                    input_file=File(sheet, name=path.name),
                )
        else:
            job = enqueue(
                confirm_import, user=user, title="bench_import", params={"preview": str(preview.pk)}
            )
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
            cwd=settings.BASE_DIR,
            # As in production: without DEBUG, Django keeps no log of the queries.
            env=os.environ
            | {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "localhost"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The worker's own peak (ru_maxrss, in kilobytes on Linux).
        _pid, status, usage = os.wait4(worker.pid, 0)
        worker.returncode = os.waitstatus_to_exitcode(status)
        if worker.returncode:
            raise CommandError(f"The job worker stopped with exit code {worker.returncode}.")
        peak = usage.ru_maxrss / 1024
        job.refresh_from_db()
        return job, peak


def seconds(job: Job) -> float:
    return (job.finished_at - job.started_at).total_seconds()


def write_sheet(
    path: Path, count: int, departments: list[str], partners: list[str], last_day: datetime.date
) -> None:
    """A sheet of ``count`` new meetings as staff would keep it: up to nine a
    day back from ``last_day``, each on its own topic and hour, with an OPD,
    one or two partners and a summary; none looks like another (the
    duplicate check finds nothing to flag among them)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADINGS)
        for n in range(count):
            day = last_day - datetime.timedelta(days=n // len(TOPICS))
            partner = partners[n % len(partners)]
            other = partners[(n + len(partners) // 2) % len(partners)]
            writer.writerow(
                [
                    f"{TOPICS[n % len(TOPICS)]} dengan {partner}",
                    day.isoformat(),
                    f"{8 + n % len(TOPICS):02d}:00",
                    "Balai Kota Bandung",
                    departments[n % len(departments)],
                    f"{partner}, {other}" if n % 3 == 0 and other != partner else partner,
                    SUMMARY,
                ]
            )
