"""The cells of every export, computed by the database from the declared
columns: the rules of a cell, on every database; and on PostgreSQL, the
same file whether COPY writes the rows or Python's csv module does, the same
row rules, a bounded number of statements."""

import csv
import datetime
import io
from unittest import mock, skipUnless

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from coop_lib import csv_export
from coop_lib.csv_export import csv_lines
from coop_lib.csv_spec import BOM, Column, CsvSpec, ManyColumn
from meetings.csv_columns import follow_up_spec, meeting_spec, visit_spec
from meetings.models import FollowUp, FollowUpStatus, Meeting, MeetingKind, MeetingMode, Visit, VisitDirection
from partnerships.csv_columns import cooperation_spec, partner_spec
from partnerships.models import Cooperation, CooperationKind, Partner, PartnerKind, Stage
from tests import factories
from tests.access.fixtures import SECRET_MINUTES, AccessFixture

needs_postgresql = skipUnless(
    connection.vendor == "postgresql",
    "COPY ... TO STDOUT is PostgreSQL's; other databases use the Python path",
)

# Each starts a cell that a spreadsheet would run as a formula.
TRIGGERS = ["=1+2", "+62 812 2000", "-5 derajat", "@bandung", "\tditabulasi", "\rkembali ke awal"]
AWKWARD = [
    'Kata "kutip" di tengah',
    "titik;koma, lalu koma",
    "baris satu\nbaris dua",
    "baris\r\nWindows",
    "Kota Hamamatsu 浜松市",
    "Kerja sama Kota Bandung – Kota Hamamatsu",
    "",
    "\\.",
    "'sudah berapostrof",
    " =didahului spasi",
]
TEXTS = TRIGGERS + AWKWARD
WIB = datetime.timezone(datetime.timedelta(hours=7))
SPECS = [meeting_spec, visit_spec, follow_up_spec, cooperation_spec, partner_spec]
MODELS = {
    meeting_spec: Meeting,
    visit_spec: Visit,
    follow_up_spec: FollowUp,
    cooperation_spec: Cooperation,
    partner_spec: Partner,
}


def parse(lines, delimiter: str) -> list[list[str]]:
    content = "".join(lines)
    assert content.startswith(BOM), "no UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(content[len(BOM) :]), delimiter=delimiter))


def both_paths(spec_function, queryset, user, delimiter: str) -> tuple[list, list]:
    """(rows written by COPY, rows written by Python's csv module) of one
    export, parsed as a spreadsheet would."""
    spec = spec_function()
    if spec.prepare:
        queryset = spec.prepare(queryset, user)
    copied = parse(csv_lines(queryset, spec, delimiter), delimiter)
    with mock.patch.object(csv_export, "copies", return_value=False):
        written = parse(csv_lines(queryset, spec, delimiter), delimiter)
    return copied, written


def make_awkward_records() -> None:
    """Records of every kind whose cells start with each formula trigger
    and hold quotes, separators, line breaks, Japanese text and nothing."""
    departments = [factories.make_department(acronym=text[:30]) for text in TEXTS]
    partners = [
        factories.make_partner(
            name=f"{text} {number}",
            kind=list(PartnerKind)[number % len(PartnerKind)],
            country="JP" if number % 2 else "KR",
            region=text,
            aliases="Hamamatsu\n浜松市\r\n  Kota Hamamatsu  \n\n" if number % 3 == 0 else text,
            website=text,
        )
        for number, text in enumerate(TEXTS)
    ]
    sectors = [factories.make_sector(name=f"{text} {number}") for number, text in enumerate(TEXTS)]
    cooperations = []
    for number, text in enumerate(TEXTS):
        cooperation = factories.make_cooperation(
            title=text,
            kind=list(CooperationKind)[number % len(CooperationKind)],
            stage=list(Stage)[number % len(Stage)],
            started_on=None if number % 4 == 0 else datetime.date(2020 + number % 5, 1 + number % 12, 9),
            description=text,
            lead_department=departments[number],
            partners=partners[number : number + 3],
        )
        cooperation.supporting_departments.set(departments[number + 1 : number + 4])
        cooperation.sectors.set(sectors[: number % 4])
        cooperations.append(cooperation)
    for number, text in enumerate(TEXTS):
        meeting = factories.make_meeting(
            title=text,
            # Microseconds and WIB midnight: the time and date must match Python's.
            starts_at=datetime.datetime(
                2024, 1 + number % 12, 1, number % 24, 30, number * 1000 % 60, number * 7, WIB
            ),
            place=text,
            kind=list(MeetingKind)[number % len(MeetingKind)],
            mode=list(MeetingMode)[number % len(MeetingMode)],
            owner_department=departments[number],
            summary=text,
            minutes=f"Notulen {text}" if number % 2 else text,
            minutes_confidential=number % 3 == 0,
            source_url=text,
            partners=partners[number % 5 : number % 5 + number % 4],
        )
        meeting.attending_departments.set(departments[number : number + number % 3])
        meeting.cooperations.set(cooperations[: number % 3])
        factories.make_visit(
            direction=list(VisitDirection)[number % 2],
            partner=partners[number],
            leader=factories.make_person(full_name=text) if number % 2 else None,
            member_count=number + 1,
            places=text,
            purpose=text,
            host_department=departments[number],
            outcome=text,
        )
        factories.make_follow_up(
            meeting=meeting,
            description=text,
            owner_department=departments[-number],
            due_on=None if number % 5 == 0 else datetime.date(2024, 12, 1 + number),
            status=FollowUpStatus.DONE if number % 3 == 0 else FollowUpStatus.OPEN,
            done_on=datetime.date(2024, 12, 31) if number % 3 == 0 else None,
            note=text,
        )


