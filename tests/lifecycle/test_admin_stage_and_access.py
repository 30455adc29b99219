"""The admin's stage field follows the evidence rule, and the lifecycle pages
keep confidential minutes and unseen records away."""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from meetings.models import ParticipantRole
from partnerships.models import DocumentKind, Stage, StageChange
from tests import factories
from tests.access.fixtures import SECRET_MINUTES, WIB, AccessFixture
from tests.admin.helpers import empty_inlines, make_superuser


def cooperation_post_data(cooperation, **changes) -> dict:
    data = {
        "title": cooperation.title,
        "kind": cooperation.kind,
        "partners": [partner.pk for partner in cooperation.partners.all()],
        "lead_department": cooperation.lead_department_id,
        "stage": cooperation.stage,
        "started_on": "",
        "description": "",
        "override_reason": "",
        "opened_version": cooperation.version,
    }
    return data | empty_inlines("documents", "action_plan_items", "stage_changes") | changes


class AdminStageTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        self.cooperation = factories.make_cooperation(stage=Stage.EXPLORATION)
        self.url = reverse("admin:partnerships_cooperation_change", args=[self.cooperation.pk])

    def post(self, user, **changes):
        self.client.force_login(user)
        return self.client.post(self.url, cooperation_post_data(self.cooperation, **changes))

    def test_the_admin_refuses_a_stage_without_its_evidence_and_names_it(self):
        response = self.post(self.fixture.cooperation_admin, stage=Stage.LOI)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "surat pernyataan kehendak (LoI) yang telah ditandatangani")
        self.cooperation.refresh_from_db()
        self.assertEqual(self.cooperation.stage, Stage.EXPLORATION)

    def test_the_admin_moves_the_stage_with_evidence_and_records_who(self):
        factories.make_document(cooperation=self.cooperation, kind=DocumentKind.LOI)
        response = self.post(self.fixture.cooperation_admin, stage=Stage.LOI)
        self.assertEqual(response.status_code, 302)
        change = StageChange.objects.get(cooperation=self.cooperation)
        self.assertEqual((change.to_stage, change.changed_by), (Stage.LOI, self.fixture.cooperation_admin))

    def test_a_superuser_overrides_in_the_admin_with_a_recorded_reason(self):
        root = make_superuser()
        response = self.post(root, stage=Stage.SIGNED, override_reason="Arsip kertas di Setda")
        self.assertEqual(response.status_code, 302)
        change = StageChange.objects.get(cooperation=self.cooperation)
        self.assertEqual((change.to_stage, change.override_reason), (Stage.SIGNED, "Arsip kertas di Setda"))

    def test_only_superusers_see_the_override_reason_field(self):
        self.client.force_login(self.fixture.cooperation_admin)
        self.assertNotContains(self.client.get(self.url), 'name="override_reason"')
        self.client.force_login(make_superuser())
        self.assertContains(self.client.get(self.url), 'name="override_reason"')


class LifecyclePageAccessTests(TestCase):
    def setUp(self):
        self.fixture = AccessFixture()
        partner = factories.make_partner()
        self.cooperation = factories.make_cooperation(partners=[partner])
        self.fixture.confidential_meeting.partners.add(partner)
        self.planned = factories.make_meeting(
            partners=[partner], starts_at=datetime.datetime(2027, 2, 15, 10, tzinfo=WIB)
        )
        guest = factories.make_person(partner=partner)
        factories.make_participant(meeting=self.planned, person=guest, role=ParticipantRole.GUEST)
        factories.make_participant(meeting=self.fixture.confidential_meeting, person=guest)
        self.briefing = reverse("pages:briefing", args=[self.planned.pk])
        self.report = reverse("pages:implementation_report", args=[self.cooperation.pk, 2024])

    def test_confidential_minutes_stay_out_of_the_briefing_of_other_departments(self):
        self.client.force_login(self.fixture.staff)
        response = self.client.get(self.briefing)
        self.assertContains(response, "Rapat tertutup Dishub")
        self.assertNotContains(response, SECRET_MINUTES)

    def test_leadership_reads_the_confidential_minutes_in_the_briefing(self):
        self.client.force_login(self.fixture.leader)
        self.assertContains(self.client.get(self.briefing), SECRET_MINUTES)

    def test_a_user_without_a_role_gets_404_and_a_visitor_the_login_page(self):
        nobody = get_user_model().objects.create_user("tamu", password="pw-for-tests-1", is_staff=True)
        self.client.force_login(nobody)
        for url in (self.briefing, self.report):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(self.report).status_code, 302)

    def test_an_unknown_record_answers_404(self):
        self.client.force_login(self.fixture.leader)
        self.assertEqual(self.client.get(reverse("pages:briefing", args=[999999])).status_code, 404)
