"""Two people open the same meeting; the second save is refused with a
message naming what the first one changed, and the first save survives."""

from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting
from tests.access.fixtures import AccessFixture, meeting_post_data


class StaleSaveTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.meeting = self.fixture.own_meeting
        self.url = reverse("admin:meetings_meeting_change", args=[self.meeting.pk])

    def test_the_second_save_is_refused_and_names_the_changed_fields(self):
        opened_by_both = Meeting.objects.get(pk=self.meeting.pk)

        self.client.force_login(self.fixture.staff)
        first = self.client.post(self.url, meeting_post_data(opened_by_both, place="Pendopo Kota Bandung"))
        self.assertEqual(first.status_code, 302)

        self.client.force_login(self.fixture.cooperation_admin)
        second = self.client.post(self.url, meeting_post_data(opened_by_both, title="Judul baru"))
        self.assertEqual(second.status_code, 200)
        errors = " ".join(second.context["adminform"].form.non_field_errors())
        self.assertIn("staf", errors)
        self.assertIn("tempat", errors)

        saved = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual(saved.place, "Pendopo Kota Bandung")
        self.assertEqual(saved.title, self.meeting.title)

    def test_saving_the_current_version_succeeds_and_advances_it(self):
        self.client.force_login(self.fixture.staff)
        current = Meeting.objects.get(pk=self.meeting.pk)
        response = self.client.post(self.url, meeting_post_data(current, title="Rapat DLHK (revisi)"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).version, current.version + 1)
