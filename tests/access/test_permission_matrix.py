"""Each role against its own department's record, another department's
record and a record with confidential minutes, for every way in: list, view,
change, delete, history, autocomplete and bulk action, over HTTP."""

from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting
from tests.access.fixtures import SECRET_MINUTES, AccessFixture, meeting_post_data

ROLES = ("cooperation_admin", "staff", "leader")
RECORDS = ("own", "other", "confidential")

# role -> record -> expected answer, per action.
MAY_CHANGE = {
    "cooperation_admin": {"own": True, "other": True, "confidential": True},
    "staff": {"own": True, "other": False, "confidential": False},
    "leader": {"own": False, "other": False, "confidential": False},
}
READS_MINUTES = {
    "cooperation_admin": {"own": True, "other": True, "confidential": True},
    "staff": {"own": True, "other": True, "confidential": False},
    "leader": {"own": True, "other": True, "confidential": True},
}
HISTORY_STATUS = {
    "cooperation_admin": {"own": 200, "other": 200, "confidential": 200},
    "staff": {"own": 200, "other": 200, "confidential": 404},
    "leader": {"own": 200, "other": 200, "confidential": 200},
}
# Offered by the autocomplete of a follow-up's meeting: only where one may add it.
OFFERED_FOR_FOLLOW_UP = {
    "cooperation_admin": {"own": True, "other": True, "confidential": True},
    "staff": {"own": True, "other": False, "confidential": False},
    "leader": {"own": False, "other": False, "confidential": False},
}


class PermissionMatrixTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.meetings = {
            "own": self.fixture.own_meeting,
            "other": self.fixture.other_meeting,
            "confidential": self.fixture.confidential_meeting,
        }

    def each_case(self):
        """(role, record, meeting) for every cell, logged in as that role."""
        for role in ROLES:
            for record in RECORDS:
                self.client.force_login(getattr(self.fixture, role))
                yield role, record, Meeting.objects.get(pk=self.meetings[record].pk)

    def test_every_role_lists_every_meeting(self):
        for role, record, meeting in self.each_case():
            with self.subTest(role=role, record=record):
                response = self.client.get(reverse("admin:meetings_meeting_changelist"))
                self.assertContains(response, meeting.title)
                self.assertNotContains(response, SECRET_MINUTES)

    def test_view_opens_editable_or_read_only_and_hides_confidential_minutes(self):
        for role, record, meeting in self.each_case():
            with self.subTest(role=role, record=record):
                response = self.client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
                self.assertEqual(response.status_code, 200)
                self.assertEqual('name="_save"' in response.text, MAY_CHANGE[role][record])
                if meeting.minutes_confidential:
                    self.assertEqual(SECRET_MINUTES in response.text, READS_MINUTES[role][record])

    def test_change_is_saved_only_where_allowed(self):
        for role, record, meeting in self.each_case():
            with self.subTest(role=role, record=record):
                url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
                new_title = f"{meeting.title} ({role})"
                response = self.client.post(url, meeting_post_data(meeting, title=new_title))
                saved = Meeting.objects.get(pk=meeting.pk).title == new_title
                self.assertEqual(saved, MAY_CHANGE[role][record])
                self.assertEqual(response.status_code, 302 if MAY_CHANGE[role][record] else 403)

    def test_delete_happens_only_where_allowed(self):
        for role, record, meeting in self.each_case():
            with self.subTest(role=role, record=record):
                url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
                response = self.client.post(url, {"post": "yes"})
                deleted = not Meeting.objects.filter(pk=meeting.pk).exists()
                self.assertEqual(deleted, MAY_CHANGE[role][record])
                self.assertEqual(response.status_code, 302 if MAY_CHANGE[role][record] else 403)
                if deleted:
                    _restore(meeting)

    def test_history_is_hidden_where_minutes_are_confidential(self):
        for role, record, meeting in self.each_case():
            with self.subTest(role=role, record=record):
                response = self.client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
                self.assertEqual(response.status_code, HISTORY_STATUS[role][record])

    def test_follow_up_autocomplete_offers_only_meetings_one_may_change(self):
        for role, record, meeting in self.each_case():
            with self.subTest(role=role, record=record):
                response = self.client.get(
                    reverse("admin:autocomplete"),
                    {
                        "app_label": "meetings",
                        "model_name": "followup",
                        "field_name": "meeting",
                        "term": "Rapat",
                    },
                )
                self.assertEqual(response.status_code, 200)
                offered = {int(result["id"]) for result in response.json()["results"]}
                self.assertEqual(meeting.pk in offered, OFFERED_FOR_FOLLOW_UP[role][record])

    def test_bulk_delete_refuses_rows_of_other_departments(self):
        for role, record, meeting in self.each_case():
            with self.subTest(role=role, record=record):
                response = self.client.post(
                    reverse("admin:meetings_meeting_changelist"),
                    {"action": "delete_selected", "_selected_action": [meeting.pk]},
                )
                # Allowed: the confirmation page. Refused: no confirmation, nothing deleted.
                asks_to_confirm = 'name="post" value="yes"' in response.text
                self.assertEqual(asks_to_confirm, MAY_CHANGE[role][record])
                self.assertTrue(Meeting.objects.filter(pk=meeting.pk).exists())

    def test_a_record_the_user_may_not_see_answers_404(self):
        attachment = self.fixture.confidential_attachment
        url = reverse("admin:meetings_attachment_change", args=[attachment.pk])
        self.client.force_login(self.fixture.staff)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("admin:meetings_meeting_change", args=[999999])).status_code, 404
        )
        self.client.force_login(self.fixture.leader)
        self.assertEqual(self.client.get(url).status_code, 200)


def _restore(meeting: Meeting) -> Meeting:
    """Put a deleted meeting back so the next role meets the same records."""
    meeting.save(force_insert=True)
    return meeting
