"""The draft's add form lists every date found, each a link that opens the
draft with it, and a release about a trip abroad opens the add-visit form
pre-filled; nothing is saved until the user saves."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse

from bandung_coop.demo import load_demo_data
from meetings.models import Meeting, Visit
from meetings.press_release_admin import SESSION_KEY, SUGGESTED_CLASS
from partnerships.models import Department, Partner, Person

URL = reverse("admin:meetings_meeting_press_release")
VISIT_ADD = reverse("admin:meetings_visit_add")

YEARLESS = (
    "Penandatanganan perpanjangan MoU berlangsung di Balai Kota Bandung, Senin (11/8). "
    "Kerja sama dimulai dengan LoI pada 19 Desember 2014."
)
TRIP = (
    "Delegasi Kota Bandung Kunjungi Hamamatsu\n"
    "BANDUNG — Wali Kota Bandung Muhammad Farhan bertolak ke Kota Hamamatsu untuk kunjungan kerja "
    "pada 10–14 Juni 2024. Di Hamamatsu, Farhan bertemu Wali Kota Hamamatsu Yusuke Nakano. "
    "Perjalanan dibiayai APBD. Delegasi berjumlah 6 orang."
)


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


class DraftDatesAndVisitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        cls.cooperation_division = Department.objects.get(acronym="Bagian Kerja Sama")
        cls.meetings_before = Meeting.objects.count()
        cls.visits_before = Visit.objects.count()

    def paste(self, text: str, **fields):
        data = {"text": text, "owner_department": self.cooperation_division.pk} | fields
        response = self.client.post(URL, data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        return response["Location"]

    def test_the_publication_date_gives_a_date_without_a_year_its_year(self):
        login(self.client, "kerjasama")
        response = self.client.get(self.paste(YEARLESS, published="12/08/2025"))
        form = response.context["adminform"].form
        self.assertEqual(str(form.initial["starts_at"]), "2025-08-11 09:00:00+07:00")
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        self.assertTrue(
            any("tidak bertahun" in message and "11/08/2025" in message for message in shown), shown
        )

    def test_every_date_found_is_listed_and_a_click_opens_the_draft_with_it(self):
        login(self.client, "kerjasama")
        draft_url = self.paste(YEARLESS, published="12/08/2025")
        response = self.client.get(draft_url)
        dates = response.context["press_release"]["dates"]
        self.assertEqual([(d["date"], d["chosen"]) for d in dates], [
            (datetime.date(2025, 8, 11), True), (datetime.date(2014, 12, 19), False)
        ])  # fmt: skip
        self.assertContains(response, "Tanggal dalam siaran pers")
        self.assertContains(response, "LoI pada [19 Desember 2014]")
        other = self.client.get(dates[1]["url"])
        self.assertEqual(
            str(other.context["adminform"].form.initial["starts_at"]), "2014-12-19 09:00:00+07:00"
        )
        self.assertTrue(other.context["press_release"]["dates"][1]["chosen"])
        self.assertEqual(Meeting.objects.count(), self.meetings_before)

    def test_a_date_pick_that_names_no_date_leaves_the_draft_as_read(self):
        login(self.client, "kerjasama")
        draft_url = self.paste(YEARLESS, published="12/08/2025")
        for wrong in ("abc", "99", "-1", "1' OR '1'='1"):
            with self.subTest(wrong=wrong):
                response = self.client.get(f"{draft_url}&press_release_date={wrong}")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    str(response.context["adminform"].form.initial["starts_at"]), "2025-08-11 09:00:00+07:00"
                )

    def test_a_release_without_a_trip_offers_no_visit(self):
        login(self.client, "kerjasama")
        response = self.client.get(self.paste(YEARLESS, published="12/08/2025"))
        self.assertEqual(response.context["press_release"]["visit_url"], "")
        self.assertNotContains(response, "Usulkan kunjungan delegasi")

    def test_a_trip_abroad_offers_the_visit_form_pre_filled_and_saves_nothing(self):
        login(self.client, "kerjasama")
        meeting_draft = self.client.get(self.paste(TRIP))
        visit_url = meeting_draft.context["press_release"]["visit_url"]
        self.assertTrue(visit_url.startswith(VISIT_ADD))
        self.assertContains(meeting_draft, "Usulkan kunjungan delegasi")
        shown = [str(message) for message in get_messages(meeting_draft.wsgi_request)]
        self.assertTrue(any("kunjungan delegasi juga diusulkan" in message for message in shown), shown)

        response = self.client.get(visit_url)
        initial = response.context["adminform"].form.initial
        self.assertEqual(initial["direction"], "outbound")
        self.assertEqual(initial["partner"], Partner.objects.get(name="Kota Hamamatsu").pk)
        self.assertEqual(
            (initial["starts_on"], initial["ends_on"]),
            (datetime.date(2024, 6, 10), datetime.date(2024, 6, 14)),
        )
        self.assertEqual(initial["leader"], Person.objects.get(full_name="Muhammad Farhan").pk)
        self.assertEqual((initial["member_count"], initial["funding_source"]), (6, "apbd"))
        self.assertEqual(initial["host_department"], self.cooperation_division.pk)
        self.assertEqual(initial["places"], "Hamamatsu, Jepang")
        self.assertContains(response, SUGGESTED_CLASS)
        self.assertEqual(Visit.objects.count(), self.visits_before)

    def test_saving_the_proposed_visit_goes_through_the_admin_and_back_to_the_meeting_draft(self):
        login(self.client, "kerjasama")
        visit_url = self.client.get(self.paste(TRIP)).context["press_release"]["visit_url"]
        form_page = self.client.get(visit_url)
        data = {
            "direction": "outbound",
            "partner": Partner.objects.get(name="Kota Hamamatsu").pk,
            "leader": Person.objects.get(full_name="Muhammad Farhan").pk,
            "member_count": "6",
            "starts_on": "10/06/2024",
            "ends_on": "14/06/2024",
            "places": "Hamamatsu, Jepang",
            "purpose": "Kunjungan kerja ke Hamamatsu",
            "host_department": self.cooperation_division.pk,
            "funding_source": "apbd",
        }
        for inline in form_page.context["inline_admin_formsets"]:
            prefix = inline.formset.prefix
            data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        response = self.client.post(visit_url, data)
        self.assertEqual(
            response.status_code, 302, response.context and response.context["adminform"].form.errors
        )
        visit = Visit.objects.get(purpose="Kunjungan kerja ke Hamamatsu")
        self.assertEqual(visit.history.first().history_user.username, "kerjasama")
        self.assertTrue(response["Location"].startswith(reverse("admin:meetings_meeting_add")))
        meeting_form = self.client.get(response["Location"]).context["adminform"].form
        self.assertEqual(meeting_form.initial["visit"], visit.pk)
        self.assertEqual(Meeting.objects.count(), self.meetings_before)
        self.assertIn(SESSION_KEY, self.client.session)

    def test_opd_staff_get_their_own_department_as_the_visit_host(self):
        login(self.client, "staf.disnaker")
        disnaker = Department.objects.get(acronym="Disnaker")
        visit_url = self.client.get(self.paste(TRIP, owner_department=disnaker.pk)).context["press_release"][
            "visit_url"
        ]
        initial = self.client.get(visit_url).context["adminform"].form.initial
        self.assertEqual(initial["host_department"], disnaker.pk)

    def test_the_plain_visit_add_form_is_not_pre_filled(self):
        login(self.client, "kerjasama")
        self.paste(TRIP)
        response = self.client.get(VISIT_ADD)
        self.assertNotIn("partner", response.context["adminform"].form.initial)
        self.assertNotContains(response, SUGGESTED_CLASS)
        stale = self.client.get(f"{VISIT_ADD}?press_release=not-the-token")
        self.assertNotIn("partner", stale.context["adminform"].form.initial)
