"""Importing partners: preview, per-row errors, nothing written unless all
rows are valid, recognised by name or alias, only for those who keep the
register, a round trip."""

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from partnerships.models import Partner, split_aliases
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.csv_import.helpers import ImportSteps, excel_file, without_record_ids, writing_fails

HEADER = "nama;jenis;negara;wilayah;nama lain;situs web\r\n"
HAMAMATSU = (
    'Kota Hamamatsu;Pemerintah daerah luar negeri;JP;Shizuoka;"Hanamatsu; 浜松市";'
    "https://www.city.hamamatsu.shizuoka.jp\r\n"
)


class PartnerImportTests(ImportSteps, TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.url = reverse("admin:partnerships_partner_import")
        self.client.force_login(self.fixture.cooperation_admin)

    def test_the_list_links_to_the_import(self):
        response = self.client.get(reverse("admin:partnerships_partner_changelist"))
        self.assertContains(response, self.url)

    def test_the_preview_lists_new_partners_and_writes_nothing(self):
        response = self.upload(HEADER + HAMAMATSU + "Kota Kawasaki;local_government;Jepang;Kanagawa;;\r\n")
        self.assertEqual(self.actions(response), ["create", "create"])
        self.assertContains(response, "Kota Kawasaki")
        self.assertFalse(Partner.objects.exists())

    def test_confirming_writes_every_row_with_the_user_in_the_history(self):
        self.import_file(HEADER + HAMAMATSU + "Kota Kawasaki;Foreign local government;Japan;Kanagawa;;\r\n")
        hamamatsu = Partner.objects.get(name="Kota Hamamatsu")
        self.assertEqual((hamamatsu.kind, hamamatsu.country.code), ("local_government", "JP"))
        self.assertEqual(hamamatsu.alias_list(), ["Hanamatsu", "浜松市"])
        self.assertEqual(Partner.objects.get(name="Kota Kawasaki").country.code, "JP")
        self.assertEqual(hamamatsu.history.get().history_user, self.fixture.cooperation_admin)

    def test_rows_are_written_in_one_transaction(self):
        self.upload(HEADER + HAMAMATSU + "Kota Kawasaki;local_government;JP;;;\r\n")
        with writing_fails():
            page = self.confirm()
        self.assertEqual(page.job.status, "failed")
        self.assertContains(page, "Tidak ada yang ditulis")
        self.assertFalse(Partner.objects.exists())

    def test_one_bad_row_among_good_ones_writes_nothing_and_is_named(self):
        response = self.upload(
            HEADER
            + HAMAMATSU
            + "Kota Toyota;Kota saudara;JP;Aichi;;\r\n"
            + "Kota Kawasaki;local_government;JP;;;bukan alamat\r\n"
        )
        self.assertEqual(self.errors(response), {(3, "kind"), (4, "website")})
        self.assertIn("Masukkan URL yang valid.", self.reasons(response))
        self.assertContains(response, "situs web")
        self.confirm()
        self.assertFalse(Partner.objects.exists())

    def test_importing_the_same_file_twice_creates_nothing_the_second_time(self):
        self.import_file(HEADER + HAMAMATSU)
        self.assertEqual(self.actions(self.upload(HEADER + HAMAMATSU)), ["unchanged"])
        self.confirm()
        self.assertEqual(Partner.objects.count(), 1)
        self.assertEqual(Partner.history.count(), 1)

    def test_a_partner_is_recognised_by_an_alias_and_keeps_its_name(self):
        factories.make_partner(name="Kota Hamamatsu", aliases="Hanamatsu")
        response = self.upload(HEADER + "hanamatsu;local_government;JP;Shizuoka;Hanamatsu;\r\n")
        self.assertEqual(self.actions(response), ["update"])
        self.confirm()
        self.assertEqual(Partner.objects.get().name, "Kota Hamamatsu")
        self.assertEqual(Partner.objects.get().region, "Shizuoka")

    def test_a_partner_named_twice_in_one_file_is_refused(self):
        response = self.upload(HEADER + HAMAMATSU + "浜松市;local_government;JP;;;\r\n")
        self.assertEqual(self.errors(response), {(3, "name")})

    def test_a_semicolon_windows_1252_file_with_a_byte_order_mark_is_read(self):
        self.import_file(
            excel_file(HEADER + "Universit\u00e9 de Lyon;university;FR;Auvergne-Rh\u00f4ne-Alpes;;\r\n")
        )
        self.assertEqual(Partner.objects.get().region, "Auvergne-Rhône-Alpes")

    def test_an_unknown_country_is_reported(self):
        response = self.upload(HEADER + "Kota Narnia;local_government;Narnia;;;\r\n")
        self.assertEqual(self.errors(response), {(2, "country")})
        self.assertEqual(self.reasons(response), ["Tidak dikenal: “Narnia”."])

    def test_department_staff_may_not_import_partners(self):
        self.client.force_login(self.fixture.staff)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.upload(HEADER + HAMAMATSU).status_code, 403)
        response = self.client.get(reverse("admin:partnerships_partner_changelist"))
        self.assertNotContains(response, self.url)

    def test_changing_a_partner_needs_the_change_permission(self):
        factories.make_partner(name="Kota Hamamatsu")
        self.fixture.staff.user_permissions.add(Permission.objects.get(codename="add_partner"))
        self.client.force_login(self.fixture.staff)
        response = self.upload(HEADER + HAMAMATSU + "Kota Kawasaki;local_government;JP;;;\r\n")
        self.assertEqual(self.errors(response), {(2, "name")})

    def test_export_then_import_into_an_empty_register_reproduces_the_partners(self):
        factories.make_partner(
            name="Kota Hamamatsu",
            region="Shizuoka",
            aliases="Hanamatsu\r\n浜松市",
            website="https://www.city.hamamatsu.shizuoka.jp",
        )
        factories.make_partner(name="Kadin Indonesia, Komite Jepang", kind="chamber", country="ID")
        factories.make_partner(name="=Kedutaan Besar Jepang", kind="embassy", region="-Jakarta")

        def snapshot():
            return sorted(
                (*values, tuple(split_aliases(aliases)))
                for *values, aliases in Partner.objects.values_list(
                    "name", "kind", "country", "region", "website", "aliases"
                )
            )

        before = snapshot()
        exported = without_record_ids(self.export("admin:partnerships_partner_export"))
        Partner.objects.all().delete()
        self.import_file(exported)
        self.assertEqual(snapshot(), before)
