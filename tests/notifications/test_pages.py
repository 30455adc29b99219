"""The bell on every page and in the admin, the list of one's notifications,
opening one and marking them read."""

import datetime
from io import StringIO

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from bandung_coop.models import Notification
from meetings.models import Meeting
from tests import factories


def notify(user, meeting, *, actor=None, read=False, key=None) -> Notification:
    return Notification.objects.create(
        user=user,
        kind="change",
        record_type=ContentType.objects.get_for_model(Meeting),
        record_id=meeting.pk,
        title=meeting.title,
        actor=actor,
        change_type="~",
        changed_fields=["place"],
        key=key or f"change:test:{Notification.objects.count() + 1}",
        read_at=timezone.now() if read else None,
    )


class NotificationPageTests(TestCase):
    def setUp(self):
        self.department = factories.make_department(acronym="DLHK")
        self.user = factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.department)
        self.other = factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.department)
        self.writer = factories.make_user(role=Role.COOPERATION_ADMIN)
        self.meeting = factories.make_meeting(owner_department=self.department, title="Rapat <Kawasaki>")
        self.client.force_login(self.user)

    def test_the_bell_shows_the_unread_count_on_the_pages_and_in_the_admin(self):
        notify(self.user, self.meeting)
        notify(self.user, self.meeting)
        notify(self.user, self.meeting, read=True)
        notify(self.other, self.meeting)
        page = self.client.get(reverse("pages:dashboard")).content.decode()
        self.assertIn('aria-label="Notifikasi: 2 belum dibaca"', page)
        self.assertInHTML('<span class="badge rounded-pill text-bg-danger notification-count">2</span>', page)
        admin = self.client.get(reverse("admin:index")).content.decode()
        self.assertIn('<span class="notification-count" aria-label="2 belum dibaca">2</span>', admin)

    def test_no_unread_notification_shows_no_count(self):
        notify(self.user, self.meeting, read=True)
        page = self.client.get(reverse("pages:dashboard")).content.decode()
        self.assertIn("Notifikasi", page)
        self.assertNotIn("notification-count", page)

    def test_the_list_shows_one_s_own_notifications_newest_first_unread_highlighted_and_escaped(self):
        older = notify(self.user, self.meeting, actor=self.writer, read=True)
        Notification.objects.filter(pk=older.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=1)
        )
        newer = notify(self.user, factories.make_meeting(title="Rapat Hamamatsu"), actor=self.writer)
        notify(self.other, factories.make_meeting(title="Rapat orang lain"))
        page = self.client.get(reverse("notifications:list")).content.decode()
        self.assertLess(page.index("Rapat Hamamatsu"), page.index("Rapat &lt;Kawasaki&gt;"))
        self.assertNotIn("Rapat orang lain", page)
        self.assertIn(f"{self.writer.username} mengubah pertemuan ini: tempat", page)
        self.assertEqual(page.count("notification-unread"), 1)
        self.assertIn(f'href="/notifikasi/{newer.pk}/"', page)

    def test_opening_a_notification_marks_it_read_and_goes_to_its_record(self):
        notification = notify(self.user, self.meeting)
        response = self.client.get(reverse("notifications:open", args=[notification.pk]))
        self.assertRedirects(response, f"/pertemuan/{self.meeting.pk}/")
        notification.refresh_from_db()
        self.assertIsNotNone(notification.read_at)

    def test_a_record_without_a_page_opens_in_the_admin(self):
        follow_up = factories.make_follow_up(meeting=self.meeting)
        notification = notify(self.user, self.meeting)
        Notification.objects.filter(pk=notification.pk).update(
            record_type=ContentType.objects.get_for_model(follow_up), record_id=follow_up.pk
        )
        response = self.client.get(reverse("notifications:open", args=[notification.pk]))
        self.assertRedirects(
            response, f"/admin/meetings/followup/{follow_up.pk}/change/", fetch_redirect_response=False
        )

    def test_a_deleted_record_leads_back_to_the_list_with_a_word(self):
        notification = notify(self.user, self.meeting)
        self.meeting.delete()
        response = self.client.get(reverse("notifications:open", args=[notification.pk]), follow=True)
        self.assertContains(response, "“Rapat &lt;Kawasaki&gt;” sudah dihapus sejak itu.")

    def test_marking_one_read_takes_a_post(self):
        notification = notify(self.user, self.meeting)
        url = reverse("notifications:read", args=[notification.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
        notification.refresh_from_db()
        self.assertIsNone(notification.read_at)
        self.assertRedirects(self.client.post(url), reverse("notifications:list"))
        notification.refresh_from_db()
        self.assertIsNotNone(notification.read_at)

    def test_marking_all_read_takes_a_post_and_touches_only_one_s_own(self):
        notify(self.user, self.meeting)
        notify(self.user, self.meeting)
        theirs = notify(self.other, self.meeting)
        url = reverse("notifications:read_all")
        self.assertEqual(self.client.get(url).status_code, 405)
        self.client.post(url)
        self.assertFalse(Notification.objects.filter(user=self.user, read_at__isnull=True).exists())
        theirs.refresh_from_db()
        self.assertIsNone(theirs.read_at)

    def test_another_user_s_notification_is_a_404_everywhere(self):
        theirs = notify(self.other, self.meeting)
        self.assertEqual(self.client.get(reverse("notifications:open", args=[theirs.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("notifications:read", args=[theirs.pk])).status_code, 404)
        self.assertEqual(self.client.get("/notifikasi/99999999999999999999/").status_code, 404)
        theirs.refresh_from_db()
        self.assertIsNone(theirs.read_at)

    def test_the_marking_needs_the_csrf_token(self):
        notification = notify(self.user, self.meeting)
        self.client.handler.enforce_csrf_checks = True
        self.assertEqual(
            self.client.post(reverse("notifications:read", args=[notification.pk])).status_code, 403
        )
        self.assertEqual(self.client.post(reverse("notifications:read_all")).status_code, 403)

    def test_a_visitor_must_log_in(self):
        self.client.logout()
        response = self.client.get(reverse("notifications:list"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])


class NotificationQueryCountTests(TestCase):
    def setUp(self):
        self.department = factories.make_department()
        self.user = factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.department)
        self.actor = factories.make_user(role=Role.COOPERATION_ADMIN)
        self.client.force_login(self.user)

    def add(self, count: int) -> None:
        for _ in range(count):
            rows = factories.make_linked_rows(department=self.department)
            notify(self.user, rows.meeting, actor=self.actor)

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_list_costs_the_same_queries_at_5_and_40_notifications(self):
        url = reverse("notifications:list")
        self.add(5)
        few = self.count(url)
        self.add(35)
        self.assertEqual(self.count(url), few)
        # The session, the user, the roles; the list's count, its page's keys
        # and rows; the bell's count; the counts of the user's tasks, one for
        # those the department answers for and one for those of its meetings.
        self.assertEqual(few, 9)

    def test_the_bell_adds_one_query_to_a_page_whatever_the_notifications(self):
        url = reverse("profile")
        self.add(3)
        with_bell = self.count(url)
        self.add(20)
        self.assertEqual(self.count(url), with_bell)
        queries = CaptureQueriesContext(connection)
        with queries:
            self.client.get(url)
        bell = [query["sql"] for query in queries if "bandung_coop_notification" in query["sql"]]
        self.assertEqual(len(bell), 1)
        self.assertIn("COUNT(", bell[0])


class ClearOldNotificationsTests(TestCase):
    def test_it_deletes_only_notifications_read_long_ago(self):
        user = factories.make_user(role=Role.DEPARTMENT_STAFF, department=factories.make_department())
        meeting = factories.make_meeting()
        old_read = notify(user, meeting, read=True)
        Notification.objects.filter(pk=old_read.pk).update(
            read_at=timezone.now() - datetime.timedelta(days=31)
        )
        recent_read = notify(user, meeting, read=True)
        old_unread = notify(user, meeting)
        Notification.objects.filter(pk=old_unread.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=90)
        )
        call_command("clear_old_notifications", "--days", "30", stdout=StringIO())
        self.assertEqual(
            set(Notification.objects.values_list("pk", flat=True)), {recent_read.pk, old_unread.pk}
        )
