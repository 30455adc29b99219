"""Importing follow-ups: preview, per-row errors, nothing written unless all
rows are valid, no duplicates, the admin's department rules, a round trip."""

import datetime

from django.test import TestCase
from django.urls import reverse

from meetings.models import FollowUp, FollowUpStatus
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.csv_import.helpers import ImportSteps, excel_file, without_record_ids, writing_fails

HEADER = "pertemuan;uraian;OPD penanggung jawab;tenggat;status;tanggal selesai;catatan\r\n"


class FollowUpImportTests(ImportSteps, TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.url = reverse("admin:meetings_followup_import")
        self.client.force_login(self.fixture.cooperation_admin)

    def test_the_list_links_to_the_import(self):
        response = self.client.get(reverse("admin:meetings_followup_changelist"))
        self.assertContains(response, self.url)

    def test_the_preview_lists_new_follow_ups_and_writes_nothing(self):
        response = self.upload(
            HEADER
            + "Rapat DLHK;Kirim draf LoI;DLHK;3 Februari 2022;Terbuka;;\r\n"
            + "rapat dishub;Jadwalkan kunjungan;Dishub;14/03/2022;;;\r\n"
        )
        self.assertEqual(self.actions(response), ["create", "create"])
        self.assertContains(response, "buat baru")
        self.assertFalse(FollowUp.objects.exists())

    def test_confirming_writes_every_row_with_the_user_in_the_history(self):
        self.import_file(HEADER + "Rapat DLHK;Kirim draf LoI;DLHK;2022-02-03;Selesai;2022-02-10;Sudah\r\n")
        follow_up = FollowUp.objects.get(description="Kirim draf LoI")
        self.assertEqual(follow_up.meeting, self.fixture.own_meeting)
        self.assertEqual((follow_up.status, follow_up.done_on), ("done", datetime.date(2022, 2, 10)))
        self.assertEqual(follow_up.history.get().history_user, self.fixture.cooperation_admin)

    def test_rows_are_written_in_one_transaction(self):
        self.upload(HEADER + "Rapat DLHK;Satu;DLHK;;;;\r\nRapat DLHK;Dua;DLHK;;;;\r\n")
        with writing_fails():
            page = self.confirm()
        self.assertEqual(page.job.status, "failed")
        self.assertContains(page, "Tidak ada yang ditulis")
        self.assertFalse(FollowUp.objects.exists())

    def test_a_sheet_without_a_meeting_column_names_the_missing_meeting_on_each_row(self):
        response = self.upload(
            "uraian;OPD penanggung jawab\r\nKirim draf LoI;DLHK\r\nJadwalkan kunjungan;DLHK\r\n"
        )
        self.assertEqual(self.errors(response), {(2, ""), (3, "")})
        self.assertEqual(self.reasons(response), ["pertemuan: Kolom ini wajib diisi."] * 2)
        self.assertFalse(FollowUp.objects.exists())

    def test_a_rule_about_a_field_without_a_column_names_that_field(self):
        response = self.upload(
            "pertemuan;uraian;OPD penanggung jawab;status\r\nRapat DLHK;Kirim draf LoI;DLHK;Selesai\r\n"
        )
        self.assertEqual(self.errors(response), {(2, "")})
        (reason,) = self.reasons(response)
        self.assertTrue(reason.startswith("tanggal selesai: "), reason)
        self.assertFalse(FollowUp.objects.exists())

    def test_one_bad_row_among_good_ones_writes_nothing_and_is_named(self):
        response = self.upload(
            HEADER
            + "Rapat DLHK;Baik;DLHK;2022-05-01;;;\r\n"
            + "Rapat DLHK;Tenggat keliru;DLHK;31/02/2022;;;\r\n"
            + "Rapat DLHK;Selesai tanpa tanggal;DLHK;;Selesai;;\r\n"
        )
        self.assertEqual(self.errors(response), {(3, "due_on"), (4, "done_on")})
        reasons = " ".join(self.reasons(response))
        self.assertIn("bukan tanggal", reasons)
        self.assertIn("harus diisi tanggal selesainya", reasons)
        self.assertContains(response, "tanggal selesai")
        self.assertNotContains(response, 'name="confirm"')
        self.confirm()
        self.assertFalse(FollowUp.objects.exists())

    def test_importing_the_same_file_twice_creates_nothing_the_second_time(self):
        content = HEADER + "Rapat DLHK;Kirim draf LoI;DLHK;2022-02-03;Terbuka;;\r\n"
        self.import_file(content)
        self.assertEqual(self.actions(self.upload(content)), ["unchanged"])
        self.confirm()
        changed = self.upload(content.replace("Terbuka;", "Sedang berjalan;"))
        self.assertEqual(self.actions(changed), ["update"])
        self.confirm()
        follow_up = FollowUp.objects.get()
        self.assertEqual(follow_up.status, FollowUpStatus.IN_PROGRESS)
        self.assertEqual(follow_up.history.count(), 2)

    def test_a_row_repeated_in_the_file_is_refused(self):
        response = self.upload(HEADER + "Rapat DLHK;Sama;DLHK;;;;\r\nRapat DLHK;Sama;DLHK;;;;\r\n")
        self.assertEqual(self.errors(response), {(3, "description")})

    def test_a_semicolon_windows_1252_file_with_a_byte_order_mark_is_read(self):
        self.import_file(
            excel_file(HEADER + "Rapat DLHK;Undang kurator caf\u00e9 budaya;DLHK;;;;R\u00e9sum\u00e9\r\n")
        )
        self.assertEqual(FollowUp.objects.get().description, "Undang kurator café budaya")

    def test_an_unknown_meeting_or_department_is_reported(self):
        # The cells first; the register is asked for the meeting once they read.
        response = self.upload(HEADER + "Rapat Antah;Sesuatu;Dinas Entah;;;;\r\n")
        self.assertEqual(self.errors(response), {(2, "owner_department")})
        self.assertIn("Tidak dikenal: “Dinas Entah”.", self.reasons(response))
        response = self.upload(HEADER + "Rapat Antah;Sesuatu;DLHK;;;;\r\n")
        self.assertEqual(self.errors(response), {(2, "meeting")})
        self.assertIn("Tidak dikenal: “Rapat Antah”.", self.reasons(response))

    def test_meetings_sharing_a_title_are_told_apart_by_the_follow_up_they_hold(self):
        twin = factories.make_meeting(owner_department=self.fixture.own_department, title="Rapat DLHK")
        factories.make_follow_up(meeting=twin, description="Hanya di rapat kedua")
        held = self.upload(HEADER + "Rapat DLHK;Hanya di rapat kedua;DLHK;;Dibatalkan;;\r\n")
        self.assertEqual(self.actions(held), ["update"])
        ambiguous = self.upload(HEADER + "Rapat DLHK;Baru;DLHK;;;;\r\n")
        self.assertEqual(self.errors(ambiguous), {(2, "meeting")})

    def test_the_meeting_date_tells_meetings_sharing_a_title_apart(self):
        first = self.fixture.own_meeting
        twin = factories.make_meeting(
            owner_department=self.fixture.own_department,
            title=first.title,
            starts_at=datetime.datetime(2025, 3, 4, 9, tzinfo=factories.WIB),
        )
        header = HEADER.replace("pertemuan;", "pertemuan;tanggal pertemuan;", 1)
        self.import_file(excel_file(header + f"{first.title};04/03/2025;Baru;DLHK;;;;\r\n"))
        self.assertEqual(list(twin.follow_ups.values_list("description", flat=True)), ["Baru"])
        self.assertFalse(first.follow_ups.filter(description="Baru").exists())
        wrong_day = self.upload(header + f"{first.title};05/03/2025;Lain;DLHK;;;;\r\n")
        self.assertEqual(self.errors(wrong_day), {(2, "meeting_date")})

    def test_staff_cannot_add_follow_ups_to_another_departments_meeting(self):
        self.client.force_login(self.fixture.staff)
        response = self.upload(
            HEADER + "Rapat DLHK;Milik sendiri;Dishub;;;;\r\nRapat Dishub;Titipan;DLHK;;;;\r\n"
        )
        self.assertEqual(self.errors(response), {(3, "meeting")})

    def test_staff_cannot_change_a_follow_up_of_another_department(self):
        factories.make_follow_up(meeting=self.fixture.other_meeting, description="Urusan Dishub")
        self.client.force_login(self.fixture.staff)
        response = self.upload(HEADER + "Rapat Dishub;Urusan Dishub;Dishub;;Selesai;2022-03-01;\r\n")
        self.assertEqual(self.errors(response), {(2, "description")})

    def test_the_responsible_department_updates_only_the_progress_on_a_foreign_meeting(self):
        follow_up = factories.make_follow_up(
            meeting=self.fixture.other_meeting,
            description="Tugas DLHK",
            owner_department=self.fixture.own_department,
            due_on=datetime.date(2024, 7, 1),
        )
        self.client.force_login(self.fixture.staff)
        moved_deadline = self.upload(HEADER + "Rapat Dishub;Tugas DLHK;DLHK;2024-12-31;;;\r\n")
        self.assertEqual(self.errors(moved_deadline), {(2, "due_on")})
        self.import_file(HEADER + "Rapat Dishub;Tugas DLHK;DLHK;2024-07-01;Selesai;2024-06-20;Beres\r\n")
        follow_up.refresh_from_db()
        self.assertEqual((follow_up.status, follow_up.note), ("done", "Beres"))

    def test_export_then_import_into_an_empty_register_reproduces_the_follow_ups(self):
        own, other = self.fixture.own_meeting, self.fixture.other_meeting
        factories.make_follow_up(meeting=own, description="=1+1 bukan rumus", note="Baris satu\nbaris dua")
        factories.make_follow_up(
            meeting=own,
            description="Vaksinasi booster warga Jepang",
            owner_department=self.fixture.other_department,
            status=FollowUpStatus.DONE,
            done_on=datetime.date(2024, 6, 30),
        )
        factories.make_follow_up(
            meeting=other, description="Pelatihan 浜松市", due_on=None, status="cancelled"
        )
        fields = ("meeting__title", "description", "owner_department__acronym", "due_on", "status", "done_on")

        def snapshot():
            return sorted(FollowUp.objects.values_list(*fields, "note"))

        before = snapshot()
        exported = without_record_ids(self.export("admin:meetings_followup_export"))
        FollowUp.objects.all().delete()
        self.import_file(exported)
        self.assertEqual(snapshot(), before)