class CellRuleTests(TestCase):
    """What each kind of value becomes, on every database."""

    @classmethod
    def setUpTestData(cls):
        cls.fixture = AccessFixture()

    def export(self, queryset, spec_function=meeting_spec, user=None) -> list[list[str]]:
        spec = spec_function()
        if spec.prepare:
            queryset = spec.prepare(queryset, user or self.fixture.leader)
        return parse(csv_lines(queryset, spec, ";"), ";")

    def test_a_meetings_cells_are_its_values_as_a_spreadsheet_reads_them(self):
        hamamatsu = factories.make_partner(name="Kota Hamamatsu 浜松市")
        toyota = factories.make_partner(name="Kota Toyota")
        meeting = factories.make_meeting(
            title='=HYPERLINK("x")',
            starts_at=datetime.datetime(2022, 2, 3, 0, 30, tzinfo=WIB),
            place="Balaikota Bandung",
            kind=MeetingKind.AUDIENCE,
            mode=MeetingMode.IN_PERSON,
            owner_department=factories.make_department(acronym="DSDABM"),
            summary="-5 derajat; dingin",
            minutes="Notulen",
            source_url="",
            partners=[toyota, hamamatsu],
        )
        meeting.attending_departments.set(
            [
                factories.make_department(acronym="Disbudpar"),
                factories.make_department(acronym="Bappelitbang"),
            ]
        )
        with translation.override("id"):
            rows = self.export(Meeting.objects.filter(pk=meeting.pk))
        self.assertEqual(
            rows[1],
            [
                str(meeting.pk),
                '\'=HYPERLINK("x")',
                "2022-02-03",  # the day in WIB, though it is 2 February in UTC
                "00:30:00",
                "Balaikota Bandung",
                "Audiensi / kunjungan kehormatan",
                "Tatap muka",
                "DSDABM",
                "Bappelitbang, Disbudpar",
                "Kota Hamamatsu 浜松市, Kota Toyota",
                "",
                "'-5 derajat; dingin",
                "Notulen",
                "",
                "1",
            ],
        )

    def test_a_partners_other_names_are_one_cell_joined_by_semicolons(self):
        partner = factories.make_partner(name="Kota Hamamatsu")
        partner.aliases = "Hamamatsu\r\n  浜松市  \n\n Hanamatsu"
        partner.full_clean()
        partner.save()
        rows = self.export(Partner.objects.filter(pk=partner.pk), partner_spec)
        self.assertEqual(rows[1][5], "Hamamatsu; 浜松市; Hanamatsu")

    def test_booleans_numbers_and_numeric_many_to_many_values(self):
        partner = factories.make_partner()
        factories.make_meeting(minutes_confidential=True, partners=[partner])
        spec = CsvSpec(
            stem="uji",
            columns=[
                Column("rahasia", "minutes_confidential"),
                Column("versi", "version"),
                ManyColumn("mitra", Meeting.partners.through, "meeting_id", "partner__pk"),
            ],
        )
        rows = parse(csv_lines(Meeting.objects.filter(partners=partner), spec, ";"), ";")
        self.assertEqual(rows[1], ["1", "1", str(partner.pk)])

    def test_a_column_the_export_cannot_write_is_refused_when_declared(self):
        spec = CsvSpec(stem="uji", columns=[Column("mulai", "starts_at")])
        with self.assertRaises(ValueError):
            csv_lines(Meeting.objects.all(), spec, ";")


