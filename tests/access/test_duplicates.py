"""A meeting or visit already recorded is not recorded again unseen: the
add form names the likely duplicates with links and saves only once the
user confirms it is another; the import preview flags such rows."""

import datetime

from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting, Visit
from tests import factories
from tests.access.fixtures import WIB, AccessFixture, meeting_post_data
from tests.admin.helpers import submitted_form
from tests.csv_import.helpers import confirm, preview


class DuplicateMeetingTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.kawasaki = factories.make_partner(name="Kota Kawasaki")
        self.recorded = factories.make_meeting(
            owner_department=self.fixture.own_department,
            title="Audiensi Duta Besar Jepang",
            starts_at=datetime.datetime(2022, 2, 3, 10, tzinfo=WIB),
            partners=[self.kawasaki],
        )
        self.add_url = reverse("admin:meetings_meeting_add")
        self.client.force_login(self.fixture.staff)

    def new_meeting(self, title: str, starts_at: datetime.datetime, partners=()) -> dict:
        template = Meeting(
            title=title, starts_at=starts_at, owner_department=self.fixture.own_department, version=1
        )
        return meeting_post_data(template, partners=[partner.pk for partner in partners])

    def test_the_same_partner_on_the_same_day_is_asked_about_with_a_link(self):
        data = self.new_meeting(
            "Kunjungan kehormatan Dubes", datetime.datetime(2022, 2, 3, 14, tzinfo=WIB), [self.kawasaki]
        )
        before = Meeting.objects.count()
        response = self.client.post(self.add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "mungkin sudah tercatat")
        self.assertContains(response, reverse("admin:meetings_meeting_change", args=[self.recorded.pk]))
        self.assertContains(response, 'name="duplicates_confirmed"')
        self.assertEqual(Meeting.objects.count(), before)

        confirmed = submitted_form(response) | {"duplicates_confirmed": ["on"]}
        self.assertEqual(self.client.post(self.add_url, confirmed).status_code, 302)
        self.assertTrue(Meeting.objects.filter(title="Kunjungan kehormatan Dubes").exists())

    def test_a_very_similar_title_the_next_day_is_asked_about(self):
        data = self.new_meeting("Audiensi Duta Besar  Jepang", datetime.datetime(2022, 2, 4, 9, tzinfo=WIB))
        self.assertContains(self.client.post(self.add_url, data), "mungkin sudah tercatat")

    def test_another_meeting_is_saved_without_a_question(self):
        other_day = self.new_meeting(
            "Kunjungan kehormatan Dubes", datetime.datetime(2022, 2, 10, 14, tzinfo=WIB), [self.kawasaki]
        )
        self.assertEqual(self.client.post(self.add_url, other_day).status_code, 302)
        other_partner = self.new_meeting(
            "Rapat teknis sampah", datetime.datetime(2022, 2, 3, 14, tzinfo=WIB), [factories.make_partner()]
        )
        self.assertEqual(self.client.post(self.add_url, other_partner).status_code, 302)

    def test_the_import_preview_flags_a_likely_duplicate(self):
        self.client.force_login(self.fixture.cooperation_admin)
        content = (
            b"judul;tanggal;waktu;perangkat daerah pemilik;mitra\r\n"
            b"Audiensi Duta Besar Jepang (ulang);2022-02-03;15:00;DLHK;Kota Kawasaki\r\n"
        )
        previewed = preview(self.client, reverse("admin:meetings_meeting_import"), content, "rapat.csv")
        self.assertEqual(previewed.actions, ["create"])
        page = self.client.get(previewed.job.get_absolute_url())
        self.assertContains(page, "Mungkin sudah tercatat")
        self.assertContains(page, "Audiensi Duta Besar Jepang")

    def test_two_rows_of_one_file_that_look_alike_are_flagged(self):
        self.client.force_login(self.fixture.cooperation_admin)
        content = (
            b"judul;tanggal;waktu;perangkat daerah pemilik\r\n"
            b"Rapat teknis pengelolaan sampah;2023-05-10;09:00;DLHK\r\n"
            b"Rapat teknis pengelolaan  sampah;2023-05-10;13:00;DLHK\r\n"
        )
        previewed = preview(self.client, reverse("admin:meetings_meeting_import"), content, "rapat.csv")
        self.assertEqual([warning["row"] for warning in previewed.result["warnings"]], [3])

    def test_a_look_alike_recorded_after_the_preview_stops_the_confirmation_once(self):
        self.client.force_login(self.fixture.cooperation_admin)
        content = (
            b"judul;tanggal;waktu;perangkat daerah pemilik\r\n"
            b"Rapat teknis air bersih;2023-06-01;10:00;DLHK\r\n"
        )
        url = reverse("admin:meetings_meeting_import")
        first = preview(self.client, url, content, "rapat.csv")
        factories.make_meeting(
            title="Rapat teknis air bersih", starts_at=datetime.datetime(2023, 6, 1, 14, tzinfo=WIB)
        )
        stopped = confirm(self.client, url, first)
        self.assertContains(
            self.client.get(stopped.get_absolute_url()),
            "baris 2 kini mirip data yang disimpan setelah pratinjau",
        )
        self.assertEqual(Meeting.objects.filter(title="Rapat teknis air bersih").count(), 1)
        # Previewed again, the look-alike is shown, and confirming imports the row.
        again = preview(self.client, url, content, "rapat.csv")
        self.assertEqual(len(again.result["warnings"]), 1)
        confirm(self.client, url, again)
        self.assertEqual(Meeting.objects.filter(title="Rapat teknis air bersih").count(), 2)


class DuplicateVisitTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.partner = factories.make_partner(name="Kota Hamamatsu")
        self.recorded = factories.make_visit(
            partner=self.partner,
            host_department=self.fixture.own_department,
            starts_on=datetime.date(2025, 10, 6),
            ends_on=datetime.date(2025, 10, 9),
        )
        self.client.force_login(self.fixture.staff)
        self.url = reverse("admin:meetings_visit_add")

    def visit_data(self, starts_on: str, ends_on: str) -> dict:
        page = submitted_form(self.client.get(self.url))
        return page | {
            "direction": ["inbound"],
            "partner": [str(self.partner.pk)],
            "member_count": ["5"],
            "starts_on": [starts_on],
            "ends_on": [ends_on],
            "purpose": ["Kunjungan delegasi"],
            "funding_source": ["apbd"],
        }

    def test_overlapping_dates_of_the_same_partner_are_asked_about(self):
        response = self.client.post(self.url, self.visit_data("08/10/2025", "11/10/2025"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "mungkin sudah tercatat")
        self.assertContains(response, reverse("admin:meetings_visit_change", args=[self.recorded.pk]))
        self.assertEqual(Visit.objects.count(), 1)
        confirmed = submitted_form(response) | {"duplicates_confirmed": ["on"]}
        self.assertEqual(self.client.post(self.url, confirmed).status_code, 302)
        self.assertEqual(Visit.objects.count(), 2)

    def test_a_later_visit_is_saved_without_a_question(self):
        response = self.client.post(self.url, self.visit_data("10/10/2025", "12/10/2025"))
        self.assertEqual(response.status_code, 302)
