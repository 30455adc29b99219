"""A background job as its owner follows it: queued, run by a worker, its
progress and result on its page and status address, its file to download;
nobody else sees any of it."""

import re
import unittest
from unittest import mock

from django.db import connection, connections
from django.test import TestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from coop_lib.jobs import enqueue
from coop_lib.models import Job
from partnerships.models import Department
from tests import factories
from tests.admin.helpers import make_superuser
from tests.jobs.helpers import DATABASE_QUEUE, files_of, run_worker
from tests.jobs.sample_jobs import add_department_then_fail, count_to, looking_halfway

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def status(client, job) -> dict:
    response = client.get(reverse("jobs:status", args=[job.pk]))
    assert response.status_code == 200, response.status_code
    return response.json()


class QueuedJobTests(TestCase):
    def setUp(self):
        self.owner = factories.make_user(role="Pimpinan")
        self.client.force_login(self.owner)

    @override_settings(TASKS=DATABASE_QUEUE)
    def test_a_queued_job_waits_for_the_worker_which_runs_it_to_the_end(self):
        job = enqueue(count_to, user=self.owner, title="Hitung sampai 10", params={"to": 10})
        waiting = status(self.client, job)
        self.assertEqual(waiting["status"], "queued")
        self.assertFalse(waiting["finished"])
        self.assertEqual(waiting["message"], "Menunggu giliran dijalankan oleh pekerja latar.")
        self.assertEqual(DBTaskResult.objects.get().status, "READY")

        run_worker()

        done = status(self.client, job)
        self.assertEqual(
            (done["status"], done["done"], done["total"], done["percent"]), ("done", 10, 10, 100)
        )
        self.assertEqual(done["result"], {"counted": 10})
        self.assertEqual(done["download_url"], reverse("jobs:download", args=[job.pk]))
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
        self.assertEqual(DBTaskResult.objects.get().worker_ids, ["worker-uji"])

    @override_settings(TASKS=DATABASE_QUEUE)
    def test_a_job_delivered_twice_runs_once(self):
        job = enqueue(count_to, user=self.owner, title="Hitung", params={"to": 4})
        run_worker()
        finished_at = Job.objects.get(pk=job.pk).finished_at
        count_to.call(str(job.pk))  # the same job, handed to a worker again
        self.assertEqual(Job.objects.get(pk=job.pk).finished_at, finished_at)

    def test_the_page_and_the_status_show_the_progress_while_it_runs(self):
        seen = []
        looking = looking_halfway(lambda running: seen.append(status(self.client, running.job)))
        with looking, mock.patch("coop_lib.jobs.PROGRESS_INTERVAL", 0):  # every report written
            job = enqueue(count_to, user=self.owner, title="Hitung sampai 10", params={"to": 10})
        halfway = seen[0]
        self.assertEqual((halfway["status"], halfway["done"], halfway["total"]), ("running", 5, 10))
        self.assertEqual((halfway["percent"], halfway["message"]), (50, "Menghitung"))
        self.assertFalse(halfway["finished"])
        self.assertEqual(halfway["download_url"], "")
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, "Hitung sampai 10")
        self.assertContains(page, "hitungan.txt")
        self.assertContains(page, "Selesai.")

    def test_progress_reported_for_every_row_is_written_a_few_times_only(self):
        with CaptureQueriesContext(connection) as captured:
            enqueue(count_to, user=self.owner, title="Hitung", params={"to": 5000})
        writes = [query for query in captured if query["sql"].startswith('UPDATE "coop_lib_job"')]
        # Taken, the total, finished (and the queue's id): not one per row.
        self.assertLess(len(writes), 10)

    def test_the_file_downloads_under_its_name(self):
        job = enqueue(count_to, user=self.owner, title="Hitung", params={"to": 3})
        response = self.client.get(reverse("jobs:download", args=[job.pk]))
        self.assertEqual(b"".join(response.streaming_content), b"1\n2\n3\n")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="hitungan.txt"')
        self.assertEqual(response["Content-Type"], "text/plain")

    def test_the_list_shows_only_ones_own_jobs(self):
        enqueue(count_to, user=self.owner, title="Hitungan saya", params={"to": 2})
        enqueue(
            count_to, user=factories.make_user(role="Pimpinan"), title="Hitungan orang lain", params={"to": 2}
        )
        page = self.client.get(reverse("jobs:list"))
        self.assertContains(page, "Hitungan saya")
        self.assertNotContains(page, "Hitungan orang lain")

    def test_run_again_starts_a_new_job_with_the_same_parameters(self):
        job = enqueue(count_to, user=self.owner, title="Hitung", params={"to": 3})
        response = self.client.post(reverse("jobs:rerun", args=[job.pk]))
        again = Job.objects.exclude(pk=job.pk).get()
        self.assertRedirects(response, again.get_absolute_url())
        self.assertEqual((again.params, again.status, again.user), ({"to": 3}, "done", self.owner))

    def test_a_job_that_waits_long_says_the_worker_may_not_be_running(self):
        with override_settings(TASKS=DATABASE_QUEUE):
            job = enqueue(count_to, user=self.owner, title="Hitung", params={"to": 3})
        Job.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2020))
        self.assertIn("pekerja latar mungkin tidak berjalan", status(self.client, job)["message"])


class SomeoneElsesJobTests(TestCase):
    def test_another_user_gets_404_on_every_address_of_the_job(self):
        owner = factories.make_user(role="Pimpinan")
        job = enqueue(count_to, user=owner, title="Hitung", params={"to": 3})
        self.client.force_login(make_superuser())
        for name in ("detail", "status", "download"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("jobs:rerun", args=[job.pk])).status_code, 404)
        self.assertEqual(Job.objects.count(), 1)

    def test_a_job_started_by_the_system_is_nobodys_page(self):
        job = enqueue(count_to, user=None, title="Hitung", params={"to": 3})
        self.client.force_login(make_superuser())
        self.assertEqual(self.client.get(job.get_absolute_url()).status_code, 404)


