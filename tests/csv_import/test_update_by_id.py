"""Export, correct in Excel, import: the records change in place. The id
column names the record, the version column refuses an export edited while
someone else changed the record."""

import csv
import io

from django.test import TestCase
from django.urls import reverse

from meetings.models import FollowUp, Meeting
from partnerships.models import Cooperation, Partner
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.csv_import.helpers import ImportSteps


def edited(exported: bytes, pk: int, column: str, value: str) -> bytes:
    """The export with one cell of the row of record ``pk`` changed, as in Excel."""
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("ID")] == str(pk):
            row[header.index(column)] = value
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


class UpdateByIdTests(ImportSteps, TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.client.force_login(self.fixture.cooperation_admin)

    def round_trip(self, kind: str, record, column: str, value: str):
        self.url = reverse(f"admin:{kind}_import")
        exported = self.export(f"admin:{kind}_export")
        preview = self.upload(edited(exported, record.pk, column, value))
        self.assertEqual(self.errors(preview), set())
        return preview

    def test_a_corrected_meeting_title_changes_that_meeting(self):
        meeting = self.fixture.own_meeting
        count = Meeting.objects.count()
        preview = self.round_trip("meetings_meeting", meeting, "judul", "Rapat DLHK (judul dibetulkan)")
        self.assertEqual(self.actions(preview).count("update"), 1)
        self.confirm()
        meeting.refresh_from_db()
        self.assertEqual(meeting.title, "Rapat DLHK (judul dibetulkan)")
        self.assertEqual(Meeting.objects.count(), count)
        self.assertEqual(meeting.history.first().history_user, self.fixture.cooperation_admin)

    def test_a_corrected_follow_up_changes_that_follow_up(self):
        follow_up = factories.make_follow_up(meeting=self.fixture.own_meeting, description="Kirim data")
        self.round_trip("meetings_followup", follow_up, "uraian", "Kirim data sampah 2025")
        self.confirm()
        follow_up.refresh_from_db()
        self.assertEqual(follow_up.description, "Kirim data sampah 2025")
        self.assertEqual(FollowUp.objects.count(), 1)

    def test_a_partner_named_by_its_id_is_renamed(self):
        partner = factories.make_partner(name="Kota Hamamatsu")
        self.round_trip("partnerships_partner", partner, "nama", "Pemerintah Kota Hamamatsu")
        self.confirm()
        partner.refresh_from_db()
        self.assertEqual(partner.name, "Pemerintah Kota Hamamatsu")
        self.assertEqual(Partner.objects.count(), 1)

    def test_a_corrected_cooperation_title_changes_that_cooperation(self):
        cooperation = factories.make_cooperation(lead_department=self.fixture.own_department)
        self.round_trip("partnerships_cooperation", cooperation, "judul", "Kerja sama persampahan")
        self.confirm()
        cooperation.refresh_from_db()
        self.assertEqual(cooperation.title, "Kerja sama persampahan")
        self.assertEqual(Cooperation.objects.count(), 1)

    def test_an_unknown_id_is_an_error_of_its_row(self):
        self.url = reverse("admin:meetings_meeting_import")
        exported = self.export("admin:meetings_meeting_export")
        preview = self.upload(edited(exported, self.fixture.own_meeting.pk, "ID", "987654"))
        self.assertIn("id", {column for _row, column in self.errors(preview)})
        self.assertIn("Tidak ada catatan dengan ID 987654.", self.reasons(preview))

    def test_another_departments_meeting_named_by_id_is_an_error_for_staff(self):
        self.url = reverse("admin:meetings_meeting_import")
        exported = self.export("admin:meetings_meeting_export")
        self.client.force_login(self.fixture.staff)
        other = self.fixture.other_meeting
        preview = self.upload(edited(exported, other.pk, "judul", "Diubah DLHK"))
        self.assertTrue(self.errors(preview))
        self.confirm()
        other.refresh_from_db()
        self.assertEqual(other.title, "Rapat Dishub")

    def test_an_export_edited_while_someone_changed_the_record_is_refused(self):
        meeting = self.fixture.own_meeting
        self.url = reverse("admin:meetings_meeting_import")
        exported = self.export("admin:meetings_meeting_export")
        Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1, place="Pendopo")
        preview = self.upload(edited(exported, meeting.pk, "judul", "Judul dari berkas lama"))
        self.assertIn("version", {column for _row, column in self.errors(preview)})
        self.assertTrue(any("Ekspor lagi daftar ini" in reason for reason in self.reasons(preview)))
        meeting.refresh_from_db()
        self.assertEqual((meeting.title, meeting.place), ("Rapat DLHK", "Pendopo"))

    def test_a_change_between_preview_and_confirm_is_not_overwritten(self):
        meeting = self.fixture.own_meeting
        self.url = reverse("admin:meetings_meeting_import")
        content = "judul;tanggal;waktu;perangkat daerah pemilik;ringkasan\r\n"
        start = meeting.starts_at.astimezone()
        content += f"Rapat DLHK;{start:%Y-%m-%d};{start:%H:%M};DLHK;Ringkasan dari berkas\r\n"
        preview = self.upload(content)
        self.assertEqual(self.actions(preview), ["update"])
        Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1, summary="Diubah orang lain")
        refused = self.confirm()
        self.assertEqual(refused.status_code, 200)
        meeting.refresh_from_db()
        self.assertEqual(meeting.summary, "Diubah orang lain")

    def test_a_row_with_an_id_and_no_version_is_refused(self):
        meeting = self.fixture.own_meeting
        self.url = reverse("admin:meetings_meeting_import")
        exported = self.export("admin:meetings_meeting_export")
        Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1, place="Pendopo")
        blank_version = edited(edited(exported, meeting.pk, "judul", "Judul baru"), meeting.pk, "versi", "")
        preview = self.upload(blank_version)
        self.assertIn("version", {column for _row, column in self.errors(preview)})
        self.assertTrue(any("ekspor lagi" in reason for reason in self.reasons(preview)))
        meeting.refresh_from_db()
        self.assertEqual((meeting.title, meeting.place), ("Rapat DLHK", "Pendopo"))
