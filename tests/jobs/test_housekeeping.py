"""Old jobs go with their files; a job whose worker died says so; the health
check can ask whether the queue answers and how long the oldest job waits."""

import datetime
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import DatabaseError
from django.test import TestCase, override_settings
from django.utils import timezone

from coop_lib.jobs import enqueue, oldest_waiting_job_age, queue_is_reachable
from coop_lib.models import Job
from tests import factories
from tests.jobs.helpers import DATABASE_QUEUE, files_of
from tests.jobs.sample_jobs import count_to


class ClearOldJobsTests(TestCase):
    def setUp(self):
        self.user = factories.make_user(role="Pimpinan")

    def test_jobs_older_than_the_kept_days_are_deleted_with_their_files(self):
        old = enqueue(count_to, user=self.user, title="Lama", params={"to": 2})
        recent = enqueue(count_to, user=self.user, title="Baru", params={"to": 2})
        Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
        self.assertEqual(files_of(old), ["hitungan.txt"])
        out = StringIO()
        with override_settings(JOB_KEEP_DAYS=7):
            call_command("clear_old_jobs", stdout=out)
        self.assertIn("1 pekerjaan lama dihapus.", out.getvalue())
        self.assertEqual(list(Job.objects.values_list("title", flat=True)), ["Baru"])
        self.assertEqual(files_of(old), [])
        self.assertEqual(files_of(recent), ["hitungan.txt"])

    def test_files_left_without_a_job_are_deleted(self):
        job = enqueue(count_to, user=self.user, title="Hilang", params={"to": 2})
        Job.objects.filter(pk=job.pk).delete()
        call_command("clear_old_jobs", stdout=StringIO())
        self.assertEqual(files_of(job), [])

    def test_a_running_job_silent_for_an_hour_is_marked_failed_with_the_reason(self):
        with override_settings(TASKS=DATABASE_QUEUE):
            stalled = enqueue(count_to, user=self.user, title="Macet", params={"to": 2})
            alive = enqueue(count_to, user=self.user, title="Jalan", params={"to": 2})
        now = timezone.now()
        Job.objects.filter(pk=stalled.pk).update(
            status="running", updated_at=now - datetime.timedelta(hours=2)
        )
        Job.objects.filter(pk=alive.pk).update(
            status="running", updated_at=now - datetime.timedelta(minutes=5)
        )
        out = StringIO()
        call_command("clear_old_jobs", stdout=out)
        self.assertIn("1 pekerjaan yang terhenti ditandai gagal.", out.getvalue())
        stalled.refresh_from_db()
        self.assertEqual(stalled.status, "failed")
        self.assertTrue(
            stalled.error.startswith("Pekerjaan berhenti karena proses yang menjalankannya berakhir")
        )
        self.assertEqual(Job.objects.get(pk=alive.pk).status, "running")


class QueueHealthTests(TestCase):
    @override_settings(TASKS=DATABASE_QUEUE)
    def test_the_queue_answers_and_tells_how_long_the_oldest_job_waits(self):
        self.assertTrue(queue_is_reachable())
        self.assertIsNone(oldest_waiting_job_age())
        job = enqueue(count_to, user=None, title="Menunggu", params={"to": 1})
        later = job.created_at + datetime.timedelta(minutes=7)
        self.assertEqual(oldest_waiting_job_age(later), datetime.timedelta(minutes=7))

    def test_a_queue_that_cannot_be_read_is_reported_unreachable(self):
        with (
            mock.patch.object(Job.objects, "order_by", side_effect=DatabaseError("no such table")),
            self.assertLogs("coop_lib.jobs", "ERROR"),
        ):
            self.assertFalse(queue_is_reachable())