class FailedJobTests(TestCase):
    def setUp(self):
        self.owner = make_superuser("pemilik")
        self.client.force_login(self.owner)

    def test_a_failed_job_says_why_and_wrote_nothing(self):
        job = enqueue(
            add_department_then_fail,
            user=self.owner,
            title="Tambah dinas",
            params={"acronym": "GAGAL", "reason": "Berkas memuat baris yang tidak dikenal."},
        )
        self.assertFalse(Department.objects.filter(acronym="GAGAL").exists())
        failed = status(self.client, job)
        self.assertEqual((failed["status"], failed["finished"]), ("failed", True))
        self.assertEqual(failed["error"], "Berkas memuat baris yang tidak dikenal.")
        self.assertEqual((failed["download_url"], failed["result"]), ("", {}))
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, "Pekerjaan gagal.")
        self.assertContains(page, "Berkas memuat baris yang tidak dikenal.")
        self.assertContains(page, "Jalankan lagi")
        self.assertEqual(self.client.get(reverse("jobs:download", args=[job.pk])).status_code, 404)
        self.assertEqual(files_of(job), [])

    def test_an_unexpected_error_gives_a_plain_reason_and_keeps_the_detail_in_the_log(self):
        with self.assertLogs("coop_lib.jobs", "ERROR") as log:
            job = enqueue(
                add_department_then_fail, user=self.owner, title="Tambah dinas", params={"acronym": "X"}
            )
        self.assertIn("10.1.2.3", "\n".join(log.output))
        failed = status(self.client, job)
        self.assertTrue(failed["error"].startswith("Pekerjaan berhenti karena kesalahan pada aplikasi;"))
        self.assertNotIn("10.1.2.3", self.client.get(job.get_absolute_url()).text)
        self.assertFalse(Department.objects.filter(acronym="X").exists())

    def test_running_it_again_after_the_cause_is_gone_succeeds(self):
        job = enqueue(count_to, user=self.owner, title="Hitung", params={"to": 2})
        Job.objects.filter(pk=job.pk).update(status="failed", error="Terhenti.")
        self.client.post(reverse("jobs:rerun", args=[job.pk]))
        self.assertEqual(Job.objects.exclude(pk=job.pk).get().status, "done")

    def test_a_job_of_an_account_deactivated_meanwhile_does_not_run(self):
        with override_settings(TASKS=DATABASE_QUEUE):
            job = enqueue(
                add_department_then_fail, user=self.owner, title="Tambah", params={"acronym": "NON"}
            )
        self.owner.is_active = False
        self.owner.save()
        with override_settings(TASKS=DATABASE_QUEUE):
            run_worker()
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertEqual(job.error, "Akun Anda tidak aktif lagi, jadi pekerjaan ini tidak dijalankan.")


class ProgressPageTests(TestCase):
    def setUp(self):
        self.owner = factories.make_user(role="Pimpinan")
        self.client.force_login(self.owner)
        with override_settings(TASKS=DATABASE_QUEUE):
            self.job = enqueue(count_to, user=self.owner, title="Hitung", params={"to": 3})

    def test_the_progress_page_runs_no_inline_script_and_polls_from_a_static_file(self):
        response = self.client.get(self.job.get_absolute_url())
        html = response.text
        self.assertIn('src="/static/js/job-progress.js"', html)
        self.assertIn(f'data-job-status-url="/pekerjaan/{self.job.pk}/status/"', html)
        self.assertIn("<progress", html)
        self.assertIsNone(INLINE_SCRIPT.search(html))
        self.assertIsNone(INLINE_HANDLER.search(html))
        self.assertIsNone(STYLE_ATTRIBUTE.search(html))
        policy = response.headers["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)

    def test_the_status_address_costs_the_same_queries_whatever_the_job_and_however_many_jobs(self):
        def queries(job) -> int:
            with CaptureQueriesContext(connection) as captured:
                status(self.client, job)
            return len(captured)

        waiting = queries(self.job)
        for n in range(20):
            enqueue(count_to, user=self.owner, title=f"Hitung {n}", params={"to": 50})
        done = Job.objects.filter(status="done").first()
        self.assertEqual(queries(done), waiting)
        self.assertLessEqual(waiting, 3)  # the session, the user, the job

    def test_the_status_is_never_cached(self):
        response = self.client.get(reverse("jobs:status", args=[self.job.pk]))
        self.assertIn("no-cache", response["Cache-Control"])


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL: SQLite has one writer at a time")
@override_settings(TASKS=DATABASE_QUEUE)
class ProgressInsideATransactionTests(TransactionTestCase):
    databases = {"default", "job_progress"}

    def test_a_job_writing_in_one_transaction_shows_its_progress_before_it_commits(self):
        owner = make_superuser("pemilik")
        seen = []

        def look(running):
            progress = Job.objects.using("job_progress").values_list("done", "total", "message")
            seen.append(progress.get(pk=running.job.pk))

        job = enqueue(
            add_department_then_fail,
            user=owner,
            title="Tambah",
            params={"acronym": "PROG", "progress_to": 10},
        )
        try:
            with looking_halfway(look):
                run_worker()
        finally:
            connections["job_progress"].close()
        self.assertEqual(seen, [(5, 10, "Setengah")])
        self.assertEqual(Job.objects.get(pk=job.pk).status, "done")
        self.assertTrue(Department.objects.filter(acronym="PROG").exists())
