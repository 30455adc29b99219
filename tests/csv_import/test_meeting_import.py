"""Importing meetings from real spreadsheets: preview, per-row errors,
nothing written unless all rows are valid, no duplicates, a round trip."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting, MeetingKind
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.csv_import.helpers import without_record_ids

HEADER = "judul;tanggal;waktu;tempat;perangkat daerah pemilik;mitra;ringkasan\r\n"


class MeetingImportTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        factories.make_partner(name="Kota Hamamatsu", aliases="Hanamatsu\n浜松市")
        self.url = reverse("admin:meetings_meeting_import")
        self.client.force_login(self.fixture.cooperation_admin)

    def upload(self, content: bytes, name="rapat.csv"):
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, content, "text/csv")})

    def confirm(self):
        return self.client.post(self.url, {"confirm": "1"})

    def test_the_list_links_to_the_import(self):
        response = self.client.get(reverse("admin:meetings_meeting_changelist"))
        self.assertContains(response, self.url)

    def test_an_excel_file_with_bom_semicolons_and_indonesian_dates_is_previewed_then_imported(self):
        content = (
            "\ufeff"
            + HEADER
            + "Audiensi Konsul Jepang;3 Februari 2022;10.00;Balaikota Bandung;DLHK;Hanamatsu;"
            "Kunjungan kehormatan\r\nRapat teknis air bersih;14/03/2022;09:30;Pendopo;dlhk;浜松市;Teknis\r\n"
        ).encode()
        response = self.upload(content)
        self.assertContains(response, "Audiensi Konsul Jepang")
        self.assertFalse(Meeting.objects.filter(title="Audiensi Konsul Jepang").exists())
        self.confirm()
        meeting = Meeting.objects.get(title="Audiensi Konsul Jepang")
        self.assertEqual(str(meeting.starts_at.astimezone().date()), "2022-02-03")
        self.assertEqual(list(meeting.partners.values_list("name", flat=True)), ["Kota Hamamatsu"])
        self.assertEqual(meeting.history.first().history_user, self.fixture.cooperation_admin)

    def test_a_windows_1252_file_is_read(self):
        content = (HEADER + "Pertemuan caf\u00e9 budaya;2022-05-01;;Gedung Sate;DLHK;;Ringkas\r\n").encode(
            "cp1252"
        )
        self.upload(content)
        self.confirm()
        self.assertTrue(Meeting.objects.filter(title="Pertemuan café budaya").exists())

    def test_one_bad_row_among_good_ones_writes_nothing_and_is_named(self):
        content = (
            HEADER
            + "Rapat satu;2022-05-01;;Balaikota;DLHK;;\r\n"
            + "Rapat dua;31/02/2022;;Balaikota;DLHK;;\r\n"
            + "Rapat tiga;2022-05-03;;Balaikota;Dinas Entah;Kota Antah;\r\n"
        ).encode()
        response = self.upload(content)
        self.assertContains(response, "Baris")
        errors = {(error.row, error.column) for error in response.context["plan"].errors}
        self.assertEqual(errors, {(3, "date"), (4, "owner_department")})
        self.assertNotContains(response, 'name="confirm"')
        self.confirm()
        self.assertFalse(Meeting.objects.filter(title__in=["Rapat satu", "Rapat dua", "Rapat tiga"]).exists())

    def test_importing_the_same_file_twice_creates_no_duplicates(self):
        content = (HEADER + "Rapat ulang;2022-05-01;09:00;Balaikota;DLHK;;Satu\r\n").encode()
        for _ in range(2):
            preview = self.upload(content)
            self.confirm()
        self.assertEqual([row.action for row in preview.context["plan"].planned], ["unchanged"])
        self.assertEqual(Meeting.objects.filter(title="Rapat ulang").count(), 1)

    def test_staff_cannot_import_meetings_of_another_department(self):
        self.client.force_login(self.fixture.staff)
        response = self.upload((HEADER + "Rapat titipan;2022-05-01;;Balaikota;Dishub;;\r\n").encode())
        self.assertEqual(
            [(e.row, e.column) for e in response.context["plan"].errors], [(2, "owner_department")]
        )

    def test_a_file_that_is_not_text_is_refused_clearly(self):
        response = self.client.post(self.url, {})
        self.assertContains(response, "errornote")

    def test_malformed_files_are_refused_with_a_reason_and_nothing_written(self):
        for content, reason in [
            (b"PK\x03\x04\x00\x00 workbook", "bukan teks UTF-8 atau Windows-1252"),
            (
                HEADER.encode() + b'Rapat;2022-02-03;;;DLHK;;"' + b"x" * 140_000 + b'"\r\n',
                "tidak dapat dibaca",
            ),
            (b"", "kosong"),
        ]:
            with self.subTest(reason=reason):
                response = self.upload(content)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, reason)
                self.assertFalse(Meeting.objects.filter(title="Rapat").exists())

    def test_a_file_with_old_macintosh_line_ends_is_read(self):
        response = self.upload(
            HEADER.replace("\r\n", "\r").encode() + b"Rapat teknis;14/03/2022;09:30;;DLHK;;\r"
        )
        self.assertEqual(
            [row.summary for row in response.context["plan"].planned], ["Rapat teknis — 2022-03-14 09:30"]
        )

    def test_columns_left_out_of_the_file_keep_what_is_stored(self):
        meeting = factories.make_meeting(
            title="Rapat air bersih",
            owner_department=self.fixture.own_department,
            starts_at=datetime.datetime(2022, 3, 14, 9, 30, tzinfo=factories.WIB),
            summary="Ringkasan tersimpan",
            kind=MeetingKind.TECHNICAL,
            partners=[factories.make_partner(name="Kota Toyota")],
        )
        few_columns = b"judul;tanggal;waktu;perangkat daerah pemilik;jenis\r\n"
        self.upload(few_columns + b"Rapat air bersih;14/03/2022;09:30;DLHK;\r\n")
        self.confirm()
        meeting.refresh_from_db()
        self.assertEqual(meeting.summary, "Ringkasan tersimpan")
        self.assertEqual(meeting.kind, MeetingKind.TECHNICAL)
        self.assertEqual([partner.name for partner in meeting.partners.all()], ["Kota Toyota"])

    def test_export_then_import_into_an_empty_register_reproduces_the_meetings(self):
        meeting = self.fixture.own_meeting
        meeting.attending_departments.set([self.fixture.other_department])
        meeting.partners.set([factories.make_partner(name="Kota Toyota")])
        meeting.summary = "=1+1 bukan rumus"
        meeting.save()
        fields = (
            "title",
            "starts_at",
            "place",
            "kind",
            "mode",
            "owner_department__acronym",
            "summary",
            "minutes",
        )

        def snapshot():
            return sorted(
                (
                    *values,
                    tuple(
                        sorted(Meeting.objects.get(title=values[0]).partners.values_list("name", flat=True))
                    ),
                )
                for values in Meeting.objects.values_list(*fields)
            )

        before = snapshot()
        exported = b"".join(self.client.get(reverse("admin:meetings_meeting_export")).streaming_content)
        Meeting.objects.all().delete()
        self.upload(without_record_ids(exported))
        self.confirm()
        self.assertEqual(snapshot(), before)
