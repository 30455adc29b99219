"""CSV exports: Excel-ready, exactly the rows the user sees, with
confidential minutes withheld, in constant queries and memory (formula
cells: test_formula_triggers)."""

import csv
import io
import tracemalloc

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coop_lib.csv_export import csv_lines
from meetings.csv_columns import meeting_spec
from meetings.models import Meeting
from tests import factories
from tests.access.fixtures import SECRET_MINUTES, AccessFixture


def read_csv(response, delimiter=";") -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff"), "no UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(content[1:]), delimiter=delimiter))


class MeetingExportTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.partner = factories.make_partner(name="Kota Hamamatsu (浜松市)")
        self.meeting = factories.make_meeting(
            owner_department=self.fixture.own_department,
            title='=HYPERLINK("http://x")',
            partners=[self.partner, factories.make_partner(name="Kota Toyota")],
        )
        self.meeting.attending_departments.set([self.fixture.own_department, self.fixture.other_department])
        self.url = reverse("admin:meetings_meeting_export")

    def export(self, user, query=""):
        self.client.force_login(user)
        return self.client.get(self.url + query)

    def test_the_file_is_excel_ready(self):
        response = self.export(self.fixture.leader)
        self.assertRegex(response["Content-Disposition"], r'filename="pertemuan-\d{4}-\d{2}-\d{2}\.csv"')
        rows = read_csv(response)
        self.assertEqual(rows[0][:4], ["ID", "judul", "tanggal", "waktu"])
        self.assertEqual(rows[0][-1], "versi")
        row = next(row for row in rows if "HYPERLINK" in row[1])
        self.assertEqual(row[0], str(self.meeting.pk))
        self.assertEqual(row[1], '\'=HYPERLINK("http://x")')
        self.assertRegex(row[2], r"^\d{4}-\d{2}-\d{2}$")
        self.assertEqual(row[-1], "1")
        self.assertIn("Kota Hamamatsu (浜松市), Kota Toyota", row)
        self.assertIn("DLHK, Dishub", row)

    def test_a_comma_separator_is_chosen_for_one_download_without_changing_the_profile(self):
        rows = read_csv(self.export(self.fixture.staff, "?sep=,"), delimiter=",")
        self.assertIn("judul", rows[0])
        self.fixture.staff.staff_profile.refresh_from_db()
        self.assertEqual(self.fixture.staff.staff_profile.csv_delimiter, ";")

    def test_the_separator_chosen_on_the_profile_is_the_default(self):
        self.client.force_login(self.fixture.staff)
        self.client.post(reverse("profile"), {"language": "id", "csv_delimiter": ","})
        rows = read_csv(self.export(self.fixture.staff), delimiter=",")
        self.assertIn("judul", rows[0])

    def test_confidential_minutes_are_withheld_from_another_departments_staff(self):
        self.assertNotIn(SECRET_MINUTES, b"".join(self.export(self.fixture.staff).streaming_content).decode())
        self.assertIn(SECRET_MINUTES, b"".join(self.export(self.fixture.leader).streaming_content).decode())

    def test_the_button_exports_exactly_the_filtered_list(self):
        query = f"?owner_department__id__exact={self.fixture.other_department.pk}"
        rows = read_csv(self.export(self.fixture.leader, query))[1:]
        titles = sorted(row[1] for row in rows)
        expected = sorted(
            Meeting.objects.filter(owner_department=self.fixture.other_department).values_list(
                "title", flat=True
            )
        )
        self.assertEqual(titles, expected)

    def test_the_action_exports_the_selected_rows(self):
        self.client.force_login(self.fixture.staff)
        response = self.client.post(
            reverse("admin:meetings_meeting_changelist"),
            {"action": "export_selected_as_csv", "_selected_action": [self.fixture.other_meeting.pk]},
        )
        rows = read_csv(response)
        self.assertEqual([row[1] for row in rows[1:]], [self.fixture.other_meeting.title])

    def test_the_browsing_list_exports_its_filtered_rows(self):
        self.client.force_login(self.fixture.leader)
        response = self.client.get(
            reverse("pages:meeting_list"), {"partner": self.partner.pk, "format": "csv"}
        )
        rows = read_csv(response)
        self.assertEqual([row[1] for row in rows[1:]], ['\'=HYPERLINK("http://x")'])

    def test_the_number_of_queries_does_not_grow_with_rows(self):
        self.client.force_login(self.fixture.leader)

        def queries_for_export() -> int:
            with CaptureQueriesContext(connection) as queries:
                b"".join(self.client.get(self.url).streaming_content)
            return len(queries)

        few = queries_for_export()
        for _ in range(20):
            factories.make_linked_rows(department=self.fixture.own_department, partner=self.partner)
        self.assertEqual(queries_for_export(), few)


class ExportMemoryTests(TestCase):
    def add_meetings(self, count: int, department) -> None:
        Meeting.objects.bulk_create(
            Meeting(
                title=f"Rapat {n}",
                starts_at="2024-01-01T09:00+07:00",
                owner_department=department,
                summary="x" * 200,
            )
            for n in range(count)
        )

    def peak_memory(self, user) -> int:
        spec = meeting_spec()
        tracemalloc.start()
        for _line in csv_lines(spec.prepare(Meeting.objects.all(), user), spec, ";"):
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    def test_memory_does_not_grow_tenfold_with_ten_times_the_rows(self):
        fixture = AccessFixture()
        self.add_meetings(2_000, fixture.own_department)
        small = self.peak_memory(fixture.leader)
        self.add_meetings(18_000, fixture.own_department)
        large = self.peak_memory(fixture.leader)
        self.assertLess(large, small * 3)
