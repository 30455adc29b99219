"""History follows the change rules: a past version is shown read-only to
those who may see the record; reverting to it is a change (the right to
change the record now, its current version, the audit trail), partners
included; a deleted record comes back only for the cooperation division."""

from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting
from tests import factories
from tests.access.fixtures import SECRET_MINUTES, AccessFixture, meeting_post_data


class RevertTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.meeting = self.fixture.own_meeting
        self.kawasaki, self.toyota = factories.make_partner(name="Kota Kawasaki"), factories.make_partner()
        self.meeting.partners.set([self.kawasaki])
        first = self.meeting.history.order_by("-history_date", "-history_id").first()
        self.client.force_login(self.fixture.staff)
        url = reverse("admin:meetings_meeting_change", args=[self.meeting.pk])
        changed = meeting_post_data(self.meeting, title="Judul keliru", partners=[self.toyota.pk])
        self.assertEqual(self.client.post(url, changed).status_code, 302)
        self.revert_url = reverse(
            "admin:meetings_meeting_simple_history", args=[self.meeting.pk, first.history_id]
        )

    def current(self) -> Meeting:
        return Meeting.objects.get(pk=self.meeting.pk)

    def test_the_past_version_is_shown_read_only_with_a_revert_button(self):
        response = self.client.get(self.revert_url)
        self.assertContains(response, self.fixture.own_meeting.title)
        self.assertNotContains(response, 'name="title"')
        self.assertContains(response, 'name="current_version"')

    def test_reverting_restores_the_fields_and_the_partners(self):
        response = self.client.post(self.revert_url, {"current_version": self.current().version})
        self.assertEqual(response.status_code, 302)
        meeting = self.current()
        self.assertEqual(meeting.title, "Rapat DLHK")
        self.assertEqual(list(meeting.partners.all()), [self.kawasaki])
        self.assertEqual(meeting.history.first().history_user, self.fixture.staff)

    def test_a_revert_based_on_an_older_version_is_refused(self):
        opened_at = self.current().version
        self.client.force_login(self.fixture.cooperation_admin)
        url = reverse("admin:meetings_meeting_change", args=[self.meeting.pk])
        self.client.post(url, meeting_post_data(self.current(), place="Pendopo"))
        self.client.force_login(self.fixture.staff)
        response = self.client.post(self.revert_url, {"current_version": opened_at}, follow=True)
        self.assertContains(response, "setelah Anda membukanya")
        self.assertEqual(self.current().title, "Judul keliru")

    def test_those_who_may_not_change_the_record_cannot_revert_it(self):
        for user in (
            self.fixture.leader,
            factories.make_user(role="Staf OPD", department=self.fixture.other_department),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertNotContains(self.client.get(self.revert_url), 'value="Kembalikan"')
                self.client.post(self.revert_url, {"current_version": self.current().version})
                self.assertEqual(self.current().title, "Judul keliru")

    def test_bad_ids_in_the_history_address_are_not_found(self):
        for object_id, version_id in (
            ("abc", "1"),
            (self.meeting.pk, "abc"),
            ("99999999999999999999", "1"),
            (self.meeting.pk, "0"),
        ):
            with self.subTest(object_id=object_id, version_id=version_id):
                url = f"/admin/meetings/meeting/{object_id}/history/{version_id}/"
                self.assertEqual(self.client.get(url).status_code, 404)


class RestoreTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.meeting = self.fixture.own_meeting
        self.partner = factories.make_partner(name="Kedutaan Besar Jepang")
        self.client.force_login(self.fixture.cooperation_admin)
        url = reverse("admin:meetings_meeting_change", args=[self.meeting.pk])
        linked = meeting_post_data(self.meeting, partners=[self.partner.pk])
        self.assertEqual(self.client.post(url, linked).status_code, 302)
        delete_url = reverse("admin:meetings_meeting_delete", args=[self.meeting.pk])
        self.assertEqual(self.client.post(delete_url, {"post": "yes"}).status_code, 302)
        last = Meeting.history.filter(id=self.meeting.pk).order_by("-history_date", "-history_id")[1]
        self.url = reverse("admin:meetings_meeting_simple_history", args=[self.meeting.pk, last.history_id])

    def test_the_cooperation_division_restores_a_deleted_meeting(self):
        self.assertContains(self.client.get(self.url), 'value="Kembalikan"')
        self.assertEqual(self.client.post(self.url).status_code, 302)
        restored = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual(restored.title, "Rapat DLHK")
        self.assertEqual(list(restored.partners.all()), [self.partner])
        self.assertGreater(restored.version, self.meeting.version)
        self.assertEqual(restored.history.first().history_user, self.fixture.cooperation_admin)

    def test_staff_of_the_owner_department_cannot_restore_it(self):
        self.client.force_login(self.fixture.staff)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.post(self.url)
        self.assertFalse(Meeting.objects.filter(pk=self.meeting.pk).exists())

    def test_the_deleted_meetings_are_listed_for_the_cooperation_division_only(self):
        changelist = self.client.get(reverse("admin:meetings_meeting_changelist"))
        deleted_url = reverse("admin:meetings_meeting_deleted")
        self.assertContains(changelist, deleted_url)
        listed = self.client.get(deleted_url)
        self.assertContains(listed, "Rapat DLHK")
        self.assertContains(listed, f"/admin/meetings/meeting/{self.meeting.pk}/history/")
        self.client.force_login(self.fixture.staff)
        self.assertNotContains(self.client.get(reverse("admin:meetings_meeting_changelist")), deleted_url)
        self.assertEqual(self.client.get(deleted_url).status_code, 403)

    def test_restoring_from_the_deleted_list_brings_the_meeting_back(self):
        listed = self.client.get(reverse("admin:meetings_meeting_deleted"))
        deletion = listed.context["page"].object_list[0]
        url = reverse("admin:meetings_meeting_simple_history", args=[deletion.id, deletion.history_id])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).title, "Rapat DLHK")
        self.assertEqual(list(self.client.get(reverse("admin:meetings_meeting_deleted")).context["page"]), [])


class ConfidentialPastTests(TestCase):
    def test_minutes_confidential_in_the_past_stay_hidden_in_the_history_list(self):
        fixture = AccessFixture()
        meeting = fixture.confidential_meeting
        fixture.client = self.client
        self.client.force_login(fixture.cooperation_admin)
        url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        opened = meeting_post_data(meeting, minutes="Notulen terbuka")
        del opened["minutes_confidential"]
        self.assertEqual(self.client.post(url, opened).status_code, 302)
        self.client.force_login(fixture.staff)
        history = self.client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
        self.assertEqual(history.status_code, 200)
        self.assertNotContains(history, SECRET_MINUTES)
        self.assertContains(history, "(rahasia)")
        self.client.force_login(fixture.leader)
        self.assertContains(
            self.client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk])), SECRET_MINUTES
        )
