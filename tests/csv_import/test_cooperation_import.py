"""Importing cooperations: preview, per-row errors, nothing written unless
all rows are valid, recognised by title and lead department, stages moved
only with their documents, departments kept apart, a round trip."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from partnerships.models import Cooperation, DocumentKind, Stage, StageChange
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.csv_import.helpers import ImportSteps, excel_file, without_record_ids, writing_fails

HEADER = ";".join(
    ["judul", "jenis", "mitra", "perangkat daerah pengampu", "perangkat daerah pendukung", "bidang", "tahap"]
    + ["dimulai pada", "uraian\r\n"]
)
KAWASAKI = "Kerja sama lingkungan Kawasaki;ksdpl;Kota Kawasaki;DLHK;Dishub;Lingkungan hidup;Penjajakan;;\r\n"


class CooperationImportTests(ImportSteps, TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        factories.make_partner(name="Kota Kawasaki")
        factories.make_partner(name="Kota Hamamatsu", aliases="Hanamatsu")
        factories.make_sector(name="Lingkungan hidup")
        factories.make_sector(name="Ketenagakerjaan")
        self.url = reverse("admin:partnerships_cooperation_import")
        self.client.force_login(self.fixture.cooperation_admin)

    def test_the_list_links_to_the_import(self):
        response = self.client.get(reverse("admin:partnerships_cooperation_changelist"))
        self.assertContains(response, self.url)

    def test_the_preview_lists_new_cooperations_and_writes_nothing(self):
        response = self.upload(
            HEADER
            + KAWASAKI
            + "Pelatihan tenaga kerja;;Hanamatsu;Dishub;;Ketenagakerjaan;;3 Februari 2022;\r\n"
        )
        self.assertEqual(self.actions(response), ["create", "create"])
        self.assertContains(response, "Kerja sama lingkungan Kawasaki — DLHK")
        self.assertFalse(Cooperation.objects.exists())

    def test_confirming_writes_every_row_with_the_user_in_the_history(self):
        self.import_file(HEADER + KAWASAKI)
        cooperation = Cooperation.objects.get()
        self.assertEqual(cooperation.stage, Stage.EXPLORATION)
        self.assertEqual(list(cooperation.partners.values_list("name", flat=True)), ["Kota Kawasaki"])
        self.assertEqual(
            {record.history_user for record in cooperation.history.all()}, {self.fixture.cooperation_admin}
        )
        change = StageChange.objects.get()
        self.assertEqual(
            (change.to_stage, change.changed_by), (Stage.EXPLORATION, self.fixture.cooperation_admin)
        )

    def test_rows_are_written_in_one_transaction(self):
        self.upload(HEADER + "Satu;;Kota Kawasaki;DLHK;;;;;\r\nDua;;Kota Kawasaki;DLHK;;;;;\r\n")
        with writing_fails():
            page = self.confirm()
        self.assertEqual(page.job.status, "failed")
        self.assertContains(page, "Tidak ada yang ditulis")
        self.assertFalse(Cooperation.objects.exists())

    def test_a_cooperation_without_any_partner_is_refused(self):
        response = self.upload(HEADER + KAWASAKI.replace(";Kota Kawasaki;", ";,;"))
        self.assertEqual(self.errors(response), {(2, "partners")})
        self.assertIn("Kerja sama memerlukan sekurang-kurangnya satu mitra.", self.reasons(response))

    def test_one_bad_row_among_good_ones_writes_nothing_and_is_named(self):
        response = self.upload(
            HEADER
            + KAWASAKI
            + "Kerja sama dua;;Kota Kawasaki;DLHK;;;;kemarin;\r\n"
            + "Kerja sama tiga;;Kota Kawasaki;DLHK;;;Tahap entah;;\r\n"
        )
        self.assertEqual(self.errors(response), {(3, "started_on"), (4, "stage")})
        reason = next(reason for reason in self.reasons(response) if "Tahap entah" in reason)
        self.assertIn("“Tahap entah” bukan salah satu dari: Prakarsa, Penjajakan", reason)
        self.assertContains(response, "dimulai pada")
        self.confirm()
        self.assertFalse(Cooperation.objects.exists())

    def test_importing_the_same_file_twice_creates_nothing_the_second_time(self):
        self.import_file(HEADER + KAWASAKI)
        self.assertEqual(self.actions(self.upload(HEADER + KAWASAKI)), ["unchanged"])
        self.confirm()
        changed = self.upload(HEADER + KAWASAKI.replace("Dishub;", ";"))
        self.assertEqual(self.actions(changed), ["update"])
        self.confirm()
        cooperation = Cooperation.objects.get()
        self.assertFalse(cooperation.supporting_departments.exists())
        self.assertEqual(StageChange.objects.count(), 1)

    def test_the_same_title_led_by_another_department_is_another_cooperation(self):
        self.import_file(HEADER + KAWASAKI + KAWASAKI.replace(";DLHK;Dishub;", ";Dishub;;"))
        self.assertEqual(
            sorted(Cooperation.objects.values_list("lead_department__acronym", flat=True)), ["DLHK", "Dishub"]
        )

    def test_a_semicolon_windows_1252_file_with_a_byte_order_mark_is_read(self):
        self.import_file(
            excel_file(HEADER + "Festival caf\u00e9 budaya;;Kota Kawasaki;DLHK;;;;;Cr\u00e8me\r\n")
        )
        self.assertEqual(Cooperation.objects.get().title, "Festival café budaya")

    def test_an_unknown_partner_or_sector_is_reported(self):
        response = self.upload(HEADER + "Kerja sama;;Kota Antah, Kota Kawasaki;DLHK;;Pertanian;;;\r\n")
        self.assertEqual(self.errors(response), {(2, "partners"), (2, "sectors")})
        self.assertIn("Tidak dikenal: “Kota Antah”.", self.reasons(response))

    def test_a_stage_without_its_documents_is_refused(self):
        response = self.upload(HEADER + KAWASAKI.replace("Penjajakan", "Penandatanganan (MoU / PKS)"))
        self.assertEqual(self.errors(response), {(2, "stage")})
        self.assertIn("memerlukan dokumen", self.reasons(response)[0])

    def test_a_stage_moves_when_the_cooperation_holds_its_documents(self):
        cooperation = factories.make_cooperation(
            title="Kerja sama lingkungan Kawasaki", lead_department=self.fixture.own_department
        )
        factories.make_document(cooperation=cooperation, kind=DocumentKind.LOI)
        self.import_file(HEADER + KAWASAKI.replace("Penjajakan", "Surat pernyataan kehendak (LoI)"))
        cooperation.refresh_from_db()
        self.assertEqual(cooperation.stage, Stage.LOI)

    def test_a_superuser_moves_a_stage_without_documents_by_giving_the_reason(self):
        superuser = get_user_model().objects.create_superuser("super", password="pw-for-tests-1")
        self.client.force_login(superuser)
        header = HEADER.replace("\r\n", ";alasan pindah tahap tanpa bukti\r\n")
        row = KAWASAKI.replace("Penjajakan", "signed").replace("\r\n", ";MoU 2019 diarsipkan di kertas\r\n")
        self.import_file(header + row)
        change = StageChange.objects.get()
        self.assertEqual(
            (change.to_stage, change.override_reason), (Stage.SIGNED, "MoU 2019 diarsipkan di kertas")
        )

    def test_department_staff_without_the_permission_may_not_import(self):
        self.client.force_login(self.fixture.staff)
        self.assertEqual(self.upload(HEADER + KAWASAKI).status_code, 403)

    def test_staff_may_import_only_cooperations_their_department_leads(self):
        permissions = Permission.objects.filter(codename__in=["add_cooperation", "change_cooperation"])
        self.fixture.staff.user_permissions.add(*permissions)
        self.client.force_login(self.fixture.staff)
        response = self.upload(HEADER + KAWASAKI + KAWASAKI.replace(";DLHK;Dishub;", ";Dishub;;"))
        self.assertEqual(self.errors(response), {(3, "lead_department")})

    def test_export_then_import_into_an_empty_register_reproduces_the_cooperations(self):
        own, other = self.fixture.own_department, self.fixture.other_department
        kadin = factories.make_partner(name="Kadin Indonesia, Komite Jepang", kind="chamber", country="ID")
        kawasaki = factories.make_cooperation(
            title="Kerja sama lingkungan Kawasaki",
            lead_department=own,
            stage=Stage.EXPLORATION,
            started_on=datetime.date(2019, 6, 26),
            description="-Pengelolaan sampah, air, dan udara",
        )
        kawasaki.supporting_departments.set([other])
        kawasaki.sectors.set(factories.Sector.objects.filter(name="Lingkungan hidup"))
        factories.make_cooperation(
            title="Kerja sama lingkungan Kawasaki", lead_department=other, stage=Stage.ENDED
        )
        factories.make_cooperation(
            title="Pelatihan tenaga kerja 浜松市",
            kind="ksdll",
            lead_department=other,
            partners=[kadin, factories.Partner.objects.get(name="Kota Hamamatsu")],
        )

        def snapshot():
            return sorted(
                (
                    cooperation.title,
                    cooperation.kind,
                    cooperation.lead_department.acronym,
                    cooperation.stage,
                    cooperation.started_on,
                    cooperation.description,
                    sorted(partner.name for partner in cooperation.partners.all()),
                    sorted(department.acronym for department in cooperation.supporting_departments.all()),
                    sorted(sector.name for sector in cooperation.sectors.all()),
                )
                for cooperation in Cooperation.objects.select_related("lead_department").prefetch_related(
                    "partners", "supporting_departments", "sectors"
                )
            )

        before = snapshot()
        exported = without_record_ids(self.export("admin:partnerships_cooperation_export"))
        Cooperation.objects.all().delete()
        self.import_file(exported)
        self.assertEqual(snapshot(), before)
