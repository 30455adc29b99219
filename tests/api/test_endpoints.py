"""Each list and record of the API with its fields, read through the same
row rules as the pages: another department's confidential minutes never
reach OPD staff; nothing but GET, HEAD and OPTIONS is answered."""

import datetime

from accounts.roles import Role
from meetings.models import Meeting
from partnerships.models import Department
from tests import factories
from tests.api.helpers import ApiTestCase
from tests.factories import WIB


class EndpointTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rows = factories.make_linked_rows()
        cls.dlhk = factories.make_department(name="Dinas Lingkungan Hidup", acronym="DLHK")
        cls.secret_meeting = factories.make_meeting(
            title="Rapat tertutup DLHK",
            owner_department=cls.dlhk,
            minutes="Rahasia DLHK",
            minutes_confidential=True,
            partners=[cls.rows.partner],
            starts_at=datetime.datetime(2024, 8, 1, 10, tzinfo=WIB),
        )
        cls.attachment = factories.make_attachment(meeting=cls.secret_meeting, title="Notulen tertutup")

    def setUp(self):
        super().setUp()
        self.staff = self.token_for(role=Role.DEPARTMENT_STAFF, department=self.rows.department)
        self.division = self.token_for(role=Role.COOPERATION_ADMIN)

    def test_the_meeting_list_has_its_fields(self):
        response = self.api("/api/v1/meetings/", self.division)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(set(body), {"next", "previous", "results"})
        self.assertEqual(
            [row["title"] for row in body["results"]], ["Rapat tertutup DLHK", self.rows.meeting.title]
        )
        meeting = body["results"][1]
        self.assertEqual(meeting["id"], self.rows.meeting.pk)
        self.assertEqual(meeting["starts_at"], "2024-05-14T09:00:00+07:00")
        self.assertEqual(meeting["owner_department"]["acronym"], self.rows.department.acronym)
        self.assertEqual(
            meeting["partners"],
            [{"id": self.rows.partner.pk, "name": self.rows.partner.name, "country": "JP"}],
        )
        self.assertEqual(
            meeting["cooperations"], [{"id": self.rows.cooperation.pk, "title": self.rows.cooperation.title}]
        )
        self.assertEqual(meeting["visit"], self.rows.visit.pk)
        self.assertEqual(meeting["minutes"], "Notulen")
        self.assertEqual(len(meeting["participants"]), 2)
        self.assertEqual({p["role"] for p in meeting["participants"]}, {"guest", "host"})
        self.assertEqual(len(meeting["follow_ups"]), len(self.rows.follow_ups))
        self.assertEqual(meeting["url"], f"http://testserver/pertemuan/{self.rows.meeting.pk}/")

    def test_opd_staff_do_not_get_another_departments_confidential_minutes(self):
        for path in ("/api/v1/meetings/", f"/api/v1/meetings/{self.secret_meeting.pk}/"):
            with self.subTest(path=path):
                response = self.api(path, self.staff)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Rahasia DLHK", response.content.decode())
                self.assertNotIn("Notulen tertutup", response.content.decode())
        meeting = self.api(f"/api/v1/meetings/{self.secret_meeting.pk}/", self.staff).json()
        self.assertIsNone(meeting["minutes"])
        self.assertFalse(meeting["minutes_readable"])
        self.assertTrue(meeting["minutes_confidential"])
        self.assertEqual(meeting["attachments"], [])

    def test_the_owner_department_and_the_cooperation_division_read_them(self):
        dlhk_staff = self.token_for(role=Role.DEPARTMENT_STAFF, department=self.dlhk)
        leadership = self.token_for(role=Role.LEADERSHIP)
        for secret in (self.division, dlhk_staff, leadership):
            meeting = self.api(f"/api/v1/meetings/{self.secret_meeting.pk}/", secret).json()
            self.assertEqual(meeting["minutes"], "Rahasia DLHK")
            self.assertTrue(meeting["minutes_readable"])
            self.assertEqual(
                meeting["attachments"],
                [
                    {
                        "id": self.attachment.pk,
                        "title": "Notulen tertutup",
                        "file": "http://testserver/media/meetings/2024/lampiran.pdf",
                    }
                ],
            )

    def test_the_cooperation_list_has_documents_and_stages(self):
        body = self.api("/api/v1/cooperations/", self.staff).json()
        (cooperation,) = body["results"]
        self.assertEqual(cooperation["id"], self.rows.cooperation.pk)
        self.assertEqual(cooperation["stage"], "exploration")
        self.assertEqual(cooperation["stage_label"], "Penjajakan")
        self.assertEqual(cooperation["lead_department"]["id"], self.rows.department.pk)
        self.assertEqual(len(cooperation["supporting_departments"]), 1)
        self.assertEqual(len(cooperation["sectors"]), 1)
        self.assertEqual(len(cooperation["focus_areas"]), 1)
        documents = {document["kind"]: document for document in cooperation["documents"]}
        self.assertEqual(set(documents), {"loi", "mou"})
        self.assertEqual(documents["mou"]["previous"], documents["loi"]["id"])
        self.assertEqual(documents["mou"]["relation"], "implements")
        self.assertEqual(documents["mou"]["valid_until"], "2029-05-14")
        self.assertIsNone(documents["mou"]["file"])
        self.assertEqual(
            cooperation["stage_changes"],
            [
                {
                    "from_stage": "initiative",
                    "to_stage": "exploration",
                    "changed_at": cooperation["stage_changes"][0]["changed_at"],
                    "override_reason": "",
                }
            ],
        )

    def test_the_visit_list_has_its_fields(self):
        (visit,) = self.api("/api/v1/visits/", self.staff).json()["results"]
        self.assertEqual(visit["id"], self.rows.visit.pk)
        self.assertEqual(visit["direction"], "inbound")
        self.assertEqual(visit["partner"]["id"], self.rows.partner.pk)
        self.assertEqual(visit["leader"]["full_name"], self.rows.visit.leader.full_name)
        self.assertEqual(visit["host_department"]["id"], self.rows.department.pk)
        self.assertEqual((visit["starts_on"], visit["ends_on"]), ("2024-05-14", "2024-05-16"))
        self.assertEqual(visit["places"], "Balai Kota Bandung")

    def test_the_follow_up_list_has_its_fields(self):
        rows = self.api("/api/v1/follow-ups/", self.staff).json()["results"]
        self.assertEqual({row["id"] for row in rows}, {follow_up.pk for follow_up in self.rows.follow_ups})
        row = next(row for row in rows if row["id"] == self.rows.follow_ups[0].pk)
        self.assertEqual(row["meeting"]["id"], self.rows.meeting.pk)
        self.assertEqual(row["due_on"], "2024-06-13")
        self.assertEqual(row["status"], "open")
        self.assertTrue(row["overdue"])

    def test_departments_and_partners(self):
        departments = self.api("/api/v1/departments/", self.staff).json()["results"]
        self.assertEqual(
            [row["acronym"] for row in departments],
            list(Department.objects.order_by("acronym").values_list("acronym", flat=True)),
        )
        dlhk = next(row for row in departments if row["acronym"] == "DLHK")
        self.assertEqual(
            dlhk,
            {
                "id": self.dlhk.pk,
                "name": "Dinas Lingkungan Hidup",
                "acronym": "DLHK",
                "kind": "dinas",
                "kind_label": "Dinas",
                "is_active": True,
                "email": "",
                "aliases": [],
            },
        )
        partner = self.api(f"/api/v1/partners/{self.rows.partner.pk}/", self.staff).json()
        self.assertEqual(partner["name"], self.rows.partner.name)
        self.assertEqual(partner["country"], "JP")
        self.assertEqual(partner["country_name"], "Jepang")
        self.assertEqual(partner["url"], f"http://testserver/mitra/{self.rows.partner.pk}/")

    def test_every_record_reads_by_id(self):
        records = {
            "departments": self.dlhk.pk,
            "partners": self.rows.partner.pk,
            "cooperations": self.rows.cooperation.pk,
            "meetings": self.rows.meeting.pk,
            "visits": self.rows.visit.pk,
            "follow-ups": self.rows.follow_ups[0].pk,
        }
        for kind, pk in records.items():
            with self.subTest(kind=kind):
                response = self.api(f"/api/v1/{kind}/{pk}/", self.staff)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["id"], pk)

    def test_an_id_no_record_has_answers_a_json_404(self):
        for kind in ("departments", "partners", "cooperations", "meetings", "visits", "follow-ups"):
            for pk in ("999999", "abc", "-1", "99999999999999999999", "1' OR '1'='1"):
                with self.subTest(kind=kind, pk=pk):
                    response = self.api(f"/api/v1/{kind}/{pk}/", self.staff)
                    self.assertEqual(response.status_code, 404)
                    self.assertEqual(response["Content-Type"], "application/json")

    def test_the_dashboard_figures(self):
        figures = self.api("/api/v1/dashboard/", self.staff).json()
        self.assertEqual(figures["meetings"], 2)
        self.assertEqual(figures["visits"], 1)
        self.assertEqual(figures["cooperations"], 1)
        self.assertEqual(figures["meetings_per_year"], [{"year": 2024, "count": 2}])
        self.assertEqual(
            figures["meetings_per_partner"][0],
            {"id": self.rows.partner.pk, "name": self.rows.partner.name, "count": 2},
        )
        self.assertEqual(
            figures["meetings_per_country"], [{"country": "JP", "country_name": "Jepang", "count": 2}]
        )
        # An MoU in force since 2024, an LoI expired, and nothing done in the last twelve months.
        self.assertEqual(figures["agreements"], {"active": 1, "expiring": 0, "expired": 1, "dormant": 1})
        self.assertEqual(figures["visits_per_year"], [{"year": 2024, "count": 1}])
        self.assertEqual(
            {row["name"] for row in figures["meetings_per_department"]},
            {self.rows.department.acronym, "DLHK"},
        )


