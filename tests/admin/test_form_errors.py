"""Each rule of the data shows as a readable error on the admin form, on the
field it concerns, and nothing is saved."""

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from meetings.models import DONE_WITHOUT_DATE, END_BEFORE_START, FollowUp, Meeting, Participant, Visit
from partnerships.models import SINGLE_ORGANISATION, VALIDITY_ORDER, Department, Document, Person
from tests import factories
from tests.admin.helpers import empty_inlines, make_superuser

MEETING_INLINES = ("participants", "follow_ups", "attachments")


class AdminFormErrorTests(TestCase):
    def setUp(self):
        self.client.force_login(make_superuser())
        self.department = factories.make_department()

    def post_add(self, model, data: dict):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        return self.client.post(url, data)

    def assert_field_error(self, response, field: str, message) -> None:
        self.assertEqual(response.status_code, 200, "the form should be shown again, not saved")
        errors = response.context["adminform"].form.errors
        with translation.override("id"):
            self.assertEqual(errors.get(field), [str(message)])
        self.assertContains(response, "errornote")

    def test_it_shows_a_meeting_ending_before_its_start_as_an_error(self):
        data = {
            "title": "Rapat koordinasi",
            "starts_at_0": "03/02/2022",
            "starts_at_1": "10:00",
            "ends_at_0": "03/02/2022",
            "ends_at_1": "09:00",
            "place": "Balaikota Bandung",
            "kind": "audience",
            "mode": "in_person",
            "owner_department": self.department.pk,
        } | empty_inlines(*MEETING_INLINES)
        response = self.post_add(Meeting, data)
        self.assert_field_error(response, "ends_at", END_BEFORE_START)
        self.assertFalse(Meeting.objects.exists())

    def test_it_shows_a_visit_ending_before_its_start_as_an_error(self):
        partner = factories.make_partner()
        data = {
            "direction": "inbound",
            "partner": partner.pk,
            "member_count": "3",
            "starts_on": "10/03/2024",
            "ends_on": "09/03/2024",
            "purpose": "Studi banding",
            "host_department": self.department.pk,
            "funding_source": "apbd",
        } | empty_inlines("meetings")
        response = self.post_add(Visit, data)
        self.assert_field_error(response, "ends_on", END_BEFORE_START)
        self.assertFalse(Visit.objects.exists())

    def test_it_shows_a_document_valid_until_before_valid_from_as_an_error(self):
        cooperation = factories.make_cooperation()
        data = {
            "cooperation": cooperation.pk,
            "kind": "mou",
            "valid_from": "01/01/2025",
            "valid_until": "31/12/2024",
        }
        response = self.post_add(Document, data)
        self.assert_field_error(response, "valid_until", VALIDITY_ORDER)
        self.assertFalse(Document.objects.exists())

    def test_it_shows_a_done_follow_up_without_date_as_an_error(self):
        meeting = factories.make_meeting(owner_department=self.department)
        data = {
            "meeting": meeting.pk,
            "description": "Kirim data tenaga terampil",
            "owner_department": self.department.pk,
            "status": "done",
        }
        response = self.post_add(FollowUp, data)
        self.assert_field_error(response, "done_on", DONE_WITHOUT_DATE)
        self.assertFalse(FollowUp.objects.exists())

    def test_it_shows_a_second_participation_of_one_person_as_an_error(self):
        participant = factories.make_participant()
        data = {"meeting": participant.meeting.pk, "person": participant.person.pk, "role": "guest"}
        response = self.post_add(Participant, data)
        self.assertEqual(response.status_code, 200)
        with translation.override("id"):
            self.assertIn(
                "Orang ini sudah tercatat pada pertemuan ini.",
                response.context["adminform"].form.non_field_errors(),
            )
        self.assertEqual(Participant.objects.count(), 1)

    def test_it_shows_a_taken_acronym_as_an_error(self):
        factories.make_department(acronym="DLHK")
        data = {"name": "Dinas Lain", "acronym": "dlhk", "kind": "dinas", "is_active": "on"}
        response = self.post_add(Department, data)
        self.assertEqual(response.status_code, 200)
        with translation.override("id"):
            self.assertIn(
                "Singkatan ini sudah dipakai perangkat daerah lain.",
                response.context["adminform"].form.non_field_errors(),
            )
        self.assertEqual(Department.objects.filter(acronym__iexact="dlhk").count(), 1)

    def test_it_shows_a_person_of_two_organisations_as_an_error(self):
        partner = factories.make_partner()
        data = {"full_name": "Budi", "department": self.department.pk, "partner": partner.pk}
        response = self.post_add(Person, data)
        self.assert_field_error(response, "partner", SINGLE_ORGANISATION)
        self.assertFalse(Person.objects.exists())

    def test_it_refuses_to_delete_a_department_that_records_point_to(self):
        factories.make_meeting(owner_department=self.department)
        url = reverse("admin:partnerships_department_delete", args=[self.department.pk])
        response = self.client.post(url, {"post": "yes"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "objek terlindungi")
        self.assertTrue(Department.objects.filter(pk=self.department.pk).exists())

    def test_it_refuses_to_delete_a_partner_that_records_point_to(self):
        partner = factories.make_partner()
        factories.make_visit(partner=partner)
        url = reverse("admin:partnerships_partner_delete", args=[partner.pk])
        response = self.client.post(url, {"post": "yes"})
        self.assertContains(response, "objek terlindungi")
        self.assertTrue(type(partner).objects.filter(pk=partner.pk).exists())
