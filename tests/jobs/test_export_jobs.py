"""Exports longer than a request should stream run as jobs: the file the job
writes is byte for byte the download the request would have streamed, for
the same filters, search, date drill-down, separator and user."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse

from coop_lib.models import Job
from tests import factories
from tests.access.fixtures import SECRET_MINUTES, AccessFixture
from tests.factories import WIB
from tests.jobs.helpers import DATABASE_QUEUE, files_of, run_worker

# One row streams from the request; two or more are a job.
LIMIT = 1


@override_settings(EXPORT_IN_REQUEST_MAX_ROWS=LIMIT)
class ExportJobTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fixture = AccessFixture()
        cls.hamamatsu = factories.make_partner(name="Kota Hamamatsu (浜松市)")
        own, other = cls.fixture.own_department, cls.fixture.other_department
        for year, department, title in [
            (2023, own, "Rapat Hamamatsu 2023"),
            (2024, own, "=SUM(A1) rumus"),
            (2024, other, "Rapat Hamamatsu Dishub"),
            (2025, other, "Rapat lain"),
            (2025, own, "Rapat Hamamatsu 2025"),
        ]:
            factories.make_meeting(
                owner_department=department,
                title=title,
                starts_at=datetime.datetime(year, 3, 4, 9, tzinfo=WIB),
                partners=[cls.hamamatsu] if "Hamamatsu" in title else None,
                minutes=SECRET_MINUTES if department == other else "Notulen biasa",
                minutes_confidential=department == other,
            )

    def direct(self, user, url: str) -> bytes:
        self.client.force_login(user)
        with override_settings(EXPORT_IN_REQUEST_MAX_ROWS=1000):
            response = self.client.get(url)
        self.assertTrue(response.streaming, url)
        return b"".join(response.streaming_content)

    def via_job(self, user, url: str, **post) -> bytes:
        self.client.force_login(user)
        response = self.client.post(url, post) if post else self.client.get(url)
        job = Job.objects.get(pk=response.url.split("/")[-2])
        self.assertRedirects(response, job.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((job.status, job.user), ("done", user), job.error)
        download = self.client.get(reverse("jobs:download", args=[job.pk]))
        self.assertEqual(download["Content-Type"], "text/csv; charset=utf-8")
        self.assertRegex(download["Content-Disposition"], r'filename="pertemuan-\d{4}-\d{2}-\d{2}\.csv"')
        return b"".join(download.streaming_content)

    def test_the_admin_export_job_writes_the_direct_download_of_the_same_list(self):
        export = reverse("admin:meetings_meeting_export")
        queries = [
            "",
            f"?owner_department__id__exact={self.fixture.own_department.pk}",
            "?q=Hamamatsu",
            "?starts_at__year=2024",
            "?q=Rapat&starts_at__year=2025&sep=,",
        ]
        for user in (self.fixture.staff, self.fixture.leader):
            for query in queries:
                with self.subTest(user=user.username, query=query):
                    self.assertEqual(self.via_job(user, export + query), self.direct(user, export + query))

    def test_the_browsing_list_job_writes_the_direct_download_of_the_same_list(self):
        meetings = reverse("pages:meeting_list")
        queries = [
            "?format=csv",
            f"?format=csv&partner={self.hamamatsu.pk}",
            "?format=csv&year=2025",
            f"?format=csv&opd={self.fixture.other_department.pk}&sep=,",
        ]
        for user in (self.fixture.staff, self.fixture.leader):
            for query in queries:
                with self.subTest(user=user.username, query=query):
                    self.assertEqual(
                        self.via_job(user, meetings + query), self.direct(user, meetings + query)
                    )

    def test_confidential_minutes_stay_out_of_another_departments_job_file(self):
        export = reverse("admin:meetings_meeting_export")
        self.assertNotIn(SECRET_MINUTES.encode(), self.via_job(self.fixture.staff, export))
        self.assertIn(SECRET_MINUTES.encode(), self.via_job(self.fixture.leader, export))

    def test_every_row_of_the_list_chosen_with_the_action_runs_as_a_job(self):
        changelist = reverse("admin:meetings_meeting_changelist")
        query = "?q=Rapat"
        action = {
            "action": "export_selected_as_csv",
            "select_across": "1",
            "index": "0",
            "_selected_action": [self.fixture.own_meeting.pk],
        }
        written = self.via_job(self.fixture.leader, changelist + query, **action)
        self.assertEqual(
            written, self.direct(self.fixture.leader, reverse("admin:meetings_meeting_export") + query)
        )
        self.assertEqual(written.decode("utf-8-sig").count("\n"), 1 + 7)  # the header, 7 meetings "Rapat…"

    def test_a_short_list_still_streams_from_the_request(self):
        self.client.force_login(self.fixture.leader)
        response = self.client.get(reverse("admin:meetings_meeting_export") + "?starts_at__year=2023")
        self.assertTrue(response.streaming)
        self.assertFalse(Job.objects.exists())

    def test_the_job_page_counts_the_rows_and_offers_the_file_to_its_owner_only(self):
        self.client.force_login(self.fixture.leader)
        response = self.client.get(reverse("pages:meeting_list") + "?format=csv&year=2025")
        job = Job.objects.get()
        self.assertEqual(job.title, "Ekspor CSV: Pertemuan")
        self.assertEqual(job.return_url, reverse("pages:meeting_list") + "?year=2025")
        page = self.client.get(response.url)
        self.assertContains(page, "2 baris ditulis.")
        self.assertContains(page, f'href="{reverse("jobs:download", args=[job.pk])}"')
        self.assertContains(page, 'href="/pertemuan/?year=2025"')
        self.client.force_login(self.fixture.cooperation_admin)
        self.assertEqual(self.client.get(reverse("jobs:download", args=[job.pk])).status_code, 404)

    def test_an_export_in_english_is_written_in_english(self):
        user = factories.make_user(role="Pimpinan", language="en")
        written = self.via_job(user, reverse("admin:meetings_meeting_export"))
        self.assertTrue(written.decode("utf-8-sig").startswith("ID;title;date"))


@override_settings(EXPORT_IN_REQUEST_MAX_ROWS=LIMIT, TASKS=DATABASE_QUEUE)
class RightsLostBeforeTheWorkerTests(TestCase):
    """The worker checks the user's rights again when it runs the job."""

    def setUp(self):
        self.fixture = AccessFixture()
        self.client.force_login(self.fixture.leader)

    def run_after_losing_the_role(self, url: str) -> Job:
        self.client.get(url)
        self.fixture.leader.groups.clear()
        run_worker()
        return Job.objects.get()

    def test_an_admin_export_of_someone_who_lost_the_right_fails_and_writes_no_file(self):
        job = self.run_after_losing_the_role(reverse("admin:meetings_meeting_export"))
        self.assertEqual(job.status, "failed")
        self.assertEqual(
            job.error, "Anda tidak lagi berhak membaca daftar ini, jadi daftar ini tidak diekspor."
        )
        self.assertEqual(files_of(job), [])

    def test_a_list_export_of_someone_who_lost_their_role_fails(self):
        job = self.run_after_losing_the_role(reverse("pages:meeting_list") + "?format=csv")
        self.assertEqual(job.status, "failed")
        self.assertEqual(
            job.error, "Anda tidak lagi berhak membaca daftar ini, jadi daftar ini tidak diekspor."
        )
