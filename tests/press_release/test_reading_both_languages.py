"""The reader on what the issue found it missing: dates without a year,
releases in English, places abroad, focus areas in everyday words, names not
in the register cut cleanly, close names suggested, trips abroad."""

import datetime

from django.test import TestCase

from bandung_coop.demo import load_demo_data
from meetings.extraction import extract_meeting_draft
from meetings.models import MeetingKind, ParticipantRole
from partnerships.models import Partner

D = datetime.date

TRIP = """Delegasi Kota Bandung Kunjungi Hamamatsu
BANDUNG — Wali Kota Bandung Muhammad Farhan bertolak ke Kota Hamamatsu untuk kunjungan kerja \
pada 10–14 Juni 2024.
Di Hamamatsu, Farhan bertemu Wali Kota Hamamatsu Yusuke Nakano. Perjalanan dibiayai APBD.
Delegasi berjumlah 6 orang, termasuk Dinas Ketenagakerjaan Kota Bandung."""

SUWON = """Wali Kota Terima Kunjungan Delegasi Suwon
BANDUNG — Wali Kota Bandung Muhammad Farhan menerima kunjungan Wali Kota Suwon Lee Jae-joon \
di Balai Kota Bandung, Kamis (14/3). Turut hadir Kepala Dinas Pendidikan Kota Bandung Iwan Setiawan. \
Pembahasan meliputi pengelolaan sampah, air bersih dan polusi udara."""


def names(rows) -> set[str]:
    return {str(row) for row in rows}


class DatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()

    def test_a_date_without_a_year_takes_it_from_the_publication_date_and_says_so(self):
        text = (
            "Penandatanganan MoU berlangsung di Balai Kota Bandung, Senin (11/8). Kerja sama dimulai dengan "
            "LoI pada 19 Desember 2014 dan MoU pertama pada 26 Juni 2019."
        )
        draft = extract_meeting_draft(text, published=D(2025, 8, 12))
        self.assertEqual(draft.date, D(2025, 8, 11))
        self.assertEqual(
            draft.problems,
            ["“Senin (11/8” tidak bertahun: 11/08/2025, hari terdekat hingga tanggal terbit, diusulkan."],
        )
        self.assertEqual(
            [option.date for option in draft.dates], [D(2025, 8, 11), D(2014, 12, 19), D(2019, 6, 26)]
        )

    def test_without_a_publication_date_the_year_is_flagged_never_taken_from_the_text(self):
        draft = extract_meeting_draft(
            "Rapat digelar Kamis (14/3) membahas MoU tahun 2019.", today=D(2024, 12, 1)
        )
        self.assertEqual(draft.date, D(2024, 3, 14))
        self.assertTrue(
            any("tanggal terbit tidak diketahui" in problem for problem in draft.problems), draft.problems
        )

    def test_a_publication_line_in_the_text_dates_a_release_and_is_not_the_meeting(self):
        text = (
            "Dipublikasikan pada 5 September 2014\n"
            "Dubes menerima Walikota Bandung di KBRI Beijing, Rabu (3/9) lalu."
        )
        draft = extract_meeting_draft(text)
        self.assertEqual((draft.published, draft.date), (D(2014, 9, 5), D(2014, 9, 3)))
        self.assertEqual(draft.place, "KBRI Beijing")

    def test_it_reads_an_english_release(self):
        text = (
            "Hamamatsu welcomes Bandung delegation\n"
            "HAMAMATSU — Mayor of Bandung Muhammad Farhan and Mayor of Hamamatsu Yusuke Nakano signed the "
            "agreement on Tuesday, 5 March 2024 at Hamamatsu City Hall at 2:30 p.m. "
            "to discuss waste management."
        )
        draft = extract_meeting_draft(text)
        self.assertEqual((draft.date, draft.time), (D(2024, 3, 5), datetime.time(14, 30)))
        self.assertEqual(draft.place, "Hamamatsu City Hall")
        self.assertEqual(draft.kind, MeetingKind.SIGNING)
        self.assertEqual(
            [(m.person.full_name, m.position) for m in draft.people],
            [("Muhammad Farhan", "Mayor of Bandung"), ("Yusuke Nakano", "Mayor of Hamamatsu")],
        )
        self.assertEqual(names(draft.focus_areas), {"Lingkungan Hidup › Manajemen limbah"})

    def test_it_reads_march_5_2024_and_a_bare_weekday_from_the_publication(self):
        self.assertEqual(extract_meeting_draft("The meeting was held on March 5, 2024.").date, D(2024, 3, 5))
        draft = extract_meeting_draft("The mayors met in Bandung on Monday.", published=D(2017, 10, 11))
        self.assertEqual(draft.date, D(2017, 10, 9))
        self.assertEqual(len(draft.problems), 1)


class PlacesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()

    def test_di_a_partner_city_is_the_place_with_its_country(self):
        draft = extract_meeting_draft(
            "Penandatanganan perpanjangan MoU berlangsung di Hamamatsu, Senin (11/8/2025)."
        )
        self.assertEqual(draft.place, "Hamamatsu, Jepang")

    def test_a_partner_city_saying_where_guests_come_from_is_no_place(self):
        draft = extract_meeting_draft(
            "Pemkot menerima wakil dari tiga universitas di Hamamatsu, Selasa (3/4/2018)."
        )
        self.assertEqual(draft.place, "")


class NamesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()

    def test_names_not_in_the_register_come_without_headline_verbs_titles_or_the_next_sentence(self):
        draft = extract_meeting_draft(SUWON, published=D(2024, 3, 20))
        self.assertEqual(
            draft.unmatched,
            [
                "Kota Suwon",
                "Dinas Pendidikan Kota Bandung",
                "Lee Jae-joon (Wali Kota Suwon)",
                "Iwan Setiawan (Kepala Dinas Pendidikan Kota Bandung)",
            ],
        )
        self.assertEqual(draft.departments, [])

    def test_focus_areas_are_found_in_everyday_words(self):
        draft = extract_meeting_draft(SUWON, published=D(2024, 3, 20))
        self.assertEqual(
            names(draft.focus_areas),
            {
                "Lingkungan Hidup › Manajemen limbah",
                "Lingkungan Hidup › Pelatihan personel bidang sistem penyediaan air",
                "Lingkungan Hidup › Manajemen kualitas udara",
            },
        )

    def test_a_close_name_is_suggested_not_filled_in(self):
        draft = extract_meeting_draft(
            "Kerja sama dengan Kota Hamamatzo dibahas di Balaikota, Senin, 14/3/2022."
        )
        self.assertEqual(draft.partners, [])
        self.assertEqual(draft.unmatched, ["Kota Hamamatzo"])
        self.assertEqual(
            [(s.written, s.suggestion) for s in draft.suggestions],
            [("Kota Hamamatzo", Partner.objects.get(name="Kota Hamamatsu"))],
        )

    def test_a_partner_written_shorter_than_its_registered_name_is_found(self):
        draft = extract_meeting_draft(
            "Wali Kota menerima Kedutaan Besar Jepang di Balaikota, Senin, 14/3/2022."
        )
        self.assertEqual(names(draft.partners), {"Kedutaan Besar Jepang untuk Indonesia"})
        self.assertEqual(draft.unmatched, [])

    def test_a_department_written_as_one_word_is_found(self):
        draft = extract_meeting_draft("Rapat dihadiri Bagian Kerjasama Setda Kota Bandung.")
        self.assertEqual([d.acronym for d in draft.departments], ["Bagian Kerja Sama"])


class TripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        cls.draft = extract_meeting_draft(TRIP)

    def test_a_trip_abroad_of_several_days_proposes_an_outbound_visit(self):
        visit = self.draft.visit
        self.assertIsNotNone(visit)
        self.assertEqual(
            (visit.direction, str(visit.partner), visit.starts_on, visit.ends_on),
            ("outbound", "Kota Hamamatsu", D(2024, 6, 10), D(2024, 6, 14)),
        )
        self.assertEqual(
            (str(visit.leader), visit.member_count, visit.funding_source), ("Muhammad Farhan", 6, "apbd")
        )
        self.assertEqual(visit.places, "Hamamatsu, Jepang")

    def test_its_meeting_is_held_abroad_the_partner_hosting(self):
        self.assertEqual((self.draft.date, self.draft.place), (D(2024, 6, 10), "Hamamatsu, Jepang"))
        self.assertEqual(names(self.draft.partners), {"Kota Hamamatsu"})
        self.assertEqual(
            [(m.person.full_name, m.role) for m in self.draft.people],
            [("Muhammad Farhan", ParticipantRole.GUEST), ("Yusuke Nakano", ParticipantRole.HOST)],
        )
        self.assertTrue(any("hari pertama perjalanan" in problem for problem in self.draft.problems))

    def test_a_visit_to_bandung_or_a_trip_only_considered_proposes_none(self):
        self.assertIsNone(extract_meeting_draft(SUWON, published=D(2024, 3, 20)).visit)
        considered = (
            "Wali Kota Bandung menyebut akan berkunjung ke Hamamatsu. Rapat digelar Senin (11/8/2025)."
        )
        self.assertIsNone(extract_meeting_draft(considered).visit)

    def test_a_delegation_of_several_days_coming_to_bandung_is_no_trip_abroad(self):
        for text in (
            "Delegasi Kota Hamamatsu berkunjung ke Kota Bandung, 10–14 Juni 2024.",
            "Wali Kota Hamamatsu melakukan kunjungan kerja ke Bandung pada 10–14 Juni 2024.",
        ):
            with self.subTest(text=text):
                self.assertIsNone(extract_meeting_draft(text).visit)

    def test_a_partner_pays_when_the_release_says_so(self):
        text = TRIP.replace(
            "Perjalanan dibiayai APBD.", "Perjalanan dibiayai oleh Pemerintah Kota Hamamatsu."
        )
        self.assertEqual(extract_meeting_draft(text).visit.funding_source, "partner")
