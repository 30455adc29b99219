"""The “Create from press release” admin page: who may use it, and the add
form it opens, pre-filled, marked as suggested, with nothing saved."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse

from bandung_coop.demo import load_demo_data
from meetings.models import Meeting, Participant
from meetings.press_release_admin import SESSION_KEY, SUGGESTED_CLASS
from partnerships.models import Department, Person

URL = reverse("admin:meetings_meeting_press_release")
ADD_URL = reverse("admin:meetings_meeting_add")
REFERENCE = (Path(__file__).parent / "releases" / "reference-2022-02-03.txt").read_text(encoding="utf-8")


def login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


class PressReleasePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        cls.cooperation_division = Department.objects.get(acronym="Bagian Kerja Sama")
        cls.disnaker = Department.objects.get(acronym="Disnaker")
        cls.meetings_before = Meeting.objects.count()

    def paste(self, text: str = REFERENCE, **fields):
        data = {"text": text, "owner_department": self.cooperation_division.pk} | fields
        return self.client.post(URL, data)

    def open_draft(self, text: str = REFERENCE, **fields):
        response = self.paste(text, **fields)
        if response.status_code == 200 and "recorded" in response.context:
            # The register holds a meeting like it: the draft is one link further.
            return self.client.get(response.context["draft_url"])
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        return self.client.get(response["Location"])

    def test_a_release_of_a_meeting_already_recorded_shows_that_meeting_first(self):
        login(self.client, "kerjasama")
        recorded = Meeting.objects.get(starts_at__date="2022-02-03")
        response = self.paste()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Pertemuan ini mungkin sudah tercatat")
        self.assertContains(response, reverse("admin:meetings_meeting_change", args=[recorded.pk]))
        self.assertContains(response, response.context["draft_url"])
        self.assertEqual(Meeting.objects.count(), self.meetings_before)

    def test_the_page_answers_for_the_cooperation_division_and_opd_staff(self):
        for username in ("kerjasama", "staf.disnaker", "admin"):
            with self.subTest(username=username):
                login(self.client, username)
                response = self.client.get(URL)
                self.assertContains(response, "Buat dari siaran pers")
                self.assertContains(response, 'name="text"')

    def test_it_refuses_leadership_who_may_not_add_meetings(self):
        login(self.client, "pimpinan")
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.assertEqual(self.paste().status_code, 403)
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])

    def test_the_changelist_links_to_the_page_only_for_those_who_may_add(self):
        login(self.client, "staf.dlhk")
        self.assertContains(self.client.get(reverse("admin:meetings_meeting_changelist")), URL)
        login(self.client, "pimpinan")
        self.assertNotContains(self.client.get(reverse("admin:meetings_meeting_changelist")), URL)

    def test_the_reference_article_opens_a_prefilled_add_form_and_saves_nothing(self):
        login(self.client, "kerjasama")
        response = self.open_draft()
        self.assertEqual(response.status_code, 200)
        form = response.context["adminform"].form
        self.assertEqual(
            form.initial["title"], "Pemerintah Kota Bandung jajaki kerja sama dengan Pemerintah Jepang"
        )
        self.assertEqual(str(form.initial["starts_at"]), "2022-02-03 09:00:00+07:00")
        self.assertEqual(form.initial["place"], "Balaikota Bandung")
        self.assertEqual(form.initial["owner_department"], self.cooperation_division.pk)
        self.assertEqual(
            sorted(
                Department.objects.filter(pk__in=form.initial["attending_departments"]).values_list(
                    "acronym", flat=True
                )
            ),
            sorted(["Bappelitbang", "Disnaker", "Disbudpar", "DSDABM", "Dishub", "DLHK", "PDAM"]),
        )
        self.assertEqual(len(form.initial["partners"]), 2)
        self.assertEqual(len(form.initial["cooperations"]), 3)
        self.assertContains(response, 'value="Balaikota Bandung"')
        self.assertContains(response, 'name="starts_at_0" value="03-02-2022"')
        self.assertContains(response, SUGGESTED_CLASS)
        self.assertEqual(Meeting.objects.count(), self.meetings_before)

    def test_the_draft_matches_the_recorded_meeting_except_the_title(self):
        login(self.client, "kerjasama")
        form = self.open_draft().context["adminform"].form
        recorded = Meeting.objects.get(title__startswith="Audiensi Duta Besar Jepang")
        self.assertEqual(form.initial["starts_at"].date(), recorded.starts_at.date())
        self.assertEqual(form.initial["place"], recorded.place)
        self.assertEqual(form.initial["kind"], recorded.kind)
        self.assertEqual(form.initial["owner_department"], recorded.owner_department_id)
        self.assertEqual(
            set(form.initial["attending_departments"]),
            set(recorded.attending_departments.values_list("pk", flat=True)),
        )
        self.assertEqual(set(form.initial["partners"]), set(recorded.partners.values_list("pk", flat=True)))
        self.assertEqual(
            set(form.initial["cooperations"]), set(recorded.cooperations.values_list("pk", flat=True))
        )

    def test_the_participants_rows_carry_people_positions_and_roles(self):
        login(self.client, "kerjasama")
        response = self.open_draft()
        formset = next(
            f for f in response.context["inline_admin_formsets"] if f.formset.model is Participant
        ).formset
        rows = [
            (form.initial["person"], form.initial["position_held"], form.initial["role"])
            for form in formset.forms
        ]
        self.assertEqual(
            rows,
            [
                (Person.objects.get(full_name="Yana Mulyana").pk, "Plt. Wali Kota Bandung", "host"),
                (
                    Person.objects.get(full_name="Kenji Kanasugi").pk,
                    "Duta Besar Jepang untuk Indonesia",
                    "guest",
                ),
            ],
        )
        self.assertContains(response, 'value="Plt. Wali Kota Bandung"')
        self.assertContains(response, "Yana Mulyana")
        self.assertFalse(
            Participant.objects.filter(position_held="Plt. Wali Kota Bandung")
            .exclude(meeting__title__startswith="Audiensi")
            .exists()
        )

    def test_the_messages_list_the_suggestions_the_default_time_and_the_unmatched_names(self):
        login(self.client, "kerjasama")
        text = REFERENCE + "\nTurut hadir Kepala Dinas Pendidikan Kota Bandung Hikmat Ginanjar."
        response = self.open_draft(text)
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        self.assertTrue(any("Tidak ada yang disimpan" in message for message in shown), shown)
        self.assertTrue(any("Hamamatsu" in message and "Kanasugi" in message for message in shown), shown)
        self.assertTrue(any("09:00 WIB" in message for message in shown), shown)
        self.assertTrue(
            any(
                "Hikmat Ginanjar" in message and "Dinas Pendidikan Kota Bandung" in message
                for message in shown
            ),
            shown,
        )
        self.assertFalse(Department.objects.filter(name__contains="Pendidikan").exists())

    def test_a_weekday_that_does_not_fit_is_reported(self):
        login(self.client, "kerjasama")
        response = self.open_draft(REFERENCE.replace("Kamis (3/2/2022)", "Jumat (3/2/2022)"))
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        self.assertTrue(any("Jumat" in message and "03/02/2022" in message for message in shown), shown)

    def test_a_text_where_nothing_matches_still_opens_the_form_with_a_warning(self):
        login(self.client, "kerjasama")
        response = self.open_draft("Warga bergotong royong membersihkan selokan menjelang musim hujan.")
        self.assertEqual(response.status_code, 200)
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        self.assertTrue(any("isi formulir secara manual" in message for message in shown), shown)
        self.assertEqual(Meeting.objects.count(), self.meetings_before)

    def test_user_text_is_escaped_in_the_form_and_the_messages(self):
        login(self.client, "kerjasama")
        text = '<script>alert("x")</script> Rapat di Gedung <b>Sate</b>, Kamis (3/2/2022).'
        response = self.open_draft(text)
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "<b>Sate")
        self.assertContains(response, "&lt;script&gt;")

    def test_opd_staff_can_only_choose_their_own_department(self):
        login(self.client, "staf.disnaker")
        response = self.client.get(URL)
        self.assertEqual(list(response.context["form"].fields["owner_department"].queryset), [self.disnaker])
        refused = self.paste(owner_department=self.cooperation_division.pk)
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "hanya dapat membuat rapat untuk OPD Anda sendiri")
        form = self.open_draft(owner_department=self.disnaker.pk).context["adminform"].form
        self.assertEqual(form.initial["owner_department"], self.disnaker.pk)

    def test_an_empty_paste_is_refused_with_a_clear_error(self):
        login(self.client, "kerjasama")
        response = self.paste(text="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tempelkan teks siaran pers.")

    def test_the_plain_add_form_is_not_prefilled_and_saving_the_draft_clears_it(self):
        login(self.client, "kerjasama")
        self.paste()
        plain = self.client.get(ADD_URL)
        self.assertNotIn("attending_departments", plain.context["adminform"].form.initial)
        self.assertNotContains(plain, SUGGESTED_CLASS)
        data = {
            "title": "Audiensi Duta Besar Jepang",
            "starts_at_0": "03/02/2022",
            "starts_at_1": "10:00",
            "place": "Balaikota Bandung",
            "kind": "audience",
            "mode": "in_person",
            "owner_department": self.cooperation_division.pk,
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-0-person": Person.objects.get(full_name="Yana Mulyana").pk,
            "participants-0-role": "host",
            "participants-0-position_held": "Plt. Wali Kota Bandung",
        }
        for prefix in ("follow_ups", "attachments"):
            data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        token = self.client.session[SESSION_KEY]["token"]
        response = self.client.post(f"{ADD_URL}?press_release={token}", data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Meeting.objects.count(), self.meetings_before + 1)
        self.assertEqual(Meeting.objects.get(title="Audiensi Duta Besar Jepang").participants.count(), 1)
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_opd_staff_without_a_department_are_told_what_to_do(self):
        user = get_user_model().objects.get(username="staf.dlhk")
        user.staff_profile.department = None
        user.staff_profile.save()
        login(self.client, "staf.dlhk")
        response = self.paste(owner_department="")
        self.assertContains(
            response, "minta Bagian Kerja Sama mengisi OPD di profil staf Anda", status_code=403
        )
        self.assertNotIn(SESSION_KEY, self.client.session)
