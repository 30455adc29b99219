"""Synthetic data at scale, for benchmarks: ``generate_data --meetings 1000000``.

Proportions follow a busy register: 40 departments, 300 partners in ten
countries, 600 cooperations, 5,000 people; per meeting one or two partners,
one to three attending departments, three participants and on average one
and a half follow-ups. Rows go in with COPY on PostgreSQL (bulk INSERT
elsewhere), in chunks, with explicit ids, so a million meetings take
minutes. Synthetic rows get no audit-trail entries: nobody changed them.
"""

import csv
import datetime
import io
import random
import time
from collections.abc import Iterable, Iterator

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from figures.bulk import paused
from meetings.models import FollowUp, FollowUpStatus, Meeting, MeetingKind, MeetingMode, Participant, Visit
from partnerships.models import Cooperation, Department, DepartmentKind, Partner, PartnerKind, Person, Sector

# The city's time zone (settings.TIME_ZONE), in which the dates below are written.
WIB = timezone.get_default_timezone()
CHUNK = 50_000
COUNTRIES = ["JP", "KR", "CN", "NL", "DE", "FR", "AU", "US", "MY", "SG"]
PLACES = ["Balaikota Bandung", "Pendopo Kota Bandung", "Gedung Sate", "Hotel Savoy Homann", "Daring (Zoom)"]
TOPICS = [
    "manajemen limbah",
    "kualitas udara",
    "penyediaan air bersih",
    "pelatihan tenaga terampil",
    "kota kreatif",
    "transportasi berkelanjutan",
    "pendidikan vokasi",
    "pariwisata budaya",
]
FOLLOW_UP_STATUSES = [
    FollowUpStatus.OPEN,
    FollowUpStatus.IN_PROGRESS,
    FollowUpStatus.DONE,
    FollowUpStatus.CANCELLED,
]


