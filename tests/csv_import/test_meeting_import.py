"""Importing meetings from real spreadsheets: the columns recognised and
shown for checking, the preview with per-row errors, nothing written unless
all rows are valid, no duplicates, a round trip."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coop_lib.models import Job
from meetings.models import Meeting, MeetingKind
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.csv_import.helpers import (
    ImportSteps,
    accept_suggestions,
    choose_columns,
    upload,
    without_record_ids,
)

HEADER = "judul;tanggal;waktu;tempat;perangkat daerah pemilik;mitra;ringkasan\r\n"


class MeetingImportTests(ImportSteps, TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        factories.make_partner(name="Kota Hamamatsu", aliases="Hanamatsu\n浜松市")
        self.url = reverse("admin:meetings_meeting_import")
        self.client.force_login(self.fixture.cooperation_admin)

    def test_the_list_links_to_the_import(self):
        response = self.client.get(reverse("admin:meetings_meeting_changelist"))
        self.assertContains(response, self.url)

    def test_the_upload_page_lists_the_columns_and_offers_a_template_workbook(self):
        response = self.client.get(self.url)
        for text in ("judul", "nama kegiatan", "perangkat daerah pemilik", "template=1"):
            self.assertContains(response, text)
        template = self.client.get(self.url + "?template=1")
        self.assertEqual(
            template["Content-Type"].split(";")[0],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertTrue(template.content.startswith(b"PK"))

    def test_an_excel_file_with_bom_semicolons_and_indonesian_dates_is_previewed_then_imported(self):
        content = (
            "\ufeff"
            + HEADER
            + "Audiensi Konsul Jepang;3 Februari 2022;10.00;Balaikota Bandung;DLHK;Hanamatsu;"
            "Kunjungan kehormatan\r\nRapat teknis air bersih;14/03/2022;09:30;Pendopo;dlhk;浜松市;Teknis\r\n"
        ).encode()
        previewed = self.preview(content)
        self.assertEqual(previewed.result["created"], 2)
        self.assertFalse(Meeting.objects.filter(title="Audiensi Konsul Jepang").exists())
        page = self.client.get(previewed.job.get_absolute_url())
        self.assertContains(page, "Audiensi Konsul Jepang")
        self.assertContains(page, 'name="action" value="confirm"')
        done = self.confirm(previewed).job
        self.assertEqual(done.status, Job.Status.DONE, done.error)
        meeting = Meeting.objects.get(title="Audiensi Konsul Jepang")
        self.assertEqual(str(meeting.starts_at.astimezone(factories.WIB).date()), "2022-02-03")
        self.assertEqual(list(meeting.partners.values_list("name", flat=True)), ["Kota Hamamatsu"])
        self.assertEqual(meeting.history.first().history_user, self.fixture.cooperation_admin)

    def test_a_windows_1252_file_is_read(self):
        content = (HEADER + "Pertemuan caf\u00e9 budaya;2022-05-01;;Gedung Sate;DLHK;;Ringkas\r\n").encode(
            "cp1252"
        )
        self.import_file(content)
        self.assertTrue(Meeting.objects.filter(title="Pertemuan café budaya").exists())

    def test_one_bad_row_among_good_ones_writes_nothing_and_is_named(self):
        content = (
            HEADER
            + "Rapat satu;2022-05-01;;Balaikota;DLHK;;\r\n"
            + "Rapat dua;31/02/2022;;Balaikota;DLHK;;\r\n"
            + "Rapat tiga;2022-05-03;;Balaikota;Dinas Entah;Kota Antah;\r\n"
        ).encode()
        previewed = self.preview(content)
        self.assertEqual(previewed.errors, {(3, "date"), (4, "owner_department"), (4, "partners")})
        page = self.client.get(previewed.job.get_absolute_url())
        self.assertContains(page, "Baris")
        self.assertNotContains(page, 'value="confirm"')
        refused = self.confirm(previewed).job
        self.assertEqual(refused.status, Job.Status.FAILED)
        self.assertFalse(Meeting.objects.filter(title__in=["Rapat satu", "Rapat dua", "Rapat tiga"]).exists())

    def test_importing_the_same_file_twice_creates_no_duplicates(self):
        content = (HEADER + "Rapat ulang;2022-05-01;09:00;Balaikota;DLHK;;Satu\r\n").encode()
        self.import_file(content)
        again = self.preview(content)
        self.confirm(again)
        self.assertEqual(again.actions, ["unchanged"])
        self.assertEqual(Meeting.objects.filter(title="Rapat ulang").count(), 1)

    def test_staff_cannot_import_meetings_of_another_department(self):
        self.client.force_login(self.fixture.staff)
        previewed = self.preview((HEADER + "Rapat titipan;2022-05-01;;Balaikota;Dishub;;\r\n").encode())
        self.assertEqual(previewed.errors, {(2, "owner_department")})

    def test_a_post_without_a_file_is_refused_clearly(self):
        response = self.client.post(self.url, {})
        self.assertContains(response, "errornote")

    def test_malformed_files_are_refused_with_a_reason_and_nothing_written(self):
        for content, name, reason in [
            (b"PK\x03\x04\x00\x00 workbook", "rapat.xlsx", "tidak dapat dibaca sebagai buku kerja Excel"),
            (b"\x00\x01\x02 binary", "rapat.csv", "bukan teks UTF-8 atau Windows-1252"),
            (
                HEADER.encode() + b'Rapat;2022-02-03;;;DLHK;;"' + b"x" * 140_000 + b'"\r\n',
                "rapat.csv",
                "tidak dapat dibaca",
            ),
            (b"", "rapat.csv", "kosong"),
        ]:
            with self.subTest(reason=reason):
                previewed = self.preview(content, name)
                if previewed.job is None:
                    self.assertEqual(previewed.response.status_code, 200)
                    self.assertContains(previewed.response, reason)
                else:
                    self.assertEqual(previewed.job.status, Job.Status.FAILED)
                    self.assertIn(reason, previewed.job.error)
                self.assertFalse(Meeting.objects.filter(title="Rapat").exists())

    def test_a_file_with_old_macintosh_line_ends_is_read(self):
        previewed = self.preview(
            HEADER.replace("\r\n", "\r").encode() + b"Rapat teknis;14/03/2022;09:30;;DLHK;;\r"
        )
        self.assertEqual(
            [row["summary"] for row in previewed.result["planned"]], ["Rapat teknis — 2022-03-14 09:30"]
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
        self.import_file(few_columns + b"Rapat air bersih;14/03/2022;09:30;DLHK;\r\n")
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
        done = self.import_file(without_record_ids(exported)).job
        self.assertEqual(done.status, Job.Status.DONE, done.error)
        self.assertEqual(snapshot(), before)


class SheetWithItsOwnHeadingsTests(ImportSteps, TestCase):
    """A legacy sheet whose columns are named the way staff name them."""

    LEGACY = (
        "No;Nama Kegiatan;Tanggal;Perangkat Daerah;Instansi Mitra;Lokasi;Keterangan;Paraf\r\n"
        "1;Rapat koordinasi sampah;12/05/2023;DLHK;Kota Kawazagi;Balaikota;Tindak lanjut MoU;ok\r\n"
        "2;Audiensi Konsul;13/05/2023;DLHK;Kedutaan Besar Jepang;Pendopo;;ok\r\n"
    )

    def setUp(self):
        self.fixture = AccessFixture()
        self.kawasaki = factories.make_partner(name="Kota Kawasaki")
        factories.make_partner(name="Kedutaan Besar Jepang untuk Indonesia", kind="embassy")
        self.url = reverse("admin:meetings_meeting_import")
        self.client.force_login(self.fixture.cooperation_admin)

    def test_the_columns_are_recognised_and_shown_with_the_unused_ones(self):
        page = upload(self.client, self.url, self.LEGACY)
        chosen = {column["heading"]: column["chosen"] for column in page.context["mapping"]}
        self.assertEqual(
            chosen,
            {
                "No": "",
                "Nama Kegiatan": "title",
                "Tanggal": "date",
                "Perangkat Daerah": "owner_department",
                "Instansi Mitra": "partners",
                "Lokasi": "place",
                "Keterangan": "summary",
                "Paraf": "",
            },
        )
        self.assertContains(page, "tidak dipakai")

    def test_a_misspelt_partner_is_offered_and_once_accepted_the_sheet_imports(self):
        previewed = self.preview(self.LEGACY)
        self.assertEqual(previewed.errors, {(2, "partners")})
        self.assertIn("Kota Kawasaki", previewed.reasons[0])
        self.assertEqual(previewed.result["unused"], ["No", "Paraf"])
        suggestion = previewed.result["suggestions"][0]
        self.assertEqual((suggestion["written"], suggestion["suggested"]), ("Kota Kawazagi", "Kota Kawasaki"))
        accepted = self.accept(previewed, 0)
        self.assertEqual(accepted.result["error_count"], 0)
        done = self.confirm(accepted).job
        self.assertEqual(done.status, Job.Status.DONE, done.error)
        meeting = Meeting.objects.get(title="Rapat koordinasi sampah")
        self.assertEqual(list(meeting.partners.all()), [self.kawasaki])
        embassy = Meeting.objects.get(title="Audiensi Konsul").partners.get()
        self.assertEqual(embassy.name, "Kedutaan Besar Jepang untuk Indonesia")

    def test_the_same_headings_next_time_get_the_columns_chosen_last_time(self):
        first = upload(self.client, self.url, self.LEGACY)
        self.choose(first, {7: "summary", 6: ""})
        again = upload(self.client, self.url, self.LEGACY)
        self.assertTrue(again.context["remembered"])
        chosen = {column["heading"]: column["chosen"] for column in again.context["mapping"]}
        self.assertEqual((chosen["Paraf"], chosen["Keterangan"]), ("summary", ""))

    def test_a_required_field_without_a_column_is_named_before_the_preview(self):
        page = upload(self.client, self.url, self.LEGACY)
        refused = self.choose(page, {3: ""})
        self.assertIsNone(refused.job)
        self.assertContains(refused.response, "perangkat daerah pemilik")

    def test_suggestions_accepted_one_preview_after_another_all_count(self):
        factories.make_partner(name="Kota Hamamatsu")
        sheet = self.LEGACY + "3;Rapat teknis air;14/05/2023;DLHK;Kota Hanamachu;Pendopo;;ok\r\n"
        first = self.preview(sheet)
        written = [suggestion["written"] for suggestion in first.result["suggestions"]]
        self.assertEqual(written, ["Kota Kawazagi", "Kota Hanamachu"])
        second = self.accept(first, 0)
        self.assertEqual([s["written"] for s in second.result["suggestions"]], ["Kota Hanamachu"])
        third = self.accept(second, 0)
        self.assertEqual(third.result["error_count"], 0, third.result["errors"])

    def test_an_accepted_spelling_can_be_kept_as_another_name_of_the_partner(self):
        previewed = self.preview(self.LEGACY)
        self.assertTrue(previewed.result["suggestions"][0]["may_remember"])
        page = self.client.get(previewed.job.get_absolute_url())
        self.assertContains(page, 'name="remember"')
        response = self.client.post(
            self.url,
            {"action": "repreview", "preview": str(previewed.job.pk), "accept": ["0"], "remember": ["0"]},
        )
        self.assertContains(self.client.get(response.url), "kini nama lain dari Kota Kawasaki")
        self.kawasaki.refresh_from_db()
        self.assertEqual(self.kawasaki.alias_list(), ["Kota Kawazagi"])
        self.assertEqual(self.kawasaki.history.first().history_user, self.fixture.cooperation_admin)
        # The next sheet with that spelling needs no choice.
        self.assertEqual(self.preview(self.LEGACY).result["error_count"], 0)

    def test_staff_who_may_not_change_partners_are_not_offered_to_keep_a_spelling(self):
        self.client.force_login(self.fixture.staff)
        previewed = self.preview(self.LEGACY)
        self.assertFalse(previewed.result["suggestions"][0]["may_remember"])
        self.assertNotContains(self.client.get(previewed.job.get_absolute_url()), 'name="remember"')
        # Asked for all the same, the partner is left as it is.
        self.client.post(
            self.url,
            {"action": "repreview", "preview": str(previewed.job.pk), "accept": ["0"], "remember": ["0"]},
        )
        self.kawasaki.refresh_from_db()
        self.assertEqual(self.kawasaki.aliases, "")

    def accept(self, previewed, *numbers):
        return accept_suggestions(self.client, self.url, previewed, *numbers)

    def choose(self, page, changes):
        return choose_columns(self.client, self.url, page, changes)


class ImportQueryCountTests(ImportSteps, TestCase):
    """Rows are planned and written a thousand at a time: the queries of a
    preview and of its confirm do not grow with the rows of a batch."""

    def setUp(self):
        self.fixture = AccessFixture()
        factories.make_partner(name="Kota Hamamatsu")
        factories.make_partner(name="Kota Kawasaki")
        factories.make_cooperation(
            title="Kerja sama pengelolaan sampah", lead_department=self.fixture.own_department
        )
        self.url = reverse("admin:meetings_meeting_import")
        self.client.force_login(self.fixture.cooperation_admin)

    def queries_of(self, rows: int, first: int) -> tuple[int, int]:
        """The queries of the preview and of the confirm of ``rows`` new
        meetings, each with two partners, an attending OPD and a cooperation."""
        lines = [
            f"Rapat teknis {first + n};2022-05-{1 + n % 28:02d};{8 + n % 9:02d}:00;Balaikota;DLHK;DLHK;"
            f"Kota Hamamatsu, Kota Kawasaki;Kerja sama pengelolaan sampah;Ringkas\r\n"
            for n in range(rows)
        ]
        header = (
            "judul;tanggal;waktu;tempat;perangkat daerah pemilik;perangkat daerah yang hadir;mitra;"
            "kerja sama terkait;ringkasan\r\n"
        )
        with CaptureQueriesContext(connection) as preview:
            previewed = self.preview((header + "".join(lines)).encode())
        self.assertEqual(previewed.result["created"], rows, previewed.result.get("errors"))
        with CaptureQueriesContext(connection) as confirm:
            done = self.confirm(previewed).job
        self.assertEqual(done.result["created"], rows)
        return len(preview), len(confirm)

    def test_the_queries_do_not_grow_with_the_rows(self):
        self.queries_of(2, first=0)  # caches filled, as on a running server
        # Forty rows: SQLite takes at most 999 values a statement, beyond
        # which Django splits an INSERT (PostgreSQL has no such limit).
        self.assertEqual(self.queries_of(5, first=100), self.queries_of(40, first=200))
