"""The implementation report and the briefing, as an official opens them
for the demo's Hamamatsu cooperation."""

import csv
import datetime
import io
import re

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from bandung_coop.demo import ARTICLE_MEETING_TITLE, HAMAMATSU_TITLE, PLANNED_VISIT_TITLE, load_demo_data
from meetings.models import Meeting
from partnerships.models import ActionPlanTarget, Cooperation
from tests import factories
from tests.admin.helpers import make_superuser


class DemoPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        cls.hamamatsu = Cooperation.objects.get(title=HAMAMATSU_TITLE)
        cls.planned = Meeting.objects.get(title=PLANNED_VISIT_TITLE)

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.force_login(make_superuser())

    def report_url(self, year=2026, cooperation=None):
        return reverse("pages:implementation_report", args=[(cooperation or self.hamamatsu).pk, year])

    def test_loading_the_demo_again_adds_no_lifecycle_rows(self):
        from partnerships.models import ActionPlanItem, StageChange

        before = (
            ActionPlanItem.objects.count(),
            ActionPlanTarget.objects.count(),
            StageChange.objects.count(),
        )
        load_demo_data()
        after = (
            ActionPlanItem.objects.count(),
            ActionPlanTarget.objects.count(),
            StageChange.objects.count(),
        )
        self.assertEqual(after, before)
        self.assertEqual(before, (4, 6, 3))

    def test_the_report_shows_stage_documents_missing_evidence_and_targets(self):
        response = self.client.get(self.report_url())
        self.assertContains(response, "Implementation report 2026")
        self.assertContains(response, "Implementation</strong>")
        self.assertContains(response, "Perpanjangan MoU Bandung – Hamamatsu")
        self.assertContains(response, "approval letter of the DPRD")
        self.assertContains(response, "Pelatihan tenaga terampil (perawat lansia, teknisi)")
        self.assertContains(response, "Total in orang (1 of 2 targets met)")
        self.assertContains(response, "sectors added: Industri dan Ekonomi, Ketenagakerjaan")

    def test_a_report_of_a_year_outside_the_register_answers_404(self):
        for year in (0, 1, 1899, 2101, 10000):
            with self.subTest(year=year):
                self.assertEqual(self.client.get(self.report_url(year)).status_code, 404)
        for year in (1900, 2100):
            with self.subTest(year=year):
                self.assertEqual(self.client.get(self.report_url(year)).status_code, 200)

    def test_the_report_as_csv_is_excel_ready(self):
        response = self.client.get(self.report_url() + "?format=csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        content = response.content.decode("utf-8")
        self.assertTrue(content.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
        self.assertIn(HAMAMATSU_TITLE, rows[0])
        trained = next(row for row in rows if row and row[0].startswith("Pelatihan tenaga terampil"))
        self.assertEqual(trained[4:6], ["200.00", "64.00"])
        cells = [value for row in rows for value in row]
        self.assertTrue(any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in cells))
        self.assertFalse(any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", value) for value in cells))

    def test_the_report_as_a_workbook_has_the_csv_lines_with_dates_and_numbers_as_values(self):
        item = factories.make_action_plan_item(cooperation=self.hamamatsu, activity='=HYPERLINK("x")')
        factories.make_action_plan_target(item=item, year=2026, evidence="@SUM(A1)")
        page = self.client.get(self.report_url())
        self.assertContains(page, "?format=xlsx")
        response = self.client.get(self.report_url() + "?format=xlsx")
        self.assertEqual(
            response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.assertIn("laporan-pelaksanaan-", response["Content-Disposition"])
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertIn(HAMAMATSU_TITLE, rows[0])
        trained = next(row for row in rows if row[0] and str(row[0]).startswith("Pelatihan tenaga terampil"))
        self.assertEqual(trained[4:6], (200, 64))
        self.assertTrue(any(isinstance(value, datetime.datetime) for row in rows for value in row))
        texts = [value for row in rows for value in row if isinstance(value, str)]
        self.assertIn('\'=HYPERLINK("x")', texts)
        self.assertIn("'@SUM(A1)", texts)

    def test_csv_cells_that_start_like_a_formula_are_neutralised(self):
        item = factories.make_action_plan_item(cooperation=self.hamamatsu, activity='=HYPERLINK("x")')
        factories.make_action_plan_target(item=item, year=2026, evidence="@SUM(A1)")
        content = self.client.get(self.report_url() + "?format=csv").content.decode("utf-8")
        self.assertIn("'=HYPERLINK", content)
        self.assertIn("'@SUM(A1)", content)
        self.assertNotIn(";=HYPERLINK", content)

    def test_the_briefing_lists_the_february_2022_meeting_and_the_guests_history(self):
        # In the interface's own language.
        url = reverse("pages:briefing", args=[self.planned.pk])
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
        response = self.client.get(url)
        self.assertContains(response, "Yusuke Nakano")
        self.assertContains(response, ARTICLE_MEETING_TITLE)
        self.assertContains(response, "3 Februari 2022")
        self.assertContains(response, "Penandatanganan perpanjangan MoU Bandung – Hamamatsu")
        self.assertContains(response, "Rencana pelatihan 200 tenaga terampil per tahun")
        self.assertContains(response, "Teknologi air bersih bersama Kota Hamamatsu")
        self.assertContains(response, "Kota di Prefektur Shizuoka")

    def test_an_overdue_follow_up_is_marked_in_words_on_the_briefing(self):
        response = self.client.get(reverse("pages:briefing", args=[self.planned.pk]))
        open_follow_ups = response.text.split("Open follow-ups")[1].split("</section>")[0]
        late = next(line for line in open_follow_ups.splitlines() if "Data tenaga terampil terlatih" in line)
        self.assertIn('<strong class="overdue">overdue</strong>', late)

    def test_the_pages_are_printable_on_a4_without_inline_styles_or_scripts(self):
        for url in (self.report_url(), reverse("pages:briefing", args=[self.planned.pk])):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "css/lifecycle-print.css")
                self.assertNotContains(response, "style=")
                self.assertNotContains(response, "<script>")
        with open("static/css/lifecycle-print.css") as stylesheet:
            self.assertIn("size: A4", stylesheet.read())

    def test_the_admin_links_the_report_and_the_briefing(self):
        cooperation_page = self.client.get(
            reverse("admin:partnerships_cooperation_change", args=[self.hamamatsu.pk])
        )
        self.assertContains(cooperation_page, "/laporan/")
        self.assertContains(cooperation_page, "approval letter of the DPRD")
        meeting_page = self.client.get(reverse("admin:meetings_meeting_change", args=[self.planned.pk]))
        self.assertContains(meeting_page, reverse("pages:briefing", args=[self.planned.pk]))

    def test_the_pages_cost_the_same_queries_with_more_rows(self):
        urls = (self.report_url(), reverse("pages:briefing", args=[self.planned.pk]))
        before = [self.count_queries(url) for url in urls]
        for _ in range(10):
            factories.make_linked_rows(cooperation=self.hamamatsu, on=datetime.date(2026, 5, 4))
            item = factories.make_action_plan_item(cooperation=self.hamamatsu)
            factories.make_action_plan_target(item=item, year=2026, achieved=1)
            factories.make_document(cooperation=self.hamamatsu)
            factories.make_meeting(starts_at=self.planned.starts_at.replace(year=2026)).cooperations.add(
                self.hamamatsu
            )
            factories.make_follow_up(meeting=self.planned)
        self.assertEqual([self.count_queries(url) for url in urls], before)

    def count_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)
