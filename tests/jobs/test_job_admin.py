"""The admin lists every user's jobs for superusers, the failed ones with
the reason their user was shown; nobody changes a job there."""

from django.test import TestCase
from django.urls import reverse

from coop_lib.jobs import enqueue
from coop_lib.models import Job
from tests import factories
from tests.admin.helpers import make_superuser
from tests.jobs.helpers import files_of
from tests.jobs.sample_jobs import add_department_then_fail, count_to


class JobAdminTests(TestCase):
    def setUp(self):
        self.owner = make_superuser("pemilik")
        self.failed = enqueue(
            add_department_then_fail,
            user=self.owner,
            title="Impor gagal",
            params={"acronym": "A", "reason": "Kolom hilang."},
        )
        self.done = enqueue(count_to, user=self.owner, title="Hitungan selesai", params={"to": 2})
        self.client.force_login(make_superuser())

    def test_the_failed_jobs_are_listed_with_their_reason(self):
        response = self.client.get(reverse("admin:coop_lib_job_changelist") + "?status__exact=failed")
        self.assertContains(response, "Impor gagal")
        self.assertContains(response, "Kolom hilang.")
        self.assertNotContains(response, "Hitungan selesai")

    def test_nobody_adds_or_changes_a_job_and_other_roles_do_not_see_them(self):
        self.assertEqual(self.client.get(reverse("admin:coop_lib_job_add")).status_code, 403)
        change = self.client.get(reverse("admin:coop_lib_job_change", args=[self.done.pk]))
        self.assertNotContains(change, 'name="title"')
        self.client.force_login(factories.make_user(role="Admin Kerja Sama"))
        self.assertEqual(self.client.get(reverse("admin:coop_lib_job_changelist")).status_code, 403)

    def test_a_job_deleted_by_hand_takes_its_file_along(self):
        self.assertEqual(files_of(self.done), ["hitungan.txt"])
        self.client.post(reverse("admin:coop_lib_job_delete", args=[self.done.pk]), {"post": "yes"})
        self.assertFalse(Job.objects.filter(pk=self.done.pk).exists())
        self.assertEqual(files_of(self.done), [])