class ReadOnlyTests(ApiTestCase):
    def test_writes_answer_405_and_change_nothing(self):
        meeting = factories.make_meeting(title="Tetap")
        secret = self.token_for(role=Role.COOPERATION_ADMIN)
        paths = ["/api/v1/meetings/", f"/api/v1/meetings/{meeting.pk}/", "/api/v1/dashboard/"]
        for path in paths:
            for method in ("post", "put", "patch", "delete"):
                with self.subTest(path=path, method=method):
                    response = self.api(path, secret, method=method)
                    self.assertEqual(response.status_code, 405)
        self.assertEqual(list(Meeting.objects.values_list("title", flat=True)), ["Tetap"])

    def test_head_and_options_answer(self):
        secret = self.token_for()
        self.assertEqual(self.api("/api/v1/meetings/", secret, method="head").status_code, 200)
        self.assertEqual(self.api("/api/v1/meetings/", secret, method="options").status_code, 200)


class AddressTests(ApiTestCase):
    def test_the_root_lists_the_addresses(self):
        body = self.api("/api/v1/", self.token_for()).json()
        self.assertEqual(body["meetings"], "http://testserver/api/v1/meetings/")
        self.assertEqual(body["open-data"], "http://testserver/api/v1/open-data/")
        self.assertEqual(len(body), 10)

    def test_an_unknown_address_answers_a_json_404(self):
        secret = self.token_for()
        for path in ("/api/v1/rapat/", "/api/v1/meetings/1/notulen/", "/api/v1/../"):
            with self.subTest(path=path):
                response = self.api(path, secret)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(
                    response.json(), {"detail": "API tidak memiliki alamat ini; daftarnya ada di /api/v1/."}
                )

    def test_an_address_without_its_slash_is_sent_to_it(self):
        response = self.api("/api/v1/meetings", self.token_for())
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/api/v1/meetings/")
