"""A change someone makes to a department's record is told to the other
staff of that department, from the audit trail, whoever the writer."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, TestCase
from django.utils import timezone

from accounts.role_groups import ensure_role_groups
from accounts.roles import Role
from bandung_coop.models import Notification
from bandung_coop.notifications.changes import notify_changes
from bandung_coop.notifications.middleware import ChangeNotificationsMiddleware
from coop_lib.writes import create_record, delete_record, revert_record, update_record
from meetings.models import FollowUp
from tests import factories


def a_minute_ago() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=1)


class ChangeNotificationTests(TestCase):
    def setUp(self):
        ensure_role_groups()
        self.dlhk = factories.make_department(acronym="DLHK")
        self.disnaker = factories.make_department(acronym="Disnaker")
        self.writer = factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.dlhk)
        self.colleague = factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.dlhk)
        self.stranger = factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.disnaker)
        self.admin = factories.make_user(role=Role.COOPERATION_ADMIN)
        self.meeting = factories.make_meeting(
            owner_department=self.dlhk, title="Rapat Kawasaki", place="Balaikota"
        )

    def change_meeting(self, user, **fields):
        for name, value in fields.items():
            setattr(self.meeting, name, value)
        update_record(instance=self.meeting, user=user, expected_version=self.meeting.version)

    def test_a_colleague_is_told_who_changed_which_fields_but_not_the_writer_nor_another_opd(self):
        self.change_meeting(self.writer, place="Pendopo Kota Bandung")
        notify_changes(since=a_minute_ago())
        notification = Notification.objects.get()
        self.assertEqual(notification.user, self.colleague)
        self.assertEqual(notification.title, "Rapat Kawasaki")
        self.assertEqual(notification.message(), f"{self.writer.username} mengubah pertemuan ini: tempat")
        self.assertEqual(notification.actor, self.writer)

    def test_a_change_by_the_cooperation_division_is_told_to_the_whole_department(self):
        self.change_meeting(self.admin, title="Rapat Kawasaki (diundur)")
        notify_changes(since=a_minute_ago())
        self.assertEqual(
            set(Notification.objects.values_list("user__username", flat=True)),
            {self.writer.username, self.colleague.username},
        )

    def test_a_meeting_moved_to_another_department_is_told_to_both(self):
        self.change_meeting(self.admin, owner_department=self.disnaker)
        notify_changes(since=a_minute_ago())
        self.assertEqual(
            set(Notification.objects.values_list("user__username", flat=True)),
            {self.writer.username, self.colleague.username, self.stranger.username},
        )

    def test_reading_the_trail_again_tells_nobody_twice(self):
        self.change_meeting(self.writer, place="Pendopo")
        notify_changes(since=a_minute_ago())
        notify_changes(since=a_minute_ago())
        call_command("notify_changes", stdout=StringIO())
        self.assertEqual(Notification.objects.count(), 1)

    def test_a_follow_up_is_told_to_its_responsible_department_and_the_meeting_s_owner(self):
        follow_up = FollowUp(meeting=self.meeting, owner_department=self.disnaker, description="Kirim data")
        create_record(instance=follow_up, user=self.writer)
        notify_changes(since=a_minute_ago())
        self.assertEqual(
            set(Notification.objects.values_list("user__username", flat=True)),
            {self.colleague.username, self.stranger.username},
        )
        self.assertEqual(
            Notification.objects.get(user=self.stranger).message(),
            f"{self.writer.username} menambahkan tindak lanjut ini",
        )

    def test_an_agreement_is_told_to_its_cooperation_s_lead_department(self):
        document = factories.make_document(cooperation=factories.make_cooperation(lead_department=self.dlhk))
        document.number = "MOU/BARU"
        update_record(instance=document, user=self.admin, expected_version=document.version)
        notify_changes(since=a_minute_ago())
        self.assertEqual(
            set(Notification.objects.values_list("user__username", "title")),
            {(self.writer.username, str(document)), (self.colleague.username, str(document))},
        )

    def test_a_deletion_and_a_revert_are_changes_like_any_other(self):
        self.change_meeting(self.writer, place="Pendopo")
        version = self.meeting.history.order_by("history_id").first()
        self.meeting.refresh_from_db()
        revert_record(version=version, user=self.admin, expected_version=self.meeting.version)
        follow_up = factories.make_follow_up(meeting=self.meeting, owner_department=self.dlhk)
        delete_record(instance=follow_up, user=self.admin)
        notify_changes(since=a_minute_ago())
        messages = sorted(n.message() for n in Notification.objects.filter(user=self.colleague))
        expected = [
            f"{self.admin.username} menghapus tindak lanjut ini",
            f"{self.admin.username} mengubah pertemuan ini: tempat",
            f"{self.writer.username} mengubah pertemuan ini: tempat",
        ]
        self.assertEqual(messages, sorted(expected))

    def test_rows_loaded_without_a_user_are_not_told(self):
        factories.make_meeting(owner_department=self.dlhk)
        notify_changes(since=a_minute_ago())
        self.assertFalse(Notification.objects.exists())

    def test_the_middleware_reads_the_trail_after_a_request_that_wrote(self):
        def view(request):
            self.change_meeting(self.writer, place="Pendopo")
            return HttpResponse()

        request = RequestFactory().post("/admin/meetings/meeting/1/change/")
        request.user = self.writer
        ChangeNotificationsMiddleware(view)(request)
        self.assertEqual(list(Notification.objects.values_list("user", flat=True)), [self.colleague.pk])

    def test_the_middleware_does_nothing_after_a_read(self):
        def view(request):
            self.change_meeting(self.writer, place="Pendopo")
            return HttpResponse()

        request = RequestFactory().get("/")
        request.user = self.writer
        ChangeNotificationsMiddleware(view)(request)
        self.assertFalse(Notification.objects.exists())
