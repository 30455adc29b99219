"""The pages for officials: dashboard, lists, partner and meeting pages and
the report, read with the demo data and by role."""

import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bandung_coop.demo import ARTICLE_MEETING_TITLE, load_demo_data
from meetings.models import Meeting
from partnerships.models import Partner
from tests import factories
from tests.access.fixtures import SECRET_MINUTES, AccessFixture

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def page_urls() -> list[str]:
    meeting = Meeting.objects.get(title=ARTICLE_MEETING_TITLE)
    partner = Partner.objects.get(name="Kota Hamamatsu")
    return [
        reverse("pages:dashboard"),
        reverse("pages:meeting_list"),
        reverse("pages:meeting_list") + "?q=Jepang&country=JP&year=2022",
        reverse("pages:visit_list"),
        reverse("pages:cooperation_list") + "?agreement=active",
        reverse("pages:follow_up_list") + "?overdue=true",
        reverse("pages:partner_list"),
        reverse("pages:partner_detail", args=[partner.pk]),
        reverse("pages:meeting_detail", args=[meeting.pk]),
        reverse("pages:report") + "?periode=tahun&tahun=2022",
        reverse("pages:report") + "?periode=semester&tahun=2025&semester=2",
        reverse("pages:report") + "?periode=bulan&tahun=2022&bulan=2",
        reverse("calendar") + "?view=month&date=2022-02-01",
        reverse("calendar") + "?view=week&date=2022-02-03",
        reverse("calendar") + "?view=agenda&date=2022-02-01",
    ]


class DemoPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()

    def setUp(self):
        self.client.force_login(get_user_model().objects.get(username="pimpinan"))

    def test_every_page_answers_without_inline_script_or_style(self):
        for url in page_urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIsNone(INLINE_SCRIPT.search(response.text))
                self.assertIsNone(STYLE_ATTRIBUTE.search(response.text))
                self.assertIn("Content-Security-Policy", response.headers)

    def test_pages_need_a_login(self):
        self.client.logout()
        response = self.client.get(reverse("pages:dashboard"))
        self.assertRedirects(response, "/admin/login/?next=/", fetch_redirect_response=False)

    def test_an_official_sees_the_three_japanese_partnerships(self):
        response = self.client.get(reverse("pages:cooperation_list"))
        for city in ("Kota Kawasaki", "Kota Hamamatsu", "Kota Toyota"):
            self.assertContains(response, city)

    def test_the_february_2022_meeting_is_on_each_partner_citys_timeline(self):
        for city in ("Kota Kawasaki", "Kota Hamamatsu", "Kota Toyota"):
            with self.subTest(city=city):
                partner = Partner.objects.get(name=city)
                response = self.client.get(reverse("pages:partner_detail", args=[partner.pk]))
                self.assertContains(response, ARTICLE_MEETING_TITLE)
                self.assertContains(response, "3 Februari 2022")

    def test_the_years_report_lists_the_meeting(self):
        response = self.client.get(reverse("pages:report"), {"periode": "tahun", "tahun": 2022})
        self.assertContains(response, ARTICLE_MEETING_TITLE)
        self.assertContains(response, "1 Januari 2022 – 31 Desember 2022")

    def test_dashboard_figures_equal_the_lists_they_link_to(self):
        response = self.client.get(reverse("pages:dashboard"))
        figures = list(response.context["figures"]) + list(response.context["agreements"])
        for chart in response.context["charts"].values():
            figures += [{"label": bar.label, "count": bar.value, "url": bar.url} for bar in chart.bars]
        self.assertGreater(len(figures), 15)
        for figure in figures:
            with self.subTest(figure=str(figure["label"])):
                listed = self.client.get(figure["url"]).context["page"].paginator.count
                self.assertEqual(listed, figure["count"])

    def test_the_dashboard_shows_plan_of_action_achievement(self):
        response = self.client.get(reverse("pages:dashboard"))
        self.assertContains(response, "Disnaker")
        self.assertTrue(response.context["achievement_by_year"])


class ConfidentialityTests(TestCase):
    def test_confidential_minutes_show_to_leadership_not_to_another_departments_staff(self):
        fixture = AccessFixture()
        url = reverse("pages:meeting_detail", args=[fixture.confidential_meeting.pk])
        self.client.force_login(fixture.staff)
        self.assertNotContains(self.client.get(url), SECRET_MINUTES)
        self.client.force_login(fixture.leader)
        self.assertContains(self.client.get(url), SECRET_MINUTES)

    def test_an_account_without_a_role_is_refused(self):
        user = get_user_model().objects.create_user("tanpa-peran", password="pw-for-tests-1")
        self.client.force_login(user)
        self.assertEqual(self.client.get(reverse("pages:dashboard")).status_code, 403)


class EscapingTests(TestCase):
    def test_user_text_is_escaped_on_every_page(self):
        load_demo_data()
        urls = page_urls()
        attack = '<script>alert("x")</script>'
        partner = Partner.objects.get(name="Kota Hamamatsu")
        partner.description = attack
        partner.save()
        meeting = Meeting.objects.get(title=ARTICLE_MEETING_TITLE)
        meeting.title = f"Rapat {attack}"
        meeting.summary = attack
        meeting.place = attack
        meeting.save()
        factories.make_follow_up(meeting=meeting, description=attack)
        self.client.force_login(get_user_model().objects.get(username="pimpinan"))
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotIn(attack, response.text)


class QueryCountTests(TestCase):
    """No page issues more queries as the register grows."""

    def make_rows(self, count: int, fixture: AccessFixture, partner: Partner) -> None:
        for _ in range(count):
            factories.make_linked_rows(department=fixture.own_department, partner=partner)

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_every_page_costs_the_same_queries_at_4_and_20_rows(self):
        fixture = AccessFixture()
        partner = factories.make_partner()
        self.client.force_login(fixture.leader)
        self.make_rows(4, fixture, partner)
        meeting = Meeting.objects.first()
        urls = [
            reverse("pages:dashboard"),
            reverse("pages:meeting_list"),
            reverse("pages:visit_list"),
            reverse("pages:cooperation_list"),
            reverse("pages:follow_up_list"),
            reverse("pages:partner_list"),
            reverse("pages:partner_detail", args=[partner.pk]),
            reverse("pages:meeting_detail", args=[meeting.pk]),
            reverse("pages:report") + "?periode=tahun&tahun=2024",
        ]
        few = {url: self.count(url) for url in urls}
        self.make_rows(16, fixture, partner)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.count(url), few[url])
