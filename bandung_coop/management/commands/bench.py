"""Time every page of the register at two sizes, side by side with the stock admin.

    python manage.py bench                      # 10,000 and 1,000,000 meetings
    python manage.py bench --sizes 2000 20000   # other sizes
    python manage.py bench --here               # only the database of DATABASE_URL

Each size has a database of its own next to the configured one
(``<name>_bench_<size>`` on PostgreSQL, ``<file>-bench-<size>.sqlite3`` on
SQLite), made on the first run with the demo data and ``generate_data``.
Every page is timed in a process of its own per database, and one table
compares them: the median at each size, the growth between them, the query
count (which must not grow), the stock admin where there is one, and each
target marked met or MISSED. The export is timed against PostgreSQL's COPY of
the same columns at the largest size.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from bandung_coop.benchmark import (
    EXPORT_RATIO,
    FASTER_THAN_STOCK,
    MAX_GROWTH,
    TARGET_MS,
    measure_copy,
    measure_export,
    pages,
    time_page,
)
from meetings.models import Meeting

BENCH_USER = "benchmark"
IMPORT_ROWS = 10_000


class Command(BaseCommand):
    help = "Time every page at two sizes of the register, against the stock admin, with the targets."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 1_000_000], metavar="MEETINGS")
        parser.add_argument("--repetitions", type=int, default=7)
        parser.add_argument("--here", action="store_true", help="measure the configured database only")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="with --here: print the figures as JSON"
        )
        parser.add_argument("--skip-stock", action="store_true", help="leave out the stock admin")
        parser.add_argument("--skip-export", action="store_true", help="leave out the export against COPY")
        parser.add_argument("--only", default="", help="only the pages whose label contains this text")
        parser.add_argument(
            "--skip-import",
            action="store_true",
            help="leave out the import of 10,000 meetings (it adds them to the largest database)",
        )

    def handle(
        self, *args, sizes, repetitions, here, as_json, skip_stock, skip_export, only, skip_import, **options
    ):
        options = {"repetitions": repetitions, "skip_stock": skip_stock, "skip_export": skip_export}
        if here:
            figures = measure(only=only, **options)
            if as_json:
                self.stdout.write(json.dumps(figures))
            else:
                self._print_table([figures])
            return
        runs = []
        for size in sorted(sizes):
            url = self._database_of(size)
            self.stderr.write(f"== {size:,} meetings: {url}")
            runs.append(self._run_measured(url, size, only, options))
        self._print_table(runs)
        if not skip_import:
            # Through a job worker, as a user's import runs (bench_import).
            self.stdout.write(f"\nimport of new meetings into the {max(sizes):,}-meeting database")
            self.stdout.write(
                _manage(url, ["bench_import", "--rows", str(IMPORT_ROWS)], capture=True).rstrip()
            )

    def _database_of(self, size: int) -> str:
        """The address of the database holding ``size`` synthetic meetings, made if missing."""
        database = settings.DATABASES["default"]
        if connection.vendor == "postgresql":
            base = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[0]
            if not base:
                raise CommandError("Set DATABASE_URL to the PostgreSQL server to benchmark on.")
            name = f"{database['NAME']}_bench_{size}"
            url = f"{base}/{name}"
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                exists = cursor.fetchone() is not None
                if not exists:
                    cursor.execute(f'CREATE DATABASE "{name}"')
        else:
            path = Path(database["NAME"])
            file = path.with_name(f"{path.stem}-bench-{size}.sqlite3")
            url, exists = f"sqlite:///{file}", file.exists()
        if not exists:
            self.stderr.write(f"   filling it: migrate, load_demo, generate_data --meetings {size}")
            for command in (
                ["migrate", "--no-input"],
                ["load_demo"],
                ["generate_data", "--meetings", str(size)],
            ):
                _manage(url, command)
        return url

    def _run_measured(self, url: str, size: int, only: str, options: dict) -> dict:
        command = ["bench", "--here", "--json", "--repetitions", str(options["repetitions"])]
        command += ["--only", only] if only else []
        command += ["--skip-stock"] if options["skip_stock"] else []
        command += ["--skip-export"] if options["skip_export"] else []
        return json.loads(_manage(url, command, capture=True))

    def _print_table(self, runs: list[dict]) -> None:
        small, large = runs[0], runs[-1]
        sizes = [run["meetings"] for run in runs]
        self.stdout.write(
            f"\n{' and '.join(f'{size:,}' for size in sizes)} meetings on {large['vendor']}; "
            f"median of {large['repetitions']} after 2 warm-ups, milliseconds\n"
        )
        row = "{:<52} {:>8} {:>9} {:>9} {:>7} {:>9} {:>8}  {}"
        header = row.format(
            "page", "queries", _size(sizes[0]), _size(sizes[-1]), "growth", "stock", "vs stock", ""
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        missed = 0
        for label, big in large["pages"].items():
            little = small["pages"].get(label, big)
            problems = []
            if big["median"] > TARGET_MS:
                problems.append(f"> {TARGET_MS} ms")
            growth = big["median"] / little["median"] if little["median"] else 1.0
            if growth > MAX_GROWTH:
                problems.append(f"grows > {MAX_GROWTH:g}x")
            # Fewer is no miss: an unfiltered list of a large table takes its
            # count from the planner's statistics instead of counting.
            if big["queries"] > little["queries"]:
                problems.append("more queries")
            if big["status"] != 200:
                problems.append(f"status {big['status']}")
            stock, versus = big.get("stock"), ""
            if stock:
                speed_up = stock["median"] / big["median"] if big["median"] else 0
                versus = f"{speed_up:.1f}x"
                needed = FASTER_THAN_STOCK.get(big.get("versus_stock", ""))
                if needed and speed_up < needed:
                    problems.append(f"< {needed:g}x stock")
            missed += bool(problems)
            self.stdout.write(
                row.format(
                    label[:52],
                    big["queries"],
                    f"{little['median']:.1f}",
                    f"{big['median']:.1f}",
                    f"{growth:.1f}x",
                    f"{stock['median']:.1f}" if stock else "",
                    versus,
                    "MISSED: " + ", ".join(problems) if problems else "met",
                )
            )
        export = large.get("export")
        if export:
            ratio = export["ours"]["rows_per_second"] / export["copy"]["rows_per_second"]
            self.stdout.write(f"\n{'export of all meetings':<40} {'rows':>10} {'seconds':>8} {'rows/s':>10}")
            for rate in (export["ours"], export["copy"]):
                self.stdout.write(
                    f"{rate['label']:<40} {rate['rows']:>10,} {rate['seconds']:>8.1f} "
                    f"{rate['rows_per_second']:>10,.0f}"
                )
            verdict = "met" if ratio >= EXPORT_RATIO else "MISSED"
            missed += ratio < EXPORT_RATIO
            self.stdout.write(
                f"export/COPY ratio {ratio:.2f} (target >= {EXPORT_RATIO} {verdict}); "
                f"peak memory +{export['ours']['peak_rss_mb']:.0f} MB"
            )
        self.stdout.write(f"\n{'All targets met.' if not missed else f'{missed} targets MISSED.'}")


def measure(*, repetitions: int, skip_stock: bool, skip_export: bool, only: str = "") -> dict:
    """Every page (and the export) timed on the configured database."""
    user, _created = get_user_model().objects.get_or_create(
        username=BENCH_USER, defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    figures: dict = {
        "vendor": connection.vendor,
        "meetings": Meeting.objects.count(),
        "repetitions": repetitions,
        "pages": {},
    }
    with override_settings(ROOT_URLCONF="tests.bench.baseline"):
        for page in pages():
            if only and only not in page.label:
                continue
            timing = time_page(client, page.url, repetitions=repetitions)
            entry = _timing(timing) | {"url": page.url, "versus_stock": page.versus_stock}
            if page.stock_url and not skip_stock:
                entry["stock"] = _timing(time_page(client, page.stock_url, repetitions=repetitions))
            figures["pages"][page.label] = entry
    if connection.vendor == "postgresql" and not skip_export and not only:
        ours, copy = measure_export(user), measure_copy()
        figures["export"] = {"ours": _rate(ours), "copy": _rate(copy)}
    return figures


def _timing(timing) -> dict:
    return {"median": timing.median, "queries": timing.queries, "status": timing.status}


def _rate(rate) -> dict:
    return {
        "label": rate.label,
        "rows": rate.rows,
        "seconds": rate.seconds,
        "rows_per_second": rate.rows_per_second,
        "peak_rss_mb": rate.peak_rss_mb or 0,
    }


def _size(meetings: int) -> str:
    return f"{meetings // 1_000_000}M ms" if meetings >= 1_000_000 else f"{meetings // 1000}k ms"


def _manage(url: str, command: list[str], capture: bool = False) -> str:
    environment = os.environ | {"DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *command],
        env=environment,
        check=False,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    if done.returncode != 0:
        raise CommandError(f"manage.py {' '.join(command)} failed on {url}")
    return done.stdout or ""
