"""Many records through the write door at once (an import): the same rules
as one at a time, each record in the audit trail with its partners, all or
nothing, and as many queries for forty records as for ten."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from accounts.role_groups import ensure_role_groups
from accounts.roles import Role
from coop_lib.history import history_of, related_ids_at
from coop_lib.writes import NotPermitted, StaleVersion, create_records, update_records
from meetings.models import Meeting
from tests import factories

WIB = datetime.timezone(datetime.timedelta(hours=7))


def new_meetings(count: int, department, **fields) -> list[Meeting]:
    return [
        Meeting(
            title=f"Rapat impor {number}",
            starts_at=datetime.datetime(2025, 3, 1 + number % 28, 9, tzinfo=WIB),
            owner_department=department,
            **fields,
        )
        for number in range(count)
    ]


class BatchCreateTests(TestCase):
    def setUp(self):
        ensure_role_groups()
        self.dlhk = factories.make_department(acronym="DLHK")
        self.dishub = factories.make_department(acronym="Dishub")
        self.staff = factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.dlhk)
        self.leader = factories.make_user(role=Role.LEADERSHIP)
        self.kawasaki = factories.make_partner(name="Kota Kawasaki")
        self.toyota = factories.make_partner(name="Kota Toyota")

    def test_the_records_are_written_with_their_partners_and_one_history_entry_each(self):
        meetings = new_meetings(3, self.dlhk)
        related = [{"partners": [self.kawasaki, self.toyota]}, {"partners": [self.toyota]}, {}]
        create_records(instances=meetings, user=self.staff, related=related)
        stored = {meeting.title: meeting for meeting in Meeting.objects.prefetch_related("partners")}
        self.assertEqual(len(stored), 3)
        self.assertEqual(
            sorted(partner.name for partner in stored["Rapat impor 0"].partners.all()),
            ["Kota Kawasaki", "Kota Toyota"],
        )
        self.assertEqual(stored["Rapat impor 2"].version, 1)
        entries = history_of(Meeting).filter(id=stored["Rapat impor 0"].pk)
        self.assertEqual(entries.count(), 1)
        entry = entries.get()
        self.assertEqual(entry.history_type, "+")
        self.assertEqual(entry.history_user, self.staff)
        partners_field = Meeting._meta.get_field("partners")
        self.assertEqual(
            sorted(related_ids_at(entry, partners_field)), sorted([self.kawasaki.pk, self.toyota.pk])
        )

    def test_a_record_of_another_department_refuses_the_whole_batch(self):
        meetings = new_meetings(2, self.dlhk) + new_meetings(1, self.dishub)
        with self.assertRaises(NotPermitted):
            create_records(instances=meetings, user=self.staff)
        self.assertFalse(Meeting.objects.exists())

    def test_a_role_that_adds_nothing_writes_nothing(self):
        with self.assertRaises(NotPermitted):
            create_records(instances=new_meetings(2, self.dlhk), user=self.leader)
        self.assertFalse(Meeting.objects.exists())

    def test_a_record_the_rules_refuse_refuses_the_whole_batch(self):
        meetings = new_meetings(2, self.dlhk)
        meetings[1].ends_at = meetings[1].starts_at - datetime.timedelta(hours=1)
        with self.assertRaises(ValidationError):
            create_records(instances=meetings, user=self.staff)
        self.assertFalse(Meeting.objects.exists())

    def test_forty_records_cost_the_queries_of_ten(self):
        # Forty rows fit one INSERT on SQLite too (999 parameters a statement);
        # beyond that the queries grow with the statements, not the rows.
        def queries(count: int) -> int:
            meetings = new_meetings(count, self.dlhk)
            with CaptureQueriesContext(connection) as captured:
                create_records(
                    instances=meetings,
                    user=self.staff,
                    related=[{"partners": [self.kawasaki], "attending_departments": [self.dishub]}] * count,
                )
            return len(captured)

        queries(1)  # the user's permissions, read once
        self.assertEqual(queries(10), queries(40))


class BatchUpdateTests(TestCase):
    def setUp(self):
        ensure_role_groups()
        self.dlhk = factories.make_department(acronym="DLHK")
        self.dishub = factories.make_department(acronym="Dishub")
        self.staff = factories.make_user(role=Role.DEPARTMENT_STAFF, department=self.dlhk)
        self.kawasaki = factories.make_partner(name="Kota Kawasaki")
        self.own = [factories.make_meeting(owner_department=self.dlhk) for _ in range(3)]

    def test_each_record_changes_and_its_audit_trail_says_by_whom(self):
        for meeting in self.own:
            meeting.summary = "Diperbarui lewat impor"
        update_records(
            instances=self.own,
            user=self.staff,
            expected_versions=[1, 1, 1],
            related=[{"partners": [self.kawasaki]}] * 3,
        )
        for meeting in Meeting.objects.prefetch_related("partners"):
            self.assertEqual(meeting.summary, "Diperbarui lewat impor")
            self.assertEqual(meeting.version, 2)
            self.assertEqual([partner.name for partner in meeting.partners.all()], ["Kota Kawasaki"])
            latest = history_of(Meeting).filter(id=meeting.pk).latest("history_date")
            self.assertEqual((latest.history_type, latest.history_user, latest.version), ("~", self.staff, 2))

    def test_a_record_saved_by_someone_else_since_refuses_the_batch(self):
        Meeting.objects.filter(pk=self.own[1].pk).update(version=2)
        for meeting in self.own:
            meeting.summary = "Ditimpa?"
        with self.assertRaises(StaleVersion):
            update_records(instances=self.own, user=self.staff, expected_versions=[1, 1, 1])
        self.assertFalse(Meeting.objects.filter(summary="Ditimpa?").exists())

    def test_a_record_of_another_department_refuses_the_batch(self):
        foreign = factories.make_meeting(owner_department=self.dishub)
        foreign.summary = "Diubah orang lain"
        with self.assertRaises(NotPermitted):
            update_records(instances=[*self.own, foreign], user=self.staff, expected_versions=[1, 1, 1, 1])
        self.assertFalse(Meeting.objects.filter(summary="Diubah orang lain").exists())
