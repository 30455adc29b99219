"""OPD staff record for their own department, and update the follow-ups
assigned to them on other departments' meetings."""

import datetime

from django.test import TestCase
from django.urls import reverse

from meetings.models import FollowUp, FollowUpStatus, Meeting
from tests import factories
from tests.access.fixtures import AccessFixture, meeting_post_data


class DepartmentScopingTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.client.force_login(self.fixture.staff)

    def test_a_new_meeting_belongs_to_the_staff_members_department_whatever_is_posted(self):
        template = Meeting(
            title="Audiensi Konsul Jenderal",
            starts_at=self.fixture.own_meeting.starts_at,
            owner_department=self.fixture.other_department,
        )
        response = self.client.post(reverse("admin:meetings_meeting_add"), meeting_post_data(template))
        self.assertEqual(response.status_code, 302)
        meeting = Meeting.objects.get(title="Audiensi Konsul Jenderal")
        self.assertEqual(meeting.owner_department, self.fixture.own_department)

    def test_the_owner_department_is_shown_read_only_to_staff(self):
        response = self.client.get(reverse("admin:meetings_meeting_add"))
        self.assertNotContains(response, '<select name="owner_department"')

    def test_staff_update_progress_of_a_follow_up_assigned_to_them_on_another_meeting(self):
        follow_up = factories.make_follow_up(
            meeting=self.fixture.other_meeting, owner_department=self.fixture.own_department
        )
        url = reverse("admin:meetings_followup_change", args=[follow_up.pk])
        response = self.client.post(
            url,
            {
                "status": FollowUpStatus.DONE,
                "done_on": "20/05/2024",
                "note": "Data terkirim",
                "description": "Diubah oleh staf lain",
                "opened_version": follow_up.version,
            },
        )
        self.assertEqual(response.status_code, 302)
        follow_up.refresh_from_db()
        self.assertEqual(follow_up.status, FollowUpStatus.DONE)
        self.assertEqual(follow_up.done_on, datetime.date(2024, 5, 20))
        self.assertNotEqual(follow_up.description, "Diubah oleh staf lain")

    def test_staff_cannot_delete_a_follow_up_of_another_departments_meeting(self):
        follow_up = factories.make_follow_up(
            meeting=self.fixture.other_meeting, owner_department=self.fixture.own_department
        )
        response = self.client.post(
            reverse("admin:meetings_followup_delete", args=[follow_up.pk]), {"post": "yes"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertTrue(FollowUp.objects.filter(pk=follow_up.pk).exists())

    def test_staff_cannot_attach_a_follow_up_to_another_departments_meeting(self):
        response = self.client.post(
            reverse("admin:meetings_followup_add"),
            {
                "meeting": self.fixture.other_meeting.pk,
                "description": "Tindak lanjut titipan",
                "owner_department": self.fixture.own_department.pk,
                "status": "open",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("meeting", response.context["adminform"].form.errors)
        self.assertFalse(FollowUp.objects.filter(description="Tindak lanjut titipan").exists())

    def test_staff_without_a_department_cannot_add_meetings(self):
        self.fixture.staff.staff_profile.department = None
        self.fixture.staff.staff_profile.save()
        self.assertEqual(self.client.get(reverse("admin:meetings_meeting_add")).status_code, 403)
