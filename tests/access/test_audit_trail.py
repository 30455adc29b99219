"""Every change is recorded with who and when, bulk actions included, and a
record can be restored from its history."""

from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting
from tests.access.fixtures import AccessFixture, meeting_post_data


class AuditTrailTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.client.force_login(self.fixture.cooperation_admin)

    def test_an_admin_change_is_recorded_with_the_user_and_old_and_new_values(self):
        meeting = self.fixture.own_meeting
        url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        self.client.post(url, meeting_post_data(meeting, place="Pendopo Kota Bandung"))
        latest, previous = meeting.history.order_by("-history_date")[:2]
        self.assertEqual(latest.history_user, self.fixture.cooperation_admin)
        changes = {change.field: (change.old, change.new) for change in latest.diff_against(previous).changes}
        self.assertEqual(changes["place"], (meeting.place, "Pendopo Kota Bandung"))

    def test_a_bulk_delete_is_recorded_for_every_row_with_the_user(self):
        pks = [self.fixture.own_meeting.pk, self.fixture.other_meeting.pk]
        self.client.post(
            reverse("admin:meetings_meeting_changelist"),
            {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        )
        self.assertFalse(Meeting.objects.filter(pk__in=pks).exists())
        deletions = Meeting.history.filter(id__in=pks, history_type="-")
        self.assertEqual(deletions.count(), 2)
        self.assertEqual({record.history_user for record in deletions}, {self.fixture.cooperation_admin})

    def test_the_history_page_lists_the_changes(self):
        meeting = self.fixture.own_meeting
        self.client.post(
            reverse("admin:meetings_meeting_change", args=[meeting.pk]),
            meeting_post_data(meeting, place="Pendopo Kota Bandung"),
        )
        response = self.client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
        self.assertContains(response, "kerjasama")
        self.assertContains(response, "Pendopo Kota Bandung")

    def test_a_record_is_restored_from_its_history(self):
        meeting = self.fixture.own_meeting
        original_title = meeting.title
        self.client.post(
            reverse("admin:meetings_meeting_change", args=[meeting.pk]),
            meeting_post_data(meeting, title="Judul keliru"),
        )
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).title, "Judul keliru")
        first_version = meeting.history.order_by("history_date").first()
        url = reverse("admin:meetings_meeting_simple_history", args=[meeting.pk, first_version.history_id])
        current = Meeting.objects.get(pk=meeting.pk)
        # The revert page sends only the version the record has now: the
        # values are the past version's, not the form's.
        response = self.client.post(url, {"current_version": current.version})
        self.assertEqual(response.status_code, 302)
        restored = Meeting.objects.get(pk=meeting.pk)
        self.assertEqual(restored.title, original_title)
        self.assertEqual(restored.version, current.version + 1)
        self.assertEqual(restored.history.first().history_user, self.fixture.cooperation_admin)
