"""Logging a meeting in the admin: people found by their organisation and
position, a new person added on the participant row without a popup, the
values the form's script uses for the host and the add links, every input
named, and the reason a meeting opens read-only."""

import json
import re

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.role_groups import ensure_role_groups
from accounts.roles import Role
from meetings.models import Meeting, Participant
from partnerships.models import Person
from tests import factories
from tests.access.fixtures import make_user

ADD_MEETING = reverse("admin:meetings_meeting_add")
AUTOCOMPLETE = reverse("admin:autocomplete")


def meeting_form(**participant) -> dict:
    """A new meeting with one participant row, as the add form posts it."""
    row = {
        "person": "",
        "role": "attendee",
        "position_held": "",
        "new_person_name": "",
        "new_person_department": "",
        "new_person_partner": "",
    } | participant
    data = {
        "title": "Rapat pelatihan perawat",
        "starts_at_0": "12/03/2026",
        "starts_at_1": "10:00",
        "place": "Balaikota Bandung",
        "kind": "technical",
        "mode": "in_person",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "follow_ups-TOTAL_FORMS": "0",
        "follow_ups-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    return data | {f"participants-0-{name}": value for name, value in row.items()}


def row_errors(response) -> dict:
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "participants"
    )
    return formset.forms[0].errors


class Register:
    """A city department and a partner city with their people."""

    def __init__(self):
        ensure_role_groups()
        self.dlhk = factories.make_department(acronym="DLHK", name="Dinas Lingkungan Hidup dan Kebersihan")
        self.disnaker = factories.make_department(acronym="Disnaker", name="Dinas Ketenagakerjaan")
        self.kawasaki = factories.make_partner(name="Kota Kawasaki", aliases="Kawasaki City")
        self.fukuda = factories.make_person(
            full_name="Norihiko Fukuda", current_position="Wali Kota Kawasaki", partner=self.kawasaki
        )
        self.dudy = factories.make_person(
            full_name="Dudy Prayudi", current_position="Kepala Dinas", department=self.dlhk
        )
        self.kanasugi = factories.make_person(
            full_name="Kenji Kanasugi", current_position="Duta Besar Jepang untuk Indonesia"
        )
        self.staff = make_user("staf.disnaker", Role.DEPARTMENT_STAFF, self.disnaker)


