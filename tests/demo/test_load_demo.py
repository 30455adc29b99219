"""The demo loader holds the facts of the reference news release and can be
run again without changing anything."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from bandung_coop.demo import ARTICLE_MEETING_TITLE
from meetings.models import Meeting, MeetingKind, ParticipantRole
from partnerships.models import Cooperation, Department, DepartmentKind, Partner, Person

WIB = ZoneInfo("Asia/Jakarta")


@override_settings(DEBUG=True)  # a development machine: tests run with DEBUG off
class LoadDemoTests(TestCase):
    def setUp(self):
        self.output = StringIO()
        call_command("load_demo", stdout=self.output)
        self.meeting = Meeting.objects.get(title=ARTICLE_MEETING_TITLE)

    def test_the_meeting_is_the_courtesy_call_at_balaikota_on_3_february_2022(self):
        self.assertEqual(self.meeting.starts_at.astimezone(WIB).date(), datetime.date(2022, 2, 3))
        self.assertEqual(self.meeting.place, "Balaikota Bandung")
        self.assertEqual(self.meeting.kind, MeetingKind.AUDIENCE)

    def test_the_acting_mayor_hosts_the_ambassador_of_japan(self):
        participants = {
            (p.person.full_name, p.role, p.position_held)
            for p in self.meeting.participants.select_related("person")
        }
        self.assertEqual(
            participants,
            {
                ("Yana Mulyana", ParticipantRole.HOST, "Plt. Wali Kota Bandung"),
                ("Kenji Kanasugi", ParticipantRole.GUEST, "Duta Besar Jepang untuk Indonesia"),
            },
        )

    def test_six_departments_pdam_and_kadin_attend(self):
        attending = set(self.meeting.attending_departments.values_list("acronym", flat=True))
        self.assertEqual(
            attending, {"Bappelitbang", "Disnaker", "Disbudpar", "DSDABM", "Dishub", "DLHK", "PDAM"}
        )
        self.assertEqual(Department.objects.get(acronym="PDAM").kind, DepartmentKind.BUMD)
        self.assertIn("Kadin Indonesia Komite Jepang", self.meeting.partners.values_list("name", flat=True))

    def test_the_three_japanese_cities_have_their_sectors_and_focus_areas(self):
        expected = {
            "Kota Kawasaki": (
                {"Lingkungan Hidup"},
                {"Manajemen limbah", "Manajemen lingkungan air", "Manajemen kualitas udara"},
            ),
            "Kota Hamamatsu": (
                {"Lingkungan Hidup"},
                {
                    "Kolaborasi institusi akademik, budaya dan penelitian untuk kota kreatif",
                    "Pelatihan personel bidang sistem penyediaan air",
                    "Pelatihan personel bidang lingkungan dan sanitasi",
                },
            ),
            "Kota Toyota": (
                {"Ketenagakerjaan"},
                {
                    "Teknologi informasi",
                    "Sistem transportasi berkelanjutan",
                    "Kegiatan lingkungan",
                    "Kesejahteraan sosial",
                    "Pendidikan",
                    "Pemberdayaan sumber daya manusia",
                    "Reformasi administrasi",
                },
            ),
        }
        for city, (sectors, focus_areas) in expected.items():
            with self.subTest(city=city):
                cooperation = Cooperation.objects.get(partners__name=city)
                self.assertEqual(set(cooperation.sectors.values_list("name", flat=True)), sectors)
                self.assertEqual(set(cooperation.focus_areas.values_list("name", flat=True)), focus_areas)
                self.assertIn(cooperation, self.meeting.cooperations.all())
        self.assertEqual(Partner.objects.get(name="Kota Hamamatsu").region, "Shizuoka")

    def test_the_misspelling_hanamatsu_is_a_known_alias_of_hamamatsu(self):
        self.assertIn("Hanamatsu", Partner.objects.get(name="Kota Hamamatsu").alias_list())

    def test_the_renewal_is_signed_during_the_hamamatsu_delegations_visit(self):
        # The pages that show a meeting's visit need demo rows that have one.
        meeting = Meeting.objects.get(title="Penandatanganan perpanjangan MoU Bandung – Hamamatsu")
        self.assertEqual(meeting.visit.partner.name, "Kota Hamamatsu")
        self.assertEqual(meeting.visit.leader.full_name, "Yusuke Nakano")
        self.assertEqual(meeting.visit.starts_on, datetime.date(2025, 8, 11))

    def test_it_prints_how_to_log_in(self):
        self.assertIn("http://127.0.0.1:8000/admin/", self.output.getvalue())
        self.assertIn("admin", self.output.getvalue())

    def test_loading_twice_changes_nothing(self):
        models = [Department, Partner, Person, Cooperation, Meeting]
        before = {model: list(model.objects.order_by("pk").values()) for model in models}
        call_command("load_demo", stdout=StringIO())
        for model in models:
            with self.subTest(model=model.__name__):
                self.assertEqual(list(model.objects.order_by("pk").values()), before[model])


class ProductionRefusesDemoTests(TestCase):
    @override_settings(DEBUG=False)
    def test_it_refuses_to_load_the_demo_accounts_when_debug_is_off(self):
        with self.assertRaisesMessage(CommandError, "DEBUG mati"):
            call_command("load_demo", stdout=StringIO())
        self.assertFalse(get_user_model().objects.exists())
        self.assertFalse(Meeting.objects.exists())
