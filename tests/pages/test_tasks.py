"""Tugas saya: a department's follow-ups, overdue first, updated in the list."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import FollowUp, FollowUpStatus
from tests import factories
from tests.access.fixtures import AccessFixture

TASKS = "/tugas/"


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class TaskListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fx = AccessFixture()
        cls.late = factories.make_follow_up(
            meeting=cls.fx.own_meeting, description="Kirim notulen ke Kawasaki", due_on=days_from_today(-3)
        )
        cls.soon = factories.make_follow_up(
            meeting=cls.fx.own_meeting, description="Siapkan MoU", due_on=days_from_today(5)
        )
        # Another department's meeting, with a follow-up this department answers for.
        cls.answered_for = factories.make_follow_up(
            meeting=cls.fx.other_meeting,
            owner_department=cls.fx.own_department,
            description="Data sampah untuk Dishub",
            due_on=days_from_today(10),
        )
        # This department's meeting, with a follow-up another department answers for.
        cls.delegated = factories.make_follow_up(
            meeting=cls.fx.own_meeting,
            owner_department=cls.fx.other_department,
            description="Jadwal bus untuk tamu",
            due_on=days_from_today(20),
        )
        cls.foreign = factories.make_follow_up(
            meeting=cls.fx.other_meeting, description="Urusan Dishub sendiri", due_on=days_from_today(-1)
        )
        cls.done = factories.make_follow_up(
            meeting=cls.fx.own_meeting,
            description="Sudah dikirim",
            status=FollowUpStatus.DONE,
            done_on=days_from_today(-2),
        )

    def setUp(self):
        self.client.force_login(self.fx.staff)

    def test_it_lists_the_departments_follow_ups_overdue_first(self):
        response = self.client.get(TASKS)
        self.assertEqual(response.status_code, 200)
        text = response.text
        positions = [
            text.index(title)
            for title in (
                "Kirim notulen ke Kawasaki",
                "Siapkan MoU",
                "Data sampah untuk Dishub",
                "Jadwal bus untuk tamu",
            )
        ]
        self.assertEqual(positions, sorted(positions))
        self.assertNotIn("Urusan Dishub sendiri", text)
        self.assertNotIn("Sudah dikirim", text)

    def test_the_overdue_one_is_marked(self):
        response = self.client.get(TASKS)
        article = response.text.split(f'id="task{self.late.pk}"')[1].split("</h2>")[0]
        self.assertIn("terlambat", article)
        other = response.text.split(f'id="task{self.soon.pk}"')[1].split("</h2>")[0]
        self.assertNotIn("terlambat", other)

    def test_finished_follow_ups_have_their_own_view(self):
        response = self.client.get(TASKS + "?tampil=selesai")
        self.assertIn("Sudah dikirim", response.text)
        self.assertNotIn("Siapkan MoU", response.text)

    def test_the_navigation_bar_counts_more_than_99_as_99_plus(self):
        self.client.force_login(self.fx.cooperation_admin)
        meeting = factories.make_meeting(owner_department=self.fx.own_department)
        for _ in range(100):
            factories.make_follow_up(meeting=meeting, due_on=days_from_today(-1))
        nav = self.client.get(reverse("pages:meeting_list")).text.split('href="/tugas/"')[1].split("</a>")[0]
        self.assertIn(">99+<", nav)
        self.assertIn("99+ terlambat", nav)

    def test_the_navigation_bar_counts_tasks_and_overdue_ones(self):
        response = self.client.get(reverse("pages:meeting_list"))
        nav = response.text.split('aria-label="Navigasi utama"')[1].split("</nav>")[0]
        link = nav.split('href="/tugas/"')[1].split("</a>")[0]
        self.assertIn("Tugas saya", link)
        self.assertIn(">4<", link)
        self.assertIn("1 terlambat", link)

    def test_marking_done_saves_through_the_write_door_with_todays_date(self):
        response = self.client.post(
            f"{TASKS}{self.soon.pk}/",
            {
                "status": "done",
                "done_on": "",
                "note": "Dikirim lewat surel",
                "opened_version": self.soon.version,
            },
        )
        self.assertRedirects(response, TASKS, fetch_redirect_response=False)
        self.assertIn("ditandai selesai", self.client.get(TASKS).text)
        self.soon.refresh_from_db()
        self.assertEqual(self.soon.status, FollowUpStatus.DONE)
        self.assertEqual(self.soon.done_on, timezone.localdate())
        self.assertEqual(self.soon.note, "Dikirim lewat surel")
        self.assertEqual(self.soon.version, 2)
        self.assertEqual(self.soon.history.latest().history_user, self.fx.staff)

    def test_the_responsible_department_updates_progress_on_another_departments_meeting(self):
        response = self.client.post(
            f"{TASKS}{self.answered_for.pk}/",
            {"status": "in_progress", "done_on": "", "note": "Sedang dihimpun", "opened_version": 1},
        )
        self.assertEqual(response.status_code, 302)
        self.answered_for.refresh_from_db()
        self.assertEqual(self.answered_for.status, FollowUpStatus.IN_PROGRESS)

    def test_another_departments_follow_up_is_not_found(self):
        response = self.client.post(
            f"{TASKS}{self.foreign.pk}/", {"status": "done", "done_on": "2026-01-01", "opened_version": 1}
        )
        self.assertEqual(response.status_code, 404)
        self.foreign.refresh_from_db()
        self.assertEqual(self.foreign.status, FollowUpStatus.OPEN)

    def test_a_missing_follow_up_is_not_found(self):
        self.assertEqual(self.client.post(f"{TASKS}999999/", {"status": "done"}).status_code, 404)

    def test_reading_the_update_address_is_refused(self):
        self.assertEqual(self.client.get(f"{TASKS}{self.soon.pk}/").status_code, 405)

    def test_bad_input_is_shown_in_place_and_changes_nothing(self):
        response = self.client.post(
            f"{TASKS}{self.soon.pk}/",
            {
                "status": "lost",
                "done_on": "31/31/2026",
                "note": "Catatan yang tidak boleh hilang",
                "opened_version": 1,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Catatan yang tidak boleh hilang", status_code=400)
        self.assertContains(response, "invalid-feedback", status_code=400)
        self.soon.refresh_from_db()
        self.assertEqual(self.soon.status, FollowUpStatus.OPEN)
        self.assertEqual(self.soon.version, 1)

    def test_a_change_made_meanwhile_is_not_overwritten_and_the_typed_text_is_kept(self):
        other_staff = factories.make_user(role="Staf OPD", department=self.fx.own_department)
        self.client.force_login(other_staff)
        self.client.post(
            f"{TASKS}{self.soon.pk}/",
            {"status": "in_progress", "done_on": "", "note": "Versi kedua", "opened_version": 1},
        )
        self.client.force_login(self.fx.staff)
        response = self.client.post(
            f"{TASKS}{self.soon.pk}/",
            {"status": "done", "done_on": "", "note": "Versi saya", "opened_version": 1},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Versi saya", status_code=400)
        self.soon.refresh_from_db()
        self.assertEqual(self.soon.note, "Versi kedua")
        # Saved again from the form shown, it replaces the other change on purpose.
        version = (
            response.text.split(f'id="id_task{self.soon.pk}_opened_version"')[0]
            .rsplit('value="', 1)[1]
            .split('"')[0]
        )
        self.assertEqual(version, "2")

    def test_leadership_has_no_tasks_and_is_told_so(self):
        self.client.force_login(self.fx.leader)
        response = self.client.get(TASKS)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Kirim notulen ke Kawasaki", response.text)

    def test_the_cooperation_division_sees_the_whole_citys_tasks(self):
        self.client.force_login(self.fx.cooperation_admin)
        response = self.client.get(TASKS)
        self.assertIn("Urusan Dishub sendiri", response.text)
        self.assertIn("Kirim notulen ke Kawasaki", response.text)

    def test_the_page_costs_the_same_queries_with_more_tasks(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(TASKS).status_code, 200)
            return len(captured)

        few = queries()
        for _ in range(6):
            meeting = factories.make_meeting(owner_department=self.fx.own_department)
            factories.make_follow_up(meeting=meeting, due_on=days_from_today(-4))
        self.assertEqual(queries(), few)
        self.assertEqual(FollowUp.objects.editable_by(self.fx.staff).pending().count(), 10)
