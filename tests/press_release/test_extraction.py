"""The draft read from a news release: the reference article and releases
written in the same style, with other dates, places, spellings and partners."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.test import TestCase

from bandung_coop.demo import load_demo_data
from meetings.extraction import extract_meeting_draft
from meetings.models import MeetingKind, MeetingMode, ParticipantRole
from partnerships.models import Cooperation, Department, Partner, PartnerKind, Person, Sector
from tests import factories

WIB = ZoneInfo("Asia/Jakarta")
RELEASES = Path(__file__).parent / "releases"


def release(name: str) -> str:
    return (RELEASES / name).read_text(encoding="utf-8")


def acronyms(departments) -> list[str]:
    return [department.acronym for department in departments]


def names(rows) -> set[str]:
    return {str(row) for row in rows}


class ReferenceArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        cls.draft = extract_meeting_draft(release("reference-2022-02-03.txt"))

    def test_it_reads_the_date_from_the_weekday_and_day_month_year(self):
        self.assertEqual(self.draft.date, datetime.date(2022, 2, 3))
        self.assertEqual(self.draft.weekday_written, "Kamis")
        self.assertFalse(self.draft.weekday_mismatch)
        self.assertEqual(self.draft.problems, [])

    def test_it_starts_at_the_default_time_in_wib_when_no_time_is_written(self):
        self.assertEqual(self.draft.starts_at, datetime.datetime(2022, 2, 3, 9, 0, tzinfo=WIB))
        self.assertIsNone(self.draft.time)

    def test_it_reads_balaikota_as_bandung_city_hall(self):
        self.assertEqual(self.draft.place, "Balaikota Bandung")

    def test_it_finds_the_six_departments_and_pdam(self):
        self.assertEqual(
            acronyms(self.draft.departments),
            ["Bappelitbang", "Disnaker", "Disbudpar", "DSDABM", "Dishub", "DLHK", "PDAM"],
        )

    def test_it_finds_the_three_cities_including_the_misspelt_hamamatsu(self):
        self.assertLessEqual(
            {"Kota Kawasaki", "Kota Hamamatsu", "Kota Toyota"}, names(self.draft.mentioned_partners)
        )

    def test_it_puts_the_embassy_and_kadin_at_the_table_and_the_cities_in_cooperations(self):
        self.assertEqual(
            names(self.draft.partners),
            {"Kedutaan Besar Jepang untuk Indonesia", "Kadin Indonesia Komite Jepang"},
        )
        self.assertEqual(
            set(self.draft.cooperations),
            set(
                Cooperation.objects.filter(
                    partners__name__in=["Kota Kawasaki", "Kota Hamamatsu", "Kota Toyota"]
                )
            ),
        )

    def test_it_finds_yana_mulyana_and_kanasugi_with_their_positions(self):
        found = [(m.person.full_name, m.position, m.role) for m in self.draft.people]
        self.assertEqual(
            found,
            [
                ("Yana Mulyana", "Plt. Wali Kota Bandung", ParticipantRole.HOST),
                ("Kenji Kanasugi", "Duta Besar Jepang untuk Indonesia", ParticipantRole.GUEST),
            ],
        )

    def test_it_finds_employment_and_environment(self):
        self.assertEqual(names(self.draft.sectors), {"Ketenagakerjaan", "Lingkungan Hidup"})
        self.assertIn("Lingkungan Hidup › Manajemen limbah", names(self.draft.focus_areas))
        self.assertIn("Lingkungan Hidup › Manajemen kualitas udara", names(self.draft.focus_areas))

    def test_it_takes_the_first_sentences_as_title_and_summary(self):
        self.assertEqual(
            self.draft.title, "Pemerintah Kota Bandung jajaki kerja sama dengan Pemerintah Jepang"
        )
        self.assertTrue(self.draft.summary.startswith("Pemerintah Kota Bandung jajaki kerja sama"))
        self.assertIn("Kamis (3/2/2022).", self.draft.summary)
        self.assertNotIn("BANDUNG, —", self.draft.summary)

    def test_it_is_a_courtesy_call_in_person_with_nothing_left_unmatched(self):
        self.assertEqual(self.draft.kind, MeetingKind.AUDIENCE)
        self.assertEqual(self.draft.mode, MeetingMode.IN_PERSON)
        self.assertEqual(self.draft.unmatched, [])


class OwnReleaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()

    def test_it_reads_a_signing_with_a_slash_date_after_a_comma_and_a_headline(self):
        draft = extract_meeting_draft(release("hamamatsu-mou-2025-08-11.txt"))
        self.assertEqual(draft.title, "Bandung dan Hamamatsu Perpanjang Nota Kesepahaman")
        self.assertEqual(draft.date, datetime.date(2025, 8, 11))
        self.assertEqual(draft.place, "Balai Kota Bandung")
        self.assertEqual(draft.kind, MeetingKind.SIGNING)
        self.assertEqual(acronyms(draft.departments), ["Disnaker", "PDAM"])
        self.assertEqual(names(draft.partners), {"Kota Hamamatsu"})
        self.assertEqual(
            [(m.person.full_name, m.position, m.role) for m in draft.people],
            [
                ("Muhammad Farhan", "Wali Kota Bandung", ParticipantRole.HOST),
                ("Yusuke Nakano", "Wali Kota Hamamatsu", ParticipantRole.GUEST),
            ],
        )
        self.assertTrue(draft.summary.startswith("Wali Kota Bandung Muhammad Farhan"))

    def test_it_reads_an_online_coordination_with_a_month_name_and_a_time(self):
        draft = extract_meeting_draft(release("kawasaki-online-2023-03-15.txt"))
        self.assertEqual(draft.starts_at, datetime.datetime(2023, 3, 15, 13, 30, tzinfo=WIB))
        self.assertEqual(draft.place, "Bandung Command Center")
        self.assertEqual(draft.kind, MeetingKind.COORDINATION)
        self.assertEqual(draft.mode, MeetingMode.ONLINE)
        self.assertEqual(acronyms(draft.departments), ["DLHK", "DSDABM", "Bagian Kerja Sama"])
        self.assertEqual(names(draft.partners), {"Kota Kawasaki"})
        self.assertEqual(
            names(draft.focus_areas),
            {"Lingkungan Hidup › Manajemen limbah", "Lingkungan Hidup › Manajemen kualitas udara"},
        )
        self.assertEqual(names(draft.sectors), {"Lingkungan Hidup"})
        self.assertEqual(draft.unmatched, ["Dudy Prayudi (Kepala DLHK Kota Bandung)"])
        self.assertFalse(Person.objects.filter(full_name="Dudy Prayudi").exists())

    def test_it_lists_unknown_departments_partners_and_people_instead_of_creating_them(self):
        departments_before, partners_before = Department.objects.count(), Partner.objects.count()
        draft = extract_meeting_draft(release("suwon-pendopo-2024-05-14.txt"))
        self.assertEqual(draft.starts_at, datetime.datetime(2024, 5, 14, 10, 0, tzinfo=WIB))
        self.assertEqual(draft.place, "Pendopo Kota Bandung")
        self.assertEqual(acronyms(draft.departments), ["Disbudpar", "Dishub", "Bappelitbang"])
        self.assertEqual(draft.partners, [])
        self.assertEqual(
            draft.unmatched,
            ["Dinas Pendidikan Kota Bandung", "Kota Suwon", "Ema Sumarna (Sekretaris Daerah Kota Bandung)"],
        )
        self.assertEqual(draft.sectors, [], "“Dinas Pendidikan” is a name, not the focus area “Pendidikan”")
        self.assertEqual(
            (Department.objects.count(), Partner.objects.count()), (departments_before, partners_before)
        )

    def test_it_finds_a_partner_added_to_the_register_by_its_alias(self):
        factories.make_partner(
            name="Kota Suwon", kind=PartnerKind.LOCAL_GOVERNMENT, country="KR", aliases="Suwon"
        )
        draft = extract_meeting_draft(release("suwon-pendopo-2024-05-14.txt"))
        self.assertEqual(names(draft.partners), {"Kota Suwon"})
        self.assertNotIn("Kota Suwon", draft.unmatched)

    def test_it_reports_a_weekday_that_does_not_fit_the_date(self):
        draft = extract_meeting_draft(release("toyota-wrong-weekday.txt"))
        self.assertEqual(draft.date, datetime.date(2022, 2, 3))
        self.assertTrue(draft.weekday_mismatch)
        self.assertEqual(len(draft.problems), 1)
        self.assertIn("Jumat", draft.problems[0])
        self.assertIn("03/02/2022", draft.problems[0])
        self.assertEqual(draft.place, "Hotel Savoy Homann")
        self.assertEqual(acronyms(draft.departments), ["Disnaker", "Dishub"])
        self.assertEqual(names(draft.partners), {"Kota Toyota"})
        self.assertEqual(names(draft.sectors), {"Ketenagakerjaan"})

    def test_it_reads_a_hybrid_forum_with_a_misspelt_city_and_a_source_link(self):
        draft = extract_meeting_draft(release("kadin-forum-2023-11-09.txt"))
        self.assertEqual(draft.title, "Forum Bisnis Bandung–Jepang 2023")
        self.assertEqual(draft.date, datetime.date(2023, 11, 9))
        self.assertEqual(draft.place, "Gedung Sate")
        self.assertEqual((draft.kind, draft.mode), (MeetingKind.FORUM, MeetingMode.HYBRID))
        self.assertEqual(
            names(draft.partners),
            {"Kadin Indonesia Komite Jepang", "Kedutaan Besar Jepang untuk Indonesia", "Kota Kawasaki"},
        )
        self.assertEqual(draft.unmatched, ["Kota Yokohama"])
        self.assertEqual(
            draft.source_url, "https://www.bandung.go.id/news/read/forum-bisnis-bandung-jepang-2023"
        )
        self.assertEqual(names(draft.sectors), {"Lingkungan Hidup"})

    def test_it_finds_nothing_in_a_text_about_something_else(self):
        draft = extract_meeting_draft(release("nothing-matches.txt"))
        self.assertTrue(draft.is_empty)
        self.assertIsNone(draft.date)
        self.assertEqual(draft.place, "")
        for found in (draft.departments, draft.partners, draft.people, draft.cooperations, draft.sectors):
            self.assertEqual(found, [])
        self.assertEqual(draft.unmatched, [])
        self.assertTrue(draft.title.startswith("Warga Kelurahan Sukajadi"))

    def test_it_returns_an_empty_draft_for_empty_text(self):
        self.assertTrue(extract_meeting_draft("  \n ").is_empty)
        self.assertEqual(extract_meeting_draft("").title, "")


class MisspellingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()

    def test_it_survives_a_misspelling_that_no_alias_records(self):
        hamamatsu = Partner.objects.get(name="Kota Hamamatsu")
        hamamatsu.aliases = "Hamamatsu"
        hamamatsu.save()
        draft = extract_meeting_draft("Kota Bandung bekerja sama dengan Hanamatsu sejak 2014.")
        self.assertEqual(draft.mentioned_partners, [hamamatsu])

    def test_it_does_not_take_a_different_city_for_a_partner(self):
        draft = extract_meeting_draft("Kota Bandung menjajaki kerja sama dengan Kawaguchi dan Toyama.")
        self.assertEqual(draft.mentioned_partners, [])


class DateFormTests(TestCase):
    def test_it_reads_each_written_form_of_a_date(self):
        cases = {
            "Rapat digelar Kamis (3/2/2022) di Balaikota.": datetime.date(2022, 2, 3),
            "Rapat digelar pada 3 Februari 2022.": datetime.date(2022, 2, 3),
            "Rapat digelar Senin, 14/3/2022.": datetime.date(2022, 3, 14),
            "Rapat digelar Selasa, 9 Agt 2022.": datetime.date(2022, 8, 9),
            "Rapat digelar Jum'at (4/2/22).": datetime.date(2022, 2, 4),
            "Diterbitkan 1 Maret 2022. Rapat digelar Rabu (2/3/2022).": datetime.date(2022, 3, 2),
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                draft = extract_meeting_draft(text)
                self.assertEqual(draft.date, expected)
                self.assertEqual(draft.problems, [])

    def test_it_reports_an_impossible_date_and_keeps_none(self):
        draft = extract_meeting_draft("Rapat digelar Senin (31/2/2022).")
        self.assertIsNone(draft.date)
        self.assertEqual(len(draft.problems), 1)
        self.assertIn("31/2/2022", draft.problems[0])

    def test_it_leaves_sector_keywords_alone_when_the_register_has_no_sectors(self):
        Sector.objects.all().delete()
        self.assertEqual(extract_meeting_draft("Kerja sama bidang ketenagakerjaan.").sectors, [])
