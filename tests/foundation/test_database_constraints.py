"""Every rule the data obeys is refused by the database itself, so a script,
an import or a future view cannot store what the admin form would refuse."""

import datetime

from django.db import IntegrityError, transaction
from django.test import TestCase

from meetings.models import FollowUp, FollowUpStatus, Meeting, Visit
from partnerships.models import Department, Document, FocusArea, Partner, Person
from tests import factories


class DatabaseConstraintTests(TestCase):
    def assert_refused(self, constraint_name: str, action, sqlite_unique_columns: str = "") -> None:
        with self.assertRaises(IntegrityError) as raised, transaction.atomic():
            action()
        message = str(raised.exception)
        # SQLite names the columns of a plain unique constraint, not the constraint.
        if sqlite_unique_columns and sqlite_unique_columns in message:
            return
        self.assertIn(constraint_name, message)

    def test_it_refuses_a_meeting_that_ends_before_it_starts(self):
        meeting = factories.make_meeting()
        self.assert_refused(
            "meeting_ends_after_start",
            lambda: Meeting.objects.filter(pk=meeting.pk).update(
                ends_at=meeting.starts_at - datetime.timedelta(hours=1)
            ),
        )

    def test_it_refuses_a_visit_that_ends_before_it_starts(self):
        visit = factories.make_visit()
        self.assert_refused(
            "visit_ends_after_start",
            lambda: Visit.objects.filter(pk=visit.pk).update(ends_on=datetime.date(2024, 5, 1)),
        )

    def test_it_refuses_a_visit_without_members(self):
        visit = factories.make_visit()
        self.assert_refused(
            "visit_has_members", lambda: Visit.objects.filter(pk=visit.pk).update(member_count=0)
        )

    def test_it_refuses_a_document_valid_until_before_valid_from(self):
        document = factories.make_document()
        self.assert_refused(
            "document_valid_until_after_valid_from",
            lambda: Document.objects.filter(pk=document.pk).update(valid_until=datetime.date(2023, 1, 1)),
        )

    def test_it_refuses_a_done_follow_up_without_a_done_date(self):
        follow_up = factories.make_follow_up()
        self.assert_refused(
            "follow_up_done_has_date",
            lambda: FollowUp.objects.filter(pk=follow_up.pk).update(status=FollowUpStatus.DONE),
        )

    def test_it_refuses_the_same_person_twice_in_one_meeting(self):
        participant = factories.make_participant()
        self.assert_refused(
            "participant_once_per_meeting",
            lambda: factories.make_participant(meeting=participant.meeting, person=participant.person),
            sqlite_unique_columns="meetings_participant.meeting_id, meetings_participant.person_id",
        )

    def test_it_refuses_an_acronym_already_used_in_other_letter_case(self):
        factories.make_department(acronym="DLHK")
        self.assert_refused("department_acronym_unique", lambda: factories.make_department(acronym="dlhk"))

    def test_it_refuses_two_focus_areas_of_one_name_in_a_sector(self):
        area = factories.make_focus_area()
        self.assert_refused(
            "focus_area_unique_per_sector",
            lambda: FocusArea.objects.create(sector=area.sector, name=area.name),
            sqlite_unique_columns="partnerships_focusarea.sector_id, partnerships_focusarea.name",
        )

    def test_it_refuses_a_person_of_both_a_department_and_a_partner(self):
        person = factories.make_person()
        department, partner = factories.make_department(), factories.make_partner()
        self.assert_refused(
            "person_single_organisation",
            lambda: Person.objects.filter(pk=person.pk).update(department=department, partner=partner),
        )

    def test_it_refuses_values_outside_the_choices(self):
        department = factories.make_department()
        partner = factories.make_partner()
        meeting = factories.make_meeting()
        follow_up = factories.make_follow_up()
        for queryset, field in [
            (Department.objects.filter(pk=department.pk), "kind"),
            (Partner.objects.filter(pk=partner.pk), "kind"),
            (Meeting.objects.filter(pk=meeting.pk), "kind"),
            (Meeting.objects.filter(pk=meeting.pk), "mode"),
            (FollowUp.objects.filter(pk=follow_up.pk), "status"),
        ]:
            with self.subTest(model=queryset.model.__name__, field=field):
                self.assert_refused(f"{field}_valid", lambda q=queryset, f=field: q.update(**{f: "bogus"}))
