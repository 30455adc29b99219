"""What an official reads on the pages, in plain Indonesian and without dead
ends: every record name a link, the reason a row is listed, a print button,
downloads in plain words, the demo's planned visit where visits are listed."""

import re

from django.contrib.auth import get_user_model
from django.test import TestCase

from bandung_coop.demo import ARTICLE_MEETING_TITLE, load_demo_data
from meetings.models import Meeting
from partnerships.models import Cooperation, Partner


class DemoReadingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        cls.hamamatsu = Partner.objects.get(name="Kota Hamamatsu")

    def setUp(self):
        self.client.force_login(get_user_model().objects.get(username="pimpinan"))

    def test_empty_filters_read_all(self):
        response = self.client.get("/pertemuan/")
        partner_select = re.search(r'<select name="partner".*?</select>', response.text, re.S).group(0)
        self.assertIn('<option value="" selected>Semua</option>', partner_select)
        self.assertNotIn("---------", response.text)

    def test_downloads_are_named_in_plain_words(self):
        response = self.client.get("/kunjungan/")
        self.assertContains(response, "Unduh untuk Excel")
        self.assertContains(response, "CSV (titik koma, seperti dibaca Excel berbahasa Indonesia)")
        self.assertNotContains(response, "Unduh CSV")

    def test_a_meeting_listed_for_a_partner_not_at_the_table_says_why(self):
        response = self.client.get(f"/pertemuan/?partner={self.hamamatsu.pk}")
        article_row = next(row for row in response.text.split("<tr>") if ARTICLE_MEETING_TITLE in row)
        self.assertIn("melalui kerja sama", article_row)
        self.assertIn(f'href="/mitra/{self.hamamatsu.pk}/"', article_row)

    def test_cooperation_titles_are_links_on_the_list_the_partner_page_and_a_meeting(self):
        cooperation = Cooperation.objects.filter(partners=self.hamamatsu).first()
        link = f'href="/admin/partnerships/cooperation/{cooperation.pk}/change/"'
        meeting = Meeting.objects.filter(cooperations=cooperation).first()
        for url in ("/kerja-sama/", f"/mitra/{self.hamamatsu.pk}/", f"/pertemuan/{meeting.pk}/"):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), link)

    def test_the_report_counts_partners_with_headings_and_prints(self):
        response = self.client.get("/laporan/?periode=tahun&tahun=2022")
        self.assertContains(response, "Satu pertemuan dihitung untuk setiap mitra yang hadir")
        self.assertContains(response, "data-print")
        # The semester and month choices belong to those periods only.
        self.assertContains(response, 'data-period="semester"')
        self.assertContains(response, 'data-period="bulan"')
        per_partner = response.text.split("Pertemuan per mitra")[1].split("</table>")[0]
        self.assertIn('<th scope="col">Mitra</th>', per_partner)

    def test_the_dashboard_lists_the_planned_delegation_visit_as_a_visit(self):
        response = self.client.get("/")
        upcoming = response.text.split("Kunjungan mendatang")[1].split("</ul>")[0]
        self.assertIn("Kota Hamamatsu", upcoming)
        self.assertNotIn("Belum ada", upcoming)

    def test_chart_labels_are_text_in_full_and_the_bars_hold_no_links_inside_an_image(self):
        response = self.client.get("/")
        self.assertNotIn('role="img"', response.text)
        self.assertIn('<span class="bar-chart-label">Kadin Indonesia Komite Jepang</span>', response.text)

    def test_every_page_has_an_icon(self):
        self.assertContains(self.client.get("/"), 'rel="icon"')
        self.assertContains(self.client.get("/admin/"), 'rel="icon"')
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].endswith("favicon.svg"))

    def test_the_admin_asks_to_correct_errors_in_correct_indonesian(self):
        self.client.force_login(get_user_model().objects.get(username="kerjasama"))
        response = self.client.post("/admin/partnerships/partner/add/", {"name": ""})
        self.assertContains(response, "Harap perbaiki kesalahan di bawah.")