class ParticipantAutocompleteTests(TestCase):
    def setUp(self):
        self.register = Register()
        self.client.force_login(self.register.staff)

    def search(self, term: str) -> list[dict]:
        parameters = {
            "app_label": "meetings",
            "model_name": "participant",
            "field_name": "person",
            "term": term,
        }
        response = self.client.get(AUTOCOMPLETE, parameters)
        self.assertEqual(response.status_code, 200)
        return response.json()["results"]

    def texts(self, term: str) -> list[str]:
        return [result["text"] for result in self.search(term)]

    def test_it_finds_the_people_of_a_partner_by_the_partners_name_and_alias(self):
        self.assertEqual(self.texts("Kota Kawasaki"), ["Norihiko Fukuda — Wali Kota Kawasaki, Kota Kawasaki"])
        self.assertEqual(self.texts("City"), ["Norihiko Fukuda — Wali Kota Kawasaki, Kota Kawasaki"])

    def test_it_finds_the_people_of_a_department_by_its_acronym_and_name(self):
        self.assertEqual(self.texts("dlhk"), ["Dudy Prayudi — Kepala Dinas, DLHK"])
        self.assertEqual(self.texts("Lingkungan Hidup"), ["Dudy Prayudi — Kepala Dinas, DLHK"])

    def test_it_finds_people_by_position_and_name(self):
        self.assertEqual(self.texts("Duta Besar"), ["Kenji Kanasugi — Duta Besar Jepang untuk Indonesia"])
        self.assertEqual(self.texts("fukuda"), ["Norihiko Fukuda — Wali Kota Kawasaki, Kota Kawasaki"])

    def test_every_word_must_match_somewhere(self):
        self.assertEqual(self.texts("Wali Kawasaki"), ["Norihiko Fukuda — Wali Kota Kawasaki, Kota Kawasaki"])
        self.assertEqual(self.texts("Wali Lingkungan"), [])

    def test_it_tells_the_form_which_people_are_of_the_city(self):
        from_city = {result["text"].split(" — ")[0]: result["from_city"] for result in self.search("a")}
        self.assertEqual(from_city, {"Dudy Prayudi": True, "Kenji Kanasugi": False, "Norihiko Fukuda": False})

    def test_the_search_costs_the_same_queries_however_many_people_match(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertTrue(self.search("Kawasaki"))
            return len(captured)

        few = queries()
        for n in range(20):
            factories.make_person(full_name=f"Staf Kawasaki {n}", partner=self.register.kawasaki)
            factories.make_person(full_name=f"Staf DLHK {n}", department=self.register.dlhk)
        self.assertEqual(queries(), few)


class NewPersonOnTheParticipantRowTests(TestCase):
    def setUp(self):
        self.register = Register()
        self.client.force_login(self.register.staff)

    def test_a_person_typed_on_the_row_is_added_to_the_register_with_the_meeting(self):
        response = self.client.post(
            ADD_MEETING,
            meeting_form(
                new_person_name="Asep Sunandar",
                new_person_department=str(self.register.disnaker.pk),
                position_held="Kepala Bidang Pelatihan Kerja",
                role="host",
            ),
        )
        self.assertEqual(response.status_code, 302, response.context and response.context["errors"])
        asep = Person.objects.get(full_name="Asep Sunandar")
        self.assertEqual(asep.department, self.register.disnaker)
        self.assertEqual(asep.current_position, "Kepala Bidang Pelatihan Kerja")
        participant = Participant.objects.get(meeting__title="Rapat pelatihan perawat")
        self.assertEqual(
            (participant.person, participant.role, participant.position_held),
            (asep, "host", "Kepala Bidang Pelatihan Kerja"),
        )
        # Written through the write door: in the audit trail, by the staff member.
        self.assertEqual(asep.history.get().history_user, self.register.staff)

    def test_a_new_person_of_a_partner(self):
        response = self.client.post(
            ADD_MEETING,
            meeting_form(new_person_name="Taro Suzuki", new_person_partner=str(self.register.kawasaki.pk)),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Person.objects.get(full_name="Taro Suzuki").partner, self.register.kawasaki)

    def assert_refused_on_the_row(self, data: dict, field: str, message: str):
        people = Person.objects.count()
        response = self.client.post(ADD_MEETING, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(row_errors(response)[field], [message])
        self.assertFalse(Meeting.objects.filter(title="Rapat pelatihan perawat").exists())
        self.assertEqual(Person.objects.count(), people)
        return response

    def test_a_person_of_both_a_department_and_a_partner_is_refused_on_the_row_keeping_what_was_typed(self):
        response = self.assert_refused_on_the_row(
            meeting_form(
                new_person_name="Asep Sunandar",
                new_person_department=str(self.register.disnaker.pk),
                new_person_partner=str(self.register.kawasaki.pk),
            ),
            "new_person_partner",
            "Seseorang tercatat pada perangkat daerah atau pada mitra, tidak keduanya.",
        )
        self.assertContains(response, 'value="Asep Sunandar"')
        self.assertContains(response, 'value="Rapat pelatihan perawat"')

    def test_an_organisation_without_a_name_is_refused_on_the_row(self):
        self.assert_refused_on_the_row(
            meeting_form(new_person_partner=str(self.register.kawasaki.pk)),
            "new_person_name",
            "Ketik nama lengkap orang baru, atau kosongkan organisasinya.",
        )

    def test_a_person_chosen_and_one_typed_on_the_same_row_are_refused(self):
        self.assert_refused_on_the_row(
            meeting_form(person=str(self.register.fukuda.pk), new_person_name="Norihiko Fukuda"),
            "new_person_name",
            "Pilih orang yang terdaftar atau ketik orang baru, jangan keduanya.",
        )

    def test_a_row_with_neither_a_person_nor_a_name_asks_for_one(self):
        self.assert_refused_on_the_row(
            meeting_form(position_held="Wali Kota"),
            "person",
            "Pilih orang, atau ketik di bawah nama orang yang belum terdaftar.",
        )

    def test_a_user_who_may_not_add_people_is_told_on_the_row_and_nothing_is_saved(self):
        staff_role = Group.objects.get(name=Role.DEPARTMENT_STAFF)
        staff_role.permissions.remove(Permission.objects.get(codename="add_person"))
        self.assert_refused_on_the_row(
            meeting_form(
                new_person_name="Asep Sunandar", new_person_department=str(self.register.disnaker.pk)
            ),
            "new_person_name",
            "Anda tidak boleh menambah orang ke daftar: pilih orang yang sudah terdaftar, "
            "atau minta Bagian Kerja Sama menambahkannya.",
        )

    def test_a_person_from_the_register_is_still_chosen_as_before(self):
        response = self.client.post(
            ADD_MEETING, meeting_form(person=str(self.register.fukuda.pk), role="guest")
        )
        self.assertEqual(response.status_code, 302)
        participant = Participant.objects.get(meeting__title="Rapat pelatihan perawat")
        self.assertEqual((participant.person, participant.role), (self.register.fukuda, "guest"))


class MeetingFormPageTests(TestCase):
    def setUp(self):
        self.register = Register()

    def test_the_page_gives_its_script_the_host_role_and_the_first_rows_add_texts(self):
        self.client.force_login(self.register.staff)
        response = self.client.get(ADD_MEETING)
        data = re.search(
            r'<script id="meeting-form-data" type="application/json">(.*?)</script>', response.text
        )
        self.assertEqual(
            json.loads(data.group(1)),
            {
                "addFirst": {
                    "participants": "Tambahkan Peserta",
                    "follow_ups": "Tambahkan Tindak lanjut",
                    "attachments": "Tambahkan Lampiran",
                },
                "hostRole": "host",
                "defaultRole": "attendee",
            },
        )
        self.assertContains(response, "/static/js/meeting-form.js")
        self.assertContains(response, "/static/js/autocomplete-names.js")

    def test_each_half_of_a_date_and_time_has_its_own_name(self):
        self.client.force_login(self.register.staff)
        response = self.client.get(ADD_MEETING)
        for name, label in [
            ("starts_at_0", "Mulai, tanggal"),
            ("starts_at_1", "Mulai, waktu"),
            ("ends_at_0", "Selesai, tanggal"),
            ("ends_at_1", "Selesai, waktu"),
        ]:
            self.assertRegex(response.text, rf'<input [^>]*name="{name}"[^>]*aria-label="{label}"')

    def test_a_new_follow_up_is_the_owner_departments_by_default(self):
        self.client.force_login(self.register.staff)
        response = self.client.get(ADD_MEETING)
        self.assertRegex(
            response.text,
            rf'name="follow_ups-__prefix__-owner_department"[^>]*>\s*'
            rf'<option value="{self.register.disnaker.pk}" selected>Disnaker</option>',
        )

    def reason(self, user, meeting) -> str | None:
        self.client.force_login(user)
        response = self.client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        self.assertEqual(response.status_code, 200)
        found = re.search(r'<p class="readonly-reason" role="note">(.*?)</p>', response.text)
        return found.group(1) if found else None

    def test_a_meeting_of_another_department_says_whose_it_is(self):
        meeting = factories.make_meeting(owner_department=self.register.dlhk)
        self.assertEqual(
            self.reason(self.register.staff, meeting),
            "Pertemuan ini milik DLHK; Anda hanya dapat melihatnya. Tindak lanjut yang ditugaskan ke OPD "
            "Anda diperbarui dari daftar Tindak lanjut.",
        )

    def test_leadership_is_told_its_role_only_reads(self):
        meeting = factories.make_meeting(owner_department=self.register.dlhk)
        leader = make_user("pimpinan", Role.LEADERSHIP)
        self.assertEqual(
            self.reason(leader, meeting), "Peran Anda hanya membaca pertemuan, tidak mengubahnya."
        )

    def test_staff_without_a_department_are_told_to_ask_for_one(self):
        meeting = factories.make_meeting(owner_department=self.register.dlhk)
        newcomer = make_user("staf.baru", Role.DEPARTMENT_STAFF)
        self.assertEqual(
            self.reason(newcomer, meeting),
            "Akun Anda belum terhubung ke perangkat daerah, jadi tidak dapat mengubah pertemuan. "
            "Minta Bagian Kerja Sama mengatur perangkat daerah Anda.",
        )

    def test_a_meeting_the_user_may_change_gives_no_reason(self):
        meeting = factories.make_meeting(owner_department=self.register.disnaker)
        self.assertIsNone(self.reason(self.register.staff, meeting))

    def test_a_read_only_meeting_shows_its_participants_without_the_new_person_fields(self):
        meeting = factories.make_meeting(owner_department=self.register.dlhk)
        factories.make_participant(meeting=meeting, person=self.register.dudy)
        self.client.force_login(self.register.staff)
        response = self.client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        self.assertContains(response, "Dudy Prayudi")
        self.assertNotContains(response, "Orang baru")