@needs_postgresql
class CopyMatchesPythonPathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fixture = AccessFixture()
        make_awkward_records()

    def test_every_spec_writes_the_same_file_by_copy_and_by_python(self):
        cases = [
            (spec_function, language, delimiter, user)
            for spec_function in SPECS
            for language in ("id", "en")
            for delimiter in (";", ",")
            for user in (self.fixture.staff, self.fixture.leader)
        ]
        for spec_function, language, delimiter, user in cases:
            with (
                self.subTest(spec=spec_function.__name__, language=language, delimiter=delimiter, user=user),
                translation.override(language),
            ):
                queryset = MODELS[spec_function].objects.all()
                fast, reference = both_paths(spec_function, queryset, user, delimiter)
                self.assertEqual(fast, reference)
                self.assertGreater(len(fast), len(TEXTS))

    def test_the_database_neutralises_every_formula_trigger(self):
        spec = meeting_spec()
        rows = parse(csv_lines(spec.prepare(Meeting.objects.all(), self.fixture.leader), spec, ";"), ";")
        titles = {row[1] for row in rows[1:]}
        for text in TRIGGERS:
            with self.subTest(text=text):
                self.assertIn("'" + text, titles)
                self.assertNotIn(text, titles)
        self.assertIn(" =didahului spasi", titles)

    def test_choice_labels_are_in_the_request_language(self):
        modes = {}
        for language in ("id", "en"):
            with translation.override(language):
                spec = meeting_spec()
                lines = csv_lines(spec.prepare(Meeting.objects.all(), self.fixture.leader), spec, ";")
                modes[language] = {row[6] for row in parse(lines, ";")[1:]}
        self.assertIn("Tatap muka", modes["id"])
        self.assertIn("In person", modes["en"])
        self.assertFalse(modes["id"] & modes["en"])

    def test_many_to_many_values_are_joined_in_name_order(self):
        meeting = factories.make_meeting(
            title="Rapat banyak mitra",
            partners=[
                factories.make_partner(name="Kota Toyota"),
                factories.make_partner(name="Kota Hamamatsu 浜松市"),
            ],
        )
        spec = meeting_spec()
        rows = parse(
            csv_lines(spec.prepare(Meeting.objects.filter(pk=meeting.pk), self.fixture.leader), spec, ";"),
            ";",
        )
        self.assertEqual(rows[1][9], "Kota Hamamatsu 浜松市, Kota Toyota")


@needs_postgresql
class CopyRowRulesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fixture = AccessFixture()

    def export(self, queryset, user=None, spec_function=meeting_spec) -> list[list[str]]:
        spec = spec_function()
        if spec.prepare:
            queryset = spec.prepare(queryset, user)
        return parse(csv_lines(queryset, spec, ";"), ";")

    def test_confidential_minutes_are_withheld_from_another_departments_staff(self):
        staff_rows = self.export(Meeting.objects.all(), self.fixture.staff)
        self.assertNotIn(SECRET_MINUTES, [cell for row in staff_rows for cell in row])
        leader_rows = self.export(Meeting.objects.all(), self.fixture.leader)
        self.assertIn(SECRET_MINUTES, [cell for row in leader_rows for cell in row])

    def test_a_filter_excludes_rows(self):
        rows = self.export(
            Meeting.objects.filter(owner_department=self.fixture.other_department), self.fixture.leader
        )
        self.assertEqual(sorted(row[1] for row in rows[1:]), ["Rapat Dishub", "Rapat tertutup Dishub"])

    def test_a_distinct_many_to_many_filter_exports_each_row_once(self):
        sectors = [factories.make_sector(), factories.make_sector()]
        both = factories.make_cooperation(title="Dua sektor")
        both.sectors.set(sectors)
        factories.make_cooperation(title="Tanpa sektor")
        queryset = Cooperation.objects.filter(sectors__in=sectors).distinct()
        fast, reference = both_paths(cooperation_spec, queryset, self.fixture.leader, ";")
        self.assertEqual(fast, reference)
        self.assertEqual([row[1] for row in fast[1:]], ["Dua sektor"])

    def test_an_empty_queryset_exports_the_header_only(self):
        self.assertEqual(len(self.export(Meeting.objects.none(), self.fixture.leader)), 1)
        self.assertEqual(len(self.export(Meeting.objects.filter(pk__in=[]), self.fixture.leader)), 1)

    def test_the_number_of_statements_grows_with_chunks_not_rows(self):
        department = self.fixture.own_department
        for _ in range(20):
            factories.make_meeting(owner_department=department, partners=[factories.make_partner()])
        meetings = Meeting.objects.count()  # 23 with the fixture's

        spec = meeting_spec()
        queryset = spec.prepare(Meeting.objects.all(), self.fixture.leader)

        def statements(chunk: int) -> list[str]:
            with (
                mock.patch.object(csv_export, "CHUNK", chunk),
                CaptureQueriesContext(connection) as queries,
            ):
                rows = parse(csv_lines(queryset, spec, ";"), ";")
            self.assertEqual(len(rows), meetings + 1)
            return [query["sql"] for query in queries]

        # Per chunk, one query for its last key and one COPY; one more pair
        # finds the end.
        for chunk in (5, 10, 100):
            with self.subTest(chunk=chunk):
                sql = statements(chunk)
                chunks = meetings // chunk + 1
                self.assertEqual(len(sql), 2 * chunks)
                self.assertEqual(sum(statement.startswith("COPY") for statement in sql), chunks)

    def test_the_text_held_at_once_is_one_chunk(self):
        Meeting.objects.bulk_create(
            Meeting(
                title=f"Rapat {number}",
                starts_at="2024-01-01T09:00+07:00",
                owner_department=self.fixture.own_department,
                summary="x" * 200,
            )
            for number in range(3000)
        )
        spec = meeting_spec()
        queryset = spec.prepare(Meeting.objects.all(), self.fixture.leader)
        with mock.patch.object(csv_export, "CHUNK", 500):
            rows_per_piece = [text.count("\n") for text in csv_lines(queryset, spec, ";")]
        self.assertEqual(sum(rows_per_piece), 3003 + 1)
        self.assertLessEqual(max(rows_per_piece), 500)
