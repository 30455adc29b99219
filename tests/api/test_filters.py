"""The API filters as the browsing lists do, with the same FilterSets, and
answers a wrong filter value with 400 and the field's error."""

import datetime

from django.test import Client

from accounts.roles import Role
from meetings.models import FollowUpStatus, MeetingKind, VisitDirection
from partnerships.models import Stage
from tests import factories
from tests.api.helpers import ApiTestCase
from tests.api.test_schema_and_docs import ENDPOINTS
from tests.factories import WIB
from tests.security.test_hostile_input import HOSTILE


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


class FilterTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.kawasaki = factories.make_partner(name="Kota Kawasaki", country="JP")
        cls.seoul = factories.make_partner(name="Seoul", country="KR", kind="embassy")
        cls.dlhk = factories.make_department(acronym="DLHK")
        cls.disnaker = factories.make_department(acronym="DISNAKER", kind="badan")
        cls.environment = factories.make_sector(name="Lingkungan")
        cls.signing = factories.make_meeting(
            partners=[cls.kawasaki],
            owner_department=cls.dlhk,
            kind=MeetingKind.SIGNING,
            starts_at=datetime.datetime(2023, 3, 1, 9, tzinfo=WIB),
        )
        cls.audience = factories.make_meeting(
            partners=[cls.seoul],
            owner_department=cls.disnaker,
            title="Audiensi tenaga kerja",
            starts_at=datetime.datetime(2024, 3, 1, 9, tzinfo=WIB),
        )
        cls.cooperation = factories.make_cooperation(
            partners=[cls.kawasaki], lead_department=cls.dlhk, stage=Stage.LOI
        )
        cls.cooperation.sectors.add(cls.environment)
        cls.other_cooperation = factories.make_cooperation(partners=[cls.seoul], lead_department=cls.disnaker)
        cls.inbound = factories.make_visit(partner=cls.kawasaki, host_department=cls.dlhk)
        cls.outbound = factories.make_visit(
            partner=cls.seoul, host_department=cls.disnaker, direction=VisitDirection.OUTBOUND
        )
        cls.done = factories.make_follow_up(
            meeting=cls.signing, status=FollowUpStatus.DONE, done_on=datetime.date(2024, 6, 1)
        )
        cls.open = factories.make_follow_up(meeting=cls.audience)

    def setUp(self):
        super().setUp()
        self.secret = self.token_for(role=Role.LEADERSHIP)

    def get(self, path, **params):
        return self.api(path, self.secret, **params)

    def test_meetings_by_partner_country_year_department_kind_and_text(self):
        path = "/api/v1/meetings/"
        self.assertEqual(ids(self.get(path, partner=self.kawasaki.pk)), {self.signing.pk})
        self.assertEqual(ids(self.get(path, country="KR")), {self.audience.pk})
        self.assertEqual(ids(self.get(path, year=2023)), {self.signing.pk})
        self.assertEqual(ids(self.get(path, opd=self.disnaker.pk)), {self.audience.pk})
        self.assertEqual(ids(self.get(path, kind="signing")), {self.signing.pk})
        self.assertEqual(ids(self.get(path, q="tenaga kerja")), {self.audience.pk})
        self.assertEqual(
            ids(self.get(path, date_from="2024-01-01", date_until="2024-12-31")), {self.audience.pk}
        )

    def test_cooperations_by_partner_sector_and_stage(self):
        path = "/api/v1/cooperations/"
        self.assertEqual(ids(self.get(path, partner=self.kawasaki.pk)), {self.cooperation.pk})
        self.assertEqual(ids(self.get(path, sector=self.environment.pk)), {self.cooperation.pk})
        self.assertEqual(ids(self.get(path, stage="initiative")), {self.other_cooperation.pk})
        self.assertEqual(ids(self.get(path, country="JP")), {self.cooperation.pk})

    def test_visits_by_direction_and_department(self):
        path = "/api/v1/visits/"
        self.assertEqual(ids(self.get(path, direction="outbound")), {self.outbound.pk})
        self.assertEqual(ids(self.get(path, opd=self.dlhk.pk)), {self.inbound.pk})

    def test_follow_ups_by_status_partner_and_overdue(self):
        path = "/api/v1/follow-ups/"
        self.assertEqual(ids(self.get(path, status="done")), {self.done.pk})
        self.assertEqual(ids(self.get(path, partner=self.seoul.pk)), {self.open.pk})
        self.assertEqual(ids(self.get(path, overdue="true")), {self.open.pk})

    def test_departments_and_partners_by_kind_and_text(self):
        self.assertEqual(ids(self.get("/api/v1/departments/", kind="badan")), {self.disnaker.pk})
        self.assertEqual(ids(self.get("/api/v1/departments/", q="dlhk")), {self.dlhk.pk})
        self.assertEqual(ids(self.get("/api/v1/partners/", country="KR")), {self.seoul.pk})
        self.assertEqual(ids(self.get("/api/v1/partners/", kind="embassy")), {self.seoul.pk})

    def test_a_wrong_value_answers_400_with_the_fields_error(self):
        wrong = {
            "/api/v1/meetings/": {
                "year": "abc",
                "partner": "999999",
                "date_from": "2024-13-01",
                "kind": "pesta",
            },
            "/api/v1/cooperations/": {"stage": "selesai", "agreement": "x", "sector": "abc"},
            "/api/v1/visits/": {"year": "99999999999999999999", "direction": "ke-bulan"},
            "/api/v1/follow-ups/": {"status": "x", "due_from": "kemarin", "opd": "-1"},
            "/api/v1/departments/": {"kind": "x"},
            "/api/v1/partners/": {"country": "XX"},
        }
        for path, values in wrong.items():
            for name, value in values.items():
                with self.subTest(path=path, name=name):
                    response = self.get(path, **{name: value})
                    self.assertEqual(response.status_code, 400)
                    self.assertEqual(list(response.json()), [name])
        response = self.get("/api/v1/meetings/", year="1800")
        self.assertEqual(response.json(), {"year": ["Tahun harus antara 1900 dan 2100."]})


class HostileParameterTests(ApiTestCase):
    def test_no_value_in_any_parameter_answers_a_server_error(self):
        factories.make_linked_rows()
        secret = self.token_for(role=Role.DEPARTMENT_STAFF, department=factories.make_department())
        client = Client(raise_request_exception=False)
        parameters = [
            *("q", "date_from", "date_until", "year", "partner", "country", "sector", "opd", "kind"),
            *("stage", "agreement", "direction", "status", "overdue", "due_from", "due_until", "active"),
            *("cursor", "page_size", "format"),
        ]
        for path in ENDPOINTS:
            for value in HOSTILE:
                with self.subTest(path=path, value=value[:20]):
                    response = client.get(
                        path, dict.fromkeys(parameters, value), headers={"Authorization": f"Bearer {secret}"}
                    )
                    self.assertIn(response.status_code, (200, 400, 404))
                    # The cursor and the page size on their own, after the filters.
                    for name in ("cursor", "page_size"):
                        response = client.get(
                            path, {name: value}, headers={"Authorization": f"Bearer {secret}"}
                        )
                        self.assertIn(response.status_code, (200, 404))