def next_id(model) -> int:
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def insert(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Write rows in chunks: COPY on PostgreSQL, executemany elsewhere."""
    total = 0
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            total += _write(table, columns, chunk)
            chunk = []
    if chunk:
        total += _write(table, columns, chunk)
    return total


def _write(table: str, columns: list[str], rows: list[tuple]) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            csv.writer(buffer).writerows(rows)
            buffer.seek(0)
            # In COPY's CSV an empty field is NULL; columns that hold no
            # NULL in this chunk read it as the empty string instead.
            never_null = [c for i, c in enumerate(columns) if all(row[i] is not None for row in rows)]
            options = f", FORCE_NOT_NULL ({', '.join(never_null)})" if never_null else ""
            quoted = ", ".join(f'"{column}"' for column in columns)
            cursor.cursor.copy_expert(
                f'COPY "{table}" ({quoted}) FROM STDIN WITH (FORMAT csv{options})', buffer
            )
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({placeholders})', rows)
    return len(rows)


def reset_sequences(*models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            sequence = f"pg_get_serial_sequence('\"{table}\"', 'id')"
            cursor.execute(f'SELECT setval({sequence}, (SELECT MAX(id) FROM "{table}"))')


class Command(BaseCommand):
    help = "Generate synthetic departments, partners, cooperations, meetings and follow-ups at scale."

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, meetings: int, seed: int, **options):
        self.random = random.Random(seed)
        started = time.perf_counter()
        # The dashboard's tallies are recounted once at the end rather than
        # row by row, which would triple the time of the load.
        with transaction.atomic(), paused():
            departments = self._departments()
            partners = self._partners()
            sectors = list(Sector.objects.values_list("pk", flat=True)) or [
                Sector.objects.create(name="Umum").pk
            ]
            people = self._people()
            cooperations = self._cooperations(departments, partners, sectors)
            counts = self._meetings(meetings, departments, partners, cooperations, people)
            self._visits(max(meetings // 50, 1), departments, partners)
            reset_sequences(Department, Partner, Person, Cooperation, Meeting, Participant, FollowUp, Visit)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated {summary} in {elapsed:.0f} s."))

    def _departments(self) -> list[int]:
        first = next_id(Department)
        rows = [
            Department(
                pk=first + i,
                name=f"Dinas Sintetis {first + i}",
                acronym=f"DS{first + i}",
                kind=DepartmentKind.DINAS,
            )
            for i in range(40)
        ]
        Department.objects.bulk_create(rows)
        return [row.pk for row in rows]

    def _partners(self) -> list[int]:
        first = next_id(Partner)
        rows = [
            Partner(
                pk=first + i,
                name=f"Kota Mitra {first + i}",
                kind=PartnerKind.LOCAL_GOVERNMENT if i % 3 else PartnerKind.UNIVERSITY,
                country=COUNTRIES[i % len(COUNTRIES)],
            )
            for i in range(300)
        ]
        Partner.objects.bulk_create(rows)
        return [row.pk for row in rows]

    def _people(self) -> list[int]:
        first = next_id(Person)
        insert(
            Person._meta.db_table,
            ["id", "full_name", "aliases", "current_position", "email", "phone"],
            ((first + i, f"Pejabat Sintetis {first + i}", "", "Kepala Bidang", "", "") for i in range(5000)),
        )
        return list(range(first, first + 5000))

    def _cooperations(self, departments, partners, sectors) -> list[int]:
        first = next_id(Cooperation)
        now = datetime.datetime.now(datetime.UTC)
        ids = list(range(first, first + 600))
        insert(
            Cooperation._meta.db_table,
            ["id", "title", "kind", "lead_department_id", "stage", "description", "created_at", "updated_at"],
            (
                (
                    pk,
                    f"Kerja sama sintetis {pk}",
                    "ksdpl",
                    self.random.choice(departments),
                    "implementation",
                    "",
                    now,
                    now,
                )
                for pk in ids
            ),
        )
        through = Cooperation.partners.through
        insert(
            through._meta.db_table,
            ["cooperation_id", "partner_id"],
            ((pk, self.random.choice(partners)) for pk in ids),
        )
        sectors_through = Cooperation.sectors.through
        insert(
            sectors_through._meta.db_table,
            ["cooperation_id", "sector_id"],
            ((pk, self.random.choice(sectors)) for pk in ids),
        )
        return ids

    def _meetings(self, count, departments, partners, cooperations, people) -> dict[str, int]:
        first = next_id(Meeting)
        ids = range(first, first + count)
        now = datetime.datetime.now(datetime.UTC)
        partner_names = dict(Partner.objects.filter(pk__in=partners).values_list("pk", "name"))
        starts = {}

        def meeting_rows() -> Iterator[tuple]:
            span = 12 * 365 * 24 * 60
            origin = datetime.datetime(2015, 1, 1, 8, tzinfo=WIB)
            for pk in ids:
                start = origin + datetime.timedelta(minutes=self.random.randrange(span))
                starts[pk] = start.date()
                partner = self.random.choice(partners)
                topic = self.random.choice(TOPICS)
                yield (
                    pk,
                    f"Pertemuan {topic} dengan {partner_names[partner]}",
                    start,
                    start + datetime.timedelta(hours=2),
                    self.random.choice(PLACES),
                    self.random.choice(MeetingKind.values),
                    self.random.choice(MeetingMode.values),
                    self.random.choice(departments),
                    f"Pembahasan {topic} bersama {partner_names[partner]}.",
                    "",
                    False,
                    "",
                    1,
                    now,
                    now,
                )

        counts = {
            "meetings": insert(
                Meeting._meta.db_table,
                [
                    "id",
                    "title",
                    "starts_at",
                    "ends_at",
                    "place",
                    "kind",
                    "mode",
                    "owner_department_id",
                    "summary",
                    "minutes",
                    "minutes_confidential",
                    "source_url",
                    "version",
                    "created_at",
                    "updated_at",
                ],
                meeting_rows(),
            )
        }
        choose = self.random.sample
        counts["partner links"] = insert(
            Meeting.partners.through._meta.db_table,
            ["meeting_id", "partner_id"],
            ((pk, partner) for pk in ids for partner in choose(partners, self.random.choice((1, 1, 2)))),
        )
        counts["attending departments"] = insert(
            Meeting.attending_departments.through._meta.db_table,
            ["meeting_id", "department_id"],
            ((pk, department) for pk in ids for department in choose(departments, self.random.randint(1, 3))),
        )
        counts["cooperation links"] = insert(
            Meeting.cooperations.through._meta.db_table,
            ["meeting_id", "cooperation_id"],
            ((pk, self.random.choice(cooperations)) for pk in ids if pk % 2),
        )
        counts["participants"] = insert(
            Participant._meta.db_table,
            ["meeting_id", "person_id", "role", "position_held"],
            (
                (pk, person, role, "Kepala Bidang")
                for pk in ids
                for person, role in zip(choose(people, 3), ("host", "guest", "attendee"), strict=True)
            ),
        )
        counts["follow-ups"] = insert(
            FollowUp._meta.db_table,
            self.follow_up_columns,
            self._follow_up_rows(ids, starts, departments, now),
        )
        return counts

    follow_up_columns = [
        "meeting_id",
        "description",
        "owner_department_id",
        "due_on",
        "status",
        "done_on",
        "note",
        "created_at",
        "updated_at",
    ]

    def _follow_up_rows(self, ids, starts, departments, now) -> Iterator[tuple]:
        for pk in ids:
            for number in range(self.random.choice((1, 1, 2, 2, 1, 2))):
                due = starts[pk] + datetime.timedelta(days=self.random.randint(14, 120))
                status = self.random.choice(FOLLOW_UP_STATUSES)
                done = due if status == FollowUpStatus.DONE else None
                yield (
                    pk,
                    f"Tindak lanjut {number + 1} pertemuan {pk}",
                    self.random.choice(departments),
                    due,
                    status,
                    done,
                    "",
                    now,
                    now,
                )

    def _visits(self, count, departments, partners) -> None:
        first = next_id(Visit)
        now = datetime.datetime.now(datetime.UTC)
        rows = []
        for pk in range(first, first + count):
            start = datetime.date(2015, 1, 1) + datetime.timedelta(days=self.random.randrange(12 * 365))
            rows.append(
                (
                    pk,
                    self.random.choice(("inbound", "outbound")),
                    self.random.choice(partners),
                    None,
                    self.random.randint(2, 15),
                    start,
                    start + datetime.timedelta(days=3),
                    "Bandung",
                    "Kunjungan kerja sintetis",
                    self.random.choice(departments),
                    "apbd",
                    "",
                    now,
                    now,
                )
            )
        insert(
            Visit._meta.db_table,
            [
                "id",
                "direction",
                "partner_id",
                "leader_id",
                "member_count",
                "starts_on",
                "ends_on",
                "places",
                "purpose",
                "host_department_id",
                "funding_source",
                "outcome",
                "created_at",
                "updated_at",
            ],
            rows,
        )
