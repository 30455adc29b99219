"""A job given an upload (an import's file) reads it back in the worker;
running it again gives the new job its own copy."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from coop_lib.jobs import enqueue
from coop_lib.models import Job
from tests import factories
from tests.jobs.sample_jobs import copy_upload

CSV = b"judul;tanggal\nRapat;2024-05-01\n"


class UploadedInputTests(TestCase):
    def setUp(self):
        self.owner = factories.make_user(role="Admin Kerja Sama")
        self.client.force_login(self.owner)

    def test_the_job_reads_the_upload_and_offers_its_file(self):
        job = enqueue(
            copy_upload, user=self.owner, title="Salin", input_file=SimpleUploadedFile("rapat baru.csv", CSV)
        )
        self.assertEqual((job.status, job.result, job.done, job.total), ("done", {"bytes": len(CSV)}, 2, 2))
        self.assertEqual(job.input_file.name, f"{job.pk}/rapat_baru.csv")
        download = self.client.get(reverse("jobs:download", args=[job.pk]))
        self.assertEqual(b"".join(download.streaming_content), CSV)
        self.assertEqual(download["Content-Disposition"], 'attachment; filename="salinan.csv"')

    def test_running_it_again_copies_the_upload_for_the_new_job(self):
        job = enqueue(
            copy_upload, user=self.owner, title="Salin", input_file=SimpleUploadedFile("rapat.csv", CSV)
        )
        self.client.post(reverse("jobs:rerun", args=[job.pk]))
        again = Job.objects.exclude(pk=job.pk).get()
        self.assertEqual(again.status, "done", again.error)
        self.assertEqual(again.input_file.name, f"{again.pk}/rapat.csv")
        with again.input_file.open("rb") as copy:
            self.assertEqual(copy.read(), CSV)
