"""Measure the pages that must stay fast at a million meetings, side by side.

    python manage.py generate_data --meetings 1000000   # once
    python manage.py bench
    python manage.py bench --only-export                # the CSV export against COPY

Prints one table: median milliseconds and query counts of the meeting
changelist (unfiltered, filtered, searched) against the baseline admin, the
dashboard and a partner page, and checks the targets.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from bandung_coop.benchmark import measure_copy, measure_export, time_page
from meetings.models import Meeting
from partnerships.models import Department, Partner

TARGETS_MS = {"changelist": 100, "search": 250, "dashboard": 300}
MAX_CHANGELIST_QUERIES = 8
ROW = "{:<38} {:>8} {:>8} {:>12} {:>8} {:>9}  {}"


class Command(BaseCommand):
    help = "Time the admin changelist (against a baseline admin), the dashboard and a partner page."

    def add_arguments(self, parser):
        parser.add_argument("--repetitions", type=int, default=7)
        parser.add_argument("--search", default="Hamamatsu", help="search term for the changelist")
        parser.add_argument("--skip-export", action="store_true", help="leave out the export against COPY")
        parser.add_argument("--only-export", action="store_true", help="time only the export against COPY")

    def handle(self, *args, repetitions, search, skip_export, only_export, **options):
        if connection.vendor != "postgresql":
            self.stderr.write("Note: the targets are for PostgreSQL; this database is " + connection.vendor)
        if only_export:
            if connection.vendor == "postgresql":
                self._print_export(self._bench_user())
            return
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(self._bench_user())
        department = Department.objects.annotate(n=Count("owned_meetings")).order_by("-n").first()
        partner = Partner.objects.order_by("pk").first()
        rows = []
        with override_settings(ROOT_URLCONF="tests.bench.baseline"):
            for label, query, target in [
                ("changelist", "", "changelist"),
                (
                    "changelist, filtered by OPD",
                    f"?owner_department__id__exact={department.pk}",
                    "changelist",
                ),
                (f"changelist, search “{search}”", f"?q={search}", "search"),
            ]:
                ours = time_page(
                    client,
                    label,
                    reverse("admin:meetings_meeting_changelist") + query,
                    repetitions=repetitions,
                )
                baseline = time_page(
                    client,
                    label,
                    reverse("baseline:meetings_meeting_changelist") + query,
                    repetitions=repetitions,
                )
                rows.append((label, ours, baseline, target))
            for label, name, args in [
                ("dashboard", "pages:dashboard", []),
                ("partner page", "pages:partner_detail", [partner.pk]),
            ]:
                try:
                    url = reverse(name, args=args)
                except NoReverseMatch:
                    continue
                rows.append((label, time_page(client, label, url, repetitions=repetitions), None, label))
        self._print(rows)
        if not skip_export and connection.vendor == "postgresql":
            self._print_export(self._bench_user())

    def _print_export(self, user) -> None:
        ours, copy = measure_export(user), measure_copy()
        self.stdout.write(f"\n{'export of all meetings':<38} {'rows':>10} {'seconds':>8} {'rows/s':>10}")
        for rate in (ours, copy):
            self.stdout.write(
                f"{rate.label:<38} {rate.rows:>10,} {rate.seconds:>8.1f} {rate.rows_per_second:>10,.0f}"
            )
        ratio = ours.rows_per_second / copy.rows_per_second if copy.rows_per_second else 0
        verdict = "met" if ratio >= 0.5 else "MISSED"
        self.stdout.write(
            f"export/COPY ratio {ratio:.2f} (target >= 0.50 {verdict}); "
            f"peak memory +{ours.peak_rss_mb:.0f} MB"
        )

    def _bench_user(self):
        user, created = get_user_model().objects.get_or_create(
            username="benchmark", defaults={"is_staff": True, "is_superuser": True}
        )
        return user

    def _print(self, rows) -> None:
        meetings = Meeting.objects.count()
        self.stdout.write(
            f"\n{meetings:,} meetings on {connection.vendor}; median of the repetitions after warm-up\n"
        )
        header = ROW.format("page", "ms", "queries", "baseline ms", "queries", "speed-up", "target")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for label, ours, baseline, target_name in rows:
            target = TARGETS_MS.get(target_name)
            met = target is None or ours.median < target
            if target_name == "changelist":
                met = (
                    met
                    and ours.queries <= MAX_CHANGELIST_QUERIES
                    and not ours.scans_whole_table("meetings_meeting")
                )
            verdict = f"< {target} ms {'met' if met else 'MISSED'}" if target else ""
            if baseline is not None:
                speed_up = baseline.median / ours.median if ours.median else float("inf")
                self.stdout.write(
                    f"{label:<38} {ours.median:>8.1f} {ours.queries:>8} {baseline.median:>12.1f} "
                    f"{baseline.queries:>8} {speed_up:>8.1f}x  {verdict}"
                )
            else:
                self.stdout.write(
                    f"{label:<38} {ours.median:>8.1f} {ours.queries:>8} {'':>12} {'':>8} {'':>9}  {verdict}"
                )
