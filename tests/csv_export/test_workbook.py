"""Every admin list exports as an Excel workbook too: the CSV's columns and
rows, dates and times as Excel values, the header frozen, a link to each
record, a first sheet naming the filters, formula text inert; edited in a
spreadsheet and imported back, it updates the same records."""

import datetime
import io

from django.test import TestCase, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from coop_lib.models import Job
from meetings.models import Meeting
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.csv_import.helpers import ImportSteps
from tests.factories import WIB

WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WorkbookExportTests(ImportSteps, TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.hamamatsu = factories.make_partner(name="Kota Hamamatsu")
        self.formula = factories.make_meeting(
            title='=HYPERLINK("http://contoh.test")',
            owner_department=self.fixture.own_department,
            starts_at=datetime.datetime(2024, 3, 4, 9, 30, tzinfo=WIB),
            partners=[self.hamamatsu],
        )
        self.client.force_login(self.fixture.cooperation_admin)
        self.url = reverse("admin:meetings_meeting_export")

    def workbook(self, query: str = ""):
        response = self.client.get(self.url + "?format=xlsx" + query)
        self.assertEqual(response["Content-Type"], WORKBOOK)
        self.assertRegex(response["Content-Disposition"], r'filename="pertemuan-\d{4}-\d{2}-\d{2}\.xlsx"')
        return load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    def test_the_list_offers_the_workbook_beside_the_csv(self):
        page = self.client.get(reverse("admin:meetings_meeting_changelist") + "?q=Rapat")
        self.assertContains(page, "Ekspor Excel")
        self.assertContains(page, self.url + "?q=Rapat&amp;format=xlsx")

    def test_the_workbook_holds_the_csv_columns_as_excel_values_with_links_and_the_filters(self):
        department = self.fixture.own_department
        book = self.workbook(f"&owner_department__id__exact={department.pk}")
        self.assertEqual(book.sheetnames, ["Info", "Data"])
        info = {row[0]: row[1] for row in book["Info"].iter_rows(values_only=True)}
        self.assertEqual(info["Ekspor"], "Pertemuan")
        self.assertEqual(info["Oleh"], "kerjasama")
        self.assertIn(department.acronym, " ".join(str(value) for value in info.values()))
        data = book["Data"]
        self.assertEqual(data.freeze_panes, "A2")
        header = [cell.value for cell in data[1]]
        csv_header = self.client.get(self.url).getvalue().decode("utf-8-sig").splitlines()[0].split(";")
        self.assertEqual(header, [*csv_header, "Tautan"])
        rows = {
            row[header.index("ID")]: dict(zip(header, row, strict=True))
            for row in data.iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(set(rows), {self.formula.pk, self.fixture.own_meeting.pk})
        mine = rows[self.formula.pk]
        self.assertEqual(mine["tanggal"], datetime.datetime(2024, 3, 4))
        self.assertEqual(mine["waktu"], datetime.time(9, 30))
        self.assertEqual(mine["judul"], '\'=HYPERLINK("http://contoh.test")')
        self.assertEqual(mine["mitra"], "Kota Hamamatsu")
        self.assertTrue(mine["Tautan"].endswith(f"/admin/meetings/meeting/{self.formula.pk}/change/"))
        title_cell = next(row for row in data.iter_rows(min_row=2) if row[0].value == self.formula.pk)
        self.assertEqual(title_cell[header.index("judul")].data_type, "s")  # text, never a formula

    def test_the_selected_rows_download_as_a_workbook_that_says_how_many_were_chosen(self):
        department = self.fixture.own_department
        changelist = reverse("admin:meetings_meeting_changelist")
        response = self.client.post(
            f"{changelist}?owner_department__id__exact={department.pk}",
            {"action": "export_selected_as_xlsx", "_selected_action": [self.formula.pk]},
        )
        self.assertEqual(response["Content-Type"], WORKBOOK)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        info = {row[0]: row[1] for row in book["Info"].iter_rows(values_only=True)}
        self.assertEqual(info["Baris terpilih"], "1")
        self.assertIn(department.acronym, " ".join(str(value) for value in info.values()))
        data = list(book["Data"].iter_rows(values_only=True))
        self.assertEqual([row[0] for row in data[1:]], [self.formula.pk])
        self.assertEqual(data[1][data[0].index("judul")], '\'=HYPERLINK("http://contoh.test")')

    def test_a_workbook_edited_and_imported_back_updates_the_same_meeting(self):
        meetings = Meeting.objects.count()
        book = self.workbook()
        data = book["Data"]
        header = [cell.value for cell in data[1]]
        for row in data.iter_rows(min_row=2):
            if row[header.index("ID")].value == self.formula.pk:
                row[header.index("judul")].value = "Rapat teknis Hamamatsu"
        edited = io.BytesIO()
        book.save(edited)
        self.url = reverse("admin:meetings_meeting_import")
        previewed = self.preview(edited.getvalue(), "pertemuan.xlsx")
        self.assertEqual(previewed.job.status, Job.Status.DONE, previewed.job.error)
        self.assertEqual(previewed.result["error_count"], 0, previewed.result["errors"])
        self.assertEqual(sorted(previewed.actions), ["unchanged"] * (meetings - 1) + ["update"])
        page = self.confirm(previewed)
        self.assertEqual(page.job.status, Job.Status.DONE, page.job.error)
        self.assertEqual(page.job.result["updated"], 1)
        self.formula.refresh_from_db()
        self.assertEqual(self.formula.title, "Rapat teknis Hamamatsu")
        self.assertEqual(Meeting.objects.count(), meetings)

    @override_settings(EXPORT_IN_REQUEST_MAX_ROWS=1)
    def test_a_long_list_is_written_by_a_job(self):
        response = self.client.get(self.url + "?format=xlsx")
        job = Job.objects.get(pk=response.url.split("/")[-2])
        self.assertEqual(job.status, Job.Status.DONE, job.error)
        download = self.client.get(reverse("jobs:download", args=[job.pk]))
        self.assertEqual(download["Content-Type"], WORKBOOK)
        book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        self.assertEqual(book["Data"].max_row, 1 + Meeting.objects.count())


class BrowsingListWorkbookTests(TestCase):
    def test_a_browsing_list_downloads_as_a_workbook_with_its_filters(self):
        fixture = AccessFixture()
        partner = factories.make_partner(name="Kota Hamamatsu")
        meeting = factories.make_meeting(
            title="Audiensi Hamamatsu",
            starts_at=datetime.datetime(2022, 2, 3, 10, tzinfo=WIB),
            partners=[partner],
        )
        self.client.force_login(fixture.leader)
        page = self.client.get(reverse("pages:meeting_list"), {"year": 2022})
        self.assertContains(page, "format=xlsx")
        response = self.client.get(reverse("pages:meeting_list"), {"year": 2022, "format": "xlsx"})
        self.assertEqual(response["Content-Type"], WORKBOOK)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        info = {row[0]: row[1] for row in book["Info"].iter_rows(values_only=True)}
        self.assertEqual((info["Ekspor"], info["Tahun"]), ("Pertemuan", "2022"))
        rows = list(book["Data"].iter_rows(min_row=2, values_only=True))
        self.assertEqual([row[0] for row in rows], [meeting.pk])
        self.assertTrue(rows[0][-1].endswith(meeting.get_absolute_url()))
